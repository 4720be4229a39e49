"""NewActionModal: a countermeasure with an owner from the team's roster and a due date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult

from huddle_tui.domain.text import MAX_TITLE
from huddle_tui.ui.modals.form import FormErrors, FormModal, choice, date_input, field_row, text_input


@dataclass(frozen=True)
class ActionForm:
    title: str
    owner_id: str
    due: date


class NewActionModal(FormModal[ActionForm]):
    TITLE = "New action"
    SUBMIT_LABEL = "Add action"

    def __init__(self, roster: Sequence[tuple[str, str]], *, title_text: str = "", **kwargs) -> None:  # type: ignore[no-untyped-def]
        """`roster`: (person id, name) of the people who may own it."""
        super().__init__(**kwargs)
        self.roster = list(roster)
        self.title_text = title_text

    def compose_fields(self) -> ComposeResult:
        yield field_row(
            "title", "Action", text_input(self.title_text, placeholder="what will be done"), required=True
        )
        yield field_row(
            "owner", "Owner", choice([(n, i) for i, n in self.roster], prompt="who"), required=True
        )
        yield field_row("due", "Due", date_input("+3"), required=True)

    def collect(self) -> ActionForm:
        def owner() -> str:
            value = self.value("owner")
            if not value:
                raise FormErrors({"owner": "Choose an owner."})
            return str(value)

        def due() -> date:
            day = self.day("due", "A due date", required=True)
            assert day is not None
            if day < self.today:
                raise FormErrors({"due": f"The due date {day} is in the past."})
            return day

        title, who, when = self.gather(
            lambda: self.text("title", "A title", required=True, limit=MAX_TITLE), owner, due
        )
        return ActionForm(title, who, when)
