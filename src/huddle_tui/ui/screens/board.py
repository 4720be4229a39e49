"""BoardScreen: a team's board for one day: metrics, ideas, escalations and actions in four panes.

Wide terminals (110 columns and more) show the four panes as a 2x2 grid; narrower ones show one pane
at a time with a tab line (1-4 switch). Every key has a binding id (see the help screen, `?`), and the
footer shows only the bindings that apply to the focused pane (`check_action`). Pane focus, the pane
boxes' state classes and the tab line live in `board_panes.PaneFocus` (a switch draws in one frame).

The board loads in a thread worker (`services.queries.team_board`) and is applied on the UI thread;
tables keep their cursor by record id across reloads, so a live refresh never moves the cursor. Writes
open a form whose submit calls a service in a thread worker (see `modals.form`).

A row whose record two replicas wrote at once carries the conflict marker (`ui.conflicts`); `H` opens
the selected record's history with both values (`ui.screens.history`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.ideas import IdeaStatus, Pick
from huddle_tui.domain.settings import Severity
from huddle_tui.domain.teams import TIER_NAMES
from huddle_tui.errors import HuddleError
from huddle_tui.services.board_views import ActionRow, EscalationRow, IdeaRow, MetricRow, TeamBoard
from huddle_tui.ui.conflicts import conflict_count, marked
from huddle_tui.ui.formatting import (
    SEVERITY_SHORT,
    due_text,
    hours_text,
    target_text,
    time_left_text,
    value_text,
)
from huddle_tui.ui.layout import calm, set_breakpoint_classes
from huddle_tui.ui.safe import clip, user_cell, user_text
from huddle_tui.ui.screens.board_panes import PANE_TITLES, PANES, PaneBox, PaneFocus
from huddle_tui.ui.screens.hidden_behind import HiddenBehindOpaque
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row
from huddle_tui.ui.widgets.footer import CalmFooter
from huddle_tui.ui.widgets.header_bar import HeaderBar, HeaderInfo
from huddle_tui.ui.widgets.pick_chart import PickChart
from huddle_tui.ui.widgets.status_cell import status_text
from huddle_tui.ui.widgets.status_sparkline import sparkline_text
from huddle_tui.ui.writes import WriteFlows

# The services, the store and the forms are imported where they are used: a board drawn from the start
# snapshot (ui/start.py) needs none of them until the board has opened.
if TYPE_CHECKING:
    from huddle_tui.services.session import Session
    from huddle_tui.ui.app import HuddleApp
    from huddle_tui.ui.modals.rate_idea import RatingForm

CATEGORY_LETTER = {"Safety": "S", "Quality": "Q", "Delivery": "D", "Cost": "C", "People": "P"}
SEVERITY_STYLE = {"critical": "bold white on red", "high": "bold red", "medium": "#ff8c00", "low": "dim"}

# Which pane each action applies to (None: every pane). Drives check_action and so the footer.
ACTION_PANES: dict[str, tuple[str, ...] | None] = {
    "new": None,
    "edit": ("metrics", "ideas"),
    "decide": ("ideas",),
    "pick": ("ideas",),
    "move": ("escalations",),
    "complete": ("actions",),
    "escalate": None,
    "add_action": ("metrics", "ideas", "escalations"),
    "history": None,
}
WRITE_ACTIONS = {"new", "edit", "decide", "move", "complete", "escalate", "add_action", "huddle"}
# What works on a board drawn from the start snapshot before the board has opened (ui/start.py).
LOOK_ACTIONS = {"focus_pane", "cursor", "filter", "clear_filter", "pick"}


@dataclass(frozen=True)
class Loaded:
    """What the board screen loaded in its worker: the team's board, the header and the tier names."""

    board: TeamBoard
    header: HeaderInfo
    tiers: dict[str, int]


