"""The plain-text reader: every fixture scrape against its hand-labelled table, each layout rule
as a row (scrape → expected entries), and the invariants odd text must keep."""

from __future__ import annotations

import re
import time
import tomllib
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credits.errors import RegistryError
from credits.models import Article, Entry
from credits.readers import read_article
from credits.readers.text import build_layout, layout, read_text
from tests.conftest import FIXTURES

ARTICLES = FIXTURES / "articles"
EXPECTED = sorted((ARTICLES / "expected").glob("*.toml"))
SEED = ARTICLES / "000_e85999b2e4e1f203.txt"


def scrape_for(expected: Path) -> Path:
    """The scrape a table describes: same name, ``.txt`` or ``.txt.gz``."""
    (found,) = [p for p in ARTICLES.iterdir() if p.name.split(".")[0] == expected.stem]
    return found


def fields(entry: Entry) -> dict[str, Any]:
    """An entry as the tables write it: credit as printed, None where nothing is."""
    return {
        "line": entry.line,
        "kind": entry.kind,
        "gallery": entry.gallery,
        "title": entry.title,
        "caption": entry.caption,
        "credit": entry.credit.raw if entry.credit else None,
    }


def labelled(entry: dict[str, Any]) -> dict[str, Any]:
    keys = ("line", "kind", "gallery", "title", "caption", "credit")
    return {key: entry.get(key) for key in keys}


# --- the fixture scrapes ----------------------------------------------------------------------


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.stem)
def test_fixture_entries(expected: Path) -> None:
    table = tomllib.loads(expected.read_text(encoding="utf-8"))
    article = read_article(scrape_for(expected))
    assert [fields(e) for e in article.entries] == [labelled(e) for e in table["entries"]]
    assert [e.position for e in article.entries] == list(range(1, len(article.entries) + 1))


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.stem)
def test_fixture_metadata(expected: Path) -> None:
    table = tomllib.loads(expected.read_text(encoding="utf-8"))
    source = scrape_for(expected)
    article = read_article(source)
    got = (article.title, article.url, article.published, article.publisher)
    assert got == (table["title"], table.get("url"), table.get("published"), table.get("publisher"))
    assert article.id == (table.get("url") or article.source)
    assert article.source.endswith(source.name)


def test_there_are_enough_fixture_scrapes() -> None:
    assert len(EXPECTED) >= 7
    assert any(scrape_for(p).suffix == ".gz" for p in EXPECTED)


def test_seed_agency_totals() -> None:
    """The seed as the agency report counts it (design.md): dpa 12, AFP 11, Imago 3, one
    credit without agency, one entry without credit."""
    article = read_article(SEED)
    totals = Counter(
        "(missing)" if e.credit is None else (e.credit.agency or "(none)") for e in article.entries
    )
    assert totals == {"dpa": 12, "AFP": 11, "Imago": 3, "(none)": 1, "(missing)": 1}
    assert Counter(e.kind for e in article.entries) == {"gallery": 26, "figure": 1, "teaser": 1}
    teaser = article.entries[-1]
    assert teaser.credit is not None and "montage" in teaser.credit.flags


# --- layout rules, one row each ------------------------------------------------------------------

HEAD = "Großbrand in Lagerhalle: Feuerwehr kämpft die ganze Nacht gegen die Flammen"
BODY = (
    "Hannover (dpa) - Bei einem Großbrand in einer Lagerhalle ist ein Schaden in Millionenhöhe "
    "entstanden. Verletzt wurde nach Angaben der Feuerwehr niemand, wie die dpa berichtete."
)
MORE = (
    "Die Polizei hat die Ermittlungen aufgenommen. Ein Brandsachverständiger soll die Halle in "
    "den kommenden Tagen untersuchen, sagte eine Sprecherin am Freitag."
)
EN_HEAD = "Storm Boris: thousands evacuated as floods sweep across central Europe"
EN_BODY = (
    "WARSAW (AP) — Tens of thousands of people have been evacuated from their homes as Storm "
    "Boris brought torrential rain to the region, officials said on Monday."
)

