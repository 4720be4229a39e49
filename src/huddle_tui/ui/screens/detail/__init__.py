"""Detail screens opened with Enter from the board: a metric, an escalation, an idea or an action.

- MetricScreen: the month as a day grid (the safety cross for a safety metric), the month's readings with
  their reasons, a 90-day trend, and the actions that came from its readings.
- EscalationScreen: the escalation with its whole path (who held it, when, why it moved) and comments.
- RecordScreen: the full text of an idea or an action (long text wrapped in a read-only TextArea).

Each loads through `services.queries` (records grouped per field and month, kept until the store's change
feed reports a change, so a load takes a few ms at plant scale) on the UI thread, before the frame that
shows it, and reloads on a live change (`reload`). The screens are recycled: the first screen of each
class an app shows is installed (kept when popped), and the next `MetricScreen(...)` made while it is
not on the stack is that same screen, given its new record (`DetailScreen.__new__`). Opening a detail
then restyles and redraws a composed screen, and closing one leaves it as it is, instead of building
and tearing down some thirty widgets each time; a widget whose content did not change is not redrawn.
After the first detail screen of an app has drawn its record, the other recycled classes are built
in the background (`prepare_spares`: a blank screen each, pushed and popped at once, so no frame shows
it), so the first open of each kind is about as quick as the next.
`H` opens the history of the record shown (the reading under the cursor on the metric screen): every
value of every field, both values of a conflict (`ui.screens.history`); a conflict shows a note.
"""

from huddle_tui.ui.screens.detail.base import RECYCLED, DetailScreen, action_rows, prepare_spares
from huddle_tui.ui.screens.detail.escalation import EscalationScreen
from huddle_tui.ui.screens.detail.metric import TREND_DAYS, MetricScreen
from huddle_tui.ui.screens.detail.record import IdeaScreen, RecordScreen

__all__ = [
    "RECYCLED",
    "TREND_DAYS",
    "DetailScreen",
    "EscalationScreen",
    "IdeaScreen",
    "MetricScreen",
    "RecordScreen",
    "action_rows",
    "prepare_spares",
]
