"""The team board on the demo board: panes, keys, writes through services, kiosk entry, live refresh."""

from __future__ import annotations

import asyncio
import errno
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from huddle_tui.domain.escalations import MoveKind
from huddle_tui.domain.ideas import IdeaStatus
from huddle_tui.services import escalations
from huddle_tui.ui.app import HuddleApp
from huddle_tui.ui.modals.decide_idea import DecideIdeaModal
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.modals.form import FormModal
from huddle_tui.ui.modals.log_reading import LogReadingModal
from huddle_tui.ui.modals.move_escalation import MoveEscalationModal
from huddle_tui.ui.modals.new_idea import NewIdeaModal
from huddle_tui.ui.modals.raise_escalation import RaiseEscalationModal
from huddle_tui.ui.modals.rate_idea import RateIdeaModal
from huddle_tui.ui.modals.who_is_entering import WhoIsEnteringModal
from huddle_tui.ui.screens.board import BoardScreen
from huddle_tui.ui.screens.detail import EscalationScreen, MetricScreen
from huddle_tui.ui.widgets.header_bar import HeaderBar

from .conftest import open_as
from .harness import board, move_to, screen_text, settle

AppFactory = Callable[..., HuddleApp]


def table_text(app: HuddleApp, pane: str) -> str:
    table = board(app).table(pane)
    return "\n".join(table.row_text(key) for key, _cells in table.all_rows)


async def test_board_shows_the_four_panes_and_keys_switch_them(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board(app)
        assert screen.has_class("-narrow")
        assert "First pass yield" in table_text(app, "metrics")
        assert "Colour-code the O-ring boxes by hardness" in table_text(app, "ideas")
        assert "Pallet racking at station 5 is damaged" in table_text(app, "escalations")
        assert "Put in place: Anti-fatigue mats at stations 1 to 4" in table_text(app, "actions")
        assert screen.query_one("#pane-metrics").display
        await pilot.press("2")
        assert screen.pane == "ideas" and app.focused is screen.table("ideas")
        assert screen.check_action("decide", ()) and not screen.check_action("move", ())
        await pilot.press("3")
        assert screen.check_action("move", ()) and not screen.check_action("decide", ())
        await pilot.press("4", "j", "k")
        assert screen.pane == "actions"
        await pilot.press("2", "p")
        assert screen.query_one("#pick").display and "Implement" in screen_text(screen.query_one("#pick"))
        await pilot.press("p", "1", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MetricScreen)
        await pilot.press("escape", "3", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EscalationScreen)
        text = screen_text(app.screen)
        assert "Raised by" in text and "Held by" in text
        await pilot.press("escape", "left_square_bracket")
        await settle(pilot)
        assert screen.day.isoformat() == "2026-11-26"
        await pilot.press("t")
        await settle(pilot)
        assert screen.day.isoformat() == "2026-11-27"


async def test_wide_board_shows_a_grid(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = board(app)
        assert screen.has_class("-wide")
        assert all(screen.query_one(f"#pane-{p}").display for p in ("metrics", "ideas", "escalations"))
        assert not screen.query_one("#tabs").display


async def test_kiosk_ic_submits_an_idea(make_app: AppFactory, board_path: Path) -> None:
    app = make_app(login="kiosk-assembly")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "n")
        await pilot.pause()
        assert isinstance(app.screen, WhoIsEnteringModal)
        await pilot.press(*"eva", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewIdeaModal)
        await pilot.press(*"Hang the torque chart [at] eye level", "tab")
        await pilot.press(*"nobody can read it", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, FormModal)
        await settle(pilot)
        assert "Hang the torque chart [at] eye level" in table_text(app, "ideas")
        assert "Eva Novak" in table_text(app, "ideas")


async def test_red_reading_with_its_countermeasure(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await move_to(pilot, app, "metrics", "Scrap cost")
        await pilot.press("n")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, LogReadingModal)
        await pilot.press(*"950")
        await pilot.pause()
        assert modal.query_one("#countermeasure").display
        modal.widget("reason").value = "wrong bar stock cut"  # type: ignore[attr-defined]
        modal.widget("cm_title").value = "Quarantine bar stock batch 7"  # type: ignore[attr-defined]
        owner = modal.roster[0][0]
        modal.widget("cm_owner").value = owner  # type: ignore[attr-defined]
        modal.action_submit()
        await settle(pilot)
        assert not isinstance(app.screen, FormModal), screen_text(app.screen)
        await settle(pilot)
        assert "✖ 950 EUR" in table_text(app, "metrics")
        assert "Quarantine bar stock batch 7" in table_text(app, "actions")
        metrics = table_text(app, "metrics").splitlines()
        assert not any("Scrap cost" in line and "⚑" in line for line in metrics)


async def test_red_reading_without_reason_is_refused_inline(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await move_to(pilot, app, "metrics", "Scrap cost")
        await pilot.press("n", *"950", "enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, LogReadingModal)
        assert "required" in modal.field_error("reason")


async def test_decide_an_idea(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await move_to(pilot, app, "ideas", "Colour-code the O-ring boxes")
        await pilot.press("d")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, DecideIdeaModal)
        modal.widget("status").value = IdeaStatus.APPROVED  # type: ignore[attr-defined]
        modal.widget("reason").value = "Good catch; lids ordered."  # type: ignore[attr-defined]
        modal.action_submit()
        await settle(pilot)
        await settle(pilot)
        row = next(line for line in table_text(app, "ideas").splitlines() if "Colour-code" in line)
        assert "Approved" in row and "!" not in row.split()[0]


async def test_refused_write_shows_the_role_inline(make_app: AppFactory) -> None:
    app = make_app(login="aokafor")  # an IC of Test & Pack, looking at Pump Line A
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await move_to(pilot, app, "ideas", "Colour-code the O-ring boxes")
        await pilot.press("d")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, DecideIdeaModal)
        modal.widget("status").value = IdeaStatus.REJECTED  # type: ignore[attr-defined]
        modal.widget("reason").value = "no"  # type: ignore[attr-defined]
        modal.action_submit()
        await settle(pilot)
        assert app.screen is modal
        assert "supervisor" in modal.form_error().lower() or "admin" in modal.form_error().lower()


async def test_disk_full_keeps_the_form(make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("huddle_tui.services.ideas.submit_idea", disk_full)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "n", *"idea", "tab", *"detail", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NewIdeaModal) and app.screen.value("title") == "idea"


async def test_escalate_then_answer_from_a_second_replica_refreshes_live(
    make_app: AppFactory, board_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "n")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, RaiseEscalationModal)
        modal.widget("title").value = "Crane hook worn"  # type: ignore[attr-defined]
        modal.widget("need").value = "replace the hook"  # type: ignore[attr-defined]
        modal.action_submit()
        await settle(pilot)
        await settle(pilot)
        assert "Crane hook worn" in table_text(app, "escalations")
        await move_to(pilot, app, "escalations", "Crane hook worn")
        cursor_before = board(app).table("escalations").current_key
        esc_id = cursor_before
        assert esc_id is not None

        await pilot.press("2", "n", *"half typed")  # an open form survives the refresh
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NewIdeaModal)
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-2"))
        other = open_as(board_path)
        assert other.board.replica_id != app.session.board.replica_id  # type: ignore[union-attr]
        await asyncio.to_thread(escalations.answer, other, esc_id, "new hook on Monday")
        other.close()
        landed = time.monotonic()
        for _ in range(40):
            await asyncio.sleep(0.1)
            await pilot.pause()
            if "answered" in board(app).table("escalations").row_text(esc_id):
                break
        seconds = time.monotonic() - landed
        assert "answered" in board(app).table("escalations").row_text(esc_id)
        print(f"live refresh after {seconds:.2f} s")
        assert seconds < 4  # 2 s promised; slack for a loaded CI machine
        assert board(app).table("escalations").current_key == cursor_before
        assert app.remote_changes >= 1
        assert app.screen is form and form.value("title") == "half typed"


