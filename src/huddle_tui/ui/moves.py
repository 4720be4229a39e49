"""Moving an escalation from the UI: which moves a team is offered, the peer teams, the service call.

Shared by the board's escalations pane and the escalation detail screen. The raising team may comment,
and once answered close or reopen; the holding team (or a screen opened without a team) may
acknowledge, answer, escalate up, pass sideways to a peer of the holder, return down, or comment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from huddle_tui.domain.escalations import Escalation, EscalationState, MoveKind
from huddle_tui.services import escalations
from huddle_tui.ui.modals.move_escalation import MoveEscalationModal, MoveForm

if TYPE_CHECKING:
    from huddle_tui.services.session import Session
    from huddle_tui.ui.app import HuddleApp

HOLDER_MOVES = (MoveKind.ACKNOWLEDGED, MoveKind.ANSWERED, MoveKind.UP, MoveKind.SIDEWAYS, MoveKind.DOWN)


def offered_moves(esc: Escalation, team_id: str | None) -> list[MoveKind]:
    """The moves offered to `team_id` (None: a screen that is not a team's board)."""
    state = EscalationState(esc.state)
    if state is EscalationState.CLOSED:
        return [MoveKind.REOPENED, MoveKind.COMMENT]
    if team_id is not None and team_id == esc.raised_by_team and team_id != esc.holder_team:
        if state is EscalationState.ANSWERED:
            return [MoveKind.CLOSED, MoveKind.REOPENED, MoveKind.COMMENT]
        return [MoveKind.COMMENT]
    moves = [*HOLDER_MOVES, MoveKind.COMMENT]
    if state is EscalationState.ANSWERED:
        moves.insert(0, MoveKind.CLOSED)
    return moves


def peer_teams(session: Session, esc: Escalation) -> list[tuple[str, str]]:
    """Teams beside the holder (same parent) that may take the escalation sideways."""
    tree = session.directory.tree
    parent = tree.parent(esc.holder_team)
    siblings = tree.children(parent.id) if parent else tree.roots()
    return [(t.id, t.name) for t in siblings if t.id != esc.holder_team]


def apply_move(session: Session, escalation_id: str, form: MoveForm) -> Any:
    """Call the escalation service that matches the move chosen in the form."""
    kind = form.kind
    if kind is MoveKind.ACKNOWLEDGED:
        return escalations.acknowledge(session, escalation_id, form.text)
    if kind is MoveKind.ANSWERED:
        return escalations.answer(session, escalation_id, form.text)
    if kind is MoveKind.UP:
        return escalations.escalate_up(session, escalation_id, form.text)
    if kind is MoveKind.SIDEWAYS:
        return escalations.pass_sideways(session, escalation_id, form.to_team or "", form.text)
    if kind is MoveKind.DOWN:
        return escalations.return_down(session, escalation_id, form.text)
    if kind is MoveKind.CLOSED:
        return escalations.close(session, escalation_id, form.text)
    if kind is MoveKind.REOPENED:
        return escalations.reopen(session, escalation_id, form.text)
    return escalations.comment(session, escalation_id, form.text)


def start_move(
    app: HuddleApp,
    esc: Escalation,
    team_id: str | None,
    today: date,
    done: Callable[[Any], None],
    kind: MoveKind | None = None,
) -> None:
    """Ask who is acting (kiosk), then open the move form; `done(result)` runs after it closes."""
    session = app.session
    if session is None:
        return
    moves = offered_moves(esc, team_id)
    peers = peer_teams(session, esc)

    def go(acting: Session) -> None:
        def submit(form: MoveForm) -> Any:
            return apply_move(acting, esc.id, form)

        app.push_screen(
            MoveEscalationModal(
                esc.title, moves=moves, peer_teams=peers, kind=kind, on_submit=submit, today=today
            ),
            done,
        )

    app.with_actor("move an escalation", go, team_id or esc.holder_team)
