"""Idea-system KPIs over a period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huddle_tui.domain.ideas import Idea, IdeaStatus
from huddle_tui.domain.kpis import counted_people, idea_kpis
from huddle_tui.domain.teams import Person, Role

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
START, END = date(2026, 11, 1), date(2026, 11, 30)


def person(id: str, role: Role = Role.IC, active: bool = True) -> Person:
    return Person(id=id, name=id.title(), login=id, role=role, team_id="t1", active=active)


PEOPLE = [
    person("ann"),
    person("bob"),
    person("cem"),
    person("dora", Role.SUPERVISOR),
    person("kiosk", Role.KIOSK),
]


def idea(id: str, by: str, submitted: datetime, **kw: object) -> Idea:
    return Idea(id=id, team_id="t1", title=id, submitted_by=by, submitted_at=submitted, **kw)  # type: ignore[arg-type]


def test_counted_people_excludes_kiosks_and_inactive() -> None:
    assert [p.id for p in counted_people([*PEOPLE, person("gone", active=False)])] == [
        "ann",
        "bob",
        "cem",
        "dora",
    ]


def test_idea_kpis_example() -> None:
    d = datetime(2026, 11, 10, 8, 0, tzinfo=UTC)
    ideas = [
        idea(
            "i1",
            "ann",
            d,
            status=IdeaStatus.IMPLEMENTED,
            first_answer_at=d + timedelta(days=1),
            implemented_at=d + timedelta(days=10),
        ),
        idea("i2", "ann", d, status=IdeaStatus.REJECTED, first_answer_at=d + timedelta(days=3)),
        idea("i3", "bob", NOW - timedelta(hours=10)),  # waiting, not yet overdue
        idea("i4", "kiosk", d),  # waiting and overdue; the kiosk is no participant
        idea("old", "cem", datetime(2026, 10, 31, 12, 0, tzinfo=UTC)),  # before the period
    ]
    k = idea_kpis(ideas, PEOPLE, START, END, NOW, 48, "UTC")
    assert (k.ideas, k.people, k.participants, k.implemented) == (4, 4, 2, 1)
    assert k.ideas_per_person == pytest.approx(1.0)
    assert k.participation_rate == pytest.approx(0.5)
    assert k.implementation_rate == pytest.approx(0.25)
    assert k.avg_days_to_first_answer == pytest.approx(2.0)
    assert k.avg_days_to_implementation == pytest.approx(10.0)
    assert (k.awaiting_answer, k.overdue_answers) == (2, 1)


def test_period_uses_board_local_dates() -> None:
    # 23:30 UTC on Oct 31 is already Nov 1 in Berlin.
    late = idea("i", "ann", datetime(2026, 10, 31, 23, 30, tzinfo=UTC))
    assert idea_kpis([late], PEOPLE, START, END, NOW, 48, "UTC").ideas == 0
    assert idea_kpis([late], PEOPLE, START, END, NOW, 48, "Europe/Berlin").ideas == 1


def test_empty_team_and_period() -> None:
    k = idea_kpis([], [], START, END, NOW, 48, "UTC")
    assert (k.ideas, k.people, k.ideas_per_person, k.participation_rate, k.implementation_rate) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert k.avg_days_to_first_answer is None and k.avg_days_to_implementation is None


@st.composite
def idea_sets(draw: st.DrawFn) -> list[Idea]:
    ids = [p.id for p in PEOPLE] + ["stranger"]
    out = []
    for i in range(draw(st.integers(0, 25))):
        submitted = datetime(2026, 10, 25, tzinfo=UTC) + timedelta(hours=draw(st.integers(0, 40 * 24)))
        status = draw(st.sampled_from(list(IdeaStatus)))
        answered = (
            None if status is IdeaStatus.NEW else submitted + timedelta(hours=draw(st.integers(0, 500)))
        )
        implemented = answered if status is IdeaStatus.IMPLEMENTED else None
        out.append(
            idea(
                f"i{i}",
                draw(st.sampled_from(ids)),
                submitted,
                status=status,
                first_answer_at=answered,
                implemented_at=implemented,
            )
        )
    return out


@settings(max_examples=100, deadline=None)
@given(ideas=idea_sets(), people=st.lists(st.sampled_from(PEOPLE), unique=True))
def test_rates_stay_in_range(ideas: list[Idea], people: list[Person]) -> None:
    k = idea_kpis(ideas, people, START, END, NOW, 48, "Europe/Berlin")
    assert 0 <= k.participation_rate <= 1
    assert 0 <= k.implementation_rate <= 1
    assert k.ideas_per_person >= 0
    assert 0 <= k.participants <= k.people <= len(people)
    assert 0 <= k.overdue_answers <= k.awaiting_answer <= k.ideas
    assert k.implemented <= k.ideas
    for avg in (k.avg_days_to_first_answer, k.avg_days_to_implementation):
        assert avg is None or avg >= 0
