"""The Markdown export: huddle minutes. `minutes_md` holds every huddle's minutes, newest first;
`huddle_minutes_md` one huddle's, which `write_huddle_minutes` writes to a file."""

from __future__ import annotations

import re
from pathlib import Path

from huddle_tui.domain.actions import Action
from huddle_tui.domain.escalations import Escalation
from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.ideas import Idea, IdeaStatus
from huddle_tui.errors import InvalidInput
from huddle_tui.services import huddles, persist
from huddle_tui.services.export.common import Progress
from huddle_tui.services.session import Session


def huddle_minutes_md(session: Session, huddle: Huddle) -> str:
    """The minutes of one huddle as Markdown (attendance, time per step, decisions, actions, escalations)."""
    directory = session.directory
    team = directory.team_by_id(huddle.team_id)
    lines = [f"## {directory.team_name(huddle.team_id)}: huddle of {huddle.date.isoformat()}", ""]
    ended = huddle.ended_at.strftime("%H:%M UTC") if huddle.ended_at else "still running"
    lines.append(
        f"- Started {huddle.started_at:%H:%M UTC} by {directory.person_name(huddle.started_by)}, "
        f"ended {ended}"
    )
    present = [directory.person_name(p) for p in huddle.attendees] + [f"{g} (guest)" for g in huddle.guests]
    lines.append(f"- Present: {', '.join(present) if present else 'not recorded'}")
    lines.append("")
    spent = huddle.step_seconds or {}
    agenda = huddles.agenda_for(session, team) if team else session.settings.agenda
    lines += ["### Agenda", "", "| Step | Timebox | Spent |", "|---|---|---|"]
    for step in agenda:
        used = spent.get(step.key)
        lines.append(
            f"| {_md(step.title)} | {step.minutes:g} min | {f'{used / 60:.1f} min' if used else '-'} |"
        )
    lines.append("")
    if huddle.decisions:
        lines += ["### Decisions", ""] + [f"- {_md(d)}" for d in huddle.decisions] + [""]
    actions = [persist.load(session, Action, a) for a in huddle.actions_created]
    if any(actions):
        lines += ["### New actions", ""]
        for action in filter(None, actions):
            owner = directory.person_name(action.owner_id)
            lines.append(f"- {_md(action.title)} (owner {_md(owner)}, due {action.due.isoformat()})")
        lines.append("")
    escs = [persist.load(session, Escalation, e) for e in huddle.escalations_raised]
    if any(escs):
        lines += ["### Escalations raised", ""]
        for esc in filter(None, escs):
            lines.append(
                f"- {_md(esc.title)} ({esc.severity}, to {_md(directory.team_name(esc.holder_team))})"
            )
        lines.append("")
    decided = [persist.load(session, Idea, i) for i in huddle.ideas_decided]
    if any(decided):
        lines += ["### Ideas decided", ""]
        for idea in filter(None, decided):
            lines.append(
                f"- {_md(idea.title)}: {IdeaStatus(idea.status).label.lower()} ({_md(idea.decision_reason)})"
            )
        lines.append("")
    if huddle.notes:
        lines += ["### Notes", "", _md(huddle.notes), ""]
    return "\n".join(lines)


def _md(text: str) -> str:
    """User text inside Markdown: table pipes escaped, newlines folded."""
    return text.replace("|", "\\|").replace("\n", " ")


def minutes_md(session: Session, progress: Progress | None = None) -> str:
    """Every huddle's minutes, newest first, under the board's name."""
    found = huddles.list_huddles(session)
    parts = [f"# {session.settings.name}: huddle minutes", ""]
    for done, huddle in enumerate(found):
        parts.append(huddle_minutes_md(session, huddle))
        if progress:
            progress(done + 1, len(found))
    if not found:
        parts.append("No huddles yet.")
    return "\n".join(parts) + "\n"


def huddle_minutes_name(session: Session, huddle: Huddle) -> str:
    """The default file name of one huddle's minutes: huddle-<team>-<YYYY-MM-DD>.md (a safe name)."""
    team = re.sub(r"[^A-Za-z0-9]+", "-", session.directory.team_name(huddle.team_id)).strip("-").lower()
    return f"huddle-{team[:60] or 'team'}-{huddle.date.isoformat()}.md"


def write_huddle_minutes(session: Session, huddle: Huddle, target: Path) -> Path:
    """Write one huddle's minutes as Markdown to `target` (a file, or a folder for the default name)."""
    path = target / huddle_minutes_name(session, huddle) if target.is_dir() else target
    text = f"# {session.settings.name}: huddle minutes\n\n{huddle_minutes_md(session, huddle)}\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as err:
        raise InvalidInput(
            f"Cannot write {path}: {err.strerror or err}.", hint="choose another file or folder"
        ) from err
    return path
