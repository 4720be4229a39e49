"""The escalation inbox: a manager's first screen; answering from it while the team's board, a second
app on a second replica, refreshes and shows the answer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from huddle_tui.domain.escalations import EscalationState, MoveKind
from huddle_tui.services import escalations
from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.modals.move_escalation import MoveEscalationModal
from huddle_tui.ui.screens.board import BoardScreen
from huddle_tui.ui.screens.detail import EscalationScreen
from huddle_tui.ui.screens.inbox import InboxScreen
from huddle_tui.ui.widgets.board_table import BoardTable

from .conftest import open_as
from .harness import settle
from .tier_helpers import put_cursor, table_rows

AppFactory = Callable[..., HuddleApp]
TITLE = "Crane hook worn at the press"


def raise_from_line_a(board_path: Path) -> str:
    session = open_as(board_path, "cmendes")  # supervisor of Pump Line A; the parent is Assembly
    try:
        esc = escalations.raise_escalation(
            session, TITLE, team="Pump Line A", severity="high", need="a new hook before Monday"
        )
        return esc.id
    finally:
        session.close()


async def test_manager_starts_on_the_inbox_with_path_and_need(make_app: AppFactory, board_path: Path) -> None:
    raise_from_line_a(board_path)
    app = make_app(login="ahaddad", team="Assembly")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        assert isinstance(app.screen_stack[-2], BoardScreen)
        table = screen.query_one(BoardTable)
        rows = table_rows(table)
        assert any(TITLE in r for r in rows)
        await put_cursor(pilot, table, TITLE)
        detail = str(screen.query_one("#inbox-detail").render())
        assert "Pump Line A → Assembly" in detail and "a new hook before Monday" in detail
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EscalationScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        await pilot.press("3")  # back to the board, escalations pane
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen) and app.screen.pane == "escalations"


async def test_close_is_refused_on_a_held_escalation_and_reason_required_to_escalate_up(
    make_app: AppFactory, board_path: Path
) -> None:
    esc_id = raise_from_line_a(board_path)
    app = make_app(login="ahaddad", team="Assembly")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await put_cursor(pilot, app.screen.query_one(BoardTable), TITLE)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)  # nothing opened: only answered ones close
        await pilot.press("u")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, MoveEscalationModal)
        assert modal.value("kind") == MoveKind.UP
        modal.action_submit()
        await settle(pilot)
        assert app.screen is modal and "reason" in modal.field_error("text").lower()
        await pilot.press("escape")
        await pilot.pause()
    session = open_as(board_path)
    try:
        esc, _moves = escalations.find_escalation(session, esc_id)
        assert EscalationState(esc.state) is EscalationState.OPEN
    finally:
        session.close()


async def test_answer_from_the_inbox_refreshes_the_team_board_on_a_second_replica(
    make_app: AppFactory, board_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    esc_id = raise_from_line_a(board_path)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-team"))
    team_app = make_app(login="cmendes", watch=True)
    async with team_app.run_test(size=(120, 40)) as team_pilot:
        await settle(team_pilot)
        team_board = team_app.screen
        assert isinstance(team_board, BoardScreen)
        assert "answered" not in team_board.table("escalations").row_text(esc_id)

        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
        app = make_app(login="ahaddad", team="Assembly")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.session is not None and team_app.session is not None
            assert app.session.board.replica_id != team_app.session.board.replica_id
            inbox = app.screen
            assert isinstance(inbox, InboxScreen)
            await put_cursor(pilot, inbox.query_one(BoardTable), TITLE)
            await pilot.press("s")
            await pilot.pause()
            modal = app.screen
            assert isinstance(modal, MoveEscalationModal)
            modal.widget("text").value = "New hook fitted on Saturday"  # type: ignore[attr-defined]
            modal.action_submit()
            await settle(pilot)
            assert isinstance(app.screen, InboxScreen)
            # No longer held; listed as answered (Pump Line A is below Assembly: its manager may close it).
            assert "answered" in inbox.query_one(BoardTable).row_text(esc_id)

        for _ in range(60):
            await asyncio.sleep(0.1)
            await team_pilot.pause()
            if "answered" in team_board.table("escalations").row_text(esc_id):
                break
        assert "answered" in team_board.table("escalations").row_text(esc_id)
        assert team_app.remote_changes >= 1
