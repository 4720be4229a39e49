"""The `huddle` command line: builds the parser from the command modules and maps errors to exit codes.

Each command module in this package exposes `register(subparsers)`, which adds its sub-commands and sets
`handler` (a function taking the parsed arguments and returning an exit code) as a parser default. Only
the module of the command given is imported and registered (see COMMANDS).
Exit codes: 0 ok, 2 bad usage or invalid value, 3 refused by role, 4 board unreadable or unwritable.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from huddle_tui.domain.text import one_line
from huddle_tui.errors import HuddleError

MAX_DETAIL_LINES = 20  # of an error's details (bad CSV rows) shown on the terminal

# Every command module of this package with the commands its `register` adds and their help, in the order
# `huddle --help` lists them. A command's module is imported only when that command runs (importing them
# all took half a second, more than most commands); tests/cli/test_lazy_commands.py checks this table
# against what the modules register.
COMMANDS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "setup_cmds",
        (
            ("init", "create a board here and make your login its admin"),
            ("settings", "show or change the board settings (changes: admin)"),
            ("team", "add or list teams"),
            ("person", "add or list people"),
            ("metric", "add, list or retarget metrics"),
        ),
    ),
    (
        "record_cmds",
        (
            ("log", "log a metric reading"),
            ("idea", "submit, decide and list ideas"),
            ("action", "add, complete and list actions (countermeasures)"),
            ("objective", "add and list objectives"),
        ),
    ),
    (
        "escalation_cmds",
        (
            ("escalate", "raise an escalation to the team above"),
            ("escalation", "move, answer, close and list escalations"),
        ),
    ),
    (
        "view_cmds",
        (
            ("board", "a team's board: metrics, ideas, escalations, actions"),
            ("rollup", "the teams below a team: SQDCP status and open work"),
            ("inbox", "what waits for you: escalations, ideas to decide, your actions"),
            ("kpis", "idea-system KPIs of a team and the teams below it"),
            ("minutes", "the minutes of a team's huddle as Markdown"),
            ("support", "how well the tiers above serve the front line"),
        ),
    ),
    (
        "transfer_cmds",
        (
            ("export", "export the whole board (json, csv) or the huddle minutes (md)"),
            ("import", "import readings from CSV, or a board export into a new board"),
        ),
    ),
    ("doctor", (("doctor", "check the board folder and report its health"),)),
    ("demo", (("demo", "create a realistic demo board (a temporary folder unless --board) and open it"),)),
    # the app: open, wall (read-only display), serve (browsers)
    (
        "wall",
        (
            ("open", "open the board in the terminal (the default without a command)"),
            ("wall", "the read-only wall display for a TV: large, live, cycling"),
        ),
    ),
    ("serve", (("serve", "serve the board to web browsers (textual-serve; loopback only by default)"),)),
    # backup / restore of the whole board folder
    (
        "backup",
        (
            ("backup", "save the whole board folder to a .tar.gz or .zip with a checksum manifest"),
            ("restore", "restore a board folder from a backup (checked first)"),
        ),
    ),
)
COMMAND_MODULES = tuple(module for module, _commands in COMMANDS)


class _LazyCommands(argparse._SubParsersAction):
    """The COMMAND sub-parsers, each a placeholder (name and help, for `huddle --help` and the choices)
    until it is chosen: then its module is imported and registers its parsers for real, in place of the
    placeholders of that module, keeping their order. The parsers are then the very ones that registering
    every module up front made."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._modules: dict[str, str] = {}  # command not loaded yet -> its module

    def add_placeholder(self, module: str, name: str, help: str) -> None:
        self.add_parser(name, help=help)
        self._modules[name] = module

    def load(self, name: str) -> None:
        """Register the module of command `name` (nothing when it is loaded, or not a command)."""
        module = self._modules.get(name)
        if module is None:
            return
        names = {command for command, owner in self._modules.items() if owner == module}
        order = list(self._name_parser_map)
        choices = list(self._choices_actions)
        for command in names:
            del self._name_parser_map[command]
            del self._modules[command]
        self._choices_actions[:] = [choice for choice in choices if choice.dest not in names]
        importlib.import_module(f"{__name__}.{module}").register(self)
        added = {choice.dest: choice for choice in self._choices_actions if choice.dest in names}
        extra = [
            choice for choice in self._choices_actions if choice.dest not in added and choice not in choices
        ]
        self._choices_actions[:] = [added.get(choice.dest, choice) for choice in choices] + extra
        parsers = dict(self._name_parser_map)
        self._name_parser_map.clear()  # in place: it is also this action's `choices`
        self._name_parser_map.update((command, parsers[command]) for command in order if command in parsers)
        self._name_parser_map.update(parsers)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        self.load(values[0])
        super().__call__(parser, namespace, values, option_string)


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line hint towards --help on bad usage (exit code 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        hint = f"Run '{self.prog} --help' for the options."
        if "expected one argument" in message or "arguments are required" in message:
            hint += " A value that starts with '-' goes after '--' or as --option=VALUE."
        self.exit(2, f"{self.prog}: error: {one_line(message)}\n{hint}\n")


def top_parser() -> argparse.ArgumentParser:
    """The `huddle` parser with its global options, without the commands."""
    parser = _Parser(prog="huddle", description="Daily-management board for front-line teams.")
    parser.add_argument(
        "--board", metavar="DIR", help="board folder (default: $HUDDLE_BOARD or the user data dir)"
    )
    parser.add_argument("--as", dest="as_login", metavar="LOGIN", help="act as this person (or $HUDDLE_USER)")
    parser.add_argument("--pin", metavar="PIN", help="PIN of the person named by --as")
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The whole `huddle` parser; a command's own options are added when it is chosen (see COMMANDS)."""
    parser = top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, action=_LazyCommands)
    for module, commands in COMMANDS:
        for name, help in commands:
            sub.add_placeholder(module, name, help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None and sys.stdin.isatty() and sys.stdout.isatty():
        from huddle_tui.cli.wall import open_handler

        args.team, args.screen = None, None  # `huddle` on a terminal opens the board (`huddle open`)
        handler = open_handler
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
