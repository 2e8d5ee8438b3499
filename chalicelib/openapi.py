"""The OpenAPI 3.0 description of boucle's HTTP API, written by hand as data.

Served at `GET /v1/openapi.json`. `tests/test_openapi.py` keeps it true: every
route Chalice registers is described here (and nothing else), the document is
valid OpenAPI 3.0, and real answers validate against its schemas; the
schemathesis suite (`tests/e2e/test_schemathesis.py`) fuzzes the local stack
with it. Browser pages and static assets (`/dashboard`, `/demo`, `/widget.js`,
`/assets/{name}`, `/thanks`) and CORS preflights are not part of the API and
are left out.

Schemas follow the handlers, not wishes: a status code is listed only where
the handler can answer it, and every JSON error has the shape of
`chalicelib.errors.ApiError.body()`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from chalicelib import alerts, views
from chalicelib.admin import items, listing, metrics, routes, site_settings
from chalicelib.intake import http, public
from chalicelib.intake.feedback_in import KINDS, MAX_TEXT_CHARS, SCORE_RANGES

OPENAPI_VERSION = "3.0.3"
API_VERSION = "1.0.0"


def ecma(pattern: str) -> str:
    """A Python pattern as OpenAPI (ECMA-262) writes it: `\\Z` (end of text) is `$` there."""
    return pattern.replace("\\Z", "$")


SITE_KEY_PATTERN = ecma(http.SITE_RE.pattern)
# A site key, or `all`: the site key pattern without its anchors, as one alternative.
SITE_OR_ALL_PATTERN = f"^(all|{SITE_KEY_PATTERN.removeprefix('^').removesuffix('$')})$"
ULID_PATTERN = "^[0-7][0-9A-HJKMNP-TV-Z]{25}$"
TOKEN_PATTERN = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$"
ISO_DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

Schema = dict[str, Any]


# ---------------------------------------------------------------- small builders


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: Schema) -> Schema:
    return {**schema, "nullable": True}


def _string(**extra: Any) -> Schema:
    return {"type": "string", **extra}


def _integer(**extra: Any) -> Schema:
    return {"type": "integer", **extra}


def _count() -> Schema:
    return {"type": "integer", "minimum": 0}


def _object(properties: dict[str, Schema], required: list[str] | None = None, **extra: Any) -> Schema:
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    schema.update(extra)
    return schema


def _closed(properties: dict[str, Schema]) -> Schema:
    """An object whose every property is listed and required (server answers: nothing left out)."""
    return _object(properties, list(properties))


def _json(schema: Schema, description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _html(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"text/html": {"schema": _string()}}}


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    return _json(_ref("Error"), description, headers)


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(status): {"$ref": f"#/components/responses/{ERROR_RESPONSES[status][0]}"} for status in statuses}


def _query(name: str, schema: Schema, description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path(name: str, schema: Schema, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": description}


ADMIN_SECURITY = [{"bearerAuth": []}]
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying.", "schema": _string()}}
NO_STORE = {
    "Cache-Control": {"description": "Always `no-store`: staff answers carry personal data.", "schema": _string()}
}

ERROR_RESPONSES: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The request is invalid; `error.field` names the culprit."),
    401: ("Unauthorized", "No valid bearer token (`WWW-Authenticate: Bearer`)."),
    403: ("Forbidden", "The token is valid but this action needs the agent role."),
    404: ("NotFound", "No such resource."),
    409: ("Conflict", "The resource changed (version conflict) or the change is not allowed now."),
    413: ("PayloadTooLarge", f"The request body is over {http.MAX_BODY_BYTES // 1024} KiB."),
    422: ("Unprocessable", "This Idempotency-Key was already used with a different body."),
    429: ("TooManyRequests", "Rate limited; retry after `Retry-After` seconds."),
    503: ("Unavailable", "A dependency is busy or unreachable; retry after `Retry-After` seconds."),
}


# ---------------------------------------------------------------- schemas


def _score_ranges() -> str:
    """`nps (0-10), csat (1-5) and ces (1-7)`, from the intake's score ranges."""
    ranges = [f"{kind} ({low}-{high})" for kind, (low, high) in SCORE_RANGES.items()]
    return ", ".join(ranges[:-1]) + " and " + ranges[-1]


