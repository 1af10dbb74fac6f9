"""The catalogue store: idempotent adds, replacement, distinct images, the DataFrame contract,
filters, schema migrations and opening errors — on hand-made articles."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from credits import CatalogueError
from credits.catalogue import SCHEMA_VERSION, Catalogue, Counts, FileRecord, Record, prepare
from credits.columns import COLUMNS, IMAGE_KEY
from credits.models import Article, Credit, Entry

KAY = Credit("© Kay Nietfeld/dpa", ("Kay Nietfeld",), ("dpa",), None, frozenset())
PETRAS = Credit("© Petras Malukas/AFP", ("Petras Malukas",), ("AFP",), None, frozenset())
BOTH = Credit("© A/dpa/AFP", ("A",), ("dpa", "AFP"), None, frozenset({"multiple"}))


def entry(position: int, credit: Credit | None = KAY, caption: str | None = None) -> Entry:
    text = caption if caption is not None else f"caption {position}"
    return Entry(position, "gallery", "Gallery", f"slide {position}", text, credit, position * 2)


def article(
    number: int,
    *entries: Entry,
    published: datetime | None = None,
    publisher: str | None = "Merkur",
) -> Article:
    url = f"https://news.example/{number}"
    return Article(url, f"articles/{number}.txt", url, f"Article {number}", published, publisher,
                   entries or (entry(1), entry(2, PETRAS), entry(3, None)))  # fmt: skip


@pytest.fixture
def catalogue(tmp_path: Path) -> Iterator[Catalogue]:
    with Catalogue(tmp_path / "out" / "catalogue.sqlite") as opened:
        yield opened


def test_adding_the_same_article_again_changes_nothing(catalogue: Catalogue) -> None:
    assert catalogue.add(article(1)) == 3
    before = catalogue.entries()
    assert catalogue.add(article(1)) == 0
    assert catalogue.counts().entries == 3
    pd.testing.assert_frame_equal(catalogue.entries(), before)


def test_a_changed_article_replaces_its_entries(catalogue: Catalogue) -> None:
    catalogue.add(article(1))
    catalogue.add(article(2))
    changed = replace(article(1, entry(1, PETRAS)), title="Article 1, updated")
    assert catalogue.add(changed) == 1
    rows = catalogue.entries()
    first = rows[rows.article_id == changed.id]
    assert first[["position", "credit", "article_title"]].values.tolist() == [
        [1, "© Petras Malukas/AFP", "Article 1, updated"]
    ]
    assert (rows.article_id == article(2).id).sum() == 3  # the other article is untouched
    assert catalogue.counts().articles == 2


def test_a_new_raw_credit_is_a_change(catalogue: Catalogue) -> None:
    """Credits with the same fields compare equal, but the printed text is evidence."""
    catalogue.add(article(1, entry(1, KAY)))
    reprinted = replace(KAY, raw="Foto: Kay Nietfeld/dpa")
    assert reprinted == KAY
    assert catalogue.add(article(1, entry(1, reprinted))) == 1
    assert catalogue.entries().credit.tolist() == ["Foto: Kay Nietfeld/dpa"]


def test_one_batch_may_hold_the_same_article_twice(catalogue: Catalogue) -> None:
    first, second = prepare(article(1)), prepare(article(1, entry(1)))
    assert catalogue.write([first, second, first]) == ["added", "replaced", "replaced"]
    assert catalogue.counts().entries == 3


def test_text_that_cannot_be_stored_is_a_clear_error(catalogue: Catalogue) -> None:
    with pytest.raises(CatalogueError, match=r"news.example/1: its text holds a lone surrogate"):
        catalogue.add(article(1, entry(1, KAY, caption="broken \ud800 escape")))
    assert catalogue.counts().articles == 0


def test_a_failed_commit_is_a_clear_error_and_keeps_earlier_work(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with Catalogue(path) as catalogue:
        catalogue.add(article(1))
        catalogue._db.execute(f"PRAGMA max_page_count = {_pages(catalogue)}")  # "disk full"
        with pytest.raises(CatalogueError, match="cannot write: database or disk is full"):
            catalogue.add(article(2, *(entry(n, caption="x" * 5000) for n in range(1, 50))))
        assert catalogue.counts() == Counts(articles=1, entries=3)


def _pages(catalogue: Catalogue) -> int:
    return int(catalogue._db.execute("PRAGMA page_count").fetchone()[0])


def test_the_same_image_in_several_articles_is_one_image(catalogue: Catalogue) -> None:
    shared = entry(1, KAY, caption="Putin and Trump in Helsinki.")
    for number in range(1, 6):
        catalogue.add(article(number, shared, entry(2, PETRAS, caption=f"only in {number}")))
    assert catalogue.counts() == Counts(articles=5, entries=10)
    keys = catalogue.entries(with_image_key=True)[IMAGE_KEY]
    assert keys.nunique() == 6
    assert keys.value_counts().max() == 5


def test_entries_have_exactly_the_documented_columns_and_dtypes(catalogue: Catalogue) -> None:
    for frame in (catalogue.entries(), _filled(catalogue).entries()):  # empty, then filled
        assert tuple(frame.columns) == COLUMNS
        assert str(frame.published.dtype) == "datetime64[ns, UTC]"
        assert frame.position.dtype == "int64"
        assert frame.line.dtype == "int64"
        for column in ("photographers", "agencies", "flags", "caption"):
            assert frame[column].dtype == object
    frame = catalogue.entries()
    assert frame.photographers.tolist() == [["Kay Nietfeld"], ["Petras Malukas"], []]
    assert frame.agencies.tolist() == [["dpa"], ["AFP"], []]
    assert frame["flags"].tolist() == [[], [], ["missing"]]  # .flags is pandas's
    assert frame.credit.tolist() == [KAY.raw, PETRAS.raw, None]
    assert frame.published.tolist() == [pd.Timestamp("2025-08-15 08:00", tz="UTC")] * 3


def _filled(catalogue: Catalogue) -> Catalogue:
    catalogue.add(
        article(1, published=datetime(2025, 8, 15, 10, tzinfo=timezone(timedelta(hours=2))))
    )
    return catalogue


def test_entries_can_add_the_image_key_and_choose_columns(catalogue: Catalogue) -> None:
    catalogue.add(article(1))
    assert tuple(catalogue.entries(with_image_key=True).columns) == (*COLUMNS, IMAGE_KEY)
    chosen = catalogue.entries(columns=["agencies", "position"])
    assert chosen.to_dict("list") == {"agencies": [["dpa"], ["AFP"], []], "position": [1, 2, 3]}
    with pytest.raises(CatalogueError, match=r"unknown column.*nope"):
        catalogue.entries(columns=["nope"])


def test_iter_rows_streams_the_same_rows(catalogue: Catalogue) -> None:
    for number in (3, 1, 2):
        catalogue.add(article(number, published=datetime(2025, 1, number, tzinfo=UTC)))
    rows = list(catalogue.iter_rows(with_image_key=True))
    frame = catalogue.entries(with_image_key=True)
    assert [row[0] for row in rows] == frame.article_id.tolist()  # ordered by article id
    assert frame.article_id.is_monotonic_increasing
    published = COLUMNS.index("published")
    assert [row[published] for row in rows] == [t.to_pydatetime() for t in frame.published]
    for row, (_, expected) in zip(rows, frame.iterrows(), strict=True):
        assert row[COLUMNS.index("flags")] == expected["flags"]
        assert row[-1] == expected[IMAGE_KEY]


AUGUST_1 = datetime(2025, 8, 1, 9, 30, tzinfo=UTC)
FILTERS = [
    # filter → article numbers whose entries are returned
    ({}, [1, 2, 3, 4]),
    ({"since": date(2025, 8, 1)}, [1, 2]),
    ({"since": AUGUST_1}, [1, 2]),
    ({"since": AUGUST_1 + timedelta(seconds=1)}, [2]),
    ({"until": "2025-08-01"}, [1, 3]),  # a bare date: that whole day
    ({"until": AUGUST_1}, [1, 3]),  # a time: inclusive
    ({"until": AUGUST_1 - timedelta(microseconds=1)}, [3]),
    ({"since": "2025-08-01T00:00:00+02:00", "until": "2025-08-31"}, [1]),
    ({"since": datetime(2025, 8, 1, 9, 30)}, [1, 2]),  # naive means UTC
    ({"publisher": "merkur"}, [1, 3, 4]),
    ({"agency": "AFP"}, [2, 4]),
    ({"agency": "afp", "since": "2025-08-01"}, [2]),
    ({"agency": "Reuters"}, []),
]


@pytest.mark.parametrize(("where", "numbers"), FILTERS)
def test_filters(catalogue: Catalogue, where: dict[str, object], numbers: list[int]) -> None:
    catalogue.add(article(1, entry(1, KAY), published=AUGUST_1))
    catalogue.add(article(2, entry(1, BOTH), published=datetime(2025, 9, 2, tzinfo=UTC),
                          publisher="Spiegel"))  # fmt: skip
    catalogue.add(article(3, entry(1, KAY), published=datetime(2024, 12, 31, tzinfo=UTC)))
    catalogue.add(article(4, entry(1, PETRAS)))  # no date
    found = catalogue.entries(**where).article_id.tolist()
    assert found == [f"https://news.example/{number}" for number in numbers]
    assert [row[0] for row in catalogue.iter_rows(**where)] == found


def test_a_bad_date_filter_is_an_error(catalogue: Catalogue) -> None:
    with pytest.raises(CatalogueError, match="not an ISO date"):
        catalogue.entries(since="last week")


def test_a_file_that_now_names_another_article_leaves_no_orphan(catalogue: Catalogue) -> None:
    old, new, direct = prepare(article(1)), prepare(article(2)), prepare(article(3))
    catalogue.add(article(3))  # added directly, not by a scan: never removed

    def seen(record: Record) -> FileRecord:
        return FileRecord("/corpus/a.txt", 10, 1, "parser", record.id, record.hash)

    catalogue.write([old], [seen(old)])
    catalogue.write([new], [seen(new)])
    assert sorted(catalogue.entries().article_id.unique()) == [new.id, direct.id]


def test_readers_see_whole_commits_only(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with Catalogue(path) as writer, Catalogue(path) as reader:
        writer.add(article(1))
        rows = reader.iter_rows()
        first = next(rows)  # a read snapshot is open now
        writer.add(article(2))
        assert len([first, *rows]) == 3  # the snapshot does not see article 2
        assert reader.counts().articles == 2


def test_opening_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with Catalogue(path) as catalogue:
        catalogue.add(article(1))
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a scan in the middle of a batch
    try:
        started = time.monotonic()
        with Catalogue(path) as reader:
            assert reader.counts().entries == 3
        assert time.monotonic() - started < 5
    finally:
        writer.execute("ROLLBACK")
        writer.close()


# --- schema versions ----------------------------------------------------------------------------

# Version 1 as it shipped, written out by hand: an old database is data, not code.
SCHEMA_V1 = """
    CREATE TABLE articles (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL,
        url TEXT, title TEXT, published TEXT, publisher TEXT, hash TEXT NOT NULL,
        entry_count INTEGER NOT NULL);
    CREATE TABLE entries (article INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        position INTEGER NOT NULL, kind TEXT NOT NULL, gallery TEXT, title TEXT,
        caption TEXT NOT NULL, credit TEXT, photographers TEXT NOT NULL, agencies TEXT NOT NULL,
        distributor TEXT, flags TEXT NOT NULL, line INTEGER NOT NULL, image TEXT,
        image_key TEXT NOT NULL, PRIMARY KEY (article, position)) WITHOUT ROWID;
    CREATE INDEX articles_published ON articles (published);
    INSERT INTO articles VALUES (1, 'https://news.example/old', 'old.txt', NULL, 'Old', NULL,
        NULL, 'h1', 1);
    INSERT INTO entries VALUES (1, 1, 'figure', NULL, NULL, 'Helsinki.', '© Imago', '[]',
        '["Imago"]', NULL, '["agency_only"]', 7, NULL, 'sha1:0');
    PRAGMA user_version = 1;
