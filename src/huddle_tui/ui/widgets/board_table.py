"""BoardTable: a DataTable of rows keyed by record id that fits its width, keeps its cursor and filters.

Columns are `Col(key, label, width, hide_below)`: fixed widths, except one flex column (width 0) that takes
the room left (the title, usually); a column whose `hide_below` exceeds the table's width is left out, so a
pane stays readable from 80x24 to 200x60 without horizontal scrolling. The columns are laid out once the
table has a width: its first resize, or at mount from `width_hint` (the width it had the last time on a
terminal of this size), so that the first frame already shows the rows. `set_rows(rows)` replaces the
content (rows are (key, cells), one rich `Text` per column, built by `ui.safe`), keeping the cursor on
the same record when it is still there. `set_filter(text)` hides rows whose text does not contain it.
Only `limit` rows are laid out (brief section 6: a DataTable of 10k rows takes seconds); a last row says
how many more there are.

A focus change restyles the table (`:focus`), and DataTable then drops every render cache and renders
each visible cell again. Those caches are already keyed by the focus state (`_pseudo_class_state`) and
the base style, so BoardTable drops them only when the table's styles really changed for the state it
is in (a theme or CSS change): switching panes back and forth renders from the cache.

Rendering a cell is mostly rich laying out its text (`Padding` and `Styled` around it, about 0.2 ms a
cell); the text does not depend on the focus, the cursor or the row style, which are only applied on
top. So BoardTable keeps each cell's laid-out text (`_cell_text`) and applies the styles to it as
`Styled(Padding(...))` does: the first render of a table in the other focus state (the first visit of
a pane) reuses the text of the render before. And it reads the table's style once per render, not
once per line. A one-line cell is cut and styled directly (`table_cells.cell_line`), as rich would lay it out.

Textual private names used (Textual is pinned; re-run tests/ui/test_pane_switch.py and
test_board_table_cells.py on an upgrade): DataTable's render caches and `_render_cell`, `_render_line`,
`_get_row_renderables`, `_get_styles_to_render_cell`, and for the table's size `_update_dimensions`,
`_new_rows`, `_require_update_dimensions`, `_labelled_row_exists`, `_total_row_height`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual._context import NoActiveAppError
from textual._types import SegmentLines
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets._data_table import CellCacheKey, ColumnKey, RowKey

from huddle_tui.ui.widgets.restyle import restyle
from huddle_tui.ui.widgets.table_cells import Row, cell_line, same_rows

MORE_KEY = "__more__"
COMPONENTS = sorted(DataTable.COMPONENT_CLASSES)
MIN_FLEX = 12


@dataclass(frozen=True)
class Col:
    """A column of a BoardTable: key, header label, width (0: the flexible one), hide below a table width."""

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
        width_hint: int = 0,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=False)
        self.column_spec = list(columns)
        self.limit = limit
        self.width_hint = width_hint
        self.all_rows: list[Row] = []
        self.filter_text = ""
        self._layout: tuple[int, ...] = ()
        self._shown: list[int] = []
        self._style_check = True
        self._style_seen: dict[Any, tuple[Any, ...]] = {}
        # (row key, column key, width, update count) -> the cell's text laid out, without the styles.
        self._cell_text_cache: LRUCache[tuple[RowKey, ColumnKey, int, int], list[Segment]] = LRUCache(10000)
        self._line_style: Style | None = None  # the table's style, during a render
        # Rendered lines by everything they are drawn from (see render_lines); a focus change back to a
        # state already drawn takes its lines from here.
        self._strips: LRUCache[tuple[Any, ...], list[Strip]] = LRUCache(16)
        self._styles_generation = 0  # counts the style changes that dropped the render caches

    # -- render caches ------------------------------------------------------------------------------------

    def update_node_styles(self, animate: bool = True) -> None:
        # The table has no children to restyle: restyle it from its styles by state (focus, mostly).
        with contextlib.suppress(NoActiveAppError):
            restyle(self, animate=animate)

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
        # The table's style (with its ancestors') and the rules of each component style.
        components = self._component_styles
        signature = (
            self.rich_style,
            *(components[name].base.get_rules() if name in components else None for name in COMPONENTS),
        )
        # The cell styles are cached without the focus state: always recompute them.
        self._get_styles_to_render_cell.cache_clear()
        seen = self._style_seen.get(state)
        if seen is None:
            self._style_seen[state] = signature  # a state not drawn yet: nothing cached to drop
        elif seen != signature:
            # The styles changed under the same state (theme, CSS): forget every state's renders.
            self._style_seen.clear()
            self._style_seen[state] = signature
            self._styles_generation += 1
            self._strips.clear()
            self._row_render_cache.clear()
            self._cell_render_cache.clear()
            self._row_renderable_cache.clear()
            self._line_cache.clear()

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._cell_text_cache.clear()
        self._strips.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._style_check:
            self._check_styles()
        self._pseudo_class_state = self.get_pseudo_class_state()
        style = self.rich_style
        app = self.app
        # Everything the lines are drawn from: DataTable's line cache key, and what Textual's styles
        # cache draws around them (size, backgrounds, filters, theme); styles changes bump the generation.
        key = (
            crop,
            self.region.size,
            self.scroll_offset,
            self._pseudo_class_state,
            self.cursor_coordinate,
            self.hover_coordinate,
            self._show_hover_cursor,
            self.cursor_type,
            self.show_cursor,
            self._update_count,
            style,
            self.background_colors,
            self.opacity,
            self.hover_style,
            tuple(self.get_line_filters()),
            app.ansi_theme,
            app.native_ansi_color,
            self._styles_generation,
        )
        strips = self._strips.get(key)
        if strips is not None:
            return list(strips)
        self._line_style = style
        try:
            strips = super().render_lines(crop)
        finally:
            self._line_style = None
        self._strips[key] = list(strips)
        return strips

    def render_line(self, y: int) -> Strip:
        # DataTable.render_line, with the table's style read once per render (it walks every ancestor).
        base_style = self._line_style if self._line_style is not None else self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        fixed_rows_height = sum(
            self.get_row_height(self._row_locations.get_key(index)) for index in range(self.fixed_rows)
        )
        if self.show_header:
            fixed_rows_height += self.get_row_height(self._header_row_key)
        if y >= fixed_rows_height:
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, base_style)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """DataTable._render_cell for one-line rows, from the cell's laid-out text (`_cell_text`)."""
        is_header = row_index == -1
        pad = self.cell_padding
        if column_index < 0 or self.fixed_rows or self.fixed_columns or width - 2 * pad < 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._header_row_key if is_header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        key: CellCacheKey = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        if is_header:
            height = self.header_height
        else:
            row = self.rows[row_key]
            height = 0 if row.auto_height and row.height == 0 else row.height
        if height != 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        text = self._cell_text(row_index, column_index, row_key, column_key, width - 2 * pad)
        component_style, post_style = self._get_styles_to_render_cell(
            is_header,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        # What Styled(Padding(cell, (0, pad)), pre_style, post_style) makes of one line.
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        pre_style += component_style
        blank = Segment(" " * pad, Style.null())
        segments = [blank, *text, blank] if pad else text
        lines = [list(Segment.apply_style(segments, style=pre_style, post_style=post_style))]
        self._cell_render_cache[key] = lines
        return lines

    def _cell_text(
        self, row_index: int, column_index: int, row_key: RowKey, column_key: ColumnKey, width: int
    ) -> list[Segment]:
        """The cell's one line of text laid out in `width` cells, as Padding lays it out."""
        key = (row_key, column_key, width, self._update_count)
        text = self._cell_text_cache.get(key)
        if text is None:
            _label, cells = self._get_row_renderables(row_index)
            cell = cells[column_index]
            text = cell_line(self.app.console, cell, width) if isinstance(cell, Text) else None
            if text is None:
                options = self.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
                lines = self.app.console.render_lines(cell, options, style=Style.null(), pad=True)
                text = lines[0]
            self._cell_text_cache[key] = text
        return text

    # -- columns ------------------------------------------------------------------------------------------

    def _fit(self, width: int) -> tuple[list[int], int]:
        """Indexes of the columns shown at `width` and the width of the flex column."""
        shown = [i for i, col in enumerate(self.column_spec) if width >= col.hide_below or col.width == 0]
        pad = 2 * self.cell_padding
        fixed = sum(self.column_spec[i].width + pad for i in shown if self.column_spec[i].width)
        flex = max(MIN_FLEX, width - fixed - pad - 1)
        return shown, flex

    def _build_columns(self) -> None:
        # Before the first layout: the width it is expected to give (a hint), else the first resize
        # builds the columns and lays out the rows, for a second frame.
        width = self.size.width or self.width_hint
        if not width:
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
        # Style the vertical scrollbar now, while the screen is laid out anyway: Textual styles a
        # scrollbar at its table's next restyle (the first focus), and its first styles ask for a
        # layout of the whole screen.
        self.app.stylesheet.update_nodes([self.vertical_scrollbar])
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
        """Show `rows`; rows the table already shows (a live reload where nothing changed, the board
        going live over its start snapshot) keep every render cache instead of being laid out again."""
        if same_rows(self.all_rows, rows):
            return
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
        self._add_rows_done()
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

    def _add_rows_done(self) -> None:
        # The new size now rather than at the next idle, as DataTable does: a layout that comes first
        # (the first frame) sees the rows, and no second layout follows.
        self._new_rows.clear()
        self._require_update_dimensions = False
        self._update_dimensions(())

    def _update_dimensions(self, new_rows: Any) -> None:
        # BoardTable gives every column a width and every row one line: the size follows from the
        # widths and the row count. DataTable measures each new cell for auto-width columns (about
        # 25 ms for a plant-size pane) even when no column is auto-width.
        if any(column.auto_width for column in self.columns.values()) or self._labelled_row_exists:
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    def row_text(self, key: str) -> str:
        """The plain text of the row `key` (all columns, also hidden ones)."""
        for row_key, cells in self.all_rows:
            if row_key == key:
                return " ".join(cell.plain for cell in cells)
        return ""
