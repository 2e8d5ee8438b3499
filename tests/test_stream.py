"""The DynamoDB-stream handler: rollups counted exactly once, per-record failures, poison records."""

from __future__ import annotations

import json
from typing import Any

import boto3


def post(client: Any, body: dict[str, Any]) -> str:
    response = client.http.post("/v1/feedback", headers={"Content-Type": "application/json"}, body=json.dumps(body))
    assert response.status_code == 202, response.body
    return response.json_body["id"]


def day(site: str = "demo") -> dict[str, Any]:
    from chalicelib import clock, rollups

    today = clock.local_date(clock.iso(), rollups.site_time_zone(site))  # rollup days are the site's
    days = rollups.read_days(site, today, today)
    return days[0] if days else {}


def stream_records(aws: dict[str, Any]) -> list[dict[str, Any]]:
    """Every record on moto's stream so far, in the shape Lambda delivers."""
    import app as app_module
    from infra.local.pump import EventPump

    pump = EventPump(app_module, aws["stream_arn"], None, "eu-west-1", 3600)
    streams = pump.streams
    shard = streams.describe_stream(StreamArn=aws["stream_arn"])["StreamDescription"]["Shards"][0]
    iterator = streams.get_shard_iterator(
        StreamArn=aws["stream_arn"], ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    return [pump._lambda_record(r) for r in streams.get_records(ShardIterator=iterator)["Records"]]


def test_pump_delivers_stream_records_to_the_handler_and_the_rollup_counts(client: Any, site: Any, pump: Any) -> None:
    post(client, {"site": "demo", "kind": "nps", "score": 3, "text": "Livraison en retard"})
    post(client, {"site": "demo", "kind": "nps", "score": 10})
    post(client, {"site": "demo", "kind": "nps", "score": 8})
    post(client, {"site": "demo", "kind": "csat", "score": 4})
    assert pump.poll_stream_once() >= 4  # the inserts, plus the updates the alert made
    counts = day()
    assert counts["count"] == 4
    assert (counts["nps_count"], counts["nps_detractors"], counts["nps_promoters"], counts["nps_passives"]) == (
        3,
        1,
        1,
        1,
    )
    assert counts["csat_count"] == 1 and counts["csat_satisfied"] == 1
    assert counts["channel_web"] == 4


def test_redelivered_records_do_not_count_twice(client: Any, site: Any, aws: dict[str, Any]) -> None:
    post(client, {"site": "demo", "kind": "nps", "score": 2})
    records = stream_records(aws)
    event = {"Records": records}
    first = client.lambda_.invoke("on_feedback_change", event)
    second = client.lambda_.invoke("on_feedback_change", event)
    assert first.payload == second.payload == {"batchItemFailures": []}
    assert day()["count"] == 1 and day()["nps_detractors"] == 1


def test_spam_is_not_counted(client: Any, site: Any, pump: Any) -> None:
    post(client, {"site": "demo", "kind": "nps", "score": 0, "website": "x"})
    pump.poll_stream_once()
    assert day() == {}


def test_a_poison_record_goes_to_the_dead_letter_queue_and_does_not_block_the_others(
    client: Any, site: Any, aws: dict[str, Any]
) -> None:
    post(client, {"site": "demo", "kind": "nps", "score": 9})
    good = stream_records(aws)
    poison = json.loads(json.dumps(good[0]))
    poison["dynamodb"]["NewImage"] = {"garbage": {"S": "x"}}
    poison["dynamodb"]["SequenceNumber"] = "1"
    response = client.lambda_.invoke("on_feedback_change", {"Records": [poison, *good]})
    assert response.payload == {"batchItemFailures": []}
    assert day()["count"] == 1
    messages = boto3.client("sqs", region_name="eu-west-1").receive_message(
        QueueUrl=aws["dlq_url"], MaxNumberOfMessages=10
    )["Messages"]
    [dead] = [json.loads(m["Body"]) for m in messages]
    assert dead["source"] == "stream" and "NewImage" in dead["reason"]


def test_a_transient_failure_is_reported_for_retry_and_later_counted_once(
    client: Any, site: Any, aws: dict[str, Any], monkeypatch: Any
) -> None:
    from chalicelib import rollups

    post(client, {"site": "demo", "kind": "nps", "score": 9})
    records = stream_records(aws)
    real = rollups.apply_once

    def failing(*args: Any, **kwargs: Any) -> bool:
        raise ConnectionError("network down")

    monkeypatch.setattr(rollups, "apply_once", failing)
    response = client.lambda_.invoke("on_feedback_change", {"Records": records})
    assert response.payload == {"batchItemFailures": [{"itemIdentifier": records[0]["dynamodb"]["SequenceNumber"]}]}
    monkeypatch.setattr(rollups, "apply_once", real)
    client.lambda_.invoke("on_feedback_change", {"Records": records})
    client.lambda_.invoke("on_feedback_change", {"Records": records})
    assert day()["count"] == 1


def test_the_pump_retries_a_failed_batch(client: Any, site: Any, pump: Any, monkeypatch: Any) -> None:
    from chalicelib import rollups

    post(client, {"site": "demo", "kind": "nps", "score": 9})
    real = rollups.apply_once
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("first attempt fails")
        return real(*args, **kwargs)

    monkeypatch.setattr(rollups, "apply_once", flaky)
    pump.poll_stream_once()
    assert calls["n"] == 2
    assert day()["count"] == 1
