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
