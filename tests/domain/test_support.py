"""Support measures per holder team and per person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from huddle_tui.domain.escalations import Escalation, EscalationMove, EscalationState, MoveKind
from huddle_tui.domain.ideas import Idea, IdeaStatus
from huddle_tui.domain.settings import BoardSettings, Severity
from huddle_tui.domain.support import hold_periods, support_rows
from huddle_tui.domain.teams import Person, Role, Team

T0 = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
BOARD = BoardSettings()  # high: 4 h, medium: 24 h
TEAMS = [
    Team("plant", "Plant", 3),
    Team("area1", "Area 1", 2, "plant"),
    Team("maint", "Maintenance", 2, "plant"),
    Team("line3", "Line 3", 1, "area1"),
]
PEOPLE = [
    Person("mgr", "Mia Manager", "mia", Role.MANAGER, "area1"),
    Person("tech", "Tom Tech", "tom", Role.SUPERVISOR, "maint"),
    Person("sup", "Sue Super", "sue", Role.SUPERVISOR, "line3"),
]


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def esc(id: str, **kw: object) -> Escalation:
    base: dict[str, object] = {
        "title": id,
        "raised_by_team": "line3",
        "raised_by": "sup",
        "raised_at": T0,
        "severity": Severity.HIGH,
        "holder_team": "area1",
        "held_since": T0,
    }
    base.update(kw)
    return Escalation(id=id, **base)  # type: ignore[arg-type]


def mv(
    esc_id: str, kind: MoveKind, hours: float, by: str, to: str | None = None, text: str = "x"
) -> EscalationMove:
    return EscalationMove(
        f"{esc_id}-{hours}-{kind.value}", esc_id, kind, at(hours), by, to_team=to, text=text
    )


def scenario() -> tuple[list[Escalation], list[EscalationMove]]:
    # e1: area acknowledges after 1 h, passes to maintenance at 2 h; maintenance answers at 8 h (late).
    e1 = esc("e1", state=EscalationState.CLOSED, holder_team="maint", held_since=at(2))
    m1 = [
        mv("e1", MoveKind.RAISED, 0, "sup", to="area1"),
        mv("e1", MoveKind.ACKNOWLEDGED, 1, "mgr"),
        mv("e1", MoveKind.SIDEWAYS, 2, "mgr", to="maint"),
        mv("e1", MoveKind.ANSWERED, 8, "tech", text="new seal fitted"),
        mv("e1", MoveKind.CLOSED, 9, "sup"),
    ]
    # e2: nobody at the area responds; it is overdue now (held 4 h, now is +10 h).
    e2 = esc("e2")
    # e3: area returns it down with guidance after 3 h (within time), then the line holds it.
    e3 = esc("e3", state=EscalationState.ANSWERED, holder_team="line3", held_since=at(3))
    m3 = [mv("e3", MoveKind.DOWN, 3, "mgr", text="use the spare from line 5")]
    return [e1, e2, e3], m1 + m3


def test_hold_periods_follow_the_path() -> None:
    (e1, _e2, e3), moves = scenario()
    periods = hold_periods(e1, moves, BOARD)
    assert [(p.team_id, p.start) for p in periods] == [("area1", at(0)), ("maint", at(2))]
    assert periods[0].response is not None and periods[0].response.by == "mgr"
    assert periods[1].answer is not None and periods[1].answer.at == at(8)
    assert periods[1].deadline == at(6)
    # the returned escalation is held by the raising team afterwards: not a support period
    assert [p.team_id for p in hold_periods(e3, moves, BOARD, "area1")] == ["area1"]
    assert [p.team_id for p in hold_periods(e3, moves, BOARD)] == []  # unknown first holder: the raiser


def test_support_rows_per_team_and_person() -> None:
    escalations, moves = scenario()
    ideas = [
        Idea(
            "i1",
            "line3",
            "idea",
            "ann",
            at(-30),
            status=IdeaStatus.APPROVED,
            first_answer_at=at(-20),
            decided_by="sup",
        ),
        Idea("i2", "line3", "waiting", "ann", at(-60)),
    ]
    rows = support_rows(escalations, moves, ideas, TEAMS, PEOPLE, BOARD, at(10))
    by_key = {r.key: r for r in rows}
    assert [r.kind for r in rows] == ["team"] * 3 + ["person"] * 3
    assert [r.key for r in rows] == ["area1", "maint", "line3", "mgr", "sup", "tech"]

    area = by_key["area1"]
    assert area.label == "Area 1" and area.escalations_handled == 3
    assert area.median_first_response_hours == pytest.approx(2.0)  # 1 h (e1) and 3 h (e3)
    assert area.avg_first_response_hours == pytest.approx(2.0)
    assert area.within_response_share == pytest.approx(2 / 3)  # e2 unanswered past its deadline
    assert area.avg_closing_hours == pytest.approx(3.0)  # e3 returned after 3 h
    assert area.overdue_now == 1

    maint = by_key["maint"]
    assert maint.escalations_handled == 1 and maint.avg_first_response_hours == pytest.approx(6.0)
    assert maint.within_response_share == 0 and maint.avg_closing_hours == pytest.approx(6.0)
    assert maint.overdue_now == 0

    line = by_key["line3"]
    assert line.escalations_handled == 0 and line.ideas_answered == 1 and line.ideas_overdue == 1
    assert line.avg_idea_first_answer_hours == pytest.approx(10.0)

    mgr = by_key["mgr"]
    assert mgr.label == "Mia Manager" and mgr.escalations_handled == 2 and mgr.within_response_share == 1
    assert by_key["tech"].avg_closing_hours == pytest.approx(6.0)
    assert by_key["sup"].ideas_answered == 1 and by_key["sup"].escalations_handled == 0


def test_nothing_to_report_gives_no_rows() -> None:
    assert support_rows([], [], [], TEAMS, PEOPLE, BOARD, T0) == []


def test_fresh_unanswered_escalation_is_not_judged_yet() -> None:
    rows = support_rows([esc("e9")], [], [], TEAMS, PEOPLE, BOARD, at(1))
    assert len(rows) == 1
    assert (
        rows[0].escalations_handled == 1
        and rows[0].within_response_share is None
        and rows[0].overdue_now == 0
    )
