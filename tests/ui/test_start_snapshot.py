"""The fast start (ui/start.py): the home board is drawn from its snapshot while the board opens."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from huddle_tui.services import ideas, snapshots
from huddle_tui.services.session import Session
from huddle_tui.ui.app import HuddleApp, create_app
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.modals.form import FormModal
from huddle_tui.ui.screens.detail import DetailScreen
from huddle_tui.ui.start import StartSpec, read_start_snapshot
from huddle_tui.ui.widgets.header_bar import HeaderBar, header_lines

from .conftest import NOW, fixed_now, open_as
from .harness import board, settle

SIZE = (120, 40)


def spec_of(board_path: Path) -> StartSpec:
    return StartSpec(board_path.absolute(), "tester")


def gated(
    board_path: Path, gate: threading.Event, now: Callable[[], datetime] = fixed_now
) -> Callable[[], Session]:
    """A session factory that waits for `gate` (the board "takes long to open")."""

    def factory() -> Session:
        assert gate.wait(30), "the test never opened the gate"
        return open_session_at(board_path, now)

    return factory


def open_session_at(board_path: Path, now: Callable[[], datetime]) -> Session:
    from huddle_tui.services.session import open_session

    return open_session(board_path, os_login="tester", now=now)


def build(
    factory: Callable[[], Session], spec: StartSpec, now: Callable[[], datetime] = fixed_now
) -> HuddleApp:
    return create_app(factory, now=now, watch=False, cursor_blink=False, animations=False, start_spec=spec)


def header_text(app: HuddleApp) -> str:
    first, second = header_lines(board(app).query_one(HeaderBar).info)
    return f"{first.plain}\n{second.plain}"


def idea_titles(app: HuddleApp) -> str:
    table = board(app).table("ideas")
    return "\n".join(table.row_text(key) for key, _ in table.all_rows)


async def first_run(board_path: Path) -> None:
    """Open the board once (no snapshot yet): the board opens first, then the snapshot is saved."""
    gate = threading.Event()
    gate.set()
    app = build(gated(board_path, gate), spec_of(board_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        assert board(app).board is not None


async def test_first_run_saves_the_home_board(board_path: Path) -> None:
    assert read_start_snapshot(spec_of(board_path), NOW) is None
    await first_run(board_path)
    snap = read_start_snapshot(spec_of(board_path), NOW)
    assert snap is not None
    assert snap.loaded.header.opening  # marked as opening when read back
    assert snap.loaded.board.day == snap.loaded.header.today


async def test_second_run_draws_the_snapshot_then_goes_live(board_path: Path) -> None:
    await first_run(board_path)
    gate = threading.Event()
    app = build(gated(board_path, gate), spec_of(board_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = board(app)
        assert app.session is None  # the board has not opened ...
        assert screen.board is not None and not screen.live  # ... but it is drawn
        assert "opening the board" in header_text(app)
        drawn = idea_titles(app)
        assert drawn

        # looking works: cursor and panes
        await pilot.press("2")
        assert screen.pane == "ideas"
        before = screen.table("ideas").cursor_row
        await pilot.press("j")
        assert screen.table("ideas").cursor_row == before + 1
        cursor_key = screen.table("ideas").current_key
        # writing and opening wait for the board: nothing happens, nothing breaks
        for key in ("n", "x", "a", "enter", "h", "H", "r", "i"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, (FormModal, DetailScreen, ErrorModal)), key
            assert app.screen is screen, key

        gate.set()
        await settle(pilot)
        assert app.session is not None and screen.live
        assert "opening the board" not in header_text(app)
        assert idea_titles(app) == drawn
        assert screen.table("ideas").current_key == cursor_key  # the cursor stayed on its record
        # and now the keys work
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)


async def test_the_snapshot_lays_out_the_tables_before_the_first_frame(board_path: Path) -> None:
    """On a terminal of the snapshot's size the tables build their columns at mount, from the widths
    they had: the first frame shows the rows, and the first resize finds nothing to redo. The snapshot
    board draws nothing ahead (the first keys do not wait for it); the live board does."""
    await first_run(board_path)
    snap = read_start_snapshot(spec_of(board_path), NOW)
    assert snap is not None and snap.terminal == SIZE
    widths = dict(snap.table_widths)
    assert set(widths) == {"metrics", "ideas", "escalations", "actions"} and all(widths.values())

    gate = threading.Event()
    app = build(gated(board_path, gate), spec_of(board_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = board(app)
        for pane, width in widths.items():
            table = screen.table(pane)
            assert table.width_hint == width
            assert table.columns and table.row_count  # laid out at mount, before any resize
        await pilot.pause(0.3)  # longer than DRAW_AHEAD_AFTER
        assert screen._drawn_ahead == ()
        built = {pane: screen.table(pane)._layout for pane in widths}
        assert all(built.values())
        gate.set()
        await settle(pilot)
        await pilot.pause(0.3)
        assert screen.live and screen._drawn_ahead != ()
        assert {pane: screen.table(pane)._layout for pane in widths} == built


async def test_a_snapshot_of_another_terminal_size_gives_no_width_hints(board_path: Path) -> None:
    await first_run(board_path)
    gate = threading.Event()
    app = build(gated(board_path, gate), spec_of(board_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = board(app)
        assert all(screen.table(pane).width_hint == 0 for pane in ("metrics", "ideas"))
        assert screen.table("metrics").row_count  # laid out at the first resize, as without a snapshot
        gate.set()
        await settle(pilot)


async def test_changes_made_meanwhile_show_once_open(board_path: Path) -> None:
    await first_run(board_path)
    session = open_as(board_path)
    try:
        team = session.directory.team(board_of_team(board_path)).id
        ideas.submit_idea(session, "Added on another terminal while the app was closed", team=team)
    finally:
        session.close()
    gate = threading.Event()
    app = build(gated(board_path, gate), spec_of(board_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Added on another terminal" not in idea_titles(app)  # the snapshot is older
        gate.set()
        await settle(pilot)
        assert "Added on another terminal" in idea_titles(app)


def board_of_team(board_path: Path) -> str:
    snap = read_start_snapshot(spec_of(board_path), NOW)
    assert snap is not None
    return snap.team_id


async def test_snapshot_of_another_day_is_not_drawn(board_path: Path) -> None:
    await first_run(board_path)
    tomorrow = NOW + timedelta(days=1)
    assert read_start_snapshot(spec_of(board_path), tomorrow) is None
    gate = threading.Event()
    gate.set()
    app = build(gated(board_path, gate, lambda: tomorrow), spec_of(board_path), lambda: tomorrow)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = board(app)
        assert screen.preloaded is None and screen.live
        assert screen.board is not None and screen.board.day == tomorrow.date()


async def test_board_gone_since_the_snapshot_shows_the_error(board_path: Path) -> None:
    await first_run(board_path)
    shutil.rmtree(board_path)
    app = build(lambda: open_session_at(board_path, fixed_now), spec_of(board_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        assert "No board folder" in str(app.screen.error)
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 4


async def test_garbage_snapshot_means_a_normal_start(board_path: Path) -> None:
    spec = spec_of(board_path)
    path = snapshots.snapshot_path(spec.board_path, spec.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"[/] \x1b[31m not a pickle")
    gate = threading.Event()
    gate.set()
    app = build(gated(board_path, gate), spec)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert board(app).preloaded is None and app.session is not None
    assert read_start_snapshot(spec, NOW) is not None  # replaced by a good one


async def test_each_person_has_their_own_snapshot(board_path: Path) -> None:
    await first_run(board_path)
    other = StartSpec(board_path.absolute(), "someone-else")
    assert read_start_snapshot(other, NOW) is None
    with_as = StartSpec(board_path.absolute(), "tester", as_login="ana")
    assert read_start_snapshot(with_as, NOW) is None


async def test_a_board_path_gives_the_app_a_start_spec(
    board_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUDDLE_OS_USER", "tester")
    app = create_app(board_path, now=fixed_now, watch=False)
    assert app.start_spec == StartSpec(board_path.absolute(), "tester", "", "")
    factory_app = create_app(lambda: open_as(board_path), now=fixed_now, watch=False)
    assert factory_app.start_spec is None  # tests and custom factories start the usual way


def test_now_is_aware(board_path: Path) -> None:
    app = create_app(lambda: open_as(board_path), now=lambda: datetime(2026, 11, 27, 15, 0), watch=False)
    assert app.now_utc().tzinfo is UTC


class FrozenClock:
    """`time` for ui/start.py: a monotonic clock that moves only when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


