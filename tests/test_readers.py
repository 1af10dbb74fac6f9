"""Reader plumbing: encodings, line ends, gzip, empty and binary files, folders and globs, and
unreadable files reported without stopping the batch."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from credits.errors import ReadError
from credits.readers import expand_paths, read_article, read_articles
from credits.readers.source import load_document

# A scrape whose words need more than ASCII: "Müller", "€", „quotes“, "ß".
SCRAPE = (
    "Streit um „Mieten“ in Köln: Müller fordert 5 € mehr\n"
    "\n"
    "Köln (dpa) - Der Mieterverein unter Jörg Müller verlangt Zuschüsse von 5 € je "
    "Quadratmeter. „Das ist das Mindeste“, sagte Müller am Freitag vor der Presse.\n"
    "\n"
    "Jörg Müller vor dem Rathaus in Köln. Foto: Oliver Berg/dpa\n"
    "\n"
    "Die Stadt will über den Vorschlag im Herbst beraten, teilte eine Sprecherin mit.\n"
)
TITLE = "Streit um „Mieten“ in Köln: Müller fordert 5 € mehr"
CAPTION = "Jörg Müller vor dem Rathaus in Köln."

# (id, file name, bytes of the file)
ENCODED: list[tuple[str, str, bytes]] = [
    ("utf-8", "utf8.txt", SCRAPE.encode("utf-8")),
    ("utf-8 with BOM", "bom.txt", b"\xef\xbb\xbf" + SCRAPE.encode("utf-8")),
    ("utf-16 with BOM", "utf16.txt", SCRAPE.encode("utf-16")),
    ("windows-1252", "cp1252.txt", SCRAPE.encode("cp1252")),
    ("windows-1252, CRLF", "crlf.txt", SCRAPE.replace("\n", "\r\n").encode("cp1252")),
    ("old Mac CR", "cr.txt", SCRAPE.replace("\n", "\r").encode("utf-8")),
    ("gzip", "packed.txt.gz", gzip.compress(SCRAPE.encode("utf-8"))),
    ("gzip, no .gz name", "packed.txt", gzip.compress(SCRAPE.encode("cp1252"))),
    ("gzip, two members", "two.txt.gz", gzip.compress(SCRAPE[:60].encode()) + gzip.compress(
        SCRAPE[60:].encode())),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data"), [pytest.param(c[1], c[2], id=c[0]) for c in ENCODED])
def test_every_encoding_reads_the_same(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    article = read_article(path)
    assert article.title == TITLE
    assert [(e.line, e.caption) for e in article.entries] == [(5, CAPTION)]
    assert article.entries[0].credit is not None
    assert article.entries[0].credit.photographers == ("Oliver Berg",)


@pytest.mark.parametrize(("name", "data"), [pytest.param(c[1], c[2], id=c[0]) for c in ENCODED])
def test_the_bytes_are_the_text_in_utf_8(tmp_path: Path, name: str, data: bytes) -> None:
    """The HTML reader parses ``Document.data``: it must say exactly what ``text`` says."""
    path = tmp_path / name
    path.write_bytes(data)
    document = load_document(path)
    assert document.data == document.text.encode("utf-8")
    assert "\r" not in document.text


def test_latin_1_keeps_its_letters(tmp_path: Path) -> None:
    """Latin-1 has no "€" or „“: its own letters and signs must come through."""
    text = "Straße in Köln: Müller grüßt «alle» – © Zitat ½ Preis\n\nBody.\n"
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.replace("–", "-").encode("latin-1"))
    assert load_document(path).text == text.replace("–", "-")


def test_a_declared_charset_is_used_for_html(tmp_path: Path) -> None:
    html = '<html><head><meta charset="iso-8859-15"></head><body><p>Preis: 5 €</p></body></html>'
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("iso-8859-15"))
    document = load_document(path)
    assert (document.kind, "5 €" in document.text) == ("html", True)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\r\n\t\n", "empty file"),
        ("zeros.txt", b"\x00" * 100 + b"text", "binary file"),
        ("image.txt", bytes(range(256)) * 40, "binary file"),
        ("broken.txt.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 40, "corrupt gzip data"),
        ("cut.txt.gz", gzip.compress(SCRAPE.encode() * 50)[:200], "truncated gzip data"),
    ],
)
def test_unreadable_files_raise_a_read_error(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as caught:
        read_article(path)
    assert caught.value.path == str(path)
    assert reason in caught.value.reason


def test_folders_and_missing_files_raise_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="is a folder"):
        read_article(tmp_path)
    with pytest.raises(ReadError, match="no such file"):
        read_article(tmp_path / "gone.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="not a regular file"):
        read_article(fifo)


def test_an_unknown_reader_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SCRAPE, encoding="utf-8")
    with pytest.raises(ValueError, match="nonsense"):
        read_article(path, reader="nonsense")  # type: ignore[arg-type]


def test_the_text_reader_can_be_forced(tmp_path: Path) -> None:
    path = tmp_path / "scrape.html"  # the name says HTML, the content and the caller say text
    path.write_text(SCRAPE, encoding="utf-8")
    assert [e.caption for e in read_article(path, reader="text").entries] == [CAPTION]


# --- folders, globs, batches ----------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """a.txt, b.txt.gz, sub/c.text, sub/deep/d.txt, and things a scan must pass over."""
    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(SCRAPE, encoding="utf-8")
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(SCRAPE.encode("cp1252")))
    (tmp_path / "sub" / "c.text").write_text(SCRAPE, encoding="utf-8")
    (tmp_path / "sub" / "deep" / "d.txt").write_text(SCRAPE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(SCRAPE, encoding="utf-8")
    (tmp_path / "sub" / "picture.jpg").write_bytes(b"\xff\xd8\xff" * 10)
    return tmp_path


def names(paths: object) -> list[str]:
    return sorted(Path(str(p)).name for p in paths)  # type: ignore[attr-defined]


def test_a_folder_is_searched_for_article_files(tree: Path) -> None:
    assert names(expand_paths([tree])) == ["a.txt", "b.txt.gz", "c.text", "d.txt"]


def test_a_glob_is_expanded(tree: Path) -> None:
    assert names(expand_paths([str(tree / "**" / "*.txt")])) == ["a.txt", "d.txt"]
    assert names(expand_paths([str(tree / "*.txt*")])) == ["a.txt", "b.txt.gz"]


def test_each_file_is_read_once(tree: Path) -> None:
    a = tree / "a.txt"
    (tree / "link.txt").symlink_to(a)
    paths = [a, str(tree / "sub" / ".." / "a.txt"), tree, tree / "link.txt"]
    assert names(expand_paths(paths)) == ["a.txt", "b.txt.gz", "c.text", "d.txt"]


def test_a_batch_reports_bad_files_and_reads_the_rest(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tree / "empty.txt").write_bytes(b"")
    (tree / "locked.txt").write_text(SCRAPE, encoding="utf-8")
    real_open = Path.open

    def deny_locked(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny_locked)
    errors: list[ReadError] = []
    paths = [tree, tree / "missing.txt", str(tree / "nothing-*.txt")]
    articles = list(read_articles(paths, on_error=errors.append))
    assert names(a.source for a in articles) == ["a.txt", "b.txt.gz", "c.text", "d.txt"]
    assert all(a.title == TITLE for a in articles)
    reported = sorted((Path(e.path).name, e.reason) for e in errors)
    assert reported == [
        ("empty.txt", "empty file"),
        ("locked.txt", "cannot read: Permission denied"),
        ("missing.txt", "no such file or folder"),
        ("nothing-*.txt", "no files match this pattern"),
    ]


def test_sources_are_normalised_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(SCRAPE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    article = read_article("./sub/../sub/a.txt")
    assert (article.source, article.id) == ("sub/a.txt", "sub/a.txt")
