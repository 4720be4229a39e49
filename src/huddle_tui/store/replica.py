"""This replica's identity and its local state, kept outside the synced board folder.

State lives in `platformdirs.user_state_dir("huddle_tui")` (which honours XDG_STATE_HOME), one folder per
board keyed by a hash of the board's resolved path:

    boards/<hash>/replica.json   {"replica": id, "host": label, "user": name, "board": path, "created": iso}
    boards/<hash>/write.lock     serializes writers of this replica on this host
    boards/<hash>/backups/       ring of the last good versions of this replica's own files
    boards/<hash>/cache/         last good copy of every other replica's file that was read

A stored host label or machine id different from the current one means the state was copied (a cloned
machine, a home folder shared on NFS, a restored disk image): the replica takes a new id, so two machines
never write the same replica folder, and their concurrent edits are flagged as conflicts. The machine id
(`/etc/machine-id` on Linux) tells apart clones that kept the host name; state written before it was
recorded is matched on the host name alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import socket
from dataclasses import dataclass
from pathlib import Path

import orjson
from filelock import FileLock

from huddle_tui.store.ids import new_replica_id
from huddle_tui.store.paths import board_state_dir
from huddle_tui.store.storage import CorruptFile, FileData, atomic_write, parse_bytes, unavailable

BACKUP_RING = 5


def host_label() -> str:
    """The current machine's name."""
    return socket.gethostname() or "unknown-host"


MACHINE_ID_FILES = ("/etc/machine-id", "/var/lib/dbus/machine-id")


def machine_label() -> str:
    """This machine's id (systemd's machine-id), or "" where there is none."""
    for name in MACHINE_ID_FILES:
        try:
            text = Path(name).read_text(encoding="ascii", errors="replace").strip()
        except OSError:
            continue
        if text:
            return text[:64]
    return ""


def user_name() -> str:
    """The current OS login name."""
    try:
        return getpass.getuser()
    except Exception:
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


@dataclass(frozen=True, slots=True)
class ReplicaIdentity:
    """Who this replica is."""

    replica_id: str
    host: str
    user: str
    created: str


class LocalState:
    """The state folder of one board for this user: identity, lock, backup ring, foreign-file cache."""

    def __init__(self, board: Path, root: Path | None = None) -> None:
        self.board = board
        self.dir = board_state_dir(board, root)
        self.backups = self.dir / "backups"
        self.cache = self.dir / "cache"
        try:
            self.backups.mkdir(parents=True, exist_ok=True)
            self.cache.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise unavailable(err, self.dir, "create the local state folder") from err
        self.lock = FileLock(str(self.dir / "write.lock"))

    def identity(self) -> ReplicaIdentity:
        """Load this replica's identity, creating a new one when missing or made on another host."""
        path = self.dir / "replica.json"
        host, user, machine = host_label(), user_name(), machine_label()
        with self.lock:
            try:
                doc = orjson.loads(path.read_bytes())
                same_machine = doc.get("machine", machine) == machine  # older state: no machine id
                if doc.get("host") == host and same_machine and isinstance(doc.get("replica"), str):
                    return ReplicaIdentity(
                        doc["replica"], host, doc.get("user", user), doc.get("created", "")
                    )
            except (OSError, orjson.JSONDecodeError, AttributeError):
                pass
            created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            ident = ReplicaIdentity(new_replica_id(), host, user, created)
            doc = {"replica": ident.replica_id, "host": host, "user": user, "created": created}
            doc["machine"] = machine
            doc["board"] = str(self.board.resolve())
            try:
                atomic_write(path, orjson.dumps(doc, option=orjson.OPT_INDENT_2))
            except OSError as err:
                raise unavailable(err, path, "save the replica identity") from err
            return ident

    # -- backup ring of this replica's own files -------------------------------------------------------
    def save_backup(self, name: str, data: FileData, raw: bytes) -> None:
        """Keep `raw` (a good version of own file `name`) in the ring; best effort, not fsynced."""
        slot = data.seq % BACKUP_RING
        with contextlib.suppress(OSError), open(self.backups / f"{name}.{slot}", "wb") as fh:
            fh.write(raw)  # a torn slot is harmless: restoring takes the newest slot that parses

    def best_backup(self, name: str) -> tuple[FileData, bytes] | None:
        """The newest backup of own file `name` that still parses."""
        best: tuple[FileData, bytes] | None = None
        for slot in range(BACKUP_RING):
            try:
                raw = (self.backups / f"{name}.{slot}").read_bytes()
                data = parse_bytes(raw)
            except (OSError, CorruptFile):
                continue
            if best is None or (data.clock, data.seq) > (best[0].clock, best[0].seq):
                best = (data, raw)
        return best

    def latest_backup(self, name: str) -> FileData | None:
        """The most recently written backup of own file `name` (by mtime), if it parses."""
        slots = []
        for slot in range(BACKUP_RING):
            try:
                slots.append(((self.backups / f"{name}.{slot}").stat().st_mtime_ns, slot))
            except OSError:
                continue
        for _mtime, slot in sorted(slots, reverse=True):
            try:
                return parse_bytes((self.backups / f"{name}.{slot}").read_bytes())
            except (OSError, CorruptFile):
                continue
        return None

    # -- last good copy of other replicas' files ---------------------------------------------------------
    def _cache_path(self, replica: str, name: str) -> Path:
        return self.cache / replica / name

    def save_cached(self, replica: str, name: str, raw: bytes, mtime_ns: int) -> None:
        """Remember the last good content of another replica's file (unless already kept); best effort."""
        path = self._cache_path(replica, name)
        try:
            st = path.stat()
            if st.st_size == len(raw) and st.st_mtime_ns == mtime_ns:
                return
        except OSError:
            pass
        try:
            path.parent.mkdir(exist_ok=True)
            atomic_write(path, raw, durable=False)
            os.utime(path, ns=(mtime_ns, mtime_ns))
        except OSError:
            pass

    def load_cached(self, replica: str, name: str) -> tuple[FileData, bytes] | None:
        """The last good copy of another replica's file, if one was kept and still parses."""
        try:
            raw = self._cache_path(replica, name).read_bytes()
            return parse_bytes(raw), raw
        except (OSError, CorruptFile):
            return None
