"""What every export format shares: the format's name and version, the kinds of the board and the
groups of records an export reads, and `_Output`, an export file written as a hidden temp file until the
whole export is complete."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from huddle_tui.errors import InvalidInput
from huddle_tui.services import persist
from huddle_tui.services.directory import SETTINGS_KIND
from huddle_tui.services.session import Session
from huddle_tui.store.groups import GroupFields

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


# The C encoder (json uses it only without `indent`): sorted keys, UTF-8 text kept as is.
_encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


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
