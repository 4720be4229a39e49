"""The team-size demo board: deterministic, and it shows everything a user should see on day one."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from huddle_tui.demo import story
from huddle_tui.demo.generate import DemoResult
from huddle_tui.demo.summary import summarize
from huddle_tui.domain import actions as action_rules
from huddle_tui.domain import escalations as escalation_rules
from huddle_tui.domain.escalations import EscalationMove, EscalationState, MoveKind
from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.ideas import IdeaStatus, answer_overdue
from huddle_tui.domain.metrics import Reading, Status, lacks_countermeasure, reading_status
from huddle_tui.domain.teams import Role
from huddle_tui.errors import InvalidInput
from huddle_tui.services import actions, escalations, ideas, persist, readings
from huddle_tui.services.session import Session

from .conftest import LOGIN, NOW


def all_readings(session: Session) -> list[Reading]:
    return persist.load_all(session, Reading, partitions=session.board.partitions("reading"))


def test_shape_of_the_plant(session: Session, team_board: DemoResult) -> None:
    directory = session.directory
    tiers = Counter(t.tier for t in directory.teams())
    assert tiers == {3: 1, 2: 5, 1: 8}
    roles = {p.role for p in directory.people()}
    assert roles == set(Role)
    admin = directory.person_by_login(LOGIN)
    assert admin is not None and admin.role == Role.ADMIN
    for team in directory.teams():
        if team.tier == 1:
            categories = {m.category for m in directory.metrics(team.id)}
            assert categories == {"Safety", "Quality", "Delivery", "Cost", "People"}
            assert all(m.feeds for m in directory.metrics(team.id)), team.name
    assert len(persist.load_all(session, persist.CLASSES["objective"])) == len(story.OBJECTIVES)
    assert team_board.counts["reading"] > 3000


def test_ninety_days_of_readings_with_a_monday_effect(session: Session, team_board: DemoResult) -> None:
    found = all_readings(session)
    days = {r.date for r in found}
    assert min(days) == team_board.today - timedelta(days=90)
    assert max(days) == team_board.today - timedelta(days=1)
    metrics = {m.id: m for m in session.directory.metrics()}
    red_by_weekday: Counter[int] = Counter()
    workdays: Counter[int] = Counter()
    for reading in found:
        metric = metrics[reading.metric_id]
        if metric.safety_cross or reading.date.weekday() >= 5:
            continue
        workdays[reading.date.weekday()] += 1
        if reading_status(metric, reading.value) is not Status.GREEN:
            red_by_weekday[reading.date.weekday()] += 1
    monday = red_by_weekday[0] / workdays[0]
    rest = sum(red_by_weekday[d] for d in range(1, 5)) / sum(workdays[d] for d in range(1, 5))
    assert monday > rest * 1.3


def test_reds_carry_reasons_and_mostly_countermeasures(session: Session, team_board: DemoResult) -> None:
    metrics = {m.id: m for m in session.directory.metrics()}
    reds = [r for r in all_readings(session) if reading_status(metrics[r.metric_id], r.value) is Status.RED]
    assert len(reds) > 40
    assert all(r.reason for r in reds)
    lacking = [r for r in reds if lacks_countermeasure(metrics[r.metric_id], r)]
    assert lacking, "some recent reds still lack a countermeasure"
    assert len(lacking) < len(reds) // 5
    assert all(r.date >= team_board.today - timedelta(days=4) for r in lacking)
    countermeasures = {a.id: a for a in actions.list_actions(session) if a.source_kind == "reading"}
    assert all(r.action_id in countermeasures or not r.action_id for r in reds if r.team_id != "")
    # A streak of red days shares one countermeasure.
    shared = Counter(r.action_id for r in reds if r.action_id)
    assert max(shared.values()) >= 2


def test_ideas_in_every_status(session: Session) -> None:
    found = ideas.list_ideas(session)
    assert {i.status for i in found} == set(IdeaStatus)
    decided = [i for i in found if i.status is not IdeaStatus.NEW]
    assert all(i.decision_reason and i.first_answer_at for i in decided)
    assert len({i.decision_reason for i in decided if i.status.is_ending}) == len(
        [i for i in decided if i.status.is_ending]
    ), "no canned decision reasons"
    waiting = [i for i in found if answer_overdue(i, NOW, session.settings.idea_answer_hours)]
    assert waiting and len(waiting) < len([i for i in found if i.status is IdeaStatus.NEW])
    assert all(i.impact and i.effort for i in found)
    assert all(i.implemented_at for i in found if i.status is IdeaStatus.IMPLEMENTED)


def test_escalations_travel_between_tiers(session: Session) -> None:
    found = escalations.load_escalations(session)
    assert len(found) == len(story.ESCALATIONS)
    moves = persist.load_all(session, EscalationMove)
    kinds = {m.kind for m in moves}
    for kind in (MoveKind.RAISED, MoveKind.ACKNOWLEDGED, MoveKind.ANSWERED, MoveKind.UP, MoveKind.SIDEWAYS):
        assert kind in kinds
    assert MoveKind.DOWN in kinds and MoveKind.CLOSED in kinds
    states = Counter(e.state for e in found)
    assert states[EscalationState.CLOSED] >= 2 and states[EscalationState.ANSWERED] >= 1
    overdue = [e for e in found if escalation_rules.is_overdue(e, session.settings, NOW)]
    assert len(overdue) >= 3
    names = {t.id: t.name for t in session.directory.teams()}
    holders = {names[e.holder_team] for e in found}
    assert {"Maintenance", "Riverside Plant"} <= holders


def test_actions_open_overdue_and_done(session: Session, team_board: DemoResult) -> None:
    found = actions.list_actions(session)
    overdue = [a for a in found if action_rules.is_overdue(a, team_board.today)]
    done = [a for a in found if a.status == "done"]
    open_ = [a for a in found if a.status == "open" and not action_rules.is_overdue(a, team_board.today)]
    assert overdue and done and open_
    assert {a.source_kind for a in found} >= {"reading", "idea"}


def test_yesterdays_huddle_minutes(session: Session, team_board: DemoResult) -> None:
    found = persist.load_all(session, Huddle)
    assert len(found) == len(story.HUDDLES)
    day = team_board.today - timedelta(days=1)  # NOW is a Friday: the last workday is yesterday
    for huddle in found:
        assert huddle.date == day
        assert huddle.ended_at is not None and huddle.attendees and huddle.decisions and huddle.notes
        assert set(huddle.step_seconds or {}) == {s.key for s in session.settings.agenda}
    assert any(h.actions_created for h in found), "the day before's reds got countermeasures in the huddle"


def test_summary_counts(session: Session) -> None:
    summary = summarize(session, NOW)
    assert summary.reds_without_countermeasure > 0
    assert summary.escalations_overdue > 0 and summary.actions_overdue > 0
    assert all(summary.ideas_by_status[s.value] > 0 for s in IdeaStatus)
    assert summary.ideas_past_answer_time > 0
    assert len(summary.huddle_teams) == len(story.HUDDLES)


def test_the_board_still_works_after_the_demo(copy_session: Session) -> None:
    """The demo is a normal board: a person can log today's reading and the rules still refuse a red."""
    session = copy_session
    cnc1 = session.directory.team("CNC Cell 1")
    worker = session.acting_as("aferreira")
    with pytest.raises(InvalidInput):
        readings.log_reading(worker, "First pass yield", 80, team_ref=cnc1.id)
    logged = readings.log_reading(worker, "First pass yield", 99.1, team_ref=cnc1.id)
    assert logged.status is Status.GREEN
