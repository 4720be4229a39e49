"""A 14-day status sparkline: one symbol per day, oldest first, readable without colour.

Each day shows its status symbol (● green, ▲ amber, ✖ red, · no reading) in its colour, so a run of
reds reads as ✖✖✖ on a NO_COLOR terminal just as well as in red.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from huddle_tui.domain.metrics import Status
from huddle_tui.ui.widgets.status_cell import STATUS_STYLE

DAYS = 14


def _padded(statuses: Sequence[Status], days: int) -> list[Status]:
    items = [Status(s) for s in statuses][-days:]
    return [Status.NONE] * (days - len(items)) + items


def sparkline_content(statuses: Sequence[Status], days: int = DAYS) -> Content:
    """`days` symbols (missing days padded on the left as ·), each in its status colour."""
    return Content.assemble(*[(s.symbol, STATUS_STYLE[s]) for s in _padded(statuses, days)])


def sparkline_text(statuses: Sequence[Status], days: int = DAYS) -> Text:
    """The same as `sparkline_content` as a rich `Text` for a DataTable cell."""
    text = Text(no_wrap=True, end="")
    for status in _padded(statuses, days):
        text.append(status.symbol, STATUS_STYLE[status])
    return text


class StatusSparkline(Widget):
    """The last `days` statuses of a metric, oldest on the left."""

    DEFAULT_CSS = """
    StatusSparkline { width: auto; height: 1; }
    """

    def __init__(
        self,
        statuses: Sequence[Status] = (),
        *,
        days: int = DAYS,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.days = days
        self.statuses: list[Status] = list(statuses)

    def update(self, statuses: Sequence[Status]) -> None:
        self.statuses = list(statuses)
        self.refresh()

    def render(self) -> RenderResult:
        return sparkline_content(self.statuses, self.days)

    def get_content_width(self, container, viewport) -> int:  # type: ignore[no-untyped-def]
        return self.days
