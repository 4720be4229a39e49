"""Huddle records: one team's daily standup with attendance, time per agenda step and minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Huddle:
    """One daily huddle of a team: who attended, time per agenda step, what it decided."""

    id: str
    team_id: str
    date: date
    started_at: datetime
    started_by: str
    ended_at: datetime | None = None
    attendees: tuple[str, ...] = ()  # person ids
    guests: tuple[str, ...] = ()  # names of guests
    step_seconds: dict[str, float] | None = None  # agenda step key -> seconds spent
    decisions: tuple[str, ...] = ()
    actions_created: tuple[str, ...] = ()
    escalations_raised: tuple[str, ...] = ()
    ideas_decided: tuple[str, ...] = ()
    notes: str = ""
