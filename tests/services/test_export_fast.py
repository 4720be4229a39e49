"""The export's fast paths write exactly what the plain way writes: records read group by group without
being kept, CSV cells decided a column at a time, a forked child reading the later half of a long
history, and files that appear only once the whole export is done."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huddle_tui.errors import BoardUnavailable
from huddle_tui.services import export
from huddle_tui.services.export import parallel
from huddle_tui.store import Board

MONTHS = [f"2026-{month:02d}" for month in range(1, 11)]
TEXTS = ["plain", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "=1+2", "+49 170", "-5 (note)", "@home",
         "\ttab", "", "Grüße, 日本", "x\x00=y", "'quoted"]  # fmt: skip
VALUES: list[Any] = [1.5, -2.0, 0.0, 7, -3, 2**40, 1e22, True, False, None, [1, "a"], {"k": [None, 2.5]}]


# -- the plain way (the export as it was written before the fast paths), the reference ------------------


def reference_json(board: Board, kinds: list[str]) -> str:
    records: dict[str, list[dict[str, Any]]] = {}
    for kind in kinds:
        partitions = board.partitions(kind)
        found = board.all(kind, partitions=partitions) if partitions else board.all(kind)
        items = []
        for r in sorted(found, key=lambda r: (r.partition or "", r.id)):
            item: dict[str, Any] = {"id": r.id, "partition": r.partition, "fields": dict(r.fields)}
            if r.conflicts:
                item["conflicts"] = sorted(r.conflicts)
            items.append(item)
        if items:
            records[kind] = items
    lines = ["{", ' "format": "huddle-board",']
    if not records:
        lines.append(' "records": {},')
    else:
        lines.append(' "records": {')
        for number, kind in enumerate(sorted(records)):
            lines.append(f'  "{kind}": [')
            lines.append(
                ",\n".join(
                    "   " + orjson.dumps(i, option=orjson.OPT_SORT_KEYS).decode() for i in records[kind]
                )
            )
            lines.append("  ]," if number < len(records) - 1 else "  ]")
        lines.append(" },")
    lines += [' "version": 1', "}"]
    return "\n".join(lines) + "\n"


def reference_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def reference_csv_rows(rows: list[tuple[str, str, dict[str, Any]]], names: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for rid, partition, fields in rows:
        writer.writerow([rid, partition, *(reference_cell(fields.get(n)) for n in names)])
    return buffer.getvalue()


def reference_csv(board: Board, kinds: list[str]) -> dict[str, str]:
    out = {}
    data = json.loads(reference_json(board, kinds))["records"]
    for kind, items in data.items():
        names = sorted({name for item in items for name in item["fields"]})
        rows = [(i["id"], i["partition"] or "", i["fields"]) for i in items]
        header = io.StringIO()
        csv.writer(header, lineterminator="\n").writerow(["id", "partition", *names])
        out[f"{kind}.csv"] = header.getvalue() + reference_csv_rows(rows, names)
    return out


# -- a long history with every kind of value, from two replicas ------------------------------------------


def fill_history(path: Path, board: Board, state: Path) -> None:
    items = []
    for m, month in enumerate(MONTHS):
        for i in range(30):
            fields: dict[str, Any] = {
                "value": VALUES[(i + m) % len(VALUES)],
                "day": f"{month}-{i % 28 + 1:02d}",
            }
            if i % 3:
                fields["note"] = TEXTS[(i * 7 + m) % len(TEXTS)]
            if m == 6:
                fields["added_later"] = TEXTS[i % len(TEXTS)]  # a field only some months have
            items.append(("reading", f"r-{i:02d}-{month}", fields, month))
    board.put_many(items, actor="p1")
    board.delete("reading", "r-05-2026-02", actor="p1", partition="2026-02")
    other = Board.open(path, state_dir=state)  # a second replica, writing concurrently
    try:
        other.all("reading", partitions=["2026-04"])
        board.put("reading", "r-01-2026-04", {"note": "mine"}, actor="p1", partition="2026-04")
        other.put("reading", "r-01-2026-04", {"note": "theirs", "x": 1}, actor="p2", partition="2026-04")
        other.put("reading", "r-09-2026-09", {"value": -0.5}, actor="p2", partition="2026-09")
    finally:
        other.close()
    board.refresh()


@pytest.fixture
def history(plant, tmp_path: Path):
    session = plant.admin
    fill_history(plant.path, session.board, tmp_path / "state-2")
    fresh = plant.as_("boss")  # nothing of the history loaded yet
    return fresh


def read_dir(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_exports_match_the_plain_way(history, tmp_path: Path) -> None:
    kinds = export.board_kinds(history)
    json_files = export.export_board(history, "json", tmp_path / "json")
    assert not any(k == "reading" and p for (k, p) in history.board._groups)  # the history was not kept
    expected_json = reference_json(history.board, kinds)
    assert json_files[0].read_text(encoding="utf-8") == expected_json
    assert export.board_json(history) == expected_json
    assert '"conflicts":["note"]' in expected_json and "r-05-2026-02" not in expected_json
    expected_csv = reference_csv(history.board, kinds)
    export.export_board(history, "csv", tmp_path / "csv")
    assert {name: data.decode() for name, data in read_dir(tmp_path / "csv").items()} == expected_csv
    assert export.board_csv(history) == expected_csv
    assert export.board_data(history)["records"] == json.loads(expected_json)["records"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
def test_a_forked_child_reads_half_the_history(history, tmp_path: Path, monkeypatch) -> None:
    export.export_board(history, "json", tmp_path / "plain-json")
    export.export_board(history, "csv", tmp_path / "plain-csv")
    started: list[object] = []
    real_start = export._Child.start

    def counting_start(work):
        child = real_start(work)
        started.append(child)
        return child

    monkeypatch.setattr(export._Child, "start", staticmethod(counting_start))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_GROUPS", 4)
    for fmt in ("json", "csv"):
        export.export_board(history, fmt, tmp_path / f"forked-{fmt}", parallel=True)
        assert read_dir(tmp_path / f"forked-{fmt}") == read_dir(tmp_path / f"plain-{fmt}")
    if os.uname().sysname == "Linux":
        assert len(started) == 2 and all(started)  # one child per export, for the readings


def _dies_at_once(session, kind, fmt, partitions, channel) -> None:
    raise RuntimeError("boom")


def _dies_after_the_names(session, kind, fmt, partitions, channel) -> None:
    prepared, names = export._FORMATS[fmt][0](session.board.fields_by_group(kind, partitions))
    channel.send_json({"names": sorted(names), "groups": len(prepared)})
    channel.receive()
    os._exit(3)


def _writes_garbage_and_dies(session, kind, fmt, partitions, channel) -> None:
    prepared, names = export._FORMATS[fmt][0](session.board.fields_by_group(kind, partitions))
    channel.send_json({"names": sorted(names), "groups": len(prepared)})
    channel.receive()
    place = channel.receive_json()
    fd = os.open(place["path"], os.O_WRONLY)
    os.pwrite(fd, b"garbage" * 10_000, place["offset"])  # half written when it dies
    os._exit(3)


def _says_too_little(session, kind, fmt, partitions, channel) -> None:
    channel.send_json({"names": []})


def _sends_garbage(session, kind, fmt, partitions, channel) -> None:
    channel.send(b"not json")


def _is_stuck(session, kind, fmt, partitions, channel) -> None:
    time.sleep(60)  # as if it waited on a lock another thread held when it was forked


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
@pytest.mark.parametrize(
    "failing",
    [
        _dies_at_once,
        _dies_after_the_names,
        _writes_garbage_and_dies,
        _says_too_little,
        _sends_garbage,
        _is_stuck,
    ],
)
def test_a_failing_child_changes_nothing(history, tmp_path: Path, monkeypatch, failing) -> None:
    export.export_board(history, "csv", tmp_path / "plain-csv")
    export.export_board(history, "json", tmp_path / "plain-json")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_GROUPS", 4)
    monkeypatch.setattr(parallel, "_child_work", failing)
    monkeypatch.setattr(parallel, "CHILD_PATIENCE", 1.0)
    for fmt in ("json", "csv"):
        export.export_board(history, fmt, tmp_path / f"forked-{fmt}", parallel=True)
        assert read_dir(tmp_path / f"forked-{fmt}") == read_dir(tmp_path / f"plain-{fmt}")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_failed_export_leaves_no_file(history, tmp_path: Path, monkeypatch, fmt: str) -> None:
    real = Board.fields_by_group

    def failing(self, kind, partitions=None):
        if kind == "reading":
            raise BoardUnavailable("cannot read the board folder")
        return real(self, kind, partitions)

    monkeypatch.setattr(Board, "fields_by_group", failing)
    out = tmp_path / "out"
    with pytest.raises(BoardUnavailable):
        export.export_board(history, fmt, out)
    assert list(out.iterdir()) == []


cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.sampled_from(list("ab ,\"'\n\r\t=+-@\x00é日")), max_size=6),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["k", "j"]), st.text(max_size=2), max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(st.sampled_from(["a", "b", "c"]), cells, max_size=3), min_size=1, max_size=6))
def test_csv_rows_are_what_the_csv_writer_writes(rows: list[dict[str, Any]]) -> None:
    names = sorted({name for row in rows for name in row})
    ids = [f"id{n}" if n % 3 else f'i"d,{n}' for n in range(len(rows))]
    expected = reference_csv_rows([(i, "2026-11", row) for i, row in zip(ids, rows, strict=True)], names)
    assert export._csv_rows(("2026-11", ids, rows), names) == expected
