"""Merged records as the store hands them out: `Record` and `Change`, and fast ways to build them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from huddle_tui.store.clock import Stamp
from huddle_tui.store.merge import MergedRecord

NO_CONFLICTS: frozenset[str] = frozenset()


class Change(NamedTuple):
    """A changed record, as reported by refresh() and changes_since(): (kind, id)."""

    kind: str
    id: str


@dataclass(frozen=True)
class Record:
    """A merged record. Treat `fields` and `actors` as read-only (they are shared with the board's cache).

    `conflicts` names fields written concurrently on two replicas (the newest won; see Board.history);
    `created` is the oldest stamp still on file, `updated` the newest, `updated_by` its actor.
    """

    kind: str
    id: str
    partition: str | None
    fields: dict[str, Any]
    conflicts: frozenset[str]
    created: Stamp
    updated: Stamp
    updated_by: str
    actors: dict[str, str]

    def __getattr__(self, name: str) -> Any:
        # Records built by the bulk loader fill `created`, `updated` and `actors` on first use (from the
        # hidden `_lazy` = (wall, counter, replica, actor)); a plain Record(...) never gets here.
        lazy = self.__dict__.get("_lazy")
        if lazy is None or name not in ("created", "updated", "actors"):
            raise AttributeError(name)
        stamp = Stamp(lazy[0], lazy[1], lazy[2])
        actors = dict.fromkeys(self.__dict__["fields"], lazy[3])
        values = {"created": stamp, "updated": stamp, "actors": actors}
        self.__dict__.update(values)
        return values[name]


_new_object = object.__new__
_set_attr = object.__setattr__


def to_record(kind: str, rid: str, partition: str | None, m: MergedRecord) -> Record:
    # Same result as Record(...), without the per-field cost of a frozen dataclass __init__ (hot path).
    record = _new_object(Record)
    _set_attr(
        record,
        "__dict__",
        {
            "kind": kind,
            "id": rid,
            "partition": partition,
            "fields": m[0],
            "conflicts": m[2],
            "created": m[3],
            "updated": m[4],
            "updated_by": m[5],
            "actors": m[6],
        },
    )
    return record


def bulk_record(
    kind: str,
    rid: str,
    partition: str | None,
    values: dict[str, Any],
    wall: int,
    counter: int,
    replica: str,
    actor: str,
) -> Record:
    """A record made by one write of one replica (the bulk loader's case); stamps and actors are lazy."""
    record = _new_object(Record)
    _set_attr(
        record,
        "__dict__",
        {
            "kind": kind,
            "id": rid,
            "partition": partition,
            "fields": values,
            "conflicts": NO_CONFLICTS,
            "updated_by": actor,
            "_lazy": (wall, counter, replica, actor),
        },
    )
    return record