def _schemas() -> dict[str, Schema]:
    nullable_str = _nullable(_string())
    figures = _closed(
        {
            "volume": _count(),
            "nps": _nullable({"type": "number", "minimum": -100, "maximum": 100}),
            "nps_responses": _count(),
            "promoters": _count(),
            "passives": _count(),
            "detractors": _count(),
            "csat": _nullable({"type": "number", "minimum": 0, "maximum": 100}),
            "csat_responses": _count(),
            "ces": _nullable({"type": "number", "minimum": 1, "maximum": 7}),
            "ces_responses": _count(),
            "sentiment": _closed({"positive": _count(), "neutral": _count(), "negative": _count()}),
            "negative": _count(),
            "top_topics": {
                "type": "array",
                "maxItems": metrics.TOP_TOPICS,
                "items": _closed({"topic": _string(), "count": _count()}),
            },
            "alerts": _count(),
            "followups": _count(),
            "answers": _count(),
            "resolution_rate": _nullable({"type": "number", "minimum": 0}),
            "median_first_response_s": _nullable(_count()),
            "mean_first_response_s": _nullable(_count()),
            "conversions": _count(),
        },
    )
    item_properties: dict[str, Schema] = {
        "id": _string(pattern=ULID_PATTERN),
        "site": _string(),
        "channel": _string(enum=list(listing.CHANNELS)),
        "kind": _string(enum=list(KINDS)),
        "score": _nullable(_integer()),
        "text": nullable_str,
        "language": nullable_str,
        "sentiment": _nullable(_string(enum=list(listing.SENTIMENTS))),
        "sentiment_score": {"type": "number"},
        "mixed": {"type": "boolean"},
        "negative": {"type": "boolean"},
        "topics": {"type": "array", "items": _string()},
        "urgency": nullable_str,
        "status": _string(enum=list(listing.STATUSES)),
        "created_at": _string(format="date-time"),
        "version": _nullable(_integer()),
        "assignee": nullable_str,
        "tags": {"type": "array", "items": _string()},
        "response": nullable_str,
        "responded_at": nullable_str,
        "resolved_at": nullable_str,
        "alerted_at": nullable_str,
        "alert_severity": nullable_str,
        "dead_letter_reason": nullable_str,
        "followup_stage": nullable_str,
        "followup_due": _nullable(_integer()),
        "followups_sent": _count(),
        "has_contact": {"type": "boolean"},
        "consent_followup": {"type": "boolean"},
        "locale": nullable_str,
        "page_url": nullable_str,
        "subject": nullable_str,
        "metadata": {"type": "object", "additionalProperties": _string()},
    }
    # The documented contract (views.item_view): these never go away; more may be added.
    item_required = [
        "id",
        "site",
        "channel",
        "kind",
        "score",
        "text",
        "language",
        "sentiment",
        "topics",
        "urgency",
        "status",
        "created_at",
    ]
    return {
        "Error": _closed(
            {
                "error": _object(
                    {
                        "code": _string(description="Stable machine-readable code, e.g. `score_out_of_range`."),
                        "message": _string(description="Human-readable explanation (English)."),
                        "field": _nullable(_string(description="The field, parameter or header at fault.")),
                        "current_version": _nullable(
                            _integer(description="On a `version_conflict` of a feedback item: the version to reload.")
                        ),
                    },
                    ["code", "message", "field"],
                )
            }
        ),
        "Health": _closed({"status": _string(enum=["ok"])}),
        "FeedbackIn": _object(
            {
                "site": _string(pattern=SITE_KEY_PATTERN, description="The site key.", example="demo"),
                "kind": _string(enum=list(KINDS), example="nps"),
                "score": _nullable(
                    _integer(
                        minimum=min(low for low, _ in SCORE_RANGES.values()),
                        maximum=max(high for _, high in SCORE_RANGES.values()),
                        description=f"Required for {_score_ranges()}; absent for a comment.",
                        example=9,
                    )
                ),
                "text": _nullable(
                    _string(
                        maxLength=MAX_TEXT_CHARS,
                        description=f"Free text; required for a comment; at most {MAX_TEXT_CHARS} characters "
                        "once control characters are removed.",
                        example="Livraison rapide, merci !",
                    )
                ),
                "email": _nullable(_string(maxLength=http.MAX_EMAIL_CHARS, format="email")),
                "phone": _nullable(
                    _string(pattern=ecma(http.PHONE_RE.pattern), description="E.164, e.g. +33612345678.")
                ),
                "consent_followup": {"type": "boolean", "default": False},
                "locale": _nullable(_string(pattern=ecma(http.LOCALE_RE.pattern), example="fr-FR")),
                "page_url": _nullable(_string(maxLength=http.MAX_URL_CHARS, pattern="^https?://")),
                "metadata": _nullable(
                    {
                        "type": "object",
                        "maxProperties": http.MAX_METADATA_KEYS,
                        "additionalProperties": _string(maxLength=http.MAX_METADATA_VALUE_CHARS),
                        "description": f"Up to {http.MAX_METADATA_KEYS} string values; keys match "
                        f"`{ecma(http.METADATA_KEY_RE.pattern)}`.",
                    }
                ),
                http.HONEYPOT_FIELD: _nullable(
                    _string(description="Honeypot: leave empty. A filled-in value marks the feedback as spam.")
                ),
            },
            ["site", "kind"],
            additionalProperties=False,
            example={"site": "demo", "kind": "nps", "score": 9, "text": "Livraison rapide, merci !"},
        ),
        "FeedbackForm": _object(
            {
                "site": _string(pattern=SITE_KEY_PATTERN, example="demo"),
                "kind": _string(enum=list(KINDS), example="csat"),
                "score": _string(pattern="^-?[0-9]{1,3}$", description="The score in decimal.", example="5"),
                "text": _string(maxLength=MAX_TEXT_CHARS),
                "email": _string(maxLength=http.MAX_EMAIL_CHARS),
                "phone": _string(),
                "consent_followup": _string(description="true/on/1/yes/oui or false/off/0/no/non/empty."),
                "locale": _string(),
                "page_url": _string(maxLength=http.MAX_URL_CHARS),
                http.HONEYPOT_FIELD: _string(description="Honeypot: leave empty."),
            },
            ["site", "kind"],
            additionalProperties=_string(description="`metadata[key]` or `metadata.key` fields only."),
            maxProperties=http.MAX_FORM_FIELDS,
            description="An HTML form without JavaScript: fields as strings, empty means absent; "
            "accepted posts are answered with a redirect to the thank-you page.",
        ),
        "Accepted": _closed({"id": _string(pattern=ULID_PATTERN), "status": _string(enum=["received"])}),
        "Item": _object(item_properties, item_required, description="A feedback item (`views.item_view`)."),
        "ItemDetail": {
            "allOf": [
                _ref("Item"),
                _object(
                    {
                        "contact": _closed({"email": nullable_str, "phone": nullable_str}),
                        "analysis": _closed(
                            {
                                "language": nullable_str,
                                "sentiment": nullable_str,
                                "score": {"type": "number"},
                                "topics": {"type": "array", "items": _string()},
                                "urgency": nullable_str,
                                "evidence": {"type": "array", "items": {}},
                                "mixed": {"type": "boolean"},
                                "backend": nullable_str,
                            }
                        ),
                        "timeline": {
                            "type": "array",
                            "maxItems": views.TIMELINE_LIMIT,
                            "items": _closed(
                                {"at": _string(), "event": _string(), "actor": nullable_str, "detail": nullable_str}
                            ),
                        },
                    },
                    ["contact", "analysis", "timeline"],
                ),
            ],
            "description": "An item with its contact details, analysis and timeline "
            f"(the last {views.TIMELINE_LIMIT} events).",
        },
        "ItemPage": _closed(
            {
                "items": {"type": "array", "maxItems": listing.MAX_LIMIT, "items": _ref("Item")},
                "cursor": _nullable(_string(description="Pass as `cursor` to read on; null at the end.")),
            }
        ),
        "ItemPatch": _object(
            {
                "version": _integer(minimum=0, description="The version the agent saw (optimistic locking)."),
                "status": _string(enum=sorted(items.KNOWN_STATUSES), description="Allowed transitions only."),
                "assignee": _nullable(_string(maxLength=items.MAX_ASSIGNEE)),
                "tags": {
                    "type": "array",
                    "maxItems": items.MAX_TAGS,
                    "items": _string(maxLength=items.MAX_TAG),
                },
                "response": _string(
                    minLength=1,
                    maxLength=items.MAX_RESPONSE,
                    description="The answer to the customer; sent to them when they consented to follow-ups.",
                ),
            },
            ["version"],
            additionalProperties=False,
            minProperties=2,
        ),
        "MetricFigures": figures,
        "Metrics": _closed(
            {
                "site": _string(description="The site key, or `all`."),
                "from": _string(format="date"),
                "to": _string(format="date"),
                "bucket": _string(enum=list(routes.METRIC_BUCKETS)),
                "totals": _ref("MetricFigures"),
                "series": {
                    "type": "array",
                    "maxItems": routes.MAX_METRIC_DAYS,
                    "items": {
                        "allOf": [
                            _ref("MetricFigures"),
                            _closed({"period": _string(description="`2026-11-25` or `2026-W48`.")}),
                        ]
                    },
                },
            }
        ),
        "SiteSettings": _closed(
            {
                "key": _string(pattern=SITE_KEY_PATTERN),
                "name": nullable_str,
                "allowed_origins": {"type": "array", "items": _string()},
                "locale": _string(),
                "time_zone": _string(),
                "alert_rules": {"type": "object"},
                "followup_policy": {"type": "object"},
                "thank_you_url": nullable_str,
                "topics": {"type": "object", "additionalProperties": {"type": "array", "items": _string()}},
                "keep_default_topics": {"type": "boolean"},
                "email_consent_implied": {"type": "boolean"},
                "updated_at": nullable_str,
                "version": _nullable(_integer()),
            }
        ),
        "SiteSettingsIn": _object(
            {
                "name": _string(minLength=1, maxLength=site_settings.MAX_NAME, example="Demo shop"),
                "allowed_origins": {
                    "type": "array",
                    "maxItems": site_settings.MAX_ORIGINS,
                    "items": _string(
                        maxLength=site_settings.MAX_ORIGIN, description="An origin: `https://host[:port]`."
                    ),
                    "default": [],
                },
                "locale": _string(enum=list(site_settings.LOCALES), default="en"),
                "time_zone": _string(
                    maxLength=site_settings.MAX_TIME_ZONE, description="An IANA time zone.", default="UTC"
                ),
                "alert_rules": _nullable({"type": "object", "description": "Owned by the alerting module."}),
                "followup_policy": _nullable({"type": "object", "description": "Owned by the follow-up module."}),
                "thank_you_url": _nullable(_string(maxLength=site_settings.MAX_URL, pattern="^https://")),
                "topics": _nullable(
                    {
                        "type": "object",
                        "maxProperties": site_settings.MAX_TOPICS,
                        "additionalProperties": {
                            "type": "array",
                            "maxItems": site_settings.MAX_KEYWORDS,
                            "items": _string(minLength=1, maxLength=site_settings.MAX_KEYWORD),
                        },
                    }
                ),
                "keep_default_topics": {
                    "type": "boolean",
                    "default": False,
                    "description": "Add `topics` to the default topics instead of replacing them.",
                },
                "email_consent_implied": {"type": "boolean", "default": True},
                "version": _nullable(_integer(description="When given, the save fails with 409 unless it matches.")),
            },
            ["name"],
            additionalProperties=False,
            description="The whole settings document: fields left out take their defaults.",
        ),
        "CustomerExport": _closed(
            {
                "contact_hash": _string(),
                "profile": _nullable({"type": "object", "description": "The customer profile, if any."}),
                "items": {"type": "array", "items": _ref("ItemDetail")},
            }
        ),
        "Erasure": _closed({"erased_items": _count(), "raw_mail_deleted": _count()}),
        "OutboxMessage": _closed(
            {
                "id": _string(),
                "channel": _string(enum=["alert", "email", "sms"]),
                "to": nullable_str,
                "subject": nullable_str,
                "body": nullable_str,
                "attributes": {"type": "object"},
                "at": _string(),
            }
        ),
        "Outbox": _closed({"messages": {"type": "array", "items": _ref("OutboxMessage")}}),
        "AlertSubscription": _object(
            {
                "subscription_arn": _string(),
                "protocol": _string(enum=["email", "sms"]),
                "endpoint": _string(),
                "filter_policy": {"type": "object", "additionalProperties": {"type": "array", "items": _string()}},
            },
            ["subscription_arn", "protocol", "filter_policy"],
        ),
        "AlertSubscriptions": _closed({"subscriptions": {"type": "array", "items": _ref("AlertSubscription")}}),
        "AlertSubscriptionIn": _object(
            {
                "protocol": _string(enum=["email", "sms"]),
                "endpoint": _string(description="An e-mail address, or an E.164 phone number for sms."),
                "sites": _nullable({"type": "array", "minItems": 1, "items": _string(minLength=1)}),
                "severities": _nullable(
                    {"type": "array", "minItems": 1, "items": _string(enum=list(alerts.SEVERITIES))}
                ),
                "topics": _nullable({"type": "array", "minItems": 1, "items": _string(minLength=1)}),
            },
            ["protocol", "endpoint"],
            description="Filters narrow what the subscriber receives; null or absent means any.",
            example={"protocol": "email", "endpoint": "support-team@example.com", "severities": ["high"]},
        ),
    }


