"""Directory lookups: by name (any case), by id, by unique id prefix; readable errors."""

from __future__ import annotations

import pytest

from huddle_tui.errors import InvalidInput, NotFound


def test_team_by_name_id_and_prefix(plant) -> None:
    directory = plant.admin.directory
    line1 = plant.ids["line1"]
    assert directory.team("line 1").id == line1
    assert directory.team(line1).id == line1
    unique = next(n for n in range(10, 27) if sum(t.id.startswith(line1[:n]) for t in directory.teams()) == 1)
    assert directory.team(line1[:unique]).id == line1


def test_ambiguous_prefix_lists_candidates(plant) -> None:
    directory = plant.admin.directory
    common = plant.ids["line1"][:2]  # ULIDs made in one run share their time prefix
    with pytest.raises(InvalidInput, match="start of several team ids") as err:
        directory.team(common)
    assert not isinstance(err.value, NotFound)


def test_not_found_lists_close_names(plant) -> None:
    with pytest.raises(NotFound, match="Did you mean: Line 1"):
        plant.admin.directory.team("Lin 1")
    with pytest.raises(NotFound, match="Known persons"):
        plant.admin.directory.person("zzzzzz")


def test_person_by_login_or_name(plant) -> None:
    directory = plant.admin.directory
    assert directory.person("sue").name == "Sue Super"
    assert directory.person("sue super").login == "sue"
    assert directory.person_by_login("SUE").login == "sue"


def test_metric_scoped_by_team_and_team_slash_metric(plant) -> None:
    directory = plant.admin.directory
    with pytest.raises(InvalidInput, match="names several metrics"):
        directory.metric("OEE")
    assert directory.metric("OEE", plant.ids["area"]).id == plant.ids["area_oee"]
    assert directory.metric("Area A/OEE").id == plant.ids["area_oee"]
    assert directory.metric("Line 1/oee").id == plant.ids["oee"]


def test_cache_follows_changes(plant) -> None:
    directory = plant.admin.directory
    before = len(directory.teams())
    directory.note_changes({("idea", "x")})
    assert len(directory.teams()) == before
    other = plant.as_("boss")
    from huddle_tui.services import setup

    setup.add_team(other, "Line 3", parent="Area A")
    plant.admin.refresh()
    assert len(plant.admin.directory.teams()) == before + 1
