"""The Board's writing side (a mixin of `Board`, see board.py): put, put_many and delete.

Writes go only to this replica's own file of each group touched, under the process mutex and the
replica's lock, as one TinyDB read-modify-write through the atomic storage (see storage.py); each write
is saved to the local backup ring and merged into the loaded group at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from huddle_tui.errors import BoardUnavailable, InvalidInput
from huddle_tui.store import files as bf
from huddle_tui.store.clock import HybridClock
from huddle_tui.store.groups import Group, _gc_paused, _Group, _Source
from huddle_tui.store.merge import DELETED, WRITES, field_winners, merge_record, union_own_records
from huddle_tui.store.records import Change, Record
from huddle_tui.store.replica import LocalState
from huddle_tui.store.scan import Sig, file_sig
from huddle_tui.store.storage import (
    TABLE,
    CorruptFile,
    FileData,
    ReplicaFileDB,
    ReplicaFileStorage,
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


class BoardWriting:
    """Writing records to this replica's own files; part of `Board` (which sets the attributes below)."""

    replica_id: str
    _local: LocalState
    _clock: HybridClock
    _mutex: threading.RLock
    _skipped: dict[str, dict[str, Any]]
    _closed: bool
    _meta_written: bool

    if TYPE_CHECKING:  # defined by Board (board.py), the reading side and the repair side

        @property
        def own_dir(self) -> Path: ...

        def _write_replica_meta(self) -> None: ...

        def get(self, kind: str, record_id: str, partition: str | None = None) -> Record | None: ...

        def _load_group(self, group: Group) -> _Group: ...

        def _parts(
            self, state: _Group, rid: str, skip: Path | None = None
        ) -> list[tuple[str, Mapping[str, Any]]]: ...

        def _recompute(self, group: Group, state: _Group, ids: set[str] | None) -> set[Change]: ...

        def _note_changes(self, changes: set[Change]) -> None: ...

        def _restore_own(self, path: Path) -> FileData | None: ...

        def _set_aside_damaged_own(self, path: Path, reason: str) -> None: ...

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
