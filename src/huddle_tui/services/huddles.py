"""The daily huddle: start it, tick attendance, time the agenda steps, note decisions, end it.

A team has one huddle per production day (its id is derived from team and day, so two terminals
starting it edit one record). Running the huddle is a supervisor's job (or a manager above the team, or
an admin). The huddle cannot end while a red reading of the period it reviews lacks a reason or a
countermeasure: the refusal lists each one with the command that fixes it. The period runs from the day
of the team's previous huddle (at most a week back; the day before when there is none) to the huddle day.
On ending, the minutes collect the actions and escalations raised and the ideas decided while it ran.

A running huddle also stores where it is (`move_to_step`: the current agenda step and when it was
reached, kept as two extra fields of the huddle record), so a second terminal joining it sees the step;
the time per step is counted from these stored moves (and the end), whichever terminal made them.
The end may be forced past reds that lack only a countermeasure (`accept_missing_countermeasures`,
after the supervisor confirmed it); the minutes then name each of them. A missing reason always refuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from huddle_tui.domain.actions import Action
from huddle_tui.domain.escalations import Escalation
from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.ideas import Idea
from huddle_tui.domain.metrics import Reading, lacks_countermeasure, lacks_reason
from huddle_tui.domain.records import changed_fields, iso_datetime, parse_datetime
from huddle_tui.domain.settings import AgendaStep
from huddle_tui.domain.teams import Team
from huddle_tui.domain.text import MAX_TEXT, optional_text, required_text
from huddle_tui.errors import InvalidInput, NotFound
from huddle_tui.services import guard, persist, readings
from huddle_tui.services.session import Session

MAX_LOOKBACK_DAYS = 7
STEP_FIELD = "current_step"  # extra fields of a running huddle's record (see the module docstring)
STEP_SINCE_FIELD = "step_started_at"


@dataclass(frozen=True)
class HuddleProgress:
    """Where a running huddle is: the agenda step on screen and when it was reached."""

    step: str
    since: datetime


@dataclass(frozen=True)
class OpenRed:
    """A red reading of the huddle's period that still lacks a reason or a countermeasure."""

    reading: Reading
    metric_name: str
    lacks_reason: bool
    lacks_countermeasure: bool


def huddle_id(team_id: str, day: date) -> str:
    return f"{team_id}-{day:%Y%m%d}"


def agenda_for(session: Session, team: Team) -> tuple[AgendaStep, ...]:
    """The board's agenda with the team's own timeboxes applied."""
    own = team.agenda_minutes or {}
    return tuple(replace(step, minutes=own.get(step.key, step.minutes)) for step in session.settings.agenda)


def find_huddle(session: Session, ref: str) -> Huddle:
    return persist.find(session, Huddle, ref)


def huddle_of(session: Session, team: str, day: date | None = None) -> Huddle | None:
    team_obj = session.directory.team(team)
    return persist.load(session, Huddle, huddle_id(team_obj.id, day or readings.today(session)))


def start_huddle(session: Session, team: str, *, day: date | None = None) -> Huddle:
    """Start (or rejoin) the team's huddle of `day` (default: the production day)."""
    team_obj = session.directory.team(team)
    actor = guard.require(session, guard.Permission.DECIDE, team_obj.id, "Running the huddle")
    day = day or readings.today(session)
    existing = persist.load(session, Huddle, huddle_id(team_obj.id, day))
    if existing is not None:
        if existing.ended_at is not None:
            raise InvalidInput(
                f"The huddle of {team_obj.name} on {day.isoformat()} has already ended.",
                hint="its minutes are in 'huddle export --format md'",
            )
        return existing
    huddle = Huddle(
        id=huddle_id(team_obj.id, day),
        team_id=team_obj.id,
        date=day,
        started_at=session.clock(),
        started_by=actor.id,
        step_seconds={},
    )
    persist.insert(session, huddle)
    return huddle


def _running(session: Session, ref: str, what: str) -> Huddle:
    huddle = find_huddle(session, ref)
    guard.require(session, guard.Permission.DECIDE, huddle.team_id, what)
    if huddle.ended_at is not None:
        raise InvalidInput("That huddle has already ended.", hint="start the next one")
    return huddle


