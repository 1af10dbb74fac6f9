"""atheris target: the HTML reader. Any markup → an Article, never an exception.

python fuzz/fuzz_html_reader.py fuzz/corpus/html -max_total_time=3600
"""

from __future__ import annotations

from _common import read_html, run, text_of


def target(data: bytes) -> None:
    article = read_html(text_of(data), source="fuzz.html")
    for entry in article.entries:
        if entry.kind not in ("gallery", "figure", "teaser"):
            raise AssertionError(f"unknown entry kind: {entry.kind}")


if __name__ == "__main__":
    run(target)
