"""The package's word lists load, and a malformed data file names its section and key."""

from __future__ import annotations

from typing import Any

import pytest

from credits.errors import RegistryError
from credits.vocabulary import DataSchema, check_data, vocabulary

SCHEMA: DataSchema = {"flags": {"pool", "own"}, "pictures": {"tags": list, "min_size": int}}
GOOD: dict[str, Any] = {
    "flags": {"pool": ["Pool"], "own": ["privat"]},
    "pictures": {"tags": ["img"], "min_size": 80},
}


def test_the_shipped_vocabulary_loads() -> None:
    words = vocabulary()
    assert words.flag_for("Symbolbild") == "symbolic"
    assert words.is_placeholder("STR")
    assert words.is_org_word("Landratsamt") and words.is_org_word("Handelskammer")
    assert not words.is_org_word("Kammer")  # an ending alone is a surname: Salome Kammer


def test_a_good_file_passes() -> None:
    check_data(GOOD, SCHEMA, "words.toml")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(extra={"x": []}), r"unknown section \[extra\]"),
        (lambda d: d["flags"].update(colour=["red"]), r"unknown key 'colour' in \[flags\]"),
        (lambda d: d["flags"].pop("own"), r"missing \[flags\] own"),
        (lambda d: d["flags"].update(pool="Pool"), r"\[flags\] pool must list non-empty strings"),
        (lambda d: d["flags"].update(pool=[""]), r"\[flags\] pool must list non-empty strings"),
        (lambda d: d["pictures"].update(min_size=-1), r"\[pictures\] min_size must be a whole"),
        (lambda d: d.update(flags=["Pool"]), r"unknown section \[flags\]"),
    ],
)
def test_a_bad_file_names_section_and_key(change: Any, message: str) -> None:
    data = {section: dict(value) for section, value in GOOD.items()}
    change(data)
    with pytest.raises(RegistryError, match=rf"^words\.toml: {message}"):
        check_data(data, SCHEMA, "words.toml")
