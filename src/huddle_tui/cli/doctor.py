"""`huddle doctor [--board DIR] [--json]`: the health of the board folder and of this replica.

Shows the replicas seen (id, host label, last write, clock warnings), files skipped and why, conflict
copies merged and moved aside, temp files cleaned, and whether the folder is watched by inotify or polled.
Exit code 4 when the board folder is missing or unreadable.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from huddle_tui.cli.common import resolve_board_path
from huddle_tui.cli.output import command
from huddle_tui.store import Board


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
    board = Board.open(path)
    try:
        report = board.diagnostics(check_all_files=True)
    finally:
        board.close()
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
    for problem in report["problems"]:
        console.print(Text(f"Problem: {problem}", style="red"))
