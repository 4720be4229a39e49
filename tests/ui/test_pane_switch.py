"""Pane switches on the board do the least work that draws the same frame.

BoardTable renders a cell from its laid-out text (kept across focus states) exactly as DataTable renders it
afresh; the pane boxes carry the focus (`-focused`, as `:focus-within` would) and the current pane
(`-active`) as classes; the tables take their focus style as soon as the focus moves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.screens.board import PANES, BoardScreen
from huddle_tui.ui.widgets.board_table import BoardTable, Col

from .harness import HOSTILE, Host, settle

AppFactory = Callable[..., HuddleApp]


def hostile_rows() -> list[tuple[str, list[Text]]]:
    samples = [*HOSTILE, "", "x", "wide 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字", "tab\there", " padded "]
    rows = []
    for index, sample in enumerate(samples):
        rows.append(
            (
                f"r{index}",
                [
                    Text(str(index), style="bold white on red" if index % 3 == 0 else "", end=""),
                    Text(sample[:300], end=""),
                    Text.assemble((sample[:5], "bold"), (" tail", "dim"), end=""),
                    Text("漢字" * (index % 4), style="#ff8c00", end=""),
                ],
            )
        )
    return rows


async def test_board_table_cells_render_as_datatable_renders_them() -> None:
    columns = [Col("n", "#", 3), Col("text", "Text"), Col("mix", "Mix", 9), Col("wide", "Wide", 5)]
    app = Host(lambda: BoardTable(columns, id="t"))
    async with app.run_test(size=(90, 30)) as pilot:
        table = app.query_one(BoardTable)
        table.set_rows(hostile_rows())
        await pilot.pause()
        checked = 0
        table.focus()
        for focus in (True, False):
            if not focus:
                table.blur()
            await pilot.pause()
            assert table.has_focus is focus
            table._pseudo_class_state = table.get_pseudo_class_state()
            base = table.rich_style
            for row in range(-1, table.row_count):
                for column in range(len(table.columns)):
                    width = table.ordered_columns[column].get_render_width(table)
                    for cursor in (False, True):
                        for hover in (False, True):
                            table._cell_render_cache.clear()
                            ours = table._render_cell(row, column, base, width, cursor, hover)
                            table._cell_render_cache.clear()
                            theirs = DataTable._render_cell(table, row, column, base, width, cursor, hover)
                            assert ours == theirs, (focus, row, column, cursor, hover)
                            checked += 1
        assert checked > 300


def boxes(screen: BoardScreen) -> dict[str, Any]:
    return {pane: screen.query_one(f"#pane-{pane}") for pane in PANES}


async def test_pane_classes_follow_the_focus_and_the_keys(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        for key in "2341" + "3":
            await pilot.press(key)
            await pilot.pause()
            for pane, box in boxes(screen).items():
                assert box.has_class("-focused") == box.has_focus_within, (key, pane)
                assert box.has_class("-active") == (pane == screen.pane), (key, pane)
                table = screen.table(pane)
                assert table.has_focus == (app.focused is table)
        # The focus leaves the panes (the filter box): no pane is highlighted; back again.
        await pilot.press("slash")
        await pilot.pause()
        assert not any(box.has_class("-focused") for box in boxes(screen).values())
        await pilot.press("escape")
        await pilot.pause()
        assert boxes(screen)["escalations"].has_class("-focused")
        # The border follows: the focused pane's border is the accent colour, the others are not.
        accent = boxes(screen)["escalations"].styles.border_top[1]
        assert all(boxes(screen)[p].styles.border_top[1] != accent for p in ("metrics", "ideas", "actions"))


async def test_narrow_board_shows_the_active_pane_only(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        for key in "2341":
            await pilot.press(key)
            await pilot.pause()
            shown = [pane for pane, box in boxes(screen).items() if box.display]
            assert shown == [screen.pane]
            assert f" {key} " in str(screen.query_one("#tabs").render())
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert all(box.display for box in boxes(screen).values())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert [pane for pane, box in boxes(screen).items() if box.display] == ["metrics"]


def style_rules(widget: Any) -> tuple[Any, Any]:
    components = {name: styles.base.get_rules() for name, styles in widget._component_styles.items()}
    return widget.styles.base.get_rules(), components


async def test_restyled_from_the_cache_as_the_stylesheet_styles(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        for key in "1234" * 3 + "2":  # every pane focused and blurred, again from the kept styles
            await pilot.press(key)
            await pilot.pause()
            for pane, box in boxes(screen).items():
                for widget in (box, screen.table(pane)):
                    kept = style_rules(widget)
                    app.stylesheet.apply(widget)  # what Textual's stylesheet gives it now
                    assert style_rules(widget) == kept, (key, pane, widget)


async def test_a_theme_change_redraws_tables_and_footer(make_app: AppFactory) -> None:
    from textual.geometry import Region

    from huddle_tui.ui.widgets.footer import KeyLine

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        for key in "1212":
            await pilot.press(key)
            await pilot.pause()
        line = screen.query_one(KeyLine)
        before = list(line.render_line(0))
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        for key in "1212":
            await pilot.press(key)
            await pilot.pause()
            for pane in ("metrics", "ideas"):
                table = screen.table(pane)
                region = Region(0, 0, table.size.width, table.size.height)
                kept = [list(strip) for strip in table.render_lines(region)]
                table._clear_caches()
                assert kept == [list(strip) for strip in table.render_lines(region)], (key, pane)
        after = list(line.render_line(0))
        assert after != before  # the keys take the new theme's colours
        line._strips.clear()
        line.refresh()
        assert list(line.render_line(0)) == after


async def test_a_table_drawn_ahead_is_put_back_and_drawn_the_same(make_app: AppFactory) -> None:
    from textual.geometry import Region

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        table, box = screen.table("ideas"), boxes(screen)["ideas"]
        region = Region(0, 0, table.size.width, table.size.height)
        before = (table.has_focus, set(box.classes), style_rules(table), style_rules(box))
        shown = [list(strip) for strip in table.render_lines(region)]
        table._strips.clear()
        screen._draw_ahead("ideas")
        assert (table.has_focus, set(box.classes), style_rules(table), style_rules(box)) == before
        assert [list(strip) for strip in table.render_lines(region)] == shown
        assert len(table._strips) == 2  # the state it is in, and the focused one drawn ahead
        await pilot.press("2")
        await pilot.pause()
        ahead = [list(strip) for strip in table.render_lines(region)]
        table._clear_caches()
        assert ahead == [list(strip) for strip in table.render_lines(region)]


async def test_a_click_in_another_pane_moves_the_pane_and_its_keys(make_app: AppFactory) -> None:
    from huddle_tui.ui.widgets.footer import CalmFooter, KeyLine

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        await pilot.click("#escalations", offset=(5, 2))
        await pilot.pause()
        await pilot.pause()
        assert screen.pane == "escalations" and app.focused is screen.table("escalations")
        assert boxes(screen)["escalations"].has_class("-focused")
        assert boxes(screen)["escalations"].has_class("-active")
        line = screen.query_one(CalmFooter).query_one(KeyLine)
        assert "Move" in str(line.render()) and "Decide" not in str(line.render())


async def test_pane_boxes_draw_from_their_cache_the_same_as_afresh(make_app: AppFactory) -> None:
    from textual.geometry import Region

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        for key in "1234" * 2 + "31":
            await pilot.press(key)
            await pilot.pause()
            for pane, box in boxes(screen).items():
                region = Region(0, 0, box.size.width, box.size.height)
                kept = [list(strip) for strip in box.render_lines(region)]
                box._lines.clear()
                box._styles_cache.clear()
                assert kept == [list(strip) for strip in box.render_lines(region)], (key, pane)
        assert any(box._lines for box in boxes(screen).values())
