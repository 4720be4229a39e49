"""The role table as pure rules, and refusals that name who may."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huddle_tui.domain.permissions import Permission, allowed, check
from huddle_tui.domain.teams import Person, Role, Team, TeamTree
from huddle_tui.errors import Refused

TREE = TeamTree(
    [
        Team("biz", "Business", 4),
        Team("plant", "Plant", 3, "biz"),
        Team("area1", "Area 1", 2, "plant"),
        Team("area2", "Area 2", 2, "plant"),
        Team("line3", "Line 3", 1, "area1"),
        Team("line4", "Line 4", 1, "area1"),
        Team("line7", "Line 7", 1, "area2"),
    ]
)
ALL_TEAMS = list(TREE.by_id)
P = Permission


def person(role: Role, team: str = "line3", active: bool = True) -> Person:
    return Person(
        id=f"{role}-{team}", name=role.value, login=role.value, role=role, team_id=team, active=active
    )


def scope(who: Person, perm: Permission) -> set[str]:
    return {t for t in ALL_TEAMS if allowed(who, perm, t, TREE)}


def test_ic_only_submits_on_own_team() -> None:
    ic = person(Role.IC)
    assert scope(ic, P.SUBMIT) == {"line3"}
    for perm in (P.DECIDE, P.HANDLE_ESCALATION, P.CONFIGURE, P.ADMIN):
        assert scope(ic, perm) == set()


def test_supervisor_own_team_only() -> None:
    sup = person(Role.SUPERVISOR)
    for perm in (P.SUBMIT, P.DECIDE, P.HANDLE_ESCALATION, P.CONFIGURE):
        assert scope(sup, perm) == {"line3"}
    assert scope(sup, P.ADMIN) == set()


def test_manager_own_team_and_below() -> None:
    mgr = person(Role.MANAGER, "area1")
    for perm in (P.SUBMIT, P.DECIDE, P.HANDLE_ESCALATION, P.CONFIGURE):
        assert scope(mgr, perm) == {"area1", "line3", "line4"}
    assert scope(mgr, P.ADMIN) == set()
    plant = person(Role.MANAGER, "plant")
    assert scope(plant, P.DECIDE) == {"plant", "area1", "area2", "line3", "line4", "line7"}


def test_admin_everything_kiosk_and_inactive_nothing() -> None:
    admin = person(Role.ADMIN, "biz")
    for perm in Permission:
        assert scope(admin, perm) == set(ALL_TEAMS)
    for who in (
        person(Role.KIOSK),
        person(Role.MANAGER, "area1", active=False),
        person(Role.ADMIN, active=False),
    ):
        for perm in Permission:
            assert scope(who, perm) == set()


def test_person_without_team() -> None:
    assert scope(person(Role.MANAGER, ""), P.DECIDE) == set()
    assert scope(person(Role.IC, ""), P.SUBMIT) == set()


def test_refusal_names_who_may() -> None:
    with pytest.raises(Refused) as info:
        check(person(Role.IC), P.DECIDE, "line3", TREE, "Deciding on ideas")
    assert str(info.value) == (
        "Deciding on ideas of Line 3 needs a supervisor of Line 3, a manager of Line 3 or above it, "
        "or an admin; you are an ic."
    )
    assert info.value.exit_code == 3


def test_refusal_messages_for_other_cases() -> None:
    with pytest.raises(Refused, match=r"needs an admin; you are a manager\.$"):
        check(person(Role.MANAGER, "area1"), P.ADMIN, "line3", TREE, "Managing people")
    with pytest.raises(Refused, match=r"a member of Line 7.*; you are a supervisor of Line 3"):
        check(person(Role.SUPERVISOR), P.SUBMIT, "line7", TREE, "Logging a reading")
    with pytest.raises(Refused, match="kiosk terminal: say who is entering first"):
        check(person(Role.KIOSK), P.SUBMIT, "line3", TREE, "Submitting an idea")
    with pytest.raises(Refused, match="no longer active"):
        check(person(Role.IC, active=False), P.SUBMIT, "line3", TREE, "Submitting an idea")
    with pytest.raises(Refused, match="of ghost needs"):
        check(person(Role.IC), P.SUBMIT, "ghost", TREE, "Submitting an idea")


def test_check_passes_silently_when_allowed() -> None:
    check(person(Role.MANAGER, "area1"), P.HANDLE_ESCALATION, "line4", TREE, "Answering escalations")
    check(person(Role.IC), "submit", "line3", TREE, "Submitting an idea")


@st.composite
def trees(draw: st.DrawFn) -> TeamTree:
    n = draw(st.integers(1, 10))
    teams = [Team("t0", "T0", 4)]
    for i in range(1, n):
        parent = draw(st.integers(0, i - 1))
        teams.append(Team(f"t{i}", f"T{i}", 1, f"t{parent}"))
    return TeamTree(teams)


@given(tree=trees(), data=st.data())
def test_roles_nest_and_managers_cover_their_subtree(tree: TeamTree, data: st.DataObject) -> None:
    home = data.draw(st.sampled_from(sorted(tree.by_id)))
    target = data.draw(st.sampled_from(sorted(tree.by_id)))
    perm = data.draw(st.sampled_from(list(Permission)))
    ic, sup, mgr, admin = (person(r, home) for r in (Role.IC, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN))
    chain = [allowed(p, perm, target, tree) for p in (ic, sup, mgr, admin)]
    assert chain == sorted(chain)  # each role may at least what the one before may
    assert chain[3]
    below = target == home or tree.is_below(target, home)
    assert chain[2] == (below and perm is not Permission.ADMIN)
    assert chain[1] == (target == home and perm is not Permission.ADMIN)
