"""Exporting the whole board: JSON (complete, deterministic), CSV (one file per kind), Markdown minutes.

The JSON export holds the merged fields of every record (tombstoned records left out), sorted by kind and
id with sorted keys and no replica-specific data, so two replicas holding the same merged data export
byte-identical files. A record with fields written concurrently on two replicas (a flagged conflict)
lists them under `conflicts`. `services.importing.import_board` reads it back into an empty board. CSV text
cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) get a leading apostrophe.
The Markdown export is the huddle minutes, newest first; `write_huddle_minutes` writes one huddle's
minutes to a file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from huddle_tui.domain.actions import Action
from huddle_tui.domain.escalations import Escalation
from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.ideas import Idea, IdeaStatus
from huddle_tui.errors import InvalidInput
from huddle_tui.services import huddles, persist
from huddle_tui.services.directory import SETTINGS_KIND
from huddle_tui.services.session import Session
from huddle_tui.store import Record

FORMAT_NAME = "huddle-board"
FORMAT_VERSION = 1
FORMATS = ("json", "csv", "md")
Progress = Callable[[int, int], None]


def board_kinds(session: Session) -> list[str]:
    """Every kind on the board: the known ones plus any the store holds (from newer versions)."""
    kinds = {SETTINGS_KIND, *persist.KINDS.values(), *session.board.kinds()}
    return sorted(kinds)


def board_data(session: Session, progress: Progress | None = None) -> dict[str, Any]:
    """The whole board as a JSON-ready dict (see the module docstring)."""
    kinds = board_kinds(session)
    records: dict[str, list[dict[str, Any]]] = {}
    for done, kind in enumerate(kinds):
        partitions = session.board.partitions(kind)
        found = session.board.all(kind, partitions=partitions) if partitions else session.board.all(kind)
        items = [_export_record(r) for r in sorted(found, key=lambda r: (r.partition or "", r.id))]
        if items:
            records[kind] = items
        if progress:
            progress(done + 1, len(kinds))
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "records": records}


def _export_record(record: Record) -> dict[str, Any]:
    """One record for the export; fields written concurrently on two replicas are listed as `conflicts`."""
    item: dict[str, Any] = {"id": record.id, "partition": record.partition, "fields": dict(record.fields)}
    if record.conflicts:
        item["conflicts"] = sorted(record.conflicts)
    return item


# The C encoder (json uses it only without `indent`): sorted keys, UTF-8 text kept as is.
_encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


def _encode_record(item: dict[str, Any]) -> str:
    """One exported record as compact JSON with sorted keys (orjson: a plant board has 458k of them)."""
    return orjson.dumps(item, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def board_json(session: Session, progress: Progress | None = None) -> str:
    """The deterministic JSON text of the whole board, one record per line.

    Written record by record with orjson: `json.dumps(..., indent=...)` runs the pure-Python encoder,
    which took over 30 s for a plant board (458k readings)."""
    data = board_data(session, progress)
    records: dict[str, list[dict[str, Any]]] = data["records"]
    lines = ["{", f' "format": {_encode(data["format"])},']
    if not records:
        lines.append(' "records": {},')
    else:
        lines.append(' "records": {')
        for number, kind in enumerate(sorted(records)):
            lines.append(f"  {_encode(kind)}: [")
            lines.append(",\n".join(f"   {_encode_record(item)}" for item in records[kind]))
            lines.append("  ]," if number < len(records) - 1 else "  ]")
        lines.append(" },")
    lines += [f' "version": {_encode(data["version"])}', "}"]
    return "\n".join(lines) + "\n"


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection): such text cells get a
# leading apostrophe, which spreadsheets show as text and do not display.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # what json writes for a finite number (the store refuses NaN and Infinity)
    return _encode(value)


def board_csv(session: Session, progress: Progress | None = None) -> dict[str, str]:
    """One CSV text per kind (file name -> text): id, partition, then the fields in name order."""
    data = board_data(session, progress)
    out: dict[str, str] = {}
    for kind, items in data["records"].items():
        names = sorted({name for item in items for name in item["fields"]})
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["id", "partition", *names])
        for item in items:
            writer.writerow(
                [item["id"], item["partition"] or "", *(_cell(item["fields"].get(n)) for n in names)]
            )
        out[f"{kind}.csv"] = buffer.getvalue()
    return out


def huddle_minutes_md(session: Session, huddle: Huddle) -> str:
    """The minutes of one huddle as Markdown (attendance, time per step, decisions, actions, escalations)."""
    directory = session.directory
    team = directory.team_by_id(huddle.team_id)
    lines = [f"## {directory.team_name(huddle.team_id)}: huddle of {huddle.date.isoformat()}", ""]
    ended = huddle.ended_at.strftime("%H:%M UTC") if huddle.ended_at else "still running"
    lines.append(
        f"- Started {huddle.started_at:%H:%M UTC} by {directory.person_name(huddle.started_by)}, "
        f"ended {ended}"
    )
    present = [directory.person_name(p) for p in huddle.attendees] + [f"{g} (guest)" for g in huddle.guests]
    lines.append(f"- Present: {', '.join(present) if present else 'not recorded'}")
    lines.append("")
    spent = huddle.step_seconds or {}
    agenda = huddles.agenda_for(session, team) if team else session.settings.agenda
    lines += ["### Agenda", "", "| Step | Timebox | Spent |", "|---|---|---|"]
    for step in agenda:
        used = spent.get(step.key)
        lines.append(
            f"| {_md(step.title)} | {step.minutes:g} min | {f'{used / 60:.1f} min' if used else '-'} |"
        )
    lines.append("")
    if huddle.decisions:
        lines += ["### Decisions", ""] + [f"- {_md(d)}" for d in huddle.decisions] + [""]
    actions = [persist.load(session, Action, a) for a in huddle.actions_created]
    if any(actions):
        lines += ["### New actions", ""]
        for action in filter(None, actions):
            owner = directory.person_name(action.owner_id)
            lines.append(f"- {_md(action.title)} (owner {_md(owner)}, due {action.due.isoformat()})")
        lines.append("")
    escs = [persist.load(session, Escalation, e) for e in huddle.escalations_raised]
    if any(escs):
        lines += ["### Escalations raised", ""]
        for esc in filter(None, escs):
            lines.append(
                f"- {_md(esc.title)} ({esc.severity}, to {_md(directory.team_name(esc.holder_team))})"
            )
        lines.append("")
    decided = [persist.load(session, Idea, i) for i in huddle.ideas_decided]
    if any(decided):
        lines += ["### Ideas decided", ""]
        for idea in filter(None, decided):
            lines.append(
                f"- {_md(idea.title)}: {IdeaStatus(idea.status).label.lower()} ({_md(idea.decision_reason)})"
            )
        lines.append("")
    if huddle.notes:
        lines += ["### Notes", "", _md(huddle.notes), ""]
    return "\n".join(lines)


def _md(text: str) -> str:
    """User text inside Markdown: table pipes escaped, newlines folded."""
    return text.replace("|", "\\|").replace("\n", " ")


def minutes_md(session: Session, progress: Progress | None = None) -> str:
    """Every huddle's minutes, newest first, under the board's name."""
    found = huddles.list_huddles(session)
    parts = [f"# {session.settings.name}: huddle minutes", ""]
    for done, huddle in enumerate(found):
        parts.append(huddle_minutes_md(session, huddle))
        if progress:
            progress(done + 1, len(found))
    if not found:
        parts.append("No huddles yet.")
    return "\n".join(parts) + "\n"


def huddle_minutes_name(session: Session, huddle: Huddle) -> str:
    """The default file name of one huddle's minutes: huddle-<team>-<YYYY-MM-DD>.md (a safe name)."""
    team = re.sub(r"[^A-Za-z0-9]+", "-", session.directory.team_name(huddle.team_id)).strip("-").lower()
    return f"huddle-{team[:60] or 'team'}-{huddle.date.isoformat()}.md"


