"""Helpers shared by the CLI command modules (board-path resolution)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from huddle_tui.errors import InvalidInput

DEFAULT_BOARD_NAME = "huddle-board"


def resolve_board_path(args_board: str | None) -> Path:
    """Return the board folder: `--board`, else $HUDDLE_BOARD, else the user data dir's `huddle-board`."""
    if args_board:
        return Path(_folder_name(args_board)).expanduser()
    env = os.environ.get("HUDDLE_BOARD")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("huddle_tui")) / DEFAULT_BOARD_NAME


def _folder_name(text: str) -> str:
    """`text` if it can name a folder at all (no NUL, encodable for the file system), else InvalidInput."""
    try:
        if "\x00" in text:
            raise ValueError
        os.fsencode(text)
    except (ValueError, UnicodeEncodeError) as err:
        raise InvalidInput(
            "The board folder name holds characters no folder name can hold (NUL or a broken character).",
            hint="check --board",
        ) from err
    return text
