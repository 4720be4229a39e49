"""Bad input is refused with InvalidInput before anything is written; disk faults give BoardUnavailable."""

from __future__ import annotations

import errno
import math
import os
from pathlib import Path
from typing import Any

import pytest
from store_helpers import assert_all_files_parse, open_board

from huddle_tui.errors import BoardUnavailable, InvalidInput
from huddle_tui.store import Board, storage


def _tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def _deep(levels: int) -> Any:
    value: Any = "leaf"
    for _ in range(levels):
        value = [value]
    return value


BAD_FIELDS = [
    pytest.param({"v": math.nan}, "not a number", id="nan"),
    pytest.param({"v": math.inf}, "not a number", id="infinity"),
    pytest.param({"v": [1, -math.inf]}, "not a number", id="nested-infinity"),
    pytest.param({"v": "x" * (2 * 1024 * 1024)}, "too long", id="2mb-string"),
    pytest.param({"v": _deep(40)}, "nested deeper than 32", id="deep-nesting"),
    pytest.param({"v": {1: "a"}}, "not text", id="non-string-key"),
    pytest.param({"v": "bad \ud800 text"}, "lone surrogate", id="lone-surrogate-value"),
    pytest.param({"v": {"k\udfff": 1}}, "lone surrogate", id="lone-surrogate-key"),
    pytest.param({"v": object()}, "cannot be stored", id="object"),
    pytest.param({"v": 2**70}, "too large", id="huge-int"),
    pytest.param({"a/b": 1}, "invalid field name", id="field-slash"),
    pytest.param({"_deleted": True}, "invalid field name", id="reserved-field"),
    pytest.param({"": 1}, "invalid field name", id="empty-field"),
    pytest.param({}, "nothing to write", id="no-fields"),
]


@pytest.mark.parametrize(("fields", "message"), BAD_FIELDS)
def test_bad_values_refused_before_write(board_path: Path, fields: dict[str, Any], message: str) -> None:
    board = open_board(board_path, "a")
    board.put("idea", "i1", {"title": "keep"}, actor="p")
    before = _tree(board_path)
    with pytest.raises(InvalidInput, match=message):
        board.put("idea", "i1", fields, actor="p")
    with pytest.raises(InvalidInput):  # in a batch, the good items are not written either
        board.put_many([("idea", "i2", {"title": "ok"}, None), ("idea", "i3", fields, None)], actor="p")
    assert _tree(board_path) == before
    rec = board.get("idea", "i1")
    assert rec is not None and rec.fields == {"title": "keep"}


BAD_NAMES = ["", "a/b", "a\\b", "..", "../x", "a b", "x" * 65, "é", "a.b", None, 3]


@pytest.mark.parametrize("bad", BAD_NAMES, ids=repr)
def test_bad_ids_kinds_partitions_refused(board_path: Path, bad: Any) -> None:
    board = open_board(board_path, "a")
    before = _tree(board_path)
    with pytest.raises(InvalidInput):
        board.put("idea", bad, {"t": 1}, actor="p")
    with pytest.raises(InvalidInput):
        board.put(bad, "i1", {"t": 1}, actor="p")
    with pytest.raises(InvalidInput):
        board.put("reading", "r1", {"t": 1}, actor="p", partition=bad if bad is not None else "")
    with pytest.raises(InvalidInput):
        board.delete("idea", bad, actor="p")
    with pytest.raises(InvalidInput):
        board.get("idea", bad)
    assert _tree(board_path) == before


@pytest.mark.parametrize("kind", ["Idea", "my-kind", "idea!"])
def test_kind_alphabet(board_path: Path, kind: str) -> None:
    with pytest.raises(InvalidInput, match="kind"):
        open_board(board_path, "a").put(kind, "i1", {"t": 1}, actor="p")


@pytest.mark.parametrize("actor", ["", None, "x\ud800", "a" * 200])
def test_bad_actor(board_path: Path, actor: Any) -> None:
    with pytest.raises(InvalidInput, match="actor"):
        open_board(board_path, "a").put("idea", "i1", {"t": 1}, actor=actor)


