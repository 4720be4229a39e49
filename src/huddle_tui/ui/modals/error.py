"""ErrorModal: the one place that turns a worker's or service's exception into a readable message.

- `HuddleError` (refused role, invalid value, board unavailable ...): its message and its hint;
- `OSError` (disk full, read-only folder, permission denied, missing folder): plain words about the
  board folder, the path involved and what to check;
- anything else: a short message; the exception's type and text are folded (press `d` to show them).

Nothing here is parsed as markup: exception text may quote user input.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Collapsible, Label, Static

from huddle_tui.errors import BoardUnavailable, HuddleError, InvalidInput, Refused
from huddle_tui.ui.safe import user_text


@dataclass(frozen=True)
class Explained:
    title: str
    message: str
    hint: str = ""
    details: str = ""


_OS_WORDS = {
    errno.ENOSPC: "The disk that holds the board folder is full.",
    errno.EROFS: "The board folder is on a read-only file system.",
    errno.EACCES: "This login may not write to the board folder.",
    errno.EPERM: "This login may not write to the board folder.",
    errno.ENOENT: "A file or folder of the board is missing (was the folder moved or unmounted?).",
    errno.EDQUOT: "The disk quota of this login is used up.",
}


def explain(error: BaseException) -> Explained:
    """Title, message, hint and folded details for `error` (see the module docstring)."""
    if isinstance(error, Refused):
        return Explained("Not allowed", error.message, error.hint or "")
    if isinstance(error, BoardUnavailable):
        return Explained("The board folder is not available", error.message, error.hint or "")
    if isinstance(error, InvalidInput):
        return Explained("Not accepted", error.message, error.hint or "")
    if isinstance(error, HuddleError):
        return Explained("Could not do that", error.message, error.hint or "")
    if isinstance(error, OSError):
        words = _OS_WORDS.get(error.errno or -1, "The board folder could not be read or written.")
        where = f" ({error.filename})" if error.filename else ""
        return Explained(
            "The board folder is not available",
            f"{words}{where}",
            "Check that the board folder exists, is mounted and writable, and that the disk has room. "
            "Nothing was lost: what you typed is still in the form.",
            f"{type(error).__name__}: {error}",
        )
    return Explained(
        "Something went wrong",
        "The action did not complete. The board itself is unchanged by this error.",
        "Try again; if it keeps failing, run `huddle doctor` and report the details below.",
        f"{type(error).__name__}: {error}",
    )


class ErrorModal(ModalScreen[None]):
    """Show an exception readably; Enter or Escape closes it."""

    DEFAULT_CSS = """
    ErrorModal { align: center middle; }
    ErrorModal > #error {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: thick $error; background: $surface; padding: 0 1;
    }
    ErrorModal #error-title { text-style: bold; color: $error; width: 1fr; }
    ErrorModal #error-body { height: auto; max-height: 14; }
    ErrorModal #error-hint { color: $text-muted; margin-top: 1; }
    ErrorModal #error-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="error.close"),
        Binding("d", "details", "Details", id="error.details"),
    ]

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error
        self.explained = explain(error)

    def compose(self) -> ComposeResult:
        info = self.explained
        with Vertical(id="error"):
            yield Label(Content(info.title), id="error-title")
            with VerticalScroll(id="error-body"):
                yield Static(user_text(info.message, limit=2000), id="error-message")
                if info.hint:
                    yield Static(user_text(info.hint, limit=2000), id="error-hint")
                if info.details:
                    with Collapsible(title="Details (d)", collapsed=True, id="error-details"):
                        yield Static(user_text(info.details, limit=4000))
            with Horizontal(id="error-buttons"):
                yield Button(Content("Close"), variant="error", id="error-close")

    def on_mount(self) -> None:
        self.query_one("#error-close", Button).focus()

    @on(Button.Pressed, "#error-close")
    def _close(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_details(self) -> None:
        found = self.query("#error-details")
        if found:
            collapsible = found.first(Collapsible)
            collapsible.collapsed = not collapsible.collapsed
