"""Signed follow-up tokens: roundtrip, forgery, rotation, expiry, malformed input, size and alphabet."""

from __future__ import annotations

import base64
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.followup.tokens import (
    MAX_TOKEN_LEN,
    STAGES,
    TokenClaims,
    TokenError,
    TokenExpired,
    TokenInvalid,
    make_token,
    verify_token,
)

SECRET = b"primary-secret"
OLD = b"previous-secret"
ITEM = "01HZX3Q4R5S6T7V8W9XAYBZC0D"
NOW = 1_714_557_600
LATER = NOW + 14 * 86_400
SAFE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
# Characters RFC 5322 allows unquoted in an email local part ("atext" and dots).
LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+")


@pytest.mark.parametrize("stage", STAGES)
def test_roundtrip(stage: str) -> None:
    token = make_token(SECRET, ITEM, stage, LATER)
    assert verify_token(SECRET, token, NOW) == TokenClaims(ITEM, stage, LATER)


def test_roundtrip_with_nonce_and_extremes() -> None:
    for item_id in ("00000000000000000000000000", "7ZZZZZZZZZZZZZZZZZZZZZZZZZ", ITEM):
        for expires_at in (1, LATER, 2**32 - 1):
            token = make_token(SECRET, item_id, "checkin", expires_at, nonce="a-Z_9")
            claims = verify_token(SECRET, token, 0)
            assert claims == TokenClaims(item_id, "checkin", expires_at, "a-Z_9")


def test_tokens_are_deterministic_unless_a_nonce_is_given() -> None:
    assert make_token(SECRET, ITEM, "thanks", LATER) == make_token(SECRET, ITEM, "thanks", LATER)
    assert make_token(SECRET, ITEM, "thanks", LATER, nonce="1") != make_token(SECRET, ITEM, "thanks", LATER, nonce="2")
    assert make_token(SECRET, ITEM, "thanks", LATER) != make_token(SECRET, ITEM, "checkin", LATER)


def test_length_and_alphabet_fit_an_email_local_part() -> None:
    shortest = make_token(SECRET, ITEM, "resurvey", LATER)
    longest = make_token(SECRET, "7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "resurvey", 2**32 - 1, nonce="zzzzz")
    assert len(shortest) == 51
    assert len(longest) == 58 <= MAX_TOKEN_LEN
    for token in (shortest, longest):
        assert SAFE.fullmatch(token)
        local = "reply+" + token
        assert LOCAL_PART.fullmatch(local)
        assert len(local) <= 64  # RFC 5321 local-part limit
        assert ".." not in local and not local.endswith(".")


def test_tampered_bytes_are_rejected() -> None:
    token = make_token(SECRET, ITEM, "checkin", LATER)
    payload, mac = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    for index in range(len(raw)):
        forged = bytearray(raw)
        forged[index] ^= 0x01
        forged_token = base64.urlsafe_b64encode(bytes(forged)).rstrip(b"=").decode() + "." + mac
        with pytest.raises(TokenInvalid):
            verify_token(SECRET, forged_token, NOW)
    raw_mac = bytearray(base64.urlsafe_b64decode(mac + "=="))
    raw_mac[-1] ^= 0x80
    with pytest.raises(TokenInvalid):
        verify_token(SECRET, payload + "." + base64.urlsafe_b64encode(bytes(raw_mac)).rstrip(b"=").decode(), NOW)


def test_changed_characters_are_rejected() -> None:
    token = make_token(SECRET, ITEM, "checkin", LATER)
    for index, char in enumerate(token):
        if char == ".":
            continue
        replacement = "A" if char != "A" else "B"
        with pytest.raises(TokenInvalid):
            verify_token(SECRET, token[:index] + replacement + token[index + 1 :], NOW)


def test_stage_cannot_be_swapped() -> None:
    checkin = make_token(SECRET, ITEM, "checkin", LATER)
    resurvey = make_token(SECRET, ITEM, "resurvey", LATER)
    spliced = resurvey.split(".")[0] + "." + checkin.split(".")[1]
    with pytest.raises(TokenInvalid):
        verify_token(SECRET, spliced, NOW)


def test_wrong_secret() -> None:
    token = make_token(SECRET, ITEM, "checkin", LATER)
    with pytest.raises(TokenInvalid):
        verify_token(b"another-secret", token, NOW)


def test_rotation_signs_with_first_and_verifies_with_any() -> None:
    old_token = make_token(OLD, ITEM, "response", LATER)
    new_token = make_token([SECRET, OLD], ITEM, "response", LATER)
    assert new_token == make_token(SECRET, ITEM, "response", LATER)
    assert verify_token([SECRET, OLD], old_token, NOW).stage == "response"
    assert verify_token((SECRET, OLD), new_token, NOW).stage == "response"
    with pytest.raises(TokenInvalid):
        verify_token([SECRET], old_token, NOW)  # retired secret


def test_expired() -> None:
    token = make_token(SECRET, ITEM, "checkin", LATER)
    assert verify_token(SECRET, token, LATER - 1).expires_at == LATER
    with pytest.raises(TokenExpired) as caught:
        verify_token(SECRET, token, LATER)
    assert caught.value.claims == TokenClaims(ITEM, "checkin", LATER)
    with pytest.raises(TokenError):
        verify_token(SECRET, token, LATER + 1)


def test_forged_expired_token_is_invalid_not_expired() -> None:
    token = make_token(b"attacker", ITEM, "checkin", 10)
    with pytest.raises(TokenInvalid):
        verify_token(SECRET, token, NOW)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        ".",
        "..",
        "abc",
        "abc.def",
        "a.b.c",
        "=" * 10,
        "é" * 10 + ".abc",
        "x" * 65,
        "A" * 28 + "." + "A" * 22 + "==",
        "A" * 28 + "+" + "A" * 22,
        "A" * 28 + ".",
        "." + "A" * 22,
        "A" * 29 + "." + "A" * 22,  # length 29 is never valid base64 without padding
        "A" * 28 + "." + "A" * 21 + "B",  # non-canonical: unused low bits set
        " " + "A" * 28 + "." + "A" * 22,
        "A" * 28 + "." + "A" * 22 + "\n",
        "A" * 28 + "\x00" + "A" * 22,
    ],
)
def test_malformed_tokens(bad: str) -> None:
    with pytest.raises(TokenInvalid):
        verify_token(SECRET, bad, NOW)


