"""Signed follow-up tokens: who answers which question, until when.

A token rides in the one-click links of a follow-up message
(`/v1/loop/{token}?resolved=yes`) and in its reply address
(`reply+{token}@{inbound domain}`), so it must be short and use only
characters that are safe in a URL path and in an email local part.

Layout (version 1), 21 to 26 bytes, then a 16-byte MAC::

    byte 0       version (high nibble) | stage code (low nibble)
    bytes 1-16   the item's ULID, raw (its 128 bits, decoded from Crockford base32)
    bytes 17-20  expiry, unsigned big-endian epoch seconds
    bytes 21-    optional nonce, 1-5 ASCII characters [A-Za-z0-9_-]

    token = base64url(payload) "." base64url(HMAC-SHA256(secret, DOMAIN + payload)[:16])

without padding: 51 characters, 58 at most with a nonce, so that
`reply+TOKEN` stays within the 64-octet limit of an email local part.
The MAC is checked before anything in the payload is trusted, in constant
time, against every secret given (rotation: sign with the first secret,
verify with any, then retire old secrets once their tokens have expired).

`verify_token` raises only `TokenError` subclasses, whatever the string.
Note that base64url is case-sensitive: a mail system that changes the case
of the local part breaks the token (it then fails as `TokenInvalid`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass

VERSION = 1
STAGES: tuple[str, ...] = ("thanks", "checkin", "response", "resurvey")
_STAGE_CODES = {stage: code for code, stage in enumerate(STAGES)}

MAX_NONCE_LEN = 5
MAX_TOKEN_LEN = 64
_MAC_LEN = 16
_FIXED_LEN = 21  # version/stage + ULID + expiry
_DOMAIN = b"boucle/loop-token/v1\x00"  # keeps these MACs apart from any other use of the secret
_B64URL = re.compile(r"[A-Za-z0-9_-]+")
_NONCE = re.compile(rf"[A-Za-z0-9_-]{{1,{MAX_NONCE_LEN}}}")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_VALUE = {char: value for value, char in enumerate(_CROCKFORD)}


class TokenError(Exception):
    """A token that must not be acted on."""


class TokenInvalid(TokenError):
    """Malformed, forged, signed with an unknown secret, or of an unknown version or stage."""


class TokenExpired(TokenError):
    """Genuine but past its expiry; `claims` says what it was for (the page can say "expired")."""

    def __init__(self, claims: TokenClaims) -> None:
        super().__init__("token expired")
        self.claims = claims


@dataclass(frozen=True)
class TokenClaims:
    """What a verified token vouches for."""

    item_id: str
    stage: str
    expires_at: int
    nonce: str | None = None


def make_token(
    secret: bytes | Sequence[bytes],
    item_id: str,
    stage: str,
    expires_at: int,
    nonce: str | None = None,
) -> str:
    """A signed token for one item and stage, valid until `expires_at` (epoch seconds, exclusive).

    `secret` may be the rotation list: the first secret signs. Tokens are
    deterministic for the same arguments; pass a `nonce` (1-5 characters of
    [A-Za-z0-9_-]) to tell two sends of the same stage apart. Raises
    ValueError for arguments that cannot be encoded (these are programming
    errors, not bad input from a customer).
    """
    key = _secrets(secret)[0]
    code = _STAGE_CODES.get(stage)
    if code is None:
        raise ValueError(f"unknown stage {stage!r}")
    if isinstance(expires_at, bool) or not isinstance(expires_at, int) or not 0 <= expires_at < 2**32:
        raise ValueError("expires_at must be an epoch second that fits in 32 bits")
    if nonce is not None and not _NONCE.fullmatch(nonce):
        raise ValueError(f"nonce must be 1-{MAX_NONCE_LEN} characters of [A-Za-z0-9_-]")
    payload = (
        bytes([VERSION << 4 | code])
        + _ulid_to_bytes(item_id)
        + expires_at.to_bytes(4, "big")
        + (nonce.encode("ascii") if nonce else b"")
    )
    return _b64encode(payload) + "." + _b64encode(_mac(key, payload))


def verify_token(secret: bytes | Sequence[bytes], token: str, now: int) -> TokenClaims:
    """The claims of a genuine, unexpired token.

    Raises TokenInvalid for anything malformed or not signed by one of the
    secrets, TokenExpired when `now >= expires_at`, and nothing else for any
    `token` value. (ValueError for an empty secret list: a configuration
    error, not a bad token.)
    """
    keys = _secrets(secret)
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LEN or token.count(".") != 1:
        raise TokenInvalid("malformed token")
    encoded_payload, encoded_mac = token.split(".")
    payload = _b64decode(encoded_payload)
    mac = _b64decode(encoded_mac)
    if not _FIXED_LEN <= len(payload) <= _FIXED_LEN + MAX_NONCE_LEN or len(mac) != _MAC_LEN:
        raise TokenInvalid("malformed token")
    # Every secret is tried (no early exit), each comparison in constant time.
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(_mac(key, payload), mac)
    if not matched:
        raise TokenInvalid("bad signature")
    version, code = payload[0] >> 4, payload[0] & 0x0F
    if version != VERSION or code >= len(STAGES):
        raise TokenInvalid("unknown token version or stage")
    nonce_bytes = payload[_FIXED_LEN:]
    nonce = nonce_bytes.decode("ascii", errors="replace") if nonce_bytes else None
    if nonce is not None and not _NONCE.fullmatch(nonce):
        raise TokenInvalid("malformed nonce")
    claims = TokenClaims(
        item_id=_bytes_to_ulid(payload[1:17]),
        stage=STAGES[code],
        expires_at=int.from_bytes(payload[17:21], "big"),
        nonce=nonce,
    )
    if now >= claims.expires_at:
        raise TokenExpired(claims)
    return claims


def _secrets(secret: bytes | Sequence[bytes]) -> list[bytes]:
    keys = [secret] if isinstance(secret, bytes | bytearray) else list(secret)
    if not keys or not all(isinstance(key, bytes | bytearray) and key for key in keys):
        raise ValueError("at least one non-empty secret (bytes) is required")
    return [bytes(key) for key in keys]


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, _DOMAIN + payload, hashlib.sha256).digest()[:_MAC_LEN]


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    """Strict base64url without padding: one byte string has exactly one accepted spelling."""
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise TokenInvalid("malformed token")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise TokenInvalid("malformed token") from error
    if _b64encode(data) != text:  # non-zero padding bits: another spelling of the same bytes
        raise TokenInvalid("malformed token")
    return data


def _ulid_to_bytes(ulid: str) -> bytes:
    if not isinstance(ulid, str) or len(ulid) != 26 or ulid[0] not in "01234567":
        raise ValueError("item_id must be a ULID")
    value = 0
    for char in ulid:
        digit = _CROCKFORD_VALUE.get(char)
        if digit is None:
            raise ValueError("item_id must be a ULID")
        value = value << 5 | digit
    return value.to_bytes(16, "big")


def _bytes_to_ulid(raw: bytes) -> str:
    value = int.from_bytes(raw, "big")
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))
