"""The agency registry: which organisations exist, their canonical names, aliases and tiers.

The data lives in ``credits/data/agencies.toml``; a user file given with ``--agencies`` adds
entries or overrides bundled ones by name. Every file is validated on load and a bad one
raises :class:`~credits.errors.RegistryError` naming the file, the entry and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from .errors import RegistryError

KINDS = frozenset(
    {
        "agency",
        "photo_agency",
        "distributor",
        "stock",
        "platform",
        "broadcaster",
        "publisher",
        "organisation",
    }
)
MAX_TIER = 4
_REQUIRED = {"name": str, "kind": str, "country": str, "tier": int, "aliases": list}
_OPTIONAL = {"exact": list}

# Separators that do not tell two spellings apart: "picture-alliance" = "picture alliance".
_KEY_SEPARATORS = regex.compile(r"[-._\s]+")
_COUNTRY = regex.compile(r"^(?:[A-Z]{2}|INT)$")


@lru_cache(maxsize=65_536)
def alias_key(text: str) -> str:
    """The form aliases are compared in, used on load and on lookup alike.

    >>> alias_key("Picture-Alliance ")
    'picture alliance'
    """
    return _KEY_SEPARATORS.sub(" ", text.casefold()).strip()


@dataclass(frozen=True, slots=True)
class Organisation:
    """One registry entry."""

    name: str
    kind: str
    country: str
    tier: int
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()


class Registry:
    """Looks organisations up by any alias, in constant time."""

    def __init__(self, organisations: Iterable[Organisation], *, source: str = "registry") -> None:
        self._by_name: dict[str, Organisation] = {}
        for org in organisations:
            self._by_name[org.name] = org
        self._by_key: dict[str, Organisation] = {}
        self._by_exact: dict[str, Organisation] = {}
        # Multi-word names written together ("SvenSimon", "GettyImages"); a form two
        # organisations share is left out rather than guessed.
        self._by_compact: dict[str, Organisation | None] = {}
        for org in self._by_name.values():
            # A name listed in its own `exact` matches in that case only: "BILD", "PA", "X".
            loose = org.aliases if org.name in org.exact else (org.name, *org.aliases)
            for alias in loose:
                key = alias_key(alias)
                other = self._by_key.get(key)
                if other is not None and other.name != org.name:
                    raise RegistryError(
                        f"{source}: alias {alias!r} of {org.name!r} "
                        f"already belongs to {other.name!r}"
                    )
                self._by_key[key] = org
                if " " in key and len(key) >= 7:
                    compact = key.replace(" ", "")
                    owner = self._by_compact.setdefault(compact, org)
                    if owner is not None and owner.name != org.name:
                        self._by_compact[compact] = None
            for alias in org.exact:
                self._by_exact[alias] = org

    def get(self, text: str) -> Organisation | None:
        """The organisation ``text`` names as a whole, or None."""
        key = alias_key(text)
        found = self._by_exact.get(text) or self._by_key.get(key)
        if found is None and " " not in key:
            found = self._by_compact.get(key)
        return found

    def __getitem__(self, name: str) -> Organisation:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Organisation]:
        return iter(sorted(self._by_name.values(), key=lambda org: org.name.casefold()))

    def __len__(self) -> int:
        return len(self._by_name)

    def merged(self, overrides: Registry) -> Registry:
        """A registry where ``overrides`` adds entries and replaces those with the same name.

        An alias the overrides claim is taken away from the bundled entry that had it.
        """
        claimed = {alias_key(a) for org in overrides for a in (org.name, *org.aliases)}
        claimed_exact = {a for org in overrides for a in org.exact}
        kept = [
            Organisation(
                org.name,
                org.kind,
                org.country,
                org.tier,
                tuple(a for a in org.aliases if alias_key(a) not in claimed),
                tuple(a for a in org.exact if a not in claimed_exact),
            )
            for org in self
            if org.name not in overrides and alias_key(org.name) not in claimed
        ]
        return Registry([*kept, *overrides], source="merged registry")


def _check_entry(entry: Any, where: str) -> Organisation:
    if not isinstance(entry, Mapping):
        raise RegistryError(f"{where}: must be a table, got {entry!r}")
    unknown = set(entry) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise RegistryError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    for key, expected in {**_REQUIRED, **_OPTIONAL}.items():
        if key not in entry:
            if key in _REQUIRED:
                raise RegistryError(f"{where}: missing key {key!r}")
            continue
        value = entry[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            raise RegistryError(f"{where}: key {key!r} must be {expected.__name__}, got {value!r}")
        if expected is list and not all(isinstance(v, str) and v.strip() for v in value):
            raise RegistryError(f"{where}: key {key!r} must list non-empty strings, got {value!r}")
    name = entry["name"].strip()
    where = f"{where} ({name!r})"
    if not name:
        raise RegistryError(f"{where}: key 'name' must not be empty")
    if entry["kind"] not in KINDS:
        raise RegistryError(
            f"{where}: key 'kind' must be one of {', '.join(sorted(KINDS))}, got {entry['kind']!r}"
        )
    if not _COUNTRY.match(entry["country"]):
        raise RegistryError(
            f"{where}: key 'country' must be an ISO code like 'DE' or 'INT', "
            f"got {entry['country']!r}"
        )
    if not 0 <= entry["tier"] <= MAX_TIER:
        raise RegistryError(f"{where}: key 'tier' must be 0 to {MAX_TIER}, got {entry['tier']!r}")
    return Organisation(
        name=name,
        kind=entry["kind"],
        country=entry["country"],
        tier=entry["tier"],
        aliases=tuple(a.strip() for a in entry["aliases"]),
        exact=tuple(a.strip() for a in entry.get("exact", ())),
    )


def parse_registry(text: str, *, source: str = "registry") -> Registry:
    """Build a registry from TOML text; raise RegistryError naming ``source`` when it is bad."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RegistryError(f"{source}: not valid TOML: {error}") from None
    except RecursionError:
        raise RegistryError(f"{source}: nested too deeply to be a registry") from None
    unknown = set(data) - {"organisation"}
    if unknown:
        raise RegistryError(f"{source}: unknown top-level key {sorted(unknown)[0]!r}")
    entries = data.get("organisation", [])
    if not isinstance(entries, list):
        raise RegistryError(
            f"{source}: 'organisation' must be an array of tables ([[organisation]])"
        )
    organisations = [
        _check_entry(entry, f"{source}: organisation #{number}")
        for number, entry in enumerate(entries, start=1)
    ]
    seen: set[str] = set()
    for org in organisations:
        if org.name in seen:
            raise RegistryError(f"{source}: organisation {org.name!r} is listed twice")
        seen.add(org.name)
    return Registry(organisations, source=source)


def load_registry(path: str | Path) -> Registry:
    """Read and validate one registry file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RegistryError(f"{path}: cannot read registry file: {error}") from None
    return parse_registry(text, source=str(path))


@cache
def bundled_registry() -> Registry:
    """The registry shipped with the package."""
    text = resources.files("credits.data").joinpath("agencies.toml").read_text(encoding="utf-8")
    return parse_registry(text, source="credits/data/agencies.toml")


def registry_with(path: str | Path | None) -> Registry:
    """The bundled registry, with a user file's entries added or overriding when one is given."""
    if path is None:
        return bundled_registry()
    return bundled_registry().merged(load_registry(path))
