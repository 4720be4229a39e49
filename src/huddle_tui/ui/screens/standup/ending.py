"""Ending the huddle: `f` (or Space on the last step) checks the period's reds first (a red without a
reason refuses and shows the results step; one without a countermeasure asks), ends it in a worker and
puts its minutes in place of the standup screen. Also the huddle ended on another terminal."""

from __future__ import annotations

from textual import work
from textual.content import Content

from huddle_tui.domain.huddles import Huddle
from huddle_tui.errors import InvalidInput
from huddle_tui.services import huddles, queries
from huddle_tui.services.huddles import OpenRed
from huddle_tui.ui.modals.confirm import ConfirmModal
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.screens.standup.base import StandupBase


class Ending(StandupBase):
    """`action_end` and what follows it, up to the minutes."""

    def action_end(self) -> None:
        if self.huddle is None or self.ending:
            return
        self._check_end(self.huddle.id)

    @work(thread=True, exclusive=True, group="standup-end", exit_on_error=False)
    def _check_end(self, huddle_id: str) -> None:
        try:
            self.session.refresh()
            view = queries.huddle_view(self.session, self.team_id)
        except Exception as err:
            self.app.call_from_thread(self.app.push_screen, ErrorModal(err))
            return
        self.app.call_from_thread(self._ask_end, list(view.unsettled_reds))

    def _ask_end(self, reds: list[OpenRed]) -> None:
        no_reason = [r for r in reds if r.lacks_reason]
        if no_reason:
            names = "; ".join(f"{r.metric_name} on {r.reading.date:%d %b}" for r in no_reason)
            if "results" in [s.key for s in self.agenda]:
                self.go_to([s.key for s in self.agenda].index("results"))
            self.app.push_screen(
                ErrorModal(
                    InvalidInput(
                        f"The huddle cannot end: a red reading lacks a reason ({names}).",
                        hint="choose it in the results step and press e to give the reason",
                    )
                )
            )
            return
        no_action = [r for r in reds if r.lacks_countermeasure]
        if no_action:
            question = "End the huddle with a red lacking a countermeasure?"
            listed = "\n".join(f"⚑ {r.metric_name} on {r.reading.date:%d %b}" for r in no_action)
            detail = f"{listed}\nThe minutes will name each one. Press n and add the action (a) to stay."
            yes = "End anyway"
        else:
            question = "End the huddle and save the minutes?"
            detail = "Attendance, time per step, decisions, new actions and escalations are saved."
            yes = "End"

        def answered(yes_: bool | None) -> None:
            if yes_:
                self._end(bool(no_action))

        self.app.push_screen(ConfirmModal(question, detail=detail, yes=yes, no="Keep going"), answered)

    def _end(self, accept: bool) -> None:
        if self.huddle is None:
            return
        self.ending = True
        self._finish(self.huddle.id, accept)

    @work(thread=True, exclusive=True, group="standup-end", exit_on_error=False)
    def _finish(self, huddle_id: str, accept: bool) -> None:
        try:
            ended = huddles.end_huddle(self.runner, huddle_id, accept_missing_countermeasures=accept)
        except Exception as err:
            self.app.call_from_thread(self._end_failed, err)
            return
        self.app.call_from_thread(self._show_minutes, ended)

    def _end_failed(self, error: BaseException) -> None:
        self.ending = False
        self.app.push_screen(ErrorModal(error))
        self.reload()

    def _show_minutes(self, ended: Huddle) -> None:
        from huddle_tui.ui.screens.minutes import MinutesScreen

        self.huddle = ended
        self.notify(Content("Huddle ended: minutes saved."), timeout=4)
        self.app.switch_screen(MinutesScreen(ended.id))

    def _ended_elsewhere(self, huddle: Huddle) -> None:
        from huddle_tui.ui.screens.minutes import MinutesScreen

        self.ending = True
        self.notify(Content("The huddle was ended on another terminal."), timeout=6)
        if self.app.screen is self:
            self.app.switch_screen(MinutesScreen(huddle.id))
