"""The real local stack over HTTP: what a person does after `make run`."""

from __future__ import annotations

import json
import smtplib
import time
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import boto3
import pytest
import requests

pytestmark = pytest.mark.e2e


def admin(stack: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.admin_token}"}


def rollup_count(stack: Any) -> int:
    """Today's volume for the demo site, read straight from the moto rollup table."""
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=stack.aws_url,
        region_name="eu-west-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    table = next(name for name in dynamodb.list_tables()["TableNames"] if "RollupTable" in name)
    items = dynamodb.query(
        TableName=table,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :day)",
        ExpressionAttributeValues={":pk": {"S": "demo"}, ":day": {"S": "day#"}},
    )["Items"]
    # Day items hold many counters; one may exist without `count` (e.g. answers counted after midnight UTC).
    return sum(int(item.get("count", {"N": "0"})["N"]) for item in items)


def test_health(local_stack: Any) -> None:
    response = requests.get(f"{local_stack.api_url}/v1/health", timeout=5)
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_posted_feedback_reaches_the_rollup_within_seconds(local_stack: Any, wait_for: Any) -> None:
    before = rollup_count(local_stack)
    response = requests.post(
        f"{local_stack.api_url}/v1/feedback",
        headers={"content-type": "application/json"},
        data=json.dumps({"site": "demo", "kind": "nps", "score": 3, "text": "Livraison en retard"}),
        timeout=10,
    )
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "received"
    wait_for(lambda: rollup_count(local_stack) == before + 1, timeout=15)


def test_bad_input_is_a_json_4xx_over_http(local_stack: Any) -> None:
    response = requests.post(
        f"{local_stack.api_url}/v1/feedback",
        headers={"content-type": "application/json"},
        data='{"site": "demo", "kind": "nps", "score": 42}',
        timeout=10,
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "score_out_of_range",
        "message": "nps score must be between 0 and 10",
        "field": "score",
    }


def test_demo_site_allows_the_local_api_origin(local_stack: Any) -> None:
    response = requests.post(
        f"{local_stack.api_url}/v1/feedback",
        headers={"content-type": "application/json", "Origin": local_stack.api_url},
        data=json.dumps({"site": "demo", "kind": "csat", "score": 5}),
        timeout=10,
    )
    assert response.status_code == 202
    assert response.headers["Access-Control-Allow-Origin"] == local_stack.api_url


def outbox(stack: Any) -> list[dict[str, Any]]:
    response = requests.get(f"{stack.api_url}/v1/admin/outbox", headers=admin(stack), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def post_json(stack: Any, body: dict[str, Any]) -> str:
    response = requests.post(
        f"{stack.api_url}/v1/feedback", headers={"content-type": "application/json"}, data=json.dumps(body), timeout=10
    )
    assert response.status_code == 202, response.text
    return response.json()["id"]


def test_a_negative_item_puts_one_alert_in_the_outbox_and_a_positive_one_none(local_stack: Any, wait_for: Any) -> None:
    negative = post_json(
        local_stack,
        {"site": "demo", "kind": "csat", "score": 1, "text": "Colis jamais arrivé, service client injoignable"},
    )
    positive = post_json(local_stack, {"site": "demo", "kind": "csat", "score": 5, "text": "Parfait, merci !"})

    # Other tests share this stack (and a pile of negatives may add an hourly spike
    # summary), so alerts are matched to items by the id in their dashboard link.
    def alerts_about(item_id: str) -> list[dict[str, Any]]:
        return [m for m in outbox(local_stack) if m["channel"] == "alert" and item_id in (m["body"] or "")]

    wait_for(lambda: alerts_about(negative), timeout=10)
    time.sleep(2)  # a redelivery or the positive item must not add one, even later
    alerts = alerts_about(negative)
    assert len(alerts) == 1, [m["subject"] for m in alerts]
    assert alerts[0]["attributes"]["site"] == "demo" and alerts[0]["attributes"]["severity"] == "high"
    assert alerts_about(positive) == []


def send_mail(
    stack: Any, to: str, subject: str, body: str, extra: dict[str, str] | None = None, sender: str = "marie@example.com"
) -> None:
    message = EmailMessage()
    message["From"] = f"Client <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.com")
    for name, value in (extra or {}).items():
        message[name] = value
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", stack.smtp_port, timeout=10) as smtp:
        smtp.send_message(message)


def admin_items(stack: Any, **filters: str) -> list[dict[str, Any]]:
    response = requests.get(
        f"{stack.api_url}/v1/admin/feedback", params={"site": "demo", **filters}, headers=admin(stack), timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_mail_over_smtp_becomes_feedback_and_an_out_of_office_creates_nothing(local_stack: Any, wait_for: Any) -> None:
    send_mail(
        local_stack,
        "demo@boucle.localhost",
        "Commande 1234",
        "Bonjour, mon colis est arrivé abîmé et personne ne répond.\n\nEnvoyé de mon iPhone",
    )
    item = wait_for(lambda: [i for i in admin_items(local_stack, channel="email") if "abîmé" in (i["text"] or "")])[0]
    assert item["kind"] == "comment" and item["channel"] == "email" and "iPhone" not in item["text"]

    emails_before = len(admin_items(local_stack, channel="email"))
    send_mail(
        local_stack,
        "demo@boucle.localhost",
        "Réponse automatique : absence du bureau",
        "Je suis absente jusqu'au 3 décembre.",
        {"Auto-Submitted": "auto-replied"},
        sender="absent@example.com",
    )
    time.sleep(5)  # longer than the local follow-up delay plus a sweep
    assert len(admin_items(local_stack, channel="email")) == emails_before
    assert not [m for m in outbox(local_stack) if "absent@example.com" in (m["to"] or "")]
    assert "mail dropped" in local_stack.log() and "auto_reply" in local_stack.log()


def test_the_loop_closes_follow_up_email_one_click_answer_item_resolved(local_stack: Any, wait_for: Any) -> None:
    """Issue 6's walk-through: detractor with consent → follow-up email → confirmation page → POST → resolved."""
    import re

    address = f"loop-{time.time_ns()}@example.com"
    item_id = post_json(
        local_stack,
        {"site": "demo", "kind": "nps", "score": 2, "text": "Très déçu", "email": address, "consent_followup": True},
    )

    def follow_up() -> dict[str, Any] | None:
        mine = [m for m in outbox(local_stack) if m["channel"] == "email" and address in (m["to"] or "")]
        return mine[0] if mine else None

    email = wait_for(follow_up, timeout=30)
    link = re.search(r"https?://[^\s\"'<>]+/v1/loop/[^\s\"'<>?]+\?resolved=yes", email["body"])
    assert link, email["body"]
    url = link.group(0)
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "<form" in page.text and 'method="post"' in page.text.lower()
    detail = requests.get(f"{local_stack.api_url}/v1/admin/feedback/{item_id}", headers=admin(local_stack), timeout=10)
    assert detail.json()["status"] != "resolved"  # the GET recorded nothing

    token_url = url.split("?")[0]
    answer = requests.post(token_url, data={"resolved": "yes"}, timeout=10)
    assert answer.status_code == 200, answer.text
    detail = requests.get(f"{local_stack.api_url}/v1/admin/feedback/{item_id}", headers=admin(local_stack), timeout=10)
    assert detail.json()["status"] == "resolved"
    again = requests.post(token_url, data={"resolved": "no"}, timeout=10)
    assert again.status_code == 409
