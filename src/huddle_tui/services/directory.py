"""The board's directory: settings, teams, people and metrics, cached, with forgiving lookups.

Users name a team, person or metric by its name (case-insensitive), its id, or a unique prefix of its
id; people also by login. A name that matches nothing raises `NotFound` listing the closest names; an
id prefix that matches several raises `InvalidInput` listing the candidates. The cache is rebuilt when
the store's change feed (`Board.changes_since`) reports a change to one of the kinds it holds.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from huddle_tui.domain.metrics import Metric
from huddle_tui.domain.records import from_fields
from huddle_tui.domain.settings import BoardSettings
from huddle_tui.domain.teams import Person, Team, TeamTree
from huddle_tui.errors import InvalidInput, NotFound

SETTINGS_KIND = "setting"  # one record (id "board"), in the replica's settings.json
SETTINGS_ID = "board"
DIRECTORY_KINDS = frozenset({SETTINGS_KIND, "team", "person", "metric"})

T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot:
    """Everything the directory holds, as of one load."""

    settings: BoardSettings | None
    teams: dict[str, Team]
    people: dict[str, Person]
    metrics: dict[str, Metric]
    tree: TeamTree


def load_snapshot(board: Any) -> Snapshot:
    """Read settings, teams, people and metrics from the store."""
    record = board.get(SETTINGS_KIND, SETTINGS_ID)
    settings = from_fields(BoardSettings, SETTINGS_ID, dict(record.fields)) if record else None
    teams = {r.id: from_fields(Team, r.id, dict(r.fields)) for r in board.all("team")}
    people = {r.id: from_fields(Person, r.id, dict(r.fields)) for r in board.all("person")}
    metrics = {r.id: from_fields(Metric, r.id, dict(r.fields)) for r in board.all("metric")}
    return Snapshot(settings, teams, people, metrics, TeamTree(teams.values()))


def _choices(names: Iterable[str]) -> str:
    return ", ".join(sorted(set(names), key=str.casefold)) or "none yet"


MAX_SUGGEST_LEN = 200  # longer references get no "did you mean" (names are at most 80 characters)


def find_by_ref(
    items: dict[str, T],
    ref: str,
    what: str,
    *,
    names: Callable[[T], Iterable[str]],
    label: Callable[[T], str],
    add_hint: str | None = None,
) -> T:
    """Find one item by id, by one of its names (case-insensitive) or by a unique id prefix."""
    text = (ref or "").strip()
    if not text:
        raise InvalidInput(f"No {what} given.", hint=f"name the {what}")
    if text in items:
        return items[text]
    folded = text.casefold()
    by_name = [item for item in items.values() if any(n.casefold() == folded for n in names(item))]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:
        listed = "; ".join(sorted(f"{label(i)} (id {_item_id(i)})" for i in by_name))
        raise InvalidInput(f"'{text}' names several {what}s: {listed}.", hint=f"use the {what}'s id")
    by_prefix = [item for key, item in items.items() if key.startswith(text)]
    if len(by_prefix) == 1:
        return by_prefix[0]
    if len(by_prefix) > 1:
        listed = "; ".join(sorted(f"{_item_id(i)} ({label(i)})" for i in by_prefix))
        raise InvalidInput(
            f"'{text}' is the start of several {what} ids: {listed}.", hint="type more of the id"
        )
    all_names = [n for item in items.values() for n in names(item)]
    close: list[str] = []
    if len(text) <= MAX_SUGGEST_LEN:  # difflib is quadratic-ish: a pasted 1 MB value took seconds
        close = difflib.get_close_matches(text, all_names, n=5, cutoff=0.5)
        if not close:
            close = difflib.get_close_matches(folded, [n.casefold() for n in all_names], n=5, cutoff=0.5)
    message = f"No {what} '{text}'."
    if close:
        message += f" Did you mean: {', '.join(close)}?"
    else:
        message += f" Known {what}s: {_choices(label(i) for i in items.values())}."
    raise NotFound(message, hint=add_hint)


def _item_id(item: Any) -> str:
    return str(getattr(item, "id", "?"))


class Directory:
    """Cached settings, teams, people and metrics of one board, with lookups by name or id."""

    def __init__(self, board: Any) -> None:
        self._board = board
        self._snapshot: Snapshot | None = None
        self._token: int | None = None

    def snapshot(self) -> Snapshot:
        """The cached snapshot, reloaded when the store's change feed reports a directory kind changed
        (own writes, a refresh, or the watcher thread); asking the feed does no file I/O."""
        token, changed = self._board.changes_since(self._token)
        if self._token is not None:
            self.note_changes(changed)
        self._token = token
        if self._snapshot is None:
            self._snapshot = load_snapshot(self._board)
        return self._snapshot

    def invalidate(self) -> None:
        """Forget the cache; the next lookup reloads from the store."""
        self._snapshot = None

    def note_changes(self, changed: Iterable[tuple[str, str]]) -> None:
        """Drop the cache when the store reports a change to a kind the directory holds."""
        if any(kind in DIRECTORY_KINDS for kind, _id in changed):
            self.invalidate()

    @property
    def settings(self) -> BoardSettings:
        return self.snapshot().settings or BoardSettings()

    @property
    def initialised(self) -> bool:
        return self.snapshot().settings is not None

    @property
    def tree(self) -> TeamTree:
        return self.snapshot().tree

    def teams(self) -> list[Team]:
        """Teams in tree order (depth first, by name)."""
        return [team for team, _depth in self.tree.walk()]

    def people(self, *, include_inactive: bool = False) -> list[Person]:
        people = self.snapshot().people.values()
        return sorted(
            (p for p in people if include_inactive or p.active), key=lambda p: (p.name.casefold(), p.id)
        )

    def metrics(self, team_id: str | None = None, *, include_archived: bool = False) -> list[Metric]:
        metrics = [
            m
            for m in self.snapshot().metrics.values()
            if (team_id is None or m.team_id == team_id) and (include_archived or not m.archived)
        ]
        return sorted(metrics, key=lambda m: (m.category_rank, m.category, m.name.casefold(), m.id))

    def team(self, ref: str) -> Team:
        return find_by_ref(
            self.snapshot().teams,
            ref,
            "team",
            names=lambda t: (t.name,),
            label=lambda t: t.name,
            add_hint="list teams with 'huddle team list'",
        )

    def team_by_id(self, team_id: str | None) -> Team | None:
        return self.snapshot().teams.get(team_id or "")

    def team_name(self, team_id: str | None) -> str:
        team = self.team_by_id(team_id)
        return team.name if team else (team_id or "-")

    def person(self, ref: str) -> Person:
        return find_by_ref(
            self.snapshot().people,
            ref,
            "person",
            names=lambda p: (p.name, p.login),
            label=lambda p: f"{p.name} ({p.login})",
            add_hint="list people with 'huddle person list'",
        )

    def person_by_id(self, person_id: str | None) -> Person | None:
        return self.snapshot().people.get(person_id or "")

    def person_name(self, person_id: str | None) -> str:
        person = self.person_by_id(person_id)
        return person.name if person else (person_id or "-")

    def person_by_login(self, login: str) -> Person | None:
        """The active person with this OS login (exact match, then case-insensitive)."""
        people = [p for p in self.snapshot().people.values() if p.active]
        for person in people:
            if person.login == login:
                return person
        folded = login.casefold()
        matches = [p for p in people if p.login.casefold() == folded]
        return matches[0] if len(matches) == 1 else None

    def metric(self, ref: str, team_id: str | None = None) -> Metric:
        """A metric by id, id prefix or name; a name is looked up within `team_id` when given.

        `TEAM/METRIC` names a metric of another team (used by `--feeds`).
        """
        metrics = self.snapshot().metrics
        if "/" in ref and ref not in metrics:
            team_ref, _, metric_ref = ref.partition("/")
            return self.metric(metric_ref, self.team(team_ref).id)
        if team_id is not None:
            scoped = {k: m for k, m in metrics.items() if m.team_id == team_id or k == ref}
        else:
            scoped = dict(metrics)
        return find_by_ref(
            scoped,
            ref,
            "metric",
            names=lambda m: (m.name,),
            label=lambda m: f"{m.name} [{self.team_name(m.team_id)}]",
            add_hint="list metrics with 'huddle metric list'",
        )

    def metric_by_id(self, metric_id: str | None) -> Metric | None:
        return self.snapshot().metrics.get(metric_id or "")
