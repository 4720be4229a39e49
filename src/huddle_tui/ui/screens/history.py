"""HistoryScreen: every value each field of one record had on any replica.

When two replicas write the same field without seeing each other, the newest value wins and the record
is flagged as a conflict (`conflicts` on the row views). The board marks such rows (`ui.conflicts`), and
`H` (binding "board.history" on the board, "detail.history" on a detail screen) opens this screen: one
row per version with who wrote it, when, on which replica, and which value won (✔); the versions written
concurrently are marked ≠. The selected version's whole value is shown below the table. Every value is
user text and goes through `ui.safe`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Static

from huddle_tui.domain.metrics import month_partition
from huddle_tui.services import history
from huddle_tui.services.views import ActionRow, EscalationRow, FieldChange, IdeaRow, MetricRow
from huddle_tui.ui.conflicts import CONFLICT_MARK, CONFLICT_STYLE, WINNER_MARK
from huddle_tui.ui.safe import fill, user_cell, user_text
from huddle_tui.ui.screens.detail import DetailScreen
from huddle_tui.ui.widgets.board_table import BoardTable, Col, Row
from huddle_tui.ui.widgets.footer import CalmFooter

KIND_LABELS = {
    "idea": "Idea",
    "action": "Action",
    "escalation": "Escalation",
    "reading": "Reading",
    "metric": "Metric",
}
VALUE_LIMIT = 2000  # characters of the selected version shown below the table


Target = tuple[str, str, str | None, str]  # kind, record id, partition, title


def history_target(row: Any) -> Target | None:
    """What `H` opens for a board row: the reading shown on a metric row (else the metric), the idea,
    the escalation or the action."""
    if isinstance(row, MetricRow):
        if row.reading is not None:
            day = f"{row.reading.date:%d %b}"
            return ("reading", row.reading.id, month_partition(row.reading.date), f"{row.metric.name}, {day}")
        return ("metric", row.metric.id, None, row.metric.name)
    if isinstance(row, IdeaRow):
        return ("idea", row.idea.id, None, row.idea.title)
    if isinstance(row, EscalationRow):
        return ("escalation", row.escalation.id, None, row.escalation.title)
    if isinstance(row, ActionRow):
        return ("action", row.action.id, None, row.action.title)
    return None


def _zone(name: str | None) -> tzinfo:
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except Exception:  # an unknown zone name in the settings: show UTC
        return UTC


def _when(moment: datetime, zone: tzinfo) -> str:
    return f"{moment.astimezone(zone):%d %b %H:%M:%S}"


def _mark(change: FieldChange) -> Text:
    if change.winner:
        return Text(WINNER_MARK, style="bold green", end="")
    if change.concurrent:
        return Text(CONFLICT_MARK, style=CONFLICT_STYLE, end="")
    return Text("", end="")


class HistoryScreen(DetailScreen):
    """`HistoryScreen(kind, record_id, partition, title)`: the record's field history.

    `changes` (with `zone`) shows a fixed list instead of loading it (snapshots, previews).
    """

    DEFAULT_CSS = """
    HistoryScreen #history-note { height: auto; max-height: 3; padding: 0 1; }
    HistoryScreen #history-table { height: 1fr; }
    HistoryScreen #history-value { height: auto; max-height: 6; padding: 0 1; background: $boost; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor(1)", "Down", id="history.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="history.up", show=False),
    ]

    def __init__(
        self,
        kind: str,
        record_id: str,
        partition: str | None = None,
        title: str = "",
        *,
        changes: Iterable[FieldChange] | None = None,
        zone: str | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.record_id = record_id
        self.partition = partition
        self.record_title = title
        self.fixed = list(changes) if changes is not None else None
        self.zone = _zone(zone)
        self.changes: list[FieldChange] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title")
        yield Static("", id="history-note")
        yield BoardTable(
            [
                Col("mark", "", 1),
                Col("field", "Field", 15),
                Col("value", "Value"),
                Col("when", "When", 15),
                Col("by", "By", 14, hide_below=70),
                Col("replica", "Replica", 12, hide_below=100),
            ],
            id="history-table",
        )
        yield Static("", id="history-value")
        yield CalmFooter()

    def on_mount(self) -> None:
        label = KIND_LABELS.get(self.kind, self.kind)
        self.query_one("#detail-title", Static).update(
            fill("[b]History · $kind:[/b] $title", kind=label, title=self.record_title or self.record_id)
        )
        self.query_one("#history-table", BoardTable).focus()
        if self.fixed is not None:
            self.apply(self.fixed)
        else:
            self.reload()

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#history-table", BoardTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    # -- loading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.fixed is None:
            self._load()

    @work(thread=True, exclusive=True, group="history-load", exit_on_error=False)
    def _load(self) -> None:
        session = self.session
        try:
            changes = history.field_history(session, self.kind, self.record_id, self.partition)
            zone = _zone(session.settings.timezone)
        except Exception as err:
            self.app.call_from_thread(self.failed, err)
            return
        self.app.call_from_thread(self._loaded, changes, zone)

    def _loaded(self, changes: list[FieldChange], zone: tzinfo) -> None:
        self.zone = zone
        self.apply(changes)

    # -- view ---------------------------------------------------------------------------------------------

    def apply(self, changes: list[FieldChange]) -> None:
        """Show `changes` (sorted by field, then time), the fields in conflict first; the cursor starts on
        the first version written concurrently and then stays on the same version across reloads."""
        conflicted = sorted({c.field for c in changes if c.concurrent})
        first_time = not self.changes
        self.changes = [c for c in changes if c.field in conflicted] + [
            c for c in changes if c.field not in conflicted
        ]
        note = self.query_one("#history-note", Static)
        legend = f"{WINNER_MARK} the value the board shows"
        if conflicted:
            note.update(
                Content.assemble(
                    fill(
                        f"[{CONFLICT_STYLE}]{CONFLICT_MARK} Conflict:[/] $fields written on two replicas "
                        "without seeing each other; the newest won.",
                        fields=", ".join(conflicted),
                    ),
                    Content(f"\n{legend} · {CONFLICT_MARK} written at the same time"),
                )
            )
        else:
            note.update(Content.styled(f"No conflicts. {legend}.", "dim"))
        table = self.query_one("#history-table", BoardTable)
        table.set_rows(self.rows(self.changes))
        if first_time and conflicted:
            table.move_cursor(row=next(i for i, c in enumerate(self.changes) if c.concurrent))
        self._show_selected()

    def rows(self, changes: Sequence[FieldChange]) -> list[Row]:
        out: list[Row] = []
        previous: str | None = None
        for index, change in enumerate(changes):
            first = change.field != previous
            previous = change.field
            field_cell = user_cell(change.field if first else "", style="bold", limit=15)
            value = (
                user_cell(change.value, limit=80) if change.value else Text("(empty)", style="dim", end="")
            )
            out.append(
                (
                    f"{index}:{change.field}:{change.replica}",
                    [
                        _mark(change),
                        field_cell,
                        value,
                        Text(_when(change.at, self.zone), end=""),
                        user_cell(change.by, limit=20),
                        user_cell(change.replica, style="dim", limit=12),
                    ],
                )
            )
        return out

    @on(DataTable.RowHighlighted, "#history-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_selected()

    def _selected(self) -> FieldChange | None:
        key = self.query_one("#history-table", BoardTable).current_key
        if key is None:
            return None
        index = key.split(":", 1)[0]
        if not index.isdigit() or int(index) >= len(self.changes):
            return None
        return self.changes[int(index)]

    def _show_selected(self) -> None:
        change = self._selected()
        box = self.query_one("#history-value", Static)
        if change is None:
            box.update(Content.styled("no versions", "dim"))
            return
        state = (
            "shown on the board"
            if change.winner
            else ("lost a conflict" if change.concurrent else "replaced")
        )
        header = fill(
            "[b]$field[/b] · $by · $when · replica $replica · $state",
            field=change.field,
            by=change.by,
            when=_when(change.at, self.zone),
            replica=change.replica,
            state=state,
            limit=80,
        )
        body = (
            user_text(change.value, limit=VALUE_LIMIT) if change.value else Content.styled("(empty)", "dim")
        )
        box.update(Content.assemble(header, "\n", body))
