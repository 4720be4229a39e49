"""MoveEscalationModal: acknowledge, answer, escalate up, pass sideways or return down an escalation.

Answer, up, sideways and down need a text (the answer, the reason, the guidance); sideways needs the
peer team that takes it over. Only the moves the caller offers are listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Select

from huddle_tui.domain.escalations import MoveKind
from huddle_tui.ui.modals.form import FormErrors, FormModal, choice, field_row, text_input

MOVE_LABELS: dict[MoveKind, str] = {
    MoveKind.ACKNOWLEDGED: "Acknowledge (we have it)",
    MoveKind.ANSWERED: "Answer",
    MoveKind.UP: "Escalate further up",
    MoveKind.SIDEWAYS: "Pass sideways to a peer team",
    MoveKind.DOWN: "Return down with guidance",
    MoveKind.CLOSED: "Close (the answer solved it)",
    MoveKind.REOPENED: "Reopen",
    MoveKind.COMMENT: "Comment",
}
TEXT_REQUIRED = {
    MoveKind.ANSWERED,
    MoveKind.UP,
    MoveKind.SIDEWAYS,
    MoveKind.DOWN,
    MoveKind.REOPENED,
    MoveKind.COMMENT,
}
TEXT_WORD = {
    MoveKind.ANSWERED: "The answer",
    MoveKind.UP: "A reason",
    MoveKind.SIDEWAYS: "A reason",
    MoveKind.DOWN: "The guidance",
    MoveKind.REOPENED: "A reason",
    MoveKind.COMMENT: "The comment",
}
DEFAULT_MOVES = (MoveKind.ACKNOWLEDGED, MoveKind.ANSWERED, MoveKind.UP, MoveKind.SIDEWAYS, MoveKind.DOWN)


@dataclass(frozen=True)
class MoveForm:
    kind: MoveKind
    text: str
    to_team: str | None = None


class MoveEscalationModal(FormModal[MoveForm]):
    TITLE = "Move the escalation"
    SUBMIT_LABEL = "Apply"

    def __init__(
        self,
        escalation_title: str,
        *,
        moves: Sequence[MoveKind] = DEFAULT_MOVES,
        peer_teams: Sequence[tuple[str, str]] = (),
        kind: MoveKind | None = None,
        **kwargs,  # type: ignore[no-untyped-def]
    ) -> None:
        """`peer_teams`: (team id, name) that may take it sideways."""
        kwargs.setdefault("subtitle", escalation_title)
        super().__init__(**kwargs)
        self.moves = list(moves)
        self.peer_teams = list(peer_teams)
        self.initial_kind = kind if kind in self.moves else self.moves[0]

    def compose_fields(self) -> ComposeResult:
        yield field_row(
            "kind",
            "Move",
            choice([(MOVE_LABELS[m], m) for m in self.moves], value=self.initial_kind, blank=False),
        )
        yield field_row("text", "Text", text_input(placeholder="answer, reason or guidance"))
        row = field_row(
            "to_team",
            "To team",
            choice([(name, team_id) for team_id, name in self.peer_teams], prompt="peer team"),
            required=True,
        )
        row.display = self.initial_kind == MoveKind.SIDEWAYS
        yield row

    def initial_focus(self) -> Widget | None:
        return self.widget("text")  # the move is preselected; the text is what to type

    @on(Select.Changed, "#f-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        kind = MoveKind(event.value) if event.value is not Select.NULL else None
        self.query_one("#row-to_team").display = kind == MoveKind.SIDEWAYS

    def collect(self) -> MoveForm:
        kind = MoveKind(self.value("kind"))

        def text() -> str:
            return self.text(
                "text", TEXT_WORD.get(kind, "The text"), required=kind in TEXT_REQUIRED, limit=20_000
            )

        def to_team() -> str | None:
            if kind != MoveKind.SIDEWAYS:
                return None
            team = self.value("to_team")
            if not team:
                raise FormErrors({"to_team": "Choose the team that takes it over."})
            return str(team)

        body, team = self.gather(text, to_team)
        return MoveForm(kind, body, team)
