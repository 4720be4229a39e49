"""CascadeScreen (`C`): policy deployment as a tree, with today's status of every metric in it.

The board's objectives of the user's team and the teams below it (`services.queries.cascade`); under
each objective the metrics that measure it; under each metric the team metrics that feed it, down to the
front line. Each metric shows its status of the day (yesterday's when nothing is logged yet) as symbol
plus colour, its target and its team. Labels are rich `Text` built by `ui.safe` (never markup strings).
Enter on a metric opens its month (the metric detail screen); space folds a branch.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from huddle_tui.domain.metrics import Status
from huddle_tui.services import queries, readings
from huddle_tui.services.views import Cascade, CascadeNode
from huddle_tui.ui.formatting import target_text
from huddle_tui.ui.safe import clip, user_cell
from huddle_tui.ui.screens.tier import TierScreen
from huddle_tui.ui.widgets.status_cell import STATUS_STYLE

if TYPE_CHECKING:
    from huddle_tui.services.session import Session

LEGEND = "● green  ▲ amber  ✖ red  · no reading (today, else yesterday)  ·  Enter opens a metric"


def metric_label(node: CascadeNode) -> Text:
    """'✖ Scrap cost  ≤ 180 EUR  · Pump Line A' as Text (the names are user text)."""
    status = Status(node.status)
    label = Text(end="", no_wrap=True, overflow="ellipsis")
    label.append(status.symbol + " ", style=STATUS_STYLE[status])
    label.append_text(user_cell(node.metric.name, limit=40))
    label.append(f"  {clip(target_text(node.metric), 24)}", style="dim")
    label.append("  · ", style="dim")
    label.append_text(user_cell(node.team, "italic", limit=30))
    return label


class CascadeScreen(TierScreen):
    """Objectives → metrics → the metrics feeding them, with today's status."""

    CSS_PATH = Path(__file__).with_name("cascade.tcss")
    TITLE_TEXT = "Cascade"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open metric", id="cascade.open", show=False),
        Binding("e", "expand_all", "Expand all", id="cascade.expand"),
        Binding("j", "cursor(1)", "Down", id="cascade.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="cascade.up", show=False),
    ]

    def __init__(self, team_id: str | None = None, day: date | None = None) -> None:
        super().__init__(team_id)
        self.day = day

    def compose_body(self) -> ComposeResult:
        yield Static(Content.styled(LEGEND, "dim"), id="cascade-legend")
        tree: Tree[str] = Tree(Text("Objectives"), id="cascade")
        tree.show_root = False
        tree.auto_expand = False
        tree.guide_depth = 3
        yield tree

    def on_mount(self) -> None:
        self.query_one(Tree).focus()
        super().on_mount()

    def compute(self, session: Session) -> Cascade:
        if self.team_id is None:
            raise LookupError("This board has no team yet.")
        return queries.cascade(session, self.team_id, self.day or readings.today(session))

    def show(self, view: Cascade) -> None:
        tree: Tree[str] = self.query_one(Tree)
        cursor = tree.cursor_node.data if tree.cursor_node is not None else None
        folded = {n.data for n in self._walk_nodes(tree.root) if n.data and not n.is_expanded and n.children}
        tree.clear()
        tree.root.set_label(Text("Objectives"))
        count = 0
        for objective_view in view.objectives:
            objective = objective_view.objective
            label = Text("◎ ", style="bold", end="", no_wrap=True, overflow="ellipsis")
            label.append_text(user_cell(objective.text, "bold", limit=80))
            label.append("  · ", style="dim")
            label.append_text(user_cell(objective_view.team, "italic", limit=30))
            branch = tree.root.add(label, data=f"objective:{objective.id}", expand=True)
            for node in objective_view.metrics:
                count += self._add_metric(branch, node, f"objective:{objective.id}")
            if not objective_view.metrics:
                branch.add_leaf(Text("no metric measures this objective yet", style="dim italic"))
        if not view.objectives:
            tree.root.add_leaf(
                Text("No objectives on this team or below (huddle objective add …).", style="dim italic")
            )
        for shown in self._walk_nodes(tree.root):
            if shown.data in folded:
                shown.collapse()
        if cursor is not None:
            for shown in self._walk_nodes(tree.root):
                if shown.data == cursor:
                    tree.move_cursor(shown)
                    break
        self.set_title(
            "Cascade  ",
            self.team_label(),
            Content(f"  ·  {view.day:%a %d %b %Y}  ·  {len(view.objectives)} objectives, {count} metrics"),
        )

    def _add_metric(self, parent: TreeNode[str], node: CascadeNode, path: str) -> int:
        key = f"{path}/{node.metric.id}"
        label = metric_label(node)
        if node.children:
            branch = parent.add(label, data=key, expand=True)
            return 1 + sum(self._add_metric(branch, child, key) for child in node.children)
        parent.add_leaf(label, data=key)
        return 1

    @staticmethod
    def _walk_nodes(root: TreeNode[str]) -> list[TreeNode[str]]:
        found: list[TreeNode[str]] = []
        stack = list(root.children)
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(node.children)
        return found

    # -- keys ---------------------------------------------------------------------------------------------

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        from huddle_tui.ui.screens.detail import MetricScreen

        tree: Tree[str] = self.query_one(Tree)
        node = tree.cursor_node
        if node is None or not node.data or "/" not in node.data:
            if node is not None:
                node.toggle()
            return
        metric_id = node.data.rsplit("/", 1)[1]
        self.app.push_screen(MetricScreen(metric_id, self.day or readings.today(self.session)))

    def action_expand_all(self) -> None:
        self.query_one(Tree).root.expand_all()

    def action_cursor(self, step: int) -> None:
        tree: Tree[str] = self.query_one(Tree)
        if step > 0:
            tree.action_cursor_down()
        else:
            tree.action_cursor_up()
