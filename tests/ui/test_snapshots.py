"""Snapshot tests (pytest-textual-snapshot, textual pinned): widgets, every modal, the board and details.

Run `uv run pytest tests/ui/test_snapshots.py --snapshot-update` after a deliberate visual change and
look at the report. Test functions are sync (the plugin runs its own event loop).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.worker import WorkerFailed

from huddle_tui.domain.escalations import MoveKind
from huddle_tui.domain.ideas import Pick
from huddle_tui.domain.metrics import Status
from huddle_tui.errors import Refused
from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.modals.complete_action import CompleteActionModal
from huddle_tui.ui.modals.confirm import ConfirmModal
from huddle_tui.ui.modals.decide_idea import DecideIdeaModal
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.modals.log_reading import LogReadingModal
from huddle_tui.ui.modals.move_escalation import MoveEscalationModal
from huddle_tui.ui.modals.new_action import NewActionModal
from huddle_tui.ui.modals.new_idea import NewIdeaModal
from huddle_tui.ui.modals.pin import PinModal
from huddle_tui.ui.modals.raise_escalation import RaiseEscalationModal
from huddle_tui.ui.modals.rate_idea import RateIdeaModal
from huddle_tui.ui.modals.who_is_entering import WhoIsEnteringModal
from huddle_tui.ui.widgets.day_grid import DayGrid
from huddle_tui.ui.widgets.header_bar import HeaderBar, HeaderInfo
from huddle_tui.ui.widgets.pick_chart import PickChart
from huddle_tui.ui.widgets.safety_cross import SafetyCross
from huddle_tui.ui.widgets.status_sparkline import StatusSparkline
from huddle_tui.ui.widgets.trend import Trend, TrendPoint

from .harness import Host

TODAY = date(2026, 11, 27)
ROSTER = [("p1", "Ana Díaz"), ("p2", "Bo Chen"), ("p3", "Chidi Okoro")]
SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]


def _status(value: float) -> Status:
    return Status.RED if value > 180 else Status.AMBER if value > 150 else Status.GREEN


MODALS: dict[str, Callable[[], Any]] = {
    "new_idea": lambda: NewIdeaModal(today=TODAY),
    "log_reading_red": lambda: LogReadingModal(
        "Scrap cost",
        status_of=_status,
        roster=ROSTER,
        unit="EUR",
        target_text="≤ 180 EUR",
        value=950,
        today=TODAY,
    ),
    "decide_idea": lambda: DecideIdeaModal("Colour-code the O-ring boxes by hardness", today=TODAY),
    "rate_idea": lambda: RateIdeaModal("Colour-code the O-ring boxes by hardness", today=TODAY),
    "raise_escalation": lambda: RaiseEscalationModal(to_team="Assembly", today=TODAY),
    "move_escalation": lambda: MoveEscalationModal(
        "Pallet racking at station 5 is damaged",
        peer_teams=[("q", "Quality"), ("m", "Maintenance")],
        kind=MoveKind.SIDEWAYS,
        today=TODAY,
    ),
    "new_action": lambda: NewActionModal(ROSTER, today=TODAY),
    "complete_action": lambda: CompleteActionModal("Quarantine bar stock batch 7", today=TODAY),
    "who_is_entering": lambda: WhoIsEnteringModal(
        [(i, n, "ic") for i, n in ROSTER], purpose="submit an idea"
    ),
    "pin": lambda: PinModal("Carlos Mendes", action="decide on an idea", today=TODAY),
    "confirm": lambda: ConfirmModal(
        "Discard what you typed?", detail="The form has unsaved text.", yes="Discard"
    ),
    "error": lambda: ErrorModal(Refused("Deciding on ideas needs a supervisor.", hint="ask your supervisor")),
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", list(MODALS))
def test_modal_snapshot(snap_compare: Any, name: str, size: tuple[int, int]) -> None:
    assert snap_compare(Host(modal=MODALS[name]), terminal_size=size)


def _widgets() -> VerticalScroll:
    month = {
        date(2026, 11, d): [Status.GREEN, Status.GREEN, Status.AMBER, Status.RED][d % 4] for d in range(1, 27)
    }
    return VerticalScroll(
        HeaderBar(
            HeaderInfo(
                "Riverside", "Pump Line A", 1, "Team", TODAY, TODAY, "Late", "Ana Díaz", "supervisor", 3
            )
        ),
        StatusSparkline([Status.GREEN, Status.RED, Status.AMBER, Status.NONE, Status.GREEN]),
        DayGrid(date(2026, 11, 1), month, today=TODAY, selected=date(2026, 11, 26)),
        SafetyCross(date(2026, 11, 1), month, today=TODAY),
        Trend(
            [
                TrendPoint(date(2026, 9, 1), float(d % 9), Status.RED if d % 9 > 6 else Status.GREEN)
                for d in range(90)
            ],
            target=6,
            unit="min",
        ),
        PickChart(
            [("Label the bins", Pick.IMPLEMENT), ("New press", Pick.CHALLENGE), ("Tidy", Pick.POSSIBLE)]
        ),
    )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_widgets_snapshot(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(Host(widget=_widgets), terminal_size=size)


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _then(*keys: str) -> Callable[[Any], Any]:
    async def run(pilot: Any) -> None:
        await _settle(pilot)
        if keys:
            await pilot.press(*keys)
            await _settle(pilot)

    return run


BOARD_VIEWS = {
    "board_80x24": ((80, 24), ()),
    "board_yesterday_120x40": ((120, 40), ("left_square_bracket",)),
    "pick_chart_120x40": ((120, 40), ("2", "p")),
    "safety_cross_80x24": ((80, 24), ("1", "enter")),
    "metric_day_grid_120x40": ((120, 40), ("1", "down", "enter")),
    "escalation_120x40": ((120, 40), ("3", "enter")),
    "escalation_80x24": ((80, 24), ("3", "enter")),
    "pick_chart_80x24": ((80, 24), ("2", "p")),
    "idea_detail_80x24": ((80, 24), ("2", "enter")),
    "action_detail_120x40": ((120, 40), ("4", "enter")),
}


@pytest.mark.parametrize("view", list(BOARD_VIEWS))
def test_board_snapshot(snap_compare: Any, make_app: Callable[..., HuddleApp], view: str) -> None:
    size, keys = BOARD_VIEWS[view]
    assert snap_compare(make_app(), terminal_size=size, run_before=_then(*keys))
