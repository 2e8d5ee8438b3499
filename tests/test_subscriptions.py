"""Subscribing people to alerts with filter policies: the admin endpoint and the CLI."""

from __future__ import annotations

import json
from typing import Any

import boto3

AGENT = {"Authorization": "Bearer local-admin", "Content-Type": "application/json"}
VIEWER = {"Authorization": "Bearer local-viewer", "Content-Type": "application/json"}


def subscriptions(aws: dict[str, Any]) -> list[dict[str, Any]]:
    sns = boto3.client("sns", region_name="eu-west-1")
    found = []
    for sub in sns.list_subscriptions_by_topic(TopicArn=aws["topic_arn"])["Subscriptions"]:
        attributes = sns.get_subscription_attributes(SubscriptionArn=sub["SubscriptionArn"])["Attributes"]
        found.append({**sub, "FilterPolicy": json.loads(attributes.get("FilterPolicy") or "{}")})
    return found


def test_agent_subscribes_an_email_with_a_filter_policy(client: Any, aws: dict[str, Any]) -> None:
    body = {"protocol": "email", "endpoint": "billing@example.com", "topics": ["price"], "severities": ["high"]}
    response = client.http.post("/v1/admin/alert-subscriptions", headers=AGENT, body=json.dumps(body))
    assert response.status_code == 201, response.body
    [sub] = subscriptions(aws)
    assert sub["Protocol"] == "email" and sub["Endpoint"] == "billing@example.com"
    assert sub["FilterPolicy"] == {"topics": ["price"], "severity": ["high"]}
    listed = client.http.get("/v1/admin/alert-subscriptions", headers=VIEWER).json_body["subscriptions"]
    assert listed[0]["filter_policy"] == {"topics": ["price"], "severity": ["high"]}


def test_sms_subscription_and_validation(client: Any, aws: dict[str, Any]) -> None:
    ok = {"protocol": "sms", "endpoint": "+33612345678", "sites": ["demo"]}
    assert client.http.post("/v1/admin/alert-subscriptions", headers=AGENT, body=json.dumps(ok)).status_code == 201
    for bad, field in (
        ({"protocol": "fax", "endpoint": "x"}, "protocol"),
        ({"protocol": "sms", "endpoint": "0612345678"}, "endpoint"),
        ({"protocol": "email", "endpoint": "a@b.example", "severities": ["urgent"]}, "filter"),
        ({"protocol": "email", "endpoint": "a@b.example", "sites": "demo"}, "sites"),
    ):
        response = client.http.post("/v1/admin/alert-subscriptions", headers=AGENT, body=json.dumps(bad))
        assert response.status_code == 400 and response.json_body["error"]["field"] == field
    assert len(subscriptions(aws)) == 1


def test_subscribing_needs_an_agent(client: Any, aws: dict[str, Any]) -> None:
    body = json.dumps({"protocol": "email", "endpoint": "a@b.example"})
    assert client.http.post("/v1/admin/alert-subscriptions", body=body).status_code == 401
    assert client.http.post("/v1/admin/alert-subscriptions", headers=VIEWER, body=body).status_code == 403
    assert client.http.get("/v1/admin/alert-subscriptions").status_code == 401
    assert subscriptions(aws) == []


def test_filter_policies_deliver_only_matching_alerts(client: Any, site: Any, pump: Any, aws: dict[str, Any]) -> None:
    """A queue subscribed with the billing team's policy receives the price alert only."""
    sqs = boto3.client("sqs", region_name="eu-west-1")
    queue_url = sqs.create_queue(QueueName="billing")["QueueUrl"]
    sns = boto3.client("sns", region_name="eu-west-1")
    policy = {"topics": ["price"], "severity": ["high"]}
    sns.subscribe(
        TopicArn=aws["topic_arn"],
        Protocol="sqs",
        Endpoint="arn:aws:sqs:eu-west-1:123456789012:billing",
        Attributes={"FilterPolicy": json.dumps(policy)},
    )
    for text in ("Prix beaucoup trop cher, facture fausse", "Livraison en retard"):
        body = json.dumps({"site": "demo", "kind": "nps", "score": 1, "text": text})
        client.http.post("/v1/feedback", headers={"Content-Type": "application/json"}, body=body)
    pump.poll_stream_once()
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
    assert len(messages) == 1
    assert "price" in json.loads(messages[0]["Body"])["MessageAttributes"]["topics"]["Value"]


def test_cli_subscribes(aws: dict[str, Any], capsys: Any) -> None:
    from infra import subscribe

    code = subscribe.main(["--topic-arn", aws["topic_arn"], "--email", "ops@example.com", "--severity", "high"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["filter_policy"] == {"severity": ["high"]}
    assert subscribe.main(["--topic-arn", aws["topic_arn"], "--sms", "123"]) == 2
