"""Benchmark dispatcher: `uv run python bench/run.py NAME` (e.g. `store`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _store() -> int:
    import store_bench

    return store_bench.main()


BENCHMARKS: dict[str, Callable[[], int]] = {
    "store": _store,
}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in BENCHMARKS:
        print(f"usage: run.py {{{','.join(sorted(BENCHMARKS))}}}", file=sys.stderr)
        return 2
    return BENCHMARKS[argv[0]]()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
