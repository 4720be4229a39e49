"""Objectives: a tier's long-term goals in words, with the metrics that measure them.

Setting objectives is configuring the team (a supervisor of it, a manager above it, or an admin). The
metrics named must belong to the team or to a team below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from huddle_tui.domain.objectives import Objective
from huddle_tui.domain.text import required_text
from huddle_tui.errors import InvalidInput
from huddle_tui.services import guard, persist
from huddle_tui.services.session import Session
from huddle_tui.store import new_id


def _metric_ids(session: Session, team_id: str, refs: Sequence[str]) -> tuple[str, ...]:
    tree = session.directory.tree
    ids: list[str] = []
    for ref in refs:
        try:
            metric = session.directory.metric(ref, team_id)
        except InvalidInput:
            metric = session.directory.metric(ref)
        if metric.team_id != team_id and not tree.is_below(metric.team_id, team_id):
            raise InvalidInput(
                f"{metric.name} belongs to {session.directory.team_name(metric.team_id)}, which is not "
                f"{session.directory.team_name(team_id)} or below it.",
                hint="name a metric of this team or of a team below",
            )
        if metric.id not in ids:
            ids.append(metric.id)
    return tuple(ids)


def add_objective(session: Session, text: str, *, team: str, metrics: Sequence[str] = ()) -> Objective:
    """Add an objective to a team, measured by `metrics` (names or ids)."""
    team_obj = session.directory.team(team)
    guard.require(session, guard.Permission.CONFIGURE, team_obj.id, "Setting objectives")
    objective = Objective(
        id=new_id(),
        team_id=team_obj.id,
        text=required_text(text, "Objective", limit=500),
        metric_ids=_metric_ids(session, team_obj.id, metrics),
    )
    persist.insert(session, objective)
    return objective


def archive_objective(session: Session, ref: str) -> Objective:
    objective = persist.find(session, Objective, ref)
    guard.require(session, guard.Permission.CONFIGURE, objective.team_id, "Archiving objectives")
    return persist.update(session, objective, replace(objective, archived=True))


def list_objectives(
    session: Session, *, team: str | None = None, include_archived: bool = False
) -> list[Objective]:
    """Objectives in team tree order, then by text."""
    team_id = session.directory.team(team).id if team else None
    order = {t.id: i for i, t in enumerate(session.directory.teams())}
    found = [
        o
        for o in persist.load_all(session, Objective)
        if (team_id is None or o.team_id == team_id) and (include_archived or not o.archived)
    ]
    return sorted(found, key=lambda o: (order.get(o.team_id, len(order)), o.text.casefold(), o.id))
