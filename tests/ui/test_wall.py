"""The wall display: read-only, cycles its panes, refuses every write key of the board and the palette."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import ContentSwitcher

from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.screens.board import WRITE_ACTIONS, BoardScreen
from huddle_tui.ui.screens.inbox import InboxScreen
from huddle_tui.ui.screens.wall import WallScreen

from .harness import screen_text, settle
from .tier_helpers import board_files

AppFactory = Callable[..., HuddleApp]


def write_keys() -> list[str]:
    """Every key bound to a write on the board or the inbox, plus the tier screens' keys."""
    keys: list[str] = []
    for binding in [*BoardScreen.BINDINGS, *InboxScreen.BINDINGS, *HuddleApp.BINDINGS]:
        assert isinstance(binding, Binding)
        action = binding.action.split("(")[0]
        if action in WRITE_ACTIONS or action in ("move", "show", "huddle"):
            keys.extend(k.strip() for k in binding.key.split(","))
    return keys


async def test_wall_refuses_every_write_key_and_writes_nothing(
    make_app: AppFactory, board_path: Path
) -> None:
    app = make_app(start="wall", cycle_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        wall = app.screen
        assert isinstance(wall, WallScreen) and app.read_only
        before = board_files(board_path)
        keys = write_keys()
        assert {"n", "d", "m", "x", "a", "c", "e", "r", "i", "h"} <= set(keys)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is wall, f"{key} opened {app.screen!r}"
            assert not any(isinstance(s, ModalScreen) for s in app.screen_stack)
        # And through the palette / the app: the write flow refuses without calling its continuation.
        called: list[object] = []
        app.with_actor("submit an idea", called.append)
        await pilot.pause()
        assert not called
        titles = [c.title for c in app.get_system_commands(wall)]
        for write in ("New idea", "Log a reading", "Raise escalation", "Move escalation", "Inbox (i)"):
            assert write not in titles
        await settle(pilot)
        assert board_files(board_path) == before


async def test_wall_cycles_panes_and_shows_the_team_large(make_app: AppFactory) -> None:
    app = make_app(team="Assembly", start="wall", cycle_seconds=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        wall = app.screen
        assert isinstance(wall, WallScreen)
        assert wall.panes[-1] == "rollup"  # a tier-2 team: the teams below are a pane
        text = screen_text(wall)
        assert "Assembly" in text and "SAFETY" in text
        switcher = wall.query_one(ContentSwitcher)
        first = switcher.current
        await pilot.pause(1.3)
        assert switcher.current != first  # cycled by the timer
        await pilot.press("space")
        await pilot.pause()
        loads = wall.loads
        app.board_changed({("idea", "x")})  # a change from another replica reloads it
        await settle(pilot)
        assert wall.loads > loads
