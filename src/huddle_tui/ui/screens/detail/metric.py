"""MetricScreen: a metric's month as a day grid (the safety cross for a safety metric), the month's readings
with their reasons, a 90-day trend, and the actions that came from its readings; [ and ] step months."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from huddle_tui.domain.metrics import Status, month_partition, reading_status, worst_status
from huddle_tui.services import queries, readings
from huddle_tui.services.views import ActionRow, MetricDetail
from huddle_tui.ui.conflicts import marked
from huddle_tui.ui.formatting import target_text, value_text
from huddle_tui.ui.safe import fill, user_cell
from huddle_tui.ui.screens.detail.base import ACTION_COLUMNS, DetailScreen, action_rows, set_rows, set_static
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row
from huddle_tui.ui.widgets.day_grid import DayGrid, MonthWidget
from huddle_tui.ui.widgets.footer import CalmFooter
from huddle_tui.ui.widgets.safety_cross import SafetyCross
from huddle_tui.ui.widgets.status_cell import status_text
from huddle_tui.ui.widgets.trend import Trend, TrendPoint

TREND_DAYS = 90


class MetricScreen(DetailScreen):
    """`MetricScreen(metric_id, day)`: the metric's month around `day`."""

    RECYCLE = True

    def __init__(self, metric_id: str, day: date) -> None:
        super().__init__()
        self.metric_id = metric_id
        self.day = day
        self.detail: MetricDetail | None = None
        self.opened()

    @classmethod
    def blank(cls) -> MetricScreen:
        return cls("", date.today())

    def has_record(self) -> bool:
        return bool(self.metric_id)

    def has_months(self) -> bool:
        return True

    def history_target(self) -> tuple[str, str, str | None, str] | None:
        """The reading under the cursor, else the metric itself."""
        detail = self.detail
        if detail is None:
            return None
        key = self.query_one("#metric-readings", BoardTable).current_key
        reading = next((r for r in detail.readings if r.id == key), None)
        if reading is not None:
            title = f"{detail.metric.name}, {reading.date:%d %b}"
            return ("reading", reading.id, month_partition(reading.date), title)
        return ("metric", detail.metric.id, None, detail.metric.name)

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title")
        with Horizontal(id="metric-top"):
            yield Vertical(id="metric-grid")
            yield BoardTable(
                [
                    Col("day", "Day", 9),
                    Col("value", "Value", 16),
                    Col("reason", "Reason"),
                    Col("by", "By", 14, 70),
                ],
                id="metric-readings",
            )
        yield Static(Content.styled("Trend, 90 days", "bold"), classes="section")
        yield Trend(id="metric-trend")
        yield Static(Content.styled("Actions from its readings", "bold"), classes="section")
        yield BoardTable(
            ACTION_COLUMNS,
            id="metric-actions",
        )
        yield CalmFooter()

    def on_mount(self) -> None:
        self.query_one("#metric-readings", BoardTable).focus()

    def action_month(self, step: int) -> None:
        """The same metric one month back or on (the trend ends on the last day shown)."""
        first = self.day.replace(day=1)
        if step < 0:
            self.day = first - timedelta(days=1)
        else:
            following = (first + timedelta(days=32)).replace(day=1)
            today = readings.today(self.session)
            if following > today:
                self.notify(Content("That month has not started yet."), severity="warning")
                return
            self.day = min((following + timedelta(days=32)).replace(day=1) - timedelta(days=1), today)
        self.reload()

    @property
    def _trend_start(self) -> date:
        return self.day - timedelta(days=TREND_DAYS - 1)

    def _days_read(self) -> tuple[date, date]:
        """The days `fetch` reads: the 90 days of the trend and the month shown (to its end, in the
        same month file as `day`)."""
        return min(self.day.replace(day=1), self._trend_start), self.day

    def at_hand(self) -> bool:
        return queries.metric_readings_at_hand(self.session, *self._days_read())

    def reading(self) -> None:
        metric = self.session.directory.metric_by_id(self.metric_id)
        name = metric.name if metric else ""
        set_static(
            self.query_one("#detail-title", Static),
            fill("[b]$name[/b]  reading $month…", name=name, month=f"{self.day:%Y-%m}"),
        )
        self.query_one("#metric-grid", Vertical).display = False
        set_rows(self.query_one("#metric-readings", BoardTable), [])
        self.query_one(Trend).update([])
        set_rows(self.query_one("#metric-actions", BoardTable), [])

    def fetch(self) -> tuple[Any, ...]:
        session = self.session
        detail = queries.metric_detail(session, self.metric_id, f"{self.day:%Y-%m}")
        found = queries.metric_readings(session, self.metric_id, self._trend_start, self.day)
        ids = {r.id for r in found} | {r.id for r in detail.readings}
        rows = queries.reading_actions(session, detail.metric.team_id, ids)
        names = {r.entered_by: session.directory.person_name(r.entered_by) for r in detail.readings}
        return detail, found, rows, names, readings.today(session)

    def apply(
        self,
        detail: MetricDetail,
        found: list[Any],
        rows: list[ActionRow],
        names: dict[str, str],
        today: date,
    ) -> None:
        self.detail = detail
        metric = detail.metric
        top = self.opening(self.query_one("#metric-readings", BoardTable))
        team = detail.team.name if detail.team else ""
        set_static(
            self.query_one("#detail-title", Static),
            fill(
                "[b]$category · $name[/b]  target $target · $team · $month",
                category=metric.category,
                name=metric.name,
                target=target_text(metric),
                team=team,
                month=detail.month,
            ),
        )
        statuses = {cell.day: cell.status for cell in detail.days if not cell.future}
        month = date(int(detail.month[:4]), int(detail.month[5:7]), 1)
        kind = SafetyCross if metric.safety_cross else DayGrid
        holder = self.query_one("#metric-grid", Vertical)
        holder.display = True  # hidden while reading (`reading`)
        grids = list(holder.query_children(MonthWidget))
        if len(grids) == 1 and type(grids[0]) is kind:
            grids[0].update(statuses, selected=self.day, month=month, today=today)
        else:
            holder.remove_children()
            holder.mount(kind(month, statuses, today=today, selected=self.day))
        reading_rows: list[Row] = []
        for reading in sorted(detail.readings, key=lambda r: (r.date, r.shift or 0), reverse=True):
            status = reading_status(metric, reading.value)
            shift = f" s{reading.shift}" if reading.shift else ""
            reading_rows.append(
                (
                    reading.id,
                    [
                        Text(f"{reading.date:%a %d}{shift}", end=""),
                        marked(
                            status_text(status, value_text(reading.value, metric.unit)),
                            detail.reading_conflicts.get(reading.id, ()),
                        ),
                        user_cell(
                            reading.reason or ("⚑ no reason" if status is Status.RED else ""), limit=60
                        ),
                        user_cell(names.get(reading.entered_by, ""), limit=20),
                    ],
                )
            )
        set_rows(self.query_one("#metric-readings", BoardTable), reading_rows, top=top)
        by_day: dict[date, list[Any]] = {}
        for reading in found:
            by_day.setdefault(reading.date, []).append(reading)
        points = []
        for offset in range(TREND_DAYS - 1, -1, -1):
            day = self.day - timedelta(days=offset)
            of_day = by_day.get(day, [])
            if not of_day:
                points.append(TrendPoint(day, None, Status.NONE))
                continue
            status = worst_status(reading_status(metric, r.value) for r in of_day)
            worst = min(of_day, key=lambda r: reading_status(metric, r.value).rank)
            points.append(TrendPoint(day, worst.value, status))
        self.query_one(Trend).update(points, target=metric.target, unit=metric.unit)
        set_rows(self.query_one("#metric-actions", BoardTable), action_rows(rows, today), top=top)
