"""Modal forms: inline validation, Enter submits, Escape never drops typed text, errors stay inline."""

from __future__ import annotations

import errno
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Input

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.escalations import MoveKind
from huddle_tui.domain.ideas import IdeaStatus, Level
from huddle_tui.domain.metrics import Status
from huddle_tui.domain.settings import Severity
from huddle_tui.errors import InvalidInput, Refused
from huddle_tui.ui.dates import parse_day
from huddle_tui.ui.modals.complete_action import CompleteActionModal, CompletionForm
from huddle_tui.ui.modals.confirm import ConfirmModal
from huddle_tui.ui.modals.decide_idea import DecideIdeaModal, DecisionForm
from huddle_tui.ui.modals.error import ErrorModal, explain
from huddle_tui.ui.modals.form import FormModal
from huddle_tui.ui.modals.log_reading import LogReadingModal, ReadingForm, parse_number
from huddle_tui.ui.modals.move_escalation import MoveEscalationModal, MoveForm
from huddle_tui.ui.modals.new_action import ActionForm, NewActionModal
from huddle_tui.ui.modals.new_idea import IdeaForm, NewIdeaModal
from huddle_tui.ui.modals.pin import PinModal
from huddle_tui.ui.modals.raise_escalation import EscalationForm, RaiseEscalationModal
from huddle_tui.ui.modals.rate_idea import RateIdeaModal
from huddle_tui.ui.modals.who_is_entering import WhoIsEnteringModal

from .harness import HOSTILE_GROUPS, Host, probe, screen_text

TODAY = date(2026, 11, 27)
ROSTER = [("p1", "Ana Díaz"), ("p2", "Bo Chen"), ("p3", "Chidi Okoro")]


def red_above_5(value: float) -> Status:
    return Status.RED if value > 5 else Status.AMBER if value > 3 else Status.GREEN


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def form(app: Host) -> FormModal[Any]:
    screen = app.screen
    assert isinstance(screen, FormModal)
    return screen


async def type_into(pilot: Any, modal: FormModal[Any], name: str, text: str) -> None:
    widget = modal.widget(name)
    assert isinstance(widget, Input)
    widget.focus()
    widget.value = text
    await pilot.pause()


