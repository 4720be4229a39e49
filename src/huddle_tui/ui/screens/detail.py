"""Detail screens opened with Enter from the board: a metric, an escalation, an idea or an action.

- MetricScreen: the month as a day grid (the safety cross for a safety metric), the month's readings with
  their reasons, a 90-day trend, and the actions that came from its readings.
- EscalationScreen: the escalation with its whole path (who held it, when, why it moved) and comments.
- RecordScreen: the full text of an idea or an action (long text wrapped in a read-only TextArea).

Each loads through `services.queries` (records grouped per field and month, kept until the store's change
feed reports a change, so a load takes a few ms at plant scale) on the UI thread, before the frame that
shows it, and reloads on a live change (`reload`). The screens are recycled: the first screen of each
class an app shows is installed (kept when popped), and the next `MetricScreen(...)` made while it is
not on the stack is that same screen, given its new record (`DetailScreen.__new__`). Opening a detail
then restyles and redraws a composed screen, and closing one leaves it as it is, instead of building
and tearing down some thirty widgets each time; a widget whose content did not change is not redrawn.
After the first detail screen of an app is shown, the other recycled classes are built in the
background (`prepare_spares`: a blank screen each, pushed and popped at once, so no frame shows it), so
the first open of each kind is about as quick as the next.
`H` opens the history of the record shown (the reading under the cursor on the metric screen): every
value of every field, both values of a conflict (`ui.screens.history`); a conflict shows a note.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events
from textual._context import active_app
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static, TextArea

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.escalations import EscalationState, MoveKind
from huddle_tui.domain.ideas import IdeaStatus
from huddle_tui.domain.metrics import Status, month_partition, reading_status, worst_status
from huddle_tui.domain.settings import Severity
from huddle_tui.services import queries, readings
from huddle_tui.services.views import ActionRow, EscalationDetail, IdeaRow, MetricDetail
from huddle_tui.ui.conflicts import conflict_note, marked
from huddle_tui.ui.formatting import due_text, hours_text, target_text, value_text
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.moves import start_move
from huddle_tui.ui.safe import fill, labelled, user_cell, visible
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row
from huddle_tui.ui.widgets.day_grid import DayGrid, MonthWidget
from huddle_tui.ui.widgets.footer import CalmFooter
from huddle_tui.ui.widgets.safety_cross import SafetyCross
from huddle_tui.ui.widgets.status_cell import status_text
from huddle_tui.ui.widgets.trend import Trend, TrendPoint

if TYPE_CHECKING:
    from huddle_tui.services.session import Session

TREND_DAYS = 90

# The recycled screen of each class, per app (see the module docstring).
_spares: weakref.WeakKeyDictionary[App[Any], dict[type, DetailScreen]] = weakref.WeakKeyDictionary()


def _spare(cls: type) -> DetailScreen | None:
    """The app's recycled screen of exactly `cls` when it is free (on no screen stack), else None."""
    try:
        app = active_app.get()
    except LookupError:
        return None
    spare = _spares.get(app, {}).get(cls)
    if spare is None or not spare.is_attached or not app.is_screen_installed(spare):
        return None
    if any(spare in stack for stack in app._screen_stacks.values()):
        return None
    return spare


def prepare_spares(app: App[Any], shown: type) -> None:
    """Build the recycled detail classes the app has no screen of yet (`shown` is being shown): for
    each, a blank screen, installed, then pushed and popped in one go. Pushing composes it and lays it
    out at the app's size (in the background: it is not current by then); popping keeps it."""
    spares = _spares.setdefault(app, {})
    for cls in (MetricScreen, EscalationScreen, RecordScreen):
        name = f"detail-{cls.__name__}"
        if cls is shown or cls in spares or app.is_screen_installed(name):
            continue
        screen = cls.blank()
        app.install_screen(screen, name)
        spares[cls] = screen
        app.push_screen(screen)
        app.pop_screen()


def same_rows(table: BoardTable, rows: Sequence[Row]) -> bool:
    """True when `rows` would draw what `table` holds (keys, text and styles of every cell)."""
    old = table.all_rows
    return len(old) == len(rows) and all(
        a[0] == b[0] and len(a[1]) == len(b[1]) and all(map(same_text, a[1], b[1]))
        for a, b in zip(old, rows, strict=True)
    )


