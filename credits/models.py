"""The result types: what a credit, an image entry, an article and a check finding are.

All are frozen dataclasses so they can be hashed, cached and shared between processes.
Evidence (the raw text a credit was read from) is kept but left out of equality, so the
same credit printed in two layouts compares equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

EntryKind = Literal["gallery", "figure", "teaser"]
Severity = Literal["error", "warning", "info"]

#: Every flag a credit or an entry can carry, with what it means.
FLAGS: dict[str, str] = {
    "missing": "the entry has no credit at all",
    "photographer_only": "a person is named but no agency or source",
    "agency_only": "an agency or source is named but no person",
    "montage": "a montage, collage or composite (Montage, Collage, (M))",
    "own": "a private or own-staff picture (privat, Redaktion)",
    "screenshot": "a screenshot or screen grab",
    "symbolic": "a symbolic picture (Symbolbild, Symbolfoto)",
    "handout": "a handout or press picture (Handout, HO, PR, Pressefoto)",
    "pool": "a pool picture",
    "multiple": "more than one photographer or agency is credited",
    "unknown_agency": "an organisation the registry does not know",
    "suspicious": "looks malformed: names run together, empty, unbalanced brackets",
}


@dataclass(frozen=True, slots=True)
class Credit:
    """One credit line split into its parts.

    >>> from credits import parse_credit
    >>> credit = parse_credit("© Mikhail Klimentyev")
    >>> credit.photographers, credit.agencies, sorted(credit.flags)
    (('Mikhail Klimentyev',), (), ['photographer_only'])
    >>> credit == parse_credit("Foto: Mikhail Klimentyev")  # raw text is evidence, not identity
    True
    """

    raw: str = field(compare=False)
    photographers: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    distributor: str | None = None
    flags: frozenset[str] = frozenset()

    @property
    def agency(self) -> str | None:
        """The first credited agency, or None."""
        return self.agencies[0] if self.agencies else None

    @property
    def is_attributed(self) -> bool:
        """True when the credit names anybody at all: a person or an organisation."""
        return bool(self.photographers or self.agencies)

    @property
    def is_photographer_only(self) -> bool:
        """True when a person is named but no agency or source."""
        return bool(self.photographers) and not self.agencies

    @property
    def is_suspicious(self) -> bool:
        """True when the credit looks malformed."""
        return "suspicious" in self.flags

    def as_dict(self) -> dict[str, object]:
        """The credit as plain JSON-ready data, flags sorted."""
        return {
            "raw": self.raw,
            "photographers": list(self.photographers),
            "agencies": list(self.agencies),
            "distributor": self.distributor,
            "flags": sorted(self.flags),
        }


@dataclass(frozen=True, slots=True)
class Entry:
    """One image as used in one article: a gallery slide, an inline figure or the teaser.

    ``caption`` excludes the credit text; ``line`` is the 1-based line in the source file
    where the entry starts; ``image`` is the image URL when the source gives one.
    """

    position: int
    kind: EntryKind
    gallery: str | None
    title: str | None
    caption: str
    credit: Credit | None
    line: int
    image: str | None = None

    @property
    def flags(self) -> frozenset[str]:
        """The credit's flags, or ``{"missing"}`` when there is no credit."""
        return self.credit.flags if self.credit is not None else frozenset({"missing"})


@dataclass(frozen=True, slots=True)
class Article:
    """An article and every image entry found in it, in reading order.

    ``id`` is the canonical URL when the page names one, else the normalised source path.
    """

    id: str
    source: str
    url: str | None
    title: str | None
    published: datetime | None
    publisher: str | None
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem ``credits check`` found, located at a line of a source file."""

    source: str
    line: int
    code: str
    name: str
    message: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.code} {self.name}: {self.message}"
