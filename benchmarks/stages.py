"""The measured work of the in-process stages, run in a fresh process by the harness:

    python -m benchmarks.stages NAME CORPUS [--passes N] [--profile FILE]

Each prints one JSON object: ``items`` done in ``seconds`` of wall time and ``cpu`` seconds
of CPU time (the timed loop only, start-up and set-up excluded), ``bytes`` read where that
means something, and ``extra`` facts (entries found, …); or ``{"unavailable": reason}`` when
the code it measures does not exist yet. Stage names: ``parse``, ``parse-distinct``,
``text``, ``text-floor``, ``html``, ``html-floor``, ``real-ours``, ``real-fundus``,
``real-lexbor``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gzip
import json
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import regex
from selectolax.lexbor import LexborHTMLParser

from credits import parse_credit, read_article

from .corpus import Manifest, files
from .stories import credit_lines

# Credits are generated in chunks outside the timed part, so memory stays flat.
PARSE_CHUNK = 20_000
# The text reader's floor: one pass of one credit-marker pattern over the text.
FLOOR_PATTERN = regex.compile(
    r"(?:©|\bFoto:|\bBild:|\bPhotograph:|\bPicture:|\bImage source,|\(AP Photo/)[^\n]{0,120}"
)
# The real pages: next to the repository, optional.
REAL_PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "fundus"


@dataclass(slots=True)
class Stopwatch:
    """Wall and CPU time, summed over the timed parts of a stage."""

    seconds: float = 0.0
    cpu: float = 0.0

    @contextmanager
    def timing(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu


class NotAvailableError(Exception):
    """The code this stage measures does not exist (yet)."""


Outcome = dict[str, Any]


def parse(corpus: Path, *, distinct: bool = False) -> Outcome:
    """``parse_credit`` over the corpus's credits as printed: the realistic mix (most
    credits repeated), or with ``distinct`` each different credit once (nothing repeats)."""
    manifest = _manifest(corpus)
    lines = credit_lines(manifest.articles, manifest.seed)
    if distinct:
        lines = iter(dict.fromkeys(lines))
    items = unparsed = 0
    watch = Stopwatch()
    while chunk := list(islice(lines, PARSE_CHUNK)):
        with watch.timing():
            results = [parse_credit(line) for line in chunk]
        items += len(chunk)
        unparsed += results.count(None)
    return {"items": items, **asdict(watch), "extra": {"unparsed": unparsed}}


def read(corpus: Path, kind: str) -> Outcome:
    """``read_article`` over every file of one kind (text or html): file to entries."""
    manifest = _manifest(corpus)
    paths = list(files(corpus, kind))
    entries = 0
    watch = Stopwatch()
    with watch.timing():
        for path in paths:
            try:
                entries += len(read_article(path).entries)
            except NotImplementedError:
                raise NotAvailableError(f"the {kind} reader is not written yet") from None
    tally = manifest.kinds[kind]
    return {
        "items": len(paths),
        "bytes": tally.bytes,
        **asdict(watch),
        "extra": {"entries_found": entries, "entries_generated": tally.entries},
    }


def read_floor(corpus: Path, kind: str) -> Outcome:
    """The least any reader must do with the same files: read, decompress, decode, then one
    regex pass (text) or a bare lexbor parse (html)."""
    manifest = _manifest(corpus)
    paths = list(files(corpus, kind))
    found = 0
    watch = Stopwatch()
    with watch.timing():
        for path in paths:
            text = _load(path)
            if kind == "text":
                found += sum(1 for _ in FLOOR_PATTERN.finditer(text))
            else:
                found += LexborHTMLParser(text).root is not None
    return {
        "items": len(paths),
        "bytes": manifest.kinds[kind].bytes,
        **asdict(watch),
        "extra": {"matches": found},
    }


def real(tool: str, passes: int) -> Outcome:
    """One tool over the real pages, from file to pictures, best of ``passes`` passes."""
    pages = _real_pages()
    if not pages:
        raise NotAvailableError(f"no real pages in {REAL_PAGES}")
    extract = _REAL_TOOLS[tool]()
    watches = []
    found = 0
    for _ in range(passes):
        watches.append(Stopwatch())
        with watches[-1].timing():
            found = sum(extract(path, meta) for path, meta in pages)
    best = min(watches, key=lambda watch: watch.seconds)
    size = sum(len(_load(path).encode()) for path, _ in pages)
    return {"items": len(pages), "bytes": size, **asdict(best), "extra": {"found": found}}


def _ours() -> Callable[[Path, dict[str, Any]], int]:
    return lambda path, _: len(read_article(path).entries)


def _fundus() -> Callable[[Path, dict[str, Any]], int]:
    try:
        # Optional (the bench extra): imported only when measured.
        from fundus import PublisherCollection  # noqa: PLC0415
    except ImportError:
        raise NotAvailableError("Fundus is not installed (pip install -e '.[bench]')") from None

    def extract(path: Path, meta: dict[str, Any]) -> int:
        crawled = datetime.datetime.fromisoformat(meta["crawl_date"])
        parser = PublisherCollection[meta["publisher"]].parser(crawled)
        parser._base_setup(_load(path))
        return len(parser.images())

    return extract


def _lexbor() -> Callable[[Path, dict[str, Any]], int]:
    return lambda path, _: LexborHTMLParser(_load(path)).root is not None


_REAL_TOOLS: dict[str, Callable[[], Callable[[Path, dict[str, Any]], int]]] = {
    "ours": _ours,
    "fundus": _fundus,
    "lexbor": _lexbor,
}


def _real_pages() -> list[tuple[Path, dict[str, Any]]]:
    manifest = REAL_PAGES / "manifest.json"
    if not manifest.is_file():
        return []
    return [(REAL_PAGES / meta["file"], meta) for meta in json.loads(manifest.read_text())]


def _load(path: Path) -> str:
    """A file's text as the floors and peers get it: bytes, gunzipped, decoded."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _manifest(corpus: Path) -> Manifest:
    manifest = Manifest.load(corpus)
    if manifest is None:
        raise SystemExit(f"{corpus}: not a benchmark corpus (no manifest.json)")
    return manifest


