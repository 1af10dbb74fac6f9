"""The example table is the specification: fixtures/credit_cases.toml, one test per row."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from credits import split_caption
from tests.conftest import FIXTURES

CASES_FILE = FIXTURES / "credit_cases.toml"
ALLOWED_KEYS = {
    "text",
    "photographers",
    "agencies",
    "distributor",
    "flags",
    "caption",
    "credit",
    "xfail",
}


def load_cases() -> list[Any]:
    data = tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))
    params = []
    for group, section in data.items():
        for number, case in enumerate(section["cases"], start=1):
            marks = (
                [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
            )
            params.append(pytest.param(case, id=f"{group}-{number}", marks=marks))
    return params


CASES = load_cases()


def test_table_is_large_and_well_formed() -> None:
    assert len(CASES) >= 250
    for param in CASES:
        case = param.values[0]
        assert set(case) <= ALLOWED_KEYS, case
        assert isinstance(case["text"], str) and case["text"]


@pytest.mark.parametrize("case", CASES)
def test_credit_case(case: dict[str, Any]) -> None:
    caption, credit = split_caption(case["text"])
    if case.get("credit", True) is False:
        assert credit is None, f"found a credit in {case['text']!r}: {credit}"
        return
    assert credit is not None, f"no credit found in {case['text']!r}"
    got = {
        "photographers": list(credit.photographers),
        "agencies": list(credit.agencies),
        "distributor": credit.distributor,
    }
    expected = {
        "photographers": case.get("photographers", []),
        "agencies": case.get("agencies", []),
        "distributor": case.get("distributor"),
    }
    if "flags" in case:
        got["flags"] = sorted(credit.flags)
        expected["flags"] = sorted(case["flags"])
    if "caption" in case:
        got["caption"] = caption
        expected["caption"] = case["caption"]
    assert got == expected