class BoardScreen(PaneFocus, WriteFlows, HiddenBehindOpaque):
    """The team board. `BoardScreen(team_id, day)`; `day=None` follows the production day."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "focus_pane('metrics')", "Metrics", id="board.pane1", show=False),
        Binding("2", "focus_pane('ideas')", "Ideas", id="board.pane2", show=False),
        Binding("3", "focus_pane('escalations')", "Escalations", id="board.pane3", show=False),
        Binding("4", "focus_pane('actions')", "Actions", id="board.pane4", show=False),
        Binding("n", "new", "New", id="board.new"),
        Binding("e", "edit", "Edit", id="board.edit"),
        Binding("d", "decide", "Decide", id="board.decide"),
        Binding("p", "pick", "PICK chart", id="board.pick"),
        Binding("m", "move", "Move", id="board.move"),
        Binding("c", "complete", "Complete", id="board.complete"),
        Binding("x", "escalate", "Escalate", id="board.escalate"),
        Binding("a", "add_action", "Action", id="board.action"),
        Binding("enter", "open", "Open", id="board.open", show=False),
        Binding("slash", "filter", "Filter", id="board.filter"),
        Binding("left_square_bracket", "step_day(-1)", "Day back", id="board.prev_day"),
        Binding("right_square_bracket", "step_day(1)", "Day on", id="board.next_day"),
        Binding("t", "today", "Today", id="board.today", show=False),
        Binding("ctrl+r", "reload", "Reload", id="board.reload", show=False),  # r: the roll-up (app)
        Binding("j", "cursor(1)", "Down", id="board.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="board.up", show=False),
        Binding("g", "go_to_team", "Team", id="board.team", show=False),
        Binding("h", "huddle", "Huddle", id="board.huddle"),
        Binding("H", "history", "History", id="board.history", show=False),
        Binding("escape", "clear_filter", "Clear filter", id="board.clear_filter", show=False),
    ]

    def __init__(
        self,
        team_id: str,
        day: date | None = None,
        preloaded: Loaded | None = None,
        table_widths: Mapping[str, int] | None = None,
    ) -> None:
        """`preloaded`: the start snapshot, drawn at once; the app calls `board_opened` when the board
        is open (until then only LOOK_ACTIONS work). `table_widths`: each table's width the last time
        on this terminal size (see `BoardTable.width_hint`)."""
        super().__init__()
        self.team_id = team_id
        self.fixed_day = day
        self.preloaded = preloaded
        self.width_hints = dict(table_widths or {})
        self.board: TeamBoard | None = None
        self.pane = "metrics"
        self.tiers: dict[str, int] = {}
        self.load_errors = 0
        self._resumed = False
        # Made when first shown (not on the first frame): the PICK chart and its ideas, the filter box.
        self.pick_chart: PickChart | None = None
        self._pick_items: list[tuple[str, Pick | None]] = []
        self.filter_box: Input | None = None

    # -- helpers ------------------------------------------------------------------------------------------

    @property
    def huddle_app(self) -> HuddleApp:
        return self.app  # type: ignore[return-value]

    @property
    def session(self) -> Session:
        session = self.huddle_app.session
        assert session is not None
        return session

    @property
    def live(self) -> bool:
        """True once the board is open (False while the start snapshot is shown)."""
        return self.huddle_app.session is not None

    def _pane_table(self, pane: str, columns: list[Col]) -> BoardTable:
        """The table of `pane`; with its width on this terminal last time (`width_hints`), it lays out
        its rows before the first frame."""
        return BoardTable(columns, id=pane, width_hint=self.width_hints.get(pane, 0))

    def table_widths(self) -> dict[str, int]:
        """Each table's width now (0: not laid out yet), for the next start (`width_hints`)."""
        return {pane: self.table(pane).size.width for pane in PANES}

    def _may_draw_ahead(self) -> bool:
        return self.live

    @property
    def today(self) -> date:
        if not self.live and self.board is not None:
            return self.board.day
        from huddle_tui.services import readings

        return readings.today(self.session)

    @property
    def day(self) -> date:
        return self.fixed_day or self.today

    # -- layout -------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        set_breakpoint_classes(self)  # before the children are styled: one layout, not two
        yield HeaderBar(id="header")
        yield Static("", id="tabs")
        with Container(id="panes"):
            with PaneBox(id="pane-metrics", classes="pane -active"):
                yield self._pane_table(
                    "metrics",
                    [
                        Col("cat", "", 1),
                        Col("name", "Metric"),
                        Col("target", "Target", 14, hide_below=68),
                        Col("value", "Day", 15),
                        Col("spark", "14 days", 14, hide_below=50),
                    ],
                )
            with PaneBox(id="pane-ideas", classes="pane"):
                yield self._pane_table(
                    "ideas",
                    [
                        Col("age", "Age", 7),
                        Col("status", "Status", 12, hide_below=64),
                        Col("title", "Idea"),
                        Col("by", "By", 14, hide_below=48),
                        Col("pick", "PICK", 9, hide_below=76),
                    ],
                )
            with PaneBox(id="pane-escalations", classes="pane"):
                yield self._pane_table(
                    "escalations",
                    [
                        Col("dir", "", 1),
                        Col("sev", "Sev", 4),
                        Col("title", "Escalation"),
                        Col("holder", "Held by", 14, hide_below=54),
                        Col("age", "Age", 5, hide_below=74),
                        Col("left", "Time", 10),
                    ],
                )
            with PaneBox(id="pane-actions", classes="pane"):
                yield self._pane_table(
                    "actions",
                    [
                        Col("due", "Due", 9),
                        Col("status", "", 1),
                        Col("title", "Action"),
                        Col("owner", "Owner", 14, hide_below=48),
                        Col("from", "From", 10, hide_below=72),
                    ],
                )
        yield CalmFooter()

    def on_mount(self) -> None:
        for pane in PANES:
            box = self.query_one(f"#pane-{pane}")
            title = f"{PANES.index(pane) + 1} {PANE_TITLES[pane]}"
            if pane == "escalations":
                title += "  → raised by us  ← held by us"
            box.border_title = Content(title)
        calm(self)
        self._update_tabs()
        self.table("metrics").focus()
        if self.preloaded is not None:
            self.apply(self.preloaded)
        else:
            self.reload()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. The first time, every node was styled a moment ago as it
        # mounted, and Textual would style all of them again to the same result (12 ms on the first
        # frame); later resumes restyle as usual (the theme may have changed meanwhile).
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    # -- loading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the board in a thread worker (exclusive: a newer reload cancels an older one)."""
        if self.live:
            self._load(self.team_id, self.day)

    def board_opened(self, team_id: str) -> None:
        """The board is open (this screen showed the start snapshot): load it live, on `team_id` (the
        home team may have changed since the snapshot was taken)."""
        self.team_id = team_id
        self.preloaded = None
        self._drawn_ahead = ()  # the live rows, even when they are the snapshot's, are drawn ahead
        self.reload()
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="board-load", exit_on_error=False)
    def _load(self, team_id: str, day: date) -> None:
        from huddle_tui.services import queries

        session = self.session
        try:
            board = queries.team_board(session, team_id, day)
            header = self._header(session, board)
            tiers = {t.id: t.tier for t in session.directory.teams()}
        except Exception as err:  # shown in the ErrorModal; the board keeps what it showed
            self.app.call_from_thread(self._load_failed, err)
            return
        loaded = Loaded(board, header, tiers)
        self.huddle_app.remember_board(self, loaded)
        self.app.call_from_thread(self.apply, loaded)

    def _header(self, session: Session, board: TeamBoard) -> HeaderInfo:
        from huddle_tui.services import readings

        shift_no = readings.current_shift(session)
        shift = next((s.name for s in session.settings.shifts if s.number == shift_no), "")
        actor = session.actor
        kiosk = session.os_person is not None and str(session.os_person.role) == "kiosk"
        person = session.os_person.name if kiosk and session.os_person else ""
        diag: dict[str, Any] = {}
        try:
            diag = session.board.diagnostics()
        except Exception:  # pragma: no cover - the indicator is best effort
            diag = {}
        replicas = diag.get("replicas", []) or []
        warnings = [str(r.get("warning")) for r in replicas if isinstance(r, dict) and r.get("warning")]
        warnings += [f"skipped {s.get('path', '?')}" for s in diag.get("skipped", []) if isinstance(s, dict)]
        warnings += [str(p) for p in diag.get("problems", []) or []]
        return HeaderInfo(
            board_name=session.settings.name,
            team_name=board.team.name,
            tier=board.team.tier,
            tier_name=TIER_NAMES.get(board.team.tier, f"Tier {board.team.tier}"),
            day=board.day,
            today=readings.today(session),
            shift=shift,
            person_name=person or (actor.name if actor else ""),
            role="kiosk" if kiosk else (str(actor.role) if actor else ""),
            replicas=len(replicas),
            last_remote_change=self._local(self.huddle_app.last_remote_change),
            warnings=tuple(warnings),
            read_only=self.huddle_app.read_only,
        )

    def _local(self, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        try:
            return moment.astimezone(ZoneInfo(self.session.settings.timezone))
        except Exception:
            return moment

    def _load_failed(self, error: BaseException) -> None:
        from huddle_tui.ui.modals.error import ErrorModal

        self.load_errors += 1
        self.app.push_screen(ErrorModal(error))

    def apply(self, loaded: Loaded) -> None:
        """Show a loaded board (UI thread); every table keeps its cursor on the same record."""
        self.board = loaded.board
        self.tiers = loaded.tiers
        self.query_one(HeaderBar).info = loaded.header
        board = loaded.board
        self.table("metrics").set_rows(self.metric_rows(board.metrics))
        self.table("ideas").set_rows(self.idea_rows(board.ideas))
        self.table("escalations").set_rows(self.escalation_rows(self.escalations_of(board)))
        self.table("actions").set_rows(self.action_rows(board.actions))
        self._pick_items = [(r.idea.title, r.pick) for r in board.ideas if self._open_idea(r)]
        if self.pick_chart is not None:
            self.pick_chart.update(self._pick_items)
        self._update_titles(board)
        self._update_tabs()
        self.huddle_app.first_data_shown(self)

    @staticmethod
    def _open_idea(row: IdeaRow) -> bool:
        return not IdeaStatus(row.idea.status).is_ending

    def escalations_of(self, board: TeamBoard) -> list[EscalationRow]:
        rows = list(board.escalations_out) + list(board.escalations_in)
        return sorted(
            rows,
            key=lambda r: (
                not r.overdue,
                -r.overdue_hours,
                Severity(r.escalation.severity).rank,
                r.hours_left,
                r.escalation.id,
            ),
        )

    def _update_titles(self, board: TeamBoard) -> None:
        flagged = len(board.reds_without_countermeasure)
        overdue_ideas = sum(1 for r in board.ideas if r.answer_overdue)
        overdue_esc = sum(1 for r in self.escalations_of(board) if r.overdue)
        overdue_actions = sum(1 for r in board.actions if r.overdue)
        subtitles = {
            "metrics": f"⚑ {flagged} red lacking reason/action" if flagged else "",
            "ideas": f"! {overdue_ideas} waiting past the answer time" if overdue_ideas else "",
            "escalations": f"{overdue_esc} overdue" if overdue_esc else "",
            "actions": f"{overdue_actions} overdue" if overdue_actions else "",
        }
        conflicted = {
            "metrics": sum(1 for r in board.metrics if r.conflicts),
            "ideas": sum(1 for r in board.ideas if r.conflicts),
            "escalations": sum(1 for r in self.escalations_of(board) if r.conflicts),
            "actions": sum(1 for r in board.actions if r.conflicts),
        }
        for pane, count in conflicted.items():
            subtitles[pane] = "  ".join(t for t in (subtitles[pane], conflict_count("conflict", count)) if t)
        for pane, text in subtitles.items():
            self.query_one(f"#pane-{pane}").border_subtitle = Content.styled(text, "bold") if text else None

    # -- rows ---------------------------------------------------------------------------------------------

    def metric_rows(self, rows: Iterable[MetricRow]) -> list[Row]:
        out: list[Row] = []
        previous = None
        ordered = sorted(
            rows, key=lambda r: (r.metric.category_rank, r.metric.category, r.metric.name.casefold())
        )
        for row in ordered:
            metric = row.metric
            category = metric.category
            letter = CATEGORY_LETTER.get(category, clip(category, 1) or "?")
            cat = Text(letter if category != previous else "", style="bold", end="")
            previous = category
            value = row.reading.value if row.reading else None
            value_cell = status_text(row.status, value_text(value, metric.unit) if value is not None else "–")
            if row.lacks_reason or row.lacks_countermeasure:
                value_cell.append(" ⚑", style="bold red")
            value_cell = marked(value_cell, row.conflicts)
            out.append(
                (
                    metric.id,
                    [
                        cat,
                        user_cell(metric.name, limit=28),
                        Text(target_text(metric), end=""),
                        value_cell,
                        sparkline_text([cell.status for cell in row.history]),
                    ],
                )
            )
        return out

    def idea_rows(self, rows: Iterable[IdeaRow]) -> list[Row]:
        out: list[Row] = []
        for row in rows:
            idea = row.idea
            status = IdeaStatus(idea.status)
            age = hours_text(row.age_hours)
            age_cell = (
                Text(f"! {age}", style="bold white on red", end="")
                if row.answer_overdue
                else Text(age, style="dim" if status.is_ending else "", end="")
            )
            out.append(
                (
                    idea.id,
                    [
                        age_cell,
                        Text(status.label, style="dim" if status.is_ending else "", end=""),
                        marked(user_cell(idea.title, limit=120), row.conflicts),
                        user_cell(row.submitter, limit=20),
                        Text(row.pick.value.capitalize() if row.pick else "–", end=""),
                    ],
                )
            )
        return out

    def escalation_rows(self, rows: Iterable[EscalationRow]) -> list[Row]:
        out: list[Row] = []
        now = self.huddle_app.now_utc()
        for row in rows:
            esc = row.escalation
            severity = Severity(esc.severity).value
            tier = self.tiers.get(esc.holder_team)
            holder = f"{clip(row.holder_team, 18)}" + (f" T{tier}" if tier else "")
            left = time_left_text(row)
            direction = "→" if row.direction == "out" else "←"
            out.append(
                (
                    esc.id,
                    [
                        Text(direction, style="bold" if row.direction == "in" else "", end=""),
                        Text(
                            SEVERITY_SHORT.get(severity, severity),
                            style=SEVERITY_STYLE.get(severity, ""),
                            end="",
                        ),
                        marked(user_cell(esc.title, limit=120), row.conflicts),
                        user_cell(holder, limit=20),
                        Text(hours_text((now - esc.raised_at).total_seconds() / 3600), end=""),
                        left,
                    ],
                )
            )
        return out

    def action_rows(self, rows: Iterable[ActionRow]) -> list[Row]:
        out: list[Row] = []
        today = self.today
        for row in rows:
            action = row.action
            status = ActionStatus(action.status)
            due = due_text(action.due, today)
            due_cell = Text(due, style="bold white on red" if row.overdue else "", end="")
            mark = {"open": "○", "done": "✔", "cancelled": "✗"}[status.value]
            out.append(
                (
                    action.id,
                    [
                        due_cell,
                        Text(mark, style="dim" if status is not ActionStatus.OPEN else "", end=""),
                        marked(user_cell(action.title, limit=120), row.conflicts),
                        user_cell(row.owner, limit=20),
                        Text(action.source_kind or "", style="dim", end=""),
                    ],
                )
            )
        return out

    # -- panes and the footer (focus and tabs: board_panes.PaneFocus) --------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.live and action not in LOOK_ACTIONS:
            return False
        if action in WRITE_ACTIONS and self.huddle_app.read_only:
            return False
        panes = ACTION_PANES.get(action)
        if action in ACTION_PANES and panes is not None and self.pane not in panes:
            return False
        if action == "clear_filter":
            return self.filter_box is not None and bool(self.filter_box.display)
        return True

    def action_cursor(self, step: int) -> None:
        table = self.table(self.pane)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    # -- days and teams -----------------------------------------------------------------------------------

    def action_step_day(self, step: int) -> None:
        new_day = self.day + timedelta(days=step)
        if new_day > self.today:
            self.notify(Content("The board does not show future days."), severity="warning")
            return
        self.fixed_day = None if new_day == self.today else new_day
        self.reload()

    def action_today(self) -> None:
        self.fixed_day = None
        self.reload()

    def go_to_day(self, day: date | None) -> None:
        if day is None:
            return
        self.fixed_day = None if day >= self.today else day
        self.reload()

    def action_go_to_date(self) -> None:
        from huddle_tui.ui.modals.go_to_date import GoToDateModal

        self.app.push_screen(GoToDateModal(today=self.today, current=self.day), self.go_to_day)

    def action_go_to_team(self) -> None:
        from huddle_tui.ui.modals.who_is_entering import WhoIsEnteringModal

        teams = self.session.directory.teams()
        choices = [(t.id, t.name, TIER_NAMES.get(t.tier, f"tier {t.tier}")) for t in teams]

        def chosen(team_id: str | None) -> None:
            if team_id:
                self.team_id = team_id
                self.reload()

        self.app.push_screen(WhoIsEnteringModal(choices, title="Go to team"), chosen)

    def action_huddle(self) -> None:
        """Start (or join) today's huddle of this team: the standup screen."""
        from huddle_tui.ui.screens.standup import open_standup

        open_standup(self.huddle_app, self.team_id)

    def action_reload(self) -> None:
        self.session.refresh()
        self.reload()

    # -- filter -------------------------------------------------------------------------------------------

    async def action_filter(self) -> None:
        box = self.filter_box
        if box is None:  # the first filter: the box is made now
            box = self.filter_box = Input(
                placeholder="filter the focused pane (Escape clears)", id="filter", compact=True
            )
            await self.mount(box, before=self.query_one(CalmFooter))
        box.display = True
        box.focus()
        self.refresh_bindings()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table(self.pane).set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        self.table(self.pane).focus()

    def action_clear_filter(self) -> None:
        box = self.filter_box
        if box is None or not box.display:
            return
        box.value = ""
        box.display = False
        for pane in PANES:
            self.table(pane).set_filter("")
        self.table(self.pane).focus()
        self.refresh_bindings()

    # -- selection ----------------------------------------------------------------------------------------

    def selected(self, pane: str) -> Any:
        """The view row under the cursor of `pane` (MetricRow, IdeaRow, EscalationRow, ActionRow) or None."""
        if self.board is None:
            return None
        key = self.table(pane).current_key
        if key is None:
            return None
        board = self.board
        found: Iterable[Any] = {
            "metrics": board.metrics,
            "ideas": board.ideas,
            "escalations": self.escalations_of(board),
            "actions": board.actions,
        }[pane]
        attr = {"metrics": "metric", "ideas": "idea", "escalations": "escalation", "actions": "action"}[pane]
        return next((row for row in found if getattr(row, attr).id == key), None)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        from huddle_tui.ui.screens.detail import EscalationScreen, IdeaScreen, MetricScreen

        if not self.live:  # drawn from the start snapshot: open the board now (Enter again once open)
            self.huddle_app.open_board_now()
            return
        row = self.selected(self.pane)
        if row is None:
            return
        if isinstance(row, MetricRow):
            self.app.push_screen(MetricScreen(row.metric.id, self.day))
        elif isinstance(row, IdeaRow):
            self.app.push_screen(IdeaScreen(row))
        elif isinstance(row, EscalationRow):
            self.app.push_screen(EscalationScreen(row.escalation.id, self.team_id))
        elif isinstance(row, ActionRow):
            self.app.push_screen(IdeaScreen(row))

    def action_history(self) -> None:
        """Every value of the selected record's fields (both values of a conflict): the HistoryScreen."""
        from huddle_tui.ui.screens.history import HistoryScreen, history_target

        target = history_target(self.selected(self.pane))
        if target is None:
            self.notify(Content("Choose a row first."), severity="warning")
            return
        self.app.push_screen(HistoryScreen(*target))

    # -- writes -------------------------------------------------------------------------------------------

    def after_write(self, message: str) -> Callable[[Any], None]:
        def done(result: Any) -> None:
            if result is not None:
                self.notify(Content(message), timeout=4)
                self.reload()

        return done

    def people(self) -> list[tuple[str, str]]:
        return [(p.id, p.name) for p in self.huddle_app.roster(self.team_id)]

    def action_new(self) -> None:
        {
            "metrics": self.log_reading,
            "ideas": self.new_idea,
            "escalations": self.raise_escalation,
            "actions": self.new_action,
        }[self.pane]()

    def action_edit(self) -> None:
        if self.pane == "ideas":
            self.rate_idea()
        else:
            self.log_reading()

    def rate_idea(self) -> None:
        """Place the selected idea on the PICK chart (impact and effort)."""
        from huddle_tui.services import ideas
        from huddle_tui.ui.modals.rate_idea import RateIdeaModal

        row = self.selected("ideas")
        if not isinstance(row, IdeaRow):
            return
        idea = row.idea

        def go(session: Session) -> None:
            def submit(form: RatingForm) -> Any:
                return ideas.rate_idea(session, idea.id, impact=form.impact, effort=form.effort)

            self.app.push_screen(
                RateIdeaModal(
                    idea.title, impact=idea.impact, effort=idea.effort, on_submit=submit, today=self.today
                ),
                self.after_write("Idea placed on the PICK chart"),
            )

        self.huddle_app.with_actor("rate an idea", go, self.team_id)

    def log_reading(self) -> None:
        row = self.selected("metrics")
        if not isinstance(row, MetricRow):
            self.notify(Content("Choose a metric first (pane 1)."), severity="warning")
            return
        self.write_log_reading(row, self.day)

    def new_idea(self) -> None:
        self.write_new_idea()

    def action_decide(self) -> None:
        row = self.selected("ideas")
        if isinstance(row, IdeaRow):
            self.write_decide_idea(row)

    def action_pick(self) -> None:
        chart = self.pick_chart
        table = self.table("ideas")
        if chart is None:  # the first time: the chart is made now, shown in place of the table
            chart = self.pick_chart = PickChart(self._pick_items, id="pick")
            self.query_one("#pane-ideas").mount(chart)
        else:
            chart.display = not chart.display
        table.display = not chart.display
        if chart.display:
            self.query_one("#pane-ideas").focus()
        else:
            table.focus()

    def raise_escalation(self, title: str = "", source: tuple[str, str] | None = None) -> None:
        self.write_raise_escalation(title, source)

    def action_escalate(self) -> None:
        self.write_escalate_from(self.selected(self.pane))

    def action_move(self) -> None:
        from huddle_tui.ui.moves import start_move

        row = self.selected("escalations")
        if not isinstance(row, EscalationRow):
            return
        done = self.after_write("Escalation updated")
        start_move(self.huddle_app, row.escalation, self.team_id, self.today, done)

    def new_action(self, title: str = "", source: str | None = None) -> None:
        self.write_new_action(title, source)

    def action_add_action(self) -> None:
        self.write_action_from(self.selected(self.pane))

    def action_complete(self) -> None:
        row = self.selected("actions")
        if isinstance(row, ActionRow):
            self.write_complete_action(row)

    # -- command palette ----------------------------------------------------------------------------------

    def _pane_commands(self) -> Iterable[SystemCommand]:
        for pane in PANES:
            yield SystemCommand(
                f"Pane: {PANE_TITLES[pane]}",
                f"Focus the {PANE_TITLES[pane].lower()} pane",
                self._focuser(pane),
            )

    def palette_commands(self) -> Iterable[SystemCommand]:
        if not self.live:  # the start snapshot: only looking around until the board has opened
            yield from self._pane_commands()
            yield SystemCommand("Filter", "Filter the focused pane", self.action_filter)
            return
        yield SystemCommand("Go to team", "Show another team's board", self.action_go_to_team)
        yield SystemCommand("Go to date", "Show the board of another day", self.action_go_to_date)
        yield SystemCommand("Today", "Back to today's board", self.action_today)
        yield SystemCommand("Export", "Write the board as Markdown minutes and JSON", self.export)
        yield from self._pane_commands()
        if not self.huddle_app.read_only:
            yield SystemCommand("Run the huddle", "Start or join today's huddle (h)", self.action_huddle)
            yield SystemCommand("Log a reading", "Log the selected metric's reading", self.log_reading)
            yield SystemCommand("New idea", "Submit an improvement idea", self.new_idea)
            yield SystemCommand("Decide idea", "Decide on the selected idea", self.action_decide)
            yield SystemCommand("Rate idea", "Place the selected idea on the PICK chart", self.rate_idea)
            yield SystemCommand(
                "Raise escalation", "Escalate a problem to the parent team", self.raise_escalation
            )
            yield SystemCommand("Move escalation", "Acknowledge, answer, pass on", self.action_move)
            yield SystemCommand("New action", "Add a countermeasure action", self.new_action)
            yield SystemCommand("Complete action", "Mark the selected action done", self.action_complete)
        yield SystemCommand("PICK chart", "Toggle the PICK chart of the ideas", self.action_pick)
        yield SystemCommand(
            "History", "Every value of the selected record's fields, conflicts too (H)", self.action_history
        )
        yield SystemCommand("Filter", "Filter the focused pane", self.action_filter)
        yield SystemCommand("Reload", "Re-read the board folder", self.action_reload)

    def _focuser(self, pane: str) -> Callable[[], None]:
        return lambda: self.action_focus_pane(pane)

    def export(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self) -> None:
        from huddle_tui.services.export import export_board
        from huddle_tui.ui.modals.error import ErrorModal

        out_dir = self.huddle_app.export_dir / f"huddle-export-{self.today:%Y%m%d}"
        try:
            written: list[Any] = []
            for fmt in ("md", "json"):
                written += export_board(self.session, fmt, out_dir)
        except (HuddleError, OSError) as err:
            self.app.call_from_thread(self.app.push_screen, ErrorModal(err))
            return
        message = user_text(f"Exported {len(written)} file(s) to {out_dir}")
        self.app.call_from_thread(self.notify, message, timeout=6)
