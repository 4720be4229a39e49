"""Dates typed into forms: YYYY-MM-DD and the shortcuts today, tomorrow, yesterday, +N and -N (days).

Weekday names (mon ... sun) mean the next such day after today.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from huddle_tui.errors import InvalidInput

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_OFFSET = re.compile(r"^([+-])\s*(\d{1,4})\s*d?$")

DATE_HELP = "YYYY-MM-DD, today, tomorrow, +3, fri"


def parse_day(text: str, today: date) -> date:
    """The date meant by `text` relative to `today`; InvalidInput with a hint when it is not a date."""
    value = text.strip().lower()
    if not value:
        raise InvalidInput("Date is empty.", hint=f"type {DATE_HELP}")
    if value in ("today", "t", "now"):
        return today
    if value in ("tomorrow", "tom"):
        return today + timedelta(days=1)
    if value in ("yesterday",):
        return today - timedelta(days=1)
    match = _OFFSET.match(value)
    if match:
        days = int(match.group(2))
        return today + timedelta(days=days if match.group(1) == "+" else -days)
    if value[:3] in _WEEKDAYS and value.isalpha():
        ahead = (_WEEKDAYS.index(value[:3]) - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"'{text.strip()[:40]}' is not a date.", hint=f"type {DATE_HELP}") from None
