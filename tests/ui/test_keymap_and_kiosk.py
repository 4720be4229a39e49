"""Keymap file (rebinding by id, bad files never crash) and the kiosk PIN for elevated people."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.worker import WorkerFailed

from huddle_tui.services import setup
from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.keymap import load_keymap
from huddle_tui.ui.modals.decide_idea import DecideIdeaModal
from huddle_tui.ui.modals.new_idea import NewIdeaModal
from huddle_tui.ui.modals.pin import PinModal
from huddle_tui.ui.modals.who_is_entering import WhoIsEnteringModal
from huddle_tui.ui.screens.board import BoardScreen

from .conftest import open_as


async def settle(pilot: Any) -> None:
    for _ in range(2):
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_load_keymap(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[keymap]\n"board.new" = "n, insert"\n"nope.x" = "z"\n"board.decide" = 3\n')
    keymap, problems = load_keymap(good, {"board.new", "board.decide"})
    assert keymap == {"board.new": "n,insert"}
    assert len(problems) == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("[keymap\n")
    assert load_keymap(bad)[0] == {} and "not valid TOML" in load_keymap(bad)[1][0]
    assert load_keymap(tmp_path / "missing.toml") == ({}, [])
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    assert load_keymap(binary)[0] == {}


async def test_keymap_file_rebinds_by_id(make_app: Callable[..., HuddleApp], tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"board.new" = "insert"\n')
    app = make_app(keymap_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "n")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("insert")
        await pilot.pause()
        assert isinstance(app.screen, NewIdeaModal)


async def test_bad_keymap_file_is_a_notification(make_app: Callable[..., HuddleApp], tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"board.new" = [\n')
    app = make_app(keymap_path=path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert any("not valid TOML" in str(n.message) for n in app._notifications)


async def test_kiosk_supervisor_needs_the_pin(make_app: Callable[..., HuddleApp], board_path: Path) -> None:
    admin = open_as(board_path)
    setup.set_pin(admin, "cmendes", "4711")
    admin.close()
    app = make_app(login="kiosk-assembly")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "d")
        await pilot.pause()
        assert isinstance(app.screen, WhoIsEnteringModal)
        await pilot.press(*"carlos", "enter")
        await pilot.pause()
        pin = app.screen
        assert isinstance(pin, PinModal)
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert app.screen is pin and "Wrong PIN" in pin.form_error()
        pin.widget("pin").value = "4711"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DecideIdeaModal)