def same_text(a: Text, b: Text) -> bool:
    return a.plain == b.plain and a.style == b.style and a.spans == b.spans and a.end == b.end


def set_rows(table: BoardTable, rows: Sequence[Row], *, top: bool = False) -> None:
    """`table.set_rows(rows)` unless they are the rows it shows (a redraw of every visible cell saved);
    `top`: a new record, so the cursor starts on the first row."""
    if top and table.cursor_row:
        table.move_cursor(row=0, animate=False, scroll=True)
    if not same_rows(table, rows):
        table.set_rows(rows)


def set_static(widget: Static, content: Content) -> None:
    """`widget.update(content)` unless it shows that already (an update lays out and redraws)."""
    if getattr(widget, "_shown_content", None) != content:
        widget._shown_content = content  # type: ignore[attr-defined]
        widget.update(content)


class DetailScreen(Screen[None]):
    """Base of the detail screens: a title line, a body, the footer; Escape goes back.

    A subclass's `__init__` calls `super().__init__()` first, then sets its record (the same for a fresh
    and a recycled screen) and ends with `self.opened()`. `load()` reads the record (`fetch`) and shows it
    (`apply`): a fresh screen when it is mounted, a recycled one in `opened()`, before it is pushed (so the
    changes it makes to its widgets reach the screen before its first frame), and any on `reload()`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back", id="detail.back"),
        Binding("ctrl+r", "reload", "Reload", id="detail.reload", show=False),
        Binding("m", "move", "Move / answer", id="detail.move"),
        Binding("left_square_bracket", "month(-1)", "Month back", id="detail.prev_month"),
        Binding("right_square_bracket", "month(1)", "Month on", id="detail.next_month"),
        Binding("H", "history", "History", id="detail.history", show=False),
    ]

    RECYCLE: ClassVar[bool] = False  # recycle the screens of this class (they load through `load`)
    _recycled = False  # set on the spare handed out by __new__, until its __init__ ran
    _styled_as: tuple[Any, ...] | None = None  # `_app_styles()` when the screen was suspended

    def __new__(cls, *args: Any, **kwargs: Any) -> DetailScreen:
        spare = _spare(cls) if cls.RECYCLE else None
        if spare is not None:
            spare._recycled = True
            return spare
        return super().__new__(cls)

    def __init__(self) -> None:
        if self._recycled:
            self._recycled = False  # a composed screen: keep its widgets, take the new record
        else:
            super().__init__()
        self._opening = True  # the first load after (re)opening: cursors start at the top, as when new

    def opened(self) -> None:
        """End of a subclass's `__init__`: a recycled screen (mounted already) loads its new record."""
        if self.RECYCLE and self.is_mounted:
            self.load()

    def _on_mount(self) -> None:
        """After the subclass's `on_mount` (Textual calls the handlers of every class): the first screen
        of a recycled class in this app is installed, and a fresh screen loads its record."""
        if not self.RECYCLE:
            return
        app = self.app
        spares = _spares.setdefault(app, {})
        name = f"detail-{type(self).__name__}"
        if type(self) not in spares and not app.is_screen_installed(name):
            app.install_screen(self, name)
            spares[type(self)] = self
        self.load()
        if self.has_record():
            self.call_after_refresh(prepare_spares, app, type(self))

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Screen's own handler. A recycled screen keeps its styles when nothing they depend
        on at the app level changed since it was suspended (Textual would restyle every node to the same
        result, ~10 ms); after a resize it gets the Resize event it missed (layout, breakpoint classes)."""
        app = self.app
        if self._styled_as is not None and self.RECYCLE:
            if self._styled_as == self._app_styles():
                event.refresh_styles = False
            if self._styled_as[-1] != app.size:
                self.post_message(events.Resize(app.size, app.size))
        self._styled_as = None

    def on_screen_suspend(self) -> None:
        self._styled_as = self._app_styles()

    @classmethod
    def blank(cls) -> DetailScreen:
        """A screen without a record (`prepare_spare`), which loads nothing."""
        raise NotImplementedError

    def has_record(self) -> bool:
        """False on a blank screen."""
        return True

    def prepare(self) -> None:
        """On a blank screen: read ahead what the first `fetch` needs (best effort)."""

    def _app_styles(self) -> tuple[Any, ...]:
        """What this screen's styles depend on besides its own nodes: the app's CSS (a theme change or
        a CSS reload counts up `_css_update_count`), classes, pseudo classes; and the size last."""
        app = self.app
        return (
            app._css_update_count,
            frozenset(app.classes),
            frozenset(app.get_pseudo_classes()),
            app.size,
        )

    def load(self) -> None:
        """Read the record and show it (`apply`); an error shows in the ErrorModal (once this screen
        is on the stack). A blank screen only has its footer built."""
        if not self.has_record():
            self.refresh_bindings()
            self.prepare()
            return
        try:
            loaded = self.fetch()
        except Exception as err:
            self.call_later(self.failed, err)
            return
        self.apply(*loaded)

    def fetch(self) -> tuple[Any, ...]:
        """The arguments of `apply` (subclasses)."""
        return ()

    def apply(self, *loaded: Any) -> None:
        """Show what `fetch` read (subclasses)."""

    def opening(self, focus: Widget) -> bool:
        """True on the first load since the screen was opened (fresh or recycled), which starts as a new
        screen does: `focus` has the focus (and the caller puts its cursors on the first row)."""
        if not self._opening:
            return False
        self._opening = False
        if self.focused is not focus:
            focus.focus()
        return True

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
        self.load()

    def failed(self, error: BaseException) -> None:
        self.app.push_screen(ErrorModal(error))


# -- metric -----------------------------------------------------------------------------------------------


class MetricScreen(DetailScreen):
    """`MetricScreen(metric_id, day)`: the metric's month around `day`."""

    RECYCLE = True

    def __init__(self, metric_id: str, day: date) -> None:
        super().__init__()
        self.metric_id = metric_id
        self.day = day
        self.detail: MetricDetail | None = None
        self.opened()

    @classmethod
    def blank(cls) -> MetricScreen:
        return cls("", date.today())

    def has_record(self) -> bool:
        return bool(self.metric_id)

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

    def fetch(self) -> tuple[Any, ...]:
        session = self.session
        detail = queries.metric_detail(session, self.metric_id, f"{self.day:%Y-%m}")
        start = self.day - timedelta(days=TREND_DAYS - 1)
        found = queries.metric_readings(session, self.metric_id, start, self.day)
        ids = {r.id for r in found} | {r.id for r in detail.readings}
        rows = queries.reading_actions(session, detail.metric.team_id, ids)
        names = {r.entered_by: session.directory.person_name(r.entered_by) for r in detail.readings}
        return detail, found, rows, names, readings.today(session)

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
        top = self.opening(self.query_one("#metric-readings", BoardTable))
        team = detail.team.name if detail.team else ""
        set_static(
            self.query_one("#detail-title", Static),
            fill(
                "[b]$category · $name[/b]  target $target · $team · $month",
                category=metric.category,
                name=metric.name,
                target=target_text(metric),
                team=team,
                month=detail.month,
            ),
        )
        statuses = {cell.day: cell.status for cell in detail.days if not cell.future}
        month = date(int(detail.month[:4]), int(detail.month[5:7]), 1)
        kind = SafetyCross if metric.safety_cross else DayGrid
        holder = self.query_one("#metric-grid", Vertical)
        grids = list(holder.query_children(MonthWidget))
        if len(grids) == 1 and type(grids[0]) is kind:
            grids[0].update(statuses, selected=self.day, month=month, today=today)
        else:
            holder.remove_children()
            holder.mount(kind(month, statuses, today=today, selected=self.day))
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
        set_rows(self.query_one("#metric-readings", BoardTable), reading_rows, top=top)
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
        self.query_one(Trend).update(points, target=metric.target, unit=metric.unit)
        set_rows(self.query_one("#metric-actions", BoardTable), action_rows(rows, today), top=top)


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

    RECYCLE = True

    def __init__(self, escalation_id: str, team_id: str | None = None) -> None:
        super().__init__()
        self.escalation_id = escalation_id
        self.team_id = team_id
        self.detail: EscalationDetail | None = None
        self.today: date | None = None
        self.opened()

    @classmethod
    def blank(cls) -> EscalationScreen:
        return cls("")

    def has_record(self) -> bool:
        return bool(self.escalation_id)

    def prepare(self) -> None:
        with contextlib.suppress(Exception):
            queries.prepare_escalation_detail(self.session)

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

    def fetch(self) -> tuple[Any, ...]:
        session = self.session
        detail = queries.escalation_detail(session, self.escalation_id)
        tiers = {t.id: t.tier for t in session.directory.teams()}
        return detail, tiers, readings.today(session)

    def apply(self, detail: EscalationDetail, tiers: dict[str, int], today: date) -> None:
        self.detail = detail
        self.today = today
        self.refresh_bindings()
        esc = detail.escalation
        row = detail.row
        top = self.opening(self.query_one("#escalation-path", BoardTable))
        body = self.query_one("#escalation-body", VerticalScroll)
        if top and body.scroll_offset.y:
            body.scroll_home(animate=False, immediate=True)
        severity = Severity(esc.severity).value
        state = EscalationState(esc.state)
        set_static(
            self.query_one("#detail-title", Static),
            fill("[b]$severity · $title[/b]", severity=severity, title=esc.title),
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
        set_static(self.query_one("#escalation-facts", Static), Content("\n").join(facts))
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
        set_rows(self.query_one("#escalation-path", BoardTable), path_rows, top=top)
        comments = [
            fill(
                "[b]$who[/b] $when: $text",
                who=c.author,
                when=f"{c.comment.at:%d %b %H:%M}",
                text=c.comment.text,
            )
            for c in detail.comments
        ]
        set_static(
            self.query_one("#escalation-comments", Static),
            Content("\n").join(comments) if comments else Content.styled("none", "dim"),
        )
        set_rows(
            self.query_one("#escalation-actions", BoardTable),
            action_rows(list(detail.actions), today),
            top=top,
        )


# -- idea or action ---------------------------------------------------------------------------------------


class RecordScreen(DetailScreen):
    """The full text of an idea (`IdeaRow`) or an action (`ActionRow`).

    The facts are a few labelled lines; the body (up to 20k characters) sits in a read-only, soft-wrapped
    TextArea, which renders only the visible lines, so a huge text never stalls the screen.
    """

    RECYCLE = True

    def __init__(self, row: IdeaRow | ActionRow | None) -> None:
        super().__init__()
        self.row = row
        self.opened()

    @classmethod
    def blank(cls) -> RecordScreen:
        return cls(None)

    def has_record(self) -> bool:
        return self.row is not None

    def history_target(self) -> tuple[str, str, str | None, str] | None:
        if isinstance(self.row, IdeaRow):
            return ("idea", self.row.idea.id, None, self.row.idea.title)
        if isinstance(self.row, ActionRow):
            return ("action", self.row.action.id, None, self.row.action.title)
        return None

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title")
        yield Static("", id="record-facts")
        yield TextArea("", id="record-text", read_only=True, soft_wrap=True, show_line_numbers=False)
        yield CalmFooter()

    def on_mount(self) -> None:
        area = self.query_one("#record-text", TextArea)
        area.cursor_blink = getattr(self.app, "cursor_blink", True)
        area.focus()

    def fetch(self) -> tuple[Any, ...]:
        return (self.row,)

    def apply(self, row: IdeaRow | ActionRow) -> None:
        area = self.query_one("#record-text", TextArea)
        title = self.query_one("#detail-title", Static)
        top = self.opening(area)
        if isinstance(row, IdeaRow):
            idea = row.idea
            status = IdeaStatus(idea.status)
            set_static(title, fill("[b]Idea:[/b] $title", title=idea.title))
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
            set_static(title, fill("[b]Action:[/b] $title", title=action.title))
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
        set_static(self.query_one("#record-facts", Static), Content("\n").join(facts))
        text = visible("\n".join(body))
        if top or area.text != text:
            area.load_text(text)


IdeaScreen = RecordScreen
