"""The local outbox: every message that would have left boucle, as a person can read it.

Local stage only. It is built on what moto records: alerts arrive on an SQS
queue subscribed to the alerts topic, and moto's `/moto-api/data.json` lists
the SES emails and SNS SMS "sent". `collect()` copies new ones into the
rollup table (partition `outbox`, one item per message id, written
conditionally so two collectors never duplicate), stamped when first seen.
"""

from __future__ import annotations

import email
import json
import os
import urllib.request
from email import policy
from typing import Any

from botocore.exceptions import ClientError

from chalicelib import clock
from chalicelib.aws import client
from chalicelib.config import settings
from chalicelib.models import connection

PARTITION = "outbox"


def collect() -> int:
    """Copy messages moto has recorded since the last call; returns how many were new."""
    found = _alerts_from_queue() + _sent_by_moto()
    return sum(_store(message) for message in found)


def messages() -> list[dict[str, Any]]:
    """Everything in the outbox, newest last."""
    collect()
    result: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {
        "TableName": settings().rollup_table,
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": {"S": PARTITION}},
    }
    while True:
        page = connection().client.query(**kwargs)
        for raw in page.get("Items", []):
            result.append(json.loads(raw["message"]["S"]))
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return sorted(result, key=lambda m: (m["at"], m["id"]))


def _store(message: dict[str, Any]) -> bool:
    message.setdefault("at", clock.iso())
    try:
        connection().client.put_item(
            TableName=settings().rollup_table,
            Item={"pk": {"S": PARTITION}, "sk": {"S": message["id"]}, "message": {"S": json.dumps(message)}},
            ConditionExpression="attribute_not_exists(pk)",
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _alerts_from_queue() -> list[dict[str, Any]]:
    url = settings().outbox_queue_url
    if not url:
        return []
    sqs = client("sqs")
    found: list[dict[str, Any]] = []
    while True:
        batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if not batch:
            return found
        for raw in batch:
            envelope = json.loads(raw["Body"])
            found.append(
                {
                    "id": "alert-" + envelope.get("MessageId", raw["MessageId"]),
                    "channel": "alert",
                    "to": envelope.get("TopicArn", "").rsplit(":", 1)[-1],
                    "subject": envelope.get("Subject"),
                    "body": envelope.get("Message", ""),
                    "attributes": {k: v.get("Value") for k, v in (envelope.get("MessageAttributes") or {}).items()},
                }
            )
            sqs.delete_message(QueueUrl=url, ReceiptHandle=raw["ReceiptHandle"])


def _sent_by_moto() -> list[dict[str, Any]]:
    """SES emails and SNS SMS that moto recorded (its server's model data)."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        return []
    with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=5) as response:
        data = json.load(response)
    found: list[dict[str, Any]] = []
    ses = data.get("ses", {})
    for sent in ses.get("Message", []):
        found.append(
            {
                "id": "email-" + sent["id"],
                "channel": "email",
                "to": ", ".join(address for group in (sent.get("destinations") or {}).values() for address in group),
                "subject": sent.get("subject"),
                "body": sent.get("body"),
                "attributes": {"from": sent.get("source")},
            }
        )
    for sent in ses.get("RawMessage", []):
        found.append(_raw_email(sent))
    for sms in data.get("sns", {}).get("SMS", []):
        found.append(
            {
                "id": "sms-" + sms["message_id"],
                "channel": "sms",
                "to": sms.get("phone_number"),
                "subject": None,
                "body": sms.get("message"),
                "attributes": {},
            }
        )
    return found


def _raw_email(sent: dict[str, Any]) -> dict[str, Any]:
    parsed = email.message_from_string(sent.get("raw_data") or "", policy=policy.default)
    text_part = parsed.get_body(preferencelist=("plain", "html"))
    body = text_part.get_content() if text_part is not None else ""
    headers = {name: str(parsed[name]) for name in ("From", "Reply-To", "List-Unsubscribe", "List-Unsubscribe-Post")}
    return {
        "id": "email-" + sent["id"],
        "channel": "email",
        "to": ", ".join(dict.fromkeys(sent.get("destinations") or [])) or str(parsed.get("To", "")),
        "subject": str(parsed.get("Subject", "")),
        "body": body,
        "attributes": {k: v for k, v in headers.items() if v != "None"},
    }
