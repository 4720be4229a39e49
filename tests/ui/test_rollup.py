"""The roll-up: every team below as a row of a tree; Enter drills into a team's board, Escape comes back."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from huddle_tui.services import queries
from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.screens.board import BoardScreen
from huddle_tui.ui.screens.rollup import RollupScreen, RollupView, last_huddles
from huddle_tui.ui.widgets.board_table import BoardTable

from .conftest import open_as, team_id
from .harness import settle
from .tier_helpers import put_cursor, table_rows

AppFactory = Callable[..., HuddleApp]


async def test_rollup_drill_in_and_escape_back(make_app: AppFactory, board_path: Path) -> None:
    app = make_app(login="hbrandt", team="Riverside Plant")  # plant manager: starts on the inbox
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        rollup = app.screen
        assert isinstance(rollup, RollupScreen)
        table = rollup.query_one(BoardTable)
        rows = table_rows(table)
        assert len(rows) == 13  # every team below the plant
        assert rows[0].startswith("Assembly") and rows[1].startswith("  Pump Line A")  # a tree
        line_a = await put_cursor(pilot, table, "Pump Line A")
        await pilot.press("enter")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen) and board.team_id == line_a
        assert board.board is not None and board.board.team.name == "Pump Line A"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is rollup
        assert table.current_key == line_a  # the cursor stayed on the team
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")  # the roll-up is already open below: back to it, no second copy
        await settle(pilot)
        assert app.screen is rollup and len(app.screen_stack) == 3
        await pilot.press("i")  # another tier screen replaces the roll-up
        await settle(pilot)
        assert type(app.screen).__name__ == "InboxScreen"
        assert not any(isinstance(s, RollupScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen) and len(app.screen_stack) == 2
        await pilot.press("escape")  # the root board stays
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen) and len(app.screen_stack) == 2


def test_rollup_rows_carry_status_open_work_and_last_huddle(board_path: Path) -> None:
    session = open_as(board_path, "hbrandt")
    try:
        started = time.perf_counter()
        view = RollupView(
            queries.rollup(session, team_id(board_path, "Riverside Plant")),
            last_huddles(session),
            session.clock().date(),
        )
        elapsed = time.perf_counter() - started
    finally:
        session.close()
    cells = {
        r.team.name: " ".join(
            c.plain
            for c in RollupScreen.cells(
                r, view.rollup.categories, view.last_huddle.get(r.team.id), view.today
            )
        )
        for r in view.rollup.rows
    }
    assert any("✖" in text for text in cells.values())  # a red category somewhere
    assert any("!" in text for text in cells.values())  # something overdue
    assert any(text.endswith((" d", "today", "never")) for text in cells.values())
    assert elapsed < 1.0, f"roll-up of the demo board took {elapsed:.2f} s"


async def test_help_and_palette_list_the_tier_screens(make_app: AppFactory) -> None:
    from .harness import screen_text

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Roll-up (r)", "Inbox (i)", "Idea KPIs (K)", "Cascade (C)", "Support (S)"):
            assert wanted in titles
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app.screen)
        for binding_id in ("app.rollup", "app.inbox", "inbox.answer", "inbox.up", "kpis.365", "wall.next"):
            assert binding_id in text
        await pilot.press("escape")
        await pilot.press("C")  # from the board: an admin without a team sees the whole plant
        await settle(pilot)
        assert type(app.screen).__name__ == "CascadeScreen"
