"""PinModal: the PIN of a person with an elevated role, asked on a kiosk before an elevated action.

`on_submit(pin)` checks it (a service call); a wrong PIN raises a HuddleError shown inline, and the
modal stays open for another try.
"""

from __future__ import annotations

from textual.app import ComposeResult

from huddle_tui.ui.modals.form import FormModal, field_row, text_input


class PinModal(FormModal[str]):
    TITLE = "PIN required"
    SUBMIT_LABEL = "Confirm"

    def __init__(self, person_name: str, *, action: str = "", **kwargs) -> None:  # type: ignore[no-untyped-def]
        what = f" to {action}" if action else ""
        kwargs.setdefault("subtitle", f"{person_name}: enter your PIN{what}")
        super().__init__(**kwargs)

    def compose_fields(self) -> ComposeResult:
        yield field_row("pin", "PIN", text_input(password=True, max_length=64), required=True)

    def is_dirty(self) -> bool:
        return False  # a PIN is never worth a "discard?" question

    def collect(self) -> str:
        return self.text("pin", "The PIN", required=True, limit=64)
