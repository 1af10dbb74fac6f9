"""atheris target: the credit parser. Any text → a Credit or None, never an exception.

python fuzz/fuzz_credit.py fuzz/corpus/credit -max_total_time=3600
"""

from __future__ import annotations

from _common import parse_credit, read_credit, run, split_caption, text_of


def target(data: bytes) -> None:
    text = text_of(data)
    _caption, credit = split_caption(text)
    if credit is not None and credit.raw not in text:
        raise AssertionError(f"raw credit not taken from the input: {credit.raw!r}")
    if parse_credit(text) != credit:
        raise AssertionError("parse_credit and split_caption disagree")
    read_credit(text)


if __name__ == "__main__":
    run(target)
