"""Pure merge of field versions from many replica files: no I/O, deterministic, order-independent.

A raw record (as stored in a replica file) is `{"w": [write, ...]}`, each write being
`[wall, counter, actor, {field: value}, {field: parent stamp} or null]`; the stamp of a write is
(wall, counter, replica of the file). Rules:
- From several copies of one replica's file, the greatest version per replica and field is kept (ties on
  the stamp broken by actor and value, so the result never depends on the order files were read).
- The merged value of a field is the version with the greatest stamp (replica ids make stamps unique).
- A field is in conflict when the winning version's writer had not seen another replica's version: its
  parent (the stamp it replaced) is older than that version, or it had none.
- A record is deleted when its `_deleted` field is true (a tombstone, merged like any field) and no other
  field has a newer winning stamp: an edit stamped after the deletion (made after seeing it, or
  concurrently with a newer clock) brings the record back, so a delete never hides a newer edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson

from huddle_tui.store.clock import Stamp

DELETED = "_deleted"
WRITES = "w"
_EMPTY: frozenset[str] = frozenset()
_new_tuple = tuple.__new__

RawRecord = Mapping[str, Any]  # {"w": [[wall, counter, actor, values, parents-or-None], ...]}
Source = tuple[str, RawRecord]  # (replica of the file, raw record)


@dataclass(frozen=True, slots=True)
class FieldVersion:
    """One value written to one field by one replica; `parent` is the stamp its writer replaced."""

    value: Any
    stamp: Stamp
    actor: str
    parent: Stamp | None = None

    def sort_key(self) -> tuple[Any, ...]:
        """Total order: stamp, then actor, value and parent (only consulted on equal stamps)."""
        return (
            self.stamp,
            self.actor,
            orjson.dumps(self.value, option=orjson.OPT_SORT_KEYS),
            self.parent or (),
        )


class FieldMerge(NamedTuple):
    """The merge of one field: the winner, whether it is a conflict, and every distinct version seen."""

    winner: FieldVersion
    conflict: bool
    versions: tuple[FieldVersion, ...]


class MergedRecord(NamedTuple):
    """The merge of one record's fields (tombstone excluded from `fields`)."""

    fields: dict[str, Any]
    deleted: bool
    conflicts: frozenset[str]
    created: Stamp
    updated: Stamp
    updated_by: str
    actors: dict[str, str]


def iter_versions(replica: str, record: RawRecord) -> Iterator[tuple[str, FieldVersion]]:
    """(field, version) for every field version in a raw record."""
    for wall, counter, actor, values, parents in record[WRITES]:
        stamp = Stamp(wall, counter, replica)
        for name, value in values.items():
            parent = parents.get(name) if parents else None
            yield name, FieldVersion(value, stamp, actor, Stamp(*parent) if parent else None)


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


def _distinct_sorted(versions: list[FieldVersion]) -> tuple[FieldVersion, ...]:
    by_stamp: dict[Stamp, list[FieldVersion]] = {}
    for version in versions:
        same = by_stamp.get(version.stamp)
        if same is None:
            by_stamp[version.stamp] = [version]
        elif version not in same:
            same.append(version)
    out: list[FieldVersion] = []
    for stamp in sorted(by_stamp):
        same = by_stamp[stamp]
        out.extend(same if len(same) == 1 else sorted(same, key=FieldVersion.sort_key))
    return tuple(out)


def merge_field(versions: Iterable[FieldVersion]) -> FieldMerge:
    """Merge every version of one field (any order, duplicates allowed; at least one version)."""
    all_versions = list(versions)
    if not all_versions:
        raise ValueError("merge_field needs at least one version")
    best = _newest_per_replica(all_versions)
    winner = max(best.values(), key=_stamp_of)  # stamps of different replicas never tie
    parent = winner.parent
    mine = winner.stamp.replica
    conflict = any(rep != mine and (parent is None or parent < other.stamp) for rep, other in best.items())
    return FieldMerge(winner, conflict, _distinct_sorted(all_versions))