# -- dates and numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("today", TODAY),
        ("tomorrow", date(2026, 11, 28)),
        ("+3", date(2026, 11, 30)),
        ("-1", date(2026, 11, 26)),
        ("mon", date(2026, 11, 30)),
        ("fri", date(2026, 12, 4)),
    ],
)
def test_parse_day(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "soon", "2026-13-01", "[@click=app.quit]"])
def test_parse_day_refuses(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_day(text, TODAY)


def test_parse_number() -> None:
    assert parse_number("12,5") == 12.5
    assert parse_number(" 1 250 ") == 1250
    for bad in ("nan", "inf", "x", ""):
        with pytest.raises(ValueError):
            parse_number(bad)


# -- new idea ---------------------------------------------------------------------------------------------


async def test_new_idea_enter_submits_after_inline_validation() -> None:
    seen: list[IdeaForm] = []
    app = Host(modal=lambda: NewIdeaModal(on_submit=seen.append, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        await pilot.press("enter")
        await settle(pilot)
        assert modal.field_error("title") == "A title is required."
        assert modal.field_error("detail") == "The detail is required."
        await pilot.press(*"Label the bins")
        await pilot.press("enter")
        await settle(pilot)
        assert modal.field_error("title") == "" and "required" in modal.field_error("detail")
        await type_into(pilot, modal, "detail", "we search for parts")
        modal.widget("impact").value = Level.HIGH  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert seen == [IdeaForm("Label the bins", "we search for parts", Level.HIGH, None)]
        assert app.results == [None] or app.results == [seen[0]]
        assert not isinstance(app.screen, FormModal)


async def test_service_error_is_shown_inline_and_form_stays_open() -> None:
    def refuse(value: IdeaForm) -> None:
        raise Refused("Only a supervisor may do this.", hint="ask your supervisor")

    app = Host(modal=lambda: NewIdeaModal(on_submit=refuse, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        await type_into(pilot, modal, "title", "t [/] x")
        await type_into(pilot, modal, "detail", "d")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is modal
        assert modal.form_error() == "Only a supervisor may do this. (ask your supervisor)"
        assert modal.value("title") == "t [/] x"


async def test_os_error_opens_the_error_modal_and_keeps_the_form() -> None:
    def disk_full(value: IdeaForm) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/board/replicas/x/ideas.json")

    app = Host(modal=lambda: NewIdeaModal(on_submit=disk_full, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        await type_into(pilot, modal, "title", "idea")
        await type_into(pilot, modal, "detail", "detail")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        assert "disk that holds the board folder is full" in screen_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is modal and modal.value("title") == "idea"
        assert "Your text is still here" in modal.form_error()


async def test_escape_with_typed_text_asks_before_discarding() -> None:
    app = Host(modal=lambda: NewIdeaModal(today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        await pilot.press(*"half an idea")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is modal and modal.value("title") == "half an idea"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, FormModal)


async def test_escape_on_an_untouched_form_just_closes() -> None:
    app = Host(modal=lambda: NewIdeaModal(today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


# -- log reading ------------------------------------------------------------------------------------------


async def test_green_reading_needs_no_reason() -> None:
    app = Host(modal=lambda: LogReadingModal("Downtime", status_of=red_above_5, roster=ROSTER, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        await pilot.press("2", "enter")
        await settle(pilot)
        assert app.results == [ReadingForm(2.0, "", None, None)]
        assert modal.status == Status.GREEN


async def test_red_reading_requires_reason_and_offers_the_countermeasure() -> None:
    app = Host(
        modal=lambda: LogReadingModal(
            "Downtime", status_of=red_above_5, roster=ROSTER, unit="h", target_text="≤ 5 h", today=TODAY
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        assert not modal.query_one("#countermeasure").display
        await pilot.press("9")
        await pilot.pause()
        assert modal.query_one("#countermeasure").display
        assert "✖ red" in screen_text(modal)
        await pilot.press("enter")
        await settle(pilot)
        assert "required" in modal.field_error("reason")
        assert "required" in modal.field_error("cm_title")
        assert modal.field_error("cm_owner") == "Choose the owner of the action."
        await type_into(pilot, modal, "reason", "press 4 jammed")
        await type_into(pilot, modal, "cm_title", "clean the feeder")
        modal.widget("cm_owner").value = "p2"  # type: ignore[attr-defined]
        await type_into(pilot, modal, "cm_due", "tomorrow")
        await pilot.press("enter")
        await settle(pilot)
        assert app.results == [
            ReadingForm(9.0, "press 4 jammed", None, ActionForm("clean the feeder", "p2", date(2026, 11, 28)))
        ]


async def test_red_reading_without_countermeasure_when_unticked() -> None:
    app = Host(modal=lambda: LogReadingModal("Downtime", status_of=red_above_5, roster=ROSTER, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        await type_into(pilot, modal, "value", "7")
        await type_into(pilot, modal, "reason", "why")
        modal.query_one("#f-cm_create").value = False  # type: ignore[attr-defined]
        await pilot.pause()
        assert not modal.query_one("#row-cm_title").display
        modal.action_submit()
        await settle(pilot)
        assert app.results == [ReadingForm(7.0, "why", None, None)]


async def test_reading_value_must_be_a_number() -> None:
    app = Host(modal=lambda: LogReadingModal("x", status_of=red_above_5, today=TODAY, shifts=[(1, "Early")]))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        await pilot.press(*"abc", "enter")
        await settle(pilot)
        assert modal.field_error("value") == "'abc' is not a number."
        assert modal.field_error("shift") == "Choose the shift."


# -- the other forms --------------------------------------------------------------------------------------


async def test_decide_idea_requires_status_and_reason() -> None:
    app = Host(modal=lambda: DecideIdeaModal("Label the bins", today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        modal.action_submit()
        await settle(pilot)
        assert modal.field_error("status") == "Choose a status."
        assert modal.field_error("reason") == "A reason is required."
        modal.widget("status").value = IdeaStatus.REJECTED  # type: ignore[attr-defined]
        await type_into(pilot, modal, "reason", "the bins move next month; let's label the new ones")
        await pilot.press("enter")
        await settle(pilot)
        assert app.results == [
            DecisionForm(IdeaStatus.REJECTED, "the bins move next month; let's label the new ones")
        ]


async def test_raise_escalation() -> None:
    app = Host(modal=lambda: RaiseEscalationModal(to_team="Area A", today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        await type_into(pilot, modal, "title", "forklift broken")
        await type_into(pilot, modal, "need", "a spare forklift")
        await type_into(pilot, modal, "needed_by", "yesterday")
        modal.action_submit()
        await settle(pilot)
        assert "in the past" in modal.field_error("needed_by")
        await type_into(pilot, modal, "needed_by", "+2")
        await pilot.press("enter")
        await settle(pilot)
        assert app.results == [
            EscalationForm("forklift broken", "a spare forklift", Severity.MEDIUM, date(2026, 11, 29))
        ]


async def test_move_escalation_sideways_needs_team_and_reason() -> None:
    app = Host(
        modal=lambda: MoveEscalationModal(
            "forklift broken", peer_teams=[("maint", "Maintenance")], kind=MoveKind.SIDEWAYS, today=TODAY
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        assert modal.query_one("#row-to_team").display
        modal.action_submit()
        await settle(pilot)
        assert modal.field_error("text") == "A reason is required."
        assert modal.field_error("to_team") == "Choose the team that takes it over."
        modal.widget("to_team").value = "maint"  # type: ignore[attr-defined]
        await type_into(pilot, modal, "text", "their forklift")
        await pilot.press("enter")
        await settle(pilot)
        assert app.results == [MoveForm(MoveKind.SIDEWAYS, "their forklift", "maint")]


async def test_move_escalation_acknowledge_needs_no_text() -> None:
    app = Host(modal=lambda: MoveEscalationModal("x", today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        assert not modal.query_one("#row-to_team").display
        modal.action_submit()
        await settle(pilot)
        assert app.results == [MoveForm(MoveKind.ACKNOWLEDGED, "", None)]


async def test_new_action_and_complete_action() -> None:
    app = Host(modal=lambda: NewActionModal(ROSTER, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        await pilot.press(*"order gloves", "enter")
        await settle(pilot)
        assert modal.field_error("owner") == "Choose an owner."
        modal.widget("owner").value = "p3"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.results == [ActionForm("order gloves", "p3", date(2026, 11, 30))]

    app = Host(modal=lambda: CompleteActionModal("order gloves", today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        modal.widget("status").value = ActionStatus.CANCELLED  # type: ignore[attr-defined]
        modal.action_submit()
        await settle(pilot)
        assert modal.field_error("note") == "Say why the action is cancelled."
        await type_into(pilot, modal, "note", "supplier changed")
        await pilot.press("enter")
        await settle(pilot)
        assert app.results == [CompletionForm(ActionStatus.CANCELLED, "supplier changed")]


async def test_pin_wrong_then_right() -> None:
    def check(pin: str) -> str:
        if pin != "4711":
            raise Refused("Wrong PIN.", hint="try again")
        return "ok"

    app = Host(modal=lambda: PinModal("Ana", action="decide ideas", on_submit=check, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = form(app)
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert modal.form_error() == "Wrong PIN. (try again)"
        await type_into(pilot, modal, "pin", "4711")
        await pilot.press("enter")
        await settle(pilot)
        assert app.results == ["ok"]


async def test_who_is_entering_filters_and_picks() -> None:
    roster = [(pid, name, "ic") for pid, name in ROSTER]
    app = Host(modal=lambda: WhoIsEnteringModal(roster))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"ch")
        await pilot.pause()
        text = screen_text(app.screen)
        assert "Bo Chen" in text and "Ana Díaz" not in text
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.results == ["p3"]  # Bo Chen, then Chidi Okoro


async def test_who_is_entering_cancel() -> None:
    app = Host(modal=lambda: WhoIsEnteringModal([("p1", "Ana", "ic")]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


def test_explain_errors() -> None:
    assert explain(Refused("No.", hint="ask")).message == "No."
    disk = explain(OSError(errno.EROFS, "Read-only file system", "/b"))
    assert "read-only" in disk.message and "/b" in disk.message
    other = explain(KeyError("boom"))
    assert other.title == "Something went wrong" and "KeyError" in other.details


# -- hostile strings everywhere ---------------------------------------------------------------------------

MODALS: dict[str, Callable[[str], Screen[Any]]] = {
    "idea": lambda s: NewIdeaModal(today=TODAY, subtitle=s),
    "decide": lambda s: DecideIdeaModal(s, today=TODAY),
    "reading": lambda s: LogReadingModal(
        s, status_of=red_above_5, roster=[("p", s)], unit=s, target_text=s, today=TODAY, reason=s, value=9
    ),
    "raise": lambda s: RaiseEscalationModal(to_team=s, today=TODAY, title_text=s),
    "move": lambda s: MoveEscalationModal(s, peer_teams=[("t", s)], kind=MoveKind.SIDEWAYS, today=TODAY),
    "action": lambda s: NewActionModal([("p", s)], title_text=s, today=TODAY),
    "complete": lambda s: CompleteActionModal(s, today=TODAY),
    "rate": lambda s: RateIdeaModal(s, today=TODAY),
    "who": lambda s: WhoIsEnteringModal([("p", s, "ic"), ("q", "Bo", "ic")], purpose=s),
    "pin": lambda s: PinModal(s, action=s, today=TODAY),
    "confirm": lambda s: ConfirmModal(s, detail=s),
    "error": lambda s: ErrorModal(InvalidInput(s, hint=s)),
    "crash": lambda s: ErrorModal(RuntimeError(s)),
}


@pytest.mark.parametrize("kind", list(MODALS))
async def test_modals_show_hostile_text_literally(kind: str) -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        for hostile in HOSTILE_GROUPS:
            await app.push_screen(MODALS[kind](hostile))
            await pilot.pause()
            text = screen_text(app.screen)
            assert probe(hostile, 40) in text, hostile
            assert "\x1b" not in text
            await pilot.click("#form, #who, #confirm, #error", offset=(3, 1))
            await pilot.click("#form, #who, #confirm, #error", offset=(3, 2))
            await pilot.pause()
            assert app.is_running and app.return_code is None
            if kind == "crash":
                await pilot.press("d")
                await pilot.pause()
                assert probe(hostile, 10) in screen_text(app.screen)
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await pilot.pause()


async def test_who_is_entering_enter_alone_picks_nobody() -> None:
    """At a kiosk, Enter before typing must not act as the first person on the roster."""
    roster = [(pid, name, "ic") for pid, name in ROSTER]
    app = Host(modal=lambda: WhoIsEnteringModal(roster))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert "Type a name" in screen_text(app.screen)
        await pilot.press("down", "up", "enter")  # moving to a name is a choice
        await pilot.pause()
        assert app.results == [ROSTER[0][0]]
    single = Host(modal=lambda: WhoIsEnteringModal([("p1", "Ana", "ic")]))
    async with single.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # only one person listed: nothing to confuse
        await pilot.pause()
        assert single.results == ["p1"]
