"""The read side: what a team board, a metric, an escalation, the roll-up and an inbox show.

Every function takes a session and returns a view from `services.views`; nothing here writes. Readings are
loaded only for the months shown. Escalations are always the replay of their moves.
"""

from __future__ import annotations

import calendar
import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from huddle_tui.domain import permissions
from huddle_tui.domain.actions import Action, ActionStatus, action_sort_key
from huddle_tui.domain.actions import is_overdue as action_overdue
from huddle_tui.domain.comments import Comment
from huddle_tui.domain.escalations import (
    Escalation,
    EscalationMove,
    EscalationState,
    escalation_sort_key,
    hours_left,
    is_overdue,
    overdue_hours,
)
from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.ideas import Idea, IdeaStatus, answer_overdue, idea_age_hours, pick_quadrant
from huddle_tui.domain.kpis import idea_kpis
from huddle_tui.domain.metrics import (
    SQDCP,
    Metric,
    Reading,
    Status,
    lacks_countermeasure,
    lacks_reason,
    month_partition,
    reading_status,
    worst_status,
)
from huddle_tui.domain.objectives import Objective
from huddle_tui.domain.records import from_fields
from huddle_tui.domain.rollup import category_status, metric_day_status
from huddle_tui.domain.support import support_rows
from huddle_tui.domain.teams import Role, Team
from huddle_tui.errors import InvalidInput
from huddle_tui.services import escalations, huddles, persist, readings
from huddle_tui.services.huddles import huddle_id
from huddle_tui.services.session import Session
from huddle_tui.services.views import (
    ActionRow,
    Cascade,
    CascadeNode,
    CommentView,
    DayCell,
    EscalationDetail,
    EscalationRow,
    HuddleView,
    IdeaRow,
    Inbox,
    KpiView,
    MetricDetail,
    MetricRow,
    MoveView,
    ObjectiveView,
    Rollup,
    RollupRow,
    SupportView,
    TeamBoard,
)
from huddle_tui.store import Record

HISTORY_DAYS = 14
RECENT_DONE_DAYS = 7


# --- rows ---------------------------------------------------------------------------------------------


def idea_row(session: Session, idea: Idea) -> IdeaRow:
    now = session.clock()
    return IdeaRow(
        idea=idea,
        submitter=session.directory.person_name(idea.submitted_by),
        pick=pick_quadrant(idea.impact, idea.effort),
        age_hours=idea_age_hours(idea, now),
        answer_overdue=answer_overdue(idea, now, session.settings.idea_answer_hours),
        conflicts=persist.conflicts_of(session, persist.KINDS[Idea], idea.id),
    )


def escalation_row(session: Session, esc: Escalation, team_id: str | None = None) -> EscalationRow:
    now, settings, directory = session.clock(), session.settings, session.directory
    direction = ""
    if team_id is not None:
        direction = "out" if esc.raised_by_team == team_id else ("in" if esc.holder_team == team_id else "")
    return EscalationRow(
        escalation=esc,
        raised_by_team=directory.team_name(esc.raised_by_team),
        holder_team=directory.team_name(esc.holder_team),
        overdue=is_overdue(esc, settings, now),
        overdue_hours=overdue_hours(esc, settings, now),
        hours_left=hours_left(esc, settings, now),
        direction=direction,
        conflicts=persist.conflicts_of(session, persist.KINDS[Escalation], esc.id),
    )


def action_row(session: Session, action: Action, today: date | None = None) -> ActionRow:
    today = today or readings.today(session)
    return ActionRow(
        action=action,
        owner=session.directory.person_name(action.owner_id),
        team=session.directory.team_name(action.team_id),
        overdue=action_overdue(action, today),
        conflicts=persist.conflicts_of(session, persist.KINDS[Action], action.id),
    )


