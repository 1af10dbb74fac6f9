"""Write entries and their statistics as an Excel workbook, CSV files or JSON.

The only module that knows sheets, styles and file formats. Entries arrive as rows in the
order of ``columns.COLUMNS`` (streamed from the catalogue, so a million of them never sit in
memory); the statistics come from a frame of the columns ``stats.WORKBOOK_NEEDS`` names.

Spreadsheet safety, everywhere: text is always stored as text — in the workbook as inline
strings (never a formula, whatever it starts with), in CSV with OWASP's ``'`` prefix before
``= + - @``, tab and CR —; characters XML forbids are removed; text longer than a cell holds
is cut with a marker; only ``http(s)`` URLs become links, at most ``LINK_LIMIT`` per sheet.

Speed: xlsxwriter builds the workbook's frame (styles, Summary sheet and chart, headers,
filters, widths, properties), but the data rows are written here as sheet XML directly and
spliced in: xlsxwriter's own cell API alone costs ~95 s per million entries; the whole
export of a million catalogued entries costs ~42 s of CPU this way.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from . import __version__, stats
from .columns import COLUMNS, IMAGE_KEY, LIST_COLUMNS, LIST_SEPARATOR, join_list
from .errors import ExportError

#: Excel's rows per sheet, header included; a longer sheet continues on "Name (2)".
ROW_LIMIT = 1_048_576
#: Excel's hyperlinks per sheet; later URLs stay plain text.
LINK_LIMIT = 65_530
#: Longest URL Excel accepts as a link.
URL_LIMIT = 2_079
#: Characters (UTF-16 code units) one cell holds.
CELL_LIMIT = 32_767
CUT_MARKER = " […cut: {count} characters]"
#: CSV files carry a byte-order mark so that Excel reads them as UTF-8.
CSV_ENCODING = "utf-8-sig"
TITLE = "Image credit report"
#: Rows read to size the columns (the rest of a long sheet follows the same shape).
WIDTH_SAMPLE = 2_000
MAX_WIDTH = 60

# XML 1.0 forbids C0 controls other than tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text that needs work before it goes into XML: markup characters (& < >), CR (XML readers
# turn a literal one into LF) or forbidden characters. Written as "anything but the plain
# characters", which the regex engine checks faster than a list of the bad ones.
_NEEDS_ESCAPE = re.compile("[^\t\n -%'-;=?-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A URL Excel can open as a link: http(s), no spaces, quotes or angle brackets.
_LINKABLE = re.compile(r"https?://[^\s\"<>\\^`{|}]+", re.IGNORECASE)
_EXCEL_EPOCH = datetime(1899, 12, 30)

Kind = Literal["text", "url", "int", "percent", "date", "datetime", "month"]
# Excel number formats per kind (text and whole numbers need none).
_NUMBER_FORMATS: dict[Kind, str] = {
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "month": "yyyy-mm",
}
_FIXED_WIDTHS: dict[Kind, int] = {"date": 11, "datetime": 16, "month": 8, "percent": 7}


@dataclass(frozen=True, slots=True)
class Column:
    """A sheet column: its header, the value's kind and, for the workbook, its label."""

    name: str
    kind: Kind = "text"
    label: str = ""

    @property
    def header(self) -> str:
        return self.label or self.name


def _columns(*specs: tuple[str, Kind, str]) -> tuple[Column, ...]:
    return tuple(Column(name, kind, label) for name, kind, label in specs)


_ENTRY_KINDS: dict[str, Kind] = {
    "url": "url",
    "published": "datetime",
    "position": "int",
    "line": "int",
}
ENTRY_COLUMNS = tuple(Column(name, _ENTRY_KINDS.get(name, "text")) for name in COLUMNS)
# Missing credits: the problem in words, then what a picture editor needs to find the image.
_MISSING_FIELDS = {
    "article_title": "Article",
    "url": "URL",
    "published": "Published (UTC)",
    "position": "Position",
    "kind": "Kind",
    "title": "Image title",
    "caption": "Caption",
    "credit": "Credit",
    "flags": "Flags",
    "source": "Source file",
    "line": "Line",
}
MISSING_COLUMNS = (
    Column("problem", "text", "Problem"),
    *(
        Column(name, _ENTRY_KINDS.get(name, "text"), label)
        for name, label in _MISSING_FIELDS.items()
    ),
)
_MISSING_PICK = [COLUMNS.index(name) for name in _MISSING_FIELDS]
_FLAGS_AT = COLUMNS.index("flags")