# (id, lines of the scrape, expected entries as (line, kind, caption, credit as printed))
LAYOUTS: list[tuple[str, list[str], list[tuple[int, str, str, str | None]]]] = [
    (
        "credit on its own line under the caption",
        [HEAD, "", BODY, "", "Rauch steigt über der Halle auf.", "Foto: Julian Stratenschulte/dpa",
         "", MORE],
        [(5, "figure", "Rauch steigt über der Halle auf.", "Foto: Julian Stratenschulte/dpa")],
    ),
    (
        "credit a blank line below the caption",
        [HEAD, "", BODY, "", "Bahnchefin Evelyn Palla bei einer Pressekonferenz in Berlin", "",
         "Foto: Florian Gaertner / photothek.de / IMAGO", "", MORE],
        [(5, "figure", "Bahnchefin Evelyn Palla bei einer Pressekonferenz in Berlin",
          "Foto: Florian Gaertner / photothek.de / IMAGO")],
    ),
    (
        "credit broken over lines",
        [EN_HEAD, "", EN_BODY, "", "Activists gather in Plymouth tonight (", "Image:",
         "Anadolu via Getty Images)", "", EN_BODY],
        [(5, "figure", "Activists gather in Plymouth tonight",
          "( Image: Anadolu via Getty Images)")],
    ),
    (
        "a label with the names on the next line",
        [HEAD, "", BODY, "", "Olaf Scholz bei seiner Rede im Bundestag.", "Foto:",
         "Kay Nietfeld/dpa", "", MORE],
        [(5, "figure", "Olaf Scholz bei seiner Rede im Bundestag.", "Foto: Kay Nietfeld/dpa")],
    ),
    (
        "credit line before the caption",
        [EN_HEAD, "", EN_BODY, "", "Image source, Getty Images",
         "Image caption, People cool off in the fountains at Granary Square", "", EN_BODY],
        [(5, "figure", "People cool off in the fountains at Granary Square",
          "Image source, Getty Images")],
    ),
    (
        "caption between headline and first paragraph is the teaser",
        [HEAD, "", "Rauch steigt über dem Gewerbegebiet auf. Foto: Julian Stratenschulte/dpa", "",
         BODY, "", MORE],
        [(3, "teaser", "Rauch steigt über dem Gewerbegebiet auf.",
          "Foto: Julian Stratenschulte/dpa")],
    ),
    (
        "labelled teaser lines",
        [HEAD, "", BODY, "", "Titelbild: Die Halle am Morgen. Foto: Julian Stratenschulte/dpa",
         "", "Aufmacherbild: © Imago (Montage)", "", MORE],
        [(5, "teaser", "Die Halle am Morgen.", "Foto: Julian Stratenschulte/dpa"),
         (7, "teaser", "", "© Imago (Montage)")],
    ),
    (
        "uncredited German captions give themselves away",
        [HEAD, "", BODY, "", "Olaf Scholz (l.) und Robert Habeck im Bundestag.", "", MORE, "",
         "Bärbel Bas, Lars Klingbeil und Matthias Miersch (v.l.n.r.) bei der Fraktionssitzung.",
         "", MORE, "", "Das Kanzleramt in Berlin (Archivbild).", "", MORE],
        [(5, "figure", "Olaf Scholz (l.) und Robert Habeck im Bundestag.", None),
         (9, "figure",
          "Bärbel Bas, Lars Klingbeil und Matthias Miersch (v.l.n.r.) bei der Fraktionssitzung.",
          None),
         (13, "figure", "Das Kanzleramt in Berlin (Archivbild).", None)],
    ),
    (
        "uncredited English captions give themselves away",
        [EN_HEAD, "", EN_BODY, "", "Donald Tusk (left) visits a crisis centre in Klodzko.", "",
         EN_BODY, "", "Emergency services pictured clearing debris in Klosterneuburg.", "",
         EN_BODY, "", "Volunteers fill sandbags in Wroclaw on Tuesday.", "", EN_BODY],
        [(5, "figure", "Donald Tusk (left) visits a crisis centre in Klodzko.", None),
         (9, "figure", "Emergency services pictured clearing debris in Klosterneuburg.", None),
         (13, "figure", "Volunteers fill sandbags in Wroclaw on Tuesday.", None)],
    ),
    (
        "an English caption of what a picture shows, next to a past-tense paragraph",
        [EN_HEAD, "", EN_BODY, "", "Smoke rises over the river bank in Nysa.", "",
         "Residents described scenes of chaos as they fled.", "", EN_BODY],
        [(5, "figure", "Smoke rises over the river bank in Nysa.", None)],
    ),
    (
        "the last numbered slide keeps its credit line, whatever follows the gap",
        [HEAD, "", BODY, "", "Bild 1 von 2", "Überflutete Straße in St. Pölten",
         "FOTO: APA/GEORG HOCHMUTH", "Bild 2 von 2", "Helfer füllen Sandsäcke",
         "FOTO: BUNDESHEER/DANIEL TRIPPOLT", "", "Karl Nehammer (M.) beim Lokalaugenschein.",
         "", MORE],
        [(5, "gallery", "Überflutete Straße in St. Pölten", "FOTO: APA/GEORG HOCHMUTH"),
         (8, "gallery", "Helfer füllen Sandsäcke", "FOTO: BUNDESHEER/DANIEL TRIPPOLT"),
         (12, "figure", "Karl Nehammer (M.) beim Lokalaugenschein.", None)],
    ),
    (
        "a reporting paragraph between two credited figures is no uncredited slide",
        [EN_HEAD, "", EN_BODY, "",
         "Kamala Harris speaks during a rally in Philadelphia. (AP Photo/Matt Rourke)", "",
         "Harris told supporters she was ready to lead. Trump repeated his claims.", "",
         "Donald Trump arrives at a rally in Reading. (AP Photo/Alex Brandon)", "",
         "1 of 2 | Supporters cheer in Pittsburgh. (AP Photo/Gene J. Puskar)",
         "2 of 2 | A voter fills out a ballot in Atlanta. (AP Photo/Mike Stewart)", "", EN_BODY],
        [(5, "figure", "Kamala Harris speaks during a rally in Philadelphia.",
          "(AP Photo/Matt Rourke)"),
         (9, "figure", "Donald Trump arrives at a rally in Reading.", "(AP Photo/Alex Brandon)"),
         (11, "gallery", "Supporters cheer in Pittsburgh.", "(AP Photo/Gene J. Puskar)"),
         (12, "gallery", "A voter fills out a ballot in Atlanta.", "(AP Photo/Mike Stewart)")],
    ),
    (
        "teaser cards of other articles under a related heading, then the article goes on",
        [HEAD, "", BODY, "", "Das könnte Sie auch interessieren", "",
         "Sturm über München: Oktoberfest unterbrochen", "© Sven Hoppe/dpa", "",
         "Hitzewelle: So schützen Sie sich", "Foto: Peter Kneffel/dpa", "",
         "Die Halle am Morgen danach. Foto: Julian Stratenschulte/dpa", "", MORE],
        [(13, "figure", "Die Halle am Morgen danach.", "Foto: Julian Stratenschulte/dpa")],
    ),
    (
        "a labelled caption with its credit line below it",
        [HEAD, "", BODY, "", "Bildunterschrift: Einkaufswagen in einem Supermarkt.",
         "Bildquelle: picture alliance/dpa | Frank Rumpenhorst", "", MORE],
        [(5, "figure", "Einkaufswagen in einem Supermarkt.",
          "Bildquelle: picture alliance/dpa | Frank Rumpenhorst")],
    ),
    (
        "a credit line opening a block belongs to the caption below, not the paragraph above",
        [HEAD, "", BODY, "", MORE, "", "Foto: Marijan Murat/dpa",
         "Ein Kunde bezahlt an einer Kasse in Stuttgart.", "", MORE],
        [(7, "figure", "Ein Kunde bezahlt an einer Kasse in Stuttgart.",
          "Foto: Marijan Murat/dpa")],
    ),
    (
        "a report's sources in brackets under the text are no picture credit",
        [HEAD, "", BODY, "", "Ökonomen rechnen mit einem Anstieg im Herbst.", "",
         "(Quelle: dpa, Reuters)"],
        [],
    ),
    (
        "a picture's source in brackets names its maker with a separator",
        [HEAD, "", BODY, "", "Olaf Scholz am Rednerpult im Bundestag.",
         "(Quelle: IMAGO/Political-Moments)", "", MORE],
        [(5, "figure", "Olaf Scholz am Rednerpult im Bundestag.",
          "(Quelle: IMAGO/Political-Moments)")],
    ),
    (
        "a labelled teaser is the only teaser: the first figure after it is a figure",
        [EN_HEAD, "", "Main image: Volunteers fill sandbags. Photograph: Kacper Pempel/Reuters",
         "", "Sat 21 Sep 2024 06.00 BST", "", "A resident watches the river rise in Nysa. "
         "Photograph: Sergei Gapon/AFP/Getty Images", "", EN_BODY],
        [(3, "teaser", "Volunteers fill sandbags.", "Photograph: Kacper Pempel/Reuters"),
         (7, "figure", "A resident watches the river rise in Nysa.",
          "Photograph: Sergei Gapon/AFP/Getty Images")],
    ),
    (
        "a figure after a dated dateline paragraph is no teaser",
        [EN_HEAD, "", "WARSAW, Sept 16 (Reuters) - Thousands were evacuated on Monday.", "",
         "Volunteers fill sandbags in Nysa. REUTERS/Kacper Pempel", "", EN_BODY],
        [(5, "figure", "Volunteers fill sandbags in Nysa.", "REUTERS/Kacper Pempel")],
    ),
    (
        "an uncredited caption glued to a bullet list",
        [HEAD, "", BODY, "", "Das fordert die Feuerwehr:", "", "  • mehr Personal",
         "  • neue Fahrzeuge", "Einsatzleiter Thomas Brandt (r.) mit Helfern.", "",
         "Zwischenüberschrift", "", MORE],
        [(9, "figure", "Einsatzleiter Thomas Brandt (r.) mit Helfern.", None)],
    ),
    (
        "a gallery: heading, titles, captions ending in a credit",
        [HEAD, "", BODY, "", "Der Brand in Bildern", "", "Die Halle",
         "Die Halle steht in Flammen. © Julian Stratenschulte/dpa", "Der Morgen danach",
         "Nur Trümmer sind geblieben. © Moritz Frankenberg/dpa", "", MORE],
        [(7, "gallery", "Die Halle steht in Flammen.", "© Julian Stratenschulte/dpa"),
         (9, "gallery", "Nur Trümmer sind geblieben.", "© Moritz Frankenberg/dpa")],
    ),
    (
        "numbered slides with a trailing bar, one without credit",
        [EN_HEAD, "", EN_BODY, "", "1 of 3 |", "",
         "A man wades through floodwater in Jesenik. (AP Photo/Petr David Josek)", "",
         "2 of 3 |", "", "Firefighters rest in the shade on Friday.", "", "3 of 3 |", "",
         "A woman carries a child in Nysa. (AP Photo/Czarek Sokolowski)", "", EN_BODY],
        [(5, "gallery", "A man wades through floodwater in Jesenik.",
          "(AP Photo/Petr David Josek)"),
         (9, "gallery", "Firefighters rest in the shade on Friday.", None),
         (13, "gallery", "A woman carries a child in Nysa.", "(AP Photo/Czarek Sokolowski)")],
    ),
    (
        "three captions in a row without titles are a gallery",
        [EN_HEAD, "", EN_BODY, "", "In pictures: the floods", "",
         "Water fills the streets of Nysa. Photograph: Sergei Gapon/AFP", "",
         "A dancer poses on Ladbroke Grove. REUTERS/Hannah McKay", "",
         "Crowds fill the streets. Photograph: Kirsty Wigglesworth/AP", "", EN_BODY],
        [(7, "gallery", "Water fills the streets of Nysa.", "Photograph: Sergei Gapon/AFP"),
         (9, "gallery", "A dancer poses on Ladbroke Grove.", "REUTERS/Hannah McKay"),
         (11, "gallery", "Crowds fill the streets.", "Photograph: Kirsty Wigglesworth/AP")],
    ),
    (
        "noise: banners, agency mentions, datelines, tags, source lines, footers, links",
        ["Bitte deaktivieren Sie Ihren Ad-Blocker", "",
         "Für die Finanzierung unseres journalistischen Angebots sind wir auf die Anzeigen "
         "unserer Werbepartner angewiesen.", "", HEAD, "", "15.08.2025, 10:34 Uhr", "Quelle: dpa",
         "Von Anna Schmidt, dpa", "", BODY, "", MORE + " (dpa)", "", "  • Jederzeit kündbar",
         "  • Foto: dpa", "", "Mehr zum Thema", "", "Feuer in Wohnhaus: Zwei Verletzte",
         "Waldbrandgefahr steigt", "", "© dpa-infocom, dpa:250815-930-912345/2", "",
         "© 2025 Madsack Mediengruppe. Alle Rechte vorbehalten.", "", "Kommentare", "",
         "Merz (l.) sollte liefern. Foto: ein Trauerspiel."],
        [],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("lines", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in LAYOUTS]
)
def test_layout(lines: list[str], expected: list[tuple[int, str, str, str | None]]) -> None:
    article = read_text("\n".join(lines) + "\n", source="case.txt")
    got = [(e.line, e.kind, e.caption, e.credit.raw if e.credit else None) for e in article.entries]
    assert got == expected


def test_gallery_names_and_titles() -> None:
    """The gallery row above, with its heading and slide titles."""
    (_, lines, _) = next(c for c in LAYOUTS if c[0].startswith("a gallery"))
    article = read_text("\n".join(lines), source="case.txt")
    assert [(e.gallery, e.title) for e in article.entries] == [
        ("Der Brand in Bildern", "Die Halle"),
        ("Der Brand in Bildern", "Der Morgen danach"),
    ]


def test_the_same_slide_in_three_layouts_gives_the_same_credit() -> None:
    caption = "Die Altstadt steht unter Wasser."
    layouts = [
        [HEAD, "", BODY, "", "Bild 1 von 2", caption + " Foto: Armin Weigel/dpa", "",
         "Bild 2 von 2", "Ein Boot. Foto: Tobias Hase/dpa", "", MORE],
        [HEAD, "", BODY, "", "Hochwasser in Bildern", "", caption, "Foto: Armin Weigel/dpa",
         "", "Ein Boot.", "Foto: Tobias Hase/dpa", "", "Ein Steg.", "Foto: Tobias Hase/dpa",
         "", MORE],
        [HEAD, "", BODY, "", "Hochwasser in Bildern", "", "Die Altstadt",
         caption + " © Armin Weigel/dpa", "Das Boot", "Ein Boot. © Tobias Hase/dpa", "", MORE],
    ]  # fmt: skip
    firsts = [read_text("\n".join(lines), source="case.txt").entries[0] for lines in layouts]
    assert {(e.kind, e.caption, e.credit) for e in firsts} == {
        ("gallery", caption, firsts[0].credit)
    }
    assert firsts[0].credit is not None
    assert firsts[0].credit.photographers == ("Armin Weigel",)


def test_a_canonical_url_line_becomes_the_id() -> None:
    text = f"URL: https://example.org/artikel-123.html\n\n{HEAD}\n\n{BODY}\n"
    article = read_text(text, source="x.txt")
    assert (article.id, article.url) == ("https://example.org/artikel-123.html",) * 2


# --- odd text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "\n\n\n", "\ufeff", "©", "Foto:", "1 / 2", "Rubriklistenbild:", "(" * 500, "\r\r\r",
     "\x00\x01\x02 binary \x7f", "Kommentare\n" * 50, "Bild 1 von 3\n" * 300,
     "Caption.\nFoto: dpa\n" * 2000],
    ids=lambda text: repr(text[:30]),
)  # fmt: skip
def test_odd_text_is_a_result(text: str) -> None:
    article = read_text(text, source="odd.txt")
    assert isinstance(article, Article)
    assert article.id == "odd.txt"


