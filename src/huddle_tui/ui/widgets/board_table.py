"""BoardTable: a DataTable of rows keyed by record id that fits its width, keeps its cursor and filters.

Columns are `Col(key, label, width, hide_below)`: fixed widths, except one flex column (width 0) that takes
the room left (the title, usually); a column whose `hide_below` exceeds the table's width is left out, so a
pane stays readable from 80x24 to 200x60 without horizontal scrolling. `set_rows(rows)` replaces the
content (rows are (key, cells), one rich `Text` per column, built by `ui.safe`), keeping the cursor on
the same record when it is still there. `set_filter(text)` hides rows whose text does not contain it.
Only `limit` rows are laid out (brief section 6: a DataTable of 10k rows takes seconds); a last row says
how many more there are.

A focus change restyles the table (`:focus`, and the pane's `:focus-within`), and DataTable then drops
every render cache and renders each visible cell again (about 0.5 ms a cell). Those caches are already
keyed by the focus state (`_pseudo_class_state`) and the base style, so BoardTable drops them only when
the table's styles really changed for the state it is in (a theme or CSS change): switching panes back
and forth renders from the cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable

Row = tuple[str, Sequence[Text]]
MORE_KEY = "__more__"
MIN_FLEX = 12


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    width: int = 0  # 0: the flex column
    hide_below: int = 0  # leave the column out when the table is narrower than this


class BoardTable(DataTable[Text]):
    DEFAULT_CSS = """
    BoardTable { height: 1fr; overflow-x: hidden; }
    """

    def __init__(
        self,
        columns: Sequence[Col],
        *,
        limit: int = 500,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=False)
        self.column_spec = list(columns)
        self.limit = limit
        self.all_rows: list[Row] = []
        self.filter_text = ""
        self._layout: tuple[int, ...] = ()
        self._shown: list[int] = []
        self._style_check = True
        self._style_seen: dict[Any, tuple[Style, ...]] = {}

    # -- render caches ------------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        # DataTable's version clears every render cache; check the styles at the next render instead
        # (component styles are updated after this call).
        Widget.notify_style_update(self)
        self._styles_cache.clear()
        self._style_check = True
        self.refresh()

    def _check_styles(self) -> None:
        self._style_check = False
        state = self.get_pseudo_class_state()
        signature = (
            self.rich_style,
            *(self.get_component_rich_style(name, partial=True) for name in sorted(self.COMPONENT_CLASSES)),
        )
        # The cell styles are cached without the focus state: always recompute them.
        self._get_styles_to_render_cell.cache_clear()
        if self._style_seen.get(state) != signature:
            if state in self._style_seen:
                self._style_seen.clear()  # the styles changed under the same state: forget them all
            self._style_seen[state] = signature
            self._row_render_cache.clear()
            self._cell_render_cache.clear()
            self._row_renderable_cache.clear()
            self._line_cache.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._style_check:
            self._check_styles()
        return super().render_lines(crop)

    # -- columns ------------------------------------------------------------------------------------------

    def _fit(self, width: int) -> tuple[list[int], int]:
        """Indexes of the columns shown at `width` and the width of the flex column."""
        shown = [i for i, col in enumerate(self.column_spec) if width >= col.hide_below or col.width == 0]
        pad = 2 * self.cell_padding
        fixed = sum(self.column_spec[i].width + pad for i in shown if self.column_spec[i].width)
        flex = max(MIN_FLEX, width - fixed - pad - 1)
        return shown, flex

    def _build_columns(self) -> None:
        width = self.size.width
        if not width:  # not laid out yet: the first resize builds the columns (and lays out the rows)
            return
        shown, flex = self._fit(width)
        layout = (*shown, flex)
        if layout == self._layout:
            return
        self._layout = layout
        self._shown = shown
        self.clear(columns=True)
        for index in shown:
            col = self.column_spec[index]
            self.add_column(Text(col.label, style="bold"), key=col.key, width=col.width or flex)
        self._render_rows()

    def on_mount(self) -> None:
        self._build_columns()

    def on_resize(self, event: events.Resize) -> None:
        self._build_columns()

    # -- rows ---------------------------------------------------------------------------------------------

    @property
    def current_key(self) -> str | None:
        if self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:
            return None
        return None if key == MORE_KEY else key

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.all_rows = list(rows)
        self._render_rows()

    def set_filter(self, text: str) -> None:
        self.filter_text = text.casefold().strip()
        self._render_rows()

    def _visible(self) -> list[Row]:
        if not self.filter_text:
            return self.all_rows
        return [
            row for row in self.all_rows if self.filter_text in " ".join(c.plain for c in row[1]).casefold()
        ]

    def _render_rows(self) -> None:
        if not self._shown:
            return
        keep = self.current_key
        keep_index = self.cursor_row
        self.clear()
        shown = self._visible()
        for key, cells in shown[: self.limit]:
            self.add_row(*[cells[i] for i in self._shown], key=key)
        if len(shown) > self.limit:
            extra = Text(f"… {len(shown) - self.limit} more (use / to filter)", style="dim")
            self.add_row(extra, *[Text("") for _ in self._shown[1:]], key=MORE_KEY)
        if self.row_count == 0:
            return
        index = None
        if keep is not None:
            try:
                index = self.get_row_index(keep)
            except Exception:
                index = None
        if index is None:
            index = min(max(keep_index, 0), self.row_count - 1)
        self.move_cursor(row=index, animate=False, scroll=True)

    def row_text(self, key: str) -> str:
        """The plain text of the row `key` (all columns, also hidden ones)."""
        for row_key, cells in self.all_rows:
            if row_key == key:
                return " ".join(cell.plain for cell in cells)
        return ""
