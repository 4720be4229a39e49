"""Every hostile value through every text, number, date and id argument of every CLI command.

The table `SLOTS` lists, per command, each argument that takes user text; each slot is fed every value of
the corpus (plus the board's own ambiguous id prefixes for id slots) on a fresh copy of a small board.
For each input the outcome must be one of:

- exit 2, 3 or 4 with a short message on stderr that says what is wrong: no traceback, no exception class
  names, no control characters (an echoed value must not smuggle an escape sequence to the terminal);
  the board folder is byte-for-byte unchanged (every file and folder hashed before and after);
- exit 0, and then the `--json` list command for that slot reads back without error; for free-text
  slots the value is stored literally minus control characters (markup unchanged, ESC gone).

Nothing is excluded from the hash. The store rewrites files on read only to repair: it moves conflict
copies to `.huddle-merged/`, removes its own leftover temp files, and puts back its own replica files
that were damaged, deleted or replaced by an older copy (from the backup ring in its local state). The
template board has none of these, and every copy gets a fresh local state, so a healthy board is only
read; the replica folder and its `replica.json` appear with the first write.

Environment variables that carry user input ($HUDDLE_USER, $HUDDLE_NEW_PIN, ...) are slots too; a value
no environment can hold (NUL, a lone high surrogate) is counted as not representable, not as tried.
`demo --seed` is left out: it takes an int (argparse refuses the rest) and any int builds a whole demo
board, seconds each.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .conftest import NOW, Template, Workspace, board_hashes, run_main
from .corpus import ALL, csv_files, has_controls, shared_prefix, stripped

Build = Callable[[Template, str], list[str]]

TEXT, NUMBER, DATE, ID, REF, PATH = "text", "number", "date", "id", "ref", "path"


@dataclass(frozen=True)
class Slot:
    """One argument of one command: how to build argv around a value, and how to read it back."""

    label: str
    build: Build
    kind: str
    readback: tuple[str, ...] | None = None  # `--json` command whose output must hold the stored text
    user: str = "boss"
    id_kind: str | None = None  # for id slots: whose ambiguous prefix to add
    env: tuple[str, str | None] | None = None  # (variable, its usual value): the value goes there


def _id(t: Template, kind: str, n: int = 0) -> str:
    return t.ids[kind][n]


def _slots() -> list[Slot]:
    s: list[Slot] = []

    def add(label: str, build: Build, kind: str, readback: tuple[str, ...] | None = None, **kw: Any) -> None:
        s.append(Slot(label, build, kind, readback, **kw))

    # global options
    add("--as", lambda t, v: ["--as", v, "idea", "add", "x", "--team", "Line 1"], REF, user="kiosk1")
    add(
        "--pin",
        lambda t, v: ["--as", "sue", "--pin", v, "idea", "add", "x", "--team", "Line 1"],
        TEXT,
        user="kiosk1",
    )
    add("--board", lambda t, v: ["--board", v, "team", "list", "--json"], PATH)
    add("doctor --board", lambda t, v: ["doctor", "--board", v], PATH)
    # settings
    teams = ("team", "list", "--json")
    settings = ("settings", "--json")
    add("settings --name", lambda t, v: ["settings", "--name", v], TEXT, settings)
    add("settings --timezone", lambda t, v: ["settings", "--timezone", v], TEXT, settings)
    add("settings --response", lambda t, v: ["settings", "--response", v], TEXT, settings)
    add("settings --response high=", lambda t, v: ["settings", "--response", f"high={v}"], NUMBER, settings)
    add("settings --idea-answer-hours", lambda t, v: ["settings", "--idea-answer-hours", v], NUMBER, settings)
    # teams and people
    add("team add NAME", lambda t, v: ["team", "add", v, "--parent", "Area A"], TEXT, teams)
    add("team add --parent", lambda t, v: ["team", "add", "New team", "--parent", v], REF, teams)
    add("team add --tier", lambda t, v: ["team", "add", "New team", "--tier", v], NUMBER, teams)
    people = ("person", "list", "--json")
    add(
        "person add NAME",
        lambda t, v: ["person", "add", v, "--login", "new", "--role", "ic", "--team", "Line 1"],
        TEXT,
        people,
    )
    add(
        "person add --login",
        lambda t, v: ["person", "add", "New", "--login", v, "--role", "ic", "--team", "Line 1"],
        TEXT,
        people,
    )
    add(
        "person add --team",
        lambda t, v: ["person", "add", "New", "--login", "new", "--role", "ic", "--team", v],
        REF,
        people,
    )
    add("person pin PERSON", lambda t, v: ["person", "pin", v, "--clear"], REF, people)
    # metrics
    metrics = ("metric", "list", "--json")

    def metric_add(**over: str) -> Build:
        def build(t: Template, v: str) -> list[str]:
            opts = {
                "--team": "Line 1",
                "--category": "Quality",
                "--target": "2",
                "--better": "lower",
                "--unit": "%",
                "--warn": "3",
                "--feeds": None,
            }
            name = "Scrap"
            argv = ["metric", "add"]
            for key in over:
                if key == "NAME":
                    name = v
                else:
                    opts[key] = v
            argv.append(name)
            for key, value in opts.items():
                if value is not None:
                    argv += [key, value]
            return argv

        return build

    add("metric add NAME", metric_add(NAME="v"), TEXT, metrics)
    for opt, kind in (
        ("--team", REF),
        ("--category", TEXT),
        ("--target", NUMBER),
        ("--unit", TEXT),
        ("--warn", NUMBER),
        ("--feeds", REF),
    ):
        add(f"metric add {opt}", metric_add(**{opt: "v"}), kind, metrics)
    add("metric list --team", lambda t, v: ["metric", "list", "--team", v, "--json"], REF)
    add("metric target METRIC", lambda t, v: ["metric", "target", v, "90", "--team", "Line 1"], REF, metrics)
    add(
        "metric target TARGET",
        lambda t, v: ["metric", "target", "OEE", v, "--team", "Line 1"],
        NUMBER,
        metrics,
    )
    add("metric target --team", lambda t, v: ["metric", "target", "OEE", "90", "--team", v], REF, metrics)
    add(
        "metric target --warn",
        lambda t, v: ["metric", "target", "OEE", "90", "--team", "Line 1", "--warn", v],
        NUMBER,
        metrics,
    )
    # readings
    board = ("board", "Line 1", "--json", "--date", "2026-11-25")
    add("log METRIC", lambda t, v: ["log", v, "90", "--team", "Line 1", "--date", "2026-11-25"], REF, board)
    add(
        "log VALUE",
        lambda t, v: ["log", "OEE", v, "--team", "Line 1", "--date", "2026-11-25", "--reason", "r"],
        NUMBER,
        board,
    )
    add("log --team", lambda t, v: ["log", "OEE", "90", "--team", v, "--date", "2026-11-25"], REF, board)
    add(
        "log --date",
        lambda t, v: ["log", "OEE", "90", "--team", "Line 1", "--date", v],
        DATE,
        ("board", "Line 1", "--json"),
    )
    add(
        "log --shift",
        lambda t, v: ["log", "OEE", "90", "--team", "Line 1", "--date", "2026-11-25", "--shift", v],
        NUMBER,
        board,
    )
    add(
        "log --reason",
        lambda t, v: ["log", "OEE", "10", "--team", "Line 1", "--date", "2026-11-25", "--reason", v],
        TEXT,
        ("export", "--format", "json", "--out", "exported"),
    )
    # ideas
    ideas = ("idea", "list", "--json")
    add("idea add TITLE", lambda t, v: ["idea", "add", v, "--team", "Line 1"], TEXT, ideas)
    add("idea add --team", lambda t, v: ["idea", "add", "x", "--team", v], REF, ideas)
    add(
        "idea add --detail", lambda t, v: ["idea", "add", "x", "--team", "Line 1", "--detail", v], TEXT, ideas
    )
    add(
        "idea decide ID",
        lambda t, v: ["idea", "decide", v, "under_review", "--reason", "r"],
        ID,
        ideas,
        id_kind="idea",
    )
    add(
        "idea decide STATUS", lambda t, v: ["idea", "decide", _id(t, "idea"), v, "--reason", "r"], TEXT, ideas
    )
    add(
        "idea decide --reason",
        lambda t, v: ["idea", "decide", _id(t, "idea"), "rejected", "--reason", v],
        TEXT,
        ideas,
    )
    add("idea list --team", lambda t, v: ["idea", "list", "--team", v, "--json"], REF)
    add("idea list --status", lambda t, v: ["idea", "list", "--status", v, "--json"], TEXT)
    add("idea comment ID", lambda t, v: ["idea", "comment", v, "c"], ID, ideas, id_kind="idea")
    add(
        "idea comment TEXT",
        lambda t, v: ["idea", "comment", _id(t, "idea"), v],
        TEXT,
        ("export", "--format", "json", "--out", "exported"),
    )
    # actions
    actions = ("action", "list", "--json")
    add(
        "action add TITLE",
        lambda t, v: ["action", "add", v, "--team", "Line 1", "--owner", "ian", "--due", "2026-12-01"],
        TEXT,
        actions,
    )
    add(
        "action add --team",
        lambda t, v: ["action", "add", "a", "--team", v, "--owner", "ian", "--due", "2026-12-01"],
        REF,
        actions,
    )
    add(
        "action add --owner",
        lambda t, v: ["action", "add", "a", "--team", "Line 1", "--owner", v, "--due", "2026-12-01"],
        REF,
        actions,
    )
    add(
        "action add --due",
        lambda t, v: ["action", "add", "a", "--team", "Line 1", "--owner", "ian", "--due", v],
        DATE,
        actions,
    )
    add(
        "action add --from",
        lambda t, v: [
            "action",
            "add",
            "a",
            "--team",
            "Line 1",
            "--owner",
            "ian",
            "--due",
            "2026-12-01",
            "--from",
            v,
        ],
        ID,
        actions,
        id_kind="idea",
    )
    add("action done ID", lambda t, v: ["action", "done", v], ID, actions, id_kind="action")
    add("action done --note", lambda t, v: ["action", "done", _id(t, "action"), "--note", v], TEXT, actions)
    add(
        "action cancel ID",
        lambda t, v: ["action", "cancel", v, "--reason", "r"],
        ID,
        actions,
        id_kind="action",
    )
    add(
        "action cancel --reason",
        lambda t, v: ["action", "cancel", _id(t, "action"), "--reason", v],
        TEXT,
        actions,
    )
    add("action list --team", lambda t, v: ["action", "list", "--team", v, "--json"], REF)
    add("action list --owner", lambda t, v: ["action", "list", "--owner", v, "--json"], REF)
    # objectives
    objectives = ("objective", "list", "--json")
    add("objective add TEXT", lambda t, v: ["objective", "add", v, "--team", "Line 1"], TEXT, objectives)
    add("objective add --team", lambda t, v: ["objective", "add", "o", "--team", v], REF, objectives)
    add(
        "objective add --metric",
        lambda t, v: ["objective", "add", "o", "--team", "Line 1", "--metric", v],
        REF,
        objectives,
    )
    add("objective list --team", lambda t, v: ["objective", "list", "--team", v, "--json"], REF)
    # escalations
    escs = ("escalation", "list", "--json")
    add("escalate TITLE", lambda t, v: ["escalate", v, "--team", "Line 1", "--severity", "high"], TEXT, escs)
    add("escalate --team", lambda t, v: ["escalate", "e", "--team", v, "--severity", "high"], REF, escs)
    add(
        "escalate --need",
        lambda t, v: ["escalate", "e", "--team", "Line 1", "--severity", "high", "--need", v],
        TEXT,
        escs,
    )
    add(
        "escalate --by",
        lambda t, v: ["escalate", "e", "--team", "Line 1", "--severity", "high", "--by", v],
        DATE,
        escs,
    )
    for verb in ("up", "down"):
        add(
            f"escalation {verb} ID",
            lambda t, v, verb=verb: ["escalation", verb, v, "--reason", "r"],
            ID,
            escs,
            id_kind="escalation",
        )
        add(
            f"escalation {verb} --reason",
            lambda t, v, verb=verb: ["escalation", verb, _id(t, "escalation"), "--reason", v],
            TEXT,
            ("escalation", "show", "{escalation}", "--json"),
        )
    add(
        "escalation to ID",
        lambda t, v: ["escalation", "to", v, "Maintenance", "--reason", "r"],
        ID,
        escs,
        id_kind="escalation",
    )
    add(
        "escalation to TEAM",
        lambda t, v: ["escalation", "to", _id(t, "escalation"), v, "--reason", "r"],
        REF,
        escs,
    )
    add(
        "escalation to --reason",
        lambda t, v: ["escalation", "to", _id(t, "escalation"), "Maintenance", "--reason", v],
        TEXT,
        ("escalation", "show", "{escalation}", "--json"),
    )
    for verb in ("ack", "answer", "close", "reopen", "comment"):
        add(
            f"escalation {verb} ID",
            lambda t, v, verb=verb: ["escalation", verb, v, "--text", "t"],
            ID,
            escs,
            id_kind="escalation",
        )
        add(
            f"escalation {verb} --text",
            lambda t, v, verb=verb: ["escalation", verb, _id(t, "escalation"), "--text", v],
            TEXT,
            ("escalation", "show", "{escalation}", "--json"),
        )
    add("escalation show ID", lambda t, v: ["escalation", "show", v, "--json"], ID, id_kind="escalation")
    add("escalation list --team", lambda t, v: ["escalation", "list", "--team", v, "--json"], REF)
    # views
    for cmd in ("board", "rollup", "minutes"):
        add(f"{cmd} TEAM", lambda t, v, cmd=cmd: [cmd, v], REF)
        add(f"{cmd} --date", lambda t, v, cmd=cmd: [cmd, "Line 1", "--date", v], DATE)
    add("kpis --team", lambda t, v: ["kpis", "--team", v, "--json"], REF)
    add("kpis --since", lambda t, v: ["kpis", "--since", v, "--json"], DATE)
    add("kpis --until", lambda t, v: ["kpis", "--until", v, "--json"], DATE)
    add("support --team", lambda t, v: ["support", "--team", v, "--json"], REF)
    # transfer
    add("export --out", lambda t, v: ["export", "--out", v], PATH)
    add("import readings FILE", lambda t, v: ["import", "readings", v], PATH)
    add("import board FILE", lambda t, v: ["import", "board", v, "--board", "new-board"], PATH)
    # choices (argparse refuses anything else before the board is opened)
    add(
        "person add --role",
        lambda t, v: ["person", "add", "N", "--login", "n", "--role", v, "--team", "Line 1"],
        TEXT,
    )
    add("escalate --severity", lambda t, v: ["escalate", "e", "--team", "Line 1", "--severity", v], TEXT)
    add("idea add --impact", lambda t, v: ["idea", "add", "x", "--team", "Line 1", "--impact", v], TEXT)
    add("export --format", lambda t, v: ["export", "--format", v], TEXT)
    add("backup --out", lambda t, v: ["backup", "--out", v], PATH)
    add("restore FILE", lambda t, v: ["restore", v, "--board", "restored-board"], PATH)
    # environment variables (values no environment can hold, NUL above all, are counted as skipped)
    add("$HUDDLE_NEW_PIN", lambda t, v: ["person", "pin", "sue"], TEXT, env=("HUDDLE_NEW_PIN", "4711"))
    add("$HUDDLE_NOW", lambda t, v: ["idea", "add", "x", "--team", "Line 1"], DATE, env=("HUDDLE_NOW", NOW))
    add("$HUDDLE_USER", lambda t, v: ["idea", "add", "x", "--team", "Line 1"], REF, env=("HUDDLE_USER", None))
    add(
        "$HUDDLE_OS_USER",
        lambda t, v: ["idea", "add", "x", "--team", "Line 1"],
        REF,
        env=("HUDDLE_OS_USER", "boss"),
    )
    add("$HUDDLE_BOARD", lambda t, v: ["team", "list", "--json"], PATH, env=("HUDDLE_BOARD", None))
    return s


SLOTS = _slots()

_EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception|Interrupt)\b|Traceback")
MAX_STDERR = 2000


def _values(slot: Slot, t: Template) -> list[tuple[str, str]]:
    values = [(h.name, h.value) for h in ALL]
    if slot.kind in (ID, REF):
        kinds = [slot.id_kind] if slot.id_kind else ["team", "person", "metric"]
        for kind in kinds:
            values.append((f"ambiguous-{kind}-prefix", shared_prefix(t.ids[kind])))
            values.append((f"ambiguous-{kind}-first-char", t.ids[kind][0][:1]))
        values.append(("other-kind-id", t.ids["idea"][0] if slot.id_kind != "idea" else t.ids["action"][0]))
    return values


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def _check_refusal(rc: int, err: str) -> list[str]:
    problems = []
    if rc not in (2, 3, 4):
        problems.append(f"exit {rc} (want 0, 2, 3 or 4)")
    if not err.strip():
        problems.append("no message on stderr")
    if _EXCEPTION_NAME.search(err):
        problems.append(f"traceback or exception name on stderr: {err[:300]!r}")
    if has_controls(err.replace("\n", "")):
        problems.append(f"control characters on stderr: {err[:200]!r}")
    if len(err) > MAX_STDERR:
        problems.append(f"stderr is {len(err)} characters long")
    # argparse usage errors: the usage (possibly wrapped), one "huddle ...: error: ..." line, a hint
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith(("usage:", " "))]
    message = [ln for ln in lines if ln.startswith("huddle")]
    if len(message) != 1:
        problems.append(f"not one 'huddle...' message line: {err[:300]!r}")
    elif ": error: " in message[0]:
        if len(lines) > 2:
            problems.append(f"more than a short usage error: {err[:300]!r}")
    elif len(lines) > 1:
        problems.append(f"message is not one line: {err[:300]!r}")
    return problems


def _check_readback(ws: Workspace, slot: Slot, value: str) -> list[str]:
    assert slot.readback is not None
    argv = [a.replace("{escalation}", ws.template.ids["escalation"][0]) for a in slot.readback]
    rc, out, err = ws.run(argv)
    if rc != 0:
        return [f"read-back {' '.join(argv)} failed with exit {rc}: {err[:300]!r}"]
    if argv[0] == "export":
        out = (ws.root.parent / "exported" / "board.json").read_text(encoding="utf-8")
        (ws.root.parent / "exported" / "board.json").unlink()
    strings = _strings(json.loads(out))
    problems = []
    bad = [s for s in strings if has_controls(s)]
    if bad:
        problems.append(f"control characters stored: {bad[0][:80]!r}")
    if slot.kind == TEXT:
        want = stripped(value)
        if want and not any(stripped(s) == want for s in strings):
            near = [s[:60] for s in strings if want[:5] in stripped(s)][:3]
            problems.append(f"not stored literally: want {want[:60]!r}, near {near!r}")
    return problems


@pytest.mark.parametrize("slot", SLOTS, ids=[s.label for s in SLOTS])
def test_every_hostile_value(slot: Slot, workspaces: Callable[[int], Workspace], template: Template) -> None:
    failures: list[str] = []
    values = _values(slot, template)
    ws = workspaces(0)
    before = board_hashes(ws.board)
    for n, (name, value) in enumerate(values):
        try:
            rc, out, err = _run(ws, slot, template, value)
        except _Unrepresentable:
            _SKIPPED[slot.label] = _SKIPPED.get(slot.label, 0) + 1
            continue
        except BaseException as exc:
            failures.append(f"{name}: raised {type(exc).__name__}: {str(exc)[:200]}")
            ws = workspaces(n + 1)
            before = board_hashes(ws.board)
            continue
        if rc == 0:
            if has_controls(out.replace("\n", "")):
                failures.append(f"{name}: control characters on stdout: {out[:200]!r}")
            if slot.readback:
                failures += [f"{name}: {p}" for p in _check_readback(ws, slot, value)]
            if board_hashes(ws.board) != before:  # a write: start the next value on a fresh copy
                ws = workspaces(n + 1)
                before = board_hashes(ws.board)
            continue
        failures += [f"{name}: {p}" for p in _check_refusal(rc, err)]
        after = board_hashes(ws.board)
        if after != before:
            changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            failures.append(f"{name}: refused (exit {rc}) but the board changed: {changed[:5]}")
            ws = workspaces(n + 1)
            before = board_hashes(ws.board)
    tried = len(values) - _SKIPPED.get(slot.label, 0)
    _TALLY[slot.label] = (tried, len({f.split(":")[0] for f in failures}))
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(failures)


_TALLY: dict[str, tuple[int, int]] = {}
_SKIPPED: dict[str, int] = {}


class _Unrepresentable(Exception):
    """The value cannot be put into an environment variable at all (NUL, unencodable characters)."""


def _run(ws: Workspace, slot: Slot, t: Template, value: str) -> tuple[int, str, str]:
    """Run the slot's command with `value` in its argument or in its environment variable."""
    if slot.env is None:
        return ws.run(slot.build(t, value), user=slot.user)
    name, usual = slot.env
    ws.monkeypatch.setenv("HUDDLE_OS_USER", slot.user)
    try:
        ws.monkeypatch.setenv(name, value)
        os.environ.get(name)  # a lone high surrogate cannot be encoded: no environment can hold it
    except (ValueError, UnicodeEncodeError) as err:
        raise _Unrepresentable from err
    try:
        return run_main(slot.build(t, value))
    finally:
        if name == "HUDDLE_BOARD":
            ws.monkeypatch.setenv(name, str(ws.board))
        elif usual is None:
            ws.monkeypatch.delenv(name, raising=False)
        else:
            ws.monkeypatch.setenv(name, usual)


