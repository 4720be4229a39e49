"""`StandupScreen`, the huddle's agenda stepper, and `open_standup`, the way in from the board.

The screen starts (or joins) the huddle and loads what the steps show in workers, shows the step on
screen, and moves between steps (storing the step reached). Its other parts live beside it in this
package (see `__init__.py`): timers, attendance, the write keys inside a step, ending the huddle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import ContentSwitcher, DataTable, Static

from huddle_tui.domain.settings import AgendaStep
from huddle_tui.errors import HuddleError
from huddle_tui.services import huddles, readings
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.safe import clip, user_text
from huddle_tui.ui.screens.standup.attendance import Attendance
from huddle_tui.ui.screens.standup.data import StandupData, Started, gather
from huddle_tui.ui.screens.standup.ending import Ending
from huddle_tui.ui.screens.standup.layout import compose_standup, title_panes
from huddle_tui.ui.screens.standup.rows import (
    action_rows,
    escalation_rows,
    escalations_of,
    idea_rows,
    result_rows,
    safety_text,
    unsettled_text,
)
from huddle_tui.ui.screens.standup.step_writes import STEP_ACTIONS, WRITE_ACTIONS, StepWrites
from huddle_tui.ui.screens.standup.timers import Timers
from huddle_tui.ui.widgets.board_table import BoardTable
from huddle_tui.ui.widgets.safety_cross import SafetyCross

if TYPE_CHECKING:
    from huddle_tui.services.session import Session
    from huddle_tui.ui.app import HuddleApp


def open_standup(app: HuddleApp, team_id: str) -> None:
    """Start (or join) `team_id`'s huddle of the production day; an ended one shows its minutes."""
    session = app.writable_session()
    if session is None:
        return
    try:
        existing = huddles.huddle_of(session, team_id)
    except HuddleError as err:
        app.push_screen(ErrorModal(err))
        return
    if existing is not None and existing.ended_at is not None:
        from huddle_tui.ui.screens.minutes import MinutesScreen

        app.notify(Content("Today's huddle has ended: here are its minutes."), timeout=4)
        app.push_screen(MinutesScreen(existing.id))
        return

    def run(runner: Session) -> None:
        app.push_screen(StandupScreen(team_id, runner))

    app.with_actor("run the huddle", run, team_id)


