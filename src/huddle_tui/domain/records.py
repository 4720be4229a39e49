"""Conversion between domain dataclasses and the flat JSON fields the store keeps.

Every record dataclass has an `id: str` first and otherwise fields of these types: str, int, float,
bool, date, datetime (always timezone-aware, stored as UTC ISO 8601 with a trailing Z), an Enum with
string values, tuple[str, ...], dict[str, ...] of JSON values, or an Optional of one of those.
`to_fields(record)` gives the store fields (without `id`); `from_fields(cls, id, fields)` rebuilds the
record, ignoring unknown fields and using defaults for missing ones, so that records written by a newer
or older version of the app still load.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar

T = TypeVar("T")


def iso_datetime(value: datetime) -> str:
    """UTC ISO 8601 with millisecond precision and a Z, e.g. 2026-11-27T06:30:00.000Z."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: every stored time must be timezone-aware")
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _unwrap_optional(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _dump(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _dump(v) for k, v in value.items()}
    raise TypeError(f"cannot store {type(value).__name__}")


def _load(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    tp = _unwrap_optional(tp)
    origin = typing.get_origin(tp)
    if tp is datetime:
        return parse_datetime(value)
    if tp is date:
        return date.fromisoformat(value)
    if tp is time:
        return time.fromisoformat(value)
    if dataclasses.is_dataclass(tp):
        return from_fields(tp, value.get("id", ""), value)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(value)
    if tp is float:
        return float(value)
    if tp is int:
        return int(value)
    if origin is tuple:
        (item_tp, *_rest) = typing.get_args(tp) or (Any,)
        return tuple(_load(item_tp, v) for v in value)
    if origin is dict:
        args = typing.get_args(tp)
        val_tp = args[1] if len(args) == 2 else Any
        return {k: _load(val_tp, v) for k, v in value.items()}
    return value


def to_fields(record: Any) -> dict[str, Any]:
    """The store fields of a record dataclass (every field except `id`); nested dataclasses become dicts."""
    return {f.name: _dump(getattr(record, f.name)) for f in dataclasses.fields(record) if f.name != "id"}


Loader = Callable[[Any], Any]


def _not_none(convert: Loader) -> Loader:
    return lambda value: None if value is None else convert(value)


@functools.cache
def _loader(tp: Any) -> Loader | None:
    """The converter of a stored value to `tp`, built once per type (None: the value is kept as is).

    It does what `_load(tp, value)` does, without looking at the type again for every value."""
    tp = _unwrap_optional(tp)
    origin = typing.get_origin(tp)
    convert: Loader
    if tp is datetime:
        convert = parse_datetime
    elif tp is date:
        convert = date.fromisoformat
    elif tp is time:
        convert = time.fromisoformat
    elif dataclasses.is_dataclass(tp):
        cls: Any = tp

        def convert(value: Any) -> Any:
            return from_fields(cls, value.get("id", ""), value)

    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        convert = tp
    elif tp is float:
        convert = float
    elif tp is int:
        convert = int
    elif origin is tuple:
        (item_tp, *_rest) = typing.get_args(tp) or (Any,)
        item = _loader(item_tp)

        def convert(value: Any) -> Any:
            return tuple(value) if item is None else tuple(item(v) for v in value)

    elif origin is dict:
        args = typing.get_args(tp)
        val = _loader(args[1] if len(args) == 2 else Any)

        def convert(value: Any) -> Any:
            return dict(value) if val is None else {k: val(v) for k, v in value.items()}

    else:
        return None
    return _not_none(convert)


@functools.cache
def _plan(cls: type) -> tuple[bool, tuple[tuple[str, Loader | None], ...]]:
    """Whether `cls` has an `id`, and each other field with its converter."""
    hints = _hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    return "id" in names, tuple((name, _loader(hints[name])) for name in names if name != "id")


def from_fields(cls: type[T], record_id: str, fields: Mapping[str, Any]) -> T:
    """Rebuild a record dataclass from store fields; unknown fields are ignored, missing ones defaulted.

    `fields` is only read (it may be the store's shared mapping)."""
    has_id, plan = _plan(cls)
    kwargs: dict[str, Any] = {"id": record_id} if has_id else {}
    for name, load in plan:
        if name in fields:
            value = fields[name]
            kwargs[name] = value if load is None else load(value)
    return cls(**kwargs)


def changed_fields(old: Any, new: Any) -> dict[str, Any]:
    """Only the store fields that differ between two versions of a record (what an edit writes)."""
    before, after = to_fields(old), to_fields(new)
    return {k: v for k, v in after.items() if before.get(k) != v}
