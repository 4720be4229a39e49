"""The shared hostile corpus through every TUI form, opened from the board by its key, as a person would.

One app per form (on a fresh copy of the demo board with a fixed clock); each (field, value) is filled in
(Input.value set directly), submitted, and judged by `tui_helpers.submit`: refused inline with the typed
text kept and the board folder unchanged, or accepted — then read back through the services (never the
store) and found literally (markup as typed, control characters gone) in what the board or the detail
screen renders. After every trial the app must still run (`[@click=app.quit]` fires nothing).

Every group of the corpus reaches every field at least once; free-text fields get the whole corpus,
number, date and id-like fields too, selects get the hostile text through the record they show. The
counts of every form are printed at the end (`-s`) and kept in `tui_helpers.TALLIES`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Input

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.escalations import MoveKind
from huddle_tui.domain.ideas import IdeaStatus, Level
from huddle_tui.domain.metrics import Frequency, Metric, Status, parse_value, reading_status
from huddle_tui.domain.text import MAX_TITLE, clean_text
from huddle_tui.errors import HuddleError, InvalidInput
from huddle_tui.services import actions, escalations, huddles, ideas, readings, setup
from huddle_tui.services.session import Session
from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.modals.complete_action import CompleteActionModal
from huddle_tui.ui.modals.decide_idea import DecideIdeaModal
from huddle_tui.ui.modals.form import FormModal
from huddle_tui.ui.modals.go_to_date import GoToDateModal
from huddle_tui.ui.modals.guest import GuestModal
from huddle_tui.ui.modals.log_reading import LogReadingModal, parse_number
from huddle_tui.ui.modals.move_escalation import MoveEscalationModal
from huddle_tui.ui.modals.new_action import NewActionModal
from huddle_tui.ui.modals.new_idea import NewIdeaModal
from huddle_tui.ui.modals.pin import PinModal
from huddle_tui.ui.modals.raise_escalation import RaiseEscalationModal
from huddle_tui.ui.modals.rate_idea import RateIdeaModal
from huddle_tui.ui.modals.who_is_entering import WhoIsEnteringModal
from huddle_tui.ui.screens.board import BoardScreen
from huddle_tui.ui.screens.detail import EscalationScreen, MetricScreen
from huddle_tui.ui.screens.standup import StandupScreen
from ui.conftest import TEAM, board_path, demo_source, make_app, open_as  # noqa: F401 (fixtures)
from ui.harness import Host

from .conftest import board_hashes
from .corpus import Hostile
from .tui_helpers import (
    DATE_SAMPLE,
    DUE_SAMPLE,
    NUMBER_SAMPLE,
    ONE_EACH,
    TALLIES,
    TEXT_SAMPLE,
    Tally,
    check_literal,
    check_shown,
    error_modals,
    group_of,
    named,
    rendered,
    settle,
    submit,
    terminal_safe,
)

AppFactory = Callable[..., HuddleApp]
TODAY = date(2026, 11, 27)


def board_of(app: HuddleApp) -> BoardScreen:
    screen = next(s for s in app.screen_stack if isinstance(s, BoardScreen))
    return screen


def session_of(app: HuddleApp) -> Session:
    session = app.session
    assert session is not None
    session.refresh()
    return session


async def open_form(pilot: Any, cls: type[FormModal[Any]], *keys: str) -> Any:
    """The open form of class `cls` (kept open after a refusal), else opened by pressing `keys`."""
    if isinstance(pilot.app.screen, cls):
        return pilot.app.screen
    await pilot.press(*keys)
    for _ in range(5):
        await pilot.pause()
        if isinstance(pilot.app.screen, cls):
            break
    modal = pilot.app.screen
    assert isinstance(modal, cls), (keys, modal)
    return modal


async def close_form(pilot: Any) -> None:
    if isinstance(pilot.app.screen, FormModal):
        pilot.app.screen.dismiss(None)
        await pilot.pause()


def table_text(app: HuddleApp, pane: str, key: str) -> str:
    return board_of(app).table(pane).row_text(key)


async def cursor_to(pilot: Any, app: HuddleApp, pane: str, key: str) -> None:
    """Focus `pane` and put its cursor on the row of record `key` (closing a form left open)."""
    await close_form(pilot)
    board = board_of(app)
    await pilot.press(str(["metrics", "ideas", "escalations", "actions"].index(pane) + 1))
    table = board.table(pane)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


def team_id_of(session: Session) -> str:
    return session.directory.team(TEAM).id


def seed(board: Path, make: Callable[[Session, int], str], n: int) -> list[str]:
    """Create `n` records through the services before the app starts; returns their ids."""
    session = open_as(board)
    try:
        return [make(session, i) for i in range(n)]
    finally:
        session.close()


DETAIL_VALUES = ("markup-click", "osc52-clipboard", "crlf-tab", "rlo")


async def detail_shows(
    pilot: Any, tally: Tally, field_name: str, value: Hostile, stored: str, screen: Screen[Any] | None
) -> None:
    """Open a record's detail screen (`screen`, or Enter on the board's selected row) and find `stored`
    in what it renders, literally; then back to the board. Only for the values of DETAIL_VALUES."""
    key = (field_name.split("[")[0], value.name)
    if value.name not in DETAIL_VALUES or key in tally.detailed:
        return
    tally.detailed.add(key)
    app = pilot.app
    if screen is None:
        await pilot.press("enter")
    else:
        app.push_screen(screen)
    await settle(pilot)
    shown = rendered(app.screen)
    check_shown(tally, field_name, value, shown, stored)
    tally.details += 1
    app.pop_screen()
    await pilot.pause()


def finish(tally: Tally, *, details: bool = False) -> None:
    """Print the counts; every group reached every field; no failures; detail screens when asked."""
    TALLIES.append(tally)
    assert tally.details > 0 or not details, "no detail screen was checked"
    print(
        f"\n{tally.form}: tried {tally.tried}, accepted {tally.accepted}, refused {tally.refused},"
        f" detail screens {tally.details}"
    )
    missing = tally.every_group_reached()
    assert not missing, missing
    assert not tally.failures, "\n".join(tally.failures)


# -- new idea, decide idea, rate idea ---------------------------------------------------------------------


async def test_new_idea(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    tally = Tally("new idea")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        for field_name, sample in (("title", TEXT_SAMPLE), ("detail", ONE_EACH)):
            for value in sample:
                modal = await open_form(pilot, NewIdeaModal, "n")
                values = {"title": "Plain title", "detail": "plain detail", field_name: value.value}
                before = {i.id for i in ideas.list_ideas(session_of(app))}
                outcome = await submit(pilot, tally, modal, board_path, field_name, value, values)
                if outcome is None or not outcome.accepted:
                    continue
                new = [i for i in ideas.list_ideas(session_of(app)) if i.id not in before]
                stored = getattr(new[0], field_name) if len(new) == 1 else None
                check_literal(tally, field_name, value, stored)
                if stored is not None and field_name == "title":
                    check_shown(tally, field_name, value, table_text(app, "ideas", new[0].id), stored)
                if stored is not None and field_name == "detail" and value.name in DETAIL_VALUES:
                    await cursor_to(pilot, app, "ideas", new[0].id)
                    await detail_shows(pilot, tally, field_name, value, stored, None)
    finish(tally, details=True)


async def test_decide_idea(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    tally = Tally("decide idea")
    values_tried = ONE_EACH
    made = seed(
        board_path,
        lambda s, i: ideas.submit_idea(s, f"Decide me {i:02}", team=TEAM, detail="d").id,
        len(values_tried),
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for idea_id, value in zip(made, values_tried, strict=True):
            await cursor_to(pilot, app, "ideas", idea_id)
            modal = await open_form(pilot, DecideIdeaModal, "d")
            values = {"status": IdeaStatus.UNDER_REVIEW, "reason": value.value}
            outcome = await submit(pilot, tally, modal, board_path, "reason", value, values, keep_open=False)
            if outcome is None or not outcome.accepted:
                continue
            stored = ideas.find_idea(session_of(app), idea_id).decision_reason
            check_literal(tally, "reason", value, stored)
            await cursor_to(pilot, app, "ideas", idea_id)
            await detail_shows(pilot, tally, "reason", value, stored, None)
    finish(tally, details=True)


async def test_rate_idea_shows_hostile_titles(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    """The rating form has selects only: the hostile text reaches it as the idea's title (its subtitle)."""
    tally = Tally("rate idea")
    kept = [v for v in ONE_EACH if clean_text(v.value, single_line=True)]
    made = seed(
        board_path,
        lambda s, i: (
            ideas.submit_idea(
                s, clean_text(kept[i].value, single_line=True)[:MAX_TITLE], team=TEAM, detail="d"
            ).id
        ),
        len(kept),
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for idea_id, value in zip(made, kept, strict=True):
            await cursor_to(pilot, app, "ideas", idea_id)
            modal = await open_form(pilot, RateIdeaModal, "e")
            title = ideas.find_idea(session_of(app), idea_id).title
            check_shown(tally, "subtitle", value, rendered(modal), title)
            values = {"impact": Level.HIGH, "effort": Level.LOW}
            outcome = await submit(pilot, tally, modal, board_path, "subtitle", value, values)
            if outcome is not None and outcome.accepted:
                idea = ideas.find_idea(session_of(app), idea_id)
                if (idea.impact, idea.effort) != (Level.HIGH, Level.LOW):
                    tally.fail("subtitle", value, "the rating was not stored")
            elif outcome is not None:
                tally.fail("subtitle", value, f"a valid rating was refused: {outcome.message}")
    finish(tally)


# -- escalations ------------------------------------------------------------------------------------------


async def test_raise_escalation(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    tally = Tally("raise escalation")
    app = make_app()
    trials = [("title", v) for v in TEXT_SAMPLE] + [("need", v) for v in ONE_EACH]
    trials += [("needed_by", v) for v in DUE_SAMPLE]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        for field_name, value in trials:
            modal = await open_form(pilot, RaiseEscalationModal, "n")
            values = {"title": "Plain problem", "need": "plain need", "needed_by": ""}
            values[field_name] = value.value
            before = {e.id for e in escalations.load_escalations(session_of(app))}
            outcome = await submit(pilot, tally, modal, board_path, field_name, value, values)
            if outcome is None or not outcome.accepted:
                continue
            new = [e for e in escalations.load_escalations(session_of(app)) if e.id not in before]
            if len(new) != 1:
                tally.fail(field_name, value, "accepted, but no new escalation reads back")
                continue
            if field_name == "needed_by":
                if new[0].needed_by is None:
                    tally.fail(field_name, value, "accepted, but no needed-by date stored")
                continue
            stored = getattr(new[0], field_name)
            check_literal(tally, field_name, value, stored)
            if field_name == "title":
                check_shown(tally, field_name, value, table_text(app, "escalations", new[0].id), stored)
            else:
                screen = EscalationScreen(new[0].id, team_id_of(session_of(app)))
                await detail_shows(pilot, tally, field_name, value, stored, screen)
    finish(tally, details=True)


MOVES = (MoveKind.ACKNOWLEDGED, MoveKind.ANSWERED, MoveKind.UP, MoveKind.SIDEWAYS, MoveKind.DOWN)


async def test_move_escalation(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    """Every move the holding team has (ack, answer, up, sideways, down) with hostile text."""
    tally = Tally("move escalation")
    # markup, escapes and controls through every move; the other groups spread over the moves
    core = named("markup-click", "osc52-clipboard", "c0-all")
    rest = [v for v in ONE_EACH if group_of(v) not in ("markup", "escapes", "controls")]
    trials = [(kind, v) for kind in MOVES for v in core]
    trials += [(MOVES[i % len(MOVES)], v) for i, v in enumerate(rest)]
    made = seed(
        board_path,
        lambda s, i: (
            escalations.raise_escalation(s, f"Move me {i:03}", team=TEAM, severity="low", need="help").id
        ),
        len(trials),
    )
    holder = seed(board_path, lambda s, i: s.directory.tree.parent(team_id_of(s)).name, 1)[0]
    app = make_app(team=holder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for esc_id, (kind, value) in zip(made, trials, strict=True):
            field_name = f"text[{kind.value}]"
            await cursor_to(pilot, app, "escalations", esc_id)
            modal = await open_form(pilot, MoveEscalationModal, "m")
            values: dict[str, Any] = {"kind": kind, "text": value.value}
            if kind is MoveKind.SIDEWAYS:
                await pilot.pause()
                values["to_team"] = modal.peer_teams[0][0]
            outcome = await submit(
                pilot, tally, modal, board_path, field_name, value, values, keep_open=False
            )
            if outcome is None or not outcome.accepted:
                continue
            _esc, moves = escalations.find_escalation(session_of(app), esc_id)
            last = [m for m in moves if MoveKind(m.kind) is kind]
            check_literal(tally, field_name, value, last[-1].text if last else None)
            if last and last[-1].text:
                screen = EscalationScreen(esc_id, None)
                await detail_shows(pilot, tally, field_name, value, last[-1].text, screen)
    finish(tally, details=True)


# -- actions ----------------------------------------------------------------------------------------------


async def test_new_action(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    tally = Tally("new action")
    app = make_app()
    trials = [("title", v) for v in TEXT_SAMPLE] + [("due", v) for v in DUE_SAMPLE]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        for field_name, value in trials:
            modal = await open_form(pilot, NewActionModal, "n")
            values = {"title": "Plain action", "owner": modal.roster[0][0], "due": "+3"}
            values[field_name] = value.value
            before = {a.id for a in actions.list_actions(session_of(app))}
            outcome = await submit(pilot, tally, modal, board_path, field_name, value, values)
            if outcome is None or not outcome.accepted:
                continue
            new = [a for a in actions.list_actions(session_of(app)) if a.id not in before]
            if len(new) != 1:
                tally.fail(field_name, value, "accepted, but no new action reads back")
                continue
            if field_name == "title":
                check_literal(tally, field_name, value, new[0].title)
                check_shown(tally, field_name, value, table_text(app, "actions", new[0].id), new[0].title)
            elif new[0].due < TODAY:
                tally.fail(field_name, value, f"stored a due date in the past: {new[0].due}")
    finish(tally)


async def test_complete_action(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    tally = Tally("complete action")
    trials = [(s, v) for s in (ActionStatus.DONE, ActionStatus.CANCELLED) for v in ONE_EACH]
    owner = seed(board_path, lambda s, i: s.directory.people()[0].id, 1)[0]
    made = seed(
        board_path,
        lambda s, i: (
            actions.add_action(s, f"Finish me {i:02}", team=TEAM, owner=owner, due=date(2026, 12, 10)).id
        ),
        len(trials),
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for action_id, (status, value) in zip(made, trials, strict=True):
            field_name = f"note[{status.value}]"
            await cursor_to(pilot, app, "actions", action_id)
            modal = await open_form(pilot, CompleteActionModal, "c")
            values = {"status": status, "note": value.value}
            outcome = await submit(
                pilot, tally, modal, board_path, field_name, value, values, keep_open=False
            )
            if outcome is None or not outcome.accepted:
                continue
            stored = actions.find_action(session_of(app), action_id)
            if ActionStatus(stored.status) is not status:
                tally.fail(field_name, value, f"stored status {stored.status}")
            check_literal(tally, field_name, value, stored.note)
    finish(tally)


# -- log a reading (value, reason and the countermeasure sub-form) ----------------------------------------


def red_value(metric: Metric) -> float:
    return next(v for v in (1e6, -1e6, 0.0) if reading_status(metric, v) is Status.RED)


async def test_log_reading(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    tally = Tally("log reading")
    app = make_app()
    trials = [("value", v) for v in NUMBER_SAMPLE] + [("reason", v) for v in ONE_EACH]
    trials += [("cm_title", v) for v in ONE_EACH] + [("cm_due", v) for v in DUE_SAMPLE]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = board_of(app)
        assert board.board is not None
        row = next(r for r in board.board.metrics if Frequency(r.metric.frequency) is Frequency.DAILY)
        metric = row.metric
        red = f"{red_value(metric):g}"
        await cursor_to(pilot, app, "metrics", metric.id)
        for field_name, value in trials:
            modal = await open_form(pilot, LogReadingModal, "n")
            values: dict[str, Any] = {"value": red, "reason": "plain reason", "cm_title": "Plain fix"}
            values |= {"cm_owner": modal.roster[0][0], "cm_due": "+1", field_name: value.value}
            outcome = await submit(pilot, tally, modal, board_path, field_name, value, values)
            if outcome is None or not outcome.accepted:
                continue
            session = session_of(app)
            logged = readings.readings_between(session, TODAY, TODAY, metric_ids={metric.id})
            if len(logged) != 1:
                tally.fail(field_name, value, f"{len(logged)} readings of today read back")
                continue
            reading = logged[0]
            fix = [a for a in actions.list_actions(session) if a.source_id == reading.id]
            if field_name == "value":
                try:
                    expected = parse_value(value.value)
                except InvalidInput:
                    tally.fail(field_name, value, f"accepted as {reading.value}; the CLI refuses it")
                    continue
                if reading.value != expected:
                    tally.fail(field_name, value, f"stored {reading.value}, typed {value.value[:20]}")
            elif field_name == "reason":
                check_literal(tally, field_name, value, reading.reason)
                screen = MetricScreen(metric.id, TODAY)
                await detail_shows(pilot, tally, field_name, value, reading.reason, screen)
            elif not fix:
                tally.fail(field_name, value, "accepted, but no countermeasure action reads back")
            elif field_name == "cm_title":
                check_literal(tally, field_name, value, fix[-1].title)
                check_shown(tally, field_name, value, table_text(app, "actions", fix[-1].id), fix[-1].title)
            elif fix[-1].due < TODAY:
                tally.fail(field_name, value, f"stored a due date in the past: {fix[-1].due}")
    finish(tally, details=True)


# -- kiosk: who is entering, PIN --------------------------------------------------------------------------


async def test_who_is_entering_filter(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    """Typing into the roster filter never writes, never crashes; the list or 'nobody matches' shows."""
    tally = Tally("who is entering")
    app = make_app(login="kiosk-assembly")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        for value in TEXT_SAMPLE:
            if not isinstance(app.screen, WhoIsEnteringModal):
                await pilot.press("n")
                await settle(pilot)
            who = app.screen
            assert isinstance(who, WhoIsEnteringModal), value.name
            tally.reached("filter", value)
            box = who.query_one("#who-filter", Input)
            box.value = value.value
            await pilot.pause()
            typed = box.value
            before = board_hashes(board_path)
            await pilot.press("enter")
            await settle(pilot)
            if not app.is_running or app.return_code is not None:
                tally.fail("filter", value, "the app stopped")
                break
            if board_hashes(board_path) != before:
                tally.fail("filter", value, "the board folder changed")
            problem = terminal_safe(app)
            if problem:
                tally.fail("filter", value, problem)
            if app.screen is who:
                tally.refused += 1
                if box.value != typed:
                    tally.fail("filter", value, "the typed filter was lost")
                if not typed.strip():  # nothing typed: Enter picks nobody and asks for a name
                    if "Type a name" not in rendered(who):
                        tally.fail("filter", value, "no 'Type a name' hint after Enter on a blank filter")
                elif "nobody on the roster matches" not in rendered(who):
                    tally.fail("filter", value, "no 'nobody matches' line for a filter matching nobody")
                continue
            tally.accepted += 1  # somebody matched
            for screen in error_modals(app):
                if not isinstance(screen.error, HuddleError):  # a refusal is fine, a crash is not
                    tally.fail("filter", value, f"ErrorModal: {type(screen.error).__name__}")
            while not isinstance(app.screen, BoardScreen):
                app.screen.dismiss(None)
                await pilot.pause()
    finish(tally)


async def test_pin(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    tally = Tally("pin")
    seed(board_path, lambda s, i: setup.set_pin(s, "cmendes", "4711").id, 1)
    app = make_app(login="kiosk-assembly")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "d")
        await settle(pilot)
        who = app.screen
        assert isinstance(who, WhoIsEnteringModal)
        who.query_one("#who-filter", Input).value = "carlos"
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, PinModal)
        for value in TEXT_SAMPLE + [v for v in NUMBER_SAMPLE if v not in TEXT_SAMPLE][:4]:
            if app.screen is not modal:
                tally.fail("pin", value, "the PIN form closed")
                break
            outcome = await submit(pilot, tally, modal, board_path, "pin", value, {"pin": value.value})
            if outcome is not None and outcome.accepted:
                tally.fail("pin", value, "a wrong PIN was accepted")
    finish(tally)


# -- go to date, filter, guest ----------------------------------------------------------------------------


async def test_go_to_date(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    tally = Tally("go to date")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = board_of(app)
        for value in DATE_SAMPLE:
            if not isinstance(app.screen, GoToDateModal):
                board.action_go_to_date()
                await settle(pilot)
            modal = app.screen
            assert isinstance(modal, GoToDateModal)
            before = board_hashes(board_path)
            outcome = await submit(pilot, tally, modal, board_path, "day", value, {"day": value.value})
            if outcome is None or not outcome.accepted:
                continue
            await settle(pilot)
            if board_hashes(board_path) != before:
                tally.fail("day", value, "going to a day changed the board folder")
            if board.day > TODAY:
                tally.fail("day", value, f"the board shows a future day {board.day}")
            problem = terminal_safe(app)
            if problem:
                tally.fail("day", value, problem)
            if not isinstance(app.screen, BoardScreen) or error_modals(app):
                tally.fail("day", value, f"the board did not show the day: {type(app.screen).__name__}")
                for screen in error_modals(app):
                    screen.dismiss(None)
            board.action_today()
            await settle(pilot)
    finish(tally)


async def test_board_filter(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    tally = Tally("filter /")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = board_of(app)
        await pilot.press("2", "slash")
        box = board.query_one("#filter", Input)
        for value in TEXT_SAMPLE:
            tally.reached("filter", value)
            before = board_hashes(board_path)
            box.value = value.value
            await pilot.pause()
            await pilot.press("enter")
            await settle(pilot)
            if not app.is_running or app.return_code is not None or error_modals(app):
                tally.fail("filter", value, "crashed or stopped")
                break
            if board_hashes(board_path) != before:
                tally.fail("filter", value, "filtering changed the board folder")
            if box.value != value.value:
                tally.fail("filter", value, "the typed filter was lost")
            problem = terminal_safe(app)
            if problem:
                tally.fail("filter", value, problem)
            tally.accepted += 1
            await pilot.press("slash")
    finish(tally)


async def test_guest(make_app: AppFactory, board_path: Path) -> None:  # noqa: F811
    tally = Tally("guest")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        standup = app.screen
        assert isinstance(standup, StandupScreen)
        for value in TEXT_SAMPLE:
            modal = await open_form(pilot, GuestModal, "g")
            before = len(guests_of(app))
            outcome = await submit(pilot, tally, modal, board_path, "name", value, {"name": value.value})
            if outcome is None or not outcome.accepted:
                continue
            now = guests_of(app)
            if len(now) != before + 1:
                tally.fail("name", value, "accepted, but no new guest reads back")
                continue
            check_literal(tally, "name", value, now[-1], typed=modal.submitted_value)
            check_shown(tally, "name", value, rendered(standup), now[-1])
    finish(tally)


def guests_of(app: HuddleApp) -> tuple[str, ...]:
    session = session_of(app)
    huddle = huddles.huddle_of(session, team_id_of(session))
    return huddle.guests if huddle else ()


# -- regression tests of what the walk found ---------------------------------------------------------------


def test_reading_value_follows_the_cli_number_rule() -> None:
    """'1_000' was stored as 1000 by the form (Python's float()) while the CLI refuses it."""
    for bad in ("1_000", "0x10", "1e309", "nan", "1\x002", "9" * 400, "1,2.3"):
        with pytest.raises(ValueError):
            parse_number(bad)
    assert parse_number("12,5") == 12.5 and parse_number(" 1 250 ") == 1250 and parse_number("-0") == 0.0


async def test_go_to_date_refuses_year_one_inline() -> None:
    """0001-01-01 opened an ErrorModal 'date value out of range' (the board's history before it)."""
    app = Host(modal=lambda: GoToDateModal(today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = app.screen
        assert isinstance(modal, GoToDateModal)
        for typed in ("0001-01-01", "1899-12-31"):
            modal.widget("day").value = typed  # type: ignore[attr-defined]
            modal.action_submit()
            await pilot.pause()
            assert app.screen is modal and "before 1900-01-01" in modal.field_error("day")
        modal.widget("day").value = "1900-01-01"  # type: ignore[attr-defined]
        modal.action_submit()
        await pilot.pause()
        assert app.results == [date(1900, 1, 1)]
