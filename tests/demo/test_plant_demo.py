"""The plant-size (benchmark) board at a small scale: replicas, readings, history, determinism."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from huddle_tui.cli import main
from huddle_tui.demo.generate import generate
from huddle_tui.demo.plant import PlantSize
from huddle_tui.domain.escalations import EscalationMove, MoveKind
from huddle_tui.domain.ideas import IdeaStatus
from huddle_tui.domain.metrics import Reading, Status, reading_status
from huddle_tui.services import actions, escalations, ideas, persist
from huddle_tui.services.session import open_session

from .conftest import LOGIN, NOW, content

SCALE = 0.05


def test_sizes_scale_down_and_the_full_size_is_the_benchmark() -> None:
    full = PlantSize.at(1.0)
    assert (full.teams, full.days, full.replicas, full.other) == (50, 1095, 20, 20_000)
    assert full.teams * full.days * 8 == 438_000
    small = PlantSize.at(SCALE)
    assert small.teams >= 3 and small.replicas >= 2 and small.days >= 21


def test_small_plant_board(scratch: Path, state_home: Path) -> None:
    del state_home
    result = generate(scratch / "board", size="plant", scale=SCALE, seed=3, now=NOW, os_login=LOGIN)
    size = PlantSize.at(SCALE)
    assert result.replicas == size.replicas
    assert result.counts["reading"] == size.teams * size.days * 8
    replicas = [p for p in (scratch / "board" / "replicas").iterdir() if p.is_dir()]
    assert len(replicas) == size.replicas
    session = open_session(scratch / "board", os_login=LOGIN, now=lambda: NOW)
    try:
        found = persist.load_all(session, Reading, partitions=session.board.partitions("reading"))
        assert len(found) == result.counts["reading"]
        assert max(r.date for r in found) == result.today - timedelta(days=1)
        metrics = {m.id: m for m in session.directory.metrics()}
        reds = [r for r in found if reading_status(metrics[r.metric_id], r.value) is Status.RED]
        assert reds and all(r.reason for r in reds)
        without = [r for r in reds if not r.action_id]
        assert all(r.date >= result.today - timedelta(days=2) for r in without)
        action_ids = {a.id for a in actions.list_actions(session)}
        assert {r.action_id for r in reds if r.action_id} <= action_ids
        statuses = Counter(i.status for i in ideas.list_ideas(session))
        assert set(statuses) == set(IdeaStatus)
        assert len(escalations.load_escalations(session)) == result.counts["escalation"]
        kinds = {m.kind for m in persist.load_all(session, EscalationMove)}
        assert {MoveKind.RAISED, MoveKind.UP, MoveKind.SIDEWAYS, MoveKind.DOWN, MoveKind.CLOSED} <= kinds
        assert result.counts["huddle"] > 0 and result.counts["comment"] > 0
    finally:
        session.close()


def test_plant_same_seed_same_content(scratch: Path, state_home: Path) -> None:
    del state_home
    first = generate(scratch / "one", size="plant", scale=SCALE, seed=5, now=NOW, os_login=LOGIN)
    second = generate(scratch / "two", size="plant", scale=SCALE, seed=5, now=NOW, os_login=LOGIN)
    one, two = content(first.path), content(second.path)
    assert one.keys() == two.keys()
    for kind in one:
        assert one[kind] == two[kind], kind


def test_cli_plant_size_with_the_hidden_scale(
    scratch: Path, state_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HUDDLE_NOW", "2026-11-27T07:30:00Z")
    monkeypatch.setenv("XDG_STATE_HOME", str(state_home))
    code = main(
        ["demo", "--size", "plant", "--scale", str(SCALE), "--no-open", "--board", str(scratch / "b")]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "replicas" in captured.out and "Readings" in captured.out and "Escalations" in captured.out
    assert captured.err == ""  # piped: no progress bar


def test_parallel_writers_give_the_same_board(
    scratch: Path, state_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reading writers run in parallel processes on a big board; the content does not change."""
    import os

    from huddle_tui.demo import plant

    del state_home
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: the readings are always written by one process")
    inline = generate(scratch / "inline", size="plant", scale=SCALE, seed=9, now=NOW, os_login=LOGIN)
    monkeypatch.setattr(plant, "PARALLEL_FROM", 0)
    parallel = generate(scratch / "parallel", size="plant", scale=SCALE, seed=9, now=NOW, os_login=LOGIN)
    assert parallel.counts == inline.counts
    assert content(parallel.path) == content(inline.path)