_PERIOD = (("first_use", "date", "First use"), ("last_use", "date", "Last use"))
AGENCY_COLUMNS = _columns(
    ("agency", "text", "Agency"),
    ("uses", "int", "Uses"),
    ("images", "int", "Distinct images"),
    ("articles", "int", "Articles"),
    ("photographers", "int", "Photographers"),
    ("share", "percent", "Share of uses"),
    *_PERIOD,
)
PHOTOGRAPHER_COLUMNS = _columns(
    ("photographer", "text", "Photographer"),
    ("agency", "text", "Agency"),
    ("uses", "int", "Uses"),
    ("images", "int", "Distinct images"),
    ("articles", "int", "Articles"),
    *_PERIOD,
)
ARTICLE_COLUMNS = _columns(
    ("title", "text", "Title"),
    ("url", "url", "URL"),
    ("published", "datetime", "Published (UTC)"),
    ("publisher", "text", "Publisher"),
    ("entries", "int", "Images"),
    ("credited", "int", "Credited"),
    ("missing", "int", "Missing credit"),
    ("flagged", "int", "Other problems"),
    ("agencies", "text", "Agencies"),
    ("article_id", "text", "Article id"),
)
MONTH_COLUMNS = _columns(
    ("month", "month", "Month (UTC)"),
    ("agency", "text", "Agency"),
    ("uses", "int", "Uses"),
    ("images", "int", "Distinct images"),
    ("articles", "int", "Articles"),
)
# The workbook's data sheets in order, and the file names of the CSV export.
_TABLES: tuple[tuple[str, str, tuple[Column, ...], Callable[[pd.DataFrame], pd.DataFrame]], ...] = (
    ("Agencies", "agencies", AGENCY_COLUMNS, stats.by_agency),
    ("Photographers", "photographers", PHOTOGRAPHER_COLUMNS, stats.by_photographer),
    ("Articles", "articles", ARTICLE_COLUMNS, stats.by_article),
)
_MONTHS = ("By month", "by_month", MONTH_COLUMNS, stats.by_month)
ENTRIES_SHEET, MISSING_SHEET = "Entries", "Missing credits"
ENTRIES_FILE, MISSING_FILE = "entries", "missing_credits"
# Bars in the Summary chart; the rest of the agencies are summed into one bar.
CHART_AGENCIES = 15

Row = Sequence[Any]


# -- values ------------------------------------------------------------------------------


def clean_text(value: Any) -> str:
    """A value as cell text: lists joined, characters XML forbids removed, cut (with a
    marker) to what one cell holds. None and NaN become ``""``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = value if isinstance(value, str) else _plain(value)
    if _NEEDS_ESCAPE.search(text):
        text = _ILLEGAL.sub("", text)
    return _cut(text)


def csv_safe(text: str) -> str:
    """Text a spreadsheet opening the CSV cannot run: a formula start gets a ``'`` prefix.

    >>> csv_safe("=HYPERLINK(1)"), csv_safe("Kay Nietfeld")
    ("'=HYPERLINK(1)", 'Kay Nietfeld')
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def is_linkable(url: str) -> bool:
    """True for an http(s) URL Excel can open as a link (short enough, no spaces)."""
    return len(url) <= URL_LIMIT and _LINKABLE.fullmatch(url) is not None


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        try:
            return LIST_SEPARATOR.join(value)
        except TypeError:  # not all str
            return join_list(value)
    if isinstance(value, datetime):
        return _naive_utc(value).isoformat(sep=" ")
    return str(value)