def sort_escalation_rows(session: Session, rows: Iterable[EscalationRow]) -> tuple[EscalationRow, ...]:
    now, settings = session.clock(), session.settings
    return tuple(sorted(rows, key=lambda r: escalation_sort_key(r.escalation, settings, now)))


def escalation_rows(
    session: Session,
    *,
    team: str | None = None,
    open_only: bool = False,
    overdue_only: bool = False,
) -> tuple[EscalationRow, ...]:
    """Escalations raised by or held by `team` (all when None), sorted overdue first, then by severity."""
    team_id = session.directory.team(team).id if team else None
    rows = []
    for esc in escalations.load_escalations(session):
        if team_id is not None and team_id not in (esc.raised_by_team, esc.holder_team):
            continue
        if open_only and EscalationState(esc.state) is EscalationState.CLOSED:
            continue
        row = escalation_row(session, esc, team_id)
        if overdue_only and not row.overdue:
            continue
        rows.append(row)
    return sort_escalation_rows(session, rows)


# --- team board ---------------------------------------------------------------------------------------


def _by_metric(found: Iterable[Reading]) -> dict[str, list[Reading]]:
    grouped: dict[str, list[Reading]] = defaultdict(list)
    for reading in found:
        grouped[reading.metric_id].append(reading)
    return grouped


def _day_cell(metric: Metric, of_day: Sequence[Reading], day: date, today: date) -> DayCell:
    status = worst_status(reading_status(metric, r.value) for r in of_day)
    worst = min(of_day, key=lambda r: (reading_status(metric, r.value).rank, r.shift or 0), default=None)
    return DayCell(
        day=day,
        status=status,
        value=worst.value if worst else None,
        reading=worst,
        future=day > today,
    )


def _reading_conflicts(session: Session, reading: Reading) -> tuple[str, ...]:
    return persist.conflicts_of(
        session, persist.KINDS[Reading], reading.id, partition=month_partition(reading.date)
    )


def metric_row(
    session: Session, metric: Metric, found: Sequence[Reading], day: date, today: date | None = None
) -> MetricRow:
    today = today or readings.today(session)
    of_day = sorted((r for r in found if r.date == day), key=lambda r: r.shift or 0)
    cell = _day_cell(metric, of_day, day, today)
    history = tuple(
        _day_cell(metric, [r for r in found if r.date == d], d, today)
        for d in (day - timedelta(days=n) for n in range(HISTORY_DAYS - 1, -1, -1))
    )
    return MetricRow(
        metric=metric,
        reading=cell.reading,
        status=metric_day_status(metric, of_day, day),
        history=history,
        lacks_reason=any(lacks_reason(metric, r) for r in of_day),
        lacks_countermeasure=any(lacks_countermeasure(metric, r) for r in of_day),
        readings_of_day=tuple(of_day),
        conflicts=_reading_conflicts(session, cell.reading) if cell.reading else (),
    )


def team_board(session: Session, team: str, day: date | None = None) -> TeamBoard:
    """A team's board for `day` (default: the production day)."""
    team_obj = session.directory.team(team)
    today = readings.today(session)
    day = day or today
    metrics = session.directory.metrics(team_obj.id)
    found = _by_metric(
        readings.readings_between(
            session, day - timedelta(days=HISTORY_DAYS - 1), day, metric_ids={m.id for m in metrics}
        )
    )
    metric_rows = tuple(metric_row(session, m, found.get(m.id, []), day, today) for m in metrics)
    ideas = sorted(
        persist.load_where(session, Idea, "team_id", {team_obj.id}),
        key=lambda i: (i.submitted_at, i.id),
        reverse=True,
    )
    live = [
        e
        for e in escalations.load_escalations(session, involving=team_obj.id)
        if EscalationState(e.state) is not EscalationState.CLOSED
    ]
    out_rows = [escalation_row(session, e, team_obj.id) for e in live if e.raised_by_team == team_obj.id]
    in_rows = [
        escalation_row(session, e, team_obj.id)
        for e in live
        if e.holder_team == team_obj.id and e.raised_by_team != team_obj.id
    ]
    recent = today - timedelta(days=RECENT_DONE_DAYS)
    actions = sorted(
        (
            a
            for a in persist.load_where(session, Action, "team_id", {team_obj.id})
            if ActionStatus(a.status) is ActionStatus.OPEN or (a.done_at and a.done_at.date() >= recent)
        ),
        key=lambda a: action_sort_key(a, today),
    )
    return TeamBoard(
        team=team_obj,
        day=day,
        metrics=metric_rows,
        ideas=tuple(idea_row(session, i) for i in ideas),
        escalations_out=sort_escalation_rows(session, out_rows),
        escalations_in=sort_escalation_rows(session, in_rows),
        actions=tuple(action_row(session, a, today) for a in actions),
        huddle=persist.load(session, Huddle, huddle_id(team_obj.id, day)),
    )


