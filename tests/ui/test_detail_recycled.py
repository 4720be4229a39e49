"""Recycled detail screens (ui/screens/detail.py): the next open reuses the screen and shows the new record,
starting as a new screen does, and what changed while the screen was closed (here on another replica)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from huddle_tui.services import escalations
from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.screens.detail import RECYCLED, EscalationScreen, MetricScreen, RecordScreen
from huddle_tui.ui.widgets.board_table import BoardTable

from .conftest import open_as
from .harness import board, move_to, screen_text, settle

AppFactory = Callable[..., HuddleApp]


async def test_metric_screen_is_reused_for_the_next_metric(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        first = app.screen
        assert isinstance(first, MetricScreen)
        readings = first.query_one("#metric-readings", BoardTable)
        await pilot.press("down", "down")
        assert readings.cursor_row == 2
        title = screen_text(first.query_one("#detail-title"))
        await pilot.press("escape", "j", "enter")
        await settle(pilot)
        assert app.screen is first  # the same screen, given the next metric
        assert first.metric_id == board(app).table("metrics").current_key
        assert screen_text(first.query_one("#detail-title")) != title
        assert readings.cursor_row == 0 and first.focused is readings  # starts as a new screen does
        await pilot.press("escape", "2", "enter")
        await settle(pilot)
        record = app.screen
        assert isinstance(record, RecordScreen) and record.has_record()
        assert app.is_screen_installed(record)  # built in the background after the first detail
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is board(app) and len(app.screen_stack) == 2  # the default screen, the board


async def test_escalation_screen_shows_what_changed_while_closed(
    make_app: AppFactory, board_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        esc_id = await move_to(pilot, app, "escalations", "Pallet racking")
        await pilot.press("enter")
        await settle(pilot)
        first = app.screen
        assert isinstance(first, EscalationScreen)
        assert "new racking on Friday" not in screen_text(first)
        await pilot.press("escape")
        await settle(pilot)
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-2"))
        other = open_as(board_path)
        await asyncio.to_thread(escalations.answer, other, esc_id, "new racking on Friday")
        other.close()
        for _ in range(40):
            await asyncio.sleep(0.1)
            await pilot.pause()
            if app.remote_changes:
                break
        assert app.remote_changes
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is first
        assert "new racking on Friday" in screen_text(first)


async def test_a_detail_that_cannot_load_goes_back_and_shows_why(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        shown = app.screen
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(MetricScreen("no-such-metric", date(2026, 11, 27)))  # the recycled screen
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        assert shown not in app.screen_stack  # not left showing the metric it showed before
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is board(app)


async def test_months_not_read_yet_are_read_in_a_worker(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first open of a metric reads its older months in a thread worker (the screen says so
    meanwhile, with nothing of another metric on it); once they are read, opens fetch at once."""
    import threading

    fetched_on: list[str] = []
    original = MetricScreen.fetch
    gate = threading.Event()

    def fetch(self: MetricScreen) -> tuple[object, ...]:
        fetched_on.append(threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            assert gate.wait(30)  # the months "take long" to read
        return original(self)

    monkeypatch.setattr(MetricScreen, "fetch", fetch)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        detail = MetricScreen(board(app).table("metrics").current_key or "", date(2026, 11, 27))
        assert not detail.at_hand()  # September and October are not read yet: the board shows November
        app.push_screen(detail)
        await pilot.pause()
        assert "reading 2026-11…" in screen_text(detail.query_one("#detail-title"))
        assert not detail.query_one("#metric-readings", BoardTable).row_count
        spares = [f"detail-{cls.__name__}" for cls in RECYCLED if cls is not MetricScreen]
        assert not any(app.is_screen_installed(name) for name in spares)  # not while it reads
        await pilot.press("j")  # the keys work meanwhile
        gate.set()
        await settle(pilot)
        assert fetched_on == [fetched_on[0]] and fetched_on[0] != threading.current_thread().name
        assert "reading" not in screen_text(detail.query_one("#detail-title"))
        assert detail.query_one("#metric-readings", BoardTable).row_count
        assert detail.query_one("#metric-grid").display
        assert all(app.is_screen_installed(name) for name in spares)  # once it has shown its data

        await pilot.press("escape", "enter")  # the same metric again: read already, fetched at once
        await settle(pilot)
        assert app.screen is detail and detail.at_hand()
        assert fetched_on[1] == threading.current_thread().name
