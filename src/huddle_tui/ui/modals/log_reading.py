"""LogReadingModal: one metric reading. A red value needs a reason and offers the countermeasure here.

As the value is typed, the form asks `status_of(value)` (the domain rule, passed in by the caller) and
shows the status with its symbol. When the value is red the reason becomes required and a sub-form
"create countermeasure action" (title, owner from the roster, due date) appears, ticked by default;
unticking it is allowed (the board keeps flagging the red until a countermeasure exists).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Static

from huddle_tui.domain.metrics import Status, parse_value
from huddle_tui.domain.text import MAX_TITLE
from huddle_tui.errors import InvalidInput
from huddle_tui.ui.modals.form import FormErrors, FormModal, choice, date_input, field_row, text_input
from huddle_tui.ui.modals.new_action import ActionForm
from huddle_tui.ui.safe import clip
from huddle_tui.ui.widgets.status_cell import STATUS_WORD, status_content


@dataclass(frozen=True)
class ReadingForm:
    value: float
    reason: str
    shift: int | None = None
    action: ActionForm | None = None


def parse_number(text: str) -> float:
    """A number as typed: '12', '-3.5', '12,5' (decimal comma), '1 250'. ValueError when not a number.

    The rule is the CLI's (`domain.metrics.parse_value`): Python-only spellings such as '1_000' are
    refused, not read as 1000.
    """
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned.isprintable():  # control characters are not silently dropped from a number
        raise ValueError("not a number")
    try:
        value = parse_value(cleaned)
    except InvalidInput as err:
        raise ValueError(err.message) from None
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


class LogReadingModal(FormModal[ReadingForm]):
    DEFAULT_CSS = """
    LogReadingModal #reading-status { padding-left: 16; height: auto; }
    LogReadingModal #f-cm_create { border: none; padding: 0 0 0 14; height: 1; background: transparent; }
    LogReadingModal #countermeasure { height: auto; }
    """
    TITLE = "Log a reading"
    SUBMIT_LABEL = "Log"

    def __init__(
        self,
        metric_name: str,
        *,
        status_of: Callable[[float], Status],
        roster: Sequence[tuple[str, str]] = (),
        unit: str = "",
        target_text: str = "",
        day: date | None = None,
        shifts: Sequence[tuple[int, str]] = (),
        value: float | None = None,
        reason: str = "",
        **kwargs,  # type: ignore[no-untyped-def]
    ) -> None:
        """`roster`: (person id, name) of action owners; `shifts`: (number, name) for per-shift metrics."""
        super().__init__(**kwargs)
        self.metric_name = metric_name
        self.status_of = status_of
        self.roster = list(roster)
        self.unit = unit
        self.target_text = target_text
        self.day_logged = day or self.today
        self.shifts = list(shifts)
        self.initial_value = value
        self.initial_reason = reason
        target = f" · target {clip(target_text, 30)}" if target_text else ""
        self.subtitle = f"{clip(metric_name, 60)} · {self.day_logged:%a %d %b %Y}{target}"
        self.status: Status = Status.NONE

    def compose_fields(self) -> ComposeResult:
        initial = "" if self.initial_value is None else f"{self.initial_value:g}"
        unit = f"Value ({clip(self.unit, 8)})" if self.unit else "Value"
        yield field_row("value", unit, text_input(initial, placeholder="a number"), required=True)
        yield Static("", id="reading-status")
        if self.shifts:
            yield field_row(
                "shift", "Shift", choice([(n, s) for s, n in self.shifts], prompt="shift"), required=True
            )
        yield field_row(
            "reason", "Reason", text_input(self.initial_reason, placeholder="why (required when red)")
        )
        with Vertical(id="countermeasure"):
            yield Checkbox(Content("Create the countermeasure action now"), value=True, id="f-cm_create")
            yield field_row("cm_title", "Action", text_input(placeholder="what will be done"), required=True)
            yield field_row(
                "cm_owner", "Owner", choice([(n, i) for i, n in self.roster], prompt="who"), required=True
            )
            yield field_row("cm_due", "Due", date_input("+1"), required=True)

    def form_ready(self) -> None:
        self._update_status(self.value("value"))

    @on(Input.Changed, "#f-value")
    def _value_changed(self, event: Input.Changed) -> None:
        self._update_status(event.value)

    @on(Checkbox.Changed, "#f-cm_create")
    def _create_toggled(self, event: Checkbox.Changed) -> None:
        for name in ("cm_title", "cm_owner", "cm_due"):
            self.query_one(f"#row-{name}").display = event.value

    def _update_status(self, raw: str) -> None:
        line = self.query_one("#reading-status", Static)
        try:
            value = parse_number(raw)
            self.status = Status(self.status_of(value))
        except (ValueError, TypeError):
            self.status = Status.NONE
        red = self.status == Status.RED
        self.query_one("#countermeasure").display = red
        label = self.query_one("#row-reason .field-label")
        label.set_class(red, "-required")
        if self.status == Status.NONE:
            line.update(Content.styled("status shows as you type", "dim"))
            return
        note = {
            Status.RED: " — a reason is required; add the countermeasure below",
            Status.AMBER: " — inside the warning band",
            Status.GREEN: " — on target",
        }[self.status]
        line.update(Content.assemble(status_content(self.status, STATUS_WORD[self.status]), Content(note)))

    def collect(self) -> ReadingForm:
        def value() -> float:
            raw = str(self.value("value") or "")
            if not raw.strip():
                raise FormErrors({"value": "A value is required."})
            try:
                return parse_number(raw)
            except ValueError:
                raise FormErrors({"value": f"'{clip(raw, 30)}' is not a number."}) from None

        def shift() -> int | None:
            if not self.shifts:
                return None
            chosen = self.value("shift")
            if chosen is None:
                raise FormErrors({"shift": "Choose the shift."})
            return int(chosen)

        number, which = self.gather(value, shift)
        status = Status(self.status_of(number))
        red = status == Status.RED
        checks = [lambda: self.text("reason", "A reason for the red", required=red, limit=20_000)]
        create = red and bool(self.value("cm_create"))
        if create:
            checks += [
                lambda: self.text("cm_title", "The action", required=True, limit=MAX_TITLE),
                lambda: self._owner(),
                lambda: self._due(),
            ]
        results = self.gather(*checks)
        action = ActionForm(results[1], results[2], results[3]) if create else None
        return ReadingForm(number, results[0], which, action)

    def _owner(self) -> str:
        owner = self.value("cm_owner")
        if not owner:
            raise FormErrors({"cm_owner": "Choose the owner of the action."})
        return str(owner)

    def _due(self) -> date:
        day = self.day("cm_due", "A due date", required=True)
        assert day is not None
        if day < self.today:
            raise FormErrors({"cm_due": f"The due date {day} is in the past."})
        return day
