"""Imports: metric readings from CSV, and a whole board from a JSON export.

CSV readings have the header `metric,team,date,value` with optional `shift` and `reason` columns (a
UTF-8 byte-order mark is fine). Every row is checked first (the metric exists on the team, the value is a
number, the date is a past or present YYYY-MM-DD, the shift fits the metric, a red reading has a reason,
the person importing may log for the team); any bad row imports nothing and the error lists every bad row
with its line number. Good files are written with one locked write per month file.

`import_board` loads a JSON export (`services.export`) into an empty board: the result exports the same.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from huddle_tui.domain import permissions
from huddle_tui.domain.metrics import (
    Frequency,
    Metric,
    Reading,
    Status,
    month_partition,
    parse_value,
    reading_id,
    reading_status,
)
from huddle_tui.domain.records import to_fields
from huddle_tui.domain.text import optional_text
from huddle_tui.errors import HuddleError, InvalidInput
from huddle_tui.services import guard, persist, readings
from huddle_tui.services.directory import SETTINGS_KIND
from huddle_tui.services.export import FORMAT_NAME, FORMAT_VERSION
from huddle_tui.services.session import Session

Progress = Callable[[int, int], None]
REQUIRED_COLUMNS = ("metric", "team", "date", "value")
OPTIONAL_COLUMNS = ("shift", "reason")
BATCH = 2000


@dataclass(frozen=True)
class ImportResult:
    written: int
    red: int
    months: tuple[str, ...]


def _read_text(source: Path | str) -> str:
    if isinstance(source, Path):
        try:
            raw = source.read_bytes()
        except FileNotFoundError as err:
            raise InvalidInput(f"No file {source}.", hint="check the path") from err
        except OSError as err:
            raise InvalidInput(f"Cannot read {source}: {err.strerror or err}.") from err
    else:
        raw = source.encode("utf-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidInput(f"{source} is not UTF-8 text.", hint="save the CSV as UTF-8") from err


def parse_readings_csv(session: Session, text: str) -> tuple[list[Reading], list[str]]:
    """The readings of a CSV text and the list of problems ("line N: ..."); nothing is written."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return [], ["line 1: the file is empty (expected the header metric,team,date,value[,shift,reason])"]
    columns = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [c for c in columns if c and c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        what = []
        if missing:
            what.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            what.append(f"unknown column(s) {', '.join(unknown)}")
        return [], [f"line 1: {'; '.join(what)} (expected metric,team,date,value[,shift,reason])"]
    index = {name: columns.index(name) for name in columns if name}
    directory = session.directory
    actor = guard.acting_person(session)
    tree = directory.tree
    today = readings.today(session)
    shift_numbers = {s.number for s in session.settings.shifts}
    problems: list[str] = []
    found: dict[str, Reading] = {}
    seen_line: dict[str, int] = {}
    now = session.clock()
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue

        def col(name: str, row: list[str] = row) -> str:
            i = index.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        try:
            team = directory.team(col("team"))
            metric: Metric = directory.metric(col("metric"), team.id)
            if not permissions.allowed(actor, permissions.Permission.SUBMIT, team.id, tree):
                raise InvalidInput(f"you may not log readings for {team.name}")
            try:
                day = date.fromisoformat(col("date"))
            except ValueError as err:
                raise InvalidInput(f"'{col('date')}' is not a date (YYYY-MM-DD)") from err
            if day > today:
                raise InvalidInput(f"{day.isoformat()} is in the future")
            value = parse_value(col("value"))
            shift_text = col("shift")
            shift: int | None = None
            if shift_text:
                if not shift_text.isdigit():
                    raise InvalidInput(f"shift '{shift_text}' is not a number")
                shift = int(shift_text)
            per_shift = Frequency(metric.frequency) is Frequency.SHIFT
            if per_shift and shift is None:
                raise InvalidInput(f"{metric.name} is logged per shift: the shift column is needed")
            if per_shift and shift not in shift_numbers:
                raise InvalidInput(f"there is no shift {shift}")
            if not per_shift and shift is not None:
                raise InvalidInput(f"{metric.name} is a daily metric; leave the shift empty")
            reason = optional_text(col("reason"), "Reason", limit=2000)
            if reading_status(metric, value) is Status.RED and not reason:
                raise InvalidInput(f"{metric.name} = {value:g} is red and has no reason")
        except HuddleError as err:
            problems.append(f"line {line}: {err.message.rstrip('.')}")
            continue
        rid = reading_id(metric.id, day, shift)
        if rid in seen_line:
            problems.append(f"line {line}: the same reading as line {seen_line[rid]}")
            continue
        seen_line[rid] = line
        found[rid] = Reading(
            id=rid,
            metric_id=metric.id,
            team_id=metric.team_id,
            date=day,
            value=value,
            shift=shift,
            reason=reason,
            entered_by=actor.id,
            entered_at=now,
        )
    return list(found.values()), problems


def import_readings(session: Session, source: Path | str, progress: Progress | None = None) -> ImportResult:
    """Import the readings of a CSV file (or text): all of them, or none when any row is bad."""
    guard.acting_person(session)
    new, problems = parse_readings_csv(session, _read_text(source))
    if problems:
        raise InvalidInput(
            f"Nothing was imported: {len(problems)} bad row(s):",
            hint="fix these rows and import the file again",
            details=problems,
        )
    by_month: dict[str, list[Reading]] = {}
    for reading in new:
        by_month.setdefault(month_partition(reading.date), []).append(reading)
    items: list[tuple[str, str, dict[str, Any], str | None]] = []
    for month, month_readings in sorted(by_month.items()):
        existing = (
            {r.id: r for r in persist.load_all(session, Reading, partitions=[month])}
            if month in set(session.board.partitions("reading"))
            else {}
        )
        for reading in month_readings:
            old = existing.get(reading.id)
            if old is not None and old.action_id and not reading.action_id:
                reading = replace(reading, action_id=old.action_id)
            items.append(("reading", reading.id, to_fields(reading), month))
    actor = persist.actor_id(session)
    for start in range(0, len(items), BATCH):
        session.board.put_many(items[start : start + BATCH], actor=actor)
        if progress:
            progress(min(start + BATCH, len(items)), len(items))
    red = 0
    for reading in new:
        metric = session.directory.metric_by_id(reading.metric_id)
        if metric is not None and reading_status(metric, reading.value) is Status.RED:
            red += 1
    return ImportResult(written=len(items), red=red, months=tuple(sorted(by_month)))


def import_board(session: Session, source: Path | str, progress: Progress | None = None) -> int:
    """Load a JSON board export into this board, which must be empty; returns the records written."""
    text = _read_text(source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InvalidInput(f"The board file is not JSON (line {err.lineno}: {err.msg}).") from err
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise InvalidInput(
            "That file is not a huddle board export.", hint="export one with 'huddle export --format json'"
        )
    if data.get("version") != FORMAT_VERSION:
        raise InvalidInput(
            f"Board export version {data.get('version')!r} is not supported (expected {FORMAT_VERSION})."
        )
    if session.directory.initialised or any(session.board.all(k) for k in ("team", "person")):
        raise InvalidInput(
            "A board export can only be imported into an empty board.",
            hint="point --board at a new folder: huddle --board NEW_DIR import board FILE.json",
        )
    records = data.get("records")
    if not isinstance(records, dict):
        raise InvalidInput("The board export has no records.")
    items: list[tuple[str, str, dict[str, Any], str | None]] = []
    for kind, entries in sorted(records.items()):
        if not isinstance(entries, list):
            raise InvalidInput(f"The records of kind '{kind}' are not a list.")
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("fields"), dict) or "id" not in entry:
                raise InvalidInput(f"A record of kind '{kind}' is malformed.")
            items.append((kind, str(entry["id"]), entry["fields"], entry.get("partition")))
    # Settings last: until they land the board counts as not set up, so a failed import can be retried.
    items.sort(key=lambda item: item[0] == SETTINGS_KIND)
    actor = persist.actor_id(session)
    for start in range(0, len(items), BATCH):
        session.board.put_many(items[start : start + BATCH], actor=actor)
        if progress:
            progress(min(start + BATCH, len(items)), len(items))
    session.reload()
    session.os_person = session.directory.person_by_login(session.os_login)
    session.actor = session.actor or session.os_person
    return len(items)
