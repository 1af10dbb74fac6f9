"""Turn a file into text: gzip, byte-order marks, UTF-8 or Windows-1252, CRLF; HTML or not.

Every failure is a :class:`~credits.errors.ReadError` naming the file and the reason.
"""

from __future__ import annotations

import codecs
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import regex

from ..errors import ReadError

DocumentKind = Literal["text", "html"]

# Largest document read, after decompression. Real articles are well under 5 MB; this bounds
# memory and time for a hostile or broken file while leaving room for huge pages.
MAX_BYTES = 64 * 1024 * 1024

_GZIP_MAGIC = b"\x1f\x8b"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
# The charset a page declares: <meta charset="iso-8859-1">, content="text/html; charset=…".
_DECLARED_CHARSET = regex.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", regex.I
)
# Markup at the start of a document: <!DOCTYPE html>, <html, <?xml … <html, <head, <body.
# Possessive, so a run of empty comments ("<!---->" * 30) cannot make it backtrack for ever.
_HTML_START = regex.compile(
    r"^\s*+(?:<!--.*?-->\s*+)*+<(?:!doctype\s+html|html|head|body|\?xml)", regex.I | regex.S
)
# Markup anywhere near the start: a scrape that begins with a <div> or <article>.
_HTML_TAGS = regex.compile(r"<(?:html|head|body|article|div|figure|p|meta|script)[\s>]", regex.I)
# What a text file rarely holds: control characters other than tab, line and form feed, and
# the replacement character a decoder leaves for bytes it could not read.
_ODD_CHARACTERS = regex.compile(r"[\x00-\x08\x0b\x0d-\x1f\ufffd]")
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_TEXT_SUFFIXES = {".txt", ".text", ".md"}


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded source file: its text, and the same text as UTF-8 bytes (what the HTML
    parser reads, so a page is not encoded again after it was decoded)."""

    path: str
    text: str
    kind: DocumentKind
    data: bytes


def source_name(path: str | Path) -> str:
    """The normalised form of a path used as ``Article.source``: POSIX slashes, no ``./``."""
    return Path(os.path.normpath(path)).as_posix()


def _inflate(data: bytes, path: Path) -> bytes:
    """Every member of a gzip file (``cat a.gz b.gz`` is one valid file), at most MAX_BYTES."""
    parts: list[bytes] = []
    size = 0
    while data[:2] == _GZIP_MAGIC:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            part = inflater.decompress(data, MAX_BYTES + 1 - size)
        except zlib.error as error:
            raise ReadError(path, f"corrupt gzip data ({error})") from None
        size += len(part)
        if size > MAX_BYTES:
            raise ReadError(path, f"larger than {MAX_BYTES // 2**20} MB when decompressed")
        if not inflater.eof:
            raise ReadError(path, "truncated gzip data")
        parts.append(part)
        data = inflater.unused_data  # the next member, or padding that gzip(1) ignores too
    return parts[0] if len(parts) == 1 else b"".join(parts)


def decode(data: bytes) -> str:
    """Bytes to text: a byte-order mark wins, then UTF-8, then a declared charset, then
    Windows-1252 (the Western default that also covers Latin-1). Line ends become ``\\n``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_legacy(data: bytes) -> str:
    declared = _DECLARED_CHARSET.search(data, 0, 4096)
    if declared is not None:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
            if encoding not in ("utf-8", "utf-16", "utf-32"):
                return data.decode(encoding, errors="replace")
        except LookupError:
            pass
    # Windows-1252 leaves five bytes undefined; Latin-1 maps them to the C1 controls.
    return "".join(
        chunk.decode("cp1252", errors="strict") if ok else chunk.decode("latin-1")
        for ok, chunk in _cp1252_chunks(data)
    )


def _cp1252_chunks(data: bytes) -> list[tuple[bool, bytes]]:
    undefined = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
    if not undefined.intersection(data):
        return [(True, data)]
    chunks: list[tuple[bool, bytes]] = []
    start = 0
    for index, byte in enumerate(data):
        if byte in undefined:
            if start < index:
                chunks.append((True, data[start:index]))
            chunks.append((False, data[index : index + 1]))
            start = index + 1
    if start < len(data):
        chunks.append((True, data[start:]))
    return chunks


def detect_kind(text: str, path: str | Path = "") -> DocumentKind:
    """HTML or plain text, from the start of the content, else from the file name."""
    head = text[:4096]
    if _HTML_START.match(head):
        return "html"
    suffixes = {s.lower() for s in Path(path).suffixes}
    if suffixes & _HTML_SUFFIXES:
        return "html"
    if suffixes & _TEXT_SUFFIXES:
        return "text"
    return "html" if len(_HTML_TAGS.findall(head)) >= 3 else "text"


def load_document(path: str | Path) -> Document:
    """Read, decompress and decode one file; raise ReadError when it is not an article."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ReadError(path, "is a folder, not a file")
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            # A FIFO blocks on open, /dev/zero never ends: only regular files are articles.
            raise ReadError(path, "not a regular file")
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)  # st_size may lie (it is 0 in /proc)
        if len(data) > MAX_BYTES:
            raise ReadError(path, f"larger than {MAX_BYTES // 2**20} MB")
    except ReadError:
        raise
    except FileNotFoundError:
        raise ReadError(path, "no such file") from None
    except OSError as error:
        raise ReadError(path, f"cannot read: {error.strerror or error}") from None
    if data.startswith(_GZIP_MAGIC):
        data = _inflate(data, path)
    if not data or data.isspace():
        raise ReadError(path, "empty file")
    if data.find(b"\x00", 0, 8192) >= 0 and not data.startswith(_BOM_PREFIXES):
        raise ReadError(path, "binary file, not an article")
    text, data = _decode_utf8(data) or _decode_other(data)
    if _looks_binary(text):
        raise ReadError(path, "binary file, not an article")
    return Document(source_name(path), text, detect_kind(text, path), data)


def _decode_utf8(data: bytes) -> tuple[str, bytes] | None:
    """Text and bytes of UTF-8 without a byte-order mark (nearly every file), line ends made
    ``\\n`` in the bytes first: one pass less than on the text, and the bytes need them too."""
    if data.startswith(_BOM_PREFIXES):
        return None
    if b"\r" in data:
        # \r is never part of a multi-byte UTF-8 character, so the text is the same.
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError:
        return None


def _decode_other(data: bytes) -> tuple[str, bytes]:
    """Text and UTF-8 bytes of a file with a byte-order mark or in a legacy encoding."""
    text = decode(data)
    # "ignore" drops what UTF-8 cannot hold (a lone surrogate from UTF-7), as lexbor's
    # wrapper does with text.
    return text, text.encode("utf-8", "ignore")


def _looks_binary(text: str) -> bool:
    """Mostly control or replacement characters in the first few kilobytes."""
    sample = text[:4096]
    return len(_ODD_CHARACTERS.findall(sample)) > max(8, len(sample) // 10)
