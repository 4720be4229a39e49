"""Standup mode on the demo board: a full huddle walked through, the refusal to end, two replicas live.

The clock is a settable one, so the time per step is real and the countdowns are deterministic.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Digits

from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.ideas import IdeaStatus
from huddle_tui.services import huddles, ideas, persist, readings
from huddle_tui.services.session import open_session
from huddle_tui.ui.app import HuddleApp, create_app
from huddle_tui.ui.modals.confirm import ConfirmModal
from huddle_tui.ui.modals.decide_idea import DecideIdeaModal
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.modals.guest import GuestModal
from huddle_tui.ui.modals.log_reading import LogReadingModal
from huddle_tui.ui.modals.raise_escalation import RaiseEscalationModal
from huddle_tui.ui.screens.board import BoardScreen
from huddle_tui.ui.screens.minutes import MinutesScreen
from huddle_tui.ui.screens.standup import StandupScreen, clock_text

from .conftest import NOW, TEAM
from .harness import screen_text, settle

YESTERDAY = date(2026, 11, 26)


class Clock:
    """A settable UTC clock shared by the app and the test."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> Any:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def build(
    board_path: Path, tmp_path: Path, clock: Clock, *, login: str = "tester", watch: bool = False
) -> HuddleApp:
    session = open_session(board_path, os_login=login, now=clock)
    try:
        team_id = session.directory.team(TEAM).id
    finally:
        session.close()
    return create_app(
        lambda: open_session(board_path, os_login=login, now=clock),
        team_id=team_id,
        now=clock,
        watch=watch,
        cursor_blink=False,
        animations=False,
        keymap_path=tmp_path / "no-keymap.toml",
        export_dir=tmp_path / "exports",
    )


def standup(app: HuddleApp) -> StandupScreen:
    screen = app.screen
    assert isinstance(screen, StandupScreen), screen
    return screen


def plant_red(board_path: Path, clock: Clock, *, reason: str = "", day: date = YESTERDAY) -> str:
    """Scrap cost red yesterday; without a reason unless one is given (as an import could leave it)."""
    session = open_session(board_path, os_login="tester", now=clock)
    try:
        team_id = session.directory.team(TEAM).id
        logged = readings.log_reading(session, "Scrap cost", "950", team_ref=team_id, day=day, reason="x")
        bare = dataclasses.replace(logged.reading, reason=reason)
        persist.update(session, logged.reading, bare, partition="2026-11")
        return logged.reading.id
    finally:
        session.close()


def today_huddle(app: HuddleApp) -> Huddle:
    session = app.session
    assert session is not None
    session.refresh()
    found = huddles.huddle_of(session, standup_team(app))
    assert found is not None
    return found


def standup_team(app: HuddleApp) -> str:
    session = app.session
    assert session is not None
    return session.directory.team(TEAM).id


async def start(pilot: Any) -> StandupScreen:
    await settle(pilot)
    await pilot.press("h")
    await settle(pilot)
    return standup(pilot.app)


def test_clock_text() -> None:
    assert clock_text(0) == "00:00" and clock_text(125.9) == "02:05" and clock_text(3725) == "1:02:05"
    assert clock_text(-5) == "00:00"


