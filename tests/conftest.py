"""Shared test set-up: paths to the project's fixtures and the optional shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from credits.credit_line import use_registry

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
# Third-party pages for optional tests; absent on most machines (tests skip then).
SHARED = ROOT.parent / "shared"

settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("default")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True)
def _bundled_registry_by_default() -> object:
    """Commands that load --agencies change the process default; put it back after each test."""
    yield
    use_registry(None)
