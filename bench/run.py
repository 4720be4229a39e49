"""Benchmark dispatcher: `uv run python bench/run.py NAME [OPTIONS]` (`store`, `app`; `app --help`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _store(argv: list[str]) -> int:
    import store_bench

    return store_bench.main()


def _app(argv: list[str]) -> int:
    import app_bench

    return app_bench.main(argv)


BENCHMARKS: dict[str, Callable[[list[str]], int]] = {
    "store": _store,
    "app": _app,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHMARKS or (argv[0] == "store" and len(argv) != 1):
        print(f"usage: run.py {{{','.join(sorted(BENCHMARKS))}}} [OPTIONS]", file=sys.stderr)
        return 2
    return BENCHMARKS[argv[0]](argv[1:])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
