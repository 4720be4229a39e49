"""A record's field history: every value each field had on any replica, who wrote it, when, and which won.

The store keeps every version of every field (`Board.history`). When two replicas write a field without
seeing each other's value, the newest wins and the record is flagged (`Record.conflicts`); the history
is where both values can be read. Anyone who can open the board may read any record's history (no
permission check: the board's data is visible to all its people).
"""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

from huddle_tui.errors import NotFound
from huddle_tui.services.session import Session
from huddle_tui.services.views import FieldChange
from huddle_tui.store import FieldVersion, Stamp

DELETED_FIELD = "_deleted"  # the store's tombstone field


def value_text(value: object) -> str:
    """A stored field value as text: strings as they are, nothing as "", anything else as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # pragma: no cover - the store only holds JSON values
        return repr(value)


def stamp_time(stamp: Stamp) -> datetime:
    """The wall-clock time (UTC) of a stamp."""
    return datetime.fromtimestamp(stamp.wall / 1000, tz=UTC)


def _winner(versions: list[FieldVersion]) -> FieldVersion:
    # The store's merge: the greatest stamp (stamps of different replicas never tie; copies of one
    # replica's file holding two versions under one stamp are ordered by actor, value and parent).
    return max(versions, key=FieldVersion.sort_key)


def _concurrent(version: FieldVersion, winner: FieldVersion) -> bool:
    """True when `version` is the winner, or a value of another replica that the winner had not seen."""
    if version is winner:
        return True
    if version.stamp.replica == winner.stamp.replica:
        return False
    return winner.parent is None or winner.parent < version.stamp


def field_history(
    session: Session, kind: str, record_id: str, partition: str | None = None
) -> list[FieldChange]:
    """Every version of every field of a record, sorted by field then time (oldest first).

    `winner` marks the value the board shows; `concurrent` marks the versions of a field flagged as a
    conflict that were written without seeing each other. Raises NotFound when the record never existed.
    """
    versions_of = session.board.history(kind, record_id, partition=partition)
    if not versions_of:
        raise NotFound(f"No {kind} with id '{record_id}' on this board.")
    record = session.board.get(kind, record_id, partition=partition)
    flagged = record.conflicts if record is not None else frozenset()
    names: dict[str, str] = {}
    changes: list[FieldChange] = []
    for name in sorted(versions_of):
        versions = list(versions_of[name])
        if not versions:
            continue
        winner = _winner(versions)
        conflicted = name in flagged
        for version in sorted(versions, key=FieldVersion.sort_key):
            actor = version.actor
            if actor not in names:
                names[actor] = session.directory.person_name(actor)
            changes.append(
                FieldChange(
                    field=name,
                    value=value_text(version.value),
                    at=stamp_time(version.stamp),
                    by=names[actor],
                    replica=version.stamp.replica,
                    winner=version is winner,
                    concurrent=conflicted and _concurrent(version, winner),
                )
            )
    return changes
