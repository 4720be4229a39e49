"""Escalations and the path they travel between teams.

A team raises an escalation to its parent; the holder may acknowledge, answer, escalate further up (a
reason is required), pass it sideways to a peer function, or return it down with guidance. The team that
raised it closes it once the answer satisfies it. Every move is its own append-only record
(`EscalationMove`), so the path stays complete even when two terminals act at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from huddle_tui.domain.settings import BoardSettings, Severity
from huddle_tui.domain.text import clean_text
from huddle_tui.errors import InvalidInput


class EscalationState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    CLOSED = "closed"


class MoveKind(StrEnum):
    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    UP = "up"  # escalated further up the tree
    SIDEWAYS = "sideways"  # passed to a peer function
    DOWN = "down"  # returned down with guidance
    CLOSED = "closed"
    REOPENED = "reopened"
    COMMENT = "comment"


@dataclass(frozen=True)
class Escalation:
    """A problem a team cannot solve alone, raised to the team that holds it now, until answered."""

    id: str
    title: str
    raised_by_team: str  # team id
    raised_by: str  # person id
    raised_at: datetime
    severity: Severity
    holder_team: str  # team id currently holding it
    held_since: datetime  # when the current holder received it (the response clock starts here)
    need: str = ""  # what is needed
    needed_by: datetime | None = None
    state: EscalationState = EscalationState.OPEN
    answer: str = ""
    first_response_at: datetime | None = None  # first acknowledge/answer/move by any holder
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    source_kind: str | None = None  # e.g. "reading" when raised from a red reading
    source_id: str | None = None
    # The last holder other than the raising team (where a reopened escalation goes back to).
    last_holder_above: str | None = None


@dataclass(frozen=True)
class EscalationMove:
    """One step in an escalation's history: raised, acknowledged, passed up, sideways or down, answered,
    closed, reopened or commented on."""

    id: str
    escalation_id: str
    kind: MoveKind
    at: datetime
    by: str  # person id
    from_team: str | None = None
    to_team: str | None = None
    text: str = ""  # reason, answer or guidance


# --- rules ------------------------------------------------------------------------------------------

LIVE_STATES = frozenset({EscalationState.OPEN, EscalationState.ACKNOWLEDGED})

_S = EscalationState
_K = MoveKind
ALLOWED_MOVES: dict[EscalationState, frozenset[MoveKind]] = {
    _S.OPEN: frozenset({_K.ACKNOWLEDGED, _K.ANSWERED, _K.UP, _K.SIDEWAYS, _K.DOWN, _K.CLOSED, _K.COMMENT}),
    _S.ACKNOWLEDGED: frozenset({_K.ANSWERED, _K.UP, _K.SIDEWAYS, _K.DOWN, _K.CLOSED, _K.COMMENT}),
    _S.ANSWERED: frozenset({_K.CLOSED, _K.REOPENED, _K.COMMENT}),
    _S.CLOSED: frozenset({_K.REOPENED, _K.COMMENT}),
}
NEEDS_TEXT = frozenset({MoveKind.UP, MoveKind.SIDEWAYS, MoveKind.DOWN})
# Moves by which a holder responds (closing is the raising team's confirmation, not a response).
RESPONSES = frozenset({_K.ACKNOWLEDGED, _K.ANSWERED, _K.UP, _K.SIDEWAYS, _K.DOWN})


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def response_deadline(esc: Escalation, settings: BoardSettings) -> datetime:
    """When the current holder must have responded: held_since + the severity's response time, or the
    needed-by time when that is earlier."""
    deadline = esc.held_since + timedelta(hours=settings.response_hours_for(esc.severity))
    if esc.needed_by is not None and esc.needed_by < deadline:
        return esc.needed_by
    return deadline


def is_overdue(esc: Escalation, settings: BoardSettings, now: datetime) -> bool:
    """True when the escalation is open or acknowledged and past its response deadline."""
    return esc.state in LIVE_STATES and now > response_deadline(esc, settings)


def overdue_hours(esc: Escalation, settings: BoardSettings, now: datetime) -> float:
    """Hours past the response deadline; 0 when not overdue (answered and closed are never overdue)."""
    if not is_overdue(esc, settings, now):
        return 0.0
    return _hours(now - response_deadline(esc, settings))


def hours_left(esc: Escalation, settings: BoardSettings, now: datetime) -> float:
    """Hours until the response deadline (negative once it has passed)."""
    return _hours(response_deadline(esc, settings) - now)


def escalation_sort_key(
    esc: Escalation, settings: BoardSettings, now: datetime
) -> tuple[int, int, int, datetime, str]:
    """Sort key: overdue first, closed last, then most severe, then oldest first."""
    return (
        0 if is_overdue(esc, settings, now) else 1,
        1 if esc.state is EscalationState.CLOSED else 0,
        Severity(esc.severity).rank,
        esc.raised_at,
        esc.id,
    )


def check_move(esc: Escalation, kind: MoveKind | str) -> None:
    """Raise InvalidInput when a move of `kind` is impossible in the escalation's current state."""
    move = MoveKind(kind)
    state = EscalationState(esc.state)
    if move is MoveKind.RAISED:
        raise InvalidInput("The escalation has already been raised.", hint="raise a new escalation instead")
    if move in ALLOWED_MOVES[state]:
        return
    possible = ", ".join(k.value for k in MoveKind if k in ALLOWED_MOVES[state])
    raise InvalidInput(
        f"An escalation that is {state.value} cannot be {_verb(move)}.", hint=f"possible now: {possible}"
    )


