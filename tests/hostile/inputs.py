"""Hostile article files: how to make each one, and what reading it must give.

Every file is generated at test time into a temporary folder; nothing large or binary is
committed. A case is a row: a file name (its suffix steers the "auto" reader), a maker, the
expected outcome, a time bound, and optionally a check of the article read.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from credits.models import Article

MB = 2**20


_BODY = (
    "Hannover (dpa) - Bei einem Großbrand in einer Lagerhalle ist ein Schaden in "
    "Millionenhöhe entstanden. Verletzt wurde nach Angaben der Feuerwehr niemand. "
) * 3


def scrape(*captions: str) -> str:
    """A plain-text article: headline, date, body, then each caption as its own block."""
    blocks = [
        "Großbrand in Lagerhalle: Feuerwehr kämpft die ganze Nacht",
        "15.08.2025, 10:34 Uhr",
        _BODY,
        *captions,
        _BODY,
    ]
    return "\n\n".join(blocks) + "\n"


def caption(name: str, agency: str = "dpa") -> str:
    """A two-line caption block whose credit names ``name``."""
    return f"Rauch steigt über dem Gewerbegebiet auf.\nFoto: {name}/{agency}"


def page(body: str, head: str = "") -> str:
    """An HTML article page around ``body``."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Großbrand</title>"
        f"{head}</head><body><article><h1>Großbrand in Lagerhalle</h1><p>{_BODY}</p>"
        f"{body}<p>{_BODY}</p></article></body></html>"
    )


def figure(name: str = "Kay Nietfeld", n: int = 1, extra: str = "") -> str:
    """A figure with a picture and a caption crediting ``name``/dpa."""
    return (
        f'<figure><img src="https://img.example/photo-{n}.jpg" width="800" height="450"{extra}>'
        f"<figcaption>Rauch steigt über dem Gewerbegebiet auf. Foto: {name}/dpa</figcaption>"
        "</figure>"
    )


def json_ld(payload: str) -> str:
    return f'<script type="application/ld+json">{payload}</script>'


# --- makers: each writes one file at the path it is given --------------------------------------

Maker = Callable[[Path], None]


def data(content: bytes | str | Callable[[], bytes | str]) -> Maker:
    """The file holds ``content`` (built only when the file is made, if it is a function)."""

    def make(path: Path) -> None:
        value = content() if callable(content) else content
        path.write_bytes(value.encode() if isinstance(value, str) else value)

    return make


def gzipped(content: bytes | str) -> Maker:
    raw = content.encode() if isinstance(content, str) else content
    return data(gzip.compress(raw, mtime=0))


