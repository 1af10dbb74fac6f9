"""What a benchmark run found, and how it is judged and shown: the results, the targets the
issues name, growth across corpus sizes, the printed table and the JSON file."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

Status = Literal["ok", "unavailable", "failed", "skipped"]
MB = 1_000_000
#: The size label of the real-page measurements.
REAL_SIZE = "60 pages"


@dataclass(slots=True)
class Result:
    """One measured stage at one size. ``seconds`` is the best run's timed work in wall time
    (the whole command for command-line stages), ``cpu`` its CPU time (all processes); memory
    is that of the run with the highest peak."""

    stage: str
    size: str
    items: int = 0
    unit: str = ""
    seconds: float = 0.0
    cpu: float = 0.0
    wall: float = 0.0
    peak_rss: int = 0
    peak_total: int = 0
    bytes: int = 0
    runs: int = 0
    status: Status = "ok"
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Items per second."""
        return self.items / self.seconds if self.seconds else 0.0

    @property
    def mb_per_s(self) -> float:
        """Megabytes (10^6, of decoded text) per second, when the stage reads bytes."""
        return self.bytes / MB / self.seconds if self.seconds and self.bytes else 0.0

    @property
    def cpu_rate(self) -> float:
        """Items per CPU-second: the speed of one core, whatever else the machine runs."""
        return self.items / self.cpu if self.cpu else 0.0

    @property
    def cpu_mb_per_s(self) -> float:
        """Megabytes per CPU-second."""
        return self.bytes / MB / self.cpu if self.cpu and self.bytes else 0.0

    def as_dict(self) -> dict[str, Any]:
        rates = {"rate": self.rate, "mb_per_s": self.mb_per_s, "cpu_rate": self.cpu_rate}
        return {**asdict(self), **rates, "cpu_mb_per_s": self.cpu_mb_per_s}


@dataclass(frozen=True, slots=True)
class Verdict:
    """A target checked against the results: met, missed, or not measured (``met`` None)."""

    target: str
    met: bool | None
    figure: str


class Results:
    """The results of one run, looked up by stage and size."""

    def __init__(self) -> None:
        self.items: list[Result] = []

    def add(self, result: Result) -> Result:
        self.items.append(result)
        return result

    def get(self, stage: str, size: str | None = None) -> Result | None:
        """The ok result of ``stage`` (at ``size``, else at the largest size measured)."""
        found = [r for r in self.items if r.stage == stage and r.status == "ok"]
        if size is not None:
            found = [r for r in found if r.size == size]
        return found[-1] if found else None

    def ratio(self, stage: str, other: str, size: str, *, cpu: bool = True) -> float | None:
        """How many times faster per item ``stage`` ran than ``other`` (None when either is
        missing): in CPU time by default, which the machine's load hardly moves, in wall time
        for stages whose point is the wall time (a re-scan)."""
        one, two = self.get(stage, size), self.get(other, size)
        if one is None or two is None:
            return None
        first, second = (one.cpu, two.cpu) if cpu else (one.seconds, two.seconds)
        if not (first and second):
            return None
        return (second / two.items) / (first / one.items)


# --- targets ----------------------------------------------------------------------------------


def _judge(target: str, value: float | None, met: Callable[[float], bool], shown: str) -> Verdict:
    if value is None:
        return Verdict(target, None, "")
    return Verdict(target, met(value), shown.format(value))


def verdicts(results: Results) -> list[Verdict]:
    """The targets of issues 2-7, judged on this run's results. Throughput "on one core" is
    judged per CPU-second (the wall-time figure is shown beside it: on a shared machine it
    measures the share of a core the stage got); durations are judged in wall time."""
    parse = results.get("parse")
    text = results.get("text reader")
    scan = results.get("scan", "100k")
    report = results.get("report", "100k")
    export = results.get("export", "1M entries")
    check = results.get("check", "10k")
    fundus = results.ratio("real pages: ours", "real pages: Fundus", REAL_SIZE)
    found = [
        _judge(
            "parse ≥ 50,000 credits/s (mix, one core)",
            parse and parse.cpu_rate,
            lambda v: v >= 50_000,
            "{:,.0f}/s per CPU-s" + (f" ({parse.rate:,.0f}/s wall)" if parse else ""),
        ),
        _judge(
            "text reader ≥ 20 MB/s",
            text and text.cpu_mb_per_s,
            lambda v: v >= 20,
            "{:.1f} MB per CPU-s" + (f" ({text.mb_per_s:.1f} MB/s wall)" if text else ""),
        ),
        _judge("real pages ≥ 5× faster than Fundus", fundus, lambda v: v >= 5, "{:.1f}×"),
        _judge(
            "scan 100k articles: peak < 1 GB (all processes)",
            scan and scan.peak_total / MB,
            lambda v: v < 1_000,
            "{:.0f} MB",
        ),
    ]
    # At the largest size: on small corpora both scans are mostly start-up time.
    rescan = results.get("rescan")
    speedup = rescan and results.ratio("rescan", "scan", rescan.size, cpu=False)
    found += [
        _judge(
            f"re-scan ≥ 10× faster than the first scan ({rescan.size if rescan else ''})",
            speedup,
            lambda v: v >= 10,
            "{:.1f}×",
        ),
        _duration("report over 2M entries < 10 s", report, 10),
        _duration("export 1M entries < 60 s", export, 60),
        _judge(
            "export 1M entries < 1.5 GB",
            export and export.peak_total / MB,
            lambda v: v < 1_500,
            "{:.0f} MB",
        ),
        _duration("check 10k articles < 30 s", check, 30),
    ]
    return found


