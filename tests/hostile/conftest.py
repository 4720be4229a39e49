"""Fixtures for the hostile-input tests: a small board made with the CLI, copied fresh for each input.

The template board holds teams, people, metrics and two records of every kind that takes an id argument
(ideas, actions, escalations), so that an ambiguous id prefix exists for each. The clock is pinned with
$HUDDLE_NOW; every command runs in-process through `huddle_tui.cli.main`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import huddle_tui.cli
from huddle_tui.cli import build_parser, main

NOW = "2026-11-27T08:00:00Z"

SETUP_COMMANDS: list[list[str]] = [
    ["init", "--name", "Riverside", "--admin-name", "Bea Boss"],
    ["team", "add", "Plant", "--tier", "3"],
    ["team", "add", "Area A", "--parent", "Plant"],
    ["team", "add", "Maintenance", "--parent", "Plant", "--tier", "2"],
    ["team", "add", "Line 1", "--parent", "Area A"],
    ["person", "add", "Ian Ic", "--login", "ian", "--role", "ic", "--team", "Line 1"],
    ["person", "add", "Sue Super", "--login", "sue", "--role", "supervisor", "--team", "Line 1"],
    ["person", "add", "Kiosk", "--login", "kiosk1", "--role", "kiosk", "--team", "Line 1"],
    ["metric", "add", "OEE", "--team", "Line 1", "--category", "Delivery", "--target", "85",
     "--better", "higher", "--unit", "%", "--warn", "80"],
    ["metric", "add", "OEE", "--team", "Area A", "--category", "Delivery", "--target", "85",
     "--better", "higher"],
    ["log", "OEE", "70", "--team", "Line 1", "--date", "2026-11-26", "--reason", "jam"],
    ["idea", "add", "First idea", "--team", "Line 1"],
    ["idea", "add", "Second idea", "--team", "Line 1"],
    ["action", "add", "First action", "--team", "Line 1", "--owner", "ian", "--due", "2026-12-01"],
    ["action", "add", "Second action", "--team", "Line 1", "--owner", "ian", "--due", "2026-12-02"],
    ["escalate", "First escalation", "--team", "Line 1", "--severity", "high"],
    ["escalate", "Second escalation", "--team", "Line 1", "--severity", "low"],
    ["objective", "add", "Be better", "--team", "Line 1", "--metric", "OEE"],
]  # fmt: skip


_PARSER = build_parser()


@pytest.fixture(autouse=True)
def _one_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the argparse tree once: building it costs more than most commands (gettext look-ups)."""
    monkeypatch.setattr(huddle_tui.cli, "build_parser", lambda: _PARSER)


@pytest.fixture(autouse=True)
def _no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip fsync: these tests are about input handling, not durability (tests/store covers that), and
    thousands of fsyncs on a busy disk made the run several times slower."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


def run_main(argv: list[str]) -> tuple[int, str, str]:
    """Run `huddle ARGV` in-process; returns (exit code, stdout, stderr). Exceptions propagate."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(argv)
        except SystemExit as exit_:  # argparse usage errors exit from inside the parser
            rc = exit_.code if isinstance(exit_.code, int) else 1
    return rc, out.getvalue(), err.getvalue()


def board_hashes(board: Path) -> dict[str, str]:
    """sha256 of every file under the board folder (relative path -> digest), plus every folder."""
    hashes: dict[str, str] = {}
    for root, dirs, files in os.walk(board):
        for name in dirs:
            hashes[os.path.relpath(os.path.join(root, name), board) + "/"] = "dir"
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as fh:
                hashes[os.path.relpath(path, board)] = hashlib.sha256(fh.read()).hexdigest()
    return hashes


@dataclass
class Template:
    """The template board and the ids on it."""

    board: Path
    ids: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)


def _env(mp: pytest.MonkeyPatch, board: Path, state: Path, user: str = "boss") -> None:
    mp.setenv("HUDDLE_BOARD", str(board))
    mp.setenv("XDG_STATE_HOME", str(state))
    mp.setenv("HUDDLE_NOW", NOW)
    mp.setenv("HUDDLE_NEW_PIN", "4711")
    mp.setenv("HUDDLE_OS_USER", user)
    mp.delenv("HUDDLE_USER", raising=False)
    mp.delenv("HUDDLE_DEBUG", raising=False)


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    root = tmp_path_factory.mktemp("hostile-template")
    board = root / "board"
    with pytest.MonkeyPatch.context() as mp:
        _env(mp, board, root / "state")
        for argv in SETUP_COMMANDS:
            rc, _out, err = run_main(argv)
            assert rc == 0, (argv, err)
        result = Template(board)
        for kind, argv in {
            "team": ["team", "list", "--json"],
            "person": ["person", "list", "--json"],
            "metric": ["metric", "list", "--json"],
            "idea": ["idea", "list", "--json"],
            "action": ["action", "list", "--json"],
            "escalation": ["escalation", "list", "--json"],
        }.items():
            rc, out, err = run_main(argv)
            assert rc == 0, err
            rows: list[dict[str, Any]] = json.loads(out)
            result.ids[kind] = [str(r["id"]) for r in rows]
            result.names[kind] = {
                str(r.get("title") or r.get("login") or r["name"]): str(r["id"]) for r in rows
            }
    return result


@dataclass
class Workspace:
    """A fresh copy of the template board for one input, with its environment set."""

    board: Path
    root: Path
    monkeypatch: pytest.MonkeyPatch
    template: Template

    def run(self, argv: list[str], user: str = "boss") -> tuple[int, str, str]:
        self.monkeypatch.setenv("HUDDLE_OS_USER", user)
        return run_main(argv)


@pytest.fixture
def workspaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: Template) -> Iterator[Any]:
    """A factory of fresh board copies: `workspaces(n)` gives a Workspace in tmp_path/n."""
    monkeypatch.chdir(tmp_path)

    def make(n: int) -> Workspace:
        root = tmp_path / f"w{n}"
        board = root / "board"
        shutil.copytree(template.board, board)
        _env(monkeypatch, board, root / "state")
        return Workspace(board, root, monkeypatch, template)

    yield make
