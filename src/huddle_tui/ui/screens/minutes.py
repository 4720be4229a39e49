"""MinutesScreen: one huddle's minutes (what `huddle minutes` prints), and writing them as Markdown.

`w` writes them into the app's export folder as huddle-<team>-<date>.md; `s` asks for a file or folder
first. The minutes are shown as literal text (they quote user text), never as markup or Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from huddle_tui.domain.huddles import Huddle
from huddle_tui.errors import HuddleError
from huddle_tui.services import export, huddles
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.modals.form import FormErrors, FormModal, field_row, text_input
from huddle_tui.ui.safe import user_text
from huddle_tui.ui.widgets.footer import CalmFooter

if TYPE_CHECKING:
    from collections.abc import Iterable

    from huddle_tui.services.session import Session
    from huddle_tui.ui.app import HuddleApp


class SavePathModal(FormModal[Path]):
    """Ask for a file (or a folder) to write the minutes to; `~` is expanded."""

    TITLE = "Save the minutes as Markdown"
    SUBMIT_LABEL = "Save"

    def __init__(self, suggestion: Path, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.suggestion = suggestion

    def compose_fields(self) -> ComposeResult:
        yield field_row(
            "path",
            "File",
            text_input(str(self.suggestion)),
            required=True,
            hint="a .md file, or a folder for the default name",
        )

    def is_dirty(self) -> bool:
        return False

    def collect(self) -> Path:
        raw = self.text("path", "A file", required=True, limit=4000)
        if "\x00" in raw:
            raise FormErrors({"path": "That is not a file name."})
        return Path(raw).expanduser()


@dataclass(frozen=True)
class LoadedMinutes:
    huddle: Huddle
    text: str


class MinutesScreen(Screen[None]):
    """`MinutesScreen(huddle_id)`: the minutes of one huddle, with keys to write them as Markdown."""

    DEFAULT_CSS = """
    MinutesScreen #minutes-title { height: 1; background: $panel; padding: 0 1; }
    MinutesScreen #minutes-scroll { height: 1fr; padding: 0 1; }
    MinutesScreen #minutes-saved { height: auto; color: $success; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "write", "Write .md", id="minutes.write"),
        Binding("s", "save_as", "Save as…", id="minutes.save_as"),
        Binding("escape", "close", "Back to board", id="minutes.close"),
        Binding("j", "scroll(1)", "Down", id="minutes.down", show=False),
        Binding("k", "scroll(-1)", "Up", id="minutes.up", show=False),
    ]

    def __init__(self, huddle_id: str) -> None:
        super().__init__()
        self.huddle_id = huddle_id
        self.loaded: LoadedMinutes | None = None
        self.written: Path | None = None

    @property
    def huddle_app(self) -> HuddleApp:
        return self.app  # type: ignore[return-value]

    @property
    def session(self) -> Session:
        session = self.huddle_app.session
        assert session is not None
        return session

    def compose(self) -> ComposeResult:
        yield Static(Content("Huddle minutes"), id="minutes-title")
        with VerticalScroll(id="minutes-scroll"):
            yield Static("", id="minutes-text")
        yield Static("", id="minutes-saved")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="minutes-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            huddle = huddles.find_huddle(self.session, self.huddle_id)
            text = export.huddle_minutes_md(self.session, huddle)
        except Exception as err:
            self.app.call_from_thread(self.app.push_screen, ErrorModal(err))
            return
        self.app.call_from_thread(self.apply, LoadedMinutes(huddle, text))

    def apply(self, loaded: LoadedMinutes) -> None:
        self.loaded = loaded
        team = self.session.directory.team_name(loaded.huddle.team_id)
        self.query_one("#minutes-title", Static).update(
            Content.assemble(
                ("Huddle minutes ", "bold"),
                user_text(f"· {team} · {loaded.huddle.date.isoformat()}", single_line=True, limit=80),
                ("   w write .md · s save as · Esc board", "dim"),
            )
        )
        self.query_one("#minutes-text", Static).update(user_text(loaded.text))

    def default_path(self) -> Path:
        assert self.loaded is not None
        return self.huddle_app.export_dir / export.huddle_minutes_name(self.session, self.loaded.huddle)

    def action_write(self) -> None:
        if self.loaded is not None:
            self._write(self.default_path())

    def action_save_as(self) -> None:
        if self.loaded is None:
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._write(path)

        self.app.push_screen(SavePathModal(self.default_path()), chosen)

    @work(thread=True, exclusive=True, group="minutes-write", exit_on_error=False)
    def _write(self, target: Path) -> None:
        assert self.loaded is not None
        try:
            written = export.write_huddle_minutes(self.session, self.loaded.huddle, target)
        except (HuddleError, OSError) as err:
            self.app.call_from_thread(self.app.push_screen, ErrorModal(err))
            return
        self.app.call_from_thread(self._written, written)

    def _written(self, path: Path) -> None:
        self.written = path
        message = user_text(f"Minutes written to {path}")
        self.query_one("#minutes-saved", Static).update(message)
        self.notify(message, timeout=6)

    def action_scroll(self, step: int) -> None:
        scroll = self.query_one("#minutes-scroll", VerticalScroll)
        if step > 0:
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Write minutes", "Write the minutes as Markdown to the export folder", self.action_write
        )
        yield SystemCommand("Save minutes as", "Write the minutes as Markdown to a file", self.action_save_as)
