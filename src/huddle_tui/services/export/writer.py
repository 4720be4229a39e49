"""The whole board in one format: `export_board` writes the files of an export (json, csv or md);
`board_json` and `board_csv` give the same JSON and CSV as text."""

from __future__ import annotations

import contextlib
import gc
import io
from collections.abc import Iterator
from pathlib import Path

from huddle_tui.errors import InvalidInput
from huddle_tui.services.export.common import (
    FORMAT_NAME,
    FORMAT_VERSION,
    FORMATS,
    Progress,
    _encode,
    _kind_partitions,
    _Output,
    board_kinds,
)
from huddle_tui.services.export.csv_out import _csv_header, _CsvKind
from huddle_tui.services.export.json_out import _JsonKind
from huddle_tui.services.export.markdown import minutes_md
from huddle_tui.services.export.parallel import _kind_here, _write_kind
from huddle_tui.services.session import Session


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


def _write_csv_files(
    session: Session, out_dir: Path, outputs: list[_Output], progress: Progress | None, parallel: bool
) -> None:
    """Write one CSV file per kind with records (as temp files, added to `outputs`; see `_Output`)."""
    kinds = board_kinds(session)
    for done, kind in enumerate(kinds):
        _write_kind(session, kind, "csv", _CsvKind(out_dir / f"{kind}.csv", outputs), parallel)
        if progress:
            progress(done + 1, len(kinds))


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
