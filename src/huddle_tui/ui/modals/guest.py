"""GuestModal: add a guest (someone from outside the team) to the huddle's attendance by name."""

from __future__ import annotations

from textual.app import ComposeResult

from huddle_tui.ui.modals.form import FormModal, field_row, text_input

GUEST_LIMIT = 80


class GuestModal(FormModal[str]):
    """Dismisses with the guest's name (what the on_submit callback returned, or the name)."""

    TITLE = "Add a guest"
    SUBMIT_LABEL = "Add guest"

    def compose_fields(self) -> ComposeResult:
        yield field_row(
            "name",
            "Guest",
            text_input(placeholder="name and role, e.g. Ana (Quality)", max_length=GUEST_LIMIT),
            required=True,
        )

    def collect(self) -> str:
        return self.text("name", "A name", required=True, limit=GUEST_LIMIT)
