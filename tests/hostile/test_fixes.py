"""One regression test per bug the hostile corpus found in the CLI (the matrix covers them all again)."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest

from huddle_tui.domain.text import one_line

from .conftest import Workspace, board_hashes
from .corpus import ESC, ONE_MB


def test_one_line_drops_controls_and_shortens_long_words() -> None:
    text = one_line(f"No team '{ESC}[2Jx\r\ny\x00\udcff' here. " + "A" * ONE_MB)
    assert ESC not in text and "\n" not in text and "\x00" not in text and "\udcff" not in text
    assert len(text) < 700 and f"({ONE_MB} characters)" in text


def test_one_line_shows_bidi_overrides_instead_of_obeying_them() -> None:
    assert one_line("No person with login '\u202eevil' here.") == "No person with login '<U+202E>evil' here."


def test_error_echoing_an_escape_sequence_is_one_safe_line(workspaces: Callable[[int], Workspace]) -> None:
    ws = workspaces(0)
    rc, _out, err = ws.run(["idea", "add", "x", "--team", f"{ESC}]52;c;cGF3bmVk\x07\nLine 1"])
    assert rc == 2 and ESC not in err and "\x07" not in err and len(err.strip().splitlines()) == 1


def test_one_mb_error_does_not_flood_the_terminal(workspaces: Callable[[int], Workspace]) -> None:
    ws = workspaces(0)
    rc, _out, err = ws.run(["--as", "x" * ONE_MB, "idea", "list"])
    assert rc == 2 and len(err) < 1000


def test_one_mb_reference_gets_no_difflib_suggestions(
    workspaces: Callable[[int], Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`did you mean` suggestions ran difflib over the whole value: about a second for a pasted 1 MB."""
    ws = workspaces(0)

    def refuse(word: str, *_args: object, **_kw: object) -> list[str]:
        assert len(word) <= 200, "difflib called on a huge value"
        return []

    monkeypatch.setattr(difflib, "get_close_matches", refuse)
    rc, _out, err = ws.run(["team", "add", "New", "--parent", "P" * ONE_MB])
    assert rc == 2 and "No team" in err
    rc, _out, err = ws.run(["team", "add", "New", "--parent", "Plnt"])
    assert rc == 2 and "No team" in err


def test_dates_outside_the_calendar_views_can_show_are_refused(
    workspaces: Callable[[int], Workspace],
) -> None:
    """0001-01-01 and 9999-12-31 made the board, roll-up and KPI views overflow (internal error)."""
    ws = workspaces(0)
    for argv in (["board", "Line 1", "--date", "0001-01-01"], ["rollup", "Plant", "--date", "9999-12-31"],
                 ["kpis", "--until", "0001-01-01"]):  # fmt: skip
        rc, _out, err = ws.run(argv)
        assert rc == 2 and "out of range" in err, (argv, err)


def test_file_names_no_file_system_can_hold_are_usage_errors(workspaces: Callable[[int], Workspace]) -> None:
    """NUL and lone high surrogates in --out / FILE raised ValueError / UnicodeEncodeError (exit 1)."""
    ws = workspaces(0)
    before = board_hashes(ws.board)
    for argv in (["export", "--out", "a\x00b"], ["import", "readings", "\ud800.csv"],
                 ["import", "board", "x\x00.json"], ["--board", "b\x00", "team", "list"],
                 ["doctor", "--board", "\ud800"]):  # fmt: skip
        rc, _out, err = ws.run(argv)
        assert rc == 2 and "Error" not in err, (argv, err)
    assert board_hashes(ws.board) == before


def test_doctor_on_a_path_too_long_exits_4(workspaces: Callable[[int], Workspace]) -> None:
    ws = workspaces(0)
    rc, _out, err = ws.run(["doctor", "--board", "d" * 5000])
    assert rc == 4 and "Traceback" not in err and len(err.splitlines()) == 1


def test_export_path_with_escape_is_shown_escaped(workspaces: Callable[[int], Workspace]) -> None:
    ws = workspaces(0)
    rc, out, err = ws.run(["export", "--out", f"out{ESC}[2J"])
    assert rc == 0, err
    assert ESC not in out and "out\\x1b[2J" in out


def test_a_value_starting_with_a_dash_gets_a_hint(workspaces: Callable[[int], Workspace]) -> None:
    ws = workspaces(0)
    rc, _out, err = ws.run(["idea", "add", "-inf", "--team", "Line 1"])
    assert rc == 2 and "after '--'" in err
    rc, _out, err = ws.run(["idea", "add", "--team", "Line 1", "--", "-inf"])
    assert rc == 0, err


def test_bad_csv_rows_are_listed_one_per_line_and_capped(
    workspaces: Callable[[int], Workspace], tmp_path: Path
) -> None:
    """The bad-row list went through the one-line filter too; now: a headline, 20 rows, '... and N more'."""
    rows = [f"OEE,Line 1,2026-10-{day:02d},{ESC}[31mx,,r" for day in range(1, 26)]
    path = tmp_path / "bad.csv"
    path.write_text("metric,team,date,value,shift,reason\n" + "\n".join(rows) + "\n", encoding="utf-8")
    ws = workspaces(0)
    rc, _out, err = ws.run(["import", "readings", str(path)])
    lines = err.splitlines()
    assert rc == 2 and lines[0].startswith("huddle: Nothing was imported: 25 bad row(s)")
    assert len(lines) == 22 and lines[1].startswith("  line 2:") and lines[-1] == "  ... and 5 more"
    assert ESC not in err


def test_csv_export_defuses_spreadsheet_formulas(
    workspaces: Callable[[int], Workspace], tmp_path: Path
) -> None:
    """A title like =HYPERLINK(...) ran as a formula when the CSV export was opened in a spreadsheet."""
    ws = workspaces(0)
    for title in ('=HYPERLINK("http://example.invalid","x")', "+1+1", "@SUM(A1)", "-2+3"):
        assert ws.run(["idea", "add", "--team", "Line 1", "--", title])[0] == 0
    rc, _out, err = ws.run(["export", "--format", "csv", "--out", str(tmp_path / "csv")])
    assert rc == 0, err
    import csv

    with open(tmp_path / "csv" / "idea.csv", encoding="utf-8", newline="") as fh:
        titles = {row["title"] for row in csv.DictReader(fh)}
    assert {'\'=HYPERLINK("http://example.invalid","x")', "'+1+1", "'@SUM(A1)", "'-2+3"} <= titles
    assert not any(t[:1] in "=+-@" for t in titles)
