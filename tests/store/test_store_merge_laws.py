"""Merge laws (hypothesis): any order, duplicates and conflict copies give the same board; merging is
idempotent; the fast merge paths agree with the exact reference."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_helpers import FakeClock, open_board, snapshot

from huddle_tui.store import Board
from huddle_tui.store import files as bf
from huddle_tui.store.clock import Stamp
from huddle_tui.store.merge import FieldVersion, merge_exact, merge_field, merge_record

REPLICAS = ["ra", "rb", "rc"]
stamps = st.builds(Stamp, st.integers(0, 6), st.integers(0, 2), st.sampled_from(REPLICAS))
values = st.one_of(
    st.integers(-3, 3), st.sampled_from(["x", "y", ""]), st.none(), st.lists(st.integers(0, 2), max_size=2)
)
versions = st.builds(FieldVersion, values, stamps, st.sampled_from(["p1", "p2"]), st.none() | stamps)


@given(st.lists(versions, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_merge_field_order_duplicates_idempotent(vs: list[FieldVersion], rnd: random.Random) -> None:
    reference = merge_field(vs)
    shuffled = vs + rnd.sample(vs, k=rnd.randint(0, len(vs)))
    rnd.shuffle(shuffled)
    assert merge_field(shuffled) == reference
    assert merge_field(reference.versions) == reference  # merging the result again changes nothing
    assert reference.winner.stamp == max(v.stamp for v in vs)


def _write(draw: st.DrawFn, replica: str) -> list[Any]:
    wall, counter = draw(st.integers(0, 6)), draw(st.integers(0, 2))
    names = draw(st.lists(st.sampled_from(["a", "b", "_deleted"]), min_size=1, max_size=3, unique=True))
    vals = {n: (draw(st.booleans()) if n == "_deleted" else draw(values)) for n in names}
    parents = {n: list(draw(stamps)) for n in names if draw(st.booleans())} or None
    return [wall, counter, draw(st.sampled_from(["p1", "p2"])), vals, parents]


@st.composite
def raw_sources(draw: st.DrawFn) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for _ in range(draw(st.integers(1, 5))):
        replica = draw(st.sampled_from(REPLICAS))
        writes = [_write(draw, replica) for _ in range(draw(st.integers(1, 3)))]
        out.append((replica, {"w": writes}))
    return out


@settings(max_examples=200)
@given(raw_sources(), st.randoms(use_true_random=False))
def test_merge_record_laws(sources: list[tuple[str, dict[str, Any]]], rnd: random.Random) -> None:
    reference = merge_exact(sources)
    assert merge_record(sources) == reference  # fast paths agree with the exact merge
    mixed = sources + rnd.sample(sources, k=rnd.randint(0, len(sources)))
    rnd.shuffle(mixed)
    assert merge_record(mixed) == reference
    assert merge_exact(mixed) == reference


def test_concurrent_writes_are_conflicts_and_seen_writes_are_not() -> None:
    base = ("ra", {"w": [[1, 0, "p", {"a": "base"}, None]]})
    saw_base_b = ("rb", {"w": [[2, 0, "p", {"a": "b"}, {"a": [1, 0, "ra"]}]]})
    saw_base_c = ("rc", {"w": [[3, 0, "p", {"a": "c"}, {"a": [1, 0, "ra"]}]]})
    saw_b = ("rc", {"w": [[3, 0, "p", {"a": "c"}, {"a": [2, 0, "rb"]}]]})
    assert merge_record([base, saw_base_b]).conflicts == frozenset()
    merged = merge_record([base, saw_base_b, saw_base_c])
    assert merged.fields == {"a": "c"} and merged.conflicts == frozenset({"a"})
    merged = merge_record([base, saw_base_b, saw_b])
    assert merged.fields == {"a": "c"} and merged.conflicts == frozenset()


# -- the same laws through real files ----------------------------------------------------------------------

STYLES = [
    lambda n: n[:-5] + ".sync-conflict-20261127-101010-ABCDEF7.json",
    lambda n: n[:-5] + " (Ann's conflicted copy 2026-11-27).json",
    lambda n: n[:-5] + " (conflicted copy 2026-11-27 101010).json",
    lambda n: n[:-5] + "-DESKTOP1.json",
    lambda n: n[:-5] + " (1).json",
]


def _make_source_board(root: Path, ops: list[tuple[int, int, int, int, bool]]) -> list[tuple[Path, bytes]]:
    """Three replicas apply `ops` with random refreshes; returns every intermediate file version."""
    path = root / "source"
    clock = FakeClock()
    boards = [open_board(path, f"s{i}", clock=clock) for i in range(3)]
    old_versions: list[tuple[Path, bytes]] = []
    for who, rec, field, value, refresh in ops:
        clock.tick(5)
        board = boards[who]
        if refresh:
            board.refresh()
        partition = "2026-11" if rec == 3 else None
        kind = "reading" if rec == 3 else "idea"
        if value == 9:
            board.delete(kind, f"i{rec}", actor=f"p{who}", partition=partition)
        else:
            board.put(kind, f"i{rec}", {f"f{field}": value}, actor=f"p{who}", partition=partition)
        for file in (path / "replicas" / board.replica_id).glob("*s*.json"):
            old_versions.append((file, file.read_bytes()))
    return old_versions


def _view(path: Path, name: str) -> dict[Any, Any]:
    board = open_board(path, name, create=False)
    streamed = _streamed(board, ["idea", "reading"])  # read group by group, before any month is loaded
    out = snapshot(board, ["idea", "reading"])
    board.refresh()
    assert snapshot(board, ["idea", "reading"]) == out  # refreshing again changes nothing
    view = {k: (v[0], v[1], v[2]) for k, v in out.items()}
    assert streamed == view
    return view


def _streamed(board: Board, kinds: list[str]) -> dict[Any, Any]:
    """What `Board.fields_by_group` gives, in the form of `_view`."""
    return {
        (kind, rid): (group.partition, fields, sorted(group.conflicts.get(rid, ())))
        for kind in kinds
        for group in board.fields_by_group(kind)
        for rid, fields in group.fields.items()
    }


ops_strategy = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(0, 2), st.integers(0, 9), st.booleans()),
    min_size=1,
    max_size=14,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=ops_strategy, seed=st.integers(0, 10_000))
def test_files_in_any_order_with_copies_merge_the_same(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, ops: list[Any], seed: int
) -> None:
    root = tmp_path_factory.mktemp("laws")
    rnd = random.Random(seed)
    old_versions = _make_source_board(root, ops)
    source = root / "source"
    expected = _view(source, "reference")

    # a copy of the board with the files copied in random order, duplicates and conflict copies
    target = root / "copy"
    live = [p for p in source.rglob("*.json")]
    rnd.shuffle(live)
    for file in live:
        dest = target / file.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, dest)
    for file, raw in rnd.sample(old_versions, k=min(len(old_versions), rnd.randint(1, 6))):
        name = rnd.choice(STYLES)(file.name)
        dest = target / file.relative_to(source).parent / name
        dest.write_bytes(raw)
    for file in rnd.sample(live, k=min(2, len(live))):  # an exact duplicate moved aside earlier
        if file.name == "replica.json":
            continue
        doc = json.loads(file.read_bytes())
        dup = bf.merged_copy_path(target, doc["replica"], doc["kind"], doc["partition"], file.read_bytes())
        dup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, dup)

    real_scan, real_folders = bf.scan_replica, bf.replica_folders

    def shuffled_scan(folder: Path, replica: str) -> list[bf.Entry]:
        entries = list(real_scan(folder, replica))
        rnd.shuffle(entries)
        return entries

    def shuffled_folders(board: Path) -> list[tuple[str, Path]]:
        folders = list(real_folders(board))
        rnd.shuffle(folders)
        return folders

    monkeypatch.setattr(bf, "scan_replica", shuffled_scan)
    monkeypatch.setattr(bf, "replica_folders", shuffled_folders)
    assert _view(target, "copy-reader") == expected
    assert _view(target, "copy-reader-2") == expected  # after the copies were moved aside
    monkeypatch.undo()
    leftovers = [p.name for p in (target / "replicas").rglob("*") if "conflict" in p.name or "(1)" in p.name]
    assert leftovers == []


def test_board_open_is_deterministic_across_replicas(board_path: Path) -> None:
    a, b = open_board(board_path, "a"), open_board(board_path, "b")
    for n in range(20):
        (a if n % 2 else b).put("idea", f"i{n % 5}", {"v": n, f"f{n % 3}": n}, actor="p")
    a.refresh()
    b.refresh()
    fresh: Board = open_board(board_path, "c")
    assert snapshot(a, ["idea"]) == snapshot(b, ["idea"]) == snapshot(fresh, ["idea"])


def test_an_edit_stamped_after_a_delete_brings_the_record_back() -> None:
    created = ("ra", {"w": [[1, 0, "p", {"a": "x"}, None]]})
    deleted = ("rb", {"w": [[3, 0, "p", {"_deleted": True}, None]]})
    older_edit = ("rc", {"w": [[2, 0, "p", {"a": "y"}, {"a": [1, 0, "ra"]}]]})
    newer_edit = ("rc", {"w": [[4, 0, "p", {"a": "z"}, {"a": [1, 0, "ra"]}]]})
    assert merge_record([created, deleted]).deleted
    assert merge_record([created, deleted, older_edit]).deleted
    merged = merge_record([created, deleted, newer_edit])
    assert not merged.deleted and merged.fields == {"a": "z"}
    assert merge_exact([created, deleted, newer_edit]) == merged
