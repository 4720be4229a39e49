"""Backing up a whole board folder to one archive, and restoring it, checked file by file.

A backup is a `.tar.gz` (default) or `.zip` holding the board's files under `board/` and a manifest
`huddle-backup.json` (format, version, time, file list with size and SHA-256). Sync tools' temp and
partial files, the store's own temp files and sync tools' version folders are left out. Each file is read
once; the bytes that are hashed are the bytes archived. The store replaces files atomically, so every
file in the archive is a whole version of it (files are not a snapshot of one instant, and need not be:
the store merges versions idempotently).

Restoring refuses anything that is not exactly what the manifest lists: a member outside `board/`, an
absolute path, `..`, a link or device, a file whose size or checksum differs, a missing or extra file. It
extracts into a temp folder beside the target and renames it into place; a board that was there (only
with `force`) is kept beside it as `<name>.before-restore-<time>` rather than deleted. An existing empty
folder (say a share mounted again, empty) is filled in place instead, since a mount point cannot be
renamed: the files go to a hidden temp folder inside it, then each top-level entry is renamed into
place, `replicas/` last.

The board folder is the trust boundary (docs/store.md): these functions need no role, only file access.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import stat
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from huddle_tui.errors import BoardUnavailable, InvalidInput

MANIFEST = "huddle-backup.json"
FORMAT = "huddle-backup"
VERSION = 1
PREFIX = "board/"
MAX_TOTAL_BYTES = 8 * 1024**3  # refuse archives claiming more (a zip bomb is not a board)
MAX_FILES = 200_000
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
# Kept in the target folder across a restore: the sync tool's own markers, not board data.
SYNC_MARKERS = frozenset({".stfolder", ".stignore", ".sync", ".nextcloudsync.log"})
_SKIP_DIRS = frozenset({".stversions", ".dropbox.cache", ".sync", ".stfolder", ".Trash", ".SyncArchive"})
_TEMP_SUFFIXES = (
    ".tmp",
    ".part",
    ".partial",
    ".crdownload",
    ".download",
    ".!sync",
    ".swp",
    "~",
    ".huddle-tmp",
)
_TEMP_PREFIXES = (".syncthing.", "~syncthing~", ".~lock", "~$")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BackupResult:
    """Where the backup went and what it holds."""

    path: Path
    files: int
    bytes: int


@dataclass(frozen=True)
class RestoreResult:
    """What a restore wrote, and where the board it replaced was kept (None when there was none)."""

    board: Path
    files: int
    bytes: int
    kept: Path | None


def is_sync_temp(name: str) -> bool:
    """Sync tools' and the store's temp or partial files, which a backup leaves out."""
    return name.startswith(_TEMP_PREFIXES) or name.endswith(_TEMP_SUFFIXES)


def board_files(board: Path) -> Iterator[tuple[str, Path]]:
    """(relative POSIX path, path) of every regular file a backup holds, in a stable order.

    Symbolic links are not followed and not archived: a board folder holds none of its own.
    """
    for root, dirs, files in os.walk(board, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            path = Path(root) / name
            if is_sync_temp(name) or not stat.S_ISREG(path.lstat().st_mode):
                continue
            yield path.relative_to(board).as_posix(), path


def default_name(now: datetime) -> str:
    return f"huddle-backup-{now.astimezone(UTC):%Y%m%d-%H%M%S}.tar.gz"


def _archive_kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".zip"):
        return "zip"
    if name.endswith((".tar.gz", ".tgz")):
        return "tar"
    raise InvalidInput(
        f"'{path.name}' is neither a .tar.gz nor a .zip name.", hint="end --out in .tar.gz or .zip"
    )


def require_board(board: Path) -> None:
    """A folder that holds a board (`replicas/`), else BoardUnavailable with the way forward."""
    if not (board / "replicas").is_dir():
        raise BoardUnavailable(
            f"No board at {board}.",
            hint="point --board or HUDDLE_BOARD at a board folder (one with a replicas/ folder)",
        )


def create_backup(
    board: Path, out: Path | None, *, now: datetime, progress: Progress | None = None
) -> BackupResult:
    """Write a backup of `board` to `out` (a file name, or a folder to put the default name in)."""
    require_board(board)
    target = out if out is not None else Path(default_name(now))
    if target.is_dir():
        target = target / default_name(now)
    kind = _archive_kind(target)
    if not target.parent.is_dir():
        raise InvalidInput(f"No folder {target.parent} to write the backup into.", hint="create it first")
    if target.resolve().is_relative_to(board.resolve()):
        raise InvalidInput("The backup cannot go inside the board folder it backs up.", hint="use --out")
    listed = list(board_files(board))
    entries: list[dict[str, Any]] = []
    partial = target.with_name(f".{target.name}.partial")
    total = 0
    try:
        with _writer(partial, kind) as add:
            for done, (rel, path) in enumerate(listed, 1):
                try:
                    data = path.read_bytes()
                except FileNotFoundError:  # replaced or moved aside while we read: its merge lives on
                    continue
                entries.append({"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
                add(PREFIX + rel, data)
                total += len(data)
                if progress:
                    progress(done, len(listed))
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created": now.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
                "board": board.name,
                "files": entries,
            }
            add(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise BoardUnavailable(
            f"Could not write the backup {target}: {err.strerror or err}.",
            hint="check that the folder is writable and the disk is not full",
        ) from err
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(target, len(entries), total)


class _writer:
    """Context manager giving `add(name, data)` for a new tar.gz or zip archive at `path`."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path, self.kind = path, kind
        self._tar: tarfile.TarFile | None = None
        self._zip: zipfile.ZipFile | None = None

    def __enter__(self) -> Callable[[str, bytes], None]:
        if self.kind == "zip":
            self._zip = zipfile.ZipFile(self.path, "w", compression=zipfile.ZIP_DEFLATED)
        else:
            self._tar = tarfile.open(self.path, "w:gz")
        return self.add

    def add(self, name: str, data: bytes) -> None:
        if self._zip is not None:
            zinfo = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zinfo.external_attr = (stat.S_IFREG | 0o644) << 16
            zinfo.compress_type = zipfile.ZIP_DEFLATED
            self._zip.writestr(zinfo, data)
            return
        assert self._tar is not None
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = 0o644
        info.mtime = 0
        self._tar.addfile(info, io.BytesIO(data))

    def __exit__(self, *exc: object) -> None:
        if self._zip is not None:
            self._zip.close()
        if self._tar is not None:
            self._tar.close()


