"""Teams in a tree of tiers, the people on them, and their roles.

Tier 1 is a front-line team, tier 2 an area, tier 3 a plant or site, tier 4 the business. Each team
escalates to exactly one parent (the root has none). A person has one OS login, one role and one home
team; a kiosk is the shared login of a shop-floor terminal, which asks who is entering before a write.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

TIER_NAMES = {1: "Team", 2: "Area", 3: "Plant", 4: "Business"}


class Role(StrEnum):
    IC = "ic"
    SUPERVISOR = "supervisor"
    MANAGER = "manager"
    ADMIN = "admin"
    KIOSK = "kiosk"


@dataclass(frozen=True)
class Team:
    """A team on the board, at a tier (1 the front line), under its parent team."""

    id: str
    name: str
    tier: int = 1
    parent_id: str | None = None
    # Per-team huddle timeboxes (agenda step key -> minutes); empty means the board's default agenda.
    agenda_minutes: dict[str, float] | None = None

    @property
    def tier_name(self) -> str:
        return TIER_NAMES.get(self.tier, f"Tier {self.tier}")


@dataclass(frozen=True)
class Person:
    """Someone who uses the board: their login, role, home team and optional PIN."""

    id: str
    name: str
    login: str
    role: Role = Role.IC
    team_id: str = ""
    pin_hash: str | None = None  # "scrypt$n$r$p$<salt hex>$<hash hex>", see domain.pins
    active: bool = True


class TeamTree:
    """Navigation over a set of teams: parents, children, ancestors and descendants."""

    def __init__(self, teams: Iterable[Team]) -> None:
        self.by_id: dict[str, Team] = {t.id: t for t in teams}
        self._children: dict[str | None, list[Team]] = {}
        for team in sorted(self.by_id.values(), key=lambda t: (t.name.casefold(), t.id)):
            parent = team.parent_id if team.parent_id in self.by_id else None
            self._children.setdefault(parent, []).append(team)

    def __contains__(self, team_id: object) -> bool:
        return team_id in self.by_id

    def get(self, team_id: str | None) -> Team | None:
        return self.by_id.get(team_id) if team_id else None

    def parent(self, team_id: str) -> Team | None:
        team = self.by_id.get(team_id)
        return self.by_id.get(team.parent_id) if team and team.parent_id else None

    def children(self, team_id: str | None) -> list[Team]:
        return list(self._children.get(team_id, []))

    def roots(self) -> list[Team]:
        return self.children(None)

    def ancestors(self, team_id: str) -> list[Team]:
        """Parent, grandparent, ... up to the root (cycles are cut)."""
        out: list[Team] = []
        seen = {team_id}
        team = self.parent(team_id)
        while team is not None and team.id not in seen:
            out.append(team)
            seen.add(team.id)
            team = self.parent(team.id)
        return out

    def descendants(self, team_id: str) -> list[Team]:
        """Every team below `team_id`, depth first, in name order."""
        return [team for team, _depth in self.walk(team_id)]

    def walk(self, team_id: str | None = None, depth: int = 0) -> Iterator[tuple[Team, int]]:
        """Depth-first (team, depth) below `team_id` (below the roots when None), children in name order."""
        seen: set[str] = set()

        def visit(parent: str | None, level: int) -> Iterator[tuple[Team, int]]:
            for child in self._children.get(parent, []):
                if child.id in seen:
                    continue
                seen.add(child.id)
                yield child, level
                yield from visit(child.id, level + 1)

        yield from visit(team_id, depth)

    def is_below(self, team_id: str, ancestor_id: str) -> bool:
        """True when `team_id` is strictly below `ancestor_id` in the tree."""
        return any(t.id == ancestor_id for t in self.ancestors(team_id))
