"""The read side: team board, metric detail, roll-up, inbox, KPIs, support, cascade, objectives."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from huddle_tui.domain.metrics import Status
from huddle_tui.errors import InvalidInput, Refused
from huddle_tui.services import actions, escalations, ideas, objectives, queries, readings, setup


def _history(plant) -> None:
    ian = plant.as_("ian")
    for n in range(1, 15):
        day = date(2026, 11, 27) - timedelta(days=n)
        value = "70" if n == 1 else "90"
        readings.log_reading(ian, "OEE", value, team_ref="Line 1", day=day, reason="jam" if n == 1 else None)
    readings.log_reading(ian, "Scrap", "1", team_ref="Line 1")


def test_team_board(plant) -> None:
    _history(plant)
    ian = plant.as_("ian")
    idea = ideas.submit_idea(ian, "Bins", team="Line 1", impact="high", effort="high")
    out = escalations.raise_escalation(ian, "Parts", team="Line 1", severity="medium")
    actions.add_action(ian, "Overdue", team="Line 1", owner="ian", due=date(2026, 11, 1))
    board = queries.team_board(plant.as_("sue"), "Line 1", date(2026, 11, 26))
    oee, scrap = sorted(board.metrics, key=lambda r: r.metric.name)
    assert oee.status is Status.RED and not oee.lacks_reason and oee.lacks_countermeasure
    assert len(oee.history) == 14 and oee.history[-1].day == date(2026, 11, 26)
    assert [c.status for c in oee.history[:-1]] == [Status.GREEN] * 13
    assert scrap.status is Status.NONE
    assert board.reds_without_countermeasure == (oee,)
    assert board.ideas[0].idea.id == idea.id and board.ideas[0].pick.value == "challenge"
    assert [r.escalation.id for r in board.escalations_out] == [out.id] and board.escalations_in == ()
    assert board.actions[0].overdue
    area = queries.team_board(plant.as_("max"), "Area A")
    assert [r.escalation.id for r in area.escalations_in] == [out.id]
    assert area.escalations_in[0].direction == "in"


def test_metric_detail_month_grid(plant) -> None:
    _history(plant)
    detail = queries.metric_detail(plant.admin, "Line 1/OEE", "2026-11")
    assert len(detail.days) == 30 and detail.month == "2026-11"
    assert detail.days[25].status is Status.RED  # the 26th
    assert detail.days[27].future and detail.days[27].status is Status.NONE
    assert len(detail.readings) == 14
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        queries.metric_detail(plant.admin, "Line 1/OEE", "November")


def test_feeds_and_fed_by(plant) -> None:
    setup.add_metric(
        plant.admin, "OEE", team="Line 2", category="D", target=80, better="higher", feeds="Area A/OEE"
    )
    detail = queries.metric_detail(plant.admin, "Area A/OEE")
    assert [m.team_id for m in detail.fed_by] == [plant.ids["line2"]]


def test_rollup(plant) -> None:
    _history(plant)
    ian = plant.as_("ian")
    escalations.raise_escalation(ian, "Parts", team="Line 1", severity="critical")
    plant.clock.now += timedelta(hours=2)
    roll = queries.rollup(plant.as_("max"), "Area A")
    assert [r.team.name for r in roll.rows] == ["Line 1", "Line 2"]
    line1 = roll.rows[0]
    assert line1.yesterday["Delivery"] is Status.RED and line1.today["Quality"] is Status.GREEN
    assert line1.open_escalations == 1 and line1.overdue_escalations == 1
    assert line1.reds_without_countermeasure == 1
    assert roll.categories[:5] == ("Safety", "Quality", "Delivery", "Cost", "People")


def test_inbox(plant) -> None:
    ian = plant.as_("ian")
    esc = escalations.raise_escalation(ian, "Parts", team="Line 1", severity="high")
    idea = ideas.submit_idea(ian, "Bins", team="Line 1")
    actions.add_action(ian, "Mine", team="Line 1", owner="max", due=date(2026, 12, 1))
    box = queries.inbox(plant.as_("max"))
    assert [r.escalation.id for r in box.escalations] == [esc.id]
    assert [r.idea.id for r in box.ideas] == [idea.id]
    assert [a.action.title for a in box.actions] == ["Mine"]
    escalations.answer(plant.as_("max"), esc.id, "Ordered")
    sue_box = queries.inbox(plant.as_("sue"))
    assert [r.escalation.id for r in sue_box.raised_answered] == [esc.id]
    assert sue_box.escalations == ()
    assert queries.inbox(plant.as_("kiosk1")).escalations == ()


def test_idea_kpis_and_support(plant) -> None:
    ian = plant.as_("ian")
    idea = ideas.submit_idea(ian, "Bins", team="Line 1")
    ideas.submit_idea(plant.as_("olga"), "Lights", team="Line 2")
    plant.clock.now += timedelta(hours=24)
    ideas.decide_idea(plant.as_("sue"), idea.id, "implemented", "Done already")
    esc = escalations.raise_escalation(ian, "Parts", team="Line 1", severity="high")
    plant.clock.now += timedelta(hours=1)
    escalations.answer(plant.as_("max"), esc.id, "Ordered")
    view = queries.idea_kpis_view(plant.admin, "Area A")
    assert view.kpis.ideas == 2 and view.kpis.implemented == 1
    assert view.kpis.avg_days_to_first_answer == pytest.approx(1.0)
    line = queries.idea_kpis_view(plant.admin, "Line 1")
    assert line.kpis.people == 3 and line.kpis.participants == 1  # ian, sue, pia (no kiosk)
    support = queries.support_view(plant.admin, "Line 1")
    area = next(r for r in support.rows if r.kind == "team" and r.label == "Area A")
    assert area.median_first_response_hours == pytest.approx(1.0) and area.within_response_share == 1.0


def test_objectives_and_cascade(plant) -> None:
    _history(plant)
    setup.set_target(plant.admin, plant.ids["oee"], 85)
    metric = setup.add_metric(
        plant.admin, "Uptime", team="Line 1", category="D", target=90, better="higher", feeds="Area A/OEE"
    )
    objective = objectives.add_objective(
        plant.as_("max"), "World-class OEE", team="Area A", metrics=["OEE", metric.id]
    )
    with pytest.raises(Refused):
        objectives.add_objective(plant.as_("ian"), "x", team="Line 1")
    with pytest.raises(InvalidInput, match="not Line 1 or below"):
        objectives.add_objective(plant.admin, "x", team="Line 1", metrics=["Area A/OEE"])
    assert [o.id for o in objectives.list_objectives(plant.admin)] == [objective.id]
    cascade = queries.cascade(plant.admin, "Area A", date(2026, 11, 27))
    view = cascade.objectives[0]
    area_node = view.metrics[0]
    assert area_node.metric.id == plant.ids["area_oee"]
    assert [c.metric.name for c in area_node.children] == ["Uptime"]
    assert view.metrics[1].metric.id == metric.id
    objectives.archive_objective(plant.admin, objective.id)
    assert objectives.list_objectives(plant.admin) == []
