"""Read an article's HTML page: one Entry per picture, with its caption and its credit.

Generic, for pages of any publisher: what marks a caption, a credit, a gallery or a block that
is not the article's own lives in ``credits/data/html_hints.toml``. The page is parsed once
(lexbor) and queried once for everything the page-level pass needs. For each picture, a short
walk up its ancestors finds the block holding its caption (its "unit": the ``<figure>``, else
the smallest block with text), and a walk down that block reads its visible text, noting where
credit and caption elements sit in it. JSON-LD ``ImageObject``s fill in credits the markup
lacks. Odd markup never raises: the reader returns what it could read.
"""

from __future__ import annotations

import json
import re
import threading
import tomllib
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, unquote, urljoin

import regex
from selectolax.lexbor import LexborCSSSelector, LexborHTMLParser, LexborNode

from ..credit_line import or_pattern, read_credit, split_caption
from ..errors import RegistryError
from ..models import Article, Credit, Entry, EntryKind
from ..vocabulary import check_data

# How far up from a picture its unit, gallery and noise markers are looked for.
MAX_ANCESTORS = 12
# A <figure> further up than this does not own the picture (it wraps a whole section).
MAX_FIGURE_DEPTH = 8
# Without a <figure>, the unit is one of the picture's nearest few ancestors.
MAX_BLOCK_DEPTH = 6
# Nodes read in one block: bounds the time absurd markup (100,000 nested tags) can take.
MAX_BLOCK_NODES = 5_000
# Text longer than this in a block without <figure> is body text, not a caption.
MAX_CAPTION_BLOCK = 1_000
# A caption block beside an empty figure or picture wrapper is short.
MAX_SIBLING_CAPTION = 400
# An element with a credit class holding more text than this holds more than the credit.
MAX_CREDIT_TEXT = 300
# A <small>/<cite>/<footer> read as a credit without a marker is this short.
MAX_BARE_CREDIT = 80
# A caption starting like an author line ("Von Martin Ahlers") and this short is a byline.
MAX_BYLINE = 80
# Class names whose noise verdict is remembered (across pages: sites repeat them).
MAX_CACHED_CLASSES = 50_000
# How deep a name is looked for in a JSON-LD field: {"author": [{"name": "…"}]}.
MAX_NAME_DEPTH = 4
# JSON-LD larger than this (characters) is skipped.
MAX_JSON_LD = 5_000_000

# Pathological markup (see _parseable): samples of PROBE bytes, at most PROBES of them,
# are dense when they hold a tag per DENSE bytes, or an attribute per 2 * DENSE and no
# ">"; then nesting past MAX_NESTING or a tag with more than MAX_ATTRIBUTES attributes ends
# what is parsed.
PROBE = 2_048
PROBES = 16
DENSE = 8
MAX_NESTING = 10_000
MAX_ATTRIBUTES = 2_000
# Elements that never hold others, so never nest: "<img", "<meta"… (as written in markup).
_VOID_TAGS = (b"<img", b"<meta", b"<link", b"<br", b"<input", b"<source", b"<hr", b"<wbr", b"<area")

# Not yet looked at (a verdict may be None).
_UNSEEN = object()
# Characters that take no room: zero-width spaces and joiners, soft hyphen, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# --- tags by number --------------------------------------------------------------------------
# lexbor numbers the tags it knows from 1 to a few hundred; a custom element's number is the
# address of its name in one document. Reading a number takes a tenth of the time of reading
# a name (node.tag_id vs node.tag: 20 vs 160 ns), so tags are compared by number, and only
# custom elements (numbers from _CUSTOM_TAG up) by name.
_CUSTOM_TAG = 1 << 16
_TAG_FACTORY = LexborHTMLParser("")


def _tag_id(name: str) -> int:
    """lexbor's number for a tag name (meaningful below _CUSTOM_TAG)."""
    return _TAG_FACTORY.create_node(name).tag_id


def _tag_set(names: Iterable[str]) -> frozenset[int | str]:
    """The names, and the numbers of those lexbor knows: what ``_tag_key(node) in`` tests."""
    keys: set[int | str] = set(names)
    keys.update(n for n in map(_tag_id, list(keys)) if n < _CUSTOM_TAG)
    return frozenset(keys)


def _tag_key(node: LexborNode) -> int | str:
    """A node's tag number, or the name of a custom element (inlined where it counts)."""
    tag = node.tag_id
    return tag if tag < _CUSTOM_TAG else node.tag


_TAG_TEXT = LexborHTMLParser("x").body.first_child.tag_id
_TAG_A, _TAG_BASE, _TAG_BODY, _TAG_FIGURE, _TAG_H1, _TAG_HEAD, _TAG_HTML, _TAG_LINK = map(
    _tag_id, ("a", "base", "body", "figure", "h1", "head", "html", "link")
)
_TAG_MAIN = _tag_id("main")
_TAG_META, _TAG_NOSCRIPT, _TAG_P, _TAG_PICTURE, _TAG_SCRIPT, _TAG_SOURCE = map(
    _tag_id, ("meta", "noscript", "p", "picture", "script", "source")
)
_TAG_TIME, _TAG_TITLE = map(_tag_id, ("time", "title"))
_TAG_PAGE = frozenset((_TAG_BODY, _TAG_HTML))  # where the walk up from a picture stops
_TAG_HEADINGS = frozenset(map(_tag_id, ("h1", "h2", "h3", "h4", "h5", "h6")))

# --- the vocabulary ------------------------------------------------------------------------------

# html_hints.toml: section -> key -> type of the value.
_SCHEMA: dict[str, dict[str, type]] = {
    "pictures": {
        "tags": list,
        "custom_tag_words": list,
        "srcset_attributes": list,
        "url_attributes": list,
        "noise_url_words": list,
        "noise_extensions": list,
        "proxy_query_keys": list,
        "min_size": int,
    },
    "credit": {
        "class_words": list,
        "tags": list,
        "picture_attributes": list,
        "caption_attributes": list,
    },
    "caption": {"class_words": list, "tags": list},
    "gallery": {"class_words": list},
    "noise": {"tags": list, "class_words": list, "suffix_words": list, "byline_starts": list},
    "text": {"hidden_tags": list, "hidden_class_words": list, "inline_tags": list},
    "page": {
        "article_types": list,
        "page_types": list,
        "published_meta": list,
        "title_meta": list,
        "publisher_meta": list,
        "url_meta": list,
        "lead_image_meta": list,
    },
}


@dataclass(frozen=True, slots=True)
class _Words:
    """Words looked for inside lower-cased text such as class names. A substring test per
    word is several times faster here than one case-insensitive alternation (measured)."""

    words: tuple[str, ...]

    def found_in(self, text: str) -> bool:
        for word in self.words:  # noqa: SIM110 - a plain loop is 3x faster than any(genexpr)
            if word in text:
                return True
        return False


def _words(words: Iterable[str]) -> _Words:
    return _Words(tuple(dict.fromkeys(w.lower() for w in words)))


