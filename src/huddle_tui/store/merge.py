"""Pure merge of field versions from many replica files: no I/O, deterministic, order-independent.

Rules:
- A version's stamp is (wall, counter, replica). From several copies of one replica's file, the greatest
  version per replica is kept (ties on the stamp broken by actor and value, so the result never depends on
  the order files were read).
- The merged value of a field is the version with the greatest stamp (ties cannot happen across
  replicas: the replica id is part of the stamp).
- A field is in conflict when the winning version's writer had not seen another replica's version: its
  parent (the stamp it replaced) is older than that version, or it had none.
- A record is deleted when its `_deleted` field is true (a tombstone, merged like any field).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from huddle_tui.store.clock import Stamp

DELETED = "_deleted"


@dataclass(frozen=True, slots=True)
class FieldVersion:
    """One value written to one field by one replica."""

    value: Any
    stamp: Stamp
    actor: str
    parent: Stamp | None = None

    @classmethod
    def from_raw(cls, replica: str, raw: Sequence[Any]) -> FieldVersion:
        parent = raw[4]
        return cls(raw[0], Stamp(raw[1], raw[2], replica), raw[3], Stamp(*parent) if parent else None)

    def sort_key(self) -> tuple[Any, ...]:
        """Total order: stamp, then actor, value and parent (only consulted on equal stamps)."""
        return (
            self.stamp,
            self.actor,
            orjson.dumps(self.value, option=orjson.OPT_SORT_KEYS),
            self.parent or (),
        )


@dataclass(frozen=True, slots=True)
class FieldMerge:
    """The merge of one field: the winner, whether it is a conflict, and every distinct version seen."""

    winner: FieldVersion
    conflict: bool
    versions: tuple[FieldVersion, ...]


@dataclass(frozen=True, slots=True)
class MergedRecord:
    """The merge of one record's fields (tombstone included) from every source."""

    fields: dict[str, Any]
    deleted: bool
    conflicts: frozenset[str]
    created: Stamp
    updated: Stamp
    updated_by: str
    actors: dict[str, str]
    winners: dict[str, Stamp]


def _newest_per_replica(versions: Iterable[FieldVersion]) -> dict[str, FieldVersion]:
    best: dict[str, FieldVersion] = {}
    for version in versions:
        current = best.get(version.stamp.replica)
        if current is None or (
            version.stamp > current.stamp
            or (version.stamp == current.stamp and version.sort_key() > current.sort_key())
        ):
            best[version.stamp.replica] = version
    return best


def merge_field(versions: Iterable[FieldVersion]) -> FieldMerge:
    """Merge every version of one field (any order, duplicates allowed; at least one version)."""
    all_versions = list(versions)
    if not all_versions:
        raise ValueError("merge_field needs at least one version")
    best = _newest_per_replica(all_versions)
    winner = max(best.values(), key=FieldVersion.sort_key)
    parent = winner.parent
    conflict = any(
        rep != winner.stamp.replica and (parent is None or parent < other.stamp)
        for rep, other in best.items()
    )
    distinct = {v.sort_key(): v for v in all_versions}
    ordered = tuple(distinct[k] for k in sorted(distinct))
    return FieldMerge(winner, conflict, ordered)


def _single_source(replica: str, record: Mapping[str, Sequence[Any]]) -> MergedRecord:
    """Fast path: a record found in one file only (the common case)."""
    fields: dict[str, Any] = {}
    actors: dict[str, str] = {}
    winners: dict[str, Stamp] = {}
    lo: tuple[int, int] | None = None
    hi: tuple[int, int] = (-1, -1)
    hi_actor = ""
    deleted = False
    for name, raw in record.items():
        key = (raw[1], raw[2])
        winners[name] = Stamp(raw[1], raw[2], replica)
        if lo is None or key < lo:
            lo = key
        if key > hi:
            hi, hi_actor = key, raw[3]
        if name == DELETED:
            deleted = raw[0] is True
            continue
        fields[name] = raw[0]
        actors[name] = raw[3]
    lo = lo or (0, 0)
    return MergedRecord(
        fields=fields,
        deleted=deleted,
        conflicts=frozenset(),
        created=Stamp(lo[0], lo[1], replica),
        updated=Stamp(hi[0], hi[1], replica),
        updated_by=hi_actor,
        actors=actors,
        winners=winners,
    )


def merge_record(sources: Sequence[tuple[str, Mapping[str, Sequence[Any]]]]) -> MergedRecord:
    """Merge one record from `(replica, raw record)` sources (one per file holding it; at least one)."""
    if len(sources) == 1:
        return _single_source(*sources[0])
    first = sources[0][0]
    if all(rep == first for rep, _ in sources[1:]) and all(rec == sources[0][1] for _, rec in sources[1:]):
        return _single_source(*sources[0])
    per_field: dict[str, list[FieldVersion]] = {}
    for replica, record in sources:
        for name, raw in record.items():
            per_field.setdefault(name, []).append(FieldVersion.from_raw(replica, raw))
    fields: dict[str, Any] = {}
    actors: dict[str, str] = {}
    winners: dict[str, Stamp] = {}
    conflicts: set[str] = set()
    deleted = False
    lo: Stamp | None = None
    hi: FieldVersion | None = None
    for name in sorted(per_field):
        merged = merge_field(per_field[name])
        win = merged.winner
        winners[name] = win.stamp
        oldest = merged.versions[0].stamp
        if lo is None or oldest < lo:
            lo = oldest
        if hi is None or win.stamp > hi.stamp:
            hi = win
        if merged.conflict:
            conflicts.add(name)
        if name == DELETED:
            deleted = win.value is True
            continue
        fields[name] = win.value
        actors[name] = win.actor
    assert lo is not None and hi is not None
    return MergedRecord(
        fields=fields,
        deleted=deleted,
        conflicts=frozenset(conflicts),
        created=lo,
        updated=hi.stamp,
        updated_by=hi.actor,
        actors=actors,
        winners=winners,
    )


def record_history(
    sources: Sequence[tuple[str, Mapping[str, Sequence[Any]]]],
) -> dict[str, list[FieldVersion]]:
    """Every distinct version of every field, oldest first (the tombstone appears as `_deleted`)."""
    per_field: dict[str, list[FieldVersion]] = {}
    for replica, record in sources:
        for name, raw in record.items():
            per_field.setdefault(name, []).append(FieldVersion.from_raw(replica, raw))
    return {name: list(merge_field(vs).versions) for name, vs in sorted(per_field.items())}
