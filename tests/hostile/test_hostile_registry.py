"""A registry file given with ``--agencies`` is trusted configuration, but validated: a bad one
stops the command with exit code 2 and one line naming the file, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile.bounded import run_bounded
from typer.testing import CliRunner

from credits.cli import app

ORG = '[[organisation]]\nname = "{name}"\nkind = "agency"\ncountry = "DE"\ntier = 0\n'
ORG_X = ORG.format(name="X")
CASES = [
    # name, content, expected exit code, defect
    ("not-utf8.toml", bytes(range(256)), 2, None),
    ("not-toml.toml", b"this is = = not toml [", 2, None),
    ("wrong-types.toml", b'[[organisation]]\nname = 5\nkind = "agency"\ntier = "x"\n', 2, None),
    ("empty-aliases.toml", (ORG.format(name="X") + 'aliases = ["", " "]\n').encode(), 2, None),
    ("organisation-a-string.toml", b'organisation = "dpa"\n', 2, None),
    ("huge-alias.toml", f'{ORG_X}aliases = ["{"A" * 1_000_000}"]\n'.encode(), 0, None),
    ("deep-arrays.toml", (ORG_X + "aliases = " + "[" * 5000 + "]" * 5000).encode(), 2, None),
    ("deep-tables.toml", ("a = " + "{b = " * 5000 + "1" + "}" * 5000 + "\n").encode(), 2, None),
]  # fmt: skip


def _parse_with(registry: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["parse", "--agencies", str(registry), "© Kay Nietfeld/dpa"])
    return result.exit_code, result.output + (repr(result.exception) if result.exception else "")


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        pytest.param(
            name, content, code, id=name,
            marks=[pytest.mark.xfail(strict=True, reason=defect)] if defect else [],
        )
        for name, content, code, defect in CASES
    ],
)  # fmt: skip
def test_bad_registry_is_one_clear_line(
    tmp_path: Path, name: str, content: bytes, code: int
) -> None:
    registry = tmp_path / name
    registry.write_bytes(content)
    outcome = run_bounded(_parse_with, registry, timeout=10)
    assert outcome.kind == "ok", str(outcome)
    exit_code, output = outcome.value
    assert exit_code == code, output[-1000:]
    if code == 2:
        assert "SystemExit" in output or "Exit" in output, output[-500:]
        errors = [line for line in output.splitlines() if line.startswith("credits: error:")]
        assert len(errors) == 1 and name in errors[0], output[-500:]
