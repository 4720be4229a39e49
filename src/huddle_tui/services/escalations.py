"""Escalations: raise, acknowledge, answer, escalate up, pass sideways, return down, close, reopen, comment.

Every step is stored as its own append-only `escalation_move` record, and the escalation's fields are
updated to the result of replaying every known move (`domain.escalations.replay`), so two terminals
acting at once converge on one deterministic state and the whole path stays visible.

Who may: any member of a team raises for it; the holder team's supervisor (or a manager above it, or an
admin) acknowledges, answers and returns; escalating up or sideways is a decision of the holder team;
the raising team (its supervisor, a manager above it, an admin, or the person who raised it) closes and
reopens.
"""

from __future__ import annotations

import weakref
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from huddle_tui.domain import permissions
from huddle_tui.domain.escalations import (
    Escalation,
    EscalationMove,
    EscalationState,
    MoveKind,
    apply_move,
    check_move,
    replay,
)
from huddle_tui.domain.records import from_fields, to_fields
from huddle_tui.domain.settings import Severity
from huddle_tui.domain.teams import Person
from huddle_tui.domain.text import MAX_TEXT, optional_text, required_text
from huddle_tui.errors import InvalidInput
from huddle_tui.services import guard, persist
from huddle_tui.services.session import Session
from huddle_tui.store import new_id


def _severity(value: str | Severity) -> Severity:
    try:
        return Severity(str(value).strip().lower())
    except ValueError as err:
        raise InvalidInput(f"'{value}' is not a severity.", hint="use critical, high, medium or low") from err


def all_moves(session: Session) -> dict[str, list[EscalationMove]]:
    """Every stored move, grouped by escalation id."""
    grouped: dict[str, list[EscalationMove]] = {}
    for move in persist.load_all(session, EscalationMove):
        grouped.setdefault(move.escalation_id, []).append(move)
    return grouped


def base_of(esc: Escalation, moves: list[EscalationMove]) -> Escalation:
    """The escalation as it was raised (the state every replay starts from)."""
    raised = [m for m in moves if MoveKind(m.kind) is MoveKind.RAISED]
    first = min(raised, key=lambda m: (m.at, m.id)) if raised else None
    holder = first.to_team if first and first.to_team else esc.holder_team
    return replace(
        esc,
        holder_team=holder,
        held_since=esc.raised_at,
        state=EscalationState.OPEN,
        answer="",
        first_response_at=None,
        answered_at=None,
        closed_at=None,
        last_holder_above=holder,
    )


def current(session: Session, esc: Escalation, moves: list[EscalationMove]) -> Escalation:
    """The escalation after replaying every move in deterministic order."""
    return replay(base_of(esc, moves), moves, session.settings)


# Replayed escalations per board: id -> (escalation as stored, its moves, settings, replayed). The stored
# objects come from persist's cache, so an entry is still right while all of them are the same objects.
_replayed: weakref.WeakKeyDictionary[Any, dict[str, tuple[Any, tuple[Any, ...], Any, Escalation]]] = (
    weakref.WeakKeyDictionary()
)


def load_escalations(session: Session, involving: str | None = None) -> list[Escalation]:
    """Every escalation in its replayed state; with `involving` (a team id) only those that team raised
    or may hold (a superset of what the team raised or holds now, to be filtered after the replay)."""
    if involving is not None:
        return _escalations_involving(session, involving)
    moves = all_moves(session)
    settings = session.settings
    memo = _replayed.get(session.board) or {}
    fresh: dict[str, tuple[Any, tuple[Any, ...], Any, Escalation]] = {}
    out = []
    for esc in persist.load_all(session, Escalation):
        its = tuple(moves.get(esc.id, ()))
        hit = memo.get(esc.id)
        if (
            hit is not None
            and hit[0] is esc
            and hit[2] is settings
            and len(hit[1]) == len(its)
            and all(a is b for a, b in zip(hit[1], its, strict=True))
        ):
            replayed = hit[3]
        else:
            replayed = current(session, esc, list(its))
        fresh[esc.id] = (esc, its, settings, replayed)
        out.append(replayed)
    _replayed[session.board] = fresh
    return out


