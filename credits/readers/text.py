"""Read a plain-text scrape of a news article: its headline, metadata and every image entry.

Text copied out of a web page keeps the page's words but loses its markup: a gallery slide is
a title line and a caption line ending in a credit, a figure caption is a short line between
paragraphs, the teaser image hides behind a label such as ``Rubriklistenbild:``. What is left to
read is the block structure (blank-line separated blocks), line length, sentence punctuation,
credits at line ends, caption cues such as ``(l.)`` and each line's place between blocks. The
words the reader looks for live in ``credits/data/text_layout.toml``; credits are found and
split by :func:`credits.split_caption`.

How a scrape is read:
  lines → kinds (blank, bullet, counter, banner, link, author, date, credit, caption, text …)
  → noise (link lists under "Mehr zum Thema", everything under "Kommentare")
  → headline and metadata → units (a caption with its credit, title and slide counter)
  → galleries (runs of units), uncredited figures, the teaser → entries in reading order.

Odd text never raises: it gives fewer entries. Work per line is bounded, so a 50 MB line costs
one pass over it and no more.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

import regex

from ..credit_line import parser_for
from ..models import Article, Credit, Entry, EntryKind
from ..registry import Registry, alias_key
from ..vocabulary import check_data, vocabulary

# --- limits ---------------------------------------------------------------------------------------

# Longest line that may be a caption; longer lines are body text and get no further look.
MAX_CAPTION = 1500
# A credit sits at the end of its line and is at most 400 characters long (credit_line's
# MAX_CREDIT): only this much of a line's tail is searched for a hint of one.
CREDIT_TAIL = 600
# Labels ("Foto:"), phrases ("Photo by") and closing brackets of a credit sit this close to the
# end of its line; "©" and name chains ("Name/AFP") are looked for in the whole tail.
CREDIT_END = 200
# Longest line checked for banner phrases, dates, authors and caption cues.
MAX_SHORT = 400
# Longest uncredited caption: captions are a sentence or three, not a paragraph.
MAX_UNCREDITED = 320

LineKind = Literal[
    "blank",  # nothing but whitespace
    "bullet",  # "  • Jederzeit kündbar", "- Related link"
    "counter",  # a slide counter: "Bild 3 von 12", "1 / 12"
    "teaser",  # a labelled teaser image: "Rubriklistenbild: © Imago (Montage)"
    "caption_label",  # "Image caption, People cool off …"
    "furniture",  # navigation, share buttons, "Anzeige", "12 Bilder", "___"
    "banner",  # ad-blocker, paywall, newsletter prompts
    "related",  # a heading over links to other articles: "Mehr zum Thema"
    "link",  # one link line: "Lesen Sie auch: …"
    "end",  # a heading after which the article is over: "Kommentare"
    "url",  # a line holding only a web address
    "title_label",  # "Titel: …"
    "author",  # "Von Anna Schmidt, dpa", "By JANIE HAR"
    "date",  # "15.08.2025, 10:34 Uhr", "Mon 16 Sep 2024 12.04 BST"
    "footer",  # "© 2025 Verlag GmbH. Alle Rechte vorbehalten."
    "credit",  # a line that is a credit and nothing else: "Foto: Kay Nietfeld/dpa"
    "caption",  # caption text ending in a credit: "… © Petras Malukas/AFP"
    "text",  # anything else: headings, paragraphs, uncredited captions
]

# Kinds that are never part of an entry.
_NOISE_KINDS = frozenset(
    {"bullet", "furniture", "banner", "related", "link", "end", "url", "title_label", "author",
     "date", "footer"}
)  # fmt: skip
# What _Reader._kind says of a line that is plain text: kind, caption, credit.
_PLAIN: tuple[LineKind, str, Credit | None] = ("text", "", None)
# Kinds skipped when looking for what follows a headline.
_META_KINDS = frozenset({"blank", "author", "date", "url", "furniture", "banner", "title_label"})

# --- patterns that do not depend on the vocabulary --------------------------------------------

# A bullet list item: "  • Jederzeit kündbar", "- Wildfire smoke …", "* item", "▪ item".
_BULLET_MARKS = "•·▪◦‣►▸■□●○*-–—"
_BULLET = regex.compile(rf"^[{regex.escape(_BULLET_MARKS)}]\s+\S")
# A line of nothing but punctuation: "___", "* * *", "---".
_RULE = regex.compile(r"^[\W_]+$")
# Short items joined by pipes or arrows: "Impressum | Datenschutz | Kontakt", "Home > Politik".
_NAV_SEPARATOR = regex.compile(r"(?<!\s)\s+[|>›»/·•]\s+")
# The first word of a line: "Foto" in "Foto: dpa", "1" in "1/4 Der Sattelzug", "bild" in "Bild 3".
_FIRST_WORD = regex.compile(r"^\W*+(\w+)")
# A web address standing alone: "https://apnews.com/article/…", "<https://…>".
_URL = regex.compile(r"<?(https?://[^\s<>]+)>?$", regex.IGNORECASE)
# A sentence ending inside a text, followed by the next sentence: "… in die USA. Trump …".
# Not after an initial, a number or a short title: "Gavin P. Newsom", "28. Januar", "Gov. Newsom".
_SENTENCE_END = regex.compile(
    r"""(?<=[\p{Ll}\p{Lo})"“”»«'’][.!?…]|[\p{Ll}][.!?…]["“”»«’']?)
        (?<!\b(?:Gov|Sen|Rep|Gen|Col|Capt|Sgt|Lt|Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|Nr|Calif|Mass|Wash
             |Ariz|Fla|Penn|bzw|vgl|ca|evtl|inkl|usw|etc|Jan|Feb|Aug|Sept|Oct|Nov|Dec|Mio|Mrd)\.)
        \s+(?=["„“»«‚‘']?\p{Lu})""",
    regex.VERBOSE,
)
# Sentence punctuation with a space after it: where _SENTENCE_END may match. "… in Bremen. Die"
_SENTENCE_GAP = regex.compile(r"[.!?…][\"“”»«’']?\s")
# Sentence punctuation at the end of a line, before closing quotes or brackets: "… USA.", "…«".
# An agency tag may follow: "… sagte sie. (dpa)", "… vor. (mit dpa/AFP)".
_ENDS_SENTENCE = regex.compile(r"(?:[.!?…][\"“”»«’')\]]*|[\"“”»«’])(?:\s*\([^()]{1,30}\))?$")
# The characters _ENDS_SENTENCE can end on: a line ending otherwise needs no search.
_SENTENCE_CLOSERS = frozenset(".!?…\"“”»«’')]")
# The last characters that _ENDS_SENTENCE matches alone: a line ending on one ends a sentence.
# "… USA.", "… nicht?", "… «Nie wieder»"
_SENTENCE_FINAL = frozenset('.!?…"“”»«’')
# The separators between a byline's parts: "Von Anna Beispiel | 02.07.2024, 07:45 Uhr".
_BYLINE_PARTS = regex.compile(r"\s[|·•–—-]\s")
# A dateline opening a report: "Berlin (dpa) - …", "Anchorage – …", "CHICO, Calif. (AP) — …",
# "WASHINGTON, June 12 (Reuters) - …".
_DATELINE = regex.compile(r"^\p{Lu}[\p{L}\p{M}\d.,' /-]{1,40}?(?:\s*\([^()]{1,30}\))?\s+[-–—]\s+\S")
# "Label: rest" at a line start: "Treffen von Putin (l.) mit Trump: Lawrow reist mit."
_LEAD_COLON = regex.compile(r"^[^:.!?]{3,80}:\s+\S")
# A bracket group with no bracket inside: "(l.)", "(archivbild)".
_BRACKET_GROUP = regex.compile(r"^\([^()]*\)$")
# A lower-case word of three letters or more: prose, not a name ("and", "für", "Standards and").
_PROSE_WORD = regex.compile(r"(?<![\p{L}'’.-])\p{Ll}{3,}(?![\p{L}.])")
# A year standing alone: "2025", in footers "© 2025 Verlag GmbH".
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Copyright at the start of a footer: "©", "(c)", "Copyright ©", with a year or span after it.
_FOOTER_HEAD = regex.compile(
    r"^(?:copyright\s*)?(?:©|\(c\))?\s*(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?[\s,]*)?",
    regex.IGNORECASE,
)
# A time of day: "10:34 Uhr", "12.04", "9:41 PM", with a zone offset "GMT+2".
_TIME = regex.compile(
    r"(?<![\d.:])(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?![\d.:])"
    r"(?:\s*(?P<half>[ap])\.?\s?m\.?(?!\p{L}))?"
    r"(?:\s*(?:Uhr|h))?(?:\s*(?:GMT|UTC)\s*(?P<offset>[+-]\d{1,2}(?::?\d{2})?)?)?",
    regex.IGNORECASE,
)
# An ISO date, with time and zone: "2024-07-26", "2024-07-26T21:41:00+02:00".
_ISO_DATE = regex.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::\d{2}(?:\.\d+)?)?"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
# A German numeric date: "15.08.2025", "4. 6. 2024".
_NUMERIC_DATE = regex.compile(
    r"(?<![\d.])(?P<day>[0-3]?\d)\.\s?(?P<month>[01]?\d)\.\s?(?P<year>(?:19|20)\d{2})(?!\d)"
)
# A word or number left on a date line once the date is taken out: "Updated", "BST".
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}+\-]*")
# Small words that join a date line's parts: "am 15.08.2025 um 10:34 Uhr", "on July 26".
_DATE_GLUE = ("am", "um", "at", "on", "the", "Uhr")


