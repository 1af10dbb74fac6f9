"""Bounded fuzz targets for the normal suite: the credit parser and each reader.

The same targets run for hours under atheris (``fuzz/``); here hypothesis tries a bounded
number of generated inputs per target. Each target only asserts what must hold for any
input: no exception but ReadError, results of the declared types, raw credits taken from
the input.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credits import ReadError, parse_credit, read_credit, split_caption
from credits.models import Article
from credits.readers import read_article
from credits.readers.html import read_html
from credits.readers.text import read_text

WORDS = [
    "©", "(c)", "Foto:", "Fotos:", "Bild:", "Photo by", "Quelle:", "Copyright", "/", " / ", "|",
    " via ", " for ", ", ", "; ", " und ", "(", ")", "[", "]", "dpa", "AFP", "Reuters", "AP",
    "Getty Images", "picture alliance", "Imago", "Kay Nietfeld", "Zoë", "O'Brien", "privat",
    "Symbolbild", "Montage", "Pool", "Handout", "Screenshot", "2024", ".", " ", "\n", "\t",
    "\u202e", "\u200b", "\u0308", "\x00", "\x1b", "📷",
]  # fmt: skip
credit_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=30).map(
    "".join
)


@settings(max_examples=150, deadline=None)
@given(credit_text)
def test_fuzz_parse_credit(text: str) -> None:
    caption, credit = split_caption(text)
    assert isinstance(caption, str)
    assert parse_credit(text) == credit
    if credit is not None:
        assert credit.raw in text
        assert all(isinstance(name, str) and name for name in credit.photographers)
    whole = read_credit(text)
    assert whole.raw == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "Foto: ein Trauerspiel.",
        "Das Bild sagt mehr als Worte. Foto: ein Trauerspiel.",  # atheris, first minute
    ],
)
def test_read_credit_on_prose_after_a_marker(text: str) -> None:
    assert read_credit(text).raw == text


# --- the text reader ---------------------------------------------------------------------------

LINES = [
    "", "Großbrand in Lagerhalle", "15.08.2025, 10:34 Uhr", "Von Anna Schmidt, dpa",
    "Rauch steigt über dem Gewerbegebiet auf.", "Foto: Julian Stratenschulte/dpa",
    "1/4", "Bild 2 von 7", "Rubriklistenbild: © dpa", "Mehr zum Thema", "Kommentare",
    "  • Punkt", "Hannover (dpa) - Bei einem Brand ist ein Schaden entstanden.", "© 2025 Verlag",
    "https://example.org/a", "Zum Inhalt springen", "(Archivbild)", "Foto: privat",
]  # fmt: skip
scrape = st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=60)), max_size=40).map(
    "\n".join
)


@settings(max_examples=100, deadline=None)
@given(scrape)
def test_fuzz_text_reader(text: str) -> None:
    article = read_text(text, source="fuzz.txt")
    assert isinstance(article, Article)
    for position, entry in enumerate(article.entries, 1):
        assert entry.position == position
        assert entry.line >= 1


# --- the HTML reader ---------------------------------------------------------------------------

TAGS = ["div", "figure", "figcaption", "picture", "span", "p", "small", "cite", "section",
        "article", "script", "style", "noscript", "a", "b", "ul", "li", "table", "td"]  # fmt: skip
ATTRIBUTES = st.sampled_from(
    [
        ' class="caption"', ' class="credit"', ' class="gallery"', ' class="related-list"',
        ' src="https://i.example/a.jpg"', ' src="/b-800x600.jpg"', ' srcset="a.jpg 1x, b.jpg 2x"',
        ' data-src="//i.example/c.webp"', ' alt="Foto: dpa"', ' title="© AFP"', ' width="10"',
        ' srcset=" , , "', ' data-credit="Kay Nietfeld/dpa"', ' itemprop="copyrightHolder"', "",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attributes, inner, closed: (
            f"<{tag}{''.join(attributes)}>{inner}" + (f"</{tag}>" if closed else "")
        ),
        st.sampled_from(TAGS),
        st.lists(ATTRIBUTES, max_size=3),
        st.lists(children, max_size=4).map("".join),
        st.booleans(),
    )


IMG = st.builds(lambda attrs: f"<img{''.join(attrs)}>", st.lists(ATTRIBUTES, max_size=3))
JSON_LD = st.sampled_from(
    [
        '<script type="application/ld+json">{"@type":"ImageObject","url":"https://i.example/a.jpg",'
        '"creditText":"Foto: dpa","creator":{"@type":"Person","name":"Kay Nietfeld"}}</script>',
        '<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","image":[1,null]}]}'
        "</script>",
        '<script type="application/ld+json">{"@type": [</script>',
        '<meta property="og:image" content="https://i.example/a.jpg">',
    ]
)
markup = st.recursive(st.one_of(TEXTS, IMG, JSON_LD), _element, max_leaves=30)
page = st.builds(
    lambda head, body: f"<html><head>{head}</head><body>{body}</body></html>", JSON_LD, markup
)


@settings(max_examples=100, deadline=None)
@given(st.one_of(page, markup))
def test_fuzz_html_reader(html: str) -> None:
    article = read_html(html, source="fuzz.html")
    assert isinstance(article, Article)
    for entry in article.entries:
        assert entry.kind in ("gallery", "figure", "teaser")
        if entry.credit is not None:
            assert isinstance(entry.credit.raw, str)


# --- whole files through read_article ----------------------------------------------------------

PREFIXES = [b"", b"\x1f\x8b\x08\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"<!DOCTYPE html>", b"<!--"]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(PREFIXES), st.binary(max_size=2000), st.sampled_from([".txt", ".html", ".gz"])
)
def test_fuzz_read_article_bytes(
    tmp_path_factory: object, prefix: bytes, body: bytes, suffix: str
) -> None:
    folder: Path = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    path = folder / f"article{suffix}"
    path.write_bytes(prefix + body)
    try:
        article = read_article(path)
    except ReadError as error:
        assert path.name in str(error)
    else:
        assert isinstance(article, Article)
