"""The role table of the brief as pure rules: who may do what on which team.

| permission | ic | supervisor | manager | admin |
|---|---|---|---|---|
| SUBMIT (idea, comment, reading, raise an escalation) | own team | own team | own team and below | all |
| DECIDE (ideas, escalate up or sideways, run the huddle) | - | own team | own team and below | all |
| HANDLE_ESCALATION (acknowledge, answer, return, resolve) | - | own team | own team and below | all |
| CONFIGURE (add metrics, set targets) | - | own team | own team and below | all |
| ADMIN (manage teams and people) | - | - | - | all |

A manager's own team (usually a tier-2 area) receives escalations, so "teams below" includes it. A kiosk
may do nothing by itself: it must first say who is entering, and that person's role decides. An inactive
person may do nothing. A refusal names who may do it.
"""

from __future__ import annotations

from enum import StrEnum

from huddle_tui.domain.teams import Person, Role, TeamTree
from huddle_tui.errors import Refused


class Permission(StrEnum):
    SUBMIT = "submit"  # submit an idea, comment, log a reading, raise an escalation
    DECIDE = "decide"  # decide on ideas, escalate up or sideways, run the huddle
    HANDLE_ESCALATION = "handle_escalation"  # acknowledge, answer, return, resolve escalations held
    CONFIGURE = "configure"  # add metrics, set targets
    ADMIN = "admin"  # manage teams and people


def _in_scope(person: Person, team_id: str, tree: TeamTree) -> bool:
    """The person's own team or a team below it."""
    return bool(person.team_id) and (team_id == person.team_id or tree.is_below(team_id, person.team_id))


def allowed(person: Person, permission: Permission | str, team_id: str, tree: TeamTree) -> bool:
    """True when `person` may exercise `permission` on team `team_id`."""
    perm = Permission(permission)
    role = Role(person.role)
    if not person.active:
        return False
    if role is Role.ADMIN:
        return True
    if role is Role.KIOSK or perm is Permission.ADMIN:
        return False
    if role is Role.MANAGER:
        return _in_scope(person, team_id, tree)
    if role is Role.SUPERVISOR:
        return team_id == person.team_id
    return perm is Permission.SUBMIT and team_id == person.team_id  # ic


def _article(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def who_may(permission: Permission | str, team_name: str) -> str:
    """Who may exercise `permission` on a team named `team_name`, as words."""
    perm = Permission(permission)
    if perm is Permission.ADMIN:
        return "an admin"
    if perm is Permission.SUBMIT:
        return f"a member of {team_name}, a manager of {team_name} or above it, or an admin"
    return f"a supervisor of {team_name}, a manager of {team_name} or above it, or an admin"


def refusal(person: Person, permission: Permission | str, team_id: str, tree: TeamTree, what: str) -> str:
    """The message that refuses `what` (e.g. "Deciding on ideas") on `team_id` to `person`."""
    team = tree.get(team_id)
    name = team.name if team else team_id
    perm = Permission(permission)
    subject = what if perm is Permission.ADMIN else f"{what} of {name}"
    role = Role(person.role).value
    message = f"{subject} needs {who_may(perm, name)}; you are {_article(role)}"
    if not person.active:
        message += " who is no longer active"
    elif Role(person.role) is Role.KIOSK:
        message += " terminal: say who is entering first"
    elif person.team_id and team_id != person.team_id and Role(person.role) is not Role.MANAGER:
        own = tree.get(person.team_id)
        message += f" of {own.name if own else person.team_id}"
    return message + "."


def check(person: Person, permission: Permission | str, team_id: str, tree: TeamTree, what: str) -> None:
    """Raise Refused naming who may, unless `person` may exercise `permission` on `team_id`."""
    if not allowed(person, permission, team_id, tree):
        raise Refused(refusal(person, permission, team_id, tree, what))
