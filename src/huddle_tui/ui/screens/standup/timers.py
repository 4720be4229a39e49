"""Where the huddle stands in time: the two countdowns (step and whole huddle, `Digits` that turn red
and count up with a `+` past their timebox, with "▲ OVER by mm:ss" beside them), the agenda line
(steps done with their time, the current one, the ones to come) and `clock_text`."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Digits, Static

from huddle_tui.ui.safe import clip, user_text
from huddle_tui.ui.screens.standup.base import StandupBase

SHORT_TITLES = {
    "safety": "Safety",
    "results": "Results",
    "actions": "Actions",
    "ideas": "Ideas",
    "escalations": "Escalations",
}


def clock_text(seconds: float) -> str:
    """mm:ss (or h:mm:ss) of a number of seconds, rounded down; negative counts as 0."""
    whole = int(max(seconds, 0))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class Timers(StandupBase):
    """`tick()` (every second, and after each change) and `update_agenda()`."""

    def update_agenda(self) -> None:
        parts: list[Content] = []
        spent = (self.huddle.step_seconds or {}) if self.huddle else {}
        wide = self.size.width >= 110
        for index, step in enumerate(self.agenda):
            title = clip(step.title, 24) if wide else SHORT_TITLES.get(step.key, clip(step.title, 12))
            if parts:
                parts.append(Content(" "))
            if index == self.step_index:
                parts.append(Content.styled(f" ▶ {index + 1} {title} ", "bold reverse"))
            elif index < self.step_index or spent.get(step.key):
                used = f" {clock_text(spent.get(step.key, 0))}" if spent.get(step.key) else ""
                parts.append(Content.styled(f"✔ {title}{used}", "dim"))
            else:
                parts.append(Content(f"· {title}"))
        self.query_one("#su-agenda", Static).update(Content.assemble(*parts))

    def step_elapsed(self, now: datetime) -> float:
        spent = (self.huddle.step_seconds or {}) if self.huddle else {}
        since = self.step_since or now
        return spent.get(self.step_key, 0.0) + max((now - since).total_seconds(), 0.0)

    def tick(self) -> None:
        """Update both countdowns from the session clock (deterministic under a fixed clock)."""
        huddle, step = self.huddle, self.step
        if huddle is None or step is None:
            return
        now = self.session.clock()
        step_left = step.minutes * 60 - self.step_elapsed(now)
        total_box = sum(s.minutes for s in self.agenda) * 60
        total_left = total_box - max((now - huddle.started_at).total_seconds(), 0.0)
        self._show_clock("step", step_left)
        self._show_clock("total", total_left)
        number = f"Step {self.step_index + 1} of {len(self.agenda)}"
        self.query_one("#su-step-info", Static).update(
            Content.assemble(
                (number, "dim"),
                "\n",
                user_text(step.title, style="bold", single_line=True, limit=30),
                "\n",
                self._signal(step_left, f"{step.minutes:g} min box"),
            )
        )
        self.query_one("#su-total-info", Static).update(
            Content.assemble(
                ("Huddle", "dim"),
                "\n",
                (f"{total_box / 60:g} min", "bold"),
                "\n",
                self._signal(total_left, ""),
            )
        )

    def _show_clock(self, which: str, left: float) -> None:
        digits = self.query_one(f"#su-{which}-clock", Digits)
        over = left < 0
        digits.update(("+" if over else "") + clock_text(-left if over else left))
        digits.set_class(over, "-over")
        digits.set_class(not over and left < 60, "-last-minute")

    @staticmethod
    def _signal(left: float, fine: str) -> Content:
        if left < 0:
            return Content.styled(f"▲ OVER by {clock_text(-left)}", "bold reverse $error")
        if left < 60:
            return Content.styled("◷ last minute", "bold $warning")
        return Content.styled(f"▶ {fine}" if fine else "▶ on time", "$success")