# ---------------------------------------------------------------- operations


def _listing_parameters(*, paging: bool) -> list[dict[str, Any]]:
    """The listing's query parameters, in `listing`'s order: a new filter there fails here until described."""
    limit = _integer(minimum=1, maximum=listing.MAX_LIMIT, default=listing.DEFAULT_LIMIT)
    described: dict[str, tuple[Schema, str]] = {
        "site": (_string(pattern=SITE_KEY_PATTERN), "Only this site (reads the by-site index)."),
        "status": (_string(enum=list(listing.STATUSES)), "Spam is shown only when asked for."),
        "sentiment": (_string(enum=list(listing.SENTIMENTS)), "Only this sentiment."),
        "kind": (_string(enum=list(KINDS)), "Only this kind."),
        "channel": (_string(enum=list(listing.CHANNELS)), "Only this channel."),
        "topic": (_string(pattern=ecma(site_settings.TOPIC_KEY_RE.pattern)), "Only items with this topic."),
        "since": (_string(), "From this ISO date or date-time (inclusive)."),
        "until": (_string(), "Up to this ISO date-time (exclusive); a bare date includes that day."),
        "q": (_string(maxLength=listing.MAX_Q_LENGTH), "Case-insensitive text search in text and subject."),
        "limit": (limit, "Page size."),
        "cursor": (_string(), "The `cursor` of the previous page (bound to the same filters)."),
    }
    names = listing.LISTING_PARAMS if paging else listing.FILTER_PARAMS
    return [_query(name, *described[name]) for name in names]


