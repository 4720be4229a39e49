"""Board time: local dates, production day and shift, day bounds, across DST changes."""

from __future__ import annotations

import os
import time as systime
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huddle_tui.domain.boardtime import (
    day_bounds_utc,
    local_date,
    local_now,
    shift_at,
    shift_contains,
    validate_timezone,
)
from huddle_tui.domain.settings import BoardSettings, Shift
from huddle_tui.errors import InvalidInput

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]
DST_DAYS = [
    ("Europe/Berlin", date(2026, 3, 29)),  # 02:00 -> 03:00
    ("Europe/Berlin", date(2026, 10, 25)),  # 03:00 -> 02:00
    ("Europe/Berlin", date(2026, 3, 28)),
    ("America/New_York", date(2026, 3, 8)),
    ("America/New_York", date(2026, 11, 1)),
    ("America/New_York", date(2026, 11, 2)),
    ("UTC", date(2026, 11, 27)),
    ("Asia/Kolkata", date(2026, 11, 27)),
]


def expected_shift_number(local: datetime) -> int:
    """Independent oracle for the default shifts: by local hour."""
    if 6 <= local.hour < 14:
        return 1
    if 14 <= local.hour < 22:
        return 2
    return 3


def test_validate_timezone_accepts_iana_names() -> None:
    assert validate_timezone(" Europe/Berlin ") == "Europe/Berlin"
    assert validate_timezone("UTC") == "UTC"


@pytest.mark.parametrize("bad", ["", "   ", "Mars/Olympus", "Europe/Berlinn", "../../etc/passwd", "CET/x"])
def test_validate_timezone_refuses_unknown(bad: str) -> None:
    with pytest.raises(InvalidInput):
        validate_timezone(bad)


def test_local_now_and_date_use_board_zone() -> None:
    now = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
    assert local_date(now, "UTC") == date(2026, 11, 27)
    assert local_date(now, "Europe/Berlin") == date(2026, 11, 28)
    assert local_date(now, "America/New_York") == date(2026, 11, 27)
    assert local_now(now, "Europe/Berlin").hour == 0
    assert local_now(now, "Europe/Berlin").utcoffset() == timedelta(hours=1)


def test_naive_instant_is_taken_as_utc() -> None:
    assert local_now(datetime(2026, 7, 1, 12, 0), "Europe/Berlin").hour == 14


def test_night_shift_belongs_to_the_day_it_starts() -> None:
    board = BoardSettings(timezone="UTC")
    day, shift = shift_at(datetime(2026, 11, 28, 2, 0, tzinfo=UTC), board)
    assert day == date(2026, 11, 27)
    assert shift is not None and shift.number == 3
    day, shift = shift_at(datetime(2026, 11, 28, 23, 0, tzinfo=UTC), board)
    assert (day, shift.number if shift else None) == (date(2026, 11, 28), 3)


@pytest.mark.parametrize(
    ("hhmm", "day", "number"),
    [
        ("05:59", 27, 3),
        ("06:00", 28, 1),
        ("13:59", 28, 1),
        ("14:00", 28, 2),
        ("21:59", 28, 2),
        ("22:00", 28, 3),
        ("00:00", 27, 3),
    ],
)
def test_shift_boundaries(hhmm: str, day: int, number: int) -> None:
    local = datetime.combine(date(2026, 11, 28), time.fromisoformat(hhmm))
    at = (local - timedelta(hours=1)).replace(tzinfo=UTC)  # Berlin is UTC+1 in November
    got_day, shift = shift_at(at, BoardSettings(timezone="Europe/Berlin"))
    assert got_day == date(2026, 11, day)
    assert shift is not None and shift.number == number


def test_outside_every_shift_is_none_with_local_date() -> None:
    board = BoardSettings(timezone="UTC", shifts=(Shift(1, "Day", time(8), time(16)),))
    assert shift_at(datetime(2026, 11, 28, 3, 0, tzinfo=UTC), board) == (date(2026, 11, 28), None)
    day, shift = shift_at(datetime(2026, 11, 28, 8, 0, tzinfo=UTC), board)
    assert day == date(2026, 11, 28) and shift is not None and shift.number == 1


def test_twenty_four_hour_shift_starts_the_day() -> None:
    board = BoardSettings(timezone="UTC", shifts=(Shift(1, "All day", time(6), time(6)),))
    assert shift_at(datetime(2026, 11, 28, 5, 59, tzinfo=UTC), board)[0] == date(2026, 11, 27)
    assert shift_at(datetime(2026, 11, 28, 6, 0, tzinfo=UTC), board)[0] == date(2026, 11, 28)