def _stamp_of(version: FieldVersion) -> Stamp:
    return version.stamp


def _one_write(replica: str, write: Sequence[Any]) -> MergedRecord:
    """Fast path: a record that one write of one replica made (the common case)."""
    wall, counter, actor, values, _parents = write
    stamp = _new_tuple(Stamp, (wall, counter, replica))
    if DELETED in values:
        deleted = values[DELETED] is True
        values = {k: v for k, v in values.items() if k != DELETED}
    else:
        deleted = False
    return _new_tuple(
        MergedRecord, (values, deleted, _EMPTY, stamp, stamp, actor, dict.fromkeys(values, actor))
    )


def merge_fields(sources: Sequence[Source]) -> dict[str, FieldMerge]:
    """Per-field merge of one record from `(replica, raw record)` sources (one per file holding it)."""
    per_field: dict[str, list[FieldVersion]] = {}
    for replica, record in sources:
        for name, version in iter_versions(replica, record):
            per_field.setdefault(name, []).append(version)
    return {name: merge_field(vs) for name, vs in sorted(per_field.items())}


def _merge_raw(sources: Sequence[Source]) -> MergedRecord | None:
    """The same merge as merge_exact() on raw lists, without objects per version (the hot path).

    Returns None in the rare case it cannot decide alone: one replica's copies holding two different
    versions under the same stamp (the exact path breaks that tie by actor and value).
    """
    best: dict[str, dict[str, tuple[tuple[int, int, str], Any, str, Any]]] = {}
    lo: tuple[int, int, str] | None = None
    for replica, record in sources:
        for wall, counter, actor, values, parents in record[WRITES]:
            if not values:
                continue
            key = (wall, counter, replica)
            if lo is None or key < lo:
                lo = key
            for name, value in values.items():
                parent = parents.get(name) if parents else None
                reps = best.get(name)
                if reps is None:
                    best[name] = {replica: (key, value, actor, parent)}
                    continue
                current = reps.get(replica)
                if current is None or key > current[0]:
                    reps[replica] = (key, value, actor, parent)
                elif key == current[0] and (value, actor, parent) != current[1:]:
                    return None
    if lo is None:
        return None
    fields: dict[str, Any] = {}
    actors: dict[str, str] = {}
    conflicts: list[str] = []
    deleted = False
    deleted_at: tuple[int, int, str] | None = None
    newest_edit: tuple[int, int, str] | None = None
    hi: tuple[tuple[int, int, str], Any, str, Any] | None = None
    for name, reps in best.items():
        win = max(reps.values(), key=_first)
        if len(reps) > 1:
            parent = tuple(win[3]) if win[3] else None
            mine = win[0][2]
            if any(rep != mine and (parent is None or parent < other[0]) for rep, other in reps.items()):
                conflicts.append(name)
        if hi is None or (win[0], win[2]) > (hi[0], hi[2]):  # equal stamps: the greater actor
            hi = win
        if name == DELETED:
            deleted, deleted_at = win[1] is True, win[0]
        else:
            fields[name] = win[1]
            actors[name] = win[2]
            if newest_edit is None or win[0] > newest_edit:
                newest_edit = win[0]
    assert hi is not None
    if deleted and newest_edit is not None and deleted_at is not None and newest_edit > deleted_at:
        deleted = False
    return MergedRecord(
        fields,
        deleted,
        frozenset(conflicts) if conflicts else _EMPTY,
        _new_tuple(Stamp, lo),
        _new_tuple(Stamp, hi[0]),
        hi[2],
        actors,
    )


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def merge_record(sources: Sequence[Source]) -> MergedRecord:
    """Merge one record from `(replica, raw record)` sources (at least one)."""
    if len(sources) == 1:
        replica, record = sources[0]
        writes = record[WRITES]
        if len(writes) == 1 and writes[0][3]:
            return _one_write(replica, writes[0])
    merged = _merge_raw(sources)
    return merged if merged is not None else merge_exact(sources)