def _cut(text: str) -> str:
    if len(text) <= CELL_LIMIT // 2:  # cannot pass the limit even in UTF-16
        return text
    data = text.encode("utf-16-le", "surrogatepass")
    units = len(data) // 2
    if units <= CELL_LIMIT:
        return text
    kept = data[: 2 * (CELL_LIMIT - len(CUT_MARKER.format(count=units)))]
    if 0xD8 <= kept[-1] <= 0xDB:  # never split a surrogate pair: drop its first half
        kept = kept[:-2]
    marker = CUT_MARKER.format(count=units - len(kept) // 2)
    return kept.decode("utf-16-le", "surrogatepass") + marker


def _escape(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    text = _ILLEGAL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _moment(value: Any) -> datetime | None:
    """A date-like value as naive UTC, or None (unknown, NaT, unparseable)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    elif isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if not isinstance(value, datetime):
        if not isinstance(value, date):
            return None
        value = datetime(value.year, value.month, value.day)
    return _naive_utc(value)


def _serial(value: Any) -> float | None:
    """An Excel date serial, or None when the value is no date Excel can show."""
    moment = _naive_utc(value) if type(value) is datetime else _moment(value)
    if moment is None or not 1900 <= moment.year <= 9999:
        return None
    return (moment - _EXCEL_EPOCH).total_seconds() / 86_400


def _number(value: Any) -> str | None:
    if type(value) is int:
        return str(value)
    if value is None or isinstance(value, str):
        return None
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return None
    return str(int(number)) if number.is_integer() and abs(number) < 2**53 else repr(number)


# -- sheet data --------------------------------------------------------------------------


@dataclass
class _Part:
    """One worksheet's data rows as sheet XML in a temporary file, and what the frame
    around them needs: row count, links and column widths."""

    name: str
    columns: tuple[Column, ...]
    path: Path
    rows: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)


# Column kinds as the row loop sees them.
_TEXT, _URL, _NUMBER, _DATE = range(4)
_CODES: dict[Kind, int] = {
    "text": _TEXT,
    "url": _URL,
    "int": _NUMBER,
    "percent": _NUMBER,
    "date": _DATE,
    "datetime": _DATE,
    "month": _DATE,
}
# An inline string: Excel never reads it as a formula, whatever it starts with.
_INLINE = '" t="inlineStr"><is><t xml:space="preserve">'
_INLINE_END = "</t></is></c>"


class _SheetWriter:
    """Streams rows into sheet XML, starting a new part (``Name (2)``…) at the row limit.

    The row loop is the export's hot path (17 million cells per million entries): values
    go into the XML as they are unless the row's texts, checked in one go, hold a
    character that needs work; then the row is built again with every text escaped.
    """

    def __init__(
        self, name: str, columns: tuple[Column, ...], styles: dict[Kind, int], folder: Path
    ) -> None:
        self.name, self.columns, self.folder = name, columns, folder
        self.parts: list[_Part] = []
        self._codes = [_CODES[column.kind] for column in columns]
        # Per column: kind, the cell's opening up to the row number, and what follows it.
        self._cells = [
            (code, f'<c r="{xl_col_to_name(index)}', _after_ref(code, styles.get(column.kind)))
            for index, (code, column) in enumerate(zip(self._codes, columns, strict=True))
        ]
        self._link = f'" s="{styles["url"]}"{_INLINE[1:]}'
        self._file: IO[str] | None = None
        self._batch: list[str] = []
        self._start_part()

    def _start_part(self) -> None:
        self.close()
        number = len(self.parts) + 1
        name = self.name if number == 1 else f"{self.name} ({number})"
        handle, path = tempfile.mkstemp(suffix=".xml", dir=self.folder)
        part = _Part(name, self.columns, Path(path))
        part.widths = [len(column.header) for column in self.columns]
        self.parts.append(part)
        self._part = part
        os.close(handle)
        self._file = part.path.open("w", encoding="utf-8", newline="")

    def write(self, rows: Iterable[Row]) -> None:
        """Add rows (values in the order of the columns)."""
        for row in rows:
            self.add(row)

    def add(self, row: Row) -> None:
        """Add one row."""
        part = self._part
        if part.rows >= ROW_LIMIT - 1:
            self._start_part()
            part = self._part
        part.rows += 1
        number = str(part.rows + 1)
        if part.rows <= WIDTH_SAMPLE:
            self._measure(row)
        xml, links, texts = self._row(number, row, escape=False)
        if _NEEDS_ESCAPE.search("".join(texts)):
            xml, links, texts = self._row(number, row, escape=True)
        part.links += links
        self._batch.append(xml)
        if len(self._batch) >= 1_000:
            self._flush()

    def _row(
        self, number: str, row: Row, *, escape: bool
    ) -> tuple[str, list[tuple[str, str]], list[str]]:
        """One ``<row>``, the links in it (cell reference, URL) and its texts as written."""
        cells = [f'<row r="{number}">']
        links: list[tuple[str, str]] = []
        texts: list[str] = []
        room = LINK_LIMIT - len(self._part.links)
        for (code, start, after), value in zip(self._cells, row, strict=True):
            if value is None:
                continue
            if code >= _NUMBER:
                shown = _number(value) if code == _NUMBER else _serial_text(value)
                if shown is not None:
                    cells.append(f"{start}{number}{after}{shown}</v></c>")
                    continue
                if _is_missing(value):
                    continue
            middle = _INLINE  # text, or a number or date column holding something else
            kind = type(value)
            if kind is str:
                text = value
            elif (kind is list or kind is tuple) and all(type(item) is str for item in value):
                text = LIST_SEPARATOR.join(value)
            else:
                text = _text(value)
            if not text:
                continue
            if len(text) > CELL_LIMIT // 2:
                text = _cut(text)
            if code == _URL and len(links) < room and is_linkable(text):
                links.append((start[6:] + number, text))
                middle = self._link
            if escape:
                text = _escape(text)
            texts.append(text)
            cells.append(f"{start}{number}{middle}{text}{_INLINE_END}")
        cells.append("</row>")
        return "".join(cells), links, texts

    def _flush(self) -> None:
        if self._file is not None and self._batch:
            self._file.write("".join(self._batch))
        self._batch = []

    def close(self) -> None:
        """Finish the current part's file."""
        self._flush()
        if self._file is not None:
            self._file.close()
            self._file = None

    def _measure(self, row: Row) -> None:
        widths = self._part.widths
        for index, (code, value) in enumerate(zip(self._codes, row, strict=True)):
            if code <= _URL:
                longest = max((len(line) for line in clean_text(value).split("\n")), default=0)
                widths[index] = max(widths[index], longest)
            elif code == _NUMBER and value is not None:
                widths[index] = max(widths[index], len(_number(value) or ""))


def _after_ref(code: int, style: int | None) -> str:
    """What follows the row number in a cell of this kind: its style and value opening."""
    if code < _NUMBER:
        return _INLINE
    return f'" s="{style}"><v>' if style else '"><v>'


@lru_cache(maxsize=4_096)
def _problem(flags: tuple[str, ...]) -> str | None:
    """``stats.problem_of``, once per distinct set of flags (it runs for every entry)."""
    return stats.problem_of(flags)


def _text(value: Any) -> str:
    """A value that is not a str as cell text (lists joined; NaN and NaT empty)."""
    return "" if _is_missing(value) else _plain(value)


def _serial_text(value: Any) -> str | None:
    if type(value) is datetime and value.tzinfo is UTC and value.year >= 1900:  # catalogue
        return repr((value.replace(tzinfo=None) - _EXCEL_EPOCH).total_seconds() / 86_400)
    serial = _serial(value)
    return None if serial is None else repr(serial)


def _is_missing(value: Any) -> bool:
    return value is pd.NaT or (isinstance(value, float) and math.isnan(value))


# -- the workbook ------------------------------------------------------------------------


def write_workbook(
    path: str | Path,
    rows: Iterable[Row],
    *,
    title: str = TITLE,
    created: datetime | None = None,
) -> Path:
    """Write the rights-management workbook to ``path`` (atomically: replaced only when
    complete) and return the path.

    ``rows`` are the entries, values in ``COLUMNS`` order, optionally followed by the image
    key (``Catalogue.iter_rows(with_image_key=True)``; without it every entry counts as its
    own image). They are read once, as a stream: the Entries and Missing credits sheets are
    written and the statistics collected in the same pass. Raises ExportError when the file
    cannot be written.
    """
    target = Path(path)
    created = created or datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="credits-") as scratch:
        folder = Path(scratch)
        book = io.BytesIO()
        workbook = xlsxwriter.Workbook(book, {"in_memory": True, "strings_to_urls": False})
        styles = _register_styles(workbook)
        entries, streamed = _write_entries(rows, styles, folder)
        tables = {name: table(entries) for name, _, _, table in (*_TABLES, _MONTHS)}
        parts = [
            *(_table_part(tables, sheet, styles, folder) for sheet in _TABLES),
            *streamed,
            _table_part(tables, _MONTHS, styles, folder),
        ]
        _write_frame(workbook, stats.totals(entries), tables[_TABLES[0][0]], parts, created)
        workbook.set_properties(
            {
                "title": title,
                "subject": "Image credits: agencies, photographers, missing credits",
                "author": "credits",
                "comments": f"Written by credits {__version__}",
                "created": _naive_utc(created),
            }
        )
        try:
            workbook.close()
        except Exception as error:  # xlsxwriter raises its own classes and OSError
            raise ExportError(f"{target}: cannot write workbook: {error}") from None
        sheet_files = {
            part.name: f"xl/worksheets/sheet{number}.xml"
            for number, sheet in enumerate(workbook.worksheets(), start=1)
            for part in parts
            if part.name == sheet.name
        }
        with _replacing(target) as stream:
            _assemble(book, parts, sheet_files, stream)
    return target


def _register_styles(workbook: xlsxwriter.Workbook) -> dict[Kind, int]:
    """The cell styles the data rows use, with their numbers in the workbook's style table.

    xlsxwriter numbers formats in order of first use; using them here, before anything
    else, fixes their numbers before the data rows (written outside xlsxwriter) need them.
    """
    formats: dict[Kind, Any] = {
        kind: workbook.add_format({"num_format": number_format})
        for kind, number_format in _NUMBER_FORMATS.items()
    }
    formats["url"] = workbook.add_format({"font_color": "#0563C1", "underline": 1})
    return {kind: fmt._get_xf_index() for kind, fmt in formats.items()}


def _write_entries(
    rows: Iterable[Row], styles: dict[Kind, int], folder: Path
) -> tuple[pd.DataFrame, list[_Part]]:
    """The Entries and Missing credits sheets' rows, as XML in ``folder``, and the
    statistics frame collected on the way."""
    entry_writer = _SheetWriter(ENTRIES_SHEET, ENTRY_COLUMNS, styles, folder)
    missing_writer = _SheetWriter(MISSING_SHEET, MISSING_COLUMNS, styles, folder)
    collector = _Collector()
    for row in rows:
        entry_writer.add(row[: len(COLUMNS)])
        collector.add(row)
        problem = _problem(tuple(row[_FLAGS_AT]))
        if problem is not None:
            missing_writer.add([problem, *(row[index] for index in _MISSING_PICK)])
    entry_writer.close()
    missing_writer.close()
    return collector.frame(), [*entry_writer.parts, *missing_writer.parts]


def _table_part(
    tables: dict[str, pd.DataFrame],
    sheet: tuple[str, str, tuple[Column, ...], Any],
    styles: dict[Kind, int],
    folder: Path,
) -> _Part:
    name, _, columns, _ = sheet
    writer = _SheetWriter(name, columns, styles, folder)
    writer.write(_table_rows(tables[name], columns))
    writer.close()
    (part,) = writer.parts  # statistics tables stay far below the row limit
    return part


class _Collector:
    """The statistics frame (``stats.WORKBOOK_NEEDS`` and the image key), gathered from
    entry rows as they stream past. Equal values are stored once (an article's URL and
    title, a credit's agency list), so a million entries take little memory."""

    _NAMES = (*stats.WORKBOOK_NEEDS, IMAGE_KEY)

    def __init__(self) -> None:
        self._fields = [
            (COLUMNS.index(name), name in LIST_COLUMNS) for name in stats.WORKBOOK_NEEDS
        ]
        self._columns: list[list[Any]] = [[] for _ in self._NAMES]
        self._memos: list[dict[Any, Any]] = [{} for _ in self._NAMES]

    def add(self, row: Row) -> None:
        """Keep the statistics' values of one entry row."""
        for (at, is_list), column, memo in zip(
            self._fields, self._columns, self._memos, strict=False
        ):
            value = tuple(row[at]) if is_list else row[at]
            column.append(memo.setdefault(value, value))
        images = self._columns[-1]
        images.append(row[len(COLUMNS)] if len(row) > len(COLUMNS) else len(images))

    def frame(self) -> pd.DataFrame:
        """The collected entries as a frame for the ``stats`` functions."""
        data = {}
        for name, column in zip(self._NAMES, self._columns, strict=True):
            values = np.empty(len(column), dtype=object)
            for position, value in enumerate(column):  # numpy would unpack tuples
                values[position] = value
            data[name] = values
        return stats.compact(pd.DataFrame(data, columns=list(self._NAMES)))


def _table_rows(table: pd.DataFrame, columns: tuple[Column, ...]) -> Iterator[Row]:
    frame = table[[column.name for column in columns]].astype(object)
    return frame.where(frame.notna(), None).itertuples(index=False, name=None)


def _write_frame(
    workbook: xlsxwriter.Workbook,
    totals: stats.Totals,
    agencies: pd.DataFrame,
    parts: list[_Part],
    created: datetime,
) -> None:
    """Everything but the data rows: the Summary sheet, headers, widths, filters, print
    layout."""
    header = {"bold": True, "bottom": 1, "bg_color": "#F2F2F2"}
    bold = workbook.add_format(header)
    bold_right = workbook.add_format({**header, "align": "right"})  # over numbers
    _write_summary(workbook, totals, agencies, created, bold)
    column_formats = {
        kind: workbook.add_format({"num_format": number_format})
        for kind, number_format in _NUMBER_FORMATS.items()
    }
    for part in parts:
        sheet = workbook.add_worksheet(part.name)
        for index, column in enumerate(part.columns):
            numeric = _CODES[column.kind] == _NUMBER
            sheet.write_string(0, index, column.header, bold_right if numeric else bold)
            content = _FIXED_WIDTHS.get(column.kind, min(part.widths[index], MAX_WIDTH))
            # Room for the header and its filter button.
            width = max(content, len(column.header) + 3) + 1
            sheet.set_column(index, index, width, column_formats.get(column.kind))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, part.rows, len(part.columns) - 1)
        _print_layout(sheet)


