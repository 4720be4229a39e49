"""CalmFooter: Textual's Footer, updated in place when the keys it shows change, at most once per refresh.

Textual's Footer rebuilds every key widget (and restyles each) on every `refresh_bindings()`; moving
the focus between the board's panes publishes that signal several times, and the board's panes show
different keys (`check_action` hides the keys that do not apply), so each pane switch rebuilt the
footer: about 90 ms at plant scale, most of it styling the new key widgets.

This footer rebuilds at most once per refresh, and only when the keys shown change. Then it keeps one
key widget per key it has ever shown on the screen: a key that is hidden is set `display: none`, one
that comes back is shown again, and one whose enabled state or tooltip changed is updated in place.
It recomposes only when a key it never had appears (then with every key it knows, in the screen's
order), so after the first visit of each pane a switch costs a few style updates. The frame is the
same as Textual's Footer draws: hidden keys take no room.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# A key the footer shows: (key, action, description); the first binding of each action, as Footer does.
Ident = tuple[str, str, str]


class CalmFooter(Footer):
    """A Footer that skips rebuilds which would show the same keys, and updates its keys in place."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_pending = False
        self._shown: tuple[Any, ...] | None = None
        # Every key composed so far, in order (each shown or hidden); the widgets after a recompose.
        self._known: list[Ident] = []
        self._widgets: dict[Ident, FooterKey] = {}

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    def _keys_shown(self) -> tuple[Any, ...]:
        keys = [
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        ]
        return (*keys, self.compact, self.show_command_palette)

    def _wanted(self) -> dict[Ident, tuple[Binding, bool, str]]:
        """The keys to show now, in order: the first binding of each action (as Footer.compose)."""
        wanted: dict[Ident, tuple[Binding, bool, str]] = {}
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in actions or binding.group is not None:
                continue
            actions.add(binding.action)
            wanted[(binding.key, binding.action, binding.description)] = (binding, enabled, tooltip)
        return wanted

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        if any(b.group is not None for (_n, b, _e, _t) in self.screen.active_bindings.values() if b.show):
            # Grouped keys: Textual's own layout, rebuilt each time.
            self._known, self._widgets = [], {}
            yield from super().compose()
            return
        wanted = self._wanted()
        # The first time, also every key the screen could show (hidden): later switches then only
        # show and hide keys.
        universe = self._universe()
        base = self._known or list(universe)
        known = [ident for ident in base if ident not in wanted]
        # Merge: the wanted keys in their order, each known-but-hidden key after the key it followed.
        order: list[Ident] = []
        previous: dict[Ident, Ident | None] = {}
        last: Ident | None = None
        for ident in base:
            previous[ident] = last
            last = ident
        hidden_after: dict[Ident | None, list[Ident]] = {}
        for ident in known:
            anchor = previous.get(ident)
            while anchor is not None and anchor not in wanted:
                anchor = previous.get(anchor)
            hidden_after.setdefault(anchor, []).append(ident)
        order.extend(hidden_after.get(None, []))
        for ident in wanted:
            order.append(ident)
            order.extend(hidden_after.get(ident, []))
        self._known = order
        old, self._widgets = self._widgets, {}
        for ident in order:
            key, action, description = ident
            if ident in wanted:
                binding, enabled, tooltip = wanted[ident]
                display = self.app.get_key_display(binding)
            else:
                enabled, tooltip = True, ""
                if ident in old:
                    display = old[ident].key_display
                else:
                    display = self.app.get_key_display(universe.get(ident, Binding(key, action)))
            widget = FooterKey(
                key,
                display,
                description,
                action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
            widget.display = ident in wanted
            self._widgets[ident] = widget
            yield widget
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            try:
                _node, binding, enabled, tooltip = self.screen.active_bindings[
                    self.app.COMMAND_PALETTE_BINDING
                ]
            except KeyError:
                pass
            else:
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes="-command-palette",
                    disabled=not enabled,
                    tooltip=binding.tooltip or binding.description,
                )

    def _universe(self) -> dict[Ident, Binding]:
        """Every key the screen's binding chain could show, in the order Textual lists them."""
        focused = self.screen.focused
        chain = list(focused.ancestors_with_self) if focused is not None else [self.screen, self.app]
        out: dict[Ident, Binding] = {}
        actions: set[str] = set()
        for node in chain:
            for _key, binding in node._bindings:
                if binding.show and binding.action not in actions and binding.group is None:
                    actions.add(binding.action)
                    out[(binding.key, binding.action, binding.description)] = binding
        return out

    def _update_in_place(self) -> bool:
        """Show, hide and update the known key widgets; False when a recompose is needed."""
        if not self._widgets or self.show_command_palette != self._shown_palette:
            return False
        wanted = self._wanted()
        if any(ident not in self._widgets for ident in wanted):
            return False
        position = {ident: index for index, ident in enumerate(self._known)}
        indexes = [position[ident] for ident in wanted]
        if indexes != sorted(indexes):
            return False
        if not all(widget.is_attached for widget in self._widgets.values()):
            return False
        for ident, widget in self._widgets.items():
            if ident in wanted:
                _binding, enabled, tooltip = wanted[ident]
                if widget._disabled == enabled:
                    widget._disabled = not enabled
                    widget.set_class(not enabled, "-disabled")
                if (widget.tooltip or "") != (tooltip or ""):
                    widget.tooltip = tooltip or None
                if not widget.display:
                    widget.display = True
            elif widget.display:
                widget.display = False
        return True

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown == self._shown:
            return
        self._shown = shown
        if self._update_in_place():
            return
        self._shown_palette = self.show_command_palette
        await self.recompose()

    _shown_palette: bool = True
