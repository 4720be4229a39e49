"""Build the demo board from a seed, through the services, with an injected clock.

`generate(path, size="team")` makes the Riverside plant of `story`: 14 teams over three tiers, people in
every role, SQDCP metrics that feed the area and plant metrics, objectives, 90 days of readings with red
streaks carrying reasons and countermeasure actions (the reds of the last days partly still without
one), ideas in every status, escalations that travelled up, sideways and down (some overdue), open,
overdue and done actions, and yesterday's huddle minutes for five teams.

Every write goes through a use case of `huddle_tui.services` acting as the story's people (the OS login
is made the board's admin and acts `--as` them), so the permission rules and the domain rules hold on the
demo board exactly as they do for users. Readings go through `services.bulk.log_readings`, which applies
the rules of `log_reading` to a whole batch. The clock the services see is a `DemoClock` that the
generator moves along the story, so "today" is `now` (default: the real time) and the same seed and `now`
give the same board content (record ids are random: the store makes them).

`size="plant"` builds the benchmark-scale board instead (see `plant.py`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from huddle_tui.demo import series
from huddle_tui.demo.story import RIVERSIDE, SAFETY_AMBER, SAFETY_RED, MetricSpec, RedCause, Story, TeamSpec
from huddle_tui.domain import boardtime
from huddle_tui.domain.actions import ActionStatus
from huddle_tui.domain.escalations import MoveKind
from huddle_tui.domain.ideas import IdeaStatus
from huddle_tui.domain.metrics import Metric, Status, reading_id, reading_status
from huddle_tui.domain.teams import Person, Role, Team
from huddle_tui.errors import InvalidInput
from huddle_tui.services import actions, escalations, huddles, ideas, objectives, setup
from huddle_tui.services.bulk import ReadingEntry, log_readings
from huddle_tui.services.session import Session, current_os_login, open_session

SIZES = ("team", "plant")
DEFAULT_SEED = 42
DEMO_PIN = "2468"  # the PIN of the last team's supervisor at the shop-floor terminal of the demo board


class ProgressSink(Protocol):
    """Where long work reports how far it is (the CLI shows a rich progress bar on a terminal)."""

    def stage(self, name: str, total: int) -> None: ...

    def advance(self, amount: int = 1) -> None: ...


class _NoProgress:
    def stage(self, name: str, total: int) -> None:
        del name, total

    def advance(self, amount: int = 1) -> None:
        del amount


class DemoClock:
    """The clock the services read (`Session.now`): set by the generator, never later than `limit`."""

    def __init__(self, limit: datetime) -> None:
        self.limit = limit
        self.current = limit

    def __call__(self) -> datetime:
        return self.current

    def set(self, when: datetime) -> datetime:
        self.current = min(when, self.limit)
        return self.current


@dataclass
class DemoResult:
    """What was generated, where, and how long it took."""

    path: Path
    size: str
    seed: int
    today: date
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    replicas: int = 1
    admin_login: str = ""


def generate(
    path: Path | str,
    *,
    size: str = "team",
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
    os_login: str | None = None,
    progress: ProgressSink | None = None,
    scale: float = 1.0,
    story: Story = RIVERSIDE,
) -> DemoResult:
    """Generate the demo board of `size` in the folder `path` (created; it should be empty).

    `now` (UTC aware; default the real time) is "now" on the board; `os_login` (default the OS login) is
    made an admin of the board. `scale` shrinks the plant size for tests (1.0: the full benchmark board).
    """
    if size not in SIZES:
        raise InvalidInput(f"Unknown demo size '{size}'.", hint=f"use one of {', '.join(SIZES)}")
    started = time.perf_counter()
    now = (now or datetime.now(UTC)).astimezone(UTC)
    login = os_login or current_os_login()
    sink = progress or _NoProgress()
    board_path = Path(path)
    if size == "plant":
        from huddle_tui.demo.plant import generate_plant

        result = generate_plant(board_path, seed=seed, now=now, os_login=login, progress=sink, scale=scale)
    else:
        result = TeamDemo(board_path, story=story, seed=seed, now=now, os_login=login, progress=sink).run()
    result.seconds = time.perf_counter() - started
    return result


def local_time(day: date, hour: int, minute: int, tz: str) -> datetime:
    """The UTC instant of `day` at hour:minute on the board's wall clock."""
    return datetime.combine(day, clock_time(hour, minute), tzinfo=ZoneInfo(tz)).astimezone(UTC)


