"""BoardTable's one-line cell layout (`table_cells.cell_line`) draws what rich's general layout draws."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from huddle_tui.ui.widgets.table_cells import cell_line

CONSOLE = Console(width=120, color_system="truecolor", force_terminal=True)
STYLES = st.sampled_from(["", "bold", "dim", "red on white", "reverse", "italic underline"])
# Letters, wide and combining characters, emoji, right-to-left text and spaces.
CHARS = st.sampled_from([*"abc xyz  ", "日", "本", "é", "e\u0301", "😀", "👍🏽", "ש", "ל", "\u200b", "…"])


def general(cell: Text, width: int) -> list[Segment]:
    options = CONSOLE.options.update_dimensions(width, 1).update(no_wrap=True)
    return CONSOLE.render_lines(cell, options, style=Style.null(), pad=True)[0]


def drawn(line: list[Segment]) -> list[tuple[str, Style]]:
    """Each character with its style: how the line looks, whatever its segments."""
    return [(char, segment.style or Style.null()) for segment in line for char in segment.text]


@st.composite
def cells(draw: st.DrawFn) -> Text:
    text = Text(
        style=draw(STYLES),
        overflow=draw(st.sampled_from([None, "ellipsis", "fold", "crop"])),
        no_wrap=True,
        end="",
    )
    for _ in range(draw(st.integers(0, 4))):
        text.append("".join(draw(st.lists(CHARS, max_size=12))), style=draw(STYLES) or None)
    return text


@settings(max_examples=1000, deadline=None)
@given(cells(), st.integers(1, 40))
def test_cell_line_draws_what_rich_draws(cell: Text, width: int) -> None:
    line = cell_line(CONSOLE, cell, width)
    assert line is not None
    assert drawn(line) == drawn(general(cell, width))


def test_cells_it_does_not_handle_are_left_to_rich() -> None:
    assert cell_line(CONSOLE, Text("a\tb"), 10) is None
    assert cell_line(CONSOLE, Text("a\nb"), 10) is None
    assert cell_line(CONSOLE, Text("right", justify="right"), 10) is None
    assert cell_line(CONSOLE, Text("left", justify="left"), 10) is None  # rich pads it in its style


def test_trailing_spaces_count_as_rich_counts_them() -> None:
    line = cell_line(CONSOLE, Text("a ", overflow="ellipsis"), 1)
    assert line is not None and drawn(line) == drawn(general(Text("a ", overflow="ellipsis"), 1))
