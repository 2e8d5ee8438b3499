"""The S3 mail handler through Chalice's test client and its S3 event generator."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

BUCKET = "test-raw-mail"


def ses_stored(
    recipient: str,
    body: str,
    *,
    headers: str = "",
    subject: str = "Ma commande",
    message_id: str = "<m1@client.example>",
    sender: str = "marie@example.com",
) -> bytes:
    """A message as SES's S3 action stores it: SES's own headers first, then the customer's message."""
    return (
        f"Return-Path: <{sender}>\r\n"
        f"Received: from mail.example.com by inbound-smtp.eu-west-1.amazonaws.com with SMTP id abc\r\n"
        f" for {recipient}; Tue, 24 Nov 2026 10:00:00 +0000\r\n"
        "X-SES-Spam-Verdict: PASS\r\n"
        "X-SES-Virus-Verdict: PASS\r\n"
        f"From: Marie <{sender}>\r\n"
        f"To: {recipient}\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: {message_id}\r\n"
        f"{headers}"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        f"{body}\r\n"
    ).encode()


def deliver(client: Any, raw: bytes, key: str = "raw/msg1") -> None:
    boto3.client("s3", region_name="eu-west-1").put_object(Bucket=BUCKET, Key=key, Body=raw)
    event = client.events.generate_s3_event(bucket=BUCKET, key=key)
    client.lambda_.invoke("on_raw_mail", event)


def items() -> list[Any]:
    from chalicelib.models import Feedback

    return list(Feedback.scan())


def test_mail_to_a_site_becomes_email_feedback(client: Any, site: Any) -> None:
    body = "Le colis est arrivé cassé, je suis très déçu.\r\n\r\nLe 12 nov. 2026, Boutique a écrit :\r\n> Merci"
    deliver(client, ses_stored("demo@in.example.com", body))
    [item] = items()
    assert (item.site, item.kind, item.channel) == ("demo", "comment", "email")
    assert "cassé" in item.text and "Merci" not in item.text
    assert item.email == "marie@example.com" and item.consent_followup is True
    assert item.message_id == "<m1@client.example>" and item.subject == "Ma commande"
    assert item.raw_mail_key == "raw/msg1"


def test_the_same_message_id_never_makes_two_items(client: Any, site: Any) -> None:
    raw = ses_stored("demo@in.example.com", "Service client injoignable")
    deliver(client, raw, "raw/a")
    deliver(client, raw, "raw/a")
    deliver(client, raw, "raw/b")  # SES redelivered the same message under another key
    assert len(items()) == 1


def test_consent_is_not_implied_when_the_site_says_so(client: Any, site: Any) -> None:
    site.email_consent_implied = False
    site.save()
    deliver(client, ses_stored("demo@in.example.com", "Bonjour, une question"))
    [item] = items()
    assert item.consent_followup is False


@pytest.mark.parametrize(
    ("recipient", "headers", "subject", "body"),
    [
        ("demo@in.example.com", "Auto-Submitted: auto-replied\r\n", "Absence du bureau", "Je suis absente."),
        ("demo@in.example.com", "", "Réponse automatique : Ma commande", "Je suis absent jusqu'au 3."),
        ("demo@in.example.com", "Precedence: bulk\r\n", "Newsletter", "Promo"),
        ("someone@in.example.com", "", "Hello", "Who is this?"),
        ("demo@elsewhere.example.com", "", "Hello", "Wrong domain"),
    ],
)
def test_noise_and_unknown_recipients_create_nothing(
    client: Any, site: Any, recipient: str, headers: str, subject: str, body: str
) -> None:
    deliver(client, ses_stored(recipient, body, headers=headers, subject=subject))
    assert items() == []


def test_outcomes_name_the_drop_reason(aws: Any, site: Any) -> None:
    from chalicelib.intake import mail

    bounce = ses_stored("demo@in.example.com", "Delivery failed", sender="", subject="Undelivered Mail")
    assert mail.handle_raw(bounce, "raw/x").outcome == "dropped"
    spam = ses_stored("demo@in.example.com", "Buy now").replace(
        b"X-SES-Spam-Verdict: PASS", b"X-SES-Spam-Verdict: FAIL"
    )
    assert mail.handle_raw(spam, "raw/y") == mail.MailOutcome("dropped", reason="spam")
    nobody = ses_stored("nobody@in.example.com", "hi")
    assert mail.handle_raw(nobody, "raw/z") == mail.MailOutcome("dropped", reason="unknown_site")
    ooo = ses_stored("demo@in.example.com", "Absent", headers="Auto-Submitted: auto-replied\r\n")
    assert mail.handle_raw(ooo, "raw/w") == mail.MailOutcome("dropped", reason="auto_reply")


def test_log_lines_about_a_message_carry_its_hashed_message_id(client: Any, site: Any) -> None:
    import io
    import json
    import logging

    from chalicelib.intake.mail import message_fingerprint
    from chalicelib.observability import logger

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)  # the JSON lines Lambda would print
    logging.getLogger(logger.service).addHandler(handler)
    try:
        deliver(client, ses_stored("demo@in.example.com", "Colis cassé", message_id="<marie.dupont@example.com>"))
    finally:
        logging.getLogger(logger.service).removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    received = [line for line in lines if line.get("message") == "mail feedback received"]
    assert received, lines
    expected = "mail-" + message_fingerprint("<marie.dupont@example.com>")[:24]
    assert {line["correlation_id"] for line in received} == {expected}
    assert "marie.dupont" not in stream.getvalue()  # the Message-ID itself (an address here) is never logged
