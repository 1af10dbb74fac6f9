"""Make the seed corpora under fuzz/corpus/ from the project's fixtures.

python fuzz/seed.py
"""

from __future__ import annotations

import gzip
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "corpus"


def main() -> None:
    credit, text, html = (CORPUS / name for name in ("credit", "text", "html"))
    for folder in (credit, text, html):
        folder.mkdir(parents=True, exist_ok=True)
    cases = tomllib.loads((ROOT / "fixtures" / "credit_cases.toml").read_text(encoding="utf-8"))
    inputs = [case["text"] for group in cases.values() for case in group.get("cases", [])]
    for number, line in enumerate(inputs):
        (credit / f"case-{number:04d}").write_text(line, encoding="utf-8")
    for path in sorted((ROOT / "fixtures" / "articles").iterdir()):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        target = html if ".htm" in path.name else text
        (target / path.name.removesuffix(".gz")).write_bytes(data)
    print(f"seeded {len(inputs)} credits and the fixture articles into {CORPUS}")


if __name__ == "__main__":
    main()
