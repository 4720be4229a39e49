"""Opening the Textual app from the command line: `huddle open`, `huddle wall`, and `run_app` for others.

    huddle open [--team T] [--screen inbox|rollup|kpis|cascade|support]   the interactive board
    huddle wall [--team T] [--cycle SECONDS]                               the read-only wall display

`huddle` without a command, `huddle inbox` on a terminal and every browser session of `huddle serve`
open the app through `run_app` as well. The session is opened from the usual options (--board or
$HUDDLE_BOARD, --as or $HUDDLE_USER, --pin, $HUDDLE_NOW), so the app acts as the same person as the
other commands. The wall runs read-only (no write binding, every write refused) and never times out.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from huddle_tui.cli.output import add_board_option, command, fixed_clock, session_from
from huddle_tui.errors import InvalidInput

if TYPE_CHECKING:
    from huddle_tui.ui.start import StartSpec

SCREENS = ("board", "inbox", "rollup", "kpis", "cascade", "support")
DEFAULT_CYCLE = 20.0


def register(subparsers: Any) -> None:
    """Add `open` and `wall`."""
    p = subparsers.add_parser("open", help="open the board in the terminal (the default without a command)")
    p.add_argument("--team", help="the team whose board opens (default: your team)")
    p.add_argument(
        "--screen",
        choices=SCREENS,
        help="the first screen over the board (default: the inbox for a manager, else the board)",
    )
    add_board_option(p)
    p.set_defaults(handler=open_handler)
    p = subparsers.add_parser("wall", help="the read-only wall display for a TV: large, live, cycling")
    p.add_argument("--team", help="the team shown (default: your team)")
    p.add_argument(
        "--cycle",
        type=float,
        default=DEFAULT_CYCLE,
        metavar="SECONDS",
        help=f"seconds per pane (default {DEFAULT_CYCLE:g})",
    )
    add_board_option(p)
    p.set_defaults(handler=wall_handler)


def run_app(
    args: argparse.Namespace,
    *,
    start: str | None = None,
    team: str | None = None,
    cycle_seconds: float = DEFAULT_CYCLE,
) -> int:
    """Open the session from `args`, run the app until it quits, return its exit code.

    The home board (no --team, --pin or first screen) starts from its snapshot when there is one of
    today (ui/start.py): the app draws it and opens the board in a worker. Otherwise the board opens
    first, so a bad --board or --as is reported here, before the terminal switches screens."""
    from huddle_tui.ui.app import create_app

    spec = home_start_spec(args) if start is None and team is None else None
    if spec is not None and can_start_from_snapshot(spec):
        app = create_app(session_factory=lambda: session_from(args), now=fixed_clock(), start_spec=spec)
        app.run()
        return int(app.return_code or 0)
    session = session_from(args)
    try:
        team_id = session.directory.team(team).id if team else None
    except BaseException:
        session.close()
        raise
    app = create_app(
        session=session,
        team_id=team_id,
        now=fixed_clock(),
        read_only=start == "wall",
        start=start,
        cycle_seconds=cycle_seconds,
        start_spec=spec,
    )
    app.run()
    return int(app.return_code or 0)


def home_start_spec(args: argparse.Namespace) -> StartSpec | None:
    """Who opens which board, for the home board's start snapshot (None with a PIN: a PIN is checked
    before anything of the board is shown)."""
    import os

    from huddle_tui.cli.output import board_path
    from huddle_tui.services.login import current_os_login
    from huddle_tui.ui.start import StartSpec

    if getattr(args, "pin", None):
        return None
    as_login = getattr(args, "as_login", None) or os.environ.get("HUDDLE_USER") or ""
    return StartSpec(board_path(args).absolute(), current_os_login(), as_login)


def can_start_from_snapshot(spec: StartSpec) -> bool:
    """True when the home board has a snapshot of today to draw first."""
    from datetime import UTC, datetime

    from huddle_tui.ui.start import read_start_snapshot

    clock = fixed_clock()
    return read_start_snapshot(spec, clock() if clock is not None else datetime.now(UTC)) is not None


@command
def open_handler(args: argparse.Namespace) -> int:
    return run_app(args, start=getattr(args, "screen", None), team=args.team)


@command
def wall_handler(args: argparse.Namespace) -> int:
    if not args.cycle >= 1:
        raise InvalidInput(f"--cycle {args.cycle:g} is too short.", hint="give at least 1 second per pane")
    return run_app(args, start="wall", team=args.team, cycle_seconds=args.cycle)
