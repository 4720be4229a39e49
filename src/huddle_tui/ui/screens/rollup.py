"""RollupScreen (`r`): every team below the user's team as a row of a tree, for tiers 2 and up.

Each row: the team (indented by depth), its SQDCP status yesterday and today (symbol plus colour, one
per category), open and overdue escalations, overdue actions, reds lacking a reason or countermeasure,
and the days since its last huddle. Enter drills into the team's board (the board screen is pushed for
that team); Escape on that board comes back here. The roll-up is computed in a thread worker
(`services.queries.rollup`, one pass over the store for all teams).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Static

from huddle_tui.domain.metrics import Status
from huddle_tui.services import huddles, queries, readings
from huddle_tui.services.views import Rollup, RollupRow
from huddle_tui.ui.safe import clip
from huddle_tui.ui.screens.tier import TierScreen
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row
from huddle_tui.ui.widgets.status_cell import STATUS_STYLE

if TYPE_CHECKING:
    from huddle_tui.services.session import Session

LEGEND = "S Q D C P per day:  ● green  ▲ amber  ✖ red  · no reading"


@dataclass(frozen=True)
class RollupView:
    rollup: Rollup
    last_huddle: dict[str, date]  # team id -> day of its latest huddle
    today: date


def last_huddles(session: Session) -> dict[str, date]:
    """Team id -> the day of the team's latest huddle."""
    latest: dict[str, date] = {}
    for huddle in huddles.list_huddles(session):
        if huddle.team_id not in latest or huddle.date > latest[huddle.team_id]:
            latest[huddle.team_id] = huddle.date
    return latest


def status_row(statuses: dict[str, Status], categories: tuple[str, ...]) -> Text:
    """One symbol per category, coloured by status, separated by spaces."""
    text = Text(end="", no_wrap=True)
    for index, category in enumerate(categories):
        status = Status(statuses.get(category, Status.NONE))
        if index:
            text.append(" ")
        text.append(status.symbol, style=STATUS_STYLE[status])
    return text


def count_cell(total: int, overdue: int) -> Text:
    """'3' or '3 (1!)' with the overdue part in white on red."""
    text = Text(str(total) if total else "–", style="" if total else "dim", end="")
    if overdue:
        text.append(" ")
        text.append(f"{overdue}!", style="bold white on red")
    return text


def huddle_cell(last: date | None, today: date) -> Text:
    if last is None:
        return Text("never", style="dim", end="")
    days = (today - last).days
    if days <= 0:
        return Text("today", style="green", end="")
    return Text(f"{days} d", style="bold red" if days > 7 else ("#ff8c00" if days > 1 else ""), end="")


class RollupScreen(TierScreen):
    """`RollupScreen(team_id=None)`: the teams below the team (the user's team by default)."""

    CSS_PATH = Path(__file__).with_name("rollup.tcss")
    TITLE_TEXT = "Roll-up"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "drill", "Open board", id="rollup.open"),
        Binding("j", "cursor(1)", "Down", id="rollup.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="rollup.up", show=False),
        Binding("left_square_bracket", "step_day(-1)", "Day back", id="rollup.prev_day"),
        Binding("right_square_bracket", "step_day(1)", "Day on", id="rollup.next_day"),
    ]

    def __init__(self, team_id: str | None = None, day: date | None = None) -> None:
        super().__init__(team_id)
        self.fixed_day = day

    def compose_body(self) -> ComposeResult:
        yield Static(Content.styled(LEGEND, "dim"), id="rollup-legend")
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
            id="rollup",
        )
        yield Static("", id="rollup-empty")

    def on_mount(self) -> None:
        self.query_one("#rollup-empty").display = False
        self.query_one(BoardTable).focus()
        super().on_mount()

    def compute(self, session: Session) -> RollupView:
        today = readings.today(session)
        if self.team_id is None:
            raise LookupError("This board has no team yet.")
        view = queries.rollup(session, self.team_id, self.fixed_day or today)
        return RollupView(view, last_huddles(session), today)

    def show(self, view: RollupView) -> None:
        rollup = view.rollup
        table = self.query_one(BoardTable)
        table.set_rows(self.rows(view))
        day = rollup.day
        when = "today" if day == view.today else f"{day:%a %d %b %Y}"
        self.set_title(
            "Roll-up  ",
            self.team_label(),
            Content(f"  ·  {when}  ·  {len(rollup.rows)} teams below"),
        )
        empty = self.query_one("#rollup-empty", Static)
        empty.display = not rollup.rows
        table.display = bool(rollup.rows)
        if not rollup.rows:
            empty.update(Content("No team reports to this team. Press g to choose another team."))

    def rows(self, view: RollupView) -> list[Row]:
        cats = view.rollup.categories
        out: list[Row] = []
        for row in view.rollup.rows:
            out.append((row.team.id, self.cells(row, cats, view.last_huddle.get(row.team.id), view.today)))
        return out

    @staticmethod
    def cells(row: RollupRow, cats: tuple[str, ...], last: date | None, today: date) -> list[Text]:
        indent = "  " * row.depth
        name = Text(indent + clip(row.team.name, 40), no_wrap=True, overflow="ellipsis", end="")
        reds = row.reds_without_countermeasure
        return [
            name,
            Text(f"T{row.team.tier}", style="dim", end=""),
            status_row(row.yesterday, cats),
            status_row(row.today, cats),
            count_cell(row.open_escalations, row.overdue_escalations),
            count_cell(row.open_actions, row.overdue_actions),
            Text(f"⚑{reds}" if reds else "", style="bold red", end=""),
            huddle_cell(last, today),
        ]

    # -- keys ---------------------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_drill()

    def action_drill(self) -> None:
        from huddle_tui.ui.screens.board import BoardScreen

        key = self.query_one(BoardTable).current_key
        if key is None:
            return
        self.app.push_screen(BoardScreen(key, self.fixed_day))

    def action_cursor(self, step: int) -> None:
        table = self.query_one(BoardTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_step_day(self, step: int) -> None:
        from datetime import timedelta

        today = readings.today(self.session)
        new_day = (self.fixed_day or today) + timedelta(days=step)
        if new_day > today:
            self.notify(Content("The roll-up does not show future days."), severity="warning")
            return
        self.fixed_day = None if new_day == today else new_day
        self.reload()
