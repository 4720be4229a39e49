"""Roll-up of a team's day: the worst status per SQDCP category and overall.

For a per-shift metric the worst shift counts. A metric without a reading that day does not make its
category red; a category with no reading at all is Status.NONE. Archived metrics are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from huddle_tui.domain.metrics import SQDCP, Metric, Reading, Status, reading_status, worst_status


def metric_day_status(metric: Metric, readings: Iterable[Reading], day: date) -> Status:
    """The status of `metric` on `day`: the worst of its readings that day (worst shift), else NONE."""
    return worst_status(
        reading_status(metric, r.value) for r in readings if r.date == day and r.metric_id == metric.id
    )


def category_status(
    metrics: Sequence[Metric], readings_by_metric: Mapping[str, Sequence[Reading]], day: date
) -> dict[str, Status]:
    """Worst status per category on `day`: the five SQDCP categories always (NONE when empty), then
    any custom categories in name order."""
    found: dict[str, list[Status]] = {c: [] for c in SQDCP}
    for metric in metrics:
        if metric.archived:
            continue
        status = metric_day_status(metric, readings_by_metric.get(metric.id, ()), day)
        found.setdefault(metric.category, []).append(status)
    order = list(SQDCP) + sorted((c for c in found if c not in SQDCP), key=str.casefold)
    return {c: worst_status(found[c]) for c in order}


def team_day_status(
    metrics: Sequence[Metric], readings_by_metric: Mapping[str, Sequence[Reading]], day: date
) -> Status:
    """The team's overall status on `day`: the worst of its categories (NONE without any reading)."""
    return worst_status(category_status(metrics, readings_by_metric, day).values())
