"""`huddle export` (json, csv, md) and `huddle import readings FILE.csv | board FILE.json`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from huddle_tui.cli.output import add_board_option, command, opened, path_arg, progress, say, shown_path
from huddle_tui.services import export, importing


def register(subparsers: Any) -> None:
    """Add `export` and `import`."""
    exp = subparsers.add_parser(
        "export", help="export the whole board (json, csv) or the huddle minutes (md)"
    )
    exp.add_argument("--format", choices=export.FORMATS, default="json")
    exp.add_argument(
        "--out", metavar="DIR", type=path_arg, default=".", help="folder to write into (default: here)"
    )
    add_board_option(exp)
    exp.set_defaults(handler=export_handler)

    imp = subparsers.add_parser("import", help="import readings from CSV, or a board export into a new board")
    sub = imp.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    rd = sub.add_parser("readings", help="CSV with header metric,team,date,value[,shift,reason]")
    rd.add_argument("file", type=path_arg)
    add_board_option(rd)
    rd.set_defaults(handler=import_readings)
    bd = sub.add_parser("board", help="a JSON board export, into an empty board folder")
    bd.add_argument("file", type=path_arg)
    add_board_option(bd)
    bd.set_defaults(handler=import_board)


@command
def export_handler(args: argparse.Namespace) -> int:
    with opened(args) as session, progress("Exporting") as update:
        written = export.export_board(session, args.format, Path(args.out), update, parallel=True)
    for path in written:
        say(f"Wrote {shown_path(path)}")
    return 0


@command
def import_readings(args: argparse.Namespace) -> int:
    with opened(args) as session, progress("Importing readings") as update:
        result = importing.import_readings(session, args.file, update)
    months = ", ".join(result.months) or "none"
    say(f"Imported {result.written} reading(s) ({result.red} red) into month(s) {months}.")
    return 0


@command
def import_board(args: argparse.Namespace) -> int:
    with opened(args, create=True) as session, progress("Importing the board") as update:
        count = importing.import_board(session, args.file, update)
        say(f"Imported {count} record(s) into {session.board_path}.")
    return 0
