"""RaiseEscalationModal: a problem the team cannot solve alone, sent to the parent team."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult

from huddle_tui.domain.settings import DEFAULT_RESPONSE_HOURS, Severity
from huddle_tui.domain.text import MAX_TITLE
from huddle_tui.ui.modals.form import FormErrors, FormModal, choice, date_input, field_row, text_input


@dataclass(frozen=True)
class EscalationForm:
    title: str
    need: str
    severity: Severity
    needed_by: date | None


def severity_options(response_hours: Mapping[str, float]) -> list[tuple[str, Severity]]:
    return [(f"{s.value} (answer within {response_hours.get(s.value, 0):g} h)", s) for s in Severity]


class RaiseEscalationModal(FormModal[EscalationForm]):
    TITLE = "Raise an escalation"
    SUBMIT_LABEL = "Raise"

    def __init__(
        self,
        *,
        to_team: str = "",
        response_hours: Mapping[str, float] | None = None,
        title_text: str = "",
        **kwargs,  # type: ignore[no-untyped-def]
    ) -> None:
        if to_team:
            kwargs.setdefault("subtitle", f"to {to_team}")
        super().__init__(**kwargs)
        self.response_hours = dict(response_hours or DEFAULT_RESPONSE_HOURS)
        self.title_text = title_text

    def compose_fields(self) -> ComposeResult:
        yield field_row(
            "title", "Problem", text_input(self.title_text, placeholder="what is wrong"), required=True
        )
        yield field_row("need", "Needed", text_input(placeholder="what you need from them"), required=True)
        yield field_row(
            "severity",
            "Severity",
            choice(severity_options(self.response_hours), value=Severity.MEDIUM, blank=False),
            required=True,
        )
        yield field_row("needed_by", "Needed by", date_input())

    def collect(self) -> EscalationForm:
        def needed_by() -> date | None:
            day = self.day("needed_by", "Needed by")
            if day is not None and day < self.today:
                raise FormErrors({"needed_by": f"{day} is in the past."})
            return day

        title, need, when = self.gather(
            lambda: self.text("title", "A title", required=True, limit=MAX_TITLE),
            lambda: self.text("need", "What is needed", required=True, limit=20_000),
            needed_by,
        )
        return EscalationForm(title, need, Severity(self.value("severity")), when)
