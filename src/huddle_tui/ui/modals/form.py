"""FormModal: the base of every write form, with inline validation and no silent loss of typed text.

A form is a column of labelled fields, each with a validation line under it, a general message line and
Save / Cancel buttons. Enter (in any single-line field) or ctrl+s submits; Escape cancels and, when
something was typed, first asks to confirm discarding it.

Subclasses implement `compose_fields()` (yielding rows built with `field_row`) and `collect()`, which
reads the widgets and returns the form's value or raises `FormErrors({field: message})`. The value then
goes to the `on_submit` callback, run in a thread worker (services do file I/O): if the callback
raises a `HuddleError` its message and hint are shown inline and the form stays open with everything
typed; any other exception opens the ErrorModal, and the form stays open as well. On success the
modal is dismissed with the callback's return value (or the form value when there is no callback).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea
from textual.worker import Worker, WorkerState

from huddle_tui.errors import HuddleError, InvalidInput
from huddle_tui.ui.dates import DATE_HELP, parse_day
from huddle_tui.ui.layout import calm
from huddle_tui.ui.safe import user_cell, user_text

T = TypeVar("T")

FORM_CSS = """
FormModal { align: center middle; }
FormModal > #form {
    width: 76; max-width: 100%; height: auto; max-height: 100%;
    border: thick $primary; background: $surface; padding: 0 1;
}
FormModal #form-title { text-style: bold; width: 1fr; margin-bottom: 1; }
FormModal #form-subtitle { color: $text-muted; width: 1fr; max-height: 3; }
FormModal #form-fields { height: auto; max-height: 16; }
FormModal .field { height: auto; }
FormModal .field-line { height: auto; }
FormModal .field-label { width: 16; padding: 0 1 0 0; text-align: right; }
FormModal .field-label.-required { text-style: bold; }
FormModal .field Input, FormModal .field Select { width: 1fr; }
FormModal .field TextArea { width: 1fr; height: 4; }
FormModal .field-error { color: $error; padding-left: 16; height: auto; display: none; }
FormModal .field-error.-shown { display: block; }
FormModal .field-hint { color: $text-muted; padding-left: 16; height: auto; }
FormModal #form-error { color: $error; text-style: bold; height: auto; display: none; }
FormModal #form-error.-shown { display: block; }
FormModal #form-buttons { height: auto; align-horizontal: right; margin-top: 1; }
FormModal #form-buttons Button { margin-left: 2; min-width: 10; }
FormModal #form-busy { color: $text-muted; width: auto; padding-right: 1; display: none; }
FormModal #form-busy.-shown { display: block; }
"""

Options = Iterable[tuple[str, Any]]


class FormErrors(Exception):
    """Validation failed: field name -> message (the key "" is a message for the whole form)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def select_options(options: Options) -> list[tuple[Any, Any]]:
    """(label, value) pairs for a Select with every label rendered literally (labels may be user text)."""
    return [(user_cell(label, limit=60), value) for label, value in options]


def field_row(
    name: str,
    label: str,
    widget: Widget,
    *,
    required: bool = False,
    hint: str | None = None,
    row_id: str | None = None,
) -> Vertical:
    """A labelled field with its validation line; `widget` gets the id `f-<name>`."""
    widget.id = f"f-{name}"
    label_widget = Label(
        Content(f"{label}{' *' if required else ''}"),
        classes="field-label" + (" -required" if required else ""),
    )
    children: list[Widget] = [Horizontal(label_widget, widget, classes="field-line")]
    if hint:
        children.append(Static(Content(hint), classes="field-hint"))
    children.append(Static("", id=f"err-{name}", classes="field-error"))
    row = Vertical(*children, classes="field", id=row_id or f"row-{name}")
    return row


def text_input(
    value: str = "", *, placeholder: str = "", password: bool = False, max_length: int = 0
) -> Input:
    return Input(value=value, placeholder=placeholder, password=password, max_length=max_length, compact=True)


def date_input(value: str = "") -> Input:
    return Input(value=value, placeholder=DATE_HELP, compact=True)


def choice(
    options: Options, *, value: Any = Select.NULL, blank: bool = True, prompt: str = "choose"
) -> Select:
    return Select(select_options(options), value=value, allow_blank=blank, prompt=prompt, compact=True)


