"""A catalogue survives a killed scan, a second scan beside it, and an unwritable target.

``credits scan`` runs as a user runs it (``python -m credits``). It is killed with SIGKILL at
random moments, several times over; after each kill the catalogue must open, pass
``PRAGMA integrity_check`` and hold only whole articles (every article's entries all there).
A last, uninterrupted scan must then bring it to exactly the full corpus.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hostile.bounded import CliResult, invoke_cli, run_bounded, run_cli

from credits.catalogue import Catalogue

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
# Scrapes without a URL, so every copy is an article of its own (the id is the URL or path).
TEXTS = sorted(p for p in FIXTURES.glob("*.txt") if b"http" not in p.read_bytes())
KILLS = 5
ROUND = 120  # articles that arrive between two scans


def _scan_command(folder: Path, db: Path, jobs: int = 1) -> list[str]:
    return [
        sys.executable,
        "-m",
        "credits",
        "scan",
        str(folder),
        "--db",
        str(db),
        "--jobs",
        str(jobs),
    ]


def write_articles(folder: Path, numbers: Iterable[int]) -> None:
    """Distinct plain-text articles: the fixtures, each with its own headline and caption."""
    for number in numbers:
        source = TEXTS[number % len(TEXTS)].read_bytes().decode("utf-8", errors="replace")
        (folder / f"article-{number:04d}.txt").write_text(
            f"Meldung {number}\n\n{source}\nBild {number}. Foto: Kay Nietfeld/dpa\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hundreds of distinct plain-text articles."""
    folder = tmp_path_factory.mktemp("corpus")
    write_articles(folder, range(200))
    return folder


def assert_whole(db: Path) -> int:
    """The catalogue is sound and holds whole articles only; returns how many."""
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        partial = connection.execute(
            "SELECT a.id, a.entry_count, count(e.article) FROM articles a "
            "LEFT JOIN entries e ON e.article = a.pk GROUP BY a.pk "
            "HAVING count(e.article) != a.entry_count"
        ).fetchall()
        assert partial == [], f"articles with missing entries: {partial[:5]}"
        (articles,) = connection.execute("SELECT count(*) FROM articles").fetchone()
    finally:
        connection.close()
    with Catalogue(db) as catalogue:  # opens, migrates, reads back
        assert catalogue.counts().articles == articles
    return int(articles)


def test_killed_scans_leave_whole_articles(tmp_path: Path) -> None:
    """Rounds of: new articles arrive, a scan starts and is killed at a random moment.

    The kill moments are drawn from the duration of an uninterrupted scan timed on this
    machine first, so they land mid-scan on a fast machine and on a slow one alike.
    """
    folder, db = tmp_path / "incoming", tmp_path / "catalogue.sqlite"
    folder.mkdir()
    write_articles(folder, range(ROUND))
    started = time.monotonic()
    assert run_cli("scan", folder, "--db", db, cwd=tmp_path).returncode == 0
    duration = time.monotonic() - started
    chance = random.Random(8)
    seen = assert_whole(db)
    interrupted = 0
    for round_ in range(1, KILLS + 1):
        write_articles(folder, range(round_ * ROUND, (round_ + 1) * ROUND))
        process = subprocess.Popen(
            _scan_command(folder, db, jobs=2),
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(chance.uniform(0.2, 0.9) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        time.sleep(0.2)  # orphaned workers notice and leave
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        count = assert_whole(db)
        assert count >= seen, "a later scan lost articles"
        interrupted += count < (round_ + 1) * ROUND
        seen = count
    assert interrupted, "no kill landed mid-scan; the test proved nothing"
    finished = run_cli("scan", folder, "--db", db, cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr[-1000:]
    assert assert_whole(db) == (KILLS + 1) * ROUND


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_two_scans_at_once_wait_or_fail_clearly(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalogue.sqlite"
    half = tmp_path / "half"
    half.mkdir()
    for path in sorted(corpus.iterdir())[:80]:
        (half / path.name).write_bytes(path.read_bytes())
    first = subprocess.Popen(
        _scan_command(corpus, db), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    second = subprocess.Popen(
        _scan_command(half, db), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    results = [(p, *p.communicate(timeout=120)) for p in (first, second)]
    for process, _, err in results:
        assert "Traceback" not in err, err[-1000:]
        if process.returncode != 0:
            assert err.startswith("credits: error:") and ("lock" in err or "busy" in err), err
    count = assert_whole(db)
    finished = run_cli("scan", corpus, "--db", db, cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr[-1000:]
    again = run_cli("scan", half, "--db", db, cwd=tmp_path)
    assert again.returncode == 0, again.stderr[-1000:]
    assert assert_whole(db) == count or second.returncode != 0 or first.returncode != 0


def _scan_limited(corpus: Path, db: Path, cwd: Path, limit: Callable[[], None] | None) -> CliResult:
    """In a child: apply ``limit``, then scan."""
    if limit is not None:
        limit()
    return invoke_cli(["scan", str(corpus), "--db", str(db), "--jobs", "1"], cwd)


def _limit_file_size() -> None:
    """In the child: files may not grow past 64 KB, as on a full disk (EFBIG, not a kill)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.parametrize(
    ("target", "preexec"),
    [
        pytest.param("/proc/credits/catalogue.sqlite", None, id="unwritable-folder"),
        pytest.param("/proc/catalogue.sqlite", None, id="read-only-filesystem"),
        pytest.param("{tmp}/a-file/catalogue.sqlite", None, id="folder-is-a-file"),
        pytest.param("{tmp}/full/catalogue.sqlite", _limit_file_size, id="disk-full"),
    ],
)
def test_unwritable_catalogue_is_a_clear_error(
    corpus: Path, tmp_path: Path, target: str, preexec: Callable[[], None] | None
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    db = Path(target.format(tmp=tmp_path))
    outcome = run_bounded(_scan_limited, corpus, db, tmp_path, preexec, timeout=60)
    assert outcome.kind == "ok", str(outcome)
    result: CliResult = outcome.value
    assert result.returncode == 2, (result.returncode, result.stderr[-1000:])
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("credits: error:"), result.stderr[-1000:]
    assert str(db) in result.stderr or db.name in result.stderr


def test_missing_output_folder_is_created(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "new" / "deeper" / "catalogue.sqlite"
    some = tmp_path / "some"
    some.mkdir()
    for path in sorted(corpus.iterdir())[:3]:
        (some / path.name).write_bytes(path.read_bytes())
    result = run_cli("scan", some, "--db", db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-1000:]
    assert assert_whole(db) == 3
