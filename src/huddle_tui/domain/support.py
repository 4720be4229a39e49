"""Support measures: how well the tiers above serve the front line, per holder team and per person.

An escalation's path is cut into holding periods: from the moment a team received it (raised to it, or
moved to it) until it moved on. A period's first response is its first acknowledge, answer, or move up,
sideways or down; its response deadline is the receipt plus the severity's response time (or the
needed-by time, when earlier). A team's closing time is from receipt to its answer (or return with
guidance). Periods the raising team holds (after a return down) are not support and are left out.
Person rows credit the person who made a period's first response, the answer, or an idea decision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from statistics import fmean, median

from huddle_tui.domain.escalations import (
    RESPONSES,
    Escalation,
    EscalationMove,
    EscalationState,
    MoveKind,
    apply_move_unchecked,
    check_move,
    is_overdue,
    move_order,
)
from huddle_tui.domain.ideas import Idea, answer_overdue, first_answer_hours
from huddle_tui.domain.settings import BoardSettings
from huddle_tui.domain.teams import Person, Team
from huddle_tui.errors import InvalidInput


@dataclass(frozen=True)
class SupportRow:
    key: str  # team id or person id
    label: str
    kind: str  # "team" or "person"
    escalations_handled: int
    median_first_response_hours: float | None
    avg_first_response_hours: float | None
    within_response_share: float | None  # 0..1 of periods judged (responded, or past the deadline)
    avg_closing_hours: float | None
    overdue_now: int
    ideas_answered: int
    avg_idea_first_answer_hours: float | None
    ideas_overdue: int


@dataclass(frozen=True)
class HoldPeriod:
    escalation_id: str
    team_id: str
    start: datetime
    deadline: datetime
    response: EscalationMove | None = None
    answer: EscalationMove | None = None


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _initial_holder(esc: Escalation, moves: Sequence[EscalationMove], fallback: str | None) -> str:
    """Who held the escalation when it was raised: the raise move's receiver, else the sender of the first
    move that changed the holder, else (with no such move) the current holder, else `fallback`."""
    changing = (MoveKind.UP, MoveKind.SIDEWAYS, MoveKind.DOWN, MoveKind.REOPENED)
    for move in moves:
        if move.kind is MoveKind.RAISED and move.to_team:
            return move.to_team
    first = next((m for m in moves if m.kind in changing), None)
    if first is None:
        return esc.holder_team
    return first.from_team or fallback or esc.holder_team


def hold_periods(
    esc: Escalation,
    moves: Iterable[EscalationMove],
    settings: BoardSettings,
    first_holder: str | None = None,
) -> list[HoldPeriod]:
    """The holding periods of `esc` by teams other than the raising team, replaying `moves` in order.

    `first_holder` (usually the parent of the raising team) is used when the moves do not tell who
    received the escalation when it was raised.
    """
    ordered = sorted((m for m in moves if m.escalation_id == esc.id), key=move_order)
    hours = timedelta(hours=settings.response_hours_for(esc.severity))

    def deadline(start: datetime) -> datetime:
        due = start + hours
        return esc.needed_by if esc.needed_by is not None and esc.needed_by < due else due

    state = replace(
        esc,
        holder_team=_initial_holder(esc, ordered, first_holder),
        held_since=esc.raised_at,
        state=EscalationState.OPEN,
        answer="",
        first_response_at=None,
        answered_at=None,
        closed_at=None,
        last_holder_above=None,
    )
    periods = [HoldPeriod(esc.id, state.holder_team, state.raised_at, deadline(state.raised_at))]
    for move in ordered:
        try:
            check_move(state, move.kind)
            after = apply_move_unchecked(state, move)
        except InvalidInput:
            continue
        current = periods[-1]
        if move.kind in RESPONSES and current.response is None:
            current = replace(current, response=move)
        if move.kind in (MoveKind.ANSWERED, MoveKind.DOWN) and current.answer is None:
            current = replace(current, answer=move)
        periods[-1] = current
        if (after.holder_team, after.held_since) != (state.holder_team, state.held_since):
            periods.append(
                HoldPeriod(esc.id, after.holder_team, after.held_since, deadline(after.held_since))
            )
        state = after
    return [p for p in periods if p.team_id != esc.raised_by_team]


@dataclass
class _Acc:
    escalations: set[str] = field(default_factory=set)
    first: list[float] = field(default_factory=list)
    judged: int = 0
    within: int = 0
    closing: list[float] = field(default_factory=list)
    overdue_now: int = 0
    idea_answers: list[float] = field(default_factory=list)
    ideas_overdue: int = 0

    def row(self, key: str, label: str, kind: str) -> SupportRow:
        return SupportRow(
            key=key,
            label=label,
            kind=kind,
            escalations_handled=len(self.escalations),
            median_first_response_hours=median(self.first) if self.first else None,
            avg_first_response_hours=fmean(self.first) if self.first else None,
            within_response_share=self.within / self.judged if self.judged else None,
            avg_closing_hours=fmean(self.closing) if self.closing else None,
            overdue_now=self.overdue_now,
            ideas_answered=len(self.idea_answers),
            avg_idea_first_answer_hours=fmean(self.idea_answers) if self.idea_answers else None,
            ideas_overdue=self.ideas_overdue,
        )

    @property
    def empty(self) -> bool:
        return not (self.escalations or self.idea_answers or self.ideas_overdue or self.overdue_now)


def support_rows(
    escalations: Iterable[Escalation],
    moves: Iterable[EscalationMove],
    ideas: Iterable[Idea],
    teams: Iterable[Team],
    people: Iterable[Person],
    settings: BoardSettings,
    now: datetime,
) -> list[SupportRow]:
    """Support rows per holder team (highest tier first, then by name), then per person (by name)."""
    by_esc: dict[str, list[EscalationMove]] = defaultdict(list)
    for move in moves:
        by_esc[move.escalation_id].append(move)
    team_acc: dict[str, _Acc] = defaultdict(_Acc)
    person_acc: dict[str, _Acc] = defaultdict(_Acc)

    team_by_id = {t.id: t for t in teams}
    person_by_id = {p.id: p for p in people}

    for esc in escalations:
        raiser = team_by_id.get(esc.raised_by_team)
        parent = raiser.parent_id if raiser else None
        for period in hold_periods(esc, by_esc.get(esc.id, []), settings, parent):
            team = team_acc[period.team_id]
            team.escalations.add(esc.id)
            response = period.response
            if response is not None or now > period.deadline:
                ok = response is not None and response.at <= period.deadline
                team.judged += 1
                team.within += ok
            if response is not None:
                hours = max(0.0, _hours(response.at - period.start))
                team.first.append(hours)
                person = person_acc[response.by]
                person.escalations.add(esc.id)
                person.first.append(hours)
                person.judged += 1
                person.within += response.at <= period.deadline
            if period.answer is not None:
                closing = max(0.0, _hours(period.answer.at - period.start))
                team.closing.append(closing)
                person_acc[period.answer.by].closing.append(closing)
                person_acc[period.answer.by].escalations.add(esc.id)
        if is_overdue(esc, settings, now) and esc.holder_team != esc.raised_by_team:
            team_acc[esc.holder_team].overdue_now += 1

    for idea in ideas:
        hours = first_answer_hours(idea)
        if hours is not None:
            team_acc[idea.team_id].idea_answers.append(hours)
            if idea.decided_by:
                person_acc[idea.decided_by].idea_answers.append(hours)
        elif answer_overdue(idea, now, settings.idea_answer_hours):
            team_acc[idea.team_id].ideas_overdue += 1

    def team_key(team_id: str) -> tuple[int, str, str]:
        team = team_by_id.get(team_id)
        return (-(team.tier if team else 0), (team.name if team else team_id).casefold(), team_id)

    def person_key(person_id: str) -> tuple[str, str]:
        person = person_by_id.get(person_id)
        return ((person.name if person else person_id).casefold(), person_id)

    rows = [
        team_acc[t].row(t, team_by_id[t].name if t in team_by_id else t, "team")
        for t in sorted(team_acc, key=team_key)
        if not team_acc[t].empty
    ]
    rows += [
        person_acc[p].row(p, person_by_id[p].name if p in person_by_id else p, "person")
        for p in sorted(person_acc, key=person_key)
        if not person_acc[p].empty
    ]
    return rows
