"""The agency credit report: its rendering, and the report and export commands end to end."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console
from test_stats import ARTICLES
from typer.testing import CliRunner

from credits import report, stats
from credits.catalogue import Catalogue
from credits.cli import app
from credits.errors import CatalogueError

runner = CliRunner()
SEED = "fixtures/articles/000_e85999b2e4e1f203.txt"
SEED_AGENCIES = {"dpa": 12, "AFP": 11, "Imago": 3, stats.NO_AGENCY: 1, stats.NO_CREDIT: 1}


@pytest.fixture(scope="module")
def catalogue_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "catalogue.sqlite"
    with Catalogue(path) as catalogue:
        for article in ARTICLES:
            catalogue.add(article)
    return path


@pytest.fixture(scope="module")
def agency_report(catalogue_path: Path) -> report.Report:
    with Catalogue(catalogue_path) as catalogue:
        return report.build(catalogue.entries(with_image_key=True), "agency")


def test_plain_text_is_aligned_with_headline_total_and_footnote(agency_report) -> None:
    lines = report.render_text(agency_report).splitlines()
    assert lines[0] == (
        "Image credits by agency: 3 articles, 8 image entries, 7 distinct images, "
        "published 2025-08-01 to 2025-09-15 (UTC)"
    )
    header, rule, first = lines[2:5]
    assert header.split()[:2] == ["Agency", "Uses"]
    assert set(rule) == {"-", " "}
    assert first.split() == ["dpa", "3", "2", "2", "2", "33.3%", "2025-08-01", "2025-09-15"]
    assert header.index("Uses") + len("Uses") == first.index(" 3 ") + 2  # numbers right-aligned
    assert lines[-3].split()[:2] == ["all", "9"]
    assert lines[-1].startswith("Missing credit: 1 of 8 entries (12.5%)")


def test_rich_table_has_every_agency_and_the_total(agency_report) -> None:
    console = Console(file=io.StringIO(), width=160, record=True)
    console.print(report.render_table(agency_report))
    text = console.export_text()
    for name in ("dpa", "AFP", "Imago", "Bild Nordost", stats.NO_AGENCY, stats.NO_CREDIT):
        assert name in text
    assert "100.0%" in text and "Missing credit: 1 of 8" in text


@pytest.mark.parametrize(
    ("by", "first_header"),
    [
        ("agency", "Agency"),
        ("photographer", "Photographer"),
        ("article", "Published (UTC)"),
        ("month", "Month (UTC)"),
    ],
)
def test_every_grouping_prints_plain_text_when_piped(catalogue_path, by, first_header) -> None:
    result = runner.invoke(app, ["report", "--db", str(catalogue_path), "--by", by])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Image credits by")
    assert lines[2].startswith(first_header)
    assert not set("│┃━─") & set(result.stdout)  # no box drawing in a pipe


def test_csv_and_json_formats(catalogue_path) -> None:
    as_csv = runner.invoke(app, ["report", "--db", str(catalogue_path), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert {row["agency"]: int(row["uses"]) for row in rows}["dpa"] == 3
    assert rows[0]["first_use"] == "2025-08-01 09:30:00"
    as_json = runner.invoke(app, ["report", "--db", str(catalogue_path), "--format", "json"])
    records = json.loads(as_json.output)
    assert [record["agency"] for record in records] == [row["agency"] for row in rows]
    assert records[0]["first_use"] == "2025-08-01T09:30:00Z"


def test_dates_bound_the_report(catalogue_path) -> None:
    result = runner.invoke(
        app,
        ["report", "--db", str(catalogue_path), "--since", "2025-09-01", "--format", "json"],
    )
    assert {r["agency"]: r["uses"] for r in json.loads(result.output)} == {"dpa": 1, "Imago": 1}
    result = runner.invoke(app, ["report", "--db", str(catalogue_path), "--until", "2025-13-01"])
    assert result.exit_code == 2


def test_seed_article_agency_numbers(tmp_path) -> None:
    workbook = tmp_path / "seed.xlsx"
    result = runner.invoke(app, ["report", SEED, "--format", "json", "--xlsx", str(workbook)])
    assert result.exit_code == 0, result.output
    found = {row["agency"]: row["uses"] for row in json.loads(result.stdout)}
    assert found == SEED_AGENCIES
    sheet = openpyxl.load_workbook(workbook)["Agencies"]
    rows = sheet.iter_rows(min_row=2, values_only=True)
    assert {row[0]: row[1] for row in rows} == SEED_AGENCIES


def test_unreadable_files_are_named_and_nothing_readable_is_exit_2(tmp_path) -> None:
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(app, ["report", str(tmp_path / "absent.txt"), SEED])
    assert result.exit_code == 0
    assert "absent.txt: no such file or folder" in result.stderr
    result = runner.invoke(app, ["report", str(tmp_path / "absent.txt")])
    assert result.exit_code == 2
    assert "nothing could be read" in result.stderr


def test_an_article_the_catalogue_refuses_is_named_and_the_rest_reported(monkeypatch) -> None:
    add = Catalogue.add

    def refuse_the_seed(self: Catalogue, article) -> int:
        if article.source.endswith("000_e85999b2e4e1f203.txt"):
            raise CatalogueError("cannot store article x: its text holds a lone surrogate")
        return add(self, article)

    monkeypatch.setattr(Catalogue, "add", refuse_the_seed)
    other = "fixtures/articles/001_dpa_regional.txt"
    result = runner.invoke(app, ["report", SEED, other, "--format", "json"])
    assert result.exit_code == 0
    assert f"{SEED}: cannot store article x" in result.stderr
    alone = runner.invoke(app, ["report", other, "--format", "json"])
    assert json.loads(result.stdout) == json.loads(alone.stdout)
    assert runner.invoke(app, ["report", SEED]).exit_code == 2


def test_report_without_a_catalogue_is_exit_2(tmp_path) -> None:
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert "credits scan" in result.stderr
    assert not (tmp_path / "none.sqlite").exists()


def test_export_writes_every_format(catalogue_path, tmp_path) -> None:
    targets = ["--xlsx", str(tmp_path / "b.xlsx"), "--csv", str(tmp_path / "csv")]
    targets += ["--json", str(tmp_path / "e.json")]
    result = runner.invoke(app, ["export", "--db", str(catalogue_path), *targets])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(tmp_path / "b.xlsx")["Entries"].max_row == 9
    assert len(json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))) == 8
    assert (tmp_path / "csv" / "agencies.csv").is_file()


def test_export_errors_are_one_line_and_exit_2(catalogue_path, tmp_path) -> None:
    assert runner.invoke(app, ["export", "--db", str(catalogue_path)]).exit_code == 2
    blocker = tmp_path / "file"
    blocker.write_text("x")
    target = str(blocker / "b.xlsx")
    result = runner.invoke(app, ["export", "--db", str(catalogue_path), "--xlsx", target])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "b.xlsx" in result.stderr


@pytest.mark.parametrize("command", ["report", "export"])
def test_help(command) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output
