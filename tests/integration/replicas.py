"""A huddle replica for the integration tests: one OS user on one "machine", driven through the CLI.

Each replica has its own state dir (XDG_STATE_HOME: replica id, lock, backups), HOME and OS login, and
points HUDDLE_BOARD at its device's copy of the synced folder, so three replicas on one host behave like
three machines.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The venv's python running the package directly: much faster than `uv run huddle` per call.
HUDDLE = [sys.executable, "-m", "huddle_tui"]
DRIVER = Path(__file__).with_name("cli_driver.py")


class CommandFailed(AssertionError):
    pass


@dataclass
class Replica:
    name: str
    board: Path
    root: Path
    os_user: str = "admin"

    def __post_init__(self) -> None:
        for sub in ("state", "home", "data", "config", "cache"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HUDDLE_", "XDG_"))}
        env.update(
            HUDDLE_BOARD=str(self.board),
            HUDDLE_OS_USER=self.os_user,
            XDG_STATE_HOME=str(self.root / "state"),
            XDG_DATA_HOME=str(self.root / "data"),
            XDG_CONFIG_HOME=str(self.root / "config"),
            XDG_CACHE_HOME=str(self.root / "cache"),
            HOME=str(self.root / "home"),
            NO_COLOR="1",
            COLUMNS="200",
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.update(extra)
        return env

    def cmd(self, *args: str) -> list[str]:
        return [*HUDDLE, *args]

    def run(
        self, *args: str, check: bool = True, timeout: float = 60, **env: str
    ) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            self.cmd(*args),
            capture_output=True,
            text=True,
            env=self.env(**env),
            stdin=subprocess.DEVNULL,
            timeout=timeout,
        )
        if check and proc.returncode != 0:
            raise CommandFailed(
                f"[{self.name}] huddle {' '.join(args)} -> exit {proc.returncode}\n"
                f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-4000:]}"
            )
        return proc

    def json(self, *args: str, **env: str) -> Any:
        out = self.run(*args, **env).stdout
        try:
            return json.loads(out)
        except ValueError as err:
            raise CommandFailed(f"[{self.name}] huddle {' '.join(args)}: not JSON: {out[:2000]!r}") from err

    def export(self) -> Any:
        """`huddle export --format json` into a fresh folder; returns the parsed board.json."""
        out = Path(tempfile.mkdtemp(prefix=f"export-{self.name}-", dir=self.root))
        self.run("export", "--format", "json", "--out", str(out))
        files = list(out.glob("*.json"))
        assert len(files) == 1, f"[{self.name}] export wrote {files}"
        data = json.loads(files[0].read_text())
        shutil.rmtree(out)
        return data

    def doctor(self) -> Any:
        return self.json("doctor", "--json")

    def start_driver(self, commands: list[dict], out_path: Path) -> subprocess.Popen:
        """Start cli_driver.py on `commands` ({"tag", "argv"} dicts); acknowledgements go to `out_path`."""
        in_path = out_path.with_suffix(".in.jsonl")
        in_path.write_text("".join(json.dumps(c) + "\n" for c in commands))
        with open(in_path) as stdin, open(out_path, "w") as stdout:
            return subprocess.Popen(
                [sys.executable, str(DRIVER)],
                stdin=stdin,
                stdout=stdout,
                stderr=subprocess.STDOUT,
                env=self.env(),
            )

    def run_batch(self, commands: list[dict], out_path: Path, timeout: float = 300) -> list[dict]:
        proc = self.start_driver(commands, out_path)
        proc.wait(timeout=timeout)
        return read_acks(out_path)

    def store_view(self, wanted: list[tuple[str, str, str | None]]) -> dict[str, Any]:
        """Read records straight from the store as this replica: merged fields, conflicts, full history.

        Returns {"kind/id": {"fields", "conflicts", "history": {field: [values oldest first]}} or None}.
        """
        proc = subprocess.run(
            [sys.executable, "-c", _STORE_VIEW, str(self.board), json.dumps(wanted)],
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=60,
        )
        if proc.returncode != 0:
            raise CommandFailed(f"[{self.name}] store view failed: {proc.stderr[-3000:]}")
        return json.loads(proc.stdout)

    def store_conflicts(self) -> dict[str, list[str]]:
        """Every record (all kinds, all partitions) flagged with a conflict: {"kind/id": [fields]}."""
        proc = subprocess.run(
            [sys.executable, "-c", _STORE_CONFLICTS, str(self.board)],
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=60,
        )
        if proc.returncode != 0:
            raise CommandFailed(f"[{self.name}] store census failed: {proc.stderr[-3000:]}")
        return json.loads(proc.stdout)

    @property
    def state_dir(self) -> Path:
        return self.root / "state"


_STORE_VIEW = """
import json, sys
from huddle_tui.store import Board
board = Board.open(sys.argv[1])
out = {}
for kind, rid, part in json.loads(sys.argv[2]):
    rec = board.get(kind, rid, part)
    hist = board.history(kind, rid, part)
    out[kind + "/" + rid] = None if rec is None else {
        "fields": rec.fields,
        "conflicts": sorted(rec.conflicts),
        "history": {f: [v.value for v in vs] for f, vs in hist.items()},
    }
board.close()
print(json.dumps(out, default=str))
"""


_STORE_CONFLICTS = """
import json, sys
from huddle_tui.store import Board
board = Board.open(sys.argv[1])
out = {}
for kind in board.kinds():
    for rec in board.all(kind):
        if rec.conflicts:
            out[kind + "/" + rec.id] = sorted(rec.conflicts)
board.close()
print(json.dumps(out))
"""


def read_acks(path: Path) -> list[dict]:
    """The driver's result lines (a torn last line, from a kill, is dropped: it was never acknowledged)."""
    results = []
    for line in path.read_text().splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and "rc" in item:
            results.append(item)
    return results


def failures(results: list[dict]) -> list[str]:
    return [f"{r['tag']}: rc={r['rc']} {r['err'].strip()[-500:]}" for r in results if r["rc"] != 0]
