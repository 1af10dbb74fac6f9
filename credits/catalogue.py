"""The catalogue: a SQLite store of articles and their image entries, read back as pandas.

One database file (``output/catalogue.sqlite`` by default) in WAL mode, so readers see a
consistent snapshot while a scan writes. Every change is one transaction: a killed process
leaves whole articles or none. The schema carries a version (``PRAGMA user_version``) and
is upgraded forward on open; a database from a newer ``credits`` is refused.

An article is stored with a content hash of its fields and entries: adding it again
unchanged writes nothing; a changed article (same id, new hash) has its entries replaced.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Self

from .columns import COLUMNS, IMAGE_KEY, LIST_COLUMNS, article_rows
from .errors import CatalogueError, ReadError
from .models import Article

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_PATH = Path("output/catalogue.sqlite")

Outcome = Literal["added", "unchanged", "replaced"]
#: A date bound for ``since``/``until``: a date, a datetime (naive means UTC) or ISO text.
DateBound = date | datetime | str

# Schema history: step N upgrades a database from version N-1 to N. Never edit a step that
# has shipped; append a new one. user_version 0 is an empty (new) database.
MIGRATIONS: tuple[str, ...] = (
    # 1: articles and their entries. Entries hang off a small integer key handed out in
    # order, so a scan appends to the entries B-tree instead of inserting at random. Lists
    # are JSON arrays; published is fixed-width UTC ISO-8601 text, so text order is time
    # order. No index on image_key: it would triple the cost of writing.
    """
    CREATE TABLE articles (
        pk          INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        source      TEXT NOT NULL,
        url         TEXT,
        title       TEXT,
        published   TEXT,
        publisher   TEXT,
        hash        TEXT NOT NULL,
        entry_count INTEGER NOT NULL
    );
    CREATE TABLE entries (
        article       INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        kind          TEXT NOT NULL,
        gallery       TEXT,
        title         TEXT,
        caption       TEXT NOT NULL,
        credit        TEXT,
        photographers TEXT NOT NULL,
        agencies      TEXT NOT NULL,
        distributor   TEXT,
        flags         TEXT NOT NULL,
        line          INTEGER NOT NULL,
        image         TEXT,
        image_key     TEXT NOT NULL,
        PRIMARY KEY (article, position)
    ) WITHOUT ROWID;
    CREATE INDEX articles_published ON articles (published);
    """,
    # 2: the files a scan has read, so an unchanged file is skipped without reading it.
    # ``parser`` fingerprints the credits version and registry the file was parsed with.
    """
    CREATE TABLE files (
        path       TEXT PRIMARY KEY,
        size       INTEGER NOT NULL,
        mtime_ns   INTEGER NOT NULL,
        parser     TEXT NOT NULL,
        article_id TEXT NOT NULL,
        hash       TEXT NOT NULL
    );
    CREATE INDEX files_article ON files (article_id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# Connection settings. NORMAL is durable across a killed process in WAL mode (only a power
# cut can lose the last commits, never consistency); the timeout lets a reader wait out a
# writer's checkpoint instead of failing.
PRAGMAS = """
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    PRAGMA foreign_keys = ON;
"""
BUSY_TIMEOUT_S = 30.0

SELECT_STORED = "SELECT id, pk, hash FROM articles WHERE id IN ({marks})"
# The writer holds the write lock (BEGIN IMMEDIATE), so it can hand out keys itself.
NEXT_PK = "SELECT coalesce(max(pk), 0) + 1 FROM articles"
INSERT_ARTICLE = """
    INSERT INTO articles (id, source, url, title, published, publisher, hash, entry_count, pk)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
UPDATE_ARTICLE = """
    UPDATE articles SET id = ?, source = ?, url = ?, title = ?, published = ?, publisher = ?,
                        hash = ?, entry_count = ?
    WHERE pk = ?
"""
DELETE_ENTRIES = "DELETE FROM entries WHERE article = ?"
INSERT_ENTRY = """
    INSERT INTO entries (article, position, kind, gallery, title, caption, credit,
                         photographers, agencies, distributor, flags, line, image, image_key)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
SELECT_FILES = "SELECT path, size, mtime_ns, parser, article_id FROM files WHERE path IN ({marks})"
UPSERT_FILE = """
    INSERT INTO files (path, size, mtime_ns, parser, article_id, hash) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (path) DO UPDATE SET
        size = excluded.size, mtime_ns = excluded.mtime_ns, parser = excluded.parser,
        article_id = excluded.article_id, hash = excluded.hash
"""
# An article no scanned file yields any more (its file now names another id), unless it
# was added directly rather than by a scan.
DELETE_ORPHAN = """
    DELETE FROM articles WHERE id = ? AND NOT EXISTS (SELECT 1 FROM files WHERE article_id = ?)
"""
# From the articles table alone: counting 2 million entries (let alone distinct image keys)
# would take seconds; distinct images are counted from entries(with_image_key=True).
COUNT_ALL = "SELECT count(*), coalesce(sum(entry_count), 0) FROM articles"
# The article an entry belongs to (articles.pk): joins what entries() reads in two queries.
_ARTICLE_KEY = "article_pk"
# The SQL behind each column of the entries view (e = entries, a = articles).
COLUMN_SQL: dict[str, str] = {
    "article_id": "a.id",
    "source": "a.source",
    "url": "a.url",
    "article_title": "a.title",
    "published": "a.published",
    "publisher": "a.publisher",
    "position": "e.position",
    "kind": "e.kind",
    "gallery": "e.gallery",
    "title": "e.title",
    "caption": "e.caption",
    "credit": "e.credit",
    "photographers": "e.photographers",
    "agencies": "e.agencies",
    "distributor": "e.distributor",
    "flags": "e.flags",
    "line": "e.line",
    IMAGE_KEY: "e.image_key",
    _ARTICLE_KEY: "e.article",
}
SELECT_ENTRIES = """
    SELECT {columns} FROM articles AS a JOIN entries AS e ON e.article = a.pk
    WHERE {where} ORDER BY a.id, e.position
"""
FILTER_SINCE = "a.published >= ?"
FILTER_UNTIL = "a.published < ?"
FILTER_PUBLISHER = "a.publisher = ? COLLATE NOCASE"
FILTER_AGENCY = "EXISTS (SELECT 1 FROM json_each(e.agencies) WHERE value = ? COLLATE NOCASE)"

# SQLite allows 32,766 host parameters; stay far below for IN (...) lists.
_IN_CHUNK = 500
_FETCH_ROWS = 2_000


class Record(NamedTuple):
    """An article ready to store: its row, its entries' rows and its content hash.

    Built by :func:`prepare` (cheap to pickle, so scan workers build it and the one writer
    only inserts it).
    """

    id: str
    hash: str
    article: tuple[Any, ...]
    entries: tuple[tuple[Any, ...], ...]


class FileState(NamedTuple):
    """What the catalogue remembers of a scanned file."""

    size: int
    mtime_ns: int
    parser: str
    article_id: str


class FileRecord(NamedTuple):
    """A scanned file and the article it yielded (the ``files`` row)."""

    path: str
    size: int
    mtime_ns: int
    parser: str
    article_id: str
    hash: str


@dataclass(frozen=True, slots=True)
class Counts:
    """Totals in the catalogue."""

    articles: int
    entries: int


def prepare(article: Article) -> Record:
    """Turn an article into the rows the catalogue stores, with its content hash; raise
    CatalogueError when its text cannot be stored."""
    fields = (
        article.id,
        article.source,
        article.url,
        article.title,
        _encode_time(article.published),
        article.publisher,
    )
    try:
        entries = tuple(
            (
                row["position"],
                row["kind"],
                row["gallery"],
                row["title"],
                row["caption"],
                row["credit"],
                _encode_list(row["photographers"]),
                _encode_list(row["agencies"]),
                row["distributor"],
                _encode_list(row["flags"]),
                row["line"],
                entry.image,
                row[IMAGE_KEY],
            )
            for row, entry in zip(article_rows(article), article.entries, strict=True)
        )
        texts = (value for value in (*fields, *itertools.chain(*entries)) if isinstance(value, str))
        "".join(texts).encode()
    except UnicodeEncodeError:
        # SQLite stores UTF-8, which has no lone surrogates (left by broken "\ud800" escapes).
        raise CatalogueError(
            f"cannot store article {article.id}: its text holds a lone surrogate"
        ) from None
    digest = hashlib.blake2b(repr((fields, entries)).encode(), digest_size=16).hexdigest()
    return Record(article.id, digest, (*fields, digest, len(entries)), entries)


@contextlib.contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """Pause the cycle collector while a large catalogue is read: millions of rows become
    millions of small objects in no reference cycle, which it would only rescan, again and
    again (about 15 % of a report's time at 2 million entries)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Catalogue:
    """The catalogue database; a context manager. Use one instance per thread.

    >>> import tempfile, pathlib
    >>> with Catalogue(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite") as catalogue:
    ...     catalogue.counts()
    Counts(articles=0, entries=0)
    """

    def __init__(self, path: str | Path = DEFAULT_PATH) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CatalogueError(
                f"{self.path}: cannot create folder {self.path.parent}: {error.strerror or error}"
            ) from None
        try:
            # Autocommit mode: transactions are explicit (see _transaction).
            self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as error:
            raise CatalogueError(f"{self.path}: cannot open: {error}") from None
        try:
            self._db.executescript(PRAGMAS)
            self._migrate()
        except sqlite3.Error as error:
            self._db.close()
            raise CatalogueError(f"{self.path}: cannot open: {error}") from None
        except CatalogueError:
            self._db.close()
            raise

    @classmethod
    def from_articles(
        cls, articles: Iterable[Article], *, on_error: Callable[[ReadError], None]
    ) -> Catalogue:
        """A catalogue in memory holding ``articles``: what ``credits report PATH...``
        reports on. An article it cannot store goes to ``on_error``; the rest are kept."""
        catalogue = cls(":memory:")
        for article in articles:
            try:
                catalogue.add(article)
            except CatalogueError as error:
                on_error(ReadError(article.source, str(error)))
        return catalogue

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the database; committed work is already on disk."""
        self._db.close()

    @property
    def schema_version(self) -> int:
        """The database's schema version (``PRAGMA user_version``)."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Apply the schema steps this database lacks, each in its own transaction. An
        up-to-date database is only read, so opening one never waits for a scan's writes."""
        while self._check_version() < SCHEMA_VERSION:
            with self._transaction():
                version = self._check_version()  # again: another process may have upgraded
                if version == SCHEMA_VERSION:
                    return
                for statement in _statements(MIGRATIONS[version]):
                    self._db.execute(statement)
                # PRAGMA takes no parameters; version is an int we computed.
                self._db.execute(f"PRAGMA user_version = {version + 1}")

    def _check_version(self) -> int:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise CatalogueError(
                f"{self.path}: written by a newer credits (schema version {version}; "
                f"this version reads up to {SCHEMA_VERSION}): upgrade credits"
            )
        return version

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self.path)

    # -- writing -----------------------------------------------------------------------

    def add(self, article: Article) -> int:
        """Store ``article``; return the number of entries written (0 when unchanged).

        Idempotent: an unchanged article writes nothing; a changed one (same id, new
        content) has its entries replaced, in one transaction.
        """
        record = prepare(article)
        (outcome,) = self.write([record])
        return 0 if outcome == "unchanged" else len(record.entries)

    def write(self, records: Sequence[Record], files: Sequence[FileRecord] = ()) -> list[Outcome]:
        """Store prepared articles, and the scanned files they came from, in ONE
        transaction; return each record's outcome, in order. A later record with the same
        id wins."""
        with self._transaction():
            stored = self._stored([record.id for record in records])
            before = {id_: hash_ for id_, (_, hash_) in stored.items()}
            current = dict(before)
            outcomes: list[Outcome] = []
            latest: dict[str, Record] = {}
            for record in records:
                old = current.get(record.id)
                outcomes.append(
                    "added" if old is None else "unchanged" if old == record.hash else "replaced"
                )
                current[record.id] = record.hash
                latest[record.id] = record
            changed = [r for r in latest.values() if before.get(r.id) != r.hash]
            self._write_articles(changed, stored)
            self._write_files(files)
        return outcomes

    def _write_articles(self, records: list[Record], stored: dict[str, tuple[int, str]]) -> None:
        """Insert new articles under fresh keys; replace changed ones under their own."""
        (next_pk,) = self._db.execute(NEXT_PK).fetchone()
        added = list(enumerate((r for r in records if r.id not in stored), start=next_pk))
        replaced = [(stored[r.id][0], r) for r in records if r.id in stored]
        self._db.executemany(DELETE_ENTRIES, ((pk,) for pk, _ in replaced))
        self._db.executemany(UPDATE_ARTICLE, ((*r.article, pk) for pk, r in replaced))
        self._db.executemany(INSERT_ARTICLE, ((*r.article, pk) for pk, r in added))
        rows = ((pk, *row) for pk, r in (*added, *replaced) for row in r.entries)
        self._db.executemany(INSERT_ENTRY, rows)

    def _write_files(self, files: Sequence[FileRecord]) -> None:
        previous = self.file_states([file.path for file in files])
        self._db.executemany(UPSERT_FILE, files)
        orphans = {
            state.article_id
            for file in files
            if (state := previous.get(file.path)) and state.article_id != file.article_id
        }
        self._db.executemany(DELETE_ORPHAN, ((id_, id_) for id_ in orphans))

    def _stored(self, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """The key and content hash of each of these articles already stored."""
        found: dict[str, tuple[int, str]] = {}
        for chunk in _chunks(ids):
            sql = SELECT_STORED.format(marks=_marks(chunk))
            found.update((id_, (pk, hash_)) for id_, pk, hash_ in self._db.execute(sql, chunk))
        return found

    def file_states(self, paths: Sequence[str]) -> dict[str, FileState]:
        """What the catalogue remembers of these scanned files (absent when never scanned)."""
        found: dict[str, FileState] = {}
        for chunk in _chunks(paths):
            sql = SELECT_FILES.format(marks=_marks(chunk))
            for path, *state in self._db.execute(sql, chunk):
                found[path] = FileState(*state)
        return found

    # -- reading -----------------------------------------------------------------------

    def counts(self) -> Counts:
        """Articles and entries in the catalogue (quick at any size)."""
        return Counts(*self._db.execute(COUNT_ALL).fetchone())

    def iter_rows(
        self,
        *,
        since: DateBound | None = None,
        until: DateBound | None = None,
        publisher: str | None = None,
        agency: str | None = None,
        columns: Sequence[str] | None = None,
        with_image_key: bool = False,
    ) -> Iterator[tuple[Any, ...]]:
        """Entries as tuples in the order of ``columns`` (default: all of ``COLUMNS``),
        plus ``image_key`` last when asked; streamed, for exports of any size.

        Lists come back as lists of str, ``published`` as a UTC datetime (or None). Filters
        as in :meth:`entries`. Rows are ordered by article id, then position.
        """
        names = _names(columns, with_image_key)
        decoders = [
            (i, _shared(_DECODERS[name])) for i, name in enumerate(names) if name in _DECODERS
        ]
        for rows in self._select(names, since, until, publisher, agency):
            for stored in rows:
                row = list(stored)
                for index, decode in decoders:
                    row[index] = decode(row[index])
                yield tuple(row)

    def entries(
        self,
        *,
        since: DateBound | None = None,
        until: DateBound | None = None,
        publisher: str | None = None,
        agency: str | None = None,
        columns: Sequence[str] | None = None,
        with_image_key: bool = False,
    ) -> pd.DataFrame:
        """The entries as a DataFrame with exactly ``columns.COLUMNS`` (or the ``columns``
        asked for, in that order), plus ``image_key`` when ``with_image_key``.

        ``published`` is ``datetime64[ns, UTC]``, ``position`` and ``line`` are int64, the
        list columns hold lists of str (rows with equal lists may share one list object: treat
        them as read-only), text columns are object (str, or None when absent).

        Filters: ``since``/``until`` bound the publication time, both inclusive (a bare date
        for ``until`` means that whole day; naive times are UTC; articles without a date are
        left out when either is given); ``publisher`` and ``agency`` (one of the credited
        agencies, canonical name) ignore case.
        """
        names = _names(columns, with_image_key)
        # Article fields are read once per article and spread over its entries by the
        # article's key: two million copies of a URL cost more to fetch than to share.
        article_names = [name for name in names if COLUMN_SQL[name].startswith("a.")]
        entry_names = [name for name in names if name not in article_names]
        rows = self._select([_ARTICLE_KEY, *entry_names], since, until, publisher, agency)
        entries = _frame([_ARTICLE_KEY, *entry_names], rows)
        if article_names:
            articles = _frame(
                [_ARTICLE_KEY, *article_names], self._select_articles(article_names)
            ).set_index(_ARTICLE_KEY)
            at = articles.index.get_indexer(entries[_ARTICLE_KEY])
            for name in article_names:
                entries[name] = articles[name].take(at).reset_index(drop=True)
        return entries[list(names)]

    def _select_articles(self, names: Sequence[str]) -> Iterator[list[tuple[Any, ...]]]:
        """Every article's key and ``names`` columns, in batches."""
        columns = ", ".join(COLUMN_SQL[name] for name in names)
        return self._fetch(f"SELECT a.pk, {columns} FROM articles AS a", [])

    def _select(
        self,
        names: Sequence[str],
        since: DateBound | None,
        until: DateBound | None,
        publisher: str | None,
        agency: str | None,
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The stored rows, in batches."""
        filters = [
            (FILTER_SINCE, None if since is None else _bound(since, upper=False)),
            (FILTER_UNTIL, None if until is None else _bound(until, upper=True)),
            (FILTER_PUBLISHER, publisher),
            (FILTER_AGENCY, agency),
        ]
        active = [(sql, value) for sql, value in filters if value is not None]
        sql = SELECT_ENTRIES.format(
            columns=", ".join(COLUMN_SQL[name] for name in names),
            where=" AND ".join(sql for sql, _ in active) or "1",
        )
        return self._fetch(sql, [value for _, value in active])

    def _fetch(self, sql: str, parameters: Sequence[Any]) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of a query, in batches; SQLite errors become CatalogueError."""
        try:
            cursor = self._db.execute(sql, parameters)
            while rows := cursor.fetchmany(_FETCH_ROWS):
                yield rows
        except sqlite3.Error as error:
            raise CatalogueError(f"{self.path}: cannot read: {error}") from None


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception (Ctrl-C included);
    SQLite errors become CatalogueError."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self._path = path

    def __enter__(self) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise CatalogueError(f"{self._path}: cannot write: {error}") from None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is None:
            try:
                self._db.execute("COMMIT")
                return
            except sqlite3.Error as error:
                exc = error
        # SQLite has already rolled back after some errors (disk full), and a failing
        # ROLLBACK must not hide the error that caused it.
        with contextlib.suppress(sqlite3.Error):
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise CatalogueError(f"{self._path}: cannot write: {exc}") from None


def _frame(names: Sequence[str], batches: Iterable[list[tuple[Any, ...]]]) -> pd.DataFrame:
    """Stored rows as a DataFrame with declared dtypes, the same when there are no rows.

    Built column by column, batch by batch. A column whose values repeat from row to row
    (article fields, credits, lists) is kept as codes into its distinct stored values: each
    is decoded once and rows share that one object, which keeps two million entries within a
    few hundred megabytes and costs a hash per row instead of a decode.
    """
    import pandas as pd  # noqa: PLC0415 -- heavy; scan workers and most commands never need it

    columns = [_Column(name) for name in names]
    for rows in batches:
        for column, values in zip(columns, zip(*rows, strict=True), strict=True):
            column.add(values)
    return pd.DataFrame({c.name: c.series() for c in columns}, columns=list(names))


class _Column:
    """One column of :func:`_frame` as it is read: plain values, or codes into the distinct
    stored values of a column whose values repeat."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.values: list[Any] = []  # a column of distinct values or integers
        self.codes: list[Any] = []  # numpy arrays, one per batch: the rows' codes
        self.index: dict[Any, int] = {}  # distinct stored value -> code
        self.shared = name not in _DISTINCT and name not in _INTEGERS

    def add(self, values: Sequence[Any]) -> None:
        if not self.shared:
            self.values.extend(values)
            return
        import numpy as np  # noqa: PLC0415
        import pandas as pd  # noqa: PLC0415

        codes, uniques = pd.factorize(np.asarray(values, dtype=object))  # None: code -1
        index = self.index
        known = np.fromiter(
            (index.setdefault(value, len(index)) for value in uniques), np.int64, len(uniques)
        )
        self.codes.append(np.append(known, -1)[codes])  # code -1 (None) stays -1

    def series(self) -> pd.Series:
        import numpy as np  # noqa: PLC0415
        import pandas as pd  # noqa: PLC0415

        if self.name in _INTEGERS:
            return pd.Series(self.values, dtype="int64")
        if not self.shared:
            return pd.Series(self.values, dtype=object)
        codes = np.concatenate(self.codes) if self.codes else np.zeros(0, dtype=np.int64)
        if self.name == "published":
            text = pd.Series(list(self.index), dtype=object)
            moments = pd.to_datetime(text, utc=True, format="ISO8601")
            times = pd.DatetimeIndex(moments.astype("datetime64[ns, UTC]"))
            times = times.append(pd.DatetimeIndex([pd.NaT], tz="UTC"))  # code -1: no date
            return pd.Series(times.take(codes))
        decode = json.loads if self.name in LIST_COLUMNS else _same
        decoded = np.empty(len(self.index) + 1, dtype=object)  # the last one: None (code -1)
        for code, value in enumerate(self.index):
            decoded[code] = decode(value)
        return pd.Series(decoded[codes], dtype=object)


def _names(columns: Sequence[str] | None, with_image_key: bool) -> tuple[str, ...]:
    names = tuple(COLUMNS if columns is None else columns)
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        raise CatalogueError(f"unknown column(s): {', '.join(unknown)}")
    return (*names, IMAGE_KEY) if with_image_key else names


# One encoder for every list: json.dumps with options builds a new encoder on each call.
_encode_json = json.JSONEncoder(ensure_ascii=False).encode


def _encode_list(values: Iterable[str]) -> str:
    return _encode_json(list(values))


def _encode_time(moment: datetime | None) -> str | None:
    return None if moment is None else _utc_text(moment)


def _utc_text(moment: datetime) -> str:
    """UTC, fixed-width ISO-8601 text (naive means UTC), so text order is time order."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


def _bound(value: DateBound, *, upper: bool) -> str:
    """A filter bound as stored text; ``upper`` bounds are exclusive, so an inclusive
    ``until`` moves on by a day (bare date) or a microsecond (a time)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            raise CatalogueError(f"not an ISO date or time: {value!r}") from None
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
        step = timedelta(days=1)
    else:
        step = timedelta(microseconds=1)
    return _utc_text(value + step if upper else value)


# How stored text becomes Python values in iter_rows (entries() has pandas parse times).
_DECODERS: dict[str, Callable[[str], Any]] = {
    **dict.fromkeys(LIST_COLUMNS, json.loads),
    "published": datetime.fromisoformat,
}
# Columns whose values rarely repeat: not worth sharing. (Credits and slide titles do repeat.)
_DISTINCT = frozenset({"caption", IMAGE_KEY})
# Columns of integers.
_INTEGERS = frozenset({"position", "line", _ARTICLE_KEY})
# Distinct values remembered per column when sharing: bounds memory at any catalogue size.
_SHARED_VALUES = 2**16


def _shared(decode: Callable[[str], Any]) -> Callable[[str | None], Any]:
    """``decode`` with None passed through and recent results reused: equal stored values
    come back as one object (lists included, so treat them as read-only)."""

    @functools.lru_cache(maxsize=_SHARED_VALUES)
    def shared(value: str | None) -> Any:
        return None if value is None else decode(value)

    return shared


def _same(value: str) -> str:
    return value


def _statements(script: str) -> list[str]:
    return [statement for statement in script.split(";") if statement.strip()]


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


def _marks(items: Sequence[str]) -> str:
    return ", ".join("?" * len(items))


__all__ = ["DEFAULT_PATH", "Catalogue", "Counts", "Record", "prepare"]