# What a supervisor writes at the intermediate steps of an idea's path (the last step has the story's reason).
INTERIM_REASONS: dict[IdeaStatus, str] = {
    IdeaStatus.UNDER_REVIEW: "Thanks {name}, we are looking into it and come back to you this week.",
    IdeaStatus.APPROVED: "Approved, {name}: go ahead, we plan the details with you at the huddle.",
    IdeaStatus.IN_PROGRESS: "Work has started, {name}; we show the progress at the huddle.",
}


@dataclass
class _RedGroup:
    """Red days with one cause (a streak, or a single red day) and their one countermeasure action."""

    team: str
    metric_key: str
    cause: RedCause
    days: list[date] = field(default_factory=list)
    action_id: str | None = None


@dataclass(frozen=True)
class _Day:
    team: str
    spec: MetricSpec
    day: date
    value: float
    status: Status
    reason: str
    group: _RedGroup | None
    entered_by: str


class TeamDemo:
    """The team-size demo board (see the module docstring); `run()` builds it."""

    def __init__(
        self,
        path: Path,
        *,
        story: Story,
        seed: int,
        now: datetime,
        os_login: str,
        progress: ProgressSink,
    ) -> None:
        self.path = path
        self.story = story
        self.seed = seed
        self.now = now
        self.os_login = os_login
        self.progress = progress
        self.rng = random.Random(seed)
        self.clock = DemoClock(now)
        self.tz = story.timezone
        self.session: Session
        self.today: date = now.date()
        self.huddle_day: date = self.today
        self.pre_day: date = self.today
        self.teams: dict[str, Team] = {}
        self.specs: dict[str, TeamSpec] = {t.key: t for t in story.teams}
        self.people: dict[str, Person] = {}  # story login -> person
        self.by_team: dict[str, list[Person]] = {}
        self.metrics: dict[tuple[str, str], Metric] = {}
        self.sessions: dict[str, Session] = {}
        self.days: dict[tuple[str, str], list[_Day]] = {}
        self.groups: list[_RedGroup] = []

    # -- helpers ---------------------------------------------------------------------------------------
    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return self.clock.set(local_time(day, hour, minute, self.tz))

    def as_person(self, person: Person) -> Session:
        session = self.sessions.get(person.id)
        if session is None:
            session = self.session.acting_as(person.login)
            self.sessions[person.id] = session
        session.settings = self.session.settings
        return session

    def lead(self, team_key: str) -> Person:
        """The supervisor of a front-line team, the manager of an area, function or the plant."""
        wanted = Role.SUPERVISOR if self.specs[team_key].tier == 1 else Role.MANAGER
        return next(p for p in self.by_team[team_key] if p.role == wanted)

    def members(self, team_key: str) -> list[Person]:
        return [p for p in self.by_team[team_key] if p.role in (Role.IC, Role.SUPERVISOR)]

    def ics(self, team_key: str) -> list[Person]:
        return [p for p in self.by_team[team_key] if p.role == Role.IC] or self.members(team_key)

    def workday_before(self, day: date) -> date:
        day -= timedelta(days=1)
        while not series.is_workday(day):
            day -= timedelta(days=1)
        return day

    # -- the story -------------------------------------------------------------------------------------
    def run(self) -> DemoResult:
        try:
            return self._run()
        finally:
            opened = getattr(self, "session", None)
            if opened is not None:
                opened.close()

    def _run(self) -> DemoResult:
        self.progress.stage("Teams, people and metrics", 4)
        self.setup()
        self.progress.stage("Simulating 90 days", 1)
        self.simulate()
        self.progress.advance()
        self.progress.stage("Readings, ideas, escalations, huddles", 7)
        self.log_history()
        self.submit_ideas()
        self.progress.advance()
        self.raise_escalations()
        self.progress.advance()
        self.hold_huddles()
        self.progress.advance()
        self.log_recent()
        self.complete_actions()
        self.progress.advance()
        self.clock.set(self.now)
        return DemoResult(
            path=self.path,
            size="team",
            seed=self.seed,
            today=self.today,
            seconds=0.0,
            counts=count_records(self.session),
            admin_login=self.os_login,
        )

    def setup(self) -> None:
        self.clock.set(self.now - timedelta(days=120))
        session = open_session(self.path, os_login=self.os_login, now=self.clock, create=True)
        setup.init_board(session, self.story.name, timezone=self.story.timezone, admin_name="Demo admin")
        self.session = session
        self.today = boardtime.production_day(self.now, session.settings)
        self.huddle_day = self.workday_before(self.today)  # "yesterday's huddle" (the last workday's)
        self.pre_day = self.huddle_day - timedelta(days=1)
        for spec in self.story.teams:
            parent = self.teams[spec.parent].id if spec.parent else None
            self.teams[spec.key] = setup.add_team(session, spec.name, parent=parent, tier=spec.tier)
        self.progress.advance()
        taken = {self.os_login.casefold()}
        for spec in self.story.people:
            login = spec.login if spec.login.casefold() not in taken else f"{spec.login}-demo"
            taken.add(login.casefold())
            # One supervisor has a PIN, to show entering an elevated person at a shop-floor terminal.
            pin = DEMO_PIN if spec.role == Role.SUPERVISOR and spec.team == self.story.teams[-1].key else None
            person = setup.add_person(
                session, spec.name, login=login, role=spec.role, team=self.teams[spec.team].id, pin=pin
            )
            self.people[spec.login] = person
            self.by_team.setdefault(spec.team, []).append(person)
        self.progress.advance()
        for spec in self.story.teams:
            parent_key = spec.parent
            for mspec in self.story.metrics[spec.kind]:
                feeds = None
                if parent_key is not None:
                    fed = self.metrics.get((parent_key, self.story.feeds.get(mspec.key, "")))
                    feeds = fed.id if fed else None
                self.metrics[(spec.key, mspec.key)] = setup.add_metric(
                    session,
                    mspec.name,
                    team=self.teams[spec.key].id,
                    category=mspec.category,
                    target=mspec.target,
                    better=mspec.better,
                    unit=mspec.unit,
                    warn=mspec.warn,
                    feeds=feeds,
                    safety_cross=mspec.safety_cross,
                )
        self.progress.advance()
        self.clock.set(self.now - timedelta(days=100))
        for objective in self.story.objectives:
            ids = [self.metrics[(objective.team, key)].id for key in objective.metrics]
            objectives.add_objective(
                self.as_person(self.lead(objective.team)),
                objective.text,
                team=self.teams[objective.team].id,
                metrics=ids,
            )
        self.progress.advance()

    def simulate(self) -> None:
        """Draw 90 days of values for every front-line team and function, then roll them up."""
        all_days = [self.today - timedelta(days=n) for n in range(90, 0, -1)]
        leaves = [t for t in self.story.teams if t.kind not in ("plant", "area")]
        for team in leaves:
            form = series.series_rng(self.seed, team.key, "form").uniform(0.8, 1.3)
            for mspec in self.story.metrics[team.kind]:
                causes = self.story.causes.get(mspec.key, ())
                rng = series.series_rng(self.seed, team.key, mspec.key)
                points = series.daily_series(
                    mspec, series.metric_days(mspec, all_days), rng, n_causes=len(causes), form=form
                )
                points = self._force_reds(team.key, mspec, points)
                self.days[(team.key, mspec.key)] = self._classify(team.key, mspec, points, causes, rng)
        for tier in (2, 3):
            for team in (t for t in self.story.teams if t.tier == tier and t.kind in ("area", "plant")):
                for mspec in self.story.metrics[team.kind]:
                    self.days[(team.key, mspec.key)] = self._roll_up(team, mspec)

    def _force_reds(self, team: str, spec: MetricSpec, points: list[series.Point]) -> list[series.Point]:
        """Put the story's forced red days into a series (each its own one-day streak)."""
        wanted = {
            self.huddle_day - timedelta(days=f.days_back): f
            for f in self.story.forced_reds
            if f.team == team and f.metric == spec.key
        }
        if not wanted:
            return points
        out = []
        for point in points:
            forced = wanted.get(point.day)
            if forced is not None:
                point = series.Point(point.day, series.red_value(spec), 1000 + forced.days_back, forced.cause)
            out.append(point)
        return out

    def _classify(
        self,
        team: str,
        spec: MetricSpec,
        points: Sequence[series.Point],
        causes: Sequence[RedCause],
        rng: random.Random,
    ) -> list[_Day]:
        metric = self.metrics[(team, spec.key)]
        out: list[_Day] = []
        streak_groups: dict[int, _RedGroup] = {}
        people = self.ics(team)
        for point in points:
            status = reading_status(metric, point.value)
            reason = ""
            group: _RedGroup | None = None
            if spec.safety_cross and point.value >= 1:
                cause = rng.choice(SAFETY_RED if status is Status.RED else SAFETY_AMBER)
                reason = cause.reason
                if status is Status.RED:
                    group = _RedGroup(team, spec.key, cause, [point.day])
            elif status is Status.RED and causes:
                if point.streak is not None and point.cause is not None:
                    group = streak_groups.get(point.streak)
                    if group is None:
                        group = _RedGroup(team, spec.key, causes[point.cause])
                        streak_groups[point.streak] = group
                    group.days.append(point.day)
                else:
                    group = _RedGroup(team, spec.key, rng.choice(causes), [point.day])
                reason = group.cause.reason
            elif status is Status.AMBER and causes and point.cause is not None:
                reason = f"Watch: {causes[point.cause].reason[:1].lower()}{causes[point.cause].reason[1:]}"
            if group is not None and len(group.days) == 1 and group.days[0] == point.day:
                self.groups.append(group)
            out.append(_Day(team, spec, point.day, point.value, status, reason, group, rng.choice(people).id))
        return out

    def _roll_up(self, team: TeamSpec, spec: MetricSpec) -> list[_Day]:
        """An area's (or the plant's) day values from the teams below it that feed it."""
        metric = self.metrics[(team.key, spec.key)]
        children = [t for t in self.story.teams if t.parent == team.key and (t.key, spec.key) in self.days]
        by_day: dict[date, list[_Day]] = {}
        for child in children:
            for entry in self.days[(child.key, spec.key)]:
                by_day.setdefault(entry.day, []).append(entry)
        out: list[_Day] = []
        entered_by = self.lead(team.key).id
        for day in sorted(by_day):
            entries = by_day[day]
            values = [e.value for e in entries]
            if spec.key == "safety":
                value = max(values)
            elif spec.key == "scrap":
                value = round(sum(values))
            else:
                value = round(sum(values) / len(values), spec.decimals)
            status = reading_status(metric, value)
            reason = ""
            group = None
            worst = [e for e in entries if e.status is Status.RED] or [
                e for e in entries if e.status is Status.AMBER
            ]
            if status is not Status.GREEN and worst:
                names = ", ".join(sorted({self.teams[e.team].name for e in worst}))
                source = next((e for e in worst if e.reason), None)
                reason = f"From {names}" + (f": {source.reason}" if source else "")
                group = next((e.group for e in worst if e.group is not None), None)
            elif status is Status.RED:
                reason = "Several teams below target, none red on its own"
            out.append(_Day(team.key, spec, day, value + 0.0, status, reason, group, entered_by))
        return out

    # -- readings and countermeasures ------------------------------------------------------------------
    def _entries(self, days: Sequence[_Day]) -> list[ReadingEntry]:
        entries = []
        for d in days:
            jitter = series.series_rng(self.seed, d.team, d.spec.key, d.day.isoformat()).randint(0, 50)
            entries.append(
                ReadingEntry(
                    metric_id=self.metrics[(d.team, d.spec.key)].id,
                    day=d.day,
                    value=d.value,
                    reason=d.reason,
                    action_id=d.group.action_id if d.group is not None else None,
                    entered_by=d.entered_by,
                    entered_at=local_time(d.day, 15, 30 + jitter % 30, self.tz),
                )
            )
        return entries

    def _log(self, entries: list[ReadingEntry]) -> None:
        self.clock.set(self.now)  # readings are logged "now" (entered_at carries when each was typed)
        log_readings(self.session, entries)

    def _all_days(self, predicate: Callable[[_Day], bool]) -> list[_Day]:
        return [d for days in self.days.values() for d in days if predicate(d)]

    def _is_leaf(self, team_key: str) -> bool:
        return self.specs[team_key].tier == 1 or self.specs[team_key].kind == "function"

    @staticmethod
    def _starts_group(d: _Day) -> bool:
        """The first red day of a streak (the reading its countermeasure is added from)."""
        return d.group is not None and d.group.days[0] == d.day

    def log_history(self) -> None:
        """Readings before the last huddle day, and the countermeasures written in each next huddle.

        The reds of the day before the huddle day get their countermeasure in that huddle (`hold_huddles`),
        so only the teams that held one have it; the other teams' reds of that day show the flag.
        """
        self.clock.set(self.now)
        cut, pre = self.huddle_day, self.pre_day
        # 1. The first red day of each red streak (small month files while the actions attach to them).
        self._log(
            self._entries(
                self._all_days(lambda d: d.day < cut and self._is_leaf(d.team) and self._starts_group(d))
            )
        )
        self.progress.advance()
        # 2. Countermeasures, written in the huddle after each streak's first red day.
        for group in self.groups:
            if group.days[0] < pre:
                self._countermeasure(group, self.workday_after(group.days[0]), hour=8, minute=10)
        self.progress.advance()
        # 3. Every other reading before the huddle day; streak days and roll-ups share the team's action.
        self._log(
            self._entries(
                self._all_days(
                    lambda d: (
                        (d.day < pre and not self._is_leaf(d.team))
                        or (d.day < cut and self._is_leaf(d.team) and not self._starts_group(d))
                    )
                )
            )
        )
        self.progress.advance()

    def workday_after(self, day: date) -> date:
        day += timedelta(days=1)
        while not series.is_workday(day):
            day += timedelta(days=1)
        return day

    def _countermeasure(self, group: _RedGroup, day: date, *, hour: int, minute: int) -> None:
        team = group.team
        rng = series.series_rng(self.seed, "action", team, group.metric_key, group.days[0].isoformat())
        self.at(day, hour, minute)
        owner = rng.choice(self.members(team))
        due = day + timedelta(days=rng.randint(2, 9))
        action = actions.add_action(
            self.as_person(self.lead(team)),
            group.cause.countermeasure,
            team=self.teams[team].id,
            owner=owner.id,
            due=due,
            source=reading_id(self.metrics[(team, group.metric_key)].id, group.days[0], None),
        )
        group.action_id = action.id

    def complete_actions(self) -> None:
        """Most actions get done, some late, some not yet: the overdue ones show on the board."""
        session = self.session
        done: list[tuple[datetime, str, Person]] = []
        for action in actions.list_actions(session):
            if action.status != ActionStatus.OPEN:
                continue
            rng = series.series_rng(self.seed, "done", action.title, action.due.isoformat())
            owner = session.directory.person_by_id(action.owner_id)
            if owner is None:
                continue
            created = action.created_at
            if action.due < self.today:
                if rng.random() < 0.8:
                    span = max(1.0, (action.due - created.date()).days + 2.0)
                    done.append((created + timedelta(days=rng.uniform(0.3, span)), action.id, owner))
            elif rng.random() < 0.3:
                done.append((created + timedelta(days=rng.uniform(0.2, 1.5)), action.id, owner))
        for finish, action_id, owner in sorted(done, key=lambda item: (item[0], item[1])):
            if finish >= self.now - timedelta(hours=1):
                continue
            self.clock.set(finish)
            actions.complete_action(self.as_person(owner), action_id)

    # -- ideas -----------------------------------------------------------------------------------------
    def submit_ideas(self) -> None:
        """Each idea of the story, submitted by one of the team's people and decided along its path."""
        for spec in self.story.ideas:
            rng = series.series_rng(self.seed, "idea", spec.title)
            submitter = rng.choice(self.ics(spec.team))
            submitted = self.now - timedelta(days=spec.days_ago)
            self.clock.set(submitted)
            idea = ideas.submit_idea(
                self.as_person(submitter),
                spec.title,
                team=self.teams[spec.team].id,
                detail=spec.detail,
                impact=spec.impact,
                effort=spec.effort,
            )
            path = idea_path(spec.status)
            if not path:
                continue
            decider = self.lead(spec.team)
            if spec.effort.value == "high" and spec.status in (IdeaStatus.PARKED, IdeaStatus.IN_PROGRESS):
                decider = self.lead(self.specs[spec.team].parent or spec.team)
            age = self.now - submitted
            when = submitted + min(timedelta(hours=rng.uniform(3, 60)), age * 0.4)
            gap = (self.now - when) * rng.uniform(0.3, 0.8) / len(path)
            action_id: str | None = None
            for number, status in enumerate(path):
                self.clock.set(when)
                last = number == len(path) - 1
                reason = (
                    spec.reason if last else INTERIM_REASONS[status].format(name=submitter.name.split()[0])
                )
                ideas.decide_idea(self.as_person(decider), idea.id, status, reason)
                if status is IdeaStatus.APPROVED:
                    self.clock.set(when + timedelta(minutes=5))
                    action_id = actions.add_action(
                        self.as_person(decider),
                        f"Put in place: {spec.title}",
                        team=self.teams[spec.team].id,
                        owner=submitter.id,
                        due=(when + timedelta(days=rng.randint(7, 21))).date(),
                        source=idea.id,
                    ).id
                if status is IdeaStatus.IMPLEMENTED and action_id is not None:
                    actions.complete_action(self.as_person(submitter), action_id)
                when += gap

    # -- escalations -----------------------------------------------------------------------------------
    def raise_escalations(self) -> None:
        for spec in self.story.escalations:
            rng = series.series_rng(self.seed, "escalation", spec.title)
            raiser = self.lead(spec.team) if rng.random() < 0.7 else rng.choice(self.ics(spec.team))
            raised = self.now - timedelta(hours=spec.hours_ago)
            self.clock.set(raised)
            needed_by = raised + timedelta(hours=spec.needed_in_hours) if spec.needed_in_hours else None
            esc = escalations.raise_escalation(
                self.as_person(raiser),
                spec.title,
                team=self.teams[spec.team].id,
                severity=spec.severity,
                need=spec.need,
                needed_by=needed_by,
            )
            holder = esc.holder_team
            when = raised
            for step in spec.steps:
                when += timedelta(hours=step.hours)
                if when >= self.now:
                    break
                self.clock.set(when)
                holder_key = next(k for k, t in self.teams.items() if t.id == holder)
                acting = self.as_person(self.lead(holder_key))
                if step.kind is MoveKind.ACKNOWLEDGED:
                    esc = escalations.acknowledge(acting, esc.id, step.text)
                elif step.kind is MoveKind.ANSWERED:
                    esc = escalations.answer(acting, esc.id, step.text)
                elif step.kind is MoveKind.UP:
                    esc = escalations.escalate_up(acting, esc.id, step.text)
                elif step.kind is MoveKind.SIDEWAYS:
                    esc = escalations.pass_sideways(acting, esc.id, self.teams[step.to or ""].id, step.text)
                elif step.kind is MoveKind.DOWN:
                    esc = escalations.return_down(acting, esc.id, step.text)
                elif step.kind is MoveKind.CLOSED:
                    esc = escalations.close(self.as_person(raiser), esc.id, step.text)
                holder = esc.holder_team

    # -- huddles ---------------------------------------------------------------------------------------
    def hold_huddles(self) -> None:
        """The last workday's huddles: attendance, step timings, the day before's countermeasures, minutes."""
        day, pre = self.huddle_day, self.pre_day
        for spec in self.story.huddles:
            rng = series.series_rng(self.seed, "huddle", spec.team)
            lead = self.as_person(self.lead(spec.team))
            start = local_time(day, 8, 0, self.tz)
            self.clock.set(start)
            huddle = huddles.start_huddle(lead, self.teams[spec.team].id, day=day)
            present = [p.id for p in self.members(spec.team)]
            rng.shuffle(present)
            huddles.set_attendance(lead, huddle.id, present[: max(1, len(present) - spec.absent)])
            minutes = 0.0
            for step in self.session.settings.agenda:
                seconds = round(step.minutes * 60 * spec.overrun * rng.uniform(0.8, 1.15), 1)
                if step.key == "results":
                    for group in self.groups:
                        if group.team == spec.team and group.days[0] == pre:
                            self._countermeasure(group, day, hour=8, minute=int(minutes) + 1)
                minutes += seconds / 60
                self.clock.set(start + timedelta(minutes=minutes))
                huddles.record_step(lead, huddle.id, step.key, seconds)
            for decision in spec.decisions:
                huddles.add_decision(lead, huddle.id, decision)
            huddles.set_notes(lead, huddle.id, spec.notes)
            self.clock.set(start + timedelta(minutes=minutes + 0.5))
            huddles.end_huddle(lead, huddle.id)

    def log_recent(self) -> None:
        """The day-before-huddle roll-ups and every reading since (reds wait for today's huddle)."""
        self.clock.set(self.now)
        self._log(
            self._entries(
                self._all_days(
                    lambda d: (
                        d.day >= self.huddle_day or (d.day == self.pre_day and not self._is_leaf(d.team))
                    )
                )
            ),
        )


def idea_path(status: IdeaStatus) -> list[IdeaStatus]:
    """The decisions that bring a new idea to `status`."""
    s = IdeaStatus
    return {
        s.UNDER_REVIEW: [s.UNDER_REVIEW],
        s.APPROVED: [s.APPROVED],
        s.IN_PROGRESS: [s.APPROVED, s.IN_PROGRESS],
        s.IMPLEMENTED: [s.APPROVED, s.IN_PROGRESS, s.IMPLEMENTED],
        s.REJECTED: [s.UNDER_REVIEW, s.REJECTED],
        s.PARKED: [s.UNDER_REVIEW, s.PARKED],
    }.get(status, [])


def count_records(session: Session) -> dict[str, int]:
    """How many records of each kind the board holds (readings over every month)."""
    board = session.board
    counts = {kind: len(board.all(kind)) for kind in ("team", "person", "metric", "idea", "escalation")}
    counts["escalation_move"] = len(board.all("escalation_move"))
    counts["action"] = len(board.all("action"))
    counts["huddle"] = len(board.all("huddle"))
    counts["objective"] = len(board.all("objective"))
    counts["reading"] = len(board.all("reading", partitions=board.partitions("reading")))
    return counts
