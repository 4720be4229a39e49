"""Test helpers for the UI: hostile strings, a host app for one widget or modal, and screen text."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Select, TextArea
from textual.worker import WorkerFailed

from huddle_tui.ui.safe import visible
from huddle_tui.ui.screens.board import BoardScreen

LONG = "long " * 8000  # 40k characters
HOSTILE: list[str] = [
    "a[/]b",
    "[@click=app.quit]x",
    "[$accent]x",
    "[bold red]not bold[/]",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b[31mred\x1b[0m",
    LONG,
    "👩‍👩‍👧‍👦 family 🏳️‍🌈",
    "שלום עולם",
    "مرحبا بالعالم",
    "line one\nline two",
    "$name ${x} \\[escaped]",
]
# The same strings grouped, for walks that push one screen per string (kept fast on a busy machine).
HOSTILE_GROUPS: list[str] = [
    "a[/]b [@click=app.quit]x [$accent]x [bold red]nb[/]",
    "\x1b]52;c;SGVsbG8=\x07 \x1b[31mred\x1b[0m $name ${x}",
    "👩‍👩‍👧‍👦 שלום مرحبا\nline two",
    LONG,
]
HOSTILE_IDS = [
    "close-tag",
    "click",
    "variable",
    "style",
    "osc52",
    "ansi",
    "40k",
    "zwj",
    "hebrew",
    "arabic",
    "newline",
    "dollar",
]


def probe(text: str, limit: int = 20) -> str:
    """A piece of `text` as the UI shows it (control characters visible, first line, short)."""
    shown = visible(text).split("\n")[0]
    return shown[:limit]


def plain_of(renderable: Any) -> str:
    if isinstance(renderable, Content):
        return renderable.plain
    if isinstance(renderable, Text):
        return renderable.plain
    if isinstance(renderable, str):
        return renderable
    return str(renderable)


def screen_text(screen: Screen | Widget) -> str:
    """The text of every widget under `screen` that renders something (statics, labels, tables, lists)."""
    parts: list[str] = []
    for widget in screen.walk_children(with_self=True):
        if isinstance(widget, DataTable):
            for row in range(widget.row_count):
                parts.extend(plain_of(cell) for cell in widget.get_row_at(row))
            continue
        if isinstance(widget, OptionList):
            for index in range(widget.option_count):
                parts.append(plain_of(widget.get_option_at_index(index).prompt))
            continue
        if isinstance(widget, Select):
            continue
        if isinstance(widget, TextArea):
            parts.append(widget.text)
            continue
        if hasattr(widget, "render") and widget.__class__.render is not Widget.render:
            try:
                parts.append(plain_of(widget.render()))
            except Exception:  # pragma: no cover - a widget that cannot render alone
                continue
        for title in (widget.border_title, widget.border_subtitle):
            if title:
                parts.append(plain_of(title))
    return "\n".join(parts)


class Host(App[Any]):
    """Mounts one widget (from a factory) or pushes one modal; records the modal's result."""

    CSS = "Screen { align: left top; }"

    def __init__(
        self,
        widget: Callable[[], Widget] | None = None,
        modal: Callable[[], Screen[Any]] | None = None,
    ) -> None:
        super().__init__()
        self.widget_factory = widget
        self.modal_factory = modal
        self.results: list[Any] = []
        self.cursor_blink = False
        self.animation_level = "none"

    def compose(self) -> ComposeResult:
        if self.widget_factory is not None:
            yield self.widget_factory()

    def on_mount(self) -> None:
        if self.modal_factory is not None:
            self.push_screen(self.modal_factory(), self.results.append)


async def settle(pilot: Any) -> None:
    """Let workers finish and the screen catch up (three rounds: a load can start another), the board
    drawn from a start snapshot included: it opens once the keys have been quiet a moment."""
    for _ in range(3):
        for _wait in range(100):
            if getattr(pilot.app, "_open_pending", None) is None:
                break
            await pilot.pause(0.02)
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def board(app: App[Any]) -> BoardScreen:
    """The app's board screen (under any detail, modal or tier screen on top of it)."""
    screen = next((s for s in app.screen_stack if isinstance(s, BoardScreen)), None)
    assert screen is not None, "no board screen"
    return screen


async def move_to(pilot: Any, app: App[Any], pane: str, text: str) -> str:
    """Put the cursor of `pane` on the first row containing `text`; its key."""
    table = board(app).table(pane)
    for key, _cells in table.all_rows:
        if text in table.row_text(key):
            table.move_cursor(row=table.get_row_index(key))
            await pilot.pause()
            return key
    raise AssertionError(f"{text!r} not in {pane}")
