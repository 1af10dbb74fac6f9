"""The credit vocabulary from ``credits/data/markers.toml``, validated and ready for lookups."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Set
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .errors import RegistryError
from .models import FLAGS
from .registry import alias_key

# The shape of markers.toml: section -> allowed keys. Every value is a list of strings.
_SCHEMA: dict[str, set[str]] = {
    "markers": {"symbols", "labels", "creator_labels", "phrases"},
    "flags": {"montage", "own", "screenshot", "symbolic", "handout", "pool"},
    "montage": {"bracketed"},
    "drop": {"placeholders", "qualifiers", "articles", "tails", "roles", "other_credits"},
    "organisation": {"suffixes", "words", "connectors", "endings"},
    "names": {"particles", "joined_prefixes", "not_names", "suffixes"},
    "noise": {"link_texts"},
    "not_credit": {"footer_words"},
}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word lists, keyed for lookup in the same form as registry aliases (see ``alias_key``)."""

    symbols: tuple[str, ...]
    labels: tuple[str, ...]
    label_keys: frozenset[str]
    creator_labels: tuple[str, ...]
    phrases: tuple[str, ...]
    flag_words: dict[str, str]  # alias_key(word) -> flag
    bracketed_montage: frozenset[str]
    placeholders: frozenset[str]
    qualifiers: frozenset[str]  # casefolded
    articles: frozenset[str]  # as printed (lower case)
    tails: frozenset[str]
    roles: frozenset[str]  # alias_key form
    other_credits: tuple[str, ...]  # as printed
    org_suffixes: tuple[str, ...]
    org_words: frozenset[str]  # casefolded whole words
    org_endings: tuple[str, ...]  # casefolded compound endings
    connectors: frozenset[str]
    particles: frozenset[str]
    joined_prefixes: tuple[str, ...]
    not_names: frozenset[str]  # casefolded
    name_suffixes: frozenset[str]
    footer_words: tuple[str, ...]
    link_texts: tuple[str, ...]

    def flag_for(self, text: str) -> str | None:
        """The flag a whole element sets (``"Symbolbild"`` -> ``"symbolic"``), or None."""
        return self.flag_words.get(alias_key(text))

    def is_placeholder(self, text: str) -> bool:
        """True for words that stand where a name would but name nobody (``STR``, ``-``)."""
        return text.strip() in self.placeholders or alias_key(text) in self.placeholders

    def is_org_word(self, word: str) -> bool:
        """True for a word only organisations carry: "GmbH", "Zeitung", "Landratsamt"."""
        folded = word.strip(".,").casefold()
        # A compound ends in an organisation word but is longer than it: "Landratsamt", not "Amt".
        return folded in self.org_words or (
            folded.endswith(self.org_endings) and folded not in self.org_endings
        )

    def is_label(self, text: str) -> bool:
        """True for a marker word standing alone inside a credit: "Fotos", "Illustration"."""
        return alias_key(text) in self.label_keys

    def is_tail(self, text: str) -> bool:
        """True for filing notes that are not names (``File``, ``Archivbild``)."""
        return alias_key(text) in self.tails


#: A data file's shape: section -> its keys (each a list of words), or key -> value type
#: (``list`` of words or ``int``).
DataSchema = Mapping[str, Set[str] | Mapping[str, type]]


def check_data(data: Mapping[str, Any], schema: DataSchema, source: str) -> None:
    """Check one of the package's data files against its schema: every section and key
    known and present, each value a list of non-empty strings (or a whole number where the
    schema says ``int``). A RegistryError names the file, the section and the key."""
    for section, value in data.items():
        keys = schema.get(section)
        if keys is None or not isinstance(value, Mapping):
            raise RegistryError(f"{source}: unknown section [{section}]")
        for key, item in value.items():
            expected = keys.get(key) if isinstance(keys, Mapping) else list if key in keys else None
            if expected is None:
                raise RegistryError(f"{source}: unknown key {key!r} in [{section}]")
            if expected is int and (not isinstance(item, int) or item < 0):
                raise RegistryError(f"{source}: [{section}] {key} must be a whole number")
            if expected is list and (
                not isinstance(item, list) or not all(isinstance(w, str) and w for w in item)
            ):
                raise RegistryError(f"{source}: [{section}] {key} must list non-empty strings")
    for section, keys in schema.items():
        for key in keys:
            if key not in data.get(section, {}):
                raise RegistryError(f"{source}: missing [{section}] {key}")


@cache
def vocabulary() -> Vocabulary:
    """The bundled vocabulary."""
    source = "credits/data/markers.toml"
    text = resources.files("credits.data").joinpath("markers.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    check_data(data, _SCHEMA, source)
    flag_words: dict[str, str] = {}
    for flag, words in data["flags"].items():
        if flag not in FLAGS:
            raise RegistryError(f"{source}: [flags] {flag} is not a known flag")
        flag_words.update((alias_key(word), flag) for word in words)
    drop = data["drop"]
    return Vocabulary(
        symbols=tuple(data["markers"]["symbols"]),
        labels=tuple(data["markers"]["labels"]),
        label_keys=frozenset(alias_key(w) for w in data["markers"]["labels"]),
        creator_labels=tuple(data["markers"]["creator_labels"]),
        phrases=tuple(data["markers"]["phrases"]),
        flag_words=flag_words,
        bracketed_montage=frozenset(alias_key(w) for w in data["montage"]["bracketed"]),
        placeholders=frozenset(
            {alias_key(w) for w in drop["placeholders"] if alias_key(w)}
            | {w for w in drop["placeholders"] if not alias_key(w)}
        ),
        qualifiers=frozenset(w.casefold() for w in drop["qualifiers"]),
        articles=frozenset(drop["articles"]),
        tails=frozenset(alias_key(w) for w in drop["tails"]),
        roles=frozenset(alias_key(w) for w in drop["roles"]),
        other_credits=tuple(drop["other_credits"]),
        org_suffixes=tuple(data["organisation"]["suffixes"]),
        org_words=frozenset(w.casefold() for w in data["organisation"]["words"]),
        org_endings=tuple(w.casefold() for w in data["organisation"]["endings"]),
        connectors=frozenset(data["organisation"]["connectors"]),
        particles=frozenset(data["names"]["particles"]),
        joined_prefixes=tuple(data["names"]["joined_prefixes"]),
        not_names=frozenset(w.casefold() for w in data["names"]["not_names"]),
        name_suffixes=frozenset(data["names"]["suffixes"]),
        footer_words=tuple(data["not_credit"]["footer_words"]),
        link_texts=tuple(data["noise"]["link_texts"]),
    )
