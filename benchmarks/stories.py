"""The benchmark corpus's articles as data: what each article says and shows, and how each
picture is credited. Rendering them as scrapes or pages is ``scrapes.py``' and ``pages.py``' job.

Deterministic: article *i* of seed *s* is the same whatever the corpus size (each article has
its own random generator, seeded from ``s`` and ``i``), so a small corpus is a prefix of a
large one and sizes can be compared. The mix is meant to look like a newsroom's year: a few
hundred photographers from the agencies of ``credits/data/agencies.toml``, most credits
repeated (agency pictures reused across articles, a Zipf-like popularity), some credits seen
once, some captions without any credit, some with flag words.
"""

from __future__ import annotations

import hashlib
import random
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Literal

from credits.registry import bundled_registry

DEFAULT_SEED = 7
WORDS: dict[str, Any] = tomllib.loads(
    Path(__file__).with_name("words.toml").read_text(encoding="utf-8")
)

# Shares of pictures by kind of credit (the rest are pool photographers' pictures).
MISSING = 0.06  # no credit at all
UNIQUE = 0.05  # a photographer credited once in the whole corpus
AGENCY_ONLY = 0.04  # "© dpa"
SPECIAL = 0.03  # flag words: privat, Symbolbild, Handout, Pool, Montage, several agencies
# A pool photographer's picture is one of their REUSED_PICTURES (the same image, caption and
# credit in several articles) with this probability, else a fresh one.
REUSED = 0.6
REUSED_PICTURES = 40
# How often a reused picture is credited differently from its usual credit.
RECREDITED = 0.02
# Article shapes: (share, teaser probability, inline figures, gallery slides).
SHAPES = (
    (0.40, 0.8, (1, 4), (0, 0)),  # news story
    (0.40, 1.0, (0, 2), (10, 40)),  # story with a gallery
    (0.20, 1.0, (0, 1), (25, 55)),  # picture story
)
# Share of articles written as plain-text scrapes (the rest are HTML pages).
TEXT_SHARE = 0.5

Language = Literal["de", "en"]
PictureKind = Literal["teaser", "figure", "gallery"]


@dataclass(frozen=True, slots=True)
class Publisher:
    """A fictional publisher: language, site and house style (see ``words.toml``)."""

    name: str
    domain: str
    language: Language
    marker: str
    text: str
    html: str


@dataclass(frozen=True, slots=True)
class Picture:
    """One image entry: what the article shows and how it credits it (``credit`` is the
    credit without its marker, ``None`` when uncredited)."""

    kind: PictureKind
    url: str
    title: str | None
    caption: str
    credit: str | None


@dataclass(frozen=True, slots=True)
class Story:
    """One article. ``body`` is paragraphs (str) with inline figures (Picture) between them;
    the gallery, when there is one, follows paragraph ``gallery_at``."""

    index: int
    publisher: Publisher
    url: str
    kicker: str
    headline: str
    standfirst: str
    author: str
    published: datetime
    teaser: Picture | None
    body: tuple[str | Picture, ...]
    gallery_name: str | None
    gallery: tuple[Picture, ...]
    gallery_at: int
    related: tuple[str, ...]
    as_text: bool

    @property
    def pictures(self) -> list[Picture]:
        """Every image entry, teaser first, in reading order otherwise."""
        inline = [block for block in self.body if isinstance(block, Picture)]
        return [*([self.teaser] if self.teaser else []), *inline, *self.gallery]

    @property
    def slug(self) -> str:
        """The last part of the article's URL."""
        return self.url.rsplit("/", 1)[-1]


def printed(credit: str, marker: str) -> str:
    """The credit as a publisher prints it: ``© Kay Nietfeld/dpa``, ``(AP Photo/Noah Berger)``."""
    return f"({credit})" if marker == "(" else f"{marker}{credit}"


@dataclass(frozen=True, slots=True)
class _Photographer:
    name: str
    agency: str


