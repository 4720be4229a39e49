"""CalmFooter updates its keys in place: after any pane switch it shows exactly the keys Textual's
Footer would show, in the same order, and keeps its key widgets once each pane has been visited."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.widgets._footer import FooterKey
from textual.worker import WorkerFailed

from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.screens.board import BoardScreen
from huddle_tui.ui.widgets.footer import CalmFooter

AppFactory = Callable[..., HuddleApp]


async def settle(pilot: Any) -> None:
    for _ in range(3):
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def expected(screen: BoardScreen) -> list[tuple[str, str, bool]]:
    """The keys Textual's Footer shows: the first shown binding of each action, in order."""
    out: list[tuple[str, str, bool]] = []
    actions: set[str] = set()
    for _node, binding, enabled, _tooltip in screen.active_bindings.values():
        if binding.show and binding.action not in actions:
            actions.add(binding.action)
            out.append((binding.key, binding.description, enabled))
    return out


def shown(footer: CalmFooter) -> list[tuple[str, str, bool]]:
    return [
        (key.key, key.description, not key.has_class("-disabled"))
        for key in footer.query(FooterKey)
        if key.display and not key.has_class("-command-palette")
    ]


async def test_footer_shows_the_pane_keys_after_every_switch(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        footer = screen.query_one(CalmFooter)
        widgets: list[int] = []
        for key in "1234" * 2 + "2413":
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert shown(footer) == expected(screen), key
            widgets.append(len(footer.query(FooterKey)))
        # Once every pane has been visited the key widgets are reused, not rebuilt.
        assert len(set(widgets[4:])) == 1
        assert footer.query(FooterKey).first(FooterKey) is footer.query(FooterKey).first(FooterKey)
        decide = [k for k in footer.query(FooterKey) if k.action == "decide"]
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        assert [k for k in footer.query(FooterKey) if k.action == "decide"] == decide
        assert decide and decide[0].display
        await pilot.press("4")
        await pilot.pause()
        await pilot.pause()
        assert not decide[0].display and shown(footer) == expected(screen)


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
