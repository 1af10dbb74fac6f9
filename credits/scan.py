"""Scan files into the catalogue: worker processes read and parse, the main process writes.

Paths stream through the pipeline (never all articles in memory): files are found by
``expand_paths``, files unchanged since the last scan (same size, modification time and
parser) are skipped without reading, the rest go in small chunks to worker processes with a
bounded number in flight, and the one writer commits their articles in batches, one
transaction each. A bad file is reported and skipped; Ctrl-C commits what has been read and
returns with ``interrupted`` set.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from . import __version__
from .catalogue import Catalogue, FileRecord, Record, prepare
from .credit_line import use_registry
from .errors import CatalogueError, CreditsError, ReadError
from .readers import expand_paths, read_article
from .readers.source import source_name
from .registry import registry_with

# Files per worker task: large enough to amortise inter-process traffic, small enough that
# Ctrl-C and a slow file stall little.
TASK_FILES = 16
# Tasks in flight per worker: keeps workers busy while bounding memory.
TASKS_IN_FLIGHT = 4
# A batch is committed when it holds this many entries or articles, or is this old.
BATCH_ENTRIES = 20_000
BATCH_ARTICLES = 2_000
BATCH_SECONDS = 0.5
# Files looked up in the catalogue at once to decide what to skip.
LOOKUP_FILES = 500
# How often a worker checks that the main process still runs.
PARENT_CHECK_SECONDS = 1.0


class Task(NamedTuple):
    """One file to read: its name as given, its key in the catalogue and its state."""

    path: str
    key: str
    size: int
    mtime_ns: int


# What a worker sends back: the article's record, or the reason the file failed.
ReadOutcome = tuple[Task, Record | str]


@dataclass(slots=True)
class ScanResult:
    """What a scan did, counted as it goes."""

    files: int = 0  # found
    read: int = 0  # read and parsed
    skipped: int = 0  # unchanged since the last scan, not read
    failed: int = 0  # unreadable, including paths that name nothing
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    entries: int = 0  # entries written
    interrupted: bool = False

    def summary(self) -> str:
        """One line: files, articles and entries."""
        return (
            f"{self.files} files: {self.read} read, {self.skipped} unchanged and skipped, "
            f"{self.failed} failed; articles: {self.added} added, {self.unchanged} unchanged, "
            f"{self.replaced} replaced; {self.entries} entries written"
            + (" (interrupted)" if self.interrupted else "")
        )


def scan(
    catalogue: Catalogue,
    paths: Iterable[str | Path],
    *,
    jobs: int | None = None,
    agencies: Path | None = None,
    on_error: Callable[[ReadError], None] | None = None,
    on_progress: Callable[[ScanResult], None] | None = None,
) -> ScanResult:
    """Add the articles in ``paths`` (files, folders, globs) to ``catalogue``.

    ``jobs`` worker processes (default: one per CPU) parse with the bundled registry plus
    ``agencies`` (a bad file raises RegistryError before anything is read). Each unreadable
    file goes to ``on_error``; ``on_progress`` sees the running result after each file. A
    worker that dies raises CreditsError after what was read is committed.
    """
    registry_with(agencies)  # fail here, not in every worker
    result = ScanResult()
    parser = parser_fingerprint(agencies)

    def report(error: ReadError) -> None:
        result.failed += 1
        if on_error is not None:
            on_error(error)

    def progress() -> None:
        if on_progress is not None:
            on_progress(result)

    writer = _Writer(catalogue, parser, result)
    tasks = _tasks(catalogue, paths, parser, result=result, report=report, progress=progress)
    try:
        with (
            _StopOnInterrupt() as stop,
            closing(_read_all(tasks, jobs or _cpu_count(), agencies)) as outcomes,
        ):
            for task, outcome in outcomes:
                if isinstance(outcome, str):
                    report(ReadError(task.path, outcome))
                else:
                    result.read += 1
                    writer.add(task, outcome)
                progress()
                if stop.requested:
                    result.interrupted = True
                    break
    except KeyboardInterrupt:  # a second Ctrl-C: stop waiting for the workers at once
        result.interrupted = True
    except BrokenProcessPool:
        writer.flush()
        raise CreditsError(
            "a worker process died (out of memory, or a crash while reading); "
            "everything read before is saved, and scanning again continues from there"
        ) from None
    writer.flush()
    progress()
    return result


def count_files(paths: Iterable[str | Path]) -> int:
    """How many files ``paths`` name (for a progress bar's total); errors are ignored."""
    return sum(1 for _ in expand_paths(paths, on_error=lambda _: None))


def parser_fingerprint(agencies: Path | None) -> str:
    """What a file was parsed with: the credits version and the user's registry file.
    A file whose fingerprint differs is read again even when it has not changed."""
    digest = hashlib.blake2b(digest_size=8)
    if agencies is not None:
        digest.update(agencies.read_bytes())
    return f"{__version__}:{digest.hexdigest()}"


class _StopOnInterrupt:
    """Ctrl-C asks the scan to stop after the file in hand; what was read is then committed
    and the scan returns. A second Ctrl-C interrupts at once, as usual. Signals reach only
    the main thread, so elsewhere this does nothing."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: Callable[..., object] | int | None = None

    def __enter__(self) -> _StopOnInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._request)
        return self

    def __exit__(self, *_: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _request(self, _signal: int, _frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True


class _Writer:
    """Collects parsed articles and commits them in batches, one transaction each."""

    def __init__(self, catalogue: Catalogue, parser: str, result: ScanResult) -> None:
        self._catalogue = catalogue
        self._parser = parser
        self._result = result
        self._records: list[Record] = []
        self._files: list[FileRecord] = []
        self._entries = 0
        self._since = time.monotonic()

    def add(self, task: Task, record: Record) -> None:
        self._records.append(record)
        self._files.append(
            FileRecord(task.key, task.size, task.mtime_ns, self._parser, record.id, record.hash)
        )
        self._entries += len(record.entries)
        if (
            self._entries >= BATCH_ENTRIES
            or len(self._records) >= BATCH_ARTICLES
            or time.monotonic() - self._since >= BATCH_SECONDS
        ):
            self.flush()

    def flush(self) -> None:
        """Commit what has been collected. The batch is kept until the commit succeeds, so
        an interrupted flush can simply be repeated."""
        if self._records:
            outcomes = self._catalogue.write(self._records, self._files)
            for record, outcome in zip(self._records, outcomes, strict=True):
                setattr(self._result, outcome, getattr(self._result, outcome) + 1)
                if outcome != "unchanged":
                    self._result.entries += len(record.entries)
            self._records, self._files, self._entries = [], [], 0
        self._since = time.monotonic()


def _tasks(
    catalogue: Catalogue,
    paths: Iterable[str | Path],
    parser: str,
    *,
    result: ScanResult,
    report: Callable[[ReadError], None],
    progress: Callable[[], None],
) -> Iterator[Task]:
    """The files to read: found, stat'ed, and not unchanged since the last scan."""
    for chunk in _chunks(expand_paths(paths, on_error=report), LOOKUP_FILES):
        found: list[Task] = []
        for path in chunk:
            result.files += 1
            try:
                stat = path.stat()
            except OSError as error:
                report(ReadError(path, f"cannot read: {error.strerror or error}"))
                continue
            key = source_name(path.absolute())
            found.append(Task(str(path), key, stat.st_size, stat.st_mtime_ns))
        known = catalogue.file_states([task.key for task in found])
        for task in found:
            state = known.get(task.key)
            if state is not None and (state.size, state.mtime_ns, state.parser) == (
                task.size,
                task.mtime_ns,
                parser,
            ):
                result.skipped += 1
            else:
                yield task
        progress()


def _read_all(tasks: Iterator[Task], jobs: int, agencies: Path | None) -> Iterator[ReadOutcome]:
    """Each task's outcome, from ``jobs`` worker processes, in the order they finish; at
    most ``jobs * TASKS_IN_FLIGHT`` chunks are pending. Workers are processes even for one
    job: parsing then overlaps writing, and this process's default registry is untouched."""
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(agencies,))
    pending: set[Future[list[ReadOutcome]]] = set()
    try:
        for chunk in _chunks(tasks, TASK_FILES):
            pending.add(pool.submit(_read_chunk, chunk))
            if len(pending) >= jobs * TASKS_IN_FLIGHT:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(agencies: Path | None) -> None:
    """Worker set-up: Ctrl-C is the main process's to handle; parse with the user's registry;
    exit when the main process is gone (killed), instead of waiting for work forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    use_registry(registry_with(agencies))
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _read_chunk(tasks: Sequence[Task]) -> list[ReadOutcome]:
    return [_read_one(task) for task in tasks]


def _read_one(task: Task) -> ReadOutcome:
    """Read and prepare one file; any failure becomes its reason, so one bad file (or a
    reader bug) never stops the scan."""
    try:
        return task, prepare(read_article(task.path))
    except ReadError as error:
        return task, error.reason
    except CatalogueError as error:
        return task, str(error)
    except Exception as error:
        return task, f"unexpected error: {type(error).__name__}: {error}"


T = TypeVar("T")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
