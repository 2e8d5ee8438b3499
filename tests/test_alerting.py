"""Alerts from the stream handler: once per item, retried on SNS failure, never on the request path."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest


def post(client: Any, body: dict[str, Any]) -> str:
    response = client.http.post("/v1/feedback", headers={"Content-Type": "application/json"}, body=json.dumps(body))
    assert response.status_code == 202, response.body
    return response.json_body["id"]


def outbox_alerts(aws: dict[str, Any]) -> list[dict[str, Any]]:
    """Alerts delivered by SNS to the queue subscribed to the topic (the local outbox's source)."""
    sqs = boto3.client("sqs", region_name="eu-west-1")
    found = []
    while True:
        batch = sqs.receive_message(QueueUrl=aws["outbox_url"], MaxNumberOfMessages=10).get("Messages", [])
        if not batch:
            return found
        for message in batch:
            found.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=aws["outbox_url"], ReceiptHandle=message["ReceiptHandle"])


@pytest.fixture
def subscribed(aws: dict[str, Any]) -> dict[str, Any]:
    sns = boto3.client("sns", region_name="eu-west-1")
    queue_arn = f"arn:aws:sqs:eu-west-1:123456789012:{aws['outbox_url'].rsplit('/', 1)[-1]}"
    sns.subscribe(TopicArn=aws["topic_arn"], Protocol="sqs", Endpoint=queue_arn)
    return aws


def item(item_id: str) -> Any:
    from chalicelib.models import Feedback

    return Feedback.get(item_id)


def test_negative_feedback_alerts_once_with_filter_attributes(
    client: Any, site: Any, pump: Any, subscribed: dict[str, Any]
) -> None:
    item_id = post(client, {"site": "demo", "kind": "csat", "score": 1, "text": "Colis jamais arrivé"})
    assert outbox_alerts(subscribed) == []  # nothing on the request path
    pump.poll_stream_once()
    [alert] = outbox_alerts(subscribed)
    attributes = {name: value["Value"] for name, value in alert["MessageAttributes"].items()}
    assert attributes["site"] == "demo" and attributes["severity"] == "high" and attributes["channel"] == "web"
    assert "\n" not in alert["Subject"] and "demo" in alert["Subject"]
    stored = item(item_id)
    assert stored.alerted_at and stored.alert_state == "sent" and stored.alert_severity == "high"
    assert [e.event for e in stored.timeline] == ["received", "alerted"]


def test_positive_feedback_does_not_alert(client: Any, site: Any, pump: Any, subscribed: dict[str, Any]) -> None:
    post(client, {"site": "demo", "kind": "nps", "score": 10, "text": "Parfait, merci"})
    pump.poll_stream_once()
    assert outbox_alerts(subscribed) == []


def test_redelivery_and_a_second_pump_never_alert_twice(
    client: Any, site: Any, aws: dict[str, Any], subscribed: dict[str, Any]
) -> None:
    import app as app_module
    from infra.local.pump import EventPump

    post(client, {"site": "demo", "kind": "nps", "score": 2})
    first = EventPump(app_module, aws["stream_arn"], None, "eu-west-1", 3600)
    second = EventPump(app_module, aws["stream_arn"], None, "eu-west-1", 3600)
    first.poll_stream_once()
    second.poll_stream_once()  # reads the same records from TRIM_HORIZON: a redelivery
    assert len(outbox_alerts(subscribed)) == 1


def test_sns_failure_then_recovery_delivers_exactly_one_alert(
    client: Any, site: Any, aws: dict[str, Any], subscribed: dict[str, Any], monkeypatch: Any
) -> None:
    from chalicelib import aws as aws_clients

    item_id = post(client, {"site": "demo", "kind": "nps", "score": 1})
    sns = aws_clients.client("sns")
    real_publish = sns.publish
    calls = {"n": 0}

    def flaky_publish(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] <= 2:
            raise ConnectionError("SNS unreachable")
        return real_publish(**kwargs)

    monkeypatch.setattr(sns, "publish", flaky_publish)
    event = {"Records": stream_records(aws)}
    for _ in range(2):
        failed = client.lambda_.invoke("on_feedback_change", event).payload["batchItemFailures"]
        assert len(failed) == 1  # reported for retry, not lost
        assert item(item_id).alerted_at is None
    assert client.lambda_.invoke("on_feedback_change", event).payload == {"batchItemFailures": []}
    assert client.lambda_.invoke("on_feedback_change", event).payload == {"batchItemFailures": []}
    assert len(outbox_alerts(subscribed)) == 1
    assert item(item_id).alert_attempts == 2


