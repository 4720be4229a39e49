"""BarChart: a small horizontal bar chart drawn with block characters (no plotting dependency).

    BarChart(title="Ideas per person", bars=[Bar("Pump Line A", 1.4, "1.4"), ...])

Each bar is one line: the label (user text, clipped, never markup), a bar of eighth-blocks scaled to the
largest value (or to `maximum` when given, e.g. 1.0 for rates), and the value as text. The bar's width
follows the widget's width, so the chart fits 80 columns and grows on a wide terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from huddle_tui.ui.safe import clip

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
LABEL_WIDTH = 18
VALUE_WIDTH = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""
    style: str = ""


def bar_string(value: float, maximum: float, width: int) -> str:
    """`value` out of `maximum` as a run of full and partial blocks, `width` cells at most."""
    if maximum <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = round(min(value / maximum, 1.0) * width * 8)
    full, part = divmod(eighths, 8)
    return FULL * full + (EIGHTHS[part] if part else "")


class BarChart(Widget):
    DEFAULT_CSS = """
    BarChart { height: auto; width: 1fr; padding: 0 1; }
    """

    def __init__(
        self,
        bars: Sequence[Bar] = (),
        *,
        title: str = "",
        maximum: float | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.bars = list(bars)
        self.title = title
        self.maximum = maximum

    def update(self, bars: Sequence[Bar], *, title: str | None = None, maximum: float | None = None) -> None:
        self.bars = list(bars)
        if title is not None:
            self.title = title
        self.maximum = maximum
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        out: list[Content] = []
        if self.title:
            out.append(Content.styled(self.title, "bold"))
        if not self.bars:
            out.append(Content.styled("nothing to chart", "dim"))
            return out
        label_width = min(LABEL_WIDTH, max(len(clip(b.label, LABEL_WIDTH)) for b in self.bars))
        room = max(4, width - label_width - VALUE_WIDTH - 2)
        top = self.maximum if self.maximum is not None else max((b.value for b in self.bars), default=0.0)
        for bar in self.bars:
            label = clip(bar.label, label_width).ljust(label_width)
            blocks = bar_string(bar.value, top, room)
            out.append(
                Content.assemble(
                    Content(label),
                    " ",
                    Content.styled(blocks.ljust(room), bar.style or "bold #4ea1d3"),
                    " ",
                    Content(clip(bar.text, VALUE_WIDTH)),
                )
            )
        return out

    def render(self) -> RenderResult:
        width = self.content_size.width or 60
        return Content("\n").join(self.lines(width))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return (1 if self.title else 0) + max(1, len(self.bars))