# --- reading an archive --------------------------------------------------------------------------------


def _refuse(archive: Path, why: str) -> InvalidInput:
    return InvalidInput(f"{archive.name} cannot be restored: {why}.", hint="nothing was changed")


def _safe_member(archive: Path, name: str) -> str:
    """The board-relative path of archive member `name`, or InvalidInput for anything unsafe."""
    if "\\" in name or "\x00" in name or "//" in name or name.endswith("/"):
        raise _refuse(archive, f"the entry '{name}' has a backslash or NUL in its name")
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
        raise _refuse(archive, f"the entry '{name}' points outside the board folder")
    if not name.startswith(PREFIX) or len(pure.parts) < 2:
        raise _refuse(archive, f"the entry '{name}' is not part of a huddle backup")
    rel = PurePosixPath(*pure.parts[1:])
    if any(part in ("", ".") for part in rel.parts):
        raise _refuse(archive, f"the entry '{name}' has an odd path")
    return rel.as_posix()


class _Reader:
    """The members of a tar or zip archive as (name, kind, size, read) after checking each header."""

    def __init__(self, archive: Path) -> None:
        self.archive = archive
        try:
            if zipfile.is_zipfile(archive):
                self._zip: zipfile.ZipFile | None = zipfile.ZipFile(archive)
                self._tar: tarfile.TarFile | None = None
            else:
                self._zip = None
                self._tar = tarfile.open(archive, "r:*")  # noqa: SIM115 - closed by close()
        except FileNotFoundError as err:
            raise InvalidInput(f"No file {archive}.", hint="check the path") from err
        except IsADirectoryError as err:
            raise InvalidInput(f"{archive} is a folder, not a backup file.") from err
        except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as err:
            raise _refuse(archive, "it is not a .tar.gz or .zip backup (or it is damaged)") from err

    def members(self) -> dict[str, tuple[int, Callable[[int], bytes]]]:
        """{name: (size, read(limit))} for every member; links, devices and duplicates are refused."""
        out: dict[str, tuple[int, Callable[[int], bytes]]] = {}
        try:
            if self._zip is not None:
                for info in self._zip.infolist():
                    mode = info.external_attr >> 16
                    if info.is_dir():
                        continue
                    if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: no type recorded
                        raise _refuse(self.archive, f"the entry '{info.filename}' is a link or special file")
                    self._add(out, info.filename, info.file_size, self._zip_reader(info))
            else:
                assert self._tar is not None
                for member in self._tar.getmembers():
                    if member.isdir():
                        continue
                    if not member.isfile():
                        raise _refuse(self.archive, f"the entry '{member.name}' is a link or special file")
                    self._add(out, member.name, member.size, self._tar_reader(member))
        except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as err:
            raise _refuse(self.archive, "it is damaged") from err
        return out

    def _add(self, out: dict[str, Any], name: str, size: int, read: Callable[[int], bytes]) -> None:
        if name in out:
            raise _refuse(self.archive, f"the entry '{name}' appears twice")
        if len(out) >= MAX_FILES:
            raise _refuse(self.archive, f"it holds more than {MAX_FILES} files")
        out[name] = (size, read)

    def _zip_reader(self, info: zipfile.ZipInfo) -> Callable[[int], bytes]:
        def read(limit: int) -> bytes:
            assert self._zip is not None
            with self._zip.open(info) as fh:
                return fh.read(limit + 1)

        return read

    def _tar_reader(self, member: tarfile.TarInfo) -> Callable[[int], bytes]:
        def read(limit: int) -> bytes:
            assert self._tar is not None
            fh = self._tar.extractfile(member)
            return fh.read(limit + 1) if fh is not None else b""

        return read

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        if self._tar is not None:
            self._tar.close()


