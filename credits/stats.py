"""The numbers behind the agency credit report and the workbook: pure DataFrame functions.

Every function takes the catalogue's entries frame (``Catalogue.entries``: the columns of
``columns.COLUMNS`` it needs — see ``NEEDS`` —, lists as lists or tuples, ``published`` as
datetimes, plus ``image_key`` when distinct images are to be counted) and returns a new
frame. No I/O. Times come out as naive UTC (Excel and month buckets know no time zones).

A *use* is one agency credited by one entry: an entry crediting ``dpa`` and ``AFP`` is one
use for each. A credit that names no agency counts under ``(none)``; an entry with no
credit at all under ``(missing)``.

Catalogues run to millions of entries, so the work is done on integer codes with numpy:
each distinct list value (``["dpa"]``, ``["dpa", "AFP"]``) is looked at once, not per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from .columns import IMAGE_KEY, join_list

NO_AGENCY = "(none)"
NO_CREDIT = "(missing)"
#: Flags that make an entry a rights problem, most serious first, with how to say it.
PROBLEMS: dict[str, str] = {
    "missing": "no credit",
    "photographer_only": "photographer only, no agency",
    "unknown_agency": "agency not in the registry",
    "suspicious": "credit looks malformed",
}

Grouping = Literal["agency", "photographer", "article", "month"]

# The entry columns each statistic reads; load only these from a large catalogue.
_CORE = ("article_id", "published", "photographers", "agencies", "flags")
NEEDS: dict[Grouping, tuple[str, ...]] = {
    "agency": _CORE,
    "photographer": _CORE,
    "article": (*_CORE, "url", "article_title", "publisher"),
    "month": _CORE,
}
#: Everything the workbook's statistics read (its Entries sheet streams all columns).
WORKBOOK_NEEDS: tuple[str, ...] = NEEDS["article"]


@dataclass(frozen=True, slots=True)
class Totals:
    """Headline numbers for a set of entries; ``first``/``last`` bound the period (or None)."""

    articles: int
    entries: int
    images: int
    credited: int
    missing: int
    flagged: int
    agencies: int
    photographers: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None

    @property
    def missing_rate(self) -> float:
        """Share of entries without any credit, 0 to 1 (0 when there are no entries)."""
        return self.missing / self.entries if self.entries else 0.0


def compact(entries: pd.DataFrame) -> pd.DataFrame:
    """The same entries with the article and image keys and the list columns as
    categories (lists as tuples: ``("dpa",)`` in a million rows is one category), so that
    every statistic after it looks at each distinct value once. Cheap when the list
    values are shared already, as the catalogue returns them."""
    keys = [name for name in ("article_id", IMAGE_KEY) if name in entries]
    shared: dict[str, Any] = {name: _categories(entries[name]) for name in keys}
    for name in ("photographers", "agencies", "flags"):
        if name in entries:
            coded = _Coded(entries[name])
            values = pd.Index(coded.values, dtype=object, tupleize_cols=False)
            shared[name] = pd.Categorical.from_codes(coded.codes, categories=values)
    return entries.assign(**shared)


def _categories(column: pd.Series) -> pd.Categorical:
    """A column as a categorical in order of appearance (no sort: that costs more)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.array
    codes, uniques = pd.factorize(column)
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object))


def problem_of(flags: Iterable[str]) -> str | None:
    """The most serious rights problem among an entry's flags, in words; None when fine.

    >>> problem_of(["multiple", "photographer_only"])
    'photographer only, no agency'
    """
    present = set(flags)
    return next((text for flag, text in PROBLEMS.items() if flag in present), None)


def totals(entries: pd.DataFrame) -> Totals:
    """Articles, entries, distinct images, credited, missing and flagged entries, distinct
    agencies and photographers, and the publication period."""
    missing, flagged = _problems(entries)
    dates = _published(entries)
    dates = dates[~np.isnat(dates)]
    return Totals(
        articles=int(entries["article_id"].nunique()),
        entries=len(entries),
        images=len(pd.unique(_image_codes(entries))),
        credited=int((~missing).sum()),
        missing=int(missing.sum()),
        flagged=int(flagged.sum()),
        agencies=len(_Coded(entries["agencies"]).vocabulary),
        photographers=len(_Coded(entries["photographers"]).vocabulary),
        first=pd.Timestamp(dates.min()) if len(dates) else None,
        last=pd.Timestamp(dates.max()) if len(dates) else None,
    )


