"""Find the credit in a caption and split it into photographers, agencies, distributor and flags.

The rules are written out in ``docs/credit-conventions.md``; the words come from
``credits/data/markers.toml`` and the organisations from ``credits/data/agencies.toml``.
Nothing here raises on odd text: text with no credit gives ``None``, a malformed credit gives
what could be read plus the ``suspicious`` flag.

Pipeline for one text:
  normalise (normalize.py) → locate the credit (marker, end brackets, trailing chain)
  → cut into groups and elements → classify each element → resolve agency vs distributor.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import regex

from .models import Credit
from .normalize import normalize, original_span
from .registry import Organisation, Registry, alias_key, bundled_registry
from .vocabulary import Vocabulary, vocabulary

# Longest input looked at. A caption is a few hundred characters; beyond this, only the tail
# can hold the credit, and bounding the input bounds the time every pattern can take.
MAX_TEXT = 4000
# Longest credit accepted: longer "credits" are prose that happens to follow a marker.
MAX_CREDIT = 400


def or_pattern(words: Iterable[str]) -> str:
    """An alternation of ``words``, escaped, longest first (so "Fotos" wins over "Foto")."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


# --- patterns that do not depend on the vocabulary -------------------------------------------

# Where a sentence or block ends, so a marker-less credit may start after it:
# "… in Berlin. Kay Nietfeld/dpa", "…caption  Getty Images", "…caption\nREUTERS/Mike Segar".
# Not after an initial or a title: "Hannes P. Albert/dpa", "Dr. Name" (looked behind from after
# the stop, so the lookbehinds run only at stops).
_STRONG_BOUNDARY = regex.compile(
    r"""(?:
        [.!?…](?<!\b\p{Lu}.)(?<!\b(?:Dr|Prof|St|Nr|Jr|Sr|Mr|Mrs|Ms|ca|bzw|vgl).)["”“»«’']?\s+
      | [:;]\s+
      | \s{2,}
      | \n
    )""",
    regex.VERBOSE,
)
# Weaker block separators a caption may put before its credit: "Caption | dpa", "Caption – dpa".
_WEAK_BOUNDARY = regex.compile(r"\s[|–—-]\s")

# Separators between the elements of one credit: "Name/dpa", "dpa | Name", "Name - dpa",
# "Name · dpa", "(Reuters: Name)", "Name/AFP via Getty Images", "Name for X",
# "Annie Spratt on Unsplash". (Spaces before a separator are matched once for all three kinds:
# a third faster than an optional space run in front of each.)
_ELEMENT_SEPARATOR = regex.compile(
    r"((?<!\s)\s++(?:[/|·•]\s*+|[-–—]\s++|:\s++)|[/|·•]\s*+|:\s++"
    r"|(?:^|(?<=[\s/|·•]))(?:via|for|für|on)\s++)",
    regex.IGNORECASE,
)
# Separators between credit groups: "Name1/dpa, Name2/AFP", "dpa (2); AFP", "A und B/dpa".
# (Captured whole, like the element separators, so a split keeps them.)
_GROUP_SEPARATOR = regex.compile(
    r"((?:(?<!\s)\s++)?[,;]\s*+|(?<!\s)\s++(?:und|and|sowie|&)\s++)", regex.IGNORECASE
)
# Any bracket, opening or closing: "(M.)" in "Polizisten (M.) in Köln. © Name/dpa".
_BRACKET = regex.compile(r"[()\[\]]")
# Brackets inside a credit: "Name (Keystone)", "dpa (2)", "Foto: dpa (M)", "[M]".
_BRACKETED = regex.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
# The dpa radio tail: "Name/dpa +++ dpa-Bildfunk +++" (read as one more element).
_PLUS_TAIL = regex.compile(r"(?:(?<!\s)\s++)?\+{2,}+\s*+")
# A year, a date or a number standing alone or at an element's edge: "© 2024 Getty Images",
# "Quelle: BILD 15.05.2023", "dpa (2)".
_DATE_EDGE = regex.compile(
    r"^(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|(?:19|20)\d{2}|\d{1,3})(?:\s+|$)"
    r"|(?:^|(?<!\s)\s++)(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|(?:19|20)\d{2})$"
)
# Pictographs and other symbols in a credit element: "📷", "✈", "®", "™".
_PICTOGRAPH = regex.compile(r"[\p{So}\p{Sk}]")
# Punctuation trimmed from both ends of an element: "Evan Vucci.", "„dpa“".
_EDGE_PUNCTUATION = "\"'“”„«»‹›‚‘’`,;:!?*()[]{}<>"
# A web address at the end of an organisation's name: "n-tv.de", "ZUMAPRESS.com".
_DOMAIN = regex.compile(r"\.(?:de|com|at|ch|net|org|co\.uk|uk|fr|it|nl|eu|info)$", regex.IGNORECASE)
# A name word: "Kay", "Caballero-Reynolds", "O'Brien", "d'Alessandro", "al-Sharif", "J.",
# "J.R.", "JOHN", "Young-joon", "@username".
_NAME_TOKEN = regex.compile(
    r"""^(?:
        \p{Lu}\.(?:-?\p{Lu}\.)*                          # initials: J. J.R. J.-P.
      | (?:\p{Ll}{1,3}['’-])?                            # a prefix: d'Alessandro, al-Sharif
        \p{Lu}[\p{L}\p{M}]*(?:['’.-]\p{L}[\p{L}\p{M}]*)*\.?  # Kay, O'Brien, Young-joon, JOHN
    )$""",
    regex.VERBOSE,
)
# Two words run together inside a name: "SaloIlta-Sanomat" (capital, lower case, capital).
_RUN_TOGETHER = regex.compile(r"(?<![\p{L}\p{M}])(\p{Lu}\p{Ll}+)\p{Lu}")
# Staff initials after a marker: "Foto: jma" (an own picture by an editor).
_INITIALS = regex.compile(r"\p{Ll}{2,4}")
# Lower-case words in an element: the mark of prose ("wie die Agentur berichtete").
_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{M}\-'’])\p{Ll}[\p{L}\p{M}]+")
# A dateline at the start of a text: "Berlin (dpa) - …", "WASHINGTON (AP) — …".
_DATELINE = regex.compile(r"^\s*\p{Lu}[\p{L}\p{M}.\- /]{1,40}\s*\([^()]{1,40}\)\s*[-–—:]\s")
# A year in a copyright line: "© 2025 Verlag GmbH", "© Telegraph Media Group Limited 2025".
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# What ends a label marker: a colon, or an ellipsis as in the NYT's "Credit…Doug Mills".
_LABEL_END = r":|…|\.\.\."
# A group that starts with "via" belongs to the one before: "…/EPA, via Shutterstock".
_VIA_START = regex.compile(r"\s*via\s", regex.IGNORECASE)
# The parts of a hyphenated or dotted word: "i-Images", "SEPA.Media".
_TOKEN_PARTS = regex.compile(r"[-.]")
# The capitalised parts of a run-together word: "NewsWire" → "News", "Wire".
_CAPITAL_PARTS = regex.compile(r"\p{Lu}\p{Ll}+")
# A name word in capitals, as agencies print photographers: "CYRIL", "ZINGARO", "O'NEILL".
_CAPS_WORD = regex.compile(r"\p{Lu}[\p{Lu}'’-]+")
# An acronym standing alone: "SNA", "CKSA" (an organisation, not a surname).
_LONG_ACRONYM = regex.compile(r"\p{Lu}{3,6}")
_ACRONYM = regex.compile(r"\p{Lu}{2,5}")
# Where a word (or a capital glued to a word) starts: "Foto" in "Bild Foto:", "BerlinFoto:".
_WORD_START = regex.compile(r"(?<![\p{L}\p{M}])\p{L}|(?<=\p{Ll})\p{Lu}")
# A credit glued to a sentence's full stop at the end of a text: "… Risiken bergen.dpa".
_GLUED_AFTER_STOP = regex.compile(r"(?<=\p{Ll}[.!?])\p{L}[^\s.!?]*(?:\s[^\s.!?]+){0,3}$")
# The end of a sentence inside a credit body (not after an initial): "… im Einsatz. Foto: dpa".
_SENTENCE_END = regex.compile(r"(?<!\b\p{Lu})[.!?]\s+(?=\p{Lu})")
# A slash or bar joining two links of a credit chain: "Name/dpa", "dpa | Name".
_JOINT = regex.compile(r"[/|]")
# The gap after a credit printed before its caption: "Fabrizio Bensch/REUTERS  Werden …".
_GAP = regex.compile(r"\s{2,}|\n")
# One initial with its full stop: "P." in "Hannes P. Albert".
_INITIAL = regex.compile(r"\p{Lu}\.")
# A full stop that belongs to the word: "J.", "Jr.", "Inc." at the end of an element.
_KEEPS_FULL_STOP = regex.compile(r"(?:^|\s)(?:\p{Lu}|Jr|Sr|St|Co|Inc|Ltd)\.$")
# The words of a marker: "Foto/Grafik:" → "Foto", "Grafik".
_MARKER_WORDS = regex.compile(r"[\s:/&©]+")
# Dots and spaces, ignored when comparing two spellings of a name.
_DOTS_AND_SPACES = regex.compile(r"[.\s]+")
# The end of a copyright footer: "Alle Rechte vorbehalten", "dpa-infocom".
_RIGHTS_RESERVED = regex.compile(r"rights reserved|rechte vorbehalten|infocom", regex.IGNORECASE)
# A run of non-space characters: the words a glued chain is walked back over.
_TOKEN = regex.compile(r"\S+")
# "(a) … (b) …": a "(c)" after these is a list item, not a copyright sign.
_ENUMERATION = regex.compile(r"\([ab]\)", regex.IGNORECASE)