def merge_exact(sources: Sequence[Source]) -> MergedRecord:
    """Merge one record through FieldVersion objects (the reference the fast paths must agree with)."""
    fields: dict[str, Any] = {}
    actors: dict[str, str] = {}
    conflicts: set[str] = set()
    deleted = False
    deleted_at: Stamp | None = None
    newest_edit: Stamp | None = None
    lo: Stamp | None = None
    hi: FieldVersion | None = None
    for name, merged in merge_fields(sources).items():
        win = merged.winner
        oldest = merged.versions[0].stamp
        if lo is None or oldest < lo:
            lo = oldest
        if hi is None or (win.stamp, win.actor) > (hi.stamp, hi.actor):
            hi = win
        if merged.conflict:
            conflicts.add(name)
        if name == DELETED:
            deleted, deleted_at = win.value is True, win.stamp
            continue
        fields[name] = win.value
        actors[name] = win.actor
        if newest_edit is None or win.stamp > newest_edit:
            newest_edit = win.stamp
    if lo is None or hi is None:
        raise ValueError("merge_record needs a record with at least one field")
    if deleted and newest_edit is not None and deleted_at is not None and newest_edit > deleted_at:
        deleted = False  # an edit stamped after the deletion wins over it
    return MergedRecord(fields, deleted, frozenset(conflicts), lo, hi.stamp, hi.actor, actors)


def record_history(sources: Sequence[Source]) -> dict[str, list[FieldVersion]]:
    """Every distinct version of every field, oldest first (the tombstone appears as `_deleted`)."""
    return {name: list(merged.versions) for name, merged in merge_fields(sources).items()}


def field_winners(sources: Sequence[Source]) -> dict[str, Stamp]:
    """The winning stamp of every field (what a new write replaces: its parents)."""
    return {name: merged.winner.stamp for name, merged in merge_fields(sources).items()}


def union_own_record(known: RawRecord, current: RawRecord) -> tuple[dict[str, Any], bool]:
    """Union of two copies of one record from the same replica's file: per field the newer version.

    Returns the record (grouped by write, oldest first) and whether `known` contributed anything newer
    than `current` (which wins ties). Used to repair a replica's own file that a sync tool replaced
    with an older copy: a replica's own file only ever grows, so the union is always right.
    """
    best: dict[str, tuple[int, int, str, Any, Any]] = {}
    for record in (current, known):
        for wall, counter, actor, values, parents in record[WRITES]:
            for name, value in values.items():
                cur = best.get(name)
                if cur is None or (wall, counter) > (cur[0], cur[1]):
                    best[name] = (wall, counter, actor, value, parents.get(name) if parents else None)
    took_known = False
    current_stamps = {
        name: (wall, counter) for wall, counter, _a, values, _p in current[WRITES] for name in values
    }
    groups: dict[tuple[int, int, str], tuple[dict[str, Any], dict[str, Any]]] = {}
    for name, (wall, counter, actor, value, parent) in best.items():
        if current_stamps.get(name) != (wall, counter):
            took_known = True
        group = groups.setdefault((wall, counter, actor), ({}, {}))
        group[0][name] = value
        if parent is not None:
            group[1][name] = parent
    writes = [[w, c, a, vals, pars or None] for (w, c, a), (vals, pars) in sorted(groups.items())]
    return {WRITES: writes}, took_known


def union_own_records(
    known: Mapping[str, RawRecord], current: dict[str, Any]
) -> tuple[dict[str, Any], set[str]]:
    """Union of two copies of one replica's file (see union_own_record); returns (records, ids grown)."""
    out = current
    grown: set[str] = set()
    for rid, rec in known.items():
        cur = current.get(rid)
        if cur is None:
            merged, took = rec, True
        elif cur == rec:
            continue
        else:
            merged, took = union_own_record(rec, cur)
        if took:
            if out is current:
                out = dict(current)
            out[rid] = merged
            grown.add(rid)
    return out, grown
