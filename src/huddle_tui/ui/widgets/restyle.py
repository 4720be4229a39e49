"""Restyle one widget from the styles the stylesheet gave a widget in the same state before.

Textual restyles a widget whenever its state changes (focus, hover, classes): it matches every rule of
the stylesheet against the widget, and again for each of its component classes (a DataTable has nine),
about 2 ms for a board table. A pane switch restyles two tables (focus lost and gained) and two pane
boxes, and they go back and forth between the same few states.

`restyle(widget)` does what `widget.update_node_styles()` does for the widget itself (and its
scrollbars, as Textual does), but keeps what the stylesheet gave by state: the selector path (the type,
classes and pseudo-classes of the widget and of each ancestor, and their ids where a rule names them),
the scrollbars shown and the parsed stylesheet (a theme or CSS change parses it again). Two widgets in
the same state get the same rules (the four board tables share theirs); a widget back in a state it
had keeps its own component styles. A widget whose rules use pseudo-classes that depend on its
siblings or descendants (`:focus-within`, `:first-child`, `:odd`, ...) is always restyled by the
stylesheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.widget import Widget

MAX_STATES = 32


@dataclass(eq=False)  # by identity: one object per state seen (PaneBox keys its lines by it)
class _Rules:
    """What the stylesheet gave a widget in one state: the widget's rules and its components'."""

    parsed: Any  # the stylesheet's list of rule sets these came from
    node: dict[str, Any]
    components: dict[str, dict[str, Any]]


@dataclass
class _Styles:
    """A widget's own component styles in one state (its component classes' styles, ready to use)."""

    rules: _Rules
    components: dict[str, Any]


_RULES: dict[tuple[Any, ...], _Rules] = {}
_STYLES: WeakKeyDictionary[Widget, dict[tuple[Any, ...], _Styles]] = WeakKeyDictionary()


def _path(widget: Widget, named: dict[str, Any]) -> tuple[Any, ...]:
    node: DOMNode | None = widget
    path = []
    while isinstance(node, DOMNode):
        node_id = node._id if node._id is not None and f"#{node._id}" in named else None
        path.append((node._css_type_name, node_id, frozenset(node._classes), node._pseudo_classes_cache_key))
        node = node._parent
    return tuple(path)


def _scrollbars(widget: Widget) -> list[Widget]:
    # As Stylesheet.update_nodes: the scrollbars shown (and the corner when both are).
    if not widget.is_scrollable:
        return []
    vertical = bool(widget.show_vertical_scrollbar and widget.scrollbar_size_vertical)
    horizontal = bool(widget.show_horizontal_scrollbar and widget.scrollbar_size_horizontal)
    bars: list[Widget] = []
    if vertical:
        bars.append(widget.vertical_scrollbar)
    if horizontal:
        bars.append(widget.horizontal_scrollbar)
    if vertical and horizontal:
        bars.append(widget.scrollbar_corner)
    return bars


def _cacheable(widget: Widget) -> bool:
    return not (widget._has_focus_within or widget._has_order_style or widget._has_odd_or_even)


def _components(widget: Widget, rules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Component styles for `widget` from their rules, as Stylesheet._process_component_classes makes them."""
    styles = {}
    for component in sorted(rules):
        virtual_node = DOMNode(classes=component)
        virtual_node._attach(widget)
        Stylesheet.replace_rules(virtual_node, rules[component])  # type: ignore[arg-type]
        styles[component] = virtual_node.styles
    return styles


def _remember(table: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(table) >= MAX_STATES:
        table.clear()
    table[key] = value
    return value


def _apply(widget: Widget, animate: bool) -> None:
    """Stylesheet.apply for `widget` alone, from the rules found before for the same state."""
    app = widget.app
    stylesheet = app.stylesheet
    parsed = stylesheet.rules
    key = (
        type(widget),
        _path(widget, stylesheet.rules_map),
        app.current_theme.name,
        app.native_ansi_color,
        app.no_color,
        app.is_inline,
    )
    own = _STYLES.setdefault(widget, {})
    styles = own.get(key)
    if styles is not None and styles.rules.parsed is not parsed:
        styles = None
    rules = styles.rules if styles is not None else _RULES.get(key)
    if rules is not None and rules.parsed is not parsed:
        rules = None
    if rules is None or not _cacheable(widget):
        stylesheet.apply(widget, animate=animate)
        if not _cacheable(widget) or widget.styles.transitions:
            widget._restyled = None  # type: ignore[attr-defined]
            return
        rules = _remember(
            _RULES,
            key,
            _Rules(
                parsed,
                widget.styles.base.get_rules(),  # type: ignore[arg-type]
                {name: style.base.get_rules() for name, style in widget._component_styles.items()},  # type: ignore[attr-defined,misc]
            ),
        )
        _remember(own, key, _Styles(rules, dict(widget._component_styles)))
        widget._restyled = rules  # type: ignore[attr-defined]
        return
    if styles is None:
        styles = _remember(own, key, _Styles(rules, _components(widget, rules.components)))
    Stylesheet.replace_rules(widget, rules.node, animate=animate)  # type: ignore[arg-type]
    if widget._component_styles != styles.components:
        widget._component_styles.clear()
        widget._component_styles.update(styles.components)
        widget.notify_style_update()  # even when the widget's own rules did not change
        widget.refresh()
    # Which styles the widget has now (a widget may keep what it draws by it: PaneBox).
    widget._restyled = rules  # type: ignore[attr-defined]


def restyle(widget: Widget, animate: bool = True) -> None:
    """Update the styles of `widget` (not its children) for its current state, and of its scrollbars."""
    _apply(widget, animate)
    for bar in _scrollbars(widget):
        _apply(bar, False)
