"""Standup support in the huddle services: the shared step, forced end past a missing countermeasure,
one huddle's minutes written to a file."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest

from huddle_tui.domain.metrics import Reading
from huddle_tui.errors import InvalidInput
from huddle_tui.services import export, huddles, persist, readings


def test_step_is_shared_and_time_per_step_adds_up(plant) -> None:
    sue = plant.as_("sue")
    huddle = huddles.start_huddle(sue, "Line 1")
    assert huddles.huddle_progress(sue, huddle) is None
    first = huddles.move_to_step(sue, huddle.id, "safety")
    assert first.since == plant.clock.now
    plant.clock.now += timedelta(seconds=95)
    huddles.move_to_step(sue, huddle.id, "results")
    plant.clock.now += timedelta(seconds=20)
    max_ = plant.as_("max")  # a second terminal (the manager above the team) moves it on
    huddles.move_to_step(max_, huddle.id, "safety")
    sue.refresh()
    progress = huddles.huddle_progress(sue, huddles.find_huddle(sue, huddle.id))
    assert progress is not None and progress.step == "safety" and progress.since == plant.clock.now
    assert huddles.find_huddle(sue, huddle.id).step_seconds == {"safety": 95, "results": 20}
    plant.clock.now += timedelta(seconds=30)
    ended = huddles.end_huddle(sue, huddle.id)  # the step on screen at the end counts too
    assert ended.step_seconds == {"safety": 125, "results": 20}
    max_.refresh()
    assert huddles.find_huddle(max_, huddle.id).step_seconds == {"safety": 125, "results": 20}
    with pytest.raises(InvalidInput, match="already ended"):
        huddles.move_to_step(sue, huddle.id, "ideas")


def test_unknown_step_is_refused(plant) -> None:
    sue = plant.as_("sue")
    huddle = huddles.start_huddle(sue, "Line 1")
    with pytest.raises(InvalidInput, match="agenda step"):
        huddles.move_to_step(sue, huddle.id, "coffee")


def _red_without_reason(plant, day: date) -> str:
    """A red reading that lacks a reason (as an import or an older version could leave it)."""
    ian = plant.as_("ian")
    logged = readings.log_reading(ian, "OEE", "70", team_ref="Line 1", day=day, reason="jam")
    bare = dataclasses.replace(logged.reading, reason="")
    persist.update(ian, logged.reading, bare, partition=f"{day:%Y-%m}")
    return logged.reading.id


def test_missing_reason_always_refuses_the_end(plant) -> None:
    rid = _red_without_reason(plant, date(2026, 11, 26))
    sue = plant.as_("sue")
    huddle = huddles.start_huddle(sue, "Line 1")
    for accept in (False, True):
        with pytest.raises(InvalidInput, match="OEE on 2026-11-26 lacks a reason"):
            huddles.end_huddle(sue, huddle.id, accept_missing_countermeasures=accept)
    readings.set_reason(sue, rid, "belt jam")
    with pytest.raises(InvalidInput, match="lacks a countermeasure"):
        huddles.end_huddle(sue, huddle.id)
    ended = huddles.end_huddle(sue, huddle.id, accept_missing_countermeasures=True)
    assert ended.ended_at is not None
    assert ended.decisions == ("Ended without a countermeasure for OEE on 2026-11-26 (red)",)
    assert persist.load(sue, Reading, rid, partition="2026-11") is not None


def test_write_one_huddles_minutes(plant, tmp_path: Path) -> None:
    sue = plant.as_("sue")
    huddle = huddles.start_huddle(sue, "Line 1")
    huddles.add_guest(sue, huddle.id, "Gil | Guest")
    ended = huddles.end_huddle(sue, huddle.id)
    written = export.write_huddle_minutes(sue, ended, tmp_path)
    assert written == tmp_path / "huddle-line-1-2026-11-27.md"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# Riverside: huddle minutes") and "Gil | Guest (guest)" in text
    chosen = export.write_huddle_minutes(sue, ended, tmp_path / "sub" / "mine.md")
    assert chosen.read_text(encoding="utf-8") == text
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InvalidInput, match="Cannot write"):
        export.write_huddle_minutes(sue, ended, blocker / "minutes.md")
