"""The PICK chart: ideas placed by impact (payoff) and effort into four quadrants.

                 easy                 hard
    high payoff  Implement            Challenge
    low payoff   Possible             Kill

Ideas without impact or effort are listed below the chart as "not placed yet".
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from huddle_tui.domain.ideas import Pick
from huddle_tui.ui.safe import user_text

QUADRANTS: tuple[tuple[Pick, str, str], ...] = (
    (Pick.IMPLEMENT, "Implement", "easy · high payoff"),
    (Pick.CHALLENGE, "Challenge", "hard · high payoff"),
    (Pick.POSSIBLE, "Possible", "easy · low payoff"),
    (Pick.KILL, "Kill", "hard · low payoff"),
)
MAX_TITLE = 60


def quadrant_content(titles: Sequence[str]) -> Content:
    """The idea titles of one quadrant, one bullet line each (clipped, literal)."""
    if not titles:
        return Content.styled("(none)", "dim")
    lines = [Content.assemble("• ", user_text(t, single_line=True, limit=MAX_TITLE)) for t in titles]
    return Content("\n").join(lines)


class PickChart(Widget):
    """`PickChart([(title, pick_or_None), ...])`: four bordered quadrants with idea titles."""

    DEFAULT_CSS = """
    PickChart { height: 1fr; width: 1fr; }
    PickChart Grid { grid-size: 2 2; grid-gutter: 0 1; height: 1fr; }
    PickChart .quadrant { border: round $primary; height: 1fr; padding: 0 1; }
    PickChart #pick-implement { border: round $success; }
    PickChart #pick-kill { border: round $error; }
    PickChart #pick-unplaced { height: auto; max-height: 3; color: $text-muted; }
    """

    def __init__(
        self,
        items: Sequence[tuple[str, Pick | None]] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.items: list[tuple[str, Pick | None]] = list(items)

    def _titles(self, pick: Pick | None) -> list[str]:
        return [title for title, where in self.items if where == pick]

    def compose(self) -> ComposeResult:
        with Grid():
            for pick, label, where in QUADRANTS:
                with VerticalScroll(id=f"pick-{pick.value}", classes="quadrant") as box:
                    box.border_title = Content.styled(label, "bold")
                    box.border_subtitle = Content(where)
                    box.can_focus = False
                    yield Static(quadrant_content(self._titles(pick)), classes="quadrant-body")
        yield Static(self._unplaced_content(), id="pick-unplaced")

    def _unplaced_content(self) -> Content:
        unplaced = self._titles(None)
        if not unplaced:
            return Content("")
        names = ", ".join(t for t in unplaced[:5])
        more = f" and {len(unplaced) - 5} more" if len(unplaced) > 5 else ""
        return Content.assemble(
            (f"Not placed yet ({len(unplaced)}): ", "bold"),
            user_text(names, single_line=True, limit=120),
            more,
        )

    def update(self, items: Sequence[tuple[str, Pick | None]]) -> None:
        self.items = list(items)
        if not self.children:  # not composed yet: compose shows these items
            return
        for pick, _label, _where in QUADRANTS:
            body = self.query_one(f"#pick-{pick.value} .quadrant-body", Static)
            body.update(quadrant_content(self._titles(pick)))
        self.query_one("#pick-unplaced", Static).update(self._unplaced_content())
