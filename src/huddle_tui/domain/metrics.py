"""Metrics (SQDCP or custom categories) and their readings, and the colour of a reading.

A metric has a unit, a target, a direction (higher or lower is better; never guessed), an optional
warning threshold that opens an amber band between it and the target, and a frequency (daily or per
shift). A metric may feed a metric of the parent team (goals cascade down, results roll up).

Readings are keyed deterministically by metric, date and shift, so two terminals logging the same
reading edit one record (a concurrent edit is flagged by the store) instead of creating two.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from huddle_tui.domain.text import clean_text
from huddle_tui.errors import InvalidInput

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
    """A measure a team tracks against a target (one of S, Q, D, C, P or its own category)."""

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
    """A metric's value for a day (and shift), with the reason and countermeasure when it missed."""

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


# --- rules ------------------------------------------------------------------------------------------


def worst_status(statuses: Iterable[Status]) -> Status:
    """The worst of `statuses` (red, then amber, then green); NONE when there is no reading at all."""
    known = [s for s in statuses if s is not Status.NONE]
    return min(known, key=lambda s: s.rank) if known else Status.NONE


def reading_status(metric: Metric, value: float | None) -> Status:
    """The colour of `value` against the target of `metric`.

    Higher is better: value >= target is green, warn <= value < target amber, anything else red. Lower is
    better mirrors that (value <= target green, target < value <= warn amber). Without `warn` there is no
    amber. No value (or a non-finite one) is Status.NONE.
    """
    if value is None or not math.isfinite(value):
        return Status.NONE
    target, warn = metric.target, metric.warn
    if Direction(metric.better) is Direction.HIGHER:
        if value >= target:
            return Status.GREEN
        if warn is not None and warn < target and value >= warn:
            return Status.AMBER
        return Status.RED
    if value <= target:
        return Status.GREEN
    if warn is not None and warn > target and value <= warn:
        return Status.AMBER
    return Status.RED


def validate_metric_values(target: float, better: Direction | str, warn: float | None) -> None:
    """Raise InvalidInput unless target (and warn) are finite and warn lies on the bad side of target.

    Higher is better: warn must be below the target; lower is better: above it.
    """
    try:
        direction = Direction(better)
    except ValueError as exc:
        raise InvalidInput(
            f"Direction {better!r} is neither higher nor lower.", hint="say whether higher or lower is better"
        ) from exc
    if not isinstance(target, int | float) or not math.isfinite(target):
        raise InvalidInput(
            f"Target {target!r} is not a finite number.", hint="type a number such as 95 or 2.5"
        )
    if warn is None:
        return
    if not isinstance(warn, int | float) or not math.isfinite(warn):
        raise InvalidInput(
            f"Warning value {warn!r} is not a finite number.", hint="type a number or leave it out"
        )
    if direction is Direction.HIGHER and not warn < target:
        raise InvalidInput(
            f"Warning value {_fmt(warn)} must be below the target {_fmt(target)} when higher is better.",
            hint="the amber band lies between the warning value and the target",
        )
    if direction is Direction.LOWER and not warn > target:
        raise InvalidInput(
            f"Warning value {_fmt(warn)} must be above the target {_fmt(target)} when lower is better.",
            hint="the amber band lies between the target and the warning value",
        )


def _fmt(value: float) -> str:
    return f"{value:g}"


def lacks_reason(metric: Metric, reading: Reading | None) -> bool:
    """True when `reading` is red and carries no reason (every red needs one)."""
    return (
        reading is not None
        and reading_status(metric, reading.value) is Status.RED
        and not clean_text(reading.reason or "")
    )


def lacks_countermeasure(metric: Metric, reading: Reading | None) -> bool:
    """True when `reading` is red and has no countermeasure action yet."""
    return (
        reading is not None and reading_status(metric, reading.value) is Status.RED and not reading.action_id
    )


_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def parse_value(text: str) -> float:
    """Parse a reading typed by a person: "12", "12.5", "-3" or "12,5" (decimal comma).

    Refuses empty text, NaN, infinities and anything that overflows (1e309) with InvalidInput. Returns
    0.0 for "-0" so that no negative zero is stored.
    """
    raw = clean_text(text or "", single_line=True).replace(" ", "")
    if not raw:
        raise InvalidInput("The value is empty.", hint="type a number such as 12 or 12.5")
    if not _NUMBER.fullmatch(raw):
        raise InvalidInput(f"{raw!r} is not a number.", hint="type a number such as 12 or 12.5 (or 12,5)")
    value = float(raw.replace(",", "."))
    if not math.isfinite(value):
        raise InvalidInput(f"{raw!r} is too large.", hint="type a finite number")
    return value + 0.0  # -0.0 + 0.0 == 0.0
