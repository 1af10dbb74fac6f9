"""Unicode clean-up keeps offsets so raw credits can be cut from the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credits.normalize import clean, normalize, original_span


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kay\u00a0Nietfeld", "Kay Nietfeld"),  # non-breaking space
        ("Kay\u202fNietfeld", "Kay Nietfeld"),  # narrow non-breaking space
        ("Kay\u200b Nietfeld", "Kay Nietfeld"),  # zero-width space
        ("Niet\u00adfeld", "Nietfeld"),  # soft hyphen
        ("Nietfeld\u2215dpa", "Nietfeld/dpa"),  # division slash
        ("Nietfeld\uff0fdpa", "Nietfeld/dpa"),  # fullwidth solidus
        ("dpa\uff5cName", "dpa|Name"),  # fullwidth bar
        ("\u24b8 dpa", "© dpa"),  # circled C
        ("\u00a9\ufe0f dpa", "© dpa"),  # © with emoji variation selector
        ("a\u202eb", "ab"),  # bidi override
        ("a\x07b", "a b"),  # control character
    ],
)
def test_lookalikes_become_plain(text: str, expected: str) -> None:
    assert normalize(text)[0] == expected


@given(st.text())
def test_offsets_map_back_into_the_original(text: str) -> None:
    norm, offsets = normalize(text)
    start, end = original_span(offsets, 0, len(norm))
    assert 0 <= start <= end <= len(text)
    if offsets is None:
        assert len(norm) == len(text)
    else:
        assert len(offsets) == len(norm) + 1
        for index, ch in enumerate(norm):
            original = text[offsets[index]]
            assert original == ch or normalize(original)[0] == ch


def test_clean_collapses_whitespace() -> None:
    assert clean("  Kay \n\t Nietfeld ") == "Kay Nietfeld"
