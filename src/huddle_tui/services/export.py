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

import contextlib
import csv
import gc
import io
import json
import os
import re
import select
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from huddle_tui.domain.actions import Action
from huddle_tui.domain.escalations import Escalation
from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.ideas import Idea, IdeaStatus
from huddle_tui.errors import InvalidInput
from huddle_tui.services import huddles, persist
from huddle_tui.services.directory import SETTINGS_KIND
from huddle_tui.services.session import Session
from huddle_tui.store.board import GroupFields

FORMAT_NAME = "huddle-board"
FORMAT_VERSION = 1
FORMATS = ("json", "csv", "md")
Progress = Callable[[int, int], None]


def board_kinds(session: Session) -> list[str]:
    """Every kind on the board: the known ones plus any the store holds (from newer versions)."""
    kinds = {SETTINGS_KIND, *persist.KINDS.values(), *session.board.kinds()}
    return sorted(kinds)


def _kind_partitions(session: Session, kind: str) -> list[str | None]:
    """The groups of `kind` an export reads, in order: its partitions when it has any, else its records
    without partition."""
    return [*session.board.partitions(kind)] or [None]


def _kind_groups(session: Session, kind: str) -> Iterator[GroupFields]:
    """The live records of `kind`, group by group in partition order. A group not loaded yet is read
    without being kept (a full history of readings does not stay in memory)."""
    return session.board.fields_by_group(kind, _kind_partitions(session, kind))


def board_data(session: Session, progress: Progress | None = None) -> dict[str, Any]:
    """The whole board as a JSON-ready dict (see the module docstring)."""
    kinds = board_kinds(session)
    records: dict[str, list[dict[str, Any]]] = {}
    for done, kind in enumerate(kinds):
        items = [
            _export_item(rid, group.partition, group.fields[rid], group.conflicts.get(rid))
            for group in _kind_groups(session, kind)
            for rid in sorted(group.fields)
        ]
        if items:
            records[kind] = items
        if progress:
            progress(done + 1, len(kinds))
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "records": records}


def _export_item(
    rid: str, partition: str | None, fields: dict[str, Any], conflicts: frozenset[str] | None
) -> dict[str, Any]:
    """One record for the export; fields written concurrently on two replicas are listed as `conflicts`."""
    item: dict[str, Any] = {"id": rid, "partition": partition, "fields": dict(fields)}
    if conflicts:
        item["conflicts"] = sorted(conflicts)
    return item


# -- JSON ------------------------------------------------------------------------------------------------

# The C encoder (json uses it only without `indent`): sorted keys, UTF-8 text kept as is.
_encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
_SORTED = orjson.OPT_SORT_KEYS
_ITEM_SEP = b",\n   "  # between two records of a kind in the JSON export


def _json_items(group: GroupFields) -> bytes:
    """The group's records in id order, each as compact JSON with sorted keys, joined by `_ITEM_SEP`.

    orjson, one record at a time: `json.dumps(..., indent=...)` runs the pure-Python encoder, which took
    over 30 s for a plant board (458k readings). A record without conflicts is pieced together around the
    encoding of its fields, exactly as orjson writes the dict {"fields", "id", "partition"} (sorted keys).
    """
    fields, conflicts, dumps = group.fields, group.conflicts, orjson.dumps
    if conflicts:
        return _ITEM_SEP.join(
            [
                dumps(_export_item(rid, group.partition, fields[rid], conflicts.get(rid)), option=_SORTED)
                for rid in sorted(fields)
            ]
        )
    tail = b',"partition":' + dumps(group.partition) + b"}"
    return _ITEM_SEP.join(
        [
            b'{"fields":' + dumps(fields[rid], option=_SORTED) + b',"id":' + dumps(rid) + tail
            for rid in sorted(fields)
        ]
    )


def _json_prepare(groups: Iterable[GroupFields]) -> tuple[list[bytes], set[str]]:
    return [_json_items(group) for group in groups if group.fields], set()


