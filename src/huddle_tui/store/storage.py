"""The on-disk format of one replica file, and the TinyDB storage that reads and writes it safely.

A replica file holds the latest version, written by that replica, of every field of every record of
one kind (and partition). Field versions are grouped by the write that made them, so a record written
once costs one small list:

    {"huddle_store": 1, "replica": "<id>", "kind": "idea", "partition": null,
     "clock": [wall, counter], "written": <ms>, "seq": <n>,
     "records": {"<record id>": {"w": [[wall, counter, actor, {field: value}, {field: parent} | null]]}}}

The stamp of a write is (wall, counter, file replica); a parent is the stamp `[wall, counter, replica]`
of the version the writer saw when it wrote (absent when it saw none).

Writes never touch the live file in place: serialize (orjson, NaN/Infinity refused), write a hidden temp
file beside it, fsync, os.replace, fsync the directory. Reads reopen the file every time; TinyDB sees one
table, `records`, whose document ids are the record ids (strings, never TinyDB's integers).
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from huddle_tui.errors import BoardUnavailable, InvalidInput
from huddle_tui.store.validate import _ID_RE, _KIND_RE, MAX_FILE_BYTES

FORMAT_VERSION = 1
TABLE = "records"
TEMP_SUFFIX = ".huddle-tmp"

RawRecord = dict[str, Any]  # {"w": [[wall, counter, actor, {field: value}, {field: parent} | None], ...]}


class CorruptFile(Exception):
    """A file that cannot be used: the message says why (shown by `huddle doctor`)."""


@dataclass(slots=True)
class FileData:
    """The parsed content of one replica file."""

    replica: str
    kind: str
    partition: str | None
    records: dict[str, RawRecord]
    clock: tuple[int, int] = (0, 0)
    written: int = 0
    seq: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _is_stamp(value: Any) -> bool:
    return (
        type(value) is list
        and len(value) == 3
        and type(value[0]) is int
        and type(value[1]) is int
        and type(value[2]) is str
    )


def parse_bytes(raw: bytes) -> FileData:
    """Parse and check a replica file; raise CorruptFile (with a reason) for anything unusable."""
    if not raw:
        raise CorruptFile("empty file")
    if len(raw) > MAX_FILE_BYTES:
        raise CorruptFile(f"file too large ({len(raw):,} bytes)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise CorruptFile("starts with a byte-order mark (edited by hand?)")
    if raw[:1] == b"\x00":
        raise CorruptFile("zero-filled (interrupted write or sync)")
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        raise CorruptFile(f"not valid JSON (truncated or damaged: {err})") from None
    if type(doc) is not dict or doc.get("huddle_store") != FORMAT_VERSION:
        raise CorruptFile("not a huddle store file (wrong schema)")
    replica, kind, partition = doc.get("replica"), doc.get("kind"), doc.get("partition")
    records = doc.get("records")
    if (
        type(replica) is not str
        or not _ID_RE.fullmatch(replica)
        or type(kind) is not str
        or not _KIND_RE.fullmatch(kind)
        or (partition is not None and (type(partition) is not str or not _ID_RE.fullmatch(partition)))
        or type(records) is not dict
    ):
        raise CorruptFile("wrong schema (header)")
    mw = mc = 0
    for rid, rec in records.items():
        writes = rec.get("w") if type(rec) is dict else None
        if type(writes) is not list or not writes or not rid:
            raise CorruptFile(f"wrong schema (record {rid[:40]!r})")
        for write in writes:
            if type(write) is not list or len(write) != 5:
                raise CorruptFile(f"wrong schema (record {rid[:40]!r})")
            w, c, actor, values, parents = write
            if type(w) is not int or type(c) is not int or type(actor) is not str or type(values) is not dict:
                raise CorruptFile(f"wrong schema (record {rid[:40]!r})")
            if parents is not None and (
                type(parents) is not dict or not all(_is_stamp(p) for p in parents.values())
            ):
                raise CorruptFile(f"wrong schema (record {rid[:40]!r})")
            if w > mw or (w == mw and c > mc):
                mw, mc = w, c
    written, seq = doc.get("written", 0), doc.get("seq", 0)
    return FileData(
        replica=replica,
        kind=kind,
        partition=partition,
        records=records,
        clock=(mw, mc),
        written=written if type(written) is int else 0,
        seq=seq if type(seq) is int else 0,
    )


def read_file(path: Path) -> tuple[FileData, bytes]:
    """Read and parse `path` (raises FileNotFoundError, CorruptFile, or OSError)."""
    return parse_bytes(raw := read_bytes(path)), raw


def read_bytes(path: Path) -> bytes:
    """The content of `path`, at most MAX_FILE_BYTES + 1 bytes (enough for parse_bytes to refuse it).

    Asks for the size the file has (plus one byte, to see it grow): `read(MAX_FILE_BYTES + 1)` reserves
    512 MB for every file, and the pages of each read are then fresh memory, dear on a full history."""
    limit = MAX_FILE_BYTES + 1
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        raw = fh.read(min(size + 1, limit))
        if size < len(raw) < limit:  # it grew meanwhile: read on, a piece at a time
            pieces, got = [raw], len(raw)
            while got < limit and (piece := fh.read(min(1 << 20, limit - got))):
                pieces.append(piece)
                got += len(piece)
            raw = b"".join(pieces)
    return raw


def _refuse_non_finite(value: Any) -> None:
    if type(value) is float:
        if not math.isfinite(value):
            raise InvalidInput(f"{value} is not a number that can be stored", hint="enter a finite number")
    elif type(value) is list:
        for item in value:
            _refuse_non_finite(item)
    elif type(value) is dict:
        for item in value.values():
            _refuse_non_finite(item)


def serialize(data: FileData, unchanged: Mapping[str, Any] | None = None) -> bytes:
    """Serialize a replica file; refuses NaN/Infinity (orjson would write them as null).

    Records that are the very objects found in `unchanged` (parsed from the file, so finite) are not
    walked again.
    """
    unchanged = unchanged or {}
    for rid, rec in data.records.items():
        if unchanged.get(rid) is not rec:
            for write in rec["w"]:
                _refuse_non_finite(write[3])
    doc = {
        "huddle_store": FORMAT_VERSION,
        "replica": data.replica,
        "kind": data.kind,
        "partition": data.partition,
        "clock": list(data.clock),
        "written": data.written,
        "seq": data.seq,
        "records": data.records,
    }
    return orjson.dumps(doc)


def record_size(record: RawRecord) -> int:
    """Serialized size of one record in bytes."""
    return len(orjson.dumps(record))


def fsync_dir(path: Path) -> None:
    """fsync a directory so a rename inside it is durable (ignored where directories cannot be opened)."""
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


def temp_name(path: Path) -> Path:
    """Hidden temp file beside `path`; sync tools and the reader ignore hidden files."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def atomic_write(path: Path, raw: bytes, *, durable: bool = True) -> None:
    """Write `raw` to `path` through a hidden temp file, fsync and os.replace (raises OSError)."""
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        try:
            view = memoryview(raw)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


