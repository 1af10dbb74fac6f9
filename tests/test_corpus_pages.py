"""The HTML reader on the 60 real article pages of ../shared/corpus/fundus (skipped when the
corpus is absent): every page reads, and a hand-checked sample gives the credits it prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from credits import Article, Credit, parse_credit, read_credit
from credits.readers import read_article
from credits.readers.source import load_document
from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "fundus"
PAGES = sorted(CORPUS.glob("*.html.gz")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not PAGES, reason="the shared page corpus is not here")

# Page → (entries with a credit, entries in all, credits the page prints that must be among
# them). Checked by hand against the pages; credits are compared as parse_credit splits them.
SAMPLE: dict[str, tuple[int, int, list[str]]] = {
    "APNews_2024_09_03": (11, 11, ["(AP Photo/Charles Rex Arbogast)", "(AP Photo/Morry Gash)"]),
    "CBCNews_2024_08_08": (5, 5, ["(Adel Hana/Associated Press)", "(Mohamed El Saife/CBC)"]),
    "DiePresse_2025_06_05": (1, 1, ["Getty Images/Juanmonino"]),
    "DieZeit_2023_04_28": (1, 1, ["© Alba Pacheco/Agencia LOF/dpa"]),
    "Kicker_2024_04_26": (1, 1, ["IMAGO/Nico Herbertz"]),
    "Metro_2024_07_17": (13, 13, ["(Picture: Reuters)", "(Picture: PA)", "(Picture: AP)"]),
    "NZZ_2024_07_18": (3, 3, ["AP", "Ohad Zwigenberg / Pool via Reuters", "Ammar Awad / Reuters"]),
    "NationalPost_2025_05_08": (
        15,
        15,
        ["Photo by GHULAM RASOOL /AFP via Getty Images", "Photo by Kevin S. Vineys /AP"],
    ),
    "ORF_2024_11_22": (2, 2, ["APA/AFP/Mandel Ngan", "IMAGO/ZUMA Press"]),
    "RestOfWorld_2025_10_21": (10, 12, ["Tara Atkinson for Rest of World"]),
    "SRF_2024_04_15": (1, 1, ["Keystone/The White House via AP/Adam Schultz"]),
    "SpiegelOnline_2023_04_28": (1, 1, ["Andrew Harnik / AP"]),
    "SportSchau_2024_04_25": (3, 3, ["AFP/Paul Ellis", "AP/Dave Thompson"]),
    "Tagesschau_2023_04_28": (1, 1, ["AP"]),
    "TheGuardian_2024_02_24": (1, 2, ["Photograph: Eva Manez/Reuters"]),
    "TheTelegraph_2024_09_17": (
        4,
        4,
        ["Stefan Rousseau/via Reuters", "Neil Mockford/GC Images", "Jon Super/AP"],
    ),
    "Wired_2024_04_28": (14, 14, ["Photograph: Scott Gilbertson; Getty Images"]),
}


def read(name: str) -> Article:
    return read_article(CORPUS / f"{name}.html.gz")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: Path(p).name.removesuffix(".html.gz"))
def test_every_page_reads(path: Path) -> None:
    article = read_article(path)
    assert article.url and article.id == article.url
    assert article.title
    assert article.entries  # every page of the corpus credits at least one picture
    assert [e.position for e in article.entries] == list(range(1, len(article.entries) + 1))
    assert all(e.line >= 1 and e.kind in ("gallery", "figure", "teaser") for e in article.entries)
    assert all(e.image and e.image.startswith(("https://", "http://")) for e in article.entries)
    assert len({e.image for e in article.entries}) == len(article.entries)  # one per picture


def expected(printed: str) -> Credit:
    return parse_credit(printed) or read_credit(printed)


@pytest.mark.parametrize(("name", "counts"), SAMPLE.items())
def test_sample_page(name: str, counts: tuple[int, int, list[str]]) -> None:
    credited, total, printed = counts
    article = read(name)
    found = [e.credit for e in article.entries if e.credit is not None]
    assert (len(found), len(article.entries)) == (credited, total)
    for text in printed:
        assert expected(text) in found, text


def test_lines_point_at_the_pictures() -> None:
    """The line of an entry holds its <figure> or its picture's URL."""
    for name in ("NationalPost_2025_05_08", "ORF_2024_11_22", "TheTelegraph_2024_09_17"):
        article = read(name)
        lines = read_text_lines(CORPUS / f"{name}.html.gz")
        for entry in article.entries:
            assert entry.image is not None
            line = lines[entry.line - 1]
            assert "<figure" in line or entry.image.rsplit("/", 1)[-1][:20] in line, entry


def read_text_lines(path: Path) -> list[str]:
    return load_document(path).text.split("\n")
