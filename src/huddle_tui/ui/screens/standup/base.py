"""`StandupBase`: the state the parts of the standup screen share (the huddle, its agenda, the step on
screen, the loaded data) and the small helpers they all use.

`StandupScreen` (screen.py) is built from parts that each subclass this base: attendance, the write keys
inside a step, ending the huddle. The screen itself provides `reload()` and `go_to()`."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import TYPE_CHECKING

from textual.screen import Screen

from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.settings import AgendaStep
from huddle_tui.ui.screens.standup.data import StandupData
from huddle_tui.ui.screens.standup.layout import KNOWN_STEPS
from huddle_tui.ui.widgets.board_table import BoardTable
from huddle_tui.ui.writes import WriteFlows

if TYPE_CHECKING:
    from huddle_tui.services.session import Session


class StandupBase(WriteFlows, Screen[None]):
    """`runner` is the session of the person running the huddle."""

    def __init__(self, team_id: str, runner: Session) -> None:
        super().__init__()
        self.team_id = team_id
        self.runner = runner
        self.huddle: Huddle | None = None
        self.agenda: tuple[AgendaStep, ...] = ()
        self.step_index = 0
        self.step_since: datetime | None = None
        self.data: StandupData | None = None
        self.ending = False
        self._step_lock = threading.Lock()
        self._stored_step: str | None = None

    @property
    def step(self) -> AgendaStep | None:
        return self.agenda[self.step_index] if self.agenda else None

    @property
    def step_key(self) -> str:
        step = self.step
        return step.key if step else ""

    @property
    def pane(self) -> str:
        """The step's pane: one of KNOWN_STEPS, or "other" for a custom agenda step."""
        return self.step_key if self.step_key in KNOWN_STEPS else "other"

    def table(self, name: str) -> BoardTable:
        return self.query_one(f"#su-{name}-table", BoardTable)

    # -- what the screen provides -------------------------------------------------------------------------

    def reload(self) -> None:
        """Reload the data (a live change, a write); the step on screen and the timers stay."""
        raise NotImplementedError

    def go_to(self, index: int) -> None:
        """Show step `index` now and store the move."""
        raise NotImplementedError
