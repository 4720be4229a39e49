"""The Textual app and its one factory, `create_app`, shared by the CLI and the tests.

    app = create_app(board_path)                       # the CLI: open the board of this OS login
    app = create_app(lambda: open_session(path, ...))  # tests: any session factory
    app = create_app(session=session)                  # an already open session (the demo command)

The app opens the session, applies the user keymap, pushes the team board and watches the board folder:
a change landing from another replica is marshalled onto the UI thread with `call_from_thread` and the
open screens reload in a worker, keeping cursors and open forms. Writes ask "who is entering?" first on
a shared kiosk login (and the PIN of an elevated person), then run in thread workers inside the form.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen

from huddle_tui.domain.teams import Person, Role
from huddle_tui.errors import HuddleError
from huddle_tui.services.session import ELEVATED_ROLES, Session, open_session
from huddle_tui.ui.keymap import all_binding_ids, binding_rows, default_keymap_path, load_keymap
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.modals.pin import PinModal
from huddle_tui.ui.modals.who_is_entering import WhoIsEnteringModal
from huddle_tui.ui.safe import user_text

SessionFactory = Callable[[], Session]

# Tier 2+ screens: name -> (module, class); opened with `show(name)`, a key and a palette command each.
TIER_SCREENS: dict[str, tuple[str, str]] = {
    "rollup": ("huddle_tui.ui.screens.rollup", "RollupScreen"),
    "inbox": ("huddle_tui.ui.screens.inbox", "InboxScreen"),
    "kpis": ("huddle_tui.ui.screens.idea_kpis", "IdeaKpisScreen"),
    "cascade": ("huddle_tui.ui.screens.cascade", "CascadeScreen"),
    "support": ("huddle_tui.ui.screens.support", "SupportScreen"),
}
TIER_COMMANDS: dict[str, tuple[str, str]] = {
    "rollup": ("Roll-up (r)", "Every team below yours: SQDCP yesterday and today, open work"),
    "inbox": ("Inbox (i)", "Escalations held by your teams: acknowledge, answer, pass on"),
    "kpis": ("Idea KPIs (K)", "Ideas per person, participation, implementation, answer times"),
    "cascade": ("Cascade (C)", "Objectives, the metrics that measure them and the metrics feeding them"),
    "support": ("Support (S)", "How fast the tiers above answer escalations and ideas"),
}


class HuddleApp(App[None]):
    """The huddle board app. Build it with `create_app`."""

    CSS_PATH = "huddle.tcss"
    TITLE = "huddle"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        # Tiers 2 and up (ui/screens/tier.py): each opens over the board; Escape comes back.
        Binding("r", "show('rollup')", "Roll-up", id="app.rollup"),
        Binding("i", "show('inbox')", "Inbox", id="app.inbox"),
        Binding("K", "show('kpis')", "Idea KPIs", id="app.kpis", show=False),
        Binding("C", "show('cascade')", "Cascade", id="app.cascade", show=False),
        Binding("S", "show('support')", "Support", id="app.support", show=False),
        Binding("escape", "back", "Back", id="app.back", show=False),
    ]

    def __init__(
        self,
        session_factory: SessionFactory,
        *,
        team_id: str | None = None,
        day: date | None = None,
        now: Callable[[], datetime] | None = None,
        read_only: bool = False,
        keymap_path: Path | None = None,
        watch: bool = True,
        cursor_blink: bool = True,
        animations: bool = True,
        export_dir: Path | None = None,
        start: str | None = None,
        cycle_seconds: float = 20.0,
    ) -> None:
        super().__init__()
        self.start = start  # None (board; a manager's inbox), or a TIER_SCREENS key, or "wall"
        self.wall = start == "wall"
        self.cycle_seconds = cycle_seconds
        if self.wall:
            read_only = True
        self.session_factory = session_factory
        self.start_team_id = team_id
        self.start_day = day
        self.clock = now
        self.read_only = read_only
        self.keymap_path = keymap_path
        self.watching = watch
        self.cursor_blink = cursor_blink
        self.export_dir = export_dir or Path.cwd()
        if not animations:
            self.animation_level = "none"
        self.session: Session | None = None
        self.keymap: dict[str, str] = {}
        self.last_remote_change: datetime | None = None
        self.remote_changes = 0

    # -- start and stop -----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        try:
            session = self.session_factory()
        except HuddleError as err:
            code = err.exit_code
            self.push_screen(ErrorModal(err), lambda _: self.exit(return_code=code))
            return
        except OSError as err:
            self.push_screen(ErrorModal(err), lambda _: self.exit(return_code=4))
            return
        if self.clock is not None:
            session.now = self.clock
        self.session = session
        self.apply_user_keymap()
        from huddle_tui.ui.screens.board import BoardScreen

        team_id = self.start_team_id or self.home_team_id(session)
        if team_id is None:
            self.push_screen(
                ErrorModal(
                    HuddleError(
                        "This board has no team yet.", hint="add one with 'huddle team add NAME --tier 1'"
                    )
                ),
                lambda _: self.exit(return_code=2),
            )
            return
        if self.wall:
            from huddle_tui.ui.screens.wall import WallScreen

            self.push_screen(WallScreen(self.start_team_id, cycle_seconds=self.cycle_seconds))
        else:
            self.push_screen(BoardScreen(team_id, self.start_day))
            first = self.start or ("inbox" if self.manager(session) else None)
            if first in TIER_SCREENS:
                self.action_show(first)
        if self.watching:
            try:
                session.board.watch(self._changed_in_thread)
            except OSError as err:  # pragma: no cover - watching is best effort
                self.notify(user_text(f"Not watching the board folder: {err}"), severity="warning")

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()

    def first_data_shown(self) -> None:
        """Benchmark hook (bench/app_bench.py), called when a screen has applied its data: with
        $HUDDLE_BENCH_READY=FILE set, write the time to FILE after the next refresh (once)."""
        path = os.environ.pop("HUDDLE_BENCH_READY", None)
        if path:
            self.call_after_refresh(lambda: Path(path).write_text(repr(time.time())))

    @staticmethod
    def home_team_id(session: Session) -> str | None:
        """The acting person's team, else the first tier-1 team, else the first team."""
        for person in (session.actor, session.os_person):
            if person is not None and person.team_id and session.directory.team_by_id(person.team_id):
                return person.team_id
        teams = session.directory.teams()
        chosen = [t for t in teams if t.tier == 1] or teams
        return chosen[0].id if chosen else None

    @staticmethod
    def manager(session: Session) -> bool:
        """A manager starts from the escalation inbox (brief section 2)."""
        actor = session.actor
        return actor is not None and Role(actor.role) is Role.MANAGER

    # -- tiers 2 and up -----------------------------------------------------------------------------------

    def action_show(self, name: str) -> None:
        """Open a tier screen over the board (one at a time: another tier screen on top is replaced)."""
        import importlib

        from huddle_tui.ui.screens.tier import TierScreen

        if self.session is None or self.wall or name not in TIER_SCREENS:
            return
        module, cls_name = TIER_SCREENS[name]
        cls = getattr(importlib.import_module(module), cls_name)
        stack = self.screen_stack
        open_at = next((i for i, screen in enumerate(stack) if isinstance(screen, cls)), None)
        if open_at is not None:  # already open (e.g. `r` on a board drilled into from the roll-up)
            for _ in range(len(stack) - 1 - open_at):
                self.pop_screen()
            return
        if isinstance(self.screen, TierScreen) and len(self.screen_stack) > 2:
            self.switch_screen(cls())
        else:
            self.push_screen(cls())

    def action_back(self) -> None:
        """Escape on a board opened from a tier screen (the roll-up's drill-in) goes back to it."""
        if self.check_action("back", ()):
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from textual.screen import ModalScreen

        from huddle_tui.ui.screens.board import BoardScreen
        from huddle_tui.ui.screens.tier import TierScreen

        if action == "show":
            return not self.wall and self.session is not None and not isinstance(self.screen, ModalScreen)
        if action == "back":
            stack = self.screen_stack
            return (
                len(stack) > 2
                and isinstance(stack[-1], BoardScreen)
                and any(isinstance(s, TierScreen) for s in stack[:-1])
            )
        return True

    # -- keymap and help ----------------------------------------------------------------------------------

    def binding_scopes(self) -> list[tuple[str, Iterable[BindingType]]]:
        from huddle_tui.ui.modals.confirm import ConfirmModal
        from huddle_tui.ui.modals.form import FormModal
        from huddle_tui.ui.screens.board import BoardScreen
        from huddle_tui.ui.screens.cascade import CascadeScreen
        from huddle_tui.ui.screens.detail import DetailScreen
        from huddle_tui.ui.screens.history import HistoryScreen
        from huddle_tui.ui.screens.idea_kpis import IdeaKpisScreen
        from huddle_tui.ui.screens.inbox import InboxScreen
        from huddle_tui.ui.screens.minutes import MinutesScreen
        from huddle_tui.ui.screens.rollup import RollupScreen
        from huddle_tui.ui.screens.standup import StandupScreen
        from huddle_tui.ui.screens.support import SupportScreen
        from huddle_tui.ui.screens.tier import TierScreen
        from huddle_tui.ui.screens.wall import WallScreen

        return [
            ("app", self.BINDINGS),
            ("board", BoardScreen.BINDINGS),
            ("detail", DetailScreen.BINDINGS),
            ("history", HistoryScreen.BINDINGS),
            ("standup", StandupScreen.BINDINGS),
            ("minutes", MinutesScreen.BINDINGS),
            ("tier", TierScreen.BINDINGS),
            ("rollup", RollupScreen.BINDINGS),
            ("inbox", InboxScreen.BINDINGS),
            ("kpis", IdeaKpisScreen.BINDINGS),
            ("cascade", CascadeScreen.BINDINGS),
            ("support", SupportScreen.BINDINGS),
            ("wall", WallScreen.BINDINGS),
            ("form", FormModal.BINDINGS),
            ("confirm", ConfirmModal.BINDINGS),
        ]

    def _shower(self, name: str) -> Callable[[], None]:
        return lambda: self.action_show(name)

    def apply_user_keymap(self) -> None:
        path = self.keymap_path if self.keymap_path is not None else default_keymap_path()
        if path is None or not path.exists():  # no keymap: no need to import every screen for its ids
            return
        keymap, problems = load_keymap(path, all_binding_ids(self.binding_scopes()))
        self.keymap = keymap
        if keymap:
            self.set_keymap(keymap)
        for problem in problems:
            self.notify(user_text(problem), title="Keymap", severity="warning", timeout=10)

    async def action_quit(self) -> None:
        """Quit; when a form holds typed text, ask first (nothing typed is silently dropped)."""
        from huddle_tui.ui.modals.confirm import ConfirmModal
        from huddle_tui.ui.modals.form import FormModal

        dirty = any(isinstance(s, FormModal) and s.is_dirty() for s in self.screen_stack)
        if not dirty or isinstance(self.screen, ConfirmModal):
            self.exit()
            return
        self.push_screen(
            ConfirmModal(
                "Quit and discard what you typed?",
                detail="A form still holds text that was not saved.",
                yes="Quit",
                no="Keep editing",
            ),
            lambda quit_now: self.exit() if quit_now else None,
        )

    def action_help(self) -> None:
        from huddle_tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        path = self.keymap_path if self.keymap_path is not None else default_keymap_path()
        self.push_screen(HelpScreen(binding_rows(self.binding_scopes(), self.keymap), path))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys", "Every key binding and its id (?)", self.action_help)
        if not self.wall and self.session is not None:
            for name, (title, help_text) in TIER_COMMANDS.items():
                yield SystemCommand(title, help_text, self._shower(name))
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()

    # -- acting person (kiosk) ----------------------------------------------------------------------------

    def with_actor(self, purpose: str, then: Callable[[Session], None], team_id: str | None = None) -> None:
        """Run `then(session)` with the person acting; on a kiosk ask who is entering (and a PIN) first."""
        session = self.session
        if session is None:
            return
        if self.read_only:
            self.notify(Content("This board is open read-only."), severity="warning")
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

    # -- live refresh -------------------------------------------------------------------------------------

    def _changed_in_thread(self, changed: set[tuple[str, str]]) -> None:
        """Called by the board watcher in its own thread: hand over to the UI thread."""
        if not changed:
            return
        session = self.session
        if session is not None:
            session.directory.note_changes(changed)
        with contextlib.suppress(RuntimeError):  # the app is shutting down
            self.call_from_thread(self.board_changed, changed)

    def board_changed(self, changed: set[tuple[str, str]]) -> None:
        """Reload every open screen that shows board data (they keep their cursors)."""
        self.remote_changes += 1
        self.last_remote_change = self.session.clock() if self.session else datetime.now(UTC)
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if callable(reload):
                reload()


