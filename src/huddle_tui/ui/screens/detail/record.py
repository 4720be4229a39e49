"""RecordScreen (IdeaScreen): the full text of an idea or an action."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static, TextArea

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.ideas import IdeaStatus
from huddle_tui.services.views import ActionRow, IdeaRow
from huddle_tui.ui.conflicts import conflict_note
from huddle_tui.ui.formatting import hours_text
from huddle_tui.ui.safe import fill, visible
from huddle_tui.ui.screens.detail.base import DetailScreen, set_static
from huddle_tui.ui.widgets.footer import CalmFooter


class RecordScreen(DetailScreen):
    """The full text of an idea (`IdeaRow`) or an action (`ActionRow`).

    The facts are a few labelled lines; the body (up to 20k characters) sits in a read-only, soft-wrapped
    TextArea, which renders only the visible lines, so a huge text never stalls the screen.
    """

    RECYCLE = True

    def __init__(self, row: IdeaRow | ActionRow | None) -> None:
        super().__init__()
        self.row = row
        self.opened()

    @classmethod
    def blank(cls) -> RecordScreen:
        return cls(None)

    def has_record(self) -> bool:
        return self.row is not None

    def history_target(self) -> tuple[str, str, str | None, str] | None:
        if isinstance(self.row, IdeaRow):
            return ("idea", self.row.idea.id, None, self.row.idea.title)
        if isinstance(self.row, ActionRow):
            return ("action", self.row.action.id, None, self.row.action.title)
        return None

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title")
        yield Static("", id="record-facts")
        yield TextArea("", id="record-text", read_only=True, soft_wrap=True, show_line_numbers=False)
        yield CalmFooter()

    def on_mount(self) -> None:
        area = self.query_one("#record-text", TextArea)
        area.cursor_blink = getattr(self.app, "cursor_blink", True)
        area.focus()

    def fetch(self) -> tuple[Any, ...]:
        return (self.row,)

    def apply(self, row: IdeaRow | ActionRow) -> None:
        area = self.query_one("#record-text", TextArea)
        title = self.query_one("#detail-title", Static)
        top = self.opening(area)
        if isinstance(row, IdeaRow):
            idea = row.idea
            status = IdeaStatus(idea.status)
            set_static(title, fill("[b]Idea:[/b] $title", title=idea.title))
            facts = [
                fill(
                    "[b]Status:[/b] $status · [b]by[/b] $who · $age old$late",
                    status=status.label,
                    who=row.submitter,
                    age=hours_text(row.age_hours),
                    late=" · ! waiting past the answer time" if row.answer_overdue else "",
                ),
                fill(
                    "[b]PICK:[/b] $pick (payoff $impact, effort $effort)",
                    pick=row.pick.value.capitalize() if row.pick else "not placed",
                    impact=idea.impact or "?",
                    effort=idea.effort or "?",
                ),
            ]
            body = [idea.title, "", idea.detail or "(no detail)"]
            if idea.decision_reason:
                body += ["", f"Decision ({status.label}): {idea.decision_reason}"]
        else:
            action = row.action
            set_static(title, fill("[b]Action:[/b] $title", title=action.title))
            facts = [
                fill(
                    "[b]Owner:[/b] $owner · [b]due[/b] $due · $status$late",
                    owner=row.owner,
                    due=f"{action.due:%a %d %b %Y}",
                    status=ActionStatus(action.status).value,
                    late=" · overdue" if row.overdue else "",
                ),
                fill("[b]From:[/b] $source", source=action.source_kind or "–"),
            ]
            body = [action.title]
            if action.note:
                body += ["", f"Note: {action.note}"]
        if row.conflicts:
            facts.append(conflict_note(row.conflicts))
        set_static(self.query_one("#record-facts", Static), Content("\n").join(facts))
        text = visible("\n".join(body))
        if top or area.text != text:
            area.load_text(text)


IdeaScreen = RecordScreen
