"""Improvement ideas: submit one, decide on it (always with a reason for the submitter), comment.

Anyone on a team submits ideas for that team; a supervisor of the team, a manager above it or an admin
decides. Allowed status changes and the reason rule come from `domain.ideas`.
"""

from __future__ import annotations

from dataclasses import replace

from huddle_tui.domain.ideas import Idea, IdeaStatus, Level, apply_decision
from huddle_tui.domain.text import MAX_TEXT, optional_text, required_text
from huddle_tui.errors import InvalidInput
from huddle_tui.services import comments, guard, persist
from huddle_tui.services.session import Session
from huddle_tui.store import new_id


def _level(value: str | Level | None, what: str) -> Level | None:
    if value is None or value == "":
        return None
    try:
        return Level(str(value).strip().lower())
    except ValueError as err:
        raise InvalidInput(
            f"{what} '{value}' is neither low nor high.", hint=f"use --{what.lower()} low|high"
        ) from err


def _status(value: str | IdeaStatus) -> IdeaStatus:
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return IdeaStatus(text)
    except ValueError as err:
        names = ", ".join(s.value for s in IdeaStatus)
        raise InvalidInput(f"'{value}' is not an idea status.", hint=f"use one of {names}") from err


def submit_idea(
    session: Session,
    title: str,
    *,
    team: str,
    detail: str = "",
    impact: str | Level | None = None,
    effort: str | Level | None = None,
) -> Idea:
    """Submit an idea for a team (anyone on the team, a manager above it, or an admin)."""
    team_obj = session.directory.team(team)
    actor = guard.require(session, guard.Permission.SUBMIT, team_obj.id, "Submitting ideas")
    idea = Idea(
        id=new_id(),
        team_id=team_obj.id,
        title=required_text(title, "Title"),
        submitted_by=actor.id,
        submitted_at=session.clock(),
        detail=optional_text(detail, "Detail", limit=MAX_TEXT),
        impact=_level(impact, "Impact"),
        effort=_level(effort, "Effort"),
    )
    persist.insert(session, idea)
    return idea


def find_idea(session: Session, ref: str) -> Idea:
    return persist.find(session, Idea, ref)


def decide_idea(session: Session, idea_ref: str, status: str | IdeaStatus, reason: str) -> Idea:
    """Move an idea to `status` with a reason written for the submitter."""
    idea = find_idea(session, idea_ref)
    actor = guard.require(session, guard.Permission.DECIDE, idea.team_id, "Deciding on ideas")
    new = apply_decision(idea, _status(status), reason, actor.id, session.clock())
    return persist.update(session, idea, new)


def rate_idea(
    session: Session, idea_ref: str, *, impact: str | Level | None = None, effort: str | Level | None = None
) -> Idea:
    """Set impact and effort (the PICK chart place): the submitter or someone who may decide."""
    idea = find_idea(session, idea_ref)
    actor = guard.acting_person(session)
    if actor.id != idea.submitted_by:
        guard.require(session, guard.Permission.DECIDE, idea.team_id, "Rating ideas")
    new = replace(
        idea,
        impact=_level(impact, "Impact") if impact is not None else idea.impact,
        effort=_level(effort, "Effort") if effort is not None else idea.effort,
    )
    return persist.update(session, idea, new)


def comment_idea(session: Session, idea_ref: str, text: str) -> comments.Comment:
    """Comment on an idea (anyone who may submit on its team)."""
    idea = find_idea(session, idea_ref)
    return comments.add_comment(session, "idea", idea.id, idea.team_id, text)


def list_ideas(session: Session, *, team: str | None = None, status: str | None = None) -> list[Idea]:
    """Ideas, newest first, optionally of one team and one status."""
    team_id = session.directory.team(team).id if team else None
    wanted = _status(status) if status else None
    ideas = [
        i
        for i in persist.load_all(session, Idea)
        if (team_id is None or i.team_id == team_id) and (wanted is None or IdeaStatus(i.status) is wanted)
    ]
    return sorted(ideas, key=lambda i: (i.submitted_at, i.id), reverse=True)
