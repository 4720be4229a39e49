"""Crash safety: writers SIGKILLed at random moments; every file parses, no acknowledged write is lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import assert_all_files_parse, open_board

from huddle_tui.store.storage import TEMP_SUFFIX

RUNNER = str(Path(__file__).with_name("store_crash_runner.py"))
TRIALS, PARALLEL, REPLICAS = 120, 8, 4


@pytest.mark.slow  # runs in the default `uv run pytest` too; the mark only names it
def test_sigkill_during_writes_loses_nothing_acknowledged(board_path: Path, tmp_path: Path) -> None:
    open_board(board_path, "init")
    state_prefix = str(tmp_path / "state-crash")
    args = [str(board_path), state_prefix, str(TRIALS), str(PARALLEL), str(REPLICAS), "1234"]
    proc = subprocess.run(
        [sys.executable, RUNNER, *args], capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    acked = set(result["acked"])
    assert result["killed"] >= 100
    assert len(acked) > 100
    assert_all_files_parse(board_path)
    reader = open_board(board_path, "reader")
    present = {r.id for r in reader.all("item")}
    missing = acked - present
    assert not missing, f"{len(missing)} acknowledged writes lost, e.g. {sorted(missing)[:5]}"
    readings = {r.id for r in reader.all("reading", partitions=["2026-11"])}
    assert {a for a in acked if int(a.split("-")[1]) % 3 == 2} <= readings
    # each crashed replica opens cleanly: its leftover temp files are removed, its files are whole
    for n in range(REPLICAS):
        board = open_board(board_path, f"crash{n}")
        own = board_path / "replicas" / board.replica_id
        assert not [p for p in own.iterdir() if p.name.endswith(TEMP_SUFFIX)]
        assert board.diagnostics()["skipped"] == []
        assert {r.id for r in board.all("item")} >= acked