async def test_help_lists_binding_ids_and_palette_has_board_commands(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app.screen)
        for binding_id in ("board.new", "board.decide", "board.escalate", "board.filter", "app.help"):
            assert binding_id in text
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(board(app))]
        for wanted in ("Go to team", "Go to date", "Export", "New idea", "Raise escalation"):
            assert wanted in titles


async def test_filter_narrows_the_focused_pane(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash", *"torque")
        await pilot.pause()
        table = board(app).table("ideas")
        assert table.row_count == 1
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == len(table.all_rows) > 1


async def test_the_pick_chart_and_the_filter_box_are_made_when_first_shown(
    make_app: AppFactory, board_path: Path
) -> None:
    from textual.widgets import Input

    from huddle_tui.services import ideas
    from huddle_tui.ui.widgets.pick_chart import PickChart

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board(app)
        assert screen.pick_chart is None and not screen.query(PickChart)  # not on the first frame
        assert screen.filter_box is None and not screen.query(Input)
        assert not screen.check_action("clear_filter", ())
        await pilot.press("2", "p")
        await settle(pilot)
        chart = screen.pick_chart
        assert chart is not None and chart.display and not screen.table("ideas").display
        assert "Implement" in screen_text(chart)
        await pilot.press("p")
        assert not chart.display and screen.table("ideas").display
        await pilot.press("p")
        assert screen.pick_chart is chart and chart.display  # made once, then shown and hidden
        session = open_as(board_path)  # a new idea: the chart follows the board's reloads
        ideas.submit_idea(session, "Chart follows reloads", team="Pump Line A", detail="d")
        session.close()
        screen.action_reload()
        await settle(pilot)
        assert ("Chart follows reloads", None) in chart.items
        assert "Chart follows reloads" in screen_text(chart)
        await pilot.press("p", "slash", *"torque")
        await pilot.pause()
        box = screen.filter_box
        assert box is not None and box.display and app.focused is box and box.value == "torque"
        assert screen.check_action("clear_filter", ())
        await pilot.press("escape")
        await pilot.pause()
        assert not box.display and app.focused is screen.table("ideas")
        await pilot.press("slash")
        await pilot.pause()
        assert screen.filter_box is box and box.display and box.value == ""


async def test_the_board_behind_an_opaque_screen_does_not_make_it_draw_again(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = board(app)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, MetricScreen)
        frames: list[object] = []
        display = app._display

        def counted(shown: object, update: object) -> None:
            frames.append(shown)
            display(shown, update)  # type: ignore[arg-type]

        app._display = counted  # type: ignore[method-assign]
        screen.table("metrics").refresh()  # something changes on the board, behind the detail
        screen.query_one(HeaderBar).refresh()
        await settle(pilot)
        await pilot.pause(0.1)
        assert frames == []  # nothing of the board shows through: the detail is not drawn again
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and frames and all(shown is screen for shown in frames)
        assert "First pass yield" in screen_text(screen)


async def test_read_only_board_offers_no_writes(make_app: AppFactory) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board(app)
        assert not screen.check_action("new", ())
        await pilot.press("n")
        assert isinstance(app.screen, BoardScreen)


async def test_missing_board_folder_is_a_readable_error(tmp_path: Path) -> None:
    from huddle_tui.ui.app import create_app

    app = create_app(tmp_path / "nowhere", watch=False, cursor_blink=False, animations=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorModal)
        assert "No board folder" in screen_text(app.screen)
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 4


async def test_comment_on_an_escalation_from_its_detail(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await move_to(pilot, app, "escalations", "Pallet racking")
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, EscalationScreen)
        await pilot.press("m")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, MoveEscalationModal)
        assert modal.moves == [MoveKind.COMMENT]  # raised by this team, not answered yet
        await pilot.press(*"still blocking station 5", "enter")
        await settle(pilot)
        await settle(pilot)
        assert app.screen is detail, (modal.form_error(), modal.value("text"), modal.field_error("text"))
        assert "still blocking station 5" in screen_text(detail)


