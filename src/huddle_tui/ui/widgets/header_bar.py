"""The board's header: board and team, tier, the date shown, shift, who is acting, and sync state.

Two lines, so that it fits 80 columns:

    Plant board · Assembly cell 3 (Team, tier 1) · Fri 27 Nov 2026 (today) · Early shift
    Acting: Ana Díaz (supervisor)   sync: 3 replicas · last remote change 10:02 · ⚠ 1 warning

While the app starts from its snapshot (ui/start.py) the second line says the board is still opening.

Every name is user text and rendered literally.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from huddle_tui.ui.safe import user_text


@dataclass(frozen=True)
class HeaderInfo:
    """What the header shows: board, team and tier, the day and shift, who is acting, sync state."""

    board_name: str = "Huddle board"
    team_name: str = ""
    tier: int = 1
    tier_name: str = "Team"
    day: date | None = None
    today: date | None = None
    shift: str = ""
    person_name: str = ""
    role: str = ""
    replicas: int = 0
    last_remote_change: datetime | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    read_only: bool = False
    opening: bool = False  # drawn from the start snapshot; the board itself is still opening


def _day_label(info: HeaderInfo) -> Content:
    if info.day is None:
        return Content("")
    text = f"{info.day:%a %d %b %Y}"
    if info.today is not None:
        if info.day == info.today:
            return Content.assemble((text, "bold"), " (today)")
        delta = (info.day - info.today).days
        when = f"{-delta} day{'s' if delta != -1 else ''} ago" if delta < 0 else f"in {delta} days"
        return Content.assemble((text, "bold reverse"), f" ({when})")
    return Content.styled(text, "bold")


def header_lines(info: HeaderInfo) -> tuple[Content, Content]:
    sep = Content.styled(" · ", "dim")
    first = [user_text(info.board_name, single_line=True, limit=40, style="bold")]
    if info.team_name:
        first += [
            sep,
            user_text(info.team_name, single_line=True, limit=40, style="bold"),
            Content(f"  ({user_text(info.tier_name, single_line=True, limit=12).plain}, tier {info.tier})"),
        ]
    if info.day is not None:
        first += [sep, _day_label(info)]
    if info.shift:
        first += [sep, user_text(info.shift, single_line=True, limit=20), Content(" shift")]
    second: list[Content] = []
    if info.person_name:
        second += [
            Content.styled("Acting: ", "dim"),
            user_text(info.person_name, single_line=True, limit=30),
            Content(f" ({user_text(info.role, single_line=True, limit=12).plain})" if info.role else ""),
        ]
    else:
        second.append(Content.styled("Acting: nobody yet (asked before a write)", "dim"))
    if info.read_only:
        second += [sep, Content.styled("read-only", "bold reverse")]
    if info.opening:
        second += [
            Content("   "),
            Content.styled("opening the board… (showing it as you last saw it)", "italic"),
        ]
        return Content.assemble(*first), Content.assemble(*second)
    sync = f"sync: {info.replicas} replica{'s' if info.replicas != 1 else ''}"
    if info.last_remote_change is not None:
        sync += f" · last remote change {info.last_remote_change:%H:%M}"
    second += [Content("   "), Content.styled(sync, "dim")]
    if info.warnings:
        count = len(info.warnings)
        second += [sep, Content.styled(f"⚠ {count} warning{'s' if count != 1 else ''}", "bold #ff8c00")]
    return Content.assemble(*first), Content.assemble(*second)


class HeaderBar(Widget):
    """The two-line header of a board; set `info` to update it."""

    DEFAULT_CSS = """
    HeaderBar { height: 2; width: 1fr; background: $panel; padding: 0 1; }
    """

    info: reactive[HeaderInfo] = reactive(HeaderInfo, always_update=True)

    def __init__(
        self,
        info: HeaderInfo | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        if info is not None:
            self.set_reactive(HeaderBar.info, info)

    def render(self) -> RenderResult:
        first, second = header_lines(self.info)
        width = max(self.content_region.width, 10)
        return Content("\n").join(
            [first.truncate(width, ellipsis=True), second.truncate(width, ellipsis=True)]
        )
