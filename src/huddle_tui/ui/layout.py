"""Layout helpers shared by screens and forms.

`calm(root)`: stop the blinking cursors under `root` when the app asks for it (tests, screenshots).

`set_breakpoint_classes(screen)`: Textual gives a screen its breakpoint classes (`-wide`, `-narrow`) on
its first Resize event, which comes after the first layout; a screen laid out before then is laid out
(and its tables filled and rendered) twice. Calling this in `on_mount` sets the classes from the
terminal size at once, the same way Textual will.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget


def set_breakpoint_classes(screen: Screen[Any]) -> None:
    """Give `screen` the breakpoint classes of the current terminal size (before its first layout)."""
    app = screen.app
    width, height = app.size
    if not width:
        return
    classes: dict[str, bool] = {}
    for dimension, breakpoints in (
        (
            width,
            screen.HORIZONTAL_BREAKPOINTS
            if screen.HORIZONTAL_BREAKPOINTS is not None
            else app.HORIZONTAL_BREAKPOINTS,
        ),
        (
            height,
            screen.VERTICAL_BREAKPOINTS
            if screen.VERTICAL_BREAKPOINTS is not None
            else app.VERTICAL_BREAKPOINTS,
        ),
    ):
        for _, name in breakpoints or []:
            classes.setdefault(name, False)
        for name in screen._get_breakpoint_classes(dimension, list(breakpoints or [])):
            classes[name] = True
    if classes:
        screen.update_classes(classes, animate=False)


def calm(root: Widget) -> None:
    """Stop cursor blinking under `root` when the app asks for it (tests, snapshots, screenshots)."""
    if getattr(root.app, "cursor_blink", True):
        return
    for widget in root.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
