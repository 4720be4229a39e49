"""CalmFooter: Textual's Footer drawn as one line, so that a change of keys is a repaint, not a layout.

Textual's Footer has one widget per key (`FooterKey`) and rebuilds them on every `refresh_bindings()`.
Showing and hiding key widgets in place instead (the previous CalmFooter) still asks for a layout of
the whole screen on every pane switch of the board (its panes show different keys: `check_action`
hides the keys that do not apply), and a layout has knock-on work (every scrollable widget updates its
scrollbars, the footer its own size, a second frame): about 15 ms of a pane switch at plant scale.

So CalmFooter draws the binding keys in one widget, `KeyLine`, whose size never depends on the keys:
a change of keys repaints one line, and is drawn in the same frame as the focus change that caused it.
Each key is drawn by `FooterKey.render` itself, on one of four hidden FooterKey widgets that serve as
style sources (plain, disabled, each hovered or not): they sit where the key widgets would, so every
rule of the footer's CSS (theme, `compact`, margins) applies to them as to Textual's keys, and the line
reads exactly as Textual's Footer draws it. Clicking a key presses it (a disabled key rings the bell),
hovering highlights it and shows its tooltip, and the mouse wheel scrolls keys that do not fit, as in
Textual's Footer. The command palette key stays Textual's own widget, docked right.

Binding groups (none on our screens) fall back to Textual's layout, rebuilt each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


@dataclass(frozen=True)
class ShownKey:
    """A key the footer shows: the first shown binding of its action, as Textual's Footer picks it."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool = True
    tooltip: str = ""


