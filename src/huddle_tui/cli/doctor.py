"""`huddle doctor [--board DIR] [--json]`: the health of the board folder and of this replica.

Shows the replicas seen (id, host label, last write, clock warnings), files skipped and why, conflict
copies merged and moved aside, temp files cleaned, and whether the folder is watched by inotify or polled.
Then each problem found, including a read-only or full file system, with a "How to repair" line (`repairs`
in the JSON report: a list of {problem, repair}). Exit code 4 when the board folder is missing or
unreadable, with how to get it back.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from huddle_tui.cli.common import resolve_board_path
from huddle_tui.cli.output import command
from huddle_tui.errors import BoardUnavailable
from huddle_tui.store import Board

LOW_SPACE_BYTES = 64 * 1024  # less than this free and the next write of a replica file may fail


def register(subparsers: Any) -> None:
    """Add the `doctor` sub-command."""
    parser = subparsers.add_parser("doctor", help="check the board folder and report its health")
    parser.add_argument("--json", action="store_true", help="print a machine-readable report (stable keys)")
    # Also accepted after the sub-command; SUPPRESS keeps the global `huddle --board DIR doctor` value.
    parser.add_argument("--board", metavar="DIR", default=argparse.SUPPRESS, help="board folder")
    parser.set_defaults(handler=handler)


@command
def handler(args: argparse.Namespace) -> int:
    """Open the board (BoardUnavailable -> exit 4 via the CLI), print the report, return 0."""
    path = resolve_board_path(getattr(args, "board", None))
    try:
        board = Board.open(path)
    except BoardUnavailable as err:
        raise BoardUnavailable(
            err.message,
            hint="if the board is on a share or in a synced folder, mount or reconnect it and run "
            f"'huddle doctor' again; if it is lost, 'huddle restore BACKUP --board {path}' brings it back; "
            "a new board starts with 'huddle init --name NAME'",
        ) from err
    try:
        report = board.diagnostics(check_all_files=True)
    finally:
        board.close()
    report["repairs"] = repairs(report, path)
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        print_report(report, Console(highlight=False))
    return 0


def _t(value: object) -> Text:
    return Text("-" if value is None else str(value))


def print_report(report: dict[str, Any], console: Console) -> None:
    """Human-readable report with rich tables (all values shown as plain text, never markup)."""
    console.print(Text(f"Board: {report['board']}", style="bold"))
    console.print(Text(f"This replica: {report['replica_id']} on {report['host']}"))
    console.print(Text(f"Local state: {report['state_dir']}"))
    watch = report["watch"]
    line = f"Change detection: {watch['mode']}"
    if watch["mode"] == "polling":
        line += f" every {watch['poll_interval_s']:g} s ({watch['reason']})"
    console.print(Text(line))

    table = Table(title="Replicas seen", title_justify="left")
    for col in ("replica", "host", "user", "last write (UTC)", "warning"):
        table.add_column(col)
    for rep in report["replicas"]:
        name = rep["id"] + (" (this one)" if rep["this_replica"] else "")
        table.add_row(_t(name), _t(rep["host"]), _t(rep["user"]), _t(rep["last_write"]), _t(rep["warning"]))
    console.print(table)

    if report["skipped"]:
        skipped = Table(title="Files skipped", title_justify="left")
        for col in ("file", "why", "data recovered"):
            skipped.add_column(col)
        for item in report["skipped"]:
            skipped.add_row(_t(item["path"]), _t(item["reason"]), _t(item["recovered"] or "no"))
        console.print(skipped)
    else:
        console.print(Text("Files skipped: none"))

    if report["conflict_copies"]:
        moved = Table(title="Conflict copies merged and moved aside", title_justify="left")
        moved.add_column("copy")
        moved.add_column("moved to")
        for item in report["conflict_copies"]:
            moved.add_row(_t(item["path"]), _t(item["moved_to"]))
        console.print(moved)
    else:
        kept = report["merged_copies"]
        console.print(Text(f"Conflict copies merged now: none ({kept} kept in .huddle-merged)"))
    for item in report["restored"]:
        console.print(Text(f"Restored from backup: {item['path']}"))
    console.print(Text(f"Temp files cleaned: {len(report['temp_files_cleaned'])}"))
    if not report.get("repairs"):
        console.print(Text("Problems: none"))
    for item in report.get("repairs", []):
        console.print(Text(f"Problem: {item['problem']}", style="red"))
        console.print(Text(f"  How to repair: {item['repair']}"))


def _space_problems(path: Path) -> list[dict[str, str]]:
    """A read-only or (nearly) full file system under the board folder."""
    try:
        fs = os.statvfs(path)
    except OSError:
        return []
    if fs.f_flag & os.ST_RDONLY or not os.access(path / "replicas", os.W_OK):
        return [
            {
                "problem": f"The board folder {path} is read-only: it can be read, nothing can be saved.",
                "repair": "make it writable again: remount the disk or share read-write (for example "
                "'mount -o remount,rw MOUNTPOINT') or fix the folder's permissions; then try again",
            }
        ]
    free = fs.f_bavail * fs.f_frsize
    if free < LOW_SPACE_BYTES:
        return [
            {
                "problem": f"The disk holding the board is full ({free // 1024} KiB free): saving fails.",
                "repair": "free space on that disk (or move the board to a larger one); writes that failed "
                "were refused with exit code 4 and saved nothing, so repeat them afterwards",
            }
        ]
    return []


def repairs(report: dict[str, Any], path: Path) -> list[dict[str, str]]:
    """Every problem of the report with a plain "how to repair" (a list of {problem, repair})."""
    out = _space_problems(path)
    own = f"/{report['replica_id']}/"
    for item in report["skipped"]:
        where = item["path"]
        if item["recovered"]:
            fix = f"nothing is lost ({item['recovered']}); " + (
                "this replica rewrites its file with its next save"
                if own in where
                else "the machine that owns the file rewrites it the next time huddle runs there"
            )
        elif own in where:
            fix = (
                "this replica's file could not be restored from its local backups: restore the board from a "
                "backup ('huddle restore BACKUP --board DIR', then compare) or ask for help"
            )
        else:
            fix = (
                "run huddle on the machine that owns this file (it rewrites the file from its own backups), "
                "or restore the board from a backup with 'huddle restore BACKUP --board DIR'"
            )
        out.append({"problem": f"{where} could not be read: {item['reason']}", "repair": fix})
    for rep in report["replicas"]:
        if rep.get("warning"):
            out.append(
                {
                    "problem": f"Replica {rep['id']} on {rep['host'] or 'an unknown host'}: {rep['warning']}",
                    "repair": "set that machine's clock right (turn on network time sync); until then its "
                    "edits may win over newer ones made elsewhere",
                }
            )
    for problem in report["problems"]:
        out.append(
            {
                "problem": str(problem),
                "repair": "check that the board folder is writable and its disk is not full, then run "
                "'huddle doctor' again",
            }
        )
    return out
