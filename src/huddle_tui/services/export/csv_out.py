"""The rows of the CSV export (one file per kind): cells as the csv writer writes them, decided a column at
a time, with a leading apostrophe on text a spreadsheet would run as a formula; the header; and
`_CsvKind`, the file of one kind."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from itertools import repeat
from pathlib import Path
from typing import Any

from huddle_tui.services.export.common import _encode, _Output
from huddle_tui.store.groups import GroupFields

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
