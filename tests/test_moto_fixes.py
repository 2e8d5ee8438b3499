"""The local stack's moto fixes: a cancelled transaction leaves items and the stream as they were."""

from __future__ import annotations

import contextlib
import json
from typing import Any


def test_a_replayed_idempotency_key_does_not_blind_the_event_pump(client: Any, site: Any, pump: Any) -> None:
    """A cancelled transaction used to orphan moto's stream shard: later records never reached the pump."""
    headers = {"Content-Type": "application/json", "Idempotency-Key": "same"}
    body = json.dumps({"site": "demo", "kind": "nps", "score": 9})
    assert client.http.post("/v1/feedback", headers=headers, body=body).status_code == 202
    assert pump.poll_stream_once() >= 1
    assert client.http.post("/v1/feedback", headers=headers, body=body).status_code == 202  # replay: cancelled
    fresh = json.dumps({"site": "demo", "kind": "nps", "score": 10})
    assert client.http.post("/v1/feedback", headers={"Content-Type": "application/json"}, body=fresh).status_code == 202
    assert pump.poll_stream_once() >= 1  # the new item's INSERT still arrives


def feedback_stream(aws: dict[str, Any]) -> tuple[Any, str]:
    """A streams client (on the classic regional endpoint moto routes) and the feedback stream's shard id."""
    import boto3

    streams = boto3.client(
        "dynamodbstreams", region_name="eu-west-1", endpoint_url="https://streams.dynamodb.eu-west-1.amazonaws.com"
    )
    shard = streams.describe_stream(StreamArn=aws["stream_arn"])["StreamDescription"]["Shards"][0]["ShardId"]
    return streams, shard


def test_a_stream_iterator_keeps_seeing_records_after_a_cancelled_transaction(aws: dict[str, Any]) -> None:
    import boto3

    dynamodb = boto3.client("dynamodb", region_name="eu-west-1")
    streams, shard = feedback_stream(aws)
    iterator = streams.get_shard_iterator(StreamArn=aws["stream_arn"], ShardId=shard, ShardIteratorType="LATEST")
    iterator = iterator["ShardIterator"]
    dynamodb.put_item(TableName="test-feedback", Item={"id": {"S": "a"}})
    page = streams.get_records(ShardIterator=iterator)
    assert len(page["Records"]) == 1
    with contextlib.suppress(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": "test-feedback",
                        "Item": {"id": {"S": "a"}},
                        "ConditionExpression": "attribute_not_exists(id)",
                    }
                }
            ]
        )
    dynamodb.put_item(TableName="test-feedback", Item={"id": {"S": "b"}})
    assert len(streams.get_records(ShardIterator=page["NextShardIterator"])["Records"]) == 1


def test_a_cancelled_transaction_restores_items_and_writes_no_stream_record(aws: dict[str, Any]) -> None:
    import boto3
    import pytest
    from botocore.exceptions import ClientError

    dynamodb = boto3.client("dynamodb", region_name="eu-west-1")
    dynamodb.put_item(TableName="test-feedback", Item={"id": {"S": "a"}, "n": {"N": "1"}})
    streams, shard = feedback_stream(aws)

    def records() -> int:
        it = streams.get_shard_iterator(StreamArn=aws["stream_arn"], ShardId=shard, ShardIteratorType="TRIM_HORIZON")
        return len(streams.get_records(ShardIterator=it["ShardIterator"])["Records"])

    before = records()
    with pytest.raises(ClientError, match="TransactionCanceled"):
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": "test-feedback",
                        "Key": {"id": {"S": "a"}},
                        "UpdateExpression": "SET n = :two",
                        "ExpressionAttributeValues": {":two": {"N": "2"}},
                    }
                },
                {"Put": {"TableName": "test-feedback", "Item": {"id": {"S": "b"}}}},
                {
                    "Put": {
                        "TableName": "test-feedback",
                        "Item": {"id": {"S": "a2"}},
                        "ConditionExpression": "attribute_exists(id)",
                    }
                },
            ]
        )
    assert dynamodb.get_item(TableName="test-feedback", Key={"id": {"S": "a"}})["Item"]["n"] == {"N": "1"}
    assert "Item" not in dynamodb.get_item(TableName="test-feedback", Key={"id": {"S": "b"}})
    assert records() == before
