"""Project settings from ``[tool.credits]`` in a ``pyproject.toml`` in the working directory.

A newsroom keeps its choices next to its pipeline instead of repeating options::

    [tool.credits]
    select = ["CR001", "CR002", "CR004"]   # rules to run (default: every non-info rule)
    ignore = ["CR005"]                     # rules to leave out
    agencies = "newsroom-agencies.toml"    # extra registry file, relative to pyproject.toml

Options given on the command line win over these. A bad table raises
:class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

PYPROJECT = "pyproject.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    """What ``[tool.credits]`` (then the command line) chose; None means "not set"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    agencies: Path | None = None

    def overridden(
        self,
        *,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        agencies: Path | None = None,
    ) -> Settings:
        """These settings with every option that was given (not None) taking precedence."""
        given: dict[str, Any] = {
            "select": None if select is None else tuple(select),
            "ignore": None if ignore is None else tuple(ignore),
            "agencies": agencies,
        }
        return replace(self, **{key: value for key, value in given.items() if value is not None})


def load_settings(directory: str | Path | None = None) -> Settings:
    """The ``[tool.credits]`` settings of ``directory`` (default: the working directory);
    empty settings when there is no ``pyproject.toml`` or no such table."""
    path = Path.cwd() / PYPROJECT if directory is None else Path(directory) / PYPROJECT
    if not path.is_file():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path.name}: cannot read: {error}") from None
    table = data.get("tool", {}).get("credits", {})
    where = f"{path.name} [tool.credits]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    unknown = sorted(set(table) - {"select", "ignore", "agencies"})
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; keys are select, ignore, agencies")
    agencies = table.get("agencies")
    if agencies is not None and (not isinstance(agencies, str) or not agencies.strip()):
        raise ConfigError(f"{where}: key 'agencies' must be a file name, got {agencies!r}")
    return Settings(
        select=_codes(table, "select", where),
        ignore=_codes(table, "ignore", where),
        agencies=None if agencies is None else path.parent / agencies,
    )


def _codes(table: dict[str, Any], key: str, where: str) -> tuple[str, ...] | None:
    """A list of rule codes, or one comma-separated string of them."""
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ConfigError(f"{where}: key {key!r} must be a list of rule codes, got {value!r}")
