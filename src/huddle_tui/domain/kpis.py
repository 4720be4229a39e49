"""Idea-system KPIs of a team over a period: ideas per person, participation, implementation, answer times.

Ideas count when submitted in [start, end] by the board's local date. People are the team's active
people without kiosk logins; participants are those of them who submitted at least one idea in the
period, so the participation rate stays within 0..1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from statistics import fmean

from huddle_tui.domain.boardtime import local_date
from huddle_tui.domain.ideas import Idea, IdeaStatus, answer_overdue, awaiting_first_answer
from huddle_tui.domain.teams import Person, Role

DAY_SECONDS = 86_400


@dataclass(frozen=True)
class IdeaKpis:
    ideas: int
    people: int
    ideas_per_person: float  # 0.0 without people
    participants: int
    participation_rate: float  # 0..1 (0.0 without people)
    implemented: int
    implementation_rate: float  # 0..1 (0.0 without ideas)
    avg_days_to_first_answer: float | None  # None when no idea of the period has been answered
    avg_days_to_implementation: float | None  # None when none has been implemented
    awaiting_answer: int
    overdue_answers: int


def counted_people(people: Iterable[Person]) -> list[Person]:
    """The people a KPI counts: active, and not a kiosk login."""
    return [p for p in people if p.active and Role(p.role) is not Role.KIOSK]


def _days(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() / DAY_SECONDS)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def idea_kpis(
    ideas: Iterable[Idea],
    people_on_team: Sequence[Person],
    start: date,
    end: date,
    now: datetime,
    answer_hours: float,
    tz: str,
) -> IdeaKpis:
    """The idea KPIs over ideas submitted from `start` to `end` (inclusive, local dates in zone `tz`)."""
    period = [i for i in ideas if start <= local_date(i.submitted_at, tz) <= end]
    people = counted_people(people_on_team)
    ids = {p.id for p in people}
    participants = {i.submitted_by for i in period} & ids
    implemented = [i for i in period if IdeaStatus(i.status) is IdeaStatus.IMPLEMENTED]
    answered = [_days(i.submitted_at, i.first_answer_at) for i in period if i.first_answer_at is not None]
    done = [_days(i.submitted_at, i.implemented_at) for i in implemented if i.implemented_at is not None]
    return IdeaKpis(
        ideas=len(period),
        people=len(people),
        ideas_per_person=_ratio(len(period), len(people)),
        participants=len(participants),
        participation_rate=_ratio(len(participants), len(people)),
        implemented=len(implemented),
        implementation_rate=_ratio(len(implemented), len(period)),
        avg_days_to_first_answer=fmean(answered) if answered else None,
        avg_days_to_implementation=fmean(done) if done else None,
        awaiting_answer=sum(1 for i in period if awaiting_first_answer(i)),
        overdue_answers=sum(1 for i in period if answer_overdue(i, now, answer_hours)),
    )