def test_storage_refuses_nan_even_if_validation_is_bypassed() -> None:
    data = storage.FileData("r1", "idea", None, {"i": {"w": [[1, 0, "p", {"v": math.nan}, None]]}})
    with pytest.raises(InvalidInput):
        storage.serialize(data)


def test_record_size_cap(board_path: Path) -> None:
    board = open_board(board_path, "a")
    chunk = "y" * (900 * 1024)
    with pytest.raises(InvalidInput, match="too large"):
        board.put("idea", "big", {f"f{n}": chunk for n in range(6)}, actor="p")
    for n in range(4):
        board.put("idea", "big", {f"f{n}": chunk}, actor="p")
    with pytest.raises(InvalidInput, match="too large"):
        board.put("idea", "big", {"f5": chunk}, actor="p")
    rec = board.get("idea", "big")
    assert rec is not None and len(rec.fields) == 4


FAULTS = [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT]


@pytest.mark.parametrize("code", FAULTS, ids=errno.errorcode.get)
@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_disk_faults_leave_files_intact(
    board_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, where: str
) -> None:
    board = open_board(board_path, "a")
    board.put("idea", "i1", {"title": "safe"}, actor="p")
    board.put("reading", "r1", {"v": 1}, actor="p", partition="2026-11")
    before = _tree(board_path)

    def fail(*_args: Any, **_kw: Any) -> Any:
        raise OSError(code, os.strerror(code))

    target = {"write": "write", "fsync": "fsync", "replace": "replace"}[where]
    monkeypatch.setattr(storage.os, target, fail)
    with pytest.raises(BoardUnavailable) as info:
        board.put("idea", "i1", {"title": "lost?"}, actor="p")
    monkeypatch.undo()
    message = str(info.value)
    assert "nothing was changed" in message and info.value.hint
    assert info.value.exit_code == 4
    assert _tree(board_path) == before  # every file intact, no temp file left behind
    rec = board.get("idea", "i1")
    assert rec is not None and rec.fields["title"] == "safe"
    assert_all_files_parse(board_path)
    # the store is still readable (fresh open) and writable once the fault is gone
    fresh = open_board(board_path, "a")
    assert fresh.get("idea", "i1").fields["title"] == "safe"  # type: ignore[union-attr]
    board.put("idea", "i1", {"title": "later"}, actor="p")
    assert open_board(board_path, "b").get("idea", "i1").fields["title"] == "later"  # type: ignore[union-attr]


def test_read_only_board_is_readable_but_refuses_writes(
    board_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = open_board(board_path, "a")
    writer.put("idea", "i1", {"title": "visible"}, actor="p")
    before = _tree(board_path)
    real_open, real_mkdir = os.open, os.mkdir

    def ro_open(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and str(path).startswith(str(board_path)):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args, **kw)

    def ro_mkdir(path: Any, *args: Any, **kw: Any) -> None:
        if str(path).startswith(str(board_path)):
            raise OSError(errno.EROFS, "Read-only file system")
        real_mkdir(path, *args, **kw)

    monkeypatch.setattr(os, "open", ro_open)
    monkeypatch.setattr(os, "mkdir", ro_mkdir)
    reader = open_board(board_path, "b")
    rec = reader.get("idea", "i1")
    assert rec is not None and rec.fields["title"] == "visible"
    with pytest.raises(BoardUnavailable, match="read-only"):
        reader.put("idea", "i1", {"title": "nope"}, actor="p")
    with pytest.raises(BoardUnavailable, match="read-only"):
        writer.put("idea", "i1", {"title": "nope"}, actor="p")
    assert reader.refresh() == set()
    monkeypatch.undo()
    assert _tree(board_path) == before


def test_unreadable_board_folder(board_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_board(board_path, "a")
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
    with pytest.raises(BoardUnavailable, match="cannot read"):
        Board.open(board_path)
