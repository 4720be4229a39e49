"""Regenerate screenshots/*.svg from the demo board with a fixed clock.

    uv run python scripts/screenshots.py [--out screenshots] [--only NAME ...]

The demo board is generated in a temporary folder (seed 42, "now" 2026-11-27 15:00 UTC); each picture is
taken with `app.save_screenshot` under `App.run_test` at the size named in the file name. `--only` takes
just the named pictures. The history picture is taken on a copy of the board where a second replica
retitled an idea at the same time as this one (the store stamps with the wall clock, so its times differ
from run to run).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.worker import WorkerFailed

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
TEAM = "Pump Line A"


def fixed_now() -> datetime:
    return NOW


async def settle(pilot: Any) -> None:
    for _ in range(3):
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _go_safety(pilot: Any) -> None:
    await pilot.press("1", "home", "enter")


async def _go_scrap_red(pilot: Any) -> None:
    board = pilot.app.screen
    table = board.table("metrics")
    key = next(k for k, _ in table.all_rows if "Scrap cost" in table.row_text(k))
    table.move_cursor(row=table.get_row_index(key))
    await pilot.press("n", *"950")


async def _go_kiosk(pilot: Any) -> None:
    await pilot.press("2", "n", *"ev")


async def _go_escalation(pilot: Any) -> None:
    await pilot.press("3", "enter")


def _standup(*keys: str) -> Callable[[Any], Awaitable[None]]:
    """Start (or join) the huddle (h), go back to its first step, then press `keys` one at a time."""

    async def run(pilot: Any) -> None:
        for key in ("h", *["backspace"] * 5, *keys):
            await pilot.press(key)
            await settle(pilot)

    return run


def _keys(*keys: str) -> Callable[[Any], Awaitable[None]]:
    async def run(pilot: Any) -> None:
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


SHOTS: list[tuple[str, tuple[int, int], str, Callable[[Any], Awaitable[None]] | None]] = [
    ("board-80x24", (80, 24), "tester", None),
    ("board-120x40", (120, 40), "tester", None),
    ("board-200x60", (200, 60), "tester", None),
    ("board-yesterday-120x40", (120, 40), "tester", lambda p: p.press("left_square_bracket")),
    ("ideas-80x24", (80, 24), "tester", lambda p: p.press("2")),
    ("pick-chart-120x40", (120, 40), "tester", lambda p: p.press("2", "p")),
    ("safety-cross-120x40", (120, 40), "tester", _go_safety),
    ("safety-cross-80x24", (80, 24), "tester", _go_safety),
    ("escalation-120x40", (120, 40), "tester", _go_escalation),
    ("log-red-reading-80x24", (80, 24), "tester", _go_scrap_red),
    ("kiosk-who-is-entering-80x24", (80, 24), "kiosk-assembly", _go_kiosk),
    ("help-120x40", (120, 40), "tester", lambda p: p.press("question_mark")),
    # Tiers 2 and up, as the plant manager (a manager starts on the inbox; r, K, C, S open the others).
    ("inbox-120x40", (120, 40), "hbrandt", None),
    ("inbox-80x24", (80, 24), "hbrandt", None),
    ("rollup-120x40", (120, 40), "hbrandt", lambda p: p.press("r")),
    ("rollup-80x24", (80, 24), "hbrandt", lambda p: p.press("r")),
    ("idea-kpis-120x40", (120, 40), "hbrandt", lambda p: p.press("K")),
    ("cascade-120x40", (120, 40), "hbrandt", lambda p: p.press("C")),
    ("support-120x40", (120, 40), "hbrandt", lambda p: p.press("S")),
    # Standup mode last: it starts (and the last shot ends) today's huddle on the shared demo board.
    ("standup-safety-80x24", (80, 24), "tester", _standup()),
    ("standup-results-120x40", (120, 40), "tester", _standup("space")),
    ("standup-ideas-80x24", (80, 24), "tester", _standup("space", "space", "space")),
    ("standup-escalations-120x40", (120, 40), "tester", _standup("space", "space", "space", "space")),
    (
        "standup-minutes-120x40",
        (120, 40),
        "tester",
        _standup("p", "j", "p", "j", "j", "p", "g", *"Ana (Quality)", "enter", "f", "y"),
    ),
]


async def _go_history(pilot: Any) -> None:
    """The conflicting idea (the newest of the ideas pane) and its history (H)."""
    await pilot.press("2", "home", "H")


# Pictures taken on a copy of the board with a conflict (see `make_conflict`).
CONFLICT_SHOTS: list[tuple[str, tuple[int, int], str, Callable[[Any], Awaitable[None]] | None]] = [
    ("history-120x40", (120, 40), "tester", _go_history),
]


def make_conflict(board: Path, state: Path) -> None:
    """Retitle the team's newest idea on this replica and, without seeing that, on a second replica."""
    from dataclasses import replace

    from huddle_tui.services import persist, queries
    from huddle_tui.services.session import open_session

    own_state = os.environ["XDG_STATE_HOME"]
    os.environ["XDG_STATE_HOME"] = str(state)
    office = open_session(board, os_login="tester", now=fixed_now)
    os.environ["XDG_STATE_HOME"] = own_state
    line = open_session(board, os_login="tester", now=fixed_now)
    try:
        idea = queries.team_board(line, TEAM).ideas[0].idea
        persist.update(line, idea, replace(idea, title=f"{idea.title} (blue = soft)"))
        persist.update(office, idea, replace(idea, title=f"{idea.title} and size"))
    finally:
        line.close()
        office.close()


