"""`huddle escalate` and `huddle escalation up|down|to|ack|answer|close|reopen|comment|show|list`."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time
from typing import Any

from huddle_tui.cli.output import (
    add_board_option,
    add_json_flag,
    command,
    jsonable,
    opened,
    print_json,
    print_table,
    say,
)
from huddle_tui.domain.escalations import EscalationState
from huddle_tui.domain.settings import Severity
from huddle_tui.errors import InvalidInput
from huddle_tui.services import escalations, queries
from huddle_tui.services.session import Session
from huddle_tui.services.views import EscalationRow


def register(subparsers: Any) -> None:
    """Add `escalate` and `escalation`."""
    esc = subparsers.add_parser("escalate", help="raise an escalation to the team above")
    esc.add_argument("title")
    esc.add_argument("--team", required=True, help="the team raising it")
    esc.add_argument("--severity", required=True, choices=[s.value for s in Severity])
    esc.add_argument("--need", default="", help="what is needed")
    esc.add_argument("--by", help="needed by: YYYY-MM-DD or YYYY-MM-DDTHH:MM (board time)")
    add_board_option(esc)
    esc.set_defaults(handler=escalate)

    parser = subparsers.add_parser("escalation", help="move, answer, close and list escalations")
    sub = parser.add_subparsers(dest="escalation_command", metavar="ACTION", required=True)
    for name, help_text, func in (
        ("up", "escalate further up (holder; a reason is required)", esc_up),
        ("down", "return to the raising team with guidance", esc_down),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("id")
        p.add_argument("--reason", required=True)
        add_board_option(p)
        p.set_defaults(handler=func)
    p = sub.add_parser("to", help="pass sideways to a peer team (maintenance, quality)")
    p.add_argument("id")
    p.add_argument("team")
    p.add_argument("--reason", required=True)
    add_board_option(p)
    p.set_defaults(handler=esc_to)
    for name, help_text, func in (
        ("ack", "acknowledge (holder)", esc_ack),
        ("answer", "answer (holder; --text is the answer)", esc_answer),
        ("close", "close after the answer (raising team)", esc_close),
        ("reopen", "reopen: the answer did not solve it (raising team)", esc_reopen),
        ("comment", "comment on the escalation's path", esc_comment),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("id")
        p.add_argument("--text", default="")
        add_board_option(p)
        p.set_defaults(handler=func)
    p = sub.add_parser("show", help="an escalation with its whole path")
    p.add_argument("id")
    add_json_flag(p)
    add_board_option(p)
    p.set_defaults(handler=esc_show)
    p = sub.add_parser("list", help="list escalations, overdue first")
    p.add_argument("--team", help="raised by or held by this team")
    p.add_argument("--open", action="store_true", help="only those not closed")
    p.add_argument("--overdue", action="store_true", help="only those past their response time")
    add_json_flag(p)
    add_board_option(p)
    p.set_defaults(handler=esc_list)


def parse_needed_by(text: str | None) -> datetime | None:
    """YYYY-MM-DD (the end of that day) or an ISO date-time; naive values are board time."""
    if not text:
        return None
    value = text.strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(23, 59))
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as err:
        raise InvalidInput(
            f"'{text}' is not a date or date-time.", hint="write YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from err


@command
def escalate(args: argparse.Namespace) -> int:
    with opened(args) as session:
        esc = escalations.raise_escalation(
            session,
            args.title,
            team=args.team,
            severity=args.severity,
            need=args.need,
            needed_by=parse_needed_by(args.by),
        )
        hours = session.settings.response_hours_for(esc.severity)
        say(
            f"Escalation raised to {session.directory.team_name(esc.holder_team)} (id {esc.id}); "
            f"response due within {hours:g} h."
        )
    return 0


def _report(session: Session, verb: str, esc: Any) -> None:
    holder = session.directory.team_name(esc.holder_team)
    say(f"Escalation {esc.id} {verb}: now {EscalationState(esc.state).value}, held by {holder}.")


@command
def esc_up(args: argparse.Namespace) -> int:
    with opened(args) as session:
        _report(session, "escalated up", escalations.escalate_up(session, args.id, args.reason))
    return 0


@command
def esc_down(args: argparse.Namespace) -> int:
    with opened(args) as session:
        _report(session, "returned down", escalations.return_down(session, args.id, args.reason))
    return 0


@command
def esc_to(args: argparse.Namespace) -> int:
    with opened(args) as session:
        _report(session, "passed on", escalations.pass_sideways(session, args.id, args.team, args.reason))
    return 0


@command
def esc_ack(args: argparse.Namespace) -> int:
    with opened(args) as session:
        _report(session, "acknowledged", escalations.acknowledge(session, args.id, args.text))
    return 0


@command
def esc_answer(args: argparse.Namespace) -> int:
    with opened(args) as session:
        _report(session, "answered", escalations.answer(session, args.id, args.text))
    return 0


@command
def esc_close(args: argparse.Namespace) -> int:
    with opened(args) as session:
        _report(session, "closed", escalations.close(session, args.id, args.text))
    return 0


@command
def esc_reopen(args: argparse.Namespace) -> int:
    with opened(args) as session:
        _report(session, "reopened", escalations.reopen(session, args.id, args.text))
    return 0


@command
def esc_comment(args: argparse.Namespace) -> int:
    with opened(args) as session:
        _report(session, "commented", escalations.comment(session, args.id, args.text))
    return 0


def escalation_json(row: EscalationRow) -> dict[str, Any]:
    data = jsonable(row.escalation)
    data.update(
        raised_by_team_name=row.raised_by_team,
        holder_team_name=row.holder_team,
        overdue=row.overdue,
        overdue_hours=round(row.overdue_hours, 2),
        hours_left=round(row.hours_left, 2),
    )
    return data


@command
def esc_show(args: argparse.Namespace) -> int:
    with opened(args) as session:
        detail = queries.escalation_detail(session, args.id)
    data = escalation_json(detail.row)
    data["raised_by_name"] = detail.raised_by
    data["moves"] = [
        {
            **jsonable(m.move),
            "by_name": m.by,
            "from_team_name": m.from_team or None,
            "to_team_name": m.to_team or None,
        }
        for m in detail.moves
    ]
    if args.json:
        print_json(data)
        return 0
    esc = detail.escalation
    overdue = f", OVERDUE by {detail.row.overdue_hours:.1f} h" if detail.row.overdue else ""
    say(f"{esc.title}")
    say(
        f"{Severity(esc.severity).value} | {EscalationState(esc.state).value} | "
        f"raised by {detail.row.raised_by_team} "
        f"({detail.raised_by}) | held by {detail.row.holder_team}{overdue}"
    )
    if esc.need:
        say(f"Need: {esc.need}")
    if esc.answer:
        say(f"Answer: {esc.answer}")
    print_table(
        "Path",
        ["When", "Move", "By", "From", "To", "Text"],
        [[m.move.at, m.move.kind, m.by, m.from_team, m.to_team, m.move.text] for m in detail.moves],
    )
    return 0


@command
def esc_list(args: argparse.Namespace) -> int:
    with opened(args) as session:
        rows = queries.escalation_rows(
            session, team=args.team, open_only=args.open, overdue_only=args.overdue
        )
    data = [escalation_json(r) for r in rows]
    if args.json:
        print_json(data)
        return 0

    def due(row: EscalationRow) -> str:
        if row.overdue:
            return f"OVERDUE {row.overdue_hours:.1f} h"
        if EscalationState(row.escalation.state) in (EscalationState.OPEN, EscalationState.ACKNOWLEDGED):
            return f"{row.hours_left:.1f} h left"
        return ""

    print_table(
        "Escalations",
        ["Severity", "Title", "From", "Held by", "State", "Response", "Id"],
        [
            [
                r.escalation.severity,
                r.escalation.title,
                r.raised_by_team,
                r.holder_team,
                r.escalation.state,
                due(r),
                r.escalation.id,
            ]
            for r in rows
        ],
    )
    return 0