def _escalations_involving(session: Session, team_id: str) -> list[Escalation]:
    """Escalations whose stored raiser or holder is `team_id`, or that a move sent to it: only these
    (and their moves) are converted. A holder only ever comes from those fields (see `replay`)."""
    board = session.board
    move_records = board.all(persist.KINDS[EscalationMove])
    ids = {r.fields.get("escalation_id") for r in move_records if r.fields.get("to_team") == team_id}
    esc_records = [
        r
        for r in board.all(persist.KINDS[Escalation])
        if r.id in ids or team_id in (r.fields.get("raised_by_team"), r.fields.get("holder_team"))
    ]
    wanted = {r.id for r in esc_records}
    moves: dict[str, list[EscalationMove]] = {}
    for r in move_records:
        if r.fields.get("escalation_id") in wanted:
            move = from_fields(EscalationMove, r.id, r.fields)
            moves.setdefault(move.escalation_id, []).append(move)
    return [
        current(session, from_fields(Escalation, r.id, r.fields), moves.get(r.id, [])) for r in esc_records
    ]


def find_escalation(session: Session, ref: str) -> tuple[Escalation, list[EscalationMove]]:
    esc = persist.find(session, Escalation, ref)
    moves = [m for m in persist.load_all(session, EscalationMove) if m.escalation_id == esc.id]
    return current(session, esc, moves), moves


def parse_needed_by(session: Session, value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(session.settings.timezone))
    return value


def raise_escalation(
    session: Session,
    title: str,
    *,
    team: str,
    severity: str | Severity,
    need: str = "",
    needed_by: datetime | None = None,
    source_kind: str | None = None,
    source_id: str | None = None,
) -> Escalation:
    """Raise an escalation from `team` to its parent team."""
    team_obj = session.directory.team(team)
    actor = guard.require(session, guard.Permission.SUBMIT, team_obj.id, "Raising escalations")
    parent = session.directory.tree.parent(team_obj.id)
    if parent is None:
        raise InvalidInput(
            f"{team_obj.name} has no parent team to escalate to.",
            hint="raise it from a team that has a parent team (tier 1 escalates to its area)",
        )
    now = session.clock()
    esc = Escalation(
        id=new_id(),
        title=required_text(title, "Title"),
        raised_by_team=team_obj.id,
        raised_by=actor.id,
        raised_at=now,
        severity=_severity(severity),
        holder_team=parent.id,
        held_since=now,
        need=optional_text(need, "Need", limit=MAX_TEXT),
        needed_by=parse_needed_by(session, needed_by),
        source_kind=source_kind,
        source_id=source_id,
        last_holder_above=parent.id,
    )
    move = EscalationMove(
        id=new_id(),
        escalation_id=esc.id,
        kind=MoveKind.RAISED,
        at=now,
        by=actor.id,
        from_team=team_obj.id,
        to_team=parent.id,
        text=esc.need,
    )
    persist.insert_many(session, [(esc, None), (move, None)])
    return esc


def _move(
    session: Session,
    kind: MoveKind,
    actor: Person,
    esc: Escalation,
    moves: list[EscalationMove],
    *,
    text: str = "",
    to_team: str | None = None,
) -> Escalation:
    move = EscalationMove(
        id=new_id(),
        escalation_id=esc.id,
        kind=kind,
        at=_next_move_time(session, moves),
        by=actor.id,
        from_team=esc.holder_team,
        to_team=to_team,
        text=text,
    )
    new = apply_move(esc, move, session.settings)
    stored = persist.load(session, Escalation, esc.id)
    persist.insert(session, move)
    if stored is not None:
        fields = {k: v for k, v in to_fields(new).items() if to_fields(stored).get(k) != v}
        if fields:
            session.board.put("escalation", esc.id, fields, actor=actor.id)
    return new


def _next_move_time(session: Session, moves: list[EscalationMove]) -> datetime:
    """Now, but at least 1 ms after the latest known move: a terminal whose clock lags still appends its
    move after the ones it has seen, so every replica replays the path in the order it happened."""
    now = session.clock()
    if not moves:
        return now
    return max(now, max(m.at for m in moves) + timedelta(milliseconds=1))


def _text(value: str | None, what: str) -> str:
    return optional_text(value, what, limit=MAX_TEXT)


def acknowledge(session: Session, ref: str, text: str = "") -> Escalation:
    """The holder team says it has seen the escalation and is on it."""
    esc, moves = find_escalation(session, ref)
    actor = guard.require(
        session, guard.Permission.HANDLE_ESCALATION, esc.holder_team, "Acknowledging escalations"
    )
    check_move(esc, MoveKind.ACKNOWLEDGED)
    return _move(session, MoveKind.ACKNOWLEDGED, actor, esc, moves, text=_text(text, "Text"))