def set_attendance(session: Session, ref: str, people: Sequence[str], *, present: bool = True) -> Huddle:
    """Tick people (names, logins or ids) as present, or untick them."""
    huddle = _running(session, ref, "Ticking attendance")
    ids = list(huddle.attendees)
    for person_ref in people:
        person = session.directory.person(person_ref)
        if present and person.id not in ids:
            ids.append(person.id)
        if not present and person.id in ids:
            ids.remove(person.id)
    return persist.update(session, huddle, replace(huddle, attendees=tuple(ids)))


def add_guest(session: Session, ref: str, name: str) -> Huddle:
    huddle = _running(session, ref, "Ticking attendance")
    guest = required_text(name, "Guest name", limit=80)
    if guest in huddle.guests:
        return huddle
    return persist.update(session, huddle, replace(huddle, guests=(*huddle.guests, guest)))


def record_step(session: Session, ref: str, step_key: str, seconds: float) -> Huddle:
    """Record the time spent on one agenda step (added to what was recorded before)."""
    huddle = _running(session, ref, "Running the huddle")
    known = {s.key for s in session.settings.agenda}
    if step_key not in known:
        raise InvalidInput(
            f"'{step_key}' is not an agenda step.", hint=f"steps are {', '.join(sorted(known))}"
        )
    if not seconds >= 0:
        raise InvalidInput("The time spent cannot be negative.")
    spent = dict(huddle.step_seconds or {})
    spent[step_key] = round(spent.get(step_key, 0.0) + float(seconds), 1)
    return persist.update(session, huddle, replace(huddle, step_seconds=spent))


def move_to_step(session: Session, ref: str, step_key: str) -> HuddleProgress:
    """Go to agenda step `step_key`; the time since the stored step was reached is added to that step.

    The stored step is the huddle's clock, whichever terminal moves it on: two terminals never count the
    same minutes twice. One write holds the new step and the time per step together.
    """
    huddle = _running(session, ref, "Running the huddle")
    known = {s.key for s in session.settings.agenda}
    if step_key not in known:
        raise InvalidInput(
            f"'{step_key}' is not an agenda step.", hint=f"steps are {', '.join(sorted(known))}"
        )
    now = session.clock()
    new = _with_running_step(session, huddle, now)
    fields = changed_fields(huddle, new)
    fields.update({STEP_FIELD: step_key, STEP_SINCE_FIELD: iso_datetime(now)})
    session.board.put(persist.kind_of(huddle), huddle.id, fields, actor=persist.actor_id(session))
    return HuddleProgress(step_key, now)


def _with_running_step(session: Session, huddle: Huddle, now: datetime) -> Huddle:
    """`huddle` with the time on its stored step (since it was reached, up to `now`) added."""
    progress = huddle_progress(session, huddle)
    if progress is None or progress.step not in {s.key for s in session.settings.agenda}:
        return huddle
    seconds = (now - progress.since).total_seconds()
    if seconds <= 0:
        return huddle
    spent = dict(huddle.step_seconds or {})
    spent[progress.step] = round(spent.get(progress.step, 0.0) + seconds, 1)
    return replace(huddle, step_seconds=spent)


def huddle_progress(session: Session, huddle: Huddle) -> HuddleProgress | None:
    """The step a running huddle is at (None before the first step was stored, or when unreadable)."""
    record = session.board.get(persist.kind_of(huddle), huddle.id)
    if record is None:
        return None
    step, since = record.fields.get(STEP_FIELD), record.fields.get(STEP_SINCE_FIELD)
    if not isinstance(step, str) or not isinstance(since, str):
        return None
    try:
        return HuddleProgress(step, parse_datetime(since))
    except ValueError:
        return None


def add_decision(session: Session, ref: str, text: str) -> Huddle:
    huddle = _running(session, ref, "Running the huddle")
    decision = required_text(text, "Decision", limit=2000, single_line=False)
    return persist.update(session, huddle, replace(huddle, decisions=(*huddle.decisions, decision)))


def set_notes(session: Session, ref: str, text: str) -> Huddle:
    huddle = _running(session, ref, "Running the huddle")
    return persist.update(
        session, huddle, replace(huddle, notes=optional_text(text, "Notes", limit=MAX_TEXT))
    )


