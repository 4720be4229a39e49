"""The board's four panes: which one the keys act on, which one has the focus, and the tab line.

`PaneFocus` is mixed into BoardScreen. A pane switch (keys 1-4) at plant scale should draw in one
frame, so it does only what the new frame needs:

- The pane boxes carry their state as classes: `-active` (the pane the keys act on; narrow terminals
  show only that one) and `-focused` (the focus is in the pane, what `:focus-within` would say; the
  border takes the accent colour). Textual restyles a node's whole subtree when its classes change,
  and for `:focus-within` it restyles the subtree of both panes on every focus change: a table with its
  nine component styles, its scrollbars, the PICK chart. The CSS selects the boxes only by these classes
  (huddle.tcss), so only the box is restyled, from the styles it had in that state before (`restyle`).
- The focus moves at once (`Widget.focus()` waits for the app's queue), the tables take their `:focus`
  style as soon as it moves (not when their Focus and Blur events arrive), and the footer updates in
  place in the same call (`CalmFooter`): the boxes, both tables and the footer change before the next
  frame, so one frame draws them all.
- `Screen.focused` repaints the whole screen on every change; here it does not, the widgets whose look
  depends on the focus refresh themselves.
- The tab line (narrow terminals) is one line whatever the pane: updated without a layout, and only
  when the pane changed.
- After the tables get new rows (live ones: not the start snapshot, whose first keys should not wait
  for it), each table without the focus is drawn ahead, in idle time, as it is drawn focused
  (`_draw_ahead`), and the footer's keys of each pane: the first visit of a pane then draws from the
  caches as the later ones do. Nothing of it reaches the screen: the state is put back
  before any frame.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.geometry import Region
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from huddle_tui.ui.widgets.board_table import BoardTable
from huddle_tui.ui.widgets.footer import CalmFooter, KeyLine
from huddle_tui.ui.widgets.pick_chart import PickChart
from huddle_tui.ui.widgets.restyle import restyle

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object

PANES = ("metrics", "ideas", "escalations", "actions")
PANE_TITLES = {"metrics": "Metrics", "ideas": "Ideas", "escalations": "Escalations", "actions": "Actions"}
DRAW_AHEAD_AFTER = 0.1  # s after new rows before the tables and keys are drawn ahead


class PaneBox(Vertical):
    """A pane's box (border, title, subtitle), which keeps the lines it drew by its styles.

    A pane switch redraws the border of two boxes (the accent colour moves), and the compositor asks
    every box under the frame's dirty area for its lines; a box's lines depend only on its styles (kept
    by state by `restyle`), its size, its border labels, the backgrounds behind it and the app's line
    filters, so a box back in a state it was drawn in draws from here.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._restyled: object | None = None  # set by restyle(); None: styled some other way
        self._lines: dict[tuple[Any, ...], list[Strip]] = {}
        self._labels: tuple[Any, Any] = (None, None)  # the border labels the lines were drawn with

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyled = None  # restyle() sets it again once the styles are in

    def render_lines(self, crop: Region) -> list[Strip]:
        state = self._restyled
        if state is None:
            return super().render_lines(crop)
        labels = (self._border_title, self._border_subtitle)
        if labels[0] is not self._labels[0] or labels[1] is not self._labels[1]:
            self._lines.clear()
            self._labels = labels
        app = self.app
        key = (
            state,
            crop,
            self.region.size,
            self.background_colors,
            self.opacity,
            tuple(self.get_line_filters()),
            app.ansi_theme,
            app.native_ansi_color,
        )
        lines = self._lines.get(key)
        if lines is None:
            if len(self._lines) >= 32:
                self._lines.clear()
            lines = self._lines[key] = super().render_lines(crop)
        return list(lines)


def set_pane_classes(box: Widget, classes: dict[str, bool]) -> None:
    """Set a pane box's state classes and restyle the box alone (nothing in it depends on them)."""
    if all(box.has_class(name) == wanted for name, wanted in classes.items()):
        return
    box.update_classes(classes, update=False)
    restyle(box)