def answer(session: Session, ref: str, text: str) -> Escalation:
    """The holder team answers; the raising team then closes it (or reopens it)."""
    esc, moves = find_escalation(session, ref)
    actor = guard.require(
        session, guard.Permission.HANDLE_ESCALATION, esc.holder_team, "Answering escalations"
    )
    check_move(esc, MoveKind.ANSWERED)
    body = _text(text, "Answer")
    if not body:
        raise InvalidInput("An answer needs its text.", hint="add --text 'what was decided or done'")
    return _move(session, MoveKind.ANSWERED, actor, esc, moves, text=body)


def escalate_up(session: Session, ref: str, reason: str) -> Escalation:
    """The holder passes the escalation to its own parent team (a reason is required)."""
    esc, moves = find_escalation(session, ref)
    actor = guard.require(session, guard.Permission.DECIDE, esc.holder_team, "Escalating further up")
    check_move(esc, MoveKind.UP)
    parent = session.directory.tree.parent(esc.holder_team)
    if parent is None:
        raise InvalidInput(
            f"{session.directory.team_name(esc.holder_team)} is the top of the tree; there is no team above.",
            hint="answer it, or pass it sideways with 'escalation to ID TEAM'",
        )
    return _move(session, MoveKind.UP, actor, esc, moves, text=_text(reason, "Reason"), to_team=parent.id)


def pass_sideways(session: Session, ref: str, team: str, reason: str) -> Escalation:
    """The holder passes the escalation to a peer function (maintenance, quality); a reason is required."""
    esc, moves = find_escalation(session, ref)
    actor = guard.require(session, guard.Permission.DECIDE, esc.holder_team, "Passing escalations on")
    check_move(esc, MoveKind.SIDEWAYS)
    target = session.directory.team(team)
    if target.id == esc.raised_by_team:
        raise InvalidInput(
            "That is the team that raised it.",
            hint="return it down with guidance: 'escalation down ID --reason'",
        )
    return _move(
        session, MoveKind.SIDEWAYS, actor, esc, moves, text=_text(reason, "Reason"), to_team=target.id
    )


def return_down(session: Session, ref: str, guidance: str) -> Escalation:
    """The holder returns the escalation to the raising team with guidance."""
    esc, moves = find_escalation(session, ref)
    actor = guard.require(
        session, guard.Permission.HANDLE_ESCALATION, esc.holder_team, "Returning escalations"
    )
    check_move(esc, MoveKind.DOWN)
    return _move(
        session,
        MoveKind.DOWN,
        actor,
        esc,
        moves,
        text=_text(guidance, "Guidance"),
        to_team=esc.raised_by_team,
    )


def _raiser_side(session: Session, esc: Escalation, what: str) -> Person:
    actor = guard.acting_person(session)
    if actor.id == esc.raised_by:
        return actor
    return guard.require(session, guard.Permission.HANDLE_ESCALATION, esc.raised_by_team, what)


def close(session: Session, ref: str, text: str = "") -> Escalation:
    """The raising team confirms the answer and closes the escalation."""
    esc, moves = find_escalation(session, ref)
    actor = _raiser_side(session, esc, "Closing escalations")
    check_move(esc, MoveKind.CLOSED)
    return _move(session, MoveKind.CLOSED, actor, esc, moves, text=_text(text, "Text"))


def reopen(session: Session, ref: str, reason: str) -> Escalation:
    """The raising team is not satisfied: the escalation goes back to the last holder above it."""
    esc, moves = find_escalation(session, ref)
    actor = _raiser_side(session, esc, "Reopening escalations")
    check_move(esc, MoveKind.REOPENED)
    body = _text(reason, "Reason")
    if not body:
        raise InvalidInput("Say why the escalation is reopened.", hint="add --text 'what is still missing'")
    return _move(session, MoveKind.REOPENED, actor, esc, moves, text=body)


def comment(session: Session, ref: str, text: str) -> Escalation:
    """A comment on the escalation's path (a member of the raising or the holding team)."""
    esc, moves = find_escalation(session, ref)
    actor = guard.acting_person(session)
    tree = session.directory.tree
    if not permissions.allowed(actor, guard.Permission.SUBMIT, esc.holder_team, tree):
        guard.require(session, guard.Permission.SUBMIT, esc.raised_by_team, "Commenting on escalations")
    body = _text(text, "Comment")
    if not body:
        raise InvalidInput("The comment is empty.", hint="add --text 'the comment'")
    return _move(session, MoveKind.COMMENT, actor, esc, moves, text=body)
