"""Run the benchmark stages, each in a fresh process, and collect their results.

Stage groups (``--only``): ``parse``, ``text``, ``html``, ``real``, ``scan``, ``report``,
``export``, ``check``. A reader is measured side by side with its floor (a regex pass, a bare
lexbor parse), runs alternating, best of ``repeat``; the real pages with Fundus as well.
Command-line stages (scan, report, export, check) run the ``credits`` command as a user
would, once each. A stage whose code does not exist yet is reported as unavailable.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from credits.catalogue import Catalogue

from . import measure
from .corpus import KINDS, SHARD, Manifest, ensure_corpus, label
from .results import MB, REAL_SIZE, Result, Results
from .stages import write_summary

GROUPS = ("parse", "text", "html", "real", "scan", "report", "export", "check")
PYTHON = sys.executable


@dataclass(slots=True)
class Settings:
    """What to measure and how (see ``python -m benchmarks --help``)."""

    sizes: list[int]
    groups: tuple[str, ...] = GROUPS
    jobs: int = 2
    repeat: int = 3
    budget: float = 60.0
    compress: bool = False
    seed: int = 7
    root: Path = Path("output/bench")
    export_entries: list[int] = field(default_factory=lambda: [100_000, 1_000_000])
    profile: bool = False


class Harness:
    """Runs the selected stages at each size; ``log`` hears about progress."""

    def __init__(self, settings: Settings, results: Results, log: Callable[[str], None]) -> None:
        self.settings = settings
        self.results = results
        self.log = log
        self.corpora: dict[int, tuple[Path, Manifest]] = {}

    def run(self) -> None:
        wanted = set(self.settings.groups)
        for size in sorted(self.settings.sizes):
            if wanted - {"real", "export"}:
                self.corpus(size)
            if "parse" in wanted:
                self.parse(size)
            for kind in ("text", "html"):
                if kind in wanted:
                    self.reader(size, kind)
            if "scan" in wanted:
                self.scan(size)
            if "report" in wanted:
                self.report(size)
            if "check" in wanted:
                self.check(size)
        if "real" in wanted:
            self.real()
        if "export" in wanted:
            for entries in self.settings.export_entries:
                self.export(entries)

    # -- the corpus ----------------------------------------------------------------------

    def corpus(self, size: int) -> tuple[Path, Manifest]:
        """The generated corpus of ``size`` articles (written on first use)."""
        if size not in self.corpora:
            folder = self.settings.root / f"corpus-{label(size)}"
            self.log(f"corpus {folder} ({label(size)} articles) …")
            manifest = ensure_corpus(
                folder,
                size,
                seed=self.settings.seed,
                compress=self.settings.compress,
                jobs=self.settings.jobs,
            )
            self.corpora[size] = (folder, manifest)
        return self.corpora[size]

    # -- in-process stages ---------------------------------------------------------------

    def parse(self, size: int) -> None:
        folder, _ = self.corpus(size)
        self.side_by_side(
            label(size),
            [("parse", "parse"), ("parse: distinct credits, cold", "parse-distinct")],
            folder,
            unit="credits",
        )
        mix, cold = (
            self.results.get("parse", label(size)),
            self.results.get("parse: distinct credits, cold", label(size)),
        )
        if mix and cold:
            mix.note = f"{cold.items:,} distinct among {mix.items:,}; one core"

    def reader(self, size: int, kind: str) -> None:
        folder, _ = self.corpus(size)
        floor = "one regex pass" if kind == "text" else "bare lexbor parse"
        ours, base = f"{kind} reader", f"{kind} floor: {floor}"
        self.side_by_side(label(size), [(ours, kind), (base, f"{kind}-floor")], folder, "files")
        found, bottom = self.results.get(ours, label(size)), self.results.get(base, label(size))
        if found is None:
            return
        extra = found.extra
        found.note = f"{extra['entries_found']:,} entries found of {extra['entries_generated']:,}"
        if bottom is not None:
            ratio = self.results.ratio(base, ours, label(size))
            found.note += f"; {ratio:.1f}× the floor's CPU time"

    def real(self) -> None:
        tools = [
            ("real pages: ours", "real-ours"),
            ("real pages: Fundus", "real-fundus"),
            ("real pages: lexbor parse (floor)", "real-lexbor"),
        ]
        self.side_by_side(REAL_SIZE, tools, Path(), "pages")
        ours = self.results.get("real pages: ours", REAL_SIZE)
        if ours is None:
            return
        ours.note = f"{ours.extra['found']} entries"
        speedup = self.results.ratio("real pages: ours", "real pages: Fundus", REAL_SIZE)
        if speedup is not None:
            ours.note += f"; {speedup:.1f}× Fundus' speed (CPU time)"
        floor = self.results.ratio(tools[2][0], tools[0][0], REAL_SIZE)
        if floor is not None:
            ours.note += f"; {floor:.1f}× the floor's CPU time"

    def side_by_side(
        self, size: str, stages: Sequence[tuple[str, str]], corpus: Path, unit: str
    ) -> None:
        """Run each stage in turn, ``repeat`` rounds (fewer when a round outlasts the budget),
        and keep each stage's best."""
        best: dict[str, Result] = {}
        spent = 0.0
        for round_ in range(self.settings.repeat):
            if round_ and spent > self.settings.budget:
                break
            for name, stage in stages:
                if name in best and best[name].status != "ok":
                    continue
                command = [PYTHON, "-m", "benchmarks.stages", stage, str(corpus)]
                run = measure.run(command)
                spent += run.seconds
                best[name] = _better(best.get(name), _outcome(name, size, unit, run))
        for name, stage in stages:
            result = self.results.add(best[name])
            self.log(_line(result))
            if self.settings.profile and result.status == "ok":
                target = self.profile_path(stage, size)
                command = ["benchmarks.stages", stage, str(corpus), "--profile", str(target)]
                measure.run([PYTHON, "-m", *command])
                self.log(f"  profile: {target}")

    def profile_path(self, stage: str, size: str) -> Path:
        return self.settings.root / f"profile-{stage}-{size.replace(' ', '-')}.txt"

    # -- command-line stages -------------------------------------------------------------

    def scan(self, size: int) -> None:
        folder, manifest = self.corpus(size)
        db = self.catalogue_path(label(size))
        argv = ["scan", str(folder / "text"), str(folder / "html"), "--db", str(db)]
        argv += ["--jobs", str(self.settings.jobs)]
        _remove_database(db)
        for stage in ("scan", "rescan"):
            self.command(
                stage,
                label(size),
                argv,
                items=manifest.articles,
                unit="articles",
                note=lambda stdout: _scan_note(stdout, db),
            )
        speedup = self.results.ratio("rescan", "scan", label(size), cpu=False)
        rescan = self.results.get("rescan", label(size))
        if rescan and speedup:
            rescan.note += f"; {speedup:.1f}× faster than the first scan"

    def report(self, size: int) -> None:
        db = self.catalogue_path(label(size))
        if not db.exists():
            self.skip("report", label(size), "no catalogue: run the scan group first")
            return
        argv = ["report", "--db", str(db)]
        self.command("report", label(size), argv, items=_entries(db), unit="entries")

    def check(self, size: int) -> None:
        folder, manifest = self.corpus(size)
        self.command(
            "check",
            label(size),
            ["check", str(folder / "text"), str(folder / "html")],
            items=manifest.articles,
            unit="articles",
            ok_codes=(0, 1),
            note=_check_note,
        )

    def export(self, entries: int) -> None:
        """Export a catalogue of about ``entries`` entries, built by scanning the first
        shards of the largest corpus (that scan is set-up, not measured)."""
        size = f"{label(entries)} entries"
        source = self.largest_corpus()
        # The readers find about 98 % of the generated entries: aim a little higher, so that
        # the catalogue holds at least ``entries``.
        shards = _shards_for(source[1], int(entries * 1.05)) if source else None
        if source is None or shards is None:
            self.skip("export", size, f"needs a corpus of ≥ {entries:,} entries: add a size")
            return
        folder, _ = source
        db = self.catalogue_path(f"export-{label(entries)}")
        _remove_database(db)
        paths = [str(folder / kind / f"{n:03d}") for n in range(shards) for kind in KINDS]
        self.log(f"export: scanning {shards * SHARD:,} articles into {db} (set-up) …")
        jobs = ["--jobs", str(self.settings.jobs)]
        setup = measure.run([PYTHON, "-m", "credits", "scan", *paths, "--db", str(db), *jobs])
        if setup.returncode != 0:
            self.results.add(Result("export", size, status="failed", note=_tail(setup.stderr)))
            return
        workbook = self.settings.root / f"export-{label(entries)}.xlsx"
        workbook.unlink(missing_ok=True)
        self.command(
            "export",
            size,
            ["export", "--db", str(db), "--xlsx", str(workbook)],
            items=_entries(db),
            unit="entries",
            note=lambda _: (
                f"workbook {workbook.stat().st_size / MB:.0f} MB"
                if workbook.exists()
                else "no workbook written"
            ),
        )

    def skip(self, stage: str, size: str, reason: str) -> None:
        self.log(_line(self.results.add(Result(stage, size, status="skipped", note=reason))))

    def largest_corpus(self) -> tuple[Path, Manifest] | None:
        sizes = sorted(self.settings.sizes)
        return self.corpus(sizes[-1]) if sizes else None

    def catalogue_path(self, name: str) -> Path:
        return self.settings.root / f"catalogue-{name}.sqlite"

    def command(
        self,
        stage: str,
        size: str,
        argv: list[str],
        *,
        items: int,
        unit: str,
        ok_codes: tuple[int, ...] = (0,),
        note: Callable[[str], str] | None = None,
    ) -> None:
        """Run ``credits ARGV`` once, measured; ``note`` describes the result from its
        output. Unavailable when the command does not exist yet."""
        if not _has_command(argv[0]):
            result = Result(stage, size, status="unavailable", note=f"no 'credits {argv[0]}' yet")
        else:
            run = measure.run([PYTHON, "-m", "credits", *argv])
            if run.returncode in ok_codes:
                result = Result(
                    stage,
                    size,
                    items=items,
                    unit=unit,
                    seconds=run.seconds,
                    cpu=run.cpu,
                    wall=run.seconds,
                    peak_rss=run.peak_rss,
                    peak_total=run.peak_total,
                    runs=1,
                    note=note(run.stdout) if note else "",
                )
            else:
                reason = f"exit {run.returncode}: {_tail(run.stderr)}"
                result = Result(stage, size, status="failed", note=reason)
        self.log(_line(self.results.add(result)))
        if self.settings.profile and result.status == "ok":
            self.profile_command(stage, size, argv)

    def profile_command(self, stage: str, size: str, argv: list[str]) -> None:
        """Profile the command once more (its main process only: not a scan's workers)."""
        target = self.profile_path(stage, size)
        raw = target.with_suffix(".prof")
        measure.run([PYTHON, "-m", "cProfile", "-o", str(raw), "-m", "credits", *argv])
        write_summary(str(raw), target)
        raw.unlink()
        self.log(f"  profile: {target}")


