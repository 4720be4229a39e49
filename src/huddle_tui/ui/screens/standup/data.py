"""What the standup's steps show (`StandupData`), loaded by `gather` in a worker, and `Started`, what
starting or joining the huddle found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.metrics import Status
from huddle_tui.services import queries, readings
from huddle_tui.services.views import HuddleView, MetricRow, TeamBoard

if TYPE_CHECKING:
    from huddle_tui.services.session import Session


@dataclass(frozen=True)
class StandupData:
    """Everything a step shows, loaded in a worker."""

    view: HuddleView
    yesterday: TeamBoard
    safety_month: date
    safety_days: dict[date, Status]
    safety_rows: tuple[MetricRow, ...]
    earlier_reds: tuple[MetricRow, ...] = ()  # unsettled reds of the period on other days than yesterday


@dataclass(frozen=True)
class Started:
    huddle: Huddle
    step: str
    since: datetime
    joined: bool = False  # the huddle was already running (another terminal, or rejoining)


def gather(session: Session, team_id: str) -> StandupData:
    """Load what the steps of `team_id`'s huddle show (blocking: call it from a worker)."""
    view = queries.huddle_view(session, team_id)
    today = readings.today(session)
    yesterday = queries.team_board(session, team_id, today - timedelta(days=1))
    safety = [r for r in yesterday.metrics if r.metric.safety_cross] or [
        r for r in yesterday.metrics if r.metric.category == "Safety"
    ]
    month = today.replace(day=1)
    days: dict[date, Status] = {}
    if safety:
        detail = queries.metric_detail(session, safety[0].metric.id, f"{month:%Y-%m}")
        days = {cell.day: cell.status for cell in detail.days if not cell.future}
    earlier: list[MetricRow] = []
    for red in view.unsettled_reds:
        metric = session.directory.metric_by_id(red.reading.metric_id)
        if metric is not None and red.reading.date != yesterday.day:
            earlier.append(
                MetricRow(metric, red.reading, Status.RED, (), red.lacks_reason, red.lacks_countermeasure)
            )
    return StandupData(view, yesterday, month, days, tuple(safety), tuple(earlier))
