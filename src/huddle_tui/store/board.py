"""The Board: one board folder seen as a merged, sync-safe record store.

Reads merge every replica's files (see merge.py); writes go only to this replica's own files, under a
local lock, through TinyDB and the atomic storage (see storage.py). Parsed files are cached by
(path, mtime_ns, size, inode) so refresh() re-reads only changed files, and only the records those files
changed are merged again. Unpartitioned kinds are loaded at open; a partition (e.g. a month of readings)
is read the first time it is asked for.

`Board` is put together from parts, one job each:
- board.py (this module): `Board` itself: opening a folder, its state, the replica meta file, watching,
  closing and diagnostics;
- board_reading.py: scanning, reading and merging groups of files, the reading API and the change feed;
- board_writing.py: put, put_many and delete;
- board_repair.py: recovering damaged, missing or regressed own files;
- groups.py: the data kept per group of files (`GroupFields` among it) and the pure merge helpers.
`GroupFields`, `Change` and `Record` are importable from here too.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from huddle_tui.errors import BoardUnavailable
from huddle_tui.store import files as bf
from huddle_tui.store.board_reading import BoardReading
from huddle_tui.store.board_repair import BoardRepair
from huddle_tui.store.board_writing import BoardWriting
from huddle_tui.store.clock import HybridClock
from huddle_tui.store.groups import Group, GroupFields, _Group
from huddle_tui.store.records import Change, Record
from huddle_tui.store.replica import LocalState
from huddle_tui.store.scan import Scan, Scanner
from huddle_tui.store.storage import atomic_write, unavailable

__all__ = ["CHANGE_LOG_SIZE", "Board", "Change", "Group", "GroupFields", "Record"]

CHANGE_LOG_SIZE = 2000


class Board(BoardReading, BoardWriting, BoardRepair):
    """A board folder opened for reading and writing. Use `Board.open(path)`; thread-safe."""

    def __init__(
        self,
        path: Path,
        local: LocalState,
        clock: Callable[[], int] | None = None,
    ) -> None:
        self.path = path
        self._local = local
        ident = local.identity()
        self.replica_id = ident.replica_id
        self.host = ident.host
        self.user = ident.user
        self._clock = HybridClock(self.replica_id, clock)
        self._mutex = threading.RLock()
        self._groups: dict[Group, _Group] = {}
        self._scan_result: Scan | None = None
        self._skipped: dict[str, dict[str, Any]] = {}
        self._restored: list[dict[str, Any]] = []
        self._temp_cleaned: list[str] = []
        self._problems: list[str] = []
        self._change_seq = 0
        self._change_log: deque[tuple[int, frozenset[Change]]] = deque(maxlen=CHANGE_LOG_SIZE)
        self._watcher: Any = None
        self._closed = False
        self._meta_written = False
        self._pending_repairs: set[Group] = set()
        self._scanner = Scanner(path, self._skipped, self._problems)

    # -- opening ---------------------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        create: bool = False,
        *,
        clock: Callable[[], int] | None = None,
        state_dir: str | os.PathLike[str] | None = None,
    ) -> Board:
        """Open the board folder at `path` (creating it when `create`), loading every unpartitioned kind.

        `clock` returns wall time in ms (tests inject skewed clocks); `state_dir` overrides the user state
        dir. Raises BoardUnavailable when the folder is missing (and not `create`) or unreadable.
        """
        board_path = Path(path).expanduser().absolute()
        replicas = board_path / bf.REPLICAS_DIR
        if create:
            try:
                replicas.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise unavailable(err, board_path, "create the board folder") from err
        if not board_path.is_dir():
            raise BoardUnavailable(
                f"no board folder at {board_path}",
                hint="create one with 'huddle init', or point --board / HUDDLE_BOARD at an existing board",
            )
        if not replicas.is_dir():
            raise BoardUnavailable(
                f"{board_path} is not a huddle board (it has no '{bf.REPLICAS_DIR}' folder)",
                hint="create a board there with 'huddle init', or point --board at the board folder",
            )
        if not os.access(replicas, os.R_OK | os.X_OK):
            raise BoardUnavailable(f"cannot read the board folder {board_path}", hint="ask for read access")
        local = LocalState(board_path, Path(state_dir) if state_dir is not None else None)
        board = cls(board_path, local, clock)
        board._start()
        return board

    @property
    def own_dir(self) -> Path:
        return self.path / bf.REPLICAS_DIR / self.replica_id

    def _start(self) -> None:
        with self._local.lock:
            self._clean_temp_files()
        self._restore_missing_own()
        with self._mutex:
            scan = self._scan()
            for group in sorted(g for g in scan.groups if g[1] is None):
                self._load_group(group)
            self._scanner.move_conflict_copies(scan)

    def _write_replica_meta(self) -> None:
        meta_path = self.own_dir / bf.REPLICA_META
        meta = {"replica": self.replica_id, "host": self.host, "user": self.user}
        try:
            current = orjson.loads(meta_path.read_bytes())
            if all(current.get(k) == v for k, v in meta.items()):
                return
        except (OSError, ValueError, AttributeError):
            pass
        meta["created"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            self.own_dir.mkdir(parents=True, exist_ok=True)
            atomic_write(meta_path, orjson.dumps(meta, option=orjson.OPT_INDENT_2))
        except OSError as err:
            self._problems.append(str(unavailable(err, meta_path)))

    # -- watching --------------------------------------------------------------------------------------
    def watch(self, callback: Callable[[set[tuple[str, str]]], None] | None = None) -> None:
        """Watch the folder in a daemon thread: refresh on change, then call `callback(changed)` there."""
        from huddle_tui.store.watch import Watcher

        with self._mutex:
            if self._watcher is not None:
                self._watcher.stop()
            self._watcher = Watcher(self, self.path, callback)
            self._watcher.start()

    def close(self) -> None:
        """Stop watching; the board can no longer be written."""
        watcher = self._watcher
        self._watcher = None
        if watcher is not None:
            watcher.stop()
        with self._mutex:
            self._closed = True

    def __enter__(self) -> Board:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- diagnostics -----------------------------------------------------------------------------------
    def diagnostics(self, check_all_files: bool = False) -> dict[str, Any]:
        """What `huddle doctor` reports (stable keys; see diagnostics.py).

        With `check_all_files`, every data file on the board is parsed (not only the loaded ones), so
        damage in months nobody opened is reported too; the board itself is not changed by the check.
        """
        from huddle_tui.store.diagnostics import build_report

        with self._mutex:
            return build_report(self, check_all_files=check_all_files)

    # accessors used by diagnostics.py (kept out of the public API)
    def _diag_state(self) -> dict[str, Any]:
        return {
            "groups": self._groups,
            "scan": self._scan_result or self._scan(),
            "skipped": list(self._skipped.values()),
            "restored": list(self._restored),
            "moved": list(self._scanner.moved),
            "temp_cleaned": list(self._temp_cleaned),
            "problems": list(self._problems),
            "watcher": self._watcher,
            "clock": self._clock,
            "local": self._local,
        }
