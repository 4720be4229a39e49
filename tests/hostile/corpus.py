"""One corpus of hostile input, shared by the CLI tests (and importable by the UI tests).

Every value is a `Hostile(name, value)`; `name` is a short, stable, printable label used as the pytest
id. The groups:

- `MARKUP`: Rich/Textual markup that must be shown literally (never parsed, never a live action);
- `ESCAPES`: terminal escape sequences (CSI, OSC 52 clipboard, OSC 8 links, BEL) that must never reach a
  terminal: the store keeps the text without the control characters;
- `CONTROLS`: C0/C1 control characters and NUL;
- `UNICODE`: emoji with ZWJ and skin tones, combining marks (Zalgo), right-to-left text and RLO,
  lone surrogates (what `surrogateescape` makes of undecodable argv bytes);
- `SIZES`: empty, blank, 1 MB;
- `NUMBERS`, `DATES`: values that look almost like numbers and dates;
- `IDS`: ids that do not exist (ambiguous prefixes depend on the board: see `shared_prefix`);
- `csv_files(folder)`: hostile CSV files for `huddle import readings`.

Other test packages import it as `from hostile.corpus import GROUPS` (pytest puts `tests/` on the path
for every test package). `TEXT_VALUES` is every string above; `stripped(value)` is what the board should
store for an accepted free-text value (control characters removed, lone surrogates replaced, whitespace
as the app normalises).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple


class Hostile(NamedTuple):
    """A hostile value and a printable label for test ids."""

    name: str
    value: str


ESC = "\x1b"
BEL = "\x07"
ONE_MB = 1024 * 1024

MARKUP = [
    Hostile("markup-close", "a[/]b"),
    Hostile("markup-click", "[@click=app.quit]x"),
    Hostile("markup-var", "[$accent]x"),
    Hostile("markup-bold", "[bold]loud[/bold]"),
    Hostile("markup-link", "[link=https://example.invalid]click[/link]"),
    Hostile("markup-backslash", "\\[bold]not bold\\"),
]

ESCAPES = [
    Hostile("ansi-csi-red", f"{ESC}[31mred{ESC}[0m"),
    Hostile("ansi-clear-screen", f"{ESC}[2J{ESC}[Hwiped"),
    Hostile("osc52-clipboard", f"{ESC}]52;c;ZWNobyBwd25lZA=={BEL}paste"),
    Hostile("osc8-link", f"{ESC}]8;;https://example.invalid{ESC}\\link{ESC}]8;;{ESC}\\"),
    Hostile("bel", f"ding{BEL}{BEL}"),
    Hostile("c1-csi", "\x9b31mc1"),
]

CONTROLS = [
    Hostile("nul", "a\x00b"),
    Hostile("c0-all", "x" + "".join(chr(c) for c in range(0x20) if c not in (9, 10)) + "y"),
    Hostile("c1-all", "x" + "".join(chr(c) for c in range(0x7F, 0xA0)) + "y"),
    Hostile("crlf-tab", "line1\r\nline2\tend\r"),
    Hostile("only-controls", "\x00\x01\x1b\x7f"),
]

UNICODE = [
    Hostile("emoji-zwj", "👩🏽‍🔧 fixed it 👨‍👩‍👧‍👦"),
    Hostile("zalgo", "Z̷̢̛͔̗̈́a̸͚̍l̵̰̈g̴̣̿o̶̜̊"),
    Hostile("hebrew", "שלום עולם"),
    Hostile("arabic", "مرحبا بالعالم"),
    Hostile("rlo", "abc\u202edcba\u202c"),
    Hostile("lone-surrogate", "bad\udcffbyte"),
    Hostile("lone-high-surrogate", "\ud800x"),
    Hostile("zero-width", "a\u200b\u200c\u200d\ufeffb"),
]

SIZES = [
    Hostile("empty", ""),
    Hostile("blank", "   "),
    Hostile("one-mb", "A" * ONE_MB),
    Hostile("one-mb-emoji", "😀" * (ONE_MB // 4)),
]

NUMBERS = [
    Hostile("1e309", "1e309"),
    Hostile("NaN", "NaN"),
    Hostile("nan", "nan"),
    Hostile("inf", "inf"),
    Hostile("-inf", "-inf"),
    Hostile("-0", "-0"),
    Hostile("0x10", "0x10"),
    Hostile("1_000", "1_000"),
    Hostile("comma-decimal", "12,5"),
    Hostile("comma-and-dot", "1,2.3"),
    Hostile("huge-int", "9" * 400),
    Hostile("negative", "-5"),
]

DATES = [
    Hostile("feb-30", "2026-02-30"),
    Hostile("month-13", "2026-13-01"),
    Hostile("year-0", "0000-01-01"),
    Hostile("year-9999", "9999-12-31"),
    Hostile("year-1", "0001-01-01"),
    Hostile("tomorrow", "tomorrow"),
    Hostile("slashes", "2026/11/27"),
    Hostile("datetime-max", "9999-12-31T23:59:59+14:00"),
]

UNKNOWN_ID = "01ZZZZZZZZZZZZZZZZZZZZZZZZ"
IDS = [
    Hostile("unknown-id", UNKNOWN_ID),
    Hostile("bad-id-chars", "../../etc/passwd"),
    Hostile("id-65-chars", "A" * 65),
]

GROUPS: dict[str, list[Hostile]] = {
    "markup": MARKUP,
    "escapes": ESCAPES,
    "controls": CONTROLS,
    "unicode": UNICODE,
    "sizes": SIZES,
    "numbers": NUMBERS,
    "dates": DATES,
    "ids": IDS,
}

ALL: list[Hostile] = [h for group in GROUPS.values() for h in group]
TEXT_VALUES: list[Hostile] = ALL

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def stripped(value: str) -> str:
    """What an accepted free-text value should read back as, whitespace-normalised: no controls."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    return " ".join(text.split())


