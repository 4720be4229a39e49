"""RateIdeaModal: place an idea on the PICK chart by its payoff (impact) and effort."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Select

from huddle_tui.domain.ideas import Level
from huddle_tui.ui.modals.form import FormErrors, FormModal, choice, field_row

LEVELS = (("low", Level.LOW), ("high", Level.HIGH))


@dataclass(frozen=True)
class RatingForm:
    impact: Level | None
    effort: Level | None


class RateIdeaModal(FormModal[RatingForm]):
    TITLE = "Place the idea on the PICK chart"
    SUBMIT_LABEL = "Save"

    def __init__(
        self,
        idea_title: str,
        *,
        impact: Level | None = None,
        effort: Level | None = None,
        **kwargs,  # type: ignore[no-untyped-def]
    ) -> None:
        kwargs.setdefault("subtitle", idea_title)
        super().__init__(**kwargs)
        self.impact = impact
        self.effort = effort

    def compose_fields(self) -> ComposeResult:
        yield field_row(
            "impact", "Payoff", choice(LEVELS, value=self.impact or Select.NULL, prompt="not sure")
        )
        yield field_row(
            "effort", "Effort", choice(LEVELS, value=self.effort or Select.NULL, prompt="not sure")
        )

    def collect(self) -> RatingForm:
        impact, effort = self.value("impact"), self.value("effort")
        if impact is None and effort is None:
            raise FormErrors({"impact": "Choose the payoff, the effort or both."})
        return RatingForm(impact, effort)
