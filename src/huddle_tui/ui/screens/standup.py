"""StandupScreen: run today's huddle of a team as a full-screen agenda stepper.

`h` on the board (or the palette's "Run the huddle") starts the huddle of the production day, or joins
it when another terminal already started it. The agenda comes from the board settings with the team's
own timeboxes; each step shows its part of the board (safety cross, yesterday's results reds first with
any unsettled red of another day of the period on top, open actions, new ideas, escalations in and out).
Two big countdowns (textual `Digits`) give the time left on the step and on the whole; past its timebox
a clock turns red, counts up with a `+` and the line beside it says "▲ OVER by mm:ss" (readable without
colour).

Space/Enter go to the next step, Backspace to the previous one; the step reached is stored through
`services.huddles.move_to_step` (which counts the time per step from these moves), so a second terminal
joining sees where the huddle is. Inside a step the board's write keys work (`ui.writes.WriteFlows`:
who is entering, PIN, form, worker). The roster on the right ticks attendance (`p` on the highlighted
person; Tab moves there) and `g` adds a guest. `f` (or Space on the last step) ends the huddle: a red
without a reason refuses, a red without a countermeasure asks first; the minutes then replace this
screen.

A live change from another replica reloads the data; the step on screen and the timers stay.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Digits, Static

from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.escalations import EscalationState
from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.ideas import IdeaStatus
from huddle_tui.domain.metrics import Status
from huddle_tui.domain.settings import AgendaStep, Severity
from huddle_tui.errors import HuddleError, InvalidInput
from huddle_tui.services import huddles, queries, readings
from huddle_tui.services.huddles import OpenRed
from huddle_tui.services.views import ActionRow, EscalationRow, HuddleView, IdeaRow, MetricRow, TeamBoard
from huddle_tui.ui.formatting import due_text, hours_text, target_text, value_text
from huddle_tui.ui.modals.confirm import ConfirmModal
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.modals.guest import GuestModal
from huddle_tui.ui.safe import clip, user_cell, user_text
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row
from huddle_tui.ui.widgets.footer import CalmFooter
from huddle_tui.ui.widgets.safety_cross import SafetyCross
from huddle_tui.ui.widgets.status_cell import status_text
from huddle_tui.ui.writes import WriteFlows

if TYPE_CHECKING:
    from huddle_tui.services.session import Session
    from huddle_tui.ui.app import HuddleApp

KNOWN_STEPS = ("safety", "results", "actions", "ideas", "escalations")
SHORT_TITLES = {
    "safety": "Safety",
    "results": "Results",
    "actions": "Actions",
    "ideas": "Ideas",
    "escalations": "Escalations",
}
SEVERITY_SHORT = {"critical": "crit", "high": "high", "medium": "med", "low": "low"}
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


def clock_text(seconds: float) -> str:
    """mm:ss (or h:mm:ss) of a number of seconds, rounded down; negative counts as 0."""
    whole = int(max(seconds, 0))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


@dataclass(frozen=True)
class StandupData:
    """Everything a step shows, loaded in a worker."""

    view: HuddleView
    yesterday: TeamBoard
    safety_month: date
    safety_days: dict[date, Status]
    safety_rows: tuple[MetricRow, ...]
    earlier_reds: tuple[MetricRow, ...] = ()  # unsettled reds of the period on other days than yesterday


@dataclass(frozen=True)
class Started:
    huddle: Huddle
    step: str
    since: datetime
    joined: bool = False  # the huddle was already running (another terminal, or rejoining)


def open_standup(app: HuddleApp, team_id: str) -> None:
    """Start (or join) `team_id`'s huddle of the production day; an ended one shows its minutes."""
    session = app.session
    if session is None:
        return
    if app.read_only:
        app.notify(Content("This board is open read-only."), severity="warning")
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


