"""Store benchmark: a plant-scale board in the huddle store vs the same data in one plain TinyDB file.

Plant scale: 50 teams, 20 replicas, 3 years of daily readings for 8 metrics per team (438k readings in
month partitions), 20k other records (idea/action/escalation). The board is generated once under
bench/out/ and reused. Each side is measured in its own subprocess (so peak RSS is its own):
current-view open (this month and last), full-history merge, one field edit p50/p95, peak RSS.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import orjson

OUT = Path(__file__).resolve().parent / "out"
BOARD = OUT / "plant-board"
PLAIN = OUT / "plant-plain-tinydb.json"
STATE = OUT / "state"
MARK = OUT / "generated.json"
TEAMS, REPLICAS, METRICS, DAYS, OTHERS = 50, 20, 8, 3 * 365 + 1, 20_000
OTHER_KINDS = ("idea", "action", "escalation")
GEN_VERSION = 3


def _today() -> dt.date:
    return dt.date.today()


def _months() -> tuple[str, str]:
    today = _today()
    first = today.replace(day=1)
    prev = (first - dt.timedelta(days=1)).replace(day=1)
    return first.strftime("%Y-%m"), prev.strftime("%Y-%m")


def generate() -> None:
    """Write the plant board (replica files) and the plain TinyDB file holding the same data."""
    from huddle_tui.store.files import REPLICA_META, REPLICAS_DIR, data_file_name
    from huddle_tui.store.ids import new_replica_id
    from huddle_tui.store.storage import FileData, serialize

    if MARK.exists():
        mark = json.loads(MARK.read_text())
        if mark.get("version") == GEN_VERSION and mark.get("today") == _today().isoformat():
            return
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    rng = random.Random(7)
    replicas = sorted(new_replica_id() for _ in range(REPLICAS))
    files: dict[tuple[str, str, str | None], dict[str, dict]] = {}
    plain: dict[str, dict[str, dict]] = {"reading": {}, **{k: {} for k in OTHER_KINDS}}
    base_ms = int(dt.datetime.combine(_today(), dt.time(6), dt.UTC).timestamp() * 1000)
    start = _today() - dt.timedelta(days=DAYS - 1)
    n = 0
    for team in range(TEAMS):
        replica = replicas[team % REPLICAS]
        for day_index in range(DAYS):
            day = start + dt.timedelta(days=day_index)
            month = day.strftime("%Y-%m")
            wall = base_ms - (DAYS - day_index) * 86_400_000 + team * 1000
            target = files.setdefault((replica, "reading", month), {})
            for metric in range(METRICS):
                n += 1
                rid = f"rd{team:02d}m{metric}d{day_index:04d}"
                value = round(rng.uniform(0, 100), 1)
                fields = {"team": f"team-{team:02d}", "metric": f"m{metric}", "day": day.isoformat()}
                fields["value"] = value
                target[rid] = {"w": [[wall, metric, f"person-{team}", fields, None]]}
                plain["reading"][str(len(plain["reading"]) + 1)] = {"id": rid, "partition": month, **fields}
    for i in range(OTHERS):
        kind = OTHER_KINDS[i % 3]
        replica = replicas[rng.randrange(REPLICAS)]
        rid = f"{kind[:2]}{i:06d}"
        wall = base_ms - rng.randrange(DAYS) * 86_400_000
        fields = {
            "title": f"{kind} number {i} with a realistic short title",
            "team": f"team-{rng.randrange(TEAMS):02d}",
            "status": rng.choice(["new", "open", "done"]),
            "owner": f"person-{rng.randrange(400)}",
            "due": (start + dt.timedelta(days=rng.randrange(DAYS))).isoformat(),
        }
        record = {"w": [[wall, 0, fields["owner"], dict(fields), None]]}
        files.setdefault((replica, kind, None), {})[rid] = record
        if i % 10 == 0:  # a tenth of them later edited on a second replica
            other = replicas[(replicas.index(replica) + 1) % REPLICAS]
            files.setdefault((other, kind, None), {})[rid] = {
                "w": [[wall + 3_600_000, 0, "person-1", {"status": "done"}, {"status": [wall, 0, replica]}]]
            }
            fields["status"] = "done"
        plain[kind][str(len(plain[kind]) + 1)] = {"id": rid, **fields}
    for replica in replicas:
        folder = BOARD / REPLICAS_DIR / replica
        folder.mkdir(parents=True)
        meta = {"replica": replica, "host": f"terminal-{replica[:4]}", "user": "bench"}
        (folder / REPLICA_META).write_bytes(orjson.dumps(meta))
    for (replica, kind, partition), records in files.items():
        clock = max((w[0], w[1]) for rec in records.values() for w in rec["w"])
        data = FileData(replica, kind, partition, records, clock=clock, written=clock[0], seq=1)
        (BOARD / REPLICAS_DIR / replica / data_file_name(kind, partition)).write_bytes(serialize(data))
    PLAIN.write_bytes(orjson.dumps({k: v for k, v in plain.items()}))
    # This machine plays the replica that owns team 0's readings (its month files are ~600 readings).
    state_board = STATE / "huddle_tui"
    from huddle_tui.store.paths import board_key

    key_dir = state_board / "boards" / board_key(BOARD)
    key_dir.mkdir(parents=True)
    (key_dir / "replica.json").write_bytes(
        orjson.dumps({"replica": replicas[0], "host": socket.gethostname(), "user": "bench", "created": ""})
    )
    MARK.write_text(json.dumps({"version": GEN_VERSION, "today": _today().isoformat(), "readings": n}))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_huddle(edits: int) -> dict[str, float]:
    from huddle_tui.store import Board

    cur, prev = _months()
    Board.open(BOARD, state_dir=STATE / "huddle_tui").all("idea")  # warm the OS page cache and local cache
    t0, c0 = time.perf_counter(), time.process_time()
    board = Board.open(BOARD, state_dir=STATE / "huddle_tui")
    view = board.all("reading", partitions=[cur, prev])
    others = sum(len(board.all(kind)) for kind in OTHER_KINDS)
    open_s, open_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert view and others
    t0 = time.perf_counter()
    full = board.all("reading")
    full_s = time.perf_counter() - t0
    times, cpu = [], []
    ids = [r.id for r in view if r.partition == cur and r.id.startswith("rd00")]
    for i in range(edits):
        rid = ids[i % len(ids)]
        t0, c0 = time.perf_counter(), time.process_time()
        board.put("reading", rid, {"value": float(i)}, actor="bench", partition=cur)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    board.close()
    result = _summary(open_s, full_s, times, len(full) + others)
    result["open_cpu_ms"] = open_cpu * 1000
    result["edit_cpu_p50_ms"] = statistics.median(cpu) * 1000
    return result


def measure_plain(edits: int) -> dict[str, float]:
    from tinydb import Query, TinyDB

    cur, prev = _months()
    work = OUT / "plain-work.json"
    shutil.copyfile(PLAIN, work)
    t0, c0 = time.perf_counter(), time.process_time()
    db = TinyDB(work)
    view = db.table("reading").search(Query().partition.one_of([cur, prev]))
    others = sum(len(db.table(kind).all()) for kind in OTHER_KINDS)
    open_s, open_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert view and others
    t0 = time.perf_counter()
    full = TinyDB(work).table("reading").all()
    full_s = time.perf_counter() - t0
    times, cpu = [], []
    doc_ids = [d.doc_id for d in view if d["partition"] == cur][:edits]
    for i, doc_id in enumerate(doc_ids):
        t0, c0 = time.perf_counter(), time.process_time()
        db.table("reading").update({"value": float(i)}, doc_ids=[doc_id])
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    db.close()
    work.unlink()
    result = _summary(open_s, full_s, times, len(full) + others)
    result["open_cpu_ms"] = open_cpu * 1000
    result["edit_cpu_p50_ms"] = statistics.median(cpu) * 1000
    return result


def _summary(open_s: float, full_s: float, times: list[float], records: int) -> dict[str, float]:
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return {
        "open_ms": open_s * 1000,
        "full_ms": full_s * 1000,
        "edit_p50_ms": statistics.median(times) * 1000,
        "edit_p95_ms": p95 * 1000,
        "rss_mb": _rss_mb(),
        "records": records,
        "edits": len(times),
    }


def _child(side: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--side", side],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 118))
    t0 = time.perf_counter()
    generate()
    meta = json.loads(MARK.read_text())
    console.print(f"board ready in {time.perf_counter() - t0:.1f} s ({meta['readings']:,} readings) at {OUT}")
    huddle = _child("huddle")
    plain = _child("plain")
    table = Table(title="Store: plant-scale board (50 teams, 20 replicas, 3 years x 8 metrics, 20k records)")
    table.add_column("measure")
    table.add_column("huddle store", justify="right")
    table.add_column("plain TinyDB file", justify="right")
    table.add_column("ratio", justify="right")
    table.add_column("target")
    rows = [
        ("current view open (this + last month)", "open_ms", "ms", "<= 250 ms, >= 10x"),
        ("  same, CPU time", "open_cpu_ms", "ms", ""),
        ("merge full history", "full_ms", "ms", ""),
        ("one field edit p50", "edit_p50_ms", "ms", "<= 20 ms, >= 10x"),
        ("one field edit p95", "edit_p95_ms", "ms", ""),
        ("  edit p50, CPU time", "edit_cpu_p50_ms", "ms", ""),
        ("peak RSS", "rss_mb", "MB", ""),
    ]
    for label, key, unit, target in rows:
        ratio = plain[key] / huddle[key] if huddle[key] else float("inf")
        ours, theirs = f"{huddle[key]:,.1f} {unit}", f"{plain[key]:,.1f} {unit}"
        table.add_row(label, ours, theirs, f"{ratio:,.1f}x", target)
    table.add_row("records read (full)", f"{huddle['records']:,}", f"{plain['records']:,}", "", "")
    table.add_row("edits timed", f"{huddle['edits']:,}", f"{plain['edits']:,}", "", "")
    console.print(table)
    load = os.getloadavg()[0]
    console.print(
        f"{os.cpu_count()} CPUs, load average {load:.1f} at the end (uv run python bench/run.py store)"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--side":
        result = measure_huddle(200) if sys.argv[2] == "huddle" else measure_plain(5)
        print(json.dumps(result))
    else:
        raise SystemExit(main())
