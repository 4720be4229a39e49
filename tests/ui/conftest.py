"""Fixtures for the UI tests: the demo board (generated once), copied per test, and an app factory."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from huddle_tui.services.session import Session, open_session
from huddle_tui.ui.app import HuddleApp, create_app

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
TEAM = "Pump Line A"


def fixed_now() -> datetime:
    return NOW


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from huddle_tui.demo.generate import generate

    state = tmp_path_factory.mktemp("generator-state")
    path = tmp_path_factory.mktemp("demo") / "board"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(state))
        generate(path, size="team", now=NOW, os_login="tester")
    return path


@pytest.fixture
def board_path(demo_source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo board; this test's replica state and config live in tmp_path."""
    dest = tmp_path / "board"
    shutil.copytree(demo_source, dest)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("HUDDLE_USER", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return dest


def open_as(path: Path, login: str = "tester") -> Session:
    return open_session(path, os_login=login, now=fixed_now)


def team_id(path: Path, name: str = TEAM) -> str:
    session = open_as(path)
    try:
        return session.directory.team(name).id
    finally:
        session.close()


@pytest.fixture
def make_app(board_path: Path, tmp_path: Path) -> Callable[..., HuddleApp]:
    """make_app(login="tester", team=TEAM, **create_app options) on this test's board copy."""

    def build(login: str = "tester", team: str = TEAM, **options: Any) -> HuddleApp:
        options.setdefault("watch", False)
        options.setdefault("cursor_blink", False)
        options.setdefault("animations", False)
        options.setdefault("keymap_path", tmp_path / "no-keymap.toml")
        options.setdefault("export_dir", tmp_path / "exports")
        return create_app(
            lambda: open_as(board_path, login), team_id=team_id(board_path, team), now=fixed_now, **options
        )

    return build
