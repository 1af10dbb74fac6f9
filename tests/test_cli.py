"""The command line, end to end through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from credits import __version__
from credits.cli import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"credits {__version__}"


COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_documented_commands_exist() -> None:
    assert COMMANDS == ["agencies", "check", "export", "parse", "report", "scan"]


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
    assert "-h, --help" in result.output


def test_parse_shows_fields_and_flags() -> None:
    result = runner.invoke(app, ["parse", "Helsinki. © Joonas SaloIlta-Sanomat/Imago"])
    assert result.exit_code == 0
    assert "Joonas SaloIlta-Sanomat" in result.output
    assert "Imago" in result.output
    assert "suspicious" in result.output
    assert "Helsinki." in result.output


def test_parse_json_and_no_credit() -> None:
    result = runner.invoke(app, ["parse", "--json", "© Petras Malukas/AFP", "laut AFP"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data[0]["credit"]["photographers"] == ["Petras Malukas"]
    assert data[0]["credit"]["agencies"] == ["AFP"]
    assert data[1]["credit"] is None


def test_parse_reads_stdin() -> None:
    result = runner.invoke(app, ["parse", "--json", "-"], input="© dpa\n\n© Imago\n")
    assert [item["credit"]["agencies"] for item in json.loads(result.output)] == [
        ["dpa"],
        ["Imago"],
    ]


def test_agencies_lists_and_resolves_aliases() -> None:
    result = runner.invoke(app, ["agencies", "--json", "picture-alliance", "EPA-EFE"])
    assert result.exit_code == 0
    assert [org["name"] for org in json.loads(result.output)] == ["picture alliance", "EPA"]
    assert runner.invoke(app, ["agencies", "Nonexistent Press"]).exit_code == 1
    full = runner.invoke(app, ["agencies"])
    assert full.exit_code == 0 and "Getty Images" in full.output


def test_user_agencies_file_is_used(tmp_path: Path) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text(
        '[[organisation]]\nname = "Nordlicht Bilder"\nkind = "publisher"\ncountry = "NO"\n'
        "tier = 0\naliases = []\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["parse", "--json", "--agencies", str(extra), "Joonas Salo/Nordlicht Bilder/Imago"]
    )
    credit = json.loads(result.output)[0]["credit"]
    assert credit["agencies"] == ["Nordlicht Bilder"]
    assert "unknown_agency" not in credit["flags"]


def test_bad_agencies_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[organisation]]\nname = "X"\n', encoding="utf-8")
    result = runner.invoke(app, ["parse", "--agencies", str(bad), "© dpa"])
    assert result.exit_code == 2
    assert "bad.toml" in result.output and "missing key 'kind'" in result.output
    assert "Traceback" not in result.output
