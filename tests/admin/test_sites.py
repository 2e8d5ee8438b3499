"""GET and PUT /v1/admin/sites/{key}: strict validation, create or replace, cache refresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

AGENT = {"Authorization": "Bearer local-admin"}
VIEWER = {"Authorization": "Bearer local-viewer"}
FULL = {
    "name": "Boutique",
    "allowed_origins": ["https://Shop.Example.com/", "http://localhost:8080", "https://shop.example.com"],
    "locale": "fr",
    "time_zone": "Europe/Paris",
    "alert_rules": {"min_severity": "high", "channels": ["email", "sms"], "quiet": {"from": 22, "to": 7}},
    "followup_policy": {"delay_s": 3600, "resurvey_days": 7, "enabled": True, "ratio": 0.5},
    "thank_you_url": "https://shop.example.com/merci?src=boucle",
    "topics": {"delivery": ["livraison", "colis"], "price": ["prix"]},
    "keep_default_topics": True,
    "email_consent_implied": False,
}


def put(call: Callable[..., Any], key: str, body: Any) -> Any:
    return call("PUT", f"/v1/admin/sites/{key}", headers=AGENT, body=body)


def test_get_existing_site(call: Callable[..., Any], site: Any) -> None:
    response = call("GET", "/v1/admin/sites/demo", headers=VIEWER)
    assert response.status_code == 200
    body = response.json_body
    assert body["key"] == "demo" and body["name"] == "Demo shop"
    assert body["allowed_origins"] == ["https://shop.example.com"]
    assert body["locale"] == "fr" and body["time_zone"] == "Europe/Paris"
    assert body["alert_rules"] == {} and body["topics"] == {} and body["thank_you_url"] is None
    assert body["email_consent_implied"] is True and body["version"] == 1


def test_get_unknown_or_invalid_key(call: Callable[..., Any], site: Any) -> None:
    assert call("GET", "/v1/admin/sites/nowhere", headers=VIEWER).status_code == 404
    response = call("GET", "/v1/admin/sites/Bad_Key", headers=VIEWER)
    assert response.status_code == 400 and response.json_body["error"]["code"] == "invalid_site"
    assert call("GET", "/v1/admin/sites/" + "a" * 64, headers=VIEWER).status_code == 400


def test_put_creates_then_replaces(call: Callable[..., Any], aws: Any) -> None:
    created = put(call, "boutique-2", FULL)
    assert created.status_code == 201, created.body
    body = created.json_body
    assert body["allowed_origins"] == ["https://shop.example.com", "http://localhost:8080"]
    assert body["alert_rules"] == FULL["alert_rules"] and body["followup_policy"] == FULL["followup_policy"]
    assert body["topics"] == FULL["topics"] and body["email_consent_implied"] is False
    assert body["keep_default_topics"] is True
    assert body["version"] == 1 and body["updated_at"]
    assert call("GET", "/v1/admin/sites/boutique-2", headers=AGENT).json_body == body

    replaced = put(call, "boutique-2", {"name": "Boutique 2"})
    assert replaced.status_code == 200
    body = replaced.json_body
    # A PUT replaces the document: left-out fields take their defaults.
    assert body["name"] == "Boutique 2" and body["allowed_origins"] == [] and body["locale"] == "en"
    assert body["time_zone"] == "UTC" and body["topics"] == {} and body["email_consent_implied"] is True
    assert body["keep_default_topics"] is False
    assert body["version"] == 2


def test_put_refreshes_the_site_cache(call: Callable[..., Any], site: Any) -> None:
    from chalicelib.sites import get_site

    assert get_site("demo").name == "Demo shop"  # now cached
    put(call, "demo", {"name": "Nouveau nom", "allowed_origins": ["https://new.example.com"]})
    refreshed = get_site("demo")
    assert refreshed.name == "Nouveau nom" and refreshed.allows_origin("https://new.example.com")


def test_put_with_a_stale_version_is_409(call: Callable[..., Any], site: Any) -> None:
    assert put(call, "demo", {"name": "A", "version": 1}).status_code == 200
    response = put(call, "demo", {"name": "B", "version": 1})
    assert response.status_code == 409 and response.json_body["error"]["code"] == "version_conflict"
    assert put(call, "nouveau", {"name": "C", "version": 3}).status_code == 409


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"colour": "red"}, "unknown_field", "colour"),
        ({"name": None}, "missing_field", "name"),
        ({"name": ""}, "invalid_name", "name"),
        ({"name": 3}, "invalid_type", "name"),
        ({"name": "x" * 101}, "invalid_name", "name"),
        ({"allowed_origins": "https://a.example.com"}, "invalid_type", "allowed_origins"),
        ({"allowed_origins": [1]}, "invalid_type", "allowed_origins"),
        ({"allowed_origins": ["https://a.example.com/path"]}, "invalid_origin", "allowed_origins"),
        ({"allowed_origins": ["ftp://a.example.com"]}, "invalid_origin", "allowed_origins"),
        ({"allowed_origins": ["https://user:pw@a.example.com"]}, "invalid_origin", "allowed_origins"),
        ({"allowed_origins": ["https://a.example.com?x=1"]}, "invalid_origin", "allowed_origins"),
        ({"allowed_origins": ["https://a.example.com:99999"]}, "invalid_origin", "allowed_origins"),
        ({"allowed_origins": ["https://*.example.com"]}, "invalid_origin", "allowed_origins"),
        ({"allowed_origins": ["a.example.com"]}, "invalid_origin", "allowed_origins"),
        ({"allowed_origins": [f"https://s{i}.example.com" for i in range(51)]}, "too_many_origins", "allowed_origins"),
        ({"locale": "de"}, "invalid_locale", "locale"),
        ({"locale": None}, "invalid_locale", "locale"),
        ({"time_zone": "Mars/Olympus_Mons"}, "invalid_time_zone", "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "invalid_time_zone", "time_zone"),
        ({"time_zone": "/etc/localtime"}, "invalid_time_zone", "time_zone"),
        ({"time_zone": "Europe/Paris\n"}, "invalid_time_zone", "time_zone"),
        ({"time_zone": 2}, "invalid_time_zone", "time_zone"),
        ({"alert_rules": ["high"]}, "invalid_type", "alert_rules"),
        ({"alert_rules": {"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}}, "invalid_alert_rules", "alert_rules"),
        ({"followup_policy": "soon"}, "invalid_type", "followup_policy"),
        ({"followup_policy": {"blob": "x" * 20_000}}, "invalid_followup_policy", "followup_policy"),
        ({"thank_you_url": "http://shop.example.com/merci"}, "invalid_thank_you_url", "thank_you_url"),
        ({"thank_you_url": "javascript:alert(1)"}, "invalid_thank_you_url", "thank_you_url"),
        ({"thank_you_url": "https:///merci"}, "invalid_thank_you_url", "thank_you_url"),
        ({"thank_you_url": "https://shop.example.com/a b"}, "invalid_thank_you_url", "thank_you_url"),
        ({"thank_you_url": 5}, "invalid_thank_you_url", "thank_you_url"),
        ({"topics": ["delivery"]}, "invalid_type", "topics"),
        ({"topics": {"Delivery!": ["x"]}}, "invalid_topic", "topics"),
        ({"topics": {"delivery\n": ["x"]}}, "invalid_topic", "topics"),
        ({"topics": {"delivery": "livraison"}}, "invalid_topic_keywords", "topics"),
        ({"topics": {"delivery": ["", "x"]}}, "invalid_topic_keywords", "topics"),
        ({"topics": {"delivery": [1]}}, "invalid_topic_keywords", "topics"),
        ({"keep_default_topics": "yes"}, "invalid_type", "keep_default_topics"),
        ({"email_consent_implied": "yes"}, "invalid_type", "email_consent_implied"),
        ({"email_consent_implied": 1}, "invalid_type", "email_consent_implied"),
        ({"version": "1"}, "invalid_type", "version"),
    ],
)
def test_put_validation(call: Callable[..., Any], site: Any, change: dict[str, Any], code: str, field: str) -> None:
    response = put(call, "demo", {"name": "Demo", **change})
    assert response.status_code == 400, response.body
    assert response.json_body["error"]["code"] == code and response.json_body["error"]["field"] == field
    assert call("GET", "/v1/admin/sites/demo", headers=AGENT).json_body["name"] == "Demo shop"


@pytest.mark.parametrize("raw", ["{oops", "[]", "null", b"\xff", '{"name": "x", "alert_rules": {"n": Infinity}}'])
def test_put_malformed_bodies(call: Callable[..., Any], site: Any, raw: Any) -> None:
    response = put(call, "demo", raw)
    assert response.status_code == 400 and response.json_body["error"]["code"] == "invalid_json"


def test_put_invalid_key_is_400(call: Callable[..., Any], aws: Any) -> None:
    response = put(call, "Bad%20Key", {"name": "x"})
    assert response.status_code == 400 and response.json_body["error"]["code"] == "invalid_site"


def test_put_body_size_is_bounded(call: Callable[..., Any], site: Any) -> None:
    response = put(call, "demo", {"name": "x", "alert_rules": {"blob": "x" * 70_000}})
    assert response.status_code == 400 and response.json_body["error"]["code"] == "body_too_large"


def test_an_empty_key_in_a_policy_is_refused_and_the_site_stays_readable(client: Any, aws: Any) -> None:
    """Schemathesis found it: an empty map key saved fine, then made every read of the site fail."""
    import json as _json

    agent = {"Authorization": "Bearer local-admin", "Content-Type": "application/json"}
    for body in ({"name": "x", "followup_policy": {"": True}}, {"name": "x", "alert_rules": {"a": {"": 1}}}):
        response = client.http.put("/v1/admin/sites/x", headers=agent, body=_json.dumps(body))
        assert response.status_code == 400, response.body
    assert client.http.get("/v1/admin/sites/x", headers=agent).status_code == 404