class FormModal(ModalScreen[T | None], Generic[T]):
    """Base of the write forms. See the module docstring."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="form.submit"),
    ]
    TITLE: ClassVar[str] = "Form"
    SUBMIT_LABEL: ClassVar[str] = "Save"

    def __init__(
        self,
        *,
        on_submit: Callable[[T], Any] | None = None,
        title: str | None = None,
        subtitle: str | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.on_submit = on_submit
        self.form_title = title or self.TITLE
        self.subtitle = subtitle
        self.today = today or date.today()
        self._initial: dict[str, Any] = {}
        self._busy = False
        self.submitted_value: T | None = None

    # -- layout ---------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(Content(self.form_title), id="form-title")
            if self.subtitle:
                yield Static(user_text(self.subtitle, single_line=True, limit=200), id="form-subtitle")
            with VerticalScroll(id="form-fields"):
                yield from self.compose_fields()
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Label("saving…", id="form-busy")
                yield Button(Content(self.SUBMIT_LABEL), variant="primary", id="form-submit")
                yield Button(Content("Cancel"), id="form-cancel")

    def compose_fields(self) -> ComposeResult:
        """Yield the field rows (see `field_row`)."""
        yield from ()

    def on_mount(self) -> None:
        calm(self)
        self._initial = self.snapshot()
        first = (
            self.initial_focus()
            or self.query("#form-fields Input, #form-fields Select, #form-fields TextArea").first()
        )
        first.focus()
        self.form_ready()

    def initial_focus(self) -> Widget | None:
        """The field that gets the focus first (default: the first field)."""
        return None

    def form_ready(self) -> None:
        """Called once the form is mounted (subclasses update derived state here, not in on_mount)."""

    # -- values ---------------------------------------------------------------------------------------

    def widget(self, name: str) -> Widget:
        return self.query_one(f"#f-{name}")

    def value(self, name: str) -> Any:
        """The raw value of field `name`: str for Input/TextArea, the option value (or None) for Select."""
        widget = self.widget(name)
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, Checkbox):
            return widget.value
        raise TypeError(f"field {name} has no value")

    def snapshot(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for widget in self.query("#form-fields Input, #form-fields TextArea, #form-fields Select"):
            if widget.id and widget.id.startswith("f-"):
                out[widget.id[2:]] = self.value(widget.id[2:])
        return out

    def is_dirty(self) -> bool:
        """True when anything differs from what the form opened with."""
        return self.snapshot() != self._initial

    def text(self, name: str, what: str, *, required: bool = False, limit: int = 200) -> str:
        """The stripped text of field `name`; a FormErrors-ready message is raised via `need`."""
        value = str(self.value(name) or "").strip()
        if required and not value:
            raise FormErrors({name: f"{what} is required."})
        if len(value) > limit:
            raise FormErrors({name: f"{what} is {len(value)} characters long; the limit is {limit}."})
        return value

    def day(self, name: str, what: str, *, required: bool = False) -> date | None:
        raw = str(self.value(name) or "").strip()
        if not raw:
            if required:
                raise FormErrors({name: f"{what} is required ({DATE_HELP})."})
            return None
        try:
            return parse_day(raw, self.today)
        except InvalidInput as err:
            raise FormErrors({name: f"{err.message} Use {DATE_HELP}."}) from None

    def collect(self) -> T:
        """Read and validate the fields; raise FormErrors on bad input."""
        raise NotImplementedError

    def gather(self, *checks: Callable[[], Any]) -> list[Any]:
        """Run several field checks and raise one FormErrors holding every message."""
        errors: dict[str, str] = {}
        results: list[Any] = []
        for check in checks:
            try:
                results.append(check())
            except FormErrors as err:
                errors.update(err.errors)
                results.append(None)
        if errors:
            raise FormErrors(errors)
        return results

    # -- messages -------------------------------------------------------------------------------------

    def show_errors(self, errors: dict[str, str]) -> None:
        for line in self.query(".field-error"):
            line.remove_class("-shown")
            if isinstance(line, Static):
                line.update("")
        general: list[str] = []
        first_bad: Widget | None = None
        for name, message in errors.items():
            found = self.query(f"#err-{name}")
            if name and found:
                line = found.first(Static)
                line.update(user_text(message, single_line=True, limit=300))
                line.add_class("-shown")
                if first_bad is None:
                    first_bad = self.widget(name)
            else:
                general.append(message)
        self.show_message(" ".join(general) if general else None)
        if first_bad is not None and first_bad.focusable:
            first_bad.focus()

    def show_message(self, message: str | None) -> None:
        line = self.query_one("#form-error", Static)
        if message:
            line.update(user_text(message, limit=600))
            line.add_class("-shown")
        else:
            line.update("")
            line.remove_class("-shown")

    def field_error(self, name: str) -> str:
        """The validation message currently shown under field `name` ('' when none)."""
        line = self.query_one(f"#err-{name}", Static)
        return str(line.render()) if line.has_class("-shown") else ""

    def form_error(self) -> str:
        line = self.query_one("#form-error", Static)
        return str(line.render()) if line.has_class("-shown") else ""

    # -- actions --------------------------------------------------------------------------------------

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#form-submit")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_submit(self) -> None:
        if self._busy:
            return
        try:
            value = self.collect()
        except FormErrors as err:
            self.show_errors(err.errors)
            return
        self.show_errors({})
        self.submitted_value = value
        if self.on_submit is None:
            self.dismiss(value)
            return
        self._set_busy(True)
        callback = self.on_submit
        self.run_worker(lambda: callback(value), thread=True, group="form-submit", exit_on_error=False)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.query_one("#form-busy").set_class(busy, "-shown")
        self.query_one("#form-submit", Button).disabled = busy

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "form-submit":
            return
        if event.state == WorkerState.SUCCESS:
            self._set_busy(False)
            result = event.worker.result
            self.dismiss(result if result is not None else self.submitted_value)
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._set_busy(False)
            error = event.worker.error
            if isinstance(error, HuddleError):
                message = error.message + (f" ({error.hint})" if error.hint else "")
                self.show_message(message)
            elif error is not None:
                from huddle_tui.ui.modals.error import ErrorModal

                self.show_message("Not saved: the board could not take this. Your text is still here.")
                self.app.push_screen(ErrorModal(error))

    def action_cancel(self) -> None:
        if self._busy:
            return
        if not self.is_dirty():
            self.dismiss(None)
            return
        from huddle_tui.ui.modals.confirm import ConfirmModal

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmModal(
                "Discard what you typed?",
                detail="The form has unsaved text. Discard it, or go back and keep editing.",
                yes="Discard",
                no="Keep editing",
            ),
            decided,
        )
