"""The team board's view types: what `services.queries.team_board` hands to the board screen.

Apart from the other views (`services.views`, which re-exports these) because the app's start snapshot
(ui/start.py) holds a `TeamBoard`: drawing it imports only these and the domain records they carry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from huddle_tui.domain.actions import Action
from huddle_tui.domain.escalations import Escalation
from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.ideas import Idea, Pick
from huddle_tui.domain.metrics import Metric, Reading, Status
from huddle_tui.domain.teams import Team


@dataclass(frozen=True)
class DayCell:
    """One day of a metric: its reading (if any) and the status colour (NONE for empty/future days)."""

    day: date
    status: Status
    value: float | None = None
    reading: Reading | None = None
    future: bool = False


@dataclass(frozen=True)
class MetricRow:
    """One metric on a team board: the reading of the day and the last 14 days."""

    metric: Metric
    reading: Reading | None
    status: Status
    history: tuple[DayCell, ...]
    lacks_reason: bool
    lacks_countermeasure: bool
    readings_of_day: tuple[Reading, ...] = ()  # per-shift metrics: one per shift
    conflicts: tuple[str, ...] = ()  # fields of `reading` written concurrently on two replicas


@dataclass(frozen=True)
class IdeaRow:
    """An idea as the board lists it: who submitted it, its PICK quadrant, its age."""

    idea: Idea
    submitter: str  # name
    pick: Pick | None
    age_hours: float
    answer_overdue: bool
    conflicts: tuple[str, ...] = ()  # fields written concurrently on two replicas (see history)


@dataclass(frozen=True)
class EscalationRow:
    """An escalation as the board lists it: the teams by name, whether it is overdue, time left."""

    escalation: Escalation
    raised_by_team: str  # name
    holder_team: str  # name
    overdue: bool
    overdue_hours: float
    hours_left: float
    direction: str = ""  # "out" (raised by the team), "in" (held by the team), "" (elsewhere)
    conflicts: tuple[str, ...] = ()  # fields written concurrently on two replicas (see history)


@dataclass(frozen=True)
class ActionRow:
    """An action as the board lists it: owner and team by name, whether it is overdue."""

    action: Action
    owner: str  # name
    team: str  # name
    overdue: bool
    conflicts: tuple[str, ...] = ()  # fields written concurrently on two replicas (see history)


@dataclass(frozen=True)
class TeamBoard:
    """Everything a team's board shows for one production day."""

    team: Team
    day: date
    metrics: tuple[MetricRow, ...]
    ideas: tuple[IdeaRow, ...]
    escalations_out: tuple[EscalationRow, ...]
    escalations_in: tuple[EscalationRow, ...]
    actions: tuple[ActionRow, ...]
    huddle: Huddle | None = None

    @property
    def reds_without_countermeasure(self) -> tuple[MetricRow, ...]:
        return tuple(row for row in self.metrics if row.lacks_countermeasure or row.lacks_reason)
