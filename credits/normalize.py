"""Unicode clean-up shared by the credit parser and the readers.

Scraped text is full of characters that look like a space, a slash or a bar but are not, and
of invisible ones (zero-width spaces, soft hyphens) that split names. They are mapped to their
plain forms before any pattern runs. The mapping keeps offsets: callers can cut the original
text at positions found in the normalised one, so a credit's ``raw`` stays exactly as printed.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

# One-for-one replacements: these keep every offset valid.
_SAME_LENGTH = str.maketrans(
    {
        **dict.fromkeys(
            "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
            "\u200a\u202f\u205f\u3000\x0b\x0c\x85\u2028\u2029",
            " ",
        ),
        **dict.fromkeys("\u2215\u2044\uff0f\u29f8\u2571", "/"),  # ∕ ⁄ ／ ⧸ ╱
        **dict.fromkeys("\uff5c\u00a6\u2223\u01c0\u2502\u23d0", "|"),  # ｜ ¦ ∣ ǀ │ ⏐
        **dict.fromkeys("\u24b8\u24d2", "©"),  # Ⓒ ⓒ
        "\r": "\n",
    }
)

# Characters that vanish: zero-width spaces and joiners, soft hyphen, word joiner, BOM,
# variation selectors (the one in "©️"), directional marks and bidi controls.
_INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0e\ufe0f\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u180e"
)
_DELETE = str.maketrans(dict.fromkeys(_INVISIBLE))

# Anything either table would touch, plus other C0/C1 control characters (shown as spaces).
# Text without any of them — nearly all of it — is returned untouched.
_NEEDS_WORK = regex.compile(
    r"[\t\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u2060\u2066-\u2069\u3000\u00a6\u00ad"
    r"\u01c0\u061c\u180e\u2215\u2223\u2044\u23d0\u24b8\u24d2\u2502\u2571\u29f8\ufe0e\ufe0f"
    r"\ufeff\uff0f\uff5c\r\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
# Control characters left after the tables: shown as a space so they cannot join two words.
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")

_WHITESPACE_RUN = regex.compile(r"\s+")


def normalize(text: str) -> tuple[str, Sequence[int] | None]:
    """Return the clean text and, when characters were removed, each clean index's original index.

    The offset list has one more item than the clean text (for the end position). It is None
    when nothing was removed, so clean offsets are original offsets.

    >>> clean_text, offsets = normalize("Kay\u200b Nietfeld\u2215dpa")
    >>> clean_text, offsets[:5]
    ('Kay Nietfeld/dpa', [0, 1, 2, 4, 5])
    """
    if _NEEDS_WORK.search(text) is None:
        return text, None
    text = _CONTROL.sub(" ", text.translate(_SAME_LENGTH))
    if not any(ch in _INVISIBLE for ch in text):
        return text, None
    offsets = [index for index, ch in enumerate(text) if ch not in _INVISIBLE]
    offsets.append(len(text))
    return text.translate(_DELETE), offsets


def clean(text: str) -> str:
    """Normalised text with whitespace runs collapsed: the form names and titles are kept in."""
    return _WHITESPACE_RUN.sub(" ", normalize(text)[0]).strip()


# Control characters a terminal would act on: ESC and CSI sequences, OSC titles and clipboard
# writes, bells. Newlines and tabs are layout and stay.
_TERMINAL_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    r"""Text safe to print on a terminal: control characters shown as escapes.

    >>> printable("Kay\x1b[2J Nietfeld")
    'Kay\\x1b[2J Nietfeld'
    """
    return _TERMINAL_CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def original_span(offsets: Sequence[int] | None, start: int, end: int) -> tuple[int, int]:
    """Map a span of the normalised text back to the original text."""
    if offsets is None:
        return start, end
    return offsets[start], offsets[end]
