"""POST /v1/feedback through Chalice's test client: every validation rule, idempotency, CORS, forms."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def post(client: Any, body: Any, headers: dict[str, str] | None = None) -> Any:
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.http.post("/v1/feedback", headers={**JSON, **(headers or {})}, body=raw)


def stored() -> list[Any]:
    from chalicelib.models import Feedback

    return list(Feedback.scan())


def test_health(client: Any) -> None:
    response = client.http.get("/v1/health")
    assert response.status_code == 200
    assert response.json_body == {"status": "ok"}


def test_accepts_nps_and_stores_everything_sent(client: Any, site: Any) -> None:
    body = {
        "site": "demo",
        "kind": "nps",
        "score": 3,
        "text": "Livraison en retard",
        "email": "Marie@Example.com",
        "phone": "+33612345678",
        "consent_followup": True,
        "locale": "fr-FR",
        "page_url": "https://shop.example.com/cart",
        "metadata": {"order": "A-1"},
    }
    response = post(client, body)
    assert response.status_code == 202
    assert response.json_body["status"] == "received"
    [item] = stored()
    assert item.id == response.json_body["id"] and len(item.id) == 26
    assert (item.site, item.channel, item.kind, item.score) == ("demo", "web", "nps", 3)
    assert item.text == "Livraison en retard"
    assert item.email == "Marie@Example.com" and item.phone == "+33612345678"
    assert item.consent_followup is True and item.locale == "fr-FR"
    assert item.metadata.as_dict() == {"order": "A-1"}
    assert item.created_at.endswith("Z") and item.month == item.created_at[:7]
    assert item.contact_hash and "example" not in item.contact_hash
    assert item.status == "new"
    # The analysis is stored with the item; an NPS of 3 is negative whatever the text says.
    assert item.sentiment == "negative" and item.negative is True
    assert item.language == "fr" and "delivery" in item.topics


def test_the_sites_topics_replace_or_extend_the_defaults_as_configured(client: Any, site: Any) -> None:
    from chalicelib import sites

    text = "Livraison en retard et mes points fidélité ont disparu"
    site.topics = {"loyalty": ["fidélité"]}
    site.save()
    sites.forget()
    assert post(client, {"site": "demo", "kind": "comment", "text": text}).status_code == 202
    site.keep_default_topics = True
    site.save()
    sites.forget()
    assert post(client, {"site": "demo", "kind": "comment", "text": text}).status_code == 202
    # First only the site's own topic; then the defaults first and its own after them.
    assert sorted(list(item.topics) for item in stored()) == [["delivery", "loyalty"], ["loyalty"]]


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"kind": "nps", "score": 3}, 400, "missing_field", "site"),
        ({"site": "demo", "score": 3}, 400, "missing_field", "kind"),
        ({"site": "demo", "kind": "stars", "score": 3}, 400, "invalid_kind", "kind"),
        ({"site": "demo", "kind": "nps"}, 400, "missing_field", "score"),
        ({"site": "demo", "kind": "nps", "score": 11}, 400, "score_out_of_range", "score"),
        ({"site": "demo", "kind": "nps", "score": -1}, 400, "score_out_of_range", "score"),
        ({"site": "demo", "kind": "csat", "score": 0}, 400, "score_out_of_range", "score"),
        ({"site": "demo", "kind": "csat", "score": 6}, 400, "score_out_of_range", "score"),
        ({"site": "demo", "kind": "ces", "score": 8}, 400, "score_out_of_range", "score"),
        ({"site": "demo", "kind": "nps", "score": "3"}, 400, "invalid_type", "score"),
        ({"site": "demo", "kind": "nps", "score": 3.5}, 400, "invalid_type", "score"),
        ({"site": "demo", "kind": "nps", "score": True}, 400, "invalid_type", "score"),
        ({"site": "demo", "kind": "comment"}, 400, "missing_field", "text"),
        ({"site": "demo", "kind": "comment", "text": "   "}, 400, "missing_field", "text"),
        ({"site": "demo", "kind": "comment", "text": "ok", "score": 3}, 400, "unexpected_field", "score"),
        ({"site": "demo", "kind": "comment", "text": 42}, 400, "invalid_type", "text"),
        ({"site": "demo", "kind": "comment", "text": "x" * 5001}, 400, "text_too_long", "text"),
        ({"site": "demo", "kind": "nps", "score": 3, "email": "not-an-email"}, 400, "invalid_email", "email"),
        ({"site": "demo", "kind": "nps", "score": 3, "phone": "0612345678"}, 400, "invalid_phone", "phone"),
        (
            {"site": "demo", "kind": "nps", "score": 3, "consent_followup": "yes"},
            400,
            "invalid_type",
            "consent_followup",
        ),
        ({"site": "demo", "kind": "nps", "score": 3, "locale": "french!"}, 400, "invalid_locale", "locale"),
        (
            {"site": "demo", "kind": "nps", "score": 3, "page_url": "javascript:alert(1)"},
            400,
            "invalid_page_url",
            "page_url",
        ),
        ({"site": "demo", "kind": "nps", "score": 3, "metadata": ["a"]}, 400, "invalid_type", "metadata"),
        ({"site": "demo", "kind": "nps", "score": 3, "metadata": {"a": 1}}, 400, "invalid_type", "metadata"),
        (
            {"site": "demo", "kind": "nps", "score": 3, "metadata": {"a b": "x"}},
            400,
            "invalid_metadata_key",
            "metadata",
        ),
        (
            {"site": "demo", "kind": "nps", "score": 3, "metadata": {f"k{i}": "v" for i in range(21)}},
            400,
            "metadata_too_large",
            "metadata",
        ),
        ({"site": "demo", "kind": "nps", "score": 3, "rating": 5}, 400, "unknown_field", "rating"),
        ({"site": "Demo!", "kind": "nps", "score": 3}, 400, "invalid_site", "site"),
        ({"site": "nowhere", "kind": "nps", "score": 3}, 404, "not_found", "site"),
    ],
)
def test_rejects_bad_payloads_with_a_named_field(
    client: Any, site: Any, body: dict[str, Any], status: int, code: str, field: str
) -> None:
    response = post(client, body)
    assert response.status_code == status
    assert response.json_body["error"]["code"] == code
    assert response.json_body["error"]["field"] == field
    assert response.json_body["error"]["message"]
    assert stored() == []


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"', "", "null", b"\xff\xfe"])
def test_rejects_malformed_bodies(client: Any, site: Any, raw: str | bytes) -> None:
    response = post(client, raw)
    assert response.status_code == 400
    assert response.json_body["error"]["code"] in ("invalid_json", "invalid_encoding")
    assert stored() == []


def test_body_over_64_kib_is_413(client: Any, site: Any) -> None:
    body = json.dumps({"site": "demo", "kind": "comment", "text": "a" * 70_000})
    response = post(client, body)
    assert response.status_code == 413
    assert response.json_body["error"]["code"] == "body_too_large"


def test_text_at_the_limit_is_accepted_and_control_characters_are_removed(client: Any, site: Any) -> None:
    text = "é" * 4990 + "\x00\x07ok\r\nbye"
    response = post(client, {"site": "demo", "kind": "comment", "text": text})
    assert response.status_code == 202
    [item] = stored()
    assert "\x00" not in item.text and "\x07" not in item.text and item.text.endswith("ok\nbye")


def test_idempotency_key_gives_the_same_answer_and_one_item(client: Any, site: Any) -> None:
    body = {"site": "demo", "kind": "csat", "score": 5, "text": "Parfait"}
    first = post(client, body, {"Idempotency-Key": "abc-123"})
    second = post(client, body, {"Idempotency-Key": "abc-123"})
    assert first.status_code == second.status_code == 202
    assert first.json_body == second.json_body
    assert len(stored()) == 1


def test_idempotency_key_reused_with_another_body_is_rejected(client: Any, site: Any) -> None:
    post(client, {"site": "demo", "kind": "csat", "score": 5}, {"Idempotency-Key": "k1"})
    response = post(client, {"site": "demo", "kind": "csat", "score": 1}, {"Idempotency-Key": "k1"})
    assert response.status_code == 422
    assert response.json_body["error"]["code"] == "idempotency_key_reused"
    assert len(stored()) == 1


def test_different_idempotency_keys_make_different_items(client: Any, site: Any) -> None:
    body = {"site": "demo", "kind": "csat", "score": 5}
    post(client, body, {"Idempotency-Key": "k1"})
    post(client, body, {"Idempotency-Key": "k2"})
    post(client, body)
    assert len(stored()) == 3


def test_invalid_idempotency_key_is_rejected(client: Any, site: Any) -> None:
    response = post(client, {"site": "demo", "kind": "csat", "score": 5}, {"Idempotency-Key": "x" * 200})
    assert response.status_code == 400
    assert response.json_body["error"]["field"] == "Idempotency-Key"


def test_cors_answers_only_for_allowed_origins(client: Any, site: Any) -> None:
    body = {"site": "demo", "kind": "nps", "score": 9}
    allowed = post(client, body, {"Origin": "https://shop.example.com"})
    assert allowed.status_code == 202
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://shop.example.com"

    foreign = post(client, body, {"Origin": "https://evil.example.net"})
    assert foreign.status_code == 403
    assert foreign.json_body["error"]["code"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in foreign.headers
    assert len(stored()) == 1


def test_cors_preflight(client: Any, site: Any) -> None:
    ok = client.http.request(
        "OPTIONS", "/v1/feedback?site=demo", headers={"Origin": "https://shop.example.com"}, body=b""
    )
    assert ok.status_code == 204
    assert ok.headers["Access-Control-Allow-Origin"] == "https://shop.example.com"
    assert "Idempotency-Key" in ok.headers["Access-Control-Allow-Headers"]
    denied = client.http.request("OPTIONS", "/v1/feedback?site=demo", headers={"Origin": "https://evil.net"}, body=b"")
    assert "Access-Control-Allow-Origin" not in denied.headers


def test_form_post_redirects_to_the_builtin_thank_you_page(client: Any, site: Any) -> None:
    body = urlencode(
        {
            "site": "demo",
            "kind": "nps",
            "score": "2",
            "text": "Très déçu",
            "consent_followup": "on",
            "email": "a@example.com",
            "metadata[plan]": "pro",
        }
    )
    response = client.http.post("/v1/feedback", headers=FORM, body=body)
    assert response.status_code == 303
    assert response.headers["Location"] == "https://feedback.example.com/thanks?site=demo&lang=fr"
    [item] = stored()
    assert (item.channel, item.kind, item.score, item.consent_followup) == ("form", "nps", 2, True)
    assert item.text == "Très déçu" and item.metadata.as_dict() == {"plan": "pro"}
    page = client.http.get(response.headers["Location"].removeprefix("https://feedback.example.com"))
    assert page.status_code == 200 and "Merci" in page.body.decode()


def test_form_post_uses_the_site_thank_you_url(client: Any, site: Any) -> None:
    site.thank_you_url = "https://shop.example.com/merci"
    site.save()
    body = urlencode({"site": "demo", "kind": "comment", "text": "Bien"})
    response = client.http.post("/v1/feedback", headers=FORM, body=body)
    assert response.status_code == 303
    assert response.headers["Location"] == "https://shop.example.com/merci"


def test_form_errors_are_json_400(client: Any, site: Any) -> None:
    response = client.http.post("/v1/feedback", headers=FORM, body=urlencode({"site": "demo", "kind": "nps"}))
    assert response.status_code == 400
    assert response.json_body["error"]["field"] == "score"


def test_honeypot_is_accepted_silently_and_stored_as_spam(client: Any, site: Any) -> None:
    response = post(client, {"site": "demo", "kind": "nps", "score": 0, "text": "buy", "website": "http://spam"})
    assert response.status_code == 202
    [item] = stored()
    assert item.spam is True and item.status == "spam" and item.negative is False


def test_exactly_one_conditional_write_on_the_request_path(client: Any, site: Any) -> None:
    """The site is read once and cached; each accepted feedback then costs one DynamoDB call."""
    from chalicelib.models import connection

    post(client, {"site": "demo", "kind": "nps", "score": 9})  # warms the site cache
    calls: list[str] = []
    events = connection().client.meta.events

    def record(model: Any, params: Any, **_: Any) -> None:
        calls.append(model.name)

    events.register("before-call.dynamodb", record)
    from chalicelib.models import Feedback

    feedback_events = Feedback._get_connection().connection.client.meta.events
    if feedback_events is not events:
        feedback_events.register("before-call.dynamodb", record)
    try:
        for score in (1, 5, 10):
            assert post(client, {"site": "demo", "kind": "nps", "score": score}).status_code == 202
    finally:
        events.unregister("before-call.dynamodb", record)
        if feedback_events is not events:
            feedback_events.unregister("before-call.dynamodb", record)
    # Item, idempotency record (when a key is sent) and rate-limit counters share one transaction.
    assert calls == ["TransactWriteItems"] * 3


def test_rate_limits_answer_429_with_retry_after_and_write_nothing(
    client: Any, site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib import config

    monkeypatch.setenv("BOUCLE_RATE_PER_IP", "2")
    config.settings.cache_clear()
    body = {"site": "demo", "kind": "nps", "score": 9}
    assert [post(client, body).status_code for _ in range(2)] == [202, 202]
    refused = post(client, body)
    assert refused.status_code == 429
    assert refused.json_body["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert len(stored()) == 2
    # A replay of an accepted Idempotency-Key is not a new post: it is answered, not limited.
    monkeypatch.setenv("BOUCLE_RATE_PER_IP", "3")
    config.settings.cache_clear()
    first = post(client, body, {"Idempotency-Key": "same"})
    assert post(client, body, {"Idempotency-Key": "same"}).json_body == first.json_body


def test_per_site_limit(client: Any, site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import config

    monkeypatch.setenv("BOUCLE_RATE_PER_SITE", "1")
    config.settings.cache_clear()
    assert post(client, {"site": "demo", "kind": "csat", "score": 5}).status_code == 202
    assert post(client, {"site": "demo", "kind": "csat", "score": 5}).status_code == 429


def test_dynamodb_throttling_answers_503_with_retry_after(client: Any, site: Any, monkeypatch: Any) -> None:
    from botocore.exceptions import ClientError
    from pynamodb.exceptions import PutError

    from chalicelib.models import Feedback

    post(client, {"site": "demo", "kind": "nps", "score": 9})
    before = len(stored())

    def throttled(*args: Any, **kwargs: Any) -> None:
        cause = ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow"}}, "PutItem")
        raise PutError("throttled", cause)

    monkeypatch.setattr(Feedback, "save", throttled)
    monkeypatch.setenv("BOUCLE_RATE_PER_SITE", "0")
    monkeypatch.setenv("BOUCLE_RATE_PER_IP", "0")
    from chalicelib import config

    config.settings.cache_clear()
    response = post(client, {"site": "demo", "kind": "nps", "score": 3})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.json_body["error"]["code"] == "unavailable"
    assert len(stored()) == before


@pytest.mark.parametrize("field", ["site", "locale"])
def test_a_trailing_newline_does_not_slip_past_a_pattern(client: Any, site: Any, field: str) -> None:
    """(Email and phone are stripped of surrounding white space before they are checked.)"""
    valid = {"site": "demo", "locale": "fr"}
    body = {"site": "demo", "kind": "nps", "score": 5, field: valid[field] + "\n"}
    assert post(client, body).status_code == 400
    assert post(client, {"site": "demo", "kind": "nps", "score": 5, "metadata": {"k\n": "v"}}).status_code == 400
