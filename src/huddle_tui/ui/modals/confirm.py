"""ConfirmModal: a yes/no question. Dismisses with True (yes) or False (no / Escape)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from huddle_tui.ui.safe import user_text


class ConfirmModal(ModalScreen[bool]):
    """Ask `question`; y / Enter on the yes button confirms, n / Escape declines."""

    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal > #confirm {
        width: 60; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    ConfirmModal #confirm-question { text-style: bold; width: 1fr; }
    ConfirmModal #confirm-detail { color: $text-muted; width: 1fr; max-height: 8; }
    ConfirmModal #confirm-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmModal #confirm-buttons Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, question: str, *, detail: str | None = None, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(user_text(self.question, single_line=True, limit=200), id="confirm-question")
            if self.detail:
                yield Static(user_text(self.detail, limit=2000), id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(f"{self.yes} (y)"), variant="warning", id="confirm-yes")
                yield Button(Content(f"{self.no} (n)"), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
