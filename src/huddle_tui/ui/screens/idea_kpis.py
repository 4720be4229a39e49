"""IdeaKpisScreen (`K`): the idea-system KPIs of the user's team, rolled up, and of each team below.

The KPIs of the brief (`domain.kpis.idea_kpis`): ideas per person, participation rate, implementation
rate, days to first answer and days to implementation, plus the ideas still waiting for an answer. The
first row is the screen's team with every team below it rolled up; then each team below (indented), each
rolled up over its own subtree. The period is the last 30, 90 or 365 days (keys 1, 2, 3; p cycles); a
bar chart under the table compares the teams on one KPI (b cycles the KPI). Ideas and people are read
once per load (thread worker), so 50 teams cost one pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content

from huddle_tui.domain.ideas import Idea
from huddle_tui.domain.kpis import IdeaKpis, idea_kpis
from huddle_tui.domain.teams import Team
from huddle_tui.services import persist, readings
from huddle_tui.ui.safe import clip
from huddle_tui.ui.screens.tier import TierScreen
from huddle_tui.ui.widgets.bar_chart import Bar, BarChart
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row

if TYPE_CHECKING:
    from huddle_tui.services.session import Session

PERIODS = (30, 90, 365)


@dataclass(frozen=True)
class KpiRow:
    team: Team
    depth: int
    kpis: IdeaKpis


@dataclass(frozen=True)
class KpiScreenView:
    rows: tuple[KpiRow, ...]  # the screen's team (rolled up) first, then each team below
    since: date
    until: date
    answer_hours: float


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} d"


# The KPIs the chart can show: title, value of a row, text of a row, fixed maximum (None: the largest).
CHARTS: tuple[tuple[str, Callable[[IdeaKpis], float], Callable[[IdeaKpis], str], float | None], ...] = (
    ("Ideas per person", lambda k: k.ideas_per_person, lambda k: f"{k.ideas_per_person:.1f}", None),
    ("Participation", lambda k: k.participation_rate, lambda k: _pct(k.participation_rate), 1.0),
    ("Implementation rate", lambda k: k.implementation_rate, lambda k: _pct(k.implementation_rate), 1.0),
    (
        "Days to first answer",
        lambda k: k.avg_days_to_first_answer or 0.0,
        lambda k: _days(k.avg_days_to_first_answer),
        None,
    ),
    (
        "Days to implementation",
        lambda k: k.avg_days_to_implementation or 0.0,
        lambda k: _days(k.avg_days_to_implementation),
        None,
    ),
)


def kpi_view(session: Session, team_id: str, days: int) -> KpiScreenView:
    """The KPIs of `team_id` rolled up and of every team below it over the last `days` days."""
    directory = session.directory
    tree = directory.tree
    team = directory.team(team_id)
    until = readings.today(session)
    since = until - timedelta(days=days - 1)
    ideas = persist.load_all(session, Idea)
    people = directory.people()
    settings = session.settings
    now = session.clock()

    def subtree_kpis(root: Team) -> IdeaKpis:
        ids = {root.id} | {t.id for t in tree.descendants(root.id)}
        return idea_kpis(
            [i for i in ideas if i.team_id in ids],
            [p for p in people if p.team_id in ids],
            since,
            until,
            now,
            settings.idea_answer_hours,
            settings.timezone,
        )

    rows = [KpiRow(team, 0, subtree_kpis(team))]
    rows += [KpiRow(sub, depth + 1, subtree_kpis(sub)) for sub, depth in tree.walk(team.id)]
    return KpiScreenView(tuple(rows), since, until, settings.idea_answer_hours)


class IdeaKpisScreen(TierScreen):
    """Idea-system KPIs per team and rolled up, over 30, 90 or 365 days."""

    CSS_PATH = Path(__file__).with_name("idea_kpis.tcss")
    TITLE_TEXT = "Idea KPIs"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "period(30)", "30 d", id="kpis.30"),
        Binding("2", "period(90)", "90 d", id="kpis.90"),
        Binding("3", "period(365)", "365 d", id="kpis.365"),
        Binding("p", "next_period", "Period", id="kpis.period", show=False),
        Binding("b", "next_chart", "Chart KPI", id="kpis.chart"),
        Binding("j", "cursor(1)", "Down", id="kpis.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="kpis.up", show=False),
    ]

    def __init__(self, team_id: str | None = None, days: int = 90) -> None:
        super().__init__(team_id)
        self.days = days
        self.chart = 0

    def compose_body(self) -> ComposeResult:
        yield BoardTable(
            [
                Col("team", "Team"),
                Col("ideas", "Ideas", 5),
                Col("per", "/pers", 5),
                Col("part", "Part.", 5),
                Col("impl", "Impl.", 5),
                Col("answer", "1st ans", 7, hide_below=70),
                Col("done", "To impl", 7, hide_below=80),
                Col("waiting", "Waiting", 8, hide_below=92),
            ],
            id="kpis",
        )
        with VerticalScroll(id="kpis-chart-box"):
            yield BarChart(id="kpis-chart")

    def on_mount(self) -> None:
        self.query_one(BoardTable).focus()
        super().on_mount()

    def compute(self, session: Session) -> KpiScreenView:
        if self.team_id is None:
            raise LookupError("This board has no team yet.")
        return kpi_view(session, self.team_id, self.days)

    def show(self, view: KpiScreenView) -> None:
        self.query_one(BoardTable).set_rows(self.rows(view))
        self.set_title(
            "Idea KPIs  ",
            self.team_label(),
            Content(f"  ·  last {self.days} days ({view.since:%d %b %Y} – {view.until:%d %b %Y})"),
            Content.styled(f"  ·  answer within {view.answer_hours:g} h", "dim"),
        )
        self.show_chart(view)

    def rows(self, view: KpiScreenView) -> list[Row]:
        out: list[Row] = []
        for index, row in enumerate(view.rows):
            k = row.kpis
            name = Text("  " * row.depth + clip(row.team.name, 40), no_wrap=True, end="")
            if index == 0:
                name.append(" (all)", style="dim")
                name.stylize("bold")
            waiting = Text(str(k.awaiting_answer) if k.awaiting_answer else "–", end="")
            if k.overdue_answers:
                waiting.append(f" {k.overdue_answers}!", style="bold white on red")
            out.append(
                (
                    row.team.id,
                    [
                        name,
                        Text(str(k.ideas), end=""),
                        Text(f"{k.ideas_per_person:.1f}", end=""),
                        Text(_pct(k.participation_rate), end=""),
                        Text(_pct(k.implementation_rate), end=""),
                        Text(_days(k.avg_days_to_first_answer), end=""),
                        Text(_days(k.avg_days_to_implementation), end=""),
                        waiting,
                    ],
                )
            )
        return out

    def show_chart(self, view: KpiScreenView) -> None:
        title, value, text, maximum = CHARTS[self.chart]
        below = [r for r in view.rows[1:] if r.depth == 1] or list(view.rows[:1])
        bars = [Bar(r.team.name, value(r.kpis), text(r.kpis)) for r in below]
        self.query_one(BarChart).update(
            bars, title=f"{title}, teams directly below (b: next KPI)", maximum=maximum
        )

    # -- keys ---------------------------------------------------------------------------------------------

    def action_period(self, days: int) -> None:
        if days != self.days:
            self.days = days
            self.reload()

    def action_next_period(self) -> None:
        index = PERIODS.index(self.days) if self.days in PERIODS else 0
        self.action_period(PERIODS[(index + 1) % len(PERIODS)])

    def action_next_chart(self) -> None:
        self.chart = (self.chart + 1) % len(CHARTS)
        if self.view is not None:
            self.show_chart(self.view)

    def action_cursor(self, step: int) -> None:
        table = self.query_one(BoardTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()
