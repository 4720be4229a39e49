"""Fixtures for the CLI tests: run `huddle_tui.cli.main` as a given OS login on a copy of a small board.

The board is built once per test run through the CLI itself and copied for each test; the clock is pinned
with $HUDDLE_NOW (Friday 27 November 2026, 08:00 UTC).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from huddle_tui.cli import main

NOW = "2026-11-27T08:00:00Z"

SETUP_COMMANDS: list[list[str]] = [
    ["init", "--name", "Riverside", "--admin-name", "Bea Boss"],
    ["team", "add", "Plant", "--tier", "3"],
    ["team", "add", "Area A", "--parent", "Plant"],
    ["team", "add", "Maintenance", "--parent", "Plant", "--tier", "2"],
    ["team", "add", "Line 1", "--parent", "Area A"],
    ["team", "add", "Line 2", "--parent", "Area A"],
    ["person", "add", "Ian Ic", "--login", "ian", "--role", "ic", "--team", "Line 1"],
    ["person", "add", "Olga Other", "--login", "olga", "--role", "ic", "--team", "Line 2"],
    ["person", "add", "Sue Super", "--login", "sue", "--role", "supervisor", "--team", "Line 1"],
    ["person", "add", "Max Manager", "--login", "max", "--role", "manager", "--team", "Area A"],
    ["person", "add", "Mia Maint", "--login", "mia", "--role", "supervisor", "--team", "Maintenance"],
    ["person", "add", "Kiosk", "--login", "kiosk1", "--role", "kiosk", "--team", "Line 1"],
    ["person", "add", "Pia Pinned", "--login", "pia", "--role", "supervisor", "--team", "Line 1", "--pin"],
    ["metric", "add", "OEE", "--team", "Line 1", "--category", "Delivery", "--target", "85",
     "--better", "higher", "--unit", "%", "--warn", "80"],
    ["metric", "add", "Scrap", "--team", "Line 1", "--category", "Quality", "--target", "2",
     "--better", "lower", "--unit", "%"],
    ["metric", "add", "OEE", "--team", "Area A", "--category", "Delivery", "--target", "85",
     "--better", "higher"],
]  # fmt: skip


@dataclass
class Result:
    rc: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@dataclass
class Cli:
    board: Path
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *argv: str, user: str = "boss") -> Result:
        """Run `huddle ARGV` as OS login `user`; returns exit code and captured output."""
        self.monkeypatch.setenv("HUDDLE_OS_USER", user)
        self.capsys.readouterr()
        try:
            rc = main(list(argv))
        except SystemExit as exit_:  # argparse usage errors exit from inside the parser
            rc = exit_.code if isinstance(exit_.code, int) else 1
        captured = self.capsys.readouterr()
        return Result(rc, captured.out, captured.err)

    def ok(self, *argv: str, user: str = "boss") -> Result:
        result = self(*argv, user=user)
        assert result.rc == 0, result.err
        return result


def _env(mp: pytest.MonkeyPatch, board: Path, state: Path) -> None:
    mp.setenv("HUDDLE_BOARD", str(board))
    mp.setenv("XDG_STATE_HOME", str(state))
    mp.setenv("HUDDLE_NOW", NOW)
    mp.setenv("HUDDLE_NEW_PIN", "4711")
    mp.delenv("HUDDLE_USER", raising=False)


@pytest.fixture(scope="session")
def cli_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli-template")
    with pytest.MonkeyPatch.context() as mp:
        _env(mp, root / "board", root / "state")
        mp.setenv("HUDDLE_OS_USER", "boss")
        for argv in SETUP_COMMANDS:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rc = main(argv)
            assert rc == 0, (argv, err.getvalue())
    return root / "board"


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_template: Path
) -> Cli:
    board = tmp_path / "board"
    shutil.copytree(cli_template, board)
    _env(monkeypatch, board, tmp_path / "state")
    return Cli(board, monkeypatch, capsys)


@pytest.fixture
def ids(cli: Cli) -> Callable[[str], str]:
    """Look up an id by name from the `--json` lists: ids("team:Line 1"), ids("person:ian")."""

    def lookup(key: str) -> str:
        kind, _, name = key.partition(":")
        rows = cli.ok(kind, "list", "--json").json()
        for row in rows:
            if name in (row.get("name"), row.get("login")):
                return str(row["id"])
        raise KeyError(key)

    return lookup
