"""`huddle demo [--size team|plant] [--no-open] [--seed N]`: build a demo board and open it in the app.

The board goes into a new temporary folder unless `--board DIR` names one (which must be empty; the
`$HUDDLE_BOARD` variable is deliberately not used, so a demo never lands in a real board). The OS login
becomes an admin of the demo board, so the opened app can act on everything. `$HUDDLE_NOW` pins "now".
With `--no-open`, or when the output is not a terminal, it prints a summary of the board instead. The
generation shows a progress bar on a terminal and stays quiet when the output is piped.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from huddle_tui.cli.output import command, console, fixed_clock
from huddle_tui.demo.generate import DEFAULT_SEED, DEMO_PIN, DemoResult, generate
from huddle_tui.errors import InvalidInput


def register(subparsers: Any) -> None:
    """Add the `demo` sub-command."""
    parser = subparsers.add_parser(
        "demo",
        help="create a realistic demo board (a temporary folder unless --board) and open it",
        description="Create a demo plant board and open it in the app; with --no-open (or when the "
        "output is not a terminal) print a summary of what it holds.",
    )
    parser.add_argument(
        "--size",
        choices=("team", "plant"),
        default="team",
        help="team: a plant with 8 teams and 90 days of history (default); plant: the benchmark board "
        "(50 teams, 20 replicas, 3 years of daily readings)",
    )
    parser.add_argument("--no-open", action="store_true", help="print a summary instead of opening the app")
    parser.add_argument("--seed", type=int, default=None, help="random seed (same seed, same board)")
    parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)  # tests: smaller plant
    # Also accepted after the sub-command; SUPPRESS keeps the global `huddle --board DIR demo` value.
    parser.add_argument("--board", metavar="DIR", default=argparse.SUPPRESS, help="an empty board folder")
    parser.set_defaults(handler=handler)


class RichProgress:
    """A `ProgressSink` drawing a rich progress bar (on stderr) for each stage."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self._task: Any = None

    def __enter__(self) -> RichProgress:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(None, None, None)

    def stage(self, name: str, total: int) -> None:
        if self._task is not None:
            self._bar.update(self._task, completed=self._bar.tasks[-1].total)
        self._task = self._bar.add_task(name, total=max(1, total))

    def advance(self, amount: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, amount)


def _target_folder(args: argparse.Namespace) -> Path:
    given = getattr(args, "board", None)
    if not given:
        return Path(tempfile.mkdtemp(prefix="huddle-demo-"))
    path = Path(given).expanduser()
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise InvalidInput(
            f"{path} is not an empty folder; the demo board needs one of its own.",
            hint="give a new or empty folder with --board, or leave --board out for a temporary folder",
        )
    return path


def _interactive() -> bool:
    return sys.stdout.isatty() and sys.stdin.isatty()


@command
def handler(args: argparse.Namespace) -> int:
    """Generate the board, then open the app on it (or print the summary)."""

    path = _target_folder(args)
    pinned = fixed_clock()
    now = pinned() if pinned else datetime.now(UTC)
    seed = DEFAULT_SEED if args.seed is None else args.seed
    out = console()
    out.print(Text(f"Creating the {args.size} demo board in {path} (seed {seed}) ..."))
    if sys.stdout.isatty() and sys.stderr.isatty():
        with RichProgress() as bar:
            result = generate(path, size=args.size, seed=seed, now=now, progress=bar, scale=args.scale)
    else:
        result = generate(path, size=args.size, seed=seed, now=now, scale=args.scale)
    out.print(Text(f"Done in {result.seconds:.1f} s. Board folder: {path}"))
    if not args.no_open and _interactive():
        _open_app(path, pinned)
        return 0
    _print_summary(path, pinned, result)
    out.print(
        Text(
            f"You ({result.admin_login}) are an admin of this board. Use it with: huddle --board {path} "
            "COMMAND, for example 'escalation list --overdue'."
        )
    )
    return 0


def _open_app(path: Path, pinned: Any) -> None:
    """Run the Textual app on the demo board (imported here: only an interactive demo needs Textual)."""
    from huddle_tui.ui.app import create_app

    create_app(path, now=pinned).run()


def _print_summary(path: Path, pinned: Any, result: DemoResult) -> None:
    from huddle_tui.demo.summary import summarize
    from huddle_tui.services.session import open_session

    session = open_session(path, now=pinned)
    try:
        # The benchmark board has 36 months of readings: count the reds of the last three only.
        summary = summarize(session, months=3 if result.size == "plant" else None)
    finally:
        session.close()
    out = console()
    table = Table(
        title=Text(f"{summary.board_name}: demo board on {summary.today.isoformat()}"), show_header=False
    )
    table.add_column(Text("what"))
    table.add_column(Text("count"))
    tiers = ", ".join(f"{n} tier {tier}" for tier, n in summary.teams_by_tier.items())
    roles = ", ".join(f"{n} {role}" for role, n in sorted(summary.people_by_role.items()))
    statuses = ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in summary.ideas_by_status.items())
    recent = (
        f" (last {len(summary.reading_months)} months: {summary.readings:,})"
        if result.size == "plant"
        else ""
    )
    rows = [
        ("Teams", tiers),
        ("People", roles),
        ("Metrics", str(summary.metrics)),
        ("Replicas", f"{result.replicas} replicas wrote it" if result.replicas > 1 else "1 (this login)"),
        ("Terminals", _terminals(summary)),
        (
            "Readings",
            f"{result.counts.get('reading', summary.readings):,}{recent}, {summary.reds} red, "
            f"{summary.reds_without_countermeasure} red without a countermeasure",
        ),
        ("Ideas", f"{statuses} ({summary.ideas_past_answer_time} waiting past the answer time)"),
        (
            "Escalations",
            f"{summary.escalations_open} open, {summary.escalations_overdue} overdue, "
            f"{summary.escalations_closed} closed",
        ),
        (
            "Actions",
            f"{summary.actions_open} open, {summary.actions_overdue} overdue, {summary.actions_done} done",
        ),
        (
            "Huddles",
            f"{summary.huddles}"
            + (
                f" (last on {summary.last_huddle.isoformat()}: {_some(summary.huddle_teams)})"
                if summary.last_huddle
                else ""
            ),
        ),
    ]
    for name, value in rows:
        table.add_row(Text(name, style="bold"), Text(value))
    out.print(table)


def _some(names: tuple[str, ...], limit: int = 6) -> str:
    """Up to `limit` names, then how many more."""
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def _terminals(summary: Any) -> str:
    """How to try a shared shop-floor terminal on the demo board."""
    if not summary.kiosk_logins:
        return "none"
    text = f"kiosk logins {_some(summary.kiosk_logins, 3)}"
    if summary.people_with_pin:
        text += f"; PIN {DEMO_PIN} for {', '.join(summary.people_with_pin)}"
    return text