# Flags that name where a picture came from, so "(Screenshot)" alone is a credit.
_SOURCE_FLAGS = frozenset({"screenshot", "handout", "pool", "own"})
# Flags whose words appear only in credits, so they vouch for a marker-less one.
_CREDIT_ONLY_FLAGS = frozenset({"pool", "handout", "own"})


@dataclass(slots=True)
class _Part:
    """One classified element of a credit group."""

    kind: str  # person, org, single, flag, drop, prose, empty
    text: str = ""
    org: Organisation | None = None
    separator: str = ""  # what separated it from the previous element: "/", "via", "for", "("
    flag: str | None = None
    loose: bool = False  # only a marker can vouch for it: staff initials "jma"
    vague: bool = False  # a vague source dropped: "the family"

    @property
    def is_known(self) -> bool:
        return self.org is not None

    def fresh(self) -> _Part:
        """A copy to change (``copy.copy`` is slow on slotted dataclasses)."""
        return _Part(
            self.kind, self.text, self.org, self.separator, self.flag, self.loose, self.vague
        )


@dataclass(slots=True)
class _Reading:
    """What a credit body says, before it becomes a Credit."""

    photographers: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    distributor: str | None = None
    flags: set[str] = field(default_factory=set)
    unknown: bool = False  # names an organisation the registry does not know
    prose: bool = False  # holds sentence text: not a credit at all
    loose: bool = False  # an unknown element has lower-case words: a credit only after a marker
    vague: bool = False  # a vague source was dropped ("the family", "ein Trauerspiel")
    known_orgs: int = 0  # registry organisations named
    separators: int = 0  # element separators seen, brackets included
    joints: int = 0  # slashes and bars: "Name/Agency", "dpa | Name"
    elements: int = 0  # non-empty elements


class _Location(NamedTuple):
    """Where a credit sits in the normalised text (a tuple: made for every caption, and a
    frozen dataclass takes three times as long to make)."""

    start: int  # credit start (marker or opening bracket)
    end: int  # credit end (exclusive; includes a closing bracket)
    body: str  # the text after the marker
    flags: frozenset[str] = frozenset()


# What _marker_location says of "© 2025 Verlag GmbH": not a credit, and none elsewhere either.
_FOOTER = _Location(0, 0, "")


