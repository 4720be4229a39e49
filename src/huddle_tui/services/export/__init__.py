"""Exporting the whole board: JSON (complete, deterministic), CSV (one file per kind), Markdown minutes.

The JSON export holds the merged fields of every record (tombstoned records left out), sorted by kind and
id with sorted keys and no replica-specific data, so two replicas holding the same merged data export
byte-identical files. A record with fields written concurrently on two replicas (a flagged conflict)
lists them under `conflicts`. `services.importing.import_board` reads it back into an empty board. CSV text
cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) get a leading apostrophe.
The Markdown export is the huddle minutes, newest first; `write_huddle_minutes` writes one huddle's
minutes to a file.

The history is read one group (a month of readings) at a time; the `huddle export` command lets a forked
child write the later half of a long history. Modules:

- `writer`: `export_board` (the files of an export), `board_json` and `board_csv` (the same as text).
- `common`: the format's name and version, the kinds and groups an export reads, `_Output` (temp files).
- `json_out`: the JSON records (`board_data`, orjson encoding, `_JsonKind`).
- `csv_out`: the CSV cells, rows and header (`_CsvKind`).
- `markdown`: the huddle minutes.
- `parallel`: one kind written in this process or shared with a forked child (the protocol).
- `child`: `_Child`, the forked process and the messages on its pipes.

Every name below is imported from this package; tests that patch the forking (`PARALLEL_MIN_GROUPS`,
`CHILD_PATIENCE`, `_child_work`) patch `parallel`, where those names are looked up.
"""

from __future__ import annotations

from huddle_tui.services.export.child import _Child
from huddle_tui.services.export.common import FORMAT_NAME, FORMAT_VERSION, FORMATS, Progress, board_kinds
from huddle_tui.services.export.csv_out import _csv_rows
from huddle_tui.services.export.json_out import board_data
from huddle_tui.services.export.markdown import (
    huddle_minutes_md,
    huddle_minutes_name,
    minutes_md,
    write_huddle_minutes,
)
from huddle_tui.services.export.parallel import _FORMATS
from huddle_tui.services.export.writer import board_csv, board_json, export_board

__all__ = [
    "FORMATS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "_FORMATS",
    "Progress",
    "_Child",
    "_csv_rows",
    "board_csv",
    "board_data",
    "board_json",
    "board_kinds",
    "export_board",
    "huddle_minutes_md",
    "huddle_minutes_name",
    "minutes_md",
    "write_huddle_minutes",
]
