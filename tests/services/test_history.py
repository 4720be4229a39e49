"""Conflicts and field history: two replicas (two XDG_STATE_HOME values) edit the same idea title without
seeing each other; the merged idea is flagged and its history lists both values, the newest winning."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from huddle_tui.domain.ideas import Idea
from huddle_tui.errors import NotFound
from huddle_tui.services import history, ideas, persist, queries
from huddle_tui.services.session import Session, open_session
from huddle_tui.services.views import FieldChange
from huddle_tui.store import Stamp


def two_replicas(plant: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Session, Session]:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-line"))
    line = open_session(plant.path, os_login="ian", now=plant.clock)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-office"))
    office = open_session(plant.path, os_login="sue", now=plant.clock)
    plant.sessions += [line, office]
    assert line.board.replica_id != office.board.replica_id
    return line, office


def concurrent_titles(line: Session, office: Session, first: str, second: str) -> Idea:
    """An idea submitted on `line`, seen by `office`, then retitled on both without a refresh between."""
    idea = ideas.submit_idea(line, "Label the bins", team="Line 1")
    office.refresh()
    seen = persist.load(office, Idea, idea.id)
    assert seen is not None
    persist.update(line, idea, replace(idea, title=first))
    time.sleep(0.01)  # the office's edit is the newer one (stamps carry wall-clock milliseconds)
    persist.update(office, seen, replace(seen, title=second))
    line.refresh()
    office.refresh()
    return idea


def titles(changes: list[FieldChange]) -> list[FieldChange]:
    return [c for c in changes if c.field == "title"]


def test_concurrent_title_edits_are_flagged_with_both_values(
    plant: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line, office = two_replicas(plant, tmp_path, monkeypatch)
    idea = concurrent_titles(line, office, "Label the bins (line)", "Label the bins (office)")

    for session in (line, office):
        board = queries.team_board(session, "Line 1")
        row = next(r for r in board.ideas if r.idea.id == idea.id)
        assert row.conflicts == ("title",)
        assert row.idea.title == "Label the bins (office)"

        changes = history.field_history(session, "idea", idea.id)
        title = titles(changes)
        # each replica's newest value of the field (a replica's own older values are superseded)
        assert [c.value for c in title] == ["Label the bins (line)", "Label the bins (office)"]
        assert [c.winner for c in title] == [False, True]
        assert [c.concurrent for c in title] == [True, True]
        assert [c.by for c in title] == ["Ian Ic", "Sue Super"]
        assert [c.replica for c in title] == [line.board.replica_id, office.board.replica_id]
        assert all(c.at.tzinfo is UTC for c in changes)
        assert title[0].at <= title[1].at
        # every other field has one version, the winner, with no conflict
        others = [c for c in changes if c.field != "title"]
        assert others and all(c.winner and not c.concurrent for c in others)
        assert [c.field for c in changes] == sorted(c.field for c in changes)


def test_an_edit_after_seeing_both_values_clears_the_flag(
    plant: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line, office = two_replicas(plant, tmp_path, monkeypatch)
    idea = concurrent_titles(line, office, "A", "B")
    seen = persist.load(line, Idea, idea.id)
    assert seen is not None and seen.title == "B"
    persist.update(line, seen, replace(seen, title="A and B"))
    office.refresh()

    row = next(r for r in queries.team_board(office, "Line 1").ideas if r.idea.id == idea.id)
    assert row.conflicts == ()
    title = titles(history.field_history(office, "idea", idea.id))
    assert [c.value for c in title] == ["B", "A and B"]
    assert [c.winner for c in title] == [False, True]
    assert not any(c.concurrent for c in title)


def test_history_of_a_record_without_conflicts_and_of_a_missing_one(plant: Any) -> None:
    session = plant.as_("ian")
    idea = ideas.submit_idea(session, "Tidy [b]the[/b] shelf", team="Line 1", impact="high")
    changes = history.field_history(session, "idea", idea.id)
    by_field = {c.field: c for c in changes}
    assert by_field["title"].value == "Tidy [b]the[/b] shelf"
    assert by_field["impact"].value == "high"
    assert by_field["title"].by == "Ian Ic" and by_field["title"].winner
    assert all(not c.concurrent for c in changes)
    row = next(r for r in queries.team_board(session, "Line 1").ideas if r.idea.id == idea.id)
    assert row.conflicts == ()
    with pytest.raises(NotFound):
        history.field_history(session, "idea", "no-such-idea")


def test_value_text_and_unknown_actor() -> None:
    assert history.value_text(None) == ""
    assert history.value_text("a[/]b") == "a[/]b"
    assert history.value_text(3.5) == "3.5"
    assert history.value_text(True) == "true"
    assert history.value_text({"b": 1, "a": [1, 2]}) == '{"a":[1,2],"b":1}'
    stamp_wall = int(datetime(2026, 11, 27, 8, 0, tzinfo=UTC).timestamp() * 1000)
    assert history.stamp_time(Stamp(stamp_wall, 0, "r")) == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def test_actor_not_on_the_board_shows_its_raw_id(plant: Any) -> None:
    session = plant.admin
    session.board.put("idea", "raw1", {"title": "x", "team_id": plant.ids["line1"]}, actor="os:ghost")
    changes = history.field_history(session, "idea", "raw1")
    assert {c.by for c in changes} == {"os:ghost"}
