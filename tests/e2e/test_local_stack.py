"""The real local stack over HTTP: what a person does after `make run`."""

from __future__ import annotations

import json
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
    return sum(int(item["count"]["N"]) for item in items)


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
