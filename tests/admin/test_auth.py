"""Authentication and roles on every staff route: static tokens and Cognito JWTs."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

import pytest

AGENT = {"Authorization": "Bearer local-admin"}
VIEWER = {"Authorization": "Bearer local-viewer"}
SITE_BODY = {"name": "Demo shop", "allowed_origins": ["https://shop.example.com"], "locale": "fr"}

# (method, path, body, agent only, status expected when allowed); {id} is a stored item.
ROUTES: list[tuple[str, str, Any, bool, int]] = [
    ("GET", "/v1/admin/feedback", None, False, 200),
    ("GET", "/v1/admin/feedback/{id}", None, False, 200),
    ("PATCH", "/v1/admin/feedback/{id}", {"version": 1, "status": "acknowledged"}, True, 200),
    ("GET", "/v1/admin/metrics?site=demo", None, False, 200),
    ("GET", "/v1/admin/export.csv", None, True, 200),
    ("GET", "/v1/admin/customers/export?email=marie@example.com", None, True, 200),
    ("DELETE", "/v1/admin/customers?email=marie@example.com", None, True, 200),
    ("GET", "/v1/admin/sites/demo", None, False, 200),
    ("PUT", "/v1/admin/sites/demo", SITE_BODY, True, 200),
]
ROUTE_IDS = [f"{method} {path.split('?')[0]}" for method, path, *_ in ROUTES]


@pytest.fixture
def stored(site: Any, make_item: Callable[..., Any]) -> Any:
    return make_item(email="marie@example.com", consent_followup=True)


def _send(call: Callable[..., Any], route: tuple[str, str, Any, bool, int], item: Any, headers: dict[str, str]) -> Any:
    method, path, body, _, _ = route
    return call(method, path.replace("{id}", item.id), headers=headers, body=body)


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": "local-admin"},
        {"Authorization": "Basic bG9jYWwtYWRtaW4="},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."},
    ],
    ids=["missing", "wrong", "no-scheme", "basic", "empty", "jwt-without-cognito"],
)
def test_every_route_refuses_missing_or_bad_tokens(
    call: Callable[..., Any], stored: Any, route: Any, headers: dict[str, str]
) -> None:
    response = _send(call, route, stored, headers)
    assert response.status_code == 401
    assert response.json_body["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_viewer_may_read_but_not_act(call: Callable[..., Any], stored: Any, route: Any) -> None:
    response = _send(call, route, stored, VIEWER)
    if route[3]:
        assert response.status_code == 403
        assert response.json_body["error"]["code"] == "forbidden"
    else:
        assert response.status_code == route[4], response.body


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_agent_may_do_everything(call: Callable[..., Any], stored: Any, route: Any) -> None:
    response = _send(call, route, stored, AGENT)
    assert response.status_code == route[4], response.body
    assert response.headers["Cache-Control"] == "no-store"


def test_forbidden_patch_changes_nothing(call: Callable[..., Any], stored: Any) -> None:
    from chalicelib.models import Feedback

    call("PATCH", f"/v1/admin/feedback/{stored.id}", headers=VIEWER, body={"version": 1, "status": "closed"})
    assert Feedback.get(stored.id).status == "new"


def test_bad_input_from_an_anonymous_caller_is_still_401(call: Callable[..., Any], site: Any) -> None:
    assert call("GET", "/v1/admin/feedback?limit=100000").status_code == 401
    assert call("PUT", "/v1/admin/sites/NOT%20VALID", body="{oops").status_code == 401


def test_configured_token_hashes_are_honoured(call: Callable[..., Any], stored: Any, monkeypatch: Any) -> None:
    from chalicelib import config

    digest = hashlib.sha256(b"s3cret-viewer").hexdigest()
    monkeypatch.setenv("BOUCLE_ADMIN_TOKEN_HASHES", f"viewer:{digest}")
    config.settings.cache_clear()
    ok = call("GET", "/v1/admin/feedback", headers={"Authorization": "Bearer s3cret-viewer"})
    assert ok.status_code == 200
    denied = call("GET", "/v1/admin/export.csv", headers={"Authorization": "bearer s3cret-viewer"})
    assert denied.status_code == 403


def test_actor_is_recorded_with_role_and_short_token_hash(call: Callable[..., Any], stored: Any) -> None:
    response = call("PATCH", f"/v1/admin/feedback/{stored.id}", headers=AGENT, body={"version": 1, "assignee": "Luc"})
    event = response.json_body["timeline"][-1]
    short = hashlib.sha256(b"local-admin").hexdigest()[:8]
    assert event["actor"] == f"agent:token:{short}"
    assert "local-admin" not in json.dumps(response.json_body)


# ---------------------------------------------------------------- Cognito JWTs

POOL_ID = "eu-west-1_TestPool"
CLIENT_ID = "test-client-id"
ISSUER = f"https://cognito-idp.eu-west-1.amazonaws.com/{POOL_ID}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@pytest.fixture(scope="module")
def rsa_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def cognito(monkeypatch: pytest.MonkeyPatch, rsa_key: Any) -> dict[str, Any]:
    """A user pool trusted by the app, whose JWKS is served from memory (fetches counted)."""
    from chalicelib.admin import auth

    numbers = rsa_key.public_key().public_numbers()
    jwks = {
        "keys": [
            {
                "kty": "RSA",
                "alg": "RS256",
                "use": "sig",
                "kid": "k1",
                "n": _int_b64(numbers.n),
                "e": _int_b64(numbers.e),
            }
        ]
    }
    fetches: list[str] = []

    def fetch(url: str) -> dict[str, Any]:
        fetches.append(url)
        return jwks

    monkeypatch.setenv("BOUCLE_COGNITO_POOL_ID", POOL_ID)
    monkeypatch.setenv("BOUCLE_COGNITO_CLIENT_ID", CLIENT_ID)
    monkeypatch.setattr(auth, "fetch_jwks", fetch)
    return {"fetches": fetches}


def make_jwt(key: Any, claims: dict[str, Any] | None = None, header: dict[str, Any] | None = None) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    now = int(time.time())
    body = {
        "sub": "0f1e2d3c",
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "token_use": "id",
        "cognito:username": "marie",
        "cognito:groups": ["agent"],
        "iat": now,
        "exp": now + 3600,
        **(claims or {}),
    }
    head = {"alg": "RS256", "kid": "k1", "typ": "JWT", **(header or {})}
    signing_input = f"{_b64(json.dumps(head).encode())}.{_b64(json.dumps(body).encode())}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64(signature)}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_cognito_agent_token_is_accepted_and_named_in_the_timeline(
    call: Callable[..., Any], stored: Any, cognito: dict[str, Any], rsa_key: Any
) -> None:
    token = make_jwt(rsa_key)
    response = call(
        "PATCH", f"/v1/admin/feedback/{stored.id}", headers=bearer(token), body={"version": 1, "tags": ["vip"]}
    )
    assert response.status_code == 200, response.body
    assert response.json_body["timeline"][-1]["actor"] == "agent:cognito:marie"
    # The JWKS is fetched lazily once, then cached.
    assert call("GET", "/v1/admin/feedback", headers=bearer(token)).status_code == 200
    assert cognito["fetches"] == [f"{ISSUER}/.well-known/jwks.json"]


def test_cognito_user_outside_the_agent_group_is_a_viewer(
    call: Callable[..., Any], stored: Any, cognito: dict[str, Any], rsa_key: Any
) -> None:
    token = make_jwt(rsa_key, {"cognito:groups": ["support"]})
    assert call("GET", f"/v1/admin/feedback/{stored.id}", headers=bearer(token)).status_code == 200
    response = call("PATCH", f"/v1/admin/feedback/{stored.id}", headers=bearer(token), body={"version": 1})
    assert response.status_code == 403


def test_cognito_access_token_is_accepted(
    call: Callable[..., Any], stored: Any, cognito: dict[str, Any], rsa_key: Any
) -> None:
    claims = {"token_use": "access", "client_id": CLIENT_ID, "username": "luc", "aud": None}
    token = make_jwt(rsa_key, claims)
    assert call("GET", "/v1/admin/feedback", headers=bearer(token)).status_code == 200


@pytest.mark.parametrize(
    ("claims", "header"),
    [
        ({"exp": int(time.time()) - 3600}, None),
        ({"nbf": int(time.time()) + 3600}, None),
        ({"exp": "never"}, None),
        ({"iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"}, None),
        ({"aud": "another-client"}, None),
        ({"token_use": "refresh"}, None),
        ({"token_use": "access", "client_id": "another-client"}, None),
        (None, {"alg": "HS256"}),
        (None, {"alg": "none"}),
        (None, {"kid": "unknown"}),
    ],
    ids=[
        "expired",
        "not-yet-valid",
        "bad-exp",
        "other-issuer",
        "other-audience",
        "refresh-token",
        "access-other-client",
        "hs256",
        "alg-none",
        "unknown-kid",
    ],
)
def test_cognito_tokens_that_must_not_pass(
    call: Callable[..., Any],
    site: Any,
    cognito: dict[str, Any],
    rsa_key: Any,
    claims: dict[str, Any] | None,
    header: dict[str, Any] | None,
) -> None:
    response = call("GET", "/v1/admin/feedback", headers=bearer(make_jwt(rsa_key, claims, header)))
    assert response.status_code == 401
    assert response.json_body["error"]["code"] == "unauthorized"


def test_cognito_token_signed_by_another_key_or_altered_is_refused(
    call: Callable[..., Any], site: Any, cognito: dict[str, Any], rsa_key: Any
) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert call("GET", "/v1/admin/feedback", headers=bearer(make_jwt(other))).status_code == 401

    head, payload, signature = make_jwt(rsa_key, {"cognito:groups": []}).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["cognito:groups"] = ["agent"]
    forged = f"{head}.{_b64(json.dumps(claims).encode())}.{signature}"
    assert call("GET", "/v1/admin/feedback", headers=bearer(forged)).status_code == 401
    garbage = "eyJ" + "a" * 20 + ".!!!." + "b" * 10
    assert call("GET", "/v1/admin/feedback", headers=bearer(garbage)).status_code == 401


def test_unknown_kid_refetches_the_jwks_at_most_once_per_period(
    call: Callable[..., Any], site: Any, cognito: dict[str, Any], rsa_key: Any
) -> None:
    for _ in range(3):
        call("GET", "/v1/admin/feedback", headers=bearer(make_jwt(rsa_key, header={"kid": "rotated"})))
    assert len(cognito["fetches"]) == 1


def test_jwks_outage_is_a_503_not_a_500(
    call: Callable[..., Any], site: Any, cognito: dict[str, Any], rsa_key: Any, monkeypatch: Any
) -> None:
    from chalicelib.admin import auth

    def down(url: str) -> dict[str, Any]:
        raise OSError("connection refused")

    monkeypatch.setattr(auth, "fetch_jwks", down)
    response = call("GET", "/v1/admin/feedback", headers=bearer(make_jwt(rsa_key)))
    assert response.status_code == 503
    assert response.json_body["error"]["code"] == "auth_unavailable"
