"""Short texts for board cells: targets, values, ages, time left. Plain strings of our own making."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from huddle_tui.domain.escalations import EscalationState
from huddle_tui.domain.metrics import Direction, Metric
from huddle_tui.services.board_views import EscalationRow
from huddle_tui.ui.safe import clip


def number(value: float | None) -> str:
    if value is None:
        return "–"
    if abs(value) >= 1e6:
        return f"{value:.3g}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def unit_suffix(unit: str) -> str:
    unit = clip(unit, 10)
    if not unit:
        return ""
    return unit if unit == "%" else f" {unit}"


def target_text(metric: Metric) -> str:
    """'≥ 97 %' (higher is better) or '≤ 180 EUR' (lower is better)."""
    sign = "≥" if Direction(metric.better) is Direction.HIGHER else "≤"
    return f"{sign} {number(metric.target)}{unit_suffix(metric.unit)}"


def value_text(value: float | None, unit: str) -> str:
    return "–" if value is None else f"{number(value)}{unit_suffix(unit)}"


def hours_text(hours: float) -> str:
    """'45 min', '5 h', '3 d' for a duration in hours (absolute value)."""
    hours = abs(hours)
    if hours < 1:
        return f"{round(hours * 60)} min"
    if hours < 48:
        return f"{hours:.0f} h"
    return f"{hours / 24:.0f} d"


def due_text(due: date, today: date) -> str:
    delta = (due - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta < 0:
        return f"{-delta} d late"
    if delta < 7:
        return f"{due:%a %d}"
    return f"{due:%d %b}"


SEVERITY_SHORT = {"critical": "crit", "high": "high", "medium": "med", "low": "low"}


def time_left_text(row: EscalationRow, answered: bool | None = None) -> Text:
    """An escalation's time cell: "answered" (green), "N h over" (white on red) or "N h left".
    `answered` overrides the escalation's state (the inbox: answered and waiting to be closed)."""
    if answered is None:
        answered = EscalationState(row.escalation.state) is EscalationState.ANSWERED
    if answered:
        return Text("answered", style="bold green", end="")
    if row.overdue:
        return Text(f"{hours_text(row.overdue_hours)} over", style="bold white on red", end="")
    return Text(f"{hours_text(row.hours_left)} left", end="")
