"""Attendance in the standup: the roster beside the steps (members ticked present, then guests), `p`
ticking the highlighted person (stored in a worker) and `g` adding a guest."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import work
from textual.content import Content

from huddle_tui.domain.huddles import Huddle
from huddle_tui.services import huddles
from huddle_tui.services.views import HuddleView
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.modals.guest import GuestModal
from huddle_tui.ui.safe import user_cell
from huddle_tui.ui.screens.standup.base import StandupBase
from huddle_tui.ui.widgets.board_table import Row


def roster_rows(view: HuddleView, huddle: Huddle | None) -> list[Row]:
    present = set(huddle.attendees) if huddle else set()
    rows: list[Row] = []
    for person in sorted(view.members, key=lambda p: p.name.casefold()):
        here = person.id in present
        rows.append(
            (
                person.id,
                [
                    Text("✔" if here else "·", style="bold green" if here else "dim", end=""),
                    user_cell(person.name, style="bold" if here else "", limit=30),
                ],
            )
        )
    for index, guest in enumerate(huddle.guests if huddle else ()):
        rows.append(
            (f"guest-{index}", [Text("+", style="bold", end=""), user_cell(f"{guest} (guest)", limit=40)])
        )
    return rows


class Attendance(StandupBase):
    """The roster and its keys (`p`, `g`)."""

    def show_roster(self, view: HuddleView) -> None:
        """Fill the roster and its title ("Present 3/7 +1")."""
        self.table("roster").set_rows(roster_rows(view, self.huddle))
        present = len(self.huddle.attendees) if self.huddle else 0
        guests = len(self.huddle.guests) if self.huddle else 0
        extra = f" +{guests}" if guests else ""
        self.query_one("#su-roster").border_title = Content(f"Present {present}/{len(view.members)}{extra}")

    def action_present(self) -> None:
        huddle = self.huddle
        key = self.table("roster").current_key
        if huddle is None or key is None or key.startswith("guest-"):
            return
        here = key not in huddle.attendees
        attendees = (*huddle.attendees, key) if here else tuple(a for a in huddle.attendees if a != key)
        self.huddle = replace(huddle, attendees=attendees)
        if self.data is not None:
            self.table("roster").set_rows(roster_rows(self.data.view, self.huddle))
        self._tick_person(huddle.id, key, here)

    @work(thread=True, group="standup-attendance", exit_on_error=False)
    def _tick_person(self, huddle_id: str, person_id: str, present: bool) -> None:
        try:
            huddles.set_attendance(self.runner, huddle_id, [person_id], present=present)
        except Exception as err:
            self.app.call_from_thread(self.app.push_screen, ErrorModal(err))
        self.app.call_from_thread(self.reload)

    def action_guest(self) -> None:
        huddle = self.huddle
        if huddle is None:
            return
        runner = self.runner
        self.app.push_screen(
            GuestModal(on_submit=lambda name: huddles.add_guest(runner, huddle.id, name), today=self.today),
            self.after_write("Guest added"),
        )
