"""Action overdue rules and the SQDCP roll-up of a team's day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from huddle_tui.domain.actions import Action, ActionStatus, action_sort_key, days_overdue, is_overdue
from huddle_tui.domain.metrics import Direction, Frequency, Metric, Reading, Status
from huddle_tui.domain.rollup import category_status, metric_day_status, team_day_status

TODAY = date(2026, 11, 27)


def action(id: str, due: date, status: ActionStatus = ActionStatus.OPEN) -> Action:
    return Action(
        id=id,
        team_id="t1",
        title="Fix guard",
        owner_id="p1",
        due=due,
        created_by="s1",
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
        status=status,
    )


def test_action_overdue() -> None:
    assert is_overdue(action("a", TODAY - timedelta(days=1)), TODAY)
    assert not is_overdue(action("a", TODAY), TODAY)
    assert not is_overdue(action("a", TODAY - timedelta(days=9), ActionStatus.DONE), TODAY)
    assert not is_overdue(action("a", TODAY - timedelta(days=9), ActionStatus.CANCELLED), TODAY)
    assert days_overdue(action("a", TODAY - timedelta(days=3)), TODAY) == 3
    assert days_overdue(action("a", TODAY + timedelta(days=3)), TODAY) == 0


def test_action_sort_overdue_first_then_due() -> None:
    items = [
        action("done", TODAY - timedelta(days=20), ActionStatus.DONE),
        action("later", TODAY + timedelta(days=5)),
        action("late2", TODAY - timedelta(days=1)),
        action("soon", TODAY),
        action("late9", TODAY - timedelta(days=9)),
    ]
    ordered = sorted(items, key=lambda a: action_sort_key(a, TODAY))
    assert [a.id for a in ordered] == ["late9", "late2", "soon", "later", "done"]


def metric(id: str, category: str, **kw: object) -> Metric:
    base: dict[str, object] = {"target": 95, "better": Direction.HIGHER, "warn": 90}
    base.update(kw)
    return Metric(id=id, team_id="t1", name=id, category=category, **base)  # type: ignore[arg-type]


def reading(metric_id: str, value: float, day: date = TODAY, shift: int | None = None) -> Reading:
    return Reading(
        id=f"{metric_id}-{day}-{shift}", metric_id=metric_id, team_id="t1", date=day, value=value, shift=shift
    )


def test_category_status_worst_per_category_and_worst_shift() -> None:
    metrics = [
        metric("oee", "Delivery"),
        metric("otd", "Delivery"),
        metric("scrap", "Quality", target=2, better=Direction.LOWER, warn=4, frequency=Frequency.SHIFT),
        metric("incidents", "Safety", target=0, better=Direction.LOWER, warn=None),
        metric("kaizen", "Learning", target=3, warn=None),
        metric("old", "Cost", archived=True),
    ]
    readings = {
        "oee": [reading("oee", 96), reading("oee", 50, TODAY - timedelta(days=1))],
        "otd": [reading("otd", 92)],
        "scrap": [reading("scrap", 1, shift=1), reading("scrap", 3, shift=2), reading("scrap", 1.5, shift=3)],
        "incidents": [reading("incidents", 0)],
        "kaizen": [reading("kaizen", 1)],
        "old": [reading("old", 0)],
    }
    status = category_status(metrics, readings, TODAY)
    assert list(status) == ["Safety", "Quality", "Delivery", "Cost", "People", "Learning"]
    assert status == {
        "Safety": Status.GREEN,
        "Quality": Status.AMBER,
        "Delivery": Status.AMBER,
        "Cost": Status.NONE,
        "People": Status.NONE,
        "Learning": Status.RED,
    }
    assert team_day_status(metrics, readings, TODAY) is Status.RED
    yesterday = category_status(metrics, readings, TODAY - timedelta(days=1))
    assert yesterday["Delivery"] is Status.RED and yesterday["Safety"] is Status.NONE


def test_missing_reading_does_not_hide_a_red_or_make_one() -> None:
    metrics = [metric("a", "Delivery"), metric("b", "Delivery")]
    assert category_status(metrics, {"a": [reading("a", 99)]}, TODAY)["Delivery"] is Status.GREEN
    assert category_status(metrics, {"b": [reading("b", 1)]}, TODAY)["Delivery"] is Status.RED
    assert team_day_status(metrics, {}, TODAY) is Status.NONE
    assert team_day_status([], {}, TODAY) is Status.NONE


def test_metric_day_status_ignores_other_metrics_readings() -> None:
    m = metric("a", "Delivery")
    assert metric_day_status(m, [reading("b", 1)], TODAY) is Status.NONE
    assert metric_day_status(m, [reading("a", 1), reading("a", 99)], TODAY) is Status.RED


@given(
    values=st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.floats(0, 200)), max_size=12),
    extra=st.floats(0, 200),
)
def test_adding_a_reading_never_improves_the_day(values: list[tuple[str, float]], extra: float) -> None:
    metrics = [
        metric("a", "Delivery"),
        metric("b", "Quality"),
        metric("c", "Quality", target=5, better=Direction.LOWER),
    ]
    readings: dict[str, list[Reading]] = {}
    for i, (mid, value) in enumerate(values):
        readings.setdefault(mid, []).append(reading(mid, value, shift=i))
    before = category_status(metrics, readings, TODAY)
    more = {**readings, "b": [*readings.get("b", []), reading("b", extra, shift=99)]}
    after = category_status(metrics, more, TODAY)
    assert after["Quality"] is not Status.NONE
    if before["Quality"] is not Status.NONE:
        assert after["Quality"].rank <= before["Quality"].rank
    assert after["Delivery"] == before["Delivery"]
    overall = team_day_status(metrics, more, TODAY)
    assert overall.rank == min(s.rank for s in after.values() if s is not Status.NONE)
