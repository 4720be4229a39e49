"""Helpers shared by the tier 2+ screen tests (roll-up, inbox, KPIs, cascade, support, wall)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from huddle_tui.ui.widgets.board_table import BoardTable


def table_rows(table: BoardTable) -> list[str]:
    return [table.row_text(key) for key, _cells in table.all_rows]


async def put_cursor(pilot: Any, table: BoardTable, text: str) -> str:
    """Move `table`'s cursor to the first row containing `text`; return the row key."""
    for key, _cells in table.all_rows:
        if text in table.row_text(key):
            table.move_cursor(row=table.get_row_index(key))
            await pilot.pause()
            return key
    raise AssertionError(f"no row with {text!r} in {table_rows(table)}")


def board_files(path: Path) -> dict[str, str]:
    """Every file under the board folder with a hash of its content (to prove nothing was written)."""
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }
