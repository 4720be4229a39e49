"""Change feed: a background thread that notices changes in the board folder and refreshes the board.

inotify (through watchfiles) does not see writes made by other machines on network file systems, so the
folder is polled instead when it lies on an nfs/cifs/smb/fuse mount (read from /proc/mounts) or when
HUDDLE_POLL=1. The poll interval is HUDDLE_POLL_INTERVAL seconds (default 2). Either way a full rescan
runs every RESCAN_INTERVAL seconds, in case an event was missed.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

RESCAN_INTERVAL = 30.0
DEFAULT_POLL_INTERVAL = 2.0
NETWORK_FS = ("nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse", "9p", "afs", "ceph", "glusterfs")

Callback = Callable[[set[tuple[str, str]]], None]


class Refreshable(Protocol):
    def refresh(self, full: bool = False) -> set[tuple[str, str]]: ...


def _unescape_mount(field: str) -> str:
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def mount_fstype(path: Path, mounts_file: str = "/proc/mounts") -> str | None:
    """File system type of the mount holding `path` (None when /proc/mounts cannot be read)."""
    try:
        lines = Path(mounts_file).read_text().splitlines()
    except OSError:
        return None
    target = str(path.resolve())
    best, best_type = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = _unescape_mount(parts[1])
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def polling_reason(path: Path) -> str | None:
    """Why the folder must be polled, or None when inotify can be trusted."""
    if os.environ.get("HUDDLE_POLL", "").strip() in {"1", "true", "yes"}:
        return "HUDDLE_POLL=1 is set"
    fstype = mount_fstype(path)
    if fstype and (fstype in NETWORK_FS or fstype.startswith(("fuse.", "nfs", "smb", "cifs"))):
        return f"the board is on a {fstype} mount (inotify misses changes made by other machines)"
    return None


def poll_interval() -> float:
    """HUDDLE_POLL_INTERVAL in seconds (default 2; at least 0.05)."""
    try:
        return max(0.05, float(os.environ.get("HUDDLE_POLL_INTERVAL", DEFAULT_POLL_INTERVAL)))
    except ValueError:
        return DEFAULT_POLL_INTERVAL


class Watcher:
    """Runs in a daemon thread: refreshes the board on change and calls `callback` with what changed."""

    def __init__(self, board: Refreshable, path: Path, callback: Callback | None = None) -> None:
        self.board = board
        self.path = path
        self.callback = callback
        self.reason = polling_reason(path)
        self.polling = self.reason is not None
        self.interval = poll_interval()
        self.stop_event = threading.Event()
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, name="huddle-store-watch", daemon=True)

    @property
    def mode(self) -> str:
        return "polling" if self.polling else "inotify"

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self.stop_event.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _refresh(self, full: bool = False) -> None:
        try:
            changed = self.board.refresh(full=full)
        except Exception as err:  # keep watching; the board reports the error in diagnostics
            self.error = f"refresh failed: {err}"
            log.warning("huddle store: %s", self.error)
            return
        if changed and self.callback is not None:
            try:
                self.callback(changed)
            except Exception:
                log.exception("huddle store: change callback failed")

    def _run(self) -> None:
        if not self.polling:
            try:
                self._run_inotify()
                return
            except Exception as err:  # no inotify (limits reached, odd file system): fall back to polling
                self.polling = True
                self.reason = f"inotify unavailable ({err})"
        self._run_polling()

    def _run_polling(self) -> None:
        next_rescan = time.monotonic() + RESCAN_INTERVAL
        while not self.stop_event.wait(self.interval):
            full = time.monotonic() >= next_rescan
            if full:
                next_rescan = time.monotonic() + RESCAN_INTERVAL
            self._refresh(full=full)

    def _run_inotify(self) -> None:
        from watchfiles import watch

        next_rescan = time.monotonic() + RESCAN_INTERVAL
        for events in watch(
            self.path,
            stop_event=self.stop_event,
            debounce=150,
            step=30,
            rust_timeout=1000,
            yield_on_timeout=True,
            watch_filter=None,
            raise_interrupt=False,
        ):
            if self.stop_event.is_set():
                return
            full = time.monotonic() >= next_rescan
            if full:
                next_rescan = time.monotonic() + RESCAN_INTERVAL
            if events or full:
                self._refresh(full=full)
