"""The cells of a BoardTable: rows as (record id, one `Text` per column), whether two sets of rows draw
the same (`same_rows`: a reload that changed nothing keeps every render cache), and a one-line cell laid
out as rich lays it out, in a third of the time (`cell_line`: no wrapping, no justifying)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

Row = tuple[str, Sequence[Text]]  # (record id, one Text per column)


def same_text(a: Text, b: Text) -> bool:
    """True when two cells draw the same (text, styles, spans, end)."""
    return a.plain == b.plain and a.style == b.style and a.spans == b.spans and a.end == b.end


def same_rows(old: Sequence[Row], new: Sequence[Row]) -> bool:
    """True when `new` would draw what `old` draws (keys, and text and styles of every cell)."""
    return len(old) == len(new) and all(
        a[0] == b[0] and len(a[1]) == len(b[1]) and all(map(same_text, a[1], b[1]))
        for a, b in zip(old, new, strict=True)
    )


def cell_line(console: Console, cell: Text, width: int) -> list[Segment] | None:
    """What `console.render_lines(cell, no_wrap, width, pad=True)[0]` draws, for a cell of one line
    (a third of the time: no wrapping, no justifying); None for a cell it does not handle."""
    if cell.justify not in (None, "default") or "\n" in cell.plain or "\t" in cell.plain:
        return None
    text = cell.copy()
    text.truncate(width, overflow=cell.overflow or "fold")
    segments = text.render(console, end="")
    if text.style:
        segments = Segment.apply_style(segments, console.get_style(text.style))
    line = list(segments)
    used = text.cell_len
    if used < width:
        line.append(Segment(" " * (width - used), Style.null()))
    return line
