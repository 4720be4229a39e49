"""Sync-safe record store on TinyDB: one writer per file, merged reads, hybrid-logical-clock stamps.

The store knows kinds, ids and fields, nothing of ideas or metrics. See docs/store.md.
"""

from __future__ import annotations

from huddle_tui.store.board import Board, Change, Record
from huddle_tui.store.clock import HybridClock, Stamp
from huddle_tui.store.ids import new_id
from huddle_tui.store.merge import FieldVersion

__all__ = ["Board", "Change", "FieldVersion", "HybridClock", "Record", "Stamp", "new_id"]
