"""The board's write keys inside a standup step (`n` new, `e` reason, `a` action, `d` decide, `m` move,
`c` complete, `x` escalate) on the row under the cursor, through `ui.writes.WriteFlows`; and which step
each key applies to (`STEP_ACTIONS`, which drives `check_action` and so the footer)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from textual.content import Content

from huddle_tui.services.views import ActionRow, EscalationRow, IdeaRow, MetricRow
from huddle_tui.ui.screens.standup.base import StandupBase
from huddle_tui.ui.screens.standup.rows import escalations_of

# Which step each in-step key applies to (None: every step). Drives check_action and so the footer.
STEP_ACTIONS: dict[str, tuple[str, ...] | None] = {
    "new": ("results", "actions", "ideas", "escalations"),
    "edit": ("safety", "results"),
    "add_action": ("safety", "results", "ideas", "escalations"),
    "decide": ("ideas",),
    "escalate": None,
    "move": ("escalations",),
    "complete": ("actions",),
}
WRITE_ACTIONS = {*STEP_ACTIONS, "present", "guest", "end", "next", "previous"}


class StepWrites(StandupBase):
    """The write keys of a step, each on `selected()`."""

    def selected(self) -> Any:
        """The row under the cursor of the current step's table (a view row) or None."""
        data = self.data
        if data is None:
            return None
        pane = self.pane
        if pane == "safety":
            return data.safety_rows[0] if data.safety_rows else None
        if pane not in ("results", "actions", "ideas", "escalations"):
            return None
        key = self.table(pane).current_key
        if pane == "results":
            earlier = next((r for r in data.earlier_reds if r.reading and r.reading.id == key), None)
            if earlier is not None:
                return earlier
        found: Iterable[Any] = {
            "results": data.yesterday.metrics,
            "actions": data.yesterday.actions,
            "ideas": data.yesterday.ideas,
            "escalations": escalations_of(data.yesterday),
        }[pane]
        attr = {"results": "metric", "actions": "action", "ideas": "idea", "escalations": "escalation"}[pane]
        return next((row for row in found if getattr(row, attr).id == key), None)

    def action_new(self) -> None:
        pane = self.pane
        if pane == "results":
            self.action_edit()
        elif pane == "actions":
            self.write_new_action()
        elif pane == "ideas":
            self.write_new_idea()
        elif pane == "escalations":
            self.write_raise_escalation()

    def action_edit(self) -> None:
        row = self.selected()
        if not isinstance(row, MetricRow):
            self.notify(Content("Choose a metric first."), severity="warning")
            return
        yesterday = self.data.yesterday.day if self.data else self.today - timedelta(days=1)
        self.write_log_reading(row, row.reading.date if row.reading is not None else yesterday)

    def action_add_action(self) -> None:
        self.write_action_from(self.selected())

    def action_decide(self) -> None:
        row = self.selected()
        if isinstance(row, IdeaRow):
            self.write_decide_idea(row)

    def action_escalate(self) -> None:
        self.write_escalate_from(self.selected())

    def action_move(self) -> None:
        row = self.selected()
        if isinstance(row, EscalationRow):
            self.write_move_escalation(row)

    def action_complete(self) -> None:
        row = self.selected()
        if isinstance(row, ActionRow):
            self.write_complete_action(row)
