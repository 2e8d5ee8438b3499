"""Who is calling the staff API, and may they do this?

Two kinds of bearer tokens are accepted:

* static tokens, configured as SHA-256 digests in `settings().admin_token_hashes`
  (the token itself is never stored); the digest of the presented token is compared
  in constant time against every configured digest, so timing reveals nothing;
* Cognito user-pool ID or access tokens (JWT, RS256) when `BOUCLE_COGNITO_POOL_ID`
  is set: the signature is checked against the pool's JWKS (fetched lazily, cached),
  then issuer, expiry, token use and client id. Members of the `agent` group are
  agents, everyone else a viewer.

RS256 is verified with `cryptography` directly, imported only when a JWT arrives, so
static-token calls (and cold starts) never pay for it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
import time
from dataclasses import dataclass
from typing import Any

from chalicelib import clock
from chalicelib.config import settings
from chalicelib.errors import ApiError

ROLES = ("viewer", "agent")
MAX_TOKEN_LENGTH = 8192
CLOCK_LEEWAY_S = 60
JWKS_TIMEOUT_S = 3
# An unknown `kid` may mean the pool rotated its keys: refetch, but not more often than this.
JWKS_REFRESH_MIN_S = 300
AGENT_GROUP = "agent"


@dataclass(frozen=True)
class Actor:
    """An authenticated staff member: a role and an id that is safe to log and store."""

    role: str
    id: str

    @property
    def is_agent(self) -> bool:
        return self.role == "agent"

    @property
    def label(self) -> str:
        """What the timeline and audit logs record, e.g. `agent:token:1a2b3c4d` or `agent:cognito:marie`."""
        return f"{self.role}:{self.id}"


def unauthorized(message: str = "a valid bearer token is required") -> ApiError:
    return ApiError(401, "unauthorized", message, "Authorization", {"WWW-Authenticate": 'Bearer realm="boucle"'})


def forbidden() -> ApiError:
    return ApiError(403, "forbidden", "this action needs the agent role", "Authorization")


def authenticate(headers: Any, *, require: str = "viewer") -> Actor:
    """The caller behind the `Authorization` header, with at least the `require` role."""
    header = (headers.get("authorization") if headers is not None else None) or ""
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_LENGTH:
        raise unauthorized()
    actor = _cognito_actor(token) if _looks_like_jwt(token) else _static_actor(token)
    if actor is None:
        raise unauthorized()
    if require == "agent" and not actor.is_agent:
        raise forbidden()
    return actor


def _static_actor(token: str) -> Actor | None:
    digest = hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
    role: str | None = None
    # Compare against every configured digest without stopping early.
    for configured, configured_role in settings().admin_token_hashes.items():
        if hmac.compare_digest(digest, configured) and configured_role in ROLES:
            role = configured_role
    return Actor(role, f"token:{digest[:8]}") if role else None


def _looks_like_jwt(token: str) -> bool:
    return token.startswith("eyJ") and token.count(".") == 2


# ---------------------------------------------------------------- Cognito


@dataclass(frozen=True)
class CognitoConfig:
    pool_id: str
    client_id: str
    region: str

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.pool_id}"

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/.well-known/jwks.json"


def cognito_config() -> CognitoConfig | None:
    """The user pool to trust, or None when only static tokens are configured."""
    pool_id = os.environ.get("BOUCLE_COGNITO_POOL_ID", "").strip()
    client_id = os.environ.get("BOUCLE_COGNITO_CLIENT_ID", "").strip()
    if not pool_id or not client_id:
        return None
    return CognitoConfig(pool_id, client_id, settings().region)


_jwks_lock = threading.Lock()
_jwks_cache: dict[str, Any] = {"url": None, "keys": {}, "fetched": 0.0}


def fetch_jwks(url: str) -> dict[str, Any]:
    """Download the pool's public keys (tests replace this function)."""
    from urllib.request import urlopen

    with urlopen(url, timeout=JWKS_TIMEOUT_S) as answer:
        return json.loads(answer.read().decode("utf-8"))


def _signing_key(config: CognitoConfig, kid: str) -> dict[str, Any] | None:
    """The JWK for `kid`, fetching the JWKS on first use or after a key rotation."""
    with _jwks_lock:
        cache_ok = _jwks_cache["url"] == config.jwks_url
        key = _jwks_cache["keys"].get(kid) if cache_ok else None
        recently = time.monotonic() - _jwks_cache["fetched"] < JWKS_REFRESH_MIN_S
        if key is not None or (cache_ok and recently):
            return key
        try:
            document = fetch_jwks(config.jwks_url)
        except Exception as error:
            raise ApiError(
                503, "auth_unavailable", "cannot verify the token right now, retry shortly", "Authorization"
            ) from error
        keys = {k["kid"]: k for k in document.get("keys", []) if isinstance(k, dict) and isinstance(k.get("kid"), str)}
        _jwks_cache.update(url=config.jwks_url, keys=keys, fetched=time.monotonic())
        return keys.get(kid)


def reset_jwks_cache() -> None:
    """Forget the cached keys (tests, and a manual key rotation)."""
    with _jwks_lock:
        _jwks_cache.update(url=None, keys={}, fetched=0.0)


def _b64url(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _b64url_int(segment: str) -> int:
    return int.from_bytes(_b64url(segment), "big")


def _cognito_actor(token: str) -> Actor | None:
    config = cognito_config()
    if config is None:
        return None
    try:
        header_part, payload_part, signature_part = token.split(".")
        header = json.loads(_b64url(header_part))
        claims = json.loads(_b64url(payload_part))
        signature = _b64url(signature_part)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return None
    if header.get("alg") != "RS256" or not isinstance(header.get("kid"), str):
        return None
    jwk = _signing_key(config, header["kid"])
    if jwk is None or jwk.get("kty") != "RSA" or jwk.get("alg", "RS256") != "RS256":
        return None
    if not _rs256_valid(jwk, f"{header_part}.{payload_part}".encode("ascii"), signature):
        return None
    return _actor_from_claims(config, claims)


def _rs256_valid(jwk: dict[str, Any], signed: bytes, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    try:
        public_key = rsa.RSAPublicNumbers(_b64url_int(jwk["e"]), _b64url_int(jwk["n"])).public_key()
        public_key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, KeyError, TypeError, ValueError):
        return False
    return True


def _actor_from_claims(config: CognitoConfig, claims: dict[str, Any]) -> Actor | None:
    now = clock.now()
    exp, nbf = claims.get("exp"), claims.get("nbf")
    if not isinstance(exp, (int, float)) or isinstance(exp, bool) or exp + CLOCK_LEEWAY_S < now:
        return None
    if isinstance(nbf, (int, float)) and not isinstance(nbf, bool) and nbf - CLOCK_LEEWAY_S > now:
        return None
    if claims.get("iss") != config.issuer:
        return None
    use = claims.get("token_use")
    if use == "id":
        audience = claims.get("aud")
        if audience != config.client_id and not (isinstance(audience, list) and config.client_id in audience):
            return None
        username = claims.get("cognito:username")
    elif use == "access":
        if claims.get("client_id") != config.client_id:
            return None
        username = claims.get("username")
    else:
        return None
    username = username if isinstance(username, str) and username else claims.get("sub")
    if not isinstance(username, str) or not username:
        return None
    groups = claims.get("cognito:groups") or []
    role = "agent" if isinstance(groups, list) and AGENT_GROUP in groups else "viewer"
    return Actor(role, f"cognito:{username[:128]}")
