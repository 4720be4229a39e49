"""Helpers shared by the CLI command modules (board-path resolution)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DEFAULT_BOARD_NAME = "huddle-board"


def resolve_board_path(args_board: str | None) -> Path:
    """Return the board folder: `--board`, else $HUDDLE_BOARD, else the user data dir's `huddle-board`."""
    if args_board:
        return Path(args_board).expanduser()
    env = os.environ.get("HUDDLE_BOARD")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("huddle_tui")) / DEFAULT_BOARD_NAME