def _person_parameters() -> list[dict[str, Any]]:
    return [
        _query(
            "email",
            _string(maxLength=http.MAX_EMAIL_CHARS, format="email"),
            "The person's e-mail address (or give `phone`).",
        ),
        _query("phone", _string(pattern="^\\+?[1-9][0-9]{6,14}$"), "The person's phone number, E.164 (or `email`)."),
    ]


def _admin(operation: dict[str, Any], *errors: int) -> dict[str, Any]:
    """A staff operation: bearer token, `no-store`, and the errors every staff route may answer."""
    statuses = sorted({401, 503, *errors})
    for response in operation["responses"].values():
        if "content" in response:
            response.setdefault("headers", {}).update(NO_STORE)
    operation["responses"].update(_errors(*statuses))
    return {"tags": ["admin"], "security": ADMIN_SECURITY, **operation}


def _loop_operations(unsubscribe: bool) -> dict[str, Any]:
    token = _path("token", _string(pattern=TOKEN_PATTERN, maxLength=128), "The signed token of the message's link.")
    statuses = {"200": _html("The page."), "400": _html("A forged or malformed token, or no valid answer.")}
    statuses["404"] = _html("The feedback item no longer exists.")
    if not unsubscribe:
        statuses["409"] = _html("This link was already used; nothing changed.")
        statuses["410"] = _html("The link has expired.")
    statuses["503"] = {**_html("Busy; nothing was recorded, retry."), "headers": RETRY_AFTER}
    resolved, score = _string(enum=["yes", "no"]), _string(pattern="^[0-9]{1,2}$")
    body_fields: dict[str, Schema] = (
        {"unsubscribe": _string(enum=["yes"])} if unsubscribe else {"resolved": resolved, "score": score}
    )
    preselect = (
        []
        if unsubscribe
        else [
            _query("resolved", resolved, "Preselects the answer (check-in and response stages)."),
            _query("score", score, "Preselects the score (resurvey stage)."),
            _query("nps", score, "Alias of `score`."),
        ]
    )
    what = "unsubscribe page" if unsubscribe else "question page"
    get = {
        "tags": ["loop"],
        "operationId": "showUnsubscribe" if unsubscribe else "showQuestion",
        "summary": f"The {what} of a follow-up link (records nothing).",
        "parameters": [token, *preselect],
        "responses": dict(statuses),
    }
    post = {
        "tags": ["loop"],
        "operationId": "postUnsubscribe" if unsubscribe else "postAnswer",
        "summary": "Unsubscribe (RFC 8058 one-click)." if unsubscribe else "Record the customer's answer, once.",
        "parameters": [token],
        "requestBody": {
            "required": False,
            "content": {
                "application/x-www-form-urlencoded": {"schema": _object(body_fields)},
                "application/json": {"schema": _object(body_fields)},
            },
        },
        "responses": dict(statuses),
    }
    return {"get": get, "post": post}


