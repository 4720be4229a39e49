"""Random record ids: time-ordered, URL- and file-name-safe (a ULID in Crockford base32)."""

from __future__ import annotations

import os
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _b32(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_id() -> str:
    """Return a new random record id: 26 characters, sortable by creation time, 80 random bits."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    return _b32(ms, 10) + _b32(rand, 16)


def new_replica_id() -> str:
    """Return a new replica id: 12 lowercase base32 characters (60 random bits)."""
    return _b32(int.from_bytes(os.urandom(8), "big") >> 4, 12).lower()