def _print_layout(sheet: Any) -> None:
    """Printed: landscape, as wide as one page, the header row on every page."""
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _write_summary(
    workbook: xlsxwriter.Workbook,
    totals: stats.Totals,
    agencies: pd.DataFrame,
    created: datetime,
    bold: Any,
) -> None:
    """The Summary sheet: headline numbers, the uses per agency and a bar chart of them."""
    sheet = workbook.add_worksheet("Summary")
    day = workbook.add_format({"num_format": "yyyy-mm-dd", "align": "left"})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm", "align": "left"})
    share = workbook.add_format({"num_format": "0.0%", "align": "left"})
    count = workbook.add_format({"num_format": "#,##0", "align": "left"})
    measures: list[tuple[str, float | None, Any]] = [
        ("Report written (UTC)", _serial(created), moment),
        ("First publication (UTC)", _serial(totals.first), day),
        ("Last publication (UTC)", _serial(totals.last), day),
        ("Articles", totals.articles, count),
        ("Image entries", totals.entries, count),
        ("Distinct images", totals.images, count),
        ("Credited entries", totals.credited, count),
        ("Entries without credit", totals.missing, count),
        ("Missing-credit rate", totals.missing_rate, share),
        ("Other credit problems", totals.flagged, count),
        ("Agencies", totals.agencies, count),
        ("Photographers", totals.photographers, count),
    ]
    sheet.write_string(0, 0, "Measure", bold)
    sheet.write_string(0, 1, "Value", bold)
    for row, (label, value, cell_format) in enumerate(measures, start=1):
        sheet.write_string(row, 0, label)
        if value is None:
            sheet.write_string(row, 1, "—")
        else:
            sheet.write_number(row, 1, value, cell_format)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(measures), 1)
    _print_layout(sheet)

    top = _chart_rows(agencies)
    first = len(measures) + 3
    for index, header in enumerate(("Agency", "Uses", "Share of uses")):
        sheet.write_string(first - 1, index, header, bold)
    for row, (name, uses, fraction) in enumerate(top, start=first):
        sheet.write_string(row, 0, clean_text(name))
        sheet.write_number(row, 1, uses, count)
        sheet.write_number(row, 2, fraction, share)
    sheet.set_column(0, 0, max([26, *(len(name) + 2 for name, _, _ in top)]))
    sheet.set_column(1, 2, 16)
    if top:
        sheet.insert_chart(1, 4, _agency_chart(workbook, top, first))


