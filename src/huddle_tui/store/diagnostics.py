"""The health report of an open board, as printed by `huddle doctor` (stable keys for --json).

Keys: board, replica_id, host, state_dir, replicas (id, host, user, last_write, newest_stamp,
clock_ahead_s, warning), skipped (path, reason, recovered), conflict_copies (path, moved_to),
merged_copies (count of files kept in .huddle-merged), restored, temp_files_cleaned, problems, watch
(mode, reason, poll_interval_s), loaded (kind -> partitions loaded).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

import orjson

from huddle_tui.store import files as bf
from huddle_tui.store.storage import CorruptFile, read_file
from huddle_tui.store.watch import poll_interval, polling_reason

if TYPE_CHECKING:
    from huddle_tui.store.board import Board

CLOCK_AHEAD_WARN_MS = 5 * 60 * 1000


def _iso(ms: int | None) -> str | None:
    if not ms or ms <= 0:
        return None
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="seconds")


def _replica_meta(folder: os.PathLike[str]) -> dict[str, Any]:
    try:
        with open(os.path.join(folder, bf.REPLICA_META), "rb") as fh:
            doc = orjson.loads(fh.read())
        return doc if isinstance(doc, dict) else {}
    except (OSError, ValueError):
        return {}


def _check_unloaded(st: dict[str, Any]) -> list[dict[str, Any]]:
    """Parse every data file of groups the board has not loaded; report the ones that do not parse."""
    out = []
    for group, entries in st["scan"].groups.items():
        if group in st["groups"]:
            continue
        for entry in entries:
            try:
                data, _raw = read_file(entry.path)
                if (data.replica, data.kind, data.partition) != (entry.replica, entry.kind, entry.partition):
                    raise CorruptFile("wrong schema (header does not match the file name or folder)")
            except FileNotFoundError:
                continue
            except CorruptFile as err:
                out.append({"path": str(entry.path), "reason": str(err), "recovered": None})
            except OSError as err:
                out.append(
                    {"path": str(entry.path), "reason": f"cannot be read ({err.strerror})", "recovered": None}
                )
    return out


def build_report(board: Board, check_all_files: bool = False) -> dict[str, Any]:
    """Collect the report (called under the board's lock)."""
    st = board._diag_state()
    now_ms = int(st["clock"].physical())
    newest: dict[str, tuple[int, int]] = {}
    written: dict[str, int] = {}
    for state in st["groups"].values():
        for src in state.sources.values():
            if src.data is None:
                continue
            rep = src.data.replica
            newest[rep] = max(newest.get(rep, (0, 0)), src.data.clock)
            written[rep] = max(written.get(rep, 0), src.data.written)
    replicas = []
    for rid, folder in st["scan"].replicas:
        meta = _replica_meta(folder)
        last_write = 0
        try:
            for entry in os.scandir(folder):
                if entry.name.endswith(".json") and not entry.name.startswith("."):
                    last_write = max(last_write, entry.stat().st_mtime_ns // 1_000_000)
        except OSError:
            pass
        ahead_ms = written.get(rid, 0) - now_ms  # the writer's own clock when it last wrote
        ahead = ahead_ms > CLOCK_AHEAD_WARN_MS
        replicas.append(
            {
                "id": rid,
                "host": meta.get("host"),
                "user": meta.get("user"),
                "this_replica": rid == board.replica_id,
                "last_write": _iso(last_write),
                "newest_stamp": _iso(newest[rid][0]) if rid in newest else None,
                "clock_ahead_s": round(ahead_ms / 1000, 1) if ahead else None,
                "warning": (
                    f"clock is {ahead_ms / 60000:.0f} minutes ahead of this machine: check its time settings"
                    if ahead
                    else None
                ),
            }
        )
    watcher = st["watcher"]
    if watcher is not None:
        watch = {
            "mode": watcher.mode,
            "reason": watcher.reason,
            "poll_interval_s": watcher.interval,
            "active": True,
        }
    else:
        reason = polling_reason(board.path)
        watch = {
            "mode": "polling" if reason else "inotify",
            "reason": reason,
            "poll_interval_s": poll_interval(),
            "active": False,
        }
    # Count only the copies the store reads back (sync tools may leave their own temp files there).
    merged_count = len(bf.scan_merged(board.path))
    loaded: dict[str, list[str | None]] = {}
    for kind, partition in sorted(st["groups"], key=lambda g: (g[0], g[1] or "")):
        loaded.setdefault(kind, []).append(partition)
    skipped = list(st["skipped"])
    if check_all_files:
        skipped.extend(_check_unloaded(st))
    return {
        "board": str(board.path),
        "replica_id": board.replica_id,
        "host": board.host,
        "state_dir": str(st["local"].dir),
        "replicas": replicas,
        "skipped": sorted(skipped, key=lambda s: s["path"]),
        "conflict_copies": st["moved"],
        "merged_copies": merged_count,
        "restored": st["restored"],
        "temp_files_cleaned": st["temp_cleaned"],
        "problems": st["problems"],
        "watch": watch,
        "loaded": loaded,
    }
