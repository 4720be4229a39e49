"""A month as a calendar of coloured day cells ("letter" boards): one cell per day, future days empty.

Each past or current day shows its number and its status symbol in the status colour (● ▲ ✖, · for a
day without a reading); future days show only a dim number. The day shown on the board is bracketed.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from huddle_tui.domain.metrics import Status
from huddle_tui.ui.widgets.status_cell import STATUS_CELL_STYLE

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
CELL = 5  # characters per day cell, including one space of gutter


def day_cell(day: date, status: Status | None, *, today: date, selected: date | None) -> Content:
    """One day: ' 27● ' (4 characters + gutter); future days ' 28  ' dim; the selected day bracketed."""
    if day > today:
        body = Content.styled(f"{day.day:>2}  ", "dim")
    else:
        status = Status(status or Status.NONE)
        style = STATUS_CELL_STYLE[status]
        body = Content.styled(f"{day.day:>2}{status.symbol} ", style)
    if selected == day:
        return Content.assemble(("[", "bold"), body.truncate(3), ("]", "bold"))
    return Content.assemble(" ", body)


def month_title(month: date) -> str:
    return f"{calendar.month_name[month.month]} {month.year}"


class MonthWidget(Widget):
    """A month of day statuses drawn as lines of day cells; subclasses lay the days out in `lines()`."""

    def __init__(
        self,
        month: date,
        statuses: Mapping[date, Status] | None = None,
        *,
        today: date,
        selected: date | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.month = month.replace(day=1)
        self.statuses: dict[date, Status] = dict(statuses or {})
        self.today = today
        self.selected = selected

    def update(
        self,
        statuses: Mapping[date, Status],
        *,
        selected: date | None = None,
        month: date | None = None,
        today: date | None = None,
    ) -> None:
        """Show other statuses (and another month or today); no redraw when nothing changed."""
        month = month.replace(day=1) if month is not None else self.month
        today = today or self.today
        statuses = dict(statuses)
        if (statuses, selected, month, today) == (self.statuses, self.selected, self.month, self.today):
            return
        self.statuses, self.selected, self.month, self.today = statuses, selected, month, today
        self.refresh(layout=True)

    def cell(self, day: date) -> Content:
        return day_cell(day, self.statuses.get(day), today=self.today, selected=self.selected)

    def lines(self) -> list[Content]:
        raise NotImplementedError

    def render(self) -> RenderResult:
        return Content("\n").join(self.lines())

    def get_content_width(self, container, viewport) -> int:  # type: ignore[no-untyped-def]
        return CELL * 7

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(self.lines())


class DayGrid(MonthWidget):
    """`DayGrid(month, statuses, today=...)`: the month of `month` as a Monday-first calendar."""

    DEFAULT_CSS = """
    DayGrid { width: auto; height: auto; }
    """

    def lines(self) -> list[Content]:
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(self.month.year, self.month.month)
        out: list[Content] = [
            Content.styled(month_title(self.month).center(CELL * 7), "bold"),
            Content.styled("".join(f" {d:>2}  " for d in WEEKDAYS), "bold"),
        ]
        for week in weeks:
            cells: list[Content] = []
            for day in week:
                if day.month != self.month.month:
                    cells.append(Content(" " * CELL))
                else:
                    cells.append(self.cell(day))
            out.append(Content.assemble(*cells))
        return out