# --- the vocabulary -------------------------------------------------------------------------------

# The shape of text_layout.toml: section -> allowed keys. Every value is a list of strings.
_SCHEMA: dict[str, frozenset[str]] = {
    "noise": frozenset({"banners", "furniture", "media"}),
    "sections": frozenset({"related", "end"}),
    "teaser": frozenset({"labels"}),
    "captions": frozenset({"labels", "cues", "openers", "verbs", "english", "reporting"}),
    "gallery": frozenset({"words", "counter_words", "counter_joiners", "count_words"}),
    "meta": frozenset(
        {
            "authors",
            "date_labels",
            "url_labels",
            "title_labels",
            "source_labels",
            "footer_tails",
            "weekdays",
            "zones",
            "relative",
        }
    ),
    "months": frozenset(str(month) for month in range(1, 13)),
}


# A word edge: not between two letters or digits. Written once on each side of an alternation
# rather than around each word (guards on every word made the vocabulary take 50 ms to
# compile); it holds back only words that start or end with a letter or digit.
_WORD_EDGE = r"(?:(?<![\p{L}\p{N}])|(?![\p{L}\p{N}]))"


def _alternation(words: Iterable[str]) -> str:
    """Words as one group, longest first, spaces loose, word edges guarded:
    "(l.)" matches anywhere, "Von" only as a whole word."""
    parts = (
        r"\s+".join(regex.escape(piece) for piece in word.split())
        for word in sorted(set(words), key=len, reverse=True)
    )
    return f"(?:{_WORD_EDGE}(?:{'|'.join(parts)}){_WORD_EDGE})"


def _grouped_alternation(words: Iterable[str]) -> str:
    """_alternation for a case-insensitive search, the words grouped behind their first letter:
    "a(?:rrive|ttends)|b(?:attle)". A search tries one letter per group at each place rather
    than every word (twice as fast for the caption verbs). Where a match starts only one group
    can match, and a group keeps the words' order, so the match is _alternation's."""
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words), key=len, reverse=True):
        pieces = word.split()
        first = pieces[0][0] if pieces else ""
        loose = r"\s+".join(regex.escape(piece) for piece in pieces)
        groups.setdefault(first.casefold(), [regex.escape(first)]).append(
            loose[len(regex.escape(first)) :]
        )
    parts = (f"{initial}(?:{'|'.join(rests)})" for initial, *rests in groups.values())
    return f"(?:{_WORD_EDGE}(?:{'|'.join(parts)}){_WORD_EDGE})"


def _substrings(anchors: list[str]) -> re.Pattern[str] | None:
    """A search for any of ``anchors`` as a plain substring: "ad-blocker", "jetzt testen".

    The stdlib engine, the anchors grouped behind their first character, finds one of fifty in
    a line in about half the time of fifty ``in`` tests (the regex module takes longer than
    both). None for no anchors: an empty pattern would match every line."""
    if not anchors:
        return None
    groups: dict[str, list[str]] = {}
    for anchor in sorted(anchors, key=len, reverse=True):
        groups.setdefault(anchor[:1], []).append(re.escape(anchor[1:]))
    return re.compile(
        "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())
    )


def _key(text: str) -> str:
    """A line as looked up in the whole-line word lists: "Artikel teilen:" → "artikel teilen"."""
    return " ".join(text.casefold().strip(" :›»>|").split())


def _first_word(text: str) -> str:
    """The first word of a line, lower case: "Foto:" → "foto", "1/4 Der …" → "1"."""
    token = text[:40].partition(" ")[0]
    if len(token) < 40:
        # What the pattern finds, at a third of its cost, for a word of letters (all of them
        # word characters) or ASCII letters and digits, maybe with a colon: "Köln", "Foto:".
        word = token[:-1] if token.endswith(":") else token
        if word.isalpha() or (word.isascii() and word.isalnum()):
            return word.lower()
    found = _FIRST_WORD.match(text)
    return found.group(1).lower() if found else ""


@dataclass(frozen=True, slots=True)
class _Prefixed:
    """A pattern anchored at a line's start, tried only on lines whose first word may open it.

    Alternations of many words are slow to try; a set lookup of the first word is not.
    """

    pattern: regex.Pattern[str]
    first_words: frozenset[str]

    @classmethod
    def build(cls, words: Iterable[str], template: str, flags: int = regex.IGNORECASE) -> _Prefixed:
        """``template`` holds ``{words}`` where the alternation of ``words`` goes."""
        words = list(words)
        return cls(
            regex.compile(template.format(words=_alternation(words)), flags),
            frozenset(_first_word(word) for word in words),
        )

    def match(self, text: str, first: str) -> regex.Match[str] | None:
        return self.pattern.match(text) if first in self.first_words else None


@dataclass(frozen=True, slots=True)
class _Anywhere:
    """A pattern of words that may stand anywhere in a line, tried only on lines holding one of
    them as a plain substring (lower case, single-spaced); the pattern confirms the word edges.
    A line that spaces a phrase twice escapes it; scrapes rarely do."""

    pattern: regex.Pattern[str]
    anchors: re.Pattern[str] | None  # words that need no bracket: "v.l.n.r.", "pictured"
    groups: frozenset[str]  # whole bracket groups: "(l.)", "(archivbild)"
    bracketed: tuple[str, ...]  # other words that open with a bracket

    @classmethod
    def build(cls, words: Iterable[str]) -> _Anywhere:
        words = list(words)
        anchors = _shortest_cover(" ".join(word.lower().split()) for word in words)
        groups = frozenset(a for a in anchors if _BRACKET_GROUP.match(a))
        return cls(
            regex.compile(_grouped_alternation(words), regex.IGNORECASE),
            _substrings([a for a in anchors if not a.startswith("(")]),
            groups,
            tuple(a for a in anchors if a.startswith("(") and a not in groups),
        )

    def search(self, text: str, lower: str) -> regex.Match[str] | None:
        """Search ``text``; ``lower`` is ``text.lower()``, made once by the caller."""
        if self.anchors is not None and self.anchors.search(lower):
            return self.pattern.search(text)
        start = lower.find("(")
        if start < 0:
            return None
        if self.groups:
            # A group is the text from a "(" to the next ")": one set lookup per bracket, not
            # one substring search per group.
            while start >= 0 and (end := lower.find(")", start)) >= 0:
                if lower[start : end + 1] in self.groups:
                    return self.pattern.search(text)
                start = lower.find("(", start + 1)
        for anchor in self.bracketed:
            if anchor in lower:
                return self.pattern.search(text)
        return None


# The Layout patterns that a line's first word gives away, tried in this order by _Reader._opened.
_OPENED = ("counter", "teaser_label", "caption_label", "link", "media", "url_label",
           "title_label", "author", "gallery_heading")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Layout:
    """The text reader's vocabulary, compiled once into lookups and patterns."""

    whole_lines: dict[str, LineKind]  # furniture, related and end headings, by _key
    banner: _Anywhere
    link: _Prefixed
    media: _Prefixed
    teaser_label: _Prefixed
    caption_label: _Prefixed
    cue: _Anywhere
    opener: _Prefixed
    verb: _Anywhere
    english: frozenset[str]  # "the", "of": a line without them is not English
    reporting: _Anywhere
    gallery_heading: _Prefixed
    gallery_word: _Anywhere
    counter: _Prefixed
    count_line: regex.Pattern[str]
    author: _Prefixed
    url_label: _Prefixed
    title_label: _Prefixed
    source_label: regex.Pattern[str]
    footer_tail: _Anywhere
    date_words: frozenset[str]
    named_date: regex.Pattern[str]
    months: dict[str, int]
    # A first word → the patterns above that it may open, by name, for _Reader._opened: the
    # others need not be tried.
    openers: dict[str, frozenset[str]]