def write_huddle_minutes(session: Session, huddle: Huddle, target: Path) -> Path:
    """Write one huddle's minutes as Markdown to `target` (a file, or a folder for the default name)."""
    path = target / huddle_minutes_name(session, huddle) if target.is_dir() else target
    text = f"# {session.settings.name}: huddle minutes\n\n{huddle_minutes_md(session, huddle)}\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as err:
        raise InvalidInput(
            f"Cannot write {path}: {err.strerror or err}.", hint="choose another file or folder"
        ) from err
    return path


def export_board(session: Session, fmt: str, out_dir: Path, progress: Progress | None = None) -> list[Path]:
    """Write the export in `fmt` (json, csv or md) into `out_dir`; returns the files written."""
    if fmt not in FORMATS:
        raise InvalidInput(f"'{fmt}' is not an export format.", hint="use json, csv or md")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InvalidInput(
            f"Cannot create {out_dir}: {err.strerror or err}.", hint="choose another --out"
        ) from err
    if fmt == "json":
        files = {"board.json": board_json(session, progress)}
    elif fmt == "csv":
        files = board_csv(session, progress)
    else:
        files = {"huddle-minutes.md": minutes_md(session, progress)}
    written = []
    for name, text in sorted(files.items()):
        path = out_dir / name
        try:
            path.write_text(text, encoding="utf-8", newline="")
        except OSError as err:
            raise InvalidInput(
                f"Cannot write {path}: {err.strerror or err}.", hint="choose another --out"
            ) from err
        written.append(path)
    return written
