"""Fixtures of the hostile-input suite: the generated files, made once per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hostile.inputs import Case


@pytest.fixture(scope="session")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Case], Path]:
    """Makes a case's file on first use (in a session-wide temporary folder); returns its path."""
    root = tmp_path_factory.mktemp("hostile")
    made: dict[str, Path] = {}

    def get(case: Case) -> Path:
        if case.name not in made:
            path = root / case.name
            case.make(path)
            made[case.name] = path
        return made[case.name]

    return get
