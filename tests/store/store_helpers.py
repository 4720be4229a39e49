"""Helpers shared by the store tests (imported by name; pytest puts this folder on sys.path)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from huddle_tui.store import Board
from huddle_tui.store.storage import CorruptFile, read_file


def open_board(path: Path, name: str, clock: Callable[[], int] | None = None, create: bool = True) -> Board:
    """Open `path` as replica `name` (its own state dir beside the board)."""
    return Board.open(path, create=create, state_dir=path.parent / f"state-{name}", clock=clock)


def snapshot(board: Board, kinds: Iterable[str]) -> dict[tuple[str, str], tuple[Any, ...]]:
    """Everything visible on a board: (kind, id) -> (partition, fields, conflicts)."""
    out: dict[tuple[str, str], tuple[Any, ...]] = {}
    for kind in kinds:
        for rec in board.all(kind):
            out[(kind, rec.id)] = (rec.partition, rec.fields, sorted(rec.conflicts), rec.updated)
    return out


def data_files(board_path: Path) -> list[Path]:
    """Every replica data file (and merged copy) of a board."""
    out = []
    for root, _dirs, names in os.walk(board_path):
        for name in names:
            if name.endswith(".json") and name != "replica.json" and not name.startswith("."):
                out.append(Path(root) / name)
    return sorted(out)


def assert_all_files_parse(board_path: Path) -> None:
    for path in data_files(board_path):
        if "unreadable" in path.parts:
            continue
        try:
            read_file(path)
        except CorruptFile as err:  # pragma: no cover - failure path
            raise AssertionError(f"{path} does not parse: {err}") from err


class FakeClock:
    """A settable wall clock in ms (tests inject it into Board.open)."""

    def __init__(self, start: int = 1_790_000_000_000, offset: int = 0) -> None:
        self.now = start
        self.offset = offset

    def __call__(self) -> int:
        return self.now + self.offset

    def tick(self, ms: int = 1000) -> None:
        self.now += ms
