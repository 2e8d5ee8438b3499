"""GET /v1/admin/outbox: the local outbox of alerts, emails and SMS."""

from __future__ import annotations

import json
from typing import Any

import boto3

AGENT = {"Authorization": "Bearer local-admin"}


def subscribe_outbox(aws: dict[str, Any]) -> None:
    queue_arn = f"arn:aws:sqs:eu-west-1:123456789012:{aws['outbox_url'].rsplit('/', 1)[-1]}"
    boto3.client("sns", region_name="eu-west-1").subscribe(
        TopicArn=aws["topic_arn"], Protocol="sqs", Endpoint=queue_arn
    )


def test_alerts_show_in_the_outbox_newest_last(client: Any, site: Any, pump: Any, aws: dict[str, Any]) -> None:
    subscribe_outbox(aws)
    for text in ("Colis jamais arrivé", "Service client injoignable"):
        body = json.dumps({"site": "demo", "kind": "csat", "score": 1, "text": text})
        client.http.post("/v1/feedback", headers={"Content-Type": "application/json"}, body=body)
        pump.poll_stream_once()
    response = client.http.get("/v1/admin/outbox", headers=AGENT)
    assert response.status_code == 200
    messages = response.json_body["messages"]
    assert [m["channel"] for m in messages] == ["alert", "alert"]
    assert messages[0]["at"] <= messages[1]["at"]
    assert messages[0]["attributes"]["site"] == "demo" and messages[0]["attributes"]["severity"] == "high"
    assert "jamais" in messages[0]["subject"] or "jamais" in messages[0]["body"]
    # Reading again shows the same messages (the outbox keeps them), not an empty queue.
    assert len(client.http.get("/v1/admin/outbox", headers=AGENT).json_body["messages"]) == 2


def test_outbox_needs_a_token(client: Any, aws: dict[str, Any]) -> None:
    assert client.http.get("/v1/admin/outbox").status_code == 401
    assert client.http.get("/v1/admin/outbox", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_outbox_is_404_outside_the_local_stage(client: Any, aws: dict[str, Any], monkeypatch: Any) -> None:
    from chalicelib import config

    # Chalice's test client applies the stage's environment from .chalice/config.json, so change the setting itself.
    monkeypatch.setattr(config.Settings, "is_local", property(lambda self: False))
    response = client.http.get("/v1/admin/outbox", headers=AGENT)
    assert response.status_code == 404
    assert response.json_body["error"]["code"] == "not_found"
