"""Detail screens opened with Enter from the board: a metric, an escalation, an idea or an action.

- MetricScreen: the month as a day grid (the safety cross for a safety metric), the month's readings with
  their reasons, a 90-day trend, and the actions that came from its readings.
- EscalationScreen: the escalation with its whole path (who held it, when, why it moved) and comments.
- RecordScreen: the full text of an idea or an action (long text wrapped in a read-only TextArea).

Each loads through `services.queries` in a thread worker and reloads on a live change (`reload`).
`H` opens the history of the record shown (the reading under the cursor on the metric screen): every
value of every field, both values of a conflict (`ui.screens.history`); a conflict shows a note.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static, TextArea

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.escalations import EscalationState, MoveKind
from huddle_tui.domain.ideas import IdeaStatus
from huddle_tui.domain.metrics import Status, month_partition, reading_status, worst_status
from huddle_tui.domain.settings import Severity
from huddle_tui.services import actions, queries, readings
from huddle_tui.services.views import ActionRow, EscalationDetail, IdeaRow, MetricDetail
from huddle_tui.ui.conflicts import conflict_note, marked
from huddle_tui.ui.formatting import due_text, hours_text, target_text, value_text
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.moves import start_move
from huddle_tui.ui.safe import fill, labelled, user_cell, visible
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row
from huddle_tui.ui.widgets.day_grid import DayGrid
from huddle_tui.ui.widgets.footer import CalmFooter
from huddle_tui.ui.widgets.safety_cross import SafetyCross
from huddle_tui.ui.widgets.status_cell import status_text
from huddle_tui.ui.widgets.trend import Trend, TrendPoint

if TYPE_CHECKING:
    from huddle_tui.services.session import Session

TREND_DAYS = 90


class DetailScreen(Screen[None]):
    """Base of the detail screens: a title line, a body, the footer; Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back", id="detail.back"),
        Binding("ctrl+r", "reload", "Reload", id="detail.reload", show=False),
        Binding("m", "move", "Move / answer", id="detail.move"),
        Binding("left_square_bracket", "month(-1)", "Month back", id="detail.prev_month"),
        Binding("right_square_bracket", "month(1)", "Month on", id="detail.next_month"),
        Binding("H", "history", "History", id="detail.history", show=False),
    ]

    @property
    def session(self) -> Session:
        session = self.app.session  # type: ignore[attr-defined]
        assert session is not None
        return session

    def action_back(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move":
            return self.can_move()
        if action == "month":
            return isinstance(self, MetricScreen)
        if action == "history":
            return self.history_target() is not None
        return True

    def history_target(self) -> tuple[str, str, str | None, str] | None:
        """(kind, record id, partition, title) of the record whose history `H` opens; None: no history."""
        return None

    def action_history(self) -> None:
        """Every value of the record's fields, both values of a conflict too (the HistoryScreen)."""
        from huddle_tui.ui.screens.history import HistoryScreen

        target = self.history_target()
        if target is not None:
            self.app.push_screen(HistoryScreen(*target))

    def can_move(self) -> bool:
        """True on screens whose record can be moved (the escalation screen)."""
        return False

    def action_move(self) -> None:
        """Move the record (see EscalationScreen)."""

    def action_month(self, step: int) -> None:
        """Show another month (see MetricScreen)."""

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Reload the data (called on a live change too)."""

    def failed(self, error: BaseException) -> None:
        self.app.push_screen(ErrorModal(error))


# -- metric -----------------------------------------------------------------------------------------------


class MetricScreen(DetailScreen):
    """`MetricScreen(metric_id, day)`: the metric's month around `day`."""

    def __init__(self, metric_id: str, day: date) -> None:
        super().__init__()
        self.metric_id = metric_id
        self.day = day
        self.detail: MetricDetail | None = None

    def history_target(self) -> tuple[str, str, str | None, str] | None:
        """The reading under the cursor, else the metric itself."""
        detail = self.detail
        if detail is None:
            return None
        key = self.query_one("#metric-readings", BoardTable).current_key
        reading = next((r for r in detail.readings if r.id == key), None)
        if reading is not None:
            title = f"{detail.metric.name}, {reading.date:%d %b}"
            return ("reading", reading.id, month_partition(reading.date), title)
        return ("metric", detail.metric.id, None, detail.metric.name)

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title")
        with Horizontal(id="metric-top"):
            yield Vertical(id="metric-grid")
            yield BoardTable(
                [
                    Col("day", "Day", 9),
                    Col("value", "Value", 16),
                    Col("reason", "Reason"),
                    Col("by", "By", 14, 70),
                ],
                id="metric-readings",
            )
        yield Static(Content.styled("Trend, 90 days", "bold"), classes="section")
        yield Trend(id="metric-trend")
        yield Static(Content.styled("Actions from its readings", "bold"), classes="section")
        yield BoardTable(
            [
                Col("due", "Due", 9),
                Col("status", "", 1),
                Col("title", "Action"),
                Col("owner", "Owner", 16, 50),
            ],
            id="metric-actions",
        )
        yield CalmFooter()

    def on_mount(self) -> None:
        self.query_one("#metric-readings", BoardTable).focus()
        self.reload()

    def action_month(self, step: int) -> None:
        """The same metric one month back or on (the trend ends on the last day shown)."""
        first = self.day.replace(day=1)
        if step < 0:
            self.day = first - timedelta(days=1)
        else:
            following = (first + timedelta(days=32)).replace(day=1)
            today = readings.today(self.session)
            if following > today:
                self.notify(Content("That month has not started yet."), severity="warning")
                return
            self.day = min((following + timedelta(days=32)).replace(day=1) - timedelta(days=1), today)
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="detail-load", exit_on_error=False)
    def _load(self) -> None:
        session = self.session
        try:
            detail = queries.metric_detail(session, self.metric_id, f"{self.day:%Y-%m}")
            start = self.day - timedelta(days=TREND_DAYS - 1)
            found = readings.readings_between(session, start, self.day, metric_ids={self.metric_id})
            ids = {r.id for r in found} | {r.id for r in detail.readings}
            related = [
                a
                for a in actions.list_actions(session, team=detail.metric.team_id)
                if a.source_kind == "reading" and a.source_id in ids
            ]
            rows = [queries.action_row(session, a) for a in related]
            names = {r.entered_by: session.directory.person_name(r.entered_by) for r in detail.readings}
        except Exception as err:
            self.app.call_from_thread(self.failed, err)
            return
        self.app.call_from_thread(self.apply, detail, found, rows, names, readings.today(session))

    def apply(
        self,
        detail: MetricDetail,
        found: list[Any],
        rows: list[ActionRow],
        names: dict[str, str],
        today: date,
    ) -> None:
        self.detail = detail
        self.refresh_bindings()
        metric = detail.metric
        team = detail.team.name if detail.team else ""
        self.query_one("#detail-title", Static).update(
            fill(
                "[b]$category · $name[/b]  target $target · $team · $month",
                category=metric.category,
                name=metric.name,
                target=target_text(metric),
                team=team,
                month=detail.month,
            )
        )
        statuses = {cell.day: cell.status for cell in detail.days if not cell.future}
        month = date(int(detail.month[:4]), int(detail.month[5:7]), 1)
        holder = self.query_one("#metric-grid", Vertical)
        holder.remove_children()
        grid: Any
        if metric.safety_cross:
            grid = SafetyCross(month, statuses, today=today, selected=self.day)
        else:
            grid = DayGrid(month, statuses, today=today, selected=self.day)
        holder.mount(grid)
        reading_rows: list[Row] = []
        for reading in sorted(detail.readings, key=lambda r: (r.date, r.shift or 0), reverse=True):
            status = reading_status(metric, reading.value)
            shift = f" s{reading.shift}" if reading.shift else ""
            reading_rows.append(
                (
                    reading.id,
                    [
                        Text(f"{reading.date:%a %d}{shift}", end=""),
                        marked(
                            status_text(status, value_text(reading.value, metric.unit)),
                            detail.reading_conflicts.get(reading.id, ()),
                        ),
                        user_cell(
                            reading.reason or ("⚑ no reason" if status is Status.RED else ""), limit=60
                        ),
                        user_cell(names.get(reading.entered_by, ""), limit=20),
                    ],
                )
            )
        self.query_one("#metric-readings", BoardTable).set_rows(reading_rows)
        by_day: dict[date, list[Any]] = {}
        for reading in found:
            by_day.setdefault(reading.date, []).append(reading)
        points = []
        for offset in range(TREND_DAYS - 1, -1, -1):
            day = self.day - timedelta(days=offset)
            of_day = by_day.get(day, [])
            if not of_day:
                points.append(TrendPoint(day, None, Status.NONE))
                continue
            status = worst_status(reading_status(metric, r.value) for r in of_day)
            worst = min(of_day, key=lambda r: reading_status(metric, r.value).rank)
            points.append(TrendPoint(day, worst.value, status))
        trend = self.query_one(Trend)
        trend.target = metric.target
        trend.unit = metric.unit
        trend.update(points)
        self.query_one("#metric-actions", BoardTable).set_rows(action_rows(rows, today))


