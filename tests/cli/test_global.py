"""Global options and error handling: --as/--pin/HUDDLE_USER, exit 4 on OS errors, no tracebacks, the
installed `huddle` console script."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from huddle_tui.store import Board


def test_as_and_pin_at_the_kiosk(cli) -> None:
    refused = cli("idea", "add", "x", "--team", "Line 1", user="kiosk1")
    assert refused.rc == 3 and "who is entering" in refused.err
    cli.ok("--as", "ian", "idea", "add", "From the kiosk", "--team", "Line 1", user="kiosk1")
    assert cli.ok("idea", "list", "--json").json()[0]["submitter"] == "Ian Ic"
    no_pin = cli("--as", "pia", "idea", "add", "x", "--team", "Line 1", user="kiosk1")
    assert no_pin.rc == 3 and "PIN" in no_pin.err
    assert cli("--as", "pia", "--pin", "0000", "idea", "add", "x", "--team", "Line 1", user="kiosk1").rc == 3
    cli.ok("--as", "pia", "--pin", "4711", "idea", "add", "Pinned", "--team", "Line 1", user="kiosk1")
    no_hash = cli("--as", "sue", "idea", "add", "x", "--team", "Line 1", user="kiosk1")
    assert no_hash.rc == 3 and "set a PIN" in no_hash.err
    assert cli("--as", "ian", "idea", "list", user="sue").rc == 3


def test_huddle_user_env_applies(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUDDLE_USER", "sue")
    refused = cli("team", "add", "Line 9", "--parent", "Area A")  # boss acting as sue
    assert refused.rc == 3


def test_os_error_while_writing_exits_4(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "readings-2026-11.json")

    monkeypatch.setattr(Board, "put", full)
    result = cli("log", "OEE", "90", "--team", "Line 1", user="ian")
    assert result.rc == 4 and "No space left on device" in result.err and "Traceback" not in result.err


def test_unknown_login_is_told_how_to_get_added(cli) -> None:
    result = cli("idea", "add", "x", "--team", "Line 1", user="stranger")
    assert result.rc == 3 and "huddle person add NAME --login stranger" in result.err
    assert cli("team", "list", user="stranger").rc == 0  # reading needs no person


def test_console_script_smoke(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("huddle")
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "HUDDLE_OS_USER": "admin",
        "HUDDLE_BOARD": str(tmp_path / "board"),
    }
    env.pop("HUDDLE_USER", None)
    run = subprocess.run(
        [str(script), "init", "--name", "Smoke"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    listed = subprocess.run(
        [str(script), "team", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert listed.returncode == 0 and listed.stdout.strip() == "[]"
    bad = subprocess.run(
        [str(script), "log", "X", "1", "--team", "T"], env=env, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_unexpected_error_is_one_line(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from huddle_tui.services import ideas

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(ideas, "list_ideas", broken)
    result = cli("idea", "list")
    assert (
        result.rc == 1 and "internal error (ValueError: boom)" in result.err and "Traceback" not in result.err
    )
    monkeypatch.setenv("HUDDLE_DEBUG", "1")
    with pytest.raises(ValueError):
        cli("idea", "list")