def test_number_slots_store_finite_numbers(workspaces: Callable[[int], Workspace]) -> None:
    """An accepted target is a finite number; `1_000`, `-0` and `12,5` are read as 1000, 0 and 12.5."""
    ws = workspaces(0)
    for text, want in (("1_000", 1000.0), ("-0", 0.0), ("12,5", 12.5)):
        rc, _out, err = ws.run(["metric", "target", "OEE", text, "--team", "Line 1", "--warn", "none"])
        assert rc == 0, err
        rc, out, _err = ws.run(["metric", "list", "--team", "Line 1", "--json"])
        target = json.loads(out)[0]["target"]
        assert math.isfinite(target) and target == want


# --- CSV files -----------------------------------------------------------------------------------------


def test_hostile_csv_files(workspaces: Callable[[int], Workspace], tmp_path: Path) -> None:
    files = csv_files(tmp_path / "csv")
    # a header-only file imports nothing (exit 0); a NUL in a reason is dropped like any control
    accepted = {"bom", "markup-reason", "header-only", "nul-byte"}
    failures: list[str] = []
    for n, (name, path) in enumerate(files.items()):
        if name == "100k-bad-last":  # its own test below (parsing it takes seconds)
            continue
        ws = workspaces(n)
        before = board_hashes(ws.board)
        rc, _out, err = ws.run(["import", "readings", str(path)])
        if name in accepted:
            if rc != 0:
                failures.append(f"{name}: refused: {err[:200]}")
            continue
        # the first line says what is wrong; then at most 20 bad rows, indented, and "... and N more"
        head, *rows = err.splitlines() or [""]
        failures += [f"{name}: {p}" for p in _check_refusal(rc, head + "\n")]
        if len(rows) > 21 or not all(r.startswith("  ") and not has_controls(r) for r in rows):
            failures.append(f"{name}: more than a short list of bad rows: {err[:300]!r}")
        if board_hashes(ws.board) != before:
            failures.append(f"{name}: refused but the board changed")
    assert not failures, "\n".join(failures)