def action_rows(rows: list[ActionRow], today: date) -> list[Row]:
    out: list[Row] = []
    for row in rows:
        action = row.action
        status = ActionStatus(action.status)
        out.append(
            (
                action.id,
                [
                    Text(
                        due_text(action.due, today), style="bold white on red" if row.overdue else "", end=""
                    ),
                    Text({"open": "○", "done": "✔", "cancelled": "✗"}[status.value], end=""),
                    user_cell(action.title, limit=60),
                    user_cell(row.owner, limit=20),
                ],
            )
        )
    return out


# -- escalation -------------------------------------------------------------------------------------------


class EscalationScreen(DetailScreen):
    """`EscalationScreen(escalation_id, team_id)`: the escalation, its whole path and its comments.

    `m` moves it (acknowledge, answer, pass on, close ...); the moves offered depend on whether `team_id`
    (the board it was opened from) raised it or holds it.
    """

    def __init__(self, escalation_id: str, team_id: str | None = None) -> None:
        super().__init__()
        self.escalation_id = escalation_id
        self.team_id = team_id
        self.detail: EscalationDetail | None = None
        self.today: date | None = None

    def can_move(self) -> bool:
        return self.detail is not None and not getattr(self.app, "read_only", False)

    def history_target(self) -> tuple[str, str, str | None, str] | None:
        title = self.detail.escalation.title if self.detail else ""
        return ("escalation", self.escalation_id, None, title)

    def action_move(self) -> None:
        if self.detail is None or self.today is None:
            return

        def done(result: Any) -> None:
            if result is not None:
                self.notify(Content("Escalation updated"), timeout=4)
                self.reload()

        start_move(self.app, self.detail.escalation, self.team_id, self.today, done)  # type: ignore[arg-type]

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title")
        with VerticalScroll(id="escalation-body"):
            yield Static("", id="escalation-facts")
            yield Static(Content.styled("Path", "bold"), classes="section")
            yield BoardTable(
                [
                    Col("when", "When", 12),
                    Col("move", "Move", 12),
                    Col("by", "By", 14, 70),
                    Col("where", "From → to", 24, 90),
                    Col("text", "Why / answer"),
                ],
                id="escalation-path",
            )
            yield Static(Content.styled("Comments", "bold"), classes="section")
            yield Static("", id="escalation-comments")
            yield Static(Content.styled("Actions", "bold"), classes="section")
            yield BoardTable(
                [
                    Col("due", "Due", 9),
                    Col("status", "", 1),
                    Col("title", "Action"),
                    Col("owner", "Owner", 16, 50),
                ],
                id="escalation-actions",
            )
        yield CalmFooter()

    def on_mount(self) -> None:
        self.query_one("#escalation-path", BoardTable).focus()
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="detail-load", exit_on_error=False)
    def _load(self) -> None:
        session = self.session
        try:
            detail = queries.escalation_detail(session, self.escalation_id)
            tiers = {t.id: t.tier for t in session.directory.teams()}
            today = readings.today(session)
        except Exception as err:
            self.app.call_from_thread(self.failed, err)
            return
        self.app.call_from_thread(self.apply, detail, tiers, today)

    def apply(self, detail: EscalationDetail, tiers: dict[str, int], today: date) -> None:
        self.detail = detail
        self.today = today
        self.refresh_bindings()
        esc = detail.escalation
        row = detail.row
        severity = Severity(esc.severity).value
        state = EscalationState(esc.state)
        self.query_one("#detail-title", Static).update(
            fill("[b]$severity · $title[/b]", severity=severity, title=esc.title)
        )
        if state is EscalationState.CLOSED:
            timing = "closed"
        elif row.overdue:
            timing = f"{hours_text(row.overdue_hours)} overdue"
        else:
            timing = f"{hours_text(row.hours_left)} left to respond"
        tier = tiers.get(esc.holder_team)
        facts = [
            fill("[b]State:[/b] $state · $timing", state=state.value, timing=timing),
            fill(
                "[b]Raised by:[/b] $person, $team, $when",
                person=detail.raised_by,
                team=row.raised_by_team,
                when=f"{esc.raised_at:%d %b %H:%M} UTC",
            ),
            fill(
                "[b]Held by:[/b] $team$tier since $when",
                team=row.holder_team,
                tier=f" (tier {tier})" if tier else "",
                when=f"{esc.held_since:%d %b %H:%M} UTC",
            ),
            labelled("Needed", esc.need or "–", single_line=False),
        ]
        if esc.needed_by:
            facts.append(labelled("Needed by", f"{esc.needed_by:%d %b %Y %H:%M} UTC"))
        if esc.answer:
            facts.append(labelled("Answer", esc.answer, single_line=False))
        if detail.conflicts:
            facts.append(conflict_note(detail.conflicts))
        self.query_one("#escalation-facts", Static).update(Content("\n").join(facts))
        path_rows: list[Row] = []
        for view in detail.moves:
            move = view.move
            kind = MoveKind(move.kind)
            where = f"{view.from_team} → {view.to_team}" if view.to_team else view.from_team
            path_rows.append(
                (
                    move.id,
                    [
                        Text(f"{move.at:%d %b %H:%M}", end=""),
                        Text(kind.value, end=""),
                        user_cell(view.by, limit=20),
                        user_cell(where, limit=36),
                        user_cell(move.text, limit=60),
                    ],
                )
            )
        self.query_one("#escalation-path", BoardTable).set_rows(path_rows)
        comments = [
            fill(
                "[b]$who[/b] $when: $text",
                who=c.author,
                when=f"{c.comment.at:%d %b %H:%M}",
                text=c.comment.text,
            )
            for c in detail.comments
        ]
        self.query_one("#escalation-comments", Static).update(
            Content("\n").join(comments) if comments else Content.styled("none", "dim")
        )
        self.query_one("#escalation-actions", BoardTable).set_rows(action_rows(list(detail.actions), today))


