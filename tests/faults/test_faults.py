"""Faults of the board folder: full, read-only, unmounted and remounted, a replica file deleted or put
back older, the clock stepped back an hour.

Each test checks that the CLI says what happened in plain words (exit 4 when nothing can be written),
keeps reading the board, loses nothing it acknowledged, and that `huddle doctor` says how to repair.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import huddle_tui.store.clock as store_clock

from .conftest import Cli, board_hashes, fill_disk, one_plain_line, remount


def _own_replica(cli: Cli) -> Path:
    (folder,) = [p for p in (cli.board / "replicas").iterdir() if p.is_dir()]
    return folder


def _doctor(cli: Cli, **kw: object) -> tuple[dict, str]:
    report = json.loads(cli.ok("doctor", "--json", **kw).out)  # type: ignore[arg-type]
    human = cli.ok("doctor", **kw).out  # type: ignore[arg-type]
    return report, human


def test_full_disk(make_cli: Callable[[Path], Cli], tmpfs: Path) -> None:
    cli = make_cli(tmpfs / "board")
    cli.build()
    filler = fill_disk(tmpfs)
    hashes = board_hashes(cli.board)
    result = cli("idea", "add", "Lost?", "--team", "Line 1")
    assert result.rc == 4 and one_plain_line(result.err), result.err
    assert "space" in result.err.lower()
    assert board_hashes(cli.board) == hashes  # the old files are intact, no temp file left
    assert cli.titles() == {"First idea"}  # still reads the board
    report, human = _doctor(cli)
    assert any("full" in r["problem"] for r in report["repairs"]), report["repairs"]
    assert "How to repair: free space" in human
    backup = cli("backup", "--out", str(tmpfs / "board.tar.gz"))  # a backup onto the full disk
    assert backup.rc == 4 and one_plain_line(backup.err) and not list(tmpfs.glob("*board.tar.gz*"))
    filler.unlink()
    cli.ok("idea", "add", "After cleaning up", "--team", "Line 1")
    assert cli.titles() == {"First idea", "After cleaning up"}
    assert json.loads(cli.ok("doctor", "--json").out)["repairs"] == []


def test_read_only_board(make_cli: Callable[[Path], Cli], tmpfs: Path) -> None:
    cli = make_cli(tmpfs / "board")
    cli.build()
    remount(tmpfs, "ro")
    result = cli("idea", "add", "Lost?", "--team", "Line 1")
    assert result.rc == 4 and one_plain_line(result.err), result.err
    assert "read-only" in result.err.lower()
    assert cli.titles() == {"First idea"}
    board = json.loads(cli.ok("board", "Line 1", "--json").out)
    assert board["escalations_out"][0]["title"] == "Need a forklift"
    report, human = _doctor(cli)
    assert any("read-only" in r["problem"] for r in report["repairs"]), report["repairs"]
    assert "How to repair:" in human and "read-write" in human
    archive = tmpfs.parent / "b.tar.gz"
    cli.ok("backup", "--out", str(archive))  # reading is enough for a backup
    restore = cli("restore", str(archive), "--board", str(tmpfs / "restored"))
    assert restore.rc == 4 and one_plain_line(restore.err), restore.err
    remount(tmpfs, "rw")
    cli.ok("idea", "add", "Writable again", "--team", "Line 1")
    assert cli.titles() == {"First idea", "Writable again"}


def test_unmounted_and_remounted(
    make_cli: Callable[[Path], Cli],
    bind_mount: tuple[Path, Path, Callable[[], None], Callable[[], None]],
) -> None:
    src, mnt, do_mount, do_umount = bind_mount
    cli = make_cli(mnt / "board")
    cli.build()
    cli.ok("idea", "add", "Acknowledged", "--team", "Line 1")
    do_umount()
    mnt_before = sorted(os.listdir(mnt))
    for argv in (["idea", "list"], ["idea", "add", "While away", "--team", "Line 1"]):
        result = cli(*argv)
        assert result.rc == 4 and one_plain_line(result.err), result.err
    assert sorted(os.listdir(mnt)) == mnt_before == []  # no new empty board appeared under the mount point
    doctor = cli("doctor")
    assert doctor.rc == 4 and "mount" in doctor.err and "huddle restore" in doctor.err, doctor.err
    do_mount()
    assert cli.titles() == {"First idea", "Acknowledged"}
    cli.ok("idea", "add", "Back again", "--team", "Line 1")
    assert cli.titles() == {"First idea", "Acknowledged", "Back again"}
    assert (src / "board" / "replicas").is_dir()


def test_deleted_own_replica_file_comes_back(make_cli: Callable[[Path], Cli], tmp_path: Path) -> None:
    cli = make_cli(tmp_path / "board")
    cli.build()
    cli.ok("idea", "add", "Second idea", "--team", "Line 1")
    ideas = _own_replica(cli) / "ideas.json"
    ideas.unlink()
    assert cli.titles() == {"First idea", "Second idea"}  # from this replica's backup ring
    cli.ok("idea", "add", "Third idea", "--team", "Line 1")
    assert ideas.is_file()
    assert cli.titles(state=tmp_path / "other-machine") == {"First idea", "Second idea", "Third idea"}


def test_deleted_replica_file_of_another_machine(make_cli: Callable[[Path], Cli], tmp_path: Path) -> None:
    cli = make_cli(tmp_path / "board")
    cli.build()
    other = tmp_path / "other-machine"
    cli.ok("idea", "add", "From the other machine", "--team", "Line 1", state=other)
    before = cli.titles()
    theirs = [p for p in (cli.board / "replicas").iterdir() if p != _own_replica_of(cli, cli.state)]
    (theirs[0] / "ideas.json").unlink()
    # the other machine puts its file back the next time it runs, from its own backup ring
    assert cli.titles(state=other) == before
    assert (theirs[0] / "ideas.json").is_file()
    cli.ok("idea", "add", "Once more", "--team", "Line 1", state=other)
    assert (theirs[0] / "ideas.json").is_file()
    assert cli.titles() == before | {"Once more"}


def _own_replica_of(cli: Cli, state: Path) -> Path:
    ids = {p.name for p in (cli.board / "replicas").iterdir()}
    for root, _dirs, files in os.walk(state):
        for name in files:
            if name.endswith(".json"):
                text = Path(root, name).read_text(errors="replace")
                for rid in ids:
                    if rid in text:
                        return cli.board / "replicas" / rid
    raise AssertionError("no replica id in the local state")


def test_replica_file_replaced_by_an_older_version(make_cli: Callable[[Path], Cli], tmp_path: Path) -> None:
    cli = make_cli(tmp_path / "board")
    cli.build()
    ideas = _own_replica(cli) / "ideas.json"
    old = tmp_path / "ideas.old.json"
    shutil.copy2(ideas, old)
    cli.ok("idea", "add", "Newer idea", "--team", "Line 1")
    shutil.copy2(old, ideas)  # a restored backup (or a sync tool) puts the older file back
    os.utime(ideas)
    assert cli.titles() == {"First idea", "Newer idea"}
    assert cli.titles(state=tmp_path / "other-machine") == {"First idea", "Newer idea"}
    assert "Newer idea" in ideas.read_text(encoding="utf-8")  # the file was written back whole


def test_clock_stepped_back_an_hour(
    make_cli: Callable[[Path], Cli], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = make_cli(tmp_path / "board")
    cli.build()
    (esc,) = json.loads(cli.ok("escalation", "list", "--json").out)
    idea = json.loads(cli.ok("idea", "list", "--json").out)[0]
    real = store_clock.wall_ms
    monkeypatch.setattr(store_clock, "wall_ms", lambda: real() - 3_600_000)
    earlier = "2026-11-27T07:00:00Z"
    cli.ok("idea", "decide", idea["id"], "under_review", "--reason", "Looking at it", now=earlier)
    cli.ok("escalation", "ack", esc["id"], "--text", "On it", now=earlier)
    (idea_after,) = [i for i in json.loads(cli.ok("idea", "list", "--json").out) if i["id"] == idea["id"]]
    assert idea_after["status"] == "under_review"  # the later edit wins although its clock is behind
    shown = json.loads(cli.ok("escalation", "show", esc["id"], "--json").out)
    assert shown["state"] == "acknowledged"
    print([(m["kind"], m["at"]) for m in shown["moves"]])
    assert shown["moves"][-1]["kind"].startswith("ack"), shown["moves"]  # the path stays in order
    assert shown["moves"][-1]["at"] > shown["moves"][0]["at"]
    assert shown["overdue_hours"] >= 0 and shown["hours_left"] >= 0
    report, human = _doctor(cli)  # this machine's clock is now behind what it wrote an hour ago
    assert any("clock" in r["problem"] for r in report["repairs"]), report["repairs"]
    assert "How to repair: set that machine's clock right" in human


def test_restore_into_an_empty_mount_point(
    make_cli: Callable[[Path], Cli], tmpfs: Path, tmp_path: Path
) -> None:
    """A share that comes back empty: restore the backup into the mount point itself (not renamable)."""
    cli = make_cli(tmp_path / "board")
    cli.build()
    before = cli.titles()
    archive = tmp_path / "b.zip"
    cli.ok("backup", "--out", str(archive))
    cli.ok("restore", str(archive), "--board", str(tmpfs))
    assert sorted(p.name for p in tmpfs.iterdir()) == ["replicas"]
    on_share = make_cli(tmpfs)
    assert on_share.titles(state=tmp_path / "elsewhere") == before


def test_import_across_months_when_the_disk_fills_half_way(
    make_cli: Callable[[Path], Cli], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second month file hits ENOSPC: exit 4 in plain words; importing again later completes it,
    no reading twice (reading ids are deterministic), nothing acknowledged lost."""
    import errno

    import huddle_tui.store.storage as storage

    cli = make_cli(tmp_path / "board")
    cli.build()
    csv = tmp_path / "two-months.csv"
    csv.write_text(
        "metric,team,date,value\nOEE,Line 1,2026-10-30,90\nOEE,Line 1,2026-10-31,91\n"
        "OEE,Line 1,2026-11-01,92\nOEE,Line 1,2026-11-02,93\n",
        encoding="utf-8",
    )
    real = storage.atomic_write
    written: list[str] = []

    def fills_up(path: Path, raw: bytes, **kw: object) -> None:
        if Path(path).name.startswith("readings-") and written:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        written.append(Path(path).name)
        real(path, raw, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(storage, "atomic_write", fills_up)
    failed = cli("import", "readings", str(csv))
    assert failed.rc == 4 and one_plain_line(failed.err) and "full" in failed.err, failed.err
    monkeypatch.setattr(storage, "atomic_write", real)
    cli.ok("import", "readings", str(csv))
    export = tmp_path / "export"
    cli.ok("export", "--format", "json", "--out", str(export))
    data = json.loads((export / "board.json").read_text(encoding="utf-8"))
    days = sorted(r["fields"]["date"] for r in data["records"]["reading"])
    assert days == ["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-26"]
