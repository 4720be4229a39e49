"""A 90-day trend of a metric as a small text chart: one bar per day (or per group of days).

Bars use the eighth blocks ▁▂▃▄▅▆▇█ scaled between the lowest and highest value (and the target); each
bar is coloured by its day's status and days without a reading show as a dim ·. A line under the chart
names the range, the target and the number of red days, so the chart reads without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from huddle_tui.domain.metrics import Status
from huddle_tui.ui.safe import clip
from huddle_tui.ui.widgets.status_cell import STATUS_STYLE

BLOCKS = "▁▂▃▄▅▆▇█"
KEEP: Any = object()  # `Trend.update`: keep the target / unit shown


@dataclass(frozen=True)
class TrendPoint:
    day: date
    value: float | None
    status: Status = Status.NONE


def fmt_number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"


def _bucket(points: Sequence[TrendPoint], width: int) -> list[TrendPoint]:
    """Fold `points` into at most `width` columns: mean value, worst status per column."""
    if len(points) <= width or width <= 0:
        return list(points)
    size = -(-len(points) // width)
    out: list[TrendPoint] = []
    for start in range(0, len(points), size):
        group = points[start : start + size]
        values = [p.value for p in group if p.value is not None]
        worst = min((p.status for p in group), key=lambda s: s.rank)
        out.append(TrendPoint(group[-1].day, sum(values) / len(values) if values else None, worst))
    return out


def trend_lines(
    points: Sequence[TrendPoint], *, target: float | None, unit: str, width: int
) -> list[Content]:
    """The chart line and the summary line for `width` columns."""
    columns = _bucket(points, max(width, 1))
    values = [p.value for p in columns if p.value is not None]
    if not values:
        return [Content.styled("no readings in the last 90 days", "dim")]
    low = min([*values, *([target] if target is not None else [])])
    high = max([*values, *([target] if target is not None else [])])
    span = (high - low) or 1.0
    parts: list[tuple[str, str]] = []
    for point in columns:
        if point.value is None:
            parts.append(("·", "dim"))
        else:
            level = round((point.value - low) / span * (len(BLOCKS) - 1))
            parts.append((BLOCKS[max(0, min(level, len(BLOCKS) - 1))], STATUS_STYLE[point.status]))
    reds = sum(1 for p in points if p.status == Status.RED)
    ambers = sum(1 for p in points if p.status == Status.AMBER)
    first, last = points[0].day, points[-1].day
    unit_text = f" {clip(unit, 16)}" if unit else ""
    summary = (
        f"{first:%d %b} – {last:%d %b}: min {fmt_number(min(values))} · max {fmt_number(max(values))}"
        f" · target {fmt_number(target)}{unit_text} · {reds} ✖ red · {ambers} ▲ amber"
    )
    return [Content.assemble(*parts), Content(summary)]


class Trend(Widget):
    """`Trend(points, target=..., unit=...)`: the last 90 days of a metric."""

    DEFAULT_CSS = """
    Trend { height: auto; width: 1fr; }
    """

    def __init__(
        self,
        points: Sequence[TrendPoint] = (),
        *,
        target: float | None = None,
        unit: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.points = list(points)
        self.target = target
        self.unit = unit

    def update(self, points: Sequence[TrendPoint], *, target: Any = KEEP, unit: Any = KEEP) -> None:
        """Show other points (and target and unit, when given); no redraw when nothing changed."""
        points = list(points)
        target = self.target if target is KEEP else target
        unit = self.unit if unit is KEEP else unit
        if (points, target, unit) == (self.points, self.target, self.unit):
            return
        self.points, self.target, self.unit = points, target, unit
        self.refresh(layout=True)

    def render(self) -> RenderResult:
        width = self.content_region.width or 90
        return Content("\n").join(trend_lines(self.points, target=self.target, unit=self.unit, width=width))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        lines = trend_lines(self.points, target=self.target, unit=self.unit, width=width or 90)
        return sum(max(1, -(-line.cell_length // max(width, 1))) for line in lines)