def _json_finish(prepared: list[bytes], columns: list[str]) -> list[bytes]:
    return prepared


class _JsonKind:
    """The records of one kind in the JSON export: `"kind": [` before the first, `_ITEM_SEP` between two,
    `]` after the last (see `_write_kind`); nothing at all for a kind without records."""

    def __init__(self, out: _Output, kind: str, after_another: bool) -> None:
        self.out = out
        self.head = (
            (b",\n" if after_another else b' "records": {\n') + b"  " + _encode(kind).encode() + b": [\n   "
        )
        self.started = self.items = False
        self.mark = 0

    def start(self, columns: list[str]) -> None:
        if not self.started:
            self.mark = self.out.tell()
            self.out.write(self.head)
            self.started = True

    def write(self, chunk: bytes) -> None:
        self.start([])
        if self.items:
            self.out.write(_ITEM_SEP)
        self.out.write(chunk)
        self.items = True

    def place(self, pending: int) -> tuple[Path, int, bool]:
        """(the file, the offset at which a chunk would go after `pending` more bytes of this process, whether
        it must begin with a separator)."""
        return self.out.temp, self.out.tell() + pending, self.items or pending > 0

    def skip_to(self, offset: int) -> None:
        """Continue after what another process wrote up to `offset`."""
        self.out.seek(offset)
        self.items = True

    def rewind(self) -> None:
        """Take back all of this kind written so far."""
        if self.started:
            self.out.seek(self.mark)
            self.out.truncate()
            self.started = self.items = False

    def end(self) -> None:
        if self.started:
            self.out.write(b"\n  ]")


def _write_json(session: Session, out: _Output, progress: Progress | None, parallel: bool = False) -> None:
    """Write the deterministic JSON of the whole board to `out`, one record per line, kind by kind."""
    kinds = board_kinds(session)
    out.write(b'{\n "format": ' + _encode(FORMAT_NAME).encode("utf-8") + b",\n")
    any_records = False
    for done, kind in enumerate(kinds):
        target = _JsonKind(out, kind, any_records)
        _write_kind(session, kind, "json", target, parallel)
        target.end()
        any_records = any_records or target.started
        if progress:
            progress(done + 1, len(kinds))
    out.write(b"\n },\n" if any_records else b' "records": {},\n')
    out.write(b' "version": ' + _encode(FORMAT_VERSION).encode("utf-8") + b"\n}\n")


def board_json(session: Session, progress: Progress | None = None) -> str:
    """The deterministic JSON text of the whole board, one record per line."""
    buffer = io.BytesIO()
    _write_json(session, _Output(Path("board.json"), buffer), progress)
    return buffer.getvalue().decode("utf-8")


# -- CSV -------------------------------------------------------------------------------------------------

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection): such text cells get a
# leading apostrophe, which spreadsheets show as text and do not display.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NONE = type(None)
_NUMBERS = frozenset({_NONE, int, float})
_TEXTS = frozenset({_NONE, str})

_CsvGroup = tuple[str, list[str], list[dict[str, Any]]]  # (partition cell, ids in order, their fields)


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


def _csv_column(values: list[Any]) -> list[str]:
    """The cells of one column as the csv writer writes them: `_cell` of each value, quoted if need be.

    Decided for the whole column at once where it can be (the searches run in C over the column's texts
    joined by NUL): a column of numbers (and None), or of text (and None) in which no text starts like a
    formula, needs no look at each cell."""
    try:
        joined = "\x00".join(values)  # a column of texts only: the common case
    except TypeError:
        types = set(map(type, values))
        if types <= _NUMBERS:  # a repr of a number needs no quotes
            if _NONE in types:
                return ["" if value is None else repr(value) for value in values]
            return [*map(repr, values)]
        if not types <= _TEXTS:
            return _quote_where_needed([_cell(value) for value in values])
        values = [*map(_NONE_AS_EMPTY.get, values, values)]
        joined = "\x00".join(values)
    if _may_start_formula(joined):
        return _quote_where_needed([_cell(value) for value in values])
    return _quote_where_needed(values, joined)


