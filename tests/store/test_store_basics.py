"""Board basics: put/get/all/delete, partitions, history, change feed, replica identity, housekeeping."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from store_helpers import open_board

from huddle_tui.errors import BoardUnavailable
from huddle_tui.store import Board, Change, FieldVersion, Record, new_id, storage
from huddle_tui.store import replica as replica_mod
from huddle_tui.store.storage import read_file


def test_new_id_is_unique_and_safe() -> None:
    ids = {new_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(len(i) == 26 and i.isalnum() for i in ids)


def test_put_get_all_delete(board_path: Path) -> None:
    board = open_board(board_path, "a")
    rid = new_id()
    rec = board.put("idea", rid, {"title": "Fix the jig", "impact": "high"}, actor="p1")
    assert isinstance(rec, Record)
    assert rec.fields == {"title": "Fix the jig", "impact": "high"}
    assert rec.updated_by == "p1" and rec.actors == {"title": "p1", "impact": "p1"}
    assert rec.conflicts == frozenset()
    board.put("idea", rid, {"title": "Fix the jig now"}, actor="p2")
    rec = board.get("idea", rid)
    assert rec is not None and rec.fields["title"] == "Fix the jig now" and rec.fields["impact"] == "high"
    assert rec.actors["title"] == "p2" and rec.updated_by == "p2" and rec.updated > rec.created
    assert [r.id for r in board.all("idea")] == [rid]
    board.delete("idea", rid, actor="p1")
    assert board.get("idea", rid) is None
    assert board.all("idea") == []
    history = board.history("idea", rid)
    assert [v.value for v in history["title"]] == ["Fix the jig now"]
    assert history["_deleted"][-1].value is True
    # writing again brings it back
    board.put("idea", rid, {"status": "new"}, actor="p1")
    assert board.get("idea", rid) is not None


def test_files_layout_and_reopen(board_path: Path) -> None:
    board = open_board(board_path, "a")
    board.put("idea", "i1", {"title": "x"}, actor="p1")
    board.put("reading", "r1", {"value": 3.5}, actor="p1", partition="2026-11")
    own = board_path / "replicas" / board.replica_id
    assert sorted(p.name for p in own.iterdir()) == ["ideas.json", "readings-2026-11.json", "replica.json"]
    meta = json.loads((own / "replica.json").read_text())
    assert meta["replica"] == board.replica_id and meta["host"]
    data, _ = read_file(own / "ideas.json")
    assert list(data.records) == ["i1"]  # record ids are the keys, not TinyDB integers
    again = open_board(board_path, "a")
    assert again.replica_id == board.replica_id
    got = again.get("reading", "r1", partition="2026-11")
    assert got is not None and got.fields == {"value": 3.5} and got.partition == "2026-11"


def test_unasked_partitions_are_not_read(board_path: Path) -> None:
    board = open_board(board_path, "a")
    for month in ("2026-09", "2026-10", "2026-11"):
        board.put("reading", f"r{month}", {"value": 1}, actor="p", partition=month)
    fresh = open_board(board_path, "a")
    assert fresh.partitions("reading") == ["2026-09", "2026-10", "2026-11"]
    assert [r.id for r in fresh.all("reading", partitions=["2026-11"])] == ["r2026-11"]
    loaded = fresh.diagnostics()["loaded"]
    assert loaded.get("reading") == ["2026-11"]
    assert len(fresh.all("reading")) == 3


def _by_group(board: Board, kind: str, partitions: list[str | None] | None = None) -> dict[str, tuple]:
    return {
        rid: (group.partition, fields, group.conflicts.get(rid, frozenset()))
        for group in board.fields_by_group(kind, partitions)
        for rid, fields in group.fields.items()
    }


def test_fields_by_group_merges_like_all_without_keeping_the_groups(board_path: Path) -> None:
    a, b = open_board(board_path, "a"), open_board(board_path, "b")
    b.all("reading", partitions=["2026-11"])  # b has seen the month before a writes to it
    for month in ("2026-09", "2026-10", "2026-11"):
        a.put_many([("reading", f"r{n}-{month}", {"value": n}, month) for n in range(3)], actor="p")
    a.put("reading", "r0-2026-11", {"value": 7, "note": "fixed"}, actor="p", partition="2026-11")
    b.put("reading", "r0-2026-11", {"value": 8}, actor="q", partition="2026-11")  # concurrent: a conflict
    a.delete("reading", "r1-2026-10", actor="p", partition="2026-10")
    a.put("reading", "loose", {"value": 1}, actor="p")  # a record of the kind without partition
    fresh = open_board(board_path, "c")
    streamed = _by_group(fresh, "reading")
    assert not [g for g in fresh.diagnostics()["loaded"].get("reading", []) if g]  # read, not kept
    assert [g.partition for g in fresh.fields_by_group("reading")] == [None, "2026-09", "2026-10", "2026-11"]
    expected = {r.id: (r.partition, r.fields, r.conflicts) for r in fresh.all("reading")}
    assert streamed == expected  # the same merge: conflicts, deletions, records in two files
    assert expected["r0-2026-11"][2] == {"value"} and "r1-2026-10" not in expected
    assert _by_group(fresh, "reading") == expected  # now from the loaded groups
    assert _by_group(fresh, "reading", ["2026-11"]) == {
        rid: v for rid, v in expected.items() if v[0] == "2026-11"
    }
    assert list(fresh.fields_by_group("reading", ["2027-01"])) == [("2027-01", {}, {})]


def test_read_bytes_reads_what_the_file_holds_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.json"
    for content in (b"", b"{}", os.urandom(300_000)):
        path.write_bytes(content)
        assert storage.read_bytes(path) == content
    path.write_bytes(b"x" * 100)
    monkeypatch.setattr(storage, "MAX_FILE_BYTES", 10)
    assert storage.read_bytes(path) == b"x" * 11  # enough for parse_bytes to say "too large"
    monkeypatch.undo()
    real_fstat = os.fstat

    def stale(fd: int) -> os.stat_result:  # the file grew after its size was asked for
        st = real_fstat(fd)
        return os.stat_result(
            (st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 3, 0, 0, 0)
        )

    monkeypatch.setattr(storage.os, "fstat", stale)
    assert storage.read_bytes(path) == b"x" * 100


def test_put_many_one_write_per_file(board_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    board = open_board(board_path, "a")
    from huddle_tui.store import storage

    calls: list[Path] = []
    real = storage.atomic_write

    def counting(path: Path, raw: bytes, *, durable: bool = True) -> None:
        if durable:
            calls.append(path)
        real(path, raw, durable=durable)

    monkeypatch.setattr(storage, "atomic_write", counting)
    board.put("idea", "warm", {"t": 0}, actor="p")  # replica.json + first file
    calls.clear()
    changed = board.put_many(
        [("idea", f"i{n}", {"t": n}, None) for n in range(10)]
        + [("reading", f"r{n}", {"v": n}, "2026-11") for n in range(10)],
        actor="p",
    )
    assert len(calls) == 2
    assert len(changed) == 20
    assert len(board.all("idea")) == 11


def test_history_and_conflict_between_replicas(board_path: Path) -> None:
    a = open_board(board_path, "a")
    b = open_board(board_path, "b")
    assert a.replica_id != b.replica_id
    a.put("idea", "i1", {"title": "one", "owner": "x"}, actor="pa")
    b.refresh()
    b.put("idea", "i1", {"title": "two"}, actor="pb")  # b saw a's title: not a conflict
    a.refresh()
    rec = a.get("idea", "i1")
    assert rec is not None and rec.fields["title"] == "two" and rec.conflicts == frozenset()
    # now both edit the owner without seeing each other
    a.put("idea", "i1", {"owner": "from-a"}, actor="pa")
    b.put("idea", "i1", {"owner": "from-b"}, actor="pb")
    a.refresh()
    b.refresh()
    ra, rb = a.get("idea", "i1"), b.get("idea", "i1")
    assert ra == rb and ra is not None
    assert ra.conflicts == frozenset({"owner"})
    owners = a.history("idea", "i1")["owner"]
    assert {v.value for v in owners} == {"from-a", "from-b"}  # the loser stays readable
    assert all(isinstance(v, FieldVersion) for v in owners)
    assert ra.fields["owner"] == owners[-1].value  # newest stamp wins
    # resolving: an edit after seeing both clears the flag
    a.put("idea", "i1", {"owner": "agreed"}, actor="pa")
    b.refresh()
    rec = b.get("idea", "i1")
    assert rec is not None and rec.fields["owner"] == "agreed" and rec.conflicts == frozenset()


def test_changes_since(board_path: Path) -> None:
    a = open_board(board_path, "a")
    b = open_board(board_path, "b")
    token, changes = a.changes_since(None)
    assert changes == set()
    a.put("idea", "i1", {"t": 1}, actor="p")
    token, changes = a.changes_since(token)
    assert changes == {Change("idea", "i1")} and changes == {("idea", "i1")}
    token2, changes = a.changes_since(token)
    assert token2 == token and changes == set()
    b.put("action", "x1", {"t": 1}, actor="p")
    b.put("idea", "i1", {"t": 2}, actor="p")
    assert a.refresh() == {("action", "x1"), ("idea", "i1")}
    assert a.refresh() == set()
    _, changes = a.changes_since(token)
    assert changes == {("action", "x1"), ("idea", "i1")}


def test_state_dir_honours_xdg_and_host_change_gives_new_id(
    board_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Board.open(board_path, create=True)
    assert str(tmp_path / "xdg-state") in first.diagnostics()["state_dir"]
    assert Board.open(board_path).replica_id == first.replica_id
    monkeypatch.setattr(replica_mod, "host_label", lambda: "cloned-machine")
    moved = Board.open(board_path)
    assert moved.replica_id != first.replica_id and moved.host == "cloned-machine"
    # a second board gets its own state (and its own replica id)
    other = Board.open(tmp_path / "other-board", create=True)
    assert other.replica_id != moved.replica_id


def test_missing_board_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(BoardUnavailable, match="huddle init"):
        Board.open(tmp_path / "nope")
    (tmp_path / "plain").mkdir()
    with pytest.raises(BoardUnavailable, match="not a huddle board"):
        Board.open(tmp_path / "plain")


def test_leftover_temp_files_removed_at_open(board_path: Path) -> None:
    board = open_board(board_path, "a")
    board.put("idea", "i1", {"t": 1}, actor="p")
    own = board_path / "replicas" / board.replica_id
    leftover = own / ".ideas.json.999.deadbeef.huddle-tmp"
    leftover.write_bytes(b'{"half": ')
    again = open_board(board_path, "a")
    assert not leftover.exists()
    assert str(leftover) in again.diagnostics()["temp_files_cleaned"]
    assert again.get("idea", "i1") is not None


def test_conflict_copies_merged_and_moved(board_path: Path) -> None:
    a = open_board(board_path, "a")
    b = open_board(board_path, "b")
    a.put("idea", "i1", {"title": "old"}, actor="p")
    folder = board_path / "replicas" / a.replica_id
    old = (folder / "ideas.json").read_bytes()
    a.put("idea", "i1", {"title": "new"}, actor="p")
    a.put("idea", "i2", {"title": "second"}, actor="p")
    # a sync tool left an older copy of a's file as a conflict copy holding a record the live file lacks
    old_doc = json.loads(old)
    old_doc["records"]["i3"] = {"w": [[1, 0, "p", {"title": "only in the copy"}, None]]}
    copy = folder / "ideas.sync-conflict-20261127-101010-ABCDEF7.json"
    copy.write_text(json.dumps(old_doc))
    b.refresh()
    assert not copy.exists()
    merged_dir = board_path / ".huddle-merged" / a.replica_id
    assert len(list(merged_dir.glob("ideas.*.json"))) == 1
    rec = b.get("idea", "i1")
    assert rec is not None and rec.fields["title"] == "new"
    rec3 = b.get("idea", "i3")
    assert rec3 is not None and rec3.fields["title"] == "only in the copy"
    assert b.diagnostics()["conflict_copies"][0]["path"] == str(copy)
    # still there after reopening (the moved copy is read from .huddle-merged)
    fresh = open_board(board_path, "c")
    assert fresh.get("idea", "i3") is not None


def test_not_mistaken_for_onedrive_copy(board_path: Path) -> None:
    board = open_board(board_path, "a")
    board.put("action", "a1", {"t": 1}, actor="p")
    board.put("action", "a2", {"t": 2}, actor="p", partition="teamA")  # looks like name-HOST.json
    fresh = open_board(board_path, "b")
    assert {r.id for r in fresh.all("action")} == {"a1", "a2"}
    assert (board_path / "replicas" / board.replica_id / "actions-teamA.json").exists()


def test_first_file_of_an_empty_partition_is_reported(board_path: Path) -> None:
    reader = open_board(board_path, "a")
    writer = open_board(board_path, "b")
    assert reader.all("reading", partitions=["2026-12"]) == []  # asked for before any file exists
    writer.put("reading", "r1", {"v": 1}, actor="p", partition="2026-12")
    assert reader.refresh() == {("reading", "r1")}
    assert [r.id for r in reader.all("reading", partitions=["2026-12"])] == ["r1"]


def test_kinds_and_put_many_triples(board_path: Path) -> None:
    board = open_board(board_path, "a")
    board.put_many([("idea", "i1", {"t": 1}), ("action", "x1", {"t": 2})], actor="p")
    board.put("reading", "r1", {"v": 1}, actor="p", partition="2026-11")
    assert open_board(board_path, "b").kinds() == ["action", "idea", "reading"]


def test_full_refresh_sees_in_place_rewrite_with_same_size_and_mtime(board_path: Path) -> None:
    writer = open_board(board_path, "b")
    writer.put("idea", "i1", {"title": "aaaa"}, actor="p")
    reader = open_board(board_path, "a")
    path = board_path / "replicas" / writer.replica_id / "ideas.json"
    st = path.stat()
    raw = path.read_bytes()
    with open(path, "r+b") as fh:  # a tool rewriting in place and keeping the mtime
        fh.write(raw.replace(b'"aaaa"', b'"bbbb"'))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert reader.refresh() == set()  # nothing looks changed
    assert reader.refresh(full=True) == {("idea", "i1")}  # the periodic full rescan catches it
    assert reader.get("idea", "i1").fields["title"] == "bbbb"  # type: ignore[union-attr]