# --- helpers ------------------------------------------------------------------------------------


def _outcome(name: str, size: str, unit: str, run: measure.Run) -> Result:
    if run.returncode != 0:
        reason = f"exit {run.returncode}: {_tail(run.stderr)}"
        return Result(name, size, status="failed", note=reason)
    outcome = json.loads(run.stdout)
    if "unavailable" in outcome:
        return Result(name, size, status="unavailable", note=outcome["unavailable"])
    return Result(
        name,
        size,
        items=outcome["items"],
        unit=unit,
        seconds=outcome["seconds"],
        cpu=outcome["cpu"],
        wall=run.seconds,
        peak_rss=run.peak_rss,
        peak_total=run.peak_total,
        bytes=outcome.get("bytes", 0),
        runs=1,
        extra=outcome.get("extra", {}),
    )


def _better(old: Result | None, new: Result) -> Result:
    """The faster of two runs of one stage, with the higher memory peak of both (a peak seen
    once is a peak)."""
    if old is None or old.status != "ok":
        return new
    if new.status != "ok":
        return old
    best = new if new.seconds < old.seconds else old
    best.runs = old.runs + 1
    best.peak_rss = max(old.peak_rss, new.peak_rss)
    best.peak_total = max(old.peak_total, new.peak_total)
    return best