async def test_full_huddle_walked_through(board_path: Path, tmp_path: Path) -> None:
    clock = Clock()
    plant_red(board_path, clock)
    app = build(board_path, tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot)
        assert screen.step_key == "safety"
        assert str(screen.query_one("#su-step-clock", Digits).value) == "02:00"
        # attendance: tick the first two people of the roster, add a guest
        roster = screen.table("roster")
        first, second = (key for key, _ in roster.all_rows[:2])
        await pilot.press("p", "j", "p")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GuestModal)
        await pilot.press(*"Ana (Quality)", "enter")
        await settle(pilot)
        assert "Ana (Quality) (guest)" in screen_text(standup(app))
        # the safety step runs over its 2 minutes: red clock, counting up, said in words
        clock.advance(150)
        screen.tick()
        assert str(screen.query_one("#su-step-clock", Digits).value) == "+00:30"
        assert screen.query_one("#su-step-clock", Digits).has_class("-over")
        assert "▲ OVER by 00:30" in screen_text(screen)
        await pilot.press("space")
        await settle(pilot)
        assert screen.step_key == "results"
        # reds first: the red lacking its reason is on top; f refuses to end and names it
        table = screen.table("results")
        assert table.current_key is not None and "Scrap cost" in table.row_text(table.current_key)
        assert "needs a reason" in table.row_text(table.current_key)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        assert "Scrap cost" in screen_text(app.screen) and "lacks a reason" in screen_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        # give the reason and the countermeasure in the log form (the board's write flow)
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, LogReadingModal)
        modal.widget("reason").value = "wrong bar stock batch"  # type: ignore[attr-defined]
        modal.widget("cm_title").value = "Quarantine batch 7"  # type: ignore[attr-defined]
        modal.widget("cm_owner").value = first  # type: ignore[attr-defined]
        modal.action_submit()
        await settle(pilot)
        await settle(pilot)
        assert standup(app) is screen
        assert screen.step_key == "results"  # the step stays after the write and the reload
        metric_key = next(k for k, _ in table.all_rows if "Scrap cost" in table.row_text(k))
        assert "wrong bar stock batch" in table.row_text(metric_key)
        assert "✔ every red" in screen_text(screen)
        clock.advance(60)
        await pilot.press("space", "space")
        await settle(pilot)
        assert screen.step_key == "ideas"
        # decide the new idea
        ideas_table = screen.table("ideas")
        assert ideas_table.current_key is not None
        assert "Colour-code" in ideas_table.row_text(ideas_table.current_key)
        idea_id = ideas_table.current_key
        await pilot.press("d")
        await settle(pilot)
        decide = app.screen
        assert isinstance(decide, DecideIdeaModal)
        decide.widget("status").value = IdeaStatus.APPROVED  # type: ignore[attr-defined]
        decide.widget("reason").value = "Yes: Hannah labels the boxes this week"  # type: ignore[attr-defined]
        decide.action_submit()
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert screen.step_key == "escalations"
        # raise an escalation
        await pilot.press("x")
        await settle(pilot)
        raise_modal = app.screen
        assert isinstance(raise_modal, RaiseEscalationModal)
        raise_modal.widget("title").value = "Bar stock supplier ships mixed batches"  # type: ignore[attr-defined]
        raise_modal.widget("need").value = "a supplier quality review"  # type: ignore[attr-defined]
        raise_modal.action_submit()
        await settle(pilot)
        assert "Bar stock supplier" in screen_text(screen)
        clock.advance(30)
        # Space on the last step ends: nothing unsettled, so a plain confirmation
        await pilot.press("space")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        minutes = app.screen
        assert isinstance(minutes, MinutesScreen)
        ended = today_huddle(app)
        assert ended.ended_at == clock.now
        assert set(ended.attendees) == {first, second} and ended.guests == ("Ana (Quality)",)
        assert ended.step_seconds == {"safety": 150, "results": 60, "escalations": 30}
        assert len(ended.actions_created) == 1 and len(ended.escalations_raised) == 1
        assert ended.ideas_decided == (idea_id,)
        # the minutes on screen, then written as Markdown
        shown = screen_text(minutes)
        assert "Quarantine batch 7" in shown and "Bar stock supplier" in shown
        await pilot.press("w")
        await settle(pilot)
        written = tmp_path / "exports" / "huddle-pump-line-a-2026-11-27.md"
        assert minutes.written == written
        text = written.read_text(encoding="utf-8")
        for wanted in (
            "## Pump Line A: huddle of 2026-11-27",
            "Ana (Quality) (guest)",
            "| Safety | 2 min | 2.5 min |",
            "### New actions",
            "Quarantine batch 7",
            "### Escalations raised",
            "Bar stock supplier ships mixed batches",
            "### Ideas decided",
            "Yes: Hannah labels the boxes this week",
        ):
            assert wanted in text, wanted
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        # h again on an ended huddle shows its minutes
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, MinutesScreen)


