"""Reading colours, metric value checks, reds lacking reason or countermeasure, and typed values."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from huddle_tui.domain.metrics import (
    Direction,
    Metric,
    Reading,
    Status,
    lacks_countermeasure,
    lacks_reason,
    parse_value,
    reading_status,
    validate_metric_values,
    worst_status,
)
from huddle_tui.errors import InvalidInput

GOODNESS = {Status.RED: 0, Status.AMBER: 1, Status.GREEN: 2}
finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


def metric(target: float = 95, better: Direction = Direction.HIGHER, warn: float | None = None) -> Metric:
    return Metric(
        id="m1", team_id="t1", name="OEE", category="Delivery", target=target, better=better, warn=warn
    )


def reading(value: float, reason: str = "", action_id: str | None = None) -> Reading:
    return Reading(
        id="r1",
        metric_id="m1",
        team_id="t1",
        date=date(2026, 11, 27),
        value=value,
        reason=reason,
        action_id=action_id,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100, "green"), (95, "green"), (94.99, "amber"), (90, "amber"), (89.99, "red"), (0, "red"), (-5, "red")],
)
def test_higher_is_better_with_warn(value: float, expected: str) -> None:
    assert reading_status(metric(95, Direction.HIGHER, 90), value) == Status(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "green"), (2, "green"), (2.01, "amber"), (5, "amber"), (5.01, "red"), (100, "red")],
)
def test_lower_is_better_with_warn(value: float, expected: str) -> None:
    assert reading_status(metric(2, Direction.LOWER, 5), value) == Status(expected)


def test_without_warn_only_red_or_green() -> None:
    assert reading_status(metric(95, Direction.HIGHER), 94.9) is Status.RED
    assert reading_status(metric(95, Direction.HIGHER), 95) is Status.GREEN
    assert reading_status(metric(0, Direction.LOWER), 0) is Status.GREEN
    assert reading_status(metric(0, Direction.LOWER), 1) is Status.RED


def test_no_value_is_none() -> None:
    assert reading_status(metric(), None) is Status.NONE
    assert reading_status(metric(), math.nan) is Status.NONE


def test_direction_given_as_string() -> None:
    m = Metric(id="m", team_id="t", name="x", category="Safety", target=0, better="lower")  # type: ignore[arg-type]
    assert reading_status(m, 1) is Status.RED


@given(target=finite, band=st.floats(min_value=0, max_value=1e6), a=finite, b=finite, use_warn=st.booleans())
def test_status_monotonic_higher_better(
    target: float, band: float, a: float, b: float, use_warn: bool
) -> None:
    warn = target - band if use_warn and band > 0 else None
    m = metric(target, Direction.HIGHER, warn)
    low, high = sorted((a, b))
    assert GOODNESS[reading_status(m, low)] <= GOODNESS[reading_status(m, high)]
    if warn is None:
        assert reading_status(m, low) is not Status.AMBER


@given(target=finite, band=st.floats(min_value=0, max_value=1e6), a=finite, b=finite, use_warn=st.booleans())
def test_status_monotonic_lower_better(
    target: float, band: float, a: float, b: float, use_warn: bool
) -> None:
    warn = target + band if use_warn and band > 0 else None
    m = metric(target, Direction.LOWER, warn)
    low, high = sorted((a, b))
    assert GOODNESS[reading_status(m, low)] >= GOODNESS[reading_status(m, high)]
    assert reading_status(m, target) is Status.GREEN


@given(target=finite, warn=finite, value=finite)
def test_amber_only_inside_the_band(target: float, warn: float, value: float) -> None:
    assume(warn < target)
    status = reading_status(metric(target, Direction.HIGHER, warn), value)
    assert (status is Status.AMBER) == (warn <= value < target)


def test_validate_metric_values_accepts_sane_values() -> None:
    validate_metric_values(95, Direction.HIGHER, 90)
    validate_metric_values(2, "lower", 5)
    validate_metric_values(0, Direction.LOWER, None)


@pytest.mark.parametrize(
    ("target", "better", "warn"),
    [
        (95, Direction.HIGHER, 96),
        (95, Direction.HIGHER, 95),
        (2, Direction.LOWER, 1),
        (2, Direction.LOWER, 2),
        (math.nan, Direction.HIGHER, None),
        (math.inf, Direction.LOWER, None),
        (1, Direction.HIGHER, -math.inf),
        (1, Direction.HIGHER, math.nan),
        (1, "sideways", None),
    ],
)
def test_validate_metric_values_refuses(target: float, better: str, warn: float | None) -> None:
    with pytest.raises(InvalidInput):
        validate_metric_values(target, better, warn)


def test_wrong_side_message_names_the_direction() -> None:
    with pytest.raises(InvalidInput, match="below the target 95 when higher is better"):
        validate_metric_values(95, Direction.HIGHER, 97)


def test_red_lacks_reason_and_countermeasure() -> None:
    m = metric(95, Direction.HIGHER, 90)
    assert lacks_reason(m, reading(80))
    assert lacks_reason(m, reading(80, reason=" \x1b \n"))
    assert not lacks_reason(m, reading(80, reason="Line stop"))
    assert lacks_countermeasure(m, reading(80, reason="Line stop"))
    assert not lacks_countermeasure(m, reading(80, action_id="a1"))


def test_amber_green_or_missing_need_nothing() -> None:
    m = metric(95, Direction.HIGHER, 90)
    for value in (92, 99):
        assert not lacks_reason(m, reading(value))
        assert not lacks_countermeasure(m, reading(value))
    assert not lacks_reason(m, None) and not lacks_countermeasure(m, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        ("12.5", 12.5),
        ("12,5", 12.5),
        (" 7 ", 7.0),
        ("-3", -3.0),
        ("+4", 4.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("0", 0.0),
    ],
)
def test_parse_value_accepts(text: str, expected: float) -> None:
    assert parse_value(text) == expected


@pytest.mark.parametrize("text", ["-0", "-0.0", "-0,0", "-.0"])
def test_parse_value_normalises_negative_zero(text: str) -> None:
    value = parse_value(text)
    assert value == 0 and math.copysign(1, value) == 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "1e309",
        "-1e309",
        "abc",
        "1,2.3",
        "1..2",
        "0x10",
        "1_000",
    ],
)
def test_parse_value_refuses(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_value(text)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_parse_value_round_trips_finite_floats(value: float) -> None:
    parsed = parse_value(repr(value))
    assert parsed == value
    assert parse_value(repr(value).replace(".", ",")) == value


def test_worst_status() -> None:
    assert worst_status([Status.GREEN, Status.AMBER, Status.NONE]) is Status.AMBER
    assert worst_status([Status.GREEN, Status.RED, Status.AMBER]) is Status.RED
    assert worst_status([Status.NONE, Status.NONE]) is Status.NONE
    assert worst_status([]) is Status.NONE
