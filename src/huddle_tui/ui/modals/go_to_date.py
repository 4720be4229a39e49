"""GoToDateModal: show the board of another day (YYYY-MM-DD, today, -3, mon ...)."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult

from huddle_tui.ui.modals.form import FormErrors, FormModal, date_input, field_row


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
        return day
