"""Customer contacts are encrypted at field level with the KMS key; reading them needs KMS."""

from __future__ import annotations

import json
from typing import Any

import boto3


def raw_item(item_id: str) -> dict[str, Any]:
    return boto3.client("dynamodb", region_name="eu-west-1").get_item(
        TableName="test-feedback", Key={"id": {"S": item_id}}
    )["Item"]


def test_contacts_are_stored_encrypted_and_read_in_clear(client: Any, site: Any) -> None:
    from chalicelib.models import Feedback

    body = {"site": "demo", "kind": "nps", "score": 4, "email": "marie@example.com", "phone": "+33612345678"}
    item_id = client.http.post("/v1/feedback", headers={"Content-Type": "application/json"}, body=json.dumps(body))
    item_id = item_id.json_body["id"]
    raw = raw_item(item_id)
    assert raw["email"]["S"].startswith("enc:v1:") and "marie" not in json.dumps(raw)
    assert "33612345678" not in json.dumps(raw)
    item = Feedback.get(item_id)
    assert (item.email, item.phone) == ("marie@example.com", "+33612345678")
    detail = client.http.get(f"/v1/admin/feedback/{item_id}", headers={"Authorization": "Bearer local-admin"})
    assert detail.json_body["contact"] == {"email": "marie@example.com", "phone": "+33612345678"}


def test_one_kms_call_per_data_key_not_per_item(client: Any, site: Any) -> None:
    from chalicelib.aws import client as aws_client

    calls: list[str] = []
    kms = aws_client("kms")

    def record(model: Any, **_: Any) -> None:
        calls.append(model.name)

    kms.meta.events.register("before-call.kms", record)
    try:
        for n in range(5):
            body = {"site": "demo", "kind": "csat", "score": 5, "email": f"c{n}@example.com"}
            client.http.post("/v1/feedback", headers={"Content-Type": "application/json"}, body=json.dumps(body))
    finally:
        kms.meta.events.unregister("before-call.kms", record)
    assert calls == ["GenerateDataKey"]


def test_values_written_before_encryption_are_read_as_they_are(aws: Any) -> None:
    from chalicelib import fieldcrypt

    assert fieldcrypt.decrypt("legacy@example.com") == "legacy@example.com"
    sealed = fieldcrypt.encrypt("x@example.com")
    assert fieldcrypt.encrypt(sealed) == sealed  # never twice
    fieldcrypt.forget_keys()  # a cold function decrypts with KMS
    assert fieldcrypt.decrypt(sealed) == "x@example.com"
