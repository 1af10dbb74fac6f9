"""The README tells the truth: its transcripts are what the commands print, its quick start is
what CI runs, and its Python examples run."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credits.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced_blocks(language: str) -> list[str]:
    """The README's fenced code blocks in ``language`` ("" for plain transcripts)."""
    blocks: list[str] = []
    current: list[str] | None = None
    kind = ""
    for line in README.splitlines():
        if not line.startswith("```"):
            if current is not None:
                current.append(line)
        elif current is None:
            current, kind = [], line[3:].strip()
        else:
            if kind == language:
                blocks.append("\n".join(current))
            current = None
    return blocks


def transcripts() -> list[list[tuple[str, str]]]:
    """Each plain block of ``$ credits …`` commands, each with the output shown below it."""
    found: list[list[tuple[str, str]]] = []
    for block in fenced_blocks(""):
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:].strip(), []))
            elif steps:
                steps[-1][1].append(line)
        if steps and all(command.startswith("credits ") for command, _ in steps):
            found.append([(command, "\n".join(output)) for command, output in steps])
    return found


def _normalise(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with the bundled fixtures, as in a fresh clone."""
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_has_transcripts() -> None:
    commands = {command.split()[1] for block in transcripts() for command, _ in block}
    assert {"parse", "check", "scan", "report"} <= commands


@pytest.mark.parametrize("block", transcripts(), ids=lambda block: block[0][0][:40])
def test_transcripts_show_what_the_commands_print(
    block: list[tuple[str, str]], checkout: Path
) -> None:
    for command, expected in block:
        result = CliRunner().invoke(app, shlex.split(command)[1:], env={"COLUMNS": "200"})
        assert result.exit_code in (0, 1), result.output
        assert _normalise(result.stdout) == _normalise(expected), command


def test_quick_start_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [
        line
        for block in quick_start.split("```")[1::2]
        for line in block.splitlines()[1:]
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert len(commands) == 2, commands
    for command in commands:
        assert command in ci, f"README quick start command missing from .ci/run: {command}"


@pytest.mark.parametrize("snippet", fenced_blocks("python"), ids=lambda s: s.splitlines()[0][:40])
def test_python_examples_run(snippet: str, checkout: Path) -> None:
    (checkout / "scrapes").mkdir()
    shutil.copy(ROOT / "fixtures" / "articles" / "001_dpa_regional.txt", checkout / "scrapes")
    exec(compile(snippet, "README.md", "exec"), {})  # the README's own examples
