"""The `huddle` command line: builds the parser from the command modules and maps errors to exit codes.

Each command module in this package exposes `register(subparsers)`, which adds its sub-commands and sets
`handler` (a function taking the parsed arguments and returning an exit code) as a parser default.
Exit codes: 0 ok, 2 bad usage or invalid value, 3 refused by role, 4 board unreadable or unwritable.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from huddle_tui.cli import (
    backup,
    demo,
    doctor,
    escalation_cmds,
    record_cmds,
    serve,
    setup_cmds,
    transfer_cmds,
    view_cmds,
    wall,
)
from huddle_tui.domain.text import one_line
from huddle_tui.errors import HuddleError

MAX_DETAIL_LINES = 20  # of an error's details (bad CSV rows) shown on the terminal

COMMAND_MODULES = [setup_cmds, record_cmds, escalation_cmds, view_cmds, transfer_cmds, doctor, demo]
COMMAND_MODULES += [wall, serve]  # the app: open, wall (read-only display), serve (browsers)
COMMAND_MODULES += [backup]  # backup / restore of the whole board folder


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line hint towards --help on bad usage (exit code 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        hint = f"Run '{self.prog} --help' for the options."
        if "expected one argument" in message or "arguments are required" in message:
            hint += " A value that starts with '-' goes after '--' or as --option=VALUE."
        self.exit(2, f"{self.prog}: error: {one_line(message)}\n{hint}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="huddle", description="Daily-management board for front-line teams.")
    parser.add_argument(
        "--board", metavar="DIR", help="board folder (default: $HUDDLE_BOARD or the user data dir)"
    )
    parser.add_argument("--as", dest="as_login", metavar="LOGIN", help="act as this person (or $HUDDLE_USER)")
    parser.add_argument("--pin", metavar="PIN", help="PIN of the person named by --as")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None and sys.stdin.isatty() and sys.stdout.isatty():
        args.team, args.screen = None, None  # `huddle` on a terminal opens the board (`huddle open`)
        handler = wall.open_handler
    if handler is None:
        parser.print_help()
        return 0
    try:
        return int(handler(args) or 0)
    except HuddleError as err:
        print(f"huddle: {one_line(err.headline)}", file=sys.stderr)  # echoed input: no escapes, no 1 MB
        for detail in err.details[:MAX_DETAIL_LINES]:
            print(f"  {one_line(detail)}", file=sys.stderr)
        if len(err.details) > MAX_DETAIL_LINES:
            print(f"  ... and {len(err.details) - MAX_DETAIL_LINES} more", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("huddle: interrupted", file=sys.stderr)
        return 130
