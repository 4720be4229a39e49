"""The OS login of this process: `$HUDDLE_OS_USER` when set (tests, scripts), else the OS user name.

Kept apart from `session` (which opens the store) so the app can key its start snapshot by the login
before the board is opened.
"""

from __future__ import annotations

import getpass
import os


def current_os_login() -> str:
    """The OS login: `$HUDDLE_OS_USER` when set (tests, scripts), else `getpass.getuser()`."""
    override = os.environ.get("HUDDLE_OS_USER")
    if override:
        return override
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"