class Cast:
    """Who appears in a corpus: photographers by agency with their popularity, the
    organisations used for one-off credits, the publishers."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"{seed}:cast")
        people = WORDS["people"]
        names = [f"{first} {last}" for first in people["first"] for last in people["last"]]
        rng.shuffle(names)
        pool = iter(names)
        agencies = WORDS["agencies"]
        # An agency's photographers, most popular first.
        self.staff = {
            agency: [_Photographer(next(pool), agency) for _ in range(count)]
            for agency, count in agencies["home"]
        }
        # Agencies are drawn in proportion to their staff; within one, the k-th photographer
        # is credited about k^-0.8 as often as the first (Zipf-like). Cumulative weights, so
        # that each draw is a bisection.
        self.agency_odds = {
            language: _odds([(a, c) for a, c in agencies["home"] if a in allowed])
            for language, allowed in (
                ("de", {a for a, _ in agencies["home"]}),
                ("en", set(agencies["english"])),
            )
        }
        self.popularity = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(names))))
        self.specials = _odds(WORDS["flags"]["special"])
        self.organisations = sorted(
            org.name
            for org in bundled_registry()
            if org.kind in {"agency", "photo_agency", "stock"}
        )
        self.publishers = [Publisher(**data) for data in WORDS["publisher"]]

    def photographer(self, rng: random.Random, language: Language) -> _Photographer:
        """A pool photographer, drawn by agency share and popularity."""
        agencies, odds = self.agency_odds[language]
        staff = self.staff[rng.choices(agencies, cum_weights=odds)[0]]
        return rng.choices(staff, cum_weights=self.popularity[: len(staff)])[0]


def _odds(weighted: Sequence[Sequence[Any]]) -> tuple[list[Any], list[float]]:
    """Items and cumulative weights for ``random.choices``."""
    return [item for item, _ in weighted], list(accumulate(weight for _, weight in weighted))


@cache
def cast(seed: int) -> Cast:
    """The cast of seed ``seed`` (built once per process)."""
    return Cast(seed)


def make_story(index: int, seed: int = DEFAULT_SEED) -> Story:
    """Article ``index`` of the corpus of ``seed``."""
    return _StoryMaker(cast(seed), seed, index).story()


def stories(count: int, seed: int = DEFAULT_SEED, start: int = 0) -> Iterator[Story]:
    """Articles ``start`` … ``start + count - 1``."""
    for index in range(start, start + count):
        yield make_story(index, seed)


def credit_lines(count: int, seed: int = DEFAULT_SEED) -> Iterator[str]:
    """The credits of the first ``count`` articles as printed, in reading order: the realistic
    mix of repeated and distinct credits that the parser benchmark parses."""
    for story in stories(count, seed):
        for picture in story.pictures:
            if picture.credit is not None:
                yield printed(picture.credit, story.publisher.marker)


class _StoryMaker:
    """Draws one article from its own random generator."""

    def __init__(self, cast: Cast, seed: int, index: int) -> None:
        self.cast = cast
        self.seed = seed
        self.index = index
        self.rng = random.Random(f"{seed}:{index}")
        self.publisher = self.rng.choice(cast.publishers)
        self.language: Language = self.publisher.language
        self.place = self.rng.choice(WORDS["places"][self.language])
        self.event = self.rng.choice(WORDS["events"][self.language])

    def words(self, table: str) -> Sequence[str]:
        return WORDS[table][self.language]

    def fill(self, template: str, rng: random.Random | None = None) -> str:
        rng = rng or self.rng
        return template.format(
            place=rng.choice([self.place, *self.words("places")[:5]]),
            event=self.event,
            subject=rng.choice(self.words("subjects")),
        )

    def story(self) -> Story:
        rng = self.rng
        _, teaser_odds, figures, slides = _pick_shape(rng)
        published = datetime(2025, 1, 1, 6, tzinfo=UTC) + timedelta(
            minutes=(self.index * 137) % (365 * 24 * 60)
        )
        headline = f"{self.fill(rng.choice(self.words('titles')))}: {self.event}"
        paragraphs = [self.paragraph() for _ in range(rng.randint(5, 12))]
        inline = [self.picture("figure") for _ in range(rng.randint(*figures))]
        body: list[str | Picture] = list(paragraphs)
        for picture in inline:
            body.insert(rng.randint(1, len(body)), picture)
        gallery = tuple(self.picture("gallery") for _ in range(rng.randint(*slides)))
        slug = "-".join("".join(c if c.isalnum() else " " for c in headline.lower()).split()[:6])
        return Story(
            index=self.index,
            publisher=self.publisher,
            url=f"https://www.{self.publisher.domain}/{published:%Y/%m}/{slug}-{self.index}",
            kicker=self.event,
            headline=headline,
            standfirst=" ".join(self.sentence() for _ in range(2)),
            author=" ".join(
                (rng.choice(WORDS["people"]["first"]), rng.choice(WORDS["people"]["last"]))
            ),
            published=published,
            teaser=self.picture("teaser") if rng.random() < teaser_odds else None,
            body=tuple(body),
            gallery_name=self.fill(rng.choice(self.words("galleries"))) if gallery else None,
            gallery=gallery,
            gallery_at=rng.randint(1, len(paragraphs)),
            related=tuple(self.fill(rng.choice(self.words("titles"))) for _ in range(3)),
            as_text=rng.random() < TEXT_SHARE,
        )

    def sentence(self, rng: random.Random | None = None) -> str:
        rng = rng or self.rng
        return self.fill(rng.choice(WORDS["body"][self.language]), rng)

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 6)))

    def caption(self, rng: random.Random) -> str:
        """One or two sentences, sometimes with the marks of a caption: "(l.)", "(Archivbild)"."""
        action = self.fill(rng.choice(self.words("actions")), rng)
        subject = rng.choice(self.words("subjects"))
        if rng.random() < 0.3:
            subject = f"{subject} {rng.choice(self.words('marks'))}"
        more = f" {self.sentence(rng)}" if rng.random() < 0.5 else ""
        return f"{subject} {action}{more}"

    def title(self, rng: random.Random) -> str:
        return self.fill(rng.choice(self.words("titles")), rng)

    def picture(self, kind: PictureKind) -> Picture:
        """A picture: uncredited, credited once, by an agency alone, with a flag word, or by
        a pool photographer (often a reused picture with its usual caption and credit)."""
        rng = self.rng
        roll = rng.random()
        fresh_url = (
            f"https://img.{self.publisher.domain}/{self.index}/{rng.getrandbits(48):012x}.jpg"
        )
        if roll < MISSING:
            return Picture(kind, fresh_url, self.title(rng), self.caption(rng), None)
        roll -= MISSING
        if roll < UNIQUE:
            return Picture(kind, fresh_url, self.title(rng), self.caption(rng), self.unique())
        roll -= UNIQUE
        if roll < AGENCY_ONLY:
            credit = rng.choice(WORDS["agencies"]["alone"])
            return Picture(kind, fresh_url, self.title(rng), self.caption(rng), credit)
        roll -= AGENCY_ONLY
        photographer = self.cast.photographer(rng, self.language)
        if roll < SPECIAL:
            credit = self.special(photographer)
            return Picture(kind, fresh_url, self.title(rng), self.caption(rng), credit)
        if rng.random() < REUSED:
            return self.reused(kind, photographer)
        credit = _format(rng, photographer)
        return Picture(kind, fresh_url, self.title(rng), self.caption(rng), credit)

    def reused(self, kind: PictureKind, photographer: _Photographer) -> Picture:
        """One of the photographer's pictures that many articles use: same URL, caption and
        (nearly always) credit wherever it appears."""
        number = int(self.rng.paretovariate(1.2)) % REUSED_PICTURES
        key = f"{self.seed}:{photographer.name}:{number}"
        own = random.Random(key)
        digest = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
        folder = photographer.agency.lower().replace(" ", "-")
        url = f"https://cdn.pictures.example/{folder}/{digest}.jpg"
        credit = _format(own, photographer)
        if self.rng.random() < RECREDITED:
            credit = _format(self.rng, photographer)
        return Picture(kind, url, self.title(own), self.caption(own), credit)

    def unique(self) -> str:
        rng = self.rng
        people = WORDS["people"]
        name = (
            f"{rng.choice(people['first'])} {rng.choice(people['last'])}-"
            f"{rng.choice(people['last'])}"
        )
        return f"{name}/{rng.choice(self.cast.organisations)}"

    def special(self, photographer: _Photographer) -> str:
        templates, odds = self.cast.specials
        template = self.rng.choices(templates, cum_weights=odds)[0]
        return template.format(name=photographer.name, agency=photographer.agency)


def _pick_shape(rng: random.Random) -> tuple[float, float, tuple[int, int], tuple[int, int]]:
    roll = rng.random()
    for shape in SHAPES:
        if roll < shape[0]:
            return shape
        roll -= shape[0]
    return SHAPES[-1]


def _format(rng: random.Random, photographer: _Photographer) -> str:
    formats = WORDS["formats"]
    template = rng.choice(formats.get(photographer.agency, formats["default"]))
    return template.format(
        name=photographer.name, NAME=photographer.name.upper(), agency=photographer.agency
    )
