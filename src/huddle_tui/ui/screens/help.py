"""HelpScreen (`?`): every binding of the app and its screens: id, keys, what it does.

The ids are what a user puts in the keymap file to rebind a key (the path is shown at the top).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from huddle_tui.ui.keymap import BindingRow
from huddle_tui.ui.safe import user_cell, user_text


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > #help {
        width: 100; max-width: 100%; height: 100%; max-height: 40;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; }
    HelpScreen #help-keymap { color: $text-muted; }
    HelpScreen DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, rows: Sequence[BindingRow], keymap_path: Path | None) -> None:
        super().__init__()
        self.rows = list(rows)
        self.keymap_path = keymap_path

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Label(Content("Keys  ·  Escape closes  ·  ctrl+p: every command"), id="help-title")
            where = str(self.keymap_path) if self.keymap_path else "(none)"
            yield Static(
                Content.assemble(
                    "Rebind keys in ",
                    user_text(where, single_line=True, limit=200),
                    ' with  [keymap]  "board.new" = "n,insert"',
                ),
                id="help-keymap",
            )
            table: DataTable[object] = DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            table.add_columns("where", "keys", "does", "id")
            for row in self.rows:
                table.add_row(
                    user_cell(row.scope, limit=14),
                    user_cell(self.key_display(row.keys), limit=24),
                    user_cell(row.description, limit=40),
                    user_cell(row.id, limit=30),
                )
            yield table

    def key_display(self, keys: str) -> str:
        """'left_square_bracket,n' -> '[, n' as the footer shows keys."""
        shown = []
        for key in keys.split(","):
            try:
                shown.append(self.app.get_key_display(Binding(key.strip(), "")))
            except Exception:  # an odd key from a user keymap: show it as written
                shown.append(key.strip())
        return ", ".join(shown)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def action_close(self) -> None:
        self.dismiss(None)
