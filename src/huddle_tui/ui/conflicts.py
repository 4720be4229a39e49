"""The conflict marker: how a record whose field two replicas wrote at once shows on the board.

A row view's `conflicts` (field names, from the store's flags) puts `CONFLICT_MARK` before the row's title
(a symbol besides the colour, so the marker reads without colour too); detail screens add
`conflict_note`. `H` opens the record's history (`ui.screens.history`) with both values.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.content import Content

from huddle_tui.ui.safe import fill

CONFLICT_MARK = "≠"
CONFLICT_STYLE = "bold magenta"
WINNER_MARK = "✔"


def marked(cell: Text, conflicts: Sequence[str]) -> Text:
    """`cell` with the conflict marker in front when the record has conflicting fields."""
    if not conflicts:
        return cell
    out = Text(f"{CONFLICT_MARK} ", style=CONFLICT_STYLE, no_wrap=True, overflow="ellipsis", end="")
    out.append_text(cell)
    return out


def conflict_note(conflicts: Sequence[str]) -> Content:
    """One line for a detail screen: which fields are in conflict and how to see both values."""
    return fill(
        f"[{CONFLICT_STYLE}]{CONFLICT_MARK} Conflict:[/] $fields written on two replicas at once"
        " · H shows every value",
        fields=", ".join(conflicts),
    )


def conflict_count(label: str, count: int) -> str:
    """A pane subtitle part: "≠ 2 conflicts (H)" (empty when there are none)."""
    if not count:
        return ""
    return f"{CONFLICT_MARK} {count} {label}{'s' if count != 1 else ''} (H)"