_NONE_AS_EMPTY = {None: ""}


def _may_start_formula(joined: str) -> bool:
    """Whether a text of `joined` (texts joined by NUL) may start like a formula (a NUL inside a text may
    make it look so: then every cell is looked at)."""
    return joined.startswith(_FORMULA_START) or any(
        start in joined and "\x00" + start in joined for start in _FORMULA_START
    )


def _needs_quotes(text: str) -> bool:
    """Whether the csv writer may quote a cell holding `text` (it does for the delimiter, the quote and a
    line end)."""
    return '"' in text or "," in text or "\n" in text or "\r" in text


def _quote_where_needed(cells: list[str], joined: str | None = None) -> list[str]:
    """`cells`, each that may need quotes written by the csv writer itself (`joined`: all the cells)."""
    if not _needs_quotes("".join(cells) if joined is None else joined):
        return cells
    return [_written_cell(cell) if _needs_quotes(cell) else cell for cell in cells]


def _written_cell(cell: str) -> str:
    """One cell as the csv writer writes it (quoted where it must be), without the delimiter."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow((cell, ""))
    return buffer.getvalue()[:-2]  # less the "," and the line end after it


def _csv_rows(group: _CsvGroup, columns: list[str]) -> str:
    """The CSV rows of one group (id, partition, then the cells of `columns`), as the csv writer writes
    them: each cell is made once per column above, and the lines are joined in C."""
    partition, ids, rows = group
    cells = [_csv_column(list(map(dict.get, rows, repeat(name)))) for name in columns]
    ids = _quote_where_needed(ids)
    return "\n".join(map(",".join, zip(ids, repeat(partition), *cells))) + "\n"


def _csv_prepare(groups: Iterable[GroupFields]) -> tuple[list[_CsvGroup], set[str]]:
    """Each non-empty group's records in id order, and every field name they use."""
    prepared: list[_CsvGroup] = []
    names: set[str] = set()
    for group in groups:
        if group.fields:
            ids = sorted(group.fields)
            rows = list(map(group.fields.__getitem__, ids))
            names.update(*rows)
            prepared.append((group.partition or "", ids, rows))
    return prepared, names


def _csv_finish(prepared: list[_CsvGroup], columns: list[str]) -> list[bytes]:
    return [_csv_rows(group, columns).encode("utf-8") for group in prepared]


