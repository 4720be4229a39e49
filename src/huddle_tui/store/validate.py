"""Validation of everything a caller hands to the store, done before anything is written.

Refuses NaN/Infinity, oversize strings and records, nesting deeper than 32, non-string keys, lone
surrogates, values JSON cannot carry, and kinds, ids, partitions or field names outside the safe alphabet.
Every refusal is a `huddle_tui.errors.InvalidInput` with a message a person can act on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from huddle_tui.errors import InvalidInput

MAX_DEPTH = 32
MAX_STRING_BYTES = 1024 * 1024  # one string value, UTF-8 encoded
MAX_RECORD_BYTES = 4 * 1024 * 1024  # one record in its file, serialized
MAX_FILE_BYTES = 512 * 1024 * 1024  # refuse to parse anything bigger
RESERVED_FIELDS = frozenset({"_deleted"})

_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_KIND_RE = re.compile(r"[a-z0-9_]{1,32}")
_FIELD_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")
_INT_MIN, _INT_MAX = -(2**63), 2**64 - 1


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_kind(kind: object) -> str:
    """A kind is 1-32 characters of lowercase letters, digits and `_` (it becomes part of a file name)."""
    if not isinstance(kind, str) or not _KIND_RE.fullmatch(kind):
        raise InvalidInput(
            f"invalid record kind {_show(kind)}",
            hint="use 1-32 lowercase letters, digits or '_'",
        )
    return kind


def check_id(record_id: object, what: str = "record id") -> str:
    """An id is 1-64 characters from `[A-Za-z0-9_-]` (no `/`, `\\`, `..`, spaces or empty)."""
    if not isinstance(record_id, str) or not _ID_RE.fullmatch(record_id):
        raise InvalidInput(f"invalid {what} {_show(record_id)}", hint="use 1-64 letters, digits, '_' or '-'")
    return record_id


def check_partition(partition: object) -> str | None:
    """A partition is None or an id-like string such as `2026-11`."""
    if partition is None:
        return None
    return check_id(partition, "partition")


def check_actor(actor: object) -> str:
    """The actor is the id of the person making the change (a non-empty string)."""
    if not isinstance(actor, str) or not actor or len(actor) > 128:
        raise InvalidInput(
            f"invalid actor {_show(actor)}", hint="pass the acting person's id (1-128 characters)"
        )
    _check_text(actor, "actor")
    return actor


def _check_text(text: str, where: str) -> None:
    if len(text) > MAX_STRING_BYTES:
        raise InvalidInput(
            f"text in {where} is too long ({len(text):,} characters)",
            hint=f"the limit is {MAX_STRING_BYTES // 1024} KB per text",
        )
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidInput(
            f"text in {where} contains an invalid character (a lone surrogate)",
            hint="remove the character or re-type the text",
        ) from None
    if size > MAX_STRING_BYTES:
        raise InvalidInput(
            f"text in {where} is too long ({size:,} bytes)",
            hint=f"the limit is {MAX_STRING_BYTES // 1024} KB",
        )


def check_value(value: Any, where: str = "value", depth: int = 0) -> None:
    """Check that `value` is plain JSON the store can keep exactly (raises InvalidInput)."""
    if depth > MAX_DEPTH:
        raise InvalidInput(f"{where} is nested deeper than {MAX_DEPTH} levels", hint="flatten the value")
    if value is None or value is True or value is False:
        return
    if isinstance(value, str):
        _check_text(value, where)
    elif isinstance(value, int):
        if not _INT_MIN <= value <= _INT_MAX:
            raise InvalidInput(f"{where}: the number {value} is too large to store", hint="store it as text")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(
                f"{where}: {value} is not a number that can be stored", hint="enter a finite number"
            )
    elif isinstance(value, list | tuple):
        for item in value:
            check_value(item, where, depth + 1)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInput(f"{where}: key {_show(key)} is not text", hint="use text keys only")
            _check_text(key, where)
            check_value(item, where, depth + 1)
    else:
        raise InvalidInput(
            f"{where}: a {type(value).__name__} cannot be stored", hint="use text, numbers or lists"
        )


def check_fields(fields: object) -> dict[str, Any]:
    """Check a field dict for put(); returns it as a plain dict."""
    if not isinstance(fields, Mapping):
        raise InvalidInput("fields must be a mapping of field name to value")
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if not isinstance(name, str) or not _FIELD_RE.fullmatch(name) or name in RESERVED_FIELDS:
            raise InvalidInput(
                f"invalid field name {_show(name)}",
                hint="use 1-64 letters, digits, '_', '.' or '-', not starting with '.' or '-'",
            )
        check_value(value, f"field {name!r}", 1)
        out[name] = value
    return out
