"""InboxScreen (`i`, and a manager's first screen): the escalations that wait for the acting person.

The table lists every escalation held by a team the person may handle (`services.queries.inbox`): overdue
first, then severity, then age; after them, the answered escalations that their own team may close. The
line under the table shows the selected escalation's path (every team that held it), what is needed and
by when. From the keyboard: a acknowledge, s answer, u escalate up, p pass sideways, d return down,
c close (answered ones), m any move, Enter the whole path and comments. Each move opens the
MoveEscalationModal (it asks for the answer, reason or guidance where the brief requires one) and the
write runs in a thread worker inside the form (`ui.moves.apply_move`), as on the board; a refused
move is shown in the form. 1-4 go back to the board below and focus that pane.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Static

from huddle_tui.domain.escalations import EscalationMove, EscalationState, MoveKind
from huddle_tui.domain.settings import Severity
from huddle_tui.domain.teams import Role
from huddle_tui.services import escalations, queries, readings
from huddle_tui.services.views import EscalationRow, Inbox
from huddle_tui.ui.formatting import SEVERITY_SHORT, hours_text, time_left_text
from huddle_tui.ui.safe import clip, user_cell, user_text
from huddle_tui.ui.screens.tier import TierScreen
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row

if TYPE_CHECKING:
    from huddle_tui.services.session import Session

SEVERITY_STYLE = {"critical": "bold white on red", "high": "bold red", "medium": "#ff8c00", "low": "dim"}
HOLDER_MOVES = (MoveKind.ACKNOWLEDGED, MoveKind.ANSWERED, MoveKind.UP, MoveKind.SIDEWAYS, MoveKind.DOWN)
RAISER_MOVES = (MoveKind.CLOSED, MoveKind.REOPENED)
MOVE_NAMES = {
    MoveKind.ACKNOWLEDGED: "Acknowledge",
    MoveKind.ANSWERED: "Answer",
    MoveKind.UP: "Escalate up",
    MoveKind.SIDEWAYS: "Pass sideways",
    MoveKind.DOWN: "Return down",
    MoveKind.CLOSED: "Close",
}
PATH_MOVES = (MoveKind.RAISED, MoveKind.UP, MoveKind.SIDEWAYS, MoveKind.DOWN, MoveKind.REOPENED)


@dataclass(frozen=True)
class InboxEntry:
    row: EscalationRow
    path: tuple[str, ...]  # team names, raising team first
    to_close: bool  # answered; the person's team confirms it closes


@dataclass(frozen=True)
class InboxView:
    inbox: Inbox
    entries: tuple[InboxEntry, ...]
    peers: dict[str, tuple[tuple[str, str], ...]]  # holder team id -> (team id, name) of its peers
    has_parent: dict[str, bool]  # holder team id -> it has a parent to escalate to
    today: date
    kiosk: bool


def escalation_path(session: Session, row: EscalationRow, moves: list[EscalationMove]) -> tuple[str, ...]:
    """The teams that held the escalation, in order (raising team first, consecutive repeats folded)."""
    directory = session.directory
    esc = row.escalation
    teams = [esc.raised_by_team]
    for move in sorted(moves, key=lambda m: (m.at, m.id)):
        if MoveKind(move.kind) in PATH_MOVES and move.to_team:
            teams.append(move.to_team)
    if teams[-1] != esc.holder_team:
        teams.append(esc.holder_team)
    folded = [t for i, t in enumerate(teams) if i == 0 or teams[i - 1] != t]
    return tuple(directory.team_name(t) for t in folded)


def build_inbox(session: Session) -> InboxView:
    """The inbox with each escalation's path and the peers each holder may pass to (thread worker)."""
    inbox = queries.inbox(session)
    moves = escalations.all_moves(session)
    tree = session.directory.tree
    entries = [
        InboxEntry(r, escalation_path(session, r, moves.get(r.escalation.id, [])), False)
        for r in inbox.escalations
    ]
    entries += [
        InboxEntry(r, escalation_path(session, r, moves.get(r.escalation.id, [])), True)
        for r in inbox.raised_answered
    ]
    peers: dict[str, tuple[tuple[str, str], ...]] = {}
    has_parent: dict[str, bool] = {}
    for entry in entries:
        holder = entry.row.escalation.holder_team
        if holder in peers:
            continue
        parent = tree.parent(holder)
        siblings = tree.children(parent.id) if parent else tree.roots()
        peers[holder] = tuple((t.id, t.name) for t in siblings if t.id != holder)
        has_parent[holder] = parent is not None
    actor = session.actor
    kiosk = actor is None or Role(actor.role) is Role.KIOSK
    return InboxView(inbox, tuple(entries), peers, has_parent, readings.today(session), kiosk)


