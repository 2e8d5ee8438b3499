"""GDPR: export everything about one person, and erase it without changing the aggregates."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest

AGENT = {"Authorization": "Bearer local-admin"}
EMAIL = "Marie.Dupont@Example.com"
PHONE = "+33612345678"


def post(client: Any, body: dict[str, Any]) -> str:
    response = client.http.post("/v1/feedback", headers={"Content-Type": "application/json"}, body=json.dumps(body))
    assert response.status_code == 202, response.body
    return response.json_body["id"]


@pytest.fixture
def person(client: Any, site: Any, pump: Any, make_item: Callable[..., Any]) -> dict[str, Any]:
    """Marie's feedback by web (twice), by e-mail (with the raw message in the bucket), and someone else's."""
    from chalicelib.contacts import contact_hash
    from chalicelib.models import Customer

    first = {
        "site": "demo",
        "kind": "nps",
        "score": 2,
        "text": "Livraison en retard, Marie Dupont",
        "email": EMAIL,
        "consent_followup": True,
        "page_url": "https://shop.example.com/cart",
        "metadata": {"order": "A-1"},
    }
    web = [post(client, first), post(client, {"site": "demo", "kind": "csat", "score": 5, "email": EMAIL.lower()})]
    other = post(client, {"site": "demo", "kind": "nps", "score": 9, "text": "Top", "email": "paul@example.com"})
    by_phone = post(client, {"site": "demo", "kind": "comment", "text": "Rappelez-moi", "phone": PHONE})
    boto3.client("s3", region_name="eu-west-1").put_object(
        Bucket="test-raw-mail", Key="raw/marie-1.eml", Body=b"From: Marie <marie.dupont@example.com>\r\n\r\nHello"
    )
    mail = make_item(
        channel="email",
        email=EMAIL,
        subject="Ma commande A-1",
        text="Toujours rien reçu",
        message_id="<abc@example.com>",
        raw_mail_key="raw/marie-1.eml",
        response="Bonjour Marie, nous regardons.",
    )
    while pump.poll_stream_once():
        pass
    hash_ = contact_hash(email=EMAIL)
    Customer(contact_hash=hash_, first_seen="2026-11-01", count=3, last_nps=2, segment="detractor").save()
    return {"web": web, "mail": mail.id, "other": other, "phone": by_phone, "hash": hash_}


def test_export_returns_profile_and_every_item(call: Callable[..., Any], person: dict[str, Any]) -> None:
    response = call("GET", "/v1/admin/customers/export?email=marie.dupont%40example.com", headers=AGENT)
    assert response.status_code == 200
    body = response.json_body
    assert body["contact_hash"] == person["hash"]
    assert body["profile"]["contact_hash"] == person["hash"] and body["profile"]["segment"] == "detractor"
    ids = [item["id"] for item in body["items"]]
    assert sorted(ids) == sorted([*person["web"], person["mail"]]) and ids == sorted(ids, reverse=True)
    assert all(item["contact"]["email"].lower() == EMAIL.lower() for item in body["items"])
    assert all("timeline" in item for item in body["items"])


def test_export_by_phone_and_unknown_person(call: Callable[..., Any], person: dict[str, Any]) -> None:
    by_phone = call("GET", "/v1/admin/customers/export?phone=%2B33612345678", headers=AGENT).json_body
    assert [item["id"] for item in by_phone["items"]] == [person["phone"]] and by_phone["profile"] is None
    # An unencoded "+" arrives as a space: still the same number.
    unencoded = call("GET", "/v1/admin/customers/export?phone=+33612345678", headers=AGENT).json_body
    assert unencoded["contact_hash"] == by_phone["contact_hash"]
    nobody = call("GET", "/v1/admin/customers/export?email=nobody@example.com", headers=AGENT).json_body
    assert nobody["items"] == [] and nobody["profile"] is None


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ("", "missing_field", "email"),
        ("?email=a@example.com&phone=%2B33612345678", "missing_field", "email"),
        ("?email=not-an-address", "invalid_email", "email"),
        ("?email=" + "a" * 250 + "@example.com", "invalid_email", "email"),
        ("?phone=0612345678", "invalid_phone", "phone"),
        ("?phone=call-me", "invalid_phone", "phone"),
        ("?name=Marie", "unknown_parameter", "name"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_customer_lookups_validate_the_address(
    call: Callable[..., Any], site: Any, method: str, query: str, code: str, field: str
) -> None:
    path = "/v1/admin/customers/export" if method == "GET" else "/v1/admin/customers"
    response = call(method, path + query, headers=AGENT)
    assert response.status_code == 400
    assert response.json_body["error"]["code"] == code and response.json_body["error"]["field"] == field


def _rollup(site: str = "demo") -> list[dict[str, Any]]:
    from chalicelib import rollups

    return rollups.read_days(site, "2000-01-01", "2100-01-01")


def test_erase_anonymises_items_keeps_aggregates_and_deletes_raw_mail(
    call: Callable[..., Any], person: dict[str, Any], caplog: Any, capsys: Any
) -> None:
    from chalicelib.models import Customer, Feedback

    before = _rollup()
    with caplog.at_level("INFO"):
        response = call("DELETE", f"/v1/admin/customers?email={EMAIL.replace('@', '%40')}", headers=AGENT)
    assert response.status_code == 200
    assert response.json_body == {"erased_items": 3, "raw_mail_deleted": 1}

    for item_id in [*person["web"], person["mail"]]:
        item = Feedback.get(item_id)
        assert item.text == "[erased]"
        assert item.email is None and item.phone is None and item.contact_hash is None
        assert item.subject is None and item.metadata is None and item.page_url is None
        assert item.message_id is None and item.raw_mail_key is None and item.evidence == []
        assert item.followup_due is None and item.due_shard is None
        assert item.timeline[-1].event == "erased" and item.timeline[-1].actor.startswith("agent:token:")
        assert item.score is not None or item.kind == "comment"
    raw = Feedback._get_connection().get_item(person["mail"])["Item"]
    assert "erased_at" in raw
    assert Feedback.get(person["mail"]).response == "[erased]"
    assert Feedback.get(person["other"]).email == "paul@example.com"  # nobody else is touched

    # Counters are never decremented: the dashboards do not change.
    assert _rollup() == before

    # The raw message is gone from the bucket.
    s3 = boto3.client("s3", region_name="eu-west-1")
    assert s3.list_objects_v2(Bucket="test-raw-mail").get("KeyCount", 0) == 0

    # Profile deleted (no opt-out to keep).
    with pytest.raises(Customer.DoesNotExist):
        Customer.get(person["hash"])

    # Who and how many are logged; never the address.
    logged = caplog.text + repr([record.__dict__ for record in caplog.records]) + "".join(capsys.readouterr())
    assert "contact erased" in logged and person["hash"][:8] in logged
    assert EMAIL.lower() not in logged.lower() and "marie" not in logged.lower()

    # The person is no longer findable, and erasing again is a no-op.
    again = call("DELETE", f"/v1/admin/customers?email={EMAIL.replace('@', '%40')}", headers=AGENT)
    assert again.json_body == {"erased_items": 0, "raw_mail_deleted": 0}
    export = call("GET", f"/v1/admin/customers/export?email={EMAIL.replace('@', '%40')}", headers=AGENT).json_body
    assert export["items"] == []


def test_erased_items_stay_erased_after_the_stream_sees_the_change(
    call: Callable[..., Any], person: dict[str, Any], pump: Any
) -> None:
    from chalicelib.models import Feedback

    before = _rollup()
    call("DELETE", f"/v1/admin/customers?email={EMAIL.replace('@', '%40')}", headers=AGENT)
    while pump.poll_stream_once():
        pass
    assert _rollup() == before
    assert Feedback.get(person["web"][0]).text == "[erased]"


def test_erase_keeps_a_hash_only_suppression_record(call: Callable[..., Any], person: dict[str, Any]) -> None:
    from chalicelib.models import Customer

    Customer(
        contact_hash=person["hash"], count=3, last_nps=2, segment="detractor", suppressed=True, suppressed_reason="stop"
    ).save()
    call("DELETE", f"/v1/admin/customers?email={EMAIL.replace('@', '%40')}", headers=AGENT)
    kept = Customer.get(person["hash"])
    assert kept.suppressed is True and kept.suppressed_reason == "stop"
    assert kept.count == 0 and kept.last_nps is None and kept.segment is None and kept.first_seen is None


def test_erase_by_phone(call: Callable[..., Any], person: dict[str, Any]) -> None:
    from chalicelib.models import Feedback

    response = call("DELETE", "/v1/admin/customers?phone=%2B33612345678", headers=AGENT)
    assert response.json_body == {"erased_items": 1, "raw_mail_deleted": 0}
    item = Feedback.get(person["phone"])
    assert item.phone is None and item.text == "[erased]"


def test_an_open_edit_after_erasure_conflicts_instead_of_restoring(
    call: Callable[..., Any], person: dict[str, Any]
) -> None:
    item_id = person["web"][0]
    seen = call("GET", f"/v1/admin/feedback/{item_id}", headers=AGENT).json_body["version"]
    call("DELETE", f"/v1/admin/customers?email={EMAIL.replace('@', '%40')}", headers=AGENT)
    response = call("PATCH", f"/v1/admin/feedback/{item_id}", headers=AGENT, body={"version": seen, "tags": ["x"]})
    assert response.status_code == 409


def test_erase_removes_mail_replies_and_their_raw_mail(client: Any, site: Any) -> None:
    """Replies to follow-ups hold the person's own words: erasure removes them and their stored mail."""
    import boto3

    from chalicelib.config import settings
    from chalicelib.followup import tokens
    from chalicelib.intake import mail
    from chalicelib.models import Feedback

    item_id = post(client, {"site": "demo", "kind": "nps", "score": 3, "email": "ana@example.org"})
    token = tokens.make_token(settings().token_secrets, item_id, "checkin", 4_000_000_000, nonce="1")
    raw = (
        f"From: Ana <ana@example.org>\r\nTo: reply+{token}@in.example.com\r\nSubject: Re: suivi\r\n"
        "Message-ID: <reply-1@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Toujours rien reçu, je suis furieuse.\r\n"
    ).encode()
    s3 = boto3.client("s3", region_name="eu-west-1")
    s3.put_object(Bucket="test-raw-mail", Key="raw/reply-1", Body=raw)
    assert mail.handle_raw(raw, "raw/reply-1").outcome == "reply"
    assert Feedback.get(item_id).replies

    headers = {"Authorization": "Bearer local-admin"}
    response = client.http.delete("/v1/admin/customers?email=ana%40example.org", headers=headers)
    assert response.status_code == 200, response.body
    erased = Feedback.get(item_id, consistent_read=True)
    assert not erased.replies and erased.erased_at and erased.text == "[erased]"
    assert s3.list_objects_v2(Bucket="test-raw-mail").get("KeyCount", 0) == 0
    detail = client.http.get(f"/v1/admin/feedback/{item_id}", headers=headers).json_body
    assert detail["replies"] == [] and detail["erased_at"]


def test_every_page_of_a_persons_items_is_found_and_erased(
    call: Callable[..., Any], person: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """DynamoDB pages a query at 1 MB; a person with many items must not keep the ones past the first page."""
    from chalicelib.models import Feedback, connection

    dynamodb = connection().client
    real_query = dynamodb.query
    pages = {"n": 0}

    def one_per_page(**kwargs: Any) -> Any:
        pages["n"] += 1
        return real_query(**{**kwargs, "Limit": 1})

    monkeypatch.setattr(dynamodb, "query", one_per_page)
    erased = call("DELETE", f"/v1/admin/customers?email={EMAIL.replace('@', '%40')}", headers=AGENT)
    assert erased.status_code == 200, erased.body
    assert erased.json_body["erased_items"] == 3
    assert pages["n"] >= 3  # Marie has three items: one per page
    for item_id in [*person["web"], person["mail"]]:
        assert Feedback.get(item_id).text == "[erased]"
    assert Feedback.get(person["other"]).text == "Top"
