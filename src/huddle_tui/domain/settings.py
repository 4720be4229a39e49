"""Board settings: time zone, shifts, escalation response times, idea answer time, huddle agenda.

Dates and shifts are always the board's local time, whatever the machine's time zone. A shift that
crosses midnight (a night shift 22:00-06:00) belongs to the day it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for critical ... 3 for low (sort key: most severe first)."""
        return list(Severity).index(self)


DEFAULT_RESPONSE_HOURS: dict[str, float] = {"critical": 1, "high": 4, "medium": 24, "low": 72}


@dataclass(frozen=True)
class Shift:
    """A production shift of the board's day: its number, name and clock times (a night shift may cross
    midnight)."""

    number: int
    name: str
    start: time
    end: time

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start


@dataclass(frozen=True)
class AgendaStep:
    """One step of the daily huddle's agenda and its timebox in minutes."""

    key: str  # stable key, e.g. "safety"
    title: str
    minutes: float


DEFAULT_SHIFTS: tuple[Shift, ...] = (
    Shift(1, "Early", time(6, 0), time(14, 0)),
    Shift(2, "Late", time(14, 0), time(22, 0)),
    Shift(3, "Night", time(22, 0), time(6, 0)),
)

DEFAULT_AGENDA: tuple[AgendaStep, ...] = (
    AgendaStep("safety", "Safety", 2),
    AgendaStep("results", "Yesterday's results", 4),
    AgendaStep("actions", "Open actions", 3),
    AgendaStep("ideas", "New ideas", 3),
    AgendaStep("escalations", "Escalations in and out", 3),
)


@dataclass(frozen=True)
class BoardSettings:
    """The board-wide settings: its name, time zone, shifts, response times and huddle agenda."""

    name: str = "Huddle board"
    timezone: str = "UTC"
    shifts: tuple[Shift, ...] = DEFAULT_SHIFTS
    response_hours: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_RESPONSE_HOURS))
    idea_answer_hours: float = 48
    agenda: tuple[AgendaStep, ...] = DEFAULT_AGENDA

    def response_hours_for(self, severity: Severity | str) -> float:
        key = Severity(severity).value
        return float(self.response_hours.get(key, DEFAULT_RESPONSE_HOURS[key]))
