"""The Board: one board folder seen as a merged, sync-safe record store.

Reads merge every replica's files (see merge.py); writes go only to this replica's own files, under a
local lock, through TinyDB and the atomic storage (see storage.py). Parsed files are cached by
(path, mtime_ns, size, inode) so refresh() re-reads only changed files, and only the records those files
changed are merged again. Unpartitioned kinds are loaded at open; a partition (e.g. a month of readings)
is read the first time it is asked for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import operator
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from huddle_tui.errors import BoardUnavailable, InvalidInput
from huddle_tui.store import files as bf
from huddle_tui.store.clock import HybridClock
from huddle_tui.store.merge import (
    DELETED,
    WRITES,
    FieldVersion,
    field_winners,
    merge_record,
    record_history,
    union_own_records,
)
from huddle_tui.store.records import Change, Record, bulk_record, to_record
from huddle_tui.store.replica import LocalState
from huddle_tui.store.scan import Scan, Scanner, Sig, file_sig
from huddle_tui.store.storage import (
    TABLE,
    TEMP_SUFFIX,
    CorruptFile,
    FileData,
    ReplicaFileDB,
    ReplicaFileStorage,
    atomic_write,
    read_file,
    record_size,
    unavailable,
)
from huddle_tui.store.validate import (
    MAX_RECORD_BYTES,
    check_actor,
    check_fields,
    check_id,
    check_kind,
    check_partition,
)

Group = tuple[str, str | None]
CHANGE_LOG_SIZE = 2000


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


class Board:
    """A board folder opened for reading and writing. Use `Board.open(path)`; thread-safe."""

    def __init__(
        self,
        path: Path,
        local: LocalState,
        clock: Callable[[], int] | None = None,
    ) -> None:
        self.path = path
        self._local = local
        ident = local.identity()
        self.replica_id = ident.replica_id
        self.host = ident.host
        self.user = ident.user
        self._clock = HybridClock(self.replica_id, clock)
        self._mutex = threading.RLock()
        self._groups: dict[Group, _Group] = {}
        self._scan_result: Scan | None = None
        self._skipped: dict[str, dict[str, Any]] = {}
        self._restored: list[dict[str, Any]] = []
        self._temp_cleaned: list[str] = []
        self._problems: list[str] = []
        self._change_seq = 0
        self._change_log: deque[tuple[int, frozenset[Change]]] = deque(maxlen=CHANGE_LOG_SIZE)
        self._watcher: Any = None
        self._closed = False
        self._meta_written = False
        self._pending_repairs: set[Group] = set()
        self._scanner = Scanner(path, self._skipped, self._problems)

    # -- opening ---------------------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        create: bool = False,
        *,
        clock: Callable[[], int] | None = None,
        state_dir: str | os.PathLike[str] | None = None,
    ) -> Board:
        """Open the board folder at `path` (creating it when `create`), loading every unpartitioned kind.

        `clock` returns wall time in ms (tests inject skewed clocks); `state_dir` overrides the user state
        dir. Raises BoardUnavailable when the folder is missing (and not `create`) or unreadable.
        """
        board_path = Path(path).expanduser().absolute()
        replicas = board_path / bf.REPLICAS_DIR
        if create:
            try:
                replicas.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise unavailable(err, board_path, "create the board folder") from err
        if not board_path.is_dir():
            raise BoardUnavailable(
                f"no board folder at {board_path}",
                hint="create one with 'huddle init', or point --board / HUDDLE_BOARD at an existing board",
            )
        if not replicas.is_dir():
            raise BoardUnavailable(
                f"{board_path} is not a huddle board (it has no '{bf.REPLICAS_DIR}' folder)",
                hint="create a board there with 'huddle init', or point --board at the board folder",
            )
        if not os.access(replicas, os.R_OK | os.X_OK):
            raise BoardUnavailable(f"cannot read the board folder {board_path}", hint="ask for read access")
        local = LocalState(board_path, Path(state_dir) if state_dir is not None else None)
        board = cls(board_path, local, clock)
        board._start()
        return board

    @property
    def own_dir(self) -> Path:
        return self.path / bf.REPLICAS_DIR / self.replica_id

    def _start(self) -> None:
        with self._local.lock:
            self._clean_temp_files()
        self._restore_missing_own()
        with self._mutex:
            scan = self._scan()
            for group in sorted(g for g in scan.groups if g[1] is None):
                self._load_group(group)
            self._scanner.move_conflict_copies(scan)

    def _restore_missing_own(self) -> None:
        """Own data files deleted from our replica folder (by hand, a sync tool) come back from the backup
        ring: a replica's own file only grows, so a missing one is never the newer state. A replica
        folder that is gone altogether (a wiped board) is left alone."""
        if not self.own_dir.is_dir():
            return
        try:
            names = {name.rpartition(".")[0] for name in os.listdir(self._local.backups)}
        except OSError:
            return
        for name in sorted(names):
            if bf.parse_data_name(name) is not None and not (self.own_dir / name).exists():
                self._restore_own(self.own_dir / name)

    def _clean_temp_files(self) -> None:
        """Remove temp files our own interrupted writes left (called under the replica's lock)."""
        folders = [self.own_dir, self._local.backups, self._local.cache]
        with contextlib.suppress(OSError):
            folders += [Path(e.path) for e in os.scandir(self._local.cache) if e.is_dir()]
        for folder in folders:
            try:
                entries = [Path(e.path) for e in os.scandir(folder) if e.name.endswith(TEMP_SUFFIX)]
            except OSError:
                continue
            for tmp in entries:
                try:
                    tmp.unlink()
                    self._temp_cleaned.append(str(tmp))
                except OSError:
                    pass

    def _write_replica_meta(self) -> None:
        meta_path = self.own_dir / bf.REPLICA_META
        meta = {"replica": self.replica_id, "host": self.host, "user": self.user}
        try:
            current = orjson.loads(meta_path.read_bytes())
            if all(current.get(k) == v for k, v in meta.items()):
                return
        except (OSError, ValueError, AttributeError):
            pass
        meta["created"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            self.own_dir.mkdir(parents=True, exist_ok=True)
            atomic_write(meta_path, orjson.dumps(meta, option=orjson.OPT_INDENT_2))
        except OSError as err:
            self._problems.append(str(unavailable(err, meta_path)))

    def _scan(self) -> Scan:
        self._scan_result = self._scanner.scan()
        return self._scan_result

    # -- reading sources -------------------------------------------------------------------------------
    def _read_source(self, entry: bf.Entry, sig: Sig, previous: _Source | None) -> FileData | None:
        path = entry.path
        own = entry.replica == self.replica_id and path.parent == self.own_dir
        canonical = entry.role is bf.Role.DATA and path.parent.parent.name == bf.REPLICAS_DIR
        try:
            data, raw = read_file(path)
            if (data.replica, data.kind, data.partition) != (entry.replica, entry.kind, entry.partition):
                raise CorruptFile("wrong schema (header does not match the file name or folder)")
        except FileNotFoundError:
            return previous.data if previous else None
        except (CorruptFile, OSError) as err:
            reason = str(err) if isinstance(err, CorruptFile) else f"cannot be read ({err.strerror})"
            return self._recover(entry, reason, previous, own, canonical)
        self._skipped.pop(str(path), None)
        self._clock.observe(*data.clock)
        if canonical and not own:
            self._local.save_cached(entry.replica, path.name, raw, sig[0])
        elif canonical and own:
            data = self._check_own_not_regressed(entry, data, previous)
        return data

    def _check_own_not_regressed(self, entry: bf.Entry, data: FileData, previous: _Source | None) -> FileData:
        """Our own file replaced by an older copy (sync tool, restore)? Put back what we knew of."""
        known = previous.data if previous is not None else None
        if known is None:
            backup = self._local.latest_backup(entry.path.name)
            if backup is None or backup.clock <= data.clock:
                return data
            known = backup
        merged, grown = union_own_records(known.records, data.records)
        if not grown:
            return data
        self._pending_repairs.add((entry.kind or "", entry.partition))
        self._restored.append(
            {"path": str(entry.path), "reason": "replaced by an older copy; newer versions put back"}
        )
        return FileData(
            data.replica,
            data.kind,
            data.partition,
            merged,
            clock=max(data.clock, known.clock),
            written=max(data.written, known.written),
            seq=max(data.seq, known.seq),
        )

    def _repair_pending(self) -> None:
        """Rewrite own files found regressed (their union with what we knew is already in memory)."""
        while self._pending_repairs:
            group = self._pending_repairs.pop()
            try:
                with self._local.lock:
                    self._write_group(group, [], "", delete=False)
            except BoardUnavailable as err:
                self._problems.append(f"could not repair {group[0]} file: {err}")

    def _recover(
        self, entry: bf.Entry, reason: str, previous: _Source | None, own: bool, canonical: bool
    ) -> FileData | None:
        path = entry.path
        recovered: str | None = None
        data: FileData | None = None
        if own:
            restored = self._restore_own(path)
            if restored is not None:
                data, recovered = restored, "restored from the local backup ring"
        elif previous is not None and previous.data is not None:
            data, recovered = previous.data, "using the copy read before"
        elif canonical:
            cached = self._local.load_cached(entry.replica, path.name)
            if cached is not None:
                data, recovered = cached[0], "using the last good copy from the local cache"
        self._skipped[str(path)] = {"path": str(path), "reason": reason, "recovered": recovered}
        if data is not None:
            self._clock.observe(*data.clock)
        return data

    def _set_aside_damaged_own(self, path: Path, reason: str) -> None:
        """No backup to restore our damaged file from: keep it aside (never destroy it) and start anew
        from what this process knows of it."""
        dest = bf.unreadable_copy_path(self.path, self.replica_id, f"{path.name}.{time.time_ns()}")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, dest)
        except OSError as err:
            raise unavailable(err, path, "set aside the damaged file") from err
        self._skipped[str(path)] = {"path": str(path), "reason": reason, "recovered": None}
        self._problems.append(f"{path} was damaged and had no backup; it was moved to {dest}")

    def _restore_own(self, path: Path) -> FileData | None:
        best = self._local.best_backup(path.name)
        if best is None:
            return None
        data, raw = best
        with self._local.lock:
            try:
                current, _ = read_file(path)
                return current  # another process of this replica repaired it meanwhile
            except (OSError, CorruptFile):
                pass
            try:
                atomic_write(path, raw)
            except OSError as err:
                self._problems.append(str(unavailable(err, path, "restore")))
                return data
        reason = "damaged or missing; restored from the local backups"
        self._restored.append({"path": str(path), "reason": reason})
        return data

    # -- groups and merging ----------------------------------------------------------------------------
    def _load_group(self, group: Group) -> _Group:
        state = self._groups.get(group)
        if state is not None:
            return state
        with _gc_paused(freeze=True):
            state = self._load_group_now(group)
        if self._pending_repairs:
            self._repair_pending()
        return state

    def _load_group_now(self, group: Group) -> _Group:
        state = _Group()
        self._groups[group] = state
        scan = self._scan_result
        if scan is None or time.monotonic() - scan.taken > 1.0:
            scan = self._scan()
        self._sync_group(group, state, scan.groups.get(group, []), full=False)
        return state

    def _sync_group(
        self, group: Group, state: _Group, entries: list[bf.Entry], full: bool, merge: bool = True
    ) -> set[Change]:
        """Read the group's changed files into `state`, then merge again what changed (without `merge`,
        only the files are read: see `fields_by_group`)."""
        touched: set[str] = set()
        initial = not state.loaded
        state.loaded = True
        seen: set[Path] = set()
        for entry in entries:
            seen.add(entry.path)
            try:
                sig = file_sig(entry.path.stat())
            except OSError:
                continue
            previous = state.sources.get(entry.path)
            if previous is not None and previous.sig == sig and not full:
                continue
            data = self._read_source(entry, sig, previous)
            old = previous.data.records if previous is not None and previous.data is not None else {}
            new = data.records if data is not None else {}
            if not initial:
                touched.update(rid for rid in old.keys() | new.keys() if old.get(rid) != new.get(rid))
            state.sources[entry.path] = _Source(entry.path, entry.replica, sig, data)
        for path in [p for p in state.sources if p not in seen and p.parent != self.own_dir]:
            gone = state.sources.pop(path)
            if gone.data is not None:
                touched.update(gone.data.records)
        if not merge:
            return set()
        if initial:
            return self._recompute(group, state, None)
        return self._recompute(group, state, touched)

    def _parts(
        self, state: _Group, rid: str, skip: Path | None = None
    ) -> list[tuple[str, Mapping[str, Any]]]:
        out = []
        for src in state.sources.values():
            if src.data is not None and (skip is None or src.path != skip):
                rec = src.data.records.get(rid)
                if rec is not None:
                    out.append((src.data.replica, rec))
        return out

    def _recompute(self, group: Group, state: _Group, ids: set[str] | None) -> set[Change]:
        """Merge again the records `ids` of a group (all of them when None: the initial load)."""
        if ids is None:
            self._build_all(group, state)
            return set()
        kind, partition = group
        if len(ids) > 64:
            parts: dict[str, list[tuple[str, Mapping[str, Any]]]] = {rid: [] for rid in ids}
            for src in state.sources.values():
                if src.data is not None:
                    replica, recs = src.data.replica, src.data.records
                    for rid in ids:
                        rec = recs.get(rid)
                        if rec is not None:
                            parts[rid].append((replica, rec))
        else:
            parts = {rid: self._parts(state, rid) for rid in ids}
        changed: set[Change] = set()
        records, deleted = state.records, state.deleted
        for rid, rid_parts in parts.items():
            before = records.get(rid)
            merged = merge_record(rid_parts) if rid_parts else None
            if merged is None or merged.deleted:
                records.pop(rid, None)
                if merged is None:
                    deleted.discard(rid)
                else:
                    deleted.add(rid)
                if before is not None:
                    changed.add(Change(kind, rid))
                continue
            deleted.discard(rid)
            after = to_record(kind, rid, partition, merged)
            records[rid] = after
            if before != after:
                changed.add(Change(kind, rid))
        return changed

    def _build_all(self, group: Group, state: _Group) -> None:
        """Initial merge of a whole group; records found in one file take an inlined fast path."""
        kind, partition = group
        sources = [src.data for src in state.sources.values() if src.data is not None]
        seen: set[str] = set()
        multi: set[str] = set()
        for data in sources:
            keys = data.records.keys()
            multi |= seen & keys
            seen |= keys
        records: dict[str, Record] = {}
        deleted: set[str] = set()
        for data in sources:
            replica = data.replica
            for rid, rec in data.records.items():
                if multi and rid in multi:
                    continue
                writes = rec[WRITES]
                if len(writes) == 1 and DELETED not in writes[0][3]:
                    wall, counter, actor, values, _parents = writes[0]
                    records[rid] = bulk_record(kind, rid, partition, values, wall, counter, replica, actor)
                    continue
                merged = merge_record([(replica, rec)])
                if merged.deleted:
                    deleted.add(rid)
                else:
                    records[rid] = to_record(kind, rid, partition, merged)
        multi_parts: dict[str, list[tuple[str, Mapping[str, Any]]]] = {rid: [] for rid in multi}
        if multi:
            for data in sources:
                for rid in multi & data.records.keys():
                    multi_parts[rid].append((data.replica, data.records[rid]))
        for rid, parts in multi_parts.items():
            merged = merge_record(parts)
            if merged.deleted:
                deleted.add(rid)
            else:
                records[rid] = to_record(kind, rid, partition, merged)
        state.records, state.deleted = records, deleted

    def _note_changes(self, changes: set[Change]) -> None:
        if changes:
            self._change_seq += 1
            self._change_log.append((self._change_seq, frozenset(changes)))

    # -- public reading API ----------------------------------------------------------------------------
    def get(self, kind: str, record_id: str, partition: str | None = None) -> Record | None:
        """The merged record, or None when missing or deleted."""
        group = (check_kind(kind), check_partition(partition))
        check_id(record_id)
        with self._mutex:
            return self._load_group(group).records.get(record_id)

    def all(self, kind: str, partitions: Iterable[str | None] | None = None) -> list[Record]:
        """Every live record of `kind` in the given partitions (None: unpartitioned ones and every partition).

        Records come in no particular order.
        """
        check_kind(kind)
        with self._mutex:
            if partitions is None:
                groups: list[Group] = [(kind, None)] + [(kind, p) for p in self.partitions(kind)]
            else:
                groups = [(kind, check_partition(p)) for p in partitions]
            out: list[Record] = []
            for group in groups:
                out.extend(self._load_group(group).records.values())
            return out

    def fields_by_group(
        self, kind: str, partitions: Iterable[str | None] | None = None
    ) -> Iterator[GroupFields]:
        """Every live record of `kind`, one group after the other, as `GroupFields` (for a pass over the
        whole history, such as an export); `partitions` as in `all()`, and groups come in that order.

        The same merged fields as `all()`, but a group that is not loaded yet is read and merged without
        being kept, and without building a `Record` per record: a pass over years of readings neither
        holds them all in memory nor grows the board's cache. Groups already loaded come from the cache.
        Treat the field dicts as read-only (they may be shared with the cache).
        """
        check_kind(kind)
        if partitions is None:
            groups: list[Group] = [(kind, None)] + [(kind, p) for p in self.partitions(kind)]
        else:
            groups = [(kind, check_partition(p)) for p in partitions]
        return map(self._group_fields, groups)

    def _group_fields(self, group: Group) -> GroupFields:
        with self._mutex:
            state = self._groups.get(group)
            if state is not None:
                records = state.records
                fields = {rid: record.fields for rid, record in records.items()}
                conflicts = {rid: record.conflicts for rid, record in records.items() if record.conflicts}
                return GroupFields(group[1], fields, conflicts)
            state = _Group()
            with _gc_paused():
                scan = self._scan_result
                if scan is None or time.monotonic() - scan.taken > 1.0:
                    scan = self._scan()
                self._sync_group(group, state, scan.groups.get(group, []), full=False, merge=False)
                fields, conflicts = _merge_group_fields(state)
            if self._pending_repairs:
                self._repair_pending()
            return GroupFields(group[1], fields, conflicts)

    def partitions(self, kind: str) -> list[str]:
        """Partitions of `kind` present on the board (from file names; no file is read)."""
        check_kind(kind)
        with self._mutex:
            scan = self._scan_result or self._scan()
            found = {p for (k, p) in scan.groups if k == kind and p is not None}
            found.update(p for (k, p) in self._groups if k == kind and p is not None)
            return sorted(found)

    def kinds(self) -> list[str]:
        """Kinds present on the board."""
        with self._mutex:
            scan = self._scan_result or self._scan()
            return sorted({k for k, _ in scan.groups} | {k for k, _ in self._groups})

    def history(
        self, kind: str, record_id: str, partition: str | None = None
    ) -> dict[str, list[FieldVersion]]:
        """Every version of every field seen on any replica, oldest first (deletion shows as `_deleted`)."""
        group = (check_kind(kind), check_partition(partition))
        check_id(record_id)
        with self._mutex:
            return record_history(self._parts(self._load_group(group), record_id))

    def refresh(self, full: bool = False) -> set[Change]:
        """Re-read changed files (all loaded files when `full`); return the (kind, id) of changed records."""
        with self._mutex:
            if self._closed:
                return set()
            scan = self._scan()
            changed: set[Change] = set()
            with _gc_paused():
                for group, state in list(self._groups.items()):
                    changed |= self._sync_group(group, state, scan.groups.get(group, []), full)
                for group in sorted(g for g in scan.groups if g[1] is None and g not in self._groups):
                    state = self._load_group_now(group)  # a kind without partition seen for the first time
                    changed.update(Change(group[0], rid) for rid in state.records)
            self._scanner.move_conflict_copies(scan)
            if self._pending_repairs:
                self._repair_pending()
            self._note_changes(changed)
            return changed

    def changes_since(self, token: int | None) -> tuple[int, set[Change]]:
        """(new token, records changed since `token`); pass None to get a starting token. No file I/O."""
        with self._mutex:
            current = self._change_seq
            if token is None or token >= current:
                return current, set()
            oldest = self._change_log[0][0] if self._change_log else current + 1
            if token < oldest - 1:  # fell off the log: report everything loaded
                everything = {Change(k, rid) for (k, _), st in self._groups.items() for rid in st.records}
                for (k, _), st in self._groups.items():
                    everything.update(Change(k, rid) for rid in st.deleted)
                return current, everything
            out: set[Change] = set()
            for seq, changes in self._change_log:
                if seq > token:
                    out |= changes
            return current, out

    # -- public writing API ----------------------------------------------------------------------------
    def put(
        self,
        kind: str,
        record_id: str,
        fields: Mapping[str, Any],
        *,
        actor: str,
        partition: str | None = None,
    ) -> Record:
        """Create or update some fields of a record; returns the merged record after the write."""
        self.put_many([(kind, record_id, fields, partition)], actor=actor)
        record = self.get(kind, record_id, partition)
        assert record is not None
        return record

    def put_many(
        self,
        items: Iterable[tuple[str, str, Mapping[str, Any], str | None] | tuple[str, str, Mapping[str, Any]]],
        *,
        actor: str,
    ) -> set[Change]:
        """Write several records; one locked write per file touched. Everything is validated first."""
        check_actor(actor)
        prepared: dict[Group, list[tuple[str, dict[str, Any]]]] = {}
        for item in items:
            if len(item) == 3:
                kind, rid, fields = item  # type: ignore[misc]
                partition = None
            else:
                kind, rid, fields, partition = item  # type: ignore[misc]
            group = (check_kind(kind), check_partition(partition))
            checked = check_fields(fields)
            if not checked:
                raise InvalidInput(f"nothing to write for {kind} {rid}", hint="pass at least one field")
            if record_size(checked) > MAX_RECORD_BYTES:
                raise InvalidInput(
                    f"{kind} {rid} is too large to store", hint="split it into smaller records"
                )
            prepared.setdefault(group, []).append((check_id(rid), checked))
        return self._write(prepared, actor, delete=False)

    def delete(self, kind: str, record_id: str, *, actor: str, partition: str | None = None) -> None:
        """Delete a record (a tombstone that merges like any field write)."""
        check_actor(actor)
        group = (check_kind(kind), check_partition(partition))
        self._write({group: [(check_id(record_id), {DELETED: True})]}, actor, delete=True)

    def _write(
        self, prepared: dict[Group, list[tuple[str, dict[str, Any]]]], actor: str, delete: bool
    ) -> set[Change]:
        if not prepared:
            return set()
        changed: set[Change] = set()
        with self._mutex:
            if self._closed:
                raise BoardUnavailable("the board is closed")
            if not self._meta_written:
                try:
                    self.own_dir.mkdir(parents=True, exist_ok=True)
                except OSError as err:
                    raise unavailable(err, self.own_dir) from err
                self._write_replica_meta()
                self._meta_written = True
            try:
                with self._local.lock, _gc_paused():
                    for group, recs in prepared.items():
                        changed |= self._write_group(group, recs, actor, delete)
            finally:
                self._note_changes(changed)
        return changed

    def _write_group(
        self, group: Group, recs: list[tuple[str, dict[str, Any]]], actor: str, delete: bool
    ) -> set[Change]:
        kind, partition = group
        state = self._load_group(group)
        path = self.own_dir / bf.data_file_name(kind, partition)
        result: dict[str, Any] = {}

        def on_write(data: FileData) -> None:
            known = state.sources.get(path)
            if known is not None and known.data is not None:
                data.seq = max(data.seq, known.data.seq + 1)
                data.clock = max(data.clock, known.data.clock)
            data.clock = max(data.clock, result.get("stamp", data.clock))  # newest stamp in the file
            data.written = int(self._clock.physical())

        def after_write(data: FileData, raw: bytes) -> None:
            result["data"], result["raw"] = data, raw

        storage_holder: dict[str, ReplicaFileStorage] = {}

        def updater(table: dict[str, Any]) -> None:
            storage = storage_holder["s"]
            if storage.last_read is not None:
                self._clock.observe(*storage.last_read.clock)
            known = state.sources.get(path)
            if known is not None and known.data is not None:
                # The file may have been replaced by an older copy (a sync tool, a restore): keep every
                # version this process knew of. A replica's own file only grows, so the union is right.
                merged, grown = union_own_records(known.data.records, table)
                if grown:
                    table.update({rid: merged[rid] for rid in grown})
            for rid, fields in recs:
                parts = self._parts(state, rid, skip=path)
                own_rec = table.get(rid)
                if own_rec is not None:
                    parts.append((self.replica_id, own_rec))
                winners = field_winners(parts) if parts else {}
                values = dict(fields)
                if not delete and parts and merge_record(parts).deleted:
                    values[DELETED] = False  # writing to a deleted record brings it back
                stamp = self._clock.now()
                result["stamp"] = (stamp.wall, stamp.counter)
                writes = []
                for wall, counter, who, old_values, old_parents in own_rec[WRITES] if own_rec else []:
                    kept = {k: v for k, v in old_values.items() if k not in values}
                    if kept:
                        kept_parents = {k: p for k, p in (old_parents or {}).items() if k in kept} or None
                        writes.append([wall, counter, who, kept, kept_parents])
                parents = {name: list(winners[name]) for name in values if name in winners} or None
                writes.append([stamp.wall, stamp.counter, actor, values, parents])
                doc = {WRITES: writes}
                if record_size(doc) > MAX_RECORD_BYTES:
                    raise InvalidInput(
                        f"{kind} {rid} would grow too large", hint="split it into smaller records"
                    )
                table[rid] = doc

        for attempt in (1, 2):
            db = ReplicaFileDB(
                path,
                storage=ReplicaFileStorage,
                replica=self.replica_id,
                kind=kind,
                partition=partition,
                on_write=on_write,
                after_write=after_write,
            )
            storage_holder["s"] = db.storage  # type: ignore[assignment]
            table = db.table(TABLE, cache_size=0)
            try:
                table._update_table(updater)  # TinyDB's read-modify-write of the whole table
                break
            except CorruptFile as err:
                if attempt == 2:
                    raise BoardUnavailable(
                        f"this replica's file {path} is damaged ({err}) and could not be repaired",
                        hint="run 'huddle doctor'",
                    ) from err
                if self._restore_own(path) is None:
                    self._set_aside_damaged_own(path, str(err))
        data: FileData = result["data"]
        raw: bytes = result["raw"]
        self._local.save_backup(path.name, data, raw)
        try:
            sig: Sig | None = file_sig(path.stat())
        except OSError:
            sig = None
        previous = state.sources.get(path)
        old = previous.data.records if previous is not None and previous.data is not None else {}
        touched = {rid for rid in old.keys() | data.records.keys() if old.get(rid) != data.records.get(rid)}
        touched.update(rid for rid, _ in recs)
        state.sources[path] = _Source(path, self.replica_id, sig, data, own=True)
        self._skipped.pop(str(path), None)
        changes = self._recompute(group, state, touched)
        changes.update(Change(kind, rid) for rid, _ in recs)
        return changes

    # -- watching --------------------------------------------------------------------------------------
    def watch(self, callback: Callable[[set[tuple[str, str]]], None] | None = None) -> None:
        """Watch the folder in a daemon thread: refresh on change, then call `callback(changed)` there."""
        from huddle_tui.store.watch import Watcher

        with self._mutex:
            if self._watcher is not None:
                self._watcher.stop()
            self._watcher = Watcher(self, self.path, callback)
            self._watcher.start()

    def close(self) -> None:
        """Stop watching; the board can no longer be written."""
        watcher = self._watcher
        self._watcher = None
        if watcher is not None:
            watcher.stop()
        with self._mutex:
            self._closed = True

    def __enter__(self) -> Board:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- diagnostics -----------------------------------------------------------------------------------
    def diagnostics(self, check_all_files: bool = False) -> dict[str, Any]:
        """What `huddle doctor` reports (stable keys; see diagnostics.py).

        With `check_all_files`, every data file on the board is parsed (not only the loaded ones), so
        damage in months nobody opened is reported too; the board itself is not changed by the check.
        """
        from huddle_tui.store.diagnostics import build_report

        with self._mutex:
            return build_report(self, check_all_files=check_all_files)

    # accessors used by diagnostics.py (kept out of the public API)
    def _diag_state(self) -> dict[str, Any]:
        return {
            "groups": self._groups,
            "scan": self._scan_result or self._scan(),
            "skipped": list(self._skipped.values()),
            "restored": list(self._restored),
            "moved": list(self._scanner.moved),
            "temp_cleaned": list(self._temp_cleaned),
            "problems": list(self._problems),
            "watcher": self._watcher,
            "clock": self._clock,
            "local": self._local,
        }
