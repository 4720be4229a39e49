"""The rows and texts of the standup's step panes: safety, results (reds first), open actions, open
ideas, escalations in and out. Pure functions of the loaded data; user text goes through `ui.safe`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rich.text import Text
from textual.content import Content

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.escalations import EscalationState
from huddle_tui.domain.ideas import IdeaStatus
from huddle_tui.domain.metrics import Status
from huddle_tui.domain.settings import Severity
from huddle_tui.services.huddles import OpenRed
from huddle_tui.services.views import ActionRow, EscalationRow, IdeaRow, MetricRow, TeamBoard
from huddle_tui.ui.formatting import (
    SEVERITY_SHORT,
    due_text,
    hours_text,
    target_text,
    time_left_text,
    value_text,
)
from huddle_tui.ui.safe import clip, user_cell, user_text
from huddle_tui.ui.screens.standup.data import StandupData
from huddle_tui.ui.widgets.board_table import Row
from huddle_tui.ui.widgets.status_cell import status_text


def safety_text(data: StandupData) -> Content:
    lines: list[Content] = [Content.styled(f"Yesterday, {data.yesterday.day:%a %d %b}", "bold")]
    for row in data.safety_rows:
        value = row.reading.value if row.reading else None
        shown = value_text(value, row.metric.unit) if value is not None else "not logged"
        lines.append(
            Content.assemble(
                user_text(row.metric.name, single_line=True, limit=30),
                ": ",
                Content.from_rich_text(status_text(row.status, shown)),
            )
        )
        if row.reading and row.reading.reason:
            lines.append(Content.assemble("  ", user_text(row.reading.reason, single_line=True, limit=60)))
    if not data.safety_rows:
        lines.append(Content("This team has no safety metric."))
    reds = sum(1 for s in data.safety_days.values() if s is Status.RED)
    ambers = sum(1 for s in data.safety_days.values() if s is Status.AMBER)
    lines.append(Content(""))
    lines.append(Content(f"This month: {reds} recordable, {ambers} near miss / first aid"))
    lines.append(Content.styled("e log or give a reason · x escalate", "dim"))
    return Content("\n").join(lines)


def result_rows(rows: Iterable[MetricRow], *, dated: bool = False) -> list[Row]:
    """Rows of the results step, reds first; `dated` rows (other days) are keyed by reading id."""
    rank = {Status.RED: 0, Status.AMBER: 1, Status.GREEN: 2, Status.NONE: 3}
    ordered = sorted(
        rows, key=lambda r: (rank.get(r.status, 4), r.metric.category_rank, r.metric.name.casefold())
    )
    out: list[Row] = []
    for row in ordered:
        metric = row.metric
        value = row.reading.value if row.reading else None
        cell = status_text(row.status, value_text(value, metric.unit) if value is not None else "–")
        if row.lacks_reason or row.lacks_countermeasure:
            cell.append(" ⚑", style="bold red")
        reason = row.reading.reason if row.reading is not None else ""
        if row.lacks_reason:
            note = Text("⚑ needs a reason (e)", style="bold red", end="")
        elif row.lacks_countermeasure:
            note = Text.assemble(user_cell(reason, limit=40), (" ⚑ needs a countermeasure (a)", "bold red"))
        else:
            note = user_cell(reason, limit=60)
        name = user_cell(metric.name, limit=28)
        key = metric.id
        if dated and row.reading is not None:
            name.append(f" · {row.reading.date:%d %b}", style="bold")
            key = row.reading.id
        out.append(
            (
                key,
                [
                    Text(metric.category[:1], style="bold", end=""),
                    name,
                    Text(target_text(metric), end=""),
                    cell,
                    note,
                ],
            )
        )
    return out


def unsettled_text(reds: Iterable[OpenRed]) -> Content:
    items = list(reds)
    if not items:
        return Content.styled("✔ every red of the period has a reason and a countermeasure", "$success")
    parts = []
    for red in items:
        missing = " and ".join(
            w for w, m in (("reason", red.lacks_reason), ("countermeasure", red.lacks_countermeasure)) if m
        )
        parts.append(f"{clip(red.metric_name, 24)} {red.reading.date:%d %b} needs a {missing}")
    return Content.assemble(
        Content.styled(
            f"⚑ {len(items)} red{'s' if len(items) > 1 else ''} to settle before the end: ", "bold $error"
        ),
        user_text("; ".join(parts), limit=400),
    )


def action_rows(rows: Iterable[ActionRow], today: date) -> list[Row]:
    out: list[Row] = []
    for row in rows:
        action = row.action
        if ActionStatus(action.status) is not ActionStatus.OPEN:
            continue
        due = due_text(action.due, today)
        out.append(
            (
                action.id,
                [
                    Text(
                        f"! {due}" if row.overdue else due,
                        style="bold white on red" if row.overdue else "",
                        end="",
                    ),
                    user_cell(action.title, limit=120),
                    user_cell(row.owner, limit=20),
                    Text(action.source_kind or "", style="dim", end=""),
                ],
            )
        )
    return out


def open_ideas(rows: Iterable[IdeaRow]) -> list[IdeaRow]:
    order = {IdeaStatus.NEW: 0, IdeaStatus.UNDER_REVIEW: 1}
    open_rows = [r for r in rows if not IdeaStatus(r.idea.status).is_ending]
    return sorted(open_rows, key=lambda r: (order.get(IdeaStatus(r.idea.status), 2), -r.age_hours))


def idea_rows(rows: Iterable[IdeaRow]) -> list[Row]:
    out: list[Row] = []
    for row in open_ideas(rows):
        idea = row.idea
        age = hours_text(row.age_hours)
        out.append(
            (
                idea.id,
                [
                    Text(f"! {age}", style="bold white on red", end="")
                    if row.answer_overdue
                    else Text(age, end=""),
                    Text(IdeaStatus(idea.status).label, end=""),
                    user_cell(idea.title, limit=120),
                    user_cell(row.submitter, limit=20),
                    Text(row.pick.value.capitalize() if row.pick else "–", end=""),
                ],
            )
        )
    return out


def escalations_of(board: TeamBoard) -> list[EscalationRow]:
    rows = list(board.escalations_in) + list(board.escalations_out)
    return sorted(
        rows,
        key=lambda r: (
            r.direction != "in" and EscalationState(r.escalation.state) is not EscalationState.ANSWERED,
            not r.overdue,
            Severity(r.escalation.severity).rank,
            r.escalation.id,
        ),
    )


def escalation_rows(rows: Iterable[EscalationRow]) -> list[Row]:
    out: list[Row] = []
    for row in rows:
        esc = row.escalation
        severity = Severity(esc.severity).value
        left = time_left_text(row)
        out.append(
            (
                esc.id,
                [
                    Text("←" if row.direction == "in" else "→", style="bold", end=""),
                    Text(SEVERITY_SHORT.get(severity, severity), end=""),
                    user_cell(esc.title, limit=120),
                    user_cell(row.holder_team, limit=20),
                    left,
                ],
            )
        )
    return out
