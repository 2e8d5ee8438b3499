"""The public intake route: `POST /v1/feedback` from widgets, forms and scripts."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any
from urllib.parse import quote

from chalice.app import Request, Response

from chalicelib.config import settings
from chalicelib.errors import ApiError, not_found
from chalicelib.intake.core import RateLimit, body_fingerprint, build_item, store
from chalicelib.intake.http import parse_body, validate
from chalicelib.observability import count, logger
from chalicelib.responses import json_response
from chalicelib.sites import SiteConfig, get_site

IDEMPOTENCY_KEY_RE = re.compile(r"^[\x21-\x7e]{1,128}\Z")
CORS_MAX_AGE = "600"


def cors_headers(site: SiteConfig | None, origin: str | None) -> dict[str, str]:
    """CORS headers only for an origin the site allows; nothing for anyone else."""
    if site is None or not site.allows_origin(origin):
        return {}
    return {
        "Access-Control-Allow-Origin": origin or "",
        "Access-Control-Allow-Methods": "POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key",
        "Access-Control-Max-Age": CORS_MAX_AGE,
        "Vary": "Origin",
    }


def preflight(request: Request) -> Response:
    """CORS preflight. The body (and so the site) is unknown here: the site comes from `?site=`."""
    origin = request.headers.get("origin")
    site_key = (request.query_params or {}).get("site", "")
    site = get_site(site_key) if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", site_key) else None
    headers = cors_headers(site, origin)
    return Response(body="", status_code=204 if headers else 403, headers=headers or {"Vary": "Origin"})


def post_feedback(request: Request, request_id: str | None) -> Response:
    origin = request.headers.get("origin")
    site: SiteConfig | None = None
    try:
        body, from_form = parse_body(request.raw_body or b"", request.headers.get("content-type", ""))
        feedback = validate(body, from_form=from_form)
        site = get_site(feedback.site)
        if site is None:
            raise not_found(f"unknown site '{feedback.site}'", "site")
        if origin and origin != "null" and not site.allows_origin(origin):
            raise ApiError(403, "origin_not_allowed", "this origin may not post feedback for this site", "Origin")
        key = request.headers.get("idempotency-key")
        if key is not None and not IDEMPOTENCY_KEY_RE.match(key):
            raise ApiError(
                400,
                "invalid_idempotency_key",
                "Idempotency-Key must be 1-128 visible ASCII characters",
                "Idempotency-Key",
            )
        item = build_item(feedback, site)
        idempotency_key = f"idem#{feedback.site}#{key}" if key else None
        accepted = store(item, idempotency_key, body_fingerprint(feedback), rate_limits(request, feedback.site))
    except ApiError as error:
        count("FeedbackRejected", reason=error.code)
        if error.status in (429, 503):
            count("Throttled")
        logger.info("feedback rejected", extra={"code": error.code, "field": error.field, "status": error.status})
        return json_response(error.body(), error.status, {**error.headers, **cors_headers(site, origin)})
    if not accepted.replayed:
        count("FeedbackReceived", channel=feedback.channel)
        logger.info(
            "feedback received",
            extra={"feedback_id": accepted.id, "site": feedback.site, "kind": feedback.kind, "spam": feedback.spam},
        )
    if from_form:
        return Response(body="", status_code=303, headers={"Location": thank_you_location(site, feedback.locale)})
    return json_response({"id": accepted.id, "status": "received"}, 202, cors_headers(site, origin))


def json_object(raw: bytes | None) -> dict[str, Any]:
    """A JSON object body for staff routes, or a 400 naming the problem."""
    body, _ = parse_body(raw or b"", "application/json")
    return body


def rate_limits(request: Request, site_key: str) -> list[RateLimit]:
    """Per-site and per-source-IP budgets; the IP only ever appears as a keyed hash."""
    config = settings()
    source_ip = ((request.context or {}).get("identity") or {}).get("sourceIp") or "unknown"
    ip_hash = hmac.new(config.contact_hash_key, f"ip:{source_ip}".encode(), hashlib.sha256).hexdigest()[:32]
    return [RateLimit(f"site#{site_key}", config.rate_per_site), RateLimit(f"ip#{ip_hash}", config.rate_per_ip)]


def thank_you_location(site: SiteConfig, locale: str | None) -> str:
    if site.thank_you_url:
        return site.thank_you_url
    lang = (locale or site.locale or "en")[:2]
    # Absolute, from the public URL: behind API Gateway the stage prefix (/api) is part of it.
    return f"{settings().public_url.rstrip('/')}/thanks?site={quote(site.key)}&lang={quote(lang)}"


def thank_you_page(params: dict[str, Any]) -> str:
    """The built-in page a no-JavaScript form lands on."""
    french = str(params.get("lang", "en")).startswith("fr")
    title = "Merci !" if french else "Thank you!"
    message = "Votre avis a bien été reçu." if french else "Your feedback has been received."
    lang = "fr" if french else "en"
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;"
        f"padding:0 1rem;color:#1a1a1a}}</style></head><body><h1>{title}</h1><p>{message}</p></body></html>"
    )
