"""``credits scan``: idempotent re-scans, skipped unchanged files, replacement, bad files,
worker counts, readers during a scan, and a scan killed mid-way — on small generated corpora."""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from credits import scan as scanning
from credits.catalogue import Catalogue, Counts
from credits.cli import app
from credits.errors import CreditsError, ReadError
from credits.scan import ScanResult, scan

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = ("dpa", "AFP", "Imago", "Reuters")
PEOPLE = ("Kay Nietfeld", "Petras Malukas", "Heikki Saukkomaa", "Evan Vucci")


def article_text(number: int, slides: int = 3) -> str:
    """A small plain-text scrape: headline, body, a gallery and a teaser. Slide 1 is the same
    picture in every article; the others are its own."""
    towns = [number if slide > 1 else 0 for slide in range(1, slides + 1)]
    units = [
        f"Slide {slide}\nAm Tag {slide} trafen sich die Gäste in Stadt {town}."
        f" © {PEOPLE[slide % 4]}/{AGENCIES[(town + slide) % 4]}"
        for slide, town in enumerate(towns, start=1)
    ]
    return "\n\n".join(
        (
            f"Nachricht {number}: Treffen in Helsinki",
            "Die Präsidenten treffen sich heute zu einem Gipfel, der lange vorbereitet wurde. "
            "Beobachter erwarten wenig.",
            "Bilder vom Treffen",
            "\n".join(units),
            "Der Text geht weiter mit einem Absatz, der lang genug ist, um als Fließtext zu "
            "gelten und nicht als Bildunterschrift.",
            "Rubriklistenbild: © Imago (Montage)",
        )
    )


def write_corpus(folder: Path, count: int, *, slides: int = 3) -> Path:
    for number in range(count):
        path = folder / f"{number % 7}" / f"article-{number:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(number, slides), encoding="utf-8")
    return folder


def run_scan(db: Path, *paths: Path, jobs: int = 2) -> tuple[ScanResult, list[ReadError]]:
    errors: list[ReadError] = []
    with Catalogue(db) as catalogue:
        result = scan(catalogue, paths, jobs=jobs, on_error=errors.append)
    return result, errors


def counts(result: ScanResult) -> dict[str, int]:
    fields = ("files", "read", "skipped", "failed", "added", "unchanged", "replaced", "entries")
    return {name: getattr(result, name) for name in fields}


def test_scanning_twice_reads_nothing_the_second_time(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 12)
    first, _ = run_scan(tmp_path / "c.sqlite", corpus)
    assert counts(first) == {"files": 12, "read": 12, "skipped": 0, "failed": 0, "added": 12,
                             "unchanged": 0, "replaced": 0, "entries": 48}  # fmt: skip
    with Catalogue(tmp_path / "c.sqlite") as catalogue:
        before = catalogue.entries(with_image_key=True)
    second, _ = run_scan(tmp_path / "c.sqlite", corpus)
    assert counts(second) == {"files": 12, "read": 0, "skipped": 12, "failed": 0, "added": 0,
                              "unchanged": 0, "replaced": 0, "entries": 0}  # fmt: skip
    with Catalogue(tmp_path / "c.sqlite") as catalogue:
        pd.testing.assert_frame_equal(catalogue.entries(with_image_key=True), before)
        assert catalogue.counts() == Counts(articles=12, entries=48)
        # 3 slides and the teaser each; slide 1 and the teaser are the same picture everywhere
        assert before.image_key.nunique() == 2 + 12 * 2


def test_touched_and_edited_files_are_read_again(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 4)
    run_scan(tmp_path / "c.sqlite", corpus)
    touched, edited = sorted(corpus.rglob("*.txt"))[:2]
    os.utime(touched, ns=(time.time_ns(), time.time_ns() + 10**9))
    edited.write_text(article_text(99, slides=5), encoding="utf-8")
    result, _ = run_scan(tmp_path / "c.sqlite", corpus)
    assert counts(result) == {"files": 4, "read": 2, "skipped": 2, "failed": 0, "added": 0,
                              "unchanged": 1, "replaced": 1, "entries": 6}  # fmt: skip
    with Catalogue(tmp_path / "c.sqlite") as catalogue:
        rows = catalogue.entries()
    assert (rows.source == edited.as_posix()).sum() == 6
    assert len(rows) == 3 * 4 + 6


