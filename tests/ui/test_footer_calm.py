"""CalmFooter draws the keys Textual's Footer would show, in the same order and looking the same, in one
line that a pane switch repaints in place (no new widgets, no layout)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Label

from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.screens.board import BoardScreen
from huddle_tui.ui.widgets.footer import CalmFooter, KeyLine

from .harness import settle

AppFactory = Callable[..., HuddleApp]


def expected(screen: Any) -> list[tuple[str, str, bool]]:
    """The keys Textual's Footer shows: the first shown binding of each action, in order."""
    out: list[tuple[str, str, bool]] = []
    actions: set[str] = set()
    for _node, binding, enabled, _tooltip in screen.active_bindings.values():
        if binding.show and binding.action not in actions:
            actions.add(binding.action)
            out.append((binding.key, binding.description, enabled))
    return out


def shown(footer: CalmFooter) -> list[tuple[str, str, bool]]:
    line = footer.query_one(KeyLine)
    return [(key.key, key.description, key.enabled) for key in line.keys]


async def test_footer_shows_the_pane_keys_after_every_switch(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        footer = screen.query_one(CalmFooter)
        line = footer.query_one(KeyLine)
        for key in "1234" * 2 + "2413":
            await pilot.press(key)
            await pilot.pause()
            assert shown(footer) == expected(screen), key
            text = str(line.render())
            assert all(description in text for _k, description, _e in expected(screen)), key
        # The same line widget throughout: a switch repaints it, nothing is composed again.
        assert footer.query_one(KeyLine) is line
        await pilot.press("2")
        await pilot.pause()
        assert "Decide" in str(line.render())
        await pilot.press("4")
        await pilot.pause()
        assert "Decide" not in str(line.render()) and shown(footer) == expected(screen)


async def test_board_table_renders_from_its_cache_the_same_as_afresh(make_app: AppFactory) -> None:
    from textual.geometry import Region

    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        table = screen.table("metrics")
        region = Region(0, 0, table.size.width, table.size.height)
        for key in "2121":  # blurred and focused, each twice: the second time from the cache
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            cached = [list(strip) for strip in table.render_lines(region)]
            table._clear_caches()
            assert cached == [list(strip) for strip in table.render_lines(region)], key


class Keys(App[None]):
    """Nine keys: one disabled (check_action None), one hidden (False), one with wide characters."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New"),
        Binding("e", "edit", "Edit"),
        Binding("d", "decide", "Decide"),
        Binding("p", "pick", "PICK chart", tooltip="Show the PICK chart"),
        Binding("x", "gone", "Gone"),
        Binding("left_square_bracket", "back", "Day back"),
        Binding("ctrl+r", "reload", "Reload"),
        Binding("h", "huddle", "Huddle"),
        Binding("w", "wide", "漢字 wide"),
    ]

    def __init__(self, footer: Callable[[], Footer]) -> None:
        super().__init__()
        self.footer = footer
        self.ran: list[str] = []
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield Label("keys")
        yield self.footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return {"decide": None, "gone": False}.get(action, True)

    def action_new(self) -> None:
        self.ran.append("new")

    def action_decide(self) -> None:
        self.ran.append("decide")

    def bell(self) -> None:
        self.bells += 1


def cells(app: App[Any]) -> list[list[tuple[str, Any, Any, bool, bool]]]:
    """Every cell of the screen as it looks: character, colours, bold and dim, however the strips are cut
    (a blank's text colour does not show: the footer's gaps are blanks with or without one)."""
    out = []
    for strip in app.screen._compositor.render_strips():
        line = []
        for segment in strip:
            style = segment.style
            assert style is not None and not (style.underline or style.strike)
            for char in segment.text:
                color = None if char == " " else style.color
                line.append((char, color, style.bgcolor, bool(style.bold), bool(style.dim)))
        out.append(line)
    return out


async def looks(footer: Callable[[], Footer], size: tuple[int, int], hover: int | None) -> tuple[Any, str]:
    app = Keys(footer)
    async with app.run_test(size=size) as pilot:
        for _ in range(3):
            await pilot.pause()
        if hover is not None:
            await pilot.hover(None, offset=(hover, size[1] - 1))
            await pilot.pause()
            await pilot.pause()
        svg = app.export_screenshot()
        return cells(app), re.sub(r"terminal-\d+", "terminal", svg)


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("size", [(120, 6), (40, 6)])
async def test_footer_looks_like_textuals_footer(compact: bool, size: tuple[int, int]) -> None:
    for hover in (None, 2, 9, 17, 30):  # nothing, keys (one disabled) and after the last key
        their_cells, their_svg = await looks(lambda: Footer(compact=compact), size, hover)
        our_cells, our_svg = await looks(lambda: CalmFooter(compact=compact), size, hover)
        assert our_cells == their_cells, (compact, size, hover)
        if size[0] == 120:  # at 40 columns keys run under the palette key: the same cells, cut otherwise
            assert our_svg == their_svg, (compact, size, hover)


async def test_footer_keys_click_like_textuals() -> None:
    app = Keys(CalmFooter)
    async with app.run_test(size=(120, 6)) as pilot:
        await pilot.pause()
        await pilot.pause()
        line = app.query_one(KeyLine)
        text = str(line.render())
        await pilot.click(KeyLine, offset=(text.index("New"), 0))
        await pilot.pause()
        assert app.ran == ["new"]
        await pilot.click(KeyLine, offset=(text.index("Decide"), 0))  # disabled: the bell, no action
        await pilot.pause()
        assert app.ran == ["new"] and app.bells == 1
        await pilot.hover(KeyLine, offset=(text.index("PICK"), 0))
        await pilot.pause()
        assert line.tooltip == "Show the PICK chart"


async def test_keys_drawn_ahead_are_the_keys_drawn(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        footer = screen.query_one(CalmFooter)
        line = footer.query_one(KeyLine)
        shown_now = list(line.render_line(0))
        screen.pane = "ideas"
        ideas_keys = footer.shown_keys()
        screen.pane = "metrics"
        assert ideas_keys != line.keys
        line.draw_ahead(ideas_keys)
        assert list(line.render_line(0)) == shown_now  # drawing ahead shows nothing
        await pilot.press("2")
        await pilot.pause()
        assert line.keys == ideas_keys
        ahead = list(line.render_line(0))
        line._strips.clear()
        line.refresh()
        assert ahead == list(line.render_line(0))
