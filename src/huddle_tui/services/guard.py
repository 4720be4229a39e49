"""The permission check every writing use case runs before it writes anything.

`require(session, Permission.X, team_id, what)` applies the role table of `domain.permissions` to the
acting person and raises `Refused` (exit 3) naming who may. It also refuses when nobody is acting: the OS
login is not on the board, or a kiosk has not said who is entering (on a board that `huddle init` has not
set up yet, it says so instead: InvalidInput, exit 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from huddle_tui.domain import permissions
from huddle_tui.domain.permissions import Permission
from huddle_tui.domain.teams import Person, Role
from huddle_tui.errors import InvalidInput, Refused

if TYPE_CHECKING:
    from huddle_tui.services.session import Session

__all__ = ["Permission", "acting_person", "require"]

WHAT = {
    Permission.SUBMIT: "Submitting",
    Permission.DECIDE: "Deciding",
    Permission.HANDLE_ESCALATION: "Handling escalations",
    Permission.CONFIGURE: "Changing the metrics",
    Permission.ADMIN: "Managing teams and people",
}


def acting_person(session: Session) -> Person:
    """The person acting, or Refused when there is none (unknown OS login, kiosk without --as)."""
    actor = session.actor
    if actor is None and not session.directory.initialised:
        raise InvalidInput(
            "This board is not set up yet.",
            hint="create it with 'huddle init --name NAME' (you become its admin)",
        )
    if actor is None:
        raise Refused(
            f"The OS login '{session.os_login}' is not a person on this board.",
            hint=f"ask an admin to add you: huddle person add NAME --login {session.os_login} "
            "--role ROLE --team TEAM",
        )
    if Role(actor.role) is Role.KIOSK:
        raise Refused(
            f"{actor.name} is a shared-terminal (kiosk) login: say who is entering first.",
            hint="add --as LOGIN (and --pin PIN for supervisors, managers and admins)",
        )
    return actor


def require(session: Session, permission: Permission, team_id: str | None, what: str | None = None) -> Person:
    """Return the acting person when they may exercise `permission` on `team_id`, else raise Refused.

    `team_id` None stands for the whole board (only admins hold board-wide rights).
    """
    actor = acting_person(session)
    tree = session.directory.tree
    permissions.check(actor, permission, team_id or "", tree, what or WHAT[Permission(permission)])
    return actor