def _duration(target: str, result: Result | None, bound: float) -> Verdict:
    shown = f"{{:.1f}} s wall ({result.cpu:.1f} CPU-s)" if result else ""
    return _judge(target, result and result.seconds, lambda v: v < bound, shown)


# --- growth -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Growth:
    """How a stage's CPU time and peak memory grew from one size to the next."""

    stage: str
    sizes: str
    items: float
    time: float
    memory: float
    verdict: str


def growth(results: Results) -> list[Growth]:
    """For each stage measured at several sizes: CPU time per item should stay put (linear
    time; CPU time, because wall time on a shared machine swings with the load) and peak
    memory should stay flat."""
    found = []
    stages = dict.fromkeys(r.stage for r in results.items if r.status == "ok")
    for stage in stages:
        runs = [r for r in results.items if r.stage == stage and r.status == "ok"]
        for small, large in pairwise(runs):
            if not (small.items and large.items and small.cpu):
                continue
            items = large.items / small.items
            time = large.cpu / small.cpu
            memory = large.peak_total / small.peak_total if small.peak_total else 0.0
            verdict = []
            if time > items * 1.5:
                verdict.append("time grows faster than the input")
            if memory > 1.5 and large.peak_total - small.peak_total > 50 * MB:
                verdict.append("memory grows")
            sizes = f"{small.size} → {large.size}"
            found.append(
                Growth(stage, sizes, items, time, memory, "; ".join(verdict) or "linear, flat")
            )
    return found


# --- the machine ------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """Where the figures come from: CPUs, CPU model, memory, Python, the code's commit."""
    cpu = ""
    memory = 0
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        memory = next(
            int(line.split()[1]) * 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
    except (OSError, StopIteration):
        pass
    return {
        "cpus": len(os.sched_getaffinity(0)),
        "cpu": cpu or platform.processor(),
        "memory_gb": round(memory / 2**30, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "commit": commit(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def commit() -> str:
    """The checked-out commit, noting uncommitted changes to the package."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--", "credits")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes in credits/" if dirty else "")


def _git(*argv: str) -> str:
    return subprocess.run(["git", *argv], capture_output=True, text=True, check=True).stdout.strip()


# --- showing ----------------------------------------------------------------------------------


def table(results: Results) -> str:
    """The results as a Markdown table (read as well in a terminal as in the README)."""
    rows = [
        ("stage", "size", "items", "wall s", "CPU s", "rate", "MB/s", "peak MB (proc/all)", "note"),
    ]
    for r in results.items:
        if r.status != "ok":
            rows.append((r.stage, r.size, "", "", "", "", "", "", f"{r.status}: {r.note}"))
            continue
        rows.append(
            (
                r.stage,
                r.size,
                f"{r.items:,} {r.unit}",
                f"{r.seconds:.2f}",
                f"{r.cpu:.2f}",
                f"{r.rate:,.0f}/s",
                f"{r.mb_per_s:.1f}" if r.mb_per_s else "",
                f"{r.peak_rss / MB:.0f} / {r.peak_total / MB:.0f}",
                r.note,
            )
        )
    return _markdown(rows)


def growth_table(found: Sequence[Growth]) -> str:
    rows = [("stage", "sizes", "input ×", "CPU time ×", "peak memory ×", "verdict")]
    rows += [
        (g.stage, g.sizes, f"{g.items:.1f}", f"{g.time:.1f}", f"{g.memory:.2f}", g.verdict)
        for g in found
    ]
    return _markdown(rows)


def verdict_table(found: Sequence[Verdict]) -> str:
    marks = {True: "met", False: "MISSED", None: "not measured"}
    return _markdown(
        [("target", "figure", ""), *((v.target, v.figure, marks[v.met]) for v in found)]
    )


def _markdown(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def save(results: Results, path: Path, *, settings: dict[str, Any], about: dict[str, Any]) -> None:
    """Write everything as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "machine": about,
        "settings": settings,
        "results": [r.as_dict() for r in results.items],
        "targets": [asdict(v) for v in verdicts(results)],
        "growth": [asdict(g) for g in growth(results)],
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
