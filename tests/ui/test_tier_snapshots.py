"""Snapshot tests of the tier 2+ screens and the wall display on the demo board (fixed clock).

Roll-up, inbox, idea KPIs, cascade and support as the plant manager (Helena Brandt), and the wall display
of Pump Line A, each at 80x24 and 120x40. Test functions are sync (the plugin runs its own loop);
`uv run pytest tests/ui/test_tier_snapshots.py --snapshot-update` after a deliberate visual change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from textual.worker import WorkerFailed

from huddle_tui.ui.app import HuddleApp

SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]
SCREENS = ["rollup", "inbox", "kpis", "cascade", "support", "wall"]


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("screen", SCREENS)
def test_tier_screen_snapshot(
    snap_compare: Any, make_app: Callable[..., HuddleApp], screen: str, size: tuple[int, int]
) -> None:
    if screen == "wall":
        app = make_app(start="wall", cycle_seconds=3600)
    else:
        app = make_app(login="hbrandt", start=screen)
    assert snap_compare(app, terminal_size=size, run_before=_settle)
