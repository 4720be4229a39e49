"""Escalation rules: deadlines, overdue hours, ordering, the move state machine and deterministic replay."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huddle_tui.domain.escalations import (
    ALLOWED_MOVES,
    Escalation,
    EscalationMove,
    EscalationState,
    MoveKind,
    apply_move,
    check_move,
    escalation_sort_key,
    hours_left,
    is_overdue,
    overdue_hours,
    replay,
    response_deadline,
)
from huddle_tui.domain.settings import BoardSettings, Severity
from huddle_tui.errors import InvalidInput

T0 = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
BOARD = BoardSettings()


def esc(**kw: object) -> Escalation:
    base: dict[str, object] = {
        "id": "e1",
        "title": "Spare pump missing",
        "raised_by_team": "line3",
        "raised_by": "sup3",
        "raised_at": T0,
        "severity": Severity.HIGH,
        "holder_team": "area1",
        "held_since": T0,
    }
    base.update(kw)
    return Escalation(**base)  # type: ignore[arg-type]


def mv(
    kind: MoveKind, minutes: float, *, id: str | None = None, to: str | None = None, text: str = ""
) -> EscalationMove:
    return EscalationMove(
        id=id or f"m{minutes:06.0f}{kind.value}",
        escalation_id="e1",
        kind=kind,
        at=T0 + timedelta(minutes=minutes),
        by="p-" + kind.value,
        to_team=to,
        text=text,
    )


@pytest.mark.parametrize(("severity", "hours"), [("critical", 1), ("high", 4), ("medium", 24), ("low", 72)])
def test_deadline_by_severity(severity: str, hours: float) -> None:
    assert response_deadline(esc(severity=Severity(severity)), BOARD) == T0 + timedelta(hours=hours)


def test_deadline_uses_board_settings_and_needed_by() -> None:
    board = BoardSettings(response_hours={"critical": 0.5, "high": 2, "medium": 8, "low": 24})
    assert response_deadline(esc(), board) == T0 + timedelta(hours=2)
    assert response_deadline(esc(needed_by=T0 + timedelta(hours=1)), BOARD) == T0 + timedelta(hours=1)
    assert response_deadline(esc(needed_by=T0 + timedelta(hours=9)), BOARD) == T0 + timedelta(hours=4)


def test_overdue_and_hours() -> None:
    e = esc()
    assert not is_overdue(e, BOARD, T0 + timedelta(hours=4))
    assert is_overdue(e, BOARD, T0 + timedelta(hours=4, seconds=1))
    assert overdue_hours(e, BOARD, T0 + timedelta(hours=7)) == pytest.approx(3)
    assert overdue_hours(e, BOARD, T0 + timedelta(hours=1)) == 0
    assert hours_left(e, BOARD, T0 + timedelta(hours=1)) == pytest.approx(3)
    assert hours_left(e, BOARD, T0 + timedelta(hours=6)) == pytest.approx(-2)
    acked = replace(e, state=EscalationState.ACKNOWLEDGED)
    assert is_overdue(acked, BOARD, T0 + timedelta(hours=5))


@pytest.mark.parametrize("state", [EscalationState.ANSWERED, EscalationState.CLOSED])
def test_answered_and_closed_are_never_overdue(state: EscalationState) -> None:
    e = esc(state=state)
    assert not is_overdue(e, BOARD, T0 + timedelta(days=30))
    assert overdue_hours(e, BOARD, T0 + timedelta(days=30)) == 0


@given(st.integers(0, 500_000), st.integers(0, 500_000), st.sampled_from(list(Severity)))
def test_overdue_hours_monotonic_in_time(a: int, b: int, severity: Severity) -> None:
    e = esc(severity=severity)
    early, late = sorted((a, b))
    h1 = overdue_hours(e, BOARD, T0 + timedelta(seconds=early))
    h2 = overdue_hours(e, BOARD, T0 + timedelta(seconds=late))
    assert 0 <= h1 <= h2
    assert hours_left(e, BOARD, T0 + timedelta(seconds=early)) >= hours_left(
        e, BOARD, T0 + timedelta(seconds=late)
    )


def test_sort_key_overdue_first_then_severity_then_oldest() -> None:
    now = T0 + timedelta(hours=10)
    overdue_low = esc(id="a", severity=Severity.LOW, raised_at=T0, held_since=now - timedelta(hours=80))
    critical_fresh = esc(id="b", severity=Severity.CRITICAL, held_since=now - timedelta(minutes=5))
    medium_old = esc(id="c", severity=Severity.MEDIUM, raised_at=T0, held_since=now - timedelta(hours=1))
    medium_new = esc(id="d", severity=Severity.MEDIUM, raised_at=T0 + timedelta(hours=1), held_since=now)
    closed = esc(id="e", severity=Severity.CRITICAL, state=EscalationState.CLOSED)
    items = [closed, medium_new, medium_old, critical_fresh, overdue_low]
    ordered = sorted(items, key=lambda e: escalation_sort_key(e, BOARD, now))
    assert [e.id for e in ordered] == ["a", "b", "c", "d", "e"]


def test_full_path_up_sideways_down_reopen_close() -> None:
    e = esc()
    e = apply_move(e, mv(MoveKind.ACKNOWLEDGED, 10), BOARD)
    assert e.state is EscalationState.ACKNOWLEDGED and e.first_response_at == T0 + timedelta(minutes=10)
    e = apply_move(e, mv(MoveKind.UP, 20, to="plant", text="Needs capex approval"), BOARD)
    assert (e.holder_team, e.state, e.held_since) == (
        "plant",
        EscalationState.OPEN,
        T0 + timedelta(minutes=20),
    )
    assert e.first_response_at == T0 + timedelta(minutes=10)
    e = apply_move(e, mv(MoveKind.SIDEWAYS, 30, to="maint", text="Maintenance owns spares"), BOARD)
    assert e.holder_team == "maint" and e.state is EscalationState.OPEN
    e = apply_move(e, mv(MoveKind.DOWN, 40, text="Use the pump from line 5 until Friday"), BOARD)
    assert e.holder_team == "line3" and e.state is EscalationState.ANSWERED
    assert e.answer == "Use the pump from line 5 until Friday" and e.answered_at == T0 + timedelta(minutes=40)
    e = apply_move(e, mv(MoveKind.REOPENED, 50), BOARD)
    assert e.holder_team == "maint" and e.state is EscalationState.OPEN
    assert e.held_since == T0 + timedelta(minutes=50)
    e = apply_move(e, mv(MoveKind.ANSWERED, 60, text="Pump ordered, arrives Tuesday"), BOARD)
    assert e.state is EscalationState.ANSWERED and e.holder_team == "maint"
    e = apply_move(e, mv(MoveKind.COMMENT, 65, text="thanks"), BOARD)
    assert e.state is EscalationState.ANSWERED
    e = apply_move(e, mv(MoveKind.CLOSED, 70), BOARD)
    assert e.state is EscalationState.CLOSED and e.closed_at == T0 + timedelta(minutes=70)
    e = apply_move(e, mv(MoveKind.REOPENED, 80), BOARD)
    assert e.state is EscalationState.OPEN and e.closed_at is None and e.holder_team == "maint"


def test_answer_sets_first_response() -> None:
    e = apply_move(esc(), mv(MoveKind.ANSWERED, 15, text="Done"), BOARD)
    assert e.state is EscalationState.ANSWERED and e.answer == "Done"
    assert e.first_response_at == e.answered_at == T0 + timedelta(minutes=15)


def test_closing_is_not_a_response() -> None:
    e = apply_move(esc(), mv(MoveKind.CLOSED, 5), BOARD)
    assert e.first_response_at is None and e.state is EscalationState.CLOSED


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        (EscalationState.CLOSED, MoveKind.CLOSED),
        (EscalationState.CLOSED, MoveKind.ANSWERED),
        (EscalationState.CLOSED, MoveKind.UP),
        (EscalationState.CLOSED, MoveKind.ACKNOWLEDGED),
        (EscalationState.ANSWERED, MoveKind.ACKNOWLEDGED),
        (EscalationState.ACKNOWLEDGED, MoveKind.ACKNOWLEDGED),
        (EscalationState.OPEN, MoveKind.REOPENED),
        (EscalationState.OPEN, MoveKind.RAISED),
    ],
)
def test_impossible_moves_are_refused(state: EscalationState, kind: MoveKind) -> None:
    with pytest.raises(InvalidInput):
        check_move(esc(state=state), kind)


def test_refusal_lists_possible_moves() -> None:
    with pytest.raises(InvalidInput, match="closed cannot be answered") as info:
        check_move(esc(state=EscalationState.CLOSED), MoveKind.ANSWERED)
    assert "reopened" in str(info.value)


def test_comment_always_possible() -> None:
    for state in EscalationState:
        check_move(esc(state=state), MoveKind.COMMENT)
        assert MoveKind.COMMENT in ALLOWED_MOVES[state]


@pytest.mark.parametrize("kind", [MoveKind.UP, MoveKind.SIDEWAYS, MoveKind.DOWN])
def test_moves_need_a_reason(kind: MoveKind) -> None:
    with pytest.raises(InvalidInput, match="required"):
        apply_move(esc(), mv(kind, 5, to="plant", text="  \x1b "), BOARD)


def test_up_needs_a_new_team() -> None:
    with pytest.raises(InvalidInput, match="which team"):
        apply_move(esc(), mv(MoveKind.UP, 5, text="why"), BOARD)
    with pytest.raises(InvalidInput, match="already held"):
        apply_move(esc(), mv(MoveKind.UP, 5, to="area1", text="why"), BOARD)


def test_replay_sorts_by_time_then_id_and_skips_conflicts() -> None:
    moves = [
        mv(MoveKind.CLOSED, 30, id="b"),
        mv(MoveKind.ANSWERED, 10, text="fixed"),
        mv(MoveKind.CLOSED, 30, id="a"),  # same instant, both terminals closed: one wins, one is skipped
        replace(mv(MoveKind.UP, 5, to="x", text="y"), escalation_id="other"),
    ]
    e = replay(esc(), moves, BOARD)
    assert e.state is EscalationState.CLOSED and e.closed_at == T0 + timedelta(minutes=30)
    assert e.holder_team == "area1" and e.answer == "fixed"


KINDS = [
    MoveKind.ACKNOWLEDGED,
    MoveKind.ANSWERED,
    MoveKind.UP,
    MoveKind.SIDEWAYS,
    MoveKind.DOWN,
    MoveKind.CLOSED,
    MoveKind.REOPENED,
    MoveKind.COMMENT,
]
TEAMS = ["area1", "plant", "maint", "quality"]


@st.composite
def move_lists(draw: st.DrawFn) -> list[EscalationMove]:
    n = draw(st.integers(0, 12))
    minutes = draw(st.lists(st.integers(0, 10_000), min_size=n, max_size=n, unique=True))
    out = []
    for i, minute in enumerate(minutes):
        kind = draw(st.sampled_from(KINDS))
        out.append(mv(kind, minute, id=f"m{i}", to=draw(st.sampled_from(TEAMS)), text="because"))
    return out


@settings(max_examples=200, deadline=None)
@given(moves=move_lists(), data=st.data())
def test_replay_deterministic_under_permutation(moves: list[EscalationMove], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(moves))
    first = replay(esc(), moves, BOARD)
    assert replay(esc(), list(shuffled), BOARD) == first
    assert first.state in EscalationState
    if first.state is not EscalationState.CLOSED:
        assert first.closed_at is None
    if first.first_response_at is not None:
        assert first.first_response_at >= T0


def test_new_field_round_trips_through_store_fields() -> None:
    from huddle_tui.domain.records import from_fields, to_fields

    e = apply_move(esc(), mv(MoveKind.UP, 5, to="plant", text="capex"), BOARD)
    assert e.last_holder_above == "plant"
    assert from_fields(Escalation, e.id, to_fields(e)) == e
    old = to_fields(esc())
    del old["last_holder_above"]  # written by an older version
    assert from_fields(Escalation, "e1", old).last_holder_above is None
