"""Run one command in a fresh process and measure it: wall time and peak memory.

Each stage runs in its own process so that peaks do not mix. Two memory figures:

- ``peak_rss``: the largest resident set of any single process of the run, exact, from the
  kernel (``wait4``'s ``ru_maxrss`` covers the process and each of its descendants);
- ``peak_total``: the largest sum over the whole process tree (a scan's writer plus its
  workers), sampled every ``SAMPLE_SECONDS`` from ``/proc``; proportional set sizes where the
  kernel offers them, so pages that forked workers share are counted once.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.1
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_PROC = Path("/proc")


@dataclass(frozen=True, slots=True)
class Run:
    """What a finished command did and cost: wall time, CPU time (user and system, of the
    process and its descendants), memory in bytes."""

    seconds: float
    cpu: float
    peak_rss: int
    peak_total: int
    returncode: int
    stdout: str
    stderr: str


def run(command: Sequence[str]) -> Run:
    """Run ``command`` to completion; its output goes to temporary files (never to a pipe
    that could fill up) and comes back in the result."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            stdout=out,
            stderr=err,
        )
        sampler = _TreeSampler(process.pid)
        sampler.start()
        # wait4, not Popen.wait: it also returns the child's resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            cpu=usage.ru_utime + usage.ru_stime,
            peak_rss=usage.ru_maxrss * 1024,  # kilobytes on Linux
            peak_total=sampler.peak,
            returncode=process.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


class _TreeSampler(threading.Thread):
    """Samples the memory of a process and all its descendants until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, sum(_memory(pid) for pid in _tree(self.root)))
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from each process's parent id in ``/proc/*/stat``."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir(_PROC):
        if not entry.name.isdigit():
            continue
        try:
            stat = (_PROC / entry.name / "stat").read_bytes()
        except OSError:
            continue
        # The command name is in brackets and may hold spaces: the parent id follows ") S ".
        parent = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _memory(pid: int) -> int:
    """Proportional set size of ``pid`` in bytes (resident size where PSS is unavailable);
    0 when the process has gone."""
    try:
        for line in (_PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    try:
        return int((_PROC / str(pid) / "statm").read_text().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0
