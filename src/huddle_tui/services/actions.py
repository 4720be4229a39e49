"""Actions (countermeasures): add one (optionally from a reading, idea or escalation), complete, cancel.

An action added `--from` a red reading becomes that reading's countermeasure. Anyone on the team may add
an action for it and the owner may complete it; cancelling is a supervisor's decision.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from huddle_tui.domain.actions import Action, ActionStatus, action_sort_key
from huddle_tui.domain.escalations import Escalation
from huddle_tui.domain.ideas import Idea
from huddle_tui.domain.metrics import month_partition
from huddle_tui.domain.text import optional_text, required_text
from huddle_tui.errors import InvalidInput, NotFound
from huddle_tui.services import guard, persist, readings
from huddle_tui.services.session import Session
from huddle_tui.store import new_id


def find_source(session: Session, ref: str) -> tuple[str, str, str]:
    """(kind, id, team id) of the reading, idea or escalation named by `ref` (full id or unique prefix)."""
    text = (ref or "").strip()
    try:
        reading = readings.find_reading(session, text)
        return "reading", reading.id, reading.team_id
    except NotFound:
        pass
    found: list[tuple[str, str, str]] = []
    for cls, kind in ((Idea, "idea"), (Escalation, "escalation")):
        try:
            record = persist.find(session, cls, text)
        except NotFound:
            continue
        team_id = record.team_id if isinstance(record, Idea) else record.raised_by_team
        found.append((kind, record.id, team_id))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = ", ".join(f"{k} {i}" for k, i, _t in found)
        raise InvalidInput(f"'{text}' matches several records: {listed}.", hint="type more of the id")
    raise NotFound(
        f"No reading, idea or escalation with id '{text}'.",
        hint="copy the id from 'huddle idea list', 'huddle escalation list' or the 'log' output",
    )


def add_action(
    session: Session,
    title: str,
    *,
    team: str | None = None,
    owner: str,
    due: date,
    source: str | None = None,
    note: str = "",
) -> Action:
    """Add an action with an owner and a due date; `source` names the reading, idea or escalation."""
    source_kind = source_id = None
    source_team = None
    if source:
        source_kind, source_id, source_team = find_source(session, source)
    if team:
        team_id = session.directory.team(team).id
    elif source_team:
        team_id = source_team
    else:
        raise InvalidInput("Say which team the action belongs to.", hint="add --team TEAM")
    actor = guard.require(session, guard.Permission.SUBMIT, team_id, "Adding actions")
    owner_person = session.directory.person(owner)
    if not owner_person.active:
        raise InvalidInput(f"{owner_person.name} is no longer active.", hint="choose another owner")
    action = Action(
        id=new_id(),
        team_id=team_id,
        title=required_text(title, "Title"),
        owner_id=owner_person.id,
        due=due,
        created_by=actor.id,
        created_at=session.clock(),
        source_kind=source_kind,
        source_id=source_id,
        note=optional_text(note, "Note", limit=2000),
    )
    persist.insert(session, action)
    if source_kind == "reading" and source_id:
        reading = readings.find_reading(session, source_id)
        if not reading.action_id:
            persist.update(
                session,
                reading,
                replace(reading, action_id=action.id),
                partition=month_partition(reading.date),
            )
    return action


def find_action(session: Session, ref: str) -> Action:
    return persist.find(session, Action, ref)


def _may_finish(session: Session, action: Action, what: str) -> None:
    actor = guard.acting_person(session)
    if actor.id in (action.owner_id, action.created_by):
        guard.require(session, guard.Permission.SUBMIT, action.team_id, what)
        return
    guard.require(session, guard.Permission.DECIDE, action.team_id, what)


def complete_action(session: Session, ref: str, note: str | None = None) -> Action:
    """Mark an action done (its owner or creator, a supervisor of the team, a manager above, an admin)."""
    action = find_action(session, ref)
    _may_finish(session, action, "Completing actions")
    if ActionStatus(action.status) is not ActionStatus.OPEN:
        raise InvalidInput(f"The action is already {ActionStatus(action.status).value}.")
    new = replace(
        action,
        status=ActionStatus.DONE,
        done_at=session.clock(),
        note=optional_text(note, "Note", limit=2000) if note else action.note,
    )
    return persist.update(session, action, new)


def cancel_action(session: Session, ref: str, reason: str) -> Action:
    """Cancel an action (a supervisor of the team, a manager above it, or an admin); a reason is required."""
    action = find_action(session, ref)
    guard.require(session, guard.Permission.DECIDE, action.team_id, "Cancelling actions")
    if ActionStatus(action.status) is not ActionStatus.OPEN:
        raise InvalidInput(f"The action is already {ActionStatus(action.status).value}.")
    text = required_text(reason, "Reason", limit=2000, single_line=False)
    new = replace(action, status=ActionStatus.CANCELLED, done_at=session.clock(), note=text)
    return persist.update(session, action, new)


def list_actions(
    session: Session, *, team: str | None = None, owner: str | None = None, open_only: bool = False
) -> list[Action]:
    """Actions sorted overdue first, then open, then finished; each by due date."""
    team_id = session.directory.team(team).id if team else None
    owner_id = session.directory.person(owner).id if owner else None
    found = [
        a
        for a in persist.load_all(session, Action)
        if (team_id is None or a.team_id == team_id)
        and (owner_id is None or a.owner_id == owner_id)
        and (not open_only or ActionStatus(a.status) is ActionStatus.OPEN)
    ]
    today = readings.today(session)
    return sorted(found, key=lambda a: action_sort_key(a, today))
