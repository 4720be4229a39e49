"""`huddle init`, `settings`, `team add|list`, `person add|list|pin`, `metric add|list|target`: setting a
board up."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
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
from huddle_tui.domain.teams import Role
from huddle_tui.errors import InvalidInput
from huddle_tui.services import setup
from huddle_tui.services.session import Session


def register(subparsers: Any) -> None:
    """Add `init`, `team`, `person` and `metric`."""
    init = subparsers.add_parser("init", help="create a board here and make your login its admin")
    init.add_argument("--name", required=True, help="board name, e.g. the plant's name")
    init.add_argument("--timezone", default="UTC", help="IANA time zone of the board (default UTC)")
    init.add_argument("--admin-name", help="your name as shown on the board (default: your login)")
    add_board_option(init)
    init.set_defaults(handler=init_handler)

    settings = subparsers.add_parser("settings", help="show or change the board settings (changes: admin)")
    settings.add_argument("--name", help="board name")
    settings.add_argument("--timezone", help="IANA time zone, e.g. Europe/Berlin")
    settings.add_argument(
        "--response",
        action="append",
        default=[],
        metavar="SEVERITY=HOURS",
        help="escalation response time, e.g. high=4 (repeatable)",
    )
    settings.add_argument("--idea-answer-hours", type=float, help="promised time to a first answer on ideas")
    add_json_flag(settings)
    add_board_option(settings)
    settings.set_defaults(handler=settings_handler)

    team = subparsers.add_parser("team", help="add or list teams")
    team_sub = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    add = team_sub.add_parser("add", help="add a team (admin)")
    add.add_argument("name")
    add.add_argument("--parent", help="parent team (name or id)")
    add.add_argument(
        "--tier", type=int, help="1 team, 2 area, 3 plant, 4 business (default: below the parent)"
    )
    add_board_option(add)
    add.set_defaults(handler=team_add)
    lst = team_sub.add_parser("list", help="list teams as a tree")
    add_json_flag(lst)
    add_board_option(lst)
    lst.set_defaults(handler=team_list)

    person = subparsers.add_parser("person", help="add or list people")
    person_sub = person.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    add = person_sub.add_parser("add", help="add a person (admin)")
    add.add_argument("name")
    add.add_argument("--login", required=True, help="the person's OS (or SSH) login")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--team", required=True, help="home team (name or id)")
    add.add_argument(
        "--pin", dest="set_pin", action="store_true", help="ask for a PIN ($HUDDLE_NEW_PIN in scripts)"
    )
    add_board_option(add)
    add.set_defaults(handler=person_add)
    lst = person_sub.add_parser("list", help="list people")
    add_json_flag(lst)
    add_board_option(lst)
    lst.set_defaults(handler=person_list)
    pin = person_sub.add_parser("pin", help="set or clear a PIN (yourself, or anyone as admin)")
    pin.add_argument("person", nargs="?", help="person (default: you)")
    pin.add_argument("--clear", action="store_true", help="remove the PIN")
    add_board_option(pin)
    pin.set_defaults(handler=person_pin)

    metric = subparsers.add_parser("metric", help="add, list or retarget metrics")
    metric_sub = metric.add_subparsers(dest="metric_command", metavar="ACTION", required=True)
    add = metric_sub.add_parser("add", help="add a metric to a team")
    add.add_argument("name")
    add.add_argument("--team", required=True)
    add.add_argument("--category", required=True, help="Safety, Quality, Delivery, Cost, People or your own")
    add.add_argument("--target", required=True)
    add.add_argument("--better", required=True, choices=["higher", "lower"])
    add.add_argument("--unit", default="")
    add.add_argument("--warn", help="warning value: the amber band lies between it and the target")
    add.add_argument("--per-shift", action="store_true", help="one reading per shift (default: daily)")
    add.add_argument("--feeds", metavar="TEAM/METRIC", help="the parent-team metric this one rolls up into")
    add.add_argument("--safety-cross", action="store_true", help="show the month as a safety cross")
    add_board_option(add)
    add.set_defaults(handler=metric_add)
    lst = metric_sub.add_parser("list", help="list metrics")
    lst.add_argument("--team")
    add_json_flag(lst)
    add_board_option(lst)
    lst.set_defaults(handler=metric_list)
    target = metric_sub.add_parser("target", help="set a metric's target (and warning value)")
    target.add_argument("metric")
    target.add_argument("target")
    target.add_argument("--team")
    target.add_argument("--warn", help="new warning value ('none' removes the amber band)")
    add_board_option(target)
    target.set_defaults(handler=metric_target)


@command
def init_handler(args: argparse.Namespace) -> int:
    with opened(args, create=True) as session:
        admin = setup.init_board(session, args.name, timezone=args.timezone, admin_name=args.admin_name)
        say(f"Board '{session.settings.name}' created at {session.board_path}.")
        say(f"{admin.name} (login {admin.login}) is its admin. Next: huddle team add NAME")
    return 0


def _response_hours(items: list[str]) -> dict[str, float] | None:
    """`--response high=4` options as {severity: hours}; the service checks severities and values."""
    if not items:
        return None
    hours: dict[str, float] = {}
    for item in items:
        severity, _sep, value = item.partition("=")
        try:
            hours[severity.strip()] = float(value)
        except ValueError as err:
            raise InvalidInput(
                f"'{item}' is not SEVERITY=HOURS.", hint="for example --response high=4"
            ) from err
    return hours


@command
def settings_handler(args: argparse.Namespace) -> int:
    changes = {
        "name": args.name,
        "timezone": args.timezone,
        "response_hours": _response_hours(args.response),
        "idea_answer_hours": args.idea_answer_hours,
    }
    with opened(args) as session:
        settings = session.settings
        if any(v is not None for v in changes.values()):
            settings = setup.update_settings(session, **changes)
    data = jsonable(settings)
    if args.json:
        print_json(data)
        return 0
    print_table(
        "Board settings",
        ["Setting", "Value"],
        [
            ["name", data["name"]],
            ["time zone", data["timezone"]],
            *[[f"response time {k}", f"{v:g} h"] for k, v in sorted(settings.response_hours.items())],
            ["idea answer time", f"{settings.idea_answer_hours:g} h"],
            [
                "shifts",
                ", ".join(f"{s.number} {s.name} {s.start:%H:%M}-{s.end:%H:%M}" for s in settings.shifts),
            ],
            ["agenda", ", ".join(f"{a.title} {a.minutes:g} min" for a in settings.agenda)],
        ],
    )
    return 0


@command
def team_add(args: argparse.Namespace) -> int:
    with opened(args) as session:
        team = setup.add_team(session, args.name, parent=args.parent, tier=args.tier)
        say(f"Added {setup.tier_label(team.tier).lower()} {team.name} (id {team.id}).")
    return 0


def _team_rows(session: Session) -> list[dict[str, Any]]:
    directory = session.directory
    return [
        {
            "id": team.id,
            "name": team.name,
            "tier": team.tier,
            "tier_name": team.tier_name,
            "parent_id": team.parent_id,
            "parent": directory.team_name(team.parent_id) if team.parent_id else None,
            "depth": depth,
        }
        for team, depth in directory.tree.walk()
    ]


@command
def team_list(args: argparse.Namespace) -> int:
    with opened(args) as session:
        rows = _team_rows(session)
    if args.json:
        print_json(rows)
        return 0
    print_table(
        "Teams",
        ["Team", "Tier", "Parent", "Id"],
        [["  " * r["depth"] + r["name"], r["tier_name"], r["parent"], r["id"]] for r in rows],
    )
    return 0


def _read_new_pin() -> str:
    env = os.environ.get("HUDDLE_NEW_PIN")
    if env:
        return env
    if not sys.stdin.isatty():
        raise InvalidInput("No terminal to ask for the PIN.", hint="set HUDDLE_NEW_PIN in scripts")
    first = getpass.getpass("PIN (4-12 digits): ")
    if getpass.getpass("PIN again: ") != first:
        raise InvalidInput("The two PINs differ.", hint="type the same PIN twice")
    return first


@command
def person_add(args: argparse.Namespace) -> int:
    pin = _read_new_pin() if args.set_pin else None
    with opened(args) as session:
        person = setup.add_person(
            session, args.name, login=args.login, role=args.role, team=args.team, pin=pin
        )
        team = session.directory.team_name(person.team_id)
        say(f"Added {person.name} ({person.role}, {team}, login {person.login}, id {person.id}).")
    return 0


@command
def person_list(args: argparse.Namespace) -> int:
    with opened(args) as session:
        people = session.directory.people(include_inactive=True)
        rows = [
            {
                "id": p.id,
                "name": p.name,
                "login": p.login,
                "role": p.role.value,
                "team_id": p.team_id or None,
                "team": session.directory.team_name(p.team_id) if p.team_id else None,
                "has_pin": bool(p.pin_hash),
                "active": p.active,
            }
            for p in people
        ]
    if args.json:
        print_json(rows)
        return 0
    print_table(
        "People",
        ["Name", "Login", "Role", "Team", "PIN", "Id"],
        [[r["name"], r["login"], r["role"], r["team"], "yes" if r["has_pin"] else "", r["id"]] for r in rows],
    )
    return 0


@command
def person_pin(args: argparse.Namespace) -> int:
    pin = None if args.clear else _read_new_pin()
    with opened(args) as session:
        person = setup.set_pin(session, args.person, pin)
        say(f"PIN of {person.name} {'removed' if pin is None else 'set'}.")
    return 0


@command
def metric_add(args: argparse.Namespace) -> int:
    with opened(args) as session:
        metric = setup.add_metric(
            session,
            args.name,
            team=args.team,
            category=args.category,
            target=args.target,
            better=args.better,
            unit=args.unit,
            warn=args.warn,
            per_shift=args.per_shift,
            feeds=args.feeds,
            safety_cross=args.safety_cross,
        )
        team = session.directory.team_name(metric.team_id)
        say(f"Added {metric.category} metric {metric.name} to {team} (id {metric.id}).")
    return 0


def metric_json(session: Session, metric: Any) -> dict[str, Any]:
    data = jsonable(metric)
    data["team"] = session.directory.team_name(metric.team_id)
    feeds = session.directory.metric_by_id(metric.feeds)
    data["feeds_name"] = f"{session.directory.team_name(feeds.team_id)}/{feeds.name}" if feeds else None
    return data


@command
def metric_list(args: argparse.Namespace) -> int:
    with opened(args) as session:
        team_id = session.directory.team(args.team).id if args.team else None
        metrics = session.directory.metrics(team_id)
        rows = [metric_json(session, m) for m in metrics]
    if args.json:
        print_json(rows)
        return 0
    print_table(
        "Metrics",
        ["Team", "Category", "Metric", "Target", "Better", "Warn", "Unit", "Per", "Feeds", "Id"],
        [
            [
                r["team"],
                r["category"],
                r["name"],
                r["target"],
                r["better"],
                r["warn"],
                r["unit"],
                r["frequency"],
                r["feeds_name"],
                r["id"],
            ]
            for r in rows
        ],
    )
    return 0


@command
def metric_target(args: argparse.Namespace) -> int:
    with opened(args) as session:
        kwargs: dict[str, Any] = {}
        if args.warn is not None:
            kwargs["warn"] = None if args.warn.strip().lower() in ("none", "") else args.warn
        metric = setup.set_target(session, args.metric, args.target, team=args.team, **kwargs)
        warn = f", warning {metric.warn:g}" if metric.warn is not None else ""
        say(f"{metric.name}: target {metric.target:g}{warn} ({metric.better} is better).")
    return 0
