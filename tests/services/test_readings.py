"""Logging readings: colours, reasons for reds, deterministic ids per month, shifts, permissions."""

from __future__ import annotations

from datetime import date

import pytest

from huddle_tui.domain.metrics import Status, month_partition
from huddle_tui.errors import InvalidInput, NotFound, Refused
from huddle_tui.services import readings, setup


def test_green_reading(plant) -> None:
    session = plant.as_("ian")
    logged = readings.log_reading(session, "OEE", "91,5", team_ref="Line 1")
    assert logged.status is Status.GREEN
    assert logged.reading.value == 91.5 and logged.reading.date == date(2026, 11, 27)
    assert logged.reading.id == f"{plant.ids['oee']}-20261127-0"
    assert logged.reading.entered_by == plant.ids["ian"]
    assert session.board.partitions("reading") == ["2026-11"]
    plant.admin.refresh()
    assert plant.admin.board.partitions("reading") == ["2026-11"]


def test_red_needs_a_reason_and_names_the_countermeasure_command(plant) -> None:
    session = plant.as_("ian")
    with pytest.raises(InvalidInput, match="needs a reason") as err:
        readings.log_reading(session, "OEE", "70", team_ref="Line 1")
    assert "huddle action add" in str(err.value)
    assert f"--from {plant.ids['oee']}-20261127-0" in str(err.value)
    assert session.board.all("reading", partitions=["2026-11"]) == []
    logged = readings.log_reading(session, "OEE", "70", team_ref="Line 1", reason="jam\x1b[31m")
    assert logged.status is Status.RED and logged.needs_countermeasure
    assert logged.reading.reason == "jam[31m"


def test_amber_needs_no_reason(plant) -> None:
    assert readings.log_reading(plant.as_("ian"), "OEE", "82", team_ref="Line 1").status is Status.AMBER


def test_relogging_edits_the_same_reading(plant) -> None:
    session = plant.as_("ian")
    readings.log_reading(session, "OEE", "70", team_ref="Line 1", reason="jam")
    again = readings.log_reading(session, "OEE", "71", team_ref="Line 1")
    assert again.replaced is not None and again.reading.reason == "jam"
    assert len(session.board.all("reading", partitions=["2026-11"])) == 1


def test_past_date_goes_to_its_month(plant) -> None:
    logged = readings.log_reading(plant.as_("ian"), "Scrap", "1", team_ref="Line 1", day=date(2026, 10, 3))
    assert month_partition(logged.reading.date) == "2026-10"
    plant.admin.refresh()
    assert readings.find_reading(plant.admin, logged.reading.id).value == 1


def test_future_date_and_bad_values(plant) -> None:
    session = plant.as_("ian")
    with pytest.raises(InvalidInput, match="future"):
        readings.log_reading(session, "OEE", "90", team_ref="Line 1", day=date(2026, 11, 28))
    with pytest.raises(InvalidInput, match="not a number"):
        readings.log_reading(session, "OEE", "ninety", team_ref="Line 1")
    with pytest.raises(InvalidInput):
        readings.log_reading(session, "OEE", "nan", team_ref="Line 1")


def test_shifts(plant) -> None:
    setup.add_metric(
        plant.admin, "Output", team="Line 1", category="D", target=100, better="higher", per_shift=True
    )
    session = plant.as_("ian")
    logged = readings.log_reading(session, "Output", "120", team_ref="Line 1")
    assert logged.reading.shift == 1  # 08:00 is the early shift
    logged = readings.log_reading(
        session, "Output", "90", team_ref="Line 1", shift=3, day=date(2026, 11, 26), reason="short crew"
    )
    assert logged.reading.id.endswith("-20261126-3")
    with pytest.raises(InvalidInput, match="no shift 7"):
        readings.log_reading(session, "Output", "120", team_ref="Line 1", shift=7)
    with pytest.raises(InvalidInput, match="daily metric"):
        readings.log_reading(session, "OEE", "90", team_ref="Line 1", shift=1)
    with pytest.raises(InvalidInput, match="say which shift"):
        readings.log_reading(session, "Output", "120", team_ref="Line 1", day=date(2026, 11, 20))


def test_refused_for_another_team(plant) -> None:
    with pytest.raises(Refused, match="member of Line 1"):
        readings.log_reading(plant.as_("olga"), "OEE", "90", team_ref="Line 1")
    # A manager above the team may log for it.
    assert readings.log_reading(plant.as_("max"), "OEE", "90", team_ref="Line 1").status is Status.GREEN


def test_set_reason_and_attach_countermeasure(plant) -> None:
    session = plant.as_("ian")
    rid = readings.log_reading(session, "OEE", "70", team_ref="Line 1", reason="jam").reading.id
    assert readings.set_reason(session, rid, "belt torn").reason == "belt torn"
    assert readings.attach_countermeasure(session, rid, "ACTION1").action_id == "ACTION1"
    with pytest.raises(InvalidInput, match="empty"):
        readings.set_reason(session, rid, "  ")
    with pytest.raises(NotFound):
        readings.find_reading(session, "nope-20261127-0")


def test_readings_between_only_reads_wanted_months(plant) -> None:
    session = plant.as_("ian")
    readings.log_reading(session, "Scrap", "1", team_ref="Line 1", day=date(2026, 9, 30))
    readings.log_reading(session, "Scrap", "1", team_ref="Line 1", day=date(2026, 11, 1))
    found = readings.readings_between(session, date(2026, 10, 15), date(2026, 11, 27))
    assert [r.date for r in found] == [date(2026, 11, 1)]


def test_metric_of_another_team_is_refused(plant) -> None:
    with pytest.raises(InvalidInput, match="belongs to Area A, not Line 1"):
        readings.log_reading(plant.as_("max"), plant.ids["area_oee"], "90", team_ref="Line 1")
