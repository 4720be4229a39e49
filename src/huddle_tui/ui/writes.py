"""WriteFlows: the board's write flows (form, kiosk who-is-entering, PIN, service call in a worker),
usable from any screen that shows one team.

Each flow takes the row it acts on explicitly, asks the app for the acting person (`with_actor`: "who is
entering?" and the PIN on a shared kiosk login), opens the form, and calls the service inside the form's
thread worker (escalation moves go through `ui.moves`); a refusal or a bad value stays in the form, any
other failure opens the ErrorModal. When the form closes with a result, the host's
`after_write(message)` callback notifies and reloads.

A host screen provides `team_id` and `reload()`; `session`, `today`, `people()` and `after_write()`
have defaults here that a host may override.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from textual.content import Content

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.ideas import IdeaStatus
from huddle_tui.domain.metrics import Frequency, Status, reading_status
from huddle_tui.services.board_views import ActionRow, EscalationRow, IdeaRow, MetricRow
from huddle_tui.ui.safe import clip

# The forms and the writing services are imported by the flow that opens them: a board drawn at start
# (ui/start.py) needs none of them yet.
if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from huddle_tui.services.session import Session
    from huddle_tui.ui.app import HuddleApp
    from huddle_tui.ui.modals.complete_action import CompletionForm
    from huddle_tui.ui.modals.decide_idea import DecisionForm
    from huddle_tui.ui.modals.log_reading import ReadingForm
    from huddle_tui.ui.modals.new_action import ActionForm
    from huddle_tui.ui.modals.new_idea import IdeaForm
    from huddle_tui.ui.modals.raise_escalation import EscalationForm


class WriteFlows:
    """Mixin for a Screen showing one team (see the module docstring)."""

    team_id: str

    # -- what the host provides -----------------------------------------------------------------------

    @property
    def huddle_app(self) -> HuddleApp:
        return self.app  # type: ignore[attr-defined,no-any-return]

    @property
    def session(self) -> Session:
        session = self.huddle_app.session
        assert session is not None
        return session

    @property
    def today(self) -> date:
        from huddle_tui.services import readings

        return readings.today(self.session)

    def people(self) -> list[tuple[str, str]]:
        return [(p.id, p.name) for p in self.huddle_app.roster(self.team_id)]

    def after_write(self, message: str) -> Callable[[Any], None]:
        def done(result: Any) -> None:
            if result is not None:
                self.notify(Content(message), timeout=4)  # type: ignore[attr-defined]
                self.reload()  # type: ignore[attr-defined]

        return done

    def board_zone(self) -> ZoneInfo | Any:
        from zoneinfo import ZoneInfo

        try:
            return ZoneInfo(self.session.settings.timezone)
        except Exception:
            return UTC

    # -- flows ----------------------------------------------------------------------------------------

    def write_log_reading(self, row: MetricRow, day: date) -> None:
        """Log (or correct) the reading of `row`'s metric on `day`; a red asks for reason and action."""
        from huddle_tui.services import actions, readings
        from huddle_tui.ui.formatting import target_text
        from huddle_tui.ui.modals.log_reading import LogReadingModal

        metric = row.metric
        shifts = (
            [(s.number, s.name) for s in self.session.settings.shifts]
            if Frequency(metric.frequency) is Frequency.SHIFT
            else []
        )
        existing = row.reading if not shifts and row.reading and row.reading.date == day else None

        def go(session: Session) -> None:
            def submit(form: ReadingForm) -> Any:
                logged = readings.log_reading(
                    session, metric.id, form.value, day=day, shift=form.shift, reason=form.reason or None
                )
                if form.action is not None:
                    actions.add_action(
                        session,
                        form.action.title,
                        team=metric.team_id,
                        owner=form.action.owner_id,
                        due=form.action.due,
                        source=logged.reading.id,
                    )
                return logged

            self.app.push_screen(  # type: ignore[attr-defined]
                LogReadingModal(
                    metric.name,
                    status_of=lambda value: reading_status(metric, value),
                    roster=self.people(),
                    unit=metric.unit,
                    target_text=target_text(metric),
                    day=day,
                    shifts=shifts,
                    value=existing.value if existing else None,
                    reason=existing.reason if existing else "",
                    on_submit=submit,
                    today=self.today,
                ),
                self.after_write("Reading logged"),
            )

        self.huddle_app.with_actor("log a reading", go, self.team_id)

    def write_new_idea(self) -> None:
        from huddle_tui.services import ideas
        from huddle_tui.ui.modals.new_idea import NewIdeaModal

        team_id = self.team_id

        def go(session: Session) -> None:
            def submit(form: IdeaForm) -> Any:
                return ideas.submit_idea(
                    session,
                    form.title,
                    team=team_id,
                    detail=form.detail,
                    impact=form.impact,
                    effort=form.effort,
                )

            self.app.push_screen(  # type: ignore[attr-defined]
                NewIdeaModal(on_submit=submit, today=self.today), self.after_write("Idea submitted")
            )

        self.huddle_app.with_actor("submit an idea", go, team_id)

    def write_decide_idea(self, row: IdeaRow) -> None:
        from huddle_tui.services import ideas
        from huddle_tui.ui.modals.decide_idea import DecideIdeaModal

        idea = row.idea

        def go(session: Session) -> None:
            def submit(form: DecisionForm) -> Any:
                return ideas.decide_idea(session, idea.id, form.status, form.reason)

            self.app.push_screen(  # type: ignore[attr-defined]
                DecideIdeaModal(
                    idea.title, current=IdeaStatus(idea.status), on_submit=submit, today=self.today
                ),
                self.after_write("Decision saved"),
            )

        self.huddle_app.with_actor("decide on an idea", go, self.team_id)

    def write_raise_escalation(self, title: str = "", source: tuple[str, str] | None = None) -> None:
        from huddle_tui.services import escalations
        from huddle_tui.ui.modals.raise_escalation import RaiseEscalationModal

        team_id = self.team_id
        parent = self.session.directory.tree.parent(team_id)
        zone = self.board_zone()

        def go(session: Session) -> None:
            def submit(form: EscalationForm) -> Any:
                needed_by = (
                    datetime.combine(form.needed_by, time(23, 59), tzinfo=zone).astimezone(UTC)
                    if form.needed_by
                    else None
                )
                return escalations.raise_escalation(
                    session,
                    form.title,
                    team=team_id,
                    severity=form.severity,
                    need=form.need,
                    needed_by=needed_by,
                    source_kind=source[0] if source else None,
                    source_id=source[1] if source else None,
                )

            self.app.push_screen(  # type: ignore[attr-defined]
                RaiseEscalationModal(
                    to_team=parent.name if parent else "",
                    response_hours=session.settings.response_hours,
                    title_text=title,
                    on_submit=submit,
                    today=self.today,
                ),
                self.after_write("Escalation raised"),
            )

        self.huddle_app.with_actor("raise an escalation", go, team_id)

    def write_escalate_from(self, row: Any) -> None:
        """Raise an escalation about `row` (a red reading or an idea), or a blank one."""
        if isinstance(row, MetricRow) and row.reading is not None and row.status is Status.RED:
            title = f"{row.metric.name} red on {row.reading.date:%d %b}"
            if row.reading.reason:
                title += f": {row.reading.reason}"
            self.write_raise_escalation(clip(title, 190), ("reading", row.reading.id))
        elif isinstance(row, IdeaRow):
            self.write_raise_escalation(clip(row.idea.title, 190), ("idea", row.idea.id))
        else:
            self.write_raise_escalation()

    def write_move_escalation(self, row: EscalationRow) -> None:
        """Acknowledge, answer, pass on, close ... (the moves `ui.moves` offers this team)."""
        from huddle_tui.ui.moves import start_move

        start_move(
            self.huddle_app, row.escalation, self.team_id, self.today, self.after_write("Escalation updated")
        )

    def write_new_action(self, title: str = "", source: str | None = None) -> None:
        from huddle_tui.services import actions
        from huddle_tui.ui.modals.new_action import NewActionModal

        team_id = self.team_id

        def go(session: Session) -> None:
            def submit(form: ActionForm) -> Any:
                return actions.add_action(
                    session, form.title, team=team_id, owner=form.owner_id, due=form.due, source=source
                )

            self.app.push_screen(  # type: ignore[attr-defined]
                NewActionModal(self.people(), title_text=title, on_submit=submit, today=self.today),
                self.after_write("Action added"),
            )

        self.huddle_app.with_actor("add an action", go, team_id)

    def write_action_from(self, row: Any) -> None:
        """A countermeasure for a reading, an action to put an idea in place, or a blank action."""
        if isinstance(row, MetricRow) and row.reading is not None:
            self.write_new_action(f"Countermeasure: {clip(row.metric.name, 60)}", row.reading.id)
        elif isinstance(row, IdeaRow):
            self.write_new_action(f"Put in place: {clip(row.idea.title, 150)}", row.idea.id)
        elif isinstance(row, EscalationRow):
            self.write_new_action("", row.escalation.id)
        else:
            self.write_new_action()

    def write_complete_action(self, row: ActionRow) -> None:
        from huddle_tui.services import actions
        from huddle_tui.ui.modals.complete_action import CompleteActionModal

        action = row.action

        def go(session: Session) -> None:
            def submit(form: CompletionForm) -> Any:
                if form.status is ActionStatus.CANCELLED:
                    return actions.cancel_action(session, action.id, form.note)
                return actions.complete_action(session, action.id, form.note or None)

            self.app.push_screen(  # type: ignore[attr-defined]
                CompleteActionModal(action.title, on_submit=submit, today=self.today),
                self.after_write("Action updated"),
            )

        self.huddle_app.with_actor("complete an action", go, self.team_id)
