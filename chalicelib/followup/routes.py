"""The one-click answer pages: `/v1/loop/{token}` and `/v1/loop/{token}/unsubscribe`.

A GET never records anything: mail scanners and link previews fetch every
link in a message, so a GET only shows a confirmation page whose button
POSTs the answer. The POST verifies the signed token (forged: 400, expired:
410), records the answer once (a reused link: 409, nothing changed) and says
so. Unsubscribing follows RFC 8058: the `List-Unsubscribe` URL answers a
one-click POST (`List-Unsubscribe=One-Click`) as well as the page's button.

Every answer is an HTML page in the customer's language; whatever the input,
it is a 2xx/4xx page or a 503 to retry, never a 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from chalice.app import Blueprint, Response

from chalicelib import clock
from chalicelib.config import settings
from chalicelib.followup import tokens
from chalicelib.lazy import lazy_import
from chalicelib.models import Feedback, TimelineEvent
from chalicelib.observability import count, logger
from chalicelib.responses import html_response
from chalicelib.sites import get_site

outcomes = lazy_import("chalicelib.followup.outcomes")
suppression = lazy_import("chalicelib.followup.suppression")
templates = lazy_import("chalicelib.followup.templates")

loop = Blueprint(__name__)

POST_TYPES = ["application/x-www-form-urlencoded", "application/json", "multipart/form-data", "text/plain"]
MAX_BODY = 4096
PAGE_HEADERS = {
    "Content-Security-Policy": templates.PAGE_CSP,
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
_UNAVAILABLE = {
    "en": "The service is busy. Nothing was recorded; please try again in a minute.",
    "fr": "Le service est occupé. Rien n’a été enregistré ; merci de réessayer dans une minute.",
}


class Page(Exception):
    """Stop here and answer this result page (`kind` is one of the templates' result kinds)."""

    def __init__(self, status: int, kind: str, lang: str = "en", site_name: str | None = None) -> None:
        super().__init__(kind)
        self.status, self.kind, self.lang, self.site_name = status, kind, lang, site_name


@loop.route("/v1/loop/{token}", methods=["GET"])
def show_question(token: str) -> Response:
    return _guarded(lambda: _show_question(token))


@loop.route("/v1/loop/{token}", methods=["POST"], content_types=POST_TYPES)
def post_answer(token: str) -> Response:
    return _guarded(lambda: _post_answer(token))


@loop.route("/v1/loop/{token}/unsubscribe", methods=["GET"])
def show_unsubscribe(token: str) -> Response:
    return _guarded(lambda: _show_unsubscribe(token))


@loop.route("/v1/loop/{token}/unsubscribe", methods=["POST"], content_types=POST_TYPES)
def post_unsubscribe(token: str) -> Response:
    return _guarded(lambda: _post_unsubscribe(token))


# --- handlers -------------------------------------------------------------------------------------


def _show_question(token: str) -> Response:
    claims = _verify(token)
    item, lang, site_name = _item(claims)
    if claims.stage not in (*outcomes.RESOLVED_STAGES, "resurvey"):
        raise Page(400, "invalid", lang, site_name)
    if outcomes.answer_key(claims.stage, claims.nonce) in outcomes.plain(item.answered_stages):
        raise Page(409, "already", lang, site_name)
    params = _query()
    if claims.stage == "resurvey":
        preset: str | int | None = _score(params.get("nps", params.get(templates.FIELD_SCORE)))
    else:
        preset = params.get(templates.FIELD_RESOLVED) if params.get(templates.FIELD_RESOLVED) in ("yes", "no") else None
    page = templates.render_confirmation_page(lang, claims.stage, item.text, preset, _url(token), site_name=site_name)
    return html_response(page, 200, PAGE_HEADERS)


def _post_answer(token: str) -> Response:
    claims = _verify(token)
    _, lang, site_name = _item(claims)
    answer = _answer(claims.stage, _body())
    if answer is None:
        raise Page(400, "invalid", lang, site_name)
    result = outcomes.record_answer(claims.item_id, claims.stage, claims.nonce, answer, clock.now())
    if result == "already":
        count("FollowupAnswersReused")
        raise Page(409, "already", lang, site_name)
    if result == "gone":
        raise Page(404, "invalid", lang, site_name)
    return _page(200, "recorded", lang, site_name)


def _show_unsubscribe(token: str) -> Response:
    claims = _verify(token, allow_expired=True)
    _, lang, site_name = _item(claims)
    page = templates.render_confirmation_page(
        lang, "unsubscribe", None, None, _url(token) + "/unsubscribe", {}, site_name
    )
    return html_response(page, 200, PAGE_HEADERS)


def _post_unsubscribe(token: str) -> Response:
    """One click (RFC 8058) or the page's button: the POST itself is the request, whatever its body."""
    claims = _verify(token, allow_expired=True)
    item, lang, site_name = _item(claims)
    if item.contact_hash:
        suppression.suppress(item.contact_hash, "unsubscribe")
        event = TimelineEvent(at=clock.iso(), event="unsubscribed", actor="customer")
        item.update(actions=[_timeline(event)], add_version_condition=False)
    return _page(200, "unsubscribed", lang, site_name)


# --- helpers --------------------------------------------------------------------------------------


def _guarded(handler: Callable[[], Response]) -> Response:
    """The error boundary: result pages for expected outcomes, a 503 page for anything else."""
    try:
        return handler()
    except Page as page:
        return _page(page.status, page.kind, page.lang, page.site_name)
    except Exception:
        logger.exception("loop page failed")
        lang = _request_lang()
        body = '<!DOCTYPE html>\n<html lang="' + lang + '"><head><meta charset="utf-8"><title>503</title></head>'
        body += "<body><main><p>" + _UNAVAILABLE[lang] + "</p></main></body></html>\n"
        return html_response(body, 503, {**PAGE_HEADERS, "Retry-After": "60"})


def _page(status: int, kind: str, lang: str, site_name: str | None) -> Response:
    return html_response(templates.render_result_page(lang, kind, site_name), status, PAGE_HEADERS)


def _verify(token: str, *, allow_expired: bool = False) -> tokens.TokenClaims:
    """The token's claims; a 400 page for anything forged or malformed, 410 once expired."""
    try:
        return tokens.verify_token(settings().token_secrets, token, int(clock.now()))
    except tokens.TokenExpired as expired:
        if allow_expired:  # an opt-out must keep working long after the message
            return expired.claims
        raise Page(410, "expired", _request_lang()) from None
    except tokens.TokenError:
        count("LoopTokensRejected")
        raise Page(400, "invalid", _request_lang()) from None


def _item(claims: tokens.TokenClaims) -> tuple[Feedback, str, str | None]:
    try:
        item = Feedback.get(claims.item_id, consistent_read=True)
    except Feedback.DoesNotExist:
        raise Page(404, "invalid", _request_lang()) from None
    site = get_site(item.site)
    lang = templates.choose_language(item.language, site.locale if site else _request_lang())
    return item, lang, site.name if site else None


def _url(token: str) -> str:
    return f"{settings().public_url.rstrip('/')}/v1/loop/{token}"


def _request() -> Any:
    return loop.current_request


def _query() -> dict[str, str]:
    return dict(_request().query_params or {})


def _request_lang() -> str:
    try:
        header = (_request().headers or {}).get("accept-language", "")
    except Exception:
        header = ""
    first = header.split(",")[0].strip().lower()
    return "fr" if first.startswith("fr") else "en"


def _body() -> dict[str, Any]:
    """The POSTed fields, form-encoded or JSON; anything unreadable is no fields at all."""
    raw = _request().raw_body or b""
    if len(raw) > MAX_BODY:
        return {}
    text = raw.decode("utf-8", errors="replace")
    content_type = (_request().headers or {}).get("content-type", "")
    if content_type.startswith("application/json"):
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return {name: values[0] for name, values in parse_qs(text, keep_blank_values=True).items()}


def _score(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= 10 else None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 2:
        number = int(value.strip())
        return number if 0 <= number <= 10 else None
    return None


def _answer(stage: str, fields: dict[str, Any]) -> str | None:
    """The answer the body carries for this stage ("yes"/"no", or "0".."10"), or None."""
    if stage in outcomes.RESOLVED_STAGES:
        value = fields.get(templates.FIELD_RESOLVED)
        return value if value in ("yes", "no") else None
    if stage == "resurvey":
        score = _score(fields.get("nps", fields.get(templates.FIELD_SCORE)))
        return None if score is None else str(score)
    return None


def _timeline(event: TimelineEvent) -> Any:
    """An update action appending one line to the item's history."""
    return Feedback.timeline.set(Feedback.timeline.append([event]))