# -- idea or action ---------------------------------------------------------------------------------------


class RecordScreen(DetailScreen):
    """The full text of an idea (`IdeaRow`) or an action (`ActionRow`).

    The facts are a few labelled lines; the body (up to 20k characters) sits in a read-only, soft-wrapped
    TextArea, which renders only the visible lines, so a huge text never stalls the screen.
    """

    def __init__(self, row: IdeaRow | ActionRow) -> None:
        super().__init__()
        self.row = row

    def history_target(self) -> tuple[str, str, str | None, str] | None:
        if isinstance(self.row, IdeaRow):
            return ("idea", self.row.idea.id, None, self.row.idea.title)
        return ("action", self.row.action.id, None, self.row.action.title)

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title")
        yield Static("", id="record-facts")
        yield TextArea("", id="record-text", read_only=True, soft_wrap=True, show_line_numbers=False)
        yield CalmFooter()

    def on_mount(self) -> None:
        area = self.query_one("#record-text", TextArea)
        area.cursor_blink = getattr(self.app, "cursor_blink", True)
        area.focus()
        row = self.row
        if isinstance(row, IdeaRow):
            idea = row.idea
            status = IdeaStatus(idea.status)
            self.query_one("#detail-title", Static).update(fill("[b]Idea:[/b] $title", title=idea.title))
            facts = [
                fill(
                    "[b]Status:[/b] $status · [b]by[/b] $who · $age old$late",
                    status=status.label,
                    who=row.submitter,
                    age=hours_text(row.age_hours),
                    late=" · ! waiting past the answer time" if row.answer_overdue else "",
                ),
                fill(
                    "[b]PICK:[/b] $pick (payoff $impact, effort $effort)",
                    pick=row.pick.value.capitalize() if row.pick else "not placed",
                    impact=idea.impact or "?",
                    effort=idea.effort or "?",
                ),
            ]
            body = [idea.title, "", idea.detail or "(no detail)"]
            if idea.decision_reason:
                body += ["", f"Decision ({status.label}): {idea.decision_reason}"]
        else:
            action = row.action
            self.query_one("#detail-title", Static).update(fill("[b]Action:[/b] $title", title=action.title))
            facts = [
                fill(
                    "[b]Owner:[/b] $owner · [b]due[/b] $due · $status$late",
                    owner=row.owner,
                    due=f"{action.due:%a %d %b %Y}",
                    status=ActionStatus(action.status).value,
                    late=" · overdue" if row.overdue else "",
                ),
                fill("[b]From:[/b] $source", source=action.source_kind or "–"),
            ]
            body = [action.title]
            if action.note:
                body += ["", f"Note: {action.note}"]
        if row.conflicts:
            facts.append(conflict_note(row.conflicts))
        self.query_one("#record-facts", Static).update(Content("\n").join(facts))
        area.load_text(visible("\n".join(body)))


IdeaScreen = RecordScreen
