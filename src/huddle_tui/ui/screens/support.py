"""SupportScreen (`S`): the inverted pyramid made measurable.

For each team and person above the front line that held or answered something raised by the user's
team and the teams below it (`services.queries.support_view`, `domain.support`): how many escalations
they handled, their median first response against the response time, the share answered within it, the
average time to an answer, what is overdue with them now, and the same for ideas (first answer against
the idea answer time). The acting person's own row and their team's row come first. The response times
of the board are listed in the title line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from huddle_tui.domain.metrics import Status
from huddle_tui.domain.settings import Severity
from huddle_tui.domain.support import SupportRow
from huddle_tui.services import queries
from huddle_tui.ui.formatting import hours_text
from huddle_tui.ui.safe import clip
from huddle_tui.ui.screens.tier import TierScreen
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row
from huddle_tui.ui.widgets.status_cell import STATUS_STYLE

if TYPE_CHECKING:
    from huddle_tui.services.session import Session

GOOD_SHARE = 0.95  # answered within the response time: green from here
FAIR_SHARE = 0.8  # amber from here, red below


@dataclass(frozen=True)
class SupportScreenView:
    rows: tuple[SupportRow, ...]  # own rows first
    own: frozenset[str]  # keys of the acting person's row and their team's row
    tiers: dict[str, int]  # team id -> tier
    response_hours: dict[str, float]
    idea_answer_hours: float


def support_screen_view(session: Session, team_id: str | None) -> SupportScreenView:
    """The support rows for `team_id` and below, the acting person's and their team's rows first."""
    view = queries.support_view(session, team_id)
    actor = session.actor
    own = {k for k in ((actor.id, actor.team_id) if actor else ()) if k}
    rows = sorted(
        view.rows, key=lambda r: 0 if r.key == (actor.id if actor else None) else 1 if r.key in own else 2
    )
    settings = session.settings
    return SupportScreenView(
        tuple(rows),
        frozenset(own),
        {t.id: t.tier for t in session.directory.teams()},
        {s.value: settings.response_hours_for(s) for s in Severity},
        settings.idea_answer_hours,
    )


def share_cell(share: float | None) -> Text:
    if share is None:
        return Text("–", style="dim", end="")
    status = Status.GREEN if share >= GOOD_SHARE else Status.AMBER if share >= FAIR_SHARE else Status.RED
    return Text(f"{status.symbol} {share * 100:.0f}%", style=STATUS_STYLE[status], end="")


def hours_cell(hours: float | None, limit: float | None = None) -> Text:
    if hours is None:
        return Text("–", style="dim", end="")
    late = limit is not None and hours > limit
    return Text(hours_text(hours), style="bold red" if late else "", end="")


def overdue_cell(count: int) -> Text:
    return Text(f"{count}!", style="bold white on red", end="") if count else Text("–", style="dim", end="")


class SupportScreen(TierScreen):
    """How fast the tiers above answer escalations and ideas, per team and person."""

    CSS_PATH = Path(__file__).with_name("support.tcss")
    TITLE_TEXT = "Support"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor(1)", "Down", id="support.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="support.up", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("", id="support-times")
        yield BoardTable(
            [
                Col("who", "Team / person"),
                Col("kind", "", 6, hide_below=64),
                Col("esc", "Esc", 4),
                Col("first", "1st resp", 8),
                Col("within", "In time", 7),
                Col("close", "Answer", 7, hide_below=88),
                Col("overdue", "Late", 5),
                Col("ideas", "Ideas", 5, hide_below=100),
                Col("idea_first", "Idea ans", 8, hide_below=76),
                Col("ideas_overdue", "Late", 5, hide_below=96),
            ],
            id="support",
        )
        yield Static("", id="support-empty")

    def on_mount(self) -> None:
        self.query_one("#support-empty").display = False
        self.query_one(BoardTable).focus()
        super().on_mount()

    def compute(self, session: Session) -> SupportScreenView:
        return support_screen_view(session, self.team_id)

    def show(self, view: SupportScreenView) -> None:
        table = self.query_one(BoardTable)
        table.set_rows(self.rows(view))
        self.set_title(
            "Support  ", self.team_label(), Content("  ·  how the tiers above serve the front line")
        )
        times = "  ".join(f"{name} {hours_text(hours)}" for name, hours in view.response_hours.items())
        self.query_one("#support-times", Static).update(
            Content.styled(
                f"Response times: {times}  ·  ideas: answer within {hours_text(view.idea_answer_hours)}",
                "dim",
            )
        )
        empty = self.query_one("#support-empty", Static)
        empty.display = not view.rows
        if not view.rows:
            empty.update(Content("Nothing raised by this team or below has been held above it yet."))

    def rows(self, view: SupportScreenView) -> list[Row]:
        out: list[Row] = []
        for row in view.rows:
            mine = row.key in view.own
            label = Text(end="", no_wrap=True, overflow="ellipsis")
            label.append("▸ " if mine else "  ", style="bold")
            label.append(clip(row.label, 40), style="bold" if mine else "")
            if row.kind == "team" and row.key in view.tiers:
                label.append(f" T{view.tiers[row.key]}", style="dim")
            out.append(
                (
                    f"{row.kind}:{row.key}",
                    [
                        label,
                        Text(row.kind, style="dim", end=""),
                        Text(str(row.escalations_handled) if row.escalations_handled else "–", end=""),
                        hours_cell(row.median_first_response_hours),  # judged per severity: see In time
                        share_cell(row.within_response_share),
                        hours_cell(row.avg_closing_hours),
                        overdue_cell(row.overdue_now),
                        Text(str(row.ideas_answered) if row.ideas_answered else "–", end=""),
                        hours_cell(row.avg_idea_first_answer_hours, view.idea_answer_hours),
                        overdue_cell(row.ideas_overdue),
                    ],
                )
            )
        return out

    def action_cursor(self, step: int) -> None:
        table = self.query_one(BoardTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()
