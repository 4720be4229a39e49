"""Export (json, csv, md) and import (CSV readings, JSON board): determinism and round trips."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from huddle_tui.errors import InvalidInput, Refused
from huddle_tui.services import actions, escalations, export, huddles, ideas, importing, readings
from huddle_tui.services.session import open_session


def _fill(plant) -> None:
    ian = plant.as_("ian")
    readings.log_reading(ian, "OEE", "70", team_ref="Line 1", day=date(2026, 10, 30), reason="jam")
    readings.log_reading(ian, "OEE", "90", team_ref="Line 1")
    idea = ideas.submit_idea(ian, 'Quote "this", a|b [x]', team="Line 1", detail="line1\nline2")
    ideas.decide_idea(plant.as_("sue"), idea.id, "approved", "Yes")
    esc = escalations.raise_escalation(ian, "Parts", team="Line 1", severity="high")
    escalations.answer(plant.as_("max"), esc.id, "Ordered")
    actions.add_action(ian, "Fix", team="Line 1", owner="ian", due=date(2026, 11, 30))
    sue = plant.as_("sue")
    huddle = huddles.start_huddle(sue, "Line 1")
    huddles.add_decision(sue, huddle.id, "Do it")


def test_json_export_is_deterministic_and_complete(plant) -> None:
    _fill(plant)
    first = export.board_json(plant.admin)
    second = export.board_json(plant.as_("pat"))  # another session (own replica) on the same data
    assert first == second
    data = json.loads(first)
    assert data["format"] == "huddle-board"
    kinds = set(data["records"])
    assert {
        "setting",
        "team",
        "person",
        "metric",
        "reading",
        "idea",
        "escalation",
        "escalation_move",
    } <= kinds
    assert {r["partition"] for r in data["records"]["reading"]} == {"2026-10", "2026-11"}


def test_round_trip_into_a_fresh_board(plant, tmp_path: Path) -> None:
    _fill(plant)
    files = export.export_board(plant.admin, "json", tmp_path / "out")
    assert [f.name for f in files] == ["board.json"]
    fresh = open_session(tmp_path / "copy", os_login="boss", now=plant.clock, create=True)
    plant.sessions.append(fresh)
    steps: list[tuple[int, int]] = []
    count = importing.import_board(fresh, files[0], progress=lambda d, t: steps.append((d, t)))
    assert count > 20 and steps[-1][0] == steps[-1][1]
    assert fresh.actor is not None and fresh.actor.login == "boss"
    reopened = open_session(tmp_path / "copy", os_login="boss", now=plant.clock)
    plant.sessions.append(reopened)
    assert export.board_json(reopened) == files[0].read_text(encoding="utf-8")
    with pytest.raises(InvalidInput, match="empty board"):
        importing.import_board(reopened, files[0])


def test_import_board_rejects_other_files(empty_board, tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(InvalidInput, match="not a huddle board export"):
        importing.import_board(empty_board, bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not JSON"):
        importing.import_board(empty_board, bad)


def test_csv_and_md_exports(plant, tmp_path: Path) -> None:
    _fill(plant)
    files = export.export_board(plant.admin, "csv", tmp_path / "csv")
    names = {f.name for f in files}
    assert {"idea.csv", "reading.csv", "team.csv"} <= names
    text = (tmp_path / "csv" / "idea.csv").read_text(encoding="utf-8")
    assert text.startswith("id,partition,") and '"Quote ""this"", a|b [x]"' in text
    md = export.export_board(plant.admin, "md", tmp_path / "md")[0].read_text(encoding="utf-8")
    assert md.startswith("# Riverside: huddle minutes") and "Do it" in md
    with pytest.raises(InvalidInput, match="export format"):
        export.export_board(plant.admin, "xml", tmp_path)


CSV_OK = (
    "\ufeffmetric,team,date,value,shift,reason\n"
    "OEE,Line 1,2026-11-20,91,,\n"
    "OEE,Line 1,2026-11-21,70,,jam\n"
    'Scrap,Line 1,2026-10-02,"1,5",,\n'
)


def test_import_readings(plant, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(CSV_OK, encoding="utf-8")
    session = plant.as_("ian")
    result = importing.import_readings(session, path)
    assert (result.written, result.red, result.months) == (3, 1, ("2026-10", "2026-11"))
    found = readings.readings_between(session, date(2026, 10, 1), date(2026, 11, 30))
    assert sorted(r.value for r in found) == [1.5, 70, 91]


def test_import_readings_lists_every_bad_row_and_imports_nothing(plant) -> None:
    text = (
        "metric,team,date,value\n"
        "OEE,Line 1,2026-11-20,91\n"
        "OEE,Line 1,2026-11-21,70\n"
        "Nope,Line 1,2026-11-21,1\n"
        "OEE,Line 1,21.11.2026,90\n"
        "OEE,Line 1,2026-11-22,abc\n"
        "OEE,Line 1,2026-12-30,90\n"
        "OEE,Line 1,2026-11-20,92\n"
    )
    session = plant.as_("ian")
    with pytest.raises(InvalidInput) as err:
        importing.import_readings(session, text)
    message = str(err.value)
    for line in (3, 4, 5, 6, 7, 8):
        assert f"line {line}:" in message
    assert "line 2:" not in message and "6 bad row(s)" in message
    assert session.board.partitions("reading") == []


def test_import_readings_header_and_permissions(plant) -> None:
    with pytest.raises(InvalidInput, match="missing column"):
        importing.import_readings(plant.as_("ian"), "metric,team,value\n")
    with pytest.raises(InvalidInput, match="may not log readings for Line 1"):
        importing.import_readings(plant.as_("olga"), "metric,team,date,value\nOEE,Line 1,2026-11-20,91\n")
    with pytest.raises(Refused):
        importing.import_readings(plant.as_("stranger"), CSV_OK)
