"""Hybrid logical clock: stamps that follow wall time but never go backwards and always beat what was seen.

A stamp is `(wall_ms, counter, replica_id)`. `now()` returns a stamp greater than every stamp this clock
produced or observed; `observe()` is called for every stamp read from another replica, so an edit made
after seeing a remote edit wins over it even when the local wall clock is behind.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import NamedTuple


class Stamp(NamedTuple):
    """A hybrid-logical-clock stamp; tuple order is the merge order (ties broken by replica id)."""

    wall: int
    counter: int
    replica: str

    def to_json(self) -> list[int | str]:
        return [self.wall, self.counter, self.replica]


def wall_ms() -> int:
    """The system wall clock in milliseconds since the epoch."""
    return time.time_ns() // 1_000_000


class HybridClock:
    """A thread-safe hybrid logical clock for one replica."""

    def __init__(self, replica_id: str, clock: Callable[[], int] | None = None) -> None:
        self.replica_id = replica_id
        self.physical: Callable[[], int] = clock or wall_ms
        self._wall = 0
        self._counter = 0
        self._lock = threading.Lock()

    def now(self) -> Stamp:
        """Return a fresh stamp, greater than every stamp produced or observed so far."""
        pt = int(self.physical())
        with self._lock:
            if pt > self._wall:
                self._wall, self._counter = pt, 0
            else:
                self._counter += 1
            return Stamp(self._wall, self._counter, self.replica_id)

    def observe(self, wall: int, counter: int) -> None:
        """Advance past a stamp seen on another replica (the HLC receive rule)."""
        with self._lock:
            if (wall, counter) > (self._wall, self._counter):
                self._wall, self._counter = wall, counter

    @property
    def last(self) -> tuple[int, int]:
        """The newest (wall, counter) produced or observed."""
        with self._lock:
            return self._wall, self._counter
