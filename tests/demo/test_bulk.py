"""services.bulk: the rules of log_reading applied to a batch, all or nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from huddle_tui.demo.generate import DemoResult
from huddle_tui.domain.metrics import Reading, month_partition
from huddle_tui.domain.records import from_fields, to_fields
from huddle_tui.errors import InvalidInput, Refused
from huddle_tui.services import persist
from huddle_tui.services.bulk import ReadingEntry, build_readings, log_readings, reading_fields
from huddle_tui.services.session import Session


@pytest.mark.parametrize(
    "reading",
    [
        Reading(
            "r",
            "m",
            "t",
            date(2026, 1, 2),
            3.5,
            None,
            "why",
            "a",
            "p",
            datetime(2026, 1, 2, 3, 4, 5, 678000, UTC),
        ),
        Reading("r", "m", "t", date(2026, 12, 31), 0.0, 2),
    ],
)
def test_reading_fields_are_to_fields_without_defaults(reading: Reading) -> None:
    fields = reading_fields(reading)
    full = to_fields(reading)
    assert {k: v for k, v in full.items() if k in fields} == fields
    assert all(full[k] in (None, "") for k in full.keys() - fields.keys())
    assert from_fields(Reading, reading.id, fields) == reading


def _fpy(session: Session) -> str:
    team = session.directory.team("CNC Cell 2")
    return session.directory.metric("First pass yield", team.id).id


def test_a_red_without_reason_refuses_the_whole_batch(copy_session: Session, team_board: DemoResult) -> None:
    session = copy_session
    metric = _fpy(session)
    day = team_board.today - timedelta(days=120)  # before the demo's history: nothing there yet
    batch = [ReadingEntry(metric, day, 99.0), ReadingEntry(metric, day + timedelta(days=1), 50.0)]
    with pytest.raises(InvalidInput, match="red and has no reason"):
        log_readings(session, batch)
    assert session.board.partitions("reading").count(month_partition(day)) == 0 or not [
        r
        for r in persist.load_all(session, Reading, partitions=[month_partition(day)])
        if r.metric_id == metric
    ]


def test_future_days_and_bad_values_are_refused(copy_session: Session, team_board: DemoResult) -> None:
    session = copy_session
    metric = _fpy(session)
    with pytest.raises(InvalidInput, match="in the future"):
        log_readings(session, [ReadingEntry(metric, team_board.today + timedelta(days=1), 99.0)])
    with pytest.raises(InvalidInput, match="not a finite number"):
        log_readings(session, [ReadingEntry(metric, team_board.today, float("nan"))])


def test_entering_in_someone_elses_name_needs_an_admin(copy_session: Session, team_board: DemoResult) -> None:
    session = copy_session
    metric = _fpy(session)
    supervisor = session.acting_as("shuber")
    other = session.directory.person("imoreau")
    entry = ReadingEntry(metric, team_board.today, 99.0, entered_by=other.id)
    with pytest.raises(Refused, match="admin"):
        log_readings(supervisor, [entry])
    result = log_readings(session, [entry])
    assert result.written == 1 and result.partitions == (month_partition(team_board.today),)
    (expected,) = build_readings(session, [entry])
    stored = persist.find(session, Reading, expected.id)
    assert stored == expected and stored.entered_by == other.id
