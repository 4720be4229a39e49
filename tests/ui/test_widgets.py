"""Widgets render domain values readably (symbols without colour) and user text literally."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from huddle_tui.domain.ideas import Pick
from huddle_tui.domain.metrics import Status
from huddle_tui.ui.widgets.day_grid import DayGrid
from huddle_tui.ui.widgets.header_bar import HeaderBar, HeaderInfo
from huddle_tui.ui.widgets.pick_chart import PickChart
from huddle_tui.ui.widgets.safety_cross import SafetyCross, cross_positions
from huddle_tui.ui.widgets.status_cell import StatusCell, status_text
from huddle_tui.ui.widgets.status_sparkline import StatusSparkline, sparkline_text
from huddle_tui.ui.widgets.trend import Trend, TrendPoint, trend_lines

from .harness import HOSTILE_GROUPS, Host, probe, screen_text

TODAY = date(2026, 11, 27)
MONTH = {date(2026, 11, d): [Status.GREEN, Status.AMBER, Status.RED][d % 3] for d in range(1, 27)}


def test_status_symbols_read_without_colour() -> None:
    assert status_text(Status.RED, "12 min").plain == "✖ 12 min"
    assert status_text(Status.GREEN).plain == "●"
    assert {s.symbol for s in Status} == {"●", "▲", "✖", "·"}


def test_sparkline_pads_and_keeps_last_14() -> None:
    assert sparkline_text([Status.RED, Status.GREEN]).plain == "·" * 12 + "✖●"
    assert sparkline_text([Status.GREEN] * 20 + [Status.RED]).plain == "●" * 13 + "✖"


def test_cross_positions_cover_every_day() -> None:
    for days in (28, 29, 30, 31):
        numbers = [n for row in cross_positions(days) for n in row if n is not None]
        assert numbers == list(range(1, days + 1))
    first = cross_positions(31)[0]
    assert first[:2] == [None, None] and first[2:5] == [1, 2, 3]


def test_trend_folds_into_width_and_summarises() -> None:
    points = [
        TrendPoint(TODAY - timedelta(days=89 - i), float(i % 10), Status.RED if i % 10 > 7 else Status.GREEN)
        for i in range(90)
    ]
    chart, summary = trend_lines(points, target=7, unit="min", width=45)
    assert chart.cell_length == 45
    assert "target 7 min" in summary.plain and "18 ✖ red" in summary.plain
    assert trend_lines([], target=1, unit="", width=10)[0].plain.startswith("no readings")


async def test_widgets_mount_at_80x24() -> None:
    def build():  # type: ignore[no-untyped-def]
        from textual.containers import VerticalScroll

        return VerticalScroll(
            HeaderBar(
                HeaderInfo("Plant", "Cell 3", 1, "Team", TODAY, TODAY, "Early", "Ana", "supervisor", 3)
            ),
            StatusCell(Status.RED, "12 min"),
            StatusSparkline([Status.GREEN, Status.RED, Status.AMBER]),
            DayGrid(date(2026, 11, 1), MONTH, today=TODAY, selected=TODAY),
            SafetyCross(date(2026, 11, 1), MONTH, today=TODAY),
            Trend([TrendPoint(TODAY, 3.0, Status.GREEN)], target=2, unit="h"),
        )

    app = Host(widget=build)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app.screen)
        assert "Cell 3" in text and "✖ 12 min" in text and "·" * 11 + "●✖▲" in text
        assert "November 2026" in text and " 26✖" in text and "[27·]" in text
        assert " 28   29  " in text  # today without a reading; future day empty


@pytest.mark.parametrize("hostile", HOSTILE_GROUPS, ids=["markup", "escapes", "unicode", "40k"])
async def test_widgets_show_hostile_text_literally(hostile: str) -> None:
    def build():  # type: ignore[no-untyped-def]
        from textual.containers import Vertical

        return Vertical(
            HeaderBar(
                HeaderInfo(
                    hostile, hostile, 1, hostile, TODAY, TODAY, hostile, hostile, hostile, 1, None, (hostile,)
                )
            ),
            PickChart([(hostile, Pick.IMPLEMENT), (hostile, Pick.KILL), (hostile, None)]),
            Trend([TrendPoint(TODAY, 1.0, Status.RED)], target=0, unit=hostile),
        )

    app = Host(widget=build)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app.screen)
        assert probe(hostile, 30) in text
        assert "\x1b" not in text
        await pilot.click(PickChart, offset=(4, 2))  # a click on an idea title fires nothing
        await pilot.click(HeaderBar, offset=(3, 0))
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_statuses_read_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    def build():  # type: ignore[no-untyped-def]
        from textual.containers import Vertical

        return Vertical(
            StatusSparkline([Status.GREEN, Status.AMBER, Status.RED]),
            DayGrid(date(2026, 11, 1), MONTH, today=TODAY),
        )

    app = Host(widget=build)
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        svg = app.export_screenshot()
        for symbol in ("●", "▲", "✖"):
            assert symbol in svg


async def test_board_table_keeps_its_caches_when_the_rows_did_not_change() -> None:
    """A live reload (or the board going live over its start snapshot) with the same rows lays nothing
    out again; a changed cell, style or key does."""
    from rich.text import Text

    from huddle_tui.ui.widgets.board_table import BoardTable, Col

    from .harness import Host

    def rows(title: str = "Fix the jig", style: str = "") -> list[tuple[str, list[Text]]]:
        return [("a", [Text("1"), Text(title, style=style)]), ("b", [Text("2"), Text("[/] \x1b[31m")])]

    app = Host(lambda: BoardTable([Col("n", "N", 3), Col("t", "Title")], id="t"))
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(BoardTable)
        table.set_rows(rows())
        await pilot.pause()
        count = table._update_count
        table.set_rows(rows())
        assert table._update_count == count  # same rows: nothing cleared
        table.set_rows(rows(style="bold"))
        assert table._update_count != count
        count = table._update_count
        table.set_rows(rows("Fix the jig today", style="bold"))
        assert table._update_count != count
        assert "Fix the jig today" in table.row_text("a")
