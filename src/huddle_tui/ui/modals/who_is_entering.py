"""WhoIsEnteringModal: on a shared kiosk login, who is about to write? Typing filters the roster.

Up/Down move in the list while typing, Enter picks the highlighted person, Escape cancels. Dismisses
with the person's id (or None). Enter before anything was typed or moved to picks nobody (unless only
one person is listed): at a shared terminal the first name of the roster is rarely the person entering,
so the modal asks for a name instead of acting as someone else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from huddle_tui.ui.layout import calm
from huddle_tui.ui.safe import user_text


def _matches(query: str, name: str) -> bool:
    query = query.casefold().strip()
    if not query:
        return True
    folded = name.casefold()
    return all(part in folded for part in query.split())


class WhoIsEnteringModal(ModalScreen[str | None]):
    """`WhoIsEnteringModal([(person_id, name, role), ...])`."""

    DEFAULT_CSS = """
    WhoIsEnteringModal { align: center middle; }
    WhoIsEnteringModal > #who {
        width: 60; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    WhoIsEnteringModal #who-title { text-style: bold; }
    WhoIsEnteringModal #who-list { height: auto; max-height: 14; border: none; }
    WhoIsEnteringModal #who-empty { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="who.cancel"),
        Binding("down", "move(1)", "Next", show=False, id="who.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="who.up"),
    ]

    def __init__(
        self, roster: Sequence[tuple[str, str, str]], *, purpose: str = "", title: str = "Who is entering?"
    ) -> None:
        """`roster`: (id, name, role); also used as a picker of teams ("Go to team")."""
        super().__init__()
        self.roster = list(roster)
        self.purpose = purpose
        self.title_text = title
        self.chosen = False  # something was typed or moved to: Enter may pick

    def compose(self) -> ComposeResult:
        with Vertical(id="who"):
            title = self.title_text + (f" ({self.purpose})" if self.purpose else "")
            yield Label(user_text(title, single_line=True, limit=120), id="who-title")
            yield Input(placeholder="type a name to filter, Enter picks", id="who-filter", compact=True)
            yield OptionList(id="who-list")
            yield Label(Content(""), id="who-empty")

    def on_mount(self) -> None:
        calm(self)
        self._fill("")
        self.query_one("#who-filter", Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one("#who-list", OptionList)
        options.clear_options()
        shown = [(pid, name, role) for pid, name, role in self.roster if _matches(query, name)]
        for pid, name, role in shown:
            prompt = Content.assemble(
                user_text(name, single_line=True, limit=50),
                Content.styled(f"  {role}" if role else "", "dim"),
            )
            options.add_option(Option(prompt, id=pid))
        if shown:
            options.highlighted = 0
        empty = self.query_one("#who-empty", Label)
        empty.update(Content("" if shown else "nobody on the roster matches"))

    @on(Input.Changed, "#who-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.chosen = bool(event.value.strip())
        self._fill(event.value)

    @on(Input.Submitted, "#who-filter")
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.pick()

    @on(OptionList.OptionSelected, "#who-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def pick(self) -> None:
        options = self.query_one("#who-list", OptionList)
        if options.highlighted is None or options.option_count == 0:
            return
        if not self.chosen and options.option_count > 1:
            hint = "Type a name (or move to it with ↑/↓), then press Enter."
            self.query_one("#who-empty", Label).update(Content.styled(hint, "bold"))
            return
        self.dismiss(options.get_option_at_index(options.highlighted).id)

    def action_move(self, step: int) -> None:
        options = self.query_one("#who-list", OptionList)
        if options.option_count == 0:
            return
        self.chosen = True
        current = options.highlighted if options.highlighted is not None else -1
        options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
