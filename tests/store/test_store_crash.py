"""Crash safety: writers SIGKILLed at random moments; every file parses, no acknowledged write is lost."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest
from store_helpers import assert_all_files_parse, open_board

from huddle_tui.store import Board
from huddle_tui.store.storage import TEMP_SUFFIX

TRIALS, PARALLEL, REPLICAS = 120, 8, 4


def _writer(board_path: Path, state: Path, prefix: str, out_fd: int) -> None:
    """Child process body: write until killed, reporting each acknowledged id (never returns)."""
    try:
        board = Board.open(board_path, state_dir=state)
        os.write(out_fd, b"ready\n")
        for n in range(100_000):
            rid = f"{prefix}-{n}"
            if n % 3 == 2:
                items = [("item", rid, {"n": n}, None), ("reading", rid, {"v": n}, "2026-11")]
                board.put_many(items, actor="p")
            else:
                board.put("item", rid, {"n": n}, actor="p")
            os.write(out_fd, rid.encode() + b"\n")
    finally:
        os._exit(0)


def _spawn(board_path: Path, state: Path, prefix: str) -> tuple[int, int]:
    """Fork a writer (much faster than starting an interpreter); returns (pid, read end of its pipe)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(read_fd)
        _writer(board_path, state, prefix, write_fd)
    os.close(write_fd)
    return pid, read_fd


def _read_all(fd: int) -> list[str]:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode().split()


def _read_line(fd: int) -> bytes:
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(fd, 1)
        if not chunk:
            break
        line += chunk
    return line


@pytest.mark.slow  # runs in the default `uv run pytest` too; the mark only names it
def test_sigkill_during_writes_loses_nothing_acknowledged(board_path: Path, tmp_path: Path) -> None:
    open_board(board_path, "init")
    rnd = random.Random(1234)
    acked: set[str] = set()
    killed = 0
    for batch in range(TRIALS // PARALLEL):
        children = []
        for slot in range(PARALLEL):
            trial = batch * PARALLEL + slot
            state = tmp_path / f"state-crash{trial % REPLICAS}"
            children.append(_spawn(board_path, state, f"t{trial}"))
        for _pid, fd in children:
            assert _read_line(fd) == b"ready\n"
        for pid, _fd in children:
            time.sleep(rnd.uniform(0, 0.04))
            os.kill(pid, signal.SIGKILL)
        for pid, fd in children:
            acked.update(line for line in _read_all(fd) if line != "ready")
            _, status = os.waitpid(pid, 0)
            killed += os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert killed >= 100
    assert len(acked) > 100
    assert_all_files_parse(board_path)
    reader = open_board(board_path, "reader")
    present = {r.id for r in reader.all("item")}
    missing = acked - present
    assert not missing, f"{len(missing)} acknowledged writes lost, e.g. {sorted(missing)[:5]}"
    readings = {r.id for r in reader.all("reading", partitions=["2026-11"])}
    assert {a for a in acked if int(a.split("-")[1]) % 3 == 2} <= readings
    # each crashed replica opens cleanly: its leftover temp files are removed, its files are whole
    for n in range(REPLICAS):
        board = open_board(board_path, f"crash{n}")
        own = board_path / "replicas" / board.replica_id
        assert not [p for p in own.iterdir() if p.name.endswith(TEMP_SUFFIX)]
        assert board.diagnostics()["skipped"] == []
        assert {r.id for r in board.all("item")} >= acked
