"""The Board's reading side (a mixin of `Board`, see board.py): scanning the folder, reading each file of a
group, loading, syncing and merging groups, the public reading API and the change feed.

Every file of a group is parsed once and cached by its signature; `refresh()` re-reads changed files and
merges again only the records they changed. A damaged file is handed to the repair side (board_repair.py).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from huddle_tui.store import files as bf
from huddle_tui.store.clock import HybridClock
from huddle_tui.store.groups import Group, GroupFields, _gc_paused, _Group, _merge_group_fields, _Source
from huddle_tui.store.merge import DELETED, WRITES, FieldVersion, merge_record, record_history
from huddle_tui.store.records import Change, Record, bulk_record, to_record
from huddle_tui.store.replica import LocalState
from huddle_tui.store.scan import Scan, Scanner, Sig, file_sig
from huddle_tui.store.storage import CorruptFile, FileData, read_file
from huddle_tui.store.validate import check_id, check_kind, check_partition


class BoardReading:
    """Reading and merging a board's files; part of `Board` (which sets the attributes below)."""

    replica_id: str
    _local: LocalState
    _clock: HybridClock
    _mutex: threading.RLock
    _groups: dict[Group, _Group]
    _scan_result: Scan | None
    _skipped: dict[str, dict[str, Any]]
    _change_seq: int
    _change_log: deque[tuple[int, frozenset[Change]]]
    _closed: bool
    _pending_repairs: set[Group]
    _scanner: Scanner

    if TYPE_CHECKING:  # defined by Board (board.py) and the repair side (board_repair.py)

        @property
        def own_dir(self) -> Path: ...

        def _recover(
            self, entry: bf.Entry, reason: str, previous: _Source | None, own: bool, canonical: bool
        ) -> FileData | None: ...

        def _check_own_not_regressed(
            self, entry: bf.Entry, data: FileData, previous: _Source | None
        ) -> FileData: ...

        def _repair_pending(self) -> None: ...

    # -- scanning the folder ---------------------------------------------------------------------------
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