def build_layout(data: dict[str, Any], source: str = "text_layout.toml") -> Layout:
    """Validate the vocabulary and compile it; raise RegistryError naming a bad key."""
    check_data(data, _SCHEMA, source)
    noise, sections, captions = data["noise"], data["sections"], data["captions"]
    gallery, meta = data["gallery"], data["meta"]
    months = {
        name.casefold(): int(number) for number, names in data["months"].items() for name in names
    }
    month_names = _grouped_alternation(name for names in data["months"].values() for name in names)
    joiners = _alternation(gallery["counter_joiners"])
    # Counters open with a number or a counter word: "3 / 12", "(3/12)", "Bild 3 von 12".
    counter_openers = [*gallery["counter_words"], *(str(n) for n in range(1000))]
    whole_lines: dict[str, LineKind] = {}
    for kind, listed in (
        ("furniture", noise["furniture"]),
        ("related", sections["related"]),
        ("end", sections["end"]),
    ):
        whole_lines.update((_key(word), kind) for word in listed)
    layout = Layout(
        whole_lines=whole_lines,
        # "Bitte deaktivieren Sie Ihren Ad-Blocker"
        banner=_Anywhere.build(noise["banners"]),
        # "Lesen Sie auch: Merz verteidigt …", "Related: Floods in central Europe"
        link=_Prefixed.build(sections["related"], r"^(?:{words})\s*[:–—-]\s*\S"),
        # "WATCH | Palestinians react …", "Video: Die Lage in Passau"
        media=_Prefixed.build(noise["media"], r"^(?:{words})\s*[:,|–—-]\s*\S"),
        # "Rubriklistenbild: © Imago (Montage)", "Titelbild – …"
        teaser_label=_Prefixed.build(data["teaser"]["labels"], r"^(?:{words})\s*[:,–—-]\s*"),
        # "Image caption, People cool off …", "Bildunterschrift: …"
        caption_label=_Prefixed.build(captions["labels"], r"^(?:{words})\s*[:,–—-]\s*"),
        # "Putin (l.) mit Trump", "Bas, Klingbeil und Miersch (v.l.n.r.)", "Tusk (centre)"
        cue=_Anywhere.build(captions["cues"]),
        # "Blick auf die Altstadt", "Pictured: the reservoir"
        opener=_Prefixed.build(captions["openers"], r"^(?:{words})"),
        # "Donald Tusk visits …", "Protesters gather …"
        verb=_Anywhere.build(captions["verbs"]),
        english=frozenset(word.lower() for word in captions["english"]),
        # "…, sagte Onay", "officials said"
        reporting=_Anywhere.build(captions["reporting"]),
        # A heading that opens with a gallery word: "Fotostrecke: …", "In pictures: …"
        gallery_heading=_Prefixed.build(gallery["words"], r"^(?:{words})"),
        # A gallery word anywhere in a heading: "Die Lage in Bildern"
        gallery_word=_Anywhere.build(gallery["words"]),
        # "Bild 3 von 12", "1 / 12", "1 of 4", "(3/12)", "Slide 2 of 9:" — group "rest" is what
        # follows a counter that opens a line: "Bild 1 von 12: Der Abbruch"
        counter=_Prefixed(
            regex.compile(
                rf"""^[(\[]?(?:(?:{_alternation(gallery["counter_words"])})\s+)?
                     (?P<number>\d{{1,3}})\s*(?:/|(?:{joiners}))\s*(?P<total>\d{{1,3}})[)\]]?
                     (?:(?:\s*[:|–—-]\s*|\s+(?=(?-i:\p{{Lu}})))(?P<rest>\S.*))?
                     [\s:|–—-]*$""",
                regex.IGNORECASE | regex.VERBOSE,
            ),
            frozenset(_first_word(word) for word in counter_openers),
        ),
        # "12 Bilder", "8 photos"
        count_line=regex.compile(
            rf"^\d{{1,3}}\s+(?:{_alternation(gallery['count_words'])})$", regex.I
        ),
        # "Von Anna Schmidt, dpa", "By JANIE HAR and OLGA R. RODRIGUEZ",
        # "Ein Interview von Claus Hecking und Gerald Traufetter"
        author=_Prefixed.build(
            meta["authors"],
            r"""^(?:{words})\s+
                (?:\p{{Lu}}[\p{{L}}\p{{M}}.'’-]*+\s*+|(?:von|van|de|der|da|al|bin|and|und|&)\s++){{1,12}}
                (?:[,|]\s*[^,|]{{1,60}}){{0,2}}$""",
            regex.VERBOSE,
        ),
        # "URL: https://…", "Quelle: https://…"
        url_label=_Prefixed.build(meta["url_labels"], r"^(?:{words})\s*:\s*"),
        # "Titel: Großbrand in Lagerhalle"
        title_label=_Prefixed.build(meta["title_labels"], r"^(?:{words})\s*:\s*(?P<title>\S.*)"),
        # "Quelle: SDA", "Source: Reuters"
        source_label=regex.compile(
            rf"^[(\[]?(?:{_alternation(meta['source_labels'])})\s*:", regex.I
        ),
        # "… Limited or its affiliated companies. All rights reserved."
        footer_tail=_Anywhere.build(meta["footer_tails"]),
        # The words a date line may hold besides the date: "Stand:", "Mon", "BST", "Uhr".
        date_words=frozenset(
            word.lower()
            for listed in (
                meta["date_labels"],
                meta["weekdays"],
                meta["zones"],
                meta["relative"],
                _DATE_GLUE,
            )
            for phrase in listed
            for word in _WORD.findall(phrase)
        ),
        # "15. August 2025", "16 Sep 2024", "July 26, 2024", "Aug. 15 2025"
        named_date=regex.compile(
            rf"""(?<![\p{{L}}\d])(?:
                   (?P<day>[0-3]?\d)\.?\s+(?P<month>{month_names})\.?,?
                   \s+(?P<year>(?:19|20)\d{{2}})
                 | (?P<month2>{month_names})\.?\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?,?
                   \s+(?P<year2>(?:19|20)\d{{2}})
                 )(?!\d)""",
            regex.IGNORECASE | regex.VERBOSE,
        ),
        months=months,
        openers={},
    )
    # The patterns _Reader._opened tries (the caption openers are tried elsewhere).
    openers: dict[str, set[str]] = {}
    for name in _OPENED:
        for word in getattr(layout, name).first_words:
            openers.setdefault(word, set()).add(name)
    return dataclasses.replace(
        layout, openers={word: frozenset(names) for word, names in openers.items()}
    )


@cache
def layout() -> Layout:
    """The bundled vocabulary, ``credits/data/text_layout.toml``."""
    text = resources.files("credits.data").joinpath("text_layout.toml").read_text(encoding="utf-8")
    return build_layout(tomllib.loads(text), "credits/data/text_layout.toml")


@dataclass(frozen=True, slots=True)
class _CreditGate:
    """Cheap tests a line's tail must pass before the credit parser is asked about it.

    The parser is thorough and slow; most lines of a scrape are prose that holds no credit.
    A credit shows itself by a symbol ("©"), a chain ("Name/AFP", "dpa | Name"), closing
    brackets ("(AP Photo/Evan Vucci)"), a label before a colon ("Foto:"), a phrase
    ("Photo by") or a registry organisation as the last words ("… Getty Images").
    """

    registry: Registry
    memo: _Memo  # what lines read before said (credits depend on the registry)
    last_words: dict[str, bool]  # a line's last word → whether it ends an organisation name
    marked: dict[str, bool]  # a credit as printed → whether it opens with a marker
    labels: frozenset[str]  # the last word of each credit label, lower case: "foto", "source"
    phrase_words: tuple[str, ...]  # the longest word of each credit phrase: "photo", "courtesy"
    org_endings: frozenset[str]  # the last word of every registry alias and flag word

    def may_hold_credit(self, text: str) -> bool:
        tail = text[-CREDIT_TAIL:]
        if "©" in tail or "/" in tail or "|" in tail:
            return True
        end = tail[-CREDIT_END:].rstrip(" .")
        if end.endswith((")", "]")):
            return True
        lower = end.lower()
        if "(c)" in lower or "copyright" in lower:
            return True
        colon = lower.find(":")
        while colon > 0:
            before = lower[max(0, colon - 30) : colon].split()
            if before and before[-1].lstrip("([") in self.labels:
                return True
            colon = lower.find(":", colon + 1)
        for word in self.phrase_words:
            if word in lower:
                return True
        last = lower[-60:].rsplit(None, 1)
        if not last:
            return False
        word = last[-1]
        known = self.last_words.get(word)  # the same few hundred words end most lines
        if known is None:
            known = alias_key(word.strip("\"'„“”«»()[],;")) in self.org_endings
            self.last_words[word] = known
        return known


def _shortest_cover(anchors: Iterable[str]) -> tuple[str, ...]:
    """The anchors not containing another one: "photo" covers "photograph" and "photos"."""
    found = set(anchors)
    return tuple(sorted(a for a in found if not any(b != a and b in a for b in found)))


_gates: dict[int, tuple[Registry, _CreditGate]] = {}

# Lines read before (up to MAX_CAPTION characters) are remembered per registry: scrapes of one
# site repeat their menus, banners, footers, link lists, titles and credit lines, and a corpus is
# often read more than once. At most twice this many lines are kept.
_MEMO_SIZE = 20_000


@dataclass(slots=True)
class _Seen:
    """What a line's text alone says, worked out once per text and shared by every line with
    that text. ``banner`` and ``score`` are looked for only where they matter (None: not yet)."""

    kind: LineKind
    caption: str  # the text without its credit
    credit: Credit | None
    noise: bool  # a kind that is never part of an entry
    unfinished: bool  # its credit goes on on the next line: "Foto:", "… (AP Photo/"
    banner: bool | None = None  # holds a banner phrase
    score: tuple[int, int | None] | None = None  # what its words say of it as a caption


@dataclass(slots=True)
class _Memo:
    """What lines read before said, kept while they recur: two generations of at most
    _MEMO_SIZE lines; a line found in the old one moves to the new one, and when the new one is
    full the old one is dropped. One-off lines (paragraphs, most captions) fall out, a site's
    menus, titles and credit lines stay (a fifth fewer lines read again than when the memo was
    emptied whenever full, on 10k generated articles)."""

    new: dict[str, _Seen]
    old: dict[str, _Seen]

    def keep(self, text: str, seen: _Seen) -> None:
        if len(self.new) >= _MEMO_SIZE:
            self.old, self.new = self.new, {}
        self.new[text] = seen


def _credit_gate(registry: Registry) -> _CreditGate:
    """The gate for ``registry`` (built once per registry)."""
    cached = _gates.get(id(registry))
    if cached is not None and cached[0] is registry:
        return cached[1]
    words = vocabulary()
    endings = {
        alias_key(alias).rsplit(" ", 1)[-1]
        for org in registry
        for alias in (org.name, *org.aliases, *org.exact)
        if alias_key(alias)
    }
    endings |= {key.rsplit(" ", 1)[-1] for key in words.flag_words if key}
    gate = _CreditGate(
        registry=registry,
        memo=_Memo({}, {}),
        last_words={},
        marked={},
        labels=frozenset(label.lower().split()[-1] for label in words.labels),
        phrase_words=_shortest_cover(max(p.lower().split(), key=len) for p in words.phrases),
        org_endings=frozenset(endings),
    )
    _gates[id(registry)] = (registry, gate)
    return gate


