"""Hostile text (markup, escapes, 40k characters, RTL) in team, metric, objective, person and escalation
names walks every tier screen and the wall: no crash, no action fired, the text shown literally."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from huddle_tui.services import escalations, objectives, setup
from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.modals.error import ErrorModal

from .conftest import open_as
from .harness import HOSTILE_GROUPS, probe, screen_text, settle

AppFactory = Callable[..., HuddleApp]
BAD = HOSTILE_GROUPS[0]  # "a[/]b [@click=app.quit]x [$accent]x [bold red]nb[/]"
ODD = HOSTILE_GROUPS[1]  # OSC 52 and ANSI escapes, $name ${x}


def plant_hostile(board: Path) -> None:
    session = open_as(board)  # the demo admin
    try:
        team = setup.add_team(session, BAD[:60], parent="Assembly", tier=1)
        setup.add_person(session, ODD[:60], login="hostile", role="supervisor", team=team.id)
        metric = setup.add_metric(
            session,
            ODD[:60],
            team=team.id,
            category="Quality",
            target=1,
            better="lower",
            feeds="Assembly/Scrap cost",
        )
        objectives.add_objective(
            session, HOSTILE_GROUPS[3][:400], team="Riverside Plant", metrics=[metric.id]
        )
        hostile = session.acting_as("hostile")
        escalations.raise_escalation(
            hostile, HOSTILE_GROUPS[2], team=team.id, severity="critical", need=HOSTILE_GROUPS[3][:5000]
        )
    finally:
        session.close()


async def test_hostile_text_walks_every_tier_screen_and_the_wall(
    make_app: AppFactory, board_path: Path
) -> None:
    plant_hostile(board_path)
    app = make_app(login="hbrandt")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        seen = ""
        for key in ("i", "r", "K", "C", "S", "i"):
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running and not isinstance(app.screen, ErrorModal), key
            seen += screen_text(app.screen)
        assert probe(BAD) in seen  # literal, markup not parsed
        assert "\x1b" not in seen  # escapes made visible
        await pilot.press("down", "enter")  # the escalation's path screen
        await settle(pilot)
        assert app.is_running
    wall = make_app(start="wall", team="Assembly", cycle_seconds=3600)
    async with wall.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(5):
            await pilot.press("space")
            await pilot.pause()
        assert wall.is_running
