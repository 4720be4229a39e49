"""The plant-size demo board: the benchmark-scale board of the store (`huddle demo --size plant`).

At scale 1.0: a plant with 7 areas, 2 support functions and 50 front-line teams, written by 20 replicas
(each team's readings and records by the replica of its shop-floor terminal), 3 years of daily readings
of 8 metrics per team (50 x 8 x 1095 = 438,000) and about 20,000 other records: ideas in every status,
escalations with their paths, countermeasure and idea actions, comments and huddle minutes.

The directory (teams, people, metrics) and the history are loaded with `services.bulk` as the board's
admin: records are built through the domain rules (metric values validated, idea decisions through
`apply_decision`, escalation moves through `apply_move`, red readings with reasons) and written with one
locked write per file per batch, which is what makes the size reachable in well under a minute. Every
replica other than the first keeps its local state (identity, lock, backups) in a temporary folder; the
replica files themselves are ordinary replica folders on the board.

`scale` shrinks every dimension for tests (teams, days, replicas and other records).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import random
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from huddle_tui.demo import series
from huddle_tui.demo.generate import DemoClock, DemoResult, ProgressSink, idea_path, local_time
from huddle_tui.demo.story import (
    CAUSES,
    COMMENTS,
    ESCALATIONS,
    EXTRA_CAUSES,
    EXTRA_METRICS,
    FEEDS,
    FIRST_NAMES,
    IDEAS,
    LAST_NAMES,
    METRICS,
    PLANT_AREAS,
    PLANT_TEAM_WORDS,
    SAFETY_RED,
    TIMEZONE,
    MetricSpec,
    RedCause,
)
from huddle_tui.domain import boardtime
from huddle_tui.domain.actions import Action, ActionStatus
from huddle_tui.domain.comments import Comment
from huddle_tui.domain.escalations import Escalation, EscalationMove, MoveKind, apply_move
from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.ideas import Idea, IdeaStatus, Level, apply_decision
from huddle_tui.domain.metrics import (
    Metric,
    Status,
    month_partition,
    reading_id,
    reading_status,
    validate_metric_values,
)
from huddle_tui.domain.objectives import Objective
from huddle_tui.domain.settings import BoardSettings, Severity
from huddle_tui.domain.teams import Person, Role, Team
from huddle_tui.domain.text import required_text
from huddle_tui.services import persist, setup
from huddle_tui.services.bulk import ReadingEntry, insert_records, log_readings
from huddle_tui.services.directory import Directory
from huddle_tui.services.huddles import huddle_id
from huddle_tui.services.session import Session, open_session
from huddle_tui.store import Board, new_id

PLANT_NAME = "Riverside Works (benchmark)"
FULL_TEAMS = 50
FULL_DAYS = 3 * 365
FULL_REPLICAS = 20
FULL_OTHER = 20_000
IC_PER_TEAM = 6
HUDDLE_DAYS = 40  # days of huddle minutes per team at full scale
MAX_WORKERS = 8  # processes writing replicas at once
JOB_TIMEOUT = 600.0  # seconds a reading writer may take before the generation gives up
HISTORY_KINDS = ("action", "idea", "escalation", "escalation_move", "comment", "huddle")
PARALLEL_FROM = 100_000  # readings; below this one process is faster than starting more


@dataclass(frozen=True)
class PlantSize:
    """The dimensions of the board at one scale."""

    teams: int
    days: int
    replicas: int
    other: int

    @classmethod
    def at(cls, scale: float) -> PlantSize:
        scale = max(0.001, float(scale))
        return cls(
            teams=max(3, round(FULL_TEAMS * scale)),
            days=max(21, round(FULL_DAYS * scale)),
            replicas=max(2, min(FULL_REPLICAS, round(FULL_REPLICAS * scale))),
            other=max(200, round(FULL_OTHER * scale)),
        )


@dataclass
class _Unit:
    """A team of the plant board with its people and metrics (as records) and its replica."""

    team: Team
    kind: str
    replica: int
    supervisor: Person | None = None
    ics: list[Person] = field(default_factory=list)
    manager: Person | None = None
    metrics: dict[str, tuple[MetricSpec, Metric]] = field(default_factory=dict)


def generate_plant(
    path: Path, *, seed: int, now: datetime, os_login: str, progress: ProgressSink, scale: float = 1.0
) -> DemoResult:
    """Build the plant-size board in `path` (see the module docstring)."""
    return PlantDemo(path, seed=seed, now=now, os_login=os_login, progress=progress, scale=scale).run()


class PlantDemo:
    """Builds the plant-size board; `run()` does it."""

    def __init__(
        self, path: Path, *, seed: int, now: datetime, os_login: str, progress: ProgressSink, scale: float
    ) -> None:
        self.path = path
        self.seed = seed
        self.now = now
        self.os_login = os_login
        self.progress = progress
        self.size = PlantSize.at(scale)
        self.clock = DemoClock(now)
        self.settings = BoardSettings()
        self.today = now.date()
        self.units: list[_Unit] = []  # front-line teams
        self.areas: list[_Unit] = []
        self.functions: list[_Unit] = []
        self.plant: _Unit | None = None
        self.admin: Person | None = None
        self.counts: dict[str, int] = {}
        self._names = self._name_pool()

    # -- directory -------------------------------------------------------------------------------------
    def _name_pool(self) -> list[tuple[str, str]]:
        pairs = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
        random.Random(f"{self.seed}:names").shuffle(pairs)
        return pairs

    def _person(self, number: int, role: Role, team: Team) -> Person:
        first, last = self._names[number % len(self._names)]
        suffix = "" if number < len(self._names) else str(number // len(self._names) + 1)
        return Person(
            id=new_id(),
            name=required_text(f"{first} {last}{suffix}", "Name", limit=80),
            login=f"{first[0]}{last}{suffix}.{number}".lower(),
            role=role,
            team_id=team.id,
        )

    def _metric(self, spec: MetricSpec, team: Team, feeds: str | None) -> Metric:
        validate_metric_values(spec.target, spec.better, spec.warn)
        return Metric(
            id=new_id(),
            team_id=team.id,
            name=spec.name,
            category=spec.category,
            target=spec.target,
            better=spec.better,
            unit=spec.unit,
            warn=spec.warn,
            feeds=feeds,
            safety_cross=spec.safety_cross,
        )

    def build_directory(self, session: Session) -> None:
        """Teams, people, metrics and objectives, loaded in one bulk write as the admin."""
        size = self.size
        records: list[Any] = []
        people = 0

        def team(name: str, tier: int, parent: Team | None) -> Team:
            made = Team(
                id=new_id(),
                name=required_text(name, "Team name", limit=80),
                tier=tier,
                parent_id=parent.id if parent else None,
            )
            records.append(made)
            return made

        def metrics_of(unit: _Unit, specs: Sequence[MetricSpec], parent: _Unit | None) -> None:
            for spec in specs:
                fed = parent.metrics.get(FEEDS.get(spec.key, "")) if parent else None
                metric = self._metric(spec, unit.team, fed[1].id if fed else None)
                unit.metrics[spec.key] = (spec, metric)
                records.append(metric)

        def add_person(role: Role, unit: _Unit) -> Person:
            nonlocal people
            person = self._person(people, role, unit.team)
            people += 1
            records.append(person)
            return person

        plant = _Unit(team("Riverside Works", 3, None), "plant", 0)
        plant.manager = add_person(Role.MANAGER, plant)
        metrics_of(plant, METRICS["plant"], None)
        self.plant = plant
        n_areas = min(len(PLANT_AREAS), max(2, round(size.teams / 7)))
        for name in PLANT_AREAS[:n_areas]:
            area = _Unit(team(name, 2, plant.team), "area", 0)
            area.manager = add_person(Role.MANAGER, area)
            records.append(
                Person(id=new_id(), name=f"{name} terminal", login=f"kiosk-{name.lower().replace(' ', '-')}",
                       role=Role.KIOSK, team_id=area.team.id)
            )  # fmt: skip
            metrics_of(area, METRICS["area"], plant)
            self.areas.append(area)
        for name in ("Maintenance", "Quality"):
            function = _Unit(team(name, 2, plant.team), "function", 0)
            function.manager = add_person(Role.MANAGER, function)
            function.ics = [add_person(Role.IC, function) for _ in range(2)]
            metrics_of(function, METRICS["function"], plant)
            self.functions.append(function)
        counters: dict[str, int] = {}
        for number in range(size.teams):
            area = self.areas[number % len(self.areas)]
            word, kind = PLANT_TEAM_WORDS[area.team.name]
            counters[word] = counters.get(word, 0) + 1
            unit = _Unit(team(f"{word} {counters[word]}", 1, area.team), kind, number % size.replicas)
            unit.supervisor = add_person(Role.SUPERVISOR, unit)
            unit.ics = [add_person(Role.IC, unit) for _ in range(IC_PER_TEAM)]
            metrics_of(unit, (*METRICS[kind], *EXTRA_METRICS), area)
            self.units.append(unit)
        for unit, text, keys in (
            (plant, "Zero recordable incidents across the site", ("safety",)),
            (plant, "Ship 96% of customer orders on time and in full", ("plan",)),
            (plant, "Halve the scrap cost compared with last year", ("scrap", "fpy")),
            *((a, f"{a.team.name}: first time right, every shift", ("fpy",)) for a in self.areas),
        ):
            ids = tuple(unit.metrics[k][1].id for k in keys if k in unit.metrics)
            records.append(Objective(id=new_id(), team_id=unit.team.id, text=text, metric_ids=ids))
        insert_records(session, records)
        session.reload()
        self.counts.update(
            team=sum(isinstance(r, Team) for r in records),
            person=sum(isinstance(r, Person) for r in records) + 1,  # and the admin who generated it
            metric=sum(isinstance(r, Metric) for r in records),
            objective=sum(isinstance(r, Objective) for r in records),
        )

    # -- the run ---------------------------------------------------------------------------------------
    def run(self) -> DemoResult:
        size = self.size
        self.progress.stage("Teams, people and metrics", 1)
        self.clock.set(self.now - timedelta(days=size.days + 30))
        first = open_session(self.path, os_login=self.os_login, now=self.clock, create=True)
        try:
            self.admin = setup.init_board(first, PLANT_NAME, timezone=TIMEZONE, admin_name="Demo admin")
            self.settings = first.settings
            self.today = boardtime.production_day(self.now, self.settings)
            self.build_directory(first)
        finally:
            first.close()
        self.progress.advance()
        per_replica = self.history()
        days = size.days
        total = len(self.units) * days * 8 + sum(len(r) for r in per_replica)
        self.progress.stage(f"Readings and records ({total:,} on {size.replicas} replicas)", total)
        with tempfile.TemporaryDirectory(prefix="huddle-demo-replicas-") as states:
            jobs = [
                ReplicaJob(
                    path=self.path,
                    state_dir=Path(states) / f"replica-{number:02d}" if number else None,
                    seed=self.seed,
                    now=self.now,
                    today=self.today,
                    days=days,
                    os_login=self.os_login,
                    units=tuple(u for u in self.units if u.replica == number),
                    records=tuple(per_replica[number]),
                )
                for number in range(size.replicas)
            ]
            countermeasures: dict[int, list[Action]] = {}
            self.counts["reading"] = 0
            replica_of = {u.team.id: u.replica for u in self.units}

            def readings_done(written: int, actions: list[Action]) -> None:
                self.counts["reading"] += written
                if actions:
                    countermeasures.setdefault(replica_of[actions[0].team_id], []).extend(actions)
                self.progress.advance(written)

            write_readings(jobs, readings_done)
            for kind, count in write_history(jobs, countermeasures, self.progress.advance).items():
                self.counts[kind] = self.counts.get(kind, 0) + count
        return DemoResult(
            path=self.path,
            size="plant",
            seed=self.seed,
            today=self.today,
            seconds=0.0,
            counts=dict(sorted(self.counts.items())),
            replicas=size.replicas,
            admin_login=self.os_login,
        )

    def history(self) -> list[list[Any]]:
        """Ideas, escalations, comments and huddles, by the replica of their team (countermeasures are
        made with the readings, by the replica jobs)."""
        per_replica: list[list[Any]] = [[] for _ in range(self.size.replicas)]
        budget = self.size.other
        idea_records = self._ideas(max(20, budget * 20 // 100))
        escalation_records = self._escalations(max(10, budget * 6 // 100))
        targets = [(u, r) for u, r in idea_records if isinstance(r, Idea)] + [
            (u, r) for u, r in escalation_records if isinstance(r, Escalation)
        ]
        comments = self._comments(targets, max(10, budget * 8 // 100))
        for unit, record in (*idea_records, *escalation_records, *comments, *self._huddles()):
            per_replica[unit.replica].append(record)
        return per_replica

    def _lead(self, unit: _Unit) -> Person:
        return _lead(unit)

    def _ideas(self, count: int) -> list[tuple[_Unit, Any]]:
        rng = random.Random(f"{self.seed}:plant-ideas")
        span = self.size.days * 24.0
        out: list[tuple[_Unit, Any]] = []
        for _ in range(count):
            unit = rng.choice(self.units)
            spec = rng.choice(IDEAS)
            submitter = rng.choice(unit.ics)
            hours_ago = rng.uniform(2, span)
            submitted = self.now - timedelta(hours=hours_ago)
            status = _idea_status(rng, hours_ago / 24)
            idea = Idea(
                id=new_id(),
                team_id=unit.team.id,
                title=spec.title,
                submitted_by=submitter.id,
                submitted_at=submitted,
                detail=spec.detail,
                impact=rng.choice((Level.LOW, Level.HIGH)),
                effort=rng.choice((Level.LOW, Level.HIGH)),
            )
            path = idea_path(status)
            when = submitted + timedelta(hours=rng.uniform(2, min(96.0, hours_ago * 0.3)))
            gap = (self.now - when) * rng.uniform(0.2, 0.7) / max(1, len(path))
            first = submitter.name.split()[0]
            for status_step in path:
                reason = _REASONS[status_step].format(name=first, title=spec.title.lower())
                idea = apply_decision(idea, status_step, reason, self._lead(unit).id, when)
                if status_step is IdeaStatus.APPROVED:
                    due = (when + timedelta(days=rng.randint(7, 28))).date()
                    done = status in (IdeaStatus.IMPLEMENTED,) or (due < self.today and rng.random() < 0.7)
                    out.append(
                        (
                            unit,
                            Action(
                                id=new_id(),
                                team_id=unit.team.id,
                                title=f"Put in place: {spec.title}",
                                owner_id=submitter.id,
                                due=due,
                                created_by=self._lead(unit).id,
                                created_at=when,
                                status=ActionStatus.DONE if done else ActionStatus.OPEN,
                                source_kind="idea",
                                source_id=idea.id,
                                done_at=min(when + gap, self.now) if done else None,
                            ),
                        )
                    )
                when += gap
            out.append((unit, idea))
        return out

    def _escalations(self, count: int) -> list[tuple[_Unit, Any]]:
        rng = random.Random(f"{self.seed}:plant-escalations")
        span = self.size.days * 24.0
        units = {u.team.id: u for u in (*self.units, *self.areas, *self.functions)}
        if self.plant is not None:
            units[self.plant.team.id] = self.plant
        out: list[tuple[_Unit, Any]] = []
        for _ in range(count):
            unit = rng.choice(self.units)
            spec = rng.choice(ESCALATIONS)
            hours_ago = rng.uniform(1, span) if rng.random() < 0.9 else rng.uniform(1, 72)
            raised = self.now - timedelta(hours=hours_ago)
            raiser = self._lead(unit) if rng.random() < 0.7 else rng.choice(unit.ics)
            area_id = unit.team.parent_id or ""
            severity = rng.choice(list(Severity))
            esc = Escalation(
                id=new_id(),
                title=spec.title,
                raised_by_team=unit.team.id,
                raised_by=raiser.id,
                raised_at=raised,
                severity=severity,
                holder_team=area_id,
                held_since=raised,
                need=spec.need,
                needed_by=raised + timedelta(hours=spec.needed_in_hours) if spec.needed_in_hours else None,
                last_holder_above=area_id,
            )
            raised_move = EscalationMove(
                new_id(), esc.id, MoveKind.RAISED, raised, raiser.id, unit.team.id, area_id, spec.need
            )
            moves = [raised_move]
            when = raised
            for kind, text, to_key in _escalation_path(rng, hours_ago):
                when += timedelta(hours=rng.uniform(0.3, 1.0) * max(1.0, hours_ago / 10))
                if when >= self.now:
                    break
                holder = units.get(esc.holder_team, unit)
                if kind is MoveKind.UP:
                    to_team = holder.team.parent_id
                    if to_team is None:
                        continue
                elif kind is MoveKind.SIDEWAYS:
                    to_team = self.functions[to_key % len(self.functions)].team.id
                elif kind is MoveKind.DOWN:
                    to_team = unit.team.id
                else:
                    to_team = None
                by = raiser if kind is MoveKind.CLOSED else self._lead(holder)
                move = EscalationMove(new_id(), esc.id, kind, when, by.id, esc.holder_team, to_team, text)
                esc = apply_move(esc, move, self.settings)
                moves.append(move)
            out.append((unit, esc))
            out.extend((unit, move) for move in moves)
        return out

    def _comments(self, targets: list[tuple[_Unit, Any]], count: int) -> list[tuple[_Unit, Comment]]:
        rng = random.Random(f"{self.seed}:plant-comments")
        out = []
        for _ in range(min(count, len(targets) * 3)):
            unit, target = rng.choice(targets)
            start = target.submitted_at if isinstance(target, Idea) else target.raised_at
            at = start + (self.now - start) * rng.uniform(0.05, 0.6)
            kind = "idea" if isinstance(target, Idea) else "escalation"
            author = rng.choice([self._lead(unit), *unit.ics])
            out.append((unit, Comment(new_id(), kind, target.id, author.id, at, rng.choice(COMMENTS))))
        return out

    def _huddles(self) -> list[tuple[_Unit, Huddle]]:
        days = max(3, round(HUDDLE_DAYS * self.size.other / FULL_OTHER))
        workdays: list[date] = []
        day = self.today - timedelta(days=1)
        while len(workdays) < days:
            if series.is_workday(day):
                workdays.append(day)
            day -= timedelta(days=1)
        agenda = self.settings.agenda
        out = []
        for unit in self.units:
            rng = series.series_rng(self.seed, "huddles", unit.team.name)
            members = [p.id for p in (self._lead(unit), *unit.ics)]
            for day in reversed(workdays):
                start = local_time(day, 8, 0, TIMEZONE)
                steps = {s.key: round(s.minutes * 60 * rng.uniform(0.7, 1.3), 1) for s in agenda}
                present = tuple(p for p in members if rng.random() < 0.9) or tuple(members[:1])
                out.append(
                    (
                        unit,
                        Huddle(
                            id=huddle_id(unit.team.id, day),
                            team_id=unit.team.id,
                            date=day,
                            started_at=start,
                            started_by=self._lead(unit).id,
                            ended_at=start + timedelta(seconds=sum(steps.values()) + 30),
                            attendees=present,
                            step_seconds=steps,
                            notes="",
                        ),
                    )
                )
        return out


def _lead(unit: _Unit) -> Person:
    person = unit.supervisor or unit.manager
    assert person is not None
    return person


@dataclass(frozen=True)
class ReplicaJob:
    """What one replica writes: its teams' readings and countermeasures, and its share of the history.

    `state_dir` None is the default user state dir (the replica of whoever generated the board).
    """

    path: Path
    state_dir: Path | None
    seed: int
    now: datetime
    today: date
    days: int
    os_login: str
    units: tuple[_Unit, ...]
    records: tuple[Any, ...]


def _open_replica(job: ReplicaJob) -> Session:
    """The board opened as the job's replica, the generating admin acting."""
    board = Board.open(job.path, state_dir=job.state_dir)
    directory = Directory(board)
    admin = directory.person_by_login(job.os_login)
    return Session(
        board=board,
        settings=directory.settings,
        os_login=job.os_login,
        os_person=admin,
        actor=admin,
        now=DemoClock(job.now),
        directory=directory,
        board_path=job.path,
    )