@cache
def _credit_start() -> regex.Pattern[str]:
    """A credit that opens with a marker: "© …", "Foto: …", "(Foto: …)", "Photo by …"."""
    words = vocabulary()
    labels = "|".join(regex.escape(w) for w in sorted(words.labels, key=len, reverse=True))
    symbols = "|".join(regex.escape(s) for s in sorted(words.symbols, key=len, reverse=True))
    phrases = "|".join(regex.escape(p) for p in sorted(words.phrases, key=len, reverse=True))
    return regex.compile(rf"^[(\[]?\s*(?:{symbols}|(?:{labels})\s?:|(?:{phrases}))", regex.I)


# --- lines ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    """One source line and what it was read as."""

    text: str  # stripped
    kind: LineKind
    block: int  # index of the blank-line separated block; blank lines get -1
    caption: str = ""  # caption or credit line: the text without the credit
    credit: Credit | None = None
    noise: bool = False  # part of a banner, a link list, the comments …
    seen: _Seen | None = None  # what its text alone says (None for blank lines)
    used: bool = False  # already part of a unit or the headline


@dataclass(slots=True)
class _Unit:
    """One image entry in the making: where it starts, its caption, credit and title."""

    start: int  # index of the line where the entry starts (counter, title or caption)
    caption_at: int  # index of the caption line (the credit line when there is no caption)
    end: int  # index of its last line
    caption: str
    credit: Credit | None
    title_at: int | None = None
    kind: EntryKind = "figure"
    gallery: str | None = None
    labelled: bool = False  # a labelled teaser line or a numbered slide: its kind is settled
    dropped: bool = False  # turned out to be no picture (a credit line in the footer)


