"""services.snapshots: the app's start snapshots are a cache that never misreads and never runs code."""

from __future__ import annotations

import os
import pickle
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from huddle_tui.domain.metrics import Status
from huddle_tui.domain.settings import BoardSettings
from huddle_tui.services import snapshots
from huddle_tui.services.views import DayCell

SHAPE = snapshots.fingerprint([DayCell, BoardSettings])


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "board"
    path.mkdir()
    return path


def test_round_trip_keeps_domain_objects(board: Path) -> None:
    payload = {"cells": [DayCell(date(2026, 11, 27), Status.RED, 3.0)], "settings": BoardSettings()}
    assert snapshots.save_snapshot(board, "home", SHAPE, payload)
    assert snapshots.load_snapshot(board, "home", SHAPE) == payload
    # it lives in the board's local state folder, never in the synced board folder
    path = snapshots.snapshot_path(board, "home")
    assert path.is_file() and board not in path.parents
    assert list(board.iterdir()) == []


def test_round_trip_keeps_a_time_zone(board: Path) -> None:
    moment = datetime(2026, 11, 27, 7, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
    assert snapshots.save_snapshot(board, "home", SHAPE, {"at": moment})
    loaded = snapshots.load_snapshot(board, "home", SHAPE)
    assert loaded == {"at": moment} and loaded["at"].tzinfo is ZoneInfo("Europe/Berlin")


class Attribute:
    """Unpickles as getattr on something that is not a time zone (a way out of the allowlist)."""

    def __reduce__(self) -> tuple[object, ...]:
        return (getattr, (BoardSettings, "response_hours_for"))


def test_getattr_is_only_for_time_zones(board: Path) -> None:
    path = snapshots.snapshot_path(board, "home")
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps((snapshots.SCHEMA, snapshots.__version__, SHAPE, Attribute())))
    assert snapshots.load_snapshot(board, "home", SHAPE) is None


def test_missing_or_other_name_is_no_snapshot(board: Path) -> None:
    assert snapshots.load_snapshot(board, "home", SHAPE) is None
    snapshots.save_snapshot(board, "home", SHAPE, [1, 2])
    assert snapshots.load_snapshot(board, "other", SHAPE) is None


def test_other_shape_or_version_is_ignored(board: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshots.save_snapshot(board, "home", SHAPE, [1, 2])
    assert snapshots.load_snapshot(board, "home", snapshots.fingerprint([DayCell])) is None
    monkeypatch.setattr(snapshots, "__version__", "99.0")
    assert snapshots.load_snapshot(board, "home", SHAPE) is None


def test_fingerprint_follows_the_fields() -> None:
    assert snapshots.fingerprint([DayCell]) == snapshots.fingerprint([DayCell])
    assert snapshots.fingerprint([DayCell]) != snapshots.fingerprint([BoardSettings])


@pytest.mark.parametrize("content", [b"", b"garbage", b"\x80\x05K\x01", b"\x80" * 1000])
def test_corrupt_file_is_no_snapshot(board: Path, content: bytes) -> None:
    path = snapshots.snapshot_path(board, "home")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert snapshots.load_snapshot(board, "home", SHAPE) is None


class Planted:
    """Unpickling this would run a shell command (the classic pickle attack)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_planted_code_is_refused_not_run(board: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = snapshots.snapshot_path(board, "home")
    path.parent.mkdir(parents=True)
    raw = pickle.dumps((snapshots.SCHEMA, snapshots.__version__, SHAPE, Planted(marker)))
    path.write_bytes(raw)
    assert snapshots.load_snapshot(board, "home", SHAPE) is None
    assert not marker.exists()


def test_only_classes_of_the_package_are_allowed(board: Path) -> None:
    path = snapshots.snapshot_path(board, "home")
    path.parent.mkdir(parents=True)
    # a function of huddle_tui is not a class: refused as well
    raw = pickle.dumps((snapshots.SCHEMA, snapshots.__version__, SHAPE, snapshots.snapshot_name))
    path.write_bytes(raw)
    assert snapshots.load_snapshot(board, "home", SHAPE) is None


def test_too_big_is_neither_saved_nor_read(board: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshots, "MAX_BYTES", 100)
    assert not snapshots.save_snapshot(board, "home", SHAPE, "x" * 1000)
    assert not snapshots.snapshot_path(board, "home").exists()


def test_unwritable_state_is_not_an_error(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the state folder should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    assert not snapshots.save_snapshot(board, "home", SHAPE, [1])
    assert snapshots.load_snapshot(board, "home", SHAPE) is None


def test_unpicklable_payload_is_not_saved(board: Path) -> None:
    assert not snapshots.save_snapshot(board, "home", SHAPE, lambda: None)
    assert not snapshots.snapshot_path(board, "home").exists()
    leftovers = list(snapshots.snapshot_path(board, "home").parent.glob("*.tmp"))
    assert leftovers == []


def test_names_are_stable_and_distinct() -> None:
    assert snapshots.snapshot_name("a", "b") == snapshots.snapshot_name("a", "b")
    assert snapshots.snapshot_name("a", "b") != snapshots.snapshot_name("ab", "")
    assert snapshots.snapshot_name("../../etc", "[/]\x1b").isalnum()
