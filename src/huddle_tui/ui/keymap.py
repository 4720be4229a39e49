"""Binding ids and the user keymap file.

Every binding of the app has an id ("board.new", "board.decide", ...). A user may rebind any of them in
a TOML file at `platformdirs.user_config_dir("huddle_tui")/keymap.toml`:

    [keymap]
    "board.new" = "n,insert"
    "board.decide" = "D"

`load_keymap(path)` reads it with tomllib and returns (keymap, problems); the app applies the keymap
with `App.set_keymap` and shows the problems as a notification (a bad file never stops the app).
`binding_rows(app)` lists every binding (id, keys, description) for the help screen.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from textual.binding import Binding, BindingType

KEYMAP_FILE = "keymap.toml"


def default_keymap_path() -> Path:
    return Path(platformdirs.user_config_dir("huddle_tui")) / KEYMAP_FILE


def load_keymap(path: Path | None, known_ids: Iterable[str] = ()) -> tuple[dict[str, str], list[str]]:
    """The `[keymap]` table of `path` as {binding id: keys}, and a list of problems found (never raises)."""
    if path is None or not path.exists():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        return {}, [f"Cannot read the keymap file {path}: {err}"]
    except tomllib.TOMLDecodeError as err:
        return {}, [f"The keymap file {path} is not valid TOML: {err}"]
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        return {}, [f'In {path}, [keymap] must be a table of "binding.id" = "keys".']
    known = set(known_ids)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in table.items():
        if not isinstance(keys, str) or not keys.strip():
            problems.append(f'{binding_id}: the keys must be a non-empty string like "n,insert".')
            continue
        if known and binding_id not in known:
            problems.append(f"{binding_id}: no binding has this id (see ? for the list).")
            continue
        keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap, problems


@dataclass(frozen=True)
class BindingRow:
    scope: str
    id: str
    keys: str
    description: str


def _bindings(bindings: Iterable[BindingType]) -> list[Binding]:
    out: list[Binding] = []
    for binding in bindings:
        if isinstance(binding, Binding):
            out.append(binding)
        elif isinstance(binding, tuple):
            out.append(Binding(*binding))
    return out


def binding_rows(
    scopes: Iterable[tuple[str, Iterable[BindingType]]], keymap: dict[str, str]
) -> list[BindingRow]:
    """(scope, id, keys, description) for every binding with an id, with the user keymap applied."""
    rows: list[BindingRow] = []
    for scope, bindings in scopes:
        for binding in _bindings(bindings):
            if not binding.id:
                continue
            keys = keymap.get(binding.id, binding.key)
            rows.append(BindingRow(scope, binding.id, keys, binding.description or binding.action))
    return rows


def all_binding_ids(scopes: Iterable[tuple[str, Iterable[BindingType]]]) -> set[str]:
    return {b.id for _scope, bindings in scopes for b in _bindings(bindings) if b.id}