_HINTS = {
    errno.ENOSPC: ("the disk holding the board is full", "free some space, then try again"),
    errno.EDQUOT: ("the disk quota for the board folder is used up", "free some space, then try again"),
    errno.EROFS: (
        "the board folder is on a read-only file system",
        "remount it read-write or use another folder",
    ),
    errno.EACCES: ("no permission to write in the board folder", "ask for write access to the folder"),
    errno.EPERM: ("no permission to write in the board folder", "ask for write access to the folder"),
}


def unavailable(err: OSError, path: Path | str, action: str = "write") -> BoardUnavailable:
    """Turn an OSError into a BoardUnavailable with a plain message and a way to fix it."""
    what, hint = _HINTS.get(
        err.errno or 0, (f"cannot {action} {path}: {err.strerror or err}", "check the board folder")
    )
    return BoardUnavailable(f"cannot {action} {path}: {what}; nothing was changed", hint=hint)


class StrIdTable(Table):
    """A TinyDB table whose document ids are the record ids (strings), never generated integers."""

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> Any:
        raise InvalidInput("the store needs an explicit record id for every document")


class ReplicaFileStorage(Storage):
    """TinyDB storage for one replica file: re-read on every read, atomic durable write.

    `header` carries the file's replica, kind and partition; `on_write(file_data)` is called before
    serializing, so the board can stamp `clock`, `written` and `seq`; `after_write(file_data, raw)` after
    the rename (the board keeps its cache and backups from it).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        replica: str,
        kind: str,
        partition: str | None,
        on_write: Callable[[FileData], None] | None = None,
        after_write: Callable[[FileData, bytes], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.header = (replica, kind, partition)
        self.on_write = on_write
        self.after_write = after_write
        self.last_read: FileData | None = None

    def read(self) -> dict[str, Any] | None:
        try:
            data, _raw = read_file(self.path)
        except FileNotFoundError:
            self.last_read = None
            return None
        except OSError as err:
            raise unavailable(err, self.path, "read") from err
        if (data.replica, data.kind, data.partition) != self.header:
            raise CorruptFile("wrong schema (header does not match the file name)")
        self.last_read = data
        return {TABLE: data.records}

    def write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        replica, kind, partition = self.header
        previous = self.last_read
        records: dict[str, RawRecord] = {str(k): v for k, v in data.get(TABLE, {}).items()}
        file_data = FileData(
            replica=replica,
            kind=kind,
            partition=partition,
            records=records,
            clock=previous.clock if previous else (0, 0),
            seq=(previous.seq if previous else 0) + 1,
        )
        if self.on_write is not None:
            self.on_write(file_data)
        raw = serialize(file_data, previous.records if previous else None)
        try:
            atomic_write(self.path, raw)
        except OSError as err:
            raise unavailable(err, self.path) from err
        self.last_read = file_data
        if self.after_write is not None:
            self.after_write(file_data, raw)

    def close(self) -> None:
        pass


class ReplicaFileDB(TinyDB):
    """TinyDB over one replica file with string document ids and the `records` table as default."""

    table_class = StrIdTable
    default_table_name = TABLE
