"""Helpers for the TUI half of the hostile-input tests: submit a form, judge the outcome, count trials.

`submit(...)` fills a form's fields (Input.value set directly: typing 1 MB key by key is far too slow),
hashes the board folder, submits with ctrl+s and waits for the form's worker. The outcome is judged the
same way for every form:

- refused: the form is still open with an inline message, every field still holds what was typed, no
  ErrorModal is open, the app runs, and the board folder is byte-for-byte unchanged;
- accepted: the form closed without an ErrorModal and the app still runs; the caller then reads the
  record back through the services and checks what the screen shows.

Every check that fails is appended to `Tally.failures` (not raised at once), so one run lists every
finding; each test asserts its tally is clean at the end.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import WorkerFailed

from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.modals.form import FormModal
from huddle_tui.ui.safe import visible

from .conftest import board_hashes
from .corpus import GROUPS, Hostile, has_controls, stripped

# Exception class names that must never reach a person (an ErrorModal naming one is a crash shown).
_EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b|Traceback")


@dataclass
class Tally:
    """Trials tried and the failures found (one line each)."""

    form: str
    tried: int = 0
    accepted: int = 0
    refused: int = 0
    details: int = 0  # detail screens opened and checked
    detailed: set[tuple[str, str]] = field(default_factory=set)  # (field, value name) checked there
    failures: list[str] = field(default_factory=list)
    groups: dict[str, set[str]] = field(default_factory=dict)  # field -> corpus groups that reached it

    def fail(self, field_name: str, value: Hostile, what: str) -> None:
        self.failures.append(f"{self.form}.{field_name} <- {value.name}: {what}")

    def reached(self, field_name: str, value: Hostile) -> None:
        self.tried += 1
        field = field_name.split("[")[0]  # "text[answered]": the text field, with the move in messages
        self.groups.setdefault(field, set()).add(group_of(value))

    def every_group_reached(self) -> list[str]:
        """Fields some corpus group never reached (must be empty)."""
        return [
            f"{self.form}.{name} misses {sorted(set(GROUPS) - got)}"
            for name, got in self.groups.items()
            if set(GROUPS) - got
        ]


TALLIES: list[Tally] = []


def group_of(value: Hostile) -> str:
    return next(name for name, values in GROUPS.items() if value in values)


def pick(per_group: int, *, skip: tuple[str, ...] = ()) -> list[Hostile]:
    """The first `per_group` values of every group (every group reaches the field), minus `skip` names."""
    out: list[Hostile] = []
    for values in GROUPS.values():
        chosen = [v for v in values if v.name not in skip][:per_group]
        out.extend(chosen)
    return out


def every(*, skip: tuple[str, ...] = ()) -> list[Hostile]:
    return [v for values in GROUPS.values() for v in values if v.name not in skip]


def same(stored: str, value: str) -> bool:
    """`stored` is `value` as the board should keep it (controls gone, whitespace normalised)."""
    return " ".join(stored.split()) == stripped(value)


async def settle(pilot: Any, rounds: int = 2) -> None:
    for _ in range(rounds):
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def error_modals(app: Any) -> list[ErrorModal]:
    return [s for s in app.screen_stack if isinstance(s, ErrorModal)]


def rendered(root: Screen[Any] | Widget) -> str:
    """The plain text of every widget under `root` (labels, statics, tables, inputs)."""
    from ui.harness import screen_text

    parts = [screen_text(root)]
    for box in root.query(Input):
        parts.append(box.value)  # typed text: shown by the Input itself, checked literally
    return "\n".join(parts)


def terminal_safe(app: Any) -> str | None:
    """None when what the screen renders holds no control character; else a description."""
    from ui.harness import screen_text

    text = screen_text(app.screen)
    if has_controls(text):
        found = sorted({f"U+{ord(c):04X}" for c in text if has_controls(c)})[:5]
        return f"control characters rendered on {type(app.screen).__name__}: {found}"
    return None


def fill(modal: FormModal[Any], values: dict[str, Any]) -> dict[str, Any]:
    """Set the fields; returns what each field holds afterwards (Input max_length may cut)."""
    held: dict[str, Any] = {}
    for name, value in values.items():
        widget = modal.widget(name)
        if isinstance(widget, Input):
            widget.value = value
        else:
            widget.value = value  # type: ignore[attr-defined]
        held[name] = modal.value(name)
    return held


@dataclass
class Outcome:
    accepted: bool
    message: str = ""


async def submit(
    pilot: Any,
    tally: Tally,
    modal: FormModal[Any],
    board: Path,
    field_name: str,
    value: Hostile,
    values: dict[str, Any],
    *,
    keep_open: bool = True,
) -> Outcome | None:
    """Fill `values` into `modal`, submit, judge; returns None when the trial already failed.

    A refused form stays open for the next value when `keep_open` (it is re-filled completely).
    """
    app = pilot.app
    tally.reached(field_name, value)
    held = fill(modal, values)
    before = board_hashes(board)
    modal.action_submit()
    if modal.is_attached and not modal._busy:  # refused by the form itself: nothing runs in a worker
        await pilot.pause()
    else:
        await settle(pilot)
    if not app.is_running or app.return_code is not None:
        tally.fail(field_name, value, f"the app stopped (return code {app.return_code})")
        return None
    errors = error_modals(app)
    if errors:
        shown = " ".join(visible(errors[0].error).split())[:160]
        tally.fail(field_name, value, f"ErrorModal: {shown}")
        for screen in errors:
            screen.dismiss(None)
        await pilot.pause()
        if app.screen is modal:
            modal.dismiss(None)
            await pilot.pause()
        return None
    if app.screen is modal:
        tally.refused += 1
        message = " ".join(modal.form_error().split())
        for name in values:
            with contextlib.suppress(Exception):
                message += " " + modal.field_error(name)
        message = message.strip()
        if not message:
            tally.fail(field_name, value, "refused without an inline message")
        if _EXCEPTION_NAME.search(message):
            tally.fail(field_name, value, f"message names an exception: {message[:120]}")
        if has_controls(message):
            tally.fail(field_name, value, "the message holds control characters")
        for name, typed in held.items():
            if modal.value(name) != typed:
                tally.fail(field_name, value, f"field {name} lost the typed text")
        if board_hashes(board) != before:
            tally.fail(field_name, value, "refused, but the board folder changed")
        problem = terminal_safe(app)
        if problem:
            tally.fail(field_name, value, problem)
        if not keep_open:
            modal.dismiss(None)
            await pilot.pause()
        return Outcome(False, message)
    tally.accepted += 1
    return Outcome(True)


def check_literal(
    tally: Tally, field_name: str, value: Hostile, stored: str | None, *, typed: str | None = None
) -> None:
    """The stored text is the typed text minus control characters (markup kept literally).

    `typed`: what the field held when it differs from the value (an Input's max_length cut it).
    """
    if stored is None:
        tally.fail(field_name, value, "accepted, but no record reads back through the services")
    elif has_controls(stored):
        tally.fail(field_name, value, "stored with control characters")
    elif not same(stored, value.value if typed is None else typed):
        tally.fail(field_name, value, f"stored as {visible(stored)[:60]!r}")


def check_shown(tally: Tally, field_name: str, value: Hostile, shown: str, stored: str) -> None:
    """`shown` (a screen's rendered text) holds the start of `stored`, literally, and no controls."""
    from ui.harness import probe

    if has_controls(shown):
        tally.fail(field_name, value, "control characters on screen")
    if probe(stored, 16) not in shown:
        tally.fail(field_name, value, f"not shown literally: {probe(stored, 16)!r}")


def named(*names: str) -> list[Hostile]:
    found = {v.name: v for values in GROUPS.values() for v in values}
    return [found[n] for n in names]


# Free text: the most telling values of every group (a value per group at least; markup, escapes,
# controls and Unicode twice). Numbers and dates get their whole group plus one value of every other.
TEXT_SAMPLE = named(
    "markup-click", "markup-close",
    "osc52-clipboard", "ansi-clear-screen",
    "c0-all", "crlf-tab",
    "lone-surrogate", "rlo",
    "one-mb", "blank",
    "1e309", "feb-30", "bad-id-chars",
)  # fmt: skip
ONE_EACH = named("markup-click", "osc52-clipboard", "nul", "rlo", "one-mb", "1e309", "year-1", "unknown-id")
NUMBER_SAMPLE = [*GROUPS["numbers"], *(v for v in ONE_EACH if group_of(v) != "numbers")]
DATE_SAMPLE = [*GROUPS["dates"], *(v for v in ONE_EACH if group_of(v) != "dates")]
# Due / needed-by dates: the telling dates plus one value of every other group.
DUE_SAMPLE = [
    *named("feb-30", "year-1", "year-9999", "datetime-max"),
    *(v for v in ONE_EACH if group_of(v) != "dates"),
]