def test_hundred_thousand_rows_with_one_bad_row_names_its_line(
    workspaces: Callable[[int], Workspace], tmp_path: Path
) -> None:
    path = csv_files(tmp_path / "csv")["100k-bad-last"]
    ws = workspaces(0)
    before = board_hashes(ws.board)
    rc, _out, err = ws.run(["import", "readings", str(path)])
    assert rc == 2 and err.splitlines()[1].startswith("  line 100002:"), err[:300]
    assert len(err.splitlines()) == 2
    assert board_hashes(ws.board) == before


def test_markup_reason_from_csv_is_stored_literally(
    workspaces: Callable[[int], Workspace], tmp_path: Path
) -> None:
    path = csv_files(tmp_path / "csv")["markup-reason"]
    ws = workspaces(0)
    rc, _out, err = ws.run(["import", "readings", str(path)])
    assert rc == 0, err
    rc, _out, err = ws.run(["export", "--format", "json", "--out", str(tmp_path / "exp")])
    assert rc == 0, err
    strings = _strings(json.loads((tmp_path / "exp" / "board.json").read_text(encoding="utf-8")))
    assert "[@click=app.quit]x [31m" in strings  # markup as typed, the ESC before [31m dropped
    assert not any(has_controls(s) for s in strings)


# --- a real terminal process ------------------------------------------------------------------------------