# The wall display (`huddle wall`): read-only, at a TV's size too. (name, size, team, pane steps)
WALL_SHOTS: list[tuple[str, tuple[int, int], str, int]] = [
    ("wall-120x40", (120, 40), TEAM, 0),
    ("wall-80x24", (80, 24), TEAM, 0),
    ("wall-safety-200x60", (200, 60), TEAM, 1),
    ("wall-rollup-120x40", (120, 40), "Assembly", -1),
]


async def take(
    board: Path,
    out: Path,
    name: str,
    size: tuple[int, int],
    login: str,
    steps: Any,
    start: str | None = None,
    team: str = TEAM,
) -> None:
    from huddle_tui.services.session import open_session
    from huddle_tui.ui.app import create_app

    probe = open_session(board, os_login="tester", now=fixed_now)
    team_id = probe.directory.team(team).id
    probe.close()
    app = create_app(
        lambda: open_session(board, os_login=login, now=fixed_now),
        team_id=team_id,
        now=fixed_now,
        watch=False,
        cursor_blink=False,
        animations=False,
        keymap_path=board / "no-keymap.toml",
        start=start,
        cycle_seconds=3600,
    )
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if steps is not None:
            await steps(pilot)
            await settle(pilot)
        app.save_screenshot(f"{name}.svg", path=str(out))
    print(f"wrote {out / (name + '.svg')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "screenshots")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="take only these pictures (no .svg)")
    args = parser.parse_args(argv)
    wanted = set(args.only or [])

    def chosen(name: str) -> bool:
        return not wanted or name in wanted

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="huddle-shots-") as tmp:
        os.environ["XDG_STATE_HOME"] = str(Path(tmp) / "state")
        os.environ.pop("HUDDLE_USER", None)
        from huddle_tui.demo.generate import generate

        board = Path(tmp) / "board"
        generate(board, size="team", now=NOW, os_login="tester")
        if any(chosen(shot[0]) for shot in CONFLICT_SHOTS):
            conflicted = Path(tmp) / "board-conflict"
            shutil.copytree(board, conflicted)
            make_conflict(conflicted, Path(tmp) / "state-office")
            for name, size, login, steps in CONFLICT_SHOTS:
                if chosen(name):
                    asyncio.run(take(conflicted, args.out, name, size, login, steps))
        for name, size, team, presses in WALL_SHOTS:
            if not chosen(name):
                continue
            keys = ["left"] if presses < 0 else ["space"] * presses
            asyncio.run(take(board, args.out, name, size, "tester", _keys(*keys), start="wall", team=team))
        for name, size, login, steps in SHOTS:
            if chosen(name):
                asyncio.run(take(board, args.out, name, size, login, steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
