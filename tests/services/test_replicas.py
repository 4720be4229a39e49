"""Two replicas on one board folder (two XDG_STATE_HOME values): an escalation raised on one, answered on
the other and closed on the first; both end with the same board."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest

from huddle_tui.domain.escalations import EscalationState, MoveKind
from huddle_tui.domain.ideas import Idea
from huddle_tui.services import escalations, export, ideas, persist, queries
from huddle_tui.services.session import open_session


def test_escalation_travels_between_replicas(plant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-line"))
    line = open_session(plant.path, os_login="ian", now=plant.clock)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-office"))
    office = open_session(plant.path, os_login="max", now=plant.clock)
    plant.sessions += [line, office]
    assert line.board.replica_id != office.board.replica_id

    esc = escalations.raise_escalation(line, "Need bolts", team="Line 1", severity="high", need="200 x M8")
    office.refresh()
    assert [r.escalation.id for r in queries.inbox(office).escalations] == [esc.id]
    escalations.answer(office, esc.id, "Ordered; in stores Monday")

    line.refresh()
    seen = escalations.find_escalation(line, esc.id)[0]
    assert seen.state is EscalationState.ANSWERED and seen.answer == "Ordered; in stores Monday"
    escalations.close(line, esc.id, "Thanks")

    office.refresh()
    detail = queries.escalation_detail(office, esc.id)
    assert detail.escalation.state is EscalationState.CLOSED
    assert [m.move.kind for m in detail.moves] == [MoveKind.RAISED, MoveKind.ANSWERED, MoveKind.CLOSED]
    assert [m.by for m in detail.moves] == ["Ian Ic", "Max Manager", "Ian Ic"]
    replicas = {p.name for p in (plant.path / "replicas").iterdir() if p.is_dir()}
    assert {line.board.replica_id, office.board.replica_id} <= replicas
    assert export.board_json(line) == export.board_json(office)


def test_export_lists_fields_written_concurrently(
    plant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two replicas retitle one idea without seeing each other: every replica's export flags the title."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-line"))
    line = open_session(plant.path, os_login="ian", now=plant.clock)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-office"))
    office = open_session(plant.path, os_login="max", now=plant.clock)
    plant.sessions += [line, office]
    idea = ideas.submit_idea(line, "Label the bins", team="Line 1")
    office.refresh()
    seen = persist.load(office, Idea, idea.id)
    assert seen is not None
    persist.update(line, idea, replace(idea, title="Label the bins in red"))
    time.sleep(0.01)
    persist.update(office, seen, replace(seen, title="Label the bins in blue"))
    line.refresh()
    office.refresh()

    text = export.board_json(line)
    assert text == export.board_json(office)
    (item,) = [r for r in json.loads(text)["records"]["idea"] if r["id"] == idea.id]
    assert item["conflicts"] == ["title"] and item["fields"]["title"] == "Label the bins in blue"
    others = [r for rs in json.loads(text)["records"].values() for r in rs if r["id"] != idea.id]
    assert all("conflicts" not in r for r in others)