def test_a_very_long_line_costs_one_pass() -> None:
    """Work per line is bounded: a 5 MB line holding credit markers reads in well under 2 s."""
    line = ("Foto: Kay Nietfeld/dpa (l.) © " * 180_000)[:5_000_000]
    started = time.perf_counter()
    article = read_text(line + "\n" + line, source="long.txt")
    assert time.perf_counter() - started < 2.0
    assert article.entries == ()


@given(st.lists(st.sampled_from(SEED.read_text(encoding="utf-8").split("\n")), max_size=60))
def test_shuffled_seed_lines_keep_the_invariants(lines: list[str]) -> None:
    """Any arrangement of scrape lines: entries in line order, lines in range, captions and
    credits taken from the text."""
    text = "\n".join(lines)
    article = read_text(text, source="shuffled.txt")
    flat = " ".join(text.split())
    starts = [e.line for e in article.entries]
    assert starts == sorted(starts)
    assert all(1 <= line <= len(lines) for line in starts)
    for entry in article.entries:
        assert " ".join(entry.caption.split()) in flat
        assert entry.credit is None or " ".join(entry.credit.raw.split()) in flat


@given(st.text(max_size=300))
def test_any_text_is_read(text: str) -> None:
    assert isinstance(read_text(text, source="any.txt"), Article)


