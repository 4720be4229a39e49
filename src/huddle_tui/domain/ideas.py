"""Improvement ideas: statuses, impact and effort, the PICK chart quadrant.

An idea waiting for a first answer ages visibly; every decision carries a reason written for the person
who submitted it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from huddle_tui.domain.text import clean_text
from huddle_tui.errors import InvalidInput


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
    """An improvement idea a person submitted, its PICK rating and the decision on it."""

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


# --- rules ------------------------------------------------------------------------------------------

MIN_REASON = 3
MAX_REASON = 2000

_PICK: dict[tuple[Level, Level], Pick] = {
    (Level.LOW, Level.LOW): Pick.POSSIBLE,
    (Level.HIGH, Level.LOW): Pick.IMPLEMENT,
    (Level.HIGH, Level.HIGH): Pick.CHALLENGE,
    (Level.LOW, Level.HIGH): Pick.KILL,
}


def pick_quadrant(impact: Level | str | None, effort: Level | str | None) -> Pick | None:
    """The PICK chart quadrant of (impact, effort); None until both are known."""
    if impact is None or effort is None:
        return None
    return _PICK[(Level(impact), Level(effort))]


def idea_age_hours(idea: Idea, now: datetime) -> float:
    """Hours since the idea was submitted (never negative)."""
    return max(0.0, (now - idea.submitted_at).total_seconds() / 3600)


def awaiting_first_answer(idea: Idea) -> bool:
    """True while nobody has answered the idea yet (still New, no first answer recorded)."""
    return idea.status is IdeaStatus.NEW and idea.first_answer_at is None


def answer_overdue(idea: Idea, now: datetime, answer_hours: float) -> bool:
    """True when the idea still waits for a first answer and is older than the promised answer time."""
    return awaiting_first_answer(idea) and idea_age_hours(idea, now) > answer_hours


def first_answer_hours(idea: Idea) -> float | None:
    """Hours from submission to the first answer; None while unanswered."""
    if idea.first_answer_at is None:
        return None
    return max(0.0, (idea.first_answer_at - idea.submitted_at).total_seconds() / 3600)


_S = IdeaStatus
ALLOWED_TRANSITIONS: dict[IdeaStatus, set[IdeaStatus]] = {
    _S.NEW: {_S.UNDER_REVIEW, _S.APPROVED, _S.IN_PROGRESS, _S.IMPLEMENTED, _S.REJECTED, _S.PARKED},
    _S.UNDER_REVIEW: {_S.APPROVED, _S.IN_PROGRESS, _S.IMPLEMENTED, _S.REJECTED, _S.PARKED},
    _S.APPROVED: {_S.UNDER_REVIEW, _S.IN_PROGRESS, _S.IMPLEMENTED, _S.REJECTED, _S.PARKED},
    _S.IN_PROGRESS: {_S.APPROVED, _S.IMPLEMENTED, _S.REJECTED, _S.PARKED},
    _S.IMPLEMENTED: {_S.UNDER_REVIEW},
    _S.REJECTED: {_S.UNDER_REVIEW},
    _S.PARKED: {_S.UNDER_REVIEW},
}

_ORDER = list(IdeaStatus)


def allowed_next(old: IdeaStatus | str) -> list[IdeaStatus]:
    """The statuses an idea in `old` may move to, in workflow order."""
    return sorted(ALLOWED_TRANSITIONS[IdeaStatus(old)], key=_ORDER.index)


def check_transition(old: IdeaStatus | str, new: IdeaStatus | str) -> None:
    """Raise InvalidInput unless an idea may move from `old` to `new`; the message lists what may follow."""
    try:
        target = IdeaStatus(new)
    except ValueError as exc:
        names = ", ".join(s.value for s in IdeaStatus)
        raise InvalidInput(f"{new!r} is not an idea status.", hint=f"use one of {names}") from exc
    source = IdeaStatus(old)
    if target in ALLOWED_TRANSITIONS[source]:
        return
    names = ", ".join(s.value for s in allowed_next(source))
    if target is source:
        message = f"The idea is already {source.label.lower()}."
    else:
        message = f"An idea that is {source.label.lower()} cannot become {target.label.lower()}."
    raise InvalidInput(message, hint=f"allowed next: {names}")


def check_decision_reason(text: str | None) -> str:
    """The cleaned decision reason, or InvalidInput: every decision needs a reason for the submitter."""
    reason = clean_text(text or "")
    if len(reason) < MIN_REASON:
        raise InvalidInput(
            "A reason for the submitter is required (at least 3 characters).",
            hint="write what you decided and why, for the person who had the idea",
        )
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            f"The reason is {len(reason)} characters long; the limit is {MAX_REASON}.", hint="shorten it"
        )
    return reason


def apply_decision(idea: Idea, new: IdeaStatus | str, reason: str | None, by: str, at: datetime) -> Idea:
    """The idea after person `by` moved it to `new` at `at` with `reason` (transition and reason checked).

    Sets the first answer time on the first decision, and the implementation time when implemented
    (cleared again when an implemented idea is reopened).
    """
    check_transition(idea.status, new)
    status = IdeaStatus(new)
    return replace(
        idea,
        status=status,
        decision_reason=check_decision_reason(reason),
        decided_by=by,
        first_answer_at=idea.first_answer_at or at,
        status_changed_at=at,
        implemented_at=at if status is IdeaStatus.IMPLEMENTED else None,
    )
