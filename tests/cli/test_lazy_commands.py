"""The command modules load lazily: the table in huddle_tui.cli matches what the modules register, the
parsers and help texts are those of registering every module up front, and a command imports only its
own module."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

import huddle_tui.cli as cli


def _eager_parser() -> argparse.ArgumentParser:
    """The parser as it was built before: every command module registered up front."""
    parser = cli.top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=cli._Parser)
    for module in cli.COMMAND_MODULES:
        importlib.import_module(f"huddle_tui.cli.{module}").register(sub)
    return parser


def _commands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def _helps(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], str]:
    """The help text of `parser` and of every sub-parser below it (loading lazy commands on the way)."""
    out = {path: parser.format_help()}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name in list(action._name_parser_map):
                if isinstance(action, cli._LazyCommands):
                    action.load(name)
                out.update(_helps(action._name_parser_map[name], (*path, name)))
    return out


def test_the_table_lists_what_each_module_registers() -> None:
    for module, commands in cli.COMMANDS:
        sub = argparse.ArgumentParser(prog="huddle").add_subparsers(metavar="COMMAND")
        importlib.import_module(f"huddle_tui.cli.{module}").register(sub)
        assert [(c.dest, c.help) for c in sub._choices_actions] == list(commands), module
        assert list(sub._name_parser_map) == [name for name, _help in commands], module


def test_lazy_parsers_are_the_eager_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    lazy, eager = cli.build_parser(), _eager_parser()
    assert lazy.format_help() == eager.format_help()  # before any command is loaded
    assert list(_commands(lazy).choices) == list(_commands(eager).choices)
    assert _helps(lazy) == _helps(eager)
    assert lazy.format_help() == eager.format_help()  # after every command was loaded, in any order
    assert list(_commands(lazy).choices) == list(_commands(eager).choices)


def test_one_parser_serves_many_commands() -> None:
    parser = cli.build_parser()
    assert parser.parse_args(["export", "--format", "csv"]).format == "csv"
    assert parser.parse_args(["--as", "max", "serve", "--screen", "inbox"]).screen == "inbox"
    assert parser.parse_args(["export"]).format == "json"
    with pytest.raises(SystemExit):
        parser.parse_args(["nope"])


@pytest.mark.parametrize(
    ("argv", "loaded"),
    [(["--help"], set()), (["export", "--help"], {"transfer_cmds"}), (["doctor", "--help"], {"doctor"})],
)
def test_a_command_imports_only_its_module(argv: list[str], loaded: set[str]) -> None:
    code = (
        "import sys\n"
        "from huddle_tui.cli import COMMAND_MODULES, main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "print('loaded:', *(m for m in COMMAND_MODULES if f'huddle_tui.cli.{m}' in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert set(run.stdout.splitlines()[-1].split()[1:]) == loaded
