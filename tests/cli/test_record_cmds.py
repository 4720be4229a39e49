"""`huddle log`, `idea`, `action`, `objective` through the real entry point: output, --json, exit codes."""

from __future__ import annotations


def test_log_green_and_json(cli) -> None:
    result = cli.ok("log", "OEE", "91.5", "--team", "Line 1", user="ian")
    assert "OEE 2026-11-27: 91.5 % ● green" in result.out
    data = cli.ok("log", "OEE", "92", "--team", "Line 1", "--json", user="ian").json()
    assert data["status"] == "green" and data["replaced"] is True and data["countermeasure_command"] is None
    assert data["reading"]["date"] == "2026-11-27" and data["reading"]["value"] == 92.0


def test_log_red_without_reason_exits_2_with_the_countermeasure_command(cli) -> None:
    result = cli("log", "OEE", "70", "--team", "Line 1", user="ian")
    assert result.rc == 2 and "needs a reason" in result.err
    assert 'huddle action add "COUNTERMEASURE" --team "Line 1" --owner PERSON' in result.err
    assert result.out == ""
    ok = cli.ok("log", "OEE", "70", "--team", "Line 1", "--reason", "Infeed jam", user="ian")
    assert "✖ red" in ok.out and "huddle action add" in ok.out and "--from " in ok.out


def test_log_errors(cli) -> None:
    assert cli("log", "OEE", "abc", "--team", "Line 1", user="ian").rc == 2
    bad_date = cli("log", "OEE", "90", "--team", "Line 1", "--date", "27.11.2026", user="ian")
    assert bad_date.rc == 2 and "YYYY-MM-DD" in bad_date.err
    assert cli("log", "OEE", "90", "--team", "Line 1", "--date", "2026-12-01", user="ian").rc == 2
    refused = cli("log", "OEE", "90", "--team", "Line 1", user="olga")
    assert refused.rc == 3 and "member of Line 1" in refused.err
    assert cli("log", "OEE", "90", "--team", "Line 1", "--shift", "1", user="ian").rc == 2
    assert cli("log", "Nope", "90", "--team", "Line 1", user="ian").rc == 2


def test_idea_add_decide_list(cli) -> None:
    title = "Label [bold red]bins[/]"
    cli.ok("idea", "add", title, "--team", "Line 1", "--impact", "high", "--effort", "low", user="ian")
    rows = cli.ok("idea", "list", "--json").json()
    assert len(rows) == 1
    idea = rows[0]
    assert (
        idea["title"] == "Label [bold red]bins[/]" and idea["pick"] == "implement" and idea["status"] == "new"
    )
    assert idea["submitter"] == "Ian Ic" and idea["answer_overdue"] is False
    assert "Label [bold red]bins[/]" in cli.ok("idea", "list").out  # user text is never markup
    refused = cli("idea", "decide", idea["id"], "approved", "--reason", "ok then", user="ian")
    assert refused.rc == 3 and "Deciding on ideas of Line 1" in refused.err
    assert cli("idea", "decide", idea["id"], "approved", "--reason", "", user="sue").rc == 2
    assert cli("idea", "decide", idea["id"], "maybe", "--reason", "hmm ok", user="sue").rc == 2
    decided = cli.ok("idea", "decide", idea["id"][:22], "approved", "--reason", "Cheap, do it", user="sue")
    assert "now approved" in decided.out
    assert (
        cli.ok("idea", "list", "--status", "approved", "--json").json()[0]["decision_reason"]
        == "Cheap, do it"
    )
    assert cli.ok("idea", "list", "--team", "Line 2", "--json").json() == []
    assert "Comment added" in cli.ok("idea", "comment", idea["id"], "Nice", user="sue").out
    assert cli("idea", "decide", "ZZZZ", "approved", "--reason", "x y z", user="sue").rc == 2


def test_action_add_done_cancel_list(cli) -> None:
    reading = cli.ok("log", "OEE", "70", "--team", "Line 1", "--reason", "jam", "--json", user="ian").json()
    rid = reading["reading"]["id"]
    added = cli.ok(
        "action", "add", "Fix belt", "--owner", "ian", "--due", "2026-11-30", "--from", rid, user="ian"
    )
    assert "countermeasure of reading" in added.out
    cli.ok(
        "action", "add", "Old one", "--team", "Line 1", "--owner", "sue", "--due", "2026-11-20", user="sue"
    )
    rows = cli.ok("action", "list", "--json").json()
    assert [(r["title"], r["overdue"]) for r in rows] == [("Old one", True), ("Fix belt", False)]
    assert (
        rows[1]["source_kind"] == "reading" and rows[1]["source_id"] == rid and rows[1]["owner"] == "Ian Ic"
    )
    assert "OVERDUE" in cli.ok("action", "list").out
    assert (
        cli("action", "add", "x", "--team", "Line 1", "--owner", "ian", "--due", "soon", user="ian").rc == 2
    )
    assert cli("action", "done", rows[1]["id"], user="olga").rc == 3
    assert "done" in cli.ok("action", "done", rows[1]["id"], user="ian").out
    assert cli("action", "cancel", rows[0]["id"], "--reason", "dup", user="ian").rc == 3
    assert "cancelled" in cli.ok("action", "cancel", rows[0]["id"], "--reason", "dup", user="sue").out
    assert cli.ok("action", "list", "--open", "--json").json() == []
    mine = cli.ok("action", "list", "--owner", "ian", "--team", "Line 1", "--json").json()
    assert [r["status"] for r in mine] == ["done"]


def test_objective_add_list(cli) -> None:
    cli.ok("objective", "add", "World-class OEE", "--team", "Area A", "--metric", "OEE", user="max")
    rows = cli.ok("objective", "list", "--json").json()
    assert [(r["text"], r["team"], r["metrics"]) for r in rows] == [("World-class OEE", "Area A", ["OEE"])]
    assert cli("objective", "add", "x", "--team", "Line 1", user="ian").rc == 3
    assert "World-class OEE" in cli.ok("objective", "list", "--team", "Area A").out