class CreditParser:
    """Parses credits against one registry and vocabulary; results are cached per text."""

    def __init__(self, registry: Registry, words: Vocabulary) -> None:
        self.registry = registry
        self.words = words
        symbols = "|".join(
            regex.escape(s) + (r"(?![\p{L}\-])" if s[-1].isalpha() else "")
            for s in sorted(words.symbols, key=len, reverse=True)
        )
        labels = or_pattern(words.labels)
        # A credit marker: "©", "(c)", "Copyright", "Foto:", "Foto/Grafik:", "Quelle :",
        # "Credit…" (NYT), "Photo by" — matched case-insensitively, word boundaries in code.
        self._marker = regex.compile(
            rf"""(?P<symbol>{symbols})
               | (?P<label>(?:{labels})(?:\s?[/&]\s?(?:{labels}))*)\s?(?::|…|\.\.\.)
               | (?P<phrase>{or_pattern(words.phrases)})(?=\s)""",
            regex.IGNORECASE | regex.VERBOSE,
        )
        # Where a marker may be, found cheaply before the full pattern runs: the colon or
        # ellipsis that ends a label ("Foto:"), a symbol's or phrase's first word ("©", "Photo").
        starters = {marker.split()[0] for marker in (*words.symbols, *words.phrases)}
        self._marker_anchor = regex.compile(
            rf"{_LABEL_END}|{or_pattern(starters)}", regex.IGNORECASE
        )
        # The same anchors in lower case, for the lower-cased text: the standard library scans
        # a case-sensitive alternation of plain words about twice as fast (":", "photos").
        anchors = sorted({a.lower() for a in (":", "…", "...", *starters)}, key=len, reverse=True)
        self._lower_anchor = re.compile("|".join(map(re.escape, anchors)))
        # The letters, spaces and joints a label chain is made of, right before its colon,
        # searched backwards from it: "Foto/Grafik" in "… scharf. Foto/Grafik:".
        label_marks = "".join(sorted({c for w in words.labels for c in w if not c.isalpha()}))
        label_marks = regex.escape(label_marks)
        self._label_run = regex.compile(rf"(?r)[\p{{L}}\p{{M}}\s/&{label_marks}]*+")
        # Markers at the start of a credit body, to strip: "© Foto: dpa" → "dpa".
        self._leading_markers = regex.compile(
            rf"^(?:\s*+(?:{symbols}|(?:{labels})\s?(?::|…|\.\.\.)|{or_pattern(words.phrases)}\s)"
            rf"[\s:]*+)++",
            regex.IGNORECASE,
        )
        # A registry name followed by a word that belongs to it: "AP Photo", "AFP PHOTO",
        # "dpa-bilder", "F.A.Z.-Foto".
        self._org_suffix = regex.compile(
            rf"(?<![\s\-])[\s\-]++(?:{or_pattern(words.org_suffixes)})$", regex.IGNORECASE
        )
        # Scraped link texts after a credit: "… Purchase Licensing Rights, opens new tab".
        self._link_texts = regex.compile(
            rf"(?<![\s,|·•])(?:[\s,|·•]*+(?:{or_pattern(words.link_texts)}))++[\s,.|]*+$",
            regex.IGNORECASE,
        )
        # The same, cheaply: a text can only end in link texts when its last one ends it,
        # "… Toby Melville Purchase Licensing Rights, opens new tab" (searched backwards).
        self._link_text_end = regex.compile(
            rf"(?r)(?:{or_pattern(words.link_texts)})[\s,.|]*+$", regex.IGNORECASE
        )
        self._longest_link_text = max(map(len, words.link_texts), default=0)
        # Where the picture's credit ends and other contributors' begin: ". Styling:" in
        # "Nikolai von Bismarck. Styling: Kate Phelan", ", Text:" in "Anna Weber, Text: Max".
        self._other_credit = regex.compile(
            rf"(?<![\s.,;|/])[\s.,;|/]++(?:{or_pattern(words.other_credits)})\s*+:",
            regex.IGNORECASE,
        )
        # A site footer: "© 2025 Verlag GmbH", "Alle Rechte vorbehalten".
        self._footer_word = regex.compile(
            rf"(?<![\p{{L}}])(?:{or_pattern(words.footer_words)})(?![\p{{L}}])", regex.IGNORECASE
        )
        self._split = lru_cache(maxsize=65_536)(self._split_uncached)
        self._read = lru_cache(maxsize=65_536)(self._read_uncached)
        self._reading = lru_cache(maxsize=65_536)(self._reading_uncached)
        # The words a registry name or flag phrase can start or end with: an element's edge
        # is only looked up when its outer word is one of them ("Kay Nietfeld dpa").
        phrases = [*(a for org in registry for a in (org.name, *org.aliases, *org.exact))]
        phrases += [*words.flag_words]
        self._first_words = frozenset(alias_key(p).split()[0] for p in phrases if alias_key(p))
        self._last_words = frozenset(alias_key(p).split()[-1] for p in phrases if alias_key(p))
        self._last_words |= {alias_key(word) for word in words.org_suffixes}
        self._credit_words = self._first_words | self._last_words | words.particles
        # The last word of each label: the word before a colon must be one of them.
        self._label_ends = frozenset(
            alias_key(label).split()[-1] for label in words.labels if alias_key(label)
        )
        self._judge = lru_cache(maxsize=65_536)(self._judge_uncached)
        # Markers repeat as much as anything ("Foto:", "©").
        self._marker_flags = lru_cache(maxsize=4_096)(self._marker_flags_uncached)
        # A credit body is stripped when judged, read and turned into fields: once will do.
        self._strip_markers = lru_cache(maxsize=65_536)(self._strip_markers_uncached)
        self._fields = lru_cache(maxsize=65_536)(self._fields_uncached)
        self._credit_of = lru_cache(maxsize=65_536)(self._credit_uncached)
        # Elements repeat far more than whole credits ("dpa", "Kay Nietfeld"): cache them too.
        self._element_parts = lru_cache(maxsize=65_536)(self._element_parts_uncached)
        self._piece_elements = lru_cache(maxsize=65_536)(self._piece_elements_uncached)
        self._run_together = lru_cache(maxsize=65_536)(self._is_run_together)
        self._name_token = lru_cache(maxsize=65_536)(self._name_token_uncached)
        self._org = lru_cache(maxsize=65_536)(self._org_uncached)

    # --- public ----------------------------------------------------------------------------

    def split(self, text: str) -> tuple[str, Credit | None]:
        """The caption without its credit, and the credit (None when there is none)."""
        return self._split(text)

    def read(self, text: str) -> Credit:
        """Read ``text`` as a credit in full, as found in a page's credit element."""
        return self._read(text)

    # --- locating --------------------------------------------------------------------------

    def _split_uncached(self, text: str) -> tuple[str, Credit | None]:
        if not isinstance(text, str):
            raise TypeError(f"parse_credit() needs a str, got {type(text).__name__}")
        offset = max(0, len(text) - MAX_TEXT)
        norm, offsets = normalize(text[offset:])
        location = self._locate(norm)
        if location is None:
            return text.strip(), None
        start, end = original_span(offsets, location.start, location.end)
        start, end = start + offset, end + offset
        credit = self._credit(location.body, text[start:end].strip(), location.flags)
        if credit is None:
            return text.strip(), None
        return _join_caption(text[:start], text[end:]), credit

    def _read_uncached(self, text: str) -> Credit:
        norm = normalize(text[:MAX_TEXT])[0]
        body = self._strip_markers(norm)
        flags = set(self._marker_flags(norm[: len(norm) - len(body)]))
        if _unbalanced(norm):
            flags.add("suspicious")
        credit = self._credit(body, text.strip(), frozenset(flags), trusted=True)
        if credit is None:  # a credit element holding prose: "Foto: ein Trauerspiel."
            return Credit(text.strip(), flags=frozenset({*flags, "suspicious"}))
        return credit

    def _locate(self, norm: str) -> _Location | None:
        """Find the credit: after a marker, in end brackets, or as an unmistakable tail."""
        if not norm.strip():
            return None
        for match in self._marker_matches(norm):
            location = self._marker_location(norm, match)
            if location is _FOOTER:
                return None  # a site footer is no credit, whatever else the text holds
            if location is not None:
                return location
        # A dateline's "(dpa)" is no credit: hide it from the tail search.
        dateline = _DATELINE.match(norm)
        if dateline is not None:
            norm = " " * dateline.end() + norm[dateline.end() :]
        # Link texts after the credit stay in its raw text but are not read.
        noise = self._link_noise(norm)
        if noise is None:
            return self._bare_tail(norm)
        location = self._bare_tail(norm[: noise.start()])
        if location is not None and location.end == len(norm[: noise.start()].rstrip()):
            return _Location(location.start, len(norm.rstrip()), location.body, location.flags)
        return location

    def _link_noise(self, norm: str) -> regex.Match[str] | None:
        """The link texts ending ``norm`` ("… Purchase Licensing Rights, opens new tab"), or None.

        The full pattern tries every position of the last 400 characters (~10 µs); the text
        must first end in one link text, which is looked for in its last few characters only.
        """
        window = max(0, len(norm) - MAX_CREDIT)
        end = len(norm)
        while end > window and (norm[end - 1].isspace() or norm[end - 1] in ",.|"):
            end -= 1
        if self._link_text_end.search(norm, max(window, end - self._longest_link_text)) is None:
            return None
        return self._link_texts.search(norm, window)

    def _marker_matches(self, norm: str) -> Iterator[regex.Match[str]]:
        """Every credit marker in ``norm``, left to right, without overlaps.

        Scanning with the full marker pattern costs ~15 µs per caption; finding anchors
        first and matching only at the word starts just before them costs ~2 µs.
        """
        end = 0
        for anchor in self._anchors(norm):
            at = anchor.start()
            if at < end:
                continue
            ends_label = norm[at] in ":…."
            if ends_label and not self._may_end_label(norm, at):
                continue  # "… mit Donald Trump: Russlands …"
            if ends_label:
                # A label holds only letters, spaces, "/", "&" and "-": it starts after the
                # last other character before the colon ("scharf. Foto:" → after the stop).
                run = self._label_run.search(norm, max(end, at - 40), at)
                starts = [m.start() for m in _WORD_START.finditer(norm, run.start(), at)]
            else:
                starts = [at]
            for start in starts:
                match = self._marker.match(norm, start)
                if match is not None and (not ends_label or match.end() == anchor.end()):
                    end = match.end()
                    yield match
                    break

    def _anchors(self, norm: str) -> Iterator[regex.Match[str] | re.Match[str]]:
        """The anchors ``_marker_anchor.finditer`` gives, found in the lower-cased text
        (~1.4 µs instead of ~3.5 µs for a caption).

        Where lower case is no stand-in for the pattern's case-insensitive match, the pattern
        runs: "İ" lower-cases to two characters, "ſ" matches "s".
        """
        low = norm.lower()
        if len(low) != len(norm) or "ſ" in low:
            return self._marker_anchor.finditer(norm)
        return self._lower_anchor.finditer(low)

    def _may_end_label(self, norm: str, at: int) -> bool:
        """True when the word before a colon could end a label: "Foto", "source", "BerlinFoto"."""
        stop = at - 1 if at and norm[at - 1] == " " else at
        start = stop
        while start > 0 and norm[start - 1].isalpha():
            start -= 1
            if start < stop and norm[start].isupper() and start and norm[start - 1].islower():
                break  # the capitalised end of a glued word: "Foto" in "BerlinFoto"
        return norm[start:stop].casefold() in self._label_ends

    def _marker_location(self, norm: str, match: regex.Match[str]) -> _Location | None:
        start = match.start()
        first, previous = norm[start], norm[start - 1] if start else " "
        flags: set[str] = set()
        if first.isalpha() and first.islower() and match.group("label"):
            before = norm[:start].rstrip()
            if before and before[-1] not in ".!?:;([|\n":
                return None  # "In pictures: Notting Hill Carnival" is a heading
        if first.isalpha():
            if previous.isalnum() or previous == "_":
                if not (previous.islower() and first.isupper()):
                    return None  # inside a word: "Kinderfoto:"
                flags.add("suspicious")  # glued: "BerlinFoto: dpa"
            elif previous in ".,!?":
                flags.add("suspicious")  # glued: "Berlin.Foto: dpa"
        elif previous.isalnum() or previous in ".!?":
            if first == "(":
                return None  # "abc(c)" is not a copyright sign
            flags.add("suspicious")  # "Russland©dpa"
        if first == "(" and _ENUMERATION.search(norm, 0, start):
            return None  # "(a) … (b) … (c) …" is a list
        # The credit ends where an enclosing bracket closes, else at the end of its line
        # ("Image source, Getty Images\nImage caption, …"), else at the end of the text.
        credit_start, end, marker_end = start, len(norm), match.end()
        if "\n" in norm:
            body_start = len(norm) - len(norm[marker_end:].lstrip())
            line_end = norm.find("\n", body_start)
            if line_end != -1:
                end = line_end
        opening = _enclosing_open(norm, start)
        if opening is not None:
            closing = _closing_bracket(norm, marker_end)
            if norm[opening + 1 : start].strip() == "":  # "(Foto: dpa)": brackets and all
                credit_start = opening
                if closing is None:
                    flags.add("suspicious")  # "(Foto: dpa" never closes
                else:
                    end = closing + 1
            elif closing is not None:  # "(… in Berlin. Foto: dpa)": up to the bracket
                end = closing
        if end - marker_end > MAX_CREDIT:
            return None  # no credit is this long; also keeps "©©©…" linear
        body = norm[marker_end:end].strip(" :")
        if credit_start != start and body.endswith((")", "]")):
            body = body[:-1]
        verdict, body = self._judge(body)
        if verdict == "footer":
            return _FOOTER
        if verdict == "prose":
            # "Bild: SN/APA/KEYSTONE/CYRIL ZINGARO Trauerfeier …": a chain, then the caption.
            chain_end = self._chain_end(norm, marker_end)
            if credit_start != start or chain_end is None:
                return None
            end, body = chain_end, norm[marker_end:chain_end].strip(" :")
        elif verdict != "credit":
            return None
        flags |= self._marker_flags(match.group())
        return _Location(credit_start, end, body, frozenset(flags))

    def _judge_uncached(self, body: str) -> tuple[str, str]:
        """What the text after a marker is: ("credit", body to read), ("footer", …),
        ("prose", …) or ("none", …). Depends on the body alone, so it is cached: credit
        bodies repeat far more than captions."""
        if self._is_footer(body):
            return "footer", body
        if len(body) > MAX_CREDIT:
            return "none", body
        # A credit never runs across a sentence end into another marker: in "Symbolbild: Ein
        # Rettungswagen im Einsatz. Foto: dpa" the first label starts the caption. When the
        # text before the stop is a credit itself, the two join: "Photo illustration:
        # Allie Carl/Axios. Photo: Anna Moneymaker/Getty Images".
        for sentence_end in _SENTENCE_END.finditer(body):
            rest = body[sentence_end.end() :]
            if next(self._marker_matches(rest), None) is None:
                continue
            if not self._is_bare_credit(body[: sentence_end.start()]):
                return "none", body
            body = f"{body[: sentence_end.start()]}; {rest}"
            break
        if self._reading(self._strip_markers(body)).prose:
            return "prose", body
        return "credit", body

    def _bare_tail(self, norm: str) -> _Location | None:
        """A credit without marker at the end (or start) of the text, when it is unmistakable."""
        text_end = len(norm.rstrip())
        boundaries = list(_STRONG_BOUNDARY.finditer(norm, 0, text_end))
        segment_start = boundaries[-1].end() if boundaries else 0
        # The longest valid tail: the whole last segment, else what follows " | " or " – ".
        starts = [segment_start] + [m.end() for m in _WEAK_BOUNDARY.finditer(norm, segment_start)]
        for segment in starts:
            # A separator that led to the credit belongs to neither: "… | Jörg Carstensen/dpa".
            start = text_end - len(norm[segment:text_end].lstrip(" |/–—-·•"))
            body = norm[start:text_end].rstrip(".")
            if self._is_bare_credit(body):
                if segment == segment_start:
                    return self._across_semicolons(norm, boundaries, text_end)
                return _Location(start, text_end, body)
        return (
            self._end_brackets(norm, text_end)
            or self._glued_chain(norm, segment_start, text_end)
            or self._glued_after_stop(norm, text_end)
            or self._leading_credit(norm)
        )

    def _glued_after_stop(self, norm: str, text_end: int) -> _Location | None:
        """ "… Risiken bergen.dpa": a credit glued to the last full stop (and so suspicious)."""
        glued = _GLUED_AFTER_STOP.search(norm, 0, text_end)
        if glued is None or not self._is_bare_credit(glued.group()):
            return None
        return _Location(glued.start(), text_end, glued.group(), frozenset({"suspicious"}))

    def _across_semicolons(
        self, norm: str, boundaries: list[regex.Match[str]], text_end: int
    ) -> _Location:
        """The last segment, grown over earlier ones while ";" joins credits:
        "Justine Goode / NBC News; Getty Images" is one credit, not just "Getty Images"."""
        segment_starts = [0, *(boundary.end() for boundary in boundaries)]
        start = segment_starts[-1]
        for index in range(len(boundaries) - 1, -1, -1):
            longer = norm[segment_starts[index] : text_end].rstrip(".")
            if norm[boundaries[index].start()] != ";" or not self._is_bare_credit(longer):
                break
            start = segment_starts[index]
        return _Location(start, text_end, norm[start:text_end].rstrip("."))

    def _end_brackets(self, norm: str, text_end: int) -> _Location | None:
        """Brackets at the end that name an agency: "Caption (AP Photo/Evan Vucci)"."""
        end = text_end - 1 if norm[text_end - 1 : text_end] == "." else text_end
        if norm[end - 1 : end] not in (")", "]"):
            return None
        opening = _enclosing_open(norm, end - 1)
        if opening is None:
            return None
        body = norm[opening + 1 : end - 1]
        if self._is_bare_credit(body, bracketed=True):
            return _Location(opening, end, body)
        # "… young women. (Christie's)", "… in London. (Screenshot)", "… (Jeremy Selwyn)":
        # one source alone in brackets after a sentence.
        reading = self._reading(body)
        before = norm[:opening].rstrip()
        if reading.elements != 1 or reading.loose or (before and before[-1] not in ".!?…"):
            return None
        lone_source = reading.unknown or reading.photographers
        if (lone_source and not reading.flags) or reading.flags & _SOURCE_FLAGS:
            return _Location(opening, end, body)
        return None

    def _glued_chain(self, norm: str, segment_start: int, text_end: int) -> _Location | None:
        """ "… löscht den Brand Kay Nietfeld/dpa": a chain glued to the caption without a stop."""
        if _JOINT.search(norm, segment_start, text_end) is None:
            return None
        end = len(norm[:text_end].rstrip("."))
        tokens = list(_TOKEN.finditer(norm, segment_start, end))
        first = len(tokens)
        while first > 0 and self._is_chain_token(tokens[first - 1].group()):
            first -= 1
            if tokens[first].group().startswith(("(", "[")):
                break
        chain = tokens[first:]
        joint = next((i for i, t in enumerate(chain) if _has_separator(t.group())), None)
        if joint is None:
            return None
        # Before the first separator stand at most two name words: "Brand Kay Nietfeld/dpa"
        # → "Kay Nietfeld/dpa"; none when an agency leads: "Kanzler AFP/Name" → "AFP/Name".
        head = _JOINT.split(chain[joint].group(), maxsplit=1)[0]
        if head and self._org(head.strip(_EDGE_PUNCTUATION)) is not None:
            chain = chain[joint:]
        else:
            words = [t for t in chain[:joint] if t.group() not in self.words.particles]
            budget = 2 - (1 if head else 0)
            keep_from = joint
            for token in reversed(chain[:joint]):
                if token.group() not in self.words.particles:
                    if budget == 0:
                        break
                    budget -= 1
                keep_from -= 1
            if words:
                chain = chain[keep_from:]
        start = chain[0].start()
        body = norm[start:end]
        if body.count(")") > body.count("("):
            return None  # "(mit dpa/AFP)": the chain sits inside brackets it does not open
        if self._is_bare_credit(body):
            return _Location(start, text_end, body)
        return None

    def _leading_credit(self, norm: str) -> _Location | None:
        """A chain at the start, before a wide gap ("Fabrizio Bensch/REUTERS  Caption …") or
        running straight into the caption ("Fabrizio Bensch/REUTERS Soldaten beim …")."""
        lead = len(norm) - len(norm.lstrip())
        gap = _GAP.search(norm, lead)
        if gap is not None:
            body = norm[lead : gap.start()]
            if _JOINT.search(body) and self._is_bare_credit(body):
                return _Location(lead, gap.start(), body)
        end = self._chain_end(norm, lead)
        if end is not None and self._is_bare_credit(norm[lead:end]):
            return _Location(lead, end, norm[lead:end])
        return None

    def _chain_end(self, text: str, start: int) -> int | None:
        """Where a credit chain at ``start`` ends when the caption follows without a stop:
        after the registry name or the ALL-CAPS name behind its last slash.

        "Fabrizio Bensch/REUTERS Soldaten …" → after "REUTERS";
        "SN/APA/KEYSTONE/CYRIL ZINGARO Trauerfeier …" → after "ZINGARO".
        """
        joints = list(_JOINT.finditer(text, start, start + MAX_CREDIT))
        if not joints:
            return None
        tokens = list(_TOKEN.finditer(text, joints[-1].end(), joints[-1].end() + 120))
        if len(tokens) < 2:
            return None
        for size in (4, 3, 2, 1):  # a registry name right after the last slash
            if size < len(tokens) and self._org(" ".join(t.group() for t in tokens[:size])):
                return tokens[size - 1].end()
        caps = 0
        while caps < len(tokens) and _CAPS_WORD.fullmatch(tokens[caps].group()):
            caps += 1
        return tokens[caps - 1].end() if 2 <= caps < len(tokens) else None

    def _is_chain_token(self, token: str) -> bool:
        """True for a word that may belong to a trailing credit chain."""
        if _has_separator(token):
            return True
        word = token.strip(_EDGE_PUNCTUATION)
        if not word:
            return False
        if token[-1] in ".!?:;" and _INITIAL.fullmatch(word) is None:
            return False  # a sentence ends here
        return (
            word[0].isupper()
            or word in self.words.particles
            or self._org(word) is not None
            or self.words.flag_for(word) is not None
        )

    def _is_bare_credit(self, body: str, *, bracketed: bool = False) -> bool:
        """True when ``body`` is a credit on its own: names and registry organisations only."""
        body = body.strip()
        if not body or len(body) > MAX_CREDIT:
            return False
        if not bracketed and _JOINT.search(body) is None and "(" not in body:
            # Without a slash or bracket only a registry name or credit words can stand here;
            # two lower-case words that belong to none of them make it a sentence.
            words = _LOWER_WORD.findall(body)
            if sum(alias_key(word) not in self._credit_words for word in words) >= 2:
                return False
        reading = self._reading(body)
        if reading.prose or reading.loose:
            return False
        if reading.known_orgs == 0:
            # No registry agency, but a word only credits use ("Evan Vucci, Pool",
            # "Pressefoto"), or a person joined to an organisation ("Tomer Appelbaum/Haaretz").
            return bool(reading.flags & _CREDIT_ONLY_FLAGS) or bool(
                reading.photographers and reading.unknown and reading.joints and not bracketed
            )
        # A lone registry name, a chain with separators, or "Name (Agency)".
        return bracketed or reading.separators > 0 or reading.elements == reading.known_orgs

    def _is_footer(self, body: str) -> bool:
        stripped = self._strip_markers(body).strip()
        if _RIGHTS_RESERVED.search(stripped):
            return True
        has_year = _YEAR.search(stripped) is not None
        return has_year and self._footer_word.search(stripped) is not None

    def _strip_markers_uncached(self, body: str) -> str:
        """The body without the markers it starts with: "© Foto: dpa" → "dpa"."""
        match = self._leading_markers.match(body)
        return body[match.end() :] if match else body

    def _marker_flags_uncached(self, marker: str) -> frozenset[str]:
        """Flags a marker carries: "Montage:" → montage, "Symbolbild:" → symbolic."""
        flags = set()
        for word in _MARKER_WORDS.split(marker):
            flag = self.words.flag_for(word) if word else None
            if flag:
                flags.add(flag)
        return frozenset(flags)

    # --- reading a credit body -------------------------------------------------------------

    def _credit(
        self, body: str, raw: str, flags: frozenset[str], *, trusted: bool = False
    ) -> Credit | None:
        return self._credit_of(body, raw, flags, trusted)

    def _credit_uncached(
        self, body: str, raw: str, flags: frozenset[str], trusted: bool
    ) -> Credit | None:
        """The Credit of a located body; cached, as a credit repeats under many captions."""
        fields = self._fields(body, flags, trusted)
        if fields is None:
            return None
        photographers, agencies, distributor, all_flags = fields
        if _unbalanced(raw):
            all_flags |= {"suspicious"}
        return Credit(raw, photographers, agencies, distributor, all_flags)

    def _fields_uncached(
        self, body: str, flags: frozenset[str], trusted: bool
    ) -> tuple[tuple[str, ...], tuple[str, ...], str | None, frozenset[str]] | None:
        """A credit body's photographers, agencies, distributor and flags (None: no credit)."""
        stripped = self._strip_markers(body)
        reading = self._reading(stripped)
        if reading.prose and not trusted:
            return None
        # "© Montage: Name/dpa": a label after the marker carries its flag too.
        all_flags = (
            set(flags) | reading.flags | self._marker_flags(body[: len(body) - len(stripped)])
        )
        if reading.vague and not (reading.photographers or reading.agencies or all_flags):
            return None  # "Foto: ein Trauerspiel." names nobody: prose after a marker word
        if reading.elements == 0 and not all_flags:
            all_flags.add("suspicious")  # "©" or "Foto:" with nothing after it
        if reading.photographers and not reading.agencies:
            all_flags.add("photographer_only")
        if reading.agencies and not reading.photographers:
            all_flags.add("agency_only")
        if len(reading.photographers) > 1 or len(reading.agencies) > 1:
            all_flags.add("multiple")
        if reading.unknown:
            all_flags.add("unknown_agency")
        people, agencies = tuple(reading.photographers), tuple(reading.agencies)
        return people, agencies, reading.distributor, frozenset(all_flags)

    def _reading_uncached(self, body: str) -> _Reading:
        reading = _Reading()
        if "++" in body:  # the dpa radio tail: "Name/dpa +++ dpa-Bildfunk +++"
            body = _PLUS_TAIL.sub(" | ", body)
        if ":" in body and (other := self._other_credit.search(body)):
            body = body[: other.start()]
        body = _unwrap(body.strip(" |"))
        seen_people: set[str] = set()
        distributors: list[str] = []
        for group in self._groups(body):
            parts = self._parts(group, reading)
            people, orgs, distributor = self._resolve(parts)
            for person in map(_nfc, people):
                key = _person_key(person)
                if key not in seen_people:
                    seen_people.add(key)
                    reading.photographers.append(person)
            for name in map(_nfc, orgs):
                if name not in reading.agencies:
                    reading.agencies.append(name)
            if distributor:
                distributors.append(distributor)
            for part in parts:
                reading.loose = reading.loose or part.loose
                reading.vague = reading.vague or part.vague
                if part.kind == "flag" and part.flag:
                    reading.flags.add(part.flag)
                elif part.kind == "prose":
                    reading.prose = True
                elif part.kind == "org" and part.org is None:
                    reading.unknown = True
                    reading.loose = reading.loose or any(
                        _LOWER_WORD.match(token) and token not in self.words.connectors
                        for token in part.text.split()
                    )
                if (
                    part.kind in ("person", "org")
                    and not part.is_known
                    and self._run_together(part.text)
                ):
                    reading.flags.add("suspicious")
        reading.distributor = next((d for d in distributors if d not in reading.agencies), None)
        return reading

    def _groups(self, body: str) -> list[str]:
        """Split at commas, semicolons and "und"/"and", but not inside brackets, and not
        inside an organisation's name: "The Globe and Mail", "Kennedy News and Media"."""
        pieces = _split_outside_brackets(_GROUP_SEPARATOR, body)
        if len(pieces) == 1:
            return pieces  # one group: most credits
        groups = [pieces[0]]
        for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
            if _VIA_START.match(piece):  # "Name/EPA, via Shutterstock" (NYT) continues a group
                groups[-1] += " " + piece
                continue
            if separator.strip(" ,;"):  # a word: und, and, sowie, &
                left = _JOINT.split(groups[-1])[-1].strip()
                right = _JOINT.split(piece)[0].strip()
                joined = f"{left}{separator}{right}"
                if self._org(joined) is not None or (
                    " " not in right and self.words.is_org_word(right)
                ):
                    groups[-1] += separator + piece
                    continue
            groups.append(piece)
        return [g for g in groups if g.strip()] or [body]

    def _parts(self, group: str, reading: _Reading) -> list[_Part]:
        """Cut one group into classified parts; note separators and dangling ones."""
        parts: list[_Part] = []
        group = self._strip_markers(group)  # "…; Fotos: Getty Images"
        pieces = _split_outside_brackets(_ELEMENT_SEPARATOR, group)
        kinds = [_separator_kind(sep) for sep in pieces[1::2]]
        texts = pieces[::2]
        if kinds:
            reading.separators += len(kinds)
            reading.joints += sum(
                kind in ("/", "|") and bool(texts[i].strip()) and bool(texts[i + 1].strip())
                for i, kind in enumerate(kinds)
            )
        for index, piece in enumerate(texts):
            before = kinds[index - 1] if index > 0 else ""
            after = kinds[index] if index < len(kinds) else ""
            if not piece.strip():
                # "Name/", "/dpa", "Name//dpa" dangle; "Name/via Reuters" does not.
                slashed = "|" in (before + after) or "/" in (before + after)
                if slashed and before not in ("via", "for") and after not in ("via", "for"):
                    reading.flags.add("suspicious")
                continue
            separator = before
            for bracketed, element in self._piece_elements(piece):
                reading.elements += 1
                reading.separators += bracketed
                for cached in element:
                    part = cached.fresh()
                    part.separator = "(" if bracketed else separator
                    reading.known_orgs += part.is_known
                    parts.append(part)
                separator = ""
        return parts

    def _piece_elements_uncached(self, piece: str) -> tuple[tuple[bool, tuple[_Part, ...]], ...]:
        """The elements of one piece between separators, cleaned and classified (to copy
        before use): "Name (Keystone)" → person, bracketed organisation. Pieces repeat far
        more than groups ("dpa", "picture alliance"), so this is cached."""
        elements = []
        for text, bracketed in _unbracket(piece):
            cleaned = _clean_element(text)
            if cleaned:
                elements.append((bracketed, self._element_parts(cleaned, bracketed)))
        return tuple(elements)

    def _classify(self, text: str, *, bracketed: bool) -> list[_Part]:
        """What one element is, as fresh parts (the group resolution changes them)."""
        return [part.fresh() for part in self._element_parts(text, bracketed)]

    def _element_parts_uncached(self, text: str, bracketed: bool) -> tuple[_Part, ...]:
        """What one element is: organisation, person, flag word, dropped word or prose."""
        return tuple(self._classify_element(text, bracketed=bracketed))

    def _classify_element(self, text: str, *, bracketed: bool) -> list[_Part]:
        words = self.words
        if bracketed and alias_key(text) in words.bracketed_montage:
            return [_Part("flag", text, flag="montage")]
        flag = words.flag_for(text)
        if flag:
            return [_Part("flag", text, flag=flag)]
        if words.is_placeholder(text) or words.is_tail(text) or words.is_label(text):
            return [_Part("drop", text)]
        org = self._org(text)
        if org is not None:
            return [_Part("org", org.name, org=org)]
        tokens = text.split()
        if len(tokens) > 2 and alias_key(tokens[-1]) in words.roles:
            return self._classify_element(" ".join(tokens[:-1]), bracketed=bracketed)
        if len(tokens) > 3 and alias_key(" ".join(tokens[-2:])) in words.roles:
            return self._classify_element(" ".join(tokens[:-2]), bracketed=bracketed)
        if tokens[0].casefold() in words.qualifiers and len(tokens) > 1:
            return self._classify(" ".join(tokens[1:]), bracketed=bracketed)  # "(alle dpa)"
        if tokens[0] in words.articles:
            return [_Part("drop", text, vague=True)]  # "Courtesy of the family"
        if _INITIALS.fullmatch(text):
            return [_Part("flag", text, flag="own", loose=True)]  # "Foto: jma"
        if "-" in text and " " not in text:
            left, _, right = text.rpartition("-")
            right_flag = words.flag_for(right)
            if left and right_flag:  # "dpa-Pool"
                return [
                    *self._classify(left, bracketed=bracketed),
                    _Part("flag", right, flag=right_flag),
                ]
        # A flag word or registry name at an edge: "Screenshot YouTube", "Kremlin Pool",
        # "Kay Nietfeld dpa", "Courtesy of the family".
        head_ok = len(tokens) > 1 and alias_key(tokens[0]) in self._first_words
        tail_ok = len(tokens) > 1 and alias_key(tokens[-1]) in self._last_words
        for size in (3, 2, 1) if head_ok or tail_ok else ():
            if len(tokens) <= size:
                continue
            head, rest = " ".join(tokens[:size]), " ".join(tokens[size:])
            tail, front = " ".join(tokens[-size:]), " ".join(tokens[:-size])
            edges = ((head, rest, True),) if head_ok else ()
            edges += ((tail, front, False),) if tail_ok else ()
            for edge, remainder, leading in edges:
                edge_flag = words.flag_for(edge)
                edge_org = None if edge_flag else self._org(edge)
                if edge_flag is None and edge_org is None:
                    continue
                if edge_org is not None and not self._is_name(remainder):
                    continue
                edge_part = (
                    _Part("flag", edge, flag=edge_flag)
                    if edge_flag
                    else _Part("org", edge_org.name, org=edge_org)  # type: ignore[union-attr]
                )
                rest_parts = self._classify(remainder, bracketed=bracketed)
                return [edge_part, *rest_parts] if leading else [*rest_parts, edge_part]
        if self._is_name(text):
            return [_Part("person" if len(tokens) > 1 else "single", text)]
        if _is_prose([t for t in tokens if t not in words.connectors]):
            return [_Part("prose", text)]
        return [_Part("org", text)]

    def _org_uncached(self, text: str) -> Organisation | None:
        """The registry organisation ``text`` names, allowing "AP Photo", "n-tv.de"."""
        registry = self.registry
        org = registry.get(text)
        if org is None and (stripped := _DOMAIN.sub("", text)) != text:
            org = registry.get(stripped)
        while org is None and (shorter := self._org_suffix.sub("", text)) != text:
            text = shorter
            org = registry.get(text)
        return org

    def _is_name(self, text: str) -> bool:
        """True when ``text`` reads as a person's name: "Kay Nietfeld", "J. Scott Applewhite"."""
        words = self.words
        tokens = text.split()
        if not 1 <= len(tokens) <= 6 or tokens[-1] in words.particles:
            return False
        if len(tokens) > 1 and _LONG_ACRONYM.fullmatch(tokens[0]) and not tokens[1].isupper():
            return False  # "LPD Wien", "BMW Group": an acronym leads an organisation's name
        main = 0
        for token in tokens:
            weight = self._name_token(token)
            if weight is None:
                return False
            main += weight
        return main >= 1

    def _name_token_uncached(self, token: str) -> int | None:
        """What one word adds to a name: 1 for a main word ("Kay"), 0 for a particle or an
        initial ("von", "J."), None when no name holds it ("GmbH"). Cached: names share words.
        """
        words = self.words
        if token in words.particles or token in words.name_suffixes:
            return 0
        if not _NAME_TOKEN.match(token) or token.casefold() in words.not_names:
            return None
        main = len(token) >= 2 if token.isalpha() else sum(map(str.isalpha, token)) >= 2
        if token.strip(".,").casefold() in words.org_words:
            return None  # "GmbH", "News"
        if self._is_run_together(token):
            # "BüttnerZentralbild" is a malformed name (flagged elsewhere), but "NewsWire"
            # joins two organisation words.
            if any(p.casefold() in words.org_words for p in _CAPITAL_PARTS.findall(token)):
                return None
            return int(main)
        if any(words.is_org_word(part) for part in _TOKEN_PARTS.split(token)):
            return None  # "Landratsamt", "i-Images", "SEPA.Media"
        return int(main)

    def _is_run_together(self, text: str) -> bool:
        return bool(self.joins(text))

    def joins(self, text: str) -> list[int]:
        """Where two words run together inside ``text``: "SaloIlta-Sanomat" → [4]; none in
        "McDonald", "DiCaprio" or "NewsWire" (a brand of two organisation words)."""
        prefixes, org_words = self.words.joined_prefixes, self.words.org_words
        return [
            match.end(1)
            for match in _RUN_TOGETHER.finditer(text)
            if match.group(1) not in prefixes and match.group(1).casefold() not in org_words
        ]

    def strip_markers(self, credit: str) -> str:
        """A credit without the markers it starts with: "© Foto: Name/dpa" → "Name/dpa"."""
        return self._strip_markers(normalize(credit)[0]).strip()

    def _resolve(self, parts: list[_Part]) -> tuple[list[str], list[str], str | None]:
        """People, agencies and the distributor of one group (docs/credit-conventions.md §3)."""
        singles = [part for part in parts if part.kind == "single"]
        if singles:
            has_person = any(p.kind == "person" for p in parts)
            has_known = any(p.is_known for p in parts)
            for part in singles:
                # A lone word: a surname next to an agency, an organisation next to a person;
                # an acronym is an organisation ("IMAGO/SNA").
                acronym = _ACRONYM.fullmatch(part.text) is not None
                part.kind = "org" if has_person or not has_known or acronym else "person"
        if any(p.separator == "for" for p in parts):
            _apply_for(parts)
        people = [p.text for p in parts if p.kind == "person"]
        orgs: list[tuple[int, _Part]] = []
        for position, part in enumerate(parts):
            if part.kind == "org" and all(part.text != seen.text for _, seen in orgs):
                orgs.append((position, part))
        distributor: _Part | None = None
        via = next((i for i, p in enumerate(parts) if p.separator == "via"), None)
        if via is not None:
            before = {p.text for p in parts[:via] if p.kind == "org"}
            after = next((p for p in parts[via:] if p.kind == "org"), None)
            if before and after is not None and after.text not in before:
                distributor = after  # "Name/AFP via Getty Images"
        elif len(orgs) > 1:
            top = max(_tier(p) for _, p in orgs)
            if top >= 1:
                candidates = [(i, p) for i, p in orgs if _tier(p) == top]
                people_at = [i for i, p in enumerate(parts) if p.kind == "person"]
                anchor = people_at[0] if people_at else -1
                # Among equals, the one furthest from the photographer; then the last printed.
                distributor = max(candidates, key=lambda c: (abs(c[0] - anchor), c[0]))[1]
        agencies = [p.text for _, p in orgs if p is not distributor]
        return people, agencies, distributor.text if distributor else None


