"""`huddle serve [--host 127.0.0.1] [--port 8000]`: the same app in a web browser through textual-serve.

textual-serve starts one process per browser session, running

    <this python> -m huddle_tui --board <board> [--as LOGIN] open [--team T] [--screen S]

so every session is its own replica process on the same store (the store is built for several writers).
Every session runs as the OS user that started `huddle serve`, and acts as that user's person on the
board (or the person named by --as / $HUDDLE_USER). The server binds to loopback unless told otherwise
and says so; on any other address it warns that whoever can reach the port can use the board as that
OS user (there is no login page: put it behind an authenticating reverse proxy or an SSH tunnel).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys
from typing import Any

from huddle_tui.cli.output import add_board_option, board_path, command, say
from huddle_tui.cli.wall import SCREENS
from huddle_tui.errors import BoardUnavailable, InvalidInput

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(subparsers: Any) -> None:
    """Add `serve`."""
    p = subparsers.add_parser(
        "serve", help="serve the board to web browsers (textual-serve; loopback only by default)"
    )
    p.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}: this machine only)"
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--team", help="the team whose board each session opens (default: the user's team)")
    p.add_argument("--screen", choices=SCREENS, help="the first screen of each session")
    p.add_argument("--public-url", help="the URL browsers use, when behind a reverse proxy")
    add_board_option(p)
    p.set_defaults(handler=serve_handler)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'; False for everything else (0.0.0.0 included)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def session_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser session."""
    argv = [sys.executable, "-m", "huddle_tui", "--board", str(board_path(args).resolve())]
    login = getattr(args, "as_login", None)
    if login:
        argv += ["--as", login]
    argv.append("open")
    if getattr(args, "team", None):
        argv += ["--team", args.team]
    if getattr(args, "screen", None):
        argv += ["--screen", args.screen]
    return shlex.join(argv)


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


@command
def serve_handler(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise InvalidInput(f"--port {args.port} is not a port.", hint="give a number from 1 to 65535")
    if getattr(args, "pin", None):
        raise InvalidInput(
            "--pin cannot be passed to browser sessions (it would show in the process list).",
            hint="serve as a person without a PIN, or let each person use the terminal",
        )
    path = board_path(args)
    if not (path / "replicas").is_dir():
        raise BoardUnavailable(f"No board at {path}.", hint="create one with 'huddle init' or pass --board")
    try:
        from textual_serve.server import Server
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise InvalidInput("textual-serve is not installed.", hint="pip install textual-serve") from err

    host, port = args.host, args.port
    url = args.public_url or url_of(host, port)
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "this OS user"
    say(f"Serving the huddle board {path} at {url}")
    if is_loopback(host):
        say(f"Bound to {host} (loopback): only this machine can open it. Use --host to serve others.")
    else:
        say(
            f"WARNING: bound to {host}, not loopback: anyone who can reach {host}:{port} can use the board "
            f"as the OS user {user}, with no login. Prefer an SSH tunnel or an authenticating proxy.",
            stderr=True,
        )
    say("Each browser session runs its own process on the same board. Ctrl+C stops the server.")
    sys.stdout.flush()
    server = Server(session_command(args), host=host, port=port, title="huddle", public_url=args.public_url)
    server.serve()
    return 0
