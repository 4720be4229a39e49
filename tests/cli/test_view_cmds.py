"""`huddle board`, `rollup`, `inbox`, `kpis`, `support` through the real entry point."""

from __future__ import annotations


def _fill(cli) -> str:
    cli.ok("log", "OEE", "70", "--team", "Line 1", "--reason", "jam", "--date", "2026-11-26", user="ian")
    cli.ok("log", "Scrap", "1", "--team", "Line 1", user="ian")
    cli.ok("idea", "add", "Bins [x]", "--team", "Line 1", user="ian")
    cli.ok("escalate", "Parts", "--team", "Line 1", "--severity", "high", user="ian")
    cli.ok("action", "add", "Mine", "--team", "Line 1", "--owner", "max", "--due", "2026-11-20", user="sue")
    return cli.ok("escalation", "list", "--json").json()[0]["id"]


def test_board(cli) -> None:
    esc = _fill(cli)
    data = cli.ok("board", "Line 1", "--date", "2026-11-26", "--json").json()
    oee = next(m for m in data["metrics"] if m["name"] == "OEE")
    assert oee["status"] == "red" and oee["lacks_countermeasure"] and len(oee["history"]) == 14
    assert [e["id"] for e in data["escalations_out"]] == [esc] and data["escalations_in"] == []
    assert data["ideas"][0]["title"] == "Bins [x]" and data["actions"][0]["overdue"] is True
    text = cli.ok("board", "Line 1").out
    assert "Bins [x]" in text and "Metrics" in text
    assert cli("board", "Line 9").rc == 2


def test_rollup(cli) -> None:
    _fill(cli)
    data = cli.ok("rollup", "Area A", "--json").json()
    line1 = data["rows"][0]
    assert line1["team"] == "Line 1" and line1["today"]["Quality"] == "green"
    assert line1["open_escalations"] == 1 and line1["overdue_actions"] == 1
    assert "Roll-up of Area A" in cli.ok("rollup", "Area A").out


def test_inbox(cli) -> None:
    esc = _fill(cli)
    data = cli.ok("inbox", "--json", user="max").json()
    assert data["person"] == "Max Manager" and [e["id"] for e in data["escalations"]] == [esc]
    assert [a["title"] for a in data["actions"]] == ["Mine"] and len(data["ideas"]) == 1
    assert "Escalations to handle" in cli.ok("inbox", user="max").out
    assert cli.ok("inbox", "--json", user="stranger").json()["escalations"] == []


def test_kpis_and_support(cli) -> None:
    esc = _fill(cli)
    cli.ok("escalation", "answer", esc, "--text", "Ordered", user="max")
    kpis = cli.ok("kpis", "--team", "Line 1", "--json").json()
    assert kpis["ideas"] == 1 and kpis["team"] == "Line 1" and kpis["since"] == "2026-08-30"
    assert "ideas per person" in cli.ok("kpis").out
    rows = cli.ok("support", "--json").json()
    area = next(r for r in rows if r["label"] == "Area A")
    assert area["escalations_handled"] == 1 and area["within_response_share"] == 1.0
    assert "Support of the front line" in cli.ok("support", "--team", "Line 1").out


def test_minutes(cli, ids) -> None:
    from datetime import UTC, datetime
    from pathlib import Path

    from huddle_tui.services import huddles
    from huddle_tui.services.session import open_session

    assert cli("minutes", "Line 1").rc == 2  # no huddle yet
    session = open_session(Path(cli.board), os_login="sue", now=lambda: datetime(2026, 11, 27, 8, tzinfo=UTC))
    try:
        huddle = huddles.start_huddle(session, "Line 1")
        huddles.add_decision(session, huddle.id, "Clean the [red]sensor[/]")
        huddles.end_huddle(session, huddle.id)
    finally:
        session.close()
    out = cli.ok("minutes", "Line 1", "--date", "2026-11-27").out
    assert out.startswith("## Line 1: huddle of 2026-11-27") and "Clean the [red]sensor[/]" in out
    assert ids("team:Line 1")
