"""A fast start: draw the home board from its snapshot, while the board itself opens in a worker.

Opening a plant-size board merges every replica's files, which takes a few hundred milliseconds, so the
app (`HuddleApp`, started from a board path: `huddle open`, `huddle demo`) does this instead:

1. read the snapshot of the home board this person saw last (`services.snapshots`): who opened it
   (`StartSpec`), the team, the loaded view and the board settings;
2. when it is of today's production day, draw it at once, with "opening the board…" in the header;
   keys that only look (cursor, panes, filter, the palette) work, the ones that need the board wait;
3. open the session in a thread worker once that frame is on the terminal and no key or click has come
   for OPEN_WHEN_QUIET (at most OPEN_AT_THE_LATEST after the frame, or at once on a key that needs the
   board): the worker holds the interpreter about half the time, so the first keys are answered first,
   at full speed. When the session is open the board reloads live, exactly as on a change from another
   replica (the cursor stays on its record);
4. save a fresh snapshot after the first live load and when the app quits.

Without a snapshot, or for another day, a PIN, a chosen team or first screen, the app opens the board
before drawing anything, as before. `SnapshotStart` is the part of HuddleApp that does this.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.geometry import Size
from textual.screen import Screen

from huddle_tui.domain import actions, boardtime, escalations, huddles, ideas, metrics, settings, teams
from huddle_tui.services import board_views as views
from huddle_tui.services import snapshots
from huddle_tui.ui.screens.board import BoardScreen, Loaded
from huddle_tui.ui.widgets.header_bar import HeaderInfo

if TYPE_CHECKING:
    from huddle_tui.services.session import Session


OPEN_WHEN_QUIET = 0.2  # s without a key or a click, after the snapshot's frame, before the board opens
OPEN_AT_THE_LATEST = 0.5  # s after the snapshot's frame: the board opens then, keys or not


@dataclass(frozen=True)
class StartSpec:
    """Who opens which board: the key of their home board's snapshot."""

    board_path: Path
    os_login: str
    as_login: str = ""
    team_id: str = ""  # a board opened on a chosen team keeps its own snapshot

    @property
    def name(self) -> str:
        return snapshots.snapshot_name("home-board", self.os_login, self.as_login, self.team_id)


@dataclass(frozen=True)
class BoardSnapshot:
    """What the home board showed: its team, the loaded view, and the settings that give "today"."""

    team_id: str
    loaded: Loaded
    settings: settings.BoardSettings
    # The terminal's size and each table's width then: on a terminal of that size the tables lay out
    # their columns before the first frame (not in a second one, once the layout has sized them).
    terminal: tuple[int, int] = (0, 0)
    table_widths: tuple[tuple[str, int], ...] = ()


@functools.cache
def shape() -> str:
    """The fingerprint of every class a snapshot holds (a snapshot of another shape is ignored)."""
    return snapshots.fingerprint(
        [
            BoardSnapshot,
            Loaded,
            HeaderInfo,
            views.TeamBoard,
            views.MetricRow,
            views.DayCell,
            views.IdeaRow,
            views.EscalationRow,
            views.ActionRow,
            metrics.Metric,
            metrics.Reading,
            ideas.Idea,
            escalations.Escalation,
            escalations.EscalationMove,
            actions.Action,
            huddles.Huddle,
            teams.Team,
            settings.BoardSettings,
            settings.Shift,
            settings.AgendaStep,
        ]
    )


def read_start_snapshot(spec: StartSpec, now_utc: datetime) -> BoardSnapshot | None:
    """The home board to draw first: the snapshot, when it shows today's production day at `now_utc`,
    with the header's day and shift brought up to now and marked as opening; else None. A naive
    `now_utc` is taken as UTC (as `boardtime` takes every instant)."""
    snap = snapshots.load_snapshot(spec.board_path, spec.name, shape())
    if not isinstance(snap, BoardSnapshot) or not isinstance(snap.loaded, Loaded):
        return None
    try:
        day, shift = boardtime.shift_at(now_utc, snap.settings)
    except Exception:  # settings of an unknown time zone, say: open the usual way
        return None
    if snap.loaded.board.day != day:
        return None
    header = replace(
        snap.loaded.header, today=day, shift=shift.name if shift else "", warnings=(), opening=True
    )
    return replace(snap, loaded=replace(snap.loaded, header=header))


def write_start_snapshot(spec: StartSpec, snap: BoardSnapshot) -> bool:
    """Keep `snap` as the home board to draw first next time (best effort). Its header says nothing of
    the last remote change: the next start has seen none yet, as its live board will say."""
    header = replace(snap.loaded.header, opening=False, last_remote_change=None)
    live = replace(snap, loaded=replace(snap.loaded, header=header))
    return snapshots.save_snapshot(spec.board_path, spec.name, shape(), live)


