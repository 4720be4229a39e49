"""Reading and writing domain records through the store, and finding records by id prefix.

`conflicts_of` carries the store's conflict flags (fields written concurrently on two replicas) to the
read side, which puts them on its row views.

Each domain dataclass is stored under one kind (`KINDS`); fields go through `domain.records`. New
records write every field; edits write only the fields that changed, so two replicas editing different
fields of one record never overwrite each other.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from huddle_tui.domain.actions import Action
from huddle_tui.domain.comments import Comment
from huddle_tui.domain.escalations import Escalation, EscalationMove
from huddle_tui.domain.huddles import Huddle
from huddle_tui.domain.ideas import Idea
from huddle_tui.domain.metrics import Metric, Reading
from huddle_tui.domain.objectives import Objective
from huddle_tui.domain.records import changed_fields, from_fields, to_fields
from huddle_tui.domain.teams import Person, Team
from huddle_tui.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from huddle_tui.services.session import Session

T = TypeVar("T")

KINDS: dict[type, str] = {
    Team: "team",
    Person: "person",
    Metric: "metric",
    Reading: "reading",
    Idea: "idea",
    Escalation: "escalation",
    EscalationMove: "escalation_move",
    Action: "action",
    Comment: "comment",
    Huddle: "huddle",
    Objective: "objective",
}
CLASSES: dict[str, type] = {kind: cls for cls, kind in KINDS.items()}
LABELS = {"escalation_move": "escalation move"}


def kind_of(record: Any) -> str:
    return KINDS[type(record)]


def actor_id(session: Session) -> str:
    return session.actor.id if session.actor else f"os:{session.os_login}"


def insert(session: Session, record: Any, *, partition: str | None = None) -> None:
    """Write a new record (all fields) as the acting person."""
    session.board.put(
        kind_of(record), record.id, to_fields(record), actor=actor_id(session), partition=partition
    )


def insert_many(session: Session, records: Iterable[tuple[Any, str | None]]) -> None:
    """Write several new records in one locked write per file: (record, partition) pairs."""
    items = [(kind_of(r), r.id, to_fields(r), p) for r, p in records]
    if items:
        session.board.put_many(items, actor=actor_id(session))


def update(session: Session, old: Any, new: Any, *, partition: str | None = None) -> Any:
    """Write only the fields that differ between `old` and `new`; returns `new`."""
    fields = changed_fields(old, new)
    if fields:
        session.board.put(kind_of(new), new.id, fields, actor=actor_id(session), partition=partition)
    return new


# Converted records of the unpartitioned kinds, per board and class: record id -> (store Record, object).
# The store replaces a Record object whenever the record changes, so an entry whose Record is still the
# one the board holds is still right (change-driven invalidation without asking the change feed).
_converted: weakref.WeakKeyDictionary[Any, dict[type, dict[str, tuple[Any, Any]]]] = (
    weakref.WeakKeyDictionary()
)


def _cache(session: Session, cls: type) -> dict[str, tuple[Any, Any]]:
    per_board = _converted.get(session.board)
    if per_board is None:
        per_board = _converted.setdefault(session.board, {})
    return per_board.get(cls) or {}


def load(session: Session, cls: type[T], record_id: str, *, partition: str | None = None) -> T | None:
    record = session.board.get(KINDS[cls], record_id, partition=partition)
    if record is None:
        return None
    hit = _cache(session, cls).get(record.id) if partition is None else None
    if hit is not None and hit[0] is record:
        return hit[1]  # type: ignore[no-any-return]
    return from_fields(cls, record.id, record.fields)


def load_all(session: Session, cls: type[T], *, partitions: list[str] | None = None) -> list[T]:
    """Every record of `cls` (in the given partitions). Objects of unpartitioned kinds are cached."""
    if partitions is not None:
        return [
            from_fields(cls, r.id, r.fields) for r in session.board.all(KINDS[cls], partitions=partitions)
        ]
    records = session.board.all(KINDS[cls])
    old = _cache(session, cls)
    new: dict[str, tuple[Any, Any]] = {}
    out: list[T] = []
    for record in records:
        hit = old.get(record.id)
        if hit is not None and hit[0] is record and record.partition is None:
            obj = hit[1]
        else:
            obj = from_fields(cls, record.id, record.fields)
        if record.partition is None:
            new[record.id] = (record, obj)
        out.append(obj)
    _converted.setdefault(session.board, {})[cls] = new
    return out


def conflicts_of(
    session: Session, kind: str, record_id: str, *, partition: str | None = None
) -> tuple[str, ...]:
    """The fields of a record that two replicas wrote concurrently (`Record.conflicts`), sorted.

    One lookup in the board's merged cache (no file is read for a loaded kind), so the read side calls it
    per row; `()` for a missing or deleted record.
    """
    record = session.board.get(kind, record_id, partition=partition)
    if record is None or not record.conflicts:
        return ()
    return tuple(sorted(record.conflicts))


def load_where(
    session: Session, cls: type[T], field: str, values: set[Any], *, partitions: list[str] | None = None
) -> list[T]:
    """The records of `cls` whose stored `field` is one of `values`; only those are converted."""
    records = session.board.all(KINDS[cls], partitions=partitions)
    return [from_fields(cls, r.id, r.fields) for r in records if r.fields.get(field) in values]


def find(session: Session, cls: type[T], ref: str) -> T:
    """The record of `cls` whose id is `ref` or starts with `ref` (unique), else NotFound/InvalidInput."""
    kind = KINDS[cls]
    what = LABELS.get(kind, kind)
    text = (ref or "").strip()
    if not text:
        raise InvalidInput(f"No {what} id given.", hint=f"list them with 'huddle {what} list'")
    exact = load(session, cls, text)
    if exact is not None:
        return exact
    matches = [r for r in session.board.all(kind) if r.id.startswith(text)]
    if len(matches) == 1:
        return from_fields(cls, matches[0].id, matches[0].fields)
    if len(matches) > 1:
        ids = ", ".join(sorted(r.id for r in matches)[:10])
        raise InvalidInput(f"'{text}' is the start of several {what} ids: {ids}.", hint="type more of the id")
    raise NotFound(f"No {what} with id '{text}'.", hint=f"list them with 'huddle {what} list'")