def _verb(kind: MoveKind) -> str:
    return {
        MoveKind.ACKNOWLEDGED: "acknowledged",
        MoveKind.ANSWERED: "answered",
        MoveKind.UP: "escalated up",
        MoveKind.SIDEWAYS: "passed sideways",
        MoveKind.DOWN: "returned down",
        MoveKind.CLOSED: "closed",
        MoveKind.REOPENED: "reopened",
    }.get(kind, kind.value)


def apply_move_unchecked(esc: Escalation, move: EscalationMove) -> Escalation:
    """The escalation after `move`, without checking whether the move is possible (see `apply_move`)."""
    kind = MoveKind(move.kind)
    at = move.at
    first = esc.first_response_at or (at if kind in RESPONSES else None)
    if kind is MoveKind.ACKNOWLEDGED:
        return replace(esc, state=EscalationState.ACKNOWLEDGED, first_response_at=first)
    if kind is MoveKind.ANSWERED:
        return replace(
            esc, state=EscalationState.ANSWERED, answer=move.text, answered_at=at, first_response_at=first
        )
    if kind in (MoveKind.UP, MoveKind.SIDEWAYS):
        if not move.to_team:
            raise InvalidInput(f"Say which team it is {_verb(kind)} to.", hint="name the receiving team")
        above = move.to_team if move.to_team != esc.raised_by_team else esc.last_holder_above
        return replace(
            esc,
            holder_team=move.to_team,
            held_since=at,
            state=EscalationState.OPEN,
            first_response_at=first,
            last_holder_above=above,
        )
    if kind is MoveKind.DOWN:
        above = esc.holder_team if esc.holder_team != esc.raised_by_team else esc.last_holder_above
        return replace(
            esc,
            holder_team=esc.raised_by_team,
            held_since=at,
            state=EscalationState.ANSWERED,
            answer=move.text,
            answered_at=at,
            first_response_at=first,
            last_holder_above=above,
        )
    if kind is MoveKind.CLOSED:
        return replace(esc, state=EscalationState.CLOSED, closed_at=at)
    if kind is MoveKind.REOPENED:
        holder = move.to_team or (
            esc.holder_team if esc.holder_team != esc.raised_by_team else esc.last_holder_above
        )
        holder = holder or esc.holder_team
        return replace(
            esc,
            holder_team=holder,
            held_since=at,
            state=EscalationState.OPEN,
            closed_at=None,
            last_holder_above=holder if holder != esc.raised_by_team else esc.last_holder_above,
        )
    return esc  # COMMENT, RAISED: no change


def apply_move(esc: Escalation, move: EscalationMove, settings: BoardSettings) -> Escalation:
    """The escalation after `move` (checked: impossible moves and moves without a needed reason raise).

    acknowledged: state acknowledged. answered: state answered with the answer text. up / sideways: the
    receiving team (`to_team`) holds it from `move.at`, state open, a reason is required. down: returned to
    the raising team with guidance (state answered). closed: state closed. reopened: open again, held by
    the last holder other than the raising team (or `to_team`). comment: no change. The first acknowledge,
    answer or move sets `first_response_at`.
    """
    del settings  # the state machine does not depend on settings; kept for a stable signature
    check_move(esc, move.kind)
    kind = MoveKind(move.kind)
    if kind in NEEDS_TEXT and not clean_text(move.text or ""):
        what = "Guidance" if kind is MoveKind.DOWN else "A reason"
        raise InvalidInput(
            f"{what} is required when an escalation is {_verb(kind)}.",
            hint="write why it moves and what is needed",
        )
    if kind in (MoveKind.UP, MoveKind.SIDEWAYS) and move.to_team == esc.holder_team:
        raise InvalidInput("The escalation is already held by that team.", hint="choose another team")
    return apply_move_unchecked(esc, move)


def move_order(move: EscalationMove) -> tuple[datetime, str]:
    """The deterministic order of moves: by time, then id."""
    return (move.at, move.id)


def replay(esc_raised: Escalation, moves: list[EscalationMove], settings: BoardSettings) -> Escalation:
    """The escalation after applying `moves` (of this escalation) in (at, id) order to the raised record.

    Deterministic: the same set of moves gives the same result in any input order. A move that is
    impossible at its point in the order (two terminals closing at once) is skipped, as are moves of
    other escalations.
    """
    del settings
    esc = esc_raised
    for move in sorted((m for m in moves if m.escalation_id == esc_raised.id), key=move_order):
        try:
            check_move(esc, move.kind)
            esc = apply_move_unchecked(esc, move)
        except InvalidInput:
            continue
    return esc
