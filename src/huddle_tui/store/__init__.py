"""Sync-safe record store on TinyDB: one writer per file, merged reads, hybrid-logical-clock stamps.

The store knows kinds, ids and fields, nothing of ideas or metrics. See docs/store.md.

The names below load on first use (PEP 562), so importing a light submodule such as `store.paths`
does not import the whole store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huddle_tui.store.board import Board, Change, Record
    from huddle_tui.store.clock import HybridClock, Stamp
    from huddle_tui.store.ids import new_id
    from huddle_tui.store.merge import FieldVersion

_HOMES = {
    "Board": "board",
    "Change": "board",
    "Record": "board",
    "HybridClock": "clock",
    "Stamp": "clock",
    "new_id": "ids",
    "FieldVersion": "merge",
}

__all__ = ["Board", "Change", "FieldVersion", "HybridClock", "Record", "Stamp", "new_id"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
