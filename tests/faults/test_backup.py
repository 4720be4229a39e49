"""`huddle backup` / `huddle restore`: a round trip gives the same board; tampered and hostile archives
(path traversal, absolute paths, links, extra or missing files) are refused before anything is written."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Cli, board_hashes


@pytest.fixture
def cli(make_cli: Callable[[Path], Cli], tmp_path: Path) -> Cli:
    cli = make_cli(tmp_path / "board")
    cli.build()
    return cli


def _export(cli: Cli, out: Path, **kw: object) -> str:
    cli.ok("export", "--format", "json", "--out", str(out), **kw)  # type: ignore[arg-type]
    return (out / "board.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".tar.gz", ".zip"])
def test_round_trip_backup_wipe_restore(cli: Cli, tmp_path: Path, suffix: str) -> None:
    before = _export(cli, tmp_path / "before")
    archive = tmp_path / f"board{suffix}"
    done = cli.ok("backup", "--out", str(archive))
    assert "Backed up" in done.out and archive.is_file()
    hashes = board_hashes(cli.board)
    shutil.rmtree(cli.board)
    assert cli("idea", "list").rc == 4  # the board is gone: said plainly
    cli.ok("restore", str(archive))
    assert board_hashes(cli.board) == hashes
    assert _export(cli, tmp_path / "after") == before
    # on another machine (a fresh local state), too
    assert _export(cli, tmp_path / "elsewhere", state=tmp_path / "other-state") == before


def test_backup_leaves_out_sync_temp_files_and_goes_to_default_name(cli: Cli, tmp_path: Path) -> None:
    replica = next((cli.board / "replicas").iterdir())
    for name in (
        ".syncthing.ideas.json.tmp",
        "~syncthing~ideas.json.tmp",
        ".ideas.json.huddle-tmp",
        "x.part",
    ):
        (replica / name).write_text("partial")
    (cli.board / ".stversions").mkdir()
    (cli.board / ".stversions" / "old.json").write_text("{}")
    out = tmp_path / "backups"
    out.mkdir()
    cli.ok("backup", "--out", str(out))
    (archive,) = out.iterdir()
    assert archive.name == "huddle-backup-20261127-080000.tar.gz"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("huddle-backup.json").read())  # type: ignore[union-attr]
    assert not any("tmp" in n or n.endswith(".part") or ".stversions" in n for n in names)
    assert {f"board/{f['path']}" for f in manifest["files"]} == set(names) - {"huddle-backup.json"}
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])


def test_restore_refuses_a_board_that_is_there_without_force(cli: Cli, tmp_path: Path) -> None:
    archive = tmp_path / "b.tar.gz"
    cli.ok("backup", "--out", str(archive))
    cli.ok("idea", "add", "After the backup", "--team", "Line 1")
    hashes = board_hashes(cli.board)
    refused = cli("restore", str(archive))
    assert refused.rc == 2 and "--force" in refused.err
    assert board_hashes(cli.board) == hashes
    done = cli.ok("restore", str(archive), "--force")
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("board.before-restore-")]
    assert len(kept) == 1 and board_hashes(kept[0]) == hashes and "kept at" in done.out


def test_backup_of_a_folder_that_is_no_board_exits_4(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("backup", "--board", str(tmp_path / "empty"), "--out", str(tmp_path / "x.tar.gz"))
    assert result.rc == 4 and "No board" in result.err
    assert cli("backup", "--out", str(tmp_path / "x.rar")).rc == 2
    assert cli("backup", "--out", str(cli.board / "inside.tar.gz")).rc == 2


# --- tampered and hostile archives -----------------------------------------------------------------------


def _tar(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def _manifest(files: dict[str, bytes]) -> bytes:
    return json.dumps(
        {
            "format": "huddle-backup",
            "version": 1,
            "files": [
                {"path": k, "size": len(v), "sha256": hashlib.sha256(v).hexdigest()} for k, v in files.items()
            ],
        }
    ).encode()


def _file(name: str) -> tarfile.TarInfo:
    return tarfile.TarInfo(name)


def _link(name: str, target: str, kind: bytes = tarfile.SYMTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


def _hostile_archives(tmp: Path) -> dict[str, Path]:
    good = {"replicas/r1/ideas.json": b"{}"}
    out = {
        "dot-dot": _tar(tmp / "dotdot.tar.gz", [
            (_file("huddle-backup.json"), _manifest({**good, "../evil.json": b"x"})),
            (_file("board/replicas/r1/ideas.json"), b"{}"), (_file("board/../evil.json"), b"x")]),
        "dot-dot-member-only": _tar(tmp / "dotdot2.tar.gz", [
            (_file("huddle-backup.json"), _manifest(good)),
            (_file("board/replicas/r1/ideas.json"), b"{}"), (_file("../../evil.json"), b"x")]),
        "absolute": _tar(tmp / "abs.tar.gz", [
            (_file("huddle-backup.json"), _manifest(good)),
            (_file("board/replicas/r1/ideas.json"), b"{}"), (_file(str(tmp / "evil-abs.json")), b"x")]),
        "absolute-in-manifest": _tar(tmp / "abs2.tar.gz", [
            (_file("huddle-backup.json"), _manifest({**good, "/tmp/evil.json": b"x"})),
            (_file("board/replicas/r1/ideas.json"), b"{}"), (_file("board//tmp/evil.json"), b"x")]),
        "symlink": _tar(tmp / "sym.tar.gz", [
            (_file("huddle-backup.json"), _manifest(good)),
            (_file("board/replicas/r1/ideas.json"), b"{}"),
            (_link("board/replicas/r1/teams.json", "/etc/passwd"), None)]),
        "hardlink": _tar(tmp / "hard.tar.gz", [
            (_file("huddle-backup.json"), _manifest(good)),
            (_file("board/replicas/r1/ideas.json"), b"{}"),
            (_link("board/replicas/r1/teams.json", "/etc/passwd", tarfile.LNKTYPE), None)]),
        "extra-file": _tar(tmp / "extra.tar.gz", [
            (_file("huddle-backup.json"), _manifest(good)),
            (_file("board/replicas/r1/ideas.json"), b"{}"), (_file("board/replicas/r1/teams.json"), b"{}")]),
        "missing-file": _tar(tmp / "missing.tar.gz", [
            (_file("huddle-backup.json"), _manifest({**good, "replicas/r1/teams.json": b"{}"})),
            (_file("board/replicas/r1/ideas.json"), b"{}")]),
        "no-manifest": _tar(tmp / "nomanifest.tar.gz", [(_file("board/replicas/r1/ideas.json"), b"{}")]),
        "manifest-garbage": _tar(tmp / "garbage-manifest.tar.gz", [(_file("huddle-backup.json"), b"\xff{")]),
    }  # fmt: skip
    zpath = tmp / "zipsym.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("huddle-backup.json", _manifest({**good, "replicas/r1/teams.json": b"/etc/passwd"}))
        zf.writestr("board/replicas/r1/ideas.json", b"{}")
        link = zipfile.ZipInfo("board/replicas/r1/teams.json")
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
    out["zip-symlink"] = zpath
    zpath = tmp / "zipdotdot.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("huddle-backup.json", _manifest(good))
        zf.writestr("board/replicas/r1/ideas.json", b"{}")
        zf.writestr("board/../../zip-evil.json", b"x")
    out["zip-dot-dot"] = zpath
    junk = tmp / "junk.tar.gz"
    junk.write_bytes(bytes(range(256)) * 8)
    out["not-an-archive"] = junk
    out["empty-file"] = tmp / "empty.zip"
    out["empty-file"].write_bytes(b"")
    return out


def test_tampered_archive_is_refused(cli: Cli, tmp_path: Path) -> None:
    archive = tmp_path / "b.tar.gz"
    cli.ok("backup", "--out", str(archive))
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]
    info, data = next((m, d) for m, d in members if m.name.endswith("ideas.json"))
    tampered = data.replace(b"First idea", b"Forged idea")
    members = [(m, tampered if m is info else d) for m, d in members]
    _tar(tmp_path / "tampered.tar.gz", members)
    target = tmp_path / "restored"
    result = cli("restore", str(tmp_path / "tampered.tar.gz"), "--board", str(target))
    assert result.rc == 2 and "checksum" in result.err and not target.exists()
    assert not any(p.name.startswith(".restored.restore-") for p in tmp_path.iterdir())


def test_hostile_archives_are_refused_and_write_nothing(cli: Cli, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    archives = _hostile_archives(hostile)
    before = sorted(p.name for p in tmp_path.iterdir())
    for name, archive in archives.items():
        target = tmp_path / f"restored-{name}"
        result = cli("restore", str(archive), "--board", str(target))
        assert result.rc == 2, (name, result.err)
        assert "cannot be restored" in result.err and "Traceback" not in result.err, (name, result.err)
        assert not target.exists(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not (tmp_path / "evil.json").exists() and not (tmp_path / "evil-abs.json").exists()
