"""Fixtures for the store tests: every test gets its own XDG state dir and no polling override."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    for name in ("HUDDLE_POLL", "HUDDLE_POLL_INTERVAL", "HUDDLE_BOARD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def board_path(tmp_path: Path) -> Path:
    return tmp_path / "board"
