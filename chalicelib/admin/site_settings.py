"""Site settings for staff: read, and create or replace with strict validation.

A PUT replaces the whole settings document (fields left out take their
defaults), so what staff see after saving is exactly what they sent. The write
is conditioned on the stored `version` (optionally the one the client sends),
and the in-process site cache is dropped so this function sees the change at
once; other warm functions see it within `site_cache_ttl_s`.

`alert_rules` and `followup_policy` belong to the alerting and follow-up
modules; here they are checked for shape only (a JSON object of bounded size
and depth), so those modules can evolve their rules without touching this one.
"""

from __future__ import annotations

import json
import re
import zoneinfo
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from pynamodb.exceptions import PutError

from chalicelib import clock, sites
from chalicelib.admin.auth import Actor
from chalicelib.errors import ApiError, bad_request, not_found
from chalicelib.intake.http import SITE_RE
from chalicelib.models import Site
from chalicelib.observability import logger

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST_RE = re.compile(rf"^(?=.{{1,253}}\Z){_LABEL}(?:\.{_LABEL})*\Z")
TOPIC_KEY_RE = re.compile(r"^[a-z0-9_-]{1,40}\Z")  # \Z: "$" would also accept a trailing newline
TIME_ZONE_RE = re.compile(r"^[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+){0,2}\Z")
LOCALES = ("fr", "en")
FIELDS = (
    "name",
    "allowed_origins",
    "locale",
    "time_zone",
    "alert_rules",
    "followup_policy",
    "thank_you_url",
    "topics",
    "keep_default_topics",
    "email_consent_implied",
    "version",
)
MAX_NAME = 100
MAX_ORIGINS = 50
MAX_URL = 2000
MAX_ORIGIN = 300
MAX_TIME_ZONE = 64  # the longest IANA names are about 30 characters
MAX_TOPICS = 50
MAX_KEYWORDS = 50
MAX_KEYWORD = 60
MAX_POLICY_BYTES = 16_384
MAX_POLICY_DEPTH = 5


def check_key(key: str) -> str:
    if not SITE_RE.match(key or ""):
        raise bad_request("invalid_site", "site key must be lowercase letters, digits and dashes (max 63)", "key")
    return key


def get(key: str) -> dict[str, Any]:
    check_key(key)
    try:
        return view(Site.get(key, consistent_read=True))
    except Site.DoesNotExist:
        raise not_found(f"unknown site '{key}'", "key") from None


def put(key: str, body: Any, actor: Actor) -> tuple[dict[str, Any], bool]:
    """Create or replace the site's settings; returns the stored view and whether it was created."""
    check_key(key)
    values = validate(body)
    expected = values.pop("version", None)
    try:
        current: Site | None = Site.get(key, consistent_read=True)
    except Site.DoesNotExist:
        current = None
    if expected is not None and (current.version if current else None) != expected:
        raise _conflict(current)
    site = Site(key=key, updated_at=clock.iso(), **values)
    if current is not None:
        site.version = current.version  # the save is conditioned on it (and increments it)
    try:
        site.save()
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise _conflict(None) from None
        raise
    sites.forget(key)
    logger.info("site settings saved", extra={"site": key, "actor": actor.label, "site_created": current is None})
    return view(site), current is None


def _conflict(current: Site | None) -> ApiError:
    version = current.version if current else None
    return ApiError(409, "version_conflict", f"the site changed; current version is {version}", "version")