async def test_rate_an_idea_places_it_on_the_pick_chart(make_app: AppFactory, board_path: Path) -> None:
    from huddle_tui.domain.ideas import Level
    from huddle_tui.services import ideas

    session = open_as(board_path)
    ideas.submit_idea(session, "Unrated idea", team="Pump Line A", detail="d")
    session.close()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await move_to(pilot, app, "ideas", "Unrated idea")
        await pilot.press("e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, RateIdeaModal)
        modal.action_submit()
        await settle(pilot)
        assert "Choose the payoff" in modal.field_error("impact")
        modal.widget("impact").value = Level.HIGH  # type: ignore[attr-defined]
        modal.widget("effort").value = Level.HIGH  # type: ignore[attr-defined]
        modal.action_submit()
        await settle(pilot)
        await settle(pilot)
        row = next(line for line in table_text(app, "ideas").splitlines() if "Unrated idea" in line)
        assert "Challenge" in row


async def test_quit_with_typed_text_asks_first(make_app: AppFactory) -> None:
    from huddle_tui.ui.modals.confirm import ConfirmModal

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "n", *"half an idea", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewIdeaModal) and app.screen.value("title") == "half an idea"
        assert app.return_code is None


async def test_go_to_team_go_to_date_and_export(make_app: AppFactory, tmp_path: Path) -> None:
    from huddle_tui.ui.modals.go_to_date import GoToDateModal

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board(app)
        screen.action_go_to_team()
        await pilot.pause()
        assert isinstance(app.screen, WhoIsEnteringModal)
        await pilot.press(*"line b", "enter")
        await settle(pilot)
        assert screen.board is not None and screen.board.team.name == "Pump Line B"
        screen.action_go_to_date()
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, GoToDateModal)
        modal.widget("day").value = "2026-12-01"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert "future" in modal.field_error("day")
        modal.widget("day").value = "-7"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert screen.day.isoformat() == "2026-11-20"
        screen.export()
        await settle(pilot)
        written = list((tmp_path / "exports").rglob("*"))
        assert any(p.suffix == ".md" for p in written) and any(p.suffix == ".json" for p in written)


async def test_metric_detail_steps_months(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, MetricScreen)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert detail.day.isoformat() == "2026-10-31" and "October 2026" in screen_text(detail)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert detail.day.isoformat() == "2026-11-27"
        await pilot.press("right_square_bracket")
        assert detail.day.isoformat() == "2026-11-27"
