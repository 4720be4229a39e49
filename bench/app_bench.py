"""App benchmark: `uv run python bench/run.py app [--quick] [--sizes plant,team] [--runs N]`.

Measures the whole product on the demo boards (`huddle demo --size plant|team`, generated once and cached
under bench/out/app/, with "now" pinned so the board is the same every run) and prints one table:

- cold start: a process spawned in a pty (120x40, TERM=xterm-256color) until the board is drawn with data
  and a key has an effect, beside a minimal Textual app (one Label) measured the same way in the same run.
  Both write a timestamp to $HUDDLE_BENCH_READY after the refresh that follows their first data (the app's
  hook: `HuddleApp.first_data_shown`); then ctrl+p is sent and the run ends when the command palette's
  placeholder reaches the terminal. Median of `--runs` runs (default 9), after one warm-up run each, with
  the quartiles of the ratio run by run (each board run over the minimal run just before it);
- cold start to the live board: the app draws the home board from its start snapshot (ui/start.py) and
  opens the board in a worker; the time until the live board is drawn ($HUDDLE_BENCH_LIVE, the same hook
  once the board is open; without a snapshot it is the first data frame);
- peak RSS of that process (VmHWM from /proc/PID/status once the board is live, before it quits);
- key to screen (in-process, `App.run_test` + Pilot), on the live board (once the board drawn from the
  start snapshot has opened; so are the measures below): from the key press until the change is applied
  and a refresh has followed (cursor moved, detail screen loaded, pane focused);
- remote change to screen: another replica (its own XDG_STATE_HOME, in a subprocess) submits an idea; the
  time from the start of that write until the open board has shown it, with inotify and with polling
  (that replica is removed afterwards, so the board stays as generated from run to run);
- the first metric detail an app opens (its older months not read yet): the time until its data is
  drawn, and the longest stall of the UI thread meanwhile and in the 0.3 s after (the largest gap
  between ticks of a task that wakes every 2 ms);
- the roll-up screen over every team, opened by a plant manager (`r` until the view is applied and drawn);
- `huddle export` of the whole board to JSON and to CSV (the whole command, process start included).

Targets apply to the plant board. `--quick` runs a tiny plant board with few repetitions (a smoke test);
`--cold-only` measures the cold start alone (quick to repeat: its ratio moves by about 0.1 run to run).
`--baseline PYTHON` cold-starts another checkout's board too, in the same rounds (before/after on a machine
whose speed moves from minute to minute): e.g. `git worktree add /tmp/before REV && (cd /tmp/before &&
uv sync)`, then `--baseline /tmp/before/.venv/bin/python`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import itertools
import json
import os
import random
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "app"
PINNED_NOW = "2026-11-27T07:00:00+00:00"  # "now" of the demo boards (HUDDLE_NOW) and of every app run
SEED = 42
COLS, ROWS = 120, 40
QUICK_SCALE = 0.03

# The two programs the cold start compares. Both write the ready timestamp the same way: after the
# refresh that follows their first data on screen.
BOARD_PROGRAM = """
import os, sys
from datetime import datetime
from huddle_tui.ui.app import create_app
now = datetime.fromisoformat(os.environ["HUDDLE_NOW"])
create_app(sys.argv[1], now=lambda: now).run()
"""
MINIMAL_PROGRAM = """
import os, time
from textual.app import App
from textual.widgets import Label

class Minimal(App):
    def compose(self):
        yield Label("hello")

    def on_mount(self):
        path = os.environ.pop("HUDDLE_BENCH_READY", None)
        if path:
            self.call_after_refresh(lambda: open(path, "w").write(repr(time.time())))

Minimal().run()
"""
# The second replica: reads idea titles on stdin, submits each, prints when the write started and ended.
WRITER_PROGRAM = """
import json, os, sys, time
from datetime import datetime
from huddle_tui.services import ideas
from huddle_tui.services.session import open_session
now = datetime.fromisoformat(os.environ["HUDDLE_NOW"])
session = open_session(sys.argv[1], now=lambda: now)
print(json.dumps({"ready": True, "replica": session.board.replica_id}), flush=True)
for line in sys.stdin:
    title = line.strip()
    if not title:
        break
    started = time.time()
    idea = ideas.submit_idea(session, title, team=sys.argv[2])
    print(json.dumps({"id": idea.id, "started": started, "ended": time.time()}), flush=True)