def _paths() -> dict[str, Any]:
    item_id = _path("item_id", _string(pattern=ULID_PATTERN), "The item's ULID.")
    site_key = _path("key", _string(pattern=SITE_KEY_PATTERN, maxLength=63), "The site key.")
    item_detail = _json(_ref("ItemDetail"), "The item, with contact details, analysis and timeline.")
    return {
        "/v1/health": {
            "get": {
                "tags": ["public"],
                "operationId": "health",
                "summary": "Liveness.",
                "responses": {"200": _json(_ref("Health"), "The API answers.")},
            }
        },
        "/v1/openapi.json": {
            "get": {
                "tags": ["public"],
                "operationId": "openapi",
                "summary": "This document.",
                "responses": {"200": _json({"type": "object", "required": ["openapi", "paths"]}, "OpenAPI 3.0.")},
            }
        },
        "/v1/feedback": {
            "post": {
                "tags": ["public"],
                "operationId": "postFeedback",
                "summary": "Submit feedback (widgets, scripts, HTML forms).",
                "description": "CORS-enabled for the origins the site allows. A JSON post is answered 202 with "
                "the item's id; an HTML form post (`application/x-www-form-urlencoded`) with a 303 redirect to "
                "the thank-you page. `text/plain` bodies are read as JSON (for `navigator.sendBeacon`).",
                "parameters": [
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": _string(pattern=ecma(public.IDEMPOTENCY_KEY_RE.pattern), maxLength=128),
                        "description": "Replaying a key with the same body answers the first item's id; "
                        "with a different body, 422.",
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": _ref("FeedbackIn")},
                        "application/x-www-form-urlencoded": {"schema": _ref("FeedbackForm")},
                        "text/plain": {"schema": _string(description="A FeedbackIn JSON object, as text.")},
                    },
                },
                "responses": {
                    "202": _json(_ref("Accepted"), "Received; analysis and reactions follow asynchronously."),
                    "303": {
                        "description": "Form post received: redirect to the thank-you page.",
                        "headers": {"Location": {"description": "The thank-you URL.", "schema": _string()}},
                    },
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "403": _error("The request's Origin is not allowed for this site."),
                    "404": _error("Unknown site."),
                    "409": _error("A concurrent request with the same Idempotency-Key: retry."),
                    "413": {"$ref": "#/components/responses/PayloadTooLarge"},
                    "422": {"$ref": "#/components/responses/Unprocessable"},
                    "429": {"$ref": "#/components/responses/TooManyRequests"},
                    "503": {"$ref": "#/components/responses/Unavailable"},
                },
            }
        },
        "/v1/admin/feedback": {
            "get": _admin(
                {
                    "operationId": "listFeedback",
                    "summary": "Feedback items, newest first, filtered, one page at a time.",
                    "parameters": _listing_parameters(paging=True),
                    "responses": {"200": _json(_ref("ItemPage"), "A page of items.")},
                },
                400,
            )
        },
        "/v1/admin/feedback/{item_id}": {
            "get": _admin(
                {
                    "operationId": "getFeedback",
                    "summary": "One item with contact, analysis and timeline.",
                    "parameters": [item_id],
                    "responses": {"200": item_detail},
                },
                404,
            ),
            "patch": _admin(
                {
                    "operationId": "patchFeedback",
                    "summary": "Change status, assignee, tags or response (agent role).",
                    "parameters": [item_id],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("ItemPatch")}}},
                    "responses": {"200": item_detail},
                },
                400,
                403,
                404,
                409,
            ),
        },
        "/v1/admin/metrics": {
            "get": _admin(
                {
                    "operationId": "getMetrics",
                    "summary": "Dashboard figures and series from the day rollups.",
                    "parameters": [
                        {
                            "name": "site",
                            "in": "query",
                            "required": True,
                            "schema": _string(pattern=SITE_OR_ALL_PATTERN, example="demo"),
                            "description": "A site key, or `all` for every site.",
                        },
                        _query(
                            "from",
                            _string(pattern=ISO_DATE_PATTERN),
                            "First day, in the site's time zone; default to - 29 days.",
                        ),
                        _query(
                            "to",
                            _string(pattern=ISO_DATE_PATTERN),
                            "Last day, inclusive; default the site's today (for `all`, the latest site's).",
                        ),
                        _query(
                            "bucket", _string(enum=list(routes.METRIC_BUCKETS), default="day"), "Series granularity."
                        ),
                    ],
                    "responses": {
                        "200": _json(_ref("Metrics"), f"Totals and series (at most {routes.MAX_METRIC_DAYS} days).")
                    },
                },
                400,
                404,
            )
        },
        "/v1/admin/export.csv": {
            "get": _admin(
                {
                    "operationId": "exportCsv",
                    "summary": "The filtered listing as CSV (agent role).",
                    "parameters": _listing_parameters(paging=False),
                    "responses": {
                        "200": {
                            "description": "The CSV; `X-Boucle-Truncated: true` when it stopped early.",
                            "headers": {
                                "X-Boucle-Truncated": {"schema": _string(enum=["true"])},
                                **NO_STORE,
                            },
                            "content": {"text/csv": {"schema": _string()}},
                        }
                    },
                },
                400,
                403,
            )
        },
        "/v1/admin/customers/export": {
            "get": _admin(
                {
                    "operationId": "exportCustomer",
                    "summary": "GDPR access: everything held about one person (agent role).",
                    "parameters": _person_parameters(),
                    "responses": {"200": _json(_ref("CustomerExport"), "The profile and items of the person.")},
                },
                400,
                403,
            )
        },
        "/v1/admin/customers": {
            "delete": _admin(
                {
                    "operationId": "eraseCustomer",
                    "summary": "GDPR erasure: anonymise every item of one person (agent role).",
                    "parameters": _person_parameters(),
                    "responses": {"200": _json(_ref("Erasure"), "What was erased.")},
                },
                400,
                403,
            )
        },
        "/v1/admin/sites/{key}": {
            "get": _admin(
                {
                    "operationId": "getSite",
                    "summary": "A site's settings.",
                    "parameters": [site_key],
                    "responses": {"200": _json(_ref("SiteSettings"), "The settings.")},
                },
                400,
                404,
            ),
            "put": _admin(
                {
                    "operationId": "putSite",
                    "summary": "Create or replace a site's settings (agent role).",
                    "parameters": [site_key],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("SiteSettingsIn")}},
                    },
                    "responses": {
                        "200": _json(_ref("SiteSettings"), "Replaced."),
                        "201": _json(_ref("SiteSettings"), "Created."),
                    },
                },
                400,
                403,
                409,
            ),
        },
        "/v1/admin/outbox": {
            "get": _admin(
                {
                    "operationId": "getOutbox",
                    "summary": "Local stage only: every message that would have left boucle.",
                    "responses": {"200": _json(_ref("Outbox"), "Alerts, e-mails and SMS, oldest first.")},
                },
                404,
            )
        },
        "/v1/admin/alert-subscriptions": {
            "get": _admin(
                {
                    "operationId": "listAlertSubscriptions",
                    "summary": "Who hears about alerts (e-mail and SMS subscriptions).",
                    "responses": {"200": _json(_ref("AlertSubscriptions"), "The subscriptions.")},
                },
            ),
            "post": _admin(
                {
                    "operationId": "createAlertSubscription",
                    "summary": "Subscribe an address or phone to alerts, with optional filters (agent role).",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("AlertSubscriptionIn")}},
                    },
                    "responses": {
                        "201": _json(
                            _closed(
                                {
                                    "subscription_arn": _string(),
                                    "protocol": _string(enum=["email", "sms"]),
                                    "filter_policy": {"type": "object"},
                                }
                            ),
                            "Subscribed (e-mail subscriptions must be confirmed by the recipient).",
                        )
                    },
                },
                400,
                403,
                413,
            ),
        },
        "/v1/loop/{token}": _loop_operations(unsubscribe=False),
        "/v1/loop/{token}/unsubscribe": _loop_operations(unsubscribe=True),
    }


