"""The app's parsed stylesheets, kept between starts so a start does not parse the same TCSS again.

Textual parses the app's .tcss files and the DEFAULT_CSS of every widget class it meets, on every start:
about 20 ms before the board's first frame, and more when the command palette first opens. What a
parse gives depends only on the CSS text, where it was read from and the theme's CSS variables, so
`warm` fills the stylesheet's parse cache from the file that `keep` wrote when the app last quit.

Like a start snapshot (`services.snapshots`), this is a cache, never data. It lives in the local state
folder, outside any board:

    <user state dir>/ui/css-<digest>.pickle     (digest: Python, Textual's files and the CSS variables)

A missing, unreadable or refused file, or one made by another Python or Textual, just means "parse as
usual". Only Textual's own classes (and the few helpers its rules are made of) are unpickled, so a
planted file cannot run code. The rules read are the objects a parse would have made: the tests compare
them with a fresh parse, and with the screenshots of every screen.

This leans on Textual 8's `Stylesheet._parse_cache` (key: css, read_from, is_default_rules, tie_breaker,
scope) and `Stylesheet._variables`; tests/ui/test_css_cache.py checks both on an upgrade.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import pickle
import sys
from pathlib import Path
from typing import Any

from textual.css import model
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from huddle_tui.services.snapshots import load_pickle, save_pickle
from huddle_tui.store.paths import state_root

SCHEMA = 1
MAX_BYTES = 4 * 1024 * 1024
# The helpers Textual's rules hold besides its classes: the selector checks (functools.partial of them).
_FUNCTIONS: dict[tuple[str, str], Any] = {
    ("textual.css.model", name): getattr(model, name)
    for name in ("_check_universal", "_check_type", "_check_class", "_check_id")
}
_FUNCTIONS[("functools", "partial")] = functools.partial


def _safe_getattr(owner: Any, name: str) -> Any:
    """`getattr`, as pickle uses it in Textual's rules, for nothing but a member of an enum or a
    plain dict's `get` and `__contains__` (`Styles.get_rule`, `Styles.has_rule`)."""
    if isinstance(owner, enum.EnumMeta) and not name.startswith("_"):
        return owner[name]
    if type(owner) is dict and name in ("get", "__contains__"):
        return getattr(owner, name)
    raise pickle.UnpicklingError(f"refusing getattr of {type(owner).__name__}.{name}")


class _Unpickler(pickle.Unpickler):
    """Unpickles Textual's classes, its selector checks, enum members and dict lookups; nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _safe_getattr
        if (module, name) in _FUNCTIONS:
            return _FUNCTIONS[(module, name)]
        if module.startswith("textual.") and not name.startswith("_") and "." not in name:
            value = super().find_class(module, name)
            if isinstance(value, type):
                return value
        raise pickle.UnpicklingError(f"refusing {module}.{name}")


@functools.cache
def _textual_stamp() -> str:
    """Which Textual parsed the rules: its parser's and style model's files (path, size, time)."""
    from textual.css import parse, styles

    parts = []
    for module in (model, parse, styles):
        path = Path(module.__file__ or "")
        try:
            stat = path.stat()
        except OSError:
            parts.append(str(path))
        else:
            parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def cache_path(stylesheet: Stylesheet, root: Path | None = None) -> Path:
    """The file of the parsed rules for this stylesheet's CSS variables."""
    variables = sorted(stylesheet._variables.items())
    key = repr((SCHEMA, sys.version, _textual_stamp(), variables))
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return (root or state_root()) / "ui" / f"css-{digest}.pickle"


def _valid(entries: Any) -> bool:
    return isinstance(entries, dict) and all(
        isinstance(key, tuple)
        and len(key) == 5
        and isinstance(rules, list)
        and all(isinstance(rule, RuleSet) for rule in rules)
        for key, rules in entries.items()
    )


def warm(stylesheet: Stylesheet, root: Path | None = None) -> int:
    """Fill `stylesheet`'s parse cache with the rules kept for its CSS variables; how many sources."""
    saved = load_pickle(cache_path(stylesheet, root), _Unpickler, MAX_BYTES, 2)
    if saved is None or saved[0] != SCHEMA or not _valid(saved[1]):
        return 0  # missing, unreadable, refused or of another layout: parse as usual
    entries = saved[1]
    cache = stylesheet._parse_cache
    for key, rules in entries.items():
        if key not in cache:
            cache[key] = rules
    return len(entries)


def keep(stylesheet: Stylesheet, warmed: int = 0, root: Path | None = None) -> bool:
    """Keep what `stylesheet` has parsed (atomically replaced, best effort); False when nothing new was
    parsed since `warm` gave `warmed` sources, or the file could not be written."""
    cache = stylesheet._parse_cache
    entries = {key: cache.get(key) for key in list(cache.keys())}
    if not entries or len(entries) <= warmed:
        return False
    return save_pickle(cache_path(stylesheet, root), (SCHEMA, entries), MAX_BYTES)