session.close()
"""


@dataclass
class Config:
    sizes: list[str]
    runs: int
    presses: int
    remote: int
    rollups: int
    quick: bool = False
    scale: float = 1.0
    cold_only: bool = False  # `--cold-only`: the cold start rows alone (quicker to repeat)
    # `--baseline PYTHON`: an interpreter with another checkout of huddle_tui installed (a git worktree's
    # .venv/bin/python, say), whose board is cold-started too, in the same rounds
    baseline: str | None = None


@dataclass
class Results:
    size: str
    values: dict[str, Any] = field(default_factory=dict)


# -- boards --------------------------------------------------------------------------------------------


def base_env(size: str, quick: bool) -> dict[str, str]:
    """Environment of every app process: the pinned clock and this size's replica state dir."""
    env = dict(os.environ)
    env.pop("HUDDLE_BENCH_READY", None)
    env.pop("HUDDLE_BENCH_LIVE", None)
    env.pop("HUDDLE_POLL", None)
    # The warm-up run writes the .pyc files, as any first run on a user's machine does; with
    # PYTHONDONTWRITEBYTECODE set (some shells and CI images) every run would compile changed modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        HUDDLE_NOW=PINNED_NOW,
        XDG_STATE_HOME=str(OUT / f"state-{tag(size, quick)}"),
        TERM="xterm-256color",
        COLUMNS=str(COLS),
        LINES=str(ROWS),
        PYTHONUNBUFFERED="1",
    )
    if quick:
        env.setdefault("HUDDLE_POLL_INTERVAL", "0.5")
    return env


def tag(size: str, quick: bool) -> str:
    return f"{size}-quick" if quick else size


def board_path(size: str, quick: bool) -> Path:
    return OUT / f"{tag(size, quick)}-board"


