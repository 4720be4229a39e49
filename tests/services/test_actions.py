"""Actions: add (from a reading, idea or escalation), complete, cancel, list; permissions."""

from __future__ import annotations

from datetime import date

import pytest

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.errors import InvalidInput, NotFound, Refused
from huddle_tui.services import actions, escalations, ideas, readings

DUE = date(2026, 11, 30)


def test_action_from_a_red_reading_is_its_countermeasure(plant) -> None:
    ian = plant.as_("ian")
    rid = readings.log_reading(ian, "OEE", "70", team_ref="Line 1", reason="jam").reading.id
    action = actions.add_action(ian, "Fix the infeed belt", owner="sue", due=DUE, source=rid)
    assert action.team_id == plant.ids["line1"]  # from the reading
    assert (action.source_kind, action.source_id) == ("reading", rid)
    assert readings.find_reading(ian, rid).action_id == action.id


def test_action_from_idea_and_escalation_prefix(plant) -> None:
    ian = plant.as_("ian")
    idea = ideas.submit_idea(ian, "Bins", team="Line 1")
    esc = escalations.raise_escalation(ian, "Parts", team="Line 1", severity="low")
    assert actions.add_action(ian, "Buy bins", owner="ian", due=DUE, source=idea.id).source_kind == "idea"
    assert actions.add_action(ian, "Chase", owner="ian", due=DUE, source=esc.id).source_kind == "escalation"
    with pytest.raises(NotFound, match="No reading, idea or escalation"):
        actions.add_action(ian, "x", owner="ian", due=DUE, source="ZZZZ")


def test_add_refused_and_invalid(plant) -> None:
    with pytest.raises(Refused):
        actions.add_action(plant.as_("olga"), "x", team="Line 1", owner="ian", due=DUE)
    with pytest.raises(InvalidInput, match="which team"):
        actions.add_action(plant.as_("ian"), "x", owner="ian", due=DUE)
    with pytest.raises(InvalidInput, match="empty"):
        actions.add_action(plant.as_("ian"), " ", team="Line 1", owner="ian", due=DUE)


def test_complete_by_owner_refused_for_others(plant) -> None:
    action = actions.add_action(plant.as_("sue"), "Check belt", team="Line 1", owner="ian", due=DUE)
    with pytest.raises(Refused):
        actions.complete_action(plant.as_("olga"), action.id)
    done = actions.complete_action(plant.as_("ian"), action.id, "Belt replaced")
    assert (
        done.status is ActionStatus.DONE and done.done_at == plant.clock.now and done.note == "Belt replaced"
    )
    with pytest.raises(InvalidInput, match="already done"):
        actions.complete_action(plant.as_("sue"), action.id)


def test_cancel_needs_supervisor_and_reason(plant) -> None:
    action = actions.add_action(plant.as_("ian"), "x", team="Line 1", owner="ian", due=DUE)
    with pytest.raises(Refused):
        actions.cancel_action(plant.as_("ian"), action.id, "no")
    with pytest.raises(InvalidInput):
        actions.cancel_action(plant.as_("sue"), action.id, "")
    assert actions.cancel_action(plant.as_("sue"), action.id, "Duplicate").status is ActionStatus.CANCELLED


def test_list_overdue_first(plant) -> None:
    sue = plant.as_("sue")
    later = actions.add_action(sue, "later", team="Line 1", owner="ian", due=date(2026, 12, 5))
    overdue = actions.add_action(sue, "overdue", team="Line 1", owner="ian", due=date(2026, 11, 20))
    actions.add_action(sue, "other", team="Line 1", owner="sue", due=date(2026, 11, 29))
    assert [a.id for a in actions.list_actions(sue, owner="ian")] == [overdue.id, later.id]
    assert len(actions.list_actions(sue, team="Line 1", open_only=True)) == 3
