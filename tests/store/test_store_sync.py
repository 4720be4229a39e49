"""Simulated sync between three machines: files copied in random order, half-copied and leftover temp
files, conflict copies in all four naming styles, one clock an hour fast and one a day slow. All folders
converge to the same board; the newest edit by HLC wins every field; concurrent edits are flagged and
the loser stays readable."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from store_helpers import FakeClock, assert_all_files_parse, open_board, snapshot

from huddle_tui.store import Board
from huddle_tui.store.clock import Stamp

HOUR, DAY = 3_600_000, 86_400_000
KINDS = ["item", "reading"]
TEMP_STYLES = [
    lambda n: f".syncthing.{n}.tmp",
    lambda n: f"~syncthing~{n}.tmp",
    lambda n: f".{n}.~1a2b",
    lambda n: f"{n}.part",
    lambda n: f"{n}.tmp",
]
CONFLICT_STYLES = [
    lambda n: n[:-5] + ".sync-conflict-20261127-093000-7QJ2ABC.json",
    lambda n: n[:-5] + " (Operator's conflicted copy 2026-11-27).json",
    lambda n: n[:-5] + " (conflicted copy 2026-11-27 093000).json",
    lambda n: n[:-5] + "-LINE3PC.json",
]


class Machine:
    def __init__(self, root: Path, name: str, clock: FakeClock) -> None:
        self.folder = root / name
        self.clock = clock
        self.board: Board = open_board(self.folder, name, clock=clock)

    def own_files(self) -> list[Path]:
        own = self.folder / "replicas" / self.board.replica_id
        return sorted(p for p in own.glob("*.json"))


def _replica_files(folder: Path) -> list[Path]:
    """Files a sync tool would carry: replica files and merged copies (not temp files, not copies)."""
    out = []
    for path in folder.rglob("*.json"):
        rel = path.relative_to(folder)
        name = path.name
        if name.startswith((".", "~")) or "conflict" in name or "-LINE3PC" in name:
            continue
        if rel.parts[0] in ("replicas", ".huddle-merged"):
            out.append(rel)
    return out


def _deliver(src: Path, dst: Path, rel: Path, rnd: random.Random, leftovers: list[Path]) -> None:
    """Copy one file like a sync tool: through a temp name, sometimes half-copied, sometimes a conflict."""
    raw = (src / rel).read_bytes()
    target = dst / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(rnd.choice(TEMP_STYLES)(target.name))
    roll = rnd.random()
    if roll < 0.15:  # half-copied, transfer interrupted: a partial temp file stays behind
        temp.write_bytes(raw[: rnd.randint(0, max(0, len(raw) - 1))])
        leftovers.append(temp)
        return
    if roll < 0.3 and target.exists() and target.read_bytes() != raw and rel.parts[0] == "replicas":
        copy = target.with_name(rnd.choice(CONFLICT_STYLES)(target.name))
        if rnd.random() < 0.5:  # the old version is kept as the conflict copy
            shutil.copyfile(target, copy)
        else:  # or the new version lands as the conflict copy and the old one stays
            copy.write_bytes(raw)
            return
    temp.write_bytes(raw)
    temp.replace(target)


def _full_sync(machines: list[Machine]) -> None:
    """Deliver every owner's current files (and every merged copy) everywhere, plainly."""
    for src in machines:
        for rel in _replica_files(src.folder):
            for dst in machines:
                if dst is src:
                    continue
                owner_file = rel.parts[0] == "replicas" and rel.parts[1] == src.board.replica_id
                if owner_file or rel.parts[0] == ".huddle-merged" or not (dst.folder / rel).exists():
                    target = dst.folder / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    tmp = target.with_name(f".syncthing.{target.name}.tmp")
                    shutil.copyfile(src.folder / rel, tmp)
                    tmp.replace(target)