@cache
def _has_command(name: str) -> bool:
    """Whether ``credits NAME`` exists (yet)."""
    return measure.run([PYTHON, "-m", "credits", name, "--help"]).returncode == 0


def _check_note(stdout: str) -> str:
    """The summary line of ``credits check``: "Found N findings in M articles"."""
    found = [line for line in stdout.splitlines() if line.startswith("Found")]
    return found[-1].rstrip(":") if found else ""


def _entries(db: Path) -> int:
    with Catalogue(db) as catalogue:
        return catalogue.counts().entries


def _scan_note(stdout: str, db: Path) -> str:
    with Catalogue(db) as catalogue:
        counts = catalogue.counts()
    failed = re.search(r"(\d+) failed", stdout)
    note = f"{counts.articles:,} articles, {counts.entries:,} entries stored"
    return note + (f"; {failed.group(1)} files failed" if failed and failed.group(1) != "0" else "")


def _shards_for(manifest: Manifest, entries: int) -> int | None:
    """How many leading shards hold at least ``entries`` entries (None: the corpus is too small)."""
    total = 0
    for number, shard in enumerate(manifest.shards, 1):
        total += sum(tally.entries for tally in shard.values())
        if total >= entries:
            return number
    return None


def _remove_database(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)


def _tail(text: str, lines: int = 3) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])


def _line(result: Result) -> str:
    if result.status != "ok":
        return f"{result.stage} [{result.size}]: {result.status}: {result.note}"
    rate = f"{result.rate:,.0f} {result.unit}/s"
    mb = f", {result.mb_per_s:.1f} MB/s" if result.mb_per_s else ""
    return (
        f"{result.stage} [{result.size}]: {result.seconds:.2f} s, {rate}{mb}, peak "
        f"{result.peak_rss / MB:.0f} MB ({result.peak_total / MB:.0f} MB all processes)"
    )
