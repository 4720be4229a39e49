"""Conflicts on the board: two replicas of a copy of the demo board retitle the same idea without seeing
each other; the board marks the row (≠), `H` opens its history with both values, and hostile titles show
literally. Plus a snapshot of the history screen at 80x24 (fixed versions, so it does not depend on the
wall clock the store stamps with)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from huddle_tui.services import persist, queries
from huddle_tui.services.views import FieldChange
from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.conflicts import CONFLICT_MARK, WINNER_MARK
from huddle_tui.ui.screens.detail import RecordScreen
from huddle_tui.ui.screens.history import HistoryScreen
from huddle_tui.ui.widgets.board_table import BoardTable

from .conftest import TEAM, open_as
from .harness import board, probe, screen_text, settle

AppFactory = Callable[..., HuddleApp]

# Hostile titles: markup, a click action, escape sequences, right-to-left text.
TITLE_LINE = "[@click=app.quit]x a[/]b \x1b[31mred\x1b[0m"
TITLE_OFFICE = "[$accent]x [bold red]nb[/] \x1b]52;c;SGVsbG8=\x07 שלום"


async def test_concurrent_title_edits_show_a_marker_and_both_values(
    make_app: AppFactory, board_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The office replica reads the board first, so its edit below will not have seen the line's edit.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-office"))
    office = open_as(board_path)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    try:
        original = queries.team_board(office, TEAM).ideas[0].idea
        line = open_as(board_path)  # the app's own replica
        assert line.board.replica_id != office.board.replica_id
        persist.update(line, original, replace(original, title=TITLE_LINE))
        line.close()

        app = make_app(watch=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            ideas = board(app).table("ideas")
            assert probe(TITLE_LINE) in ideas.row_text(original.id)
            assert CONFLICT_MARK not in ideas.row_text(original.id)

            await asyncio.to_thread(persist.update, office, original, replace(original, title=TITLE_OFFICE))
            landed = time.monotonic()
            while time.monotonic() - landed < 4 and CONFLICT_MARK not in ideas.row_text(original.id):
                await asyncio.sleep(0.1)
                await pilot.pause()
            shown = ideas.row_text(original.id)
            assert shown.startswith(CONFLICT_MARK) or f" {CONFLICT_MARK} " in shown
            assert probe(TITLE_OFFICE) in shown  # the newer edit won
            subtitle = board(app).query_one("#pane-ideas").border_subtitle
            assert subtitle is not None and f"{CONFLICT_MARK} 1 conflict" in str(subtitle)

            await pilot.press("2")
            ideas.move_cursor(row=ideas.get_row_index(original.id))
            await pilot.pause()
            await pilot.press("H")
            await settle(pilot)
            history = app.screen
            assert isinstance(history, HistoryScreen)
            titles = [c for c in history.changes if c.field == "title"]
            # the demo board's original title (another replica), then the two concurrent ones
            assert [c.value for c in titles] == [original.title, TITLE_LINE, TITLE_OFFICE]
            assert [c.winner for c in titles] == [False, False, True]
            assert [c.concurrent for c in titles] == [False, True, True]
            assert titles[1].replica != titles[2].replica
            text = screen_text(history)
            for title in (TITLE_LINE, TITLE_OFFICE):
                assert probe(title) in text
            assert "[@click=app.quit]x" in text and "[$accent]x" in text and "\x1b" not in text
            assert "Conflict" in text and WINNER_MARK in text
            # the selected version's whole value is shown literally below the table
            table = history.query_one("#history-table", BoardTable)
            table.move_cursor(row=history.changes.index(titles[1]))  # rows follow the changes
            await pilot.pause()
            value_box = history.query_one("#history-value").render()
            assert "[@click=app.quit]x a[/]b ␛[31mred" in str(value_box)

            await pilot.press("escape")  # back on the board; the detail screen notes the conflict too
            await pilot.press("enter")
            await settle(pilot)
            record = app.screen
            assert isinstance(record, RecordScreen)
            assert "Conflict: title" in screen_text(record)
            await pilot.press("H")
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen) and app.screen.record_id == original.id
            assert app.is_running  # no hostile click action fired
    finally:
        office.close()


async def test_history_without_conflict_and_on_the_metric_screen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert CONFLICT_MARK not in screen_text(board(app))
        await pilot.press("4", "H")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen) and app.screen.kind == "action"
        assert app.screen.changes and all(c.winner for c in app.screen.changes)
        assert "No conflicts" in screen_text(app.screen)
        await pilot.press("escape", "1", "enter")
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen) and app.screen.kind in ("reading", "metric")
        assert app.screen.changes


AT = datetime(2026, 11, 27, 14, 2, 11, tzinfo=UTC)


def _change(field: str, value: str, minute: int, by: str, replica: str, **flags: bool) -> FieldChange:
    return FieldChange(
        field=field,
        value=value,
        at=AT.replace(minute=minute),
        by=by,
        replica=replica,
        winner=flags.get("winner", True),
        concurrent=flags.get("concurrent", False),
    )


FIXED_HISTORY = [
    _change("detail", "Blue for 70 Shore, red for 90 Shore", 0, "Ana Díaz", "r7Kq2xWm"),
    _change("effort", "low", 0, "Ana Díaz", "r7Kq2xWm"),
    _change("status", "new", 0, "Ana Díaz", "r7Kq2xWm", winner=False),
    _change("status", "under_review", 5, "Carlos Mendes", "p3Fz9aLc"),
    _change(
        "title", "Colour-code the O-ring boxes", 6, "Ana Díaz", "r7Kq2xWm", winner=False, concurrent=True
    ),
    _change(
        "title", "Colour-code the O-ring boxes by hardness", 7, "Carlos Mendes", "p3Fz9aLc", concurrent=True
    ),
]


def test_history_snapshot(snap_compare: Any, make_app: AppFactory) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        screen = HistoryScreen(
            "idea",
            "idea-1",
            title="Colour-code the O-ring boxes by hardness",
            changes=FIXED_HISTORY,
            zone="UTC",
        )
        await pilot.app.push_screen(screen)
        await settle(pilot)
        table = screen.query_one("#history-table", BoardTable)
        assert table.current_key is not None and table.current_key.startswith("0:title:")  # the loser

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
