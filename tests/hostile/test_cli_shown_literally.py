"""Hostile text stored on the board is *shown* literally by every human-readable CLI view: markup appears
as typed (never parsed, never styled away), and no control character reaches the terminal."""

from __future__ import annotations

import json
from collections.abc import Callable

from .conftest import Workspace
from .corpus import ESCAPES, MARKUP, UNICODE, has_controls, stripped

SHORT = [h.value for h in MARKUP + ESCAPES + UNICODE if len(h.value) < 60]

VIEWS: list[list[str]] = [
    ["team", "list"],
    ["person", "list"],
    ["metric", "list"],
    ["idea", "list"],
    ["action", "list"],
    ["objective", "list"],
    ["escalation", "list"],
    ["board", "Line 1", "--date", "2026-11-26"],
    ["rollup", "Plant"],
    ["inbox"],
    ["kpis"],
    ["support"],
    ["settings"],
    ["doctor"],
]


def test_every_view_shows_hostile_text_literally(workspaces: Callable[[int], Workspace]) -> None:
    ws = workspaces(0)
    for n, value in enumerate(SHORT):
        for argv in (
            ["idea", "add", value, "--team", "Line 1"],
            ["action", "add", value, "--team", "Line 1", "--owner", "ian", "--due", "2026-12-01"],
            ["escalate", value, "--team", "Line 1", "--severity", "high"],
            ["objective", "add", value, "--team", "Line 1"],
            ["team", "add", f"{value} {n}", "--parent", "Area A"],
        ):
            rc, _out, err = ws.run(argv)
            assert rc == 0, (argv, err)
    escs = json.loads(ws.run(["escalation", "list", "--json"])[1])
    esc_id = next(e["id"] for e in escs if e["title"] == "[@click=app.quit]x")
    markup = [stripped(h.value) for h in MARKUP]
    for argv in [*VIEWS, ["escalation", "show", esc_id]]:
        rc, out, err = ws.run(argv)
        assert rc == 0, (argv, err)
        assert not has_controls(out.replace("\n", "")), (argv, out[:300])
        shown = " ".join(out.split())
        if argv[1:2] == ["list"] and argv[0] != "person" and argv[0] != "metric":
            missing = [v for v in markup if v not in shown]
            assert not missing, (argv, missing)
        if argv[1:2] == ["show"]:
            assert "[@click=app.quit]x" in shown, out
