"""Bulk writes: many readings (or other records) in one locked write per file, for big imports and demos.

`log_reading` writes one reading per call, which is right for a person at a terminal and far too slow for
a year of history. `log_readings` applies the same rules to a batch (the metric exists, the value is a
finite number, the day is not in the future, the shift matches the metric's frequency, a red reading
carries a reason), refuses the whole batch when any entry breaks one (listing the first offenders), and
then writes each month's readings with one `put_many`, so each month file is written once per batch.

Permissions are checked once per team for the acting person (an admin generating a demo board is checked
once). Attributing readings to other people (`entered_by`) is an admin's right, as with `--as`.

`insert_records` writes records that the caller built through the domain rules (ideas decided with
`apply_decision`, escalations moved with `apply_move`, ...): it is for admins loading a board in bulk
(demo and benchmark boards), never a shortcut around a use case's permission check.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from huddle_tui.domain.metrics import (
    Frequency,
    Metric,
    Reading,
    Status,
    month_partition,
    reading_id,
    reading_status,
)
from huddle_tui.domain.records import iso_datetime, to_fields
from huddle_tui.domain.teams import Role
from huddle_tui.domain.text import optional_text
from huddle_tui.errors import InvalidInput, Refused
from huddle_tui.services import guard, persist, readings
from huddle_tui.services.session import Session

MAX_LISTED = 10
Progress = Callable[[int], None]


@dataclass(frozen=True)
class ReadingEntry:
    """One reading to log: the metric (id), the day, the value, and optionally who entered it when."""

    metric_id: str
    day: date
    value: float
    shift: int | None = None
    reason: str = ""
    action_id: str | None = None
    entered_by: str | None = None  # person id; default: the acting person
    entered_at: datetime | None = None  # default: the session clock


@dataclass(frozen=True)
class BulkResult:
    written: int
    red: int
    partitions: tuple[str, ...]


def _require_admin_for_others(session: Session) -> None:
    actor = guard.acting_person(session)
    if Role(actor.role) is not Role.ADMIN:
        raise Refused("Entering readings in someone else's name needs an admin.", hint="leave out entered_by")


def build_readings(session: Session, entries: Iterable[ReadingEntry]) -> list[Reading]:
    """Check every entry against the rules of `log_reading` and build the readings (nothing written).

    Raises InvalidInput listing the first offending entries when any entry is invalid, Refused when the
    acting person may not log readings for one of the teams.
    """
    return _build(session, entries)[0]


def _build(session: Session, entries: Iterable[ReadingEntry]) -> tuple[list[Reading], int]:
    """The readings of `build_readings`, and how many of them are red."""
    directory = session.directory
    actor = guard.acting_person(session)
    today = readings.today(session)
    now = session.clock()
    shifts = {s.number for s in session.settings.shifts}
    metrics: dict[str, Metric] = {}
    per_shift_of: dict[str, bool] = {}
    allowed_teams: set[str] = set()
    checked_others = False
    problems: list[str] = []
    out: list[Reading] = []
    red = 0
    for number, entry in enumerate(entries, start=1):
        metric = metrics.get(entry.metric_id)
        if metric is None:
            found = directory.metric_by_id(entry.metric_id)
            if found is None:
                problems.append(f"entry {number}: no metric with id '{entry.metric_id}'")
                continue
            metric = metrics[entry.metric_id] = found
            per_shift_of[found.id] = Frequency(found.frequency) is Frequency.SHIFT
        if metric.team_id not in allowed_teams:
            guard.require(session, guard.Permission.SUBMIT, metric.team_id, "Logging readings")
            allowed_teams.add(metric.team_id)
        if entry.entered_by and entry.entered_by != actor.id and not checked_others:
            _require_admin_for_others(session)
            checked_others = True
        value = entry.value
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            problems.append(f"entry {number}: {metric.name} value {value!r} is not a finite number")
            continue
        if entry.day > today:
            problems.append(f"entry {number}: {metric.name} on {entry.day.isoformat()} is in the future")
            continue
        per_shift = per_shift_of[metric.id]
        if per_shift and entry.shift not in shifts:
            problems.append(
                f"entry {number}: {metric.name} is logged per shift; shift {entry.shift} is unknown"
            )
            continue
        if not per_shift and entry.shift is not None:
            problems.append(f"entry {number}: {metric.name} is a daily metric; it has no shifts")
            continue
        reason = optional_text(entry.reason, "Reason", limit=2000) if entry.reason else ""
        is_red = reading_status(metric, value) is Status.RED
        red += is_red
        if is_red and not reason:
            problems.append(
                f"entry {number}: {metric.name} = {value:g} on {entry.day.isoformat()} is red "
                "and has no reason"
            )
            continue
        out.append(
            Reading(
                id=reading_id(metric.id, entry.day, entry.shift),
                metric_id=metric.id,
                team_id=metric.team_id,
                date=entry.day,
                value=float(value) + 0.0,
                shift=entry.shift,
                reason=reason,
                action_id=entry.action_id,
                entered_by=entry.entered_by or actor.id,
                entered_at=entry.entered_at or now,
            )
        )
    if problems:
        listed = "; ".join(problems[:MAX_LISTED])
        more = f" (and {len(problems) - MAX_LISTED} more)" if len(problems) > MAX_LISTED else ""
        raise InvalidInput(
            f"{len(problems)} of the readings cannot be logged, so none were: {listed}{more}.",
            hint="fix those entries and log the batch again",
        )
    return out, red


class ReadingFields:
    """Makes the store fields of newly logged readings (see `reading_fields`), converting each date and
    entry time once: a batch has many readings per day and per entry time."""

    def __init__(self) -> None:
        self._dates: dict[date, str] = {}
        self._times: dict[datetime, str] = {}

    def __call__(self, reading: Reading) -> dict[str, Any]:
        day = self._dates.get(reading.date)
        if day is None:
            day = self._dates[reading.date] = reading.date.isoformat()
        at = reading.entered_at
        stamp = None
        if at is not None:
            stamp = self._times.get(at)
            if stamp is None:
                stamp = self._times[at] = iso_datetime(at)
        fields: dict[str, Any] = {
            "metric_id": reading.metric_id,
            "team_id": reading.team_id,
            "date": day,
            "value": reading.value,
            "entered_by": reading.entered_by,
            "entered_at": stamp,
        }
        if reading.shift is not None:
            fields["shift"] = reading.shift
        if reading.reason:
            fields["reason"] = reading.reason
        if reading.action_id is not None:
            fields["action_id"] = reading.action_id
        return fields


def reading_fields(reading: Reading) -> dict[str, Any]:
    """The store fields of a newly logged reading: `to_fields(reading)` without the fields that are at
    their default (no shift, no reason, no countermeasure), written out for speed (a benchmark board
    has 438k readings).

    Leaving those out loses nothing (`from_fields` restores the defaults) and gives a re-logged day the
    behaviour of `log_reading`: a value logged again keeps the reason and countermeasure it already had.
    tests/demo/test_bulk.py checks the round trip against `to_fields`/`from_fields`.
    """
    return ReadingFields()(reading)


def log_readings(
    session: Session,
    entries: Iterable[ReadingEntry],
    *,
    progress: Progress | None = None,
) -> BulkResult:
    """Log many readings with the rules of `log_reading`: all or nothing, one write per month file.

    Readings are keyed like `log_reading`'s (metric, day, shift), so logging a day again replaces the
    value (keeping an earlier reason and countermeasure when the entry has none, as `log_reading` does).
    `progress` is called with the number of readings written after each month.
    """
    built, red = _build(session, entries)
    make = ReadingFields()
    by_month: dict[str, list[tuple[str, str, dict[str, Any], str]]] = {}
    months: dict[date, str] = {}
    for reading in built:
        month = months.get(reading.date)
        if month is None:
            month = months[reading.date] = month_partition(reading.date)
        by_month.setdefault(month, []).append(("reading", reading.id, make(reading), month))
    actor = persist.actor_id(session)
    for month in sorted(by_month):
        items = by_month[month]
        session.board.put_many(items, actor=actor)
        if progress is not None:
            progress(len(items))
    return BulkResult(written=len(built), red=red, partitions=tuple(sorted(by_month)))


def insert_records(
    session: Session,
    records: Sequence[Any],
    *,
    batch: int = 5000,
    progress: Progress | None = None,
) -> int:
    """Write records built through the domain rules, in batches of one locked write per file (admin only).

    Each record is a domain dataclass known to `persist.KINDS`; readings go to their month partition.
    Returns the number of records written.
    """
    guard.require(session, guard.Permission.ADMIN, None, "Loading records in bulk")
    actor = persist.actor_id(session)
    written = 0
    for start in range(0, len(records), batch):
        chunk = records[start : start + batch]
        items = [
            (
                persist.kind_of(record),
                record.id,
                to_fields(record),
                month_partition(record.date) if isinstance(record, Reading) else None,
            )
            for record in chunk
        ]
        session.board.put_many(items, actor=actor)
        written += len(items)
        if progress is not None:
            progress(len(items))
    return written
