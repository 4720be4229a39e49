"""What a demo board holds, counted through the services: the summary `huddle demo` prints.

The counts use the same rules as the boards (overdue escalations and actions, reds without a reason or
countermeasure, ideas past the answer time), so the summary says what a user will see when opening it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from huddle_tui.domain import actions as action_rules
from huddle_tui.domain import boardtime
from huddle_tui.domain import escalations as escalation_rules
from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.escalations import EscalationState
from huddle_tui.domain.ideas import IdeaStatus, answer_overdue
from huddle_tui.domain.metrics import Reading, Status, reading_status
from huddle_tui.domain.records import from_fields
from huddle_tui.domain.teams import Role
from huddle_tui.services import actions, escalations, ideas
from huddle_tui.services.session import Session


@dataclass(frozen=True)
class DemoSummary:
    """Counts of a board, as of `now`."""

    board_name: str
    today: date
    teams_by_tier: dict[int, int]
    people_by_role: dict[str, int]
    metrics: int
    readings: int
    reds: int
    reds_without_countermeasure: int
    ideas_by_status: dict[str, int]
    ideas_past_answer_time: int
    escalations_open: int
    escalations_overdue: int
    escalations_closed: int
    actions_open: int
    actions_overdue: int
    actions_done: int
    huddles: int
    last_huddle: date | None = None
    huddle_teams: tuple[str, ...] = field(default_factory=tuple)
    reading_months: tuple[str, ...] = field(default_factory=tuple)  # the months the reading counts cover
    kiosk_logins: tuple[str, ...] = field(default_factory=tuple)  # shared shop-floor terminal logins
    people_with_pin: tuple[str, ...] = field(default_factory=tuple)  # elevated people a kiosk can enter


def summarize(session: Session, now: datetime | None = None, *, months: int | None = None) -> DemoSummary:
    """Count what the board of `session` holds, with overdue flags as of `now` (default the session clock).

    `months` limits the reading counts to the last months (a benchmark board has 36 of them).
    """
    now = now or session.clock()
    settings = session.settings
    today = boardtime.production_day(now, settings)
    directory = session.directory
    teams = directory.teams()
    people = directory.people()
    metrics = {m.id: m for m in directory.metrics()}
    board = session.board
    reds = lacking = count = 0
    partitions = sorted(board.partitions("reading"))
    if months is not None:
        partitions = partitions[-months:] if months > 0 else []
    for record in board.all("reading", partitions=partitions):
        count += 1
        metric = metrics.get(str(record.fields.get("metric_id", "")))
        if metric is None:
            continue
        reading = from_fields(Reading, record.id, dict(record.fields))
        if reading_status(metric, reading.value) is Status.RED:
            reds += 1
            lacking += 0 if reading.action_id else 1
    idea_list = ideas.list_ideas(session)
    by_status = Counter(str(i.status) for i in idea_list)
    escalation_list = escalations.load_escalations(session)
    live = [e for e in escalation_list if e.state in escalation_rules.LIVE_STATES]
    action_list = actions.list_actions(session)
    huddle_records = board.all("huddle")
    last = max((date.fromisoformat(str(h.fields["date"])) for h in huddle_records), default=None)
    names = {t.id: t.name for t in teams}
    return DemoSummary(
        board_name=settings.name,
        today=today,
        teams_by_tier=dict(sorted(Counter(t.tier for t in teams).items(), reverse=True)),
        people_by_role=dict(Counter(str(p.role) for p in people)),
        metrics=len(metrics),
        readings=count,
        reds=reds,
        reds_without_countermeasure=lacking,
        ideas_by_status={s.value: by_status.get(s.value, 0) for s in IdeaStatus},
        ideas_past_answer_time=sum(
            1 for i in idea_list if answer_overdue(i, now, settings.idea_answer_hours)
        ),
        escalations_open=len(live),
        escalations_overdue=sum(1 for e in live if escalation_rules.is_overdue(e, settings, now)),
        escalations_closed=sum(1 for e in escalation_list if e.state is EscalationState.CLOSED),
        actions_open=sum(1 for a in action_list if a.status == ActionStatus.OPEN),
        actions_overdue=sum(1 for a in action_list if action_rules.is_overdue(a, today)),
        actions_done=sum(1 for a in action_list if a.status == ActionStatus.DONE),
        reading_months=tuple(partitions),
        kiosk_logins=tuple(sorted(p.login for p in people if p.role == Role.KIOSK)),
        people_with_pin=tuple(sorted(f"{p.name} ({p.login})" for p in people if p.pin_hash)),
        huddles=len(huddle_records),
        last_huddle=last,
        huddle_teams=tuple(
            sorted(
                names.get(str(h.fields.get("team_id")), "?")
                for h in huddle_records
                if last is not None and str(h.fields.get("date")) == last.isoformat()
            )
        ),
    )
