"""WallScreen (`huddle wall`): the read-only wall display for a TV next to the board.

It shows one team (`--team`, default the login's team) in large type: a header with the team, the date
and a big clock (Textual `Digits`), then panes that cycle every `cycle_seconds`:

- Today: one big tile per SQDCP category (status symbol, colour and the metric names that are red) and
  big counters (reds lacking a reason or countermeasure, overdue escalations, overdue actions, ideas
  waiting for an answer);
- Safety: the safety cross of the month;
- Escalations and Actions: what is open, overdue first;
- Roll-up: the teams below, for a tier 2+ team.

There are no write bindings at all (the app runs read-only: `HuddleApp.with_actor` refuses every write,
and the tier keys are off); space / right and left step the panes by hand. It refreshes on every change
landing from another replica and every `REFRESH_SECONDS` (the day rolls over, overdue times grow). A
failed load is shown in the status line, never as a dialog (nobody is there to close it), and nothing
times out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Digits, Static

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.metrics import SQDCP, Status
from huddle_tui.domain.settings import Severity
from huddle_tui.domain.teams import TIER_NAMES
from huddle_tui.services import queries, readings
from huddle_tui.services.views import EscalationRow, MetricDetail, TeamBoard
from huddle_tui.ui.formatting import due_text, hours_text
from huddle_tui.ui.safe import clip, user_cell, user_text
from huddle_tui.ui.screens.rollup import RollupScreen, RollupView, last_huddles
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row
from huddle_tui.ui.widgets.safety_cross import SafetyCross
from huddle_tui.ui.widgets.status_cell import STATUS_WORD

if TYPE_CHECKING:
    from huddle_tui.services.session import Session
    from huddle_tui.ui.app import HuddleApp

REFRESH_SECONDS = 30.0
PANE_TITLES = {
    "today": "SQDCP",
    "safety": "Safety cross",
    "escalations": "Escalations",
    "actions": "Actions",
    "rollup": "Roll-up",
}
TILE_CLASS = {Status.GREEN: "-green", Status.AMBER: "-amber", Status.RED: "-red", Status.NONE: "-none"}


@dataclass(frozen=True)
class WallData:
    board: TeamBoard
    safety: MetricDetail | None
    rollup: RollupView | None
    today: date
    now: datetime
    tier_name: str


def wall_data(session: Session, team_id: str) -> WallData:
    """Everything the wall shows for `team_id` (thread worker)."""
    today = readings.today(session)
    board = queries.team_board(session, team_id, today)
    safety_metric = next(
        (r.metric for r in board.metrics if r.metric.category == "Safety" and not r.metric.archived), None
    )
    safety = queries.metric_detail(session, safety_metric.id) if safety_metric else None
    rollup = None
    if session.directory.tree.children(team_id):
        rollup = RollupView(queries.rollup(session, team_id, today), last_huddles(session), today)
    tier = board.team.tier
    return WallData(board, safety, rollup, today, session.clock(), TIER_NAMES.get(tier, f"Tier {tier}"))


class WallScreen(Screen[None]):
    """`WallScreen(team_id=None, cycle_seconds=20)`: the wall display of one team."""

    CSS_PATH = Path(__file__).with_name("wall.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,right", "step(1)", "Next", id="wall.next"),
        Binding("left", "step(-1)", "Previous", id="wall.previous"),
    ]

    def __init__(self, team_id: str | None = None, *, cycle_seconds: float = 20.0) -> None:
        super().__init__()
        self.team_id = team_id
        self.cycle_seconds = max(1.0, float(cycle_seconds))
        self.data: WallData | None = None
        self.panes: list[str] = ["today"]
        self.index = 0
        self.seconds_left = self.cycle_seconds
        self.problem = ""
        self.loads = 0
        self.day_shown = "today"

    @property
    def huddle_app(self) -> HuddleApp:
        return self.app  # type: ignore[return-value]

    @property
    def session(self) -> Session:
        session = self.huddle_app.session
        assert session is not None
        return session

    # -- layout -------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="wall-head"):
            yield Static("", id="wall-heading")
            yield Digits("--:--", id="wall-clock")
        with ContentSwitcher(initial="pane-today", id="wall-panes"):
            with Vertical(id="pane-today"):
                with Horizontal(id="wall-tiles"):
                    for category in SQDCP:
                        yield Static("", id=f"tile-{category.lower()}", classes="tile")
                with Horizontal(id="wall-numbers"):
                    for key, caption in (
                        ("reds", "reds lacking action"),
                        ("escalations", "escalations overdue"),
                        ("actions", "actions overdue"),
                        ("ideas", "ideas awaiting answer"),
                    ):
                        with Vertical(classes="number"):
                            yield Digits("0", id=f"number-{key}")
                            yield Static(Content(caption), classes="caption")
            with Vertical(id="pane-safety"):
                with Horizontal(id="wall-cross-row"):
                    yield SafetyCross(date.today(), today=date.today(), id="wall-cross")
                    with Vertical(id="wall-safe-days"):
                        yield Digits("0", id="wall-safe-digits")
                        yield Static(Content("days without a recordable"), classes="caption")
                yield Static("", id="wall-cross-note")
            with Vertical(id="pane-escalations"):
                yield BoardTable(
                    [
                        Col("dir", "", 1),
                        Col("sev", "Sev", 4),
                        Col("title", "Escalation"),
                        Col("holder", "Held by", 16, hide_below=60),
                        Col("time", "Time", 11),
                    ],
                    id="wall-escalations",
                )
            with Vertical(id="pane-actions"):
                yield BoardTable(
                    [
                        Col("due", "Due", 9),
                        Col("title", "Action"),
                        Col("owner", "Owner", 16, hide_below=60),
                    ],
                    id="wall-actions",
                )
            with Vertical(id="pane-rollup"):
                yield BoardTable(
                    [
                        Col("team", "Team"),
                        Col("tier", "", 2),
                        Col("yesterday", "Yesterday", 9),
                        Col("today", "Today", 9),
                        Col("esc", "Esc !", 7),
                        Col("actions", "Act !", 7, hide_below=64),
                        Col("reds", "⚑", 3, hide_below=92),
                        Col("huddle", "Huddle", 6, hide_below=72),
                    ],
                    id="wall-rollup",
                )
        yield Static("", id="wall-status")

    def on_mount(self) -> None:
        for table in self.query(BoardTable):
            table.can_focus = False
        self.set_interval(1.0, self._tick)
        self.set_interval(REFRESH_SECONDS, self.reload)
        self.reload()

    # -- data ---------------------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.huddle_app.session is None:
            return
        if self.team_id is None:
            self.team_id = self.huddle_app.home_team_id(self.session)
        if self.team_id is None:
            self._failed("This board has no team yet.")
            return
        self._load(self.team_id)

    @work(thread=True, exclusive=True, group="wall-load", exit_on_error=False)
    def _load(self, team_id: str) -> None:
        try:
            data = wall_data(self.session, team_id)
        except Exception as err:  # a TV has nobody to close a dialog: say it in the status line
            self.app.call_from_thread(self._failed, f"Cannot load the board: {err}")
            return
        self.app.call_from_thread(self.apply, data)

    def _failed(self, message: str) -> None:
        self.problem = message
        self._update_status()

    def apply(self, data: WallData) -> None:
        if not self.is_attached:
            return
        self.data = data
        self.problem = ""
        self.loads += 1
        panes = ["today"]
        if data.safety is not None:
            panes.append("safety")
        panes += ["escalations", "actions"]
        if data.rollup is not None:
            panes.append("rollup")
        current = self.panes[self.index] if self.index < len(self.panes) else "today"
        self.panes = panes
        self.index = panes.index(current) if current in panes else 0
        self._show_today(data)
        self._show_safety(data)
        self._show_escalations(data)
        self._show_actions(data)
        if data.rollup is not None:
            self.query_one("#wall-rollup", BoardTable).set_rows(
                [
                    (
                        row.team.id,
                        RollupScreen.cells(
                            row,
                            data.rollup.rollup.categories,
                            data.rollup.last_huddle.get(row.team.id),
                            data.today,
                        ),
                    )
                    for row in data.rollup.rollup.rows
                ]
            )
        self._show_pane()
        self._tick(count=False)

    def _show_today(self, data: WallData) -> None:
        board = data.board
        live = [r for r in board.metrics if not r.metric.archived]
        # Before the first reading of the day the tiles show yesterday (what the huddle reviews).
        logged_today = any(r.status is not Status.NONE for r in live)
        self.day_shown = "today" if logged_today else "yesterday"
        for category in SQDCP:
            rows = [r for r in live if r.metric.category == category]
            today = [r.status for r in rows]
            yesterday = [r.history[-2].status if len(r.history) >= 2 else Status.NONE for r in rows]
            shown = today if logged_today else yesterday
            worst = min(shown, key=lambda s: s.rank) if shown else Status.NONE
            tile = self.query_one(f"#tile-{category.lower()}", Static)
            for cls in TILE_CLASS.values():
                tile.remove_class(cls)
            tile.add_class(TILE_CLASS[worst])
            reds = [r.metric.name for r, s in zip(rows, shown, strict=True) if s is Status.RED]
            parts = [
                Content.styled(category.upper(), "bold"),
                Content.styled(f"\n\n{worst.symbol} {STATUS_WORD[worst] if rows else 'no metric'}\n", "bold"),
                Content(f"({self.day_shown})"),
            ]
            for name in reds[:3]:
                parts.append(Content("\n"))
                parts.append(user_text(name, single_line=True, limit=18))
            tile.update(Content.assemble(*parts))
        escalations = list(board.escalations_out) + list(board.escalations_in)
        numbers = {
            "reds": len(board.reds_without_countermeasure),
            "escalations": sum(1 for r in escalations if r.overdue),
            "actions": sum(1 for r in board.actions if r.overdue),
            "ideas": sum(1 for r in board.ideas if r.answer_overdue),
        }
        for key, value in numbers.items():
            digits = self.query_one(f"#number-{key}", Digits)
            digits.update(str(value))
            digits.set_class(value > 0, "-bad")

    def _show_safety(self, data: WallData) -> None:
        cross = self.query_one("#wall-cross", SafetyCross)
        note = self.query_one("#wall-cross-note", Static)
        detail = data.safety
        if detail is None:
            return
        cross.month = date.fromisoformat(detail.month + "-01")
        cross.today = data.today
        cross.update({cell.day: cell.status for cell in detail.days if not cell.future})
        days_since = None
        for cell in sorted(detail.days, key=lambda c: c.day, reverse=True):
            if not cell.future and cell.status is Status.RED:
                days_since = (data.today - cell.day).days
                break
        safe_days = days_since if days_since is not None else data.today.day
        self.query_one("#wall-safe-digits", Digits).update(str(safe_days))
        note.update(
            Content.assemble(
                user_text(detail.metric.name, single_line=True, limit=40),
                f"  ·  {days_since} days since the last recordable"
                if days_since is not None
                else "  ·  no recordable this month",
            )
        )

    def _show_escalations(self, data: WallData) -> None:
        board = data.board
        rows: list[EscalationRow] = sorted(
            list(board.escalations_out) + list(board.escalations_in),
            key=lambda r: (
                not r.overdue,
                -r.overdue_hours,
                Severity(r.escalation.severity).rank,
                r.hours_left,
            ),
        )
        out: list[Row] = []
        for row in rows:
            esc = row.escalation
            if row.overdue:
                time = Text(f"{hours_text(row.overdue_hours)} over", style="bold white on red", end="")
            elif esc.state == "answered":
                time = Text("answered", style="bold green", end="")
            else:
                time = Text(f"{hours_text(row.hours_left)} left", end="")
            out.append(
                (
                    esc.id,
                    [
                        Text("→" if row.direction == "out" else "←", end=""),
                        Text(clip(Severity(esc.severity).value, 4), end=""),
                        user_cell(esc.title, limit=120),
                        user_cell(row.holder_team, limit=20),
                        time,
                    ],
                )
            )
        self.query_one("#wall-escalations", BoardTable).set_rows(out)

    def _show_actions(self, data: WallData) -> None:
        out: list[Row] = []
        for row in data.board.actions:
            action = row.action
            if ActionStatus(action.status) is not ActionStatus.OPEN:
                continue
            due = Text(
                due_text(action.due, data.today), style="bold white on red" if row.overdue else "", end=""
            )
            out.append((action.id, [due, user_cell(action.title, limit=120), user_cell(row.owner, limit=20)]))
        self.query_one("#wall-actions", BoardTable).set_rows(out)

    # -- cycling and the clock ----------------------------------------------------------------------------

    def _show_pane(self) -> None:
        pane = self.panes[self.index]
        self.query_one(ContentSwitcher).current = f"pane-{pane}"
        self._update_heading()

    def action_step(self, step: int) -> None:
        self.index = (self.index + step) % len(self.panes)
        self.seconds_left = self.cycle_seconds
        self._show_pane()
        self._update_status()

    def _tick(self, count: bool = True) -> None:
        if count:
            self.seconds_left -= 1
            if self.seconds_left <= 0:
                self.seconds_left = self.cycle_seconds
                self.index = (self.index + 1) % len(self.panes)
                self._show_pane()
        session = self.huddle_app.session
        if session is not None:
            try:
                now = session.clock().astimezone(ZoneInfo(session.settings.timezone))
            except Exception:
                now = session.clock()
            self.query_one("#wall-clock", Digits).update(f"{now:%H:%M}")
        self._update_status()

    def _update_heading(self) -> None:
        data = self.data
        pane = self.panes[self.index]
        if data is None:
            self.query_one("#wall-heading", Static).update(Content.styled("Loading the board…", "bold"))
            return
        team = data.board.team
        self.query_one("#wall-heading", Static).update(
            Content.assemble(
                user_text(team.name, single_line=True, limit=40, style="bold"),
                (f"  {data.tier_name}", "dim"),
                "\n",
                (f"{data.today:%A %d %B %Y}", "bold"),
                "\n",
                (f"{PANE_TITLES[pane]}  ({self.index + 1}/{len(self.panes)})", "bold reverse"),
            )
        )

    def _update_status(self) -> None:
        status = self.query_one("#wall-status", Static)
        if self.problem:
            status.update(user_text(self.problem, single_line=True, limit=200, style="bold red"))
            return
        nxt = self.panes[(self.index + 1) % len(self.panes)]
        status.update(
            Content(
                f"Wall display · read-only · next: {PANE_TITLES[nxt]} (every {self.cycle_seconds:g} s)"
                " · space/← → step · q quits"
            )
        )

    def palette_commands(self) -> list[object]:
        """The wall offers no commands of its own (and never a write)."""
        return []
