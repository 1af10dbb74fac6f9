"""Exceptions. Messy text is a result, not an error: these are for misuse and unreadable input.

The command line turns each into one line on stderr and an exit code.
"""

from __future__ import annotations

from pathlib import Path


class CreditsError(Exception):
    """Base class of every error this package raises on purpose."""


class RegistryError(CreditsError, ValueError):
    """An agency registry file is malformed; the message names the file, entry and key."""


class ReadError(CreditsError):
    """A source file could not be read as an article."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class CatalogueError(CreditsError):
    """The catalogue database cannot be opened, migrated or written."""


class ExportError(CreditsError):
    """An export target cannot be written."""


class ConfigError(CreditsError, ValueError):
    """``[tool.credits]`` in a pyproject.toml is malformed; the message names file and key."""