def test_another_registry_reads_unchanged_files_again(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 3)
    run_scan(tmp_path / "c.sqlite", corpus)
    extra = tmp_path / "extra.toml"
    extra.write_text('[[organisation]]\nname = "Gäste"\nkind = "publisher"\ncountry = "DE"\n'
                     "tier = 0\naliases = []\n")  # fmt: skip
    with Catalogue(tmp_path / "c.sqlite") as catalogue:
        result = scan(catalogue, [corpus], jobs=1, agencies=extra)
    assert (result.read, result.skipped, result.unchanged) == (3, 0, 3)


def test_bad_files_are_reported_and_the_rest_is_scanned(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 5)
    (corpus / "empty.txt").write_text("")
    (corpus / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    with gzip.open(corpus / "zipped.txt.gz", "wt", encoding="utf-8") as file:
        file.write(article_text(50))
    result, errors = run_scan(tmp_path / "c.sqlite", corpus, tmp_path / "missing")
    assert (result.files, result.read, result.failed, result.added) == (8, 6, 3, 6)
    reasons = sorted((Path(error.path).name, error.reason) for error in errors)
    assert [name for name, _ in reasons] == ["broken.txt.gz", "empty.txt", "missing"]
    assert reasons[1][1] == "empty file"


def test_one_and_two_workers_build_the_same_catalogue(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 40)
    built = []
    for jobs in (1, 2):
        db = tmp_path / f"jobs{jobs}.sqlite"
        run_scan(db, corpus, jobs=jobs)
        with Catalogue(db) as catalogue:
            built.append(catalogue.entries(with_image_key=True))
        with sqlite3.connect(db) as raw:
            built.append(raw.execute("SELECT * FROM files ORDER BY path").fetchall())
        raw.close()
    pd.testing.assert_frame_equal(built[0], built[2])
    assert built[1] == built[3]
    assert len(built[0]) == 160


def test_readers_see_whole_articles_while_a_scan_writes(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 150, slides=6)
    db = tmp_path / "c.sqlite"
    Catalogue(db).close()
    scanning = threading.Thread(target=run_scan, args=(db, corpus))
    with Catalogue(db) as reader:

        def articles_seen() -> int:
            per_article = reader.entries(columns=["article_id"]).article_id.value_counts()
            assert set(per_article) <= {7}  # 6 slides and the teaser, never part of an article
            return len(per_article)

        scanning.start()
        while scanning.is_alive():
            articles_seen()
        scanning.join()
        assert articles_seen() == 150


# Large enough that a scan takes a few commits (about a second here), small enough to be quick.
KILL_CORPUS = 600


def whole_articles(db: Path) -> tuple[int, int]:
    """Open a catalogue as a stranger would; check it; return (articles, entries)."""
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        partial = raw.execute(
            "SELECT a.id FROM articles AS a LEFT JOIN entries AS e ON e.article = a.pk "
            "GROUP BY a.pk HAVING count(e.position) != a.entry_count"
        ).fetchall()
        assert partial == []
    raw.close()
    with Catalogue(db) as catalogue:
        totals = catalogue.counts()
    return totals.articles, totals.entries


# `python -m credits` with a batch of at most 10 articles: commits come early and often, so a
# signal after the first one lands mid-scan however fast the machine.
SMALL_BATCHES = (
    "import credits.scan; credits.scan.BATCH_ARTICLES = 10; "
    "from credits.cli import app; app(prog_name='credits')"
)


def scan_process(corpus: Path, db: Path, *, small_batches: bool = False) -> subprocess.Popen[bytes]:
    command = ["-c", SMALL_BATCHES] if small_batches else ["-m", "credits"]
    return subprocess.Popen(
        [sys.executable, *command, "scan", str(corpus), "--db", str(db), "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for_articles(db: Path, process: subprocess.Popen[bytes], at_least: int) -> None:
    """Until ``at_least`` articles are committed (or the scan ended)."""
    while process.poll() is None:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as raw:
                if raw.execute("SELECT count(*) FROM articles").fetchone()[0] >= at_least:
                    return
        except sqlite3.OperationalError:  # not created yet
            pass
        time.sleep(0.02)


def processes_naming(text: str) -> list[int]:
    """Live processes whose command line contains ``text`` (Linux)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text in cmdline.read_bytes().decode(errors="replace"):
                found.append(int(cmdline.parent.name))
        except OSError:  # ended meanwhile
            continue
    return found


def test_a_killed_scan_leaves_whole_articles_and_resumes(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", KILL_CORPUS, slides=4)
    db = tmp_path / "c.sqlite"
    stored = []
    for at_least in (1, KILL_CORPUS // 3, 2 * KILL_CORPUS // 3):
        process = scan_process(corpus, db)
        wait_for_articles(db, process, at_least)
        process.send_signal(signal.SIGKILL)
        process.wait()
        stored.append(whole_articles(db))
    if Path("/proc/self/cmdline").exists():  # the workers of killed scans do not linger
        deadline = time.monotonic() + 10
        while processes_naming(str(db)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_naming(str(db)) == []
    assert all(entries == 5 * articles for articles, entries in stored)
    assert stored[0][0] >= 1
    finished = scan_process(corpus, db)
    assert finished.wait() == 0, finished.stderr.read().decode() if finished.stderr else ""
    assert whole_articles(db) == (KILL_CORPUS, 5 * KILL_CORPUS)


def test_ctrl_c_commits_what_was_read_and_exits_130(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 4 * KILL_CORPUS, slides=4)
    db = tmp_path / "c.sqlite"
    process = scan_process(corpus, db, small_batches=True)
    wait_for_articles(db, process, 1)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert "interrupted" in stderr.decode()
    articles, entries = whole_articles(db)
    assert 1 <= articles < 4 * KILL_CORPUS
    assert entries == 5 * articles


# --- command line -------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_scans_and_summarises(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 6)
    (corpus / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    db = tmp_path / "nested" / "folder" / "c.sqlite"
    result = runner.invoke(app, ["scan", str(corpus), "--db", str(db), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "7 files: 6 read, 0 unchanged and skipped, 1 failed" in result.stdout
    assert "6 added" in result.stdout
    assert f"{db}: 6 articles, 24 entries" in result.stdout
    assert "bad.txt: binary file, not an article" in result.stderr
    again = runner.invoke(app, ["scan", str(corpus), "--db", str(db)])
    assert "6 unchanged and skipped" in again.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nothing-here", "--db", "c.sqlite"], "nothing could be read"),
        (["corpus", "--db", "c.sqlite", "--jobs", "0"], "Invalid value for '--jobs'"),
        (["corpus", "--db", "corpus/0/article-0000.txt/c.sqlite"], "cannot create folder"),
    ],
)
def test_cli_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "corpus", 1)
    result = runner.invoke(app, ["scan", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_scan_has_help() -> None:
    result = runner.invoke(app, ["scan", "--help"])
    assert result.exit_code == 0
    assert "--jobs" in result.output


def test_a_dead_worker_is_a_clear_error_after_saving_what_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus", 30)
    real_read = scanning.read_article

    def read_or_die(path: str) -> object:  # workers are forked, so they see this patch
        if path.endswith("article-0027.txt"):  # the last file: in the second task
            os._exit(9)
        return real_read(path)

    monkeypatch.setattr(scanning, "read_article", read_or_die)
    with pytest.raises(CreditsError, match="a worker process died"):
        run_scan(tmp_path / "c.sqlite", corpus, jobs=1)
    assert 0 < whole_articles(tmp_path / "c.sqlite")[0] < 30
