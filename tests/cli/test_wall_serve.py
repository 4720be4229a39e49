"""`huddle open`, `huddle wall`, `huddle inbox` (app or table) and `huddle serve` (textual-serve)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, ClassVar

import pytest

from huddle_tui.cli import serve, wall


class FakeApp:
    """Stands in for the Textual app: records how `create_app` was called."""

    calls: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.return_code = 0
        FakeApp.calls.append(kwargs)

    def run(self) -> None:
        if "session" in self.kwargs:
            self.kwargs["session"].close()


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    FakeApp.calls = []
    monkeypatch.setattr("huddle_tui.ui.app.create_app", lambda **kw: FakeApp(**kw))
    return FakeApp.calls


def test_wall_opens_the_app_read_only_on_the_wall_screen(cli: Any, fake_app: list[dict[str, Any]]) -> None:
    cli.ok("wall", "--team", "Area A", "--cycle", "15", user="max")
    (call,) = fake_app
    assert call["start"] == "wall" and call["read_only"] is True and call["cycle_seconds"] == 15
    assert call["team_id"] and call["session"].actor.login == "max"


def test_wall_refuses_a_too_short_cycle_and_an_unknown_team(cli: Any, fake_app: list[dict[str, Any]]) -> None:
    assert cli("wall", "--cycle", "0").rc == 2
    assert cli("wall", "--team", "No such team").rc == 2
    assert not fake_app


def test_open_and_inbox_tui_start_screens(cli: Any, fake_app: list[dict[str, Any]]) -> None:
    cli.ok("open", "--screen", "rollup", user="max")
    cli.ok("inbox", "--tui", user="max")
    assert [c["start"] for c in fake_app] == ["rollup", "inbox"]
    assert all(c["read_only"] is False for c in fake_app)


def test_open_the_home_board_keys_its_start_snapshot(
    cli: Any, fake_app: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from huddle_tui.ui.start import StartSpec

    cli.ok("open", user="max")  # no snapshot yet: the board opens first, the app saves one later
    (first,) = fake_app
    spec = first["start_spec"]
    assert isinstance(spec, StartSpec) and spec.os_login == "max" and first["session"].actor.login == "max"
    monkeypatch.setattr(wall, "can_start_from_snapshot", lambda spec: True)
    cli.ok("open", user="max")  # a snapshot of today: the app draws it and opens the board itself
    second = fake_app[1]
    assert second["start_spec"] == spec and "session" not in second
    session = second["session_factory"]()
    try:
        assert session.actor.login == "max"
    finally:
        session.close()
    cli.ok("open", "--team", "Area A", user="max")  # a chosen team or first screen: no snapshot
    cli.ok("open", "--screen", "inbox", user="max")
    assert [c["start_spec"] for c in fake_app[2:]] == [None, None]


def test_inbox_json_and_table_contract_unchanged(cli: Any, fake_app: list[dict[str, Any]]) -> None:
    data = cli.ok("inbox", "--json", user="max").json()
    assert set(data) == {"person", "escalations", "to_close", "ideas", "actions"}
    assert "Inbox of Max Manager" in cli.ok("inbox", user="max").out  # not a terminal: the table
    assert "Inbox of" in cli.ok("inbox", "--table", user="max").out
    assert not fake_app
    assert cli("inbox", "--tui", "--table").rc == 2


def test_bare_huddle_prints_help_when_not_on_a_terminal(cli: Any, fake_app: list[dict[str, Any]]) -> None:
    assert "COMMAND" in cli.ok().out
    assert not fake_app


def test_loopback_detection_and_session_command(cli: Any) -> None:
    for host in ("127.0.0.1", "127.1.2.3", "::1", "localhost", "[::1]"):
        assert serve.is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.1.10", "example.org"):
        assert not serve.is_loopback(host), host
    from huddle_tui.cli import build_parser

    args = build_parser().parse_args(["--board", str(cli.board), "--as", "max", "serve", "--screen", "inbox"])
    command = serve.session_command(args)
    assert command.startswith(f"{sys.executable} -m huddle_tui --board {cli.board.resolve()}")
    assert command.endswith("--as max open --screen inbox")
    assert wall.SCREENS[0] == "board"


def test_serve_warns_off_loopback_and_checks_its_arguments(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[str, str, int]] = []

    class FakeServer:
        def __init__(self, command: str, host: str, port: int, **kwargs: Any) -> None:
            served.append((command, host, port))

        def serve(self) -> None:
            return None

    monkeypatch.setattr("textual_serve.server.Server", FakeServer)
    result = cli.ok("serve", "--host", "192.0.2.10", "--port", "8123")
    assert "WARNING" in result.err and "anyone who can reach 192.0.2.10:8123" in result.err
    result = cli.ok("serve")
    assert "loopback" in result.out and "http://127.0.0.1:8000" in result.out and not result.err
    assert [(h, p) for _c, h, p in served] == [("192.0.2.10", 8123), ("127.0.0.1", 8000)]
    assert cli("serve", "--port", "70000").rc == 2
    assert cli("--as", "pia", "--pin", "4711", "serve").rc == 2
    assert cli("--board", str(cli.board / "missing"), "serve").rc == 4


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _browser_session(port: int, timeout: float = 40.0) -> bytes:
    """Open the app's websocket as a browser would and collect what the app draws until the board shows."""
    import aiohttp

    received = b""
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30") as ws,
    ):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and b"Riverside" not in received:
            try:
                message = await ws.receive(timeout=1.0)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                received += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                received += message.data.encode()
            elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                break
        await ws.send_json(["stdin", "q"])
    return received


def test_serve_answers_on_a_free_loopback_port(cli: Any, tmp_path: Path) -> None:
    port = _free_port()
    env = dict(os.environ, HUDDLE_OS_USER="boss", HUDDLE_BOARD=str(cli.board))
    out = (tmp_path / "serve.out").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "huddle_tui", "serve", "--port", str(port)],
        stdout=out,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        body = ""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode("utf-8", "replace")
                    break
            except OSError:
                time.sleep(0.2)
        if not body:
            out.seek(0)
            pytest.skip(f"textual-serve did not start: {out.read()[-500:]}")
        assert "huddle" in body.lower() and "<html" in body.lower()
        out.seek(0)
        printed = out.read()
        assert f"http://127.0.0.1:{port}" in printed and "loopback" in printed
        # A browser session: the websocket starts its own `huddle open` process, which draws the board.
        screens = asyncio.run(_browser_session(port))
        assert b"Riverside" in screens, screens[-300:]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        out.close()
