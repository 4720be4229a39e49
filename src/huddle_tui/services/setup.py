"""Setting a board up: initialise it, add teams, people and metrics, set targets, agenda, PINs, settings.

`init_board` is the only use case without a role check (the trust boundary is the file system: whoever
can write the folder can start a board); it makes the OS login the first admin. Teams and people need an
admin; metrics and targets a supervisor of the team, a manager above it, or an admin.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from huddle_tui.domain import boardtime, pins
from huddle_tui.domain.metrics import SQDCP, Direction, Frequency, Metric, validate_metric_values
from huddle_tui.domain.records import to_fields
from huddle_tui.domain.settings import AgendaStep, BoardSettings, Severity
from huddle_tui.domain.teams import TIER_NAMES, Person, Role, Team
from huddle_tui.domain.text import required_text
from huddle_tui.errors import InvalidInput, Refused
from huddle_tui.services import guard, persist
from huddle_tui.services.directory import SETTINGS_ID, SETTINGS_KIND
from huddle_tui.services.session import Session
from huddle_tui.store import new_id

MAX_TIER = 9
_UNSET: Any = object()


def _login(value: str) -> str:
    login = required_text(value, "Login", limit=64)
    if any(ch.isspace() for ch in login):
        raise InvalidInput(f"The login '{login}' contains spaces.", hint="use the person's OS login name")
    return login


def init_board(
    session: Session, name: str, *, timezone: str = "UTC", admin_name: str | None = None
) -> Person:
    """Create the board settings and make the OS login an admin person; returns that person."""
    if session.directory.initialised:
        raise InvalidInput(
            f"The board '{session.settings.name}' is already set up.",
            hint="use it, or choose another --board",
        )
    board_name = required_text(name, "Board name")
    settings = BoardSettings(name=board_name, timezone=boardtime.validate_timezone(timezone))
    login = _login(session.os_login)
    existing = session.directory.person_by_login(login)
    if existing is not None:
        admin = replace(existing, role=Role.ADMIN, active=True)
        fields = to_fields(admin)
    else:
        admin = Person(
            id=new_id(), name=required_text(admin_name or login, "Name"), login=login, role=Role.ADMIN
        )
        fields = to_fields(admin)
    session.board.put("person", admin.id, fields, actor=admin.id)
    session.board.put(SETTINGS_KIND, SETTINGS_ID, to_fields(settings), actor=admin.id)
    session.os_person = admin
    session.actor = admin
    session.reload()
    return admin


def update_settings(
    session: Session,
    *,
    name: str | None = None,
    timezone: str | None = None,
    response_hours: dict[str, float] | None = None,
    idea_answer_hours: float | None = None,
) -> BoardSettings:
    """Change board-wide settings (admin only)."""
    guard.require(session, guard.Permission.ADMIN, None, "Changing the board settings")
    old = session.settings
    new = old
    if name is not None:
        new = replace(new, name=required_text(name, "Board name"))
    if timezone is not None:
        new = replace(new, timezone=boardtime.validate_timezone(timezone))
    if response_hours is not None:
        hours = dict(new.response_hours)
        for key, value in response_hours.items():
            severity = _severity(key)
            hours[severity.value] = _positive(value, f"Response time for {severity.value}")
        new = replace(new, response_hours=hours)
    if idea_answer_hours is not None:
        new = replace(new, idea_answer_hours=_positive(idea_answer_hours, "Idea answer time"))
    _write_settings(session, old, new)
    return new


def _write_settings(session: Session, old: BoardSettings, new: BoardSettings) -> None:
    before, after = to_fields(old), to_fields(new)
    fields = {k: v for k, v in after.items() if before.get(k) != v}
    if fields:
        session.board.put(SETTINGS_KIND, SETTINGS_ID, fields, actor=persist.actor_id(session))
    session.reload()


def _severity(value: str) -> Severity:
    try:
        return Severity(str(value).strip().lower())
    except ValueError as err:
        raise InvalidInput(f"'{value}' is not a severity.", hint="use critical, high, medium or low") from err


def _positive(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise InvalidInput(f"{what} must be a positive number of hours.", hint="for example 24")
    return number


def add_team(session: Session, name: str, *, parent: str | None = None, tier: int | None = None) -> Team:
    """Add a team under `parent` (name or id). The tier defaults to one below the parent's (or 1)."""
    guard.require(session, guard.Permission.ADMIN, None, "Adding teams")
    team_name = required_text(name, "Team name", limit=80)
    directory = session.directory
    if any(t.name.casefold() == team_name.casefold() for t in directory.teams()):
        raise InvalidInput(f"There is already a team called '{team_name}'.", hint="choose another name")
    parent_team = directory.team(parent) if parent else None
    if tier is None:
        tier = max(1, parent_team.tier - 1) if parent_team else 1
    if not 1 <= tier <= MAX_TIER:
        raise InvalidInput(f"Tier {tier} is out of range.", hint="1 team, 2 area, 3 plant, 4 business")
    if parent_team is not None and tier >= parent_team.tier:
        raise InvalidInput(
            f"A tier {tier} team cannot sit under {parent_team.name} (tier {parent_team.tier}).",
            hint=f"give a tier below {parent_team.tier}, or choose a higher parent",
        )
    team = Team(id=new_id(), name=team_name, tier=tier, parent_id=parent_team.id if parent_team else None)
    persist.insert(session, team)
    session.reload()
    return team


