"""Runs many `huddle` commands through the real CLI entry point in one process (no interpreter start per
command), for the integration scenarios.

Usage: python cli_driver.py < commands.jsonl     (run with a replica's environment)

Each input line is {"tag": str, "argv": [...]}. An argument may hold `{TAG}`, replaced by the record id that
the command tagged TAG printed (the first ULID in its output). For every command, once `main()` has
returned, one JSON line is printed and flushed: {"tag", "rc", "id", "out", "err", "ms"}. A line with rc 0 is
the acknowledgement: the command has told its user it succeeded.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import time

ULID = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{26}\b")


def run_one(main, argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(argv)
        except SystemExit as exc:  # argparse usage errors
            rc = exc.code if isinstance(exc.code, int) else 2
        except Exception as exc:  # a traceback would reach the user: report it as such
            import traceback

            traceback.print_exc()
            rc = 99
            err.write(f"\nUNCAUGHT {type(exc).__name__}: {exc}\n")
    return int(rc or 0), out.getvalue(), err.getvalue()


def main() -> int:
    from huddle_tui.cli import main as huddle_main

    ids: dict[str, str] = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        cmd = json.loads(line)
        tag = cmd.get("tag", "")
        try:
            argv = [a.format_map(ids) if "{" in a else a for a in cmd["argv"]]
        except KeyError as missing:
            print(json.dumps({"tag": tag, "rc": 98, "id": None, "out": "", "err": f"no id for {missing}"}))
            sys.stdout.flush()
            continue
        t0 = time.perf_counter()
        rc, out, err = run_one(huddle_main, argv)
        ms = round((time.perf_counter() - t0) * 1000, 1)
        match = ULID.search(out)
        rid = match.group(0) if match else None
        if rc == 0 and rid and tag:
            ids[tag] = rid
        result = {"tag": tag, "rc": rc, "id": rid, "out": out, "err": err, "ms": ms}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
