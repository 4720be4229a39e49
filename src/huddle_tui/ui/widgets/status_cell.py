"""A reading's status as symbol plus colour, readable without colour (NO_COLOR, colour-blind users).

`status_content` / `status_text` build the renderable for a Static or a DataTable cell; `StatusCell` is a
small widget that shows one status (with an optional value, e.g. "97.5 %").
"""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from huddle_tui.domain.metrics import Status
from huddle_tui.ui.safe import clip

# Concrete colours (not theme variables) so that the same style works for Content and rich Text.
STATUS_STYLE: dict[Status, str] = {
    Status.GREEN: "bold green",
    Status.AMBER: "bold #ff8c00",
    Status.RED: "bold red",
    Status.NONE: "dim",
}
# Background styles for day grids / the safety cross (symbol stays readable without colour).
STATUS_CELL_STYLE: dict[Status, str] = {
    Status.GREEN: "bold black on green",
    Status.AMBER: "bold black on #ff8c00",
    Status.RED: "bold white on red",
    Status.NONE: "dim",
}
STATUS_WORD: dict[Status, str] = {
    Status.GREEN: "green",
    Status.AMBER: "amber",
    Status.RED: "red",
    Status.NONE: "no reading",
}


def status_content(status: Status, value: str | None = None) -> Content:
    """'✖ 12 min' styled by status; the value is text we formatted (numbers), still never markup."""
    status = Status(status)
    text = status.symbol if value is None else f"{status.symbol} {clip(value, 24)}"
    return Content.styled(text, STATUS_STYLE[status])


def status_text(status: Status, value: str | None = None) -> Text:
    """The same as `status_content` as a rich `Text` for DataTable cells."""
    status = Status(status)
    text = status.symbol if value is None else f"{status.symbol} {clip(value, 24)}"
    return Text(text, style=STATUS_STYLE[status], no_wrap=True, end="")


class StatusCell(Widget):
    """One status with an optional value: `StatusCell(Status.RED, "12 min")`."""

    DEFAULT_CSS = """
    StatusCell { width: auto; height: 1; }
    """

    status: reactive[Status] = reactive(Status.NONE)
    value: reactive[str | None] = reactive(None)

    def __init__(
        self,
        status: Status = Status.NONE,
        value: str | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(StatusCell.status, Status(status))
        self.set_reactive(StatusCell.value, value)

    def render(self) -> RenderResult:
        return status_content(self.status, self.value)

    def get_content_width(self, container, viewport) -> int:  # type: ignore[no-untyped-def]
        return status_content(self.status, self.value).cell_length