def view(site: Site) -> dict[str, Any]:
    return {
        "key": site.key,
        "name": site.name,
        "allowed_origins": list(site.allowed_origins or []),
        "locale": site.locale,
        "time_zone": site.time_zone,
        "alert_rules": _plain(site.alert_rules),
        "followup_policy": _plain(site.followup_policy),
        "thank_you_url": site.thank_you_url,
        "topics": _plain(site.topics),
        "keep_default_topics": bool(site.keep_default_topics),
        "email_consent_implied": bool(site.email_consent_implied),
        "updated_at": site.updated_at,
        "version": site.version,
    }


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a stored map (PynamoDB raw maps, Decimals)."""
    if value is None:
        return {}
    as_dict = getattr(value, "as_dict", None)
    if as_dict is not None:
        value = as_dict()
    if isinstance(value, dict):
        return {str(k): _plain_value(v) for k, v in value.items()}
    return value


def _plain_value(value: Any) -> Any:
    if isinstance(value, dict) or hasattr(value, "as_dict"):
        return _plain(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain_value(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    return value


# ---------------------------------------------------------------- validation


def validate(body: Any) -> dict[str, Any]:
    """Strict: known fields only, each with its type and bounds; defaults for the rest."""
    if not isinstance(body, dict):
        raise bad_request("invalid_json", "the body must be a JSON object")
    for name in body:
        if name not in FIELDS:
            raise bad_request("unknown_field", f"unknown field '{name}'", str(name)[:64])
    values: dict[str, Any] = {
        "name": _name(body.get("name")),
        "allowed_origins": _origins(body.get("allowed_origins", [])),
        "locale": _locale(body.get("locale", "en")),
        "time_zone": _time_zone(body.get("time_zone", "UTC")),
        "alert_rules": _policy(body.get("alert_rules"), "alert_rules"),
        "followup_policy": _policy(body.get("followup_policy"), "followup_policy"),
        "thank_you_url": _thank_you_url(body.get("thank_you_url")),
        "topics": _topics(body.get("topics")),
        "keep_default_topics": _bool(body.get("keep_default_topics", False), "keep_default_topics"),
        "email_consent_implied": _bool(body.get("email_consent_implied", True), "email_consent_implied"),
    }
    if "version" in body:
        version = body["version"]
        if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
            raise bad_request("invalid_type", "version must be an integer", "version")
        values["version"] = version
    return values


def _name(value: Any) -> str:
    if value is None:
        raise bad_request("missing_field", "name is required", "name")
    if not isinstance(value, str):
        raise bad_request("invalid_type", "name must be a string", "name")
    name = value.strip()
    if not name or len(name) > MAX_NAME:
        raise bad_request("invalid_name", f"name must be 1-{MAX_NAME} characters", "name")
    return name


def _origins(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(origin, str) for origin in value):
        raise bad_request("invalid_type", "allowed_origins must be a list of strings", "allowed_origins")
    if len(value) > MAX_ORIGINS:
        raise bad_request("too_many_origins", f"at most {MAX_ORIGINS} origins", "allowed_origins")
    origins: list[str] = []
    for raw in value:
        origin = _origin(raw)
        if origin not in origins:
            origins.append(origin)
    return origins


def _origin(raw: str) -> str:
    """`scheme://host[:port]` exactly as browsers send it in `Origin` (no path, no credentials)."""
    invalid = bad_request(
        "invalid_origin", f"'{raw[:100]}' is not an origin like https://shop.example.com", "allowed_origins"
    )
    text = raw.strip()
    if text.endswith("/"):
        text = text[:-1]
    if len(text) > MAX_ORIGIN:
        raise invalid
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise invalid from None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or not HOST_RE.match(host):
        raise invalid
    if parts.path or parts.query or parts.fragment or parts.username or parts.password or "@" in parts.netloc:
        raise invalid
    if port is not None and not 1 <= port <= 65535:
        raise invalid
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port is not None else "")


def _locale(value: Any) -> str:
    if value not in LOCALES:
        raise bad_request("invalid_locale", f"locale must be one of: {', '.join(LOCALES)}", "locale")
    return str(value)


def _time_zone(value: Any) -> str:
    invalid = bad_request("invalid_time_zone", "time_zone must be an IANA time zone such as Europe/Paris", "time_zone")
    if not isinstance(value, str) or len(value) > MAX_TIME_ZONE or not TIME_ZONE_RE.match(value):
        raise invalid
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise invalid from None
    return value


def _thank_you_url(value: Any) -> str | None:
    if value is None:
        return None
    invalid = bad_request("invalid_thank_you_url", "thank_you_url must be an https URL or null", "thank_you_url")
    if not isinstance(value, str) or len(value) > MAX_URL or any(c.isspace() or ord(c) < 32 for c in value):
        raise invalid
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise invalid from None
    if parts.scheme != "https" or not HOST_RE.match((parts.hostname or "").lower()) or parts.username or parts.password:
        raise invalid
    return value


def _bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise bad_request("invalid_type", f"{field} must be true or false", field)
    return value


def _topics(value: Any) -> dict[str, list[str]] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise bad_request("invalid_type", "topics must be an object of topic → list of keywords", "topics")
    if len(value) > MAX_TOPICS:
        raise bad_request("too_many_topics", f"at most {MAX_TOPICS} topics", "topics")
    topics: dict[str, list[str]] = {}
    for topic, keywords in value.items():
        if not TOPIC_KEY_RE.match(topic):
            raise bad_request("invalid_topic", "topic names are lowercase letters, digits, _ and - (max 40)", "topics")
        if (
            not isinstance(keywords, list)
            or len(keywords) > MAX_KEYWORDS
            or not all(isinstance(k, str) and 0 < len(k.strip()) <= MAX_KEYWORD for k in keywords)
        ):
            raise bad_request(
                "invalid_topic_keywords",
                f"each topic needs a list of at most {MAX_KEYWORDS} keywords of 1-{MAX_KEYWORD} characters",
                "topics",
            )
        topics[topic] = [k.strip() for k in keywords]
    return topics or None


def _policy(value: Any, field: str) -> dict[str, Any] | None:
    """Shape check only: a JSON object of bounded size and depth, with string keys."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise bad_request("invalid_type", f"{field} must be an object", field)
    if _depth(value) > MAX_POLICY_DEPTH:
        raise bad_request(f"invalid_{field}", f"{field} is nested too deeply", field)
    if len(json.dumps(value)) > MAX_POLICY_BYTES:
        raise bad_request(f"invalid_{field}", f"{field} is limited to {MAX_POLICY_BYTES} bytes", field)
    if _has_bad_number(value):
        raise bad_request(f"invalid_{field}", f"{field} holds a number that cannot be stored", field)
    if _has_empty_key(value):
        raise bad_request(f"invalid_{field}", f"{field} has an empty key", field)
    return value or None


def _has_empty_key(value: Any) -> bool:
    """DynamoDB maps cannot round-trip an empty key: one would make the site unreadable."""
    if isinstance(value, dict):
        return any(key == "" or _has_empty_key(v) for key, v in value.items())
    if isinstance(value, list):
        return any(_has_empty_key(v) for v in value)
    return False


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _has_bad_number(value: Any) -> bool:
    if isinstance(value, float):
        return value != value or value in (float("inf"), float("-inf"))
    if isinstance(value, dict):
        return any(_has_bad_number(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_bad_number(v) for v in value)
    return False