def review_period(session: Session, huddle: Huddle) -> tuple[date, date]:
    """The days whose red readings this huddle must settle (see the module docstring)."""
    earlier = [
        h.date
        for h in persist.load_all(session, Huddle)
        if h.team_id == huddle.team_id and h.date < huddle.date and h.ended_at is not None
    ]
    start = huddle.date - timedelta(days=1)
    if earlier:
        start = max(max(earlier), huddle.date - timedelta(days=MAX_LOOKBACK_DAYS))
    return start, huddle.date


def open_reds(session: Session, team_id: str, start: date, end: date) -> list[OpenRed]:
    """Red readings of the team between `start` and `end` that lack a reason or a countermeasure."""
    metrics = {m.id: m for m in session.directory.metrics(team_id)}
    found: list[OpenRed] = []
    for reading in readings.readings_between(session, start, end, metric_ids=set(metrics)):
        metric = metrics[reading.metric_id]
        no_reason, no_action = lacks_reason(metric, reading), lacks_countermeasure(metric, reading)
        if no_reason or no_action:
            found.append(OpenRed(reading, metric.name, no_reason, no_action))
    return sorted(found, key=lambda r: (r.reading.date, r.metric_name, r.reading.shift or 0))


def end_huddle(session: Session, ref: str, *, accept_missing_countermeasures: bool = False) -> Huddle:
    """End the huddle and save its minutes; refused while a red of the period is not settled.

    With `accept_missing_countermeasures` (the supervisor confirmed it), reds that have a reason but
    no countermeasure yet do not block the end; the minutes list each of them as a decision.
    """
    huddle = _running(session, ref, "Ending the huddle")
    start, end = review_period(session, huddle)
    unsettled = open_reds(session, huddle.team_id, start, end)
    accepted: list[OpenRed] = []
    if accept_missing_countermeasures:
        accepted = [r for r in unsettled if not r.lacks_reason]
        unsettled = [r for r in unsettled if r.lacks_reason]
    if unsettled:
        lines = []
        for red in unsettled:
            missing = " and ".join(
                w
                for w, m in (("a reason", red.lacks_reason), ("a countermeasure", red.lacks_countermeasure))
                if m
            )
            fix = (
                "huddle log ... --reason TEXT"
                if red.lacks_reason and not red.lacks_countermeasure
                else readings.countermeasure_command(session, red.reading)
            )
            lines.append(f"{red.metric_name} on {red.reading.date.isoformat()} lacks {missing} ({fix})")
        raise InvalidInput(
            "The huddle cannot end while a red reading is not settled: " + "; ".join(lines) + ".",
            hint="every red needs a reason and a countermeasure action with an owner and a due date",
        )
    now = session.clock()
    stored, huddle = huddle, _with_running_step(session, huddle, now)  # + the step it ended on
    window = (huddle.started_at, now)
    notes = tuple(
        f"Ended without a countermeasure for {r.metric_name} on {r.reading.date.isoformat()} (red)"
        for r in accepted
    )
    new = replace(
        huddle,
        ended_at=now,
        decisions=(*huddle.decisions, *(n for n in notes if n not in huddle.decisions)),
        actions_created=tuple(
            a.id
            for a in persist.load_all(session, Action)
            if a.team_id == huddle.team_id and _within(a.created_at, window)
        ),
        escalations_raised=tuple(
            e.id
            for e in persist.load_all(session, Escalation)
            if e.raised_by_team == huddle.team_id and _within(e.raised_at, window)
        ),
        ideas_decided=tuple(
            i.id
            for i in persist.load_all(session, Idea)
            if i.team_id == huddle.team_id and i.status_changed_at and _within(i.status_changed_at, window)
        ),
    )
    return persist.update(session, stored, new)


def _within(at: datetime, window: tuple[datetime, datetime]) -> bool:
    return window[0] <= at <= window[1]


def list_huddles(session: Session, *, team: str | None = None) -> list[Huddle]:
    team_id = session.directory.team(team).id if team else None
    found = [h for h in persist.load_all(session, Huddle) if team_id is None or h.team_id == team_id]
    return sorted(found, key=lambda h: (h.date, h.team_id), reverse=True)


def require_huddle(session: Session, team: str, day: date) -> Huddle:
    huddle = huddle_of(session, team, day)
    if huddle is None:
        raise NotFound(f"No huddle of {team} on {day.isoformat()}.", hint="start it first")
    return huddle
