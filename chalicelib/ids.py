"""ULIDs: 128-bit ids whose text sorts by creation time (Crockford base32)."""

from __future__ import annotations

import os
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {c: i for i, c in enumerate(_ALPHABET)}


def new_ulid(now_ms: int | None = None) -> str:
    """A new ULID: 48 bits of milliseconds then 80 random bits."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    value = (ms << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_ALPHABET[(value >> shift) & 31] for shift in range(125, -1, -5))


def is_ulid(text: str) -> bool:
    return len(text) == 26 and text[0] in "01234567" and all(c in _DECODE for c in text)


def ulid_ms(ulid: str) -> int:
    """The creation time of a ULID, in epoch milliseconds."""
    value = 0
    for char in ulid[:10]:
        value = (value << 5) | _DECODE[char]
    return value


def ulid_floor(ms: int) -> str:
    """The smallest ULID at a millisecond: a range key bound for time queries."""
    value = ms << 80
    return "".join(_ALPHABET[(value >> shift) & 31] for shift in range(125, -1, -5))
