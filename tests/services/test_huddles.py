"""The daily huddle: start (supervisor), attendance, timings, decisions; no end while a red is unsettled."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from huddle_tui.errors import InvalidInput, Refused
from huddle_tui.services import actions, export, huddles, ideas, readings


def test_start_refused_for_ic(plant) -> None:
    with pytest.raises(Refused, match="Running the huddle"):
        huddles.start_huddle(plant.as_("ian"), "Line 1")


def test_huddle_flow_and_minutes(plant) -> None:
    sue = plant.as_("sue")
    huddle = huddles.start_huddle(sue, "Line 1")
    assert huddles.start_huddle(sue, "Line 1").id == huddle.id  # rejoin
    huddles.set_attendance(sue, huddle.id, ["ian", "Sue Super", "pia"])
    huddles.set_attendance(sue, huddle.id, ["pia"], present=False)
    huddles.add_guest(sue, huddle.id, "Visitor [x]")
    huddles.record_step(sue, huddle.id, "safety", 90)
    huddles.record_step(sue, huddle.id, "safety", 30)
    huddles.add_decision(sue, huddle.id, "Stop line at 14:00 for belt change")
    huddles.set_notes(sue, huddle.id, "Good huddle")
    with pytest.raises(InvalidInput, match="agenda step"):
        huddles.record_step(sue, huddle.id, "lunch", 30)
    plant.clock.now += timedelta(minutes=5)
    action = actions.add_action(sue, "Order belt", team="Line 1", owner="ian", due=date(2026, 11, 30))
    idea = ideas.submit_idea(sue, "Spare belt", team="Line 1")
    ideas.decide_idea(sue, idea.id, "approved", "Yes, buy one")
    plant.clock.now += timedelta(minutes=10)
    ended = huddles.end_huddle(sue, huddle.id)
    assert ended.attendees == (plant.ids["ian"], plant.ids["sue"])
    assert ended.step_seconds == {"safety": 120}
    assert ended.actions_created == (action.id,) and ended.ideas_decided == (idea.id,)
    md = export.huddle_minutes_md(sue, ended)
    assert "Stop line at 14:00" in md and "Order belt" in md and "Visitor [x] (guest)" in md
    assert "| Safety | 2 min | 2.0 min |" in md
    with pytest.raises(InvalidInput, match="already ended"):
        huddles.start_huddle(sue, "Line 1")
    with pytest.raises(InvalidInput, match="already ended"):
        huddles.add_decision(sue, huddle.id, "late")


def test_end_refused_while_red_lacks_countermeasure(plant) -> None:
    ian, sue = plant.as_("ian"), plant.as_("sue")
    rid = readings.log_reading(
        ian, "OEE", "70", team_ref="Line 1", day=date(2026, 11, 26), reason="jam"
    ).reading.id
    huddle = huddles.start_huddle(sue, "Line 1")
    sue.refresh()
    with pytest.raises(InvalidInput, match="lacks a countermeasure") as err:
        huddles.end_huddle(sue, huddle.id)
    assert f"--from {rid}" in str(err.value)
    actions.add_action(sue, "Fix belt", owner="ian", due=date(2026, 11, 30), source=rid)
    assert huddles.end_huddle(sue, huddle.id).ended_at is not None


def test_reds_before_the_period_do_not_block(plant) -> None:
    ian, sue = plant.as_("ian"), plant.as_("sue")
    readings.log_reading(ian, "OEE", "70", team_ref="Line 1", day=date(2026, 11, 20), reason="old")
    sue.refresh()
    huddle = huddles.start_huddle(sue, "Line 1")
    assert huddles.review_period(sue, huddle) == (date(2026, 11, 26), date(2026, 11, 27))
    assert huddles.end_huddle(sue, huddle.id).ended_at is not None


def test_agenda_for_team(plant) -> None:
    from huddle_tui.services import setup

    setup.set_agenda(plant.admin, team="Line 1", minutes={"safety": 1})
    agenda = huddles.agenda_for(plant.admin, plant.admin.directory.team("Line 1"))
    assert agenda[0].minutes == 1 and sum(s.minutes for s in agenda) == 14


def test_huddle_view(plant) -> None:
    from huddle_tui.services import queries

    ian, sue = plant.as_("ian"), plant.as_("sue")
    rid = readings.log_reading(ian, "OEE", "70", team_ref="Line 1", reason="jam").reading.id
    sue.refresh()
    assert queries.huddle_view(sue, "Line 1").huddle is None
    huddle = huddles.start_huddle(sue, "Line 1")
    huddles.set_attendance(sue, huddle.id, ["ian"])
    view = queries.huddle_view(sue, "Line 1")
    assert view.huddle is not None and view.attendees == ("Ian Ic",)
    assert [r.reading.id for r in view.unsettled_reds] == [rid]
    assert {p.login for p in view.members} == {"ian", "sue", "pia"}
    assert view.agenda[0].key == "safety"