@dataclass(frozen=True, slots=True)
class Hints:
    """The HTML reader's vocabulary, compiled for lookups."""

    picture_tags: frozenset[int | str]  # see _tag_set
    custom_tag_words: tuple[str, ...]
    srcset_attributes: tuple[str, ...]
    url_attributes: tuple[str, ...]
    noise_url: _Words
    noise_extensions: tuple[str, ...]
    proxy_query_keys: frozenset[str]
    min_size: int
    credit_class: _Words
    credit_tags: frozenset[int | str]  # see _tag_set
    credit_attributes: tuple[str, ...]
    caption_attributes: tuple[str, ...]
    caption_class: _Words
    caption_tags: frozenset[int | str]  # see _tag_set
    gallery_class: _Words
    noise_tags: frozenset[int | str]  # see _tag_set
    noise_words: frozenset[str]
    noise_suffixes: frozenset[str]
    byline: regex.Pattern[str]
    hidden_tags: frozenset[int | str]  # see _tag_set
    hidden_class: _Words
    hidden_whole: regex.Pattern[str]
    inline_tags: frozenset[int | str]  # see _tag_set
    article_types: frozenset[str]
    page_types: frozenset[str]
    published_meta: tuple[str, ...]
    title_meta: tuple[str, ...]
    publisher_meta: tuple[str, ...]
    url_meta: tuple[str, ...]
    lead_image_meta: tuple[str, ...]
    # Class names seen before -> is_noise_class(), class_marks(): pages and sites repeat them.
    noise_cache: dict[str, bool] = field(default_factory=dict, compare=False, hash=False)
    marks_cache: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def class_marks(self, marks: str) -> int:
        """What class names (as written) say about an element, as bits: _HIDDEN (text only
        screen readers get), _CREDIT_CLASS, _CAPTION_CLASS, _GALLERY_CLASS."""
        known = self.marks_cache.get(marks)
        if known is None:
            if len(self.marks_cache) >= MAX_CACHED_CLASSES:
                self.marks_cache.clear()
            lower = marks.lower()
            known = self.marks_cache[marks] = (
                (_HIDDEN if self.is_hidden_class(lower) else 0)
                | (_CREDIT_CLASS if self.credit_class.found_in(lower) else 0)
                | (_CAPTION_CLASS if self.caption_class.found_in(lower) else 0)
                | (_GALLERY_CLASS if self.gallery_class.found_in(lower) else 0)
            )
        return known

    def is_hidden_class(self, marks: str) -> bool:
        """True for lower-cased class names of text only screen readers get, or of icons:
        whole words only ("icon" in "caption-icon", not in "externalicon")."""
        return self.hidden_class.found_in(marks) and self.hidden_whole.search(marks) is not None

    def is_noise_class(self, marks: str) -> bool:
        """True when a class/id token names a block that is not the article's own: its head
        word, before structural suffixes, is a noise word (``related-list__item``,
        ``c-author__avatar``, ``adSlot``, ``authorsimages``)."""
        known = self.noise_cache.get(marks)
        if known is None:
            if len(self.noise_cache) >= MAX_CACHED_CLASSES:
                self.noise_cache.clear()
            known = self.noise_cache[marks] = any(map(self._is_noise_token, marks.split()))
        return known

    def _is_noise_token(self, token: str) -> bool:
        words = [w.lower() for w in _CLASS_WORD.findall(token)]
        while words and self._is_suffix(words[-1]):
            words.pop()
        return bool(words) and self._is_noise_word(words[-1])

    def _is_suffix(self, word: str) -> bool:
        return word in self.noise_suffixes or (
            word[-1:] == "s" and word[:-1] in self.noise_suffixes
        )

    def _is_noise_word(self, word: str) -> bool:
        if word in self.noise_words:
            return True
        # Glued to a suffix: "adslot", "navbar", "authorsimages".
        return any(
            word[:cut] in self.noise_words and self._is_suffix(word[cut:])
            for cut in range(2, len(word) - 2)
        )