def by_agency(entries: pd.DataFrame) -> pd.DataFrame:
    """Per agency: uses, distinct images, articles, photographers, share of all uses, and
    first and last use. Agencies by uses (most first); ``(none)`` and ``(missing)`` last."""
    used = _Uses(entries)
    count = len(used.names)
    table = used.table(used.agency, count)
    people = _Coded(entries["photographers"]).explode(used.entry)
    table.insert(3, "photographers", _distinct(used.agency[people.rows], people.items, count))
    table.insert(4, "share", table["uses"] / max(len(used.entry), 1))
    table.insert(0, "agency", used.names)
    placeholder = table["agency"].map({NO_AGENCY: 1, NO_CREDIT: 2}).fillna(0)
    order = table.assign(_last=placeholder).sort_values(
        ["_last", "uses", "agency"], ascending=[True, False, True]
    )
    return order.drop(columns="_last").reset_index(drop=True)


def by_photographer(entries: pd.DataFrame) -> pd.DataFrame:
    """Per photographer and agency: uses, distinct images, articles, first and last use.
    A photographer credited with two agencies has a row for each; most uses first."""
    used = _Uses(entries)
    coded = _Coded(entries["photographers"])
    people = coded.explode(used.entry)  # rows: use numbers; items: photographer codes
    width = max(len(used.names), 1)
    groups, keys = pd.factorize(people.items * width + used.agency[people.rows], sort=True)
    table = used.subset(people.rows).table(groups, len(keys))
    table.insert(0, "photographer", _pick(coded.vocabulary, keys // width))
    table.insert(1, "agency", _pick(used.names, keys % width))
    return table.sort_values(
        ["uses", "photographer", "agency"], ascending=[False, True, True], ignore_index=True
    )


def by_article(entries: pd.DataFrame) -> pd.DataFrame:
    """Per article: title, URL, publication time, publisher, entries, credited, missing and
    flagged entries, and the agencies credited. Newest first, undated last."""
    codes, ids = pd.factorize(entries["article_id"])
    count = len(ids)
    missing, flagged = _problems(entries)
    head = entries.iloc[np.unique(codes, return_index=True)[1]]
    sizes = np.bincount(codes, minlength=count)
    lacking = np.bincount(codes, missing, count).astype(np.int64)
    agencies = _Coded(entries["agencies"])
    credited = agencies.explode(np.arange(len(entries)))
    table = pd.DataFrame(
        {
            "article_id": np.asarray(ids, dtype=object),
            "title": head["article_title"].to_numpy(dtype=object),
            "url": head["url"].to_numpy(dtype=object),
            "published": _published(head),
            "publisher": head["publisher"].to_numpy(dtype=object),
            "entries": sizes.astype(np.int64),
            "credited": sizes - lacking,
            "missing": lacking,
            "flagged": np.bincount(codes, flagged, count).astype(np.int64),
            "agencies": _names_per(
                codes[credited.rows], credited.items, agencies.vocabulary, count
            ),
        }
    )
    return table.sort_values(
        ["published", "article_id"], ascending=[False, True], na_position="last"
    ).reset_index(drop=True)


def by_month(entries: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month (UTC) and agency: uses, distinct images, articles. Months in
    order, agencies by uses within a month; undated uses last, with no month."""
    used = _Uses(entries)
    months = used.published.astype("datetime64[M]")
    # Undated uses get the month after every real one, so they sort and group last.
    undated_code = np.iinfo(np.int32).max
    month_codes = np.where(np.isnat(months), undated_code, months.astype(np.int64))
    width = max(len(used.names), 1)
    groups, keys = pd.factorize(month_codes * width + used.agency, sort=True)
    table = used.table(groups, len(keys)).drop(columns=["first_use", "last_use"])
    key_months = keys // width
    month = np.where(
        key_months == undated_code, np.datetime64("NaT", "M"), key_months.astype("datetime64[M]")
    )
    table.insert(0, "month", month.astype("datetime64[ns]"))
    table.insert(1, "agency", _pick(used.names, keys % width))
    return table.sort_values(
        ["month", "uses", "agency"], ascending=[True, False, True], na_position="last"
    ).reset_index(drop=True)


def missing_credits(entries: pd.DataFrame) -> pd.DataFrame:
    """Entries with a rights problem (see ``PROBLEMS``), in catalogue order, with a
    ``problem`` column first."""
    per_entry = _Coded(entries["flags"]).apply(problem_of)
    keep = pd.notna(per_entry)
    found = entries.loc[keep].copy()
    found.insert(0, "problem", per_entry[keep])
    if "published" in found:
        found["published"] = _published(found)
    return found.reset_index(drop=True)


class _Coded:
    """A list column as integer codes into its distinct values (tuples), and the
    vocabulary of the items in them, in order of appearance."""

    def __init__(self, column: pd.Series) -> None:
        if isinstance(column.dtype, pd.CategoricalDtype):  # compacted: coded already
            self.codes = column.cat.codes.to_numpy(dtype=np.intp)
            self.values = list(column.cat.categories)
            self.vocabulary = list(dict.fromkeys(i for v in self.values for i in v))
            return
        # Catalogue frames share one list object per distinct stored value: code by
        # identity first (fast, in C), then merge equal values among the few objects left.
        objects = column.to_numpy(dtype=object)
        by_identity, _ = pd.factorize(np.fromiter(map(id, objects), np.int64, len(objects)))
        firsts = np.unique(by_identity, return_index=True)[1]
        memo: dict[tuple[str, ...], int] = {}
        remap = np.array(
            [memo.setdefault(tuple(objects[i]), len(memo)) for i in firsts.tolist()],
            dtype=np.intp,
        )
        self.codes = remap[by_identity] if len(objects) else np.zeros(0, dtype=np.intp)
        self.values: list[tuple[str, ...]] = list(memo)
        self.vocabulary: list[str] = list(dict.fromkeys(i for v in self.values for i in v))

    def apply(self, function: Callable[[tuple[str, ...]], object]) -> np.ndarray:
        """``function(value)`` per row, computed once per distinct value."""
        results = np.empty(len(self.values), dtype=object)
        results[:] = [function(value) for value in self.values]
        return results[self.codes]

    def explode(self, rows: np.ndarray) -> _Exploded:
        """One output row per item of the given rows' lists: the position in ``rows`` and
        the item's vocabulary code; rows with an empty list drop out."""
        index = {name: n for n, name in enumerate(self.vocabulary)}
        return _explode(self.codes[rows], [[index[i] for i in v] for v in self.values])


@dataclass(frozen=True, slots=True)
class _Exploded:
    rows: np.ndarray  # the position (in the rows asked for) each item came from
    items: np.ndarray  # the item's code


def _explode(codes: np.ndarray, values: Sequence[Sequence[int]]) -> _Exploded:
    """Each position of ``codes`` repeated once per item of its coded list value."""
    sizes = np.array([len(v) for v in values], dtype=np.intp)
    flat = np.array([i for v in values for i in v], dtype=np.intp)
    counts = sizes[codes]
    repeated = np.repeat(np.arange(len(codes)), counts)
    within = np.arange(len(repeated)) - np.repeat(np.cumsum(counts) - counts, counts)
    starts = (np.cumsum(sizes) - sizes)[codes]
    items = flat[np.repeat(starts, counts) + within] if len(flat) else within
    return _Exploded(repeated, items.astype(np.int64))


class _Uses:
    """Every use as parallel arrays: the entry it comes from, its agency (a code into
    ``names``), and the entry's article code, image code and publication time."""

    names: list[str]
    entry: np.ndarray
    agency: np.ndarray
    article: np.ndarray
    image: np.ndarray
    published: np.ndarray

    def __init__(self, entries: pd.DataFrame | None = None) -> None:
        if entries is None:
            return
        agencies = _Coded(entries["agencies"])
        missing = _Coded(entries["flags"]).apply(lambda flags: "missing" in flags).astype(bool)
        # An empty agency list becomes (none) or (missing): code rows by (value, missing).
        inverse, keys = pd.factorize(agencies.codes * 2 + missing, sort=True)
        labels = [
            agencies.values[key // 2] or (NO_CREDIT if key % 2 else NO_AGENCY,)
            for key in keys.tolist()
        ]
        self.names = list(dict.fromkeys(name for label in labels for name in label))
        index = {name: n for n, name in enumerate(self.names)}
        exploded = _explode(inverse, [[index[n] for n in label] for label in labels])
        self.entry, self.agency = exploded.rows, exploded.items
        self.article = pd.factorize(entries["article_id"])[0][self.entry]
        self.image = _image_codes(entries)[self.entry]
        self.published = _published(entries)[self.entry]

    def subset(self, uses: np.ndarray) -> _Uses:
        """The same arrays for the given use numbers (repeats allowed)."""
        subset = _Uses()
        subset.names = self.names
        for name in ("entry", "agency", "article", "image", "published"):
            setattr(subset, name, getattr(self, name)[uses])
        return subset

    def table(self, groups: np.ndarray, count: int) -> pd.DataFrame:
        """Per group code 0..count-1: uses, distinct images and articles, first and last use."""
        published = pd.Series(self.published).groupby(groups)
        index = pd.RangeIndex(count)
        return pd.DataFrame(
            {
                "uses": np.bincount(groups, minlength=count).astype(np.int64),
                "images": _distinct(groups, self.image, count),
                "articles": _distinct(groups, self.article, count),
                "first_use": published.min().reindex(index).to_numpy(dtype="datetime64[ns]"),
                "last_use": published.max().reindex(index).to_numpy(dtype="datetime64[ns]"),
            }
        )


def _distinct(groups: np.ndarray, keys: np.ndarray, count: int) -> np.ndarray:
    """How many distinct keys each group code 0..count-1 has."""
    if not len(groups):
        return np.zeros(count, dtype=np.int64)
    width = int(keys.max()) + 1
    pairs = pd.unique(groups.astype(np.int64) * width + keys)
    return np.bincount(pairs // width, minlength=count).astype(np.int64)


def _names_per(
    groups: np.ndarray, items: np.ndarray, vocabulary: list[str], count: int
) -> list[str]:
    """Per group code 0..count-1: the distinct item names, sorted and joined."""
    found: list[list[str]] = [[] for _ in range(count)]
    width = max(len(vocabulary), 1)
    for pair in np.sort(pd.unique(groups.astype(np.int64) * width + items)).tolist():
        found[pair // width].append(vocabulary[pair % width])
    return [join_list(sorted(names)) for names in found]


def _pick(names: Sequence[str], codes: np.ndarray) -> np.ndarray:
    return np.asarray(names, dtype=object)[codes] if len(codes) else np.empty(0, dtype=object)


def _problems(entries: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per entry: has no credit; has another rights problem (see ``PROBLEMS``)."""
    flags = _Coded(entries["flags"])
    missing = flags.apply(lambda values: "missing" in values).astype(bool)
    problem = flags.apply(problem_of)
    return missing, pd.notna(problem) & ~missing


def _image_codes(entries: pd.DataFrame) -> np.ndarray:
    """A code per distinct image; every entry its own image when there is no image key."""
    if IMAGE_KEY in entries:
        return pd.factorize(entries[IMAGE_KEY])[0]
    return np.arange(len(entries))


def _published(entries: pd.DataFrame) -> np.ndarray:
    """Publication times as naive UTC ``datetime64[ns]`` (NaT when unknown)."""
    moments = pd.to_datetime(entries["published"], utc=True)
    return moments.dt.tz_convert(None).to_numpy(dtype="datetime64[ns]")
