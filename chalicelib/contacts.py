"""Keyed hashes of contact details: lookups without making the address a key."""

from __future__ import annotations

import hashlib
import hmac

from chalicelib.config import settings


def normalize_email(email: str) -> str:
    return email.strip().lower()


def normalize_phone(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit() or c == "+")


def contact_hash(email: str | None = None, phone: str | None = None) -> str | None:
    """HMAC-SHA256 of the normalised address (email preferred); None without a contact."""
    if email:
        material = "email:" + normalize_email(email)
    elif phone:
        material = "phone:" + normalize_phone(phone)
    else:
        return None
    return hmac.new(settings().contact_hash_key, material.encode(), hashlib.sha256).hexdigest()
