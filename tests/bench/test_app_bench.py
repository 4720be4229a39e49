"""Smoke test of the app benchmark: `bench/run.py app --quick` runs end to end on a tiny plant board.

No timing is asserted (the figures depend on the machine); the test only checks that every measure
ran and that the table was printed with a verdict for each target.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def run_app_bench(*options: str) -> str:
    """`bench/run.py app --quick OPTIONS`: its table (the run must succeed)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "app", "--quick", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_app_benchmark_quick_prints_the_table() -> None:
    out = run_app_bench()
    for measure in (
        "cold start to interactive board",
        "to the live board",
        "minimal Textual app",
        "key: cursor move p95",
        "key: open detail (Enter) p95",
        "first metric detail: data shown after",
        "remote change to screen, inotify p50",
        "remote change to screen, polling p50",
        "roll-up open",
        "peak RSS",
        "huddle export, JSON",
        "huddle export, CSV",
    ):
        assert measure in out, out
    assert out.count("PASS") + out.count("MISS") == 11, out


def test_app_benchmark_cold_only_prints_the_cold_start_rows() -> None:
    out = run_app_bench("--cold-only")
    assert "ratio board / minimal" in out and "to the live board" in out, out
    assert "run by run (quartiles)" in out, out
    assert "key: cursor move" not in out and "huddle export" not in out, out
    assert out.count("PASS") + out.count("MISS") == 1, out


def test_app_benchmark_baseline_adds_the_other_checkouts_cold_start() -> None:
    out = run_app_bench("--cold-only", "--baseline", sys.executable)  # this checkout as its own baseline
    assert "baseline board, same measure" in out and "ratio baseline / minimal" in out, out
    assert out.count("PASS") + out.count("MISS") == 1, out  # the target is judged on this checkout
