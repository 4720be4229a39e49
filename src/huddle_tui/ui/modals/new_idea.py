"""NewIdeaModal: an improvement idea in seconds. Only title and detail are required."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult

from huddle_tui.domain.ideas import Level
from huddle_tui.domain.text import MAX_TITLE
from huddle_tui.ui.modals.form import FormModal, choice, field_row, text_input

LEVELS = (("low", Level.LOW), ("high", Level.HIGH))


@dataclass(frozen=True)
class IdeaForm:
    title: str
    detail: str
    impact: Level | None = None
    effort: Level | None = None


class NewIdeaModal(FormModal[IdeaForm]):
    TITLE = "New idea"
    SUBMIT_LABEL = "Submit idea"

    def compose_fields(self) -> ComposeResult:
        yield field_row("title", "Idea", text_input(placeholder="what should change?"), required=True)
        yield field_row("detail", "Why / how", text_input(placeholder="the problem it solves"), required=True)
        yield field_row("impact", "Payoff", choice(LEVELS, prompt="not sure (optional)"))
        yield field_row("effort", "Effort", choice(LEVELS, prompt="not sure (optional)"))

    def collect(self) -> IdeaForm:
        title, detail = self.gather(
            lambda: self.text("title", "A title", required=True, limit=MAX_TITLE),
            lambda: self.text("detail", "The detail", required=True, limit=20_000),
        )
        return IdeaForm(title, detail, self.value("impact"), self.value("effort"))
