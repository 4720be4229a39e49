"""A fast start: draw the home board from its snapshot, while the board itself opens in a worker.

Opening a plant-size board merges every replica's files, which takes a few hundred milliseconds, so the
app (`HuddleApp`, started from a board path: `huddle open`, `huddle demo`) does this instead:

1. read the snapshot of the home board this person saw last (`services.snapshots`): who opened it
   (`StartSpec`), the team, the loaded view and the board settings;
2. when it is of today's production day, draw it at once, with "opening the board…" in the header;
   keys that only look (cursor, panes, filter, the palette) work, the ones that need the board wait;
3. open the session in a thread worker; when it is open the board reloads live, exactly as on a change
   from another replica (the cursor stays on its record);
4. save a fresh snapshot after the first live load and when the app quits.

Without a snapshot, or for another day, a PIN, a chosen team or first screen, the app opens the board
before drawing anything, as before.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from huddle_tui.domain import actions, boardtime, escalations, huddles, ideas, metrics, settings, teams
from huddle_tui.services import board_views as views
from huddle_tui.services import snapshots
from huddle_tui.ui.screens.board import Loaded
from huddle_tui.ui.widgets.header_bar import HeaderInfo


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
    with the header's day and shift brought up to now and marked as opening; else None."""
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
    """Keep `snap` as the home board to draw first next time (best effort)."""
    live = replace(snap, loaded=replace(snap.loaded, header=replace(snap.loaded.header, opening=False)))
    return snapshots.save_snapshot(spec.board_path, spec.name, shape(), live)