# Bits of Hints.class_marks().
_HIDDEN, _CREDIT_CLASS, _CAPTION_CLASS, _GALLERY_CLASS = 1, 2, 4, 8
# The words of a class name: "c-relatedList__item2" → c, related, List, item2.
_CLASS_WORD = regex.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def parse_hints(text: str, source: str = "html_hints.toml") -> Hints:
    """Validate and compile the text of an ``html_hints.toml``; RegistryError names the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RegistryError(f"{source}: {error}") from None
    check_data(data, _SCHEMA, source)
    pictures, credit, noise, page = data["pictures"], data["credit"], data["noise"], data["page"]
    lower = str.lower
    hidden_words = data["text"]["hidden_class_words"]
    return Hints(
        picture_tags=_tag_set(map(lower, pictures["tags"])),
        custom_tag_words=tuple(map(lower, pictures["custom_tag_words"])),
        srcset_attributes=tuple(map(lower, pictures["srcset_attributes"])),
        url_attributes=tuple(map(lower, pictures["url_attributes"])),
        noise_url=_words(pictures["noise_url_words"]),
        noise_extensions=tuple(map(lower, pictures["noise_extensions"])),
        proxy_query_keys=frozenset(pictures["proxy_query_keys"]),
        min_size=pictures["min_size"],
        credit_class=_words(credit["class_words"]),
        credit_tags=_tag_set(map(lower, credit["tags"])),
        credit_attributes=tuple(map(lower, credit["picture_attributes"])),
        caption_attributes=tuple(map(lower, credit["caption_attributes"])),
        caption_class=_words(data["caption"]["class_words"]),
        caption_tags=_tag_set(map(lower, data["caption"]["tags"])),
        gallery_class=_words(data["gallery"]["class_words"]),
        noise_tags=_tag_set(map(lower, noise["tags"])),
        noise_words=frozenset(map(lower, noise["class_words"])),
        noise_suffixes=frozenset(map(lower, noise["suffix_words"])),
        byline=regex.compile(rf"(?:{or_pattern(noise['byline_starts'])})\s", regex.IGNORECASE),
        hidden_tags=_tag_set(map(lower, data["text"]["hidden_tags"])),
        hidden_class=_words(hidden_words),
        hidden_whole=regex.compile(
            rf"(?<![a-z\d])(?:{or_pattern(map(lower, hidden_words))})(?![a-z\d])"
        ),
        inline_tags=_tag_set(map(lower, data["text"]["inline_tags"])),
        article_types=frozenset(page["article_types"]),
        page_types=frozenset(page["page_types"]),
        published_meta=tuple(map(lower, page["published_meta"])),
        title_meta=tuple(map(lower, page["title_meta"])),
        publisher_meta=tuple(map(lower, page["publisher_meta"])),
        url_meta=tuple(map(lower, page["url_meta"])),
        lead_image_meta=tuple(map(lower, page["lead_image_meta"])),
    )


@cache
def hints() -> Hints:
    """The bundled vocabulary of the HTML reader, loaded and validated once."""
    text = resources.files("credits.data").joinpath("html_hints.toml").read_text("utf-8")
    return parse_hints(text, "credits/data/html_hints.toml")


# --- visible text of a block -----------------------------------------------------------------

_CREDIT, _FALLBACK, _CAPTION, _LINK = 1, 2, 3, 4
# A caption block whose text is mostly link text is a teaser card for another page.
MAX_LINKED_SHARE = 0.6


@dataclass(slots=True)
class _Block:
    """The visible text of one element, and where in it its credit and caption elements are.

    Edges of non-inline elements are ``\\n`` in ``text``: a credit in its own ``<span>`` after
    the caption stands on its own line, the way ``split_caption`` looks for it.
    """

    text: str = ""
    credits: list[tuple[int, int]] = field(default_factory=list)  # credit class / itemprop
    fallbacks: list[tuple[int, int]] = field(default_factory=list)  # <small>, <cite>, <footer>
    captions: list[tuple[int, int]] = field(default_factory=list)  # <figcaption>, caption class
    links: list[tuple[int, int]] = field(default_factory=list)  # <a href>
    headings: int = 0
    linked_headings: int = 0  # headings inside or around a link: a teaser card
    complete: bool = True  # False: read up to a limit, the text is longer


def _marks(node: LexborNode) -> str:
    """The words an element is marked with: its class, id and itemprop. Only these values are
    read: ``node.attributes`` decodes every value (a picture's srcset: 1.5 µs vs 0.4 µs)."""
    if not node.is_element_node:
        return ""
    attrs = node.attrs
    if not len(attrs):
        return ""
    marks = ident = prop = None
    for name in attrs:
        if name == "class":
            marks = attrs[name]
        elif name == "id":
            ident = attrs[name]
        elif name == "itemprop":
            prop = attrs[name]
    marks = marks or ""
    if ident:
        marks = f"{marks} {ident}"
    if prop:
        marks = f"{marks} {prop}"
    return marks


def _read_block(root: LexborNode, words: Hints, limit: int | None = None) -> _Block:
    """Walk ``root`` (iteratively: nesting depth is unbounded) and collect its visible text;
    with ``limit``, stop as soon as the text is longer (the block is then not ``complete``)."""
    block = _Block()
    out: list[str] = []
    size = 0
    gap = ""  # the separator owed before the next text: "", " " or "\n"
    spans = (None, block.credits, block.fallbacks, block.captions, block.links)  # by kind
    hidden_tags, inline_tags = words.hidden_tags, words.inline_tags
    caption_tags, credit_tags, class_marks = (
        words.caption_tags,
        words.credit_tags,
        words.class_marks,
    )
    marks_cache, headings = words.marks_cache, _TAG_HEADINGS
    in_heading = in_link = 0
    # Entries: a node to enter (its next sibling is pushed when it is entered, its first
    # child after it), or (kind, start, inline, role) to leave an element; role 1 is a
    # heading, 2 a link.
    stack: list[Any] = [root]
    push, pop = stack.append, stack.pop
    visited = 0
    while stack and visited < MAX_BLOCK_NODES:
        node = pop()
        if type(node) is tuple:
            kind, start, inline, role = node
            if kind:
                spans[kind].append((start, size))
            if not inline:
                gap = "\n"
            if role == 1:
                in_heading -= 1
            elif role == 2:
                in_link -= 1
            continue
        visited += 1
        if node is not root:
            sibling = node.next
            if sibling is not None:
                push(sibling)
        tag = node.tag_id
        if tag == _TAG_TEXT:
            if node.is_empty_text_node:  # white space (most text nodes): no string made
                if not gap and node.text_content:
                    gap = " "
                continue
            raw = node.text_content or ""
            if not raw.isascii():  # the invisible characters are not ASCII
                raw = raw.translate(_INVISIBLE)
            core = " ".join(raw.split())
            if not core:
                gap = gap or (" " if raw else "")
                continue
            if raw[0].isspace() and not gap:
                gap = " "
            if (
                size
                and gap
                and not (gap == "\n" and (out[-1][-1] in "([" or core[0] in ",.;:!?)]"))
            ):
                out.append(gap)
                size += len(gap)
            out.append(core)
            size += len(core)
            gap = " " if raw[-1].isspace() else ""
            if limit is not None and size > limit:
                block.complete = False
                break
            continue
        if not node.is_element_node:
            continue
        if tag >= _CUSTOM_TAG:
            tag = node.tag
        if tag in hidden_tags:
            continue
        marks = _marks(node)
        flags = marks_cache.get(marks, -1) if marks else 0
        if flags < 0:
            flags = class_marks(marks)
        if flags & _HIDDEN and node is not root:
            continue
        kind = role = 0
        if flags & _CREDIT_CLASS:  # also itemprop="copyrightHolder"
            kind = _CREDIT
        elif tag in caption_tags or flags & _CAPTION_CLASS:
            kind = _CAPTION
        elif tag in credit_tags:
            kind = _FALLBACK
        if tag in headings:
            block.headings += 1
            block.linked_headings += in_link > 0
            in_heading += 1
            role = 1
        elif tag == _TAG_A:
            in_link += 1
            role = 2
            if node.attributes.get("href"):
                block.linked_headings += in_heading > 0
                kind = kind or _LINK
        inline = tag in inline_tags
        if not inline:
            gap = "\n"
        child = node.first_child
        if child is None:  # left at once (a picture, a <br>, an empty element)
            if kind:
                spans[kind].append((size, size))
            if role == 1:
                in_heading -= 1
            elif role == 2:
                in_link -= 1
            continue
        push((kind, size, inline, role))
        push(child)
    block.text = "".join(out)
    return block


def _flat(text: str) -> str:
    """Text on one line with single spaces."""
    return " ".join(text.split())


def _caption_text(text: str) -> str:
    """A caption without the separators left where a credit was cut out."""
    return _flat(text).strip("|/–—-·•,;: ")


def _cluster(text: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first credit in ``text``: the first credit element, with the ones nested in it or
    right next to it ("Photo by X" + " /" + "AFP via Getty Images")."""
    usable = sorted(
        ((s, e) for s, e in spans if 0 < len(text[s:e].strip()) <= MAX_CREDIT_TEXT),
        key=lambda span: (span[0], -span[1]),
    )
    if not usable:
        return None
    start, end = usable[0]
    for s, e in usable[1:]:
        if s < end or len(text[end:s].strip()) <= 3:
            end = max(end, e)
        else:
            break
    return start, end


def _credit_of(text: str) -> Credit:
    """The credit a credit element prints, split as ``parse_credit`` splits the printed
    string, else read whole (``Tobias Koch``, ``Etlaq``); its raw text is the element's."""
    flat = _flat(text)
    credit = split_caption(flat)[1]
    if credit is None:
        return read_credit(flat)
    return credit if credit.raw == flat else replace(credit, raw=flat)


def _bare_credit(text: str) -> Credit | None:
    """A credit in a ``<small>``/``<cite>``/``<footer>``: found by ``split_caption``, or a
    short text that names a person or a known agency (not "26.10.2025 | 2:43 min")."""
    flat = _flat(text)
    credit = split_caption(flat)[1]
    if credit is None and len(flat) <= MAX_BARE_CREDIT:
        credit = read_credit(flat)
        if not (credit.photographers or (credit.agencies and "unknown_agency" not in credit.flags)):
            return None
    return credit


def _one_line(credit: Credit | None) -> Credit | None:
    """The credit with its raw text on one line (element edges were line breaks)."""
    if credit is None or "\n" not in credit.raw:
        return credit
    return replace(credit, raw=_flat(credit.raw))


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a unit says about its picture."""

    caption: str
    credit: Credit | None
    marked: bool  # the unit has caption or credit elements: it is a caption block
    card: bool  # a linked headline, or a caption that is mostly a link: a teaser card


def _read_unit(block: _Block) -> _Reading:
    """Caption and credit of a unit: a credit element, else a ``<small>``-like element, else
    the credit at the end of the caption."""
    text = block.text
    credit_span = _cluster(text, block.credits)
    captions = [
        (s, e)
        for s, e in sorted(block.captions, key=lambda span: (span[0], -span[1]))
        if text[s:e].strip() and not (credit_span and credit_span[0] <= s < credit_span[1])
    ]
    start, end = captions[0] if captions else (0, len(text))
    marked = bool(captions or credit_span)
    if credit_span is not None:
        credit = _credit_of(text[credit_span[0] : credit_span[1]])
    else:
        credit_span, credit = _fallback_credit(block, (start, end))
        marked = marked or credit is not None
    if credit_span is not None:
        # The credit is cut out of the caption when it stands inside it.
        cut = credit_span if start <= credit_span[0] < end else (end, end)
        caption = _caption_text(text[start : cut[0]] + "\n" + text[cut[1] : end])
    else:
        cut = (end, end)
        caption, credit = split_caption(text[start:end])
        caption, credit = _caption_text(caption), _one_line(credit)
    parts = ((start, cut[0]), (cut[1], end))
    linked = sum(_overlap_size(link, part) for link in block.links for part in parts)
    size = (cut[0] - start) + (end - cut[1])
    card = block.linked_headings > 0 or linked > MAX_LINKED_SHARE * max(1, size)
    return _Reading(caption, credit, marked, card)


def _fallback_credit(
    block: _Block, caption: tuple[int, int]
) -> tuple[tuple[int, int] | None, Credit | None]:
    """The first ``<small>``/``<cite>``/``<footer>`` that holds a credit (and not the whole
    caption), and that credit."""
    text = block.text
    for s, e in sorted(block.fallbacks):
        credit = _bare_credit(text[s:e])
        if credit is not None and text[s:e].strip() != text[caption[0] : caption[1]].strip():
            return (s, e), credit
    return None, None


def _overlap_size(one: tuple[int, int], other: tuple[int, int]) -> int:
    return max(0, min(one[1], other[1]) - max(one[0], other[0]))


# --- picture URLs ----------------------------------------------------------------------------

# Path segments and file-name endings that only size or crop a picture:
# "800x600", "w_800", "1200w", "s1200", "fit-in", "c_limit,w_800", "w=640,h=256,q=60",
# "image-1024x683.jpg".
_SIZE_SEGMENT = regex.compile(
    r"\d{2,5}x\d{0,5}!?|\d{2,5}[wh]|[wh]_?\d{2,5}|s\d{2,5}[a-z]?|fit-in"
    r"|[a-z]{1,8}=[^,/]*(?:,[a-z]{1,8}=[^,/]*)*|[a-z]{1,3}_[a-z0-9.:]+(?:,[a-z]{1,3}_[a-z0-9.:]+)*",
    regex.IGNORECASE,
)
_SIZE_SUFFIX = regex.compile(
    r"[-_.](?:\d{2,5}x\d{2,5}|\d{2,5}[wh]|[wh]\d{2,5}|scaled|large|medium|small|thumb)$"
    r"|~.*$",  # the ARD/ZDF rendition: "putin-240~1280x720", "bild-222~_v-gseagaleriexl"
    regex.IGNORECASE,
)
# A short number in a path: a size when the file name is distinctive ("/img/1100/194191.jpg").
_NUMBER = regex.compile(r"(?!(?:19|20)\d\d$)\d{1,4}")
# The asset id of a picture, shared by all its renditions: a UUID or a long hex hash.
_ASSET_ID = regex.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|(?<![0-9a-f])[0-9a-f]{24,64}(?![0-9a-f])",
    regex.IGNORECASE,
)
# 24 hex digits or hyphens in a row, as in every asset id ("1f0c2a7e-5b1d-4c3e-…"): most paths
# have none, and the stdlib's engine rules that out three times faster than _ASSET_ID's search
# (a plain character class: both engines read it alike).
_ASSET_RUN = re.compile(r"[0-9a-fA-F-]{24}")
# Links to these are links to a picture, not to another page.
_PICTURE_FILES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
# What separates the words of a picture key.
_NON_WORD = regex.compile(r"[^a-z0-9]+")
# A file extension at the end of a path: ".jpg", ".webp".
_EXTENSION = regex.compile(r"\.[a-z0-9]{2,5}$", regex.IGNORECASE)
# A width or density descriptor in a srcset: "800w", "2x", "1.5x" (anchored: used with match).
_DESCRIPTOR = regex.compile(r"\A(\d++(?:\.\d++)?)([wx])", regex.IGNORECASE)
# The units of a srcset descriptor.
_UNITS = frozenset("wWxX")


# White space as the regex module's \s reads it (the stdlib's \s also takes \x1c-\x1f), escaped
# for a character class.
_SPACE = re.escape(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
# One candidate of a srcset, as the HTML standard reads it: a URL runs to the next space (it
# may hold commas: "?crop=2859,1787 2x"); commas ending it end the candidate, else a descriptor
# follows up to the next comma: "a.jpg 400w, b.jpg 2x", "a.jpg,b.jpg". Run by the stdlib's
# engine (2.5 times faster here). It matches wherever the previous match ended, trailing
# separators too (as an empty, unusable candidate), so a run of separators is never re-scanned:
# linear time.
_SRCSET_CANDIDATE = re.compile(rf"[{_SPACE},]*+([^{_SPACE}]*+)(?:(?<=,)|[{_SPACE}]*+([^,]*+),?+)")


def _widest(value: str) -> tuple[str | None, float]:
    """The first usable URL of the largest width in a srcset, and that width (a density
    ``2x`` counts as width 2000); ``(None, -1.0)`` when no URL is usable."""
    best, best_width = None, -1.0
    for candidate, descriptor in _SRCSET_CANDIDATE.findall(value):
        width = 0.0
        if descriptor:
            size = descriptor.strip()
            unit = size[-1:]
            if unit in _UNITS and size[:-1].isdecimal():  # "800w", "2x": no regex needed
                width = float(size[:-1]) * (1000 if unit in "xX" else 1)
            elif (match := _DESCRIPTOR.match(size)) is not None:
                width = float(match.group(1)) * (1000 if match.group(2) in "xX" else 1)
        if width > best_width:
            url = candidate.rstrip(",")
            if _usable(url):
                best, best_width = url, width
    return best, best_width


def _usable(url: str | None) -> bool:
    """A URL to fetch a picture from: not empty, not inline data, not a template."""
    return (
        url is not None
        and url != ""
        and not url.startswith(("data:", "{", "about:", "javascript:"))
    )


def _picture_url(node: LexborNode, attrs: dict[str, str | None], words: Hints) -> str | None:
    """The URL of the largest version a picture element offers, as written in the page."""
    best, best_width = None, -1.0
    sources: list[dict[str, str | None]] = [attrs]
    parent = node.parent
    if parent is not None and parent.tag_id == _TAG_NOSCRIPT:
        parent = parent.parent
    if parent is not None and parent.tag_id == _TAG_PICTURE:
        sources += [child.attributes for child in parent.iter() if child.tag_id == _TAG_SOURCE]
    for source in sources:
        for name in words.srcset_attributes:
            value = source.get(name)
            if value:
                url, width = _widest(value)
                if width > best_width:  # the first of the widest wins, as in one srcset
                    best, best_width = url, width
    if best is not None and best_width > 0:
        return best.strip()
    for name in words.url_attributes:
        url = (attrs.get(name) or "").strip()
        if _usable(url):
            return url
    return best


def _unwrap(url: str, words: Hints) -> str:
    """The original URL behind an image proxy: ``…/dims4/…?url=https://…`` → ``https://…``."""
    for _ in range(3):
        query = url.partition("?")[2]
        if "//" not in query and "%2F" not in query.upper():
            break  # no URL in the query
        inner = next(
            (
                v
                for k, v in parse_qsl(query)
                if k in words.proxy_query_keys and v.startswith(("http://", "https://", "//"))
            ),
            None,
        )
        if inner is None:
            break
        url = inner
    return url


def picture_key(url: str, words: Hints | None = None) -> str:
    """What all renditions of one picture share: its asset id, else its host and path without
    sizes, query and extension. ``…/img-1024x683.jpg?w=800`` → ``host/…/img``."""
    words = words or hints()
    host, path = _split_url(_unwrap(url, words))
    path = unquote(path)
    asset = _ASSET_ID.search(path) if _ASSET_RUN.search(path) is not None else None
    if asset is not None:
        return asset.group().lower()
    *folders, name = path.split("/")
    stem = _SIZE_SUFFIX.sub("", _EXTENSION.sub("", name))
    # A short number beside a distinctive file name is a size: "/picture/6236752/665/name.jpg".
    distinctive = len(stem) >= 10 or (len(stem) >= 6 and not stem.isalpha())
    sizes = _NUMBER if distinctive else None
    segments = [
        s
        for s in folders
        if s and not _SIZE_SEGMENT.fullmatch(s) and not (sizes and sizes.fullmatch(s))
    ]
    segments.append(stem)
    return f"{host}/{'/'.join(segments)}".lower()


def _stem(key: str) -> str:
    """The file-name part of a picture key when it is distinctive enough to name the picture
    across differently cropped renditions (``…/alternates/social/157526023``), else ""."""
    stem = key.rsplit("/", 1)[-1]
    return stem if len(stem) >= 6 else ""


def _split_url(url: str) -> tuple[str, str]:
    """Host (lower case, without ``www.``) and path of a URL, quickly (``urlsplit`` is slow):
    ``https://www.Host.de/a/b.jpg?w=1`` → ``("host.de", "/a/b.jpg")``; relative: no host."""
    url = url.partition("#")[0].partition("?")[0]
    start = url.find("//")
    if start < 0 or (start > 0 and url[start - 1] != ":"):
        return "", url
    host, slash, path = url[start + 2 :].partition("/")
    return host.lower().removeprefix("www."), slash + path


def _is_decoration(url: str, attrs: dict[str, str | None], words: Hints) -> bool:
    """Icons, logos, trackers, placeholders and thumbnails too small to be a photo."""
    path = _split_url(url)[1].lower()
    if path.endswith(words.noise_extensions) or words.noise_url.found_in(path):
        return True
    for name in ("width", "height"):
        size = (attrs.get(name) or "").strip().removesuffix("px")
        if size.isdigit() and int(size) < words.min_size:
            return True
    return False


# --- linked data (JSON-LD) ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _LinkedImage:
    """An ImageObject (or a bare image URL) from the page's JSON-LD."""

    url: str
    caption: str = ""
    credit: str = ""
    notice: bool = False  # the credit is a copyrightNotice, which may be a site footer


@dataclass(slots=True)
class _LinkedData:
    article: dict[str, Any] | None = None
    page: dict[str, Any] | None = None
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    images: list[_LinkedImage] = field(default_factory=list)
    lead: list[_LinkedImage] = field(default_factory=list)

    def field(self, name: str) -> Any:
        """A field of the article object, else of the web page object."""
        for obj in (self.article, self.page):
            if obj is not None and obj.get(name) not in (None, "", [], {}):
                return obj[name]
        return None

    def resolve(self, value: Any) -> Any:
        """A ``{"@id": …}`` reference replaced by the object it names."""
        if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@id"), str):
            return self.by_id.get(value["@id"], value)
        return value

    def name(self, value: Any, depth: int = 0) -> str:
        """The name in a field: a string, an object's ``name``, or several joined by ", ".
        Names sit a level or two deep; ``depth`` stops self-references and absurd nesting."""
        if depth > MAX_NAME_DEPTH:
            return ""
        value = self.resolve(value)
        if isinstance(value, str):
            return _flat(value)
        if isinstance(value, dict):
            return self.name(value.get("name"), depth + 1)
        if isinstance(value, list):
            names = (self.name(v, depth + 1) for v in value[:20])
            return ", ".join(dict.fromkeys(n for n in names if n))
        return ""


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return set()


# The fields of an ImageObject naming who made or owns the picture, in order of trust. The
# last, copyrightNotice, may be a site footer ("© 2024 Verlag GmbH").
_CREDIT_FIELDS = ("creditText", "copyrightHolder", "creator", "author", "copyrightNotice")
_CREDIT_FIELD_SET = frozenset(_CREDIT_FIELDS)
# Where the article object sits below a JSON-LD root: {"@graph": […]}, a WebPage's mainEntity.
_CONTAINERS = ("@graph", "mainEntity", "mainEntityOfPage", "@included")
# How many objects are looked at for the article: it sits near the top.
MAX_ARTICLE_SEARCH = 1_000


# The JSON escape of half a surrogate pair, "\ud83d": one search finds whether a script may
# hold a lone one (five times faster than two substring tests on a large script).
_SURROGATE_ESCAPE = regex.compile(r"\\u[dD][89a-fA-F]")
# A JSON escape of half a surrogate pair with no other half: "\ud800" alone, "\udc00" alone.
_LONE_SURROGATE_ESCAPE = regex.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _load_json(text: str) -> tuple[Any, list[dict[str, Any]]]:
    """A JSON-LD script's data and every object in it; nothing when it is not JSON (or is
    absurdly large or deep)."""
    text = text.strip()
    if len(text) > MAX_JSON_LD:
        return None, []
    for wrapper in ("<!--", "//<![CDATA[", "<![CDATA["):
        text = text.removeprefix(wrapper)
    for wrapper in ("-->", "//]]>", "]]>"):
        text = text.removesuffix(wrapper)
    if _SURROGATE_ESCAPE.search(text) is not None:
        # "\ud800" alone decodes to a lone surrogate, which no database or terminal takes.
        text = _LONE_SURROGATE_ESCAPE.sub(r"\\ufffd", text)
    objects: list[dict[str, Any]] = []
    try:
        # The hook sees every object once, in C's pace: no Python walk over the whole tree.
        return json.loads(text, strict=False, object_hook=lambda o: objects.append(o) or o), objects
    except (ValueError, RecursionError):
        return None, []


def _read_linked_data(scripts: list[str], words: Hints) -> _LinkedData:
    """The article object, the page object and the credited ImageObjects of the page's JSON-LD."""
    data = _LinkedData()
    roots: list[Any] = []
    credited: list[dict[str, Any]] = []
    for text in scripts:
        root, objects = _load_json(text)
        roots.append(root)
        for obj in objects:
            ident = obj.get("@id")
            if isinstance(ident, str) and len(obj) > 1:
                data.by_id.setdefault(ident, obj)
            kind = obj.get("@type")
            if (kind == "ImageObject" or (isinstance(kind, list) and "ImageObject" in kind)) and (
                not _CREDIT_FIELD_SET.isdisjoint(obj)
            ):
                credited.append(obj)
    queue: deque[Any] = deque(roots)
    for _ in range(MAX_ARTICLE_SEARCH):
        if not queue:
            break
        item = queue.popleft()
        if isinstance(item, list):
            queue.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        types = _types(item)
        if data.article is None and types & words.article_types:
            data.article = item
        elif data.page is None and types & words.page_types:
            data.page = item
        queue.extend(item[key] for key in _CONTAINERS if isinstance(item.get(key), dict | list))
    data.images = [i for o in credited if (i := _linked_image(o, data)) is not None]
    lead = data.field("image") or data.field("primaryImageOfPage")
    for value in lead if isinstance(lead, list) else [lead]:
        image = _linked_image(data.resolve(value), data)
        if image is not None:
            data.lead.append(image)
    return data


def _linked_image(value: Any, data: _LinkedData) -> _LinkedImage | None:
    if isinstance(value, str):
        return _LinkedImage(value.strip()) if _usable(value.strip()) else None
    if not isinstance(value, dict):
        return None
    url = next(
        (u.strip() for u in (value.get("contentUrl"), value.get("url")) if isinstance(u, str)),
        "",
    )
    if not _usable(url):
        return None
    credit, notice = "", False
    for name in _CREDIT_FIELDS:
        credit = data.name(value.get(name))
        if credit:
            notice = name == "copyrightNotice"
            break
    caption = value.get("caption") or value.get("description")
    return _LinkedImage(url, _flat(caption) if isinstance(caption, str) else "", credit, notice)


def _linked_credit(image: _LinkedImage) -> Credit | None:
    """The credit of a JSON-LD image: its credit field read as a credit; a copyright notice
    only when it holds one (``© 2024 Verlag GmbH`` is a site footer)."""
    if not image.credit:
        return None
    if image.notice:
        return split_caption(image.credit)[1]
    return _credit_of(image.credit)


# --- page facts ---------------------------------------------------------------------------------

# Everything the page-level pass needs, in one query per part of the page (results come in
# document order). The parser puts nothing in <head> but metadata, scripts and styles (any
# other element opens the body), so the head is not searched for pictures or paragraphs, nor
# the rest for the title: every selector costs a test of every element (1 ms on 60 pages).
_HEAD_QUERY = ", ".join(
    (
        "[src]:not(img):not(script):not(iframe)",  # as in the body: <link src> is read too
        "meta[content]",
        'link[rel~="canonical" i][href]',
        "base[href]",
        "head > title",
        'script[type*="ld+json" i]',
    )
)
_BODY_QUERY = ", ".join(
    (
        "img",
        "amp-img",
        "[src]:not(img):not(script):not(iframe)",  # custom picture elements
        "meta[content]",
        'link[rel~="canonical" i][href]',
        "base[href]",
        "h1",
        "p",
        "time[datetime]",
        'script[type*="ld+json" i]',
    )
)


# A parser makes its own CSS engine for its first query: as long as the query itself on a
# small page (60 µs). One engine per thread serves every page instead.
_ENGINES = threading.local()


def _select(node: LexborNode, query: str) -> list[LexborNode]:
    """``node.css(query)``, run by this thread's CSS engine."""
    engine = getattr(_ENGINES, "engine", None)
    if engine is None:
        engine = _ENGINES.engine = LexborCSSSelector()
    return engine.find(query, node)


def _page_nodes(tree: LexborHTMLParser) -> list[LexborNode]:
    """The elements the page-level pass reads, in document order (see _HEAD_QUERY)."""
    root = tree.root
    if root is None:
        return []
    found: list[LexborNode] = []
    for part in root.iter():  # <head>, then <body> (or <frameset>), and comments
        if part.is_element_node:
            found += _select(part, _HEAD_QUERY if part.tag_id == _TAG_HEAD else _BODY_QUERY)
    return found


def _parse_time(value: Any) -> datetime | None:
    """An ISO 8601 or e-mail style date, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


@dataclass(slots=True)
class _Page:
    """What the page says about itself, and its pictures, from the one page-level query."""

    meta: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    base: str | None = None
    title: str | None = None
    h1: LexborNode | None = None
    time: str | None = None
    scripts: list[str] = field(default_factory=list)
    pictures: list[LexborNode] = field(default_factory=list)
    text_block: LexborNode | None = None  # the element holding most of the paragraphs

    def first(self, names: tuple[str, ...]) -> str | None:
        return next((self.meta[n] for n in names if self.meta.get(n)), None)


def _scan(tree: LexborHTMLParser, words: Hints) -> _Page:
    page = _Page()
    last = -1
    paragraphs: dict[int, int] = {}  # parent -> number of <p> in it
    holders: dict[int, LexborNode] = {}
    picture_tags, meta = words.picture_tags, page.meta
    for node in _page_nodes(tree):
        ident = node.mem_id
        if ident == last:  # a node matching two selectors comes twice in a row
            continue
        last = ident
        tag = node.tag_id
        if tag == _TAG_P:
            parent = node.parent
            if parent is not None:
                ident = parent.mem_id
                if ident not in holders:
                    holders[ident] = parent
                paragraphs[ident] = paragraphs.get(ident, 0) + 1
            continue
        if tag in picture_tags:
            page.pictures.append(node)
            continue
        if tag >= _CUSTOM_TAG:  # a custom element (no tag lexbor knows has a picture word)
            name = node.tag
            if name in picture_tags or (
                "-" in name
                and any(w in name for w in words.custom_tag_words)
                and node.attributes.get("src")
            ):
                page.pictures.append(node)
            continue
        attrs = node.attributes
        if tag == _TAG_META:
            name = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
            name, content = name.lower(), (attrs.get("content") or "").strip()
            if name and content:
                meta.setdefault(name, content)
        elif tag == _TAG_LINK:
            page.canonical = page.canonical or (attrs.get("href") or "").strip() or None
        elif tag == _TAG_SCRIPT:
            if "ld+json" in (attrs.get("type") or "").lower():
                page.scripts.append(node.text(deep=True))
        elif tag == _TAG_BASE:
            page.base = page.base or (attrs.get("href") or "").strip() or None
        elif tag == _TAG_TITLE:
            page.title = page.title or _flat(node.text(deep=True)) or None
        elif tag == _TAG_H1:
            page.h1 = page.h1 or node
        elif tag == _TAG_TIME:
            page.time = page.time or attrs.get("datetime")
    page.text_block = _body_text(paragraphs, holders)
    return page


def _body_text(paragraphs: dict[int, int], holders: dict[int, LexborNode]) -> LexborNode | None:
    """The element holding the body text: the parent of most paragraphs, or their grandparent
    when each paragraph sits in a wrapper of its own (counted at 0.6 per paragraph, so a
    parent holding them all wins a tie)."""
    scores: dict[int, float] = dict(paragraphs)
    for ident, count in paragraphs.items():
        grandparent = holders[ident].parent
        if grandparent is not None:
            key = grandparent.mem_id
            holders.setdefault(key, grandparent)
            scores[key] = scores.get(key, 0) + 0.6 * count
    return holders[max(scores, key=scores.__getitem__)] if scores else None


# --- finding the pictures and their units -------------------------------------------------------


@dataclass(slots=True)
class _Picture:
    node: LexborNode
    attrs: dict[str, str | None]
    url: str
    key: str
    chain: list[LexborNode]  # ancestors, nearest first, up to MAX_ANCESTORS, below <body>


@dataclass(slots=True)
class _Found:
    """An entry in the making."""

    order: int
    picture: _Picture
    caption: str
    credit: Credit | None
    unit: LexborNode | None
    figure: bool
    gallery: str | None = None
    kind: EntryKind = "figure"


def _join(base: str, url: str) -> str | None:
    """``urljoin``, but a URL urllib refuses (``http://[::1``) counts as absent."""
    try:
        return urljoin(base, url)
    except ValueError:
        return None


class _PageReader:
    """Reads the pictures of one parsed page."""

    def __init__(self, page: _Page, page_url: str, words: Hints) -> None:
        self.page = page
        self.words = words
        self.page_url = page_url
        self.base = (_join(page_url, page.base) or page_url) if page.base else page_url
        self.host, path = _split_url(page_url)
        self.path = path.rstrip("/")
        self.keys: dict[str, str] = {}  # picture URL -> picture_key(URL)
        self.keys_in: dict[int, set[str]] = {}  # ancestor -> keys of the pictures inside it
        # The ancestors of the headline and of the body text: the article, the page.
        self.page_level: set[int] = set()
        self.blocks: dict[int, _Block] = {}
        self.readings: dict[int, _Reading] = {}
        self.verdicts: dict[int, bool | None] = {}  # ancestor -> judge(ancestor)
        for start in (page.h1.parent if page.h1 is not None else None, page.text_block):
            node = start
            while node is not None and node.mem_id not in self.page_level:
                self.page_level.add(node.mem_id)
                node = node.parent

    # -- helpers

    def block(self, node: LexborNode, limit: int | None = None) -> _Block:
        """The visible text of ``node``; with ``limit``, perhaps only enough of it to show that
        it is longer (body text next to a picture is not read to its end)."""
        ident = node.mem_id
        block = self.blocks.get(ident)
        if block is None or not (block.complete or (limit is not None and len(block.text) > limit)):
            block = self.blocks[ident] = _read_block(node, self.words, limit)
        return block

    def reading(self, node: LexborNode) -> _Reading:
        ident = node.mem_id
        reading = self.readings.get(ident)
        if reading is None:
            reading = self.readings[ident] = _read_unit(self.block(node))
        return reading

    def absolute(self, url: str) -> str:
        """A picture URL resolved against the page's base (urljoin only for relative ones:
        an absolute URL keeps its picture key)."""
        if self.base and not url.startswith(("https://", "http://")):
            return _join(self.base, url) or url
        return url

    def key(self, url: str) -> str:
        """``picture_key(url)``, worked out once per page: the lead picture's URL, its
        renditions and the JSON-LD images repeat the URLs of the markup."""
        key = self.keys.get(url)
        if key is None:
            key = self.keys[url] = picture_key(url, self.words)
        return key

    def holds_only(self, node: LexborNode, key: str) -> bool:
        return self.keys_in.get(node.mem_id, set()) <= {key}

    def is_other_page(self, href: str) -> bool:
        """True when a link leads to another page of this site: a teaser card."""
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            return False
        host, path = _split_url(href)
        if path.lower().endswith(_PICTURE_FILES):
            return False  # a link to the picture itself
        if self.host and host and host != self.host:
            return False  # another site: a shop, a source
        return path.rstrip("/") != self.path and len(path) > 1

    # -- pictures

    def pictures(self) -> list[_Picture]:
        """The page's pictures that may be the article's, in document order: not decoration,
        not inside navigation, teaser cards or blocks marked as not the article's."""
        words = self.words
        found: list[_Picture] = []
        for node in self.page.pictures:
            chain = self.ancestors(node)
            if chain is None:
                continue
            attrs = node.attributes
            url = _picture_url(node, attrs, words)
            if url is None:
                continue
            url = self.absolute(url)
            if _is_decoration(url, attrs, words):
                continue
            key = self.key(url)
            found.append(_Picture(node, attrs, url, key, chain))
            for ancestor in chain:
                self.keys_in.setdefault(ancestor.mem_id, set()).add(key)
        return found

    def ancestors(self, node: LexborNode) -> list[LexborNode] | None:
        """The nearest ancestors of ``node``, up to MAX_ANCESTORS, below <body>, up to the first
        one on the page level (nothing above it says anything about a picture); None when one
        of them shows that the picture is not the article's: it sits inside navigation, a teaser
        card linking elsewhere, or a block marked as not the article's (related, ads, author
        box). Judged from the nearest up, up to the first that shows either."""
        chain: list[LexborNode] = []
        stop, verdicts, judge = self.page_level, self.verdicts, self.judge
        judging = True
        parent = node.parent
        while parent is not None and len(chain) < MAX_ANCESTORS:
            tag = parent.tag_id
            if tag in _TAG_PAGE:
                break
            chain.append(parent)
            ident = parent.mem_id
            if judging:
                verdict = verdicts.get(ident, _UNSEEN)
                if verdict is _UNSEEN:
                    verdict = verdicts[ident] = judge(parent, tag, ident)
                if verdict:
                    return None
                judging = verdict is None
            if ident in stop:
                break
            parent = parent.parent
        return chain

    def judge(self, ancestor: LexborNode, tag: int, ident: int) -> bool | None:
        """True: the pictures inside are not the article's; False: the page level is reached,
        stop looking; None: look further up. (``tag`` and ``ident``: the ancestor's tag_id
        and mem_id, which the caller has read.)"""
        if ident in self.page_level or tag == _TAG_MAIN:
            return False
        words = self.words
        if tag in words.noise_tags or (tag >= _CUSTOM_TAG and ancestor.tag in words.noise_tags):
            return True
        if tag == _TAG_A and self.is_other_page(ancestor.attributes.get("href") or ""):
            return True
        marks = _marks(ancestor)
        if marks:
            noise = words.noise_cache.get(marks)
            if noise or (noise is None and words.is_noise_class(marks)):
                return True
        return None

    def caption_beside(self, node: LexborNode) -> LexborNode | None:
        """A short caption block right after ``node``: figcaption after an AMP figure, the
        caption paragraph after a picture wrapper."""
        sibling = node.next
        while sibling is not None and not sibling.is_element_node:
            sibling = sibling.next
        if sibling is None or sibling.mem_id in self.keys_in:
            return None  # no sibling, or one holding pictures of its own
        block = self.block(sibling, MAX_SIBLING_CAPTION)
        if not 2 <= len(block.text) <= MAX_SIBLING_CAPTION or block.headings:
            return None
        if (
            sibling.tag in self.words.caption_tags
            or sibling.tag in self.words.credit_tags
            or block.credits
            or block.captions
            or block.fallbacks
            or self.reading(sibling).credit is not None
        ):
            return sibling
        return None

    def unit(self, picture: _Picture) -> tuple[LexborNode | None, bool]:
        """The block holding the picture's caption, and whether it is (or belongs to) a figure:
        the picture's own <figure>, else its nearest ancestor showing text, else a caption
        block right after it or one of its wrappers."""
        chain, key = picture.chain, picture.key
        at = next(
            (i for i, a in enumerate(chain[:MAX_FIGURE_DEPTH]) if a.tag_id == _TAG_FIGURE), None
        )
        if at is not None and self.holds_only(chain[at], key):
            return self.caption_block(chain[at : at + 3], key) or chain[at], True
        below = chain if at is None else chain[:at]  # a figure shared by several pictures
        unit = self.caption_block([picture.node, *below[:MAX_BLOCK_DEPTH]], key)
        if unit is not None:
            return unit, False
        return (chain[at], True) if at is not None else (None, False)

    def caption_block(self, ancestors: list[LexborNode], key: str) -> LexborNode | None:
        """The nearest of ``ancestors`` that shows text, or a caption block after one of them;
        None once an ancestor holds other pictures or is the page."""
        for ancestor in ancestors:
            if not self.holds_only(ancestor, key) or ancestor.mem_id in self.page_level:
                return None
            figure = ancestor.tag_id == _TAG_FIGURE
            raw = ancestor.text(deep=True)  # quick: counts scripts and spaces too
            if not figure and len(raw) > 8 * MAX_CAPTION_BLOCK:
                return None  # body text, not a caption
            limit = None if figure else MAX_CAPTION_BLOCK
            if raw.strip() and self.block(ancestor, limit).text:
                if not figure and len(self.block(ancestor, limit).text) > MAX_CAPTION_BLOCK:
                    return None
                return ancestor
            beside = self.caption_beside(ancestor)
            if beside is not None:
                return beside
        return None

    def gallery_of(self, picture: _Picture) -> LexborNode | None:
        """The nearest gallery or slideshow holding the picture and at least one more."""
        for ancestor in picture.chain:
            if len(self.keys_in.get(ancestor.mem_id, ())) > 1:
                marks = _marks(ancestor)
                if marks and self.words.class_marks(marks) & _GALLERY_CLASS:
                    return ancestor
        return None

    def describe(self, picture: _Picture) -> _Found | None:
        """The entry for one picture, or None when its unit shows it is not the article's."""
        unit, figure = self.unit(picture)
        caption, credit, marked = "", None, False
        if unit is not None:
            reading = self.reading(unit)
            if reading.card:
                return None  # a teaser card with its own headline
            if self.words.byline.match(reading.caption) and len(reading.caption) <= MAX_BYLINE:
                return None  # an author's portrait
            caption, credit = reading.caption, reading.credit
            if not (figure or reading.marked or caption):
                credit = None  # no caption markup, nothing but a name: a link or a label
            marked = reading.marked or credit is not None
        if credit is None:
            caption, credit = self.credit_in_attributes(picture, unit, caption)
        if credit is None and unit is not None:
            credit = self.credit_after(unit)
        if not (figure or marked or credit is not None):
            return None
        return _Found(0, picture, caption, credit, unit, figure)

    def credit_after(self, unit: LexborNode) -> Credit | None:
        """A copyright line placed just after the unit (or a wrapper holding only it): a credit
        element in one of the next two elements, short ones, before any picture or heading."""
        node: LexborNode | None = unit
        for _ in range(3):
            if node is None or node.mem_id in self.page_level:
                return None
            sibling, seen = node.next, 0
            while sibling is not None and seen < 2:
                if sibling.is_element_node:
                    seen += 1
                    block = self.block(sibling, MAX_SIBLING_CAPTION)
                    if (
                        sibling.mem_id in self.keys_in
                        or block.headings
                        or len(block.text) > MAX_SIBLING_CAPTION
                    ):
                        return None  # another picture, a heading or body text comes first
                    span = _cluster(block.text, block.credits)
                    if span is not None:
                        return _credit_of(block.text[span[0] : span[1]])
                sibling = sibling.next
            parent = node.parent
            if parent is None or len(self.keys_in.get(parent.mem_id, ())) > 1:
                return None  # the wrapper holds other pictures too
            node = parent
        return None

    def credit_in_attributes(
        self, picture: _Picture, unit: LexborNode | None, caption: str
    ) -> tuple[str, Credit | None]:
        """A credit the picture (or its unit) carries in attributes: ``data-credit``,
        ``title="caption | credit"``, ``alt="… (Photo by …)"``."""
        attrs = picture.attrs
        for source in (attrs, unit.attributes if unit is not None else {}):
            for name in self.words.credit_attributes:
                value = _flat(source.get(name) or "")
                if value:
                    return caption, _credit_of(value)
        for name in self.words.caption_attributes:
            value = _flat(attrs.get(name) or "")
            if value:
                rest, credit = split_caption(value)
                if credit is not None:
                    return caption or _caption_text(rest), credit
        return caption, None


# --- line numbers -------------------------------------------------------------------------------


# The start of the body: "<body". The stdlib's engine finds it faster than bytes.find, which
# steps a byte at a time through markup full of "<" (1.0 vs 1.7 ms on 60 pages).
_BODY_TAG = re.compile(rb"<body")


class _Lines:
    """1-based line numbers of strings in the page source (UTF-8 bytes, which find and count
    faster than text), looked up in document order."""

    def __init__(self, html: bytes) -> None:
        self.html = html
        body = _BODY_TAG.search(html)
        self.position = body.start() if body is not None else 0
        self.line = html.count(b"\n", 0, self.position) + 1

    def find(self, needles: Iterable[str], opening: bytes | None = None) -> int | None:
        """The line of the first needle found after the previous one; with ``opening``, the
        line of the nearest ``opening`` tag before it (the figure around the picture)."""
        html = self.html
        for needle in needles:
            at = html.find(needle.encode(), self.position)
            if at >= 0:
                if opening is not None:
                    tag = html.rfind(opening, self.position, at)
                    at = tag if tag >= 0 else at
                self.line += html.count(b"\n", self.position, at)
                self.position = at
                return self.line
        return None

    def anywhere(self, needle: str) -> int:
        """The line of ``needle`` anywhere in the page, else 1."""
        at = self.html.find(needle.encode())
        return self.html.count(b"\n", 0, at) + 1 if at >= 0 else 1


def _needles(picture: _Picture, words: Hints) -> list[str]:
    """Strings that locate a picture element in the source: its URL attributes, and the first
    URL of each srcset (a whole srcset may be spread over lines), each up to its first "&"
    (which the source may write as "&amp;" or "&#038;"); at most three."""
    attrs = picture.attrs
    found = [v for n in words.url_attributes if _usable(v := (attrs.get(n) or "").strip())]
    found += [v.split()[0] for n in words.srcset_attributes if (v := attrs.get(n) or "").strip()]
    return [n for v in found if len(n := v.partition("&")[0]) >= 8][:3]


# --- the front door -----------------------------------------------------------------------------


def _parseable(html: bytes) -> bytes:
    """The part of a page lexbor parses in reasonable time. Lexbor takes time quadratic in
    the nesting depth of block elements (100,000 nested <div>s: about a minute) and in the
    attributes of one element; real pages stay far below both. A few small samples show
    whether a page is dense in tags, or has long runs of attributes outside any ``>``; only
    then is it scanned in chunks, and cut before the first place where the nesting grows
    absurd or a tag has thousands of attributes."""
    length = len(html)
    step = max(length // PROBES, PROBE)
    for start in range(0, length, step):
        sample = html[start : start + PROBE]
        # ">" is looked for first: found within a few bytes on nearly every page, while a count
        # reads the whole sample.
        if sample.count(b"<") > PROBE // DENSE or (
            b">" not in sample and sample.count(b"=") > PROBE // (2 * DENSE)
        ):
            break
    else:
        return html
    depth, tag_start, attributes = 0, -1, 0
    for start in range(0, length, PROBE):
        chunk = html[start : start + PROBE]
        depth += _depth_change(chunk)
        if depth > MAX_NESTING:
            return html[:start]
        opening, ending = chunk.rfind(b"<"), chunk.rfind(b">")
        if opening > ending:  # a tag starts here and runs on past this chunk
            tag_start, attributes = start + opening, chunk.count(b"=", opening)
        elif ending >= 0:  # the chunk ends outside any tag
            tag_start = -1
        elif tag_start >= 0:  # the whole chunk lies inside one tag
            attributes += chunk.count(b"=")
        if tag_start >= 0 and attributes > MAX_ATTRIBUTES:
            return html[:tag_start]
    return html


def _depth_change(chunk: bytes) -> int:
    """Roughly how much deeper the elements are nested after ``chunk``: opening tags minus
    closing tags, comments, self-closing tags and the common void elements."""
    closes = chunk.count(b"</")
    voids = sum(chunk.count(tag) for tag in _VOID_TAGS)
    return chunk.count(b"<") - 2 * closes - chunk.count(b"<!") - chunk.count(b"/>") - voids


def read_html(html: str | bytes, *, source: str) -> Article:
    """Read an article page (text, or UTF-8 bytes): its metadata and one entry per picture, in
    document order.

    >>> page = '''<html><head><link rel="canonical" href="https://example.org/a">
    ... </head><body><h1>Title</h1><figure><img src="/p/1.jpg">
    ... <figcaption>Kay Nietfeld in Berlin. Foto: picture alliance/dpa</figcaption>
    ... </figure></body></html>'''
    >>> article = read_html(page, source="a.html")
    >>> entry = article.entries[0]
    >>> entry.image, entry.caption, entry.credit.agencies, entry.line
    ('https://example.org/p/1.jpg', 'Kay Nietfeld in Berlin.', ('dpa',), 2)
    """
    words = hints()
    if isinstance(html, str):
        # What lexbor's wrapper would do with text; "ignore" drops lone surrogates.
        html = html.encode("utf-8", "ignore")
    html = _parseable(html)
    tree = LexborHTMLParser(html)
    page = _scan(tree, words)
    linked = _read_linked_data(page.scripts, words)
    url_meta = page.first(words.url_meta)
    url = page.canonical or url_meta
    if url is not None and url_meta is not None:
        url = _join(url_meta, url) or url_meta
    reader = _PageReader(page, url or "", words)
    found = _find_entries(reader, linked)
    entries = _number(found, reader, linked, html)
    return Article(
        id=url or source,
        source=source,
        url=url,
        title=_title(page, linked, words),
        published=_published(page, linked, words),
        publisher=_publisher(page, linked, words),
        entries=tuple(entries),
    )


def _find_entries(reader: _PageReader, linked: _LinkedData) -> list[_Found]:
    """One entry per picture key, the first use's place, the fullest reading of any use."""
    by_key: dict[str, _Found] = {}
    linked_by_key = {reader.key(i.url): i for i in linked.images}
    linked_by_stem = {_stem(key): i for key, i in linked_by_key.items() if _stem(key)}
    for order, picture in enumerate(reader.pictures()):
        known = by_key.get(picture.key)
        if known is not None and known.credit is not None:
            continue
        entry = reader.describe(picture)
        if entry is None:
            continue
        entry.order = order
        if known is None:
            by_key[picture.key] = entry
        elif entry.credit is not None:
            known.credit = entry.credit
            known.caption = known.caption or entry.caption
    galleries: dict[int, str] = {}
    for entry in by_key.values():
        if entry.credit is None:
            key = entry.picture.key
            image = linked_by_key.get(key) or linked_by_stem.get(_stem(key))
            if image is not None:
                entry.credit = _linked_credit(image)
                entry.caption = entry.caption or image.caption
        gallery = reader.gallery_of(entry.picture)
        if gallery is not None:
            label = galleries.setdefault(gallery.mem_id, _gallery_label(gallery, len(galleries)))
            entry.kind, entry.gallery = "gallery", label
    return sorted(by_key.values(), key=lambda e: e.order)


def _gallery_label(node: LexborNode, count: int) -> str:
    attrs = node.attributes
    for name in ("aria-label", "data-title", "title"):
        label = _flat(attrs.get(name) or "")
        if label:
            return label
    return f"gallery {count + 1}"


def _number(
    found: list[_Found], reader: _PageReader, linked: _LinkedData, html: bytes
) -> list[Entry]:
    """Mark the lead picture, add it from metadata when the markup lacks it, number the
    entries and find their lines."""
    words = reader.words
    lead_urls = [u for u in (reader.page.meta.get(n) for n in words.lead_image_meta) if u]
    lead_urls += [image.url for image in linked.lead]
    lead_keys = {reader.key(reader.absolute(u)) for u in lead_urls}
    lines = _Lines(html)
    entries: list[Entry] = []
    lead = _lead(found, lead_keys)
    if lead is not None:
        lead.kind = "teaser"
    else:
        image = next((i for i in linked.lead if i.credit), None)
        credit = _linked_credit(image) if image is not None else None
        if credit is not None and not any(_overlap(credit, e.credit) for e in found):
            entries.append(
                Entry(
                    position=1,
                    kind="teaser",
                    gallery=None,
                    title=None,
                    caption=image.caption,
                    credit=credit,
                    line=lines.anywhere(image.url),
                    image=_join(reader.base, image.url) or image.url,
                )
            )
    for entry in found:
        opening = b"<figure" if entry.figure and entry.unit is not None else None
        line = lines.find(_needles(entry.picture, words), opening) or lines.line
        entries.append(
            Entry(
                position=len(entries) + 1,
                kind=entry.kind,
                gallery=entry.gallery,
                title=None,
                caption=entry.caption,
                credit=entry.credit,
                line=line,
                image=entry.picture.url,
            )
        )
    return entries


def _lead(found: list[_Found], lead_keys: set[str]) -> _Found | None:
    """The entry showing the lead picture: the same key or file name, else the one entry
    sharing a distinctive token with it (an asset number, a slug: crops of one picture often
    differ in everything else, ``…/opener_928913_bondi.jpg`` vs ``…/master_928913_bondi.jpg``)."""
    stems = {_stem(key) for key in lead_keys} - {""}
    for entry in found:
        if entry.picture.key in lead_keys or _stem(entry.picture.key) in stems:
            return entry
    lead_tokens = set().union(*map(_tokens, lead_keys))
    tokens = [_tokens(entry.picture.key) for entry in found]
    counts = Counter(token for group in tokens for token in group)
    for entry, group in zip(found, tokens, strict=True):
        if any(counts[token] == 1 for token in group & lead_tokens):
            return entry
    return None


def _tokens(key: str) -> set[str]:
    """The distinctive words of a picture key: six or more characters with a digit, or ten
    or more letters."""
    return {t for t in _NON_WORD.split(key) if len(t) >= 10 or (len(t) >= 6 and not t.isalpha())}


def _overlap(one: Credit, other: Credit | None) -> bool:
    """True when two credits name somebody in common: probably the same picture."""
    if other is None:
        return False
    return bool(
        set(one.photographers) & set(other.photographers) or set(one.agencies) & set(other.agencies)
    )


def _title(page: _Page, linked: _LinkedData, words: Hints) -> str | None:
    headline = linked.field("headline")
    if isinstance(headline, str) and _flat(headline):
        return _flat(headline)
    title = page.first(words.title_meta)
    if title:
        return _flat(title)
    if page.h1 is not None:
        text = _flat(page.h1.text(deep=True, separator=" "))
        if text:
            return text
    return page.title


def _publisher(page: _Page, linked: _LinkedData, words: Hints) -> str | None:
    return page.first(words.publisher_meta) or linked.name(linked.field("publisher")) or None


def _published(page: _Page, linked: _LinkedData, words: Hints) -> datetime | None:
    for value in (
        *(page.meta.get(n) for n in words.published_meta),
        linked.field("datePublished"),
        page.time,
    ):
        moment = _parse_time(value)
        if moment is not None:
            return moment
    return None
