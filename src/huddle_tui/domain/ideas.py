"""Improvement ideas: statuses, impact and effort, the PICK chart quadrant.

An idea waiting for a first answer ages visibly; every decision carries a reason written for the person
who submitted it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class IdeaStatus(StrEnum):
    NEW = "new"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    REJECTED = "rejected"
    PARKED = "parked"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_ending(self) -> bool:
        return self in (IdeaStatus.IMPLEMENTED, IdeaStatus.REJECTED, IdeaStatus.PARKED)


class Level(StrEnum):
    LOW = "low"
    HIGH = "high"


class Pick(StrEnum):
    """PICK chart quadrant: Possible (easy, low payoff), Implement (easy, high payoff),
    Challenge (hard, high payoff), Kill (hard, low payoff)."""

    POSSIBLE = "possible"
    IMPLEMENT = "implement"
    CHALLENGE = "challenge"
    KILL = "kill"


@dataclass(frozen=True)
class Idea:
    id: str
    team_id: str
    title: str
    submitted_by: str  # person id
    submitted_at: datetime
    detail: str = ""
    impact: Level | None = None
    effort: Level | None = None
    status: IdeaStatus = IdeaStatus.NEW
    decision_reason: str = ""
    decided_by: str | None = None
    first_answer_at: datetime | None = None  # first status change away from New
    status_changed_at: datetime | None = None
    implemented_at: datetime | None = None
