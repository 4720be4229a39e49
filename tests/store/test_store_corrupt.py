"""Damaged files: no crash, a warning in diagnostics, data recovered (own file from the backup ring,
another replica's file from the last good copy cached locally), other replicas' files never written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import open_board

from huddle_tui.store.storage import read_file

DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": lambda raw: b"",
    "zero-filled": lambda raw: b"\0" * len(raw),
    "bom": lambda raw: b"\xef\xbb\xbf" + raw,
    "garbage": lambda raw: b"\x8f\x01garbage{{{" + raw[::-1],
    "wrong-schema": lambda raw: json.dumps({"records": [1, 2, 3]}).encode(),
    "wrong-record-shape": lambda raw: raw.replace(b'"w":[[', b'"w":[["x",'),
}


def _write_some(board, prefix: str) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        board.put("idea", f"{prefix}{n}", {"title": f"{prefix} {n}"}, actor="p")


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_own_damaged_file_restored_from_backup_ring(board_path: Path, damage: str) -> None:
    board = open_board(board_path, "a")
    _write_some(board, "a")
    own_file = board_path / "replicas" / board.replica_id / "ideas.json"
    own_file.write_bytes(DAMAGE[damage](own_file.read_bytes()))

    fresh = open_board(board_path, "a")  # a new process of the same replica
    assert {r.id for r in fresh.all("idea")} == {"a0", "a1", "a2"}
    report = fresh.diagnostics()
    skipped = [s for s in report["skipped"] if s["path"] == str(own_file)]
    assert skipped and skipped[0]["reason"] and "backup" in skipped[0]["recovered"]
    assert report["restored"]
    data, _ = read_file(own_file)  # the file itself is whole again
    assert set(data.records) == {"a0", "a1", "a2"}
    fresh.put("idea", "a3", {"title": "after"}, actor="p")
    assert {r.id for r in open_board(board_path, "b").all("idea")} == {"a0", "a1", "a2", "a3"}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_own_file_damaged_while_open(board_path: Path, damage: str) -> None:
    board = open_board(board_path, "a")
    _write_some(board, "a")
    own_file = board_path / "replicas" / board.replica_id / "ideas.json"
    own_file.write_bytes(DAMAGE[damage](own_file.read_bytes()))
    board.refresh()
    assert {r.id for r in board.all("idea")} == {"a0", "a1", "a2"}
    board.put("idea", "a3", {"title": "x"}, actor="p")  # the write path repairs it too
    data, _ = read_file(own_file)
    assert set(data.records) == {"a0", "a1", "a2", "a3"}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_foreign_damaged_file_uses_last_good_copy(board_path: Path, damage: str) -> None:
    writer = open_board(board_path, "b")
    _write_some(writer, "b")
    reader = open_board(board_path, "a")
    assert len(reader.all("idea")) == 3  # read once: the good copy is cached locally
    foreign = board_path / "replicas" / writer.replica_id / "ideas.json"
    damaged = DAMAGE[damage](foreign.read_bytes())
    foreign.write_bytes(damaged)

    assert reader.refresh() == set()  # the open board keeps what it had
    assert {r.id for r in reader.all("idea")} == {"b0", "b1", "b2"}
    fresh = open_board(board_path, "a")  # a new process: from the local cache
    assert {r.id for r in fresh.all("idea")} == {"b0", "b1", "b2"}
    skipped = [s for s in fresh.diagnostics()["skipped"] if s["path"] == str(foreign)]
    assert skipped and "cache" in skipped[0]["recovered"]
    assert foreign.read_bytes() == damaged  # never rewritten by another replica
    stranger = open_board(board_path, "c")  # never saw a good copy: skipped with a warning, no crash
    assert stranger.all("idea") == []
    assert [s["recovered"] for s in stranger.diagnostics()["skipped"]] == [None]
    # once the owner writes again, everyone sees everything
    writer.put("idea", "b3", {"title": "new"}, actor="p")
    stranger.refresh()
    assert {r.id for r in stranger.all("idea")} == {"b0", "b1", "b2", "b3"}
    assert stranger.diagnostics()["skipped"] == []


def test_own_file_replaced_by_older_copy_is_repaired(board_path: Path) -> None:
    board = open_board(board_path, "a")
    board.put("idea", "i1", {"title": "first"}, actor="p")
    own_file = board_path / "replicas" / board.replica_id / "ideas.json"
    older = own_file.read_bytes()
    board.put("idea", "i1", {"title": "second"}, actor="p")
    board.put("idea", "i2", {"title": "other"}, actor="p")
    own_file.write_bytes(older)  # a sync tool or a restore put an old copy back
    board.refresh()
    rec = board.get("idea", "i1")
    assert rec is not None and rec.fields["title"] == "second"
    data, _ = read_file(own_file)
    assert set(data.records) == {"i1", "i2"}  # repaired on disk, so other machines get it back
    own_file.write_bytes(older)
    fresh = open_board(board_path, "a")  # a new process notices from its backup ring
    assert {r.id: r.fields["title"] for r in fresh.all("idea")} == {"i1": "second", "i2": "other"}
    assert fresh.diagnostics()["restored"]


def test_backup_ring_prefers_newest_content_after_a_repair(board_path: Path) -> None:
    board = open_board(board_path, "a")
    for n in range(8):
        board.put("idea", f"i{n}", {"title": f"t{n}"}, actor="p")
    own_file = board_path / "replicas" / board.replica_id / "ideas.json"
    first = open_board(board_path, "a")  # snapshot an early copy
    assert len(first.all("idea")) == 8
    early = own_file.read_bytes()
    for n in range(8, 10):
        board.put("idea", f"i{n}", {"title": f"t{n}"}, actor="p")
    own_file.write_bytes(early)  # regressed while no process watched it
    repaired = open_board(board_path, "a")
    assert len(repaired.all("idea")) == 10
    repaired.put("idea", "i10", {"title": "t10"}, actor="p")
    own_file.write_bytes(b"")  # then damaged
    again = open_board(board_path, "a")
    assert {r.id for r in again.all("idea")} == {f"i{n}" for n in range(11)}


def test_own_damaged_file_without_backup_is_set_aside_not_destroyed(board_path: Path) -> None:
    board = open_board(board_path, "a")
    _write_some(board, "a")
    backups = board_path.parent / "state-a"
    for backup in backups.rglob("backups/*"):
        backup.unlink()
    own_file = board_path / "replicas" / board.replica_id / "ideas.json"
    damaged = b"\0" * 50
    own_file.write_bytes(damaged)
    board.put("idea", "a9", {"title": "still writable"}, actor="p")
    assert {r.id for r in board.all("idea")} == {"a0", "a1", "a2", "a9"}  # what this process knew
    kept = list((board_path / ".huddle-merged" / board.replica_id / "unreadable").iterdir())
    assert [p.read_bytes() for p in kept] == [damaged]
    assert board.diagnostics()["problems"]
    data, _ = read_file(own_file)
    assert set(data.records) == {"a0", "a1", "a2", "a9"}
