"""Sanitising user text: strip control characters on save, and check required text fields.

User text is data, never markup. Rendering it safely is the UI's job (Content/Text/markup=False); this
module makes sure that what is stored cannot carry terminal escape sequences: C0 and C1 control
characters are removed except newline and tab, and line endings are normalised.
"""

from __future__ import annotations

import re

from huddle_tui.errors import InvalidInput

# C0 controls except \t (0x09) and \n (0x0a); DEL; C1 controls (0x80-0x9f).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Lone surrogates cannot be encoded as UTF-8 and would break the JSON files.
_SURROGATE = re.compile(r"[\ud800-\udfff]")

MAX_TITLE = 200
MAX_TEXT = 20_000
# Bidirectional overrides and isolates: an echoed value must not reorder the rest of a message.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# A run of non-blank characters this long in a message is shortened (an echoed 1 MB value).
_LONG_WORD = re.compile(r"\S{81,}")


def clean_text(value: str, *, single_line: bool = False) -> str:
    """Return `value` without control characters or lone surrogates, with \\r\\n turned into \\n.

    With `single_line`, newlines and tabs become spaces. Leading/trailing whitespace is stripped.
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    if single_line:
        text = " ".join(text.split())
    return text.strip()


def one_line(message: str, *, limit: int = 600) -> str:
    """`message` made safe for one line on a terminal: controls and line breaks become spaces, lone
    surrogates U+FFFD, bidi overrides a visible `<U+202E>`, any word over 80 characters is shortened,
    and the whole is cut to `limit`.

    For error messages that echo what the user typed (an escape sequence must not reach the terminal,
    and a 1 MB value must not fill it).
    """
    text = _CONTROL.sub(" ", message.replace("\r", " ").replace("\n", " ").replace("\t", " "))
    text = _SURROGATE.sub("\ufffd", text)
    text = _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)  # no reordering of the line around it
    text = _LONG_WORD.sub(lambda m: f"{m.group()[:40]}…({len(m.group())} characters)", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def required_text(value: str | None, what: str, *, limit: int = MAX_TITLE, single_line: bool = True) -> str:
    """Clean `value` and insist it is not empty and not longer than `limit` characters."""
    text = clean_text(value or "", single_line=single_line)
    if not text:
        raise InvalidInput(f"{what} is empty.", hint=f"type a {what.lower()}")
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text)} characters long; the limit is {limit}.", hint="shorten it")
    return text


def optional_text(value: str | None, what: str, *, limit: int = MAX_TEXT, single_line: bool = False) -> str:
    """Clean `value` (may be empty) and insist it is not longer than `limit` characters."""
    text = clean_text(value or "", single_line=single_line)
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text)} characters long; the limit is {limit}.", hint="shorten it")
    return text
