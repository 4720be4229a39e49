"""DetailScreen: the base of the detail screens (a title line, a body, the footer; Escape goes back), and
how they are recycled (see the package docstring), with the helpers that redraw only what changed.

Textual private names used (Textual is pinned): `textual._context.active_app` (the app a screen is made
in), `App._screen_stacks` (is a screen on any stack), `App._css_update_count` (did the app's CSS change),
`Screen._compositor` (draw a blank screen built in the background once) and the `_on_screen_resume`
handler (Textual calls it on every class of the screen, this one before Screen's).
"""

from __future__ import annotations

import contextlib
import functools
import weakref
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events
from textual._context import active_app
from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.services.views import ActionRow
from huddle_tui.ui.formatting import due_text
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.safe import user_cell
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row

if TYPE_CHECKING:
    from huddle_tui.services.session import Session

# The recycled screen of each class, per app (see the package docstring).
_spares: weakref.WeakKeyDictionary[App[Any], dict[type, DetailScreen]] = weakref.WeakKeyDictionary()
# The recycled classes, in the order `prepare_spares` builds them (each registers when defined).
RECYCLED: list[type[DetailScreen]] = []


def _spare(cls: type) -> DetailScreen | None:
    """The app's recycled screen of exactly `cls` when it is free (on no screen stack), else None."""
    try:
        app = active_app.get()
    except LookupError:
        return None
    spare = _spares.get(app, {}).get(cls)
    if spare is None or not spare.is_attached or not app.is_screen_installed(spare):
        return None
    if any(spare in stack for stack in app._screen_stacks.values()):
        return None
    return spare


def prepare_spares(app: App[Any], shown: type) -> None:
    """Build the recycled detail classes the app has no screen of yet (`shown` is being shown): for
    each, a blank screen, installed, then pushed and popped in one go. Pushing composes it and lays it
    out at the app's size (in the background: it is not current by then); popping keeps it."""
    spares = _spares.setdefault(app, {})
    for cls in RECYCLED:
        name = f"detail-{cls.__name__}"
        if cls is shown or cls in spares or app.is_screen_installed(name):
            continue
        screen = cls.blank()
        app.install_screen(screen, name)
        spares[cls] = screen
        app.push_screen(screen)
        app.pop_screen()


def set_rows(table: BoardTable, rows: Sequence[Row], *, top: bool = False) -> None:
    """`table.set_rows(rows)` unless they are the rows it shows (a redraw of every visible cell saved);
    `top`: a new record, so the cursor starts on the first row."""
    if top and table.cursor_row:
        table.move_cursor(row=0, animate=False, scroll=True)
    table.set_rows(rows)  # a no-op when it shows them already


def set_static(widget: Static, content: Content) -> None:
    """`widget.update(content)` unless it shows that already (an update lays out and redraws)."""
    if getattr(widget, "_shown_content", None) != content:
        widget._shown_content = content  # type: ignore[attr-defined]
        widget.update(content)


