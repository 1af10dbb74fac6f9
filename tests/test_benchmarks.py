"""Smoke tests for the benchmarks: the corpus is deterministic, memory is measured, and the
harness runs end to end on a tiny corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from benchmarks import measure
from benchmarks.__main__ import main
from benchmarks.corpus import ensure_corpus, parse_count


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != "manifest.json"
    }


def test_corpus_is_deterministic_and_sizes_are_prefixes(tmp_path: Path) -> None:
    small = ensure_corpus(tmp_path / "a", 20)
    again = ensure_corpus(tmp_path / "b", 20)
    larger = ensure_corpus(tmp_path / "c", 30)
    other_seed = ensure_corpus(tmp_path / "d", 20, seed=8)
    first = _contents(tmp_path / "a")
    assert first == _contents(tmp_path / "b")
    assert small.kinds == again.kinds
    assert set(first.items()) <= set(_contents(tmp_path / "c").items())
    assert first != _contents(tmp_path / "d")
    assert small.articles == 20 and larger.articles == 30 and other_seed.seed == 8
    assert sum(tally.files for tally in small.kinds.values()) == 20
    assert small.entries > 20 * 5


def test_gzipped_corpus_is_deterministic(tmp_path: Path) -> None:
    ensure_corpus(tmp_path / "a", 5, compress=True)
    ensure_corpus(tmp_path / "b", 5, compress=True)
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")
    assert all(name.endswith(".gz") for name in _contents(tmp_path / "a"))


@pytest.mark.parametrize(("text", "count"), [("250", 250), ("10k", 10_000), ("1M", 1_000_000)])
def test_parse_count(text: str, count: int) -> None:
    assert parse_count(text) == count


def test_measure_sees_the_peak_memory_of_a_child() -> None:
    run = measure.run([sys.executable, "-c", "block = bytearray(80_000_000); print(len(block))"])
    assert run.returncode == 0 and run.stdout.strip() == "80000000"
    assert run.peak_rss >= 80_000_000


def test_harness_runs_on_a_tiny_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--sizes", "10", "--only", "parse", "--repeat", "1", "--out", str(tmp_path)])
    results = json.loads((tmp_path / "results.json").read_text())
    parse = next(r for r in results["results"] if r["stage"] == "parse")
    assert parse["status"] == "ok" and parse["items"] > 10 and parse["rate"] > 0
    assert "| parse " in capsys.readouterr().out
