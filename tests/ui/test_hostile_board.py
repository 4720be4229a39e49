"""Hostile text in every field of every record: the board, every detail and every form show it literally.

Markup (`[/]`, `[@click=app.quit]x`, `[$accent]x`), escape sequences, 40k characters, emoji, right-to-left
text and newlines go in through the services; the walk visits every pane, detail and form, clicks on the
text, and checks that nothing crashed, nothing fired and the text reads as typed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.worker import WorkerFailed

from huddle_tui.domain.text import clean_text
from huddle_tui.services import actions, escalations, ideas, readings, setup
from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.modals.confirm import ConfirmModal
from huddle_tui.ui.screens.board import BoardScreen

from .conftest import TEAM, open_as
from .harness import HOSTILE_GROUPS, LONG, probe, screen_text

MARKUP = HOSTILE_GROUPS[0]
ESCAPES = HOSTILE_GROUPS[1]
UNICODE = HOSTILE_GROUPS[2]


def seed_hostile(path: Path) -> None:
    session = open_as(path)
    try:
        person = setup.add_person(session, MARKUP, login="hostile-ic", role="ic", team=TEAM)
        for text in (MARKUP, ESCAPES, UNICODE):
            ideas.submit_idea(
                session, text, team=TEAM, detail=LONG[:19_000] + text, impact="high", effort="low"
            )
            esc = escalations.raise_escalation(
                session, text, team=TEAM, severity="high", need=text + LONG[:5000]
            )
            escalations.comment(session, esc.id, text)
            actions.add_action(
                session, text, team=TEAM, owner=person.id, due=readings.today(session) - timedelta(days=1)
            )
        readings.log_reading(session, "Scrap cost", 999, team_ref=TEAM, reason=MARKUP + " " + UNICODE)
    finally:
        session.close()


async def settle(pilot: Any) -> None:
    for _ in range(2):
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def back_to_board(pilot: Any, app: HuddleApp) -> None:
    for _ in range(4):
        if isinstance(app.screen, BoardScreen):
            return
        await pilot.press("escape")
        await pilot.pause()
        if isinstance(app.screen, ConfirmModal):
            await pilot.press("y")
            await pilot.pause()
    assert isinstance(app.screen, BoardScreen)


async def test_walk_every_screen_and_form_with_hostile_records(
    make_app: Callable[..., HuddleApp], board_path: Path
) -> None:
    seed_hostile(board_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        for pane, keys in (
            ("metrics", ["n", "x"]),  # forms that show record text (plain "new" forms: test_modals)
            ("ideas", ["d", "x", "a", "p"]),
            ("escalations", ["m"]),
            ("actions", ["c"]),
        ):
            await pilot.press(str(["metrics", "ideas", "escalations", "actions"].index(pane) + 1))
            await pilot.click(f"#{pane}", offset=(20, 1))  # clicks on user text fire nothing
            await pilot.click(f"#{pane}", offset=(30, 2))
            await settle(pilot)
            await back_to_board(pilot, app)
            table = board.table(pane)
            text = "\n".join(table.row_text(k) for k, _ in table.all_rows)
            if pane != "metrics":
                for hostile in (MARKUP, ESCAPES, UNICODE):
                    stored = clean_text(hostile, single_line=True)  # what the services keep
                    assert probe(stored, 24) in text, (pane, hostile)
            else:
                assert "999 EUR" in text
            if pane != "metrics":
                target = MARKUP
                key = next(k for k, _ in table.all_rows if probe(target, 24) in table.row_text(k))
                table.move_cursor(row=table.get_row_index(key))
            else:
                key = next(k for k, _ in table.all_rows if "Scrap cost" in table.row_text(k))
                table.move_cursor(row=table.get_row_index(key))
            await pilot.pause()
            await pilot.press("enter")
            await settle(pilot)
            detail = screen_text(app.screen)
            assert probe(MARKUP, 24) in detail, pane
            await pilot.click("#detail-title", offset=(10, 0))
            await back_to_board(pilot, app)
            for key_name in keys:
                await pilot.press(key_name)
                await settle(pilot)
                assert app.is_running and app.return_code is None
                if key_name == "p":
                    assert probe(MARKUP, 24) in screen_text(board.query_one("#pick"))
                    await pilot.press("p")
                    continue
                if key_name in ("d", "m", "c"):
                    assert probe(MARKUP, 24) in screen_text(app.screen), key_name
                await pilot.click("#form", offset=(4, 1))
                await back_to_board(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.return_code is None
