"""Field-level encryption of customer contacts (email, phone) with the template's KMS key.

Envelope encryption: a data key from KMS `GenerateDataKey` encrypts values with
AES-256-GCM and is reused for a while, so only the first contact a warm
function stores costs a KMS call (the request path otherwise stays at one
DynamoDB write). Stored values look like `enc:v1:<encrypted data key>:<nonce+ciphertext>`;
reading decrypts the data key once per key and caches it. Lookups never need
the plaintext: they go through the keyed contact hash. Values without the
prefix (written before encryption was configured) are read as they are.
Without `BOUCLE_DATA_KEY_ARN` (a bare test setup) values are stored as given.
"""

from __future__ import annotations

import base64
import os
import threading
import time
from collections import OrderedDict
from typing import Any

from pynamodb.attributes import UnicodeAttribute

from chalicelib.aws import client
from chalicelib.config import settings

PREFIX = "enc:v1:"
AAD = b"boucle-contact-v1"
DATA_KEY_MAX_AGE_S = 3600
DATA_KEY_MAX_USES = 100_000

_lock = threading.Lock()
_current: dict[str, Any] = {}
_decrypted_keys: OrderedDict[bytes, bytes] = OrderedDict()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _data_key() -> tuple[bytes, bytes]:
    """(plaintext key, encrypted key) of the data key in use, rotated by age and use count."""
    with _lock:
        fresh = _current and time.monotonic() - _current["at"] < DATA_KEY_MAX_AGE_S
        if not fresh or _current["uses"] >= DATA_KEY_MAX_USES:
            answer = client("kms").generate_data_key(KeyId=settings().data_key_arn, KeySpec="AES_256")
            _current.update(plain=answer["Plaintext"], encrypted=answer["CiphertextBlob"], at=time.monotonic(), uses=0)
        _current["uses"] += 1
        return _current["plain"], _current["encrypted"]


def _plain_key(encrypted: bytes) -> bytes:
    with _lock:
        if encrypted in _decrypted_keys:
            _decrypted_keys.move_to_end(encrypted)
            return _decrypted_keys[encrypted]
    plain = client("kms").decrypt(CiphertextBlob=encrypted)["Plaintext"]
    with _lock:
        _decrypted_keys[encrypted] = plain
        while len(_decrypted_keys) > 64:
            _decrypted_keys.popitem(last=False)
    return plain


def encrypt(value: str) -> str:
    if not settings().data_key_arn or value.startswith(PREFIX):
        return value
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    plain_key, encrypted_key = _data_key()
    nonce = os.urandom(12)
    sealed = AESGCM(plain_key).encrypt(nonce, value.encode(), AAD)
    return f"{PREFIX}{_b64(encrypted_key)}:{_b64(nonce + sealed)}"


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        return value
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    encrypted_key, sealed = (_unb64(part) for part in value[len(PREFIX) :].split(":", 1))
    return AESGCM(_plain_key(encrypted_key)).decrypt(sealed[:12], sealed[12:], AAD).decode()


def forget_keys() -> None:
    """Drop cached data keys (tests, key rotation)."""
    with _lock:
        _current.clear()
        _decrypted_keys.clear()


class EncryptedUnicodeAttribute(UnicodeAttribute):
    """A string attribute stored encrypted and read back in clear by the model."""

    def serialize(self, value: Any) -> Any:
        return super().serialize(encrypt(value))

    def deserialize(self, value: Any) -> Any:
        return decrypt(super().deserialize(value))
