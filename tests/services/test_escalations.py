"""Escalations: raise, acknowledge, answer, up, sideways, down, close, reopen, comment; path and overdue."""

from __future__ import annotations

from datetime import timedelta

import pytest

from huddle_tui.domain.escalations import EscalationState, MoveKind
from huddle_tui.errors import InvalidInput, Refused
from huddle_tui.services import escalations as esc_svc
from huddle_tui.services import queries


def _raise(plant, severity: str = "high"):
    return esc_svc.raise_escalation(
        plant.as_("ian"), "Need M8 bolts", team="Line 1", severity=severity, need="200 bolts by Monday"
    )


def test_raise_goes_to_the_parent_team(plant) -> None:
    esc = _raise(plant)
    assert esc.holder_team == plant.ids["area"] and esc.state is EscalationState.OPEN
    assert esc.raised_by == plant.ids["ian"]
    detail = queries.escalation_detail(plant.as_("max"), esc.id)
    assert [m.move.kind for m in detail.moves] == [MoveKind.RAISED]
    assert detail.moves[0].to_team == "Area A"


def test_raise_refused_for_other_team_and_top_team(plant) -> None:
    with pytest.raises(Refused):
        esc_svc.raise_escalation(plant.as_("olga"), "x", team="Line 1", severity="low")
    with pytest.raises(InvalidInput, match="no parent team"):
        esc_svc.raise_escalation(plant.as_("pat"), "x", team="Plant", severity="low")
    with pytest.raises(InvalidInput, match="severity"):
        esc_svc.raise_escalation(plant.as_("ian"), "x", team="Line 1", severity="urgent")


def test_acknowledge_answer_close(plant) -> None:
    esc = _raise(plant)
    with pytest.raises(Refused, match="supervisor of Area A"):
        esc_svc.acknowledge(plant.as_("ian"), esc.id)
    with pytest.raises(Refused):
        esc_svc.acknowledge(plant.as_("sue"), esc.id)  # supervisor of the raising team, not the holder
    assert esc_svc.acknowledge(plant.as_("max"), esc.id).state is EscalationState.ACKNOWLEDGED
    with pytest.raises(InvalidInput, match="needs its text"):
        esc_svc.answer(plant.as_("max"), esc.id, "")
    answered = esc_svc.answer(plant.as_("max"), esc.id[:20], "Ordered, arrive Monday 7:00")
    assert answered.state is EscalationState.ANSWERED and answered.answer.startswith("Ordered")
    with pytest.raises(Refused):
        esc_svc.close(plant.as_("olga"), esc.id)
    closed = esc_svc.close(plant.as_("ian"), esc.id)  # the person who raised it
    assert closed.state is EscalationState.CLOSED
    with pytest.raises(InvalidInput, match="cannot be"):
        esc_svc.answer(plant.as_("max"), esc.id, "again")


def test_supervisor_of_raising_team_closes_and_reopens(plant) -> None:
    esc = _raise(plant)
    esc_svc.answer(plant.as_("max"), esc.id, "Use the spare stock")
    with pytest.raises(InvalidInput, match="why"):
        esc_svc.reopen(plant.as_("sue"), esc.id, "")
    reopened = esc_svc.reopen(plant.as_("sue"), esc.id, "Spare stock is empty")
    assert reopened.state is EscalationState.OPEN and reopened.holder_team == plant.ids["area"]
    assert esc_svc.close(plant.as_("sue"), esc.id, "fine").state is EscalationState.CLOSED


