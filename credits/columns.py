"""The one declared column list, and how an article becomes rows of it.

The catalogue's DataFrame, the workbook's Entries sheet, the CSV and the JSON all use these
names in this order (``../shared/design.md``, "Columns"). ``image_key`` is an extra, internal
column: it tells distinct images apart (the same photo in five articles is one image).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from .models import Article, Entry
from .normalize import clean

COLUMNS: tuple[str, ...] = (
    "article_id",
    "source",
    "url",
    "article_title",
    "published",
    "publisher",
    "position",
    "kind",
    "gallery",
    "title",
    "caption",
    "credit",
    "photographers",
    "agencies",
    "distributor",
    "flags",
    "line",
)
#: Columns that hold lists; flat outputs join them with LIST_SEPARATOR.
LIST_COLUMNS: tuple[str, ...] = ("photographers", "agencies", "flags")
LIST_SEPARATOR = "; "
#: The internal column that identifies an image across articles.
IMAGE_KEY = "image_key"


def image_key(entry: Entry) -> str:
    """The image URL when the source gives one, else a hash of caption and credit.

    Query strings and fragments are dropped from URLs, so resized copies of one picture
    (``photo.jpg?w=800``) count once.
    """
    if entry.image:
        return entry.image.split("#", 1)[0].split("?", 1)[0]
    credit = entry.credit.raw if entry.credit else ""
    text = f"{clean(entry.caption).casefold()}\x1f{clean(credit).casefold()}"
    return "sha1:" + hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def entry_row(article: Article, entry: Entry) -> dict[str, Any]:
    """One entry of one article as a row: lists stay tuples, flags sorted."""
    credit = entry.credit
    return {
        "article_id": article.id,
        "source": article.source,
        "url": article.url,
        "article_title": article.title,
        "published": article.published,
        "publisher": article.publisher,
        "position": entry.position,
        "kind": entry.kind,
        "gallery": entry.gallery,
        "title": entry.title,
        "caption": entry.caption,
        "credit": credit.raw if credit else None,
        "photographers": credit.photographers if credit else (),
        "agencies": credit.agencies if credit else (),
        "distributor": credit.distributor if credit else None,
        "flags": tuple(sorted(entry.flags)),
        "line": entry.line,
        IMAGE_KEY: image_key(entry),
    }


def article_rows(article: Article) -> Iterator[dict[str, Any]]:
    """Every entry of ``article`` as a row, in order."""
    for entry in article.entries:
        yield entry_row(article, entry)


def join_list(value: Any) -> str:
    """A list column's value as flat text: ``("A", "B")`` → ``"A; B"``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return LIST_SEPARATOR.join(str(item) for item in value)
