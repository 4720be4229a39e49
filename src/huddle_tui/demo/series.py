"""Daily values of a demo metric: a stable process with noise, a worse Monday, and streaks of bad days.

Pure and fast (the plant-size board draws about 438k values). Each (team, metric) series has its own
`random.Random` seeded from the board seed and the names, so one series does not shift when another
changes, and the same seed gives the same values on every machine and Python run.

A streak is one problem that makes several days in a row bad (a leaking cylinder, a late supplier): it
hits hardest on its first days and fades as the countermeasure works. The day a value belongs to a streak,
it carries the streak's number and cause, so the generator can give the whole streak one reason and one
countermeasure action.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from huddle_tui.demo.story import MetricSpec
from huddle_tui.domain.metrics import Direction

# Safety cross: probability per day of a near miss / first aid (amber, 1) and of a recordable (red, 2).
P_NEAR_MISS = 0.03
P_RECORDABLE = 0.004


@dataclass(frozen=True)
class Point:
    """One day's value; `streak` numbers the bad streak it belongs to (None: an ordinary day)."""

    day: date
    value: float
    streak: int | None = None
    cause: int | None = None  # index into the metric's causes (for streak days)


def series_rng(seed: int, *parts: str) -> random.Random:
    """A generator seeded from the board seed and names (string seeds hash with SHA-512: stable)."""
    return random.Random(":".join((str(seed), *parts)))


def is_workday(day: date) -> bool:
    """Monday to Friday (the demo plant does not produce at weekends)."""
    return day.weekday() < 5


def metric_days(spec: MetricSpec, days: Sequence[date]) -> list[date]:
    """The days on which `spec` is logged: every day for the safety cross, else workdays."""
    return list(days) if spec.every_day else [d for d in days if is_workday(d)]


def _round(spec: MetricSpec, value: float) -> float:
    if spec.high is not None:
        value = min(value, spec.high)
    value = max(value, spec.low)
    return round(value, spec.decimals) + 0.0 if spec.decimals else float(round(value))


def red_value(spec: MetricSpec) -> float:
    """A clearly red value of `spec` (beyond the warning value, or the target without one)."""
    if spec.safety_cross:
        return 2.0
    bad = spec.warn if spec.warn is not None else spec.target
    delta = max(spec.noise * 2, abs(spec.target - bad) * 0.5, 10.0**-spec.decimals)
    value = bad - delta if Direction(spec.better) is Direction.HIGHER else bad + delta
    return _round(spec, value)


def plan_streaks(
    rng: random.Random, n_days: int, *, per_90_days: float, n_causes: int
) -> dict[int, tuple[int, int, float]]:
    """Day index -> (streak number, cause index, strength 0..1) for the bad streaks of one series."""
    out: dict[int, tuple[int, int, float]] = {}
    if n_days <= 0 or n_causes <= 0:
        return out
    expected = per_90_days * n_days / 90
    count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
    for number in range(count):
        length = rng.randint(2, 5)
        start = rng.randrange(0, max(1, n_days - 1))
        cause = rng.randrange(n_causes)
        severity = rng.uniform(0.8, 1.3)
        for offset in range(length):
            index = start + offset
            if index >= n_days or index in out:
                break
            fade = 1.0 if offset < 2 else 0.65 ** (offset - 1)
            out[index] = (number, cause, severity * fade)
    return out


def daily_series(
    spec: MetricSpec,
    days: Sequence[date],
    rng: random.Random,
    *,
    n_causes: int,
    streaks_per_90_days: float = 1.6,
    form: float = 1.0,
) -> list[Point]:
    """The values of metric `spec` on `days` (already filtered to the days it is logged).

    `form` scales the noise (a team with a less stable process has form > 1).
    """
    if spec.safety_cross:
        return _safety_series(days, rng, form)
    streaks = plan_streaks(rng, len(days), per_90_days=streaks_per_90_days, n_causes=n_causes)
    worse = -1.0 if Direction(spec.better) is Direction.HIGHER else 1.0
    points: list[Point] = []
    gauss = rng.gauss
    for index, day in enumerate(days):
        value = spec.base + gauss(0.0, spec.noise * form)
        if day.weekday() == 0:
            value += worse * spec.monday * rng.uniform(0.4, 1.2)
        streak = streaks.get(index)
        if streak is not None:
            number, cause, strength = streak
            value += worse * spec.streak * strength
            points.append(Point(day, _round(spec, value), number, cause))
        else:
            points.append(Point(day, _round(spec, value)))
    return points


def _safety_series(days: Sequence[date], rng: random.Random, form: float) -> list[Point]:
    points: list[Point] = []
    for day in days:
        monday = 1.6 if day.weekday() == 0 else 1.0
        weekend = 0.3 if day.weekday() >= 5 else 1.0
        roll = rng.random()
        if roll < P_RECORDABLE * form * monday * weekend:
            value = 2.0
        elif roll < (P_RECORDABLE + P_NEAR_MISS) * form * monday * weekend:
            value = 1.0
        else:
            value = 0.0
        points.append(Point(day, value))
    return points
