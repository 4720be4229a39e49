"""The Board's repair side (a mixin of `Board`, see board.py): recovering this replica's own files.

At open, temp files of interrupted writes are removed and own files deleted by hand come back from the
local backup ring. While reading, a damaged file is recovered (own files from the backups, others from the
copy read before or the local cache), an own file replaced by an older copy gets back what was known of
it, and such files are rewritten. A damaged own file without a backup is set aside, never destroyed.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from huddle_tui.errors import BoardUnavailable
from huddle_tui.store import files as bf
from huddle_tui.store.clock import HybridClock
from huddle_tui.store.groups import Group, _Source
from huddle_tui.store.merge import union_own_records
from huddle_tui.store.records import Change
from huddle_tui.store.replica import LocalState
from huddle_tui.store.storage import TEMP_SUFFIX, CorruptFile, FileData, atomic_write, read_file, unavailable


class BoardRepair:
    """Recovery of damaged, missing or regressed own files; part of `Board` (which sets the attributes
    below)."""

    path: Path
    replica_id: str
    _local: LocalState
    _clock: HybridClock
    _skipped: dict[str, dict[str, Any]]
    _restored: list[dict[str, Any]]
    _temp_cleaned: list[str]
    _problems: list[str]
    _pending_repairs: set[Group]

    if TYPE_CHECKING:  # defined by Board (board.py) and the writing side (board_writing.py)

        @property
        def own_dir(self) -> Path: ...

        def _write_group(
            self, group: Group, recs: list[tuple[str, dict[str, Any]]], actor: str, delete: bool
        ) -> set[Change]: ...

    # -- at opening ------------------------------------------------------------------------------------
    def _restore_missing_own(self) -> None:
        """Own data files deleted from our replica folder (by hand, a sync tool) come back from the backup
        ring: a replica's own file only grows, so a missing one is never the newer state. A replica
        folder that is gone altogether (a wiped board) is left alone."""
        if not self.own_dir.is_dir():
            return
        try:
            names = {name.rpartition(".")[0] for name in os.listdir(self._local.backups)}
        except OSError:
            return
        for name in sorted(names):
            if bf.parse_data_name(name) is not None and not (self.own_dir / name).exists():
                self._restore_own(self.own_dir / name)

    def _clean_temp_files(self) -> None:
        """Remove temp files our own interrupted writes left (called under the replica's lock)."""
        folders = [self.own_dir, self._local.backups, self._local.cache]
        with contextlib.suppress(OSError):
            folders += [Path(e.path) for e in os.scandir(self._local.cache) if e.is_dir()]
        for folder in folders:
            try:
                entries = [Path(e.path) for e in os.scandir(folder) if e.name.endswith(TEMP_SUFFIX)]
            except OSError:
                continue
            for tmp in entries:
                try:
                    tmp.unlink()
                    self._temp_cleaned.append(str(tmp))
                except OSError:
                    pass

    # -- while reading and writing ---------------------------------------------------------------------
    def _check_own_not_regressed(self, entry: bf.Entry, data: FileData, previous: _Source | None) -> FileData:
        """Our own file replaced by an older copy (sync tool, restore)? Put back what we knew of."""
        known = previous.data if previous is not None else None
        if known is None:
            backup = self._local.latest_backup(entry.path.name)
            if backup is None or backup.clock <= data.clock:
                return data
            known = backup
        merged, grown = union_own_records(known.records, data.records)
        if not grown:
            return data
        self._pending_repairs.add((entry.kind or "", entry.partition))
        self._restored.append(
            {"path": str(entry.path), "reason": "replaced by an older copy; newer versions put back"}
        )
        return FileData(
            data.replica,
            data.kind,
            data.partition,
            merged,
            clock=max(data.clock, known.clock),
            written=max(data.written, known.written),
            seq=max(data.seq, known.seq),
        )

    def _repair_pending(self) -> None:
        """Rewrite own files found regressed (their union with what we knew is already in memory)."""
        while self._pending_repairs:
            group = self._pending_repairs.pop()
            try:
                with self._local.lock:
                    self._write_group(group, [], "", delete=False)
            except BoardUnavailable as err:
                self._problems.append(f"could not repair {group[0]} file: {err}")

    def _recover(
        self, entry: bf.Entry, reason: str, previous: _Source | None, own: bool, canonical: bool
    ) -> FileData | None:
        path = entry.path
        recovered: str | None = None
        data: FileData | None = None
        if own:
            restored = self._restore_own(path)
            if restored is not None:
                data, recovered = restored, "restored from the local backup ring"
        elif previous is not None and previous.data is not None:
            data, recovered = previous.data, "using the copy read before"
        elif canonical:
            cached = self._local.load_cached(entry.replica, path.name)
            if cached is not None:
                data, recovered = cached[0], "using the last good copy from the local cache"
        self._skipped[str(path)] = {"path": str(path), "reason": reason, "recovered": recovered}
        if data is not None:
            self._clock.observe(*data.clock)
        return data

    def _set_aside_damaged_own(self, path: Path, reason: str) -> None:
        """No backup to restore our damaged file from: keep it aside (never destroy it) and start anew
        from what this process knows of it."""
        dest = bf.unreadable_copy_path(self.path, self.replica_id, f"{path.name}.{time.time_ns()}")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, dest)
        except OSError as err:
            raise unavailable(err, path, "set aside the damaged file") from err
        self._skipped[str(path)] = {"path": str(path), "reason": reason, "recovered": None}
        self._problems.append(f"{path} was damaged and had no backup; it was moved to {dest}")

    def _restore_own(self, path: Path) -> FileData | None:
        best = self._local.best_backup(path.name)
        if best is None:
            return None
        data, raw = best
        with self._local.lock:
            try:
                current, _ = read_file(path)
                return current  # another process of this replica repaired it meanwhile
            except (OSError, CorruptFile):
                pass
            try:
                atomic_write(path, raw)
            except OSError as err:
                self._problems.append(str(unavailable(err, path, "restore")))
                return data
        reason = "damaged or missing; restored from the local backups"
        self._restored.append({"path": str(path), "reason": reason})
        return data