def test_up_sideways_down(plant) -> None:
    esc = _raise(plant)
    with pytest.raises(Refused):
        esc_svc.escalate_up(plant.as_("ian"), esc.id, "too big")
    with pytest.raises(InvalidInput, match="reason"):
        esc_svc.escalate_up(plant.as_("max"), esc.id, "")
    plant.clock.now += timedelta(minutes=20)
    up = esc_svc.escalate_up(plant.as_("max"), esc.id, "Needs plant budget")
    assert up.holder_team == plant.ids["plant"] and up.held_since == plant.clock.now
    with pytest.raises(Refused):
        esc_svc.pass_sideways(plant.as_("max"), esc.id, "Maintenance", "not ours")  # plant holds it now
    with pytest.raises(InvalidInput, match="top of the tree"):
        esc_svc.escalate_up(plant.as_("pat"), esc.id, "higher")
    side = esc_svc.pass_sideways(plant.as_("pat"), esc.id, "Maintenance", "Maintenance owns spare parts")
    assert side.holder_team == plant.ids["maint"]
    with pytest.raises(InvalidInput, match="raised it"):
        esc_svc.pass_sideways(plant.as_("mia"), esc.id, "Line 1", "yours")
    down = esc_svc.return_down(plant.as_("mia"), esc.id, "Take them from line 2 stock")
    assert down.holder_team == plant.ids["line1"] and down.state is EscalationState.ANSWERED
    detail = queries.escalation_detail(plant.as_("ian"), esc.id)
    assert [m.move.kind for m in detail.moves] == [
        MoveKind.RAISED,
        MoveKind.UP,
        MoveKind.SIDEWAYS,
        MoveKind.DOWN,
    ]
    assert [m.by for m in detail.moves] == ["Ian Ic", "Max Manager", "Pat Plant", "Mia Maint"]
    assert detail.moves[1].move.text == "Needs plant budget"


def test_comment_on_the_path(plant) -> None:
    esc = _raise(plant)
    esc_svc.comment(plant.as_("ian"), esc.id, "Still waiting")
    esc_svc.comment(plant.as_("max"), esc.id, "On it")
    with pytest.raises(Refused):
        esc_svc.comment(plant.as_("olga"), esc.id, "me too")
    detail = queries.escalation_detail(plant.as_("ian"), esc.id)
    assert [m.move.text for m in detail.moves if m.move.kind is MoveKind.COMMENT] == [
        "Still waiting",
        "On it",
    ]
    assert detail.escalation.state is EscalationState.OPEN


def test_overdue_in_hours(plant) -> None:
    esc = _raise(plant, "critical")
    plant.clock.now += timedelta(hours=3, minutes=30)
    rows = queries.escalation_rows(plant.as_("max"), overdue_only=True)
    assert [r.escalation.id for r in rows] == [esc.id]
    assert rows[0].overdue_hours == pytest.approx(2.5)
    esc_svc.answer(plant.as_("max"), esc.id, "Here is the answer")
    assert queries.escalation_rows(plant.as_("max"), overdue_only=True) == ()


def test_needed_by_naive_is_board_time(plant) -> None:
    from datetime import datetime

    esc = esc_svc.raise_escalation(
        plant.as_("ian"), "x", team="Line 1", severity="low", needed_by=datetime(2026, 11, 28, 12, 0)
    )
    assert esc.needed_by.utcoffset() is not None


def test_concurrent_moves_converge(plant) -> None:
    """Two sessions (own replicas) close and reopen at once: both compute the same state."""
    esc = _raise(plant)
    esc_svc.answer(plant.as_("max"), esc.id, "done")
    first, second = plant.as_("ian"), plant.as_("sue")
    esc_svc.close(first, esc.id)
    esc_svc.reopen(second, esc.id, "not done")
    first.refresh()
    second.refresh()
    a = esc_svc.find_escalation(first, esc.id)[0]
    b = esc_svc.find_escalation(second, esc.id)[0]
    assert a == b


def test_a_lagging_clock_still_appends_moves_in_order(plant) -> None:
    esc = _raise(plant)
    plant.clock.now -= timedelta(hours=2)  # this terminal's clock is behind the one that raised it
    esc_svc.acknowledge(plant.as_("max"), esc.id)
    answered = esc_svc.answer(plant.as_("max"), esc.id, "Ordered")
    closed = esc_svc.close(plant.as_("ian"), esc.id)
    assert answered.state is EscalationState.ANSWERED and closed.state is EscalationState.CLOSED
    detail = queries.escalation_detail(plant.as_("ian"), esc.id)
    times = [m.move.at for m in detail.moves]
    assert times == sorted(times) and len(set(times)) == 4
    assert detail.escalation.answer == "Ordered"
