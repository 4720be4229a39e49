"""Board time: the board's local date and shift for an instant, whatever the machine's time zone.

Every instant the app stores is timezone-aware UTC; every date and shift a person sees is the board's
local time (`BoardSettings.timezone`, an IANA name such as "Europe/Berlin"). A shift that crosses midnight
(a night shift 22:00-06:00) belongs to the production day it starts on, so 02:00 on the 28th is day 27,
shift 3. Conversions go through zoneinfo, so days with a daylight-saving change are 23 or 25 hours long.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from huddle_tui.domain.settings import BoardSettings, Shift
from huddle_tui.errors import InvalidInput


@lru_cache(maxsize=64)
def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise InvalidInput(
            f"Unknown time zone {tz!r}.", hint="use an IANA name such as Europe/Berlin or America/New_York"
        ) from exc


def validate_timezone(tz: str) -> str:
    """Return the IANA time zone name `tz` (stripped), or raise InvalidInput when it is unknown."""
    name = (tz or "").strip()
    if not name:
        raise InvalidInput("The time zone is empty.", hint="use an IANA name such as Europe/Berlin")
    _zone(name)
    return name


def _aware(now_utc: datetime) -> datetime:
    """A naive datetime is taken as UTC (every stored instant is UTC)."""
    return now_utc.replace(tzinfo=UTC) if now_utc.tzinfo is None else now_utc


def as_utc(value: datetime) -> datetime:
    """`value` as an aware datetime in UTC (a naive one is taken as UTC)."""
    return _aware(value).astimezone(UTC)


def local_now(now_utc: datetime, tz: str) -> datetime:
    """The instant `now_utc` as the board's local wall-clock time (aware, in zone `tz`)."""
    return _aware(now_utc).astimezone(_zone(tz))


def local_date(now_utc: datetime, tz: str) -> date:
    """The board's local calendar date at `now_utc` (not the production day; see `shift_at`)."""
    return local_now(now_utc, tz).date()


def shift_contains(shift: Shift, clock: time) -> bool:
    """True when the local wall-clock time `clock` falls in `shift` (start inclusive, end exclusive)."""
    if shift.crosses_midnight:
        return clock >= shift.start or clock < shift.end
    return shift.start <= clock < shift.end


def shift_at(now_utc: datetime, settings: BoardSettings) -> tuple[date, Shift | None]:
    """The production day and the shift at `now_utc` in the board's time zone.

    A shift crossing midnight belongs to the day it starts: in its after-midnight part the production day
    is the previous local date. Outside every shift, the shift is None and the day is the local date.
    When shifts overlap, the first in `settings.shifts` wins.
    """
    local = local_now(now_utc, settings.timezone)
    clock = local.time().replace(tzinfo=None)
    today = local.date()
    for shift in settings.shifts:
        if not shift_contains(shift, clock):
            continue
        if shift.crosses_midnight and clock < shift.start:
            return today - timedelta(days=1), shift
        return today, shift
    return today, None


def production_day(now_utc: datetime, settings: BoardSettings) -> date:
    """The production day at `now_utc` (the first element of `shift_at`)."""
    return shift_at(now_utc, settings)[0]


def day_bounds_utc(day: date, tz: str) -> tuple[datetime, datetime]:
    """The UTC instants [start, end) of the local calendar date `day` in zone `tz` (23-25 hours long)."""
    zone = _zone(tz)
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end
