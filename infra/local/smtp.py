"""The local SMTP drop: what SES receiving does in AWS, on 127.0.0.1.

It accepts mail for the local inbound domain only, prepends the headers SES
adds (Return-Path, Received ... for <recipient>, the spam and virus verdicts),
stores the raw bytes in the raw-mail bucket under `raw/` exactly where SES's
S3 action would, then calls the same S3 handler Lambda runs with a real-shaped
S3 event.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from email.utils import format_datetime
from types import ModuleType
from typing import Any

import boto3
from aiosmtpd.controller import Controller

from infra.local.pump import FakeContext


class SesLikeHandler:
    def __init__(self, app_module: ModuleType, domain: str) -> None:
        self.app_module = app_module
        self.domain = domain.lower()
        self.bucket = os.environ["BOUCLE_RAW_MAIL_BUCKET"]
        self.s3 = boto3.client("s3")

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list) -> str:
        if not address.lower().endswith("@" + self.domain):
            return "550 5.1.1 mailbox unavailable: not an inbound address"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message_id = uuid.uuid4().hex
        key = f"raw/{message_id}"
        now = datetime.now(UTC)
        sender = envelope.mail_from or ""
        prefix = (
            f"Return-Path: <{sender}>\r\n"
            f"Received: from {session.host_name or 'localhost'} ({session.peer[0]})\r\n"
            f" by inbound-smtp.local.boucle with SMTP id {message_id}\r\n"
            f" for {envelope.rcpt_tos[0]};\r\n"
            f" {format_datetime(now)}\r\n"
            "X-SES-Spam-Verdict: PASS\r\n"
            "X-SES-Virus-Verdict: PASS\r\n"
        )
        raw = prefix.encode() + envelope.original_content
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=raw)
        event = {
            "Records": [
                {
                    "eventVersion": "2.1",
                    "eventSource": "aws:s3",
                    "awsRegion": os.environ.get("AWS_REGION", "eu-west-1"),
                    "eventTime": now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                    "eventName": "ObjectCreated:Put",
                    "userIdentity": {"principalId": "AWS:ses.amazonaws.com"},
                    "requestParameters": {"sourceIPAddress": "127.0.0.1"},
                    "responseElements": {"x-amz-request-id": message_id[:16], "x-amz-id-2": message_id},
                    "s3": {
                        "s3SchemaVersion": "1.0",
                        "configurationId": "boucle-raw-mail",
                        "bucket": {
                            "name": self.bucket,
                            "ownerIdentity": {"principalId": "local"},
                            "arn": f"arn:aws:s3:::{self.bucket}",
                        },
                        "object": {"key": key, "size": len(raw), "eTag": message_id, "sequencer": message_id[:18]},
                    },
                }
            ]
        }
        try:
            self.app_module.on_raw_mail(event, FakeContext("on_raw_mail"))
        except Exception as error:  # SES would have accepted the mail already; Lambda retries async events
            print(f"[smtp] mail handler failed: {type(error).__name__}: {error}", flush=True)
        return "250 Message accepted"


def start(app_module: ModuleType, port: int, domain: str) -> Controller:
    controller = Controller(SesLikeHandler(app_module, domain), hostname="127.0.0.1", port=port)
    controller.start()
    return controller
