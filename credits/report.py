"""The agency credit report for people and scripts: a rich table on a terminal, aligned
plain text when piped, or CSV / JSON.

``build`` turns an entries frame into a :class:`Report` (via ``stats``); the ``render_*``
functions only present it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from rich.table import Table
from rich.text import Text

from . import export, stats
from .export import Column

Format = Literal["table", "csv", "json"]

# The columns a terminal shows per grouping (labels and kinds as in the workbook); the
# CSV and JSON outputs carry every column of the statistics table.
_SHOWN: dict[stats.Grouping, tuple[str, ...]] = {
    "agency": (
        "agency", "uses", "images", "articles", "photographers", "share", "first_use", "last_use",
    ),
    "photographer": ("photographer", "agency", "uses", "images", "articles", "last_use"),
    "article": ("published", "title", "entries", "credited", "missing", "flagged", "agencies"),
    "month": ("month", "agency", "uses", "images", "articles"),
}  # fmt: skip
_SPECS: dict[stats.Grouping, tuple[Column, ...]] = {
    "agency": export.AGENCY_COLUMNS,
    "photographer": export.PHOTOGRAPHER_COLUMNS,
    "article": export.ARTICLE_COLUMNS,
    "month": export.MONTH_COLUMNS,
}
_TITLES: dict[stats.Grouping, str] = {
    "agency": "Image credits by agency",
    "photographer": "Image credits by photographer and agency",
    "article": "Image credits by article",
    "month": "Image credits by month and agency",
}
_TABLES = {
    "agency": stats.by_agency,
    "photographer": stats.by_photographer,
    "article": stats.by_article,
    "month": stats.by_month,
}
_PLACEHOLDERS = (stats.NO_AGENCY, stats.NO_CREDIT)
_LONGEST_TEXT = 48  # characters of a title or list shown in the plain text table


@dataclass(frozen=True, slots=True)
class Report:
    """One grouping's statistics table and the headline totals."""

    by: stats.Grouping
    table: pd.DataFrame
    totals: stats.Totals

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns shown on a terminal, in order."""
        specs = {column.name: column for column in _SPECS[self.by]}
        return tuple(specs[name] for name in _SHOWN[self.by])


def build(entries: pd.DataFrame, by: stats.Grouping = "agency") -> Report:
    """The report on ``entries`` (a frame with the columns ``stats.NEEDS[by]`` names)."""
    entries = stats.compact(entries)
    return Report(by, _TABLES[by](entries), stats.totals(entries))


def headline(report: Report) -> str:
    """One line: what was counted and the period covered."""
    totals = report.totals
    articles = _plural(totals.articles, "article")
    period = ""
    if totals.first is not None and totals.last is not None:
        period = f", published {_day(totals.first)} to {_day(totals.last)} (UTC)"
    return (
        f"{_TITLES[report.by]}: {articles}, {_plural(totals.entries, 'image entry')}, "
        f"{_plural(totals.images, 'distinct image')}{period}"
    )


def footnote(report: Report) -> str:
    """One line on what needs a rights manager's attention."""
    totals = report.totals
    if not totals.entries:
        return "No image entries."
    return (
        f"Missing credit: {totals.missing:,} of {totals.entries:,} entries "
        f"({totals.missing_rate:.1%}); other credit problems: {totals.flagged:,} "
        "(photographer only, unknown agency, malformed)."
    )


def render_table(report: Report) -> Table:
    """The report as a rich table, for a terminal."""
    table = Table(
        title=headline(report),
        title_justify="left",
        caption=footnote(report),
        caption_justify="left",
        show_footer=report.by == "agency",
        header_style="bold",
    )
    footer = _total_row(report)
    for index, column in enumerate(report.columns):
        numeric = column.kind in ("int", "percent")
        table.add_column(
            column.header,
            justify="right" if numeric else "left",
            footer=footer[index] if footer else "",
            overflow="fold",
            max_width=None if numeric else _LONGEST_TEXT,
        )
    for values in _cells(report):
        style = "dim italic" if values[0] in _PLACEHOLDERS or values[1] in _PLACEHOLDERS else ""
        if values[0] == stats.NO_CREDIT:
            style = "bold red"
        table.add_row(*(Text(value) for value in values), style=style)
    return table


def render_text(report: Report, output: Format = "table") -> str:
    """The report as text: an aligned plain table (for pipes and files), CSV or JSON."""
    if output == "csv":
        stream = io.StringIO()
        export.write_csv_table(stream, report.table)
        return stream.getvalue()
    if output == "json":
        return json.dumps(export.json_records(report.table), ensure_ascii=False, indent=2) + "\n"
    headers = [column.header for column in report.columns]
    rows = [[_clip(value) for value in values] for values in _cells(report)]
    footer = _total_row(report)
    body = [headers, *rows, *([footer] if footer else [])]
    widths = [max(len(row[index]) for row in body) for index in range(len(headers))]
    right = [column.kind in ("int", "percent") for column in report.columns]
    lines = [_line(headers, widths, right), _line(["-" * w for w in widths], widths, right)]
    lines += [_line(row, widths, right) for row in rows]
    if footer:
        lines += [_line(["-" * w for w in widths], widths, right), _line(footer, widths, right)]
    return "\n".join([headline(report), "", *lines, "", footnote(report)]) + "\n"


def _cells(report: Report) -> list[list[str]]:
    names = [column.name for column in report.columns]
    kinds = [column.kind for column in report.columns]
    return [
        [_show(value, kind) for value, kind in zip(row, kinds, strict=True)]
        for row in report.table[names].itertuples(index=False, name=None)
    ]


def _total_row(report: Report) -> list[str]:
    """The agency report's last line: all uses, and distinct counts over everything."""
    if report.by != "agency":
        return []
    totals = report.totals
    values = {
        "agency": "all",
        "uses": f"{int(report.table['uses'].sum()):,}",
        "images": f"{totals.images:,}",
        "articles": f"{totals.articles:,}",
        "photographers": f"{totals.photographers:,}",
        "share": "100.0%" if len(report.table) else "",
        "first_use": _day(totals.first),
        "last_use": _day(totals.last),
    }
    return [values[column.name] for column in report.columns]


def _show(value: Any, kind: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "percent":
        return f"{float(value):.1%}"
    if kind == "month":
        return pd.Timestamp(value).strftime("%Y-%m")
    if kind == "date":
        return _day(value)
    if kind == "datetime":
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    return " ".join(export.clean_text(value).split())  # one line per row


def _day(value: Any) -> str:
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _clip(text: str) -> str:
    return text if len(text) <= _LONGEST_TEXT else text[: _LONGEST_TEXT - 1] + "…"


def _line(values: Sequence[str], widths: Sequence[int], right: Sequence[bool]) -> str:
    cells = (
        value.rjust(width) if is_right else value.ljust(width)
        for value, width, is_right in zip(values, widths, right, strict=True)
    )
    return "  ".join(cells).rstrip()


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count:,} {plural}"
