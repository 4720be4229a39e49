"""Actions (countermeasures): an owner, a due date, a status, and the record they came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Action:
    """A countermeasure or follow-up with an owner and a due date, and what it came from."""

    id: str
    team_id: str
    title: str
    owner_id: str  # person id
    due: date
    created_by: str
    created_at: datetime
    status: ActionStatus = ActionStatus.OPEN
    source_kind: str | None = None  # "reading", "idea", "escalation" or "huddle"
    source_id: str | None = None
    done_at: datetime | None = None
    note: str = ""


# --- rules ------------------------------------------------------------------------------------------


def is_overdue(action: Action, today: date) -> bool:
    """True when the action is still open and its due date lies before `today` (the board's local date)."""
    return ActionStatus(action.status) is ActionStatus.OPEN and action.due < today


def days_overdue(action: Action, today: date) -> int:
    """Whole days past the due date; 0 when not overdue."""
    return (today - action.due).days if is_overdue(action, today) else 0


def action_sort_key(action: Action, today: date) -> tuple[int, date, str]:
    """Sort key: overdue first, then other open actions, then done and cancelled; each by due date."""
    if is_overdue(action, today):
        group = 0
    elif ActionStatus(action.status) is ActionStatus.OPEN:
        group = 1
    else:
        group = 2
    return (group, action.due, action.id)