# --- small helpers ------------------------------------------------------------------------------


def _tier(part: _Part) -> int:
    return part.org.tier if part.org is not None else 0


def _apply_for(parts: list[_Part]) -> None:
    """Resolve "for": after Getty Images it names Getty's clients, which are dropped
    ("Getty Images for The Met Museum/Vogue"); otherwise the organisation the person worked
    for, an agency ("Tara Atkinson for Rest of World")."""
    getty_seen = client = False
    for part in parts:
        if part.separator == "for":
            if getty_seen:
                client = True
            elif part.kind == "person":
                part.kind = "org"
        if client:
            part.kind = "drop"
        if part.org is not None and part.org.name == "Getty Images":
            getty_seen = True


def _person_key(name: str) -> str:
    """The form two spellings of one name share: "Hannes P. Albert" = "Hannes P Albert"."""
    return _DOTS_AND_SPACES.sub(" ", name.casefold()).strip()


def _is_prose(tokens: Sequence[str]) -> bool:
    """Sentence text rather than a name: "wie die Nachrichtenagentur dpa berichtete"."""
    lower = sum(1 for t in tokens if _LOWER_WORD.match(t))
    return len(tokens) > 8 or lower >= 3 or (lower >= 2 and len(tokens) >= 4)


def _has_separator(token: str) -> bool:
    return "/" in token or "|" in token