async def on_a_frozen_clock(
    board_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[HuddleApp, FrozenClock]:
    """An app that starts from the board's snapshot, with ui/start.py's clock frozen; the board itself
    would open at once: what it waits for is the keys."""
    from huddle_tui.ui import start

    await first_run(board_path)
    clock = FrozenClock()
    monkeypatch.setattr(start, "time", clock)
    gate = threading.Event()
    gate.set()
    return build(gated(board_path, gate), spec_of(board_path)), clock


async def test_the_board_opens_once_the_keys_are_quiet(
    board_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huddle_tui.ui.start import OPEN_WHEN_QUIET

    app, clock = await on_a_frozen_clock(board_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app._open_pending is board(app) and app.session is None  # drawn from the snapshot
        for _ in range(3):  # someone moves the cursor as soon as the board shows: it waits
            clock.now += OPEN_WHEN_QUIET * 0.75
            await pilot.press("j")
            await pilot.pause(OPEN_WHEN_QUIET)
            assert app._open_pending is not None and app.session is None
        clock.now += OPEN_WHEN_QUIET  # then the keys are quiet: the board opens
        await settle(pilot)
        assert app._open_pending is None and app.session is not None and board(app).live


async def test_enter_on_a_record_opens_the_board_at_once(
    board_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _clock = await on_a_frozen_clock(board_path, monkeypatch)  # the keys never look quiet
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app._open_pending is not None
        await pilot.press("enter")  # a record's detail needs the board: it opens now
        await settle(pilot)
        assert app._open_pending is None and app.session is not None and board(app).live
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)


async def test_the_board_opens_at_the_latest_whatever_the_keys(
    board_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huddle_tui.ui.start import OPEN_AT_THE_LATEST, OPEN_WHEN_QUIET

    app, clock = await on_a_frozen_clock(board_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        while clock.now < 1000.0 + OPEN_AT_THE_LATEST:  # a key held down
            clock.now += OPEN_WHEN_QUIET / 2
            await pilot.press("j")
        await pilot.pause(OPEN_WHEN_QUIET)
        await settle(pilot)
        assert app.session is not None and board(app).live


async def test_a_remote_change_seen_does_not_spoil_the_next_start(board_path: Path) -> None:
    await first_run(board_path)
    gate = threading.Event()
    gate.set()
    app = build(gated(board_path, gate), spec_of(board_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.board_changed({("idea", "")})  # a change from another replica: the header says when
        await settle(pilot)
        assert board(app).query_one(HeaderBar).info.last_remote_change is not None
    snap = read_start_snapshot(spec_of(board_path), NOW)  # a time zone's time was in it: still read
    assert snap is not None and snap.loaded.header.last_remote_change is None  # none seen yet
