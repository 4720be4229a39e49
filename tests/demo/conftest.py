"""Fixtures of the demo tests: one team-size demo board per module, built at a fixed "now"."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from huddle_tui.demo.generate import DemoResult, generate
from huddle_tui.services.session import Session, open_session

NOW = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)  # a Friday, 08:30 on the plant's clock
LOGIN = "demo-tester"
SEED = 7

# Record ids the store makes (ULIDs); readings and huddles embed them in their own ids.
ULID = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")


def fast_dir(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A fresh folder, in memory (/dev/shm) where there is one: the demo writes a few thousand fsyncs."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix=f"huddle-demo-test-{name}-", dir=shm))
    return tmp_path_factory.mktemp(name)


@pytest.fixture
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh fast folder for one test, removed afterwards."""
    folder = fast_dir(tmp_path_factory, "scratch")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def state_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private XDG_STATE_HOME (replica ids, locks and backups) and OS login for the test session."""
    path = fast_dir(tmp_path_factory, "state")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_STATE_HOME", str(path))
        mp.setenv("HUDDLE_OS_USER", LOGIN)
        mp.delenv("HUDDLE_USER", raising=False)
        mp.delenv("HUDDLE_BOARD", raising=False)
        yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def team_board(state_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoResult]:
    del state_home
    folder = fast_dir(tmp_path_factory, "team")
    yield generate(folder / "board", seed=SEED, now=NOW, os_login=LOGIN)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def session(team_board: DemoResult) -> Iterator[Session]:
    opened = open_session(team_board.path, os_login=LOGIN, now=lambda: NOW)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def copy_session(team_board: DemoResult, scratch: Path) -> Iterator[Session]:
    """A session on a copy of the team board (opened as a new replica), for tests that write."""
    target = scratch / "copy"
    shutil.copytree(team_board.path, target)
    opened = open_session(target, os_login=LOGIN, now=lambda: NOW)
    try:
        yield opened
    finally:
        opened.close()


def content(path: Path) -> dict[str, list[str]]:
    """The board's content with record ids replaced by names (teams, people, metrics) or a placeholder.

    Two boards generated from the same seed and clock have different random ids but the same content.
    """
    opened = open_session(path, os_login=LOGIN, now=lambda: NOW)
    try:
        board = opened.board
        labels: dict[str, str] = {}
        for record in board.all("team"):
            labels[record.id] = f"team:{record.fields['name']}"
        for record in board.all("person"):
            labels[record.id] = f"person:{record.fields['login']}"
        for record in board.all("metric"):
            team = labels.get(str(record.fields["team_id"]), "?")
            labels[record.id] = f"metric:{team}/{record.fields['name']}"

        def label(match: re.Match[str]) -> str:
            return labels.get(match.group(0), "<id>")

        def normal(value: Any) -> str:
            return ULID.sub(label, repr(value))

        kinds = sorted(set(board.kinds()) | {"reading"})
        out: dict[str, list[str]] = {}
        for kind in kinds:
            partitions = board.partitions(kind) or None
            records = board.all(kind, partitions=partitions) if partitions else board.all(kind)
            rows = []
            for record in records:
                fields = {k: v for k, v in record.fields.items() if k not in ("pin_hash",)}
                rows.append(normal((ULID.sub(label, record.id), sorted(fields.items()))))
            out[kind] = sorted(rows)
        return out
    finally:
        opened.close()
