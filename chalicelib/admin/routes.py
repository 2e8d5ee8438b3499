"""The staff API routes (`/v1/admin/...`): authentication, parsing, answering; logic lives next door.

Every route authenticates first (so an anonymous caller learns nothing, not even
that its input was invalid), runs inside `api_errors` (client mistakes are JSON
4xx, never a 500) and answers with `Cache-Control: no-store`, because staff
answers carry personal data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from chalice.app import Blueprint, Request, Response

from chalicelib import clock
from chalicelib.admin import auth
from chalicelib.admin.auth import Actor
from chalicelib.errors import bad_request, not_found
from chalicelib.lazy import lazy_import
from chalicelib.models import Site
from chalicelib.observability import invocation, logger
from chalicelib.responses import SECURITY_HEADERS, api_errors, json_response
from chalicelib.rollups import read_days
from chalicelib.sites import get_site
from chalicelib.views import item_view

export = lazy_import("chalicelib.admin.export")
gdpr = lazy_import("chalicelib.admin.gdpr")
items = lazy_import("chalicelib.admin.items")
listing = lazy_import("chalicelib.admin.listing")
metrics = lazy_import("chalicelib.admin.metrics")
site_settings = lazy_import("chalicelib.admin.site_settings")

admin = Blueprint(__name__)

NO_STORE = {"Cache-Control": "no-store"}
MAX_BODY_BYTES = 65_536
DEFAULT_METRIC_DAYS = 30
MAX_METRIC_DAYS = 400
METRIC_BUCKETS = ("day", "week")


def _request() -> Request:
    request = admin.current_request
    assert request is not None  # Chalice sets it before calling a route
    return request


def _actor(require: str = "viewer") -> Actor:
    return auth.authenticate(_request().headers, require=require)


def _params() -> Mapping[str, str]:
    return _request().query_params or {}


def _request_id() -> str | None:
    return (_request().context or {}).get("requestId")


def _json_body() -> Any:
    raw = _request().raw_body or b""
    if len(raw) > MAX_BODY_BYTES:
        raise bad_request("body_too_large", f"request body is over {MAX_BODY_BYTES} bytes")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError):
        raise bad_request("invalid_json", "the body must be a JSON object") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _ok(body: Any, status: int = 200) -> Response:
    return json_response(body, status, NO_STORE)


# ---------------------------------------------------------------- feedback


@admin.route("/v1/admin/feedback", methods=["GET"])
@api_errors
def list_feedback() -> Response:
    """Newest first, filtered, `limit` per page with an opaque cursor."""
    with invocation(_request_id()):
        _actor()
        params = _params()
        filters = listing.parse_filters(params)
        limit = listing.parse_limit(params.get("limit"))
        page = listing.list_page(filters, limit, params.get("cursor") or None)
        return _ok({"items": [item_view(item) for item in page.items], "cursor": page.cursor})


@admin.route("/v1/admin/feedback/{item_id}", methods=["GET"])
@api_errors
def get_feedback(item_id: str) -> Response:
    with invocation(_request_id()):
        _actor()
        item = items.load(item_id)
        return _ok(item_view(item, with_contact=True, with_timeline=True))


@admin.route("/v1/admin/feedback/{item_id}", methods=["PATCH"])
@api_errors
def patch_feedback(item_id: str) -> Response:
    with invocation(_request_id()):
        actor = _actor("agent")
        item = items.patch(item_id, _json_body(), actor)
        return _ok(item_view(item, with_contact=True, with_timeline=True))


# ---------------------------------------------------------------- metrics


@admin.route("/v1/admin/metrics", methods=["GET"])
@api_errors
def get_metrics() -> Response:
    """Dashboard figures from day rollups only; `site=all` adds up every site (Site table scan, small)."""
    with invocation(_request_id()):
        _actor()
        params = _params()
        for name in params:
            if name not in ("site", "from", "to", "bucket"):
                raise bad_request("unknown_parameter", f"unknown query parameter '{name}'", name)
        site = params.get("site") or ""
        if not site:
            raise bad_request("missing_field", "site is required (a site key, or 'all')", "site")
        bucket = params.get("bucket") or "day"
        if bucket not in METRIC_BUCKETS:
            raise bad_request("invalid_bucket", "bucket must be day or week", "bucket")
        if site == "all":
            zones = {s.key: s.time_zone or "UTC" for s in Site.scan(attributes_to_get=["key", "time_zone"])}
        else:
            site_settings.check_key(site)
            config = get_site(site)
            if config is None:
                raise not_found(f"unknown site '{site}'", "site")
            zones = {site: config.time_zone}
        # Days are each site's own calendar days: "today" is the latest of them.
        now = clock.iso()
        today = max((clock.local_date(now, zone) for zone in zones.values()), default=now[:10])
        first, last = _date_range(params.get("from"), params.get("to"), date.fromisoformat(today))
        keys = list(zones)
        days: list[dict[str, Any]] = []
        for key in keys:
            days += read_days(key, first.isoformat(), last.isoformat())
        body = metrics.report(first, last, bucket, days)
        return _ok({"site": site, "from": first.isoformat(), "to": last.isoformat(), "bucket": bucket, **body})


def _date_range(raw_from: str | None, raw_to: str | None, today: date) -> tuple[date, date]:
    """Inclusive dates; the 30 days up to `today` by default; at most 400 days."""
    last = _date(raw_to, "to") if raw_to else today
    first = _date(raw_from, "from") if raw_from else last - timedelta(days=DEFAULT_METRIC_DAYS - 1)
    if first > last:
        raise bad_request("invalid_range", "from must not be after to", "from")
    if (last - first).days + 1 > MAX_METRIC_DAYS:
        raise bad_request("range_too_long", f"at most {MAX_METRIC_DAYS} days", "from")
    return first, last


def _date(raw: str, field: str) -> date:
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise bad_request("invalid_date", f"{field} must be an ISO date (YYYY-MM-DD)", field) from None


# ---------------------------------------------------------------- export


@admin.route("/v1/admin/export.csv", methods=["GET"])
@api_errors
def export_csv() -> Response:
    with invocation(_request_id()):
        actor = _actor("agent")
        filters = listing.parse_filters(_params(), allowed=listing.FILTER_PARAMS)
        result = export.export(filters)
        headers = {
            **SECURITY_HEADERS,
            **NO_STORE,
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="boucle-feedback.csv"',
        }
        if result.truncated:
            headers["X-Boucle-Truncated"] = "true"
        logger.info(
            "feedback exported", extra={"actor": actor.label, "rows": result.rows, "truncated": result.truncated}
        )
        return Response(body=result.body, status_code=200, headers=headers)


# ---------------------------------------------------------------- customers (GDPR)


@admin.route("/v1/admin/customers/export", methods=["GET"])
@api_errors
def export_customer() -> Response:
    with invocation(_request_id()):
        actor = _actor("agent")
        person = gdpr.person_from_query(_params())
        profile, found = gdpr.export(person, actor)
        return _ok(
            {
                "contact_hash": person.contact_hash,
                "profile": profile,
                "items": [item_view(item, with_contact=True, with_timeline=True) for item in found],
            }
        )


@admin.route("/v1/admin/customers", methods=["DELETE"])
@api_errors
def erase_customer() -> Response:
    with invocation(_request_id()):
        actor = _actor("agent")
        result = gdpr.erase(gdpr.person_from_query(_params()), actor)
        return _ok({"erased_items": result.erased_items, "raw_mail_deleted": result.raw_mail_deleted})


# ---------------------------------------------------------------- sites


@admin.route("/v1/admin/sites/{key}", methods=["GET"])
@api_errors
def get_site_settings(key: str) -> Response:
    with invocation(_request_id()):
        _actor()
        return _ok(site_settings.get(key))


@admin.route("/v1/admin/sites/{key}", methods=["PUT"])
@api_errors
def put_site_settings(key: str) -> Response:
    with invocation(_request_id()):
        actor = _actor("agent")
        site_settings.check_key(key)
        view, created = site_settings.put(key, _json_body(), actor)
        return _ok(view, 201 if created else 200)
