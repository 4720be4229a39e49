"""Where a board's local state lives: the user state dir of huddle_tui and a board's key in it.

Kept apart from `replica` (which needs the file lock) so that a cheap reader, such as the app's start
snapshot (`services.snapshots`), finds the folder without importing the rest of the store.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import platformdirs


def state_root() -> Path:
    """The user state dir of huddle_tui."""
    return Path(platformdirs.user_state_dir("huddle_tui"))


def board_key(board: Path) -> str:
    """Stable key of a board folder: a hash of its resolved path."""
    return hashlib.sha256(str(board.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def board_state_dir(board: Path, root: Path | None = None) -> Path:
    """The state folder of the board at `board` (`root` overrides the user state dir)."""
    return (root or state_root()) / "boards" / board_key(board)
