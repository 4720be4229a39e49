"""Who is acting on which board: the OS login mapped to a person, and the `--as`/PIN rules.

Identity comes from the OS login (`getpass.getuser()`, or `$HUDDLE_OS_USER` for tests and scripts),
mapped to the person with that login. Acting as someone else (`--as LOGIN` or `$HUDDLE_USER`) is
allowed only when the OS login is an admin, or when the OS login is a kiosk (a shared shop-floor
terminal) and the person entering is an ic, or has an elevated role and gives their PIN. Elevated
people without a PIN cannot be entered at a kiosk: they set a PIN or use their own login.

A `Session` holds the open board, its settings, the OS person, the acting person and an injectable
clock (`now`, UTC aware) so tests and replays are deterministic.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from huddle_tui.domain import boardtime, pins
from huddle_tui.domain.settings import BoardSettings
from huddle_tui.domain.teams import Person, Role
from huddle_tui.errors import BoardUnavailable, NotFound, Refused
from huddle_tui.services.directory import Directory
from huddle_tui.services.login import current_os_login
from huddle_tui.store import Board

ELEVATED_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Session:
    """An open board and the person acting on it."""

    board: Board
    settings: BoardSettings
    os_login: str
    os_person: Person | None
    actor: Person | None
    now: Callable[[], datetime] = utc_now
    directory: Directory = field(default=None, repr=False)  # type: ignore[assignment]
    board_path: Path | None = None

    def __post_init__(self) -> None:
        if self.directory is None:
            self.directory = Directory(self.board)

    def clock(self) -> datetime:
        """The current time, UTC aware (from the injected clock)."""
        return boardtime.as_utc(self.now())

    def reload(self) -> None:
        """Forget cached directory data (after this session wrote settings, teams, people or metrics)."""
        self.directory.invalidate()
        self.settings = self.directory.settings
        if self.os_person is not None:
            self.os_person = self.directory.person_by_id(self.os_person.id) or self.os_person
        if self.actor is not None:
            self.actor = self.directory.person_by_id(self.actor.id) or self.actor

    def refresh(self) -> set[tuple[str, str]]:
        """Re-read the board's files; returns the (kind, id) pairs that changed (for the UI)."""
        changed = self.board.refresh()
        self.directory.note_changes(changed)
        self.settings = self.directory.settings
        return changed

    def close(self) -> None:
        """Close the board (stops watching); the session can no longer write."""
        self.board.close()

    def acting_as(self, login: str, pin: str | None = None) -> Session:
        """A session for the same terminal with `login` entering (the kiosk's "who is entering?").

        The new session shares this one's board and directory: close only one of them (the original).
        """
        actor = resolve_actor(self.directory, self.os_login, self.os_person, login, pin)
        return replace(self, actor=actor)


def resolve_actor(
    directory: Directory,
    os_login: str,
    os_person: Person | None,
    as_login: str | None,
    pin: str | None,
) -> Person | None:
    """The person a session acts as, following the `--as`/kiosk/PIN rules (raises Refused)."""
    if not as_login or (os_person is not None and as_login in (os_person.login, os_person.id)):
        return os_person
    target = directory.person_by_login(as_login)
    if target is None:
        try:
            target = directory.person(as_login)
        except NotFound as err:
            raise NotFound(
                f"No person with login '{as_login}' on this board.",
                hint="list people with 'huddle person list'",
            ) from err
    if not target.active:
        raise Refused(f"{target.name} ({target.login}) is no longer active on this board.")
    if os_person is None:
        raise Refused(
            f"The OS login '{os_login}' is not on this board, so it cannot act as {target.login}. "
            "Only an admin login, or a kiosk login (shared terminal), may act as another person.",
            hint=f"ask an admin to add it: huddle person add NAME --login {os_login} --role ROLE --team TEAM",
        )
    if os_person.role == Role.ADMIN:
        return target
    if os_person.role != Role.KIOSK:
        raise Refused(
            f"{os_person.name} ({os_person.role}) may not act as {target.login}. "
            "Only an admin login, or a kiosk login (shared terminal), may act as another person.",
            hint="use your own login",
        )
    if target.role == Role.KIOSK:
        raise Refused("A kiosk login cannot be the person entering; name a person with --as LOGIN.")
    if target.role in ELEVATED_ROLES:
        if not target.pin_hash:
            raise Refused(
                f"{target.name} is a {target.role} and has no PIN, so they cannot be entered at a "
                "shared terminal.",
                hint="set a PIN with 'huddle person pin LOGIN' or use your own login",
            )
        if not pin:
            raise Refused(
                f"{target.name} is a {target.role}: give their PIN (--pin) to enter at a shared terminal."
            )
    if pin and target.pin_hash and not pins.verify_pin(pin, target.pin_hash):
        raise Refused(f"Wrong PIN for {target.name}.")
    return target


def open_session(
    board_path: Path,
    *,
    os_login: str | None = None,
    as_login: str | None = None,
    pin: str | None = None,
    now: Callable[[], datetime] | None = None,
    create: bool = False,
) -> Session:
    """Open the board at `board_path` and work out who is acting (see the module docstring).

    `as_login` falls back to `$HUDDLE_USER`. Without `create`, a missing folder is `BoardUnavailable`.
    """
    path = Path(board_path)
    if not create and not path.is_dir():
        raise BoardUnavailable(
            f"No board folder at {path}.",
            hint="if the board is on a share or in a synced folder, check that it is mounted; "
            "otherwise point --board / HUDDLE_BOARD at the board, restore it with 'huddle restore "
            "BACKUP', or create one with 'huddle init --name NAME'",
        )
    try:
        board = Board.open(path, create=create)
    except OSError as err:
        raise BoardUnavailable(f"Cannot open the board at {path}: {err.strerror or err}.") from err
    login = os_login or current_os_login()
    directory = Directory(board)
    os_person = directory.person_by_login(login)
    wanted = as_login if as_login is not None else (os.environ.get("HUDDLE_USER") or None)
    actor = resolve_actor(directory, login, os_person, wanted, pin)
    return Session(
        board=board,
        settings=directory.settings,
        os_login=login,
        os_person=os_person,
        actor=actor,
        now=now or utc_now,
        directory=directory,
        board_path=path,
    )