def _month_bounds(month: str) -> tuple[date, date]:
    try:
        year, mon = (int(part) for part in month.split("-"))
        first = date(year, mon, 1)
    except ValueError as err:
        raise InvalidInput(f"'{month}' is not a month.", hint="write it as YYYY-MM") from err
    return first, date(year, mon, calendar.monthrange(year, mon)[1])


# --- detail screens: records grouped by one field, kept while the store reports no change -----------


class _Grouped:
    """Per board: records of a kind (one partition, or all of an unpartitioned kind) grouped by the value
    of one field, as `(kind, partition, field) -> value -> [Record]`. A grouping is built on first use
    (one pass over the kind's records, no conversion) and dropped when the store's change feed reports a
    change to its kind (to its month, for readings): own writes, a refresh, the watcher thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.token: int | None = None
        self.groups: dict[tuple[str, str | None, str], dict[Any, list[Record]]] = {}

    def sync(self, board: Any) -> None:
        token, changed = board.changes_since(self.token)
        self.token = token
        if not changed or not self.groups:
            return
        kinds = {change.kind for change in changed}
        months: set[str | None] = set()
        for change in changed:
            if change.kind == READING_KIND:
                months.add(_reading_month(change.id))
        self.groups = {
            key: value
            for key, value in self.groups.items()
            if key[0] not in kinds or (key[0] == READING_KIND and None not in months and key[1] not in months)
        }

    def records(self, board: Any, kind: str, field: str, value: Any, partition: str | None) -> list[Record]:
        key = (kind, partition, field)
        grouped = self.groups.get(key)
        if grouped is None:
            grouped = {}
            found = board.all(kind, partitions=[partition]) if partition is not None else board.all(kind)
            for record in found:
                grouped.setdefault(record.fields.get(field), []).append(record)
            self.groups[key] = grouped
        return grouped.get(value, [])


READING_KIND = persist.KINDS[Reading]
_grouped: weakref.WeakKeyDictionary[Any, _Grouped] = weakref.WeakKeyDictionary()
_grouped_lock = threading.Lock()


def _reading_month(reading_id: str) -> str | None:
    """The month partition of a reading id (`<metric id>-YYYYMMDD-<shift>`); None if it has none."""
    parts = reading_id.rsplit("-", 2)
    if len(parts) == 3 and len(parts[1]) == 8 and parts[1].isdigit():
        return f"{parts[1][:4]}-{parts[1][4:6]}"
    return None


def _records_by(
    session: Session, kind: str, field: str, values: Iterable[Any], partitions: Iterable[str | None] = (None,)
) -> list[Record]:
    """The stored records of `kind` whose `field` is one of `values` (in the given partitions; None: an
    unpartitioned kind), without a pass over the others once grouped."""
    board = session.board
    with _grouped_lock:
        cache = _grouped.get(board)
        if cache is None:
            cache = _grouped[board] = _Grouped()
    with cache.lock:
        cache.sync(board)  # the token is taken before any record is read: a later change is seen later
        wanted = list(values)
        return [
            record
            for partition in partitions
            for value in wanted
            for record in cache.records(board, kind, field, value, partition)
        ]


def prepare_escalation_detail(session: Session) -> None:
    """Group the records `escalation_detail` reads (moves, comments, actions by source) ahead of its
    first call (a detail screen built in the background calls it)."""
    for kind, field in (
        (persist.KINDS[EscalationMove], "escalation_id"),
        (persist.KINDS[Comment], "target_id"),
        (persist.KINDS[Action], "source_id"),
    ):
        _records_by(session, kind, field, [""])


def _reading_months(session: Session, start: date, end: date) -> list[str]:
    """The month partitions of readings the board has, from start's month to end's."""
    known = set(session.board.partitions(READING_KIND))
    months: list[str] = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        month = month_partition(cursor)
        if month in known:
            months.append(month)
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    return months


def metric_readings_at_hand(session: Session, start: date, end: date) -> bool:
    """True when `metric_readings(session, any metric, start, end)` reads no file and groups no month:
    every month of the span is read and grouped by metric already. False when it is not, or when
    another thread is grouping just now (a screen then reads in a worker instead of waiting)."""
    with _grouped_lock:
        cache = _grouped.get(session.board)
    if cache is None or not cache.lock.acquire(blocking=False):
        return False
    try:
        cache.sync(session.board)
        months = _reading_months(session, start, end)
        return all((READING_KIND, month, "metric_id") in cache.groups for month in months)
    finally:
        cache.lock.release()


def metric_readings(session: Session, metric_id: str, start: date, end: date) -> list[Reading]:
    """The readings of one metric with start <= date <= end: `readings.readings_between(..., metric_ids=
    {metric_id})` from the month partitions grouped by metric (only this metric's readings are read)."""
    wanted = _reading_months(session, start, end)
    first, last = start.isoformat(), end.isoformat()
    return [
        from_fields(Reading, r.id, r.fields)
        for r in _records_by(session, READING_KIND, "metric_id", [metric_id], wanted)
        if first <= str(r.fields.get("date", "")) <= last
    ]


def source_actions(session: Session, source_kind: str, source_ids: Iterable[str]) -> list[Action]:
    """The actions that came from the given records (a reading's countermeasures, an escalation's)."""
    return [
        from_fields(Action, r.id, r.fields)
        for r in _records_by(session, persist.KINDS[Action], "source_id", source_ids)
        if r.fields.get("source_kind") == source_kind
    ]


def reading_actions(session: Session, team_id: str, reading_ids: Iterable[str]) -> list[ActionRow]:
    """The team's actions that came from the given readings, sorted as `actions.list_actions` sorts."""
    today = readings.today(session)
    found = [a for a in source_actions(session, "reading", reading_ids) if a.team_id == team_id]
    return [action_row(session, a, today) for a in sorted(found, key=lambda a: action_sort_key(a, today))]


def metric_detail(
    session: Session, metric: str, month: str | None = None, *, team: str | None = None
) -> MetricDetail:
    """One metric's month as a day grid (the safety cross), with its readings and its cascade links."""
    team_id = session.directory.team(team).id if team else None
    metric_obj = session.directory.metric(metric, team_id)
    today = readings.today(session)
    first, last = _month_bounds(month or f"{today:%Y-%m}")
    found = metric_readings(session, metric_obj.id, first, last)
    by_day: dict[date, list[Reading]] = defaultdict(list)
    for reading in found:
        by_day[reading.date].append(reading)
    days = tuple(
        _day_cell(metric_obj, by_day.get(d, []), d, today)
        for d in (first + timedelta(days=n) for n in range((last - first).days + 1))
    )
    return MetricDetail(
        metric=metric_obj,
        team=session.directory.team_by_id(metric_obj.team_id),
        month=f"{first:%Y-%m}",
        days=days,
        readings=tuple(sorted(found, key=lambda r: (r.date, r.shift or 0))),
        feeds=session.directory.metric_by_id(metric_obj.feeds),
        fed_by=tuple(m for m in session.directory.metrics() if m.feeds == metric_obj.id),
        conflicts=persist.conflicts_of(session, persist.KINDS[Metric], metric_obj.id),
        reading_conflicts={r.id: c for r in found if (c := _reading_conflicts(session, r))},
    )


def escalation_detail(session: Session, ref: str) -> EscalationDetail:
    """An escalation with its whole path (every move: who, when, from where to where, why)."""
    stored = persist.find(session, Escalation, ref)
    moves = [
        from_fields(EscalationMove, r.id, r.fields)
        for r in _records_by(session, persist.KINDS[EscalationMove], "escalation_id", [stored.id])
    ]
    esc = escalations.current(session, stored, moves)
    directory = session.directory
    ordered: list[EscalationMove] = sorted(moves, key=lambda m: (m.at, m.id))
    notes = sorted(
        (
            from_fields(Comment, r.id, r.fields)
            for r in _records_by(session, persist.KINDS[Comment], "target_id", [esc.id])
            if r.fields.get("target_kind") == "escalation"
        ),
        key=lambda c: (c.at, c.id),
    )
    today = readings.today(session)
    return EscalationDetail(
        row=escalation_row(session, esc),
        moves=tuple(
            MoveView(
                move=m,
                by=directory.person_name(m.by),
                from_team=directory.team_name(m.from_team) if m.from_team else "",
                to_team=directory.team_name(m.to_team) if m.to_team else "",
            )
            for m in ordered
        ),
        comments=tuple(CommentView(c, directory.person_name(c.author)) for c in notes),
        raised_by=directory.person_name(esc.raised_by),
        actions=tuple(action_row(session, a, today) for a in source_actions(session, "escalation", [esc.id])),
    )


# --- roll-up and inbox --------------------------------------------------------------------------------


def rollup(session: Session, team: str, day: date | None = None) -> Rollup:
    """Each team below `team` as a row: SQDCP status yesterday and today, open and overdue work."""
    team_obj = session.directory.team(team)
    today = readings.today(session)
    day = day or today
    below = list(session.directory.tree.walk(team_obj.id))
    team_ids = {t.id for t, _depth in below}
    metrics = [m for m in session.directory.metrics() if m.team_id in team_ids]
    found = _by_metric(
        readings.readings_between(session, day - timedelta(days=1), day, metric_ids={m.id for m in metrics})
    )
    live = [
        e
        for e in escalations.load_escalations(session)
        if EscalationState(e.state) is not EscalationState.CLOSED
    ]
    actions = [a for a in persist.load_all(session, Action) if ActionStatus(a.status) is ActionStatus.OPEN]
    now, settings = session.clock(), session.settings
    categories: list[str] = list(SQDCP)
    for metric in metrics:
        if metric.category not in categories:
            categories.append(metric.category)
    # Group once (a plant has 60 teams, thousands of actions): each row then reads only its own lists.
    metrics_of: dict[str, list[Metric]] = defaultdict(list)
    for metric in metrics:
        metrics_of[metric.team_id].append(metric)
    involving: dict[str, list[Escalation]] = defaultdict(list)
    for esc in live:
        for team_id in {esc.raised_by_team, esc.holder_team} & team_ids:
            involving[team_id].append(esc)
    actions_of: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        actions_of[action.team_id].append(action)
    rows = []
    for sub, depth in below:
        own = metrics_of.get(sub.id, [])
        involved = involving.get(sub.id, [])
        own_actions = actions_of.get(sub.id, [])
        reds = sum(
            1 for m in own for r in found.get(m.id, []) if lacks_reason(m, r) or lacks_countermeasure(m, r)
        )
        rows.append(
            RollupRow(
                team=sub,
                depth=depth,
                yesterday=category_status(own, found, day - timedelta(days=1)),
                today=category_status(own, found, day),
                open_escalations=len(involved),
                overdue_escalations=sum(1 for e in involved if is_overdue(e, settings, now)),
                open_actions=len(own_actions),
                overdue_actions=sum(1 for a in own_actions if action_overdue(a, today)),
                reds_without_countermeasure=reds,
            )
        )
    return Rollup(team=team_obj, day=day, categories=tuple(categories), rows=tuple(rows))


def inbox(session: Session) -> Inbox:
    """What waits for the acting person: escalations their teams hold, ideas to decide, their actions,
    and answered escalations of their team waiting to be closed."""
    person = session.actor
    if person is None or Role(person.role) is Role.KIOSK:
        return Inbox(person=person, escalations=(), ideas=(), actions=())
    tree = session.directory.tree

    def may(permission: permissions.Permission, team_id: str) -> bool:
        return permissions.allowed(person, permission, team_id, tree)

    live = [
        e
        for e in escalations.load_escalations(session)
        if EscalationState(e.state) is not EscalationState.CLOSED
    ]
    held = [
        escalation_row(session, e, e.holder_team)
        for e in live
        if EscalationState(e.state) in (EscalationState.OPEN, EscalationState.ACKNOWLEDGED)
        and e.holder_team != e.raised_by_team
        and may(permissions.Permission.HANDLE_ESCALATION, e.holder_team)
    ]
    to_close = [
        escalation_row(session, e, e.raised_by_team)
        for e in live
        if EscalationState(e.state) is EscalationState.ANSWERED
        and (e.raised_by == person.id or may(permissions.Permission.HANDLE_ESCALATION, e.raised_by_team))
    ]
    ideas = [
        i
        for i in persist.load_all(session, Idea)
        if IdeaStatus(i.status) in (IdeaStatus.NEW, IdeaStatus.UNDER_REVIEW)
        and may(permissions.Permission.DECIDE, i.team_id)
    ]
    today = readings.today(session)
    mine = sorted(
        (
            a
            for a in persist.load_all(session, Action)
            if a.owner_id == person.id and ActionStatus(a.status) is ActionStatus.OPEN
        ),
        key=lambda a: action_sort_key(a, today),
    )
    return Inbox(
        person=person,
        escalations=sort_escalation_rows(session, held),
        ideas=tuple(idea_row(session, i) for i in sorted(ideas, key=lambda i: (i.submitted_at, i.id))),
        actions=tuple(action_row(session, a, today) for a in mine),
        raised_answered=sort_escalation_rows(session, to_close),
    )


# --- KPIs, support, cascade ---------------------------------------------------------------------------


def _subtree(session: Session, team: str | None) -> tuple[Team | None, set[str]]:
    if not team:
        return None, {t.id for t in session.directory.teams()}
    team_obj = session.directory.team(team)
    return team_obj, {team_obj.id} | {t.id for t in session.directory.tree.descendants(team_obj.id)}


def idea_kpis_view(
    session: Session, team: str | None = None, *, since: date | None = None, until: date | None = None
) -> KpiView:
    """Idea-system KPIs of a team and the teams below it (the whole board when None); default: 90 days."""
    team_obj, team_ids = _subtree(session, team)
    until = until or readings.today(session)
    since = since or until - timedelta(days=89)
    people = [p for p in session.directory.people() if p.team_id in team_ids]
    ideas = [i for i in persist.load_all(session, Idea) if i.team_id in team_ids]
    kpis = idea_kpis(
        ideas,
        people,
        since,
        until,
        session.clock(),
        session.settings.idea_answer_hours,
        session.settings.timezone,
    )
    return KpiView(team=team_obj, since=since, until=until, kpis=kpis, people=kpis.people, ideas=kpis.ideas)


def support_view(session: Session, team: str | None = None) -> SupportView:
    """How well the tiers above serve `team` and the teams below it (the whole board when None)."""
    team_obj, team_ids = _subtree(session, team)
    escs = [e for e in escalations.load_escalations(session) if e.raised_by_team in team_ids]
    esc_ids = {e.id for e in escs}
    moves = [m for m in persist.load_all(session, EscalationMove) if m.escalation_id in esc_ids]
    ideas = [i for i in persist.load_all(session, Idea) if i.team_id in team_ids]
    rows = support_rows(
        escs,
        moves,
        ideas,
        session.directory.teams(),
        session.directory.people(include_inactive=True),
        session.settings,
        session.clock(),
    )
    return SupportView(team=team_obj, rows=tuple(rows))


def cascade(session: Session, team: str | None = None, day: date | None = None) -> Cascade:
    """Objectives with the metrics that measure them and, below each metric, the metrics feeding it."""
    team_obj, team_ids = _subtree(session, team)
    day = day or readings.today(session)
    metrics = session.directory.metrics()
    feeders: dict[str, list[Metric]] = defaultdict(list)
    for metric in metrics:
        if metric.feeds:
            feeders[metric.feeds].append(metric)
    found = _by_metric(readings.readings_between(session, day - timedelta(days=1), day))

    def node(metric: Metric, seen: frozenset[str]) -> CascadeNode:
        status = metric_day_status(metric, found.get(metric.id, []), day)
        if status is Status.NONE:
            status = metric_day_status(metric, found.get(metric.id, []), day - timedelta(days=1))
        children = tuple(node(m, seen | {m.id}) for m in feeders.get(metric.id, []) if m.id not in seen)
        return CascadeNode(metric, session.directory.team_name(metric.team_id), status, children)

    objectives: list[Objective] = [
        o for o in persist.load_all(session, Objective) if o.team_id in team_ids and not o.archived
    ]
    order = {t.id: i for i, t in enumerate(session.directory.teams())}
    objectives.sort(key=lambda o: (order.get(o.team_id, len(order)), o.text.casefold(), o.id))
    views = []
    for objective in objectives:
        nodes = []
        for metric_id in objective.metric_ids:
            metric = session.directory.metric_by_id(metric_id)
            if metric is not None:
                nodes.append(node(metric, frozenset({metric.id})))
        views.append(ObjectiveView(objective, session.directory.team_name(objective.team_id), tuple(nodes)))
    return Cascade(team=team_obj, day=day, objectives=tuple(views))


def huddle_view(session: Session, team: str, day: date | None = None) -> HuddleView:
    """The team's huddle of `day` (default: today): agenda with the team's timeboxes, attendance, the
    actions and escalations it produced, and the reds that still block its end."""
    team_obj = session.directory.team(team)
    day = day or readings.today(session)
    huddle = persist.load(session, Huddle, huddle_id(team_obj.id, day))
    start, end = huddles.review_period(session, huddle) if huddle else (day - timedelta(days=1), day)
    action_ids = set(huddle.actions_created) if huddle else set()
    esc_ids = set(huddle.escalations_raised) if huddle else set()
    return HuddleView(
        team=team_obj,
        day=day,
        huddle=huddle,
        agenda=huddles.agenda_for(session, team_obj),
        attendees=tuple(session.directory.person_name(p) for p in (huddle.attendees if huddle else ())),
        members=tuple(
            p
            for p in session.directory.people()
            if p.team_id == team_obj.id and Role(p.role) is not Role.KIOSK
        ),
        actions=tuple(
            action_row(session, a) for a in persist.load_all(session, Action) if a.id in action_ids
        ),
        escalations=tuple(
            escalation_row(session, e, team_obj.id)
            for e in escalations.load_escalations(session)
            if e.id in esc_ids
        ),
        unsettled_reds=tuple(huddles.open_reds(session, team_obj.id, start, end)),
    )
