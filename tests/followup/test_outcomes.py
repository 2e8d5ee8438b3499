"""Outcomes: answers change the item and count once in the rollups; the re-survey; conversions; alerts."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.followup.support import DETRACTOR, T0, item, post

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def day(site: str = "demo") -> dict[str, Any]:
    from chalicelib import clock, rollups

    today = clock.local_date(clock.iso(), rollups.site_time_zone(site))  # rollup days are the site's
    days = rollups.read_days(site, today, today)
    return days[0] if days else {}


def token_for(item_id: str, stage: str, nonce: str = "1") -> str:
    from chalicelib.config import settings
    from chalicelib.followup import tokens

    return tokens.make_token(settings().token_secrets, item_id, stage, int(T0) + 30 * 86400, nonce=nonce)


def answer(client: Any, item_id: str, stage: str, body: dict[str, str], nonce: str = "1") -> int:
    token = token_for(item_id, stage, nonce)
    return client.http.post(f"/v1/loop/{token}", headers=FORM, body=urlencode(body)).status_code


def detractor(client: Any, score: int = 3) -> str:
    return post(client, {**DETRACTOR, "score": score})


def replay_everything(client: Any, aws: dict[str, Any]) -> None:
    """Deliver every record of the stream again, as a retried batch would."""
    import app as app_module
    from infra.local.pump import EventPump

    pump = EventPump(app_module, aws["stream_arn"], None, "eu-west-1", 3600)
    shard = pump.streams.describe_stream(StreamArn=aws["stream_arn"])["StreamDescription"]["Shards"][0]
    iterator = pump.streams.get_shard_iterator(
        StreamArn=aws["stream_arn"], ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    records = [pump._lambda_record(r) for r in pump.streams.get_records(ShardIterator=iterator)["Records"]]
    result = client.lambda_.invoke("on_feedback_change", {"Records": records})
    assert result.payload == {"batchItemFailures": []}


def test_no_reopens_and_alerts_staff_once(
    client: Any, site: Any, clock_at: dict[str, float], pump: Any, aws: dict[str, Any], sns_published: list[Any]
) -> None:
    item_id = detractor(client)
    pump.poll_stream_once()
    sns_published.clear()  # the intake alert for the detractor is not this test's business
    assert answer(client, item_id, "checkin", {"resolved": "no"}) == 200
    assert item(item_id).status == "reopened"
    pump.poll_stream_once()
    replay_everything(client, aws)
    (alert,) = [p for p in sns_published if p.get("TopicArn") == aws["topic_arn"]]
    message = json.loads(alert["Message"])
    assert "customer says not resolved" in message["email"]
    assert item_id in message["default"]
    assert "ana@example.org" in message["email"]  # consented: the team knows whom to call back
    counts = day()
    assert (counts["answers"], counts["unresolved"]) == (1, 1)
    assert counts.get("resolved", 0) == 0


def test_yes_resolves_counts_and_the_resurvey_goes_out_with_nps_links(
    client: Any, site: Any, clock_at: dict[str, float], pump: Any
) -> None:
    from moto.ses.models import ses_backends

    item_id = detractor(client)
    assert answer(client, item_id, "checkin", {"resolved": "yes"}) == 200
    pump.poll_stream_once()
    counts = day()
    assert (counts["answers"], counts["resolved"]) == (1, 1)
    clock_at["now"] = T0 + 11
    pump.tick()
    messages = ses_backends["123456789012"]["eu-west-1"].sent_messages
    assert len(messages) == 1
    import email
    import email.policy

    text = email.message_from_string(messages[0].raw_data, policy=email.policy.default)
    body = text.get_body(preferencelist=("plain",)).get_content()
    assert "?nps=0" in body and "?nps=10" in body
    assert item(item_id).timeline[-1].event == "followup:resurvey"


def test_resurvey_answer_updates_the_nps_row_the_profile_and_counts_one_conversion(
    client: Any, site: Any, clock_at: dict[str, float], pump: Any, aws: dict[str, Any]
) -> None:
    from chalicelib.contacts import contact_hash
    from chalicelib.models import Customer

    item_id = detractor(client, score=2)
    assert answer(client, item_id, "checkin", {"resolved": "yes"}) == 200
    assert answer(client, item_id, "resurvey", {"nps": "10"}, nonce="2") == 200
    pump.poll_stream_once()
    assert answer(client, item_id, "resurvey", {"nps": "9"}, nonce="3") == 200  # asked again, somehow
    pump.poll_stream_once()
    replay_everything(client, aws)
    counts = day()
    assert counts["resurvey_answers"] == 2 and counts["resurvey_nps_sum"] == 19
    assert counts["resurvey_promoters"] == 2
    assert counts["conversions"] == 1
    profile = Customer.get(contact_hash(email="ana@example.org"))
    assert profile.last_nps == 9 and profile.segment == "promoter" and profile.last_seen


def test_a_passive_who_becomes_a_promoter_is_not_a_conversion(
    client: Any, site: Any, clock_at: dict[str, float], pump: Any
) -> None:
    item_id = detractor(client, score=8)
    assert answer(client, item_id, "resurvey", {"nps": "10"}) == 200
    pump.poll_stream_once()
    assert day().get("conversions", 0) == 0


def test_no_cancels_a_pending_resurvey(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    item_id = detractor(client)
    assert answer(client, item_id, "checkin", {"resolved": "yes"}) == 200
    assert item(item_id).followup_stage == "resurvey"
    assert answer(client, item_id, "response", {"resolved": "no"}) == 200
    after = item(item_id)
    assert after.status == "reopened" and after.followup_due is None and after.resolved_at is None


def test_first_staff_response_time_is_counted_once_even_without_a_message(
    client: Any, site: Any, clock_at: dict[str, float], pump: Any, aws: dict[str, Any]
) -> None:
    item_id = post(client, {"site": "demo", "kind": "nps", "score": 3, "text": "Colis en retard"})
    clock_at["now"] = T0 + 5 * 3600  # five hours later
    headers = {"Authorization": "Bearer local-admin", "Content-Type": "application/json"}
    version = item(item_id).version
    body = json.dumps({"version": version, "response": "Nous regardons."})
    assert client.http.patch(f"/v1/admin/feedback/{item_id}", headers=headers, body=body).status_code == 200
    version = item(item_id).version
    body = json.dumps({"version": version, "response": "Nous avons renvoyé le colis."})
    assert client.http.patch(f"/v1/admin/feedback/{item_id}", headers=headers, body=body).status_code == 200
    pump.poll_stream_once()
    replay_everything(client, aws)
    counts = day()
    assert counts["first_response_count"] == 1
    assert counts["first_response_seconds_sum"] == 5 * 3600
    assert counts["frt_bucket_86400"] == 1


def test_frt_buckets() -> None:
    from chalicelib.followup.outcomes import frt_counters

    assert frt_counters(10)["frt_bucket_3600"] == 1
    assert frt_counters(3600)["frt_bucket_3600"] == 1
    assert frt_counters(3601)["frt_bucket_14400"] == 1
    assert frt_counters(700000)["frt_bucket_inf"] == 1
    assert frt_counters(-5)["first_response_seconds_sum"] == 0


def test_first_follow_up_counts_as_first_response(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    from chalicelib.followup import sweep

    post(
        client,
        {"site": "demo", "kind": "nps", "score": 10, "email": "ana@example.org", "consent_followup": True},
    )
    clock_at["now"] = T0 + 11
    assert sweep.run().sent == 1
    counts = day()
    assert counts["first_response_count"] == 1 and counts["first_response_seconds_sum"] == 11


def _marker(item_id: str, event: str) -> dict[str, Any]:
    from chalicelib.config import settings
    from chalicelib.models import connection

    key = {"pk": {"S": f"mark#{item_id}"}, "sk": {"S": f"alert#{event}"}}
    return connection().client.get_item(TableName=settings().rollup_table, Key=key).get("Item", {})


def _sns_failing(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[dict[str, Any]]:
    """SNS publish raises `failures` times, then works; returns the publishes that went through."""
    from chalicelib.aws import client as aws_client

    sns = aws_client("sns")
    real = sns.publish
    state = {"left": failures}
    delivered: list[dict[str, Any]] = []

    def publish(**kwargs: Any) -> Any:
        if state["left"] > 0:
            state["left"] -= 1
            raise ConnectionError("SNS unreachable")
        delivered.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(sns, "publish", publish)
    return delivered


def test_a_failed_reopen_alert_is_retried_and_still_sent_once(
    client: Any, site: Any, clock_at: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.followup import outcomes

    stored = item(detractor(client))
    delivered = _sns_failing(monkeypatch, failures=2)
    for _ in range(2):
        with pytest.raises(ConnectionError):  # raised, so the stream redelivers the record
            outcomes.alert_once(stored, "answer-checkin-1", "customer says not resolved")
        assert _marker(stored.id, "answer-checkin-1")["state"]["S"] == "released"
    assert outcomes.alert_once(stored, "answer-checkin-1", "customer says not resolved") is True
    assert outcomes.alert_once(stored, "answer-checkin-1", "customer says not resolved") is False
    assert len(delivered) == 1
    marker = _marker(stored.id, "answer-checkin-1")
    assert marker["state"]["S"] == "sent" and marker["attempts"]["N"] == "2"


def test_a_reopen_alert_that_keeps_failing_ends_on_the_dead_letter_path(
    client: Any, site: Any, aws: dict[str, Any], clock_at: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    import boto3

    from chalicelib.alerting import MAX_ATTEMPTS
    from chalicelib.followup import outcomes

    stored = item(detractor(client))
    delivered = _sns_failing(monkeypatch, failures=10**6)
    for _ in range(MAX_ATTEMPTS):
        with pytest.raises(ConnectionError):
            outcomes.alert_once(stored, "reply-1", "customer replied unhappily")
    marker = _marker(stored.id, "reply-1")
    assert marker["state"]["S"] == "dead" and "sns publish failed" in marker["reason"]["S"]
    dead = boto3.client("sqs", region_name="eu-west-1").receive_message(QueueUrl=aws["dlq_url"])["Messages"]
    assert [json.loads(m["Body"])["event"] for m in dead] == ["reply-1"]
    # Once dead, a redelivered record neither publishes nor fails again.
    assert outcomes.alert_once(stored, "reply-1", "customer replied unhappily") is False
    assert delivered == []
