"""The agency registry: the shipped data loads, is consistent, and bad files fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from credits import RegistryError, load_registry
from credits.registry import alias_key, bundled_registry, parse_registry, registry_with

CANONICAL = [
    "dpa",
    "AFP",
    "Reuters",
    "AP",
    "EPA",
    "Imago",
    "Getty Images",
    "picture alliance",
    "PA",
    "Keystone",
]


def test_bundled_registry_ships_and_is_large() -> None:
    registry = bundled_registry()
    assert len(registry) >= 60
    for name in CANONICAL:
        assert name in registry, name


def test_no_alias_belongs_to_two_organisations() -> None:
    owners: dict[str, str] = {}
    for org in bundled_registry():
        for alias in (org.name, *org.aliases):
            key = alias_key(alias)
            assert owners.setdefault(key, org.name) == org.name, (
                f"{alias!r}: {owners[key]} and {org.name}"
            )
    exact: dict[str, str] = {}
    for org in bundled_registry():
        for alias in org.exact:
            assert exact.setdefault(alias, org.name) == org.name, alias


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("DPA", "dpa"),
        ("dpa-Zentralbild", "dpa"),
        ("picture-alliance", "picture alliance"),
        ("pa", "picture alliance"),
        ("PA", "PA"),
        ("imago images", "Imago"),
        ("EPA-EFE", "EPA"),
        ("REUTERS", "Reuters"),
        ("Associated Press", "AP"),
        ("WireImage", "Getty Images"),
        ("Keystone-SDA", "Keystone"),
    ],
)
def test_aliases_resolve_to_canonical_names(alias: str, name: str) -> None:
    org = bundled_registry().get(alias)
    assert org is not None and org.name == name


def test_tiers_order_the_supply_chain() -> None:
    registry = bundled_registry()
    assert registry["picture alliance"].tier > registry["dpa"].tier > registry["AP"].tier
    assert registry["Getty Images"].tier > registry["AFP"].tier


GOOD = """
[[organisation]]
name = "Nordlicht Bilder"
kind = "publisher"
country = "NO"
tier = 0
aliases = ["Nordlicht"]
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[organisation]]\nname = 'X'\n", "missing key 'kind'"),
        (GOOD.replace("tier = 0", 'tier = "zero"'), "key 'tier' must be int"),
        (GOOD.replace("tier = 0", "tier = 9"), "key 'tier' must be 0 to 4"),
        (GOOD.replace('"publisher"', '"newspaper"'), "key 'kind' must be one of"),
        (GOOD.replace('"NO"', '"Norway"'), "key 'country' must be an ISO code"),
        (GOOD + "colour = 'red'\n", "unknown key 'colour'"),
        (GOOD.replace('["Nordlicht"]', '"Nordlicht"'), "key 'aliases' must be list"),
        (GOOD + GOOD, "listed twice"),
        ("[[organisation]\n", "not valid TOML"),
        ("[agency]\nname='x'\n", "unknown top-level key 'agency'"),
    ],
)
def test_bad_registry_names_file_entry_and_key(text: str, message: str) -> None:
    with pytest.raises(RegistryError, match=r"my\.toml") as raised:
        parse_registry(text, source="my.toml")
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_alias_clash_inside_one_file_is_an_error() -> None:
    clash = GOOD + GOOD.replace("Nordlicht Bilder", "Nordlicht Fotos")
    with pytest.raises(RegistryError, match=r"already belongs to 'Nordlicht Bilder'"):
        parse_registry(clash, source="my.toml")


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "extra.toml"
    path.write_text(
        GOOD
        + """
[[organisation]]
name = "dpa"
kind = "agency"
country = "DE"
tier = 2
aliases = ["Deutsche Presse-Agentur", "Presseagentur"]
""",
        encoding="utf-8",
    )
    registry = registry_with(path)
    assert registry.get("Nordlicht").name == "Nordlicht Bilder"
    assert registry.get("Presseagentur").name == "dpa"
    assert registry.get("dpa-Zentralbild") is None  # the override replaced dpa's aliases
    assert registry.get("AFP").name == "AFP"  # everything else is kept
    assert len(registry) == len(bundled_registry()) + 1


def test_user_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"missing\.toml"):
        load_registry(tmp_path / "missing.toml")
