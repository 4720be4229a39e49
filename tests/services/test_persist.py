"""Finding records by id or unique id prefix."""

from __future__ import annotations

import pytest

from huddle_tui.domain.ideas import Idea
from huddle_tui.errors import InvalidInput, NotFound
from huddle_tui.services import ideas, persist


def test_find_by_id_prefix(plant) -> None:
    ian = plant.as_("ian")
    first = ideas.submit_idea(ian, "one", team="Line 1")
    second = ideas.submit_idea(ian, "two", team="Line 1")
    assert persist.find(ian, Idea, first.id).title == "one"
    common = 0
    while first.id[common] == second.id[common]:
        common += 1
    assert persist.find(ian, Idea, second.id[: common + 1]).id == second.id
    with pytest.raises(InvalidInput, match="start of several idea ids") as err:
        persist.find(ian, Idea, first.id[:common])
    assert not isinstance(err.value, NotFound)
    with pytest.raises(NotFound, match="huddle idea list"):
        persist.find(ian, Idea, "nothing-like-it")
    with pytest.raises(InvalidInput, match="No idea id given"):
        persist.find(ian, Idea, " ")