class StandupScreen(Timers, Attendance, StepWrites, Ending):
    """`StandupScreen(team_id, runner)`: `runner` is the session of the person running the huddle."""

    CSS_PATH = Path(__file__).with_name("standup.tcss")
    # Footer order: what a step needs first (80 columns show about eight keys).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "next", "Next", id="standup.next", priority=True),
        Binding("n", "new", "New", id="standup.new"),
        Binding("e", "edit", "Reason", id="standup.edit"),
        Binding("a", "add_action", "Action", id="standup.action"),
        Binding("d", "decide", "Decide", id="standup.decide"),
        Binding("m", "move", "Move", id="standup.move"),
        Binding("c", "complete", "Complete", id="standup.complete"),
        Binding("x", "escalate", "Escalate", id="standup.escalate"),
        Binding("p", "present", "Present", id="standup.present"),
        Binding("g", "guest", "Guest", id="standup.guest"),
        Binding("f", "end", "End", id="standup.end"),
        Binding("backspace", "previous", "Back", id="standup.previous", priority=True),
        Binding("escape", "leave", "Board", id="standup.leave"),
        Binding("j", "cursor(1)", "Down", id="standup.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="standup.up", show=False),
    ]

    # -- layout -------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from compose_standup()

    def on_mount(self) -> None:
        title_panes(self)
        self._start()
        self.set_interval(1.0, self.tick)

    # -- starting and loading -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="standup-start", exit_on_error=False)
    def _start(self) -> None:
        runner = self.runner
        try:
            huddle = huddles.start_huddle(runner, self.team_id)
            agenda = huddles.agenda_for(runner, runner.directory.team(self.team_id))
            progress = huddles.huddle_progress(runner, huddle)
            joined = progress is not None
            if progress is None or progress.step not in {s.key for s in agenda}:
                progress = huddles.move_to_step(runner, huddle.id, agenda[0].key)
            data = gather(self.session, self.team_id)
        except Exception as err:
            self.app.call_from_thread(self._start_failed, err)
            return
        self.app.call_from_thread(
            self._started, Started(huddle, progress.step, progress.since, joined), agenda, data
        )

    def _start_failed(self, error: BaseException) -> None:
        self.app.push_screen(ErrorModal(error), lambda _: self._leave_now())

    def _leave_now(self) -> None:
        if self.app.screen is self:
            self.dismiss(None)

    def _started(self, started: Started, agenda: tuple[AgendaStep, ...], data: StandupData) -> None:
        self.huddle = started.huddle
        self.agenda = agenda
        keys = [s.key for s in agenda]
        self.step_index = keys.index(started.step) if started.step in keys else 0
        self.step_since = started.since
        self._stored_step = started.step
        self.apply(data)
        self.show_step()
        runner = self.runner.actor.id if self.runner.actor else ""
        if started.joined and self.step is not None and started.huddle.started_by != runner:
            self.notify(
                Content.assemble(
                    "Joined the running huddle at step ",
                    user_text(f"{self.step_index + 1}: {self.step.title}", single_line=True, limit=60),
                ),
                timeout=5,
            )

    def reload(self) -> None:
        """Reload the data (a live change, a write); the step on screen and the timers stay."""
        if self.huddle is not None:
            self._load()

    @work(thread=True, exclusive=True, group="standup-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            data = gather(self.session, self.team_id)
        except Exception as err:  # the screen keeps what it showed
            self.app.call_from_thread(self.app.push_screen, ErrorModal(err))
            return
        self.app.call_from_thread(self.apply, data)

    # -- showing ------------------------------------------------------------------------------------------

    def apply(self, data: StandupData) -> None:
        self.data = data
        view = data.view
        if view.huddle is not None:
            self.huddle = view.huddle
            if view.huddle.ended_at is not None and not self.ending:
                self._ended_elsewhere(view.huddle)
                return
        cross = self.query_one(SafetyCross)
        cross.month = data.safety_month
        cross.today = readings.today(self.session)
        cross.update(data.safety_days, selected=data.yesterday.day)
        self.query_one("#su-safety-text", Static).update(safety_text(data))
        self.table("results").set_rows(
            result_rows(data.earlier_reds, dated=True) + result_rows(data.yesterday.metrics)
        )
        self.query_one("#su-unsettled", Static).update(unsettled_text(view.unsettled_reds))
        self.table("actions").set_rows(action_rows(data.yesterday.actions, self.today))
        self.table("ideas").set_rows(idea_rows(data.yesterday.ideas))
        self.table("escalations").set_rows(escalation_rows(escalations_of(data.yesterday)))
        self.show_roster(view)
        self.update_head()
        self.tick()

    def update_head(self) -> None:
        huddle = self.huddle
        data = self.data
        if huddle is None or data is None:
            return
        team = data.view.team.name
        started = huddle.started_at.astimezone(self.board_zone())
        who = self.session.directory.person_name(huddle.started_by)
        self.query_one("#su-head", Static).update(
            Content.assemble(
                ("HUDDLE ", "bold"),
                user_text(
                    f"{team} · {huddle.date:%a %d %b} · started {started:%H:%M} by {who}",
                    single_line=True,
                    limit=120,
                ),
            )
        )

    def show_step(self) -> None:
        """Show the current step's pane and focus its table (timers follow in `tick`)."""
        self.query_one(ContentSwitcher).current = f"su-step-{self.pane}"
        step = self.step
        if step is not None and self.pane == "other":
            self.query_one("#su-step-other").border_title = user_text(step.title, single_line=True, limit=60)
            self.query_one("#su-other-text", Static).update(
                Content.assemble(
                    "Talk through ",
                    user_text(step.title, style="bold", single_line=True, limit=60),
                    "; Space moves on.",
                )
            )
        if self.pane in ("results", "actions", "ideas", "escalations"):
            self.table(self.pane).focus()
        else:
            self.table("roster").focus()
        self.update_agenda()
        self.tick()
        self.refresh_bindings()

    # -- keys ---------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITE_ACTIONS and self.huddle_app.read_only:
            return False
        steps = STEP_ACTIONS.get(action)
        return not (action in STEP_ACTIONS and steps is not None and self.pane not in steps)

    def action_next(self) -> None:
        if self.huddle is None or not self.agenda:
            return
        if self.step_index >= len(self.agenda) - 1:
            self.action_end()
            return
        self.go_to(self.step_index + 1)

    def action_previous(self) -> None:
        if self.huddle is None or self.step_index == 0:
            return
        self.go_to(self.step_index - 1)

    def go_to(self, index: int) -> None:
        """Show step `index` now; store the move in a worker (the service counts the time per step)."""
        assert self.huddle is not None
        now = self.session.clock()
        leaving = self.step_key
        seconds = max((now - self.step_since).total_seconds(), 0.0) if self.step_since else 0.0
        spent = dict(self.huddle.step_seconds or {})
        if seconds > 0:
            spent[leaving] = round(spent.get(leaving, 0.0) + seconds, 1)
            self.huddle = replace(self.huddle, step_seconds=spent)
        self.step_index = index
        self.step_since = now
        self.show_step()
        self._store_step(self.huddle.id)

    @work(thread=True, group="standup-step", exit_on_error=False)
    def _store_step(self, huddle_id: str) -> None:
        """Store the step on screen (one write at a time; quick key presses store only the last)."""
        try:
            with self._step_lock:
                wanted = self.step_key
                if wanted and wanted != self._stored_step:
                    huddles.move_to_step(self.runner, huddle_id, wanted)
                    self._stored_step = wanted
        except Exception as err:
            self.app.call_from_thread(self.app.push_screen, ErrorModal(err))

    def action_cursor(self, step: int) -> None:
        focused = self.focused
        table = focused if isinstance(focused, BoardTable) else None
        if table is None:
            return
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter is "next step" (a priority binding); a click on a roster row ticks it
        if event.data_table.id == "su-roster-table":
            self.action_present()

    def action_leave(self) -> None:
        """Back to the board; the huddle and its step clock keep running (h rejoins it)."""
        self.dismiss(None)

    # -- command palette ----------------------------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Next step", "Go to the next agenda step", self.action_next)
        yield SystemCommand("Previous step", "Go back one agenda step", self.action_previous)
        for index, step in enumerate(self.agenda):
            yield SystemCommand(
                f"Step {index + 1}: {clip(step.title, 40)}", "Jump to this agenda step", self._jumper(index)
            )
        if not self.huddle_app.read_only:
            yield SystemCommand("Add guest", "Add a guest to the attendance", self.action_guest)
            yield SystemCommand("End huddle", "End the huddle and show the minutes", self.action_end)
        yield SystemCommand("Back to board", "Leave the huddle running and show the board", self.action_leave)

    def _jumper(self, index: int) -> Callable[[], None]:
        def jump() -> None:
            if self.huddle is not None and index != self.step_index:
                self.go_to(index)

        return jump