def document(server_url: str) -> dict[str, Any]:
    """The OpenAPI 3.0 document, with `server_url` (scheme, host and stage prefix) as its one server.

    Built once per process (`_document`); only `servers` depends on the request. The parts are
    shared between calls: read them, do not change them.
    """
    return {**_document(), "servers": [{"url": server_url.rstrip("/") or "/"}]}


@cache
def _document() -> dict[str, Any]:
    responses = {name: _error(description) for name, description in ERROR_RESPONSES.values()}
    for status in (429, 503):
        name, description = ERROR_RESPONSES[status]
        responses[name] = _error(description, RETRY_AFTER)
    responses["Unauthorized"]["headers"] = {
        "WWW-Authenticate": {"description": 'Always `Bearer realm="boucle"`.', "schema": _string()}
    }
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "boucle",
            "version": API_VERSION,
            "description": "Customer feedback: the public intake API, the staff (admin) API and the "
            'follow-up answer pages. Every JSON error is `{"error": {"code", "message", "field"}}`.',
        },
        "servers": [],  # set per call by `document`
        "tags": [
            {"name": "public", "description": "Anonymous: widgets, forms and scripts on customers' sites."},
            {"name": "admin", "description": "Staff: a bearer token (static, or a Cognito JWT)."},
            {"name": "loop", "description": "One-click answer pages linked from follow-up messages (HTML)."},
        ],
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A static staff token or a Cognito ID/access token; the agent role is "
                    "needed to change anything or to read personal data in bulk.",
                }
            },
            "schemas": _schemas(),
            "responses": responses,
        },
    }
