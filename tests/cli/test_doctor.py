"""`huddle doctor` through huddle_tui.cli.main: human and --json output, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from huddle_tui.cli import main
from huddle_tui.cli.common import resolve_board_path
from huddle_tui.store import Board


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "160")
    for name in ("HUDDLE_BOARD", "HUDDLE_POLL", "HUDDLE_POLL_INTERVAL"):
        monkeypatch.delenv(name, raising=False)


def _board(tmp_path: Path) -> tuple[Path, Board]:
    path = tmp_path / "board"
    board = Board.open(path, create=True, state_dir=tmp_path / "other-state")
    board.put("idea", "i1", {"title": "a[/]b [bold]x"}, actor="p")
    return path, board


def test_resolve_board_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_board_path(str(tmp_path / "x")) == tmp_path / "x"
    monkeypatch.setenv("HUDDLE_BOARD", str(tmp_path / "env"))
    assert resolve_board_path(None) == tmp_path / "env"
    monkeypatch.delenv("HUDDLE_BOARD")
    assert resolve_board_path(None) == tmp_path / "data" / "huddle_tui" / "huddle-board"


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, writer = _board(tmp_path)
    folder = path / "replicas" / writer.replica_id
    (folder / "ideas (Bob's conflicted copy 2026-11-27).json").write_bytes(
        (folder / "ideas.json").read_bytes()
    )
    (folder / "actions.json").write_bytes(b"\0\0\0")
    (folder / ".syncthing.ideas.json.tmp").write_bytes(b"{")
    assert main(["doctor", "--board", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {
        "board",
        "replica_id",
        "replicas",
        "skipped",
        "conflict_copies",
        "merged_copies",
        "temp_files_cleaned",
        "watch",
        "restored",
        "problems",
    } <= set(report)
    (replica,) = report["replicas"]
    assert replica["id"] == writer.replica_id and replica["host"] and replica["last_write"]
    assert replica["warning"] is None
    assert [s["path"] for s in report["skipped"]] == [str(folder / "actions.json")]
    assert "zero-filled" in report["skipped"][0]["reason"]
    assert len(report["conflict_copies"]) == 1 and report["merged_copies"] == 1
    assert report["watch"]["mode"] in {"inotify", "polling"}


def test_human_report_and_global_board_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, writer = _board(tmp_path)
    monkeypatch.setenv("HUDDLE_POLL", "1")
    assert main(["--board", str(path), "doctor"]) == 0
    out = capsys.readouterr().out
    assert "Replicas seen" in out and writer.replica_id in out
    assert "polling" in out and "HUDDLE_POLL=1" in out
    assert "Files skipped: none" in out


def test_board_from_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = _board(tmp_path)
    monkeypatch.setenv("HUDDLE_BOARD", str(path))
    assert main(["doctor", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["board"] == str(path)


def test_clock_ahead_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "board"
    ahead = Board.open(path, create=True, state_dir=tmp_path / "fast", clock=lambda: 4_000_000_000_000)
    ahead.put("idea", "i1", {"t": 1}, actor="p")
    assert main(["doctor", "--board", str(path), "--json"]) == 0
    (replica,) = json.loads(capsys.readouterr().out)["replicas"]
    assert replica["clock_ahead_s"] > 300 and "ahead" in replica["warning"]
    assert main(["doctor", "--board", str(path)]) == 0
    assert "ahead" in capsys.readouterr().out


def test_missing_board_exit_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--board", str(tmp_path / "missing")]) == 4
    err = capsys.readouterr().err
    assert "huddle init" in err
    (tmp_path / "not-a-board").mkdir()
    assert main(["doctor", "--board", str(tmp_path / "not-a-board"), "--json"]) == 4
    assert "huddle init" in capsys.readouterr().err


def test_unreadable_board_exit_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = _board(tmp_path)
    monkeypatch.setattr("os.access", lambda *_a, **_k: False)
    assert main(["doctor", "--board", str(path)]) == 4
    assert "cannot read" in capsys.readouterr().err


def test_damage_in_unopened_month_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, writer = _board(tmp_path)
    writer.put("reading", "r1", {"v": 1}, actor="p", partition="2024-01")
    month = path / "replicas" / writer.replica_id / "readings-2024-01.json"
    month.write_bytes(month.read_bytes()[:10])
    assert main(["doctor", "--board", str(path), "--json"]) == 0
    skipped = json.loads(capsys.readouterr().out)["skipped"]
    assert [s["path"] for s in skipped] == [str(month)] and "truncated" in skipped[0]["reason"]
    assert main(["doctor", "--board", str(path)]) == 0
    assert "Files skipped" in capsys.readouterr().out