def create_app(
    session_factory: SessionFactory | Path | str | None = None,
    *,
    session: Session | None = None,
    team_id: str | None = None,
    day: date | None = None,
    now: Callable[[], datetime] | None = None,
    read_only: bool = False,
    keymap_path: Path | None = None,
    watch: bool = True,
    cursor_blink: bool = True,
    animations: bool = True,
    export_dir: Path | None = None,
    start: str | None = None,
    cycle_seconds: float = 20.0,
) -> HuddleApp:
    """The one app factory (CLI and tests): a session factory, a board path, or an open `session`.

    `start`: the first screen over the board ("rollup", "inbox", "kpis", "cascade", "support"; default:
    the inbox for a manager), or "wall" for the read-only wall display cycling every `cycle_seconds`.
    """
    factory: SessionFactory
    if session is not None:
        opened = session

        def factory() -> Session:
            return opened

    elif isinstance(session_factory, (str, Path)):
        path = Path(session_factory)

        def factory() -> Session:
            return open_session(path, now=now)

    elif session_factory is not None:
        factory = session_factory
    else:
        raise TypeError("create_app needs a session factory, a board path or a session")
    return HuddleApp(
        factory,
        team_id=team_id,
        day=day,
        now=now,
        read_only=read_only,
        keymap_path=keymap_path,
        watch=watch,
        cursor_blink=cursor_blink,
        animations=animations,
        export_dir=export_dir,
        start=start,
        cycle_seconds=cycle_seconds,
    )
