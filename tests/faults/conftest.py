"""Fixtures for the fault tests: a small board made with the CLI, small tmpfs and bind mounts.

Mounting needs root (CAP_SYS_ADMIN); without it the mount tests are skipped with the reason. Every mount
made here is unmounted at teardown (lazily, so a failed test cannot leave a busy mount behind).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import huddle_tui.cli
from hostile.conftest import _PARSER, NOW, board_hashes, run_main

__all__ = ["NOW", "Cli", "board_hashes"]

SMALL_BOARD: list[list[str]] = [
    ["init", "--name", "Riverside", "--admin-name", "Bea Boss"],
    ["team", "add", "Area A", "--tier", "2"],
    ["team", "add", "Line 1", "--parent", "Area A"],
    ["person", "add", "Ian Ic", "--login", "ian", "--role", "ic", "--team", "Line 1"],
    ["metric", "add", "OEE", "--team", "Line 1", "--category", "Delivery", "--target", "85",
     "--better", "higher", "--unit", "%"],
    ["log", "OEE", "90", "--team", "Line 1", "--date", "2026-11-26"],
    ["idea", "add", "First idea", "--team", "Line 1"],
    ["escalate", "Need a forklift", "--team", "Line 1", "--severity", "high"],
]  # fmt: skip


@pytest.fixture(autouse=True)
def _one_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the argparse tree once (building it costs more than most commands)."""
    monkeypatch.setattr(huddle_tui.cli, "build_parser", lambda: _PARSER)


@pytest.fixture(autouse=True)
def _no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip fsync: no test here cuts the power, and fsyncs on a busy disk dominated the run time."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


@dataclass
class Result:
    rc: int
    out: str
    err: str


@dataclass
class Cli:
    """Runs `huddle` in-process on one board, as one replica (its own XDG_STATE_HOME)."""

    board: Path
    state: Path
    monkeypatch: pytest.MonkeyPatch

    def __call__(self, *argv: str, user: str = "boss", state: Path | None = None, now: str = NOW) -> Result:
        self.monkeypatch.setenv("HUDDLE_BOARD", str(self.board))
        self.monkeypatch.setenv("XDG_STATE_HOME", str(state or self.state))
        self.monkeypatch.setenv("HUDDLE_OS_USER", user)
        self.monkeypatch.setenv("HUDDLE_NOW", now)
        self.monkeypatch.delenv("HUDDLE_USER", raising=False)
        self.monkeypatch.delenv("HUDDLE_DEBUG", raising=False)
        return Result(*run_main(list(argv)))

    def ok(self, *argv: str, **kw: Any) -> Result:
        result = self(*argv, **kw)
        assert result.rc == 0, result.err
        return result

    def build(self) -> None:
        for argv in SMALL_BOARD:
            self.ok(*argv)

    def titles(self, **kw: Any) -> set[str]:
        import json

        return {i["title"] for i in json.loads(self.ok("idea", "list", "--json", **kw).out)}


@pytest.fixture
def make_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Cli]:
    monkeypatch.chdir(tmp_path)

    def make(board: Path) -> Cli:
        return Cli(board, tmp_path / "state", monkeypatch)

    return make


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False, timeout=30)


def umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False, timeout=30)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs mounted at tmp_path/mnt (skipped when mounting is not permitted)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    done = _mount("-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mnt))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN): {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        umount(mnt)


@pytest.fixture
def bind_mount(tmp_path: Path) -> Iterator[tuple[Path, Path, Callable[[], None], Callable[[], None]]]:
    """(source, mountpoint, mount, unmount): a bind mount that can be taken away and put back."""
    src, mnt = tmp_path / "share", tmp_path / "mnt"
    src.mkdir()
    mnt.mkdir()

    def do_mount() -> None:
        done = _mount("--bind", str(src), str(mnt))
        if done.returncode != 0:
            pytest.skip(f"cannot bind-mount here (needs root / CAP_SYS_ADMIN): {done.stderr.strip()}")

    def do_umount() -> None:
        done = subprocess.run(["umount", str(mnt)], capture_output=True, text=True, check=False, timeout=30)
        assert done.returncode == 0, done.stderr

    do_mount()
    try:
        yield src, mnt, do_mount, do_umount
    finally:
        umount(mnt)


def remount(mnt: Path, mode: str) -> None:
    """Remount a tmpfs read-only (`ro`) or read-write (`rw`)."""
    done = _mount("-o", f"remount,{mode}", str(mnt))
    assert done.returncode == 0, done.stderr


def fill_disk(folder: Path) -> Path:
    """Write a filler file until the file system is full; returns it (delete it to free the space)."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def one_plain_line(err: str) -> bool:
    """stderr is one line starting `huddle: `, without a traceback or an exception class name."""
    import re

    lines = err.strip().splitlines()
    return (
        len(lines) == 1
        and lines[0].startswith("huddle: ")
        and not re.search(r"Traceback|\b[A-Z][A-Za-z]*(Error|Exception)\b", err)
    )
