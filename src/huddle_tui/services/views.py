"""View dataclasses: what the read side (`services.queries`) hands to the CLI and the TUI.

Each view is frozen and carries the domain records plus what the screens need next to them (names,
statuses, overdue flags), so a widget never has to look anything up in the store. The team board's
own views live in `services.board_views` and are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from huddle_tui.domain.comments import Comment
from huddle_tui.domain.escalations import Escalation, EscalationMove
from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.kpis import IdeaKpis
from huddle_tui.domain.metrics import Metric, Reading, Status
from huddle_tui.domain.objectives import Objective
from huddle_tui.domain.settings import AgendaStep
from huddle_tui.domain.support import SupportRow
from huddle_tui.domain.teams import Person, Team
from huddle_tui.services.board_views import (
    ActionRow,
    DayCell,
    EscalationRow,
    IdeaRow,
    MetricRow,
    TeamBoard,
)

__all__ = [
    "ActionRow",
    "Cascade",
    "CascadeNode",
    "CommentView",
    "DayCell",
    "EscalationDetail",
    "EscalationRow",
    "FieldChange",
    "HuddleView",
    "IdeaRow",
    "Inbox",
    "KpiView",
    "MetricDetail",
    "MetricRow",
    "MoveView",
    "ObjectiveView",
    "Rollup",
    "RollupRow",
    "SupportView",
    "TeamBoard",
]


@dataclass(frozen=True)
class MetricDetail:
    """A metric's month as a day grid (the safety cross or a letter board), with its readings."""

    metric: Metric
    team: Team | None
    month: str  # "YYYY-MM"
    days: tuple[DayCell, ...]
    readings: tuple[Reading, ...]
    feeds: Metric | None = None
    fed_by: tuple[Metric, ...] = ()
    conflicts: tuple[str, ...] = ()  # of the metric record itself
    reading_conflicts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # reading id -> fields


@dataclass(frozen=True)
class MoveView:
    move: EscalationMove
    by: str  # person name
    from_team: str
    to_team: str


@dataclass(frozen=True)
class CommentView:
    comment: Comment
    author: str


@dataclass(frozen=True)
class EscalationDetail:
    row: EscalationRow
    moves: tuple[MoveView, ...]
    comments: tuple[CommentView, ...]
    raised_by: str  # person name
    actions: tuple[ActionRow, ...] = ()

    @property
    def escalation(self) -> Escalation:
        return self.row.escalation

    @property
    def conflicts(self) -> tuple[str, ...]:
        """Fields of the escalation record written concurrently on two replicas."""
        return self.row.conflicts


@dataclass(frozen=True)
class FieldChange:
    """One version of one field of a record, as the history screen lists it (`services.history`)."""

    field: str
    value: str  # rendered as text (JSON for non-text values); user text, show it literally
    at: datetime  # UTC, from the version's stamp
    by: str  # person name, or the raw actor id when nobody on the board has it
    replica: str  # id of the replica that wrote it
    winner: bool  # the value the board shows
    concurrent: bool  # part of a flagged conflict (written without seeing the other replica's value)


@dataclass(frozen=True)
class RollupRow:
    """One team below a tier-2+ team: SQDCP status for yesterday and today, and open work."""

    team: Team
    depth: int
    yesterday: dict[str, Status]
    today: dict[str, Status]
    open_escalations: int
    overdue_escalations: int
    open_actions: int
    overdue_actions: int
    reds_without_countermeasure: int = 0


@dataclass(frozen=True)
class Rollup:
    team: Team
    day: date
    categories: tuple[str, ...]
    rows: tuple[RollupRow, ...]


@dataclass(frozen=True)
class Inbox:
    """What waits for the acting person: escalations to handle, ideas to decide, own actions."""

    person: Person | None
    escalations: tuple[EscalationRow, ...]
    ideas: tuple[IdeaRow, ...]
    actions: tuple[ActionRow, ...]
    raised_answered: tuple[EscalationRow, ...] = ()  # answered escalations the person's team may close


@dataclass(frozen=True)
class KpiView:
    team: Team | None
    since: date | None
    until: date | None
    kpis: IdeaKpis
    people: int
    ideas: int


@dataclass(frozen=True)
class SupportView:
    """How well the tiers above serve the front line (see domain.support)."""

    team: Team | None
    rows: tuple[SupportRow, ...]


@dataclass(frozen=True)
class CascadeNode:
    """A metric in the policy-deployment cascade with the metrics below that feed it."""

    metric: Metric
    team: str
    status: Status
    children: tuple[CascadeNode, ...] = ()


@dataclass(frozen=True)
class ObjectiveView:
    objective: Objective
    team: str
    metrics: tuple[CascadeNode, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Cascade:
    team: Team | None
    day: date
    objectives: tuple[ObjectiveView, ...]


@dataclass(frozen=True)
class HuddleView:
    """A team's huddle of one day with its agenda, attendance and what it produced."""

    team: Team
    day: date
    huddle: Huddle | None  # None until it is started
    agenda: tuple[AgendaStep, ...]
    attendees: tuple[str, ...]  # names
    members: tuple[Person, ...]  # the team's people (for ticking attendance)
    actions: tuple[ActionRow, ...] = ()
    escalations: tuple[EscalationRow, ...] = ()
    unsettled_reds: tuple[Any, ...] = ()  # services.huddles.OpenRed: reds that block the end