def _agency_chart(
    workbook: xlsxwriter.Workbook, top: list[tuple[str, int, float]], first: int
) -> Any:
    """A bar per agency (the table's rows from ``first`` on), largest at the top; the
    ``(missing)`` bar red, ``(none)`` grey."""
    colours = {stats.NO_CREDIT: "#C00000", stats.NO_AGENCY: "#A6A6A6"}
    chart = workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Uses",
            "categories": ["Summary", first, 0, first + len(top) - 1, 0],
            "values": ["Summary", first, 1, first + len(top) - 1, 1],
            "data_labels": {"value": True},
            "fill": {"color": "#2F5597"},
            "gap": 60,
            "points": [
                {"fill": {"color": colours[name]}} if name in colours else None
                for name, _, _ in top
            ],
        }
    )
    chart.set_title({"name": "Uses per agency", "name_font": {"size": 12}})
    chart.set_legend({"none": True})
    # Categories top-down as in the table, with the value axis kept at the bottom.
    chart.set_y_axis({"reverse": True, "crossing": "max"})
    chart.set_x_axis({"major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_size({"width": 640, "height": max(300, 22 * len(top) + 90)})
    return chart


def _chart_rows(agencies: pd.DataFrame) -> list[tuple[str, int, float]]:
    """The agencies for the chart: the biggest, the rest summed, then the placeholders."""
    rows = list(agencies[["agency", "uses", "share"]].itertuples(index=False, name=None))
    named = [row for row in rows if row[0] not in (stats.NO_AGENCY, stats.NO_CREDIT)]
    placeholders = [row for row in rows if row[0] in (stats.NO_AGENCY, stats.NO_CREDIT)]
    if len(named) > CHART_AGENCIES:
        rest = named[CHART_AGENCIES - 1 :]
        label = f"{len(rest)} other agencies"
        named = [
            *named[: CHART_AGENCIES - 1],
            (label, sum(row[1] for row in rest), sum(row[2] for row in rest)),
        ]
    return [(str(name), int(uses), float(share)) for name, uses, share in named + placeholders]


def _assemble(
    book: io.BytesIO, parts: list[_Part], sheet_files: dict[str, str], stream: IO[bytes]
) -> None:
    """The final file: xlsxwriter's members, with each data part's rows spliced into its
    sheet and its links added."""
    by_file = {sheet_files[part.name]: part for part in parts}
    with (
        zipfile.ZipFile(book) as frame,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for info in frame.infolist():
            data = frame.read(info)
            part = by_file.get(info.filename)
            if part is None:
                out.writestr(info.filename, data)
                continue
            _splice(out, info.filename, data.decode("utf-8"), part)


def _splice(out: zipfile.ZipFile, name: str, frame_xml: str, part: _Part) -> None:
    head, tail = frame_xml.split("</sheetData>", 1)
    last = xl_col_to_name(len(part.columns) - 1) + str(part.rows + 1)
    head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', head, count=1)
    if part.links:
        links = "".join(
            f'<hyperlink ref="{ref}" r:id="rId{number}"/>'
            for number, (ref, _) in enumerate(part.links, start=1)
        )
        # <hyperlinks> goes right before the print settings (the schema fixes the order).
        anchor = "<printOptions" if "<printOptions" in tail else "<pageMargins"
        tail = tail.replace(anchor, f"<hyperlinks>{links}</hyperlinks>{anchor}", 1)
        folder, file = name.rsplit("/", 1)
        out.writestr(f"{folder}/_rels/{file}.rels", _link_relations(part.links))
    with out.open(name, "w", force_zip64=True) as member:
        member.write(head.encode("utf-8"))
        with part.path.open("rb") as rows:
            shutil.copyfileobj(rows, member, 1 << 20)
        member.write(f"</sheetData>{tail}".encode())


def _link_relations(links: list[tuple[str, str]]) -> str:
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
    relations = "".join(
        f'<Relationship Id="rId{number}" Type="{kind}" '
        f'Target="{_escape(url).replace(chr(34), "&quot;")}" TargetMode="External"/>'
        for number, (_, url) in enumerate(links, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{relations}</Relationships>"
    )


# -- CSV and JSON ------------------------------------------------------------------------


def write_csv(folder: str | Path, rows: Iterable[Row]) -> Path:
    """Write one CSV file per table into ``folder``: ``entries.csv``,
    ``missing_credits.csv``, ``agencies.csv``, ``photographers.csv``, ``articles.csv`` and
    ``by_month.csv``. UTF-8 with a byte-order mark (so Excel reads it right), lists joined
    with ``; ``, formula starts prefixed with ``'``. ``rows`` as for ``write_workbook``.
    Returns the folder."""
    target = Path(folder)
    collector = _Collector()
    with (
        _replacing(target / f"{ENTRIES_FILE}.csv", CSV_ENCODING) as entry_stream,
        _replacing(target / f"{MISSING_FILE}.csv", CSV_ENCODING) as missing_stream,
    ):
        entry_out = csv.writer(entry_stream, lineterminator="\r\n")
        missing_out = csv.writer(missing_stream, lineterminator="\r\n")
        entry_out.writerow(COLUMNS)
        missing_out.writerow([column.name for column in MISSING_COLUMNS])
        for row in rows:
            entry_out.writerow([_csv_cell(value) for value in row[: len(COLUMNS)]])
            collector.add(row)
            problem = _problem(tuple(row[_FLAGS_AT]))
            if problem is not None:
                picked = [problem, *(row[index] for index in _MISSING_PICK)]
                missing_out.writerow([_csv_cell(value) for value in picked])
    entries = collector.frame()
    for _, file, columns, table in (*_TABLES, _MONTHS):
        with _replacing(target / f"{file}.csv", CSV_ENCODING) as stream:
            _write_csv_rows(stream, [c.name for c in columns], _table_rows(table(entries), columns))
    return target


def write_csv_table(stream: IO[str], table: pd.DataFrame) -> None:
    """One statistics table as CSV text (the report's ``--format csv``)."""
    columns = tuple(Column(name) for name in table.columns)
    _write_csv_rows(stream, list(table.columns), _table_rows(table, columns), "\n")


def _write_csv_rows(
    stream: IO[str], header: list[str], rows: Iterable[Row], end: str = "\r\n"
) -> None:
    writer = csv.writer(stream, lineterminator=end)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])


def _csv_cell(value: Any) -> Any:
    if value is None or _is_missing(value):
        return ""
    if isinstance(value, bool | int | float | np.integer | np.floating):
        return value
    if isinstance(value, datetime | date | np.datetime64):
        moment = _moment(value)
        return "" if moment is None else moment.isoformat(sep=" ")
    return csv_safe(clean_text(value))


def write_json(path: str | Path, rows: Iterable[Row]) -> Path:
    """Write the entries as a JSON array of objects with the ``COLUMNS`` keys: lists as
    arrays, times as ISO 8601 UTC. ``rows`` as for ``write_workbook``; streamed, one entry
    per line. Returns the path."""
    target = Path(path)
    with _replacing(target, "utf-8") as stream:
        stream.write("[")
        for number, row in enumerate(rows):
            values = (_json_value(value) for value in row[: len(COLUMNS)])
            record = dict(zip(COLUMNS, values, strict=True))
            stream.write((",\n" if number else "\n") + json.dumps(record, ensure_ascii=False))
        stream.write("\n]\n")
    return target


def json_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """A statistics table as JSON-ready records (times ISO 8601, NaN as null)."""
    columns = list(table.columns)
    return [
        dict(zip(columns, (_json_value(value) for value in row), strict=True))
        for row in _table_rows(table, tuple(Column(name) for name in columns))
    ]


def _json_value(value: Any) -> Any:
    if value is None or _is_missing(value):
        return None
    if isinstance(value, list | tuple):
        return [clean_text(item) for item in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, datetime | date | np.datetime64):
        moment = _moment(value)
        return None if moment is None else moment.isoformat() + "Z"
    if isinstance(value, str):
        return clean_text(value)
    return value


# -- files -------------------------------------------------------------------------------


@contextmanager
def _replacing(target: Path, encoding: str | None = None) -> Iterator[IO[Any]]:
    """A file to write ``target`` through (text when ``encoding`` is given): a temporary
    file beside it, renamed into place only when complete, so a failed or interrupted
    export never leaves half a file. Errors become ExportError naming the file."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"{target}: cannot create folder: {error.strerror or error}") from None
    try:
        if encoding is None:
            with partial.open("wb") as stream:
                yield stream
        else:
            with partial.open("w", encoding=encoding, newline="") as stream:
                yield stream
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ExportError(f"{target}: cannot write: {error.strerror or error}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


__all__ = [
    "CELL_LIMIT",
    "ENTRY_COLUMNS",
    "LINK_LIMIT",
    "ROW_LIMIT",
    "clean_text",
    "csv_safe",
    "is_linkable",
    "json_records",
    "write_csv",
    "write_csv_table",
    "write_json",
    "write_workbook",
]
