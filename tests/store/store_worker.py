"""Subprocess worker for the concurrency and crash tests.

usage: python store_worker.py BOARD STATE_DIR PREFIX COUNT [KIND]   (STATE_DIR "-": from $XDG_STATE_HOME)
Writes COUNT records `PREFIX-<n>` (and bumps a shared counter record), printing each id after put()
returned, flushed, so the parent knows which writes were acknowledged.
"""

from __future__ import annotations

import sys

from huddle_tui.store import Board


def main() -> int:
    board_dir, state_dir, prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    kind = sys.argv[5] if len(sys.argv) > 5 else "item"
    board = Board.open(board_dir, create=True, state_dir=None if state_dir == "-" else state_dir)
    print(f"ready {board.replica_id}", flush=True)
    for n in range(count):
        rid = f"{prefix}-{n}"
        if n % 3 == 2:
            items = [(kind, rid, {"n": n, "by": prefix}, None), ("reading", rid, {"v": n}, "2026-11")]
            board.put_many(items, actor=prefix)
        else:
            board.put(kind, rid, {"n": n, "by": prefix}, actor=prefix)
        board.put("shared", "counter", {prefix: n}, actor=prefix)
        print(rid, flush=True)
    board.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