def _job_days(job: ReplicaJob) -> list[date]:
    return [job.today - timedelta(days=n) for n in range(job.days, 0, -1)]


def write_readings(jobs: Sequence[ReplicaJob], report: Callable[[int, list[Action]], None]) -> None:
    """Phase 1: every job's readings, in parallel processes for a big board on a multi-core machine.

    Each replica writes only its own teams' readings, so no reading is on two replicas. Every replica
    reads the (still empty) month partitions before any replica writes: a replica that opened them later
    would parse each month file the others wrote before it (quadratic in the number of replicas).
    `report(readings_written, countermeasures)` is called after each job.
    """
    readings = sum(len(job.units) for job in jobs) * (jobs[0].days if jobs else 0) * 8
    workers = min(len(jobs), os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or readings < PARALLEL_FROM:
        _reading_worker(list(jobs), None, None, report)
        return
    # fork where it is safe and cheap (Linux: nothing to re-import, callers need no __main__ guard).
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    barrier = context.Barrier(workers)
    results = context.Queue()
    shares = [list(jobs[n::workers]) for n in range(workers)]
    processes = [
        context.Process(target=_reading_worker, args=(share, barrier, results, None), daemon=True)
        for share in shares
    ]
    for process in processes:
        process.start()
    try:
        done = 0
        waited = 0.0
        while done < len(jobs):
            try:
                outcome = results.get(timeout=1.0)
            except queue.Empty:
                waited += 1.0
                if waited > JOB_TIMEOUT or not any(p.is_alive() for p in processes):
                    raise RuntimeError("a replica writer stopped without finishing its readings") from None
                continue
            if isinstance(outcome, BaseException):
                raise outcome
            report(*outcome)
            done += 1
            waited = 0.0
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()


def _reading_worker(
    jobs: list[ReplicaJob],
    barrier: Any,
    results: Any,
    report: Callable[[int, list[Action]], None] | None,
) -> None:
    """Open and prime every replica of `jobs`, wait for the other workers, then write the readings."""
    sessions: list[Session] = []
    try:
        for job in jobs:
            session = _open_replica(job)
            sessions.append(session)
            session.board.all("reading", partitions=sorted({month_partition(d) for d in _job_days(job)}))
        if barrier is not None:
            barrier.wait(timeout=JOB_TIMEOUT)
        for job, session in zip(jobs, sessions, strict=True):
            outcome = _write_job_readings(job, session)
            session.close()
            if results is not None:
                results.put(outcome)
            elif report is not None:
                report(*outcome)
    except BaseException as err:
        if results is None:
            raise
        results.put(RuntimeError(f"a replica writer failed: {err!r}"))
    finally:
        for session in sessions:
            session.close()


def _write_job_readings(job: ReplicaJob, session: Session) -> tuple[int, list[Action]]:
    days = _job_days(job)
    groups: dict[tuple[str, str, Any], tuple[_Unit, str, RedCause, list[date], str]] = {}
    entry_times = {d: local_time(d, 15, 30, TIMEZONE) for d in days}
    entries: list[ReadingEntry] = []
    for unit in job.units:
        entries.extend(_unit_entries(job, unit, days, entry_times, groups))
    if entries:
        log_readings(session, entries)
    return len(entries), _countermeasures(job, groups.values())


def write_history(
    jobs: Sequence[ReplicaJob], countermeasures: dict[int, list[Action]], report: Callable[[int], None]
) -> dict[str, int]:
    """Phase 2: each replica's countermeasures and history, all replicas opened and primed first (as
    for the readings: a replica opened after the others wrote would parse their files)."""
    sessions = [_open_replica(job) for job in jobs]
    counts: dict[str, int] = {}
    try:
        for session in sessions:
            for kind in HISTORY_KINDS:
                session.board.all(kind)
        for number, (job, session) in enumerate(zip(jobs, sessions, strict=True)):
            records = [*countermeasures.get(number, []), *job.records]
            if records:
                insert_records(session, records, progress=report)
            for record in records:
                kind = persist.kind_of(record)
                counts[kind] = counts.get(kind, 0) + 1
    finally:
        for session in sessions:
            session.close()
    return counts


def _unit_entries(
    job: ReplicaJob,
    unit: _Unit,
    days: list[date],
    entry_times: dict[date, datetime],
    groups: dict[tuple[str, str, Any], tuple[_Unit, str, RedCause, list[date], str]],
) -> list[ReadingEntry]:
    """A team's readings of every day; reds carry a reason and (but for the last two days) the id of
    the countermeasure of their streak (or of that metric's other isolated reds of the month)."""
    form = series.series_rng(job.seed, unit.team.name, "form").uniform(0.8, 1.3)
    people = [p.id for p in unit.ics]
    recent = job.today - timedelta(days=2)
    out: list[ReadingEntry] = []
    for key, (spec, metric) in unit.metrics.items():
        causes = CAUSES.get(key) or EXTRA_CAUSES.get(key) or SAFETY_RED
        rng = series.series_rng(job.seed, unit.team.name, key)
        points = series.daily_series(spec, days, rng, n_causes=len(causes), form=form)
        for index, point in enumerate(points):
            reason = ""
            action_id = None
            if reading_status(metric, point.value) is Status.RED:
                if point.cause is not None and point.streak is not None:
                    cause, group_key = causes[point.cause], ("streak", point.streak)
                else:
                    cause = causes[index % len(causes)]
                    group_key = ("month", point.day.year, point.day.month)
                reason = cause.reason
                if point.day < recent:
                    group = groups.get((unit.team.id, key, group_key))
                    if group is None:
                        group = (unit, key, cause, [], new_id())
                        groups[(unit.team.id, key, group_key)] = group
                    group[3].append(point.day)
                    action_id = group[4]
            out.append(
                ReadingEntry(
                    metric_id=metric.id,
                    day=point.day,
                    value=point.value,
                    reason=reason,
                    action_id=action_id,
                    entered_by=people[index % len(people)],
                    entered_at=entry_times[point.day],
                )
            )
    return out


def _countermeasures(
    job: ReplicaJob, groups: Iterable[tuple[_Unit, str, RedCause, list[date], str]]
) -> list[Action]:
    """The countermeasure action of each group of red days: written the next morning, mostly done."""
    out = []
    for unit, key, cause, days, action_id in groups:
        first = days[0]
        rng = series.series_rng(job.seed, "cm", unit.team.name, key, first.isoformat())
        created = local_time(first + timedelta(days=1), 8, 10, TIMEZONE)
        due = first + timedelta(days=1 + rng.randint(2, 9))
        finished = created + timedelta(days=rng.uniform(0.5, (due - first).days + 1.5))
        done = (due < job.today and rng.random() < 0.9) or rng.random() < 0.2
        done = done and finished < job.now
        metric = unit.metrics[key][1]
        out.append(
            Action(
                id=action_id,
                team_id=unit.team.id,
                title=cause.countermeasure,
                owner_id=rng.choice([_lead(unit), *unit.ics]).id,
                due=due,
                created_by=_lead(unit).id,
                created_at=created,
                status=ActionStatus.DONE if done else ActionStatus.OPEN,
                source_kind="reading",
                source_id=reading_id(metric.id, first, None),
                done_at=finished if done else None,
            )
        )
    return out


def _idea_status(rng: random.Random, age_days: float) -> IdeaStatus:
    s = IdeaStatus
    if age_days < 30:
        weights = {s.NEW: 30, s.UNDER_REVIEW: 20, s.APPROVED: 15, s.IN_PROGRESS: 10, s.IMPLEMENTED: 5,
                   s.REJECTED: 12, s.PARKED: 8}  # fmt: skip
    else:
        weights = {s.NEW: 3, s.UNDER_REVIEW: 4, s.APPROVED: 5, s.IN_PROGRESS: 8, s.IMPLEMENTED: 50,
                   s.REJECTED: 18, s.PARKED: 12}  # fmt: skip
    return rng.choices(list(weights), weights=list(weights.values()))[0]


_REASONS: dict[IdeaStatus, str] = {
    IdeaStatus.UNDER_REVIEW: "Thanks {name}, we are checking '{title}' with the people it touches.",
    IdeaStatus.APPROVED: "Approved, {name}: '{title}' makes sense; we plan it with you at the huddle.",
    IdeaStatus.IN_PROGRESS: "Work on '{title}' has started, {name}; progress is shown at the huddle.",
    IdeaStatus.IMPLEMENTED: "'{title}' is in place, {name}. Thank you, it shows in the numbers.",
    IdeaStatus.REJECTED: "{name}, we looked at '{title}' closely: the cost is higher than what it saves "
    "here. Talk to us if you see a cheaper way to get the same effect.",
    IdeaStatus.PARKED: "{name}, '{title}' needs budget we do not have this year; we come back to it in "
    "the next budget round.",
}

_S = MoveKind
_PATHS: tuple[tuple[tuple[MoveKind, str, int], ...], ...] = (
    ((_S.ACKNOWLEDGED, "Seen, we are on it.", 0), (_S.ANSWERED, "Done: see the action list.", 0),
     (_S.CLOSED, "Confirmed, thanks.", 0)),
    ((_S.ACKNOWLEDGED, "Seen.", 0), (_S.SIDEWAYS, "This needs the support function.", 0),
     (_S.ANSWERED, "Fixed and checked.", 0), (_S.CLOSED, "Works again.", 0)),
    ((_S.ACKNOWLEDGED, "Seen.", 1), (_S.SIDEWAYS, "This needs the support function.", 1),
     (_S.ANSWERED, "Checked and corrected.", 1), (_S.CLOSED, "Confirmed.", 1)),
    ((_S.ACKNOWLEDGED, "Seen.", 0), (_S.UP, "Above the area's budget.", 0), (_S.ACKNOWLEDGED, "", 0),
     (_S.ANSWERED, "Approved by the plant.", 0), (_S.CLOSED, "Thanks.", 0)),
    ((_S.DOWN, "The team can solve this itself: the standard is on the board.", 0),
     (_S.CLOSED, "Understood.", 0)),
)  # fmt: skip


def _escalation_path(rng: random.Random, hours_ago: float) -> tuple[tuple[MoveKind, str, int], ...]:
    """The moves of a generated escalation: old ones went the whole way, recent ones only part of it."""
    path = rng.choice(_PATHS)
    if hours_ago > 7 * 24:
        return path if rng.random() < 0.93 else path[: rng.randint(0, len(path) - 1)]
    return path[: rng.randint(0, len(path) - 1)]