def test_a_publish_that_keeps_failing_ends_on_the_dead_letter_path(
    client: Any, site: Any, aws: dict[str, Any], monkeypatch: Any
) -> None:
    from chalicelib import alerting
    from chalicelib import aws as aws_clients

    item_id = post(client, {"site": "demo", "kind": "nps", "score": 1})
    monkeypatch.setattr(aws_clients.client("sns"), "publish", lambda **_: (_ for _ in ()).throw(TimeoutError()))
    event = {"Records": stream_records(aws)}
    for _ in range(alerting.MAX_ATTEMPTS):
        client.lambda_.invoke("on_feedback_change", event)
    stored = item(item_id)
    assert stored.alert_state == "dead" and "sns publish failed" in stored.dead_letter_reason
    dead = boto3.client("sqs", region_name="eu-west-1").receive_message(QueueUrl=aws["dlq_url"])["Messages"]
    assert json.loads(dead[0]["Body"])["feedback_id"] == item_id
    # Once dead, redelivery does not try again.
    assert client.lambda_.invoke("on_feedback_change", event).payload == {"batchItemFailures": []}


def test_concurrent_claims_publish_once(client: Any, site: Any, subscribed: dict[str, Any]) -> None:
    from chalicelib import alerting
    from chalicelib.models import Feedback
    from chalicelib.sites import get_site

    item_id = post(client, {"site": "demo", "kind": "nps", "score": 0})
    first, second = Feedback.get(item_id), Feedback.get(item_id)  # two workers holding the same record
    assert alerting.on_new_item(first, get_site("demo")) is True
    assert alerting.on_new_item(second, get_site("demo")) is False
    assert len(outbox_alerts(subscribed)) == 1


def test_rules_are_per_site(client: Any, site: Any, pump: Any, subscribed: dict[str, Any]) -> None:
    from chalicelib.sites import forget

    site.alert_rules = {"min_severity": "high"}
    site.save()
    forget()
    post(client, {"site": "demo", "kind": "nps", "score": 5})  # detractor, normal severity
    post(client, {"site": "demo", "kind": "nps", "score": 1})  # high severity
    pump.poll_stream_once()
    [alert] = outbox_alerts(subscribed)
    assert alert["MessageAttributes"]["severity"]["Value"] == "high"


def test_a_spike_sends_one_summary_for_the_hour(client: Any, site: Any, pump: Any, subscribed: dict[str, Any]) -> None:
    for _ in range(7):
        post(client, {"site": "demo", "kind": "nps", "score": 4})
    pump.poll_stream_once()
    alerts = outbox_alerts(subscribed)
    spikes = [a for a in alerts if a["MessageAttributes"]["channel"]["Value"] == "spike"]
    assert len(spikes) == 1
    assert len(alerts) == 7 + 1


def stream_records(aws: dict[str, Any]) -> list[dict[str, Any]]:
    import app as app_module
    from infra.local.pump import EventPump

    pump = EventPump(app_module, aws["stream_arn"], None, "eu-west-1", 3600)
    shard = pump.streams.describe_stream(StreamArn=aws["stream_arn"])["StreamDescription"]["Shards"][0]
    iterator = pump.streams.get_shard_iterator(
        StreamArn=aws["stream_arn"], ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    raw = pump.streams.get_records(ShardIterator=iterator)["Records"]
    return [pump._lambda_record(r) for r in raw if r["eventName"] == "INSERT"]
