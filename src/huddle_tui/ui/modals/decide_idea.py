"""DecideIdeaModal: a decision on an idea, with a reason written for the person who submitted it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult

from huddle_tui.domain.ideas import IdeaStatus
from huddle_tui.ui.modals.form import FormModal, choice, field_row, text_input

DECISIONS = [(s.label, s) for s in IdeaStatus if s != IdeaStatus.NEW]


@dataclass(frozen=True)
class DecisionForm:
    status: IdeaStatus
    reason: str


class DecideIdeaModal(FormModal[DecisionForm]):
    TITLE = "Decide on the idea"
    SUBMIT_LABEL = "Decide"

    def __init__(self, idea_title: str, *, current: IdeaStatus = IdeaStatus.NEW, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("subtitle", idea_title)
        super().__init__(**kwargs)
        self.current = current

    def compose_fields(self) -> ComposeResult:
        yield field_row("status", "Decision", choice(DECISIONS, prompt="choose a status"), required=True)
        yield field_row(
            "reason",
            "Reason",
            text_input(placeholder="written for the person who submitted it"),
            required=True,
            hint="No canned answers: say why, and what happens next.",
        )

    def collect(self) -> DecisionForm:
        def status() -> IdeaStatus:
            value = self.value("status")
            if value is None:
                from huddle_tui.ui.modals.form import FormErrors

                raise FormErrors({"status": "Choose a status."})
            return IdeaStatus(value)

        chosen, reason = self.gather(
            status, lambda: self.text("reason", "A reason", required=True, limit=20_000)
        )
        return DecisionForm(chosen, reason)