class PaneFocus(_Base):
    """Pane focus, the pane classes and the tab line of the board (see the module docstring)."""

    pane: str
    pick_chart: PickChart | None  # made the first time it is shown (BoardScreen.action_pick)
    _tabs_for: str | None = None  # the pane the tab line shows as current
    _drawn_ahead: tuple[int, ...] = ()  # the tables' data versions drawn ahead (or being drawn)

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def table(self, pane: str) -> BoardTable:
        return self.query_one(f"#{pane}", BoardTable)

    def _update_tabs(self) -> None:
        if self._tabs_for != self.pane:
            self._tabs_for = self.pane
            parts = [
                Content.styled(f" {index} {PANE_TITLES[pane]} ", "bold reverse" if pane == self.pane else "")
                for index, pane in enumerate(PANES, 1)
            ]
            # One line whatever the pane: no layout needed.
            self.query_one("#tabs", Static).update(Content.assemble(*parts), layout=False)
        self._update_panes()
        versions = tuple(self.table(pane)._update_count for pane in PANES)
        if versions != self._drawn_ahead and self._may_draw_ahead():
            self._drawn_ahead = versions
            self.set_timer(DRAW_AHEAD_AFTER, self._draw_all_ahead)

    def _may_draw_ahead(self) -> bool:
        """False while the first keys matter more than the next pane switch (BoardScreen: the start
        snapshot is showing; the live load draws ahead)."""
        return True

    def _draw_all_ahead(self) -> None:
        # In one go (about 15 ms at plant scale): one short pause after new rows, not several. Not the
        # focused table: its blurred lines depend on its cursor, which usually moves before a switch.
        for pane in PANES:
            if not self.table(pane).has_focus:
                self._draw_ahead(pane)
        self._draw_keys_ahead()

    def _update_panes(self) -> None:
        focused = self.focused
        within = set(focused.ancestors_with_self) if focused is not None else set()
        for pane in PANES:
            box = self.query_one(f"#pane-{pane}")
            set_pane_classes(box, {"-active": pane == self.pane, "-focused": box in within})

    def _draw_ahead(self, pane: str) -> None:
        """Draw the table of `pane` in the other focus state, into its caches (its pane's classes too,
        as a switch sets them; the box is not restyled), then put everything back."""
        table = self.table(pane)
        box = self.query_one(f"#pane-{pane}")
        if not (self.is_current and self.app.screen is self and box.display and table.display):
            return
        if not table.size.area:
            return
        focus, active, within = table.has_focus, box.has_class("-active"), box.has_class("-focused")
        try:
            box.update_classes({"-active": not focus, "-focused": not focus}, update=False)
            table.has_focus = not focus
            table.render_lines(Region(0, 0, table.size.width, table.size.height))
        finally:
            box.update_classes({"-active": active, "-focused": within}, update=False)
            table.has_focus = focus
            table.notify_style_update()  # whatever the restyle did: draw from the state it is in

    def _draw_keys_ahead(self) -> None:
        """Draw the footer's keys of each pane into its line cache (the keys depend on the pane only:
        every table has the same bindings)."""
        line = getattr(self.query_one(CalmFooter), "_line", None)
        if not isinstance(line, KeyLine) or not self.is_current:
            return
        current = self.pane
        try:
            for pane in PANES:
                self.pane = pane
                line.draw_ahead(self.query_one(CalmFooter).shown_keys())
        finally:
            self.pane = current

    def watch_focused(self, old: Widget | None, new: Widget | None) -> None:
        if not self.is_mounted:
            return
        with contextlib.suppress(NoMatches):  # the screen is being taken down
            self._update_panes()
        # The tables take their :focus style now rather than when their Focus and Blur events arrive
        # (after the panes: a table's styles are kept by its state and its pane's).
        for widget, focus in ((old, False), (new, True)):
            if isinstance(widget, BoardTable):
                with contextlib.suppress(NoScreen):
                    if widget.screen is self:
                        widget.has_focus = focus

    def action_focus_pane(self, pane: str) -> None:
        self.pane = pane
        self._update_tabs()
        # Focus now, so that the boxes, the tables and the footer change before the next frame.
        if pane == "ideas" and self.pick_chart is not None and self.pick_chart.display:
            self.set_focus(self.pick_chart)
        self.set_focus(self.table(pane))

    def on_descendant_focus(self, event: Any) -> None:
        # The focus moved by other means than the keys 1-4 (a click, Tab): follow it to its pane.
        widget = event.widget if hasattr(event, "widget") else None
        if widget is None:
            return
        within = set(widget.ancestors_with_self)
        for pane in PANES:
            if self.pane != pane and self.query_one(f"#pane-{pane}") in within:
                self.pane = pane
                self._update_tabs()
                self.refresh_bindings()  # the keys shown depend on the pane (the focus did it already)