@lru_cache(maxsize=1_024)
def _separator_kind(separator: str) -> str:
    word = separator.strip().casefold()
    if word in ("via", "for", "für"):
        return "for" if word == "für" else word
    if word == "on":
        return "/"  # "Annie Spratt on Unsplash" links like a slash
    if word == ":":
        return ":"  # "Reuters: Name"; never dangling
    if word in ("-", "–", "—"):
        return "-"
    return word[:1] if word else ""


def _split_outside_brackets(pattern: regex.Pattern[str], text: str) -> list[str]:
    """Like ``pattern.split`` with the separators kept, but never inside brackets:
    "Name (Keystone/EPA)" stays one piece. ``pattern`` captures the whole separator."""
    bracketed = "(" in text or "[" in text
    if not bracketed:
        return pattern.split(text)  # most credits: no brackets, one pass in C
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        before = text[: match.start()] if bracketed else ""
        if before.count("(") > before.count(")") or before.count("[") > before.count("]"):
            continue
        pieces += [text[last : match.start()], match.group()]
        last = match.end()
    pieces.append(text[last:])
    return pieces


def _nfc(text: str) -> str:
    """Names in composed form, so "Müller" typed with a combining diaeresis matches."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _unbracket(piece: str) -> list[tuple[str, bool]]:
    """Split "Name (Keystone)" into ("Name", False), ("Keystone", True)."""
    if "(" not in piece and "[" not in piece:
        return [(piece, False)]
    result: list[tuple[str, bool]] = []
    last = 0
    for match in _BRACKETED.finditer(piece):
        result.append((piece[last : match.start()], False))
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        result.extend((text, True) for text in _ELEMENT_SEPARATOR.split(inner)[::2])
        last = match.end()
    rest = piece[last:]
    opening = max(rest.find("("), rest.find("["))
    if opening >= 0:  # "Tim Brakemeier (dpa": a bracket that never closes
        result.append((rest[:opening], False))
        result.extend((text, True) for text in _ELEMENT_SEPARATOR.split(rest[opening + 1 :])[::2])
    else:
        result.append((rest, False))
    return [(text, bracketed) for text, bracketed in result if text.strip() or not bracketed]


def _clean_element(text: str) -> str:
    if _PICTOGRAPH.search(text):
        text = _PICTOGRAPH.sub(" ", text)  # "Zoë Müller 📷": the camera is no part of a name
    text = " ".join(text.split()).strip(_EDGE_PUNCTUATION + " ")
    text = _DATE_EDGE.sub("", text).strip(_EDGE_PUNCTUATION + " ")
    # A final full stop is punctuation unless it ends an initial or "Jr.": "J.", "Jr.".
    if text.endswith(".") and not _KEEPS_FULL_STOP.search(text):
        text = text.rstrip(".").rstrip()
    return text


def _unwrap(body: str) -> str:
    """ "(AP Photo/Evan Vucci, File)" → "AP Photo/Evan Vucci, File": brackets around it all."""
    body = body.strip()
    while body[:1] in "([" and body[-1:] in ")]" and _closing_bracket(body, 1) == len(body) - 1:
        body = body[1:-1].strip()
    return body


def _unbalanced(text: str) -> bool:
    return text.count("(") != text.count(")") or text.count("[") != text.count("]")


def _enclosing_open(text: str, position: int) -> int | None:
    """The index of the bracket still open at ``position``, or None."""
    floor = max(0, position - MAX_CREDIT)
    if text.rfind("(", floor, position) == -1 and text.rfind("[", floor, position) == -1:
        return None  # most captions: no bracket before the credit at all
    depth = 0
    # Bracket by bracket, not character by character: "(M.) nach dem … © Name/dpa".
    lowest = max(0, position - MAX_CREDIT + 1)
    for index in reversed([m.start() for m in _BRACKET.finditer(text, lowest, position)]):
        if text[index] in ")]":
            depth += 1
        elif depth == 0:
            return index
        else:
            depth -= 1
    return None


def _closing_bracket(text: str, position: int) -> int | None:
    """The index of the first bracket after ``position`` that closes one opened before it."""
    depth = 0
    for bracket in _BRACKET.finditer(text, position, min(len(text), position + MAX_CREDIT)):
        if bracket.group() in "([":
            depth += 1
        elif depth == 0:
            return bracket.start()
        else:
            depth -= 1
    return None


def _join_caption(before: str, after: str) -> str:
    """The caption around a removed credit, without the separators that led to it."""
    before = before.rstrip().rstrip("|/–—-·•,;").rstrip()
    after = after.strip().lstrip(".").strip()
    return f"{before} {after}".strip() if after else before


# --- the front door -------------------------------------------------------------------------------

_parsers: dict[int, CreditParser] = {}
_default: list[Registry] = []


def use_registry(registry: Registry | None) -> None:
    """Make ``registry`` the one ``parse_credit`` uses by default (None: the bundled one)."""
    _default[:] = [registry] if registry is not None else []


def parser_for(registry: Registry | None = None) -> CreditParser:
    """The (cached) parser for ``registry``, or for the default registry."""
    registry = registry or (_default[0] if _default else bundled_registry())
    parser = _parsers.get(id(registry))
    if parser is None or parser.registry is not registry:
        parser = CreditParser(registry, vocabulary())
        _parsers[id(registry)] = parser
    return parser


def parse_credit(text: str, *, registry: Registry | None = None) -> Credit | None:
    """Find the credit in a bare credit line or a whole caption and split it.

    Returns None when the text holds no credit. Never raises on odd text.

    >>> credit = parse_credit("Foto: picture alliance/dpa | Kay Nietfeld")
    >>> credit.photographers, credit.agencies, credit.distributor
    (('Kay Nietfeld',), ('dpa',), 'picture alliance')
    >>> parse_credit("wie die Nachrichtenagentur dpa berichtete") is None
    True
    """
    return parser_for(registry).split(text)[1]


def split_caption(text: str, *, registry: Registry | None = None) -> tuple[str, Credit | None]:
    """The caption without its credit, and the credit (None when there is none).

    >>> split_caption("Trump in Helsinki. © Heikki Saukkomaa/dpa")[0]
    'Trump in Helsinki.'
    """
    return parser_for(registry).split(text)


def read_credit(text: str, *, registry: Registry | None = None) -> Credit:
    """Read text that is known to be a credit (a page's credit element) in full."""
    return parser_for(registry).read(text)
