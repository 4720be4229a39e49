"""EscalationScreen: an escalation with its whole path (who held it, when, why it moved), its comments and
actions; `m` moves it."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from huddle_tui.domain.escalations import EscalationState, MoveKind
from huddle_tui.domain.settings import Severity
from huddle_tui.services import queries, readings
from huddle_tui.services.views import EscalationDetail
from huddle_tui.ui.conflicts import conflict_note
from huddle_tui.ui.formatting import hours_text
from huddle_tui.ui.moves import start_move
from huddle_tui.ui.safe import fill, labelled, user_cell
from huddle_tui.ui.screens.detail.base import ACTION_COLUMNS, DetailScreen, action_rows, set_rows, set_static
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row
from huddle_tui.ui.widgets.footer import CalmFooter


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

    def footer_state(self) -> tuple[Any, ...]:
        return (self.can_move(),)

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
                ACTION_COLUMNS,
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