async def test_refuses_to_end_without_reason_and_asks_without_countermeasure(
    board_path: Path, tmp_path: Path
) -> None:
    clock = Clock()
    rid = plant_red(board_path, clock)
    app = build(board_path, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        assert "lacks a reason" in screen_text(app.screen) and "Scrap cost" in screen_text(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.step_key == "results"  # sent to the step where the reason is given
        assert today_huddle(app).ended_at is None
        # a reason but no countermeasure: asks first; "n" keeps the huddle going
        session = app.session
        assert session is not None
        readings.set_reason(session, rid, "wrong batch")
        await pilot.press("f")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "countermeasure" in screen_text(confirm) and "Scrap cost" in screen_text(confirm)
        await pilot.press("n")
        await settle(pilot)
        assert standup(app) is screen and today_huddle(app).ended_at is None
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, MinutesScreen)
        ended = today_huddle(app)
        assert ended.ended_at is not None
        assert any("without a countermeasure for Scrap cost" in d for d in ended.decisions)


async def test_leave_and_rejoin_keeps_the_step(board_path: Path, tmp_path: Path) -> None:
    clock = Clock()
    app = build(board_path, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        clock.advance(40)
        await pilot.press("space", "space", "backspace")
        await settle(pilot)
        assert screen.step_key == "results"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        clock.advance(20)
        again = await start(pilot)
        assert again is not screen and again.step_key == "results"
        # 40 s on safety; leaving for the board stored the results step's 20 s... none yet (no time passed)
        spent = today_huddle(app).step_seconds or {}
        assert spent.get("safety") == 40


async def test_read_only_board_has_no_huddle(board_path: Path, tmp_path: Path, make_app: Any) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_ic_may_not_run_the_huddle(board_path: Path, tmp_path: Path) -> None:
    app = build(board_path, tmp_path, Clock(), login="enovak")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        assert "supervisor" in screen_text(app.screen).lower()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_two_terminals_on_two_replicas_see_each_other(
    board_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    first = build(board_path, tmp_path, clock, watch=True)
    async with first.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot)
        await pilot.press("space")  # the results step
        await settle(pilot)
        assert first.session is not None
        # the second terminal: another replica (its own state dir), joining the running huddle
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-2"))
        second = build(board_path, tmp_path / "second", clock, watch=True)
        async with second.run_test(size=(80, 24)) as pilot2:
            other = await start(pilot2)
            assert second.session is not None
            assert second.session.board.replica_id != first.session.board.replica_id
            assert other.step_key == "results"  # joins at the step the first terminal is on
            # the second terminal ticks a person and submits an idea
            roster_key = other.table("roster").all_rows[0][0]
            await pilot2.press("p")
            await settle(pilot2)
            await asyncio.to_thread(ideas.submit_idea, second.session, "Second terminal idea", team=TEAM)
            for _ in range(50):
                await asyncio.sleep(0.1)
                await pilot.pause()
                if "Second terminal idea" in screen_text(screen) and roster_key in (
                    screen.huddle.attendees if screen.huddle else ()
                ):
                    break
            assert roster_key in (screen.huddle.attendees if screen.huddle else ())
            assert "✔" in screen.table("roster").row_text(roster_key)
            assert "Second terminal idea" in screen.table("ideas").row_text(
                next(
                    k
                    for k, _ in screen.table("ideas").all_rows
                    if "Second terminal" in screen.table("ideas").row_text(k)
                )
            )
            assert screen.step_key == "results" and first.remote_changes >= 1
            # the first terminal ends the huddle; the second sees it end and shows the minutes
            await pilot.press("f")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert isinstance(first.screen, MinutesScreen)
            for _ in range(50):
                await asyncio.sleep(0.1)
                await pilot2.pause()
                if isinstance(second.screen, MinutesScreen):
                    break
            assert isinstance(second.screen, MinutesScreen)


async def test_hostile_guest_names_and_reasons_show_literally(board_path: Path, tmp_path: Path) -> None:
    from .harness import HOSTILE_GROUPS, probe

    clock = Clock()
    plant_red(board_path, clock, reason=HOSTILE_GROUPS[0])
    session = open_session(board_path, os_login="tester", now=clock)
    try:
        huddle = huddles.start_huddle(session, TEAM)
        for text in HOSTILE_GROUPS[:3]:
            huddles.add_guest(session, huddle.id, text[:80])
    finally:
        session.close()
    app = build(board_path, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert app.is_running and standup(app) is screen
        shown = screen_text(screen)
        assert probe(HOSTILE_GROUPS[0][:80]) in shown  # the guest, literally
        assert "[31mred" in shown and "\x1b" not in shown  # control characters were stripped when saved
        results = screen.table("results")
        red = next(k for k, _ in results.all_rows if "Scrap cost" in results.row_text(k))
        assert "needs a countermeasure" in results.row_text(red)
        assert probe(HOSTILE_GROUPS[0], 12) in results.row_text(red)  # the reason, literally


async def test_custom_agenda_and_team_timeboxes(board_path: Path, tmp_path: Path) -> None:
    from huddle_tui.services import setup

    clock = Clock()
    session = open_session(board_path, os_login="tester", now=clock)
    try:
        setup.set_agenda(
            session, [("safety", "Safety", 2), ("results", "Results", 4), ("gemba", "Gemba [walk]", 5)]
        )
        setup.set_agenda(session, team=TEAM, minutes={"results": 6.5})
    finally:
        session.close()
    app = build(board_path, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert [s.key for s in screen.agenda] == ["safety", "results", "gemba"]
        assert str(screen.query_one("#su-total-clock", Digits).value) == "13:30"
        await pilot.press("space")
        await settle(pilot)
        assert str(screen.query_one("#su-step-clock", Digits).value) == "06:30"
        await pilot.press("space")
        await settle(pilot)
        assert screen.pane == "other" and "Talk through Gemba [walk]" in screen_text(screen)
        assert not screen.check_action("decide", ()) and screen.check_action("escalate", ())


async def test_kiosk_asks_who_runs_the_huddle_and_who_enters_inside_it(
    board_path: Path, tmp_path: Path
) -> None:
    from huddle_tui.services import setup
    from huddle_tui.ui.modals.new_idea import NewIdeaModal
    from huddle_tui.ui.modals.pin import PinModal
    from huddle_tui.ui.modals.who_is_entering import WhoIsEnteringModal

    admin = open_session(board_path, os_login="tester", now=Clock())
    try:
        setup.set_pin(admin, "cmendes", "4711")
    finally:
        admin.close()
    app = build(board_path, tmp_path, Clock(), login="kiosk-assembly")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, WhoIsEnteringModal)
        await pilot.press(*"carlos", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PinModal)  # running the huddle is an elevated action
        await pilot.press(*"4711", "enter")
        await settle(pilot)
        screen = standup(app)
        assert screen.runner.actor is not None and screen.runner.actor.name == "Carlos Mendes"
        assert "by Carlos Mendes" in screen_text(screen)
        # inside the huddle an IC at the terminal enters an idea as herself
        await pilot.press(*["space"] * 3)
        await settle(pilot)
        assert screen.step_key == "ideas"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, WhoIsEnteringModal)
        await pilot.press(*"eva", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewIdeaModal)
        await pilot.press(*"Spare O-rings at station 2", "tab", *"we run out at noon", "enter")
        await settle(pilot)
        assert standup(app) is screen and screen.step_key == "ideas"
        ideas_table = screen.table("ideas")
        row = next(k for k, _ in ideas_table.all_rows if "Spare O-rings" in ideas_table.row_text(k))
        assert "Eva Novak" in ideas_table.row_text(row)


async def test_minutes_save_as_asks_for_a_file(board_path: Path, tmp_path: Path) -> None:
    from huddle_tui.ui.screens.minutes import SavePathModal

    clock = Clock()
    session = open_session(board_path, os_login="tester", now=clock)
    try:
        huddle = huddles.start_huddle(session, TEAM)
        huddles.add_decision(session, huddle.id, "Keep the [red] bin by station 3")
        huddles.end_huddle(session, huddle.id)
    finally:
        session.close()
    app = build(board_path, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")  # an ended huddle shows its minutes
        await settle(pilot)
        minutes = app.screen
        assert isinstance(minutes, MinutesScreen)
        assert "Keep the [red] bin by station 3" in screen_text(minutes)
        await pilot.press("s")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, SavePathModal)
        assert modal.value("path") == str(tmp_path / "exports" / "huddle-pump-line-a-2026-11-27.md")
        target = tmp_path / "chosen" / "minutes.md"
        modal.widget("path").value = str(target)  # type: ignore[attr-defined]
        modal.action_submit()
        await settle(pilot)
        assert app.screen is minutes and minutes.written == target
        assert "Keep the [red] bin by station 3" in target.read_text(encoding="utf-8")
        # a file that cannot be written: a readable error, the minutes stay
        blocker = tmp_path / "a-file"
        blocker.write_text("x")
        await pilot.press("s")
        await pilot.pause()
        app.screen.widget("path").value = str(blocker / "minutes.md")  # type: ignore[attr-defined]
        app.screen.action_submit()  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal) and "Cannot write" in screen_text(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is minutes


async def test_a_red_of_another_day_of_the_period_is_settled_in_the_results_step(
    board_path: Path, tmp_path: Path
) -> None:
    clock = Clock()
    rid = plant_red(board_path, clock, day=date(2026, 11, 27))  # today's red, before the huddle
    app = build(board_path, tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot)
        await pilot.press("space")
        await settle(pilot)
        table = screen.table("results")
        assert table.current_key == rid and "Scrap cost · 27 Nov" in table.row_text(rid)
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, LogReadingModal) and modal.day_logged == date(2026, 11, 27)
        modal.widget("reason").value = "scrap from the night shift"  # type: ignore[attr-defined]
        modal.widget("cm_title").value = "Check the night shift's gauges"  # type: ignore[attr-defined]
        modal.widget("cm_owner").value = screen.table("roster").all_rows[0][0]  # type: ignore[attr-defined]
        modal.action_submit()
        await settle(pilot)
        await settle(pilot)
        assert rid not in [key for key, _ in table.all_rows]  # settled: only yesterday's rows remain
        assert "✔ every red" in screen_text(screen)
