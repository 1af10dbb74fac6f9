"""A folder of good and hostile files: every bad file is reported by name, the rest goes on.

Through the library (``read_articles``) and the command line (``credits check``, ``credits
report``), each bounded in time.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hostile.bounded import CliResult, run_bounded, run_cli
from hostile.inputs import CASES, MB, Case

from credits.errors import ReadError
from credits.readers import read_articles

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
GOOD = sorted(p for p in FIXTURES.iterdir() if p.is_file())
# Bad files mixed into the batch: cheap to read, none an open defect.
BAD = [
    case
    for case in CASES
    if case.expect == "error" and case.defect is None and case.name != "is-a-folder.html"
]
# Files that are not articles but may be skipped silently by a folder scan (not regular files).
SKIPPABLE = {"fifo.txt", "dev-zero.txt", "dangling-link.txt"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder (with a sub-folder) of good fixture articles and bad files side by side."""
    root = tmp_path_factory.mktemp("batch")
    (root / "nested").mkdir()
    for number, path in enumerate(GOOD):
        shutil.copy(path, (root if number % 2 else root / "nested") / path.name)
    for case in BAD:
        case.make(root / case.name)
    return root


def _read_folder(folder: Path) -> dict[str, Any]:
    errors: list[ReadError] = []
    sources = [article.source for article in read_articles([folder], on_error=errors.append)]
    return {"sources": sources, "errors": [(Path(e.path).name, e.reason) for e in errors]}


def test_read_articles_reports_each_bad_file_and_reads_the_rest(batch: Path) -> None:
    outcome = run_bounded(_read_folder, batch, timeout=30, memory=1024 * MB)
    assert outcome.kind == "ok", str(outcome)
    read = sorted(Path(source).name for source in outcome.value["sources"])
    assert read == sorted(path.name for path in GOOD)
    reported = [name for name, _ in outcome.value["errors"]]
    assert len(reported) == len(set(reported)), "a file was reported twice"
    must_report = {case.name for case in BAD} - SKIPPABLE
    assert must_report <= set(reported)
    assert set(reported) <= {case.name for case in BAD}
    for name, reason in outcome.value["errors"]:
        assert reason and "Traceback" not in reason, (name, reason)


def _cli(*args: str | Path, cwd: Path) -> CliResult:
    return run_cli(*args, cwd=cwd)


@pytest.mark.parametrize(
    ("command", "code"),
    [
        pytest.param(("check",), 1, id="check"),  # the fixtures hold findings
        pytest.param(("report",), 0, id="report"),
    ],
)
def test_cli_names_each_bad_file_on_stderr_and_goes_on(
    batch: Path, tmp_path: Path, command: tuple[str, ...], code: int
) -> None:
    result = _cli(*command, batch, cwd=tmp_path)
    assert result.returncode == code, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("credits: error:")]
    for case in BAD:
        if case.name not in SKIPPABLE:
            assert any(case.name in line for line in errors), (case.name, result.stderr)
    assert result.stdout.strip(), "nothing printed for the good files"


def test_cli_with_nothing_readable_exits_2(batch: Path, tmp_path: Path) -> None:
    bad_only = tmp_path / "bad"
    bad_only.mkdir()
    for case in BAD[:4]:
        shutil.copy(batch / case.name, bad_only / case.name)
    result = _cli("check", bad_only, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "nothing could be read" in result.stderr


def test_bad_cases_cover_what_the_batch_needs() -> None:
    names = {case.name for case in BAD}
    assert {"empty.txt", "random.txt", "gzip-bomb.txt.gz", "over-the-cap.txt"} <= names
    assert all(isinstance(case, Case) for case in BAD)


SURROGATE_PAGE = (
    '<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":'
    '"Titel \\ud800","image":{"@type":"ImageObject","url":"https://i.example/a.jpg",'
    '"creditText":"Foto: Kay \\udc00Nietfeld/dpa"}}</script><title>T</title></head><body>'
    '<figure><img src="https://i.example/a.jpg"><figcaption>Ein Bild.</figcaption></figure>'
    "</body></html>"
)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(("check", "--select", "CR003"), id="check"),
        pytest.param(("report",), id="report"),
        pytest.param(("scan", "--db", "c.sqlite", "--jobs", "1"), id="scan"),
    ],
)
def test_cli_survives_lone_surrogates_in_json_ld(tmp_path: Path, command: tuple[str, ...]) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "surrogates.html").write_text(SURROGATE_PAGE, encoding="utf-8")
    shutil.copy(FIXTURES / "001_dpa_regional.txt", pages)
    name, *options = command
    result = _cli(name, pages, *options, cwd=tmp_path)
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr[-800:]
    assert result.returncode in (0, 1), result.stderr[-800:]


TERMINAL_ESCAPES = (
    "Foto: Kay Nietfeld\x1b[2J/dpa",  # clear the screen
    "© Mikhail Klimentyev\x1b]0;PWNED\x07",  # set the window title (OSC)
    "Foto: Anna\x1b]52;c;ZWNobyBwd25lZA==\x07 Weber/Stadt Düsseldorf",  # write the clipboard
    "Foto: Jörg\x9b31m Müller/Polizei Berlin",  # the C1 form of ESC [
)


def test_check_output_carries_no_terminal_escapes(tmp_path: Path) -> None:
    body = "Hannover (dpa) - Bei einem Brand in einer Halle ist ein Schaden entstanden. " * 3
    captions = [f"Bild {n}. {credit}" for n, credit in enumerate(TERMINAL_ESCAPES)]
    article = tmp_path / "escapes.txt"
    article.write_text(
        f"Brand\n\n15.08.2025\n\n{body}\n\n" + "\n\n".join(captions) + f"\n\n{body}\n"
    )
    result = _cli("check", article, "--select", "CR001,CR002,CR003,CR004", cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-800:]
    controls = [
        ch for ch in result.stdout if (ch < " " and ch not in "\n\t") or "\x7f" <= ch <= "\x9f"
    ]
    assert controls == [], sorted(set(controls))
