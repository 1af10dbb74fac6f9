"""No catastrophic backtracking: the credit parser and every pattern in ``credits/``.

Three layers, each bounded so a regression fails a test instead of hanging the suite:

1. ``parse_credit``/``split_caption``/``read_credit`` on the classic evil inputs: a generous
   CPU-time bound per call on a few KB, and growth from 1 KB to 64 KB judged by ratio.
2. Hypothesis over generated credit-ish strings of a few KB: each call within the bound.
3. An audit of every compiled pattern reachable from the ``credits`` modules (module globals,
   cached vocabularies, the parser's own patterns) on evil inputs, with ``regex``'s
   ``timeout=`` and a growth check from 1 KB to 8 KB. Patterns that fail are strict xfails
   naming the module's owner.

Times are CPU times of the forked child (``time.process_time``), so the other processes on a
shared machine disturb them little; bounds are still ten times what the code needs today.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import regex
from hostile.bounded import Job, run_all
from hypothesis import given, settings
from hypothesis import strategies as st

import credits as package
from credits.credit_line import CreditParser, parser_for
from credits.registry import bundled_registry
from credits.vocabulary import vocabulary

# Evil inputs: (name, prefix, repeated unit, suffix). Each is built to a given length.
EVIL: list[tuple[str, str, str, str]] = [
    ("spaces", "Foto:", " ", "x"),
    ("slashes", "Foto: ", "/", ""),
    ("copyright-signs", "", "©", ""),
    ("copyright-spaced", "", "© ", "dpa"),
    ("a-slash", "", "a/", "a"),
    ("name-slash", "© ", "Kay Nietfeld/", "dpa"),
    ("open-brackets", "", "(", ""),
    ("open-brackets-credit", "Foto: ", "(", "dpa"),
    ("brackets-balanced", "", "[(", ")]"),
    ("run-together", "Foto: ", "MüllerJörgSchäferKrüger", "/dpa."),
    ("one-long-word", "© ", "x", ""),
    ("one-long-capital", "", "X", "/dpa"),
    ("alternating-case", "", "aA", ""),
    ("alternating-words", "", "Aa ", "/dpa"),
    ("initials", "", "J.", " Name/dpa"),
    ("name-words", "", "Kay Nietfeld ", "/dpa"),
    ("labels", "", "Foto:", ""),
    ("labels-spaced", "", "Foto: ", "dpa"),
    ("phrases", "", "Photo by ", ""),
    ("commas", "", "A, ", "dpa"),
    ("und", "", "A und ", "dpa"),
    ("via", "", "via ", ""),
    ("dashes", "", " - ", ""),
    ("pluses", "", "+", ""),
    ("bars", "", " | ", "dpa"),
    ("dots", "", ". ", "Foto: dpa"),
    ("newlines", "", "Kay\n", "dpa"),
    ("dateline", "A", " ", "(dpa) - x"),
    ("digits", "© ", "1", ""),
    ("dates", "Quelle: BILD ", "15.05.", "2023"),
    ("combining", "Foto: Zoe", "\u0308", "/dpa"),
    ("bidi", "Foto: ", "\u202e\u202c", "Kay/dpa"),
    ("zero-width", "Foto: Kay", "\u200b", "/dpa"),
    ("controls", "Foto: ", "\x07\x1b", "/dpa"),
]
# Shapes aimed at the readers' patterns (URLs, classes, markup, srcset): audited, not parsed.
READER_EVIL: list[tuple[str, str, str, str]] = [
    ("html-comments", "", "<!---->", "x"),
    ("markup", "", "<div ", ""),
    ("srcset-separators", "", " ,", ""),
    ("class-words", "related", "-list", "!"),
    ("class-prefixes", "", "a-", "!"),
    ("query", "w=", "a=,", "/"),
    ("size-suffix", "", "-1200x800", "\n"),
    ("tilde", "", "~a", "\n"),
    ("hex", "", "a", "!"),
    ("percent", "?url=", "%", ""),
]


def build(prefix: str, unit: str, suffix: str, size: int) -> str:
    """``prefix + unit * k + suffix``, about ``size`` characters long."""
    return prefix + unit * max(1, (size - len(prefix) - len(suffix)) // len(unit)) + suffix


def _fresh_parser() -> CreditParser:
    """A parser with empty caches, so a repeated text is parsed again, not looked up."""
    return CreditParser(bundled_registry(), vocabulary())


def _cpu(function: Callable[[], object]) -> float:
    """CPU seconds one call of ``function`` takes."""
    start = time.process_time()
    function()
    return time.process_time() - start


def _parse_all_ways(text: str, repeat: int = 2) -> float:
    """CPU seconds to split ``text`` as a caption and to read it as a credit, with empty
    caches; the least of ``repeat`` tries (the least is the least disturbed)."""
    best = float("inf")
    for _ in range(repeat):
        parser = _fresh_parser()  # built outside the timing: it compiles its patterns
        best = min(best, _cpu(lambda parser=parser: (parser.split(text), parser.read(text))))
    return best


# --- 1. the parser on the evil inputs -----------------------------------------------------------


PER_CALL = 0.25  # seconds of CPU for one text of a few KB, parsed both ways (today: <10 ms)
LINEAR_SLACK = 2.0  # growth from 1 KB to 64 KB may be up to twice linear
FLOOR = 0.002  # below this, times are noise: ratios are taken against at least this


def _evil_timings(prefix: str, unit: str, suffix: str) -> dict[int, float]:
    """CPU seconds at 4 KB; then, unless that is already too slow, at 1 KB and 64 KB."""
    times = {4096: _parse_all_ways(build(prefix, unit, suffix, 4096), repeat=1)}
    if times[4096] > PER_CALL:
        return times
    times[4096] = min(times[4096], _parse_all_ways(build(prefix, unit, suffix, 4096), repeat=1))
    for size in (1024, 65536):
        times[size] = _parse_all_ways(build(prefix, unit, suffix, size))
    return times


@pytest.fixture(scope="module")
def parser_timings() -> dict[str, Any]:
    """CPU timings of every evil input at 1, 4 and 64 KB, each in a bounded child."""
    _fresh_parser()  # load what the children share before they fork
    jobs = [Job(name, _evil_timings, (p, u, s), timeout=20) for name, p, u, s in EVIL]
    return run_all(jobs)


# Evil inputs the parser is known to be slow on, with their owner (none today).
SLOW_PARSES: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason=SLOW_PARSES[name])]
            if name in SLOW_PARSES
            else [],
        )
        for name, *_ in EVIL
    ],
)
def test_parser_is_fast_and_linear_on_evil_input(name: str, parser_timings: dict[str, Any]) -> None:
    outcome = parser_timings[name]
    assert outcome.kind == "ok", str(outcome)
    times = outcome.value
    assert times[4096] < PER_CALL, f"{name}: {times[4096]:.3f} s for 4 KB"
    assert set(times) == {1024, 4096, 65536}
    ratio = times[65536] / max(times[1024], FLOOR)
    assert ratio < 64 * LINEAR_SLACK, f"{name}: 64x the input took {ratio:.0f}x the time {times}"


# --- 2. hypothesis: generated credit-ish text of a few KB ---------------------------------------

PIECES = [
    " ", "  ", "/", " / ", "|", " | ", "©", "(c)", "(", ")", "[", "]", ".", ". ", ",", ":", ";",
    "-", " - ", "–", "+", "\n", "Foto:", "Foto: ", "Bild:", "Photo by ", "Quelle:", " via ",
    " und ", "dpa", "AFP", "Getty Images", "picture alliance", "Kay", "Nietfeld", "Müller",
    "Jörg", "J.", "Mc", "O'", "al-", "a", "A", "ä", "\u0308", "\u202e", "\u200b", "\x07",
    "1", "2024", "15.05.", "privat", "Symbolbild", "Montage", "Pool", "Handout", "Screenshot",
]  # fmt: skip

evil_text = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.builds(lambda piece, count: piece * count, st.sampled_from(PIECES), st.integers(1, 400)),
        st.text(max_size=20),
    ),
    min_size=1,
    max_size=40,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(evil_text)
def test_generated_text_parses_within_the_bound(text: str) -> None:
    text = text[:8192]
    assert _parse_all_ways(text, repeat=1) < PER_CALL, f"{len(text)} chars: {text[:200]!r}"


# --- 3. every pattern in credits/ ---------------------------------------------------------------

PATTERN_TIMEOUT = 0.25  # seconds for one operation of one pattern on 8 KB
PATTERN_SMALL, PATTERN_BIG = 1024, 8192
PATTERN_FLOOR = 0.001


def _modules() -> Iterator[Any]:
    yield package
    for info in pkgutil.walk_packages(package.__path__, "credits."):
        if info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def _walk(name: str, value: Any, found: dict[str, Any], depth: int = 0) -> None:
    """Collect patterns in ``value``: itself, or the fields of a credits-made object."""
    if isinstance(value, regex.Pattern | re.Pattern):
        found.setdefault(name, value)
        return
    if depth > 2 or not type(value).__module__.startswith("credits"):
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        items = list(vars(value).items())
    else:
        return
    for key, item in items:
        for index, element in enumerate(item if isinstance(item, tuple | list) else [item]):
            suffix = f"[{index}]" if isinstance(item, tuple | list) else ""
            _walk(f"{name}.{key}{suffix}", element, found, depth + 1)


def collect_patterns() -> dict[str, Any]:
    """Every compiled pattern the package holds, by a dotted name saying where it lives."""
    found: dict[str, Any] = {}
    _walk("credits.credit_line.parser_for()", parser_for(), found)
    for module in _modules():
        for key, value in vars(module).items():
            if isinstance(value, regex.Pattern | re.Pattern):
                found.setdefault(f"{module.__name__}.{key}", value)
            elif callable(value) and hasattr(value, "cache_info") and _takes_nothing(value):
                try:
                    made = value()
                except Exception:  # a factory that needs set-up is not ours to call
                    continue
                _walk(f"{module.__name__}.{key}()", made, found)
    return found


def _takes_nothing(function: Any) -> bool:
    code = getattr(getattr(function, "__wrapped__", function), "__code__", None)
    return code is not None and code.co_argcount == 0


def _operations(pattern: Any) -> list[tuple[str, Callable[[str], object]]]:
    kwargs = {"timeout": PATTERN_TIMEOUT} if isinstance(pattern, regex.Pattern) else {}
    return [
        ("finditer", lambda text: sum(1 for _ in pattern.finditer(text, **kwargs))),
        ("fullmatch", lambda text: pattern.fullmatch(text, **kwargs)),
    ]


def _audit(pattern: Any) -> list[str]:
    """Problems of one pattern: timeouts, slow calls, and worse than linear growth."""
    problems = []
    if isinstance(pattern.pattern, bytes):
        return []  # the one bytes pattern is applied to the first 4 KB only
    for name, prefix, unit, suffix in EVIL + READER_EVIL:
        small = build(prefix, unit, suffix, PATTERN_SMALL)
        big = build(prefix, unit, suffix, PATTERN_BIG)
        for operation, run in _operations(pattern):
            try:
                t_big = _cpu(lambda run=run, text=big: run(text))
                if t_big < PATTERN_FLOOR * 2:
                    continue  # fast on 8 KB: whatever the growth, it is harmless here
                t_small = _cpu(lambda run=run, text=small: run(text))
            except TimeoutError:
                problems.append(f"{operation} on {name}: timed out ({PATTERN_TIMEOUT} s)")
                return problems  # one blow-up is enough; the rest would cost their timeouts
            ratio = t_big / max(t_small, PATTERN_FLOOR)
            if t_big > 0.1 or ratio > (PATTERN_BIG / PATTERN_SMALL) * 3:
                problems.append(
                    f"{operation} on {name}: {t_small * 1000:.1f} ms at 1 KB, "
                    f"{t_big * 1000:.1f} ms at 8 KB"
                )
                return problems
    return problems


PATTERNS = collect_patterns()

# Patterns known to blow up, with the owner who fixes them (the test then passes: flip it).
# "reachable": hostile input gets there unbounded; "bounded": only on text the caller already
# cuts to a few KB (MAX_TEXT, an element, a descriptor), so it costs milliseconds, not hours.
KNOWN: dict[str, str] = {}


def _pattern_params() -> list[Any]:
    return [
        pytest.param(
            name,
            id=name.removeprefix("credits."),
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN[name])] if name in KNOWN else [],
        )
        for name in sorted(PATTERNS)
    ]


@pytest.fixture(scope="module")
def audits() -> dict[str, Any]:
    jobs = [Job(name, _audit, (pattern,), timeout=30) for name, pattern in PATTERNS.items()]
    return run_all(jobs)


@pytest.mark.parametrize("name", _pattern_params())
def test_pattern_is_safe_on_evil_input(name: str, audits: dict[str, Any]) -> None:
    outcome = audits[name]
    assert outcome.kind == "ok", str(outcome)
    assert outcome.value == [], f"{PATTERNS[name].pattern[:200]!r}: {outcome.value}"


def test_the_audit_sees_the_patterns_that_matter() -> None:
    """The collector reaches module globals, the parser's own patterns and cached vocabularies."""
    names = set(PATTERNS)
    assert "credits.normalize._NEEDS_WORK" in names
    assert "credits.credit_line._STRONG_BOUNDARY" in names
    assert "credits.credit_line.parser_for()._marker" in names
    assert any(name.startswith("credits.readers.html.hints()") for name in names)
    assert len(names) >= 60
