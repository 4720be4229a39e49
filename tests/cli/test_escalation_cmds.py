"""`huddle escalate` and `huddle escalation ...` through the real entry point."""

from __future__ import annotations

import pytest


def _raise(cli, severity: str = "high") -> str:
    out = cli.ok("escalate", "Need bolts", "--team", "Line 1", "--severity", severity, "--need", "200 M8",
                 "--by", "2026-11-30", user="ian").out  # fmt: skip
    assert "raised to Area A" in out
    return cli.ok("escalation", "list", "--json").json()[0]["id"]


def test_raise_ack_answer_close(cli) -> None:
    esc = _raise(cli)
    assert cli("escalation", "ack", esc, user="ian").rc == 3
    assert "now acknowledged" in cli.ok("escalation", "ack", esc, user="max").out
    assert cli("escalation", "answer", esc, user="max").rc == 2  # an answer needs --text
    assert "now answered" in cli.ok("escalation", "answer", esc, "--text", "Ordered", user="max").out
    assert cli("escalation", "close", esc, user="olga").rc == 3
    assert "now closed" in cli.ok("escalation", "close", esc, "--text", "thanks", user="ian").out
    shown = cli.ok("escalation", "show", esc, "--json").json()
    assert [m["kind"] for m in shown["moves"]] == ["raised", "acknowledged", "answered", "closed"]
    assert shown["moves"][0]["to_team_name"] == "Area A" and shown["needed_by"] == "2026-11-30T23:59:00.000Z"
    assert "Path" in cli.ok("escalation", "show", esc).out
    assert cli.ok("escalation", "list", "--open", "--json").json() == []


def test_up_to_down_reopen_comment(cli) -> None:
    esc = _raise(cli)
    assert cli("escalation", "up", esc, "--reason", "budget", user="sue").rc == 3
    cli.ok("escalation", "up", esc, "--reason", "Needs plant budget", user="max")
    row = cli.ok("escalation", "list", "--json").json()[0]
    assert row["holder_team_name"] == "Plant"
    cli.ok("escalation", "to", esc, "Maintenance", "--reason", "Spare parts are theirs")
    cli.ok("escalation", "down", esc, "--reason", "Use line 2 stock", user="mia")
    row = cli.ok("escalation", "list", "--team", "Line 1", "--json").json()[0]
    assert (row["state"], row["holder_team_name"], row["answer"]) == (
        "answered",
        "Line 1",
        "Use line 2 stock",
    )
    assert "now open" in cli.ok("escalation", "reopen", esc, "--text", "Stock empty", user="sue").out
    cli.ok("escalation", "comment", esc, "--text", "Chasing", user="ian")
    kinds = [m["kind"] for m in cli.ok("escalation", "show", esc, "--json").json()["moves"]]
    assert kinds == ["raised", "up", "sideways", "down", "reopened", "comment"]
    usage = cli("escalation", "up", esc)
    assert usage.rc == 2 and "--reason" in usage.err


def test_list_overdue(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    esc = _raise(cli, "critical")
    monkeypatch.setenv("HUDDLE_NOW", "2026-11-27T11:00:00Z")
    rows = cli.ok("escalation", "list", "--overdue", "--json").json()
    assert [r["id"] for r in rows] == [esc] and rows[0]["overdue_hours"] == 2.0
    assert "OVERDUE 2.0 h" in cli.ok("escalation", "list").out
    assert cli.ok("escalation", "list", "--team", "Line 2", "--json").json() == []
    assert cli("escalate", "x", "--team", "Line 1", "--severity", "urgent", user="ian").rc == 2
    assert cli("escalate", "x", "--team", "Line 1", "--severity", "low", "--by", "soon", user="ian").rc == 2


def test_two_replicas_through_the_cli(cli, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Raised on the line terminal, answered from the office (another state dir = another replica), closed
    back on the line terminal."""
    line, office = tmp_path / "state-line", tmp_path / "state-office"
    monkeypatch.setenv("XDG_STATE_HOME", str(line))
    esc = _raise(cli)
    monkeypatch.setenv("XDG_STATE_HOME", str(office))
    cli.ok("escalation", "answer", esc, "--text", "Ordered", user="max")
    monkeypatch.setenv("XDG_STATE_HOME", str(line))
    cli.ok("escalation", "close", esc, user="ian")
    monkeypatch.setenv("XDG_STATE_HOME", str(office))
    shown = cli.ok("escalation", "show", esc, "--json").json()
    assert shown["state"] == "closed" and [m["by_name"] for m in shown["moves"]] == [
        "Ian Ic",
        "Max Manager",
        "Ian Ic",
    ]
    replicas = [p for p in (cli.board / "replicas").iterdir() if p.is_dir()]
    assert len(replicas) >= 3  # the template's, the line's and the office's