def has_controls(text: str) -> bool:
    """True when `text` holds a C0/C1 control other than newline and tab (or a lone surrogate)."""
    return bool(_CONTROL.search(text) or _SURROGATE.search(text))


def shared_prefix(ids: Iterable[str]) -> str:
    """The longest prefix that every id in `ids` shares (an ambiguous id prefix when two or more)."""
    items = sorted(ids)
    if len(items) < 2:
        raise ValueError("an ambiguous prefix needs at least two ids")
    first, last = items[0], items[-1]
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


# --- CSV files for `huddle import readings` ---------------------------------------------------------

HEADER = "metric,team,date,value,shift,reason"


def _rows(n: int, *, metric: str = "OEE", team: str = "Line 1") -> list[str]:
    """`n` good readings of one daily metric, one per day going back from 2026-11-26 (no duplicates)."""
    last = date(2026, 11, 26)
    return [f"{metric},{team},{last - timedelta(days=i)},{80 + i % 10},,slow" for i in range(n)]


def csv_files(folder: Path, *, metric: str = "OEE", team: str = "Line 1") -> dict[str, Path]:
    """Write the hostile CSV files into `folder`; returns {label: path}. 'good-*' files are valid."""
    folder.mkdir(parents=True, exist_ok=True)
    good = "\n".join([HEADER, f"{metric},{team},2026-10-01,80,,slow", ""])
    contents: dict[str, bytes] = {
        "bom": ("\ufeff" + good).encode("utf-8"),
        "semicolon": good.replace(",", ";").encode(),
        "missing-columns": f"metric,team,value\n{metric},{team},80\n".encode(),
        "extra-columns": f"{HEADER},colour\n{metric},{team},2026-10-02,80,,slow,blue\n".encode(),
        "empty": b"",
        "header-only": (HEADER + "\n").encode(),
        "100k-bad-last": (
            "\n".join(
                [
                    HEADER,
                    *_rows(100_000, metric=metric, team=team),
                    f"{metric},{team},2026-10-03,NaN,,oops",
                    "",
                ]
            )
        ).encode(),
        "binary": bytes(range(256)) * 64,
        "latin-1": f"{HEADER}\n{metric},{team},2026-10-04,80,,café crème\n".encode("latin-1"),
        "nan-value": f"{HEADER}\n{metric},{team},2026-10-05,nan,,x\n".encode(),
        "bad-date": f"{HEADER}\n{metric},{team},2026-02-30,80,,x\n".encode(),
        "unknown-metric": f"{HEADER}\nNoSuchMetric,{team},2026-10-06,80,,x\n".encode(),
        "markup-reason": f"{HEADER}\n{metric},{team},2026-10-07,10,,[@click=app.quit]x {ESC}[31m\n".encode(),
        "nul-byte": f"{HEADER}\n{metric},{team},2026-10-08,80,,a\x00b\n".encode(),
    }
    out = {}
    for name, data in contents.items():
        path = folder / f"{name}.csv"
        path.write_bytes(data)
        out[name] = path
    return out
