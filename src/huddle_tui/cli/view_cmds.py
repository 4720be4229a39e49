"""Read-only views for scripts and SSH sessions: `huddle board TEAM`, `rollup TEAM`, `inbox`, `kpis`,
`support` (each with `--json`: stable keys, ISO dates), and `minutes TEAM` (Markdown)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rich.text import Text

from huddle_tui.cli.escalation_cmds import escalation_json
from huddle_tui.cli.output import (
    add_board_option,
    add_json_flag,
    command,
    jsonable,
    opened,
    parse_day,
    print_json,
    print_table,
    say,
    status_cell,
)
from huddle_tui.cli.record_cmds import action_json, idea_json
from huddle_tui.services import export, huddles, queries, readings
from huddle_tui.services.session import Session
from huddle_tui.services.views import MetricRow


def register(subparsers: Any) -> None:
    """Add `board`, `rollup`, `inbox`, `kpis` and `support`."""
    p = subparsers.add_parser("board", help="a team's board: metrics, ideas, escalations, actions")
    p.add_argument("team")
    p.add_argument("--date", help="YYYY-MM-DD (default: today on the board)")
    add_json_flag(p)
    add_board_option(p)
    p.set_defaults(handler=board_handler)
    p = subparsers.add_parser("rollup", help="the teams below a team: SQDCP status and open work")
    p.add_argument("team")
    p.add_argument("--date", help="YYYY-MM-DD (default: today on the board)")
    add_json_flag(p)
    add_board_option(p)
    p.set_defaults(handler=rollup_handler)
    p = subparsers.add_parser("inbox", help="what waits for you: escalations, ideas to decide, your actions")
    add_json_flag(p)
    shown = p.add_mutually_exclusive_group()  # default: the app on a terminal, else the table
    shown.add_argument("--tui", action="store_true", help="open the app on the inbox (read-write)")
    shown.add_argument("--table", action="store_true", help="print the tables, also on a terminal")
    add_board_option(p)
    p.set_defaults(handler=inbox_handler)
    p = subparsers.add_parser("kpis", help="idea-system KPIs of a team and the teams below it")
    p.add_argument("--team")
    p.add_argument("--since", help="YYYY-MM-DD (default: 90 days back)")
    p.add_argument("--until", help="YYYY-MM-DD (default: today)")
    add_json_flag(p)
    add_board_option(p)
    p.set_defaults(handler=kpis_handler)
    p = subparsers.add_parser("minutes", help="the minutes of a team's huddle as Markdown")
    p.add_argument("team")
    p.add_argument("--date", help="YYYY-MM-DD (default: today on the board)")
    add_board_option(p)
    p.set_defaults(handler=minutes_handler)
    p = subparsers.add_parser("support", help="how well the tiers above serve the front line")
    p.add_argument("--team")
    add_json_flag(p)
    add_board_option(p)
    p.set_defaults(handler=support_handler)


def metric_row_json(row: MetricRow) -> dict[str, Any]:
    return {
        "metric_id": row.metric.id,
        "name": row.metric.name,
        "category": row.metric.category,
        "unit": row.metric.unit,
        "target": row.metric.target,
        "status": row.status.value,
        "value": row.reading.value if row.reading else None,
        "reading_id": row.reading.id if row.reading else None,
        "lacks_reason": row.lacks_reason,
        "lacks_countermeasure": row.lacks_countermeasure,
        "history": [
            {"date": c.day.isoformat(), "status": c.status.value, "value": c.value} for c in row.history
        ],
    }


def _history(row: MetricRow) -> Text:
    text = Text()
    for cell in row.history:
        text.append_text(Text(cell.status.symbol, style=status_cell(cell.status).style))
    return text


@command
def board_handler(args: argparse.Namespace) -> int:
    with opened(args) as session:
        view = queries.team_board(session, args.team, parse_day(args.date))
        data = {
            "team": view.team.name,
            "team_id": view.team.id,
            "date": view.day.isoformat(),
            "metrics": [metric_row_json(r) for r in view.metrics],
            "ideas": [idea_json(session, r) for r in view.ideas],
            "escalations_out": [escalation_json(r) for r in view.escalations_out],
            "escalations_in": [escalation_json(r) for r in view.escalations_in],
            "actions": [action_json(r) for r in view.actions],
            "huddle": jsonable(view.huddle) if view.huddle else None,
        }
    if args.json:
        print_json(data)
        return 0
    say(Text(f"{view.team.name}: {view.day.isoformat()}", style="bold"))
    print_table(
        "Metrics",
        ["Category", "Metric", "Value", "Status", "Last 14 days", "Needs"],
        [
            [
                r.metric.category,
                r.metric.name,
                r.reading.value if r.reading else None,
                status_cell(r.status),
                _history(r),
                "reason" if r.lacks_reason else ("countermeasure" if r.lacks_countermeasure else ""),
            ]
            for r in view.metrics
        ],
    )
    _escalation_table("Escalations raised", view.escalations_out)
    _escalation_table("Escalations held", view.escalations_in)
    print_table(
        "Ideas",
        ["Title", "By", "Status", "Age"],
        [
            [
                r.idea.title,
                r.submitter,
                r.idea.status,
                f"{r.age_hours / 24:.1f} d" + (" !" if r.answer_overdue else ""),
            ]
            for r in view.ideas
        ],
    )
    print_table(
        "Actions",
        ["Due", "Action", "Owner", "Status"],
        [
            [r.action.due, r.action.title, r.owner, "OVERDUE" if r.overdue else r.action.status]
            for r in view.actions
        ],
    )
    return 0


def _escalation_table(title: str, rows: Any) -> None:
    print_table(
        title,
        ["Severity", "Title", "From", "Held by", "State", "Overdue", "Id"],
        [
            [
                r.escalation.severity,
                r.escalation.title,
                r.raised_by_team,
                r.holder_team,
                r.escalation.state,
                f"{r.overdue_hours:.1f} h" if r.overdue else "",
                r.escalation.id,
            ]
            for r in rows
        ],
    )


@command
def rollup_handler(args: argparse.Namespace) -> int:
    with opened(args) as session:
        view = queries.rollup(session, args.team, parse_day(args.date))
    rows = [
        {
            "team": r.team.name,
            "team_id": r.team.id,
            "depth": r.depth,
            "yesterday": {k: v.value for k, v in r.yesterday.items()},
            "today": {k: v.value for k, v in r.today.items()},
            "open_escalations": r.open_escalations,
            "overdue_escalations": r.overdue_escalations,
            "open_actions": r.open_actions,
            "overdue_actions": r.overdue_actions,
            "reds_without_countermeasure": r.reds_without_countermeasure,
        }
        for r in view.rows
    ]
    if args.json:
        print_json({"team": view.team.name, "date": view.day.isoformat(), "rows": rows})
        return 0
    columns = ["Team", *(f"{c} (yesterday, today)" if i == 0 else c for i, c in enumerate(view.categories))]
    columns += ["Escalations open/overdue", "Actions open/overdue"]

    def pair(row: Any, category: str) -> Text:
        text = Text()
        for when in (row.yesterday, row.today):
            status = when.get(category)
            text.append_text(Text(status.symbol, style=status_cell(status).style) if status else Text("·"))
            text.append(" ")
        return text

    print_table(
        f"Roll-up of {view.team.name}, {view.day.isoformat()}",
        columns,
        [
            [
                "  " * r.depth + r.team.name,
                *(pair(r, c) for c in view.categories),
                f"{r.open_escalations}/{r.overdue_escalations}",
                f"{r.open_actions}/{r.overdue_actions}",
            ]
            for r in view.rows
        ],
    )
    return 0


@command
def inbox_handler(args: argparse.Namespace) -> int:
    tui = getattr(args, "tui", False)
    if (
        not args.json
        and not getattr(args, "table", False)
        and (tui or (sys.stdin.isatty() and sys.stdout.isatty()))
    ):
        from huddle_tui.cli.wall import run_app

        return run_app(args, start="inbox")
    with opened(args) as session:
        view = queries.inbox(session)
        data = {
            "person": view.person.name if view.person else None,
            "escalations": [escalation_json(r) for r in view.escalations],
            "to_close": [escalation_json(r) for r in view.raised_answered],
            "ideas": [idea_json(session, r) for r in view.ideas],
            "actions": [action_json(r) for r in view.actions],
        }
    if args.json:
        print_json(data)
        return 0
    say(Text(f"Inbox of {data['person'] or session.os_login}", style="bold"))
    _escalation_table("Escalations to handle", view.escalations)
    _escalation_table("Answered, waiting for your team to close", view.raised_answered)
    print_table(
        "Ideas waiting for a decision",
        ["Title", "By", "Age", "Id"],
        [[r.idea.title, r.submitter, f"{r.age_hours / 24:.1f} d", r.idea.id] for r in view.ideas],
    )
    print_table(
        "Your actions",
        ["Due", "Action", "Status", "Id"],
        [
            [r.action.due, r.action.title, "OVERDUE" if r.overdue else r.action.status, r.action.id]
            for r in view.actions
        ],
    )
    return 0


@command
def minutes_handler(args: argparse.Namespace) -> int:
    with opened(args) as session:
        day = parse_day(args.date) or readings.today(session)
        huddle = huddles.require_huddle(session, args.team, day)
        text = export.huddle_minutes_md(session, huddle)
    sys.stdout.write(text)
    return 0


def _round(value: Any) -> Any:
    return round(value, 3) if isinstance(value, float) else value


@command
def kpis_handler(args: argparse.Namespace) -> int:
    with opened(args) as session:
        view = queries.idea_kpis_view(
            session, args.team, since=parse_day(args.since), until=parse_day(args.until)
        )
    data = {k: _round(v) for k, v in jsonable(view.kpis).items()}
    data.update(
        team=view.team.name if view.team else None,
        since=view.since.isoformat() if view.since else None,
        until=view.until.isoformat() if view.until else None,
    )
    if args.json:
        print_json(data)
        return 0
    print_table(
        f"Idea KPIs of {data['team'] or 'the board'}, {data['since']} to {data['until']}",
        ["KPI", "Value"],
        [[k.replace("_", " "), v] for k, v in sorted(data.items()) if k not in ("team", "since", "until")],
    )
    return 0


def _support_rows(session: Session, team: str | None) -> list[dict[str, Any]]:
    view = queries.support_view(session, team)
    return [{k: _round(v) for k, v in jsonable(r).items()} for r in view.rows]


@command
def support_handler(args: argparse.Namespace) -> int:
    with opened(args) as session:
        rows = _support_rows(session, args.team)
    if args.json:
        print_json(rows)
        return 0
    print_table(
        "Support of the front line",
        ["Who", "Kind", "Escalations", "Median 1st response h", "Within time", "Overdue now", "Idea answers"],
        [
            [
                r["label"],
                r["kind"],
                r["escalations_handled"],
                r["median_first_response_hours"],
                r["within_response_share"],
                r["overdue_now"],
                r["ideas_answered"],
            ]
            for r in rows
        ],
    )
    return 0
