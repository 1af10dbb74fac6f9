"""Shared set-up of the atheris targets: load the package once, before fuzzing starts."""

from __future__ import annotations

import sys
from collections.abc import Callable

import atheris

with atheris.instrument_imports(include=["credits"]):
    from credits import ReadError, parse_credit, read_credit, split_caption
    from credits.readers.html import read_html
    from credits.readers.text import read_text

__all__ = [
    "ReadError",
    "parse_credit",
    "read_credit",
    "read_html",
    "read_text",
    "run",
    "split_caption",
]


def text_of(data: bytes) -> str:
    """Fuzzer bytes as text: UTF-8 with replacement, so every input is a valid str."""
    return data.decode("utf-8", errors="replace")


def run(target: Callable[[bytes], None]) -> None:
    """Start atheris on ``target`` with the command line's options (-max_total_time=…)."""
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