def test_no_traceback_reaches_the_terminal(template: Template, tmp_path: Path) -> None:
    """One subprocess sample: undecodable argv bytes, markup and escapes; stderr is one plain line."""
    import shutil

    board = tmp_path / "board"
    shutil.copytree(template.board, board)
    env = {
        **os.environ,
        "HUDDLE_BOARD": str(board),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "HUDDLE_OS_USER": "boss",
        "HUDDLE_NOW": "2026-11-27T08:00:00Z",
    }
    env.pop("HUDDLE_DEBUG", None)
    env.pop("HUDDLE_USER", None)
    before = board_hashes(board)
    for argv in (
        [b"log", b"OEE", b"\xff\xfe", b"--team", b"Line 1"],
        [b"idea", b"decide", b"\x1b[31m", b"approved", b"--reason", b"x"],
        [b"team", b"add", b"x", b"--parent", b"a[/]b\xff"],
    ):
        run = subprocess.run(
            [sys.executable, "-c", "import sys; from huddle_tui.cli import main; sys.exit(main())", *argv],
            env=env,
            capture_output=True,
            timeout=60,
            check=False,
        )
        err = run.stderr.decode("utf-8", "replace")
        assert run.returncode in (2, 3, 4), err
        assert "Traceback" not in err and "\x1b" not in err and len(err.splitlines()) == 1, err
    assert board_hashes(board) == before


def test_report_counts() -> None:
    """Print the tally (inputs tried, inputs that failed) of the slot tests that ran before this one."""
    if _TALLY:
        tried = sum(a for a, _ in _TALLY.values())
        failed = sum(b for _, b in _TALLY.values())
        skipped = sum(_SKIPPED.values())  # values no environment variable can hold
        print(
            f"\nhostile CLI inputs: {tried} tried over {len(_TALLY)} slots, {failed} failed "
            f"({skipped} not representable in an environment variable)"
        )
