"""PINs that a kiosk asks for before an elevated action: validation, salted scrypt hashing, verification.

A PIN is 4 to 12 digits. It is stored only as "scrypt$n$r$p$<salt hex>$<hash hex>" (hashlib.scrypt with a
random 16-byte salt); verification recomputes the hash with the stored parameters and compares in constant
time. A malformed stored value never verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from huddle_tui.errors import InvalidInput

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
DKLEN = 32
SALT_BYTES = 16
_MAX_N = 2**20  # refuse stored parameters that would take too much memory or time
_MAXMEM = 256 * 1024 * 1024

_PIN = re.compile(r"[0-9]{4,12}")


def validate_pin(pin: str) -> str:
    """Return `pin` when it is 4 to 12 digits (ASCII 0-9); otherwise raise InvalidInput."""
    if not isinstance(pin, str) or not _PIN.fullmatch(pin):
        raise InvalidInput("A PIN is 4 to 12 digits.", hint="type digits only, for example 4711")
    return pin


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=DKLEN, maxmem=_MAXMEM)


def hash_pin(pin: str) -> str:
    """The salted scrypt hash of a valid `pin`, as "scrypt$n$r$p$salthex$hashhex"."""
    validate_pin(pin)
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _derive(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str | None) -> bool:
    """True when `pin` matches the `stored` hash (constant-time comparison); False for malformed input."""
    if not isinstance(pin, str) or not stored:
        return False
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, expected = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
    except ValueError:
        return False
    if not (1 < n <= _MAX_N and n & (n - 1) == 0 and 0 < r <= 32 and 0 < p <= 16 and salt and expected):
        return False
    try:
        digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=_MAXMEM)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)
