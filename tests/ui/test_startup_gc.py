"""The garbage collector is paused while the app starts and back on once the board is live."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from huddle_tui.ui import startup_gc

from .harness import board, settle
from .test_start_snapshot import build, first_run, gated, spec_of


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    assert gc.isenabled()
    yield
    startup_gc.resume()
    gc.unfreeze()  # give this test process its objects back to collect
    gc.enable()


def test_pause_and_resume_pair_up() -> None:
    startup_gc.pause()
    assert not gc.isenabled() and startup_gc.paused()
    startup_gc.resume()
    assert gc.isenabled() and not startup_gc.paused()
    assert gc.get_freeze_count() > 0
    startup_gc.resume()  # twice: nothing more
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off() -> None:
    gc.disable()
    startup_gc.pause()
    assert not startup_gc.paused()
    startup_gc.resume()
    assert not gc.isenabled()


async def test_run_pauses_the_collector_until_the_board_is_live(board_path: Path) -> None:
    await first_run(board_path)  # a start snapshot: the board opens in a worker, behind the gate
    gate = threading.Event()
    seen: dict[str, bool] = {}

    async def drive(pilot: Pilot[None]) -> None:
        await pilot.pause()
        seen["opening"] = gc.isenabled()
        gate.set()
        await settle(pilot)
        assert board(pilot.app).live  # type: ignore[arg-type]
        await pilot.pause(0.1)
        seen["live"] = gc.isenabled()
        pilot.app.exit()

    app = build(gated(board_path, gate), spec_of(board_path))
    await asyncio.to_thread(app.run, headless=True, size=(120, 40), auto_pilot=drive)
    assert seen == {"opening": False, "live": True}
    assert gc.isenabled()
