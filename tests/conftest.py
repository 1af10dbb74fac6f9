"""Shared test set-up: paths to the project's fixtures and the optional shared corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from credits.credit_line import use_registry

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
# Third-party pages for optional tests; absent on most machines (tests skip then).
SHARED = ROOT.parent / "shared"

# Property tests: "default" draws new examples on every run (it finds new bugs); "ci" draws the
# same ones every time, so a CI run is reproducible; "thorough" draws many more, for a
# search before a release. Chosen by HYPOTHESIS_PROFILE, else "ci" when CI is set.
_PROFILE = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("default", max_examples=150, **_PROFILE)
settings.register_profile("ci", max_examples=150, derandomize=True, **_PROFILE)
settings.register_profile("thorough", max_examples=5_000, **_PROFILE)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True)
def _bundled_registry_by_default() -> object:
    """Commands that load --agencies change the process default; put it back after each test."""
    yield
    use_registry(None)
