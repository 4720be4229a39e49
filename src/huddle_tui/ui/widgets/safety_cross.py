"""The safety cross: the days of the month laid out as a cross, green / amber / red, future days empty.

Layout (7 columns, the arms three days wide):

            1  2  3
            4  5  6
      7  8  9 10 11 12 13
     14 15 16 17 18 19 20
     21 22 23 24 25 26 27
           28 29 30
           31

Each day shows its number and status symbol (● no incident, ▲ near miss / first aid, ✖ recordable,
· no entry), so the cross reads without colour as well.
"""

from __future__ import annotations

import calendar

from textual.content import Content

from huddle_tui.ui.widgets.day_grid import CELL, MonthWidget, month_title

# (columns used) per row; days fill the rows in order.
ROWS: tuple[tuple[int, int], ...] = ((2, 5), (2, 5), (0, 7), (0, 7), (0, 7), (2, 5), (2, 5))


def cross_positions(days_in_month: int) -> list[list[int | None]]:
    """Rows of 7 slots holding a day number or None (outside the cross or after the month's end)."""
    grid: list[list[int | None]] = []
    day = 1
    for start, stop in ROWS:
        row: list[int | None] = [None] * 7
        for col in range(start, stop):
            if day <= days_in_month:
                row[col] = day
                day += 1
        grid.append(row)
    return grid


class SafetyCross(MonthWidget):
    """`SafetyCross(month, statuses, today=...)`: the safety metric's month as a cross."""

    DEFAULT_CSS = """
    SafetyCross { width: auto; height: auto; }
    """

    def lines(self) -> list[Content]:
        days = calendar.monthrange(self.month.year, self.month.month)[1]
        out = [Content.styled(month_title(self.month).center(CELL * 7), "bold")]
        for row in cross_positions(days):
            cells: list[Content] = []
            for number in row:
                if number is None:
                    cells.append(Content(" " * CELL))
                else:
                    cells.append(self.cell(self.month.replace(day=number)))
            out.append(Content.assemble(*cells).rstrip())
        legend = Content.assemble(
            ("● ", "bold green"),
            "none ",
            ("▲ ", "bold #ff8c00"),
            "near miss ",
            ("✖ ", "bold red"),
            "recordable",
        )
        out.append(legend)
        return out

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(ROWS) + 2
