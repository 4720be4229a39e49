"""`huddle backup [--out FILE]` and `huddle restore FILE [--board DIR] [--force]`: the whole board folder
to one checked archive and back (see services/backup.py for the format and the checks)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from huddle_tui.cli.output import (
    add_board_option,
    board_path,
    command,
    fixed_clock,
    path_arg,
    progress,
    say,
    shown_path,
)
from huddle_tui.services import backup


def register(subparsers: Any) -> None:
    """Add `backup` and `restore`."""
    p = subparsers.add_parser(
        "backup", help="save the whole board folder to a .tar.gz or .zip with a checksum manifest"
    )
    p.add_argument(
        "--out",
        metavar="FILE",
        type=path_arg,
        help="archive to write (.tar.gz or .zip), or a folder for the default name "
        "huddle-backup-YYYYMMDD-HHMMSS.tar.gz (default: here)",
    )
    add_board_option(p)
    p.set_defaults(handler=backup_handler)

    p = subparsers.add_parser("restore", help="restore a board folder from a backup (checked first)")
    p.add_argument("file", type=path_arg, help="the .tar.gz or .zip made by huddle backup")
    p.add_argument(
        "--force", action="store_true", help="replace a board that is there (it is kept beside, renamed)"
    )
    add_board_option(p)
    p.set_defaults(handler=restore_handler)


def _now() -> datetime:
    clock = fixed_clock()
    return clock() if clock else datetime.now(UTC)


@command
def backup_handler(args: argparse.Namespace) -> int:
    board = board_path(args)
    with progress("Backing up") as update:
        result = backup.create_backup(board, args.out, now=_now(), progress=update)
    say(f"Backed up {result.files} file(s), {result.bytes} bytes, to {shown_path(result.path)}.")
    say(f"Restore with: huddle restore {shown_path(result.path)} --board DIR")
    return 0


@command
def restore_handler(args: argparse.Namespace) -> int:
    board = board_path(args)
    with progress("Restoring") as update:
        result = backup.restore_backup(args.file, board, force=args.force, now=_now(), progress=update)
    say(f"Restored {result.files} file(s), {result.bytes} bytes, into {shown_path(result.board)}.")
    if result.kept is not None:
        say(f"The board that was there is kept at {shown_path(result.kept)}; delete it when you are sure.")
    say("Check it with: huddle doctor")
    return 0
