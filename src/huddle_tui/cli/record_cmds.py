"""`huddle log`, `idea add|decide|list|comment`, `action add|done|cancel|list`, `objective add|list`."""

from __future__ import annotations

import argparse
from typing import Any

from rich.text import Text

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
from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.ideas import IdeaStatus, Level
from huddle_tui.domain.metrics import Status
from huddle_tui.errors import InvalidInput
from huddle_tui.services import actions, ideas, objectives, queries, readings
from huddle_tui.services.session import Session


def register(subparsers: Any) -> None:
    """Add `log`, `idea`, `action` and `objective`."""
    log = subparsers.add_parser("log", help="log a metric reading")
    log.add_argument("metric", help="metric (name or id)")
    log.add_argument("value", help="the value, e.g. 92.5 or 92,5")
    log.add_argument("--team", required=True, help="team of the metric")
    log.add_argument("--date", help="YYYY-MM-DD (default: today on the board)")
    log.add_argument("--shift", type=int, help="shift number (per-shift metrics)")
    log.add_argument("--reason", help="why it missed the target (required when red)")
    add_json_flag(log)
    add_board_option(log)
    log.set_defaults(handler=log_handler)

    idea = subparsers.add_parser("idea", help="submit, decide and list ideas")
    sub = idea.add_subparsers(dest="idea_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="submit an improvement idea")
    add.add_argument("title")
    add.add_argument("--team", required=True)
    add.add_argument("--detail", default="")
    add.add_argument("--impact", choices=[v.value for v in Level])
    add.add_argument("--effort", choices=[v.value for v in Level])
    add_board_option(add)
    add.set_defaults(handler=idea_add)
    decide = sub.add_parser("decide", help="move an idea to a new status, with a reason for the submitter")
    decide.add_argument("id", help="idea id (or a unique prefix)")
    decide.add_argument("status", help=", ".join(s.value for s in IdeaStatus))
    decide.add_argument("--reason", required=True, help="written for the person who had the idea")
    add_board_option(decide)
    decide.set_defaults(handler=idea_decide)
    lst = sub.add_parser("list", help="list ideas, newest first")
    lst.add_argument("--team")
    lst.add_argument("--status")
    add_json_flag(lst)
    add_board_option(lst)
    lst.set_defaults(handler=idea_list)
    comment = sub.add_parser("comment", help="comment on an idea")
    comment.add_argument("id")
    comment.add_argument("text")
    add_board_option(comment)
    comment.set_defaults(handler=idea_comment)

    action = subparsers.add_parser("action", help="add, complete and list actions (countermeasures)")
    sub = action.add_subparsers(dest="action_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add an action with an owner and a due date")
    add.add_argument("title")
    add.add_argument("--team", help="team (default: the team of --from)")
    add.add_argument("--owner", required=True, help="person (name, login or id)")
    add.add_argument("--due", required=True, help="YYYY-MM-DD")
    add.add_argument("--from", dest="source", metavar="ID", help="the reading, idea or escalation it answers")
    add_board_option(add)
    add.set_defaults(handler=action_add)
    done = sub.add_parser("done", help="mark an action done")
    done.add_argument("id")
    done.add_argument("--note")
    add_board_option(done)
    done.set_defaults(handler=action_done)
    cancel = sub.add_parser("cancel", help="cancel an action (supervisor)")
    cancel.add_argument("id")
    cancel.add_argument("--reason", required=True)
    add_board_option(cancel)
    cancel.set_defaults(handler=action_cancel)
    lst = sub.add_parser("list", help="list actions, overdue first")
    lst.add_argument("--team")
    lst.add_argument("--owner")
    lst.add_argument("--open", action="store_true", help="only open actions")
    add_json_flag(lst)
    add_board_option(lst)
    lst.set_defaults(handler=action_list)

    objective = subparsers.add_parser("objective", help="add and list objectives")
    sub = objective.add_subparsers(dest="objective_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add an objective measured by metrics")
    add.add_argument("text")
    add.add_argument("--team", required=True)
    add.add_argument("--metric", action="append", default=[], help="a metric that measures it (repeatable)")
    add_board_option(add)
    add.set_defaults(handler=objective_add)
    lst = sub.add_parser("list", help="list objectives")
    lst.add_argument("--team")
    add_json_flag(lst)
    add_board_option(lst)
    lst.set_defaults(handler=objective_list)


# --- log ----------------------------------------------------------------------------------------------


@command
def log_handler(args: argparse.Namespace) -> int:
    with opened(args) as session:
        logged = readings.log_reading(
            session,
            args.metric,
            args.value,
            team_ref=args.team,
            day=parse_day(args.date),
            shift=args.shift,
            reason=args.reason,
        )
        reading, metric = logged.reading, logged.metric
        fix = readings.countermeasure_command(session, reading) if logged.needs_countermeasure else None
    if args.json:
        print_json(
            {
                "reading": jsonable(reading),
                "metric": metric.name,
                "status": logged.status.value,
                "replaced": logged.replaced is not None,
                "countermeasure_command": fix,
            }
        )
        return 0
    line = Text(f"{metric.name} {reading.date.isoformat()}")
    if reading.shift:
        line.append(f" shift {reading.shift}")
    line.append(f": {reading.value:g}{(' ' + metric.unit) if metric.unit else ''} ")
    line.append_text(status_cell(logged.status))
    line.append(f"  (id {reading.id})")
    if logged.replaced is not None:
        line.append(f", replaces {logged.replaced.value:g}")
    say(line)
    if logged.status is Status.RED and fix:
        say("A red reading needs a countermeasure before the huddle ends. Add it with:")
        say(f"  {fix}")
    return 0


# --- ideas --------------------------------------------------------------------------------------------


@command
def idea_add(args: argparse.Namespace) -> int:
    with opened(args) as session:
        idea = ideas.submit_idea(
            session, args.title, team=args.team, detail=args.detail, impact=args.impact, effort=args.effort
        )
        say(
            f"Idea submitted (id {idea.id}). "
            f"It waits for an answer from {session.directory.team_name(idea.team_id)}."
        )
    return 0


@command
def idea_decide(args: argparse.Namespace) -> int:
    with opened(args) as session:
        idea = ideas.decide_idea(session, args.id, args.status, args.reason)
        say(f"Idea {idea.id} is now {IdeaStatus(idea.status).label.lower()}.")
    return 0


@command
def idea_comment(args: argparse.Namespace) -> int:
    with opened(args) as session:
        comment = ideas.comment_idea(session, args.id, args.text)
        say(f"Comment added (id {comment.id}).")
    return 0


def idea_json(session: Session, row: Any) -> dict[str, Any]:
    data = jsonable(row.idea)
    data.update(
        team=session.directory.team_name(row.idea.team_id),
        submitter=row.submitter,
        pick=row.pick.value if row.pick else None,
        age_hours=round(row.age_hours, 2),
        answer_overdue=row.answer_overdue,
    )
    return data


@command
def idea_list(args: argparse.Namespace) -> int:
    with opened(args) as session:
        rows = [
            queries.idea_row(session, i)
            for i in ideas.list_ideas(session, team=args.team, status=args.status)
        ]
        data = [idea_json(session, r) for r in rows]
    if args.json:
        print_json(data)
        return 0
    print_table(
        "Ideas",
        ["Submitted", "Team", "Title", "By", "Status", "PICK", "Age", "Id"],
        [
            [
                d["submitted_at"][:10],
                d["team"],
                d["title"],
                d["submitter"],
                IdeaStatus(d["status"]).label + (" (answer overdue)" if d["answer_overdue"] else ""),
                d["pick"],
                f"{d['age_hours'] / 24:.1f} d",
                d["id"],
            ]
            for d in data
        ],
    )
    return 0


# --- actions ------------------------------------------------------------------------------------------


@command
def action_add(args: argparse.Namespace) -> int:
    due = parse_day(args.due, "due date")
    if due is None:
        raise InvalidInput("An action needs a due date.", hint="add --due YYYY-MM-DD")
    with opened(args) as session:
        action = actions.add_action(
            session, args.title, team=args.team, owner=args.owner, due=due, source=args.source
        )
        owner = session.directory.person_name(action.owner_id)
        source = f", countermeasure of {action.source_kind} {action.source_id}" if action.source_kind else ""
        say(f"Action added (id {action.id}): owner {owner}, due {action.due.isoformat()}{source}.")
    return 0


@command
def action_done(args: argparse.Namespace) -> int:
    with opened(args) as session:
        action = actions.complete_action(session, args.id, args.note)
        say(f"Action {action.id} done.")
    return 0


@command
def action_cancel(args: argparse.Namespace) -> int:
    with opened(args) as session:
        action = actions.cancel_action(session, args.id, args.reason)
        say(f"Action {action.id} cancelled.")
    return 0


def action_json(row: Any) -> dict[str, Any]:
    data = jsonable(row.action)
    data.update(owner=row.owner, team=row.team, overdue=row.overdue)
    return data


@command
def action_list(args: argparse.Namespace) -> int:
    with opened(args) as session:
        found = actions.list_actions(session, team=args.team, owner=args.owner, open_only=args.open)
        today = readings.today(session)
        data = [action_json(queries.action_row(session, a, today)) for a in found]
    if args.json:
        print_json(data)
        return 0
    print_table(
        "Actions",
        ["Due", "Team", "Action", "Owner", "Status", "From", "Id"],
        [
            [
                d["due"],
                d["team"],
                d["title"],
                d["owner"],
                "OVERDUE" if d["overdue"] else ActionStatus(d["status"]).value,
                f"{d['source_kind']} {d['source_id']}" if d["source_kind"] else None,
                d["id"],
            ]
            for d in data
        ],
    )
    return 0


# --- objectives ---------------------------------------------------------------------------------------


@command
def objective_add(args: argparse.Namespace) -> int:
    with opened(args) as session:
        objective = objectives.add_objective(session, args.text, team=args.team, metrics=args.metric)
        say(f"Objective added (id {objective.id}).")
    return 0


@command
def objective_list(args: argparse.Namespace) -> int:
    with opened(args) as session:
        data = []
        for objective in objectives.list_objectives(session, team=args.team):
            item = jsonable(objective)
            item["team"] = session.directory.team_name(objective.team_id)
            item["metrics"] = [
                session.directory.metric_by_id(m).name if session.directory.metric_by_id(m) else m
                for m in objective.metric_ids
            ]
            data.append(item)
    if args.json:
        print_json(data)
        return 0
    print_table(
        "Objectives",
        ["Team", "Objective", "Measured by", "Id"],
        [[d["team"], d["text"], ", ".join(d["metrics"]), d["id"]] for d in data],
    )
    return 0
