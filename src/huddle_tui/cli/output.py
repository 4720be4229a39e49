"""Shared plumbing of the command modules: opening a session from the arguments, printing tables and
JSON, progress bars on a terminal, and turning OS errors into board-unavailable errors.

User text always goes into rich `Text` objects, never through markup, so a title like `a[/]b` prints
as typed. `--json` output uses sorted keys, ISO dates and UTF-8.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from huddle_tui.cli.common import resolve_board_path
from huddle_tui.domain.records import iso_datetime, parse_datetime, to_fields
from huddle_tui.domain.text import one_line
from huddle_tui.errors import BoardUnavailable, HuddleError, InvalidInput
from huddle_tui.services.session import Session, open_session

Handler = Callable[[argparse.Namespace], int]

STATUS_STYLE = {"green": "green", "amber": "yellow", "red": "bold red", "none": "dim"}


def fixed_clock() -> Callable[[], datetime] | None:
    """`$HUDDLE_NOW` (ISO date-time) pins the clock, for scripts and tests; None means the real clock."""
    text = os.environ.get("HUDDLE_NOW")
    if not text:
        return None
    try:
        value = parse_datetime(text)
    except ValueError as err:
        raise InvalidInput(f"HUDDLE_NOW={text!r} is not an ISO date-time.") from err
    return lambda: value


def board_path(args: argparse.Namespace) -> Path:
    return resolve_board_path(getattr(args, "board", None))


def session_from(args: argparse.Namespace, *, create: bool = False) -> Session:
    """Open the board named by --board/$HUDDLE_BOARD as the person given by --as/$HUDDLE_USER."""
    return open_session(
        board_path(args),
        as_login=getattr(args, "as_login", None),
        pin=getattr(args, "pin", None),
        now=fixed_clock(),
        create=create,
    )


@contextmanager
def opened(args: argparse.Namespace, *, create: bool = False) -> Iterator[Session]:
    """A session for one command, closed at the end."""
    session = session_from(args, create=create)
    try:
        yield session
    finally:
        session.close()


def add_board_option(parser: argparse.ArgumentParser) -> None:
    """Also accept --board after the sub-command (SUPPRESS keeps a global `huddle --board DIR ...`)."""
    parser.add_argument("--board", metavar="DIR", default=argparse.SUPPRESS, help="board folder")


def command(func: Handler) -> Handler:
    """Wrap a handler: OS errors from the board folder become BoardUnavailable (exit 4), never a traceback."""

    @functools.wraps(func)
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return int(func(args) or 0)
        except HuddleError:
            raise
        except BrokenPipeError:  # `huddle idea list | head`: the reader went away; not a board problem
            _silence_stdout()
            return 0
        except OSError as err:
            where = f" ({err.filename})" if getattr(err, "filename", None) else ""
            raise BoardUnavailable(
                f"The board cannot be read or written{where}: {err.strerror or err}.",
                hint="check that the folder exists, is writable and the disk is not full; "
                "'huddle doctor' reports on it",
            ) from err
        except Exception as err:  # a bug: say so in one line; HUDDLE_DEBUG=1 shows the traceback
            if os.environ.get("HUDDLE_DEBUG"):
                raise
            print(
                f"huddle: internal error ({type(err).__name__}: {one_line(str(err), limit=200)}). "
                "Please report it; HUDDLE_DEBUG=1 shows the details.",
                file=sys.stderr,
            )
            return 1

    return wrapper


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (captured in tests)
        pass


def console(*, stderr: bool = False) -> Console:
    """A rich console on the current stdout/stderr (created per call so capture in tests works)."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 160
    return Console(file=stream, width=width, highlight=False, soft_wrap=False)


def say(message: str | Text, *, stderr: bool = False) -> None:
    """Print one message; a plain str is printed as text, never markup."""
    text = message if isinstance(message, Text) else Text(message)
    console(stderr=stderr).print(text)


def cell(value: Any, style: str = "") -> Text:
    """A table cell from any value: user text is never parsed as markup."""
    if value is None:
        return Text("-", style="dim")
    if isinstance(value, Text):
        return value
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, float):
        value = f"{value:g}"
    if isinstance(value, datetime):
        value = value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        value = value.isoformat()
    return Text(str(value), style=style)


def status_cell(status: Any) -> Text:
    key = getattr(status, "value", str(status))
    symbol = getattr(status, "symbol", "")
    return Text(f"{symbol} {key}".strip(), style=STATUS_STYLE.get(key, ""))


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=Text(title), title_justify="left")
    for name in columns:
        table.add_column(Text(name))
    for row in rows:
        table.add_row(*(cell(v) for v in row))
    out = console()
    if rows:
        out.print(table)
    else:
        out.print(Text(f"{title}: none", style="dim"))


def jsonable(value: Any) -> Any:
    """JSON-ready form of records, enums, dates and containers (dataclass records via to_fields)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        data = to_fields(value)
        if hasattr(value, "id"):
            data = {"id": value.id, **data}
        return data
    return value


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(jsonable(data), sort_keys=True, indent=2, ensure_ascii=False) + "\n")


@contextmanager
def progress(description: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar callback `(done, total)` on a terminal; None (quiet) when output is piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


def parse_day(text: str | None, what: str = "date") -> date | None:
    """A YYYY-MM-DD argument between 1900 and 2999 (views step days back and forward), or None."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as err:
        raise InvalidInput(f"The {what} '{text}' is not a date.", hint="write it as YYYY-MM-DD") from err
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(
            f"The {what} {day.isoformat()} is out of range.",
            hint=f"give a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}",
        )
    return day


def path_arg(text: str) -> Path:
    """argparse type of file and folder arguments: refuses what no file name can hold (NUL, and
    characters that cannot be encoded for the file system) with a plain usage error."""
    if "\x00" in text:
        raise argparse.ArgumentTypeError("a file name cannot contain a NUL character")
    try:
        os.fsencode(text)
    except UnicodeEncodeError as err:
        raise argparse.ArgumentTypeError("the file name holds characters no file name can hold") from err
    return Path(text)


def shown_path(path: Path | str) -> str:
    """A path for the terminal: control characters escaped as in `ls -b` (\\x1b), the rest as is."""
    text = str(path)
    return "".join(ch if ch.isprintable() or ch in " " else ascii(ch)[1:-1] for ch in text)


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (stable keys, ISO dates)")