class InboxScreen(TierScreen):
    """The escalation inbox of the acting person."""

    CSS_PATH = Path(__file__).with_name("inbox.tcss")
    TITLE_TEXT = "Inbox"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "move('acknowledged')", "Ack", id="inbox.acknowledge"),
        Binding("s", "move('answered')", "Answer", id="inbox.answer"),
        Binding("u", "move('up')", "Up", id="inbox.up"),
        Binding("p", "move('sideways')", "Sideways", id="inbox.sideways"),
        Binding("d", "move('down')", "Down", id="inbox.down"),
        Binding("c", "move('closed')", "Close", id="inbox.close"),
        Binding("m", "move('')", "Move", id="inbox.move", show=False),
        Binding("enter", "open", "Path", id="inbox.open", show=False),
        Binding("j", "cursor(1)", "Down", id="inbox.cursor_down", show=False),
        Binding("k", "cursor(-1)", "Up", id="inbox.cursor_up", show=False),
        Binding("1", "board_pane('metrics')", "Board: metrics", id="inbox.pane1", show=False),
        Binding("2", "board_pane('ideas')", "Board: ideas", id="inbox.pane2", show=False),
        Binding("3", "board_pane('escalations')", "Board: escalations", id="inbox.pane3", show=False),
        Binding("4", "board_pane('actions')", "Board: actions", id="inbox.pane4", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        yield BoardTable(
            [
                Col("sev", "Sev", 4),
                Col("title", "Escalation"),
                Col("from", "From", 14, hide_below=70),
                Col("needed", "Needed by", 9, hide_below=96),
                Col("age", "Age", 5, hide_below=60),
                Col("time", "Time", 10),
            ],
            id="inbox",
        )
        yield Static("", id="inbox-detail")
        yield Static("", id="inbox-summary")

    def on_mount(self) -> None:
        self.query_one(BoardTable).focus()
        super().on_mount()

    # -- view ---------------------------------------------------------------------------------------------

    def compute(self, session: Session) -> InboxView:
        return build_inbox(session)

    def show(self, view: InboxView) -> None:
        table = self.query_one(BoardTable)
        table.set_rows(self.rows(view))
        inbox = view.inbox
        person = inbox.person
        who: Content
        if person is None:
            who = Content("nobody (this login is not on the board)")
        else:
            who = Content.assemble(
                user_text(person.name, single_line=True, limit=40), f" ({Role(person.role).value})"
            )
        held = sum(1 for e in view.entries if not e.to_close)
        overdue = sum(1 for e in view.entries if e.row.overdue and not e.to_close)
        self.set_title(
            "Inbox  ",
            Content.assemble("Acting: ", who),
            Content(f"  ·  {held} held"),
            Content.styled(f"  {overdue} overdue", "bold red") if overdue else Content(""),
        )
        summary = self.query_one("#inbox-summary", Static)
        if view.kiosk:
            summary.update(
                Content("A shared terminal has no inbox: open it as a person (huddle --as LOGIN inbox).")
            )
        else:
            overdue_actions = sum(1 for a in inbox.actions if a.overdue)
            summary.update(
                Content(
                    f"Ideas waiting for your decision: {len(inbox.ideas)}  ·  "
                    f"your open actions: {len(inbox.actions)} ({overdue_actions} overdue)  ·  "
                    f"answered, to close: {len(inbox.raised_answered)}"
                )
            )
        self.show_detail()

    def rows(self, view: InboxView) -> list[Row]:
        out: list[Row] = []
        for entry in view.entries:
            row = entry.row
            esc = row.escalation
            severity = Severity(esc.severity).value
            time_cell = time_left_text(row, answered=entry.to_close)
            age = (self.session.clock() - esc.raised_at).total_seconds() / 3600
            needed = self._local_day(esc.needed_by)
            out.append(
                (
                    esc.id,
                    [
                        Text(
                            SEVERITY_SHORT.get(severity, severity),
                            style=SEVERITY_STYLE.get(severity, ""),
                            end="",
                        ),
                        user_cell(esc.title, limit=120),
                        user_cell(row.raised_by_team, limit=20),
                        Text(f"{needed:%d %b}" if needed else "–", end=""),
                        Text(hours_text(age), end=""),
                        time_cell,
                    ],
                )
            )
        return out

    def _local_day(self, moment: Any) -> date | None:
        if moment is None:
            return None
        try:
            return moment.astimezone(ZoneInfo(self.session.settings.timezone)).date()  # type: ignore[no-any-return]
        except Exception:
            return moment.date()  # type: ignore[no-any-return]

    def selected(self) -> InboxEntry | None:
        view: InboxView | None = self.view
        key = self.query_one(BoardTable).current_key
        if view is None or key is None:
            return None
        return next((e for e in view.entries if e.row.escalation.id == key), None)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        detail = self.query_one("#inbox-detail", Static)
        entry = self.selected()
        if entry is None:
            view: InboxView | None = self.view
            empty = view is not None and not view.entries
            detail.update(Content("Nothing waits for you. " if empty else "") if empty else Content(""))
            return
        esc = entry.row.escalation
        needed = self._local_day(esc.needed_by)
        path = " → ".join(clip(name, 24) for name in entry.path)
        detail.update(
            Content.assemble(
                ("Path: ", "bold"),
                user_text(path, single_line=True, limit=200),
                ("\nNeeded: ", "bold"),
                user_text(esc.need or "–", single_line=True, limit=200),
                ("\nBy: ", "bold"),
                f"{needed:%a %d %b}" if needed else "no date",
                ("   State: ", "bold"),
                EscalationState(esc.state).value,
            )
        )

    # -- keys ---------------------------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        table = self.query_one(BoardTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        from huddle_tui.ui.screens.detail import EscalationScreen

        entry = self.selected()
        if entry is not None:
            self.app.push_screen(EscalationScreen(entry.row.escalation.id))

    def action_board_pane(self, pane: str) -> None:
        from huddle_tui.ui.screens.board import BoardScreen

        stack = self.app.screen_stack
        if len(stack) >= 2 and isinstance(stack[-2], BoardScreen):
            board = stack[-2]
            self.app.pop_screen()
            board.action_focus_pane(pane)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move" and self.huddle_app.read_only:
            return False
        if action == "go_to_team":  # the inbox is the acting person's, not a team's
            return False
        return super().check_action(action, parameters)

    def moves_for(self, entry: InboxEntry) -> list[MoveKind]:
        view: InboxView | None = self.view
        if entry.to_close:
            return [*RAISER_MOVES, MoveKind.COMMENT]
        esc = entry.row.escalation
        moves = [m for m in HOLDER_MOVES]
        if EscalationState(esc.state) is not EscalationState.OPEN:
            moves.remove(MoveKind.ACKNOWLEDGED)
        if view is not None and not view.has_parent.get(esc.holder_team, False):
            moves.remove(MoveKind.UP)
        if view is not None and not view.peers.get(esc.holder_team):
            moves.remove(MoveKind.SIDEWAYS)
        return [*moves, MoveKind.COMMENT]

    def action_move(self, kind: str) -> None:
        from huddle_tui.ui.modals.move_escalation import MoveEscalationModal, MoveForm
        from huddle_tui.ui.moves import apply_move

        entry = self.selected()
        view: InboxView | None = self.view
        if entry is None or view is None:
            return
        moves = self.moves_for(entry)
        wanted = MoveKind(kind) if kind else None
        if wanted is not None and wanted not in moves:
            name = MOVE_NAMES.get(wanted, wanted.value)
            why = (
                "only an answered escalation can be closed"
                if wanted is MoveKind.CLOSED
                else "not possible now"
            )
            self.notify(Content(f"{name}: {why}."), severity="warning")
            return
        esc = entry.row.escalation
        peers = list(view.peers.get(esc.holder_team, ()))
        team = esc.raised_by_team if entry.to_close else esc.holder_team

        def go(session: Session) -> None:
            def submit(form: MoveForm) -> Any:
                return apply_move(session, esc.id, form)

            self.app.push_screen(
                MoveEscalationModal(
                    esc.title, moves=moves, peer_teams=peers, kind=wanted, on_submit=submit, today=view.today
                ),
                self.after_write,
            )

        self.huddle_app.with_actor("move an escalation", go, team)

    def after_write(self, result: Any) -> None:
        if result is not None:
            self.notify(Content("Escalation updated"), timeout=4)
            self.reload()
