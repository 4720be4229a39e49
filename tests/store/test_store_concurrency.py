"""Concurrency: 8 processes x 100 writes on one replica plus 4 other replicas writing at the same time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import assert_all_files_parse, open_board

WORKER = str(Path(__file__).with_name("store_worker.py"))


@pytest.mark.slow  # runs in the default `uv run pytest` too; the mark only names it
def test_many_processes_and_replicas(board_path: Path, tmp_path: Path) -> None:
    open_board(board_path, "init")
    shared_state = tmp_path / "state-shared"
    jobs = [(shared_state, f"p{n}", 100) for n in range(8)]
    jobs += [(tmp_path / f"state-other{n}", f"o{n}", 100) for n in range(4)]
    procs = [  # each process finds its replica through XDG_STATE_HOME, as a real user's would
        subprocess.Popen(
            [sys.executable, WORKER, str(board_path), "-", prefix, str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "XDG_STATE_HOME": str(state)},
        )
        for state, prefix, count in jobs
    ]
    acked: set[str] = set()
    replicas: dict[str, str] = {}
    for (_state, prefix, _count), proc in zip(jobs, procs, strict=True):
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        lines = out.split()
        replicas[prefix] = lines[1]
        acked.update(line for line in out.splitlines()[1:])
    assert len(acked) == 1200
    assert len({replicas[f"p{n}"] for n in range(8)}) == 1  # one replica for the eight processes
    assert len(set(replicas.values())) == 5
    assert_all_files_parse(board_path)
    reader = open_board(board_path, "reader")
    items = {r.id: r for r in reader.all("item")}
    assert set(items) == acked
    assert all(items[f"{p}-{n}"].fields == {"n": n, "by": p} for p, n in (("p3", 99), ("o2", 42)))
    readings = {r.id for r in reader.all("reading", partitions=["2026-11"])}
    assert readings == {a for a in acked if int(a.split("-")[1]) % 3 == 2}
    counter = reader.get("shared", "counter")
    assert counter is not None
    assert counter.fields == {prefix: count - 1 for _s, prefix, count in jobs}