STAGES: dict[str, Callable[[Path, int], Outcome]] = {
    "parse": lambda corpus, _: parse(corpus),
    "parse-distinct": lambda corpus, _: parse(corpus, distinct=True),
    "text": lambda corpus, _: read(corpus, "text"),
    "text-floor": lambda corpus, _: read_floor(corpus, "text"),
    "html": lambda corpus, _: read(corpus, "html"),
    "html-floor": lambda corpus, _: read_floor(corpus, "html"),
    "real-ours": lambda _, passes: real("ours", passes),
    "real-fundus": lambda _, passes: real("fundus", passes),
    "real-lexbor": lambda _, passes: real("lexbor", passes),
}


@contextmanager
def _profiled(target: Path | None) -> Iterator[None]:
    """Profile the block into ``target`` (the top functions, as text) when given."""
    if target is None:
        yield
        return
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        write_summary(profiler, target)


def write_summary(source: cProfile.Profile | str, target: Path) -> None:
    """The top functions of a profile (or of a saved ``.prof`` file), by own time and by
    cumulative time, as text."""
    with target.open("w") as out:
        stats = pstats.Stats(source, stream=out).strip_dirs()
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(30)


def main(argv: list[str] | None = None) -> None:
    """Run one stage and print its outcome as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stages")
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--passes", type=int, default=5, help="real pages: best of N passes")
    parser.add_argument("--profile", type=Path, help="write a cProfile summary here")
    args = parser.parse_args(argv)
    try:
        with _profiled(args.profile):
            outcome = STAGES[args.stage](args.corpus, args.passes)
    except NotAvailableError as reason:
        outcome = {"unavailable": str(reason)}
    json.dump(outcome, sys.stdout)


if __name__ == "__main__":
    main()