@pytest.mark.parametrize("bad", [None, 42, b"abc.def", ["a", "b"]])
def test_non_string_tokens(bad: object) -> None:
    with pytest.raises(TokenInvalid):
        verify_token(SECRET, bad, NOW)  # type: ignore[arg-type]


def test_canonical_padding_bits_matter() -> None:
    token = make_token(SECRET, ITEM, "checkin", LATER)
    payload, mac = token.split(".")
    # 16 MAC bytes take 22 characters, whose last one carries 4 unused bits: change only those.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    sibling = mac[:-1] + alphabet[alphabet.index(mac[-1]) ^ 0x01]
    assert base64.urlsafe_b64decode(sibling + "==") == base64.urlsafe_b64decode(mac + "==")
    with pytest.raises(TokenInvalid):
        verify_token(SECRET, payload + "." + sibling, NOW)


def test_unknown_version_or_stage_is_invalid_even_when_signed() -> None:
    import hashlib
    import hmac

    from chalicelib.followup import tokens

    def signed(first_byte: int) -> str:
        payload = bytes([first_byte]) + bytes(16) + LATER.to_bytes(4, "big")
        mac = hmac.new(SECRET, tokens._DOMAIN + payload, hashlib.sha256).digest()[:16]
        encode = tokens._b64encode
        return encode(payload) + "." + encode(mac)

    assert verify_token(SECRET, signed(0x11), NOW).stage == "checkin"
    with pytest.raises(TokenInvalid):
        verify_token(SECRET, signed(0x14), NOW)  # stage code 4 does not exist
    with pytest.raises(TokenInvalid):
        verify_token(SECRET, signed(0x21), NOW)  # version 2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"stage": "nope"},
        {"item_id": "not-a-ulid"},
        {"item_id": "8ZZZZZZZZZZZZZZZZZZZZZZZZZ"},  # more than 128 bits
        {"item_id": "01hzx3q4r5s6t7v8w9xaybzc0d"},  # ids are upper case
        {"item_id": "01HZX3Q4R5S6T7V8W9XAYBZC0U"},  # U is not Crockford
        {"expires_at": -1},
        {"expires_at": 2**32},
        {"expires_at": 1.5},
        {"expires_at": True},
        {"nonce": ""},
        {"nonce": "toolong"},
        {"nonce": "a.b"},
        {"nonce": "é"},
    ],
)
def test_make_token_rejects_bad_arguments(kwargs: dict[str, object]) -> None:
    arguments: dict[str, object] = {"item_id": ITEM, "stage": "checkin", "expires_at": LATER, **kwargs}
    with pytest.raises(ValueError):
        make_token(SECRET, **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("secret", [b"", [], [b""], "text-secret", [SECRET, "text"]])
def test_secrets_must_be_non_empty_bytes(secret: object) -> None:
    with pytest.raises(ValueError):
        make_token(secret, ITEM, "checkin", LATER)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        verify_token(secret, "abc.def", NOW)  # type: ignore[arg-type]


@settings(max_examples=500)
@given(st.text())
def test_arbitrary_text_raises_only_token_errors(text: str) -> None:
    with pytest.raises(TokenError):
        verify_token([SECRET, OLD], text, NOW)


@settings(max_examples=300)
@given(st.from_regex(r"[A-Za-z0-9_-]{0,40}\.[A-Za-z0-9_-]{0,30}", fullmatch=True))
def test_token_shaped_text_raises_only_token_errors(text: str) -> None:
    with pytest.raises(TokenError):
        verify_token(SECRET, text, NOW)


@given(
    st.integers(min_value=0, max_value=2**128 - 1),
    st.sampled_from(STAGES),
    st.integers(min_value=1, max_value=2**32 - 1),
    st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9_-]{1,5}", fullmatch=True)),
)
def test_roundtrip_property(value: int, stage: str, expires_at: int, nonce: str | None) -> None:
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    item_id = "".join(alphabet[(value >> shift) & 31] for shift in range(125, -1, -5))
    token = make_token(SECRET, item_id, stage, expires_at, nonce=nonce)
    assert len(token) <= 58 and SAFE.fullmatch(token)
    assert verify_token([OLD, SECRET], token, expires_at - 1) == TokenClaims(item_id, stage, expires_at, nonce)
