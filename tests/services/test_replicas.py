"""Two replicas on one board folder (two XDG_STATE_HOME values): an escalation raised on one, answered on
the other and closed on the first; both end with the same board."""

from __future__ import annotations

from pathlib import Path

import pytest

from huddle_tui.domain.escalations import EscalationState, MoveKind
from huddle_tui.services import escalations, export, queries
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