class StandupScreen(WriteFlows, Screen[None]):
    """`StandupScreen(team_id, runner)`: `runner` is the session of the person running the huddle."""

    CSS_PATH = "standup.tcss"
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

    # -- helpers ------------------------------------------------------------------------------------------

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

    # -- layout -------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
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

    def on_mount(self) -> None:
        titles = {
            "safety": "Safety",
            "results": "Yesterday's results, reds first",
            "actions": "Open actions, overdue first",
            "ideas": "New ideas first",
            "escalations": "Escalations: ← in (answers, returns, held by us)  → out",
            "other": "",
        }
        for key, title in titles.items():
            self.query_one(f"#su-step-{key}").border_title = Content(title)
        self.query_one("#su-roster").border_title = Content("Present")
        self.query_one("#su-roster").border_subtitle = Content("p tick · g guest")
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
            data = self._gather()
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

    def _gather(self) -> StandupData:
        session = self.session
        view = queries.huddle_view(session, self.team_id)
        today = readings.today(session)
        yesterday = queries.team_board(session, self.team_id, today - timedelta(days=1))
        safety = [r for r in yesterday.metrics if r.metric.safety_cross] or [
            r for r in yesterday.metrics if r.metric.category == "Safety"
        ]
        month = today.replace(day=1)
        days: dict[date, Status] = {}
        if safety:
            detail = queries.metric_detail(session, safety[0].metric.id, f"{month:%Y-%m}")
            days = {cell.day: cell.status for cell in detail.days if not cell.future}
        earlier: list[MetricRow] = []
        for red in view.unsettled_reds:
            metric = session.directory.metric_by_id(red.reading.metric_id)
            if metric is not None and red.reading.date != yesterday.day:
                earlier.append(
                    MetricRow(metric, red.reading, Status.RED, (), red.lacks_reason, red.lacks_countermeasure)
                )
        return StandupData(view, yesterday, month, days, tuple(safety), tuple(earlier))

    def reload(self) -> None:
        """Reload the data (a live change, a write); the step on screen and the timers stay."""
        if self.huddle is not None:
            self._load()

    @work(thread=True, exclusive=True, group="standup-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            data = self._gather()
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
        self.query_one("#su-safety-text", Static).update(self.safety_text(data))
        self.table("results").set_rows(
            self.result_rows(data.earlier_reds, dated=True) + self.result_rows(data.yesterday.metrics)
        )
        self.query_one("#su-unsettled", Static).update(self.unsettled_text(view.unsettled_reds))
        self.table("actions").set_rows(self.action_rows(data.yesterday.actions))
        self.table("ideas").set_rows(self.idea_rows(data.yesterday.ideas))
        self.table("escalations").set_rows(self.escalation_rows(self.escalations_of(data.yesterday)))
        self.table("roster").set_rows(self.roster_rows(view))
        present = len(self.huddle.attendees) if self.huddle else 0
        guests = len(self.huddle.guests) if self.huddle else 0
        extra = f" +{guests}" if guests else ""
        self.query_one("#su-roster").border_title = Content(f"Present {present}/{len(view.members)}{extra}")
        self.update_head()
        self.tick()

    def _ended_elsewhere(self, huddle: Huddle) -> None:
        from huddle_tui.ui.screens.minutes import MinutesScreen

        self.ending = True
        self.notify(Content("The huddle was ended on another terminal."), timeout=6)
        if self.app.screen is self:
            self.app.switch_screen(MinutesScreen(huddle.id))

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

    def update_agenda(self) -> None:
        parts: list[Content] = []
        spent = (self.huddle.step_seconds or {}) if self.huddle else {}
        wide = self.size.width >= 110
        for index, step in enumerate(self.agenda):
            title = clip(step.title, 24) if wide else SHORT_TITLES.get(step.key, clip(step.title, 12))
            if parts:
                parts.append(Content(" "))
            if index == self.step_index:
                parts.append(Content.styled(f" ▶ {index + 1} {title} ", "bold reverse"))
            elif index < self.step_index or spent.get(step.key):
                used = f" {clock_text(spent.get(step.key, 0))}" if spent.get(step.key) else ""
                parts.append(Content.styled(f"✔ {title}{used}", "dim"))
            else:
                parts.append(Content(f"· {title}"))
        self.query_one("#su-agenda", Static).update(Content.assemble(*parts))

    # -- timers -------------------------------------------------------------------------------------------

    def step_elapsed(self, now: datetime) -> float:
        spent = (self.huddle.step_seconds or {}) if self.huddle else {}
        since = self.step_since or now
        return spent.get(self.step_key, 0.0) + max((now - since).total_seconds(), 0.0)

    def tick(self) -> None:
        """Update both countdowns from the session clock (deterministic under a fixed clock)."""
        huddle, step = self.huddle, self.step
        if huddle is None or step is None:
            return
        now = self.session.clock()
        step_left = step.minutes * 60 - self.step_elapsed(now)
        total_box = sum(s.minutes for s in self.agenda) * 60
        total_left = total_box - max((now - huddle.started_at).total_seconds(), 0.0)
        self._show_clock("step", step_left)
        self._show_clock("total", total_left)
        number = f"Step {self.step_index + 1} of {len(self.agenda)}"
        self.query_one("#su-step-info", Static).update(
            Content.assemble(
                (number, "dim"),
                "\n",
                user_text(step.title, style="bold", single_line=True, limit=30),
                "\n",
                self._signal(step_left, f"{step.minutes:g} min box"),
            )
        )
        self.query_one("#su-total-info", Static).update(
            Content.assemble(
                ("Huddle", "dim"),
                "\n",
                (f"{total_box / 60:g} min", "bold"),
                "\n",
                self._signal(total_left, ""),
            )
        )

    def _show_clock(self, which: str, left: float) -> None:
        digits = self.query_one(f"#su-{which}-clock", Digits)
        over = left < 0
        digits.update(("+" if over else "") + clock_text(-left if over else left))
        digits.set_class(over, "-over")
        digits.set_class(not over and left < 60, "-last-minute")

    @staticmethod
    def _signal(left: float, fine: str) -> Content:
        if left < 0:
            return Content.styled(f"▲ OVER by {clock_text(-left)}", "bold reverse $error")
        if left < 60:
            return Content.styled("◷ last minute", "bold $warning")
        return Content.styled(f"▶ {fine}" if fine else "▶ on time", "$success")

    # -- rows ---------------------------------------------------------------------------------------------

    def safety_text(self, data: StandupData) -> Content:
        lines: list[Content] = [Content.styled(f"Yesterday, {data.yesterday.day:%a %d %b}", "bold")]
        for row in data.safety_rows:
            value = row.reading.value if row.reading else None
            shown = value_text(value, row.metric.unit) if value is not None else "not logged"
            lines.append(
                Content.assemble(
                    user_text(row.metric.name, single_line=True, limit=30),
                    ": ",
                    Content.from_rich_text(status_text(row.status, shown)),
                )
            )
            if row.reading and row.reading.reason:
                lines.append(
                    Content.assemble("  ", user_text(row.reading.reason, single_line=True, limit=60))
                )
        if not data.safety_rows:
            lines.append(Content("This team has no safety metric."))
        reds = sum(1 for s in data.safety_days.values() if s is Status.RED)
        ambers = sum(1 for s in data.safety_days.values() if s is Status.AMBER)
        lines.append(Content(""))
        lines.append(Content(f"This month: {reds} recordable, {ambers} near miss / first aid"))
        lines.append(Content.styled("e log or give a reason · x escalate", "dim"))
        return Content("\n").join(lines)

    def result_rows(self, rows: Iterable[MetricRow], *, dated: bool = False) -> list[Row]:
        """Rows of the results step, reds first; `dated` rows (other days) are keyed by reading id."""
        rank = {Status.RED: 0, Status.AMBER: 1, Status.GREEN: 2, Status.NONE: 3}
        ordered = sorted(
            rows, key=lambda r: (rank.get(r.status, 4), r.metric.category_rank, r.metric.name.casefold())
        )
        out: list[Row] = []
        for row in ordered:
            metric = row.metric
            value = row.reading.value if row.reading else None
            cell = status_text(row.status, value_text(value, metric.unit) if value is not None else "–")
            if row.lacks_reason or row.lacks_countermeasure:
                cell.append(" ⚑", style="bold red")
            reason = row.reading.reason if row.reading is not None else ""
            if row.lacks_reason:
                note = Text("⚑ needs a reason (e)", style="bold red", end="")
            elif row.lacks_countermeasure:
                note = Text.assemble(
                    user_cell(reason, limit=40), (" ⚑ needs a countermeasure (a)", "bold red")
                )
            else:
                note = user_cell(reason, limit=60)
            name = user_cell(metric.name, limit=28)
            key = metric.id
            if dated and row.reading is not None:
                name.append(f" · {row.reading.date:%d %b}", style="bold")
                key = row.reading.id
            out.append(
                (
                    key,
                    [
                        Text(metric.category[:1], style="bold", end=""),
                        name,
                        Text(target_text(metric), end=""),
                        cell,
                        note,
                    ],
                )
            )
        return out

    def unsettled_text(self, reds: Iterable[OpenRed]) -> Content:
        items = list(reds)
        if not items:
            return Content.styled("✔ every red of the period has a reason and a countermeasure", "$success")
        parts = []
        for red in items:
            missing = " and ".join(
                w
                for w, m in (("reason", red.lacks_reason), ("countermeasure", red.lacks_countermeasure))
                if m
            )
            parts.append(f"{clip(red.metric_name, 24)} {red.reading.date:%d %b} needs a {missing}")
        return Content.assemble(
            Content.styled(
                f"⚑ {len(items)} red{'s' if len(items) > 1 else ''} to settle before the end: ", "bold $error"
            ),
            user_text("; ".join(parts), limit=400),
        )

    def action_rows(self, rows: Iterable[ActionRow]) -> list[Row]:
        today = self.today
        out: list[Row] = []
        for row in rows:
            action = row.action
            if ActionStatus(action.status) is not ActionStatus.OPEN:
                continue
            due = due_text(action.due, today)
            out.append(
                (
                    action.id,
                    [
                        Text(
                            f"! {due}" if row.overdue else due,
                            style="bold white on red" if row.overdue else "",
                            end="",
                        ),
                        user_cell(action.title, limit=120),
                        user_cell(row.owner, limit=20),
                        Text(action.source_kind or "", style="dim", end=""),
                    ],
                )
            )
        return out

    def open_ideas(self, rows: Iterable[IdeaRow]) -> list[IdeaRow]:
        order = {IdeaStatus.NEW: 0, IdeaStatus.UNDER_REVIEW: 1}
        open_rows = [r for r in rows if not IdeaStatus(r.idea.status).is_ending]
        return sorted(open_rows, key=lambda r: (order.get(IdeaStatus(r.idea.status), 2), -r.age_hours))

    def idea_rows(self, rows: Iterable[IdeaRow]) -> list[Row]:
        out: list[Row] = []
        for row in self.open_ideas(rows):
            idea = row.idea
            age = hours_text(row.age_hours)
            out.append(
                (
                    idea.id,
                    [
                        Text(f"! {age}", style="bold white on red", end="")
                        if row.answer_overdue
                        else Text(age, end=""),
                        Text(IdeaStatus(idea.status).label, end=""),
                        user_cell(idea.title, limit=120),
                        user_cell(row.submitter, limit=20),
                        Text(row.pick.value.capitalize() if row.pick else "–", end=""),
                    ],
                )
            )
        return out

    @staticmethod
    def escalations_of(board: TeamBoard) -> list[EscalationRow]:
        rows = list(board.escalations_in) + list(board.escalations_out)
        return sorted(
            rows,
            key=lambda r: (
                r.direction != "in" and EscalationState(r.escalation.state) is not EscalationState.ANSWERED,
                not r.overdue,
                Severity(r.escalation.severity).rank,
                r.escalation.id,
            ),
        )

    def escalation_rows(self, rows: Iterable[EscalationRow]) -> list[Row]:
        out: list[Row] = []
        for row in rows:
            esc = row.escalation
            severity = Severity(esc.severity).value
            state = EscalationState(esc.state)
            if state is EscalationState.ANSWERED:
                left = Text("answered", style="bold green", end="")
            elif row.overdue:
                left = Text(f"{hours_text(row.overdue_hours)} over", style="bold white on red", end="")
            else:
                left = Text(f"{hours_text(row.hours_left)} left", end="")
            out.append(
                (
                    esc.id,
                    [
                        Text("←" if row.direction == "in" else "→", style="bold", end=""),
                        Text(SEVERITY_SHORT.get(severity, severity), end=""),
                        user_cell(esc.title, limit=120),
                        user_cell(row.holder_team, limit=20),
                        left,
                    ],
                )
            )
        return out

    def roster_rows(self, view: HuddleView) -> list[Row]:
        present = set(self.huddle.attendees) if self.huddle else set()
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
        for index, guest in enumerate(self.huddle.guests if self.huddle else ()):
            rows.append(
                (f"guest-{index}", [Text("+", style="bold", end=""), user_cell(f"{guest} (guest)", limit=40)])
            )
        return rows

    # -- keys ---------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITE_ACTIONS and self.huddle_app.read_only:
            return False
        steps = STEP_ACTIONS.get(action)
        return not (action in STEP_ACTIONS and steps is not None and self.pane not in steps)

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
            "escalations": self.escalations_of(data.yesterday),
        }[pane]
        attr = {"results": "metric", "actions": "action", "ideas": "idea", "escalations": "escalation"}[pane]
        return next((row for row in found if getattr(row, attr).id == key), None)

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
            self.huddle = _with_spent(self.huddle, spent)
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

    # -- attendance ---------------------------------------------------------------------------------------

    def action_present(self) -> None:
        huddle = self.huddle
        key = self.table("roster").current_key
        if huddle is None or key is None or key.startswith("guest-"):
            return
        here = key not in huddle.attendees
        attendees = (*huddle.attendees, key) if here else tuple(a for a in huddle.attendees if a != key)
        self.huddle = _with_attendees(huddle, attendees)
        if self.data is not None:
            self.table("roster").set_rows(self.roster_rows(self.data.view))
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

    # -- writes inside a step -----------------------------------------------------------------------------

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

    # -- ending -------------------------------------------------------------------------------------------

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


def _with_spent(huddle: Huddle, spent: dict[str, float]) -> Huddle:
    return replace(huddle, step_seconds=spent)


def _with_attendees(huddle: Huddle, attendees: tuple[str, ...]) -> Huddle:
    return replace(huddle, attendees=attendees)
