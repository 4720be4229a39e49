"""PIN validation, salted scrypt hashing and constant-time verification."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huddle_tui.domain.pins import SCRYPT_N, hash_pin, validate_pin, verify_pin
from huddle_tui.errors import InvalidInput


def test_hash_format_and_salt() -> None:
    stored = hash_pin("4711")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", SCRYPT_N, 8, 1)
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    assert "4711" not in stored.split("$")  # the PIN itself is never one of the stored parts
    assert hash_pin("4711") != stored  # a new salt every time
    assert verify_pin("4711", stored)
    assert not verify_pin("4712", stored)
    assert not verify_pin("47110", stored)


@pytest.mark.parametrize(
    "pin", ["", "123", "1234567890123", "12a4", "12 34", "١٢٣٤", "-123", "12.34", " 1234"]
)
def test_validate_pin_refuses(pin: str) -> None:
    with pytest.raises(InvalidInput, match="4 to 12 digits"):
        validate_pin(pin)
    with pytest.raises(InvalidInput):
        hash_pin(pin)


@pytest.mark.parametrize("pin", ["0000", "1234", "123456789012"])
def test_validate_pin_accepts(pin: str) -> None:
    assert validate_pin(pin) == pin


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "",
        "plain",
        "scrypt$abc$def",
        "bcrypt$16384$8$1$00$00",
        "scrypt$x$8$1$00$00",
        "scrypt$16384$8$1$zz$00",
        "scrypt$16384$8$1$$",
        "scrypt$1000$8$1$0011$0011",  # n not a power of two
        "scrypt$1073741824$8$1$0011$0011",  # absurd cost is refused, not computed
    ],
)
def test_malformed_stored_values_never_verify(stored: str | None) -> None:
    assert verify_pin("1234", stored) is False


@settings(max_examples=5, deadline=None)
@given(st.from_regex(r"[0-9]{4,12}", fullmatch=True), st.from_regex(r"[0-9]{4,12}", fullmatch=True))
def test_round_trip(pin: str, other: str) -> None:
    stored = hash_pin(pin)
    assert verify_pin(pin, stored)
    assert verify_pin(other, stored) == (other == pin)
