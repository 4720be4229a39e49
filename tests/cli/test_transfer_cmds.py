"""`huddle export` and `huddle import` through the real entry point, and the JSON round trip."""

from __future__ import annotations

from pathlib import Path


def _fill(cli) -> None:
    cli.ok("log", "OEE", "70", "--team", "Line 1", "--reason", "jam", "--date", "2026-10-30", user="ian")
    cli.ok("idea", "add", "Bins", "--team", "Line 1", user="ian")
    cli.ok("escalate", "Parts", "--team", "Line 1", "--severity", "low", user="ian")


def test_export_formats(cli, tmp_path: Path) -> None:
    _fill(cli)
    out = tmp_path / "out"
    assert "board.json" in cli.ok("export", "--out", str(out)).out
    assert "idea.csv" in cli.ok("export", "--format", "csv", "--out", str(out)).out
    assert "huddle-minutes.md" in cli.ok("export", "--format", "md", "--out", str(out)).out
    assert (out / "reading.csv").read_text(encoding="utf-8").startswith("id,partition,")
    assert cli("export", "--format", "xml").rc == 2


def test_json_round_trip_into_a_fresh_board(cli, tmp_path: Path) -> None:
    _fill(cli)
    cli.ok("export", "--out", str(tmp_path / "a"))
    fresh = tmp_path / "fresh"
    result = cli.ok("--board", str(fresh), "import", "board", str(tmp_path / "a" / "board.json"))
    assert "Imported" in result.out
    cli.ok("--board", str(fresh), "export", "--out", str(tmp_path / "b"))
    original = (tmp_path / "a" / "board.json").read_bytes()
    assert (tmp_path / "b" / "board.json").read_bytes() == original
    again = cli("--board", str(fresh), "import", "board", str(tmp_path / "a" / "board.json"))
    assert again.rc == 2 and "empty board" in again.err


def test_import_readings(cli, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "\ufeffmetric,team,date,value,reason\nOEE,Line 1,2026-11-20,91,\nOEE,Line 1,2026-11-21,60,Jam\n",
        encoding="utf-8",
    )
    result = cli.ok("import", "readings", str(good), user="ian")
    assert "Imported 2 reading(s) (1 red) into month(s) 2026-11" in result.out
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "metric,team,date,value\nOEE,Line 1,2026-11-22,90\nOEE,Line 1,2026-11-23,60\nOEE,Nope,2026-11-23,1\n",
        encoding="utf-8",
    )
    failed = cli("import", "readings", str(bad), user="ian")
    assert (
        failed.rc == 2 and "line 3:" in failed.err and "line 4:" in failed.err and "line 2:" not in failed.err
    )
    assert "Nothing was imported" in failed.err
    missing = cli("import", "readings", str(tmp_path / "none.csv"), user="ian")
    assert missing.rc == 2 and "No file" in missing.err