def _csv_header(columns: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(["id", "partition", *columns])
    return buffer.getvalue().encode("utf-8")


def board_csv(session: Session, progress: Progress | None = None) -> dict[str, str]:
    """One CSV text per kind (file name -> text): id, partition, then the fields in name order."""
    out: dict[str, str] = {}
    kinds = board_kinds(session)
    for done, kind in enumerate(kinds):
        columns, chunks = _kind_here(session, kind, "csv", _kind_partitions(session, kind))
        if chunks:
            out[f"{kind}.csv"] = b"".join([_csv_header(columns), *chunks]).decode("utf-8")
        if progress:
            progress(done + 1, len(kinds))
    return out


class _CsvKind:
    """The CSV file of one kind (created with its header before the first records; see `_write_kind`)."""

    def __init__(self, path: Path, outputs: list[_Output]) -> None:
        self.path = path
        self.outputs = outputs  # every file of the export, to commit or discard in the end
        self.out: _Output | None = None

    def start(self, columns: list[str]) -> None:
        if self.out is None:
            self.out = _Output(self.path)
            self.outputs.append(self.out)
            self.out.write(_csv_header(columns))

    def write(self, chunk: bytes) -> None:
        assert self.out is not None
        self.out.write(chunk)

    def place(self, pending: int) -> tuple[Path, int, bool]:
        assert self.out is not None
        return self.out.temp, self.out.tell() + pending, False

    def skip_to(self, offset: int) -> None:
        assert self.out is not None
        self.out.seek(offset)

    def rewind(self) -> None:
        if self.out is not None:
            self.out.discard()
            self.outputs.remove(self.out)
            self.out = None


def _write_csv_files(
    session: Session, out_dir: Path, outputs: list[_Output], progress: Progress | None, parallel: bool
) -> None:
    """Write one CSV file per kind with records (as temp files, added to `outputs`; see `_Output`)."""
    kinds = board_kinds(session)
    for done, kind in enumerate(kinds):
        _write_kind(session, kind, "csv", _CsvKind(out_dir / f"{kind}.csv", outputs), parallel)
        if progress:
            progress(done + 1, len(kinds))


# -- one kind, read in one process or two ----------------------------------------------------------------

# A kind with at least this many groups (months of readings) is exported by two processes when the caller
# allows it: a forked child reads, encodes and writes the later half of the groups while this process does
# the first half. Parsing the files is most of the work of an export, and it holds the GIL.
PARALLEL_MIN_GROUPS = 8
CHILD_PATIENCE = 30.0  # seconds at least, for each answer of the child

# Per format: prepare (groups -> (prepared, their field names)), finish (prepared, every field name of the
# kind -> encoded chunks, one per non-empty group), and what goes between two chunks.
_FORMATS: dict[
    str, tuple[Callable[[Iterable[GroupFields]], tuple[Any, set[str]]], Callable[..., list[bytes]], bytes]
] = {
    "json": (_json_prepare, _json_finish, _ITEM_SEP),
    "csv": (_csv_prepare, _csv_finish, b""),
}


def _kind_here(
    session: Session, kind: str, fmt: str, partitions: list[str | None]
) -> tuple[list[str], list[bytes]]:
    """(every field name of the records of `kind` in these groups, in order; their encoded chunks)."""
    prepare, finish, _between = _FORMATS[fmt]
    prepared, names = prepare(session.board.fields_by_group(kind, partitions))
    columns = sorted(names)
    return columns, finish(prepared, columns)


def _write_kind(session: Session, kind: str, fmt: str, target: Any, parallel: bool) -> None:
    """Write the records of `kind` in (partition, id) order to `target` (a `_JsonKind` or `_CsvKind`).

    With `parallel` and a long history, a forked child does the later half of the groups (see
    `_share_with`); if it fails at any point, what was written of the kind is taken back and this process
    does it all. The result is the same either way."""
    partitions = _kind_partitions(session, kind)
    if parallel and len(partitions) >= PARALLEL_MIN_GROUPS:
        split = len(partitions) // 2
        child = _Child.start(lambda channel: _child_work(session, kind, fmt, partitions[split:], channel))
        if child is not None:
            try:
                if _share_with(child, session, kind, fmt, target, partitions[:split]):
                    return
            finally:
                child.stop()
            target.rewind()
    columns, chunks = _kind_here(session, kind, fmt, partitions)
    if chunks:
        target.start(columns)
        for chunk in chunks:
            target.write(chunk)


def _share_with(
    child: _Child, session: Session, kind: str, fmt: str, target: Any, partitions: list[str | None]
) -> bool:
    """This process's side of a kind shared with a child (see `_child_work` for the other side); False when
    the child failed.

    Both read and encode their groups; the child says which field names it found, this process answers with
    every name (a CSV has one column per name of the whole kind) and then where the child's records go in
    the file, after its own. Each process writes its share itself, at the same time."""
    prepare, finish, _between = _FORMATS[fmt]
    started = time.monotonic()
    prepared, names = prepare(session.board.fields_by_group(kind, partitions))
    # A child that takes far longer than this process did for the same work is stuck: do its share here.
    child.patience = max(CHILD_PATIENCE, 4 * (time.monotonic() - started))
    if fmt == "json":  # JSON needs no field names: write this share while the child still reads
        for chunk in finish(prepared, []):
            target.write(chunk)
        prepared = []
    found = child.receive_json()
    try:
        their_names, their_groups = set(found["names"]), int(found["groups"])
    except (KeyError, TypeError, ValueError):
        return False  # nothing, or not what a child says
    columns = sorted(names | their_names)
    if not child.send_json(columns):
        return False
    chunks = finish(prepared, columns)
    del prepared
    if chunks or their_groups:
        target.start(columns)
    if their_groups:
        path, offset, separate = target.place(sum(map(len, chunks)))
        if not child.send_json({"path": str(path), "offset": offset, "separate": separate}):
            return False
    for chunk in chunks:
        target.write(chunk)
    if their_groups:
        written = child.receive_json()
        if not isinstance(written, int):
            return False
        target.skip_to(offset + written)
    return True


def _child_work(session: Session, kind: str, fmt: str, partitions: list[str | None], channel: _Child) -> None:
    """The child's side of `_share_with`: read and encode its groups, say their field names, receive every
    name and where its records go, write them there and say how many bytes it wrote."""
    prepare, finish, between = _FORMATS[fmt]
    prepared, names = prepare(session.board.fields_by_group(kind, partitions))
    channel.send_json({"names": sorted(names), "groups": len(prepared)})
    columns = channel.receive_json()
    if columns is None or not prepared:
        return
    chunks = finish(prepared, columns)
    del prepared
    place = channel.receive_json()
    if place is None:
        return
    fd = os.open(place["path"], os.O_WRONLY)
    try:
        offset = written = place["offset"]
        for number, chunk in enumerate(chunks):
            if number or place["separate"]:
                written += _write_at(fd, between, written)
            written += _write_at(fd, chunk, written)
    finally:
        os.close(fd)
    channel.send_json(written - offset)


def _write_at(fd: int, data: bytes, offset: int) -> int:
    view = memoryview(data)
    while view:
        done = os.pwrite(fd, view, offset)
        view, offset = view[done:], offset + done
    return len(data)


class _Child:
    """A forked child process and two pipes to it; messages are length-prefixed bytes.

    Forking is used only where it is cheap and safe: on Linux, by the `huddle export` command. The child
    inherits the open board and reads it with the same code; it writes nothing but its share of the export
    file, where it is told to, never to the terminal, and leaves with os._exit. Whatever goes wrong in it
    (an error, a crash, no answer for a long while) makes the caller take back what was written of the
    kind and do it all itself."""

    def __init__(self, pid: int, reader: int, writer: int) -> None:
        self.pid = pid
        self.reader = io.FileIO(reader, "rb")  # unbuffered: select() sees all there is to read
        self.writer = io.FileIO(writer, "wb")
        self.patience: float | None = None  # seconds to wait for the start of a message (None: no limit)

    @classmethod
    def start(cls, work: Callable[[_Child], None]) -> _Child | None:
        if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
            return None
        to_parent = os.pipe()
        to_child = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (*to_parent, *to_child):
                os.close(fd)
            return None
        if pid == 0:  # the child
            code = 1
            try:
                os.close(to_parent[0])
                os.close(to_child[1])
                work(cls(0, to_child[0], to_parent[1]))
                code = 0
            except BaseException:  # the parent does the work itself when the child fails
                pass
            finally:
                os._exit(code)
        os.close(to_parent[1])
        os.close(to_child[0])
        return cls(pid, to_parent[0], to_child[1])

    def send(self, payload: bytes) -> bool:
        try:
            self._write_all(memoryview(len(payload).to_bytes(8, "little")))
            self._write_all(memoryview(payload))
        except OSError:  # the other side is gone (BrokenPipeError)
            return False
        return True

    def _write_all(self, view: memoryview) -> None:
        while view:
            view = view[self.writer.write(view) or 0 :]

    def receive(self) -> bytearray | None:
        """The next message; None when the other side is gone, or sends nothing for `patience` seconds."""
        try:
            if self.patience is not None and not select.select([self.reader], [], [], self.patience)[0]:
                return None
            head = self._read_exactly(8)
            return None if head is None else self._read_exactly(int.from_bytes(head, "little"))
        except OSError:
            return None

    def _read_exactly(self, size: int) -> bytearray | None:
        buffer = bytearray(size)
        view = memoryview(buffer)
        done = 0
        while done < size:
            got = self.reader.readinto(view[done:])
            if not got:
                return None  # end of file: the other side is gone
            done += got
        return buffer

    def send_json(self, value: Any) -> bool:
        return self.send(orjson.dumps(value))

    def receive_json(self) -> Any:
        """The next message as JSON; None when there is none (see `receive`) or it is not JSON."""
        payload = self.receive()
        if payload is None:
            return None
        try:
            return orjson.loads(payload)
        except orjson.JSONDecodeError:
            return None

    def stop(self) -> None:
        """Close the pipes and reap the child (killed if it is still working)."""
        for stream in (self.writer, self.reader):
            with contextlib.suppress(OSError):
                stream.close()
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0


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


class _Output:
    """An export file being written: a hidden temp file beside `path` until `commit()`, so a failed
    export (an unreadable board, a full disk) leaves no half-written file. Write errors: InvalidInput."""

    def __init__(self, path: Path, stream: BinaryIO | None = None) -> None:
        self.path = path
        self.temp = path.with_name(f".{path.name}.{os.getpid()}.huddle-tmp")
        if stream is None:
            try:
                stream = open(self.temp, "wb")  # noqa: SIM115 (closed by close() or discard())
            except OSError as err:
                raise self._failed(err) from err
        self.stream = stream

    def _failed(self, err: OSError) -> InvalidInput:
        return InvalidInput(f"Cannot write {self.path}: {err.strerror or err}.", hint="choose another --out")

    def write(self, data: bytes) -> None:
        try:
            self.stream.write(data)
        except OSError as err:
            raise self._failed(err) from err

    def tell(self) -> int:
        try:
            return self.stream.tell()
        except OSError as err:
            raise self._failed(err) from err

    def seek(self, offset: int) -> None:
        try:
            self.stream.seek(offset)
        except OSError as err:
            raise self._failed(err) from err

    def truncate(self) -> None:
        try:
            self.stream.truncate()
        except OSError as err:
            raise self._failed(err) from err

    def close(self) -> None:
        try:
            self.stream.close()
        except OSError as err:
            raise self._failed(err) from err

    def commit(self) -> None:
        try:
            os.replace(self.temp, self.path)
        except OSError as err:
            raise self._failed(err) from err

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.stream.close()
        with contextlib.suppress(OSError):
            self.temp.unlink()


def export_board(
    session: Session, fmt: str, out_dir: Path, progress: Progress | None = None, *, parallel: bool = False
) -> list[Path]:
    """Write the export in `fmt` (json, csv or md) into `out_dir`; returns the files written.

    The history is read one group (a month of readings) at a time, not kept by the board; the files are
    written as hidden temp files and renamed once all are complete. With `parallel` (for a command-line
    process only: it forks), a forked child does the later half of a long history (see `_write_kind`)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"'{fmt}' is not an export format.", hint="use json, csv or md")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InvalidInput(
            f"Cannot create {out_dir}: {err.strerror or err}.", hint="choose another --out"
        ) from err
    outputs: list[_Output] = []
    try:
        with _gc_paused():
            if fmt == "json":
                outputs.append(_Output(out_dir / "board.json"))
                _write_json(session, outputs[0], progress, parallel)
            elif fmt == "csv":
                _write_csv_files(session, out_dir, outputs, progress, parallel)
            else:
                text = minutes_md(session, progress)
                outputs.append(_Output(out_dir / "huddle-minutes.md"))
                outputs[0].write(text.encode("utf-8"))
        for out in outputs:
            out.close()
        outputs.sort(key=lambda out: out.path.name)
        for out in outputs:
            out.commit()
    except BaseException:
        for out in outputs:
            out.discard()
        raise
    return [out.path for out in outputs]


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while exporting: the records read are not cyclic, and collections
    over hundreds of thousands of young containers cost more than the export's own work."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
