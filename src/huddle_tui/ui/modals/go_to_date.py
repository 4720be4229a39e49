"""GoToDateModal: show the board of another day (YYYY-MM-DD, today, -3, mon ...)."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult

from huddle_tui.ui.modals.form import FormErrors, FormModal, date_input, field_row

EARLIEST = date(1900, 1, 1)  # no board has days before this; far older dates only overflow date math


class GoToDateModal(FormModal[date]):
    TITLE = "Go to date"
    SUBMIT_LABEL = "Go"

    def __init__(self, *, current: date | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.current = current or self.today

    def compose_fields(self) -> ComposeResult:
        yield field_row("day", "Day", date_input(self.current.isoformat()), required=True)

    def is_dirty(self) -> bool:
        return False

    def collect(self) -> date:
        day = self.day("day", "A day", required=True)
        assert day is not None
        if day > self.today:
            raise FormErrors({"day": "The board does not show future days."})
        if day < EARLIEST:  # the board's 14-day history of 0001-01-01 is out of range for `date`
            raise FormErrors({"day": f"The board does not show days before {EARLIEST.isoformat()}."})
        return day
