"""Subprocess for the crash test: forks writers and SIGKILLs them at random moments.

usage: python store_crash_runner.py BOARD STATE_PREFIX TRIALS PARALLEL REPLICAS SEED
Runs in a fresh single-threaded interpreter, so forking is safe whatever threads the test process has.
Each writer reports an id on its pipe after put()/put_many() returned; at the end this prints one JSON
line: {"acked": [...], "killed": n}.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sys
import time

from huddle_tui.store import Board


def _writer(board_dir: str, state: str, prefix: str, out_fd: int) -> None:
    """Child body: write until killed, reporting each acknowledged id (never returns)."""
    try:
        board = Board.open(board_dir, state_dir=state)
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


def _spawn(board_dir: str, state: str, prefix: str) -> tuple[int, int]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _writer(board_dir, state, prefix, write_fd)
    os.close(write_fd)
    return pid, read_fd


def _wait_ready(fd: int, timeout: float = 60.0) -> bytes:
    """Read up to and including the first line (the child's "ready")."""
    data = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise SystemExit("a writer did not start in time")
        chunk = os.read(fd, 1)
        if not chunk:
            break
        data += chunk
    return data


def _read_rest(fd: int) -> list[str]:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode().split()


def main() -> int:
    board_dir, state_prefix = sys.argv[1], sys.argv[2]
    trials, parallel, replicas, seed = (int(v) for v in sys.argv[3:7])
    rnd = random.Random(seed)
    acked: list[str] = []
    killed = 0
    for batch in range(trials // parallel):
        children = []
        for slot in range(parallel):
            trial = batch * parallel + slot
            children.append(_spawn(board_dir, f"{state_prefix}{trial % replicas}", f"t{trial}"))
        for _pid, fd in children:
            if _wait_ready(fd) != b"ready\n":
                raise SystemExit("a writer failed to open the board")
        for pid, _fd in children:
            time.sleep(rnd.uniform(0, 0.04))
            os.kill(pid, signal.SIGKILL)
        for pid, fd in children:
            acked.extend(_read_rest(fd))
            _, status = os.waitpid(pid, 0)
            killed += os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    print(json.dumps({"acked": acked, "killed": killed}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
