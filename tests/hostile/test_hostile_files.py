"""Every reader on every hostile file: a clear result or a ReadError naming the file.

Each read runs in a forked child with a time bound and a memory cap (``bounded.py``), so a
hang or a blow-up fails its own case; the children of all selected cases run two at a time,
so a known hang costs its bound once. Known defects are strict xfails naming their owner.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile.bounded import Job, Outcome, run_all
from hostile.inputs import CASES, Case

from credits.readers import read_article

TEST = "test_reader_gives_a_result_or_a_clear_error"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def _params() -> list[Any]:
    params = []
    for case in CASES:
        for reader in case.readers:
            marks = [pytest.mark.xfail(strict=True, reason=case.defect)] if case.defect else []
            params.append(pytest.param(case, reader, id=f"{case.name}-{reader}", marks=marks))
    return params


def _read(path: Path, reader: str, case: Case) -> dict[str, Any]:
    """Runs in the child: read, check, and return a small summary."""
    article = read_article(path, reader=reader)  # type: ignore[arg-type]
    if case.checks_with(reader):
        case.check(article)  # type: ignore[misc]
    return {"entries": len(article.entries), "source": article.source}


def warm_up() -> None:
    """Load the registry, vocabularies and hints once here, so that no forked child pays
    for them inside its time bound."""
    for name in ("001_dpa_regional.txt", "html_figures.html"):
        with contextlib.suppress(Exception):  # a broken reader shows up in the cases
            read_article(FIXTURES / name)


@pytest.fixture(scope="module")
def outcomes(
    request: pytest.FixtureRequest, hostile_file: Callable[[Case], Path]
) -> dict[tuple[str, str], Outcome]:
    """The outcome of every selected (case, reader), run as one bounded batch."""
    warm_up()
    jobs = []
    for item in request.session.items:
        if getattr(item, "originalname", None) == TEST:
            case, reader = item.callspec.params["case"], item.callspec.params["reader"]  # type: ignore[attr-defined]
            path = hostile_file(case)
            jobs.append(
                Job((case.name, reader), _read, (path, reader, case), case.timeout, case.memory)
            )
    return run_all(jobs)


@pytest.mark.parametrize(("case", "reader"), _params())
def test_reader_gives_a_result_or_a_clear_error(
    case: Case,
    reader: str,
    outcomes: dict[tuple[str, str], Outcome],
    hostile_file: Callable[[Case], Path],
) -> None:
    outcome = outcomes[case.name, reader]
    assert outcome.kind in ("ok", "read_error"), str(outcome)
    if outcome.kind == "read_error":
        assert case.expect in ("error", "either"), f"{case.name} should be read: {outcome}"
        name = hostile_file(case).name
        assert name in outcome.detail, f"the error does not name the file: {outcome.detail}"
        reason = outcome.detail.rsplit(": ", 1)[-1]
        assert reason.strip() and "Traceback" not in reason
    else:
        assert case.expect in ("ok", "either"), f"{case.name} should be refused, got {outcome}"
        assert outcome.value["source"].endswith(case.name)


def test_every_case_has_a_unique_name() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