def gzip_bomb(size: int) -> Maker:
    """``size`` bytes of one letter, compressed about 1000:1, made in chunks."""

    def make(path: Path) -> None:
        chunk = b"A" * MB
        packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        with path.open("wb") as out:
            for _ in range(size // MB):
                out.write(packer.compress(chunk))
            out.write(packer.flush())

    return make


def single_line(size: int, unit: str, head: str = "") -> Maker:
    """``head``, then ``unit`` repeated to ``size`` bytes on one line."""

    def make(path: Path) -> None:
        piece = unit.encode()
        block = piece * (MB // len(piece))
        with path.open("wb") as out:
            out.write(head.encode())
            for _ in range(size // len(block)):
                out.write(block)

    return make


def sparse(size: int) -> Maker:
    """A file of ``size`` bytes that takes no disk space."""

    def make(path: Path) -> None:
        with path.open("wb") as out:
            out.truncate(size)

    return make


def folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text(scrape(caption("Kay Nietfeld")))


def fifo(path: Path) -> None:
    os.mkfifo(path)


def link_to(target: str) -> Maker:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def random_bytes(size: int, seed: int = 8) -> Maker:
    return data(lambda: random.Random(seed).randbytes(size))


# --- checks, run on the article the reader returned ---------------------------------------------

Check = Callable[[Article], None]


def dump(article: Article) -> str:
    """Every text field of the article, for word searches."""
    fields = [article.title, article.url, article.publisher]
    for entry in article.entries:
        fields += [entry.title, entry.caption, entry.gallery]
        if entry.credit is not None:
            fields += [entry.credit.raw, *entry.credit.photographers, *entry.credit.agencies]
    return json.dumps(fields, ensure_ascii=False)


def never_mentions(word: str) -> Check:
    """No field of the article holds ``word`` (it appears only inside script or style)."""

    def check(article: Article) -> None:
        assert word not in dump(article), f"{word!r} leaked from <script>/<style>"

    return check


def credited(count: int, agency: str = "dpa") -> Check:
    """At least ``count`` entries have a credit that names ``agency`` (as agency or distributor:
    an odd character in a name may change which, never whether it is seen)."""

    def check(article: Article) -> None:
        hits = [
            e.credit
            for e in article.entries
            if e.credit is not None
            and (agency in e.credit.agencies or e.credit.distributor == agency)
        ]
        assert len(hits) >= count, [e.credit for e in article.entries]

    return check


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile file and what reading it must give."""

    name: str  # file name; its suffix steers the "auto" reader
    make: Maker
    expect: str  # "ok": an article; "error": a ReadError naming the file; "either"
    timeout: float = 2.0  # seconds for the read alone (the file is made before)
    check: Check | None = None  # on the article, when one is returned
    defect: str | None = None  # an open defect: strict xfail with this reason
    readers: tuple[str, ...] = ("auto", "text", "html")
    memory: int = 768 * MB  # address space the read may add

    def checks_with(self, reader: str) -> bool:
        """The check applies to the reader the file is written for, not to a forced other one."""
        natural = "html" if ".htm" in self.name else "text"
        return self.check is not None and reader in ("auto", natural)


OG_IMAGE = '<meta property="og:image" content="https://img.example/photo-1.jpg">'
_SURROGATE = re.compile("[\ud800-\udfff]")


def no_lone_surrogates(article: Article) -> None:
    """No field holds a lone surrogate: such text cannot be stored (SQLite, UTF-8) nor
    printed; a reader must replace it (U+FFFD) where it decodes escapes (JSON-LD)."""
    assert _SURROGATE.search(dump(article)) is None, "lone surrogate in the article"


_CTRL = "Ka\x07y Nie\x1b[31mtfeld\x7f\x9b"
_SCRIPT_TEXT = "Foto: Scripty McScript/dpa © Scripty McScript/AFP Bild: Scripty/Reuters "

CASES: tuple[Case, ...] = (
    # --- not an article at all
    Case("empty.txt", data(b""), "error"),
    Case("blank.html", data(b" \n\t\r\n  \n"), "error"),
    Case("random.txt", random_bytes(64 * 1024), "error"),
    Case("png.html", data(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64), "error"),
    Case("nul-in-text.txt", data(lambda: scrape(caption("Kay Nietfeld")) + "\x00"), "either"),
    Case(
        "utf16-no-bom.txt",
        data(lambda: scrape(caption("Jörg Müller")).encode("utf-16-le")),
        "either",
    ),
    Case("is-a-folder.html", folder, "error"),
    Case("over-the-cap.txt", sparse(70 * MB), "error"),
    Case("dangling-link.txt", link_to("does-not-exist.txt"), "error"),
    Case(
        "dev-zero.txt",
        link_to("/dev/zero"),
        "error",
        memory=256 * MB,
        readers=("auto",),
    ),
    Case(
        "fifo.txt",
        fifo,
        "error",
        readers=("auto",),
    ),
    # --- encodings
    Case(
        "invalid-utf8.txt",
        data(lambda: scrape(caption("Jörg Müller")).encode("cp1252") + b"\xff\xfe\x80\xc3\x28\n"),
        "ok",
        check=credited(1),
    ),
    Case(
        "mixed-encodings.txt",
        data(
            lambda: (
                scrape(caption("Jörg Müller")).encode()
                + scrape(caption("Jürgen Schäfer")).encode("cp1252")
            )
        ),
        "ok",
        check=credited(2),
    ),
    Case(
        "utf16-bom.txt",
        data(lambda: scrape(caption("Jörg Müller")).encode("utf-16")),
        "ok",
        check=credited(1),
    ),
    Case(
        "utf8-bom-crlf.html",
        data(b"\xef\xbb\xbf" + page(figure()).replace(">", ">\r\n").encode()),
        "ok",
        check=credited(1),
    ),
    Case(
        "declared-charset-lies.html",
        data(
            lambda: page(figure("Jörg Müller"), head='<meta charset="x-no-such-charset">').encode(
                "cp1252"
            )
        ),
        "ok",
        check=credited(1),
    ),
    # --- odd characters in names
    Case(
        "control-chars.txt",
        data(lambda: scrape(caption(_CTRL), caption("Anna\x0bWeber"))),
        "ok",
        check=credited(2),
    ),
    Case(
        "control-chars.html",
        data(lambda: page(figure(_CTRL) + figure("Anna\x0bWeber", 2))),
        "ok",
        check=credited(2),
    ),
    Case(
        "bidi.txt",
        data(
            lambda: scrape(caption("\u202eKay Nietfeld\u202c"), caption("\u2067Anna\u2069 Weber"))
        ),
        "ok",
        check=credited(2),
    ),
    Case(
        "bidi.html",
        data(
            lambda: page(figure("\u202eKay Nietfeld\u202c") + figure("\u2067Anna\u2069 Weber", 2))
        ),
        "ok",
        check=credited(2),
    ),
    Case(
        "emoji-combining.txt",
        data(
            lambda: scrape(
                caption("Zoe\u0308 Mu\u0308ller 📷"), caption("Łukasz Z̶a̶l̶g̶o̶"), caption("👩‍👩‍👧")
            )
        ),
        "ok",
        check=credited(2),
    ),
    Case(
        "emoji-combining.html",
        data(
            lambda: page(
                figure("Zoe\u0308 Mu\u0308ller 📷")
                + figure("Łukasz Z̶a̶l̶g̶o̶", 2)
                + figure("👩‍👩‍👧", 3)
            )
        ),
        "ok",
        check=credited(2),
    ),
    # --- sizes
    Case(
        "caption-1mb.txt",
        data(lambda: scrape("Lorem ipsum dolor sit amet, " * 37_500 + "Foto: Kay Nietfeld/dpa")),
        "either",
    ),
    Case(
        "caption-1mb.html",
        data(lambda: page(figure("Lorem ipsum dolor sit amet, " * 37_500 + "Kay Nietfeld"))),
        "either",
    ),
    Case(
        "single-line-50mb.txt",
        single_line(50 * MB, "Foto: Kay Nietfeld/dpa "),
        "either",
        timeout=20,
        memory=3072 * MB,
        readers=("auto",),
    ),
    Case(
        "single-line-50mb.html",
        single_line(50 * MB, "Foto: dpa | <b>Kay Nietfeld</b> ", head="<html><body><p>"),
        "either",
        timeout=20,
        memory=3072 * MB,
        readers=("auto",),
    ),
    # --- gzip
    Case("gzip-bomb.txt.gz", gzip_bomb(100 * MB), "error", readers=("auto",)),
    Case(
        "gzip-truncated.txt.gz", data(gzip.compress(scrape(caption("A B")).encode())[:40]), "error"
    ),
    Case(
        "gzip-corrupt.html.gz",
        data(b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"not deflate data at all"),
        "error",
    ),
    Case("gzip-empty.txt.gz", gzipped(b""), "error"),
    Case(
        "gzip-of-gzip.txt.gz",
        data(gzip.compress(gzip.compress(scrape(caption("A B")).encode()))),
        "either",
    ),
    Case(
        "gzip-of-binary.html.gz",
        data(lambda: gzip.compress(random.Random(3).randbytes(32 * 1024))),
        "error",
    ),
    Case("gzip-article.txt.gz", gzipped(scrape(caption("Kay Nietfeld"))), "ok", check=credited(1)),
    # --- markup
    Case(
        "nested-100k-div.html",
        data(lambda: page("<div>" * 100_000 + figure() + "</div>" * 100_000)),
        "either",
        readers=("auto",),
    ),
    Case("nested-100k-span.html", data(lambda: page("<span>" * 100_000 + figure())), "either"),
    Case(
        "nested-100k-b-in-caption.html",
        data(
            lambda: page(
                "<figure><img src='https://i.example/a.jpg'><figcaption>"
                + "<b>" * 100_000
                + "Foto: dpa"
            )
        ),
        "either",
    ),
    Case(
        "unclosed-tags.html",
        data(
            "<html><body><figure><img src='https://i.example/a.jpg'><figcaption>"
            "Feuer. Foto: Kay Nietfeld/dpa<p><div><span class='x"
        ),
        "ok",
    ),
    Case(
        "tag-soup.html",
        data(lambda: "<" * 50_000 + "</" * 50_000 + "<!--" * 10_000 + "<![CDATA[" * 1000),
        "either",
    ),
    Case(
        "html-comment-run.txt",
        data("<!---->" * 30 + "Foto: dpa"),
        "either",
        readers=("auto",),
    ),
    Case(
        "srcset-separators.html",
        data(lambda: page(figure(extra=' srcset="' + " ," * 20_000 + '"'))),
        "ok",
        readers=("auto",),
    ),
    Case(
        "attributes-100k.html",
        data(lambda: page(figure(extra=" " + " ".join(f"data-a{i}=x" for i in range(100_000))))),
        "either",
        readers=("auto",),
    ),
    Case(
        "figures-5k.html",
        data(lambda: page("".join(figure(n=n) for n in range(5_000)))),
        "ok",
        timeout=8,
        readers=("auto",),
    ),
    Case(
        "script-and-style.html",
        data(
            lambda: page(
                figure()
                + '<script>var c = \'<figure><img src="https://i.example/s.jpg"><figcaption>'
                + _SCRIPT_TEXT * 200
                + "</figcaption></figure>';</script>"
                + "<style>/* "
                + _SCRIPT_TEXT * 200
                + " */ figcaption::after{content:'© Scripty/AFP'}</style>"
                + "<noscript><style>"
                + _SCRIPT_TEXT
                + "</style></noscript>",
                head="<script>"
                + _SCRIPT_TEXT * 500
                + "</script><style>"
                + _SCRIPT_TEXT
                + "</style>",
            )
        ),
        "ok",
        check=lambda a: (never_mentions("Scripty")(a), credited(1)(a)),
        readers=("auto", "html"),
    ),
    # --- JSON-LD
    Case(
        "json-ld-invalid.html",
        data(lambda: page(figure(), head=json_ld('{"@type": "NewsArticle", "image": [{'))),
        "ok",
        check=credited(1),
    ),
    Case(
        "json-ld-deep-arrays.html",
        data(lambda: page(figure(), head=json_ld("[" * 100_000 + "]" * 100_000))),
        "ok",
        check=credited(1),
    ),
    Case(
        "json-ld-deep-objects.html",
        data(lambda: page(figure(), head=json_ld('{"a":' * 50_000 + "1" + "}" * 50_000))),
        "ok",
        check=credited(1),
    ),
    Case(
        "json-ld-wrong-types.html",
        data(
            lambda: page(
                figure(),
                head=json_ld(
                    json.dumps(
                        [
                            {
                                "@type": 5,
                                "image": {
                                    "@type": ["ImageObject"],
                                    "url": 7,
                                    "creditText": [1, {"x": None}],
                                },
                            },
                            {
                                "@type": "NewsArticle",
                                "headline": ["x", 1],
                                "datePublished": {"a": 1},
                                "publisher": 5,
                                "author": [None, 3.5],
                                "image": [None, True, "javascript:alert(1)"],
                            },
                            {"@graph": "x", "@id": []},
                            {
                                "@type": "ImageObject",
                                "url": {"@id": 1},
                                "caption": 7,
                                "creator": {"@type": "Person", "name": ["A", "B"]},
                                "copyrightHolder": 1e308,
                            },
                            None,
                            5,
                            "s",
                            [],
                            {},
                        ]
                    )
                ),
            )
        ),
        "ok",
        check=credited(1),
    ),
    Case(
        "json-ld-surrogates.html",
        data(
            lambda: page(
                figure(),
                head=json_ld(
                    '{"@type":"NewsArticle","headline":"Titel \\ud800","image":{"@type":'
                    '"ImageObject","url":"https://img.example/photo-1.jpg","creditText":'
                    '"Foto: Kay \\udc00Nietfeld/dpa","caption":"Bild \\udfff"}}'
                ),
            )
        ),
        "ok",
        check=no_lone_surrogates,
        readers=("auto", "html"),
    ),
    Case(
        "canonical-invalid-ipv6.html",
        data(
            lambda: page(
                figure(), head='<link rel="canonical" href="https://www.x.ex[mple/a">' + OG_IMAGE
            )
        ),
        "ok",
        readers=("auto", "html"),
    ),
    Case(
        "base-invalid-ipv6.html",
        data(lambda: page(figure(), head='<base href="http://[::1">' + OG_IMAGE)),
        "ok",
        readers=("auto", "html"),
    ),
    Case(
        "credit-element-prose.html",
        data(
            lambda: page(
                '<figure><img src="https://img.example/photo-1.jpg"><figcaption>Ein Bild. '
                '<span class="credit">Das Bild sagt mehr als Worte. Foto: ein Trauerspiel.'
                "</span></figcaption></figure>"
            )
        ),
        "ok",
        readers=("auto", "html"),
    ),
    Case(
        "json-ld-huge.html",
        data(
            lambda: page(
                figure(),
                head=json_ld(
                    json.dumps(
                        {
                            "@type": "NewsArticle",
                            "image": [
                                {
                                    "@type": "ImageObject",
                                    "url": f"https://i.example/{i}.jpg",
                                    "creditText": "Foto: dpa",
                                }
                                for i in range(150_000)
                            ],
                        }
                    )
                ),
            )
        ),
        "ok",
        timeout=6,
    ),
    Case(
        "json-ld-huge-string.html",
        data(
            lambda: page(
                figure(),
                head=json_ld(
                    json.dumps(
                        {
                            "@type": "ImageObject",
                            "url": "https://i.example/photo-1.jpg",
                            "creditText": "© " + "A" * 4_000_000,
                        }
                    )
                ),
            )
        ),
        "ok",
    ),
)
