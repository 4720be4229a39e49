"""Scanning a board folder: which data files make up each (kind, partition), and conflict copies.

Conflict copies (and other unexpected JSON files) in replica folders are parsed to learn, from their
header, which replica file they belong to; they are merged like that file and then moved aside to
`.huddle-merged/` (see files.py), which is scanned as well.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huddle_tui.store import files as bf
from huddle_tui.store.storage import CorruptFile, FileData, read_file

Group = tuple[str, str | None]
Sig = tuple[int, int, int]
ConflictCopy = tuple[bf.Entry, FileData | None, bytes, str | None]


def file_sig(st: os.stat_result) -> Sig:
    """What identifies one version of a file: (mtime_ns, size, inode)."""
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass(slots=True)
class Scan:
    """One look at the board folder."""

    groups: dict[Group, list[bf.Entry]]
    conflicts: list[ConflictCopy]
    replicas: list[tuple[str, Path]]
    taken: float


class Scanner:
    """Scans one board folder; remembers parsed conflict copies, and what it moved or could not move."""

    def __init__(self, path: Path, skipped: dict[str, dict[str, Any]], problems: list[str]) -> None:
        self.path = path
        self.skipped = skipped
        self.problems = problems
        self.moved: list[dict[str, str]] = []
        self._conflict_parsed: dict[Path, tuple[Sig, FileData | None, bytes, str | None]] = {}

    def scan(self) -> Scan:
        groups: dict[Group, list[bf.Entry]] = {}
        conflicts: list[tuple[bf.Entry, FileData | None, bytes, str | None]] = []
        replicas = bf.replica_folders(self.path)
        seen_conflicts: set[Path] = set()
        for replica, folder in replicas:
            for entry in bf.scan_replica(folder, replica):
                if entry.role is bf.Role.DATA:
                    groups.setdefault((entry.kind or "", entry.partition), []).append(entry)
                elif entry.role is bf.Role.CONFLICT:
                    seen_conflicts.add(entry.path)
                    parsed = self._parse_conflict(entry)
                    if parsed is None:
                        continue
                    data, raw, error = parsed
                    if (
                        data is not None
                        and entry.path.name == bf.data_file_name(data.kind, data.partition)
                        and (data.replica == replica)
                    ):
                        # Looked like a conflict copy by name, but it is the replica's own file.
                        groups.setdefault((data.kind, data.partition), []).append(
                            bf.Entry(entry.path, replica, bf.Role.DATA, data.kind, data.partition)
                        )
                        continue
                    if data is not None:
                        groups.setdefault((data.kind, data.partition), []).append(
                            bf.Entry(entry.path, data.replica, bf.Role.CONFLICT, data.kind, data.partition)
                        )
                    conflicts.append((entry, data, raw, error))
        for entry in bf.scan_merged(self.path):
            groups.setdefault((entry.kind or "", entry.partition), []).append(entry)
        for path in list(self._conflict_parsed):
            if path not in seen_conflicts:
                del self._conflict_parsed[path]
        return Scan(groups, conflicts, replicas, time.monotonic())

    def _parse_conflict(self, entry: bf.Entry) -> tuple[FileData | None, bytes, str | None] | None:
        """Parse a conflict copy to learn which file it belongs to (cached while it is unchanged)."""
        try:
            sig = file_sig(entry.path.stat())
        except OSError:
            return None
        cached = self._conflict_parsed.get(entry.path)
        if cached is not None and cached[0] == sig:
            return cached[1], cached[2], cached[3]
        try:
            data, raw = read_file(entry.path)
            result: tuple[FileData | None, bytes, str | None] = (data, raw, None)
        except CorruptFile as err:
            result = (None, b"", str(err))
        except OSError as err:
            result = (None, b"", f"cannot be read ({err.strerror})")
        self._conflict_parsed[entry.path] = (sig, *result)
        return result

    def move_conflict_copies(self, scan: Scan) -> None:
        """Move the scan's conflict copies to .huddle-merged/ (unreadable ones to its unreadable/)."""
        for entry, data, raw, error in scan.conflicts:
            if data is not None:
                dest = bf.merged_copy_path(self.path, data.replica, data.kind, data.partition, raw)
            else:
                dest = bf.unreadable_copy_path(self.path, entry.replica, entry.path.name)
            try:
                dest.parent.mkdir(parents=True, exist_ok=True)
                if dest.exists():
                    entry.path.unlink()
                else:
                    os.replace(entry.path, dest)
            except OSError as err:
                self.problems.append(f"could not move conflict copy {entry.path}: {err.strerror}")
                continue
            item = {"path": str(entry.path), "moved_to": str(dest)}
            if error:
                item["skipped"] = error
                self.skipped[str(entry.path)] = {"path": str(entry.path), "reason": error, "recovered": None}
            self.moved.append(item)
            self._conflict_parsed.pop(entry.path, None)