class SnapshotStart:
    """The fast start, mixed into HuddleApp: draw the home board from its snapshot, open the board in a
    thread worker, then bring the board to life (`HuddleApp._session_opened`); keep the snapshot."""

    # provided by HuddleApp
    start_spec: StartSpec | None
    session: Session | None
    session_factory: Callable[[], Session]
    wall: bool
    start: str | None
    start_day: date | None
    start_team_id: str | None
    _open_board: Callable[[], Session | tuple[BaseException, int]]
    _open_failed: Callable[[BaseException, int], None]
    _session_opened: Callable[..., None]
    now_utc: Callable[[], datetime]
    manager: Callable[[Session], bool]
    home_team_id: Callable[[Session], str | None]
    is_running: bool
    push_screen: Callable[..., Any]
    call_after_refresh: Callable[..., Any]
    call_from_thread: Callable[..., Any]
    run_worker: Callable[..., Any]
    size: Size
    set_timer: Callable[..., Any]

    _home_snapshot: BoardSnapshot | None = None
    _home_snapshot_saved = False
    _drawn_from_snapshot: Screen[Any] | None = None
    _open_pending: Screen[Any] | None = None  # the snapshot's board, drawn; the board not opening yet
    _snapshot_shown_at = 0.0
    _last_input_at = 0.0

    @property
    def _home_board_first(self) -> bool:
        """The app opens on the board (no wall, no first screen) and knows who opens it: the home
        board's snapshot may be drawn and kept."""
        return self.start_spec is not None and not self.wall and self.start is None

    def start_from_snapshot(self) -> bool:
        """Draw the home board from its snapshot and open the board in a worker; False: no snapshot."""
        spec = self.start_spec
        if spec is None or not self._home_board_first or self.start_day is not None:
            return False
        snap = read_start_snapshot(spec, self.now_utc())
        if snap is None or (self.start_team_id is not None and snap.team_id != self.start_team_id):
            return False
        widths = dict(snap.table_widths) if snap.terminal == tuple(self.size) else {}
        screen = BoardScreen(snap.team_id, preloaded=snap.loaded, table_widths=widths)
        self._drawn_from_snapshot = screen
        self.push_screen(screen)
        return True

    def snapshot_drawn(self, screen: Screen[Any]) -> None:
        """`screen` has applied its data: when it is the board drawn from the snapshot, open the board
        once that frame is on the terminal and the keys have been quiet for a moment (`_open_when_quiet`)."""
        if screen is self._drawn_from_snapshot:
            self._drawn_from_snapshot = None
            self._open_pending = screen
            self._snapshot_shown_at = self._last_input_at = time.monotonic()
            self.set_timer(OPEN_WHEN_QUIET, self._open_when_quiet)

    def _open_when_quiet(self) -> None:
        """Open the board in its worker once no key or click has come for OPEN_WHEN_QUIET seconds (or
        OPEN_AT_THE_LATEST after the snapshot's frame, keys or not). Opening merges every replica's files
        in a thread, which holds the interpreter about half the time: the first keys someone presses on
        the board just drawn are answered first, at full speed."""
        screen = self._open_pending
        if screen is None:
            return
        due = min(self._last_input_at + OPEN_WHEN_QUIET, self._snapshot_shown_at + OPEN_AT_THE_LATEST)
        wait = due - time.monotonic()
        if wait > 0:
            self.set_timer(wait, self._open_when_quiet)
            return
        self.open_board_now()

    def open_board_now(self) -> None:
        """Open the board now, quiet keys or not (a key that needs it: Enter on a record)."""
        screen, self._open_pending = self._open_pending, None
        if screen is not None:
            self._open_in_worker(screen)

    async def on_event(self, event: events.Event) -> None:
        if self._open_pending is not None and isinstance(event, (events.Key, events.MouseDown)):
            self._last_input_at = time.monotonic()
        await super().on_event(event)  # type: ignore[misc]

    def _open_in_worker(self, drawn: Screen[Any]) -> None:
        self.run_worker(
            lambda: self._open_session_thread(drawn), thread=True, group="open", exit_on_error=False
        )

    def _open_session_thread(self, drawn: Screen[Any]) -> None:
        opened = self._open_board()
        if isinstance(opened, tuple):
            self._call_or_drop(self._open_failed, *opened)
            return
        session = opened
        if not self._call_or_drop(self._session_opened, session, drawn):
            session.close()  # the app quit while the board was opening

    def _call_or_drop(self, callback: Callable[..., Any], *args: Any) -> bool:
        """Run `callback` on the UI thread from a worker; False when the app has already stopped."""
        if not self.is_running:
            return False
        try:
            self.call_from_thread(callback, *args)
        except RuntimeError:
            return False
        return True

    def remember_board(self, screen: BoardScreen, loaded: Loaded) -> None:
        """A board screen loaded live data (in its worker): when it is the home board of today, keep it
        as the start snapshot (at once the first time, then when the app quits)."""
        session, spec = self.session, self.start_spec
        if session is None or spec is None or not self._home_board_first or self.manager(session):
            return
        team_id = screen.team_id
        if screen.fixed_day is not None or team_id != (self.start_team_id or self.home_team_id(session)):
            return
        widths = tuple(sorted(screen.table_widths().items()))
        snap = BoardSnapshot(team_id, loaded, session.settings, (self.size.width, self.size.height), widths)
        first = self._home_snapshot is None
        self._home_snapshot = snap
        self._home_snapshot_saved = first and write_start_snapshot(spec, snap)

    def save_home_snapshot(self) -> None:
        """Keep the home board last loaded live, if it was not saved yet (when the app quits)."""
        snap, spec = self._home_snapshot, self.start_spec
        if snap is not None and spec is not None and not self._home_snapshot_saved:
            self._home_snapshot_saved = write_start_snapshot(spec, snap)
