"""Idea rules: PICK quadrant, age and overdue answers, status transitions, decision reasons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huddle_tui.domain.ideas import (
    ALLOWED_TRANSITIONS,
    Idea,
    IdeaStatus,
    Level,
    Pick,
    allowed_next,
    answer_overdue,
    apply_decision,
    awaiting_first_answer,
    check_decision_reason,
    check_transition,
    first_answer_hours,
    idea_age_hours,
    pick_quadrant,
)
from huddle_tui.errors import InvalidInput

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def idea(**kw: object) -> Idea:
    base: dict[str, object] = {
        "id": "i1",
        "team_id": "t1",
        "title": "Shadow board for tools",
        "submitted_by": "p1",
        "submitted_at": T0,
    }
    base.update(kw)
    return Idea(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("impact", "effort", "pick"),
    [
        (Level.LOW, Level.LOW, Pick.POSSIBLE),
        (Level.HIGH, Level.LOW, Pick.IMPLEMENT),
        (Level.HIGH, Level.HIGH, Pick.CHALLENGE),
        (Level.LOW, Level.HIGH, Pick.KILL),
        ("high", "low", Pick.IMPLEMENT),
    ],
)
def test_pick_quadrant(impact: Level, effort: Level, pick: Pick) -> None:
    assert pick_quadrant(impact, effort) is pick


def test_pick_quadrant_unknown_until_both_are_set() -> None:
    assert pick_quadrant(None, Level.LOW) is None
    assert pick_quadrant(Level.HIGH, None) is None


def test_age_and_overdue_answer() -> None:
    new = idea()
    assert idea_age_hours(new, T0 + timedelta(hours=30)) == pytest.approx(30)
    assert idea_age_hours(new, T0 - timedelta(hours=1)) == 0
    assert awaiting_first_answer(new)
    assert not answer_overdue(new, T0 + timedelta(hours=48), 48)
    assert answer_overdue(new, T0 + timedelta(hours=48, seconds=1), 48)


def test_answered_idea_is_never_overdue() -> None:
    answered = idea(status=IdeaStatus.UNDER_REVIEW, first_answer_at=T0 + timedelta(hours=3))
    assert not awaiting_first_answer(answered)
    assert not answer_overdue(answered, T0 + timedelta(days=30), 48)
    assert first_answer_hours(answered) == pytest.approx(3)
    assert first_answer_hours(idea()) is None


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_overdue_is_monotonic_in_time(a: int, b: int) -> None:
    early, late = sorted((a, b))
    new = idea()
    if answer_overdue(new, T0 + timedelta(minutes=early), 48):
        assert answer_overdue(new, T0 + timedelta(minutes=late), 48)
    assert idea_age_hours(new, T0 + timedelta(minutes=early)) <= idea_age_hours(
        new, T0 + timedelta(minutes=late)
    )


def test_every_status_has_a_way_forward_and_endings_reopen_to_review() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(IdeaStatus)
    for status, nxt in ALLOWED_TRANSITIONS.items():
        assert nxt and status not in nxt and IdeaStatus.NEW not in nxt
    for ending in (IdeaStatus.IMPLEMENTED, IdeaStatus.REJECTED, IdeaStatus.PARKED):
        assert ending.is_ending
        assert ALLOWED_TRANSITIONS[ending] == {IdeaStatus.UNDER_REVIEW}


@pytest.mark.parametrize("old", list(IdeaStatus))
@pytest.mark.parametrize("new", list(IdeaStatus))
def test_check_transition_follows_the_table(old: IdeaStatus, new: IdeaStatus) -> None:
    if new in ALLOWED_TRANSITIONS[old]:
        check_transition(old, new)
    else:
        with pytest.raises(InvalidInput) as info:
            check_transition(old, new)
        for allowed in allowed_next(old):
            assert allowed.value in str(info.value)


def test_transition_messages() -> None:
    with pytest.raises(InvalidInput, match="already implemented") as info:
        check_transition(IdeaStatus.IMPLEMENTED, IdeaStatus.IMPLEMENTED)
    assert "under_review" in str(info.value)
    with pytest.raises(InvalidInput, match="cannot become approved"):
        check_transition("rejected", "approved")
    with pytest.raises(InvalidInput, match="not an idea status"):
        check_transition("new", "done")


def test_decision_reason() -> None:
    assert check_decision_reason("  Good idea,\x1b[31m we do it \r\n") == "Good idea,[31m we do it"
    for bad in (None, "", "  ", "ok", "\x00\x01ab"):
        with pytest.raises(InvalidInput, match="reason for the submitter is required"):
            check_decision_reason(bad)
    with pytest.raises(InvalidInput, match="limit"):
        check_decision_reason("x" * 5000)


def test_apply_decision_sets_times_and_reason() -> None:
    at1 = T0 + timedelta(hours=5)
    reviewed = apply_decision(idea(), IdeaStatus.UNDER_REVIEW, "Looking at it with maintenance", "s1", at1)
    assert reviewed.status is IdeaStatus.UNDER_REVIEW
    assert reviewed.first_answer_at == at1 and reviewed.status_changed_at == at1
    assert reviewed.decided_by == "s1" and reviewed.decision_reason == "Looking at it with maintenance"
    at2 = at1 + timedelta(days=3)
    done = apply_decision(reviewed, "implemented", "Board hangs at station 4", "s2", at2)
    assert done.first_answer_at == at1 and done.implemented_at == at2
    reopened = apply_decision(done, IdeaStatus.UNDER_REVIEW, "Tools keep missing, look again", "s2", at2)
    assert reopened.implemented_at is None and reopened.first_answer_at == at1


def test_apply_decision_refuses_without_reason_or_bad_transition() -> None:
    with pytest.raises(InvalidInput):
        apply_decision(idea(), IdeaStatus.REJECTED, "", "s1", T0)
    with pytest.raises(InvalidInput):
        apply_decision(idea(status=IdeaStatus.REJECTED), IdeaStatus.IMPLEMENTED, "because", "s1", T0)