class DetailScreen(Screen[None]):
    """Base of the detail screens: a title line, a body, the footer; Escape goes back.

    A subclass's `__init__` calls `super().__init__()` first, then sets its record (the same for a fresh
    and a recycled screen) and ends with `self.opened()`. `load()` reads the record (`fetch`) and shows it
    (`apply`): a fresh screen when it is mounted, a recycled one in `opened()`, before it is pushed (so the
    changes it makes to its widgets reach the screen before its first frame), and any on `reload()`.
    When what `fetch` needs is not in memory yet (`at_hand()` is False: older months of readings, say),
    it runs in a thread worker instead, and the screen shows `reading()` until `apply`; the keys keep
    working meanwhile.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back", id="detail.back"),
        Binding("ctrl+r", "reload", "Reload", id="detail.reload", show=False),
        Binding("m", "move", "Move / answer", id="detail.move"),
        Binding("left_square_bracket", "month(-1)", "Month back", id="detail.prev_month"),
        Binding("right_square_bracket", "month(1)", "Month on", id="detail.next_month"),
        Binding("H", "history", "History", id="detail.history", show=False),
    ]

    RECYCLE: ClassVar[bool] = False  # recycle the screens of this class (they load through `load`)
    _loads = 0  # counts the loads: a worker's result is shown only when no later load started
    _spares_due = False  # build the other classes' spares once this screen has shown its record
    _recycled = False  # set on the spare handed out by __new__, until its __init__ ran
    _styled_as: tuple[Any, ...] | None = None  # `_app_styles()` when the screen was suspended

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("RECYCLE"):
            RECYCLED.append(cls)

    def __new__(cls, *args: Any, **kwargs: Any) -> DetailScreen:
        spare = _spare(cls) if cls.RECYCLE else None
        if spare is not None:
            spare._recycled = True
            return spare
        return super().__new__(cls)

    def __init__(self) -> None:
        if self._recycled:
            self._recycled = False  # a composed screen: keep its widgets, take the new record
        else:
            super().__init__()
            self._footer_shown: tuple[Any, ...] | None = None  # `footer_state()` the footer shows
        self._opening = True  # the first load after (re)opening: cursors start at the top, as when new

    def opened(self) -> None:
        """End of a subclass's `__init__`: a recycled screen (mounted already) loads its new record."""
        if self.RECYCLE and self.is_mounted:
            self.load()

    def _on_mount(self) -> None:
        """After the subclass's `on_mount` (Textual calls the handlers of every class): the first screen
        of a recycled class in this app is installed, and a fresh screen loads its record."""
        if not self.RECYCLE:
            return
        app = self.app
        spares = _spares.setdefault(app, {})
        name = f"detail-{type(self).__name__}"
        if type(self) not in spares and not app.is_screen_installed(name):
            app.install_screen(self, name)
            spares[type(self)] = self
        self._spares_due = self.has_record()
        self.load()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Screen's own handler. A recycled screen keeps its styles when nothing they depend
        on at the app level changed since it was suspended (Textual would restyle every node to the same
        result, ~10 ms); after a resize it gets the Resize event it missed (layout, breakpoint classes)."""
        app = self.app
        if self._styled_as is not None and self.RECYCLE:
            if self._styled_as == self._app_styles():
                event.refresh_styles = False
            if self._styled_as[-1] != app.size:
                self.post_message(events.Resize(app.size, app.size))
        self._styled_as = None

    def on_screen_suspend(self) -> None:
        self._styled_as = self._app_styles()
        if self.RECYCLE and not self.has_record():
            # A blank screen built in the background was laid out but never drawn: draw it once,
            # off screen, so its first open redraws only what its record changes (best effort).
            with contextlib.suppress(Exception):
                self._compositor.render_update(full=True)

    @classmethod
    def blank(cls) -> DetailScreen:
        """A screen without a record (`prepare_spares`), which loads nothing."""
        raise NotImplementedError

    def has_record(self) -> bool:
        """False on a blank screen."""
        return True

    def prepare(self) -> None:
        """On a blank screen: read ahead what the first `fetch` needs (best effort)."""

    def _app_styles(self) -> tuple[Any, ...]:
        """What this screen's styles depend on besides its own nodes: the app's CSS (a theme change or
        a CSS reload counts up `_css_update_count`), classes, pseudo classes; and the size last."""
        app = self.app
        return (
            app._css_update_count,
            frozenset(app.classes),
            frozenset(app.get_pseudo_classes()),
            app.size,
        )

    def load(self) -> None:
        """Read the record and show it (`apply`); an error shows in the ErrorModal (once this screen
        is on the stack). A blank screen only has its footer built."""
        if not self.has_record():
            self.refresh_bindings()
            self.prepare()
            return
        self._loads += 1
        if not self.at_hand():
            self.reading()
            self.run_worker(
                functools.partial(self._fetch_in_thread, self._loads),
                thread=True,
                group="detail-fetch",
                exit_on_error=False,
            )
            return
        try:
            loaded = self.fetch()
        except Exception as err:
            # Opening: a recycled screen still shows its previous record, so go back first.
            self.call_later(self.failed, err, self._opening)
            return
        self._show(loaded)

    def _fetch_in_thread(self, number: int) -> None:
        try:
            loaded, error = self.fetch(), None
        except Exception as err:
            loaded, error = None, err
        with contextlib.suppress(RuntimeError):  # the app has stopped meanwhile
            self.app.call_from_thread(self._fetched, number, loaded, error)

    def _fetched(self, number: int, loaded: tuple[Any, ...] | None, error: BaseException | None) -> None:
        if number != self._loads:
            return  # a later load (another month, a live change) shows its own
        if error is not None or loaded is None:
            self.failed(error or RuntimeError("nothing was read"), self._opening)
            return
        self._show(loaded)

    def _show(self, loaded: tuple[Any, ...]) -> None:
        self.apply(*loaded)
        state = self.footer_state()
        if state != self._footer_shown:
            self._footer_shown = state
            self.refresh_bindings()
        if self._spares_due:
            # The first detail screen of this class has drawn its record (read in a worker, maybe):
            # now build the other classes' screens, not while it is still being read and drawn.
            self._spares_due = False
            self.call_after_refresh(prepare_spares, self.app, type(self))

    def at_hand(self) -> bool:
        """True when `fetch` reads nothing from files (it then runs on the UI thread); subclasses say
        False when it would (it then runs in a thread worker)."""
        return True

    def reading(self) -> None:
        """While `fetch` runs in a worker: show that the record is being read, and nothing of another
        record a recycled screen showed before (subclasses that can say False in `at_hand`)."""

    def footer_state(self) -> tuple[Any, ...]:
        """What decides which keys the footer shows (after a load, the footer is redone when it
        changed): nothing on most screens."""
        return ()

    def fetch(self) -> tuple[Any, ...]:
        """The arguments of `apply` (subclasses)."""
        return ()

    def apply(self, *loaded: Any) -> None:
        """Show what `fetch` read (subclasses)."""

    def opening(self, focus: Widget) -> bool:
        """True on the first load since the screen was opened (fresh or recycled), which starts as a new
        screen does: `focus` has the focus (and the caller puts its cursors on the first row)."""
        if not self._opening:
            return False
        self._opening = False
        if self.focused is not focus:
            focus.focus()
        return True

    @property
    def session(self) -> Session:
        session = self.app.session  # type: ignore[attr-defined]
        assert session is not None
        return session

    def action_back(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move":
            return self.can_move()
        if action == "month":
            return self.has_months()
        if action == "history":
            return self.history_target() is not None
        return True

    def history_target(self) -> tuple[str, str, str | None, str] | None:
        """(kind, record id, partition, title) of the record whose history `H` opens; None: no history."""
        return None

    def action_history(self) -> None:
        """Every value of the record's fields, both values of a conflict too (the HistoryScreen)."""
        from huddle_tui.ui.screens.history import HistoryScreen

        target = self.history_target()
        if target is not None:
            self.app.push_screen(HistoryScreen(*target))

    def can_move(self) -> bool:
        """True on screens whose record can be moved (the escalation screen)."""
        return False

    def has_months(self) -> bool:
        """True on screens that step months with [ and ] (the metric screen)."""
        return False

    def action_move(self) -> None:
        """Move the record (see EscalationScreen)."""

    def action_month(self, step: int) -> None:
        """Show another month (see MetricScreen)."""

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Reload the data (called on a live change too)."""
        self.load()

    def failed(self, error: BaseException, opening: bool = False) -> None:
        if opening and self.app.screen is self:
            self.app.pop_screen()
        self.app.push_screen(ErrorModal(error))


# The actions table of the metric and escalation screens; `action_rows` fills it.
ACTION_COLUMNS = (
    Col("due", "Due", 9),
    Col("status", "", 1),
    Col("title", "Action"),
    Col("owner", "Owner", 16, 50),
)


def action_rows(rows: list[ActionRow], today: date) -> list[Row]:
    out: list[Row] = []
    for row in rows:
        action = row.action
        status = ActionStatus(action.status)
        out.append(
            (
                action.id,
                [
                    Text(
                        due_text(action.due, today), style="bold white on red" if row.overdue else "", end=""
                    ),
                    Text({"open": "○", "done": "✔", "cancelled": "✗"}[status.value], end=""),
                    user_cell(action.title, limit=60),
                    user_cell(row.owner, limit=20),
                ],
            )
        )
    return out
