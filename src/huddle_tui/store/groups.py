"""The data the Board keeps per group of files (a kind, or one partition of a kind), and the pure helpers
that merge a group's records.

A group is every replica's file for one (kind, partition): `_Source` is one such file as last read, `_Group`
the group's sources with their merged records. `GroupFields` is what `Board.fields_by_group` yields;
`_merge_group_fields` and `_add_single_writes` compute it without building `Record`s. `_gc_paused` pauses
the garbage collector around bulk parsing and merging.
"""

from __future__ import annotations

import contextlib
import gc
import operator
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

from huddle_tui.store.merge import DELETED, WRITES, merge_record
from huddle_tui.store.records import Record
from huddle_tui.store.scan import Sig
from huddle_tui.store.storage import FileData

Group = tuple[str, str | None]


@dataclass(slots=True)
class _Source:
    path: Path
    replica: str
    sig: Sig | None
    data: FileData | None
    own: bool = False


@dataclass(slots=True)
class _Group:
    sources: dict[Path, _Source] = field(default_factory=dict)
    records: dict[str, Record] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    loaded: bool = False


class GroupFields(NamedTuple):
    """The live records of one group, as `Board.fields_by_group` yields them: `fields` maps each record id
    to its merged fields (in no particular order), `conflicts` the ids of records with conflicting fields
    to the names of those fields (see `Record.conflicts`)."""

    partition: str | None
    fields: dict[str, dict[str, Any]]
    conflicts: dict[str, frozenset[str]]


def _merge_group_fields(state: _Group) -> tuple[dict[str, dict[str, Any]], dict[str, frozenset[str]]]:
    """The merged fields of every live record of a group's sources: the same merge as `_build_all`
    (and its fast path for records made by one write in one file), without building `Record`s."""
    sources = [src.data for src in state.sources.values() if src.data is not None]
    multi: set[str] = set()
    if len(set().union(*(data.records for data in sources))) < sum(len(data.records) for data in sources):
        seen: set[str] = set()
        for data in sources:  # some records are in two files or more
            keys = data.records.keys()
            multi |= seen & keys
            seen |= keys
    fields: dict[str, dict[str, Any]] = {}
    conflicts: dict[str, frozenset[str]] = {}
    for data in sources:
        replica = data.replica
        if not multi and _add_single_writes(data.records, fields):
            continue
        for rid, rec in data.records.items():
            if multi and rid in multi:
                continue
            writes = rec[WRITES]
            if len(writes) == 1 and DELETED not in writes[0][3]:
                fields[rid] = writes[0][3]
                continue
            merged = merge_record([(replica, rec)])
            if not merged.deleted:
                fields[rid] = merged.fields
                if merged.conflicts:
                    conflicts[rid] = merged.conflicts
    for rid in multi:
        parts = [(data.replica, data.records[rid]) for data in sources if rid in data.records]
        merged = merge_record(parts)
        if not merged.deleted:
            fields[rid] = merged.fields
            if merged.conflicts:
                conflicts[rid] = merged.conflicts
    return fields, conflicts


_writes_of = operator.itemgetter(WRITES)
_first = operator.itemgetter(0)
_values_of = operator.itemgetter(3)


def _add_single_writes(records: Mapping[str, Any], fields: dict[str, dict[str, Any]]) -> bool:
    """When every record of a file was made by one write and none is a deletion (a month of readings):
    add their values to `fields` (the merged fields of such a record) and return True; else add nothing.
    The same as the loop in `_merge_group_fields`, run in C over the whole file."""
    per_record = list(map(_writes_of, records.values()))
    if max(map(len, per_record), default=1) != 1:
        return False
    values = list(map(_values_of, map(_first, per_record)))
    if any(map(dict.__contains__, values, repeat(DELETED))):
        return False
    fields.update(zip(records.keys(), values, strict=True))
    return True


@contextlib.contextmanager
def _gc_paused(freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while parsing and merging (hundreds of thousands of small
    containers, none of them cyclic); collections in the middle cost more than the work itself.

    With `freeze`, what exists afterwards is moved out of the collector's generations (`gc.freeze`):
    loaded records live long and hold no cycles, and a full collection over a plant-size board took
    0.7 s, a stall the app would otherwise meet at random moments (a key press, a refresh)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