def tier_label(tier: int) -> str:
    return TIER_NAMES.get(tier, f"Tier {tier}")


def _role(value: str | Role) -> Role:
    try:
        return Role(str(value).strip().lower())
    except ValueError as err:
        names = ", ".join(r.value for r in Role)
        raise InvalidInput(f"'{value}' is not a role.", hint=f"use one of {names}") from err


def add_person(
    session: Session,
    name: str,
    *,
    login: str,
    role: str | Role,
    team: str | None,
    pin: str | None = None,
) -> Person:
    """Add a person with an OS login, a role and a home team (admin only); optionally with a PIN."""
    guard.require(session, guard.Permission.ADMIN, None, "Adding people")
    person_name = required_text(name, "Name", limit=80)
    person_login = _login(login)
    person_role = _role(role)
    clash = session.directory.person_by_login(person_login)
    if clash is not None and clash.login == person_login:
        raise InvalidInput(
            f"The login '{person_login}' already belongs to {clash.name}.",
            hint="each person has their own login",
        )
    team_id = session.directory.team(team).id if team else ""
    if not team_id and person_role is not Role.ADMIN:
        raise InvalidInput(f"A {person_role.value} needs a team.", hint="add --team TEAM")
    person = Person(
        id=new_id(),
        name=person_name,
        login=person_login,
        role=person_role,
        team_id=team_id,
        pin_hash=pins.hash_pin(pins.validate_pin(pin)) if pin else None,
    )
    persist.insert(session, person)
    session.reload()
    return person


def update_person(
    session: Session,
    person_ref: str,
    *,
    name: str | None = None,
    role: str | Role | None = None,
    team: str | None = None,
    active: bool | None = None,
) -> Person:
    """Change a person's name, role, team or active flag (admin only)."""
    guard.require(session, guard.Permission.ADMIN, None, "Changing people")
    old = session.directory.person(person_ref)
    new = old
    if name is not None:
        new = replace(new, name=required_text(name, "Name", limit=80))
    if role is not None:
        new = replace(new, role=_role(role))
    if team is not None:
        new = replace(new, team_id=session.directory.team(team).id)
    if active is not None:
        new = replace(new, active=active)
    persist.update(session, old, new)
    session.reload()
    return new


def set_pin(session: Session, person_ref: str | None, pin: str | None) -> Person:
    """Set (or with `pin` None, clear) a person's PIN: the person themself or an admin."""
    actor = guard.acting_person(session)
    person = session.directory.person(person_ref) if person_ref else actor
    if person.id != actor.id and Role(actor.role) is not Role.ADMIN:
        raise Refused(
            f"Only {person.name} or an admin may set {person.name}'s PIN.", hint="use your own login"
        )
    new = replace(person, pin_hash=pins.hash_pin(pins.validate_pin(pin)) if pin else None)
    persist.update(session, person, new)
    session.reload()
    return new


def _category(value: str) -> str:
    text = required_text(value, "Category", limit=40)
    for canonical in SQDCP:
        if canonical.casefold() == text.casefold() or canonical[0].casefold() == text.casefold():
            return canonical
    return text


def _direction(value: str | Direction) -> Direction:
    try:
        return Direction(str(value).strip().lower())
    except ValueError as err:
        raise InvalidInput(
            f"'{value}' is not a direction.",
            hint="say --better higher or --better lower (it is never guessed)",
        ) from err


def _number(value: float | str, what: str) -> float:
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError as err:
        raise InvalidInput(
            f"{what} '{value}' is not a number.", hint="type a number such as 95 or 2.5"
        ) from err
    if not math.isfinite(number):
        raise InvalidInput(f"{what} must be a finite number.")
    return number


