"""The report's statistics, on a small hand-made catalogue whose numbers are known."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pandas as pd
import pytest

from credits import stats
from credits.catalogue import Catalogue
from credits.models import Article, Credit, Entry


def credit(raw: str, photographers: Iterable[str] = (), agencies: Iterable[str] = (), *flags: str):
    return Credit(raw, tuple(photographers), tuple(agencies), None, frozenset(flags))


def entry(position: int, credit_: Credit | None, image: str | None = None) -> Entry:
    return Entry(position, "gallery", None, None, f"caption {position}", credit_, position, image)


def article(number: int, published: datetime | None, *entries: Entry) -> Article:
    url = f"https://news.example/{number}"
    return Article(url, f"a{number}.txt", url, f"Article {number}", published, "Example", entries)


KAY = credit("© Kay Nietfeld/dpa", ["Kay Nietfeld"], ["dpa"])
ARTICLES = (
    article(
        1,
        datetime(2025, 8, 1, 9, 30, tzinfo=UTC),
        entry(1, KAY, "https://img.example/kay.jpg"),
        entry(2, credit("© Petras Malukas/AFP", ["Petras Malukas"], ["AFP"])),
        entry(3, credit("© Evan Vucci/dpa/AFP", ["Evan Vucci"], ["dpa", "AFP"], "multiple")),
        entry(4, credit("© Mikhail Klimentyev", ["Mikhail Klimentyev"], [], "photographer_only")),
        entry(5, None),
    ),
    article(
        2,
        datetime(2025, 9, 15, 18, 0, tzinfo=UTC),
        entry(1, KAY, "https://img.example/kay.jpg?w=800"),  # the same picture again
        entry(2, credit("© Imago", [], ["Imago"], "agency_only")),
    ),
    article(3, None, entry(1, credit("© Bild Nordost", [], ["Bild Nordost"], "unknown_agency"))),
)


@pytest.fixture(scope="module")
def entries() -> pd.DataFrame:
    with Catalogue(":memory:") as catalogue:
        for item in ARTICLES:
            catalogue.add(item)
        return catalogue.entries(with_image_key=True)


def row(table: pd.DataFrame, **where: object) -> dict[str, object]:
    mask = pd.Series(True, index=table.index)
    for column, value in where.items():
        mask &= table[column] == value
    (found,) = table[mask].to_dict("records")
    return found


@pytest.mark.parametrize(
    ("agency", "counts", "period"),
    [
        ("dpa", (3, 2, 2, 2), ("2025-08-01 09:30", "2025-09-15 18:00")),
        ("AFP", (2, 2, 1, 2), ("2025-08-01 09:30", "2025-08-01 09:30")),
        ("Imago", (1, 1, 1, 0), ("2025-09-15 18:00", "2025-09-15 18:00")),
        ("Bild Nordost", (1, 1, 1, 0), (None, None)),
        (stats.NO_AGENCY, (1, 1, 1, 1), ("2025-08-01 09:30", "2025-08-01 09:30")),
        (stats.NO_CREDIT, (1, 1, 1, 0), ("2025-08-01 09:30", "2025-08-01 09:30")),
    ],
)
def test_by_agency(entries, agency, counts, period) -> None:
    """counts: uses, distinct images, articles, photographers; period: first and last use."""
    found = row(stats.by_agency(entries), agency=agency)
    names = ("uses", "images", "articles", "photographers")
    assert tuple(found[name] for name in names) == counts
    assert found["share"] == pytest.approx(counts[0] / 9)
    for column, expected in zip(("first_use", "last_use"), period, strict=True):
        if expected is None:
            assert pd.isna(found[column])
        else:
            assert found[column] == pd.Timestamp(expected)


def test_by_agency_order_puts_placeholders_last(entries) -> None:
    order = list(stats.by_agency(entries)["agency"])
    assert order == ["dpa", "AFP", "Bild Nordost", "Imago", stats.NO_AGENCY, stats.NO_CREDIT]
    assert stats.by_agency(entries)["share"].sum() == pytest.approx(1)


@pytest.mark.parametrize(
    ("photographer", "agency", "counts"),
    [
        ("Kay Nietfeld", "dpa", (2, 1, 2)),
        ("Evan Vucci", "dpa", (1, 1, 1)),
        ("Evan Vucci", "AFP", (1, 1, 1)),
        ("Petras Malukas", "AFP", (1, 1, 1)),
        ("Mikhail Klimentyev", stats.NO_AGENCY, (1, 1, 1)),
    ],
)
def test_by_photographer(entries, photographer, agency, counts) -> None:
    """counts: uses, distinct images, articles."""
    table = stats.by_photographer(entries)
    found = row(table, photographer=photographer, agency=agency)
    assert (found["uses"], found["images"], found["articles"]) == counts
    assert len(table) == 5
    assert table.iloc[0]["photographer"] == "Kay Nietfeld"


@pytest.mark.parametrize(
    ("number", "counts", "agencies"),
    [
        (1, (5, 4, 1, 1), "AFP; dpa"),
        (2, (2, 2, 0, 0), "Imago; dpa"),
        (3, (1, 1, 0, 1), "Bild Nordost"),
    ],
)
def test_by_article(entries, number, counts, agencies) -> None:
    """counts: entries, credited, missing, flagged."""
    table = stats.by_article(entries)
    found = row(table, article_id=f"https://news.example/{number}")
    names = ("entries", "credited", "missing", "flagged")
    assert tuple(found[name] for name in names) == counts
    assert found["agencies"] == agencies
    assert found["title"] == f"Article {number}"
    assert list(table["article_id"].str[-1]) == ["2", "1", "3"]  # newest first, undated last


def test_by_month(entries) -> None:
    table = stats.by_month(entries)
    august = table[table["month"] == pd.Timestamp("2025-08-01")]
    assert dict(zip(august["agency"], august["uses"], strict=True)) == {
        "dpa": 2,
        "AFP": 2,
        stats.NO_AGENCY: 1,
        stats.NO_CREDIT: 1,
    }
    assert row(table, month=pd.Timestamp("2025-09-01"), agency="dpa")["uses"] == 1
    assert table["month"].isna().sum() == 1 and pd.isna(table.iloc[-1]["month"])
    assert table["uses"].sum() == 9


def test_missing_credits(entries) -> None:
    table = stats.missing_credits(entries)
    assert list(table["problem"]) == [
        "photographer only, no agency",
        "no credit",
        "agency not in the registry",
    ]
    assert list(table["position"]) == [4, 5, 1]


def test_totals(entries) -> None:
    found = stats.totals(entries)
    assert (found.articles, found.entries, found.images) == (3, 8, 7)
    assert (found.credited, found.missing, found.flagged) == (7, 1, 2)
    assert (found.agencies, found.photographers) == (4, 4)
    assert found.missing_rate == pytest.approx(1 / 8)
    assert (found.first, found.last) == (
        pd.Timestamp("2025-08-01 09:30"),
        pd.Timestamp("2025-09-15 18:00"),
    )


def test_empty_catalogue_gives_empty_tables() -> None:
    with Catalogue(":memory:") as catalogue:
        empty = catalogue.entries(with_image_key=True)
    for table in (stats.by_agency, stats.by_photographer, stats.by_article, stats.by_month):
        assert table(empty).empty
    assert stats.totals(empty).missing_rate == 0 and stats.totals(empty).first is None


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ((), None),
        (("multiple", "agency_only"), None),
        (("missing",), "no credit"),
        (("suspicious", "photographer_only"), "photographer only, no agency"),
        (["unknown_agency"], "agency not in the registry"),
    ],
)
def test_problem_of(flags, expected) -> None:
    assert stats.problem_of(flags) == expected


@pytest.mark.parametrize(
    "table", [stats.by_agency, stats.by_photographer, stats.by_article, stats.by_month]
)
def test_compact_entries_give_the_same_tables(entries, table) -> None:
    compacted = stats.compact(entries)
    assert isinstance(compacted["agencies"].dtype, pd.CategoricalDtype)
    pd.testing.assert_frame_equal(table(compacted), table(entries))
    assert stats.totals(compacted) == stats.totals(entries)