class KeyStyle(FooterKey):
    """A hidden FooterKey whose styles draw the keys of a KeyLine (never shown, never focused)."""

    def __init__(self, *, disabled: bool = False, hover: bool = False) -> None:
        super().__init__("", "", "", "", disabled=disabled, classes="-key-style")
        # FooterKey starts compact and the footer's `compact` (data-bound) is usually False: start as
        # not compact, so that mounting does not restyle the key twice for nothing.
        self.set_reactive(FooterKey.compact, False)
        self.display = False
        self.hovered_style = hover
        self._texts: dict[ShownKey, Text] = {}  # each key as drawn with the current styles

    def on_mount(self) -> None:
        if self.hovered_style:
            self.mouse_hover = True  # `:hover` rules; no mouse ever reaches a hidden widget to reset it
            self.update_node_styles(animate=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._texts.clear()
        line = getattr(self.parent, "_line", None)
        if isinstance(line, KeyLine):
            line.restyled()

    def draw(self, shown: ShownKey) -> Text:
        """The key as FooterKey draws it."""
        text = self._texts.get(shown)
        if text is None:
            self.key_display = shown.key_display
            self.description = shown.description
            text = self._texts[shown] = FooterKey.render(self)
        return text


class KeyLine(Widget):
    """The footer's binding keys, drawn in one line from the footer's KeyStyle widgets."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyLine { dock: left; width: 100%; height: 1; text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.keys: tuple[ShownKey, ...] = ()
        self.offset_x = 0  # cells scrolled by the mouse wheel when the keys do not fit
        self.hovered: int | None = None
        self._spans: list[tuple[int, int]] = []  # (start, end) cell of each key, as last drawn
        self._drawn: Text | None = None  # the keys as last drawn (until the keys or their styles change)
        # The line by what it is drawn from; dropped when a style changes (the footer's keys cycle
        # through a few sets as the board's panes take the focus).
        self._strips: dict[tuple[Any, ...], Strip] = {}

    def set_keys(self, keys: tuple[ShownKey, ...]) -> None:
        if keys != self.keys:
            self.keys = keys
            self.hovered = None
            self._drawn = None
            self.refresh()

    def restyled(self) -> None:
        """The key styles changed (theme, `compact`): draw again."""
        self._drawn = None
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def draw_ahead(self, keys: tuple[ShownKey, ...]) -> None:
        """Draw the line for `keys` into the line cache, without showing it (idle time)."""
        width, height = self.size
        key = (0, keys, None, 0, self.size)
        if not width or not height or keys == self.keys or key in self._strips:
            return
        saved = (self.keys, self.hovered, self.offset_x, self._drawn, self._spans)
        try:
            self.keys, self.hovered, self.offset_x, self._drawn = keys, None, 0, None
            # What Widget.render_line draws, without touching its render cache.
            visual = visualize(self, self.render(), markup=self._render_markup)
            self._strips[key] = Visual.to_strips(self, visual, width, height, self.visual_style)[0]
        finally:
            self.keys, self.hovered, self.offset_x, self._drawn, self._spans = saved

    def render_line(self, y: int) -> Strip:
        key = (y, self.keys, self.hovered, self.offset_x, self.size)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 32:
                self._strips.clear()
            strip = self._strips[key] = super().render_line(y)
        return strip

    def _style(self, index: int) -> KeyStyle:
        disabled = not self.keys[index].enabled
        hover = index == self.hovered
        footer = self.parent
        assert isinstance(footer, CalmFooter)
        return footer.key_styles[(disabled, hover)]

    def _draw(self) -> Text:
        """The keys laid out as Footer's horizontal layout places its FooterKey widgets."""
        if self._drawn is not None:
            return self._drawn
        line = Text(no_wrap=True, end="")
        spans: list[tuple[int, int]] = []
        previous_margin = None
        for index, shown in enumerate(self.keys):
            style = self._style(index)
            margin = style.styles.margin
            gap = margin.left if previous_margin is None else max(previous_margin.right, margin.left)
            if gap:
                line.append(" " * gap)
            start = line.cell_len
            line.append_text(style.draw(shown))
            spans.append((start, line.cell_len))
            previous_margin = margin
        self._spans = spans
        self._drawn = line
        return line

    def render(self) -> Text:
        line = self._draw()
        width = self.content_region.width or self.size.width
        self.offset_x = max(0, min(self.offset_x, line.cell_len - width))
        if self.offset_x:
            line = line[self.offset_x :] if line.cell_len == len(line.plain) else self._crop(line)
        return line

    def _crop(self, line: Text) -> Text:
        """`line` without its first offset_x cells (wide characters count two)."""
        cells = 0
        for index, char in enumerate(line.plain):
            if cells >= self.offset_x:
                return line[index:]
            cells += Text(char).cell_len
        return Text("", end="")

    def key_at(self, x: int) -> int | None:
        self._draw()  # the spans of the keys shown now
        x += self.offset_x
        return next((i for i, (start, end) in enumerate(self._spans) if start <= x < end), None)

    def _hover(self, index: int | None) -> None:
        if index != self.hovered:
            self.hovered = index
            self._drawn = None
            self.styles.pointer = "pointer" if index is not None else "default"
            tooltip = self.keys[index].tooltip if index is not None else ""
            self.tooltip = tooltip or None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self.key_at(event.x)
        if index is None:
            return
        if not self.keys[index].enabled:
            self.app.bell()
        else:
            self.app.simulate_key(self.keys[index].key)

    def _scroll_keys(self, cells: int) -> bool:
        before = self.offset_x
        self.offset_x = max(0, self.offset_x + cells)
        self.refresh()
        self.render()  # clamps offset_x
        return self.offset_x != before

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self._scroll_keys(int(self.app.scroll_sensitivity_x)):
            event.stop()
            event.prevent_default()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self._scroll_keys(-int(self.app.scroll_sensitivity_x)):
            event.stop()
            event.prevent_default()


class CalmFooter(Footer):
    """Textual's Footer, with the binding keys in one KeyLine that is updated in place."""

    # (disabled, hovered) of each KeyStyle.
    KEY_STYLES: ClassVar[tuple[tuple[bool, bool], ...]] = (
        (False, False),
        (True, False),
        (False, True),
        (True, True),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._line: KeyLine | None = None
        self.key_styles: dict[tuple[bool, bool], KeyStyle] = {}
        self._palette: tuple[Any, ...] | None = None  # the command palette key as composed
        self._rebuild_pending = False

    def _grouped(self, active: Any = None) -> bool:
        active = self.screen.active_bindings if active is None else active
        return any(b.group is not None for (_n, b, _e, _t) in active.values() if b.show)

    def shown_keys(self, active: Any = None) -> tuple[ShownKey, ...]:
        """The keys to show now, in order: the first binding of each action, as Footer.compose."""
        active = self.screen.active_bindings if active is None else active
        shown: list[ShownKey] = []
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            shown.append(
                ShownKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    tooltip,
                )
            )
        return tuple(shown)

    def _palette_key(self, active: Any = None) -> tuple[Any, ...] | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        active = self.screen.active_bindings if active is None else active
        try:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
        except KeyError:
            return None
        return (binding, enabled)

    def compose(self) -> ComposeResult:
        self._line = None
        self.key_styles = {}
        # Textual's Footer composes nothing until the screen's first bindings signal, then composes
        # again; here the keys are there from the first frame (a focus change that follows updates the
        # line in place), and the footer is composed once.
        self._bindings_ready = True
        active = self.screen.active_bindings
        if self._grouped(active):
            yield from super().compose()
            return
        self._line = KeyLine()
        self._line.keys = self.shown_keys(active)
        yield self._line
        for disabled, hover in self.KEY_STYLES:
            style = KeyStyle(disabled=disabled, hover=hover).data_bind(compact=Footer.compact)
            self.key_styles[(disabled, hover)] = style
            yield style
        self._palette = self._palette_key(active)
        if self._palette is not None:
            binding, enabled = self._palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def on_mount(self) -> None:
        # Footer.on_mount subscribes to the screen's bindings signal, called back later; be called at
        # once instead, so that the keys change in the same frame as the focus (after both handlers).
        self.call_next(self._subscribe_now)

    def _subscribe_now(self) -> None:
        signal = self.screen.bindings_updated_signal
        signal.unsubscribe(self)
        signal.subscribe(self, self.bindings_changed, immediate=True)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not screen.app.app_focus:
            return
        if not (self.is_attached and screen is self.screen):
            return
        line = self._line
        active = screen.active_bindings
        if (
            line is not None
            and line.is_attached
            and not self._grouped(active)
            and self._palette_key(active) == self._palette
        ):
            # In place: one line repainted, in the same frame as the change of focus that caused it.
            line.set_keys(self.shown_keys(active))
        elif not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached:
            await self.recompose()

    def watch_compact(self) -> None:
        if self._line is not None:
            self._line.refresh()

    def watch_show_command_palette(self) -> None:
        if self.is_attached and self._bindings_ready:
            self.call_later(self._rebuild)


__all__ = ["CalmFooter", "KeyLine", "KeyStyle", "ShownKey"]
