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
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from huddle_tui.domain.boardtime import as_utc
from huddle_tui.domain.teams import Role
from huddle_tui.errors import HuddleError
from huddle_tui.ui import css_cache, startup_gc
from huddle_tui.ui.kiosk import KioskEntry
from huddle_tui.ui.safe import user_text
from huddle_tui.ui.start import SnapshotStart

if TYPE_CHECKING:
    from huddle_tui.services.session import Session
    from huddle_tui.ui.start import StartSpec

# The store, the services and the modal forms are imported where they are first used: the start
# snapshot (ui/start.py) draws the board before any of them is needed.
SessionFactory = Callable[[], "Session"]

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


class HuddleApp(SnapshotStart, KioskEntry, App[None]):
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
        start_spec: StartSpec | None = None,
    ) -> None:
        super().__init__()
        self._css_warmed = css_cache.warm(self.stylesheet)  # the rules parsed when the app last quit
        self.start_spec = start_spec  # who opens which board: the key of the start snapshot
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

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run the app in the terminal, with the garbage collector paused until the board is live
        (`startup_gc`; tests use `run_test`, which leaves it alone)."""
        startup_gc.pause()
        try:
            return super().run(*args, **kwargs)
        finally:
            startup_gc.resume()

    def on_mount(self) -> None:
        if startup_gc.paused():
            self.set_timer(startup_gc.LONGEST_PAUSE, startup_gc.resume)
        self.apply_user_keymap()
        if self.start_from_snapshot():
            return
        opened = self._open_board()
        if isinstance(opened, tuple):
            self._open_failed(*opened)
            return
        self._session_opened(opened)

    def _open_board(self) -> Session | tuple[BaseException, int]:
        """Open the session (any thread); a failure comes back as (error, exit code)."""
        try:
            return self.session_factory()
        except HuddleError as err:
            return err, err.exit_code
        except OSError as err:
            return err, 4

    def _open_failed(self, error: BaseException, code: int) -> None:
        from huddle_tui.ui.modals.error import ErrorModal

        self.push_screen(ErrorModal(error), lambda _: self.exit(return_code=code))

    def _session_opened(self, session: Session, drawn: Any = None) -> None:
        """The board is open: show it (or bring the board `drawn` from the snapshot to life), then watch."""
        if self.clock is not None:
            session.now = self.clock
        self.session = session
        from huddle_tui.ui.screens.board import BoardScreen

        team_id = self.start_team_id or self.home_team_id(session)
        if team_id is None:
            self._open_failed(
                HuddleError(
                    "This board has no team yet.", hint="add one with 'huddle team add NAME --tier 1'"
                ),
                2,
            )
            return
        if self.wall:
            from huddle_tui.ui.screens.wall import WallScreen

            self.push_screen(WallScreen(self.start_team_id, cycle_seconds=self.cycle_seconds))
        elif isinstance(drawn, BoardScreen):
            drawn.board_opened(team_id)
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

    def now_utc(self) -> datetime:
        """The current time, UTC aware: the session's clock, or the app's before the board has opened."""
        if self.session is not None:
            return self.session.clock()
        return as_utc(self.clock() if self.clock is not None else datetime.now(UTC))

    def on_unmount(self) -> None:
        self.save_home_snapshot()
        css_cache.keep(self.stylesheet, self._css_warmed)
        if self.session is not None:
            self.session.close()

    def first_data_shown(self, screen: Screen[Any] | None = None) -> None:
        """A screen has applied its data. The board drawn from the start snapshot opens the board once it
        is on the terminal (so the worker does not slow the first frame down).

        Benchmark hooks (bench/app_bench.py): with $HUDDLE_BENCH_READY=FILE set, write the time to FILE
        after the next refresh (once); with $HUDDLE_BENCH_LIVE=FILE, the same once the data shown is live
        (the board has opened: at once without a start snapshot, a moment later with one)."""
        if screen is not None:
            self.snapshot_drawn(screen)
        if self.session is not None and startup_gc.paused():
            self.call_after_refresh(startup_gc.resume)  # the live board is drawn: the start is over
        hooks = ["HUDDLE_BENCH_READY"] + (["HUDDLE_BENCH_LIVE"] if self.session is not None else [])
        for hook in hooks:
            path = os.environ.pop(hook, None)
            if path:
                self.call_after_refresh(lambda path=path: Path(path).write_text(repr(time.time())))

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

        if action == "show":
            return not self.wall and self.session is not None and not isinstance(self.screen, ModalScreen)
        if action == "back":
            stack = self.screen_stack
            if len(stack) <= 2 or not isinstance(stack[-1], BoardScreen):
                return False
            # Not imported on the first frame's footer (the tier screens pull in their modals).
            from huddle_tui.ui.screens.tier import TierScreen

            return any(isinstance(s, TierScreen) for s in stack[:-1])
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
        from huddle_tui.ui.keymap import all_binding_ids, default_keymap_path, load_keymap

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
        from huddle_tui.ui.keymap import binding_rows, default_keymap_path

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
    start_spec: StartSpec | None = None,
) -> HuddleApp:
    """The one app factory (CLI and tests): a session factory, a board path, or an open `session`.

    `start`: the first screen over the board ("rollup", "inbox", "kpis", "cascade", "support"; default:
    the inbox for a manager), or "wall" for the read-only wall display cycling every `cycle_seconds`.
    `start_spec` (who opens which board) lets the app draw the home board from its snapshot while the
    board opens (ui/start.py); a board path gives one of its own.
    """
    factory: SessionFactory
    if session is not None:
        opened = session

        def factory() -> Session:
            return opened

    elif isinstance(session_factory, (str, Path)):
        path = Path(session_factory)

        def factory() -> Session:
            from huddle_tui.services.session import open_session

            return open_session(path, now=now)

        if start_spec is None:
            from huddle_tui.services.login import current_os_login
            from huddle_tui.ui.start import StartSpec

            as_login = os.environ.get("HUDDLE_USER") or ""
            start_spec = StartSpec(path.absolute(), current_os_login(), as_login, team_id or "")

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
        start_spec=start_spec,
    )
