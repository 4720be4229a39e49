"""Comments on any record (an idea, an escalation, an action, a reading)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Comment:
    id: str
    target_kind: str
    target_id: str
    author: str  # person id
    at: datetime
    text: str
