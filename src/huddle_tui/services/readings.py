"""Logging metric readings and attaching their countermeasures.

A reading is keyed by metric, date and shift (`domain.metrics.reading_id`) and stored in its month's
partition, so logging the same reading twice edits one record. A red reading must carry a reason: without
one the reading is refused, and the message gives the command that adds its countermeasure action.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from huddle_tui.domain import boardtime
from huddle_tui.domain.metrics import (
    Frequency,
    Metric,
    Reading,
    Status,
    month_partition,
    parse_value,
    reading_id,
    reading_status,
)
from huddle_tui.domain.records import from_fields
from huddle_tui.domain.text import optional_text
from huddle_tui.errors import InvalidInput, NotFound
from huddle_tui.services import guard, persist
from huddle_tui.services.session import Session


@dataclass(frozen=True)
class LoggedReading:
    reading: Reading
    metric: Metric
    status: Status
    replaced: Reading | None  # the earlier value of the same reading, when it was logged before

    @property
    def needs_countermeasure(self) -> bool:
        return self.status is Status.RED and not self.reading.action_id


def countermeasure_command(session: Session, reading: Reading) -> str:
    """The CLI command that adds the countermeasure action of `reading`."""
    team = session.directory.team_name(reading.team_id)
    due = reading.date.isoformat()
    return (
        f'huddle action add "COUNTERMEASURE" --team "{team}" --owner PERSON --due {due} --from {reading.id}'
    )


def today(session: Session) -> date:
    """The board's production day now (a night shift after midnight belongs to the day it started)."""
    return boardtime.production_day(session.clock(), session.settings)


def current_shift(session: Session) -> int | None:
    _day, shift = boardtime.shift_at(session.clock(), session.settings)
    return shift.number if shift else None


def resolve_day_and_shift(
    session: Session, metric: Metric, day: date | None, shift: int | None
) -> tuple[date, int | None]:
    """Default the day to the production day, and (for per-shift metrics) the shift to the current one."""
    if Frequency(metric.frequency) is Frequency.SHIFT:
        if shift is None:
            if day is not None and day != today(session):
                raise InvalidInput(
                    f"{metric.name} is logged per shift: say which shift.", hint="add --shift N"
                )
            shift = current_shift(session)
            if shift is None:
                raise InvalidInput(
                    f"{metric.name} is logged per shift and no shift runs now.", hint="add --shift N"
                )
        numbers = [s.number for s in session.settings.shifts]
        if shift not in numbers:
            raise InvalidInput(
                f"There is no shift {shift} on this board.", hint=f"shifts are {', '.join(map(str, numbers))}"
            )
    elif shift is not None:
        raise InvalidInput(f"{metric.name} is a daily metric; it has no shifts.", hint="leave out --shift")
    day = day or today(session)
    if day > today(session):
        raise InvalidInput(f"{day.isoformat()} is in the future.", hint="log readings for today or earlier")
    return day, shift


def log_reading(
    session: Session,
    metric_ref: str,
    value: str | float,
    *,
    team_ref: str | None = None,
    day: date | None = None,
    shift: int | None = None,
    reason: str | None = None,
) -> LoggedReading:
    """Log (or correct) the reading of a metric; a red reading without a reason is refused."""
    directory = session.directory
    team_id = directory.team(team_ref).id if team_ref else None
    metric = directory.metric(metric_ref, team_id)
    if team_id is not None and metric.team_id != team_id:
        raise InvalidInput(
            f"{metric.name} belongs to {directory.team_name(metric.team_id)}, "
            f"not {directory.team_name(team_id)}.",
            hint="name the metric's own team with --team",
        )
    guard.require(session, guard.Permission.SUBMIT, metric.team_id, "Logging readings")
    number = parse_value(value) if isinstance(value, str) else parse_value(repr(float(value)))
    day, shift = resolve_day_and_shift(session, metric, day, shift)
    text = optional_text(reason, "Reason", limit=2000)
    rid = reading_id(metric.id, day, shift)
    partition = month_partition(day)
    old = persist.load(session, Reading, rid, partition=partition)
    status = reading_status(metric, number)
    reading = Reading(
        id=rid,
        metric_id=metric.id,
        team_id=metric.team_id,
        date=day,
        value=number,
        shift=shift,
        reason=text or (old.reason if old else ""),
        action_id=old.action_id if old else None,
        entered_by=persist.actor_id(session),
        entered_at=session.clock(),
    )
    if status is Status.RED and not reading.reason:
        raise InvalidInput(
            f"{metric.name} = {number:g} is red (target {metric.target:g}): a red reading needs a reason.",
            hint=f"add --reason TEXT; then its countermeasure: {countermeasure_command(session, reading)}",
        )
    if old is None:
        persist.insert(session, reading, partition=partition)
    else:
        persist.update(session, old, reading, partition=partition)
    return LoggedReading(reading, metric, status, old)


def find_reading(session: Session, ref: str) -> Reading:
    """A reading by its full id (`<metric id>-YYYYMMDD-<shift>`); the month partition comes from the id."""
    text = (ref or "").strip()
    parts = text.rsplit("-", 2)
    if len(parts) == 3 and len(parts[1]) == 8 and parts[1].isdigit():
        try:
            day = date(int(parts[1][:4]), int(parts[1][4:6]), int(parts[1][6:]))
        except ValueError:
            day = None
        if day is not None:
            found = persist.load(session, Reading, text, partition=month_partition(day))
            if found is not None:
                return found
    raise NotFound(f"No reading with id '{text}'.", hint="reading ids look like <metric id>-YYYYMMDD-<shift>")


def set_reason(session: Session, reading_ref: str, reason: str) -> Reading:
    """Give (or change) the reason of a red or amber reading."""
    reading = find_reading(session, reading_ref)
    guard.require(session, guard.Permission.SUBMIT, reading.team_id, "Changing readings")
    text = optional_text(reason, "Reason", limit=2000)
    if not text:
        raise InvalidInput("The reason is empty.", hint="say why the reading missed its target")
    new = replace(reading, reason=text)
    return persist.update(session, reading, new, partition=month_partition(reading.date))


def attach_countermeasure(session: Session, reading_ref: str, action_id: str) -> Reading:
    """Record `action_id` as the countermeasure of a reading (done by `actions.add_action --from`)."""
    reading = find_reading(session, reading_ref)
    guard.require(session, guard.Permission.SUBMIT, reading.team_id, "Changing readings")
    new = replace(reading, action_id=action_id)
    return persist.update(session, reading, new, partition=month_partition(reading.date))


def readings_between(
    session: Session, start: date, end: date, *, metric_ids: set[str] | None = None
) -> list[Reading]:
    """Readings with start <= date <= end (reading only the month partitions in that range)."""
    months: list[str] = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        months.append(month_partition(cursor))
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    known = set(session.board.partitions("reading"))
    wanted = [m for m in months if m in known]
    if not wanted:
        return []
    # Filter on the stored fields (ISO dates compare as text) and convert only the readings kept.
    first, last = start.isoformat(), end.isoformat()
    return [
        from_fields(Reading, r.id, r.fields)
        for r in session.board.all(persist.KINDS[Reading], partitions=wanted)
        if first <= str(r.fields.get("date", "")) <= last
        and (metric_ids is None or r.fields.get("metric_id") in metric_ids)
    ]
