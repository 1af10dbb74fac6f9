"""Run one call in a forked child with a wall-clock bound and a memory cap.

A hostile input may hang inside C code (a regex, the HTML parser) where no Python signal can
interrupt it, or allocate without end. The child is forked (cheap: every module is already
imported), limited with ``RLIMIT_AS`` and killed when the bound passes, so one bad case fails
its own test instead of stalling or exhausting the suite.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from credits.errors import ReadError

# Address space a case may add to what the test process already maps.
DEFAULT_MEMORY = 1536 * 2**20


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a bounded call ended: ``ok``, ``read_error``, ``exception``, ``memory``,
    ``timeout`` or ``crash`` (the child died without answering)."""

    kind: str
    detail: str
    value: Any
    seconds: float

    def __str__(self) -> str:
        return f"{self.kind} after {self.seconds:.2f} s: {self.detail}"


def _mapped_bytes() -> int:
    """The process's current virtual size (VmSize), 0 where /proc is absent."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _child(
    conn: Connection,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    memory: int,
) -> None:
    if memory and (base := _mapped_bytes()):
        limit = base + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        answer: tuple[str, str, Any] = ("ok", "", function(*args))
    except ReadError as error:
        answer = ("read_error", str(error), error.path)
    except MemoryError:
        answer = ("memory", "MemoryError", None)
    except BaseException:
        answer = ("exception", traceback.format_exc(limit=-8), None)
    try:
        conn.send(answer)
    finally:
        conn.close()
        os._exit(0)


@dataclass(frozen=True, slots=True)
class Job:
    """One call to bound: ``function(*args)`` within ``timeout`` seconds and ``memory`` bytes."""

    key: Any
    function: Callable[..., Any]
    args: tuple[Any, ...]
    timeout: float
    memory: int = DEFAULT_MEMORY


def run_all(jobs: Iterable[Job], *, parallel: int | None = None) -> dict[Any, Outcome]:
    """Run ``jobs`` in forked children, ``parallel`` at a time (default: one per CPU).

    Each child has its own clock and is killed when its time is up, so a hanging case costs
    its bound and no more, and the others run beside it.
    """
    context = multiprocessing.get_context("fork")
    pending = list(jobs)
    slots = parallel or os.cpu_count() or 2
    running: dict[Connection, tuple[Job, Any, float]] = {}
    outcomes: dict[Any, Outcome] = {}

    def finish(receiver: Connection, kind: str, detail: str, value: Any) -> None:
        job, process, start = running.pop(receiver)
        seconds = time.perf_counter() - start
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
        if kind == "crash":
            detail = f"{detail} (exit code {process.exitcode})"
        outcomes[job.key] = Outcome(kind, detail, value, seconds)

    while pending or running:
        while pending and len(running) < slots:
            job = pending.pop(0)
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_child, args=(sender, job.function, job.args, job.memory)
            )
            process.start()
            sender.close()
            running[receiver] = (job, process, time.perf_counter())
        deadline = min(start + job.timeout for job, _, start in running.values())
        for receiver in wait(list(running), timeout=max(0.0, deadline - time.perf_counter())):
            try:
                kind, detail, value = receiver.recv()  # type: ignore[union-attr]
            except EOFError:
                kind, detail, value = "crash", "child died without answering", None
            finish(receiver, kind, detail, value)  # type: ignore[arg-type]
        now = time.perf_counter()
        for receiver, (job, _, start) in list(running.items()):
            if now >= start + job.timeout:
                finish(receiver, "timeout", f"no answer within {job.timeout} s", None)
    return outcomes


def run_bounded(
    function: Callable[..., Any], *args: Any, timeout: float, memory: int = DEFAULT_MEMORY
) -> Outcome:
    """Call ``function(*args)`` in a forked child; kill it after ``timeout`` seconds.

    ``function`` must return something small and picklable (a summary, not an Article with a
    50 MB caption).
    """
    return run_all([Job(None, function, args, timeout, memory)], parallel=1)[None]


@dataclass(frozen=True, slots=True)
class CliResult:
    """What one ``credits`` command gave: exit code, stdout, stderr (with any exception that
    escaped the command appended as a traceback, as the console would show it)."""

    returncode: int
    stdout: str
    stderr: str


def invoke_cli(args: list[str], cwd: Path) -> CliResult:
    """Run ``credits ARGS`` here (in the child), from ``cwd``."""
    from typer.testing import CliRunner  # noqa: PLC0415 - only the child needs it

    from credits.cli import app  # noqa: PLC0415

    os.chdir(cwd)
    result = CliRunner().invoke(app, args)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        stderr += f"\nTraceback (most recent call last):\n{trace}"
    return CliResult(result.exit_code, result.stdout, stderr)


def run_cli(*args: str | Path, cwd: Path, timeout: float = 60) -> CliResult:
    """Run ``credits ARGS`` in a forked child (its own working folder, registry default and
    settings), bounded in time like any hostile case. A hang or crash fails as such."""
    outcome = run_bounded(invoke_cli, [str(arg) for arg in args], cwd, timeout=timeout)
    if outcome.kind != "ok":
        raise AssertionError(f"credits {' '.join(map(str, args))}: {outcome}")
    return outcome.value  # type: ignore[no-any-return]
