"""KioskEntry: who is acting when a write starts, mixed into HuddleApp.

On a shared kiosk login (a shop-floor terminal) every write first asks "who is entering?", and an
elevated person (supervisor, manager, admin) gives their PIN; elsewhere the OS login acts. The write
flows (ui/writes.py, ui/moves.py) call `with_actor(purpose, then, team_id)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.content import Content

from huddle_tui.domain.teams import Role
from huddle_tui.errors import HuddleError

if TYPE_CHECKING:
    from huddle_tui.domain.teams import Person
    from huddle_tui.services.session import Session


class KioskEntry:
    """Asks who is entering (and a PIN) on a kiosk login before `then(session)` runs."""

    # provided by HuddleApp
    session: Session | None
    read_only: bool
    notify: Callable[..., Any]
    push_screen: Callable[..., Any]

    def writable_session(self) -> Session | None:
        """The open session, when it may write; None (and a notice when the board is open read-only)
        otherwise."""
        if self.session is not None and self.read_only:
            self.notify(Content("This board is open read-only."), severity="warning")
            return None
        return self.session

    def with_actor(self, purpose: str, then: Callable[[Session], None], team_id: str | None = None) -> None:
        """Run `then(session)` with the person acting; on a kiosk ask who is entering (and a PIN) first."""
        from huddle_tui.services.session import ELEVATED_ROLES, Session
        from huddle_tui.ui.modals.error import ErrorModal
        from huddle_tui.ui.modals.pin import PinModal
        from huddle_tui.ui.modals.who_is_entering import WhoIsEnteringModal

        session = self.writable_session()
        if session is None:
            return
        kiosk = session.os_person is not None and Role(session.os_person.role) is Role.KIOSK
        if not kiosk:
            then(session)
            return
        roster = self.roster(team_id or (session.os_person.team_id if session.os_person else None))

        def picked(person_id: str | None) -> None:
            if person_id is None:
                return
            person = session.directory.person_by_id(person_id)
            if person is None:
                return
            if Role(person.role) in ELEVATED_ROLES and person.pin_hash:
                self.push_screen(
                    PinModal(
                        person.name,
                        action=purpose,
                        on_submit=lambda pin: session.acting_as(person.login, pin),
                    ),
                    lambda acting: then(acting) if isinstance(acting, Session) else None,
                )
                return
            try:
                acting = session.acting_as(person.login)
            except HuddleError as err:
                self.push_screen(ErrorModal(err))
                return
            then(acting)

        self.push_screen(
            WhoIsEnteringModal([(p.id, p.name, str(p.role)) for p in roster], purpose=purpose), picked
        )

    def roster(self, team_id: str | None) -> list[Person]:
        """Active people who may enter on this terminal: the team's people first, then everyone else."""
        session = self.session
        if session is None:
            return []
        people = [p for p in session.directory.people() if Role(p.role) is not Role.KIOSK]
        tree = session.directory.tree
        below = {team_id} | {t.id for t in tree.descendants(team_id)} if team_id else set()
        own = [p for p in people if p.team_id in below]
        return own or people
