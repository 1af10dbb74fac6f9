"""Invariants of the credit parser, checked on generated text.

Parsing never raises; every photographer comes from the input; no word of the input is lost
between caption and credit; the same credit in different layouts parses the same.
"""

from __future__ import annotations

from collections import Counter

import regex
from hypothesis import example, given
from hypothesis import strategies as st

from credits import parse_credit, split_caption
from credits.normalize import clean

AGENCIES = ["dpa", "AFP", "Reuters", "AP", "EPA", "Imago", "Getty Images", "Keystone", "Xinhua"]
GIVEN = ["Kay", "Anna", "Jean-Christophe", "Mikhail", "Ahn", "Ludovic", "Zoë", "Łukasz", "Sina"]
FAMILY = ["Nietfeld", "Caballero-Reynolds", "Young-joon", "Müller", "O'Brien", "Vucci", "Saukkomaa"]

names = st.builds(lambda g, f: f"{g} {f}", st.sampled_from(GIVEN), st.sampled_from(FAMILY))
agencies = st.sampled_from(AGENCIES)
# Text that looks like captions and credits: letters, marks, separators and markers mixed in.
credit_like = st.lists(
    st.one_of(
        st.text(min_size=1, max_size=12),
        st.sampled_from(
            ["©", "Foto:", "/", " | ", "(", ")", " via ", ", ", "dpa", "AFP", "  ", "\n"]
        ),
        names,
    ),
    max_size=12,
).map("".join)

_PICTOGRAPHS = regex.compile(r"[\p{So}\p{Sk}]")


def _letters(text: str) -> Counter[str]:
    return Counter(ch for ch in clean(text) if ch.isalnum())


def _squash(text: str) -> str:
    """Text without spaces and pictographs (a credit drops "®", "📷" from names)."""
    return "".join(_PICTOGRAPHS.sub("", clean(text)).split())


@given(st.one_of(st.text(), credit_like))
@example("©AA®A")
@example("© ")
@example("((((Foto: ")
@example("Foto: " + "/" * 500)
def test_never_raises_and_photographers_come_from_the_input(text: str) -> None:
    credit = parse_credit(text)
    if credit is not None:
        for person in credit.photographers:
            assert _squash(person) in _squash(text)
        assert credit.raw in text


@given(credit_like)
@example("Trump in Helsinki. © Heikki Saukkomaa/dpa")
@example("Der Kanzler (Foto: dpa) spricht.")
def test_no_word_is_lost(text: str) -> None:
    caption, credit = split_caption(text)
    kept = caption + " " + (credit.raw if credit else "")
    assert _letters(kept) == _letters(text)


@given(names, agencies)
def test_the_same_credit_in_different_layouts_parses_the_same(name: str, agency: str) -> None:
    layouts = [
        f"© {name}/{agency}",
        f"Foto: {name}/{agency}",
        f"{name} / {agency}",
        f"Foto: {name} / {agency}.",
        f"(Foto: {name}/{agency})",
        f"Bild: {name}/{agency}",
        f"Photo: {name}/{agency}",
        f"Ein Bild aus Berlin. © {name}/{agency}",
    ]
    credits_ = [parse_credit(layout) for layout in layouts]
    assert credits_[0] is not None
    assert credits_[0].photographers == (name,)
    assert all(credit == credits_[0] for credit in credits_), layouts
