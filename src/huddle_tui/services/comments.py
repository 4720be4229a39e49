"""Comments on any record (an idea, an escalation, an action, a reading).

Whoever may submit on the record's team may comment on it; the text is cleaned of control characters.
"""

from __future__ import annotations

from huddle_tui.domain.comments import Comment
from huddle_tui.domain.text import optional_text
from huddle_tui.errors import InvalidInput
from huddle_tui.services import guard, persist
from huddle_tui.services.session import Session
from huddle_tui.store import new_id

__all__ = ["Comment", "add_comment", "comments_on"]

MAX_COMMENT = 4000


def add_comment(session: Session, target_kind: str, target_id: str, team_id: str, text: str) -> Comment:
    """Add a comment to record (`target_kind`, `target_id`) of team `team_id`."""
    actor = guard.require(session, guard.Permission.SUBMIT, team_id, "Commenting")
    body = optional_text(text, "Comment", limit=MAX_COMMENT)
    if not body:
        raise InvalidInput("The comment is empty.", hint="type the comment text")
    comment = Comment(
        id=new_id(),
        target_kind=target_kind,
        target_id=target_id,
        author=actor.id,
        at=session.clock(),
        text=body,
    )
    persist.insert(session, comment)
    return comment


def comments_on(session: Session, target_kind: str, target_id: str) -> list[Comment]:
    """Comments on one record, oldest first."""
    found = [
        c
        for c in persist.load_all(session, Comment)
        if c.target_kind == target_kind and c.target_id == target_id
    ]
    return sorted(found, key=lambda c: (c.at, c.id))