def add_metric(
    session: Session,
    name: str,
    *,
    team: str,
    category: str,
    target: float | str,
    better: str | Direction,
    unit: str = "",
    warn: float | str | None = None,
    per_shift: bool = False,
    feeds: str | None = None,
    safety_cross: bool = False,
) -> Metric:
    """Add a metric to a team (supervisor of the team, manager above it, or admin).

    `feeds` names a metric of an ancestor team (`TEAM/METRIC`, or a metric id) that this one rolls up into.
    """
    team_obj = session.directory.team(team)
    guard.require(session, guard.Permission.CONFIGURE, team_obj.id, "Adding metrics")
    metric_name = required_text(name, "Metric name", limit=80)
    if any(m.name.casefold() == metric_name.casefold() for m in session.directory.metrics(team_obj.id)):
        raise InvalidInput(
            f"{team_obj.name} already has a metric called '{metric_name}'.", hint="choose another name"
        )
    direction = _direction(better)
    target_value = _number(target, "Target")
    warn_value = _number(warn, "Warning value") if warn is not None and warn != "" else None
    validate_metric_values(target_value, direction, warn_value)
    fed = _feeds(session, team_obj, feeds) if feeds else None
    metric = Metric(
        id=new_id(),
        team_id=team_obj.id,
        name=metric_name,
        category=_category(category),
        target=target_value,
        better=direction,
        unit=required_text(unit, "Unit", limit=20) if unit else "",
        warn=warn_value,
        frequency=Frequency.SHIFT if per_shift else Frequency.DAILY,
        feeds=fed.id if fed else None,
        safety_cross=safety_cross,
    )
    persist.insert(session, metric)
    session.reload()
    return metric


def _feeds(session: Session, team: Team, ref: str) -> Metric:
    target = session.directory.metric(ref)
    ancestors = {t.id for t in session.directory.tree.ancestors(team.id)}
    if target.team_id not in ancestors:
        raise InvalidInput(
            f"{target.name} belongs to {session.directory.team_name(target.team_id)}, which is not above "
            f"{team.name}.",
            hint="a metric feeds a metric of its parent team (or a team above it): --feeds PARENT/METRIC",
        )
    return target


def set_target(
    session: Session, metric_ref: str, target: float | str, *, warn: Any = _UNSET, team: str | None = None
) -> Metric:
    """Change a metric's target (and optionally its warning value; None removes the amber band)."""
    team_id = session.directory.team(team).id if team else None
    old = session.directory.metric(metric_ref, team_id)
    if team_id is not None and old.team_id != team_id:
        raise InvalidInput(
            f"{old.name} belongs to {session.directory.team_name(old.team_id)}.",
            hint="name its own team with --team",
        )
    guard.require(session, guard.Permission.CONFIGURE, old.team_id, "Setting targets")
    target_value = _number(target, "Target")
    warn_value = old.warn if warn is _UNSET else (None if warn is None else _number(warn, "Warning value"))
    validate_metric_values(target_value, old.better, warn_value)
    new = replace(old, target=target_value, warn=warn_value)
    persist.update(session, old, new)
    session.reload()
    return new


def archive_metric(session: Session, metric_ref: str, *, archived: bool = True) -> Metric:
    """Hide a metric from the boards (its readings stay)."""
    old = session.directory.metric(metric_ref)
    guard.require(session, guard.Permission.CONFIGURE, old.team_id, "Archiving metrics")
    new = replace(old, archived=archived)
    persist.update(session, old, new)
    session.reload()
    return new


def set_agenda(
    session: Session,
    steps: Sequence[tuple[str, str, float]] | None = None,
    *,
    team: str | None = None,
    minutes: dict[str, float] | None = None,
) -> BoardSettings | Team:
    """Set the board's default agenda (admin: `steps` of key, title, minutes), or a team's timeboxes
    (`team` and `minutes` per step key: a supervisor of the team, a manager above it, or an admin)."""
    if team is not None:
        team_obj = session.directory.team(team)
        guard.require(session, guard.Permission.DECIDE, team_obj.id, "Changing the huddle agenda")
        known = {s.key for s in session.settings.agenda}
        clean: dict[str, float] = {}
        for key, value in (minutes or {}).items():
            if key not in known:
                raise InvalidInput(
                    f"'{key}' is not an agenda step.", hint=f"steps are {', '.join(sorted(known))}"
                )
            clean[key] = _positive(value, f"Timebox of {key}")
        new_team = replace(team_obj, agenda_minutes=clean or None)
        persist.update(session, team_obj, new_team)
        session.reload()
        return new_team
    guard.require(session, guard.Permission.ADMIN, None, "Changing the board's huddle agenda")
    if not steps:
        raise InvalidInput("The agenda has no steps.", hint="give at least one step with a timebox")
    agenda: list[AgendaStep] = []
    seen: set[str] = set()
    for key, title, step_minutes in steps:
        step_key = required_text(key, "Step key", limit=40).lower()
        if step_key in seen:
            raise InvalidInput(f"The agenda step '{step_key}' appears twice.")
        seen.add(step_key)
        agenda.append(
            AgendaStep(step_key, required_text(title, "Step title", limit=80), _positive(step_minutes, title))
        )
    old = session.settings
    new = replace(old, agenda=tuple(agenda))
    _write_settings(session, old, new)
    return new
