"""The records of the JSON export: `board_data` (the whole board as a JSON-ready dict), each group's records
encoded with orjson exactly as the export file holds them, and `_JsonKind`, which places one kind's
records in the file (the file around them is written by `writer._write_json`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from huddle_tui.services.export.common import (
    FORMAT_NAME,
    FORMAT_VERSION,
    Progress,
    _encode,
    _kind_groups,
    _Output,
    board_kinds,
)
from huddle_tui.services.session import Session
from huddle_tui.store.groups import GroupFields


def board_data(session: Session, progress: Progress | None = None) -> dict[str, Any]:
    """The whole board as a JSON-ready dict (see the package docstring, `huddle_tui.services.export`)."""
    kinds = board_kinds(session)
    records: dict[str, list[dict[str, Any]]] = {}
    for done, kind in enumerate(kinds):
        items = [
            _export_item(rid, group.partition, group.fields[rid], group.conflicts.get(rid))
            for group in _kind_groups(session, kind)
            for rid in sorted(group.fields)
        ]
        if items:
            records[kind] = items
        if progress:
            progress(done + 1, len(kinds))
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "records": records}


def _export_item(
    rid: str, partition: str | None, fields: dict[str, Any], conflicts: frozenset[str] | None
) -> dict[str, Any]:
    """One record for the export; fields written concurrently on two replicas are listed as `conflicts`."""
    item: dict[str, Any] = {"id": rid, "partition": partition, "fields": dict(fields)}
    if conflicts:
        item["conflicts"] = sorted(conflicts)
    return item


_SORTED = orjson.OPT_SORT_KEYS
_ITEM_SEP = b",\n   "  # between two records of a kind in the JSON export


def _json_items(group: GroupFields) -> bytes:
    """The group's records in id order, each as compact JSON with sorted keys, joined by `_ITEM_SEP`.

    orjson, one record at a time: `json.dumps(..., indent=...)` runs the pure-Python encoder, which took
    over 30 s for a plant board (458k readings). A record without conflicts is pieced together around the
    encoding of its fields, exactly as orjson writes the dict {"fields", "id", "partition"} (sorted keys).
    """
    fields, conflicts, dumps = group.fields, group.conflicts, orjson.dumps
    if conflicts:
        return _ITEM_SEP.join(
            [
                dumps(_export_item(rid, group.partition, fields[rid], conflicts.get(rid)), option=_SORTED)
                for rid in sorted(fields)
            ]
        )
    tail = b',"partition":' + dumps(group.partition) + b"}"
    return _ITEM_SEP.join(
        [
            b'{"fields":' + dumps(fields[rid], option=_SORTED) + b',"id":' + dumps(rid) + tail
            for rid in sorted(fields)
        ]
    )


def _json_prepare(groups: Iterable[GroupFields]) -> tuple[list[bytes], set[str]]:
    return [_json_items(group) for group in groups if group.fields], set()


def _json_finish(prepared: list[bytes], columns: list[str]) -> list[bytes]:
    return prepared


class _JsonKind:
    """The records of one kind in the JSON export: `"kind": [` before the first, `_ITEM_SEP` between two,
    `]` after the last (see `_write_kind`); nothing at all for a kind without records."""

    def __init__(self, out: _Output, kind: str, after_another: bool) -> None:
        self.out = out
        self.head = (
            (b",\n" if after_another else b' "records": {\n') + b"  " + _encode(kind).encode() + b": [\n   "
        )
        self.started = self.items = False
        self.mark = 0

    def start(self, columns: list[str]) -> None:
        if not self.started:
            self.mark = self.out.tell()
            self.out.write(self.head)
            self.started = True

    def write(self, chunk: bytes) -> None:
        self.start([])
        if self.items:
            self.out.write(_ITEM_SEP)
        self.out.write(chunk)
        self.items = True

    def place(self, pending: int) -> tuple[Path, int, bool]:
        """(the file, the offset at which a chunk would go after `pending` more bytes of this process, whether
        it must begin with a separator)."""
        return self.out.temp, self.out.tell() + pending, self.items or pending > 0

    def skip_to(self, offset: int) -> None:
        """Continue after what another process wrote up to `offset`."""
        self.out.seek(offset)
        self.items = True

    def rewind(self) -> None:
        """Take back all of this kind written so far."""
        if self.started:
            self.out.seek(self.mark)
            self.out.truncate()
            self.started = self.items = False

    def end(self) -> None:
        if self.started:
            self.out.write(b"\n  ]")
