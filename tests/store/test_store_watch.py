"""The change feed: an open board sees another replica's write within 2 s (inotify) and within the poll
interval when polling; polling is chosen for network mounts and HUDDLE_POLL=1."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from store_helpers import open_board

from huddle_tui.store import watch


def _wait_for(event: threading.Event, seconds: float) -> float:
    start = time.monotonic()
    assert event.wait(seconds), f"no change seen within {seconds} s"
    return time.monotonic() - start


def _watch_and_write(board_path: Path, budget: float) -> tuple[float, dict[str, object]]:
    reader = open_board(board_path, "a")
    writer = open_board(board_path, "b")
    writer.put("idea", "warm", {"t": 0}, actor="p")
    reader.refresh()
    seen: list[set[tuple[str, str]]] = []
    event = threading.Event()

    def callback(changes: set[tuple[str, str]]) -> None:
        seen.append(changes)
        if ("idea", "i1") in changes:
            event.set()

    reader.watch(callback)
    try:
        time.sleep(0.3)  # let the watcher settle
        writer.put("idea", "i1", {"title": "from b"}, actor="p")
        elapsed = _wait_for(event, budget)
        rec = reader.get("idea", "i1")
        assert rec is not None and rec.fields["title"] == "from b"
        token, _ = reader.changes_since(0)
        assert token > 0
        return elapsed, reader.diagnostics()["watch"]
    finally:
        reader.close()


def test_inotify_sees_remote_write_within_two_seconds(board_path: Path) -> None:
    elapsed, info = _watch_and_write(board_path, 2.0)
    assert info["mode"] == "inotify" and info["active"] is True
    assert elapsed < 2.0


def test_polling_sees_remote_write_within_interval(board_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUDDLE_POLL", "1")
    monkeypatch.setenv("HUDDLE_POLL_INTERVAL", "0.3")
    elapsed, info = _watch_and_write(board_path, 0.3 + 1.0)  # one interval plus scheduling slack
    assert info["mode"] == "polling" and info["reason"] == "HUDDLE_POLL=1 is set"
    assert info["poll_interval_s"] == pytest.approx(0.3)
    assert elapsed < 1.3


def test_network_mounts_are_polled(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/vda / ext4 rw 0 0\n"
        f"server:/export {tmp_path}/nfs nfs4 rw 0 0\n"
        f"//nas/share {tmp_path}/smb\\040share cifs rw 0 0\n"
        f"sshfs#me@host: {tmp_path}/ssh fuse.sshfs rw 0 0\n"
    )
    for sub in ("nfs/board", "smb share/board", "ssh/board", "local/board"):
        (tmp_path / sub).mkdir(parents=True)
    assert watch.mount_fstype(tmp_path / "nfs" / "board", str(mounts)) == "nfs4"
    assert watch.mount_fstype(tmp_path / "smb share" / "board", str(mounts)) == "cifs"
    assert watch.mount_fstype(tmp_path / "ssh" / "board", str(mounts)) == "fuse.sshfs"
    assert watch.mount_fstype(tmp_path / "local" / "board", str(mounts)) == "ext4"


def test_polling_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch, "mount_fstype", lambda _p: "nfs4")
    reason = watch.polling_reason(tmp_path)
    assert reason is not None and "nfs4" in reason
    monkeypatch.setattr(watch, "mount_fstype", lambda _p: "ext4")
    assert watch.polling_reason(tmp_path) is None
    monkeypatch.setenv("HUDDLE_POLL_INTERVAL", "nonsense")
    assert watch.poll_interval() == watch.DEFAULT_POLL_INTERVAL


def test_close_stops_the_watcher(board_path: Path) -> None:
    board = open_board(board_path, "a")
    board.watch()
    watcher = board._watcher
    board.close()
    assert watcher is not None and not watcher._thread.is_alive()
