"""`huddle doctor`: checks the board folder and reports on its health."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from huddle_tui.cli.common import resolve_board_path

EXIT_BOARD_UNAVAILABLE = 4


def register(subparsers: Any) -> None:
    """Add the `doctor` sub-command."""
    parser = subparsers.add_parser("doctor", help="check the board folder and report its health")
    parser.add_argument("--json", action="store_true", help="print a machine-readable report")
    # Also accepted after the sub-command; SUPPRESS keeps the global `huddle --board DIR doctor` value.
    parser.add_argument("--board", metavar="DIR", default=argparse.SUPPRESS, help="board folder")
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace) -> int:
    """Print the board report; exit 4 when the board folder is missing or unreadable."""
    path = resolve_board_path(getattr(args, "board", None))
    if not path.is_dir():
        print(
            f"huddle: no board folder at {path}. Create one with 'huddle init' "
            "(or point --board / HUDDLE_BOARD at an existing board).",
            file=sys.stderr,
        )
        return EXIT_BOARD_UNAVAILABLE
    report = {"board": str(path)}
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        print(f"Board: {path}")
    return 0
