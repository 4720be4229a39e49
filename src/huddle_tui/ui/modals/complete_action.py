"""CompleteActionModal: mark an action done or cancelled (cancelling needs a note)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widget import Widget

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.ui.modals.form import FormErrors, FormModal, choice, field_row, text_input

OUTCOMES = (("Done", ActionStatus.DONE), ("Cancelled", ActionStatus.CANCELLED))


@dataclass(frozen=True)
class CompletionForm:
    status: ActionStatus
    note: str


class CompleteActionModal(FormModal[CompletionForm]):
    TITLE = "Complete the action"
    SUBMIT_LABEL = "Complete"

    def __init__(self, action_title: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("subtitle", action_title)
        super().__init__(**kwargs)

    def compose_fields(self) -> ComposeResult:
        yield field_row(
            "status", "Outcome", choice(OUTCOMES, value=ActionStatus.DONE, blank=False), required=True
        )
        yield field_row("note", "Note", text_input(placeholder="what was done (required when cancelled)"))

    def initial_focus(self) -> Widget | None:
        return self.widget("note")

    def collect(self) -> CompletionForm:
        status = ActionStatus(self.value("status"))
        note = self.text("note", "The note", limit=20_000)
        if status == ActionStatus.CANCELLED and not note:
            raise FormErrors({"note": "Say why the action is cancelled."})
        return CompletionForm(status, note)
