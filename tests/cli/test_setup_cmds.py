"""`huddle init`, `team`, `person`, `metric` through the real entry point: output, --json, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_init_on_a_new_folder(tmp_path: Path, cli) -> None:
    target = tmp_path / "new-board"
    result = cli.ok("--board", str(target), "init", "--name", "Plant Lyon")
    assert "Board 'Plant Lyon' created" in result.out and "boss" in result.out
    again = cli("init", "--name", "Again", "--board", str(target))
    assert again.rc == 2 and "already set up" in again.err
    bad = cli("--board", str(tmp_path / "b2"), "init", "--name", "X", "--timezone", "Nowhere/Land")
    assert bad.rc == 2 and "time zone" in bad.err


def test_team_list_json_and_table(cli) -> None:
    rows = cli.ok("team", "list", "--json").json()
    assert [(r["name"], r["tier"], r["depth"]) for r in rows] == [
        ("Plant", 3, 0), ("Area A", 2, 1), ("Line 1", 1, 2), ("Line 2", 1, 2), ("Maintenance", 2, 1),
    ]  # fmt: skip
    assert set(rows[0]) == {"id", "name", "tier", "tier_name", "parent_id", "parent", "depth"}
    table = cli.ok("team", "list").out
    assert "Line 1" in table and "Area" in table


def test_team_add_refused_and_invalid(cli) -> None:
    refused = cli("team", "add", "Line 3", "--parent", "Area A", user="max")
    assert refused.rc == 3 and "needs an admin" in refused.err
    missing = cli("team", "add", "Line 3", "--parent", "Aera A")
    assert missing.rc == 2 and "Did you mean: Area A" in missing.err
    assert cli("team", "add", "Line 3", "--parent", "Area A").rc == 0
    assert cli("team").rc == 2  # an action is required


def test_person_commands(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = cli.ok("person", "list", "--json").json()
    pia = next(r for r in rows if r["login"] == "pia")
    assert pia["has_pin"] is True and pia["team"] == "Line 1" and pia["role"] == "supervisor"
    assert "pin_hash" not in pia
    dup = cli("person", "add", "Ian Two", "--login", "ian", "--role", "ic", "--team", "Line 1")
    assert dup.rc == 2 and "already belongs" in dup.err
    bad_role = cli("person", "add", "X", "--login", "x", "--role", "boss", "--team", "Line 1")
    assert bad_role.rc == 2 and "invalid choice" in bad_role.err
    refused = cli("person", "add", "X", "--login", "x", "--role", "ic", "--team", "Line 1", user="sue")
    assert refused.rc == 3
    monkeypatch.setenv("HUDDLE_NEW_PIN", "12")
    short = cli("person", "pin", user="sue")
    assert short.rc == 2 and "4 to 12 digits" in short.err
    monkeypatch.setenv("HUDDLE_NEW_PIN", "2468")
    assert "PIN of Sue Super set" in cli.ok("person", "pin", user="sue").out
    assert cli("person", "pin", "max", user="sue").rc == 3
    assert "removed" in cli.ok("person", "pin", "sue", "--clear").out


def test_metric_commands(cli) -> None:
    result = cli.ok(
        "metric", "add", "Downtime", "--team", "Line 2", "--category", "Cost", "--target", "30",
        "--better", "lower", "--warn", "45", "--per-shift", user="max",
    )  # fmt: skip
    assert "Added Cost metric Downtime to Line 2" in result.out
    feeds = cli.ok(
        "metric", "add", "OEE", "--team", "Line 2", "--category", "D", "--target", "85",
        "--better", "higher", "--feeds", "Area A/OEE",
    )  # fmt: skip
    assert "Delivery" in feeds.out
    rows = cli.ok("metric", "list", "--team", "Line 2", "--json").json()
    assert [(r["name"], r["frequency"], r["feeds_name"]) for r in rows] == [
        ("OEE", "daily", "Area A/OEE"), ("Downtime", "shift", None),
    ]  # fmt: skip
    argv = ["metric", "add", "X", "--team", "Line 1", "--category", "Q", "--target", "90"]
    bad = cli(*argv, "--better", "higher", "--warn", "95")
    assert bad.rc == 2 and "below the target" in bad.err
    assert cli("metric", "add", "X", "--team", "Line 1", "--category", "Q", "--target", "9", "--better",
               "higher", user="ian").rc == 3  # fmt: skip
    target = cli.ok("metric", "target", "OEE", "88", "--team", "Line 1", "--warn", "none", user="sue")
    assert "target 88 (higher is better)" in target.out
    assert cli("metric", "target", "OEE", "88", "--team", "Line 1", user="ian").rc == 3
    assert "OEE" in cli.ok("metric", "list").out


def test_missing_board_exits_4(tmp_path: Path, cli) -> None:
    result = cli("--board", str(tmp_path / "nowhere"), "team", "list")
    assert result.rc == 4 and "No board folder" in result.err and "Traceback" not in result.err
    not_a_board = tmp_path / "plain"
    not_a_board.mkdir()
    result = cli("--board", str(not_a_board), "team", "list")
    assert result.rc == 4 and "not a huddle board" in result.err


def test_settings(cli) -> None:
    data = cli.ok("settings", "--json").json()
    assert data["name"] == "Riverside" and data["response_hours"]["critical"] == 1
    changed = cli.ok("settings", "--timezone", "Europe/Berlin", "--response", "high=2", "--json").json()
    assert changed["timezone"] == "Europe/Berlin" and changed["response_hours"]["high"] == 2
    assert "response time high" in cli.ok("settings").out
    assert cli("settings", "--response", "high", "--json").rc == 2
    assert cli("settings", "--response", "urgent=1").rc == 2
    assert cli("settings", "--idea-answer-hours", "24", user="max").rc == 3
    assert cli.ok("settings", "--json", user="max").json()["idea_answer_hours"] == 48
