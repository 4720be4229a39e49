"""Writing the records of one kind, in this process or, for a long history, shared with a forked child.

`_write_kind` decides; `_share_with` (this process) and `_child_work` (the child) are the two sides of the
protocol by which the child writes the later half of the groups into the same file. `_FORMATS` holds,
per format, how groups are encoded. The child process itself and its pipes are in `child`."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from huddle_tui.services.export.child import _Child
from huddle_tui.services.export.common import _kind_partitions
from huddle_tui.services.export.csv_out import _csv_finish, _csv_prepare
from huddle_tui.services.export.json_out import _ITEM_SEP, _json_finish, _json_prepare
from huddle_tui.services.session import Session
from huddle_tui.store.groups import GroupFields

# A kind with at least this many groups (months of readings) is exported by two processes when the caller
# allows it: a forked child reads, encodes and writes the later half of the groups while this process does
# the first half. Parsing the files is most of the work of an export, and it holds the GIL.
PARALLEL_MIN_GROUPS = 8
CHILD_PATIENCE = 30.0  # seconds at least, for each answer of the child

# Per format: prepare (groups -> (prepared, their field names)), finish (prepared, every field name of the
# kind -> encoded chunks, one per non-empty group), and what goes between two chunks.
_FORMATS: dict[
    str, tuple[Callable[[Iterable[GroupFields]], tuple[Any, set[str]]], Callable[..., list[bytes]], bytes]
] = {
    "json": (_json_prepare, _json_finish, _ITEM_SEP),
    "csv": (_csv_prepare, _csv_finish, b""),
}


def _kind_here(
    session: Session, kind: str, fmt: str, partitions: list[str | None]
) -> tuple[list[str], list[bytes]]:
    """(every field name of the records of `kind` in these groups, in order; their encoded chunks)."""
    prepare, finish, _between = _FORMATS[fmt]
    prepared, names = prepare(session.board.fields_by_group(kind, partitions))
    columns = sorted(names)
    return columns, finish(prepared, columns)


def _write_kind(session: Session, kind: str, fmt: str, target: Any, parallel: bool) -> None:
    """Write the records of `kind` in (partition, id) order to `target` (a `_JsonKind` or `_CsvKind`).

    With `parallel` and a long history, a forked child does the later half of the groups (see
    `_share_with`); if it fails at any point, what was written of the kind is taken back and this process
    does it all. The result is the same either way."""
    partitions = _kind_partitions(session, kind)
    if parallel and len(partitions) >= PARALLEL_MIN_GROUPS:
        split = len(partitions) // 2
        child = _Child.start(lambda channel: _child_work(session, kind, fmt, partitions[split:], channel))
        if child is not None:
            try:
                if _share_with(child, session, kind, fmt, target, partitions[:split]):
                    return
            finally:
                child.stop()
            target.rewind()
    columns, chunks = _kind_here(session, kind, fmt, partitions)
    if chunks:
        target.start(columns)
        for chunk in chunks:
            target.write(chunk)


def _share_with(
    child: _Child, session: Session, kind: str, fmt: str, target: Any, partitions: list[str | None]
) -> bool:
    """This process's side of a kind shared with a child (see `_child_work` for the other side); False when
    the child failed.

    Both read and encode their groups; the child says which field names it found, this process answers with
    every name (a CSV has one column per name of the whole kind) and then where the child's records go in
    the file, after its own. Each process writes its share itself, at the same time."""
    prepare, finish, _between = _FORMATS[fmt]
    started = time.monotonic()
    prepared, names = prepare(session.board.fields_by_group(kind, partitions))
    # A child that takes far longer than this process did for the same work is stuck: do its share here.
    child.patience = max(CHILD_PATIENCE, 4 * (time.monotonic() - started))
    if fmt == "json":  # JSON needs no field names: write this share while the child still reads
        for chunk in finish(prepared, []):
            target.write(chunk)
        prepared = []
    found = child.receive_json()
    try:
        their_names, their_groups = set(found["names"]), int(found["groups"])
    except (KeyError, TypeError, ValueError):
        return False  # nothing, or not what a child says
    columns = sorted(names | their_names)
    if not child.send_json(columns):
        return False
    chunks = finish(prepared, columns)
    del prepared
    if chunks or their_groups:
        target.start(columns)
    if their_groups:
        path, offset, separate = target.place(sum(map(len, chunks)))
        if not child.send_json({"path": str(path), "offset": offset, "separate": separate}):
            return False
    for chunk in chunks:
        target.write(chunk)
    if their_groups:
        written = child.receive_json()
        if not isinstance(written, int):
            return False
        target.skip_to(offset + written)
    return True


def _child_work(session: Session, kind: str, fmt: str, partitions: list[str | None], channel: _Child) -> None:
    """The child's side of `_share_with`: read and encode its groups, say their field names, receive every
    name and where its records go, write them there and say how many bytes it wrote."""
    prepare, finish, between = _FORMATS[fmt]
    prepared, names = prepare(session.board.fields_by_group(kind, partitions))
    channel.send_json({"names": sorted(names), "groups": len(prepared)})
    columns = channel.receive_json()
    if columns is None or not prepared:
        return
    chunks = finish(prepared, columns)
    del prepared
    place = channel.receive_json()
    if place is None:
        return
    fd = os.open(place["path"], os.O_WRONLY)
    try:
        offset = written = place["offset"]
        for number, chunk in enumerate(chunks):
            if number or place["separate"]:
                written += _write_at(fd, between, written)
            written += _write_at(fd, chunk, written)
    finally:
        os.close(fd)
    channel.send_json(written - offset)


def _write_at(fd: int, data: bytes, offset: int) -> int:
    view = memoryview(data)
    while view:
        done = os.pwrite(fd, view, offset)
        view, offset = view[done:], offset + done
    return len(data)
