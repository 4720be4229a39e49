"""Setting a board up: init, teams, people, metrics, targets, PINs, agenda, settings (allowed and refused)."""

from __future__ import annotations

import pytest

from huddle_tui.domain import pins
from huddle_tui.domain.metrics import Frequency
from huddle_tui.domain.teams import Role
from huddle_tui.errors import InvalidInput, NotFound, Refused
from huddle_tui.services import setup


def test_init_makes_the_os_login_an_admin(empty_board) -> None:
    admin = setup.init_board(empty_board, "Plant Lyon", timezone="Europe/Paris")
    assert admin.role is Role.ADMIN and admin.login == "boss"
    assert empty_board.actor == admin
    assert empty_board.settings.name == "Plant Lyon"
    assert empty_board.settings.timezone == "Europe/Paris"


def test_init_twice_is_refused(empty_board) -> None:
    setup.init_board(empty_board, "A")
    with pytest.raises(InvalidInput, match="already set up"):
        setup.init_board(empty_board, "B")


def test_init_rejects_bad_timezone(empty_board) -> None:
    with pytest.raises(InvalidInput, match="time zone"):
        setup.init_board(empty_board, "A", timezone="Mars/Olympus")


def test_add_team_tiers(plant) -> None:
    tree = plant.admin.directory.tree
    assert tree.get(plant.ids["plant"]).tier == 3
    assert tree.get(plant.ids["area"]).tier == 2
    assert tree.get(plant.ids["line1"]).tier == 1
    assert tree.parent(plant.ids["line1"]).name == "Area A"


def test_add_team_refused_for_non_admin(plant) -> None:
    with pytest.raises(Refused, match="needs an admin"):
        setup.add_team(plant.as_("max"), "Line 9", parent="Area A")


def test_add_team_duplicate_and_bad_tier(plant) -> None:
    with pytest.raises(InvalidInput, match="already a team"):
        setup.add_team(plant.admin, "line 1", parent="Area A")
    with pytest.raises(InvalidInput, match="cannot sit under"):
        setup.add_team(plant.admin, "Line 3", parent="Area A", tier=2)
    with pytest.raises(NotFound, match="Did you mean: Area A"):
        setup.add_team(plant.admin, "Line 3", parent="Area X")


def test_add_person(plant) -> None:
    person = setup.add_person(plant.admin, "Nina New", login="nina", role="ic", team="Line 2", pin="123456")
    assert person.team_id == plant.ids["line2"]
    assert pins.verify_pin("123456", person.pin_hash)


def test_add_person_refused_and_invalid(plant) -> None:
    with pytest.raises(Refused):
        setup.add_person(plant.as_("sue"), "X", login="x", role="ic", team="Line 1")
    with pytest.raises(InvalidInput, match="already belongs"):
        setup.add_person(plant.admin, "Ian Two", login="ian", role="ic", team="Line 1")
    with pytest.raises(InvalidInput, match="not a role"):
        setup.add_person(plant.admin, "X", login="x", role="boss", team="Line 1")
    with pytest.raises(InvalidInput, match="PIN"):
        setup.add_person(plant.admin, "X", login="x", role="ic", team="Line 1", pin="12")


def test_update_person(plant) -> None:
    person = setup.update_person(plant.admin, "ian", role="supervisor", active=False)
    assert person.role is Role.SUPERVISOR and not person.active


def test_set_pin_self_admin_and_refused(plant) -> None:
    assert setup.set_pin(plant.as_("sue"), None, "2468").pin_hash
    assert setup.set_pin(plant.admin, "sam", "1357").pin_hash
    with pytest.raises(Refused, match="Only Sam Super or an admin"):
        setup.set_pin(plant.as_("sue"), "sam", "9999")
    assert setup.set_pin(plant.admin, "sam", None).pin_hash is None


