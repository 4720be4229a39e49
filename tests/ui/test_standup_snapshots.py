"""Snapshot tests of standup mode on the demo board with a fixed clock: each agenda step at 80x24 and
120x40, a step running over its timebox, the refusal to end, and the minutes.

Run `uv run pytest tests/ui/test_standup_snapshots.py --snapshot-update` after a deliberate visual
change and look at the report. Test functions are sync (the plugin runs its own event loop).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.worker import WorkerFailed

from huddle_tui.services.session import open_session
from huddle_tui.ui.app import HuddleApp, create_app

from .conftest import NOW, TEAM

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
STEPS = ["safety", "results", "actions", "ideas", "escalations"]


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _at_step(index: int, *extra: str) -> Callable[[Any], Any]:
    async def run(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("h")
        await _settle(pilot)
        for _ in range(index):
            await pilot.press("space")
            await _settle(pilot)
        if extra:
            await pilot.press(*extra)
            await _settle(pilot)

    return run


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("step", STEPS)
def test_standup_step_snapshot(
    snap_compare: Any, make_app: Callable[..., HuddleApp], step: str, size: str
) -> None:
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=_at_step(STEPS.index(step)))


class _Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> Any:
        return self.now


def test_standup_over_time_snapshot(snap_compare: Any, board_path: Path, tmp_path: Path) -> None:
    """Results step 1:30 over its box and the whole huddle 2 minutes over: red clocks, '+', words."""
    clock = _Clock()
    probe = open_session(board_path, os_login="tester", now=clock)
    team_id = probe.directory.team(TEAM).id
    probe.close()
    app = create_app(
        lambda: open_session(board_path, os_login="tester", now=clock),
        team_id=team_id,
        now=clock,
        watch=False,
        cursor_blink=False,
        animations=False,
        keymap_path=tmp_path / "no-keymap.toml",
        export_dir=tmp_path / "exports",
    )

    async def run(pilot: Any) -> None:
        await _at_step(0)(pilot)
        clock.now = NOW + timedelta(minutes=11, seconds=30)
        await pilot.press("space")
        await _settle(pilot)
        clock.now = NOW + timedelta(minutes=17)
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run)


@pytest.mark.parametrize("size", list(SIZES))
def test_minutes_snapshot(snap_compare: Any, make_app: Callable[..., HuddleApp], size: str) -> None:
    """The minutes right after ending the huddle (nothing unsettled on the demo board)."""
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=_at_step(4, "f", "y"))


def test_standup_results_with_reds_snapshot(
    snap_compare: Any, make_app: Callable[..., HuddleApp], board_path: Path
) -> None:
    """Reds first at 80x24: one lacking its reason, one lacking its countermeasure (flags in words)."""
    import dataclasses

    from huddle_tui.services import persist, readings

    session = open_session(board_path, os_login="tester", now=lambda: NOW)
    try:
        team = session.directory.team(TEAM).id
        day = NOW.date() - timedelta(days=1)
        for metric, value, reason in (
            ("Scrap cost", "950", ""),
            ("First pass yield", "91", "leak test rig down"),
        ):
            logged = readings.log_reading(session, metric, value, team_ref=team, day=day, reason="x")
            bare = dataclasses.replace(logged.reading, reason=reason)
            persist.update(session, logged.reading, bare, partition=f"{day:%Y-%m}")
    finally:
        session.close()
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_at_step(1))