def read_backup(archive: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and {board-relative path: bytes} of a backup, every file checked against the
    manifest (sizes, SHA-256, nothing missing, nothing extra, nothing unsafe), else InvalidInput."""
    reader = _Reader(archive)
    try:
        members = reader.members()
        if MANIFEST not in members:
            raise _refuse(archive, f"it has no {MANIFEST} (it is not a huddle backup)")
        size, read = members.pop(MANIFEST)
        if size > MAX_MANIFEST_BYTES:
            raise _refuse(archive, f"its {MANIFEST} is too large")
        try:
            manifest = json.loads(read(size))
        except (ValueError, UnicodeDecodeError) as err:
            raise _refuse(archive, f"its {MANIFEST} is not valid JSON") from err
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _refuse(archive, "it is not a huddle backup")
        if manifest.get("version") != VERSION:
            raise _refuse(archive, f"it is backup format version {manifest.get('version')!r}, not {VERSION}")
        listed = manifest.get("files")
        if not isinstance(listed, list):
            raise _refuse(archive, "its manifest lists no files")
        expected: dict[str, tuple[int, str]] = {}
        for item in listed:
            if not (
                isinstance(item, dict)
                and isinstance(item.get("path"), str)
                and isinstance(item.get("size"), int)
                and isinstance(item.get("sha256"), str)
            ):
                raise _refuse(archive, "its manifest has a malformed entry")
            rel = _safe_member(archive, PREFIX + item["path"])
            if rel in expected:
                raise _refuse(archive, f"its manifest lists {rel} twice")
            expected[rel] = (item["size"], item["sha256"])
        if sum(size for size, _ in expected.values()) > MAX_TOTAL_BYTES:
            raise _refuse(archive, "it claims to hold more than 8 GB")
        found = {_safe_member(archive, name): value for name, value in members.items()}
        extra = sorted(set(found) - set(expected))
        missing = sorted(set(expected) - set(found))
        if extra:
            raise _refuse(archive, f"it holds {extra[0]}, which its manifest does not list")
        if missing:
            raise _refuse(archive, f"{missing[0]} is missing from it")
        files: dict[str, bytes] = {}
        for rel, (want_size, want_hash) in expected.items():
            data = found[rel][1](want_size)
            if len(data) != want_size or hashlib.sha256(data).hexdigest() != want_hash:
                raise _refuse(
                    archive, f"{rel} does not match its checksum (the archive was changed or damaged)"
                )
            files[rel] = data
        return manifest, files
    finally:
        reader.close()


# --- restoring -----------------------------------------------------------------------------------------


def _occupied(board: Path) -> bool:
    """True when `board` exists and holds anything besides a sync tool's markers."""
    try:
        return any(entry.name not in SYNC_MARKERS for entry in os.scandir(board))
    except FileNotFoundError:
        return False
    except NotADirectoryError as err:
        raise InvalidInput(f"{board} is a file, not a folder.", hint="choose another --board") from err


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_files(files: dict[str, bytes], root: Path, progress: Progress | None) -> int:
    """Write every restored file under `root` (fsynced); returns the bytes written."""
    total = 0
    for done, (rel, data) in enumerate(sorted(files.items()), 1):
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        with open(dest, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        total += len(data)
        if progress:
            progress(done, len(files))
    return total


def _restore_in_place(files: dict[str, bytes], board: Path, progress: Progress | None) -> int:
    """Restore into an existing empty folder (it may be a mount point, which cannot be renamed): stage
    inside it, then rename each top-level entry into place, `replicas/` last, so the folder becomes a
    board in one step."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=".huddle-restore-", dir=board))
    except OSError as err:
        raise BoardUnavailable(f"Cannot write into {board}: {err.strerror or err}.") from err
    moved: list[Path] = []
    try:
        total = _write_files(files, staging, progress)
        for entry in sorted(staging.iterdir(), key=lambda p: p.name == "replicas"):
            os.rename(entry, board / entry.name)
            moved.append(board / entry.name)
        staging.rmdir()
        _fsync_dir(board)
        return total
    except OSError as err:
        for path in moved:
            shutil.rmtree(path, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise BoardUnavailable(
            f"Could not restore into {board}: {err.strerror or err}.",
            hint="check that the folder is writable and the disk is not full; the folder is as it was",
        ) from err


def restore_backup(
    archive: Path, board: Path, *, force: bool = False, now: datetime, progress: Progress | None = None
) -> RestoreResult:
    """Restore `archive` into `board` (see the module docstring); returns what was written."""
    _manifest, files = read_backup(archive)  # everything is checked before anything is written
    occupied = _occupied(board)
    if occupied and not force:
        raise InvalidInput(
            f"{board} already holds a board (or other files); restoring would replace it.",
            hint="restore into an empty or new folder with --board DIR, or add --force to replace it "
            "(the old folder is kept beside it)",
        )
    if board.is_dir() and not occupied:
        total = _restore_in_place(files, board, progress)  # an empty folder, maybe a mount point
        return RestoreResult(board, len(files), total, None)
    parent = board.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{board.name}.restore-", dir=parent))
    except OSError as err:
        raise BoardUnavailable(f"Cannot write beside {board}: {err.strerror or err}.") from err
    kept: Path | None = None
    try:
        total = _write_files(files, staging, progress)
        if board.exists():
            for marker in SYNC_MARKERS:
                src = board / marker
                if src.is_dir() and not src.is_symlink():
                    shutil.copytree(src, staging / marker, dirs_exist_ok=True)
                elif src.is_file() and not src.is_symlink():
                    shutil.copy2(src, staging / marker)
            kept = board.with_name(f"{board.name}.before-restore-{now.astimezone(UTC):%Y%m%d-%H%M%S}")
            os.rename(board, kept)
        try:
            os.rename(staging, board)
        except OSError:
            if kept is not None:
                os.rename(kept, board)
                kept = None
            raise
        _fsync_dir(parent)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise BoardUnavailable(
            f"Could not restore into {board}: {err.strerror or err}.",
            hint="check that the folder is writable and the disk is not full; the board is as it was",
        ) from err
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return RestoreResult(board, len(files), total, kept)