def ensure_board(size: str, quick: bool) -> Path:
    """The cached demo board of `size` (generated when missing or made with other settings)."""
    path = board_path(size, quick)
    meta_path = path.with_suffix(".meta.json")
    meta = {"size": size, "seed": SEED, "now": PINNED_NOW, "scale": QUICK_SCALE if quick else 1.0}
    try:
        if json.loads(meta_path.read_text()) == meta and (path / "replicas").is_dir():
            return path
    except (OSError, ValueError):
        pass
    shutil.rmtree(path, ignore_errors=True)
    for stale in OUT.glob(f"*state*-{tag(size, quick)}"):
        shutil.rmtree(stale, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    env = base_env(size, quick)
    env["XDG_STATE_HOME"] = str(OUT / f"gen-state-{tag(size, quick)}")
    cmd = [sys.executable, "-m", "huddle_tui", "demo", "--size", size, "--board", str(path), "--no-open"]
    cmd += ["--seed", str(SEED)]
    if quick:
        cmd += ["--scale", str(QUICK_SCALE)]
    print(f"generating the {tag(size, quick)} demo board in {path} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    meta_path.write_text(json.dumps(meta))
    return path


# -- cold start in a pty -------------------------------------------------------------------------------


class PtyProcess:
    """A child process on a pty of COLS x ROWS; a thread drains (and keeps) what it writes."""

    def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.master = master
        self.output = bytearray()
        self.lock = threading.Lock()
        self.started = time.time()
        self.proc = subprocess.Popen(
            cmd, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True
        )
        os.close(slave)
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.output += chunk

    def mark(self) -> int:
        with self.lock:
            return len(self.output)

    def wait_for(self, needle: bytes, since: int, timeout: float) -> float | None:
        """Time (time.time()) when `needle` appeared in the output after offset `since`, or None."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if self.output.find(needle, since) >= 0:
                    return time.time()
            if self.proc.poll() is not None:
                return None
            time.sleep(0.001)
        return None

    def send(self, data: bytes) -> float:
        sent = time.time()
        os.write(self.master, data)
        return sent

    def peak_rss_mb(self) -> float | None:
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None

    def stop(self) -> None:
        """Quit with ctrl+q (after Escape); terminate, then kill, this child if it lingers."""
        with contextlib.suppress(OSError):
            self.send(b"\x1b")
            time.sleep(0.05)
            self.send(b"\x11")
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        with contextlib.suppress(OSError):
            os.close(self.master)
        self.reader.join(1)

    def tail(self) -> str:
        with self.lock:
            return bytes(self.output[-2000:]).decode("utf-8", "replace")


@dataclass
class ColdRun:
    ready: float  # s from spawn until the first data frame was refreshed
    interactive: float  # s from spawn until the key sent at ready had its effect on the terminal
    rss_mb: float | None
    live: float | None = None  # s from spawn until the live board was drawn (None: no such hook)


def cold_start(
    cmd: list[str], env: dict[str, str], timeout: float = 120.0, live_hook: bool = False
) -> ColdRun:
    with tempfile.TemporaryDirectory(prefix="huddle-bench-") as tmp:
        ready_file = Path(tmp) / "ready"
        live_file = Path(tmp) / "live"
        env = dict(env, HUDDLE_BENCH_READY=str(ready_file), HUDDLE_BENCH_LIVE=str(live_file))
        child = PtyProcess(cmd, env)
        try:
            end = time.monotonic() + timeout
            while not ready_file.exists() or not ready_file.read_text():
                if child.proc.poll() is not None or time.monotonic() > end:
                    raise RuntimeError(f"{cmd[-1]!r} never became ready; its screen:\n{child.tail()}")
                time.sleep(0.001)
            ready = float(ready_file.read_text())
            since = child.mark()
            child.send(b"\x10")  # ctrl+p: the command palette, in both apps
            seen = child.wait_for(b"for commands", since, 30.0)
            if seen is None:
                raise RuntimeError(f"no command palette after ctrl+p; the screen:\n{child.tail()}")
            live = None
            if live_hook:  # the board app: its memory counts once the board has opened
                end = time.monotonic() + timeout
                while not live_file.exists() or not live_file.read_text():
                    if child.proc.poll() is not None or time.monotonic() > end:
                        raise RuntimeError(f"the board never went live; its screen:\n{child.tail()}")
                    time.sleep(0.001)
                live = float(live_file.read_text()) - child.started
            rss = child.peak_rss_mb()
        finally:
            child.stop()
        return ColdRun(ready - child.started, seen - child.started, rss, live)


def measure_cold(board: Path, size: str, cfg: Config) -> tuple[list[ColdRun], list[ColdRun], list[ColdRun]]:
    """Cold starts of the board, of the minimal app and (with `--baseline`) of the baseline's board:
    one warm-up run each, then `cfg.runs` rounds of one run each, in turn."""
    env = base_env(size, cfg.quick)
    board_cmd = [sys.executable, "-c", BOARD_PROGRAM, str(board)]
    minimal_cmd = [sys.executable, "-c", MINIMAL_PROGRAM]
    baseline_cmd = [cfg.baseline, "-c", BOARD_PROGRAM, str(board)] if cfg.baseline else None
    cold_start(board_cmd, env, live_hook=True)  # warm-up: page cache, .pyc, caches, start snapshot, CSS
    cold_start(minimal_cmd, env)
    if baseline_cmd:
        cold_start(baseline_cmd, env, live_hook=True)
    boards: list[ColdRun] = []
    minimals: list[ColdRun] = []
    baselines: list[ColdRun] = []
    for n in range(cfg.runs):  # interleaved, so all see the same machine load
        minimals.append(cold_start(minimal_cmd, env))
        if baseline_cmd and n % 2:  # the two boards take turns going first
            baselines.append(cold_start(baseline_cmd, env, live_hook=True))
        boards.append(cold_start(board_cmd, env, live_hook=True))
        if baseline_cmd and not n % 2:
            baselines.append(cold_start(baseline_cmd, env, live_hook=True))
    return boards, minimals, baselines


# -- in-process measures -------------------------------------------------------------------------------


@contextlib.contextmanager
def process_env(env: dict[str, str]) -> Iterator[None]:
    """Set the environment of this process for the in-process measures; restore it afterwards."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def pinned() -> datetime:
    return datetime.fromisoformat(PINNED_NOW).astimezone(UTC)


class Applied:
    """Counts the calls of the screens' `apply` methods (patched on their classes for the bench)."""

    def __init__(self) -> None:
        self.count = 0
        self.last: Any = None
        self._saved: list[tuple[type, str, Any]] = []

    def patch(self, cls: type, name: str) -> None:
        original = getattr(cls, name)
        counter = self

        def wrapped(screen: Any, *args: Any, **kwargs: Any) -> Any:
            result = original(screen, *args, **kwargs)
            counter.count += 1
            counter.last = args[0] if args else None
            return result

        self._saved.append((cls, name, original))
        setattr(cls, name, wrapped)

    def restore(self) -> None:
        for cls, name, original in reversed(self._saved):
            setattr(cls, name, original)
        self._saved.clear()


def patched_applies() -> Applied:
    from huddle_tui.ui.screens.board import BoardScreen
    from huddle_tui.ui.screens.detail import EscalationScreen, MetricScreen
    from huddle_tui.ui.screens.tier import TierScreen

    applied = Applied()
    applied.patch(BoardScreen, "apply")
    applied.patch(MetricScreen, "apply")
    applied.patch(EscalationScreen, "apply")
    applied.patch(TierScreen, "_apply")
    return applied


async def until(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > end:
            raise TimeoutError("the screen did not change in time")
        await asyncio.sleep(0.0005)


async def refreshed(app: Any) -> None:
    """Wait for the refresh after the current state of the app."""
    done = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: done.done() or done.set_result(None))
    await asyncio.wait_for(done, 30)


async def live_board(app: Any) -> Any:
    """The board screen once the board is open and its live data drawn: the app draws its start
    snapshot first and opens the board in a worker (ui/start.py); the measures are of the live board."""
    from huddle_tui.ui.screens.board import BoardScreen

    await until(lambda: isinstance(app.screen, BoardScreen) and app.screen.live)
    await app.workers.wait_for_complete()
    await refreshed(app)
    return app.screen


def press(app: Any, key: str) -> None:
    """Send one key the way the terminal driver does (Pilot.press also waits for the process to look
    idle, up to a second per key, which is not part of the latency)."""
    from textual import events

    char = {"enter": "\r", "escape": "\x1b"}.get(key, key if len(key) == 1 else None)
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


async def key_latency(board: Path, cfg: Config) -> dict[str, list[float]]:
    """Cursor moves, detail open/close and pane switches on the board (ms per key)."""
    from huddle_tui.ui.app import create_app
    from huddle_tui.ui.screens.board import BoardScreen
    from huddle_tui.ui.screens.detail import DetailScreen

    applied = patched_applies()
    out: dict[str, list[float]] = {"cursor": [], "detail": [], "back": [], "pane": []}
    try:
        app = create_app(board, now=pinned, watch=False, cursor_blink=False, animations=False)
        async with app.run_test(size=(COLS, ROWS)):
            screen = await live_board(app)
            assert isinstance(screen, BoardScreen)

            cpu: dict[str, list[float]] = {}

            async def timed(key: str, changed: Callable[[], bool], what: str = "") -> float:
                started, cpu_started = time.perf_counter(), time.process_time()
                press(app, key)
                await until(changed)
                await refreshed(app)
                if what:
                    cpu.setdefault(what, []).append((time.process_time() - cpu_started) * 1000)
                return (time.perf_counter() - started) * 1000

            # cursor: up and down the metrics table
            press(app, "1")
            await until(lambda: screen.pane == "metrics")
            table = screen.table("metrics")
            step = 1
            for _ in range(cfg.presses):
                row = table.cursor_row
                if not 0 <= row + step < table.row_count:
                    step = -step
                key = "j" if step > 0 else "k"
                out["cursor"].append(await timed(key, lambda r=row: table.cursor_row != r, "cursor"))
            # panes: 1-4 in turn
            for n in range(cfg.presses):
                pane = ("metrics", "ideas", "escalations", "actions")[(n + 1) % 4]
                out["pane"].append(await timed(str((n + 1) % 4 + 1), lambda p=pane: screen.pane == p, "pane"))
            # detail: Enter on a metric or an escalation, then Escape
            for n in range(cfg.presses):
                pane_key = "1" if n % 2 == 0 or not screen.table("escalations").row_count else "3"
                press(app, pane_key)
                await until(lambda k=pane_key: screen.pane == ("metrics" if k == "1" else "escalations"))
                await refreshed(app)
                before = applied.count
                out["detail"].append(
                    await timed(
                        "enter",
                        lambda b=before: isinstance(app.screen, DetailScreen) and applied.count > b,
                        "detail",
                    )
                )
                out["back"].append(await timed("escape", lambda: app.screen is screen, "back"))
            out.update({f"{what}_cpu": values for what, values in cpu.items()})
    finally:
        applied.restore()
    return out


async def remote_change(board: Path, size: str, cfg: Config, polling: bool) -> list[float]:
    """Seconds from the start of a write on another replica until the open board has shown it."""
    from huddle_tui.ui.app import create_app
    from huddle_tui.ui.screens.board import BoardScreen

    applied = patched_applies()
    env = base_env(size, cfg.quick)
    writer_env = dict(env, XDG_STATE_HOME=str(OUT / f"remote-state-{tag(size, cfg.quick)}"))
    app_env = {"HUDDLE_POLL": "1"} if polling else {}
    samples: list[float] = []
    shown_at: dict[str, float] = {}
    writer_replica = ""
    try:
        with process_env(app_env):
            app = create_app(board, now=pinned, watch=True, cursor_blink=False, animations=False)
            async with app.run_test(size=(COLS, ROWS)):
                screen = await live_board(app)
                assert isinstance(screen, BoardScreen)
                original = screen.apply

                def apply(loaded: Any) -> None:
                    original(loaded)
                    ids = {row.idea.id for row in loaded.board.ideas}
                    fresh = [i for i in ids if i not in shown_at]
                    if fresh:
                        app.call_after_refresh(lambda: shown_at.update(dict.fromkeys(fresh, time.time())))

                screen.apply = apply  # type: ignore[method-assign]
                await refreshed(app)
                shown_at.update(dict.fromkeys((r.idea.id for r in screen.board.ideas), 0.0))  # type: ignore[union-attr]
                writer = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-c",
                    WRITER_PROGRAM,
                    str(board),
                    screen.team_id,
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    env=writer_env,
                    cwd=ROOT,
                )
                assert writer.stdin is not None and writer.stdout is not None
                try:
                    ready = json.loads(await asyncio.wait_for(writer.stdout.readline(), 120))
                    writer_replica = ready["replica"]
                    interval = float(os.environ.get("HUDDLE_POLL_INTERVAL", "2")) if polling else 1.0
                    for n in range(cfg.remote + 1):  # the first write (the replica's first file) is a warm-up
                        await asyncio.sleep(random.uniform(0.2, 0.2 + interval))
                        writer.stdin.write(f"bench remote idea {n} {time.time():.3f}\n".encode())
                        await writer.stdin.drain()
                        done = json.loads(await asyncio.wait_for(writer.stdout.readline(), 60))
                        await until(lambda d=done: d["id"] in shown_at, timeout=60)
                        if n:
                            samples.append(shown_at[done["id"]] - done["started"])
                    writer.stdin.write(b"\n")
                    await writer.stdin.drain()
                    await asyncio.wait_for(writer.wait(), 30)
                finally:
                    if writer.returncode is None:
                        writer.kill()
                        await writer.wait()
    finally:
        applied.restore()
        # The board stays as generated: the writer's replica (its ideas) and its state go.
        if writer_replica:
            shutil.rmtree(board / "replicas" / writer_replica, ignore_errors=True)
        shutil.rmtree(writer_env["XDG_STATE_HOME"], ignore_errors=True)
    return samples


async def first_detail(board: Path) -> tuple[float, float, float]:
    """The first metric detail an app opens (its months are not read yet): ms from Enter until its data
    is drawn; the longest time the UI thread answered nothing meanwhile (the largest gap between the
    ticks of a task that wakes every 2 ms); and the same in the 0.3 s after (when the app builds its
    other detail screens)."""
    from huddle_tui.ui.app import create_app
    from huddle_tui.ui.screens.detail import DetailScreen

    applied = patched_applies()
    try:
        app = create_app(board, now=pinned, watch=False, cursor_blink=False, animations=False)
        async with app.run_test(size=(COLS, ROWS)):
            await live_board(app)
            await asyncio.sleep(0.5)
            ticks: list[float] = []
            ticking = True

            async def ticker() -> None:
                while ticking:
                    ticks.append(time.perf_counter())
                    await asyncio.sleep(0.002)

            task = asyncio.create_task(ticker())
            await asyncio.sleep(0.05)
            before = applied.count
            started = time.perf_counter()
            press(app, "enter")
            await until(lambda: isinstance(app.screen, DetailScreen) and applied.count > before)
            await refreshed(app)
            ended = time.perf_counter()
            shown = (ended - started) * 1000
            await asyncio.sleep(0.3)
            ticking = False
            await task
    finally:
        applied.restore()
    gaps = [(b, (b - a) * 1000) for a, b in itertools.pairwise(ticks) if b >= started]
    loading = max((gap for end, gap in gaps if end <= ended), default=0.0)
    after = max((gap for end, gap in gaps if end > ended), default=0.0)
    return shown, loading, after


async def rollup_open(board: Path, cfg: Config) -> tuple[list[float], list[float], int]:
    """ms from `r` on the board until a plant manager's roll-up is applied and drawn (wall, CPU of the
    process); and its row count."""
    from huddle_tui.domain.teams import Role
    from huddle_tui.services.session import open_session
    from huddle_tui.ui.app import create_app
    from huddle_tui.ui.screens.board import BoardScreen
    from huddle_tui.ui.screens.rollup import RollupScreen

    probe = open_session(board, now=pinned)
    try:
        top = min(probe.directory.teams(), key=lambda t: -t.tier)
        manager = next(
            p
            for p in probe.directory.people()
            if Role(p.role) is Role.MANAGER and p.team_id == top.id and p.login
        )
    finally:
        probe.close()
    applied = patched_applies()
    times: list[float] = []
    cpu: list[float] = []
    rows = 0
    try:
        app = create_app(
            lambda: open_session(board, as_login=manager.login, now=pinned),
            now=pinned,
            watch=False,
            cursor_blink=False,
            animations=False,
        )
        async with app.run_test(size=(COLS, ROWS)):
            await until(lambda: applied.count >= 2)  # the board and the manager's inbox
            await refreshed(app)
            if not isinstance(app.screen, BoardScreen):
                press(app, "escape")
                await until(lambda: isinstance(app.screen, BoardScreen))
            for _ in range(cfg.rollups):
                before = applied.count
                started, cpu_started = time.perf_counter(), time.process_time()
                press(app, "r")
                await until(lambda b=before: isinstance(app.screen, RollupScreen) and applied.count > b)
                await refreshed(app)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                rows = len(app.screen.view.rollup.rows)
                press(app, "escape")
                await until(lambda: isinstance(app.screen, BoardScreen))
                await refreshed(app)
    finally:
        applied.restore()
    return times, cpu, rows


def export_times(board: Path, size: str, cfg: Config) -> dict[str, float]:
    env = base_env(size, cfg.quick)
    out: dict[str, float] = {}
    for fmt in ("json", "csv"):
        runs = []
        for _ in range(1 if cfg.quick else 3):
            with tempfile.TemporaryDirectory(prefix="huddle-export-") as tmp:
                cmd = [sys.executable, "-m", "huddle_tui", "--board", str(board), "export", "--format", fmt]
                started = time.perf_counter()
                subprocess.run([*cmd, "--out", tmp], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
                runs.append(time.perf_counter() - started)
        out[fmt] = statistics.median(runs)
    return out


# -- the table -----------------------------------------------------------------------------------------


def cold_values(name: str, runs: list[ColdRun], minimals: list[ColdRun]) -> dict[str, Any]:
    """The medians of a board's cold starts (`name`, `name`_ready, `name`_live), and `name`_ratios: each
    run over the minimal run of the same round (their spread shows how much the machine moved)."""
    return {
        name: statistics.median(r.interactive for r in runs),
        f"{name}_ready": statistics.median(r.ready for r in runs),
        f"{name}_live": statistics.median(r.live or r.ready for r in runs),
        f"{name}_ratios": [b.interactive / m.interactive for b, m in zip(runs, minimals, strict=True)],
    }


def run_size(size: str, cfg: Config) -> Results:
    board = ensure_board(size, cfg.quick)
    res = Results(size)
    say = lambda what: print(f"[{tag(size, cfg.quick)}] {what} ...", file=sys.stderr, flush=True)  # noqa: E731
    say("cold start")
    boards, minimals, baselines = measure_cold(board, size, cfg)
    res.values.update(cold_values("cold", boards, minimals))
    if baselines:
        res.values.update(cold_values("baseline", baselines, minimals))
    res.values["minimal"] = statistics.median(r.interactive for r in minimals)
    res.values["minimal_ready"] = statistics.median(r.ready for r in minimals)
    res.values["rss"] = max((r.rss_mb or 0.0) for r in boards)
    res.values["minimal_rss"] = max((r.rss_mb or 0.0) for r in minimals)
    if cfg.cold_only:
        return res
    with process_env(base_env(size, cfg.quick)):
        say("key latency")
        res.values["keys"] = asyncio.run(key_latency(board, cfg))
        say("first detail")
        res.values["first_detail"] = asyncio.run(first_detail(board))
        say("roll-up")
        rollup = asyncio.run(rollup_open(board, cfg))
        res.values["rollup"], res.values["rollup_cpu"], res.values["rollup_rows"] = rollup
        say("remote change (inotify)")
        res.values["remote_inotify"] = asyncio.run(remote_change(board, size, cfg, polling=False))
        say("remote change (polling)")
        res.values["remote_poll"] = asyncio.run(remote_change(board, size, cfg, polling=True))
        res.values["poll_interval"] = float(os.environ.get("HUDDLE_POLL_INTERVAL", "2"))
    say("export")
    res.values["export"] = export_times(board, size, cfg)
    return res


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def quartiles(ratios: list[float]) -> str:
    """The first and third quartiles of `ratios`, as "1.42x to 1.61x"."""
    if len(ratios) < 2:
        return f"{ratios[0]:.2f}x" if ratios else "-"
    first, _median, third = statistics.quantiles(ratios, n=4)
    return f"{first:.2f}x to {third:.2f}x"


def build_rows(results: list[Results]) -> list[tuple[str, list[str], str, str]]:
    """(measure, value per size, target, PASS/MISS on the first size)."""
    rows: list[tuple[str, list[str], str, str]] = []

    def add(
        name: str, fmt: Callable[[Results], str], target: str, ok: Callable[[Results], bool] | None
    ) -> None:
        verdict = "" if ok is None else ("PASS" if ok(results[0]) else "MISS")
        rows.append((name, [fmt(r) for r in results], target, verdict))

    def keys(r: Results, what: str, q: float) -> float:
        return percentile(r.values["keys"][what], q)

    def ratio(r: Results) -> float:
        return r.values["cold"] / r.values["minimal"]

    add("cold start to interactive board (median)", lambda r: ms(r.values["cold"]), "", None)
    add("  of which to first data frame", lambda r: ms(r.values["cold_ready"]), "", None)
    add("  to the live board (the board opened)", lambda r: ms(r.values["cold_live"]), "", None)
    add("minimal Textual app, same measure", lambda r: ms(r.values["minimal"]), "", None)
    add("  ratio board / minimal", lambda r: f"{ratio(r):.2f}x", "<= 1.6x", lambda r: ratio(r) <= 1.6)
    add("    run by run (quartiles)", lambda r: quartiles(r.values["cold_ratios"]), "", None)
    if "baseline" in results[0].values:  # --baseline: the other checkout, in the same rounds
        add("baseline board, same measure", lambda r: ms(r.values["baseline"]), "", None)
        add("  of which to first data frame", lambda r: ms(r.values["baseline_ready"]), "", None)
        add("  to the live board", lambda r: ms(r.values["baseline_live"]), "", None)
        add(
            "  ratio baseline / minimal",
            lambda r: f"{r.values['baseline'] / r.values['minimal']:.2f}x",
            "<= 1.6x",
            None,
        )
        add("    run by run (quartiles)", lambda r: quartiles(r.values["baseline_ratios"]), "", None)
    if "keys" not in results[0].values:  # --cold-only
        return rows
    for what, label in (
        ("cursor", "key: cursor move"),
        ("pane", "key: switch pane (1-4)"),
        ("detail", "key: open detail (Enter)"),
        ("back", "key: close detail (Escape)"),
    ):
        add(f"{label} p50", lambda r, w=what: f"{keys(r, w, 0.5):.1f} ms", "", None)
        add(
            f"{label} p95",
            lambda r, w=what: f"{keys(r, w, 0.95):.1f} ms (CPU {keys(r, w + '_cpu', 0.95):.1f})",
            "< 50 ms",
            lambda r, w=what: keys(r, w, 0.95) < 50,
        )
    add(
        "first metric detail: data shown after",
        lambda r: f"{r.values['first_detail'][0]:,.0f} ms",
        "",
        None,
    )
    add(
        "  longest UI stall, loading / 0.3 s after",
        lambda r: f"{r.values['first_detail'][1]:,.0f} / {r.values['first_detail'][2]:,.0f} ms",
        "",
        None,
    )
    add(
        "remote change to screen, inotify p50",
        lambda r: ms(statistics.median(r.values["remote_inotify"])),
        "< 1 s",
        lambda r: statistics.median(r.values["remote_inotify"]) < 1.0,
    )
    add(
        "remote change to screen, polling p50",
        lambda r: f"{ms(statistics.median(r.values['remote_poll']))} (every {r.values['poll_interval']:g} s)",
        "< interval + 0.5 s",
        lambda r: statistics.median(r.values["remote_poll"]) < r.values["poll_interval"] + 0.5,
    )
    add(
        "roll-up open, plant manager (p50)",
        lambda r: (
            f"{statistics.median(r.values['rollup']):,.0f} ms "
            f"(CPU {statistics.median(r.values['rollup_cpu']):,.0f}; {r.values['rollup_rows']} rows)"
        ),
        "< 300 ms",
        lambda r: statistics.median(r.values["rollup"]) < 300,
    )
    add(
        "peak RSS, cold-start process (live board)",
        lambda r: f"{r.values['rss']:,.0f} MB (minimal {r.values['minimal_rss']:,.0f})",
        "< 150 MB",
        lambda r: r.values["rss"] < 150,
    )
    add(
        "huddle export, JSON",
        lambda r: ms(r.values["export"]["json"]),
        "< 3 s",
        lambda r: r.values["export"]["json"] < 3,
    )
    add(
        "huddle export, CSV",
        lambda r: ms(r.values["export"]["csv"]),
        "< 3 s",
        lambda r: r.values["export"]["csv"] < 3,
    )
    return rows


def print_table(results: list[Results], cfg: Config) -> None:
    from rich.console import Console
    from rich.table import Table

    load = os.getloadavg()
    title = (
        f"huddle app benchmark ({'quick, ' if cfg.quick else ''}{cfg.runs} cold starts, "
        f"{cfg.presses} presses per key; load average {load[0]:.1f}, {os.cpu_count()} CPUs)"
    )
    table = Table(title=title)
    table.add_column("measure")
    for r in results:
        table.add_column(f"{tag(r.size, cfg.quick)} board", justify="right")
    table.add_column(f"target ({tag(results[0].size, cfg.quick)})")
    table.add_column("")
    for name, values, target, verdict in build_rows(results):
        style = {"PASS": "green", "MISS": "bold red"}.get(verdict, "")
        table.add_row(name, *values, target, f"[{style}]{verdict}[/]" if style else "")
    Console(width=150).print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run.py app", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tiny plant board, few repetitions")
    parser.add_argument("--sizes", default=None, help="comma-separated demo sizes (default: plant,team)")
    parser.add_argument("--runs", type=int, default=None, help="cold starts per program (default 9)")
    parser.add_argument("--presses", type=int, default=None, help="presses per key (default 50)")
    parser.add_argument("--cold-only", action="store_true", help="measure the cold start alone")
    parser.add_argument(
        "--baseline",
        metavar="PYTHON",
        help="also cold-start the board of another checkout, in the same rounds: the python of an "
        "environment where it is installed (e.g. a git worktree's .venv/bin/python)",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    cfg = Config(
        sizes=(args.sizes or ("plant" if quick else "plant,team")).split(","),
        runs=args.runs or (1 if quick else 9),
        presses=args.presses or (5 if quick else 50),
        remote=1 if quick else 10,
        rollups=2 if quick else 7,
        quick=quick,
        cold_only=args.cold_only,
        baseline=args.baseline,
    )
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    results = [run_size(size, cfg) for size in cfg.sizes]
    print_table(results, cfg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
