"""Which files in a board folder are read, which are ignored, and which are conflict copies.

Layout:
    <board>/replicas/<replica-id>/replica.json             who the replica is (host label, user)
    <board>/replicas/<replica-id>/<kind>s.json             records of a kind without partition
    <board>/replicas/<replica-id>/<kind>s-<partition>.json  e.g. readings-2026-11.json
    <board>/.huddle-merged/<replica-id>/<stem>.<hash>.json  conflict copies, merged and moved aside

Hidden files, sync tools' temp and partial files are ignored. Conflict copies (Syncthing, Dropbox,
Nextcloud, OneDrive naming) and any other unexpected `*.json` in a replica folder are merged (their header
says which file they belong to) and then moved to `.huddle-merged/`, which is read as well, so moving a
copy never loses what it held.
"""

from __future__ import annotations

import enum
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from huddle_tui.store.validate import _ID_RE

REPLICAS_DIR = "replicas"
MERGED_DIR = ".huddle-merged"
UNREADABLE_DIR = "unreadable"
REPLICA_META = "replica.json"

_DATA_RE = re.compile(r"(?P<kind>[a-z0-9_]{1,32})s(?:-(?P<part>[A-Za-z0-9_-]{1,64}))?\.json")
_MERGED_RE = re.compile(r"(?P<stem>.+)\.(?P<hash>[0-9a-f]{12})\.json")
_SYNCTHING_RE = re.compile(r"(?P<stem>.+)\.sync-conflict-\d{8}-\d{6}-[A-Za-z0-9]+(?P<ext>\.[^.]*)?")
_COPY_RE = re.compile(r"(?P<stem>.+?) \([^()]*conflicted copy[^()]*\)(?P<ext>\.[^.]*)?", re.IGNORECASE)
_IGNORED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download", ".!sync", ".swp", "~")
_IGNORED_PREFIXES = (".", "~syncthing~", "~$", ".~lock")
_IGNORED_NAMES = frozenset({"desktop.ini", "Thumbs.db", "Icon\r"})


class Role(enum.Enum):
    """What a file in a replica folder is."""

    DATA = "data"  # a replica's own file, named after its kind and partition
    CONFLICT = "conflict"  # a sync tool's conflict copy, or any other unexpected *.json
    META = "meta"  # replica.json
    IGNORED = "ignored"  # hidden, temporary, partial, or not JSON


@dataclass(frozen=True, slots=True)
class Entry:
    """A classified file: its role, and for data files the kind and partition from its name."""

    path: Path
    replica: str
    role: Role
    kind: str | None = None
    partition: str | None = None


def data_file_name(kind: str, partition: str | None) -> str:
    """`idea` -> `ideas.json`; `reading`, `2026-11` -> `readings-2026-11.json`."""
    return f"{kind}s.json" if partition is None else f"{kind}s-{partition}.json"


def parse_data_name(name: str) -> tuple[str, str | None] | None:
    """The (kind, partition) a data file name stands for, or None."""
    match = _DATA_RE.fullmatch(name)
    if match is None:
        return None
    return match["kind"], match["part"]


def is_ignored(name: str) -> bool:
    """Hidden files, sync tools' temp/partial files and anything that is not JSON."""
    if name in _IGNORED_NAMES or name.startswith(_IGNORED_PREFIXES) or name.endswith(_IGNORED_SUFFIXES):
        return True
    return not name.lower().endswith(".json")


def conflict_base(name: str) -> str | None:
    """The file a Syncthing/Dropbox/Nextcloud conflict copy belongs to (by name), or None."""
    for pattern in (_SYNCTHING_RE, _COPY_RE):
        match = pattern.fullmatch(name)
        if match:
            return match["stem"] + (match["ext"] or "")
    return None


def _onedrive_base(name: str, siblings: set[str] | frozenset[str]) -> str | None:
    """OneDrive names a conflict copy `name-HOST.ext`; a host name has a letter, a month partition not."""
    stem = name[:-5]
    while "-" in stem:
        stem, suffix = stem.rsplit("-", 1)
        if stem + ".json" in siblings and any(ch.isalpha() for ch in suffix):
            return stem + ".json"
    return None


def classify(name: str, siblings: set[str] | frozenset[str]) -> tuple[Role, str | None, str | None]:
    """Role of a file in a replica folder, with (kind, partition) for data files."""
    if name == REPLICA_META:
        return Role.META, None, None
    if is_ignored(name):
        return Role.IGNORED, None, None
    if conflict_base(name) is not None:
        return Role.CONFLICT, None, None
    parsed = parse_data_name(name)
    if parsed is None or _onedrive_base(name, siblings) is not None:
        return Role.CONFLICT, None, None
    return Role.DATA, parsed[0], parsed[1]


_SCAN_MEMO: dict[Path, tuple[frozenset[str], list[Entry]]] = {}


def scan_replica(folder: Path, replica: str) -> list[Entry]:
    """Classify every file directly inside one replica folder (memoized while its listing is unchanged)."""
    try:
        names = frozenset(e.name for e in os.scandir(folder) if e.is_file(follow_symlinks=False))
    except (FileNotFoundError, NotADirectoryError):
        return []
    memo = _SCAN_MEMO.get(folder)
    if memo is not None and memo[0] == names:
        return memo[1]
    entries = []
    for name in sorted(names):
        role, kind, partition = classify(name, names)
        entries.append(Entry(folder / name, replica, role, kind, partition))
    if len(_SCAN_MEMO) > 4096:
        _SCAN_MEMO.clear()
    _SCAN_MEMO[folder] = (names, entries)
    return entries


def replica_folders(board: Path) -> list[tuple[str, Path]]:
    """(replica id, folder) for every replica folder of the board (hidden and odd names skipped)."""
    root = board / REPLICAS_DIR
    try:
        items = [(e.name, Path(e.path)) for e in os.scandir(root) if e.is_dir(follow_symlinks=False)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted((name, path) for name, path in items if _ID_RE.fullmatch(name))


def scan_merged(board: Path) -> list[Entry]:
    """Moved-aside conflict copies: `.huddle-merged/<replica>/<stem>.<hash>.json` (read like data files)."""
    root = board / MERGED_DIR
    out: list[Entry] = []
    try:
        folders = [
            e for e in os.scandir(root) if e.is_dir(follow_symlinks=False) and _ID_RE.fullmatch(e.name)
        ]
    except (FileNotFoundError, NotADirectoryError):
        return out
    for folder in folders:
        try:
            names = [e.name for e in os.scandir(folder.path) if e.is_file(follow_symlinks=False)]
        except OSError:
            continue
        for name in names:
            match = _MERGED_RE.fullmatch(name)
            parsed = parse_data_name(match["stem"] + ".json") if match else None
            if parsed is not None:
                out.append(Entry(Path(folder.path) / name, folder.name, Role.DATA, parsed[0], parsed[1]))
    return out


def merged_copy_path(board: Path, replica: str, kind: str, partition: str | None, raw: bytes) -> Path:
    """Where a merged conflict copy is kept: named after the file it belongs to and its content hash."""
    stem = data_file_name(kind, partition)[:-5]
    digest = hashlib.sha256(raw).hexdigest()[:12]
    return board / MERGED_DIR / replica / f"{stem}.{digest}.json"


def unreadable_copy_path(board: Path, replica: str, name: str) -> Path:
    """Where an unreadable conflict copy is put aside (not read again)."""
    return board / MERGED_DIR / replica / UNREADABLE_DIR / name
