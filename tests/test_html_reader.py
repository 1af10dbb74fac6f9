"""The HTML reader on small pages of our own: every source of entries, what it skips, article
metadata, messy and hostile markup, and its vocabulary file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credits import Article, Credit, Entry, RegistryError, parse_credit, read_credit
from credits.readers import read_article
from credits.readers.html import hints, parse_hints, picture_key, read_html
from tests.conftest import FIXTURES

ARTICLES = FIXTURES / "articles"
HINTS_FILE = Path(__file__).resolve().parents[1] / "credits" / "data" / "html_hints.toml"
MUSTER = "https://www.musterzeitung.example"
MUSTER_IMG = "https://img.musterzeitung.example/2024/05"
NEWS_IMG = "https://cdn.example.com/photos"
KOELN_IMG = "https://bilder.stadtanzeiger.example"

# Every entry each fixture page must give, in order:
# (kind, gallery, image, caption, credit as printed or None, line).
ENTRIES: dict[str, list[tuple[str, str | None, str, str, str | None, int]]] = {
    # <figure> + <figcaption> + credit <span>; <picture> sources and a <noscript> copy of the
    # lead (og:image) picture; an uncredited figure; a <small> credit; a credit element before
    # the caption. Skipped: logo, navigation, author box, zoom icon, related card, ad, footer.
    "html_figures.html": [
        (
            "teaser",
            None,
            f"{MUSTER_IMG}/elbe-pegel-1600x900.webp",
            "Die Pegelmessstelle an der Augustusbrücke in Dresden.",
            "Foto: picture alliance/dpa | Robert Michael",
            23,
        ),
        (
            "figure",
            None,
            f"{MUSTER}/bilder/2024/05/sandsaecke.jpg",
            "Helfer füllen Sandsäcke am Terrassenufer.",
            None,
            37,
        ),
        (
            "figure",
            None,
            f"{MUSTER}/bilder/2024/05/faehre.jpg",
            "Die Fähre in Pillnitz bleibt vorerst außer Betrieb.",
            "(Foto: Sebastian Kahnert/dpa)",
            42,
        ),
        (
            "figure",
            None,
            f"{MUSTER}/bilder/2024/05/radweg.jpg",
            "Der Elberadweg ist zwischen Pirna und Dresden gesperrt.",
            "IMAGO/Sven Simon",
            43,
        ),
    ],
    # Captions ending in a credit; credit only in img@title ("caption | credit") or img@alt;
    # a JSON-LD ImageObject (in @graph) for the markup's lead picture: one entry, its credit
    # and caption from JSON-LD.
    "html_captions.html": [
        (
            "teaser",
            None,
            f"{NEWS_IMG}/fire-line-hero.jpg?w=800",
            "Firefighters hold a line near Redding, California.",
            "Noah Berger/AP",
            28,
        ),
        (
            "figure",
            None,
            f"{NEWS_IMG}/evacuees.jpg",
            "Evacuees rest at a shelter in Shasta Lake.",
            "(AP Photo/Ethan Swope)",
            32,
        ),
        (
            "figure",
            None,
            f"{NEWS_IMG}/smoke.jpg",
            "Smoke fills the valley on Sunday.",
            "Photograph: Josh Edelson/AFP via Getty Images",
            37,
        ),
        (
            "figure",
            None,
            f"{NEWS_IMG}/map.png",
            "The evacuation zones on Monday",
            "Reuters",
            42,
        ),
        (
            "figure",
            None,
            f"{NEWS_IMG}/aircraft.jpg",
            "A tanker drops retardant over the ridge",
            "(Photo by Justin Sullivan/Getty Images)",
            46,
        ),
    ],
    # A gallery (slides with caption and credit elements, one uncredited); the lead picture
    # exists only in og:image and JSON-LD (with caption and copyrightHolder).
    "html_gallery.html": [
        (
            "teaser",
            None,
            f"{KOELN_IMG}/rosenmontag-aufmacher-1200.jpg",
            "Der Zug zieht über die Severinstraße.",
            "Imago/Future Image",
            7,
        ),
        (
            "gallery",
            "Rosenmontag in Köln",
            f"{KOELN_IMG}/galerie/rm-01.jpg",
            "Die Wagen der Traditionskorps am Chlodwigplatz.",
            "Foto: Oliver Berg/dpa",
            24,
        ),
        (
            "gallery",
            "Rosenmontag in Köln",
            f"{KOELN_IMG}/galerie/rm-02.jpg",
            "Kamelle für die Kinder am Straßenrand.",
            "Foto: Rolf Vennenbernd/dpa",
            29,
        ),
        (
            "gallery",
            "Rosenmontag in Köln",
            f"{KOELN_IMG}/galerie/rm-03.jpg",
            "Das Dreigestirn grüßt vom Festwagen.",
            None,
            34,
        ),
    ],
    # No <figure>: caption and credit paragraphs beside the picture wrapper, a data-credit
    # attribute, a copyright line after the block; no base URL, so URLs stay as written.
    # Skipped: a picture in running text, a social embed, a tracking pixel.
    "html_blocks.html": [
        (
            "figure",
            None,
            "/img/bruecke-eroeffnung.jpg",
            "Oberbürgermeisterin und Bauleiter durchschneiden das Band.",
            "Thomas Frey/dpa",
            15,
        ),
        ("figure", None, "/img/bruecke-luftbild.jpg", "", "Foto: Stadt Frankfurt", 21),
        ("figure", None, "/img/bruecke-nacht.jpg", "", "© Boris Roessler/dpa", 25),
    ],
}

ENTRY_ROWS = [
    pytest.param(page, index, expected, id=f"{page}-{index + 1}")
    for page, rows in ENTRIES.items()
    for index, expected in enumerate(rows)
]

# Article fields per page: (id, url, title, publisher, published).
ARTICLES_EXPECTED = {
    "html_figures.html": (
        f"{MUSTER}/region/hochwasser-elbe-123.html",
        f"{MUSTER}/region/hochwasser-elbe-123.html",
        "Hochwasser an der Elbe: Pegel steigt weiter",
        "Musterzeitung",
        datetime(2024, 5, 3, 8, 15, tzinfo=timezone(timedelta(hours=2))),
    ),
    "html_captions.html": (
        "https://news.example.com/world/wildfire-forces-thousands-to-flee",
        "https://news.example.com/world/wildfire-forces-thousands-to-flee",
        "Wildfire forces thousands to flee",
        "Example Daily",  # JSON-LD publisher, an @id reference inside @graph
        datetime(2024, 8, 5, 14, 30, tzinfo=UTC),
    ),
    "html_gallery.html": (
        "https://www.stadtanzeiger.example/koeln/rosenmontag-bilder",
        "https://www.stadtanzeiger.example/koeln/rosenmontag-bilder",
        "Karneval in Köln: Die schönsten Bilder vom Rosenmontagszug",
        "Stadt-Anzeiger",
        datetime(2024, 2, 12, 16, 0, tzinfo=timezone(timedelta(hours=1))),
    ),
    "html_blocks.html": (
        None,  # no canonical URL: the id is the source path
        None,
        "Neue Brücke über den Main eröffnet",
        "Wochenblatt",
        datetime(2023, 4, 28),
    ),
}


def read_fixture(name: str) -> Article:
    return read_article(ARTICLES / name)


def expected_credit(printed: str) -> Credit:
    """What the judges expect: the printed credit split as parse_credit splits it."""
    return parse_credit(printed) or read_credit(printed)


@pytest.mark.parametrize("page", ENTRIES)
def test_each_page_gives_exactly_its_entries(page: str) -> None:
    article = read_fixture(page)
    assert [e.position for e in article.entries] == list(range(1, len(ENTRIES[page]) + 1))
    assert [e.image for e in article.entries] == [row[2] for row in ENTRIES[page]]


@pytest.mark.parametrize(("page", "index", "expected"), ENTRY_ROWS)
def test_entry(page: str, index: int, expected: tuple) -> None:
    kind, gallery, image, caption, printed, line = expected
    entry = read_fixture(page).entries[index]
    assert (entry.kind, entry.gallery, entry.image, entry.caption, entry.line) == (
        kind,
        gallery,
        image,
        caption,
        line,
    )
    if printed is None:
        assert entry.credit is None
        assert entry.flags == {"missing"}
    else:
        assert entry.credit is not None
        assert entry.credit.raw == printed
        assert entry.credit == expected_credit(printed)


@pytest.mark.parametrize(("page", "expected"), ARTICLES_EXPECTED.items())
def test_article_fields(page: str, expected: tuple) -> None:
    article = read_fixture(page)
    canonical, url, title, publisher, published = expected
    assert article.id == (canonical or article.source)
    assert article.source.endswith(page)
    assert (article.url, article.title, article.publisher, article.published) == (
        url,
        title,
        publisher,
        published,
    )


def test_credit_fields_of_a_credit_element() -> None:
    """The fields themselves, not only their agreement with parse_credit."""
    credit = read_fixture("html_figures.html").entries[0].credit
    assert credit is not None
    assert (credit.photographers, credit.agencies, credit.distributor) == (
        ("Robert Michael",),
        ("dpa",),
        "picture alliance",
    )


# --- markup variants, each a page of a few lines -----------------------------------------------


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><h1>Title</h1>{body}</body></html>"


def only_entry(html: str) -> Entry:
    entries = read_html(html, source="page.html").entries
    assert len(entries) == 1, entries
    return entries[0]


# (markup, image, caption, credit as printed)
VARIANTS = [
    pytest.param(
        '<figure><img src="https://x.example/a.jpg"><figcaption>Ein Kran. Foto: Jan Woitas/dpa'
        "</figcaption></figure>",
        "https://x.example/a.jpg",
        "Ein Kran.",
        "Foto: Jan Woitas/dpa",
        id="caption-ends-in-credit",
    ),
    pytest.param(
        '<figure><img src="https://x.example/a.jpg"><figcaption><span>Ein Kran.</span>'
        "<span>IMAGO/Steinach</span></figcaption></figure>",
        "https://x.example/a.jpg",
        "Ein Kran.",
        "IMAGO/Steinach",
        id="unlabelled-credit-in-its-own-span",
    ),
    pytest.param(
        '<figure><img src="https://x.example/a.jpg"><figcaption><span class="text">A crane.'
        '</span><span class="credit">Photo by Jane Doe</span> /<span class="distributor">'
        "AFP via Getty Images</span></figcaption></figure>",
        "https://x.example/a.jpg",
        "A crane.",
        "Photo by Jane Doe / AFP via Getty Images",
        id="credit-and-distributor-elements-joined",
    ),
    pytest.param(
        '<figure class="amp"><amp-img src="https://x.example/a.jpg" width="800" height="600">'
        '</amp-img></figure><figcaption><span class="caption">A crane.</span>'
        '<span class="credit"> (<span class="label">Image:</span>PA)</span></figcaption>',
        "https://x.example/a.jpg",
        "A crane.",
        "(Image: PA)",  # the edges of a non-inline element separate words
        id="amp-figure-with-caption-beside-it",
    ),
    pytest.param(
        '<div class="pic"><img srcset="https://x.example/a.jpg?crop=1,2 400w, '
        'https://x.example/b.jpg?crop=3,4 1200w"></div>'
        '<p class="pic-caption">Ein Kran. <strong>Foto: dpa</strong></p>',
        "https://x.example/b.jpg?crop=3,4",
        "Ein Kran.",
        "Foto: dpa",
        id="largest-srcset-candidate-with-commas",
    ),
    pytest.param(
        '<figure><storefront-image src="https://x.example/a.jpg"></storefront-image>'
        '<figcaption>Ein Kran.</figcaption></figure><div class="image-copyright">© Jan Woitas/'
        "dpa</div>",
        "https://x.example/a.jpg",
        "Ein Kran.",
        "© Jan Woitas/dpa",
        id="custom-element-and-credit-after-the-figure",
    ),
    pytest.param(
        '<figure><img src="https://x.example/a.jpg"><figcaption>Ein Kran.</figcaption></figure>'
        "<p>Der Kran stand seit Montag am Ufer. " + "Die Arbeiten dauern an. " * 20 + "</p>"
        '<p class="article-source">Quelle: dpa</p>',
        "https://x.example/a.jpg",
        "Ein Kran.",
        None,
        id="source-line-of-the-article-is-not-the-pictures-credit",
    ),
    pytest.param(
        '<figure><img src="https://x.example/a.jpg"><figcaption><span class="sr-only">Bild:'
        "</span>Ein Kran.<style>.credit{content:'Foto: AFP'}</style><script>var c='© Reuters'"
        "</script></figcaption></figure>",
        "https://x.example/a.jpg",
        "Ein Kran.",
        None,
        id="hidden-text-style-and-script-are-not-captions",
    ),
    pytest.param(
        '<figure data-credit="Foto: Jan Woitas/dpa"><img src="https://x.example/a.jpg">'
        "<figcaption>Ein Kran.</figcaption></figure>",
        "https://x.example/a.jpg",
        "Ein Kran.",
        "Foto: Jan Woitas/dpa",
        id="credit-attribute-on-the-figure",
    ),
    pytest.param(
        '<div class="gallery-slide"><img src="https://x.example/a.jpg" alt="Ein Kran"></div>'
        '<div class="gallery-slide"><img src="https://x.example/b.jpg" alt="Ein Bagger (Foto: '
        'Jan Woitas/dpa)"></div>',
        "https://x.example/b.jpg",
        "Ein Bagger",
        "(Foto: Jan Woitas/dpa)",
        id="uncredited-alt-text-is-no-entry",
    ),
]


@pytest.mark.parametrize(("body", "image", "caption", "printed"), VARIANTS)
def test_markup_variants(body: str, image: str, caption: str, printed: str | None) -> None:
    entry = only_entry(page(body))
    assert (entry.image, entry.caption) == (image, caption)
    if printed is None:
        assert entry.credit is None
    else:
        assert entry.credit is not None
        assert entry.credit.raw == printed
        assert entry.credit == expected_credit(printed)


def test_gallery_slides_with_headings_are_entries() -> None:
    slide = (
        '<div class="slide"><img src="https://x.example/{n}.jpg"><h3>Tag {n}</h3>'
        '<p class="caption">Ein Kran.</p><span class="credit">Foto: Jan Woitas/dpa</span></div>'
    )
    body = f'<div class="slideshow">{slide.format(n=1)}{slide.format(n=2)}</div>'
    entries = read_html(page(body), source="page.html").entries
    assert [(e.kind, e.gallery, e.image) for e in entries] == [
        ("gallery", "gallery 1", "https://x.example/1.jpg"),
        ("gallery", "gallery 1", "https://x.example/2.jpg"),
    ]
    assert all(e.credit == parse_credit("Foto: Jan Woitas/dpa") for e in entries)


# Markup whose pictures are not the article's: no entry at all.
NOT_ENTRIES = [
    pytest.param('<nav><img src="/a.jpg"><span class="credit">Foto: dpa</span></nav>', id="nav"),
    pytest.param(
        '<div class="related-articles"><figure><img src="/a.jpg"><figcaption>Mehr: Ein Kran. '
        "Foto: dpa</figcaption></figure></div>",
        id="related-block",
    ),
    pytest.param(
        '<a href="/politik/andere-geschichte.html"><figure><img src="/a.jpg"><figcaption>Ein Kran.'
        " Foto: dpa</figcaption></figure></a>",
        id="card-linking-to-another-page",
    ),
    pytest.param(
        '<div class="card"><img src="/a.jpg"><h3><a href="/x.html">Andere Geschichte</a></h3>'
        "<small>Foto: dpa</small></div>",
        id="card-with-a-linked-headline",
    ),
    pytest.param(
        '<figure><img src="/a.jpg"><figcaption><a href="/x.html">Lesen Sie auch: Die andere '
        "Geschichte über den Kran</a></figcaption></figure>",
        id="caption-that-is-a-link",
    ),
    pytest.param('<img src="/static/site-logo.png" alt="Logo">', id="logo"),
    pytest.param('<figure><img src="/icons/zoom.svg"></figure>', id="svg"),
    pytest.param('<figure><img src="/a.jpg" width="40" height="40"></figure>', id="thumbnail"),
    pytest.param('<figure><img src="data:image/gif;base64,R0lGOD"></figure>', id="data-uri"),
    pytest.param(
        '<div class="author"><img src="/authors/a.jpg"><p>Von Anna Beispiel</p></div>',
        id="author-portrait",
    ),
    pytest.param(
        '<blockquote class="twitter-tweet"><img src="https://pbs.example/a.jpg"><p>So schön '
        "heute!</p></blockquote>",
        id="social-embed-without-credit",
    ),
    pytest.param('<p><img src="/a.jpg">Ein Absatz Fließtext ohne Bildnachweis.</p>', id="inline"),
]


@pytest.mark.parametrize("body", NOT_ENTRIES)
def test_not_the_articles_pictures(body: str) -> None:
    assert read_html(page(body), source="page.html").entries == ()


# --- JSON-LD ------------------------------------------------------------------------------------


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


@pytest.mark.parametrize(
    ("shown", "described"),
    [
        ("https://x.example/kran-800x600.jpg", "https://x.example/kran-1600x1200.jpg"),
        (
            "https://x.example/incoming/alternates/LANDSCAPE_900/157526023",
            "https://x.example/incoming/alternates/original/157526023",
        ),
    ],
)
def test_json_ld_credit_fills_a_figure_without_one(shown: str, described: str) -> None:
    image = {"@type": "ImageObject", "url": described, "creditText": "Jan/dpa"}
    head = ld({"@type": "NewsArticle", "headline": "Kran", "image": image})
    body = f'<figure><img src="{shown}"><figcaption>Ein Kran.</figcaption></figure>'
    entry = only_entry(page(body, head))
    assert (entry.kind, entry.caption, entry.credit.raw if entry.credit else None) == (
        "teaser",
        "Ein Kran.",
        "Jan/dpa",
    )


def test_markup_credit_wins_over_json_ld() -> None:
    image = {"@type": "ImageObject", "url": "https://x.example/a.jpg", "author": "Getty Images"}
    head = ld({"@type": "NewsArticle", "image": [image]})
    body = (
        '<figure><img src="https://x.example/a.jpg"><figcaption>Ein Kran. '
        '<span class="credit">Getty Images/Juanmonino</span></figcaption></figure>'
    )
    entry = only_entry(page(body, head))
    assert entry.credit is not None
    assert entry.credit.raw == "Getty Images/Juanmonino"


def test_copyright_notice_that_is_a_site_footer_is_no_credit() -> None:
    image = {
        "@type": "ImageObject",
        "url": "https://x.example/a.jpg",
        "copyrightNotice": "© 2024 Verlag GmbH. Alle Rechte vorbehalten.",
    }
    head = ld({"@graph": [{"@type": "NewsArticle", "image": image}]})
    body = '<figure><img src="https://x.example/a.jpg"></figure>'
    assert only_entry(page(body, head)).credit is None


BROKEN_JSON_LD = [
    pytest.param("{not json", id="invalid"),
    pytest.param(
        '{"@type": "NewsArticle", "image": 42, "publisher": [1, {"name": 2}]}', id="types"
    ),
    pytest.param('{"@type": 5, "@graph": "x", "datePublished": 20240501}', id="wrong-types"),
    pytest.param(
        '[null, 1, "s", {"@type": ["NewsArticle"], "image": [null, {"@id": 5}]}]', id="list"
    ),
    pytest.param("[" * 100_000 + "]" * 100_000, id="deep"),
    pytest.param(
        '{"@graph": [{"@id": "x", "name": {"@id": "x"}}, {"@type": "NewsArticle", "image": '
        '{"@type": "ImageObject", "url": "https://x.example/a.jpg", "author": {"@id": "x"}}}]}',
        id="self-reference",
    ),
    pytest.param('{"a": "' + "x" * 6_000_000 + '"}', id="huge"),
]


@pytest.mark.parametrize("script", BROKEN_JSON_LD)
def test_broken_json_ld_is_ignored(script: str) -> None:
    head = f'<script type="application/ld+json">{script}</script>'
    body = '<figure><img src="https://x.example/a.jpg"><figcaption>Ein Kran. Foto: dpa'
    entry = only_entry(page(body + "</figcaption></figure>", head))
    assert entry.credit is not None
    assert entry.credit.agencies == ("dpa",)


# --- hostile and broken markup -------------------------------------------------------------------


def test_unclosed_tags() -> None:
    html = '<html><body><h1>Titel<figure><img src="/a.jpg"><figcaption>Ein Kran. Foto: dpa'
    entry = only_entry(html)
    assert (entry.caption, entry.credit.agencies if entry.credit else None) == (
        "Ein Kran.",
        ("dpa",),
    )


def test_deeply_nested_markup_does_not_recurse() -> None:
    # Far deeper than Python's recursion limit, within what is parsed (see ABSURD below).
    depth = 8_000
    html = page(
        "<span>" * depth
        + '<figure><img src="/a.jpg"><figcaption>'
        + "<span>" * depth
        + "Ein Kran. Foto: dpa"
    )
    entries = read_html(html, source="deep.html").entries
    assert len(entries) == 1  # the figure; its caption lies beyond what a block reads
    assert entries[0].credit is None


FIGURE = '<figure><img src="https://x.example/a.jpg"><figcaption>Foto: dpa</figcaption></figure>'
# Markup lexbor would need minutes for (its time grows with the square of the nesting depth
# of block elements, and of the attributes of one tag): the page is read up to it.
ABSURD = [
    pytest.param("<div>" * 100_000 + FIGURE + "</div>" * 100_000, id="100k-nested-divs"),
    pytest.param(
        '<figure><img src="https://x.example/a.jpg" '
        + " ".join(f"data-a{i}=x" for i in range(100_000))
        + "><figcaption>Foto: dpa</figcaption></figure>",
        id="100k-attributes",
    ),
]


@pytest.mark.parametrize("body", ABSURD)
def test_absurd_markup_is_read_up_to_where_it_starts(body: str) -> None:
    html = page(FIGURE.replace("a.jpg", "first.jpg") + body)
    entries = read_html(html, source="absurd.html").entries
    assert [e.image for e in entries] == ["https://x.example/first.jpg"]


def test_srcset_of_separators_only() -> None:
    body = FIGURE.replace("<img ", '<img srcset="' + " ," * 20_000 + ' " ')
    assert only_entry(page(body)).image == "https://x.example/a.jpg"


def test_a_one_megabyte_caption() -> None:
    caption = "Wort " * 200_000
    html = page(f'<figure><img src="/a.jpg"><figcaption>{caption}Foto: Kay Nietfeld/dpa')
    entry = only_entry(html)
    assert entry.credit is not None
    assert entry.credit.photographers == ("Kay Nietfeld",)
    assert len(entry.caption) == len(caption.strip())


@pytest.mark.parametrize(
    "html",
    ["", "   ", "Nur Text, kein HTML.", "<html>", "<<<>>>", "\x00\x01binär", "<img>", "<img src>"],
)
def test_pages_without_pictures(html: str) -> None:
    article = read_html(html, source="x.html")
    assert (article.entries, article.id, article.url) == ((), "x.html", None)


FRAGMENTS = st.sampled_from(
    [
        "<figure>",
        "</figure>",
        "<figcaption>",
        '<img src="/a.jpg">',
        '<img srcset="/b.jpg 2x, ,">',
        '<span class="credit">',
        "</span>",
        "<small>",
        "Foto: dpa",
        "© AFP",
        "(AP Photo/X)",
        '<a href="/x">',
        "</a>",
        "<h2>",
        "<script>",
        '<script type="application/ld+json">{"@type":"NewsArticle","image":',
        "<noscript>",
        "<!--",
        "&amp;",
        "\n",
    ]
)


@given(st.lists(FRAGMENTS | st.text(max_size=20), max_size=40))
def test_never_raises_and_numbers_entries(parts: list[str]) -> None:
    article = read_html("".join(parts), source="fuzz.html")
    assert [e.position for e in article.entries] == list(range(1, len(article.entries) + 1))
    assert all(e.line >= 1 for e in article.entries)


# --- pictures, keys and the vocabulary --------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (
            "https://x.example/2024/05/elbe-800x450.jpg",
            "https://x.example/2024/05/elbe-1600x900.webp",
        ),
        ("https://x.example/i/w_800,c_fill/kran.jpg", "https://x.example/i/kran.jpg?w=1200"),
        (
            "https://proxy.example/dims4/resize/800/?url=https%3A%2F%2Fx.example%2Fkran.jpg",
            "https://x.example/kran.jpg",
        ),
        (
            "https://x.example/image/7712864a-4701-4682-b09d-0ef6c2716bff/16x9-960/a.jpg",
            "https://x.example/image/7712864a-4701-4682-b09d-0ef6c2716bff/orig/b.jpg",
        ),
        (
            "https://x.example/picture/6236752/14/kran-am-ufer.jpeg",
            "https://x.example/picture/6236752/665/kran-am-ufer.jpeg",
        ),
    ],
)
def test_renditions_of_one_picture_share_a_key(one: str, other: str) -> None:
    assert picture_key(one) == picture_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://x.example/2024/05/kran.jpg", "https://x.example/2024/05/bagger.jpg"),
        ("https://x.example/images/123/original.jpg", "https://x.example/images/456/original.jpg"),
        ("https://x.example/a/kran.jpg", "https://y.example/a/kran.jpg"),
    ],
)
def test_different_pictures_have_different_keys(one: str, other: str) -> None:
    assert picture_key(one) != picture_key(other)


def test_bundled_hints_load_and_compile() -> None:
    words = hints()
    assert "figcaption" in words.caption_tags
    assert words.is_noise_class("c-related-list__item")
    assert not words.is_noise_class("article-image__caption")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("[pictures]", "[pictures]\nextra = []"), "unknown key 'extra' in [pictures]"),
        (("min_size = 100", 'min_size = "big"'), "[pictures] min_size must be a whole number"),
        (('tags = ["small", "cite", "footer"]', "tags = [1]"), "[credit] tags must list non-empty"),
        (('tags = ["figcaption"]', ""), "missing [caption] tags"),
        (("[gallery]", "[galleries]"), "unknown section [galleries]"),
        (("[gallery]", "[gallery"), "html_hints.toml"),
    ],
)
def test_bad_hints_name_the_key(change: tuple[str, str], message: str) -> None:
    text = HINTS_FILE.read_text(encoding="utf-8")
    assert change[0] in text
    with pytest.raises(RegistryError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_hints(text.replace(change[0], change[1], 1))
