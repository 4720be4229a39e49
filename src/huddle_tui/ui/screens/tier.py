"""TierScreen: the base of the screens for tiers 2 and up (roll-up, inbox, idea KPIs, cascade, support).

Each tier screen shows one view of the user's team and the teams below it: a title line, a body, the
footer. `compute(session)` builds the view in a thread worker (the store does file I/O; a roll-up of 50
teams must not block the keyboard), `show(view)` puts it on screen on the UI thread. A live change from
another replica calls `reload()` (through `HuddleApp.board_changed`), which recomputes and keeps the
cursor. Escape goes back to the screen below; `g` shows another team.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from huddle_tui.domain.teams import TIER_NAMES, Role
from huddle_tui.ui.modals.error import ErrorModal
from huddle_tui.ui.safe import user_text

if TYPE_CHECKING:
    from huddle_tui.services.session import Session
    from huddle_tui.ui.app import HuddleApp


def user_team_id(session: Session) -> str | None:
    """The acting person's team (their own team, the one a manager manages); else the top team."""
    for person in (session.actor, session.os_person):
        if person is None or Role(person.role) is Role.KIOSK:
            continue
        if person.team_id and session.directory.team_by_id(person.team_id):
            return person.team_id
    roots = session.directory.tree.roots()
    return roots[0].id if roots else None


class TierScreen(Screen[None]):
    """Base of the tier 2+ screens. Subclasses set TITLE_TEXT and implement compose_body/compute/show."""

    TITLE_TEXT = ""
    DEFAULT_CSS = """
    TierScreen .tier-title { height: 1; background: $panel; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="tier.back"),
        Binding("g", "go_to_team", "Team", id="tier.team"),
        Binding("ctrl+r", "reload", "Reload", id="tier.reload", show=False),
    ]

    def __init__(self, team_id: str | None = None) -> None:
        super().__init__()
        self.team_id = team_id
        self.view: Any = None
        self.load_errors = 0

    @property
    def huddle_app(self) -> HuddleApp:
        return self.app  # type: ignore[return-value]

    @property
    def session(self) -> Session:
        session = self.huddle_app.session
        assert session is not None
        return session

    def compose(self) -> ComposeResult:
        title = Content.assemble((self.TITLE_TEXT, "bold"), ("  loading…", "dim"))
        yield Static(title, id="tier-title", classes="tier-title")
        yield from self.compose_body()
        from huddle_tui.ui.widgets.footer import CalmFooter

        yield CalmFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        if self.team_id is None and self.huddle_app.session is not None:
            self.team_id = user_team_id(self.session)
        self.reload()

    # -- loading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Recompute the view in a thread worker (a newer reload cancels an older one)."""
        if self.huddle_app.session is None:
            return
        self._load()

    @work(thread=True, exclusive=True, group="tier-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            view = self.compute(self.session)
        except Exception as err:  # shown once in the ErrorModal; the screen keeps what it showed
            self.app.call_from_thread(self._failed, err)
            return
        self.app.call_from_thread(self._apply, view)

    def _apply(self, view: Any) -> None:
        if not self.is_attached:
            return
        self.view = view
        try:
            self.show(view)
        except Exception as err:  # a bug in a view must not leave a silent blank screen
            self._failed(err)

    def _failed(self, error: BaseException) -> None:
        self.load_errors += 1
        if self.is_attached and not isinstance(self.app.screen, ErrorModal):
            self.app.push_screen(ErrorModal(error))

    def compute(self, session: Session) -> Any:
        """Build the view (thread worker: no widgets here)."""
        raise NotImplementedError

    def show(self, view: Any) -> None:
        """Put the view on screen (UI thread)."""
        raise NotImplementedError

    def set_title(self, *parts: Content | str) -> None:
        pieces = [Content.styled(p, "bold") if isinstance(p, str) else p for p in parts]
        self.query_one("#tier-title", Static).update(Content.assemble(*pieces))

    def team_label(self) -> Content:
        """'Assembly (Area, tier 2)' for the screen's team (the name is user text)."""
        session = self.huddle_app.session
        team = session.directory.team_by_id(self.team_id) if session and self.team_id else None
        if team is None:
            return Content("whole board")
        tier = TIER_NAMES.get(team.tier, "Tier")
        return Content.assemble(
            user_text(team.name, single_line=True, limit=40), f" ({tier}, tier {team.tier})"
        )

    # -- keys ---------------------------------------------------------------------------------------------

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return len(self.app.screen_stack) > 2
        return True

    def action_reload(self) -> None:
        self.session.refresh()
        self.reload()

    def action_go_to_team(self) -> None:
        from huddle_tui.ui.modals.who_is_entering import WhoIsEnteringModal

        teams = self.session.directory.teams()
        choices = [(t.id, t.name, TIER_NAMES.get(t.tier, f"tier {t.tier}")) for t in teams]

        def chosen(team_id: str | None) -> None:
            if team_id:
                self.team_id = team_id
                self.reload()

        self.app.push_screen(WhoIsEnteringModal(choices, title="Go to team"), chosen)