def test_add_metric_by_supervisor_of_the_team(plant) -> None:
    metric = setup.add_metric(
        plant.as_("sue"),
        "Downtime",
        team="Line 1",
        category="c",
        target=30,
        better="lower",
        warn=45,
        per_shift=True,
    )
    assert metric.category == "Cost" and metric.frequency is Frequency.SHIFT and metric.warn == 45


def test_add_metric_refused_on_other_team(plant) -> None:
    with pytest.raises(Refused, match="supervisor of Line 2"):
        setup.add_metric(plant.as_("sue"), "X", team="Line 2", category="Q", target=1, better="lower")
    with pytest.raises(Refused):
        setup.add_metric(plant.as_("ian"), "X", team="Line 1", category="Q", target=1, better="lower")


def test_manager_configures_teams_below(plant) -> None:
    metric = setup.add_metric(
        plant.as_("max"), "Calls", team="Line 2", category="People", target=1, better="higher"
    )
    assert metric.team_id == plant.ids["line2"]


def test_add_metric_validation(plant) -> None:
    with pytest.raises(InvalidInput, match="below the target"):
        setup.add_metric(plant.admin, "X", team="Line 1", category="Q", target=90, better="higher", warn=95)
    with pytest.raises(InvalidInput, match="never guessed"):
        setup.add_metric(plant.admin, "X", team="Line 1", category="Q", target=90, better="up")
    with pytest.raises(InvalidInput, match="not a number"):
        setup.add_metric(plant.admin, "X", team="Line 1", category="Q", target="ninety", better="higher")
    with pytest.raises(InvalidInput, match="already has a metric"):
        setup.add_metric(plant.admin, "oee", team="Line 1", category="D", target=1, better="higher")


def test_metric_feeds_a_parent_metric(plant) -> None:
    metric = setup.add_metric(
        plant.admin, "OEE", team="Line 2", category="Delivery", target=85, better="higher", feeds="Area A/OEE"
    )
    assert metric.feeds == plant.ids["area_oee"]
    with pytest.raises(InvalidInput, match="not above"):
        setup.add_metric(
            plant.admin, "Scrap", team="Line 2", category="Q", target=2, better="lower", feeds="Line 1/Scrap"
        )


def test_set_target(plant) -> None:
    metric = setup.set_target(plant.as_("sue"), "OEE", 88, team="Line 1", warn=None)
    assert metric.target == 88 and metric.warn is None
    with pytest.raises(Refused):
        setup.set_target(plant.as_("ian"), "OEE", 80, team="Line 1")
    with pytest.raises(InvalidInput):
        setup.set_target(plant.admin, "OEE", 80, team="Line 1", warn=90)


def test_archive_metric(plant) -> None:
    setup.archive_metric(plant.admin, plant.ids["scrap"])
    assert [m.name for m in plant.admin.directory.metrics(plant.ids["line1"])] == ["OEE"]


def test_set_agenda_board_and_team(plant) -> None:
    settings = setup.set_agenda(plant.admin, [("safety", "Safety", 3), ("results", "Results", 5)])
    assert [s.key for s in settings.agenda] == ["safety", "results"]
    team = setup.set_agenda(plant.as_("sue"), team="Line 1", minutes={"safety": 1})
    assert team.agenda_minutes == {"safety": 1}
    with pytest.raises(Refused):
        setup.set_agenda(plant.as_("sue"), [("a", "A", 1)])
    with pytest.raises(InvalidInput, match="not an agenda step"):
        setup.set_agenda(plant.admin, team="Line 1", minutes={"nope": 1})


def test_update_settings(plant) -> None:
    settings = setup.update_settings(plant.admin, response_hours={"high": 2}, idea_answer_hours=24)
    assert settings.response_hours_for("high") == 2 and settings.idea_answer_hours == 24
    with pytest.raises(Refused):
        setup.update_settings(plant.as_("max"), name="X")
    with pytest.raises(InvalidInput, match="severity"):
        setup.update_settings(plant.admin, response_hours={"urgent": 1})
