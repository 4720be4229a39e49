"""Escalations and the path they travel between teams.

A team raises an escalation to its parent; the holder may acknowledge, answer, escalate further up (a
reason is required), pass it sideways to a peer function, or return it down with guidance. The team that
raised it closes it once the answer satisfies it. Every move is its own append-only record
(`EscalationMove`), so the path stays complete even when two terminals act at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from huddle_tui.domain.settings import Severity


class EscalationState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    CLOSED = "closed"


class MoveKind(StrEnum):
    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    UP = "up"  # escalated further up the tree
    SIDEWAYS = "sideways"  # passed to a peer function
    DOWN = "down"  # returned down with guidance
    CLOSED = "closed"
    REOPENED = "reopened"
    COMMENT = "comment"


@dataclass(frozen=True)
class Escalation:
    id: str
    title: str
    raised_by_team: str  # team id
    raised_by: str  # person id
    raised_at: datetime
    severity: Severity
    holder_team: str  # team id currently holding it
    held_since: datetime  # when the current holder received it (the response clock starts here)
    need: str = ""  # what is needed
    needed_by: datetime | None = None
    state: EscalationState = EscalationState.OPEN
    answer: str = ""
    first_response_at: datetime | None = None  # first acknowledge/answer/move by any holder
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    source_kind: str | None = None  # e.g. "reading" when raised from a red reading
    source_id: str | None = None


@dataclass(frozen=True)
class EscalationMove:
    id: str
    escalation_id: str
    kind: MoveKind
    at: datetime
    by: str  # person id
    from_team: str | None = None
    to_team: str | None = None
    text: str = ""  # reason, answer or guidance