def _split_lines(text: str) -> list[str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


@lru_cache(maxsize=8192)
def _sentences(text: str) -> int:
    """How many sentences a short text holds (an estimate: abbreviations fool it)."""
    # A sentence gap is punctuation with a space after it, never a text's last character: with
    # no ".!?…" before that, a text is one sentence ("… in Berlin."), and no search is needed.
    body = text[:-1]
    if not ("." in body or "!" in body or "?" in body or "…" in body):
        return 1
    if _SENTENCE_GAP.search(text) is None:
        return 1  # a quarter of the cost of the full pattern, which most captions fail
    return 1 + len(_SENTENCE_END.findall(text))


def _ends_sentence(text: str) -> bool:
    """True when a stripped line ends like a sentence: "… USA.", "… sagte sie. (dpa)"."""
    last = text[-1:]
    if last in _SENTENCE_FINAL:
        return True  # what _ENDS_SENTENCE matches on its own: no search needed
    return last in _SENTENCE_CLOSERS and _ENDS_SENTENCE.search(text[-40:]) is not None


@lru_cache(maxsize=8192)
def _is_heading(text: str) -> bool:
    """A heading, title or headline: short, no closing full stop, starts like a sentence."""
    if not 2 <= len(text) <= 200 or text[-1] in ".,;:" or text[0].islower():
        return False
    return len(text.split()) <= 30 and _sentences(text) <= 2


@lru_cache(maxsize=8192)
def _is_prose(text: str) -> bool:
    """An article paragraph: ends like a sentence, or is too long for a heading."""
    return len(text) > 200 or (len(text) >= 40 and _ends_sentence(text))


class _Reader:
    """Reads one scrape. Lines are classified once; later passes look at their neighbours."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.layout = layout()
        self.parser = parser_for()
        self.gate = _credit_gate(self.parser.registry)
        self.marker = _credit_start()
        self.lines = self._classify(_split_lines(text))
        # Where the lines of each kind are: passes over one kind skip the rest. A line may
        # turn into a banner later (_is_banner), so passes check the kind they find.
        self.at: dict[LineKind, list[int]] = {}
        at = self.at
        for index, line in enumerate(self.lines):
            kind = line.kind
            if kind != "blank":
                if kind in at:  # not setdefault: that makes an empty list for every line
                    at[kind].append(index)
                else:
                    at[kind] = [index]
        self.headline: int | None = None
        self._mark_sections()

    def _of_kinds(self, *kinds: LineKind) -> list[int]:
        """Where the lines of these kinds are, in order: joined and sorted in C, at a fraction
        of the cost of heapq.merge's steps in Python."""
        indexes: list[int] = []
        for kind in kinds:
            indexes += self.at.get(kind, ())
        indexes.sort()
        return indexes

    # --- classifying lines --------------------------------------------------------------------

    def _classify(self, raw_lines: list[str]) -> list[_Line]:
        """Each line with its kind; what a line's text alone says is looked up in the memo."""
        lines: list[_Line] = []
        append = lines.append
        gate = self.gate
        for small in (gate.last_words, gate.marked):
            if len(small) > _MEMO_SIZE:
                small.clear()
        memo = gate.memo
        block = 0
        blank = _Line("", "blank", -1)  # one object for every blank line: nothing marks them
        unfinished: list[int] = []
        for raw in raw_lines:
            text = raw.strip()
            if not text:
                if lines and lines[-1] is not blank:
                    block += 1
                append(blank)
                continue
            # The memo's lookups written out: a method call per line costs more than they do.
            seen = memo.new.get(text)
            if seen is None:
                seen = memo.old.get(text)
                if seen is not None:
                    memo.keep(text, seen)  # it recurs: into the new generation
                else:
                    kind, caption, credit = self._kind(text)
                    noise = kind in _NOISE_KINDS
                    seen = _Seen(kind, caption, credit, noise, _is_unfinished(text, credit))
                    if len(text) <= MAX_CAPTION:
                        memo.keep(text, seen)
            if seen.unfinished:
                unfinished.append(len(lines))
            append(_Line(text, seen.kind, block, seen.caption, seen.credit, seen.noise, seen))
        for index in unfinished:
            if lines[index].kind in ("text", "caption", "credit"):
                self._join_continuation(lines, index)
        return lines

    def _join_continuation(self, lines: list[_Line], index: int) -> None:
        """A credit broken over lines: "Caption (" / "Image:" / "Name/Getty Images)", or
        "Foto:" with the names on the next line. Join up to two more short lines; keep the
        join only when it gives a credit."""
        parts = [lines[index].text]
        taken: list[int] = []
        following = index + 1
        while len(taken) < 2 and following < len(lines):
            if lines[following].kind == "blank":
                if following + 1 < len(lines) and lines[following + 1].kind != "blank":
                    following += 1  # one blank line may stand between a label and its names
                    continue
                break
            if len(lines[following].text) > 200 or lines[following].noise:
                break
            parts.append(lines[following].text)
            taken.append(following)
            joined = " ".join(parts)
            kind, caption, credit = self._kind(joined)
            if credit is not None and not _is_unfinished(joined, credit):
                line = lines[index]
                line.kind, line.caption, line.credit = kind, caption, credit
                for part in taken:
                    lines[part].kind, lines[part].noise = "furniture", True
                return
            following += 1

    def _is_banner(self, index: int) -> bool:
        """True for an ad-blocker, paywall or newsletter line. Looked up only where a banner
        would mislead (headline, captions, paragraphs before the lead image): phrase search on
        every line would cost more than the rest of the reading."""
        line = self.lines[index]
        if line.kind in ("text", "caption", "credit") and len(line.text) <= MAX_SHORT:
            seen = line.seen
            assert seen is not None
            if seen.banner is None:
                seen.banner = bool(self.layout.banner.search(line.text, line.text.lower()))
            if seen.banner:
                line.kind, line.noise, line.credit = "banner", True, None
        return line.kind == "banner"

    def _kind(self, text: str) -> tuple[LineKind, str, Credit | None]:
        """A line's kind, caption and credit, from the line alone.

        Cheap tests first: most lines of a scrape are paragraphs and headings, and one that
        opens with no listed word, is no listed whole line and shows no sign of a credit is
        done with after a few set lookups and the credit gate.
        """
        words = self.layout
        size = len(text)
        if size > MAX_CAPTION:
            return _PLAIN  # body text: nothing longer is a caption, a heading or a banner
        if text[0] in _BULLET_MARKS and _BULLET.match(text):
            return "bullet", "", None
        first = _first_word(text)
        tries = words.openers.get(first)
        if tries is not None and (opened := self._opened(text, tries)) is not None:
            return opened
        if size <= 60 and (kind := words.whole_lines.get(_key(text))) is not None:
            return kind, "", None
        if size <= 200 and (kind := self._short_kind(text, first)) is not None:
            return kind, "", None
        caption, credit = self._split(text)
        if credit is not None:
            if not caption and self._is_footer_credit(credit):
                return "footer", caption, None  # "© tz.de 2025"
            return ("caption" if caption else "credit"), caption, credit
        if size <= 250 and self._is_footer(text):
            return "footer", caption, None
        return "text", caption, None

    def _opened(
        self, text: str, tries: frozenset[str]
    ) -> tuple[LineKind, str, Credit | None] | None:
        """Lines that the first word gives away: slide counters, teaser and caption labels,
        link lines, URL and title labels, author lines, gallery headings. ``tries`` names the
        patterns the line's first word may open; the others are not tried."""
        words = self.layout
        if (
            "counter" in tries
            and (counter := words.counter.pattern.match(text)) is not None
            and _is_count(counter)
        ):
            if counter.group("rest"):  # "Bild 1 von 12: Caption …" keeps its caption
                return "counter", *self._split(counter.group("rest"))
            return "counter", "", None
        if "teaser_label" in tries and (label := words.teaser_label.pattern.match(text)):
            return "teaser", *self._split(text[label.end() :])
        if "caption_label" in tries and (label := words.caption_label.pattern.match(text)):
            return "caption_label", *self._split(text[label.end() :])
        if len(text) > 200:
            return None
        if "link" in tries and words.link.pattern.match(text):
            return "link", "", None
        if "media" in tries and words.media.pattern.match(text):
            return "furniture", "", None
        if self._url(text, "url_label" in tries) is not None:
            return "url", "", None
        if "title_label" in tries and words.title_label.pattern.match(text):
            return "title_label", "", None
        if len(text) <= 160 and "author" in tries and words.author.pattern.match(text):
            return "author", "", None
        # "In pictures: Notting Hill" is a heading, not "Pictures:" and a credit.
        if "gallery_heading" in tries and words.gallery_heading.pattern.match(text):
            return ("text", "", None) if _is_heading(text) else None
        return None

    def _short_kind(self, text: str, first: str) -> LineKind | None:
        """URL lines, rules, picture counts, navigation and date lines, or None."""
        head = text[0]
        labelled = first in self.layout.url_label.first_words
        if "http" in text and self._url(text, labelled) is not None:
            return "url"
        if not head.isalnum() and _RULE.match(text):
            return "furniture"  # "___", "* * *"
        if head.isdigit() and self.layout.count_line.match(text):
            return "furniture"  # "12 Bilder"
        if _is_navigation(text):
            return "furniture"  # "Impressum | Datenschutz | Kontakt"
        if len(text) <= 120 and ("19" in text or "20" in text) and self._date(text) is not None:
            return "date"
        return None

    def _url(self, text: str, labelled: bool) -> str | None:
        """The address a URL line holds: "https://…", "URL: <https://…>". ``labelled``: the
        line's first word may open a URL label."""
        label = self.layout.url_label.pattern.match(text) if labelled else None
        if label is None and text[:1] not in ("<", "h", "H"):
            return None  # no label, and no address at the start
        found = _URL.match(text, label.end() if label else 0)
        return found.group(1) if found else None

    def _split(self, text: str) -> tuple[str, Credit | None]:
        """Caption and credit of a line; the parser is asked only when the tail hints at one."""
        text = text.strip()
        if not text or not self.gate.may_hold_credit(text):
            return text, None
        caption, credit = self.parser.split(text)
        if credit is None or not (credit.is_attributed or credit.flags):
            return text, None  # "Foto: ein Trauerspiel." names nobody: prose after a label
        if self._is_prose_credit(credit):
            return text, None
        return caption, credit

    def _is_prose_credit(self, credit: Credit) -> bool:
        """A "credit" that names only unknown organisations written like prose: "CBC's
        Journalistic Standards and Practices" (a menu line with a bar in it)."""
        if credit.photographers:
            return False
        registry = self.gate.registry
        names = [*credit.agencies, *([credit.distributor] if credit.distributor else [])]
        return bool(names) and all(
            registry.get(name) is None and _PROSE_WORD.search(name) for name in names
        )

    def _is_footer(self, text: str) -> bool:
        """A copyright line that credits no picture: "© 2025 Verlag GmbH", "All rights reserved"."""
        if len(text) > MAX_SHORT:
            return False
        lower = text.lower()
        return lower.startswith(("©", "(c)", "copyright")) or bool(
            self.layout.footer_tail.search(text, lower)
        )

    # --- metadata -----------------------------------------------------------------------------

    def _date(self, text: str) -> datetime | None:
        """The date a short date line holds, or None when the line is more than a date."""
        words = self.layout
        found = _ISO_DATE.search(text)
        if found is not None:
            when = _iso_datetime(found)
        else:
            found = _NUMERIC_DATE.search(text) or words.named_date.search(text)
            if found is None:
                return None
            when = self._calendar_date(found)
        if when is None:
            return None
        rest = text[: found.start()] + " " + text[found.end() :]
        clock = _TIME.search(rest) if when.hour == 0 and when.minute == 0 else None
        if clock is not None:
            when = _with_time(when, clock)
            rest = rest[: clock.start()] + " " + rest[clock.end() :]
        left = [
            word
            for word in _WORD.findall(rest)
            if not word.isdigit() and word.lower() not in words.date_words
        ]
        return when if len(left) <= 2 else None

    def _calendar_date(self, found: regex.Match[str]) -> datetime | None:
        groups = found.groupdict()
        day = groups.get("day") or groups.get("day2")
        year = groups.get("year") or groups.get("year2")
        month_text = groups.get("month") or groups.get("month2") or ""
        month = (
            int(month_text)
            if month_text.isdigit()
            else self.layout.months.get(month_text.casefold().rstrip("."))
        )
        try:
            return datetime(int(year or 0), month or 0, int(day or 0))
        except ValueError:
            return None

    def metadata(self) -> tuple[str | None, str | None, datetime | None, str | None]:
        """URL, headline, publication date and publisher, as far as the scrape shows them."""
        lines = self.lines
        url = self._canonical_url()
        title: str | None = None
        for index in self.at.get("title_label", ()):
            found = self.layout.title_label.pattern.match(lines[index].text)
            title = found.group("title").strip() if found else None
            break
        if title is None and self.headline is not None:
            title = lines[self.headline].text
        dates = self.at.get("date")
        published = self._date(lines[dates[0]].text) if dates else None
        if published is None:  # a byline with the date: "Von Anna Beispiel | 02.07.2024, 07:45"
            bylines = (lines[index].text for index in self.at.get("author", ()))
            parts = (part for text in bylines for part in _BYLINE_PARTS.split(text))
            published = next(filter(None, map(self._date, parts)), None)
        publisher = None
        for index in self.at.get("footer", ()):
            publisher = self._publisher(lines[index].text) or publisher
        return url, title, published, publisher

    def _canonical_url(self) -> str | None:
        """The article's address: a labelled URL line, or one among the first or last lines."""
        if "url" not in self.at:
            return None
        filled = [i for i, line in enumerate(self.lines) if line.kind != "blank"]
        edges = set(filled[:3] + filled[-3:])
        for index in filled:
            line = self.lines[index]
            if line.kind != "url":
                continue
            labelled = self.layout.url_label.match(line.text, _first_word(line.text))
            if labelled or index in edges:
                return self._url(line.text, labelled is not None)
        return None

    def _publisher(self, text: str) -> str | None:
        """The publisher a footer names: "© 2025 Ippen Media GmbH & Co. KG. Alle Rechte
        vorbehalten." → "Ippen Media GmbH & Co. KG"; None when the line names no year or rights."""
        tail = self.layout.footer_tail.search(text, text.lower())
        if tail is None and not _YEAR.search(text):
            return None
        head = _FOOTER_HEAD.match(text)
        name = text[head.end() if head else 0 : tail.start() if tail else len(text)]
        return _YEAR.sub("", name).strip(" .,;:|–—-©") or None

    def _find_headline(self) -> int | None:
        """The headline: the first heading that is followed by text rather than by another,
        longer heading (then it was a kicker or a breadcrumb)."""
        lines = self.lines
        first: int | None = None
        for index, line in enumerate(lines):
            if line.noise or line.kind != "text" or not _is_heading(line.text):
                continue
            if len(line.text.split()) < 3 or self._is_banner(index):
                continue  # "Politik", "AP News": navigation, not a headline
            if first is None:
                first = index
            following = self._next_significant(index)
            if following is None:
                break
            after = lines[following]
            if after.kind == "text" and _is_heading(after.text):
                if len(after.text) > len(line.text) and len(line.text.split()) <= 6:
                    continue  # a kicker: "Ziele in Anchorage" over the headline
                return index
            if after.kind in ("bullet", "related", "end"):
                continue
            return index
        return first

    def _next_significant(self, index: int) -> int | None:
        for following in range(index + 1, min(len(self.lines), index + 40)):
            line = self.lines[following]
            if line.kind not in _META_KINDS and not line.noise and not self._is_banner(following):
                return following
        return None

    # --- noise --------------------------------------------------------------------------------

    def _mark_sections(self) -> None:
        """Mark the link lists under their headings ("Mehr zum Thema") and everything under an
        end heading ("Kommentare") after the headline as noise."""
        lines = self.lines
        for index in self.at.get("related", ()):
            self._mark_links(index)
        self.headline = self._find_headline()
        # "Kommentare" is also a menu entry (the opinion pages), "Join the conversation" a
        # link under the headline: an end heading ends the article only after two paragraphs
        # of it, with fewer paragraphs (the comments) below than above.
        start = self.headline if self.headline is not None else 0
        ends = [index for index in self.at.get("end", ()) if index >= start]
        if not ends:
            return
        prose = [
            index
            for index in self._of_kinds("text", "caption")
            if index >= start
            and lines[index].kind in ("text", "caption")
            and _is_prose(lines[index].text)
        ]
        for index in ends:
            above = bisect.bisect_left(prose, index)
            if above >= 2 and len(prose) - above <= above:
                for later in lines[index + 1 :]:
                    if later.kind not in ("teaser", "footer", "url"):
                        later.noise = True
                break

    def _mark_links(self, heading: int) -> None:
        """The link lines under a "Mehr zum Thema" heading: the block that follows it, and
        further one-line blocks and teaser cards (a headline and its picture's credit), while
        they hold nothing but short link-like lines."""
        lines = self.lines
        index = heading + 1
        blocks = 0
        while index < len(lines):
            if lines[index].kind == "blank":
                index += 1
                continue
            end = index
            while end < len(lines) and lines[end].kind != "blank":
                end += 1
            # A credit line belongs to a teaser card (headline and picture credit), never to a
            # block of its own: that is the article going on with a figure.
            cards = end - index > 1
            if not all(self._is_link_like(line, cards=cards) for line in lines[index:end]):
                return
            card = end - index <= 3 and any(
                line.kind in ("caption", "credit") for line in lines[index:end]
            )
            if blocks > 0 and end - index > 1 and not card:
                return  # a second block of several lines is the article going on
            for line in lines[index:end]:
                line.noise = True
            blocks += 1
            index = end

    def _is_link_like(self, line: _Line, *, cards: bool) -> bool:
        """A line of a link list: a short headline, or with ``cards`` the credit of a teaser
        picture ("Sturm über München" / "© Sven Hoppe/dpa" under "Das könnte Sie auch …")."""
        if line.kind in _NOISE_KINDS:
            return True
        credited = cards and line.kind in ("caption", "credit")
        text = line.caption if credited else line.text
        return (
            (line.kind == "text" or credited)
            and len(text) <= 160
            and (not text or _sentences(text) == 1)
            and not self.layout.cue.search(text, text.lower())
        )

    # --- units --------------------------------------------------------------------------------

    def units(self) -> list[_Unit]:
        """Every image entry: labelled teasers, captions with credits, numbered slides,
        gallery runs, uncredited figures; in reading order with their kinds settled."""
        units = [*self._labelled(), *self._credited()]
        units = self._slides(units)
        units.sort(key=lambda unit: unit.start)
        units = self._galleries(units)
        units.extend(self._uncredited())
        units.sort(key=lambda unit: unit.start)
        self._drop_tail_credits(units)
        self._mark_teaser(units)
        return [unit for unit in units if not unit.dropped]

    def _take(self, *indexes: int | None) -> None:
        for index in indexes:
            if index is not None:
                self.lines[index].used = True

    def _labelled(self) -> Iterator[_Unit]:
        """Teaser label lines and "Image caption," lines (with a credit line just before)."""
        lines = self.lines
        for index in self._of_kinds("teaser", "caption_label"):
            line = lines[index]
            if line.kind == "teaser":
                caption, credit, end = line.caption, line.credit, index
                following = index + 1
                if not caption and credit is None and following < len(lines):
                    after = lines[following]  # "Titelbild:" with the caption on the next line
                    if after.kind in ("caption", "credit", "text") and not after.noise:
                        caption, credit, end = after.caption or after.text, after.credit, following
                self._take(index, end)
                yield _Unit(index, index, end, caption, credit, kind="teaser", labelled=True)
            elif line.kind == "caption_label" and not line.noise:
                start, end, credit = index, index, line.credit
                before, after = self._neighbour(index, -1), self._neighbour(index, 1, blanks=0)
                if credit is None and before is not None and lines[before].kind == "credit":
                    start, credit = before, lines[before].credit  # "Image source, Reuters"
                elif credit is None and after is not None and self._free_credit(after):
                    end, credit = after, lines[after].credit  # "Bildquelle: dpa" below
                self._take(start, end)
                yield _Unit(start, index, end, line.caption, credit)

    def _credited(self) -> Iterator[_Unit]:
        """Captions ending in a credit, and credit lines with the caption line before them."""
        lines = self.lines
        for index in self._of_kinds("caption", "credit"):
            line = lines[index]
            if line.used or line.noise or line.credit is None:
                continue
            if line.kind == "credit" and self._is_banner(index):
                continue  # "Support the Guardian" reads as a credit
            if line.kind == "caption" and self._is_image_credit(line, index):
                self._take(index)
                yield _Unit(index, index, index, line.caption, line.credit)
            elif line.kind == "credit":
                if line.credit.raw.startswith("(") and self._is_article_source(line.credit):
                    continue  # "(Quelle: dpa, Reuters)" under the text: the report's sources
                before = self._neighbour(index, -1)
                after = self._neighbour(index, 1)
                if (
                    before is not None
                    and after is not None
                    and lines[before].block != line.block
                    and lines[after].block == line.block
                ):
                    before = None  # "Foto: Name/dpa" opening a block: its caption is below
                if before is not None and self._is_caption_for(before, index):
                    self._take(before, index)
                    yield _Unit(before, before, index, lines[before].text, line.credit)
                elif after is not None and self._is_caption_after(after, index):
                    self._take(index, after)  # "Fabrizio Bensch/REUTERS" over its caption
                    yield _Unit(index, after, after, lines[after].text, line.credit)
                elif self._is_marked(line.credit.raw) and not self._is_source(line.credit):
                    self._take(index)  # "Foto: dpa" alone: a picture without a caption
                    yield _Unit(index, index, index, "", line.credit)

    def _is_strong(self, credit: Credit) -> bool:
        """A credit that says it is one: a marker ("© …", "Foto: …"), or a chain naming a
        photographer ("Kay Nietfeld/dpa", "(AP Photo/Evan Vucci)") or standing outside brackets
        ("Imago/Blaulicht-News.de"). "(dpa)", "(dpa/lnw)", "Reuters" or "About CBC News" alone
        are weak: an agency tag under a report, a site's name, a menu entry."""
        raw = credit.raw
        if self._is_marked(raw):
            return True
        if "/" not in raw and "|" not in raw:
            return False
        bracketed = raw.startswith(("(", "[")) or raw.endswith((")", "]"))
        return bool(credit.photographers) or not bracketed

    def _is_marked(self, raw: str) -> bool:
        """True when a credit opens with a marker: "© …", "Foto: …", "(Foto: …)"."""
        marked = self.gate.marked.get(raw)  # a few thousand credits make up most of a corpus
        if marked is None:
            marked = self.gate.marked[raw] = self.marker.match(raw) is not None
        return marked

    def _is_footer_credit(self, credit: Credit) -> bool:
        """A site footer read as a credit: "© 2024 Börsen-Zeitung", "Copyright: Project
        Syndicate, 2025", "© Copyright Chemnitzer Verlag und Druck GmbH"."""
        raw = credit.raw
        if not raw.lower().startswith(("©", "(c)", "copyright")):
            return False
        lower = raw.lower()
        if _YEAR.search(raw) or "copyright" in lower:
            return True
        words = set(_WORD.findall(lower))
        return any(
            (word.lower() in lower) if " " in word else (word.lower() in words)
            for word in vocabulary().footer_words
        )

    def _is_caption_after(self, index: int, credit_at: int) -> bool:
        """A caption below its credit line (credit first, then caption): a short line that no
        credit line of its own follows."""
        line = self.lines[index]
        if line.kind != "text" or line.used or line.noise or index == self.headline:
            return False
        text = line.text
        if len(text) > MAX_UNCREDITED or _sentences(text) > 2 or len(text.split()) < 4:
            return False
        below = self._neighbour(index, 1)
        if below is not None and self.lines[below].kind == "credit":
            return False  # that line is the caption of the credit below it
        if self.lines[credit_at].block == line.block:
            return True
        if credit_at > 0 and self.lines[credit_at - 1].kind != "blank":
            return False  # the credit closes the block above it: a caption's, not this line's
        return _ends_sentence(text) or text.endswith(")")  # "… (Kundus, 6.12.2010)"

    def _free_credit(self, index: int) -> bool:
        """A credit line that is not yet part of anything."""
        line = self.lines[index]
        return line.kind == "credit" and not line.used and not line.noise

    def _is_article_source(self, credit: Credit) -> bool:
        """ "Quelle: dpa, Reuters", agencies in a list: where a report comes from. A picture's
        source names its maker with a separator: "Quelle: IMAGO/Political-Moments"."""
        return (
            self._is_source(credit)
            and not credit.photographers
            and bool(credit.agencies)
            and "/" not in credit.raw
            and "|" not in credit.raw
        )

    def _is_source(self, credit: Credit) -> bool:
        """ "Quelle: SDA" on its own names the article's source, not a picture's."""
        return self.layout.source_label.match(credit.raw) is not None

    def _is_image_credit(self, line: _Line, index: int) -> bool:
        """A credit at the end of a caption, not an agency tag closing a paragraph
        ("… sagte Onay. (dpa)") nor a name in prose."""
        credit = line.credit
        assert credit is not None
        if self._is_strong(credit):
            return True
        if self._is_banner(index):
            return False
        caption = line.caption
        return (
            len(caption) <= MAX_UNCREDITED
            and not caption.endswith(":")
            and _sentences(caption) <= 2
            and not self.layout.reporting.search(caption, caption.lower())
        ) or self._is_block_with_title(index)

    def _is_block_with_title(self, index: int) -> bool:
        before = index - 1
        return before >= 0 and self._is_title(before)

    def _is_caption_for(self, index: int, credit_at: int) -> bool:
        """True when the line at ``index`` is the caption of the credit line after it."""
        line, credit_line = self.lines[index], self.lines[credit_at]
        if line.kind != "text" or line.used or line.noise or index == self.headline:
            return False
        text = line.text
        if len(text) > MAX_CAPTION or text.endswith(":") or _sentences(text) > 4:
            return False
        if not _ends_sentence(text) and len(text.split()) < 4 and not self._after_counter(index):
            return False  # "Site Map", "Podcasts" over "© Name": a menu, not a caption
        if self._is_banner(index):
            return False
        assert credit_line.credit is not None
        if not self._is_strong(credit_line.credit):
            # "dpa" alone under a line: only a sentence in the same block is its caption
            return (
                credit_line.credit.is_attributed
                and line.block == credit_line.block
                and _ends_sentence(text)
            )
        if line.block != credit_line.block:
            return len(text) <= MAX_UNCREDITED and self._block_size(index) == 1
        return True

    def _after_counter(self, index: int) -> bool:
        """True when a slide counter ("Bild 3 von 12", "1 / 4") stands right above the line."""
        return index > 0 and self.lines[index - 1].kind == "counter"

    def _block_size(self, index: int) -> int:
        block = self.lines[index].block
        size = 1
        for step in (-1, 1):
            other = index + step
            while 0 <= other < len(self.lines) and self.lines[other].block == block:
                size += 1
                other += step
        return size

    def _neighbour(self, index: int, step: int, *, blanks: int = 1) -> int | None:
        """The next non-blank line in direction ``step``, skipping at most ``blanks`` blanks."""
        other = index + step
        skipped = 0
        while 0 <= other < len(self.lines):
            if self.lines[other].kind != "blank":
                return other
            skipped += 1
            if skipped > blanks:
                return None
            other += step
        return None

    def _is_title(self, index: int) -> bool:
        """A slide or figure title: a short heading line that is not yet part of anything."""
        line = self.lines[index]
        return (
            line.kind == "text"
            and not line.used
            and not line.noise
            and index != self.headline
            and len(line.text) <= 150
            and _is_heading(line.text)
        )

    # --- numbered slides ------------------------------------------------------------------------

    def _slides(self, units: list[_Unit]) -> list[_Unit]:
        """Slides of a numbered gallery ("Bild 3 von 12", "1 / 12"): each counter starts a
        slide that holds its title, caption and credit, with or without a credit."""
        counters = [i for i in self.at.get("counter", ()) if not self.lines[i].noise]
        if not counters:
            return units
        by_line = {unit.caption_at: unit for unit in units}
        trailing = self._counters_trail(counters)
        for number, counter in enumerate(counters):
            if trailing:
                first = counters[number - 1] + 1 if number else self._slide_start(counter)
                span = range(first, counter)
            else:
                last = counters[number + 1] if number + 1 < len(counters) else None
                span = range(counter + 1, last if last is not None else self._slide_end(counter))
            unit = self._slide(counter, span, by_line, trailing=trailing)
            if unit is not None and unit.caption_at not in by_line:
                units.append(unit)
                by_line[unit.caption_at] = unit
        return units

    def _counters_trail(self, counters: list[int]) -> bool:
        """True when counters follow their slides: a slide right above the first counter, and
        nothing right below the last."""
        lines = self.lines
        first, last = counters[0], counters[-1]
        above = first > 0 and lines[first - 1].kind in ("text", "caption", "credit")
        return above and (last + 1 >= len(lines) or lines[last + 1].kind == "blank")

    def _slide_start(self, counter: int) -> int:
        start = counter
        while start > 0 and self.lines[start - 1].kind != "blank" and counter - start < 4:
            start -= 1
        return start

    def _slide_end(self, counter: int) -> int:
        """Where the last slide ends: after its credit, else at the first blank line."""
        lines = self.lines
        index = counter + 1
        seen_text = False
        while index < len(lines) and index - counter <= 6:
            line = lines[index]
            if line.kind == "blank":
                if seen_text and (index + 1 >= len(lines) or lines[index + 1].kind != "credit"):
                    break
            elif line.kind in ("caption", "credit"):
                return index + 1
            elif line.kind == "text":
                seen_text = True
            index += 1
        return index

    def _slide(
        self, counter: int, span: range, by_line: dict[int, _Unit], *, trailing: bool
    ) -> _Unit | None:
        lines = self.lines
        counted = lines[counter]
        inside = [i for i in span if lines[i].kind != "blank" and not lines[i].noise]
        unit = next((by_line[i] for i in inside if i in by_line), None)
        start = inside[0] if trailing and inside else counter
        if unit is None and counted.caption:  # "Bild 1 von 12: Caption © Name/dpa"
            unit = _Unit(counter, counter, counter, counted.caption, counted.credit)
        if unit is None:
            texts = [i for i in inside if lines[i].kind == "text" and not lines[i].used]
            if not texts or len(texts) > 3 or any(len(lines[i].text) > MAX_CAPTION for i in texts):
                return None
            unit = _Unit(counter, texts[-1], texts[-1], lines[texts[-1]].text, None)
        titles = [
            i
            for i in inside
            if i < unit.caption_at and lines[i].kind == "text" and self._is_title(i)
        ]
        unit.title_at = titles[0] if titles else None
        unit.start = min(start, unit.start) if trailing else counter
        unit.end = max(unit.end, counter) if trailing else unit.end
        unit.kind, unit.labelled = "gallery", True
        self._take(counter, unit.title_at, unit.caption_at)
        return unit

    # --- galleries ------------------------------------------------------------------------------

    def _galleries(self, units: list[_Unit]) -> list[_Unit]:
        """Runs of units with only blank lines, titles or uncredited slides between them are
        galleries when they look like one: numbered, titled, three or more, or announced."""
        for unit in units:
            if unit.title_at is None and not unit.labelled:
                unit.title_at = self._title_before(unit)
        runs: list[list[_Unit]] = []
        for unit in units:
            if unit.kind == "teaser" and unit.labelled:
                continue
            # Numbered slides make a run of their own: their counters bound the gallery.
            if (
                runs
                and runs[-1][-1].labelled == unit.labelled
                and self._adjacent(runs[-1][-1], unit)
            ):
                runs[-1].append(unit)
            else:
                runs.append([unit])
        extra: list[_Unit] = []
        for run in runs:
            extra.extend(self._settle_run(run))
        for unit in units:
            if unit.kind != "gallery" and unit.title_at is not None and not self._keeps_title(unit):
                unit.title_at = None
            if unit.title_at is not None:
                self._take(unit.title_at)
        return sorted([*units, *extra], key=lambda unit: unit.start)

    def _title_before(self, unit: _Unit) -> int | None:
        before = self._neighbour(unit.caption_at, -1)
        if before is None or (before >= unit.start and unit.start != unit.caption_at):
            return None
        if before < unit.start and self._is_title(before):
            earlier = self._neighbour(before, -1, blanks=0)
            # A heading inside a paragraph block is none: the title opens its block.
            if earlier is None or not (
                self.lines[earlier].kind == "text" and _is_prose(self.lines[earlier].text)
            ):
                return before
        return None

    def _first_line(self, unit: _Unit) -> int:
        return min(unit.start, unit.title_at) if unit.title_at is not None else unit.start

    def _adjacent(self, first: _Unit, second: _Unit) -> bool:
        """Nothing but blank lines, furniture or one uncredited slide between two units."""
        between = self._between(first, second)
        return not between or self._gap_slide(between) is not None

    def _between(self, first: _Unit, second: _Unit) -> list[int]:
        """The lines between two units other than blank lines and furniture; three at most,
        since a gap of three is no slide (paragraphs between figures need no full list)."""
        lines = self.lines
        between = []
        for index in range(first.end + 1, self._first_line(second)):
            if lines[index].kind != "blank" and lines[index].kind != "furniture":
                between.append(index)
                if len(between) == 3:
                    break
        return between

    def _gap_slide(self, between: list[int]) -> tuple[int | None, int] | None:
        """An uncredited slide between two credited ones: [title] caption, short lines."""
        lines = self.lines
        if not 1 <= len(between) <= 2:
            return None
        if any(lines[i].kind != "text" or lines[i].used or lines[i].noise for i in between):
            return None
        caption = between[-1]
        text = lines[caption].text
        if len(text) > MAX_UNCREDITED or _sentences(text) > 3:
            return None
        if len(between) == 2:
            return (between[0], caption) if self._is_title(between[0]) else None
        if not _is_heading(text) or self.layout.cue.search(text, text.lower()):
            return None, caption
        return None

    def _settle_run(self, run: list[_Unit]) -> list[_Unit]:
        """Decide whether a run is a gallery; name it; turn its gaps into uncredited slides."""
        titled = sum(unit.title_at is not None for unit in run)
        heading = self._gallery_heading(run[0])
        if len(run) > 1 and titled == 1 and run[0].title_at is not None:
            # The only "title" is the gallery's heading: "In pictures: …" over untitled slides.
            if heading is None:
                heading = run[0].title_at
            run[0].title_at = None
            titled = 0
        numbered = any(unit.labelled for unit in run)
        heading_text = self.lines[heading].text if heading is not None else ""
        announced = self.layout.gallery_word.search(heading_text, heading_text.lower())
        is_gallery = numbered or len(run) >= 3 or (len(run) == 2 and titled >= 1) or announced
        if not is_gallery:
            return []
        name = self.lines[heading].text if heading is not None else None
        self._take(heading)
        extra = []
        for first, second in itertools.pairwise(run):
            between = self._between(first, second)
            gap = self._gap_slide(between) if between else None
            if gap is not None and (gap[0] is not None) == (titled > 0):
                title_at, caption_at = gap
                self._take(title_at, caption_at)
                start = title_at if title_at is not None else caption_at
                text = self.lines[caption_at].text
                extra.append(_Unit(start, caption_at, caption_at, text, None, title_at))
        for unit in [*run, *extra]:
            unit.kind, unit.gallery = "gallery", name
            if unit.title_at is not None:
                unit.start = min(unit.start, unit.title_at)
        return extra

    def _gallery_heading(self, first: _Unit) -> int | None:
        """The heading right above a gallery (blank lines and picture counts between)."""
        index = self._first_line(first) - 1
        while index >= 0 and (
            self.lines[index].kind == "blank" or self.lines[index].kind == "furniture"
        ):
            index -= 1
        if index < 0:
            return None
        line = self.lines[index]
        if index == self.headline:
            return index
        if line.kind == "text" and not line.used and _is_heading(line.text):
            return index
        return None

    def _keeps_title(self, unit: _Unit) -> bool:
        """A figure keeps a title only when title and caption make up a block of their own."""
        assert unit.title_at is not None
        title = self.lines[unit.title_at]
        if title.block != self.lines[unit.caption_at].block:
            return False
        before = unit.title_at - 1
        after = unit.end + 1
        return (before < 0 or self.lines[before].kind == "blank") and (
            after >= len(self.lines) or self.lines[after].kind == "blank"
        )

    # --- uncredited figures ---------------------------------------------------------------------

    def _uncredited(self) -> Iterator[_Unit]:
        """Lines that read as a caption with no credit: cues like "(l.)", "v.l.n.r.",
        "(Archivbild)", "pictured", a present-tense English sentence, their shape and place."""
        for index in self.at.get("text", ()):
            line = self.lines[index]
            if line.kind != "text" or line.used or line.noise or index == self.headline:
                continue
            if not 15 <= len(line.text) <= MAX_UNCREDITED or line.text.count(" ") < 2:
                continue  # no caption's length (_text_score), or "Politik", "Election 2024"
            if self._caption_score(index) >= 3:
                self._take(index)
                yield _Unit(index, index, index, line.text, None)

    def _caption_score(self, index: int) -> int:
        """How much a line reads like a caption; 3 or more makes it one.

        Caption cues ("(l.)", "v.l.n.r.", "(Archivbild)", "pictured") count 3, an opener
        ("Blick auf", "Pictured:") 2, a present-tense English sentence ("Tusk visits …") 2,
        the "Subject: what happens." shape 1 and a place of its own between blocks 1;
        reporting words ("sagte", "said") take 2 away; a banner scores nothing.
        """
        line = self.lines[index]
        assert line.seen is not None
        if line.seen.score is None:
            line.seen.score = self._text_score(line.text)
        cues, score = line.seen.score
        if not cues or self._is_banner(index) or score is None:
            return 0
        return score + 1 if self._stands_apart(index) else score

    def _text_score(self, text: str) -> tuple[int, int | None]:
        """What the words of a line say of it as a caption: the score of its cues, opener
        and verb (0: no caption, whatever its place), and the score once sentences and
        reporting words are counted too (None: no caption)."""
        words = self.layout
        if not 15 <= len(text) <= MAX_UNCREDITED or text[0] in "\"„“”»«'‚‘":
            return 0, None
        lower = text.lower()
        score = 0
        if words.cue.search(text, lower):
            score += 3
        if words.opener.match(text, _first_word(text)):
            score += 2
        # Quotation marks: a line quoting someone is an article sentence, unless a cue says
        # otherwise. One "in" each costs a fifth of a search for any of them.
        quoted = (
            '"' in text or "„" in text or "“" in text or "”" in text or "»" in text
            or "«" in text
        )  # fmt: skip
        if not score and (quoted or len(text) > 220):
            return 0, None  # without a cue, a caption is one plain sentence
        if (
            not quoted
            and len(text) <= 220
            and _ends_sentence(text)  # a headline of another article has no full stop
            and not words.english.isdisjoint(lower.split())
        ):
            verb = words.verb.search(text[:90], lower[:90])
            if verb is not None and not lower[: verb.start()].rstrip().endswith(" to"):
                score += 2
        if not score:
            return 0, None
        cues = score
        sentences = _sentences(text)
        if sentences > 3 or (sentences > 1 and score == 2):
            return cues, None
        if words.reporting.search(text, lower):
            score -= 2
        if sentences == 1 and _LEAD_COLON.match(text) and _ends_sentence(text):
            score += 1
        return cues, score

    def _stands_apart(self, index: int) -> bool:
        """A caption's place: a block of its own, or glued to a list or heading."""
        lines = self.lines
        neighbours = [lines[other] for other in (index - 1, index + 1) if 0 <= other < len(lines)]
        if all(line.kind == "blank" for line in neighbours):
            return True
        return any(
            line.kind in ("bullet", "counter") or (line.kind == "text" and _is_heading(line.text))
            for line in neighbours
        )

    # --- the teaser and the tail ------------------------------------------------------------

    def _drop_tail_credits(self, units: list[_Unit]) -> None:
        """A credit line with no caption after the last paragraph is a footer, not a picture."""
        lines = self.lines
        last_prose = next(
            (i for i in reversed(self.at.get("text", ()))
             if lines[i].kind == "text" and not lines[i].noise and not lines[i].used
             and _is_prose(lines[i].text)),
            -1,
        )  # fmt: skip
        for unit in units:
            if not unit.caption and not unit.labelled and unit.start > last_prose:
                unit.dropped = True

    def _mark_teaser(self, units: list[_Unit]) -> None:
        """The first figure between headline and body is the lead image: before it stand at
        most a short standfirst, the byline and the date. A labelled teaser ("Main image:")
        is the only one."""
        headline = self.headline if self.headline is not None else -1
        labelled = any(unit.kind == "teaser" for unit in units)
        for unit in units:
            if unit.kind != "figure":
                continue
            if unit.start < headline:
                unit.kind = "teaser"
                continue
            paragraphs = [
                line.text
                for line in self.lines[headline + 1 : unit.start]
                if line.kind == "text" and not line.noise and not line.used and _is_prose(line.text)
            ]
            if labelled:
                break
            if not paragraphs or (
                len(paragraphs) == 1
                and len(paragraphs[0]) <= MAX_SHORT
                and not _DATELINE.match(paragraphs[0])
            ):
                unit.kind = "teaser"
            break

    # --- the result -----------------------------------------------------------------------------

    def entries(self, units: list[_Unit]) -> tuple[Entry, ...]:
        lines = self.lines
        return tuple(
            Entry(
                position=position,
                kind=unit.kind,
                gallery=unit.gallery,
                title=lines[unit.title_at].text if unit.title_at is not None else None,
                caption=unit.caption,
                credit=unit.credit,
                line=unit.start + 1,
            )
            for position, unit in enumerate(units, start=1)
        )


def _is_unfinished(text: str, credit: Credit | None) -> bool:
    """A line whose credit goes on below: an open bracket ("… tonight (") or a bare credit
    label ("Foto:", "… Image:")."""
    if len(text) > MAX_CAPTION:
        return False
    if "(" in text and text.count("(") > text.count(")"):
        return True
    if "[" in text and text.count("[") > text.count("]"):
        return True
    return credit is not None and not credit.is_attributed and credit.raw.rstrip().endswith(":")


def _is_count(found: regex.Match[str]) -> bool:
    """ "3 / 12" counts slides; "24/7" and "12 / 3" do not."""
    number, total = int(found.group("number")), int(found.group("total"))
    return 1 <= number <= total and total >= 2


def _is_navigation(text: str) -> bool:
    """ "Impressum | Datenschutz | Kontakt", "Home > Politik > Ausland": short items, joined."""
    if len(text) > 160 or ":" in text or "©" in text:
        return False
    # No separator of _NAV_SEPARATOR, no items: one "in" each costs less than one regex call.
    if not (
        "|" in text or ">" in text or "/" in text or "·" in text or "•" in text
        or "›" in text or "»" in text
    ):  # fmt: skip
        return False
    items = _NAV_SEPARATOR.split(text)
    return len(items) >= 3 and all(len(item.split()) <= 3 for item in items)


def _iso_datetime(found: regex.Match[str]) -> datetime | None:
    try:
        when = datetime(int(found["year"]), int(found["month"]), int(found["day"]))
        if found["hour"]:
            when = when.replace(hour=int(found["hour"]), minute=int(found["minute"]))
    except ValueError:
        return None
    zone = found["zone"]
    if zone:
        when = when.replace(tzinfo=_zone(zone))
    return when


def _zone(offset: str) -> timezone:
    """ "Z" → UTC, "+02:00" / "+2" / "-0500" → a fixed offset."""
    if offset in ("Z", "z"):
        return UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _with_time(day: datetime, clock: regex.Match[str]) -> datetime:
    hour, minute = int(clock["hour"]), int(clock["minute"])
    half = (clock["half"] or "").casefold()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    when = day.replace(hour=hour, minute=minute)
    return when.replace(tzinfo=_zone(clock["offset"])) if clock["offset"] else when


def read_text(text: str, *, source: str) -> Article:
    """Read a plain-text scrape into an Article with every image entry, in reading order.

    ``source`` names the file; it is the article's id unless the scrape holds its URL.
    Never raises on odd text.

    >>> article = read_text('''Gipfel in Alaska
    ...
    ... Trump trifft Putin in Anchorage
    ...
    ... Anchorage (dpa) - Der Gipfel beginnt am Freitag. Beide wollen über die Ukraine reden.
    ...
    ... Trump (l.) und Putin bei ihrem ersten Treffen in Helsinki.
    ...
    ... Es ist ihr erstes Treffen seit 2019.
    ...
    ... Rubriklistenbild: © Imago (Montage)
    ... ''', source="alaska.txt")
    >>> article.title
    'Trump trifft Putin in Anchorage'
    >>> [(e.kind, e.line, e.credit.agencies if e.credit else None) for e in article.entries]
    [('figure', 7, None), ('teaser', 11, ('Imago',))]
    """
    reader = _Reader(text, source)
    url, title, published, publisher = reader.metadata()
    units = reader.units()
    return Article(
        id=url or source,
        source=source,
        url=url,
        title=title,
        published=published,
        publisher=publisher,
        entries=reader.entries(units),
    )
