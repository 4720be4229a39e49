"""Ideas: submit (own team), decide (supervisor, with a reason), rate, comment, list."""

from __future__ import annotations

import pytest

from huddle_tui.domain.ideas import IdeaStatus, Level
from huddle_tui.errors import InvalidInput, Refused
from huddle_tui.services import comments, ideas


def test_submit_and_decide(plant) -> None:
    idea = ideas.submit_idea(plant.as_("ian"), " Label the bins ", team="Line 1", impact="high", effort="LOW")
    assert idea.title == "Label the bins" and idea.impact is Level.HIGH and idea.effort is Level.LOW
    decided = ideas.decide_idea(plant.as_("sue"), idea.id, "Under review", "Looks cheap, checking bins")
    assert decided.status is IdeaStatus.UNDER_REVIEW and decided.first_answer_at == plant.clock.now
    assert decided.decided_by == plant.ids["sue"]


def test_submit_refused_for_other_team(plant) -> None:
    with pytest.raises(Refused, match="member of Line 1"):
        ideas.submit_idea(plant.as_("olga"), "x", team="Line 1")


def test_decide_refused_for_ic_and_other_supervisor(plant) -> None:
    idea = ideas.submit_idea(plant.as_("ian"), "x", team="Line 1")
    with pytest.raises(Refused, match="you are an ic"):
        ideas.decide_idea(plant.as_("ian"), idea.id, "approved", "ok fine")
    with pytest.raises(Refused):
        ideas.decide_idea(plant.as_("sam"), idea.id, "approved", "ok fine")
    assert ideas.decide_idea(plant.as_("max"), idea.id, "approved", "go ahead").status is IdeaStatus.APPROVED


def test_decision_needs_reason_and_valid_transition(plant) -> None:
    idea = ideas.submit_idea(plant.as_("ian"), "x", team="Line 1")
    sue = plant.as_("sue")
    with pytest.raises(InvalidInput, match="reason"):
        ideas.decide_idea(sue, idea.id, "rejected", "")
    with pytest.raises(InvalidInput, match="not an idea status"):
        ideas.decide_idea(sue, idea.id, "maybe", "because")
    ideas.decide_idea(sue, idea.id, "rejected", "Costs too much now")
    with pytest.raises(InvalidInput, match="cannot become"):
        ideas.decide_idea(sue, idea.id, "approved", "changed my mind")


def test_rate_idea(plant) -> None:
    idea = ideas.submit_idea(plant.as_("ian"), "x", team="Line 1")
    assert ideas.rate_idea(plant.as_("ian"), idea.id, impact="high").impact is Level.HIGH
    with pytest.raises(Refused):
        ideas.rate_idea(plant.as_("olga"), idea.id, effort="low")


def test_comment_and_list(plant) -> None:
    ian = plant.as_("ian")
    first = ideas.submit_idea(ian, "first", team="Line 1")
    plant.clock.now = plant.clock.now.replace(hour=9)
    second = ideas.submit_idea(ian, "second", team="Line 1")
    ideas.comment_idea(plant.as_("sue"), first.id, "Nice one")
    ian.refresh()  # another session wrote: a long-lived session sees it after a refresh (the UI watches)
    assert [c.text for c in comments.comments_on(ian, "idea", first.id)] == ["Nice one"]
    with pytest.raises(Refused):
        ideas.comment_idea(plant.as_("olga"), first.id, "hmm")
    assert [i.id for i in ideas.list_ideas(ian, team="Line 1")] == [second.id, first.id]
    assert ideas.list_ideas(ian, status="approved") == []
