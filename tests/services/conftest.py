"""Fixtures for the service tests: a small plant board with people in every role and a fixed clock."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from huddle_tui.services import setup
from huddle_tui.services.session import Session, open_session

# Friday 27 November 2026, 08:00 UTC: early shift on a UTC board.
NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


class Clock:
    """A settable clock for tests (UTC aware)."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Plant:
    """A board: Plant > Area A > Line 1, Line 2; Maintenance (tier 2) under Plant."""

    path: Path
    admin_session: Session
    clock: Clock
    ids: dict[str, str] = field(default_factory=dict)
    sessions: list[Session] = field(default_factory=list)

    @property
    def admin(self) -> Session:
        """The admin's long-lived session, refreshed so it sees what other sessions wrote."""
        self.admin_session.refresh()
        return self.admin_session

    def as_(self, login: str) -> Session:
        """A session of the OS login `login` (fresh, so it sees everything written so far)."""
        session = open_session(self.path, os_login=login, now=self.clock)
        self.sessions.append(session)
        return session

    def kiosk(self, login: str, pin: str | None = None) -> Session:
        """A session at the Line 1 kiosk with `login` entering."""
        session = open_session(self.path, os_login="kiosk1", as_login=login, pin=pin, now=self.clock)
        self.sessions.append(session)
        return session


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.delenv("HUDDLE_USER", raising=False)
    monkeypatch.delenv("HUDDLE_OS_USER", raising=False)
    return state


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def empty_board(tmp_path: Path, state_dir: Path, clock: Clock) -> Iterator[Session]:
    session = open_session(tmp_path / "board", os_login="boss", now=clock, create=True)
    yield session
    session.close()


def build_plant(path: Path, clock: Clock) -> dict[str, str]:
    """Write the plant board into `path`; returns the ids by short name."""
    admin = open_session(path, os_login="boss", now=clock, create=True)
    try:
        setup.init_board(admin, "Riverside", admin_name="Bea Boss")
        ids: dict[str, str] = {}
        ids["plant"] = setup.add_team(admin, "Plant", tier=3).id
        ids["area"] = setup.add_team(admin, "Area A", parent="Plant").id
        ids["maint"] = setup.add_team(admin, "Maintenance", parent="Plant", tier=2).id
        ids["line1"] = setup.add_team(admin, "Line 1", parent="Area A").id
        ids["line2"] = setup.add_team(admin, "Line 2", parent="Area A").id
        for name, login, role, team in (
            ("Ian Ic", "ian", "ic", "Line 1"),
            ("Olga Other", "olga", "ic", "Line 2"),
            ("Sue Super", "sue", "supervisor", "Line 1"),
            ("Sam Super", "sam", "supervisor", "Line 2"),
            ("Max Manager", "max", "manager", "Area A"),
            ("Mia Maint", "mia", "supervisor", "Maintenance"),
            ("Pat Plant", "pat", "manager", "Plant"),
            ("Kiosk Line 1", "kiosk1", "kiosk", "Line 1"),
        ):
            ids[login] = setup.add_person(admin, name, login=login, role=role, team=team).id
        ids["pia"] = setup.add_person(
            admin, "Pia Pinned", login="pia", role="supervisor", team="Line 1", pin="4711"
        ).id
        ids["boss"] = admin.actor.id if admin.actor else ""
        ids["oee"] = setup.add_metric(
            admin, "OEE", team="Line 1", category="Delivery", target=85, better="higher", unit="%", warn=80
        ).id
        ids["scrap"] = setup.add_metric(
            admin, "Scrap", team="Line 1", category="Quality", target=2, better="lower", unit="%"
        ).id
        ids["area_oee"] = setup.add_metric(
            admin, "OEE", team="Area A", category="Delivery", target=85, better="higher", unit="%"
        ).id
    finally:
        admin.close()
    return ids


@pytest.fixture(scope="session")
def plant_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The plant board, built once per test run; each test gets a copy (and so its own replica)."""
    root = tmp_path_factory.mktemp("plant-template")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_STATE_HOME", str(root / "state"))
        ids = build_plant(root / "board", Clock())
    return root / "board", ids


@pytest.fixture
def plant(
    tmp_path: Path, state_dir: Path, clock: Clock, plant_template: tuple[Path, dict[str, str]]
) -> Iterator[Plant]:
    template, ids = plant_template
    path = tmp_path / "board"
    shutil.copytree(template, path)
    admin = open_session(path, os_login="boss", now=clock)
    board = Plant(path=path, admin_session=admin, clock=clock, ids=dict(ids))
    yield board
    for session in [admin, *board.sessions]:
        session.close()
