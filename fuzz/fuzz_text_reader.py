"""atheris target: the plain-text reader. Any text → an Article, never an exception.

python fuzz/fuzz_text_reader.py fuzz/corpus/text -max_total_time=3600
"""

from __future__ import annotations

from _common import read_text, run, text_of


def target(data: bytes) -> None:
    article = read_text(text_of(data), source="fuzz.txt")
    for position, entry in enumerate(article.entries, 1):
        if entry.position != position or entry.line < 1:
            raise AssertionError(f"bad entry numbering: {entry}")


if __name__ == "__main__":
    run(target)
