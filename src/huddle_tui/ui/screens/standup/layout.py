"""The standup screen's widget tree: head line, the two timers, the agenda line, one pane a known agenda
step (plus "other" for a custom step) in a ContentSwitcher, the roster beside it, the footer.

The ids (`su-…`) are what `screen.py` queries and `standup.tcss` styles."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Digits, Static

from huddle_tui.ui.widgets.board_table import BoardTable, Col
from huddle_tui.ui.widgets.footer import CalmFooter
from huddle_tui.ui.widgets.safety_cross import SafetyCross

KNOWN_STEPS = ("safety", "results", "actions", "ideas", "escalations")
PANE_TITLES = {
    "safety": "Safety",
    "results": "Yesterday's results, reds first",
    "actions": "Open actions, overdue first",
    "ideas": "New ideas first",
    "escalations": "Escalations: ← in (answers, returns, held by us)  → out",
    "other": "",
}


def compose_standup() -> ComposeResult:
    yield Static("", id="su-head")
    with Horizontal(id="su-timers"):
        yield Static("", id="su-step-info")
        yield Digits("00:00", id="su-step-clock")
        yield Static("", id="su-total-info")
        yield Digits("00:00", id="su-total-clock")
    yield Static("", id="su-agenda")
    with Horizontal(id="su-body"):
        with ContentSwitcher(initial="su-step-safety", id="su-steps"):
            with (
                Vertical(id="su-step-safety", classes="su-step"),
                Horizontal(id="su-safety-top"),
            ):
                yield SafetyCross(date.today(), {}, today=date.today(), id="su-cross")
                yield Static("", id="su-safety-text")
            with Vertical(id="su-step-results", classes="su-step"):
                yield BoardTable(
                    [
                        Col("cat", "", 1),
                        Col("name", "Metric"),
                        Col("target", "Target", 10, hide_below=60),
                        Col("value", "Yesterday", 14),
                        Col("reason", "Reason / countermeasure", 26, hide_below=56),
                    ],
                    id="su-results-table",
                )
                yield Static("", id="su-unsettled")
            with Vertical(id="su-step-actions", classes="su-step"):
                yield BoardTable(
                    [
                        Col("due", "Due", 9),
                        Col("title", "Action"),
                        Col("owner", "Owner", 14, hide_below=46),
                        Col("from", "From", 9, hide_below=70),
                    ],
                    id="su-actions-table",
                )
            with Vertical(id="su-step-ideas", classes="su-step"):
                yield BoardTable(
                    [
                        Col("age", "Age", 6),
                        Col("status", "Status", 12, hide_below=62),
                        Col("title", "Idea"),
                        Col("by", "By", 14, hide_below=46),
                        Col("pick", "PICK", 9, hide_below=72),
                    ],
                    id="su-ideas-table",
                )
            with Vertical(id="su-step-escalations", classes="su-step"):
                yield BoardTable(
                    [
                        Col("dir", "", 1),
                        Col("sev", "Sev", 4),
                        Col("title", "Escalation"),
                        Col("holder", "Held by", 12, hide_below=58),
                        Col("left", "Time", 10),
                    ],
                    id="su-escalations-table",
                )
            with Vertical(id="su-step-other", classes="su-step"):
                yield Static("", id="su-other-text")
        with Vertical(id="su-roster"):
            yield BoardTable([Col("mark", "", 1), Col("name", "Person")], id="su-roster-table")
    yield CalmFooter(compact=True)


def title_panes(screen: Screen[None]) -> None:
    """Set the border titles of the step panes and the roster (on mount)."""
    for key, title in PANE_TITLES.items():
        screen.query_one(f"#su-step-{key}").border_title = Content(title)
    screen.query_one("#su-roster").border_title = Content("Present")
    screen.query_one("#su-roster").border_subtitle = Content("p tick · g guest")