def _written_version(board: Board, kind: str, rid: str, field: str, partition: str | None) -> Stamp:
    versions = [v for v in board.history(kind, rid, partition)[field] if v.stamp.replica == board.replica_id]
    return max(v.stamp for v in versions)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_three_machines_converge(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    start = 1_795_000_000_000
    clocks = [FakeClock(start), FakeClock(start, offset=HOUR), FakeClock(start, offset=-DAY)]
    machines = [Machine(tmp_path, f"m{i}", clocks[i]) for i in range(3)]
    written: dict[tuple[str, str, str], tuple[Stamp, Any]] = {}
    leftovers: list[Path] = []

    for step in range(160):
        for clock in clocks:
            clock.tick(rnd.randint(1, 4000))
        machine = rnd.choice(machines)
        action = rnd.random()
        if action < 0.4:
            kind = rnd.choice(KINDS)
            partition = "2026-11" if kind == "reading" else None
            rid, field = f"r{rnd.randint(0, 5)}", rnd.choice(["a", "b", "c"])
            value = f"{machine.folder.name}-{step}"
            machine.board.put(kind, rid, {field: value}, actor=machine.folder.name, partition=partition)
            stamp = _written_version(machine.board, kind, rid, field, partition)
            key = (kind, rid, field)
            if key not in written or stamp > written[key][0]:
                written[key] = (stamp, value)
        elif action < 0.55:
            machine.board.refresh()
        else:  # the sync tool carries one file from some folder (maybe a stale copy) to another
            src, dst = rnd.sample(machines, 2)
            files = _replica_files(src.folder)
            if files:
                _deliver(src.folder, dst.folder, rnd.choice(files), rnd, leftovers)

    _full_sync(machines)
    for machine in machines:
        machine.board.refresh()
    _full_sync(machines)  # carry the conflict copies each reader moved to .huddle-merged
    for machine in machines:
        machine.board.refresh()

    views = [snapshot(m.board, KINDS) for m in machines]
    fresh = snapshot(open_board(machines[0].folder, "fresh-reader", create=False), KINDS)
    assert views[0] == views[1] == views[2] == fresh
    for (kind, rid, field), (_stamp, value) in written.items():
        assert views[0][(kind, rid)][1][field] == value, f"{kind} {rid}.{field}"
    for machine in machines:
        assert_all_files_parse(machine.folder)
        replicas_dir = machine.folder / "replicas"
        assert not [p for p in replicas_dir.rglob("*") if "conflict" in p.name or "-LINE3PC" in p.name]
    assert any(p.exists() for p in leftovers) or not leftovers  # temp files were simply ignored
    # the hour-fast machine is reported by doctor
    report = machines[0].board.diagnostics()
    warned = {r["id"] for r in report["replicas"] if r["warning"]}
    assert machines[1].board.replica_id in warned
    assert machines[2].board.replica_id not in warned


def test_clock_skew_hlc_and_conflicts(tmp_path: Path) -> None:
    start = 1_795_000_000_000
    clocks = [FakeClock(start), FakeClock(start, offset=HOUR), FakeClock(start, offset=-DAY)]
    normal, fast, slow = (Machine(tmp_path, f"m{i}", clocks[i]) for i in range(3))
    everyone = [normal, fast, slow]

    # concurrent: neither saw the other's edit; the newer stamp (normal, a day ahead of slow) wins
    normal.board.put("item", "c1", {"x": "from-normal"}, actor="ann")
    slow.board.put("item", "c1", {"x": "from-slow"}, actor="bob")
    _full_sync(everyone)
    for m in everyone:
        m.board.refresh()
        rec = m.board.get("item", "c1")
        assert rec is not None and rec.fields["x"] == "from-normal" and rec.conflicts == frozenset({"x"})
        assert {v.value for v in m.board.history("item", "c1")["x"]} == {"from-normal", "from-slow"}

    # the slow machine edits after seeing the newer edit: its edit wins although its clock is a day behind
    clocks[2].tick(1000)
    slow.board.put("item", "c1", {"x": "slow-after-seeing"}, actor="bob")
    _full_sync(everyone)
    for m in everyone:
        m.board.refresh()
        rec = m.board.get("item", "c1")
        assert rec is not None and rec.fields["x"] == "slow-after-seeing" and rec.conflicts == frozenset()

    # the fast machine's edit is an hour ahead; an edit made after seeing it still wins
    fast.board.put("item", "c2", {"y": "fast"}, actor="cy")
    _full_sync(everyone)
    normal.board.refresh()
    clocks[0].tick(10)
    normal.board.put("item", "c2", {"y": "normal-after"}, actor="ann")
    _full_sync(everyone)
    for m in everyone:
        m.board.refresh()
        rec = m.board.get("item", "c2")
        assert rec is not None and rec.fields["y"] == "normal-after" and rec.conflicts == frozenset()
        assert rec.updated.replica == normal.board.replica_id

    # an edit the slow machine makes before it sees the fast one's is older (and concurrent)
    clocks[1].tick(5000)
    fast.board.put("item", "c3", {"z": "fast"}, actor="cy")
    slow.board.put("item", "c3", {"z": "slow-unaware"}, actor="bob")
    _full_sync(everyone)
    for m in everyone:
        m.board.refresh()
        rec = m.board.get("item", "c3")
        assert rec is not None and rec.fields["z"] == "fast" and rec.conflicts == frozenset({"z"})