"""


def _database(path: Path, script: str) -> Path:
    with sqlite3.connect(path) as db:
        db.executescript(script)
    db.close()
    return path


def test_an_older_database_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = _database(tmp_path / "v1.sqlite", SCHEMA_V1)
    with Catalogue(path) as catalogue:
        assert catalogue.schema_version == SCHEMA_VERSION
        rows = catalogue.entries()
        assert rows[["article_id", "agencies", "flags", "line"]].values.tolist() == [
            ["https://news.example/old", ["Imago"], ["agency_only"], 7]
        ]
        assert catalogue.file_states(["old.txt"]) == {}  # the files table exists now
        assert catalogue.add(article(1)) == 3


def test_an_empty_file_is_version_zero_and_gets_the_whole_schema(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    with Catalogue(path) as catalogue:
        assert catalogue.schema_version == SCHEMA_VERSION
        assert catalogue.counts().articles == 0


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = _database(tmp_path / "new.sqlite", f"PRAGMA user_version = {SCHEMA_VERSION + 1};")
    with pytest.raises(CatalogueError, match="newer credits"):
        Catalogue(path)


def _text_file(folder: Path) -> Path:
    (folder / "notes.sqlite").write_text("not a database, just text\n" * 100)
    return folder / "notes.sqlite"


def _under_a_file(folder: Path) -> Path:
    (folder / "blocker").write_text("a file where a folder should be")
    return folder / "blocker" / "catalogue.sqlite"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_text_file, r"notes\.sqlite: cannot open: file is not a database"),
        (_under_a_file, r"cannot create folder .*blocker"),
        (lambda folder: folder, "cannot open"),  # a folder, not a file
    ],
)
def test_unusable_paths_are_clear_errors(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    with pytest.raises(CatalogueError, match=message):
        Catalogue(make(tmp_path))


def test_in_memory_catalogue(tmp_path: Path) -> None:
    with Catalogue(":memory:") as catalogue:
        assert catalogue.add(article(1)) == 3
        assert catalogue.counts().entries == 3