# --- the vocabulary file ----------------------------------------------------------------------


def test_the_shipped_vocabulary_loads() -> None:
    words = layout()
    assert words.counter.match("Bild 3 von 12", "bild") is not None
    assert words.whole_lines["mehr zum thema"] == "related"
    assert words.whole_lines["kommentare"] == "end"


def _vocabulary() -> dict[str, Any]:
    path = Path(__file__).resolve().parents[1] / "credits" / "data" / "text_layout.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(extra={"x": ["y"]}), "unknown section [extra]"),
        (lambda d: d["noise"].update(colour=["red"]), "unknown key 'colour' in [noise]"),
        (lambda d: d["noise"].pop("banners"), "missing [noise] banners"),
        (lambda d: d["captions"].update(cues="(l.)"), "[captions] cues must list non-empty"),
        (lambda d: d["teaser"].update(labels=["Titelbild", ""]), "[teaser] labels must list"),
    ],
)
def test_a_bad_vocabulary_names_the_key(change: Any, message: str) -> None:
    data = _vocabulary()
    change(data)
    with pytest.raises(RegistryError, match=re.escape(message)):
        build_layout(data, "text_layout.toml")


def test_a_byline_may_carry_the_date() -> None:
    article = read_text(
        "\n".join([HEAD, "", "Von Anna Beispiel | 02.07.2024, 07:45 Uhr", "", BODY]) + "\n",
        source="case.txt",
    )
    assert article.published == datetime(2024, 7, 2, 7, 45)


def test_an_author_line_of_one_long_capital_run_reads_at_once() -> None:
    """atheris found it: "By JANIE HAR and OLGA R. ZZZ…" split the run into words in every way."""
    started = time.perf_counter()
    read_text(f"Titel\n\nBy JANIE HAR and OLGA R. {'Z' * 140}\n", source="case.txt")
    assert time.perf_counter() - started < 1.0