def test_shift_contains() -> None:
    night = Shift(3, "Night", time(22), time(6))
    assert (
        shift_contains(night, time(23, 59))
        and shift_contains(night, time(0))
        and shift_contains(night, time(5))
    )
    assert not shift_contains(night, time(6)) and not shift_contains(night, time(21, 59))


@pytest.mark.parametrize(("tz", "day"), DST_DAYS)
def test_every_minute_of_a_day_maps_to_its_shift(tz: str, day: date) -> None:
    board = BoardSettings(timezone=tz)
    start, end = day_bounds_utc(day, tz)
    at = start
    seen = set()
    while at < end:
        local = local_now(at, tz)
        got_day, shift = shift_at(at, board)
        assert shift is not None
        assert shift.number == expected_shift_number(local)
        expected_day = local.date() - timedelta(days=1) if local.hour < 6 else local.date()
        assert got_day == expected_day
        assert local.date() == day
        seen.add(shift.number)
        at += timedelta(minutes=1)
    assert seen == {1, 2, 3}


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        ("Europe/Berlin", date(2026, 3, 29), 23),
        ("Europe/Berlin", date(2026, 10, 25), 25),
        ("Europe/Berlin", date(2026, 11, 27), 24),
        ("America/New_York", date(2026, 3, 8), 23),
        ("America/New_York", date(2026, 11, 1), 25),
        ("UTC", date(2026, 3, 29), 24),
    ],
)
def test_day_bounds_length_across_dst(tz: str, day: date, hours: int) -> None:
    start, end = day_bounds_utc(day, tz)
    assert end - start == timedelta(hours=hours)
    assert local_date(start, tz) == day
    assert local_date(start - timedelta(microseconds=1), tz) == day - timedelta(days=1)
    assert local_date(end, tz) == day + timedelta(days=1)
    assert start.tzinfo is UTC


def test_day_bounds_when_midnight_does_not_exist() -> None:
    # Chile springs forward at local midnight: the day starts at 01:00 local.
    start, end = day_bounds_utc(date(2026, 9, 6), "America/Santiago")
    assert local_date(start, "America/Santiago") == date(2026, 9, 6)
    assert local_date(start - timedelta(seconds=1), "America/Santiago") == date(2026, 9, 5)
    assert end - start == timedelta(hours=23)


def test_machine_time_zone_does_not_matter(monkeypatch: pytest.MonkeyPatch) -> None:
    at = datetime(2026, 11, 28, 1, 30, tzinfo=UTC)
    board = BoardSettings(timezone="America/New_York")
    results = []
    for machine in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        monkeypatch.setenv("TZ", machine)
        if hasattr(systime, "tzset"):
            systime.tzset()
        results.append((shift_at(at, board), local_date(at, "America/New_York")))
    monkeypatch.delenv("TZ")
    if hasattr(systime, "tzset"):
        systime.tzset()
    assert results[0] == results[1] == results[2]
    assert results[0][0][0] == date(2026, 11, 27)
    assert "TZ" not in os.environ


@settings(max_examples=300, deadline=None)
@given(
    tz=st.sampled_from(ZONES),
    seconds=st.integers(min_value=0, max_value=10 * 365 * 86_400),
)
def test_shift_at_matches_local_hour_anywhere(tz: str, seconds: int) -> None:
    at = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    day, shift = shift_at(at, BoardSettings(timezone=tz))
    local = local_now(at, tz)
    assert shift is not None and shift.number == expected_shift_number(local)
    assert day == (local.date() - timedelta(days=1) if local.hour < 6 else local.date())
    start, end = day_bounds_utc(local.date(), tz)
    assert start <= at < end


@settings(max_examples=200, deadline=None)
@given(tz=st.sampled_from([*ZONES, "America/Santiago"]), offset=st.integers(0, 3650))
def test_day_bounds_tile_the_timeline(tz: str, offset: int) -> None:
    day = date(2020, 1, 1) + timedelta(days=offset)
    start, end = day_bounds_utc(day, tz)
    next_start, _ = day_bounds_utc(day + timedelta(days=1), tz)
    assert end == next_start
    assert timedelta(hours=22) <= end - start <= timedelta(hours=26)
    assert local_date(start, tz) == day and local_date(end - timedelta(microseconds=1), tz) == day
