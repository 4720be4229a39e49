"""Identity: OS login mapped to a person, --as for admins and kiosks, PINs for elevated roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from huddle_tui.errors import BoardUnavailable, NotFound, Refused
from huddle_tui.services import ideas
from huddle_tui.services.session import current_os_login, open_session


def test_os_login_maps_to_person(plant) -> None:
    session = plant.as_("ian")
    assert session.actor is not None and session.actor.login == "ian"
    assert session.os_person == session.actor
    assert session.settings.name == "Riverside"


def test_unknown_login_can_read_but_not_write(plant) -> None:
    session = plant.as_("stranger")
    assert session.actor is None
    assert next(t.name for t in session.directory.teams()) == "Plant"
    with pytest.raises(Refused, match="not a person on this board"):
        ideas.submit_idea(session, "x", team="Line 1")


def test_admin_may_act_as_anyone(plant) -> None:
    session = open_session(plant.path, os_login="boss", as_login="sue", now=plant.clock)
    plant.sessions.append(session)
    assert session.actor.login == "sue"
    assert session.os_person.login == "boss"


def test_non_admin_may_not_act_as_another(plant) -> None:
    with pytest.raises(Refused, match="Only an admin login, or a kiosk login"):
        open_session(plant.path, os_login="sue", as_login="ian", now=plant.clock)


def test_unknown_login_may_not_act_as_another(plant) -> None:
    with pytest.raises(Refused, match="not on this board"):
        open_session(plant.path, os_login="stranger", as_login="ian", now=plant.clock)


def test_kiosk_enters_an_ic_without_pin(plant) -> None:
    assert plant.kiosk("ian").actor.login == "ian"


def test_kiosk_refuses_elevated_person_without_pin_hash(plant) -> None:
    with pytest.raises(Refused, match="has no PIN") as err:
        plant.kiosk("sue")
    assert "own login" in str(err.value)


def test_kiosk_needs_the_pin_of_an_elevated_person(plant) -> None:
    with pytest.raises(Refused, match="give their PIN"):
        plant.kiosk("pia")
    with pytest.raises(Refused, match="Wrong PIN"):
        plant.kiosk("pia", pin="1234")
    assert plant.kiosk("pia", pin="4711").actor.login == "pia"


def test_kiosk_alone_may_not_write(plant) -> None:
    session = plant.as_("kiosk1")
    with pytest.raises(Refused, match="who is entering"):
        ideas.submit_idea(session, "x", team="Line 1")


def test_acting_as_for_the_kiosk_flow(plant) -> None:
    kiosk = plant.as_("kiosk1")
    entered = kiosk.acting_as("ian")
    assert entered.actor.login == "ian" and kiosk.actor.login == "kiosk1"
    assert ideas.submit_idea(entered, "Tape", team="Line 1").submitted_by == plant.ids["ian"]
    with pytest.raises(Refused):
        kiosk.acting_as("pia", "0000")


def test_as_unknown_person(plant) -> None:
    with pytest.raises(NotFound, match="nobody"):
        open_session(plant.path, os_login="boss", as_login="nobody", now=plant.clock)


def test_huddle_user_env(plant, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUDDLE_USER", "ian")
    session = open_session(plant.path, os_login="kiosk1", now=plant.clock)
    plant.sessions.append(session)
    assert session.actor.login == "ian"


def test_os_user_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUDDLE_OS_USER", "tester")
    assert current_os_login() == "tester"


def test_missing_board_is_unavailable(tmp_path: Path, state_dir: Path) -> None:
    with pytest.raises(BoardUnavailable, match="No board folder"):
        open_session(tmp_path / "missing", os_login="x")


def test_clock_is_utc(plant) -> None:
    assert plant.as_("ian").clock().utcoffset().total_seconds() == 0


def test_writing_to_a_board_that_is_not_set_up(empty_board) -> None:
    from huddle_tui.errors import InvalidInput
    from huddle_tui.services import setup

    with pytest.raises(InvalidInput, match="not set up yet"):
        setup.add_team(empty_board, "Line 1")
