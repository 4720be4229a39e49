"""Metrics (SQDCP or custom categories) and their readings, and the colour of a reading.

A metric has a unit, a target, a direction (higher or lower is better; never guessed), an optional
warning threshold that opens an amber band between it and the target, and a frequency (daily or per
shift). A metric may feed a metric of the parent team (goals cascade down, results roll up).

Readings are keyed deterministically by metric, date and shift, so two terminals logging the same
reading edit one record (a concurrent edit is flagged by the store) instead of creating two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

SQDCP = ("Safety", "Quality", "Delivery", "Cost", "People")


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Frequency(StrEnum):
    DAILY = "daily"
    SHIFT = "shift"


class Status(StrEnum):
    """Status of a reading against its target. NONE: no reading (a future or missed day)."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"

    @property
    def symbol(self) -> str:
        """Readable without colour (NO_COLOR terminals, colour-blind users)."""
        return {"green": "●", "amber": "▲", "red": "✖", "none": "·"}[self.value]

    @property
    def rank(self) -> int:
        """Sort key: red first."""
        return {"red": 0, "amber": 1, "green": 2, "none": 3}[self.value]


@dataclass(frozen=True)
class Metric:
    id: str
    team_id: str
    name: str
    category: str  # one of SQDCP or a custom category
    target: float
    better: Direction
    unit: str = ""
    warn: float | None = None  # amber band between `warn` and `target`; None: only red/green
    frequency: Frequency = Frequency.DAILY
    feeds: str | None = None  # id of the parent-team metric this one rolls up into
    safety_cross: bool = False  # shown as the safety cross (0 none, 1 near miss/first aid, 2+ recordable)
    archived: bool = False

    @property
    def category_rank(self) -> int:
        return SQDCP.index(self.category) if self.category in SQDCP else len(SQDCP)


def reading_id(metric_id: str, day: date, shift: int | None) -> str:
    """Deterministic id of the reading of `metric_id` on `day` (and `shift` for per-shift metrics)."""
    return f"{metric_id}-{day:%Y%m%d}-{shift or 0}"


def month_partition(day: date) -> str:
    """The store partition (month file) that holds readings of `day`: "YYYY-MM"."""
    return f"{day:%Y-%m}"


@dataclass(frozen=True)
class Reading:
    id: str
    metric_id: str
    team_id: str
    date: date
    value: float
    shift: int | None = None
    reason: str = ""  # why it was red/amber (required for red)
    action_id: str | None = None  # the countermeasure action
    entered_by: str = ""  # person id
    entered_at: datetime | None = None
