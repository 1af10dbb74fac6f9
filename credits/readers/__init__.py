"""Read articles: files, folders and globs → :class:`~credits.models.Article`.

``read_article`` reads one file with the reader that fits it (plain-text scrape or HTML page);
``read_articles`` expands folders and globs and keeps going past unreadable files, reporting
each with its path and reason.
"""

from __future__ import annotations

import glob
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from ..errors import ReadError
from ..models import Article
from .html import read_html
from .source import load_document
from .text import read_text

ReaderName = Literal["auto", "text", "html"]
READERS = ("auto", "text", "html")

# Files a folder scan picks up: scrapes and pages, optionally gzipped.
ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".shtml")

log = logging.getLogger("credits")


def read_article(source: str | Path, *, reader: ReaderName = "auto") -> Article:
    """Read one article file; raise ReadError (naming the file) when it cannot be read.

    ``reader`` is ``"auto"`` (detect plain text vs HTML), ``"text"`` or ``"html"``.
    """
    if reader not in READERS:
        raise ValueError(f"reader must be one of {', '.join(READERS)}, got {reader!r}")
    document = load_document(source)
    kind = document.kind if reader == "auto" else reader
    try:
        if kind == "html":
            return read_html(document.data, source=document.path)
        return read_text(document.text, source=document.path)
    except RecursionError:
        raise ReadError(source, "structure nested too deeply to read") from None


def _is_article_file(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return not path.name.startswith(".") and name.endswith(ARTICLE_SUFFIXES)


def expand_paths(
    paths: Iterable[str | Path], *, on_error: Callable[[ReadError], None] | None = None
) -> Iterator[Path]:
    """Files named by ``paths``: files as given, folders searched recursively for article
    files (``.txt``, ``.html``, ``.htm``, optionally ``.gz``), globs expanded. Each file once."""
    report = on_error or _log_error
    seen: set[str] = set()

    def once(path: Path) -> Iterator[Path]:
        key = os.path.realpath(path)  # "a.txt", "./a.txt" and a link to it are one file
        if key not in seen:
            seen.add(key)
            yield path

    for item in paths:
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _is_article_file(p))
            for file in files:
                yield from once(file)
        elif path.exists():
            yield from once(path)
        elif glob.has_magic(str(item)):
            # glob.glob, not Path.glob: the pattern may be absolute or start with "..".
            matches = sorted(glob.glob(str(item), recursive=True))  # noqa: PTH207
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                report(ReadError(item, "no files match this pattern"))
            for file in files:
                yield from once(file)
        else:
            report(ReadError(item, "no such file or folder"))


def read_articles(
    paths: Iterable[str | Path],
    *,
    reader: ReaderName = "auto",
    on_error: Callable[[ReadError], None] | None = None,
) -> Iterator[Article]:
    """Articles from files, folders and globs. An unreadable file is passed to ``on_error``
    (default: logged as a warning) and the rest are still read."""
    report = on_error or _log_error
    for path in expand_paths(paths, on_error=report):
        try:
            yield read_article(path, reader=reader)
        except ReadError as error:
            report(error)


def _log_error(error: ReadError) -> None:
    log.warning("%s", error)


__all__ = ["READERS", "expand_paths", "read_article", "read_articles"]
