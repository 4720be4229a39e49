"""Local snapshots of what a screen last showed, so the app can draw it before the board has opened.

Opening a plant-size board (merging every replica's files) takes a few hundred milliseconds; the home
board a person saw when they last closed the app takes a couple. The app draws that snapshot first,
marked as opening, and replaces it with the live board as soon as the board has opened (ui/start.py).

A snapshot is a cache, never data: nothing is written to the board from it, and every problem (missing,
unreadable, written by another version, of another shape) simply means "no snapshot". It lives in the
board's local state folder, beside the replica state and outside the synced folder:

    boards/<hash>/views/<name>.pickle     (name: a hash of who opened which view)

Only classes of huddle_tui and of the standard library's date, time and collection types are unpickled
(`_Unpickler.find_class`), so a planted file cannot run code. `fingerprint` ties a snapshot to the
shape of the classes it holds: a snapshot of other fields is ignored rather than misread.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from huddle_tui import __version__
from huddle_tui.store.paths import board_state_dir

SCHEMA = 1
SUFFIX = ".pickle"
MAX_BYTES = 8 * 1024 * 1024  # a snapshot bigger than this is not a view anyone wants drawn first

# module -> names that may be unpickled, besides every class of huddle_tui itself
_STANDARD: dict[str, frozenset[str]] = {
    "datetime": frozenset({"date", "datetime", "time", "timedelta", "timezone"}),
    "zoneinfo": frozenset({"ZoneInfo"}),
    "zoneinfo._zoneinfo": frozenset({"ZoneInfo"}),
    "builtins": frozenset({"set", "frozenset", "tuple", "list", "dict", "str", "int", "float", "bool"}),
    "collections": frozenset({"OrderedDict"}),
}


def _zoneinfo_unpickle(owner: Any, name: str) -> Any:
    """`getattr` as a pickled ZoneInfo uses it (`ZoneInfo._unpickle`), and for nothing else."""
    if owner is ZoneInfo and name == "_unpickle":
        return ZoneInfo._unpickle  # type: ignore[attr-defined]
    raise pickle.UnpicklingError(f"refusing getattr of {owner!r}.{name}")


class _Unpickler(pickle.Unpickler):
    """Unpickles only huddle_tui's own classes and plain standard types (a time zone among them)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _zoneinfo_unpickle
        if module == "huddle_tui" or module.startswith("huddle_tui."):
            if name.startswith("_") or "." in name:
                raise pickle.UnpicklingError(f"refusing {module}.{name}")
            value = super().find_class(module, name)
            if not isinstance(value, type):
                raise pickle.UnpicklingError(f"refusing {module}.{name}: not a class")
            return value
        if name in _STANDARD.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing {module}.{name}")


def snapshot_name(*parts: object) -> str:
    """A file name for the view keyed by `parts` (who opened what), safe on every file system."""
    key = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def fingerprint(classes: Iterable[type]) -> str:
    """The shape (dataclass field names) of `classes`: a snapshot saved with another shape is ignored."""
    shape = []
    for cls in classes:
        names = [f.name for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else []
        shape.append(f"{cls.__module__}.{cls.__qualname__}({','.join(names)})")
    return hashlib.sha256("|".join(shape).encode()).hexdigest()[:16]


def snapshot_path(board: Path, name: str, root: Path | None = None) -> Path:
    """Where the snapshot `name` of the board at `board` lives."""
    return board_state_dir(board, root) / "views" / f"{name}{SUFFIX}"


def save_snapshot(board: Path, name: str, shape: str, payload: Any, root: Path | None = None) -> bool:
    """Keep `payload` as the snapshot `name` (atomically replaced); False when it could not be written.

    Best effort and not fsynced: losing a snapshot only costs the next start its head start."""
    return save_pickle(snapshot_path(board, name, root), (SCHEMA, __version__, shape, payload), MAX_BYTES)


def save_pickle(path: Path, value: Any, max_bytes: int) -> bool:
    """Pickle `value` to `path`, atomically replaced, unless it is over `max_bytes`; False when it
    was not written. A cache write: best effort, not fsynced."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        raw = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(raw) > max_bytes:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(raw)
        os.replace(temp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        with contextlib.suppress(OSError):
            temp.unlink()
        return False
    return True


def load_pickle(
    path: Path, unpickler: type[pickle.Unpickler], max_bytes: int, length: int
) -> tuple[Any, ...] | None:
    """The tuple of `length` items `save_pickle` wrote to `path`, read with `unpickler`; None when the
    file is missing, over `max_bytes`, unreadable, truncated, refused or of another layout."""
    try:
        if path.stat().st_size > max_bytes:
            return None
        value = unpickler(io.BytesIO(path.read_bytes())).load()
    except Exception:
        return None
    return value if isinstance(value, tuple) and len(value) == length else None


def load_snapshot(board: Path, name: str, shape: str, root: Path | None = None) -> Any | None:
    """The payload of the snapshot `name` saved with the same `shape` and version, else None."""
    try:
        path = snapshot_path(board, name, root)
    except (OSError, RuntimeError):  # a board path that cannot be resolved (a symlink loop, say)
        return None
    saved = load_pickle(path, _Unpickler, MAX_BYTES, 4)
    if saved is None or saved[:3] != (SCHEMA, __version__, shape):
        return None
    return saved[3]
