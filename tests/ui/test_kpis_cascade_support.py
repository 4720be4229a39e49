"""Idea KPIs (periods, rolled up, bar chart), the cascade tree and the support view."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Tree

from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.screens.cascade import CascadeScreen
from huddle_tui.ui.screens.detail import MetricScreen
from huddle_tui.ui.screens.idea_kpis import IdeaKpisScreen
from huddle_tui.ui.screens.support import SupportScreen
from huddle_tui.ui.widgets.bar_chart import BarChart, bar_string
from huddle_tui.ui.widgets.board_table import BoardTable

from .harness import settle
from .tier_helpers import table_rows

AppFactory = Callable[..., HuddleApp]


def test_bar_string_scales_in_eighths() -> None:
    assert bar_string(1, 1, 4) == "████"
    assert bar_string(0.5, 1, 4) == "██"
    assert bar_string(1, 8, 1) == "▏"
    assert bar_string(0, 1, 4) == "" and bar_string(3, 0, 4) == ""
    assert bar_string(9, 1, 3) == "███"  # clipped at the maximum


async def test_kpis_roll_up_and_switch_period(make_app: AppFactory) -> None:
    app = make_app(login="hbrandt", team="Riverside Plant", start="kpis")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IdeaKpisScreen) and screen.days == 90
        rows = table_rows(screen.query_one(BoardTable))
        assert rows[0].startswith("Riverside Plant (all)") and len(rows) == 14
        total = screen.view.rows[0].kpis.ideas
        assert total == sum(r.kpis.ideas for r in screen.view.rows if r.depth == 1)  # rolled up
        await pilot.press("3")
        await settle(pilot)
        assert screen.days == 365 and screen.view.rows[0].kpis.ideas >= total
        await pilot.press("1")
        await settle(pilot)
        assert screen.days == 30 and screen.view.rows[0].kpis.ideas <= total
        chart = screen.query_one(BarChart)
        assert chart.title.startswith("Ideas per person") and len(chart.bars) == 5
        await pilot.press("b")
        assert chart.title.startswith("Participation") and chart.maximum == 1.0


async def test_cascade_is_a_tree_of_text_labels_and_opens_a_metric(make_app: AppFactory) -> None:
    app = make_app(login="hbrandt", team="Riverside Plant", start="cascade")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CascadeScreen)
        tree = screen.query_one(Tree)
        objectives = list(tree.root.children)
        assert objectives and all(isinstance(n.label, Text) for n in objectives)
        metric = objectives[0].children[0]
        assert metric.children, "the plant metric lists the area metrics feeding it"
        assert isinstance(metric.children[0].label, Text)
        assert metric.children[0].children, "and the area metric the team metrics"
        tree.move_cursor(metric)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MetricScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_support_lists_the_managers_own_row_first(make_app: AppFactory) -> None:
    app = make_app(login="ahaddad", team="Assembly", start="support")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SupportScreen)
        rows = table_rows(screen.query_one(BoardTable))
        assert rows[0].startswith("▸ Amira Haddad")
        assert rows[1].startswith("▸ Assembly")
        assert any("Riverside Plant" in r for r in rows)
