"""Inbound mail: an object SES stored in the raw-mail bucket becomes feedback, a reply, or a logged drop.

Mail to `SITE@INBOUND_DOMAIN` is a new comment for that site; mail to
`reply+TOKEN@INBOUND_DOMAIN` is a customer's answer to one of boucle's
follow-ups and joins the original item. Bounces, auto-replies, receipts, list
traffic, spam and viruses are never feedback and never answered: each is
dropped with a reason that is logged and counted, and the raw object stays in
the bucket for the configured retention. S3 and SES deliver at least once, so
the same Message-ID for the same site never makes two items.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from chalicelib.aws import client
from chalicelib.config import settings
from chalicelib.intake import email as mime
from chalicelib.intake.core import build_item, store
from chalicelib.intake.feedback_in import MAX_TEXT_CHARS, FeedbackIn
from chalicelib.observability import count, logger
from chalicelib.sites import get_site

MAX_RAW_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class MailOutcome:
    """What became of one stored message: `feedback`, `reply`, `duplicate` or `dropped` (with a reason)."""

    outcome: str
    reason: str | None = None
    feedback_id: str | None = None


def handle_object(bucket: str, key: str) -> MailOutcome:
    """Read one raw message from S3 and act on it (Chalice has already URL-decoded the key)."""
    obj = client("s3").get_object(Bucket=bucket, Key=key)
    raw = obj["Body"].read(MAX_RAW_BYTES + 1)
    if len(raw) > MAX_RAW_BYTES:
        return _drop("too_large", key)
    return handle_raw(raw, key)


def handle_raw(raw: bytes, key: str) -> MailOutcome:
    message = mime.parse_email(raw)
    # The Message-ID (or, without one, the object key SES chose) names the message: for
    # idempotency, and as the correlation id of every log line about it. Hashed, because
    # some mailers put the sender's address in their Message-IDs.
    fingerprint = message_fingerprint(message.message_id or key)
    logger.set_correlation_id("mail-" + fingerprint[:24])
    reason = mime.drop_reason(message)
    if reason:
        return _drop(reason, key)
    route = mime.route(mime.recipients_in_priority(message), settings().inbound_domain)
    if route is None:
        return _drop("unknown_recipient", key)
    if route.kind == "reply":
        from chalicelib.followup import replies

        return replies.attach(route.token, message, key)
    site = get_site(route.site)
    if site is None:
        return _drop("unknown_site", key)
    text = (message.text or "").strip() or (message.subject or "").strip()
    if not text:
        return _drop("empty", key)
    feedback = FeedbackIn(
        site=site.key,
        kind="comment",
        channel="email",
        text=text[:MAX_TEXT_CHARS],
        email=message.sender or None,
        consent_followup=bool(site.email_consent_implied and message.sender),
        message_id=message.message_id or None,
        subject=(message.subject or None) and message.subject[:500],
        raw_mail_key=key,
    )
    accepted = store(build_item(feedback, site), f"mail#{site.key}#{fingerprint}", fingerprint)
    if accepted.replayed:
        count("EmailsDuplicate")
        logger.info("duplicate mail ignored", extra={"feedback_id": accepted.id, "raw_key": key})
        return MailOutcome("duplicate", feedback_id=accepted.id)
    count("FeedbackReceived", channel="email")
    logger.info("mail feedback received", extra={"feedback_id": accepted.id, "site": site.key, "raw_key": key})
    return MailOutcome("feedback", feedback_id=accepted.id)


def message_fingerprint(identity: str) -> str:
    """SHA-256 of a message's Message-ID (or object key): its idempotency and correlation key."""
    return hashlib.sha256(identity.encode()).hexdigest()


def _drop(reason: str, key: str) -> MailOutcome:
    count("EmailsDropped", reason=reason)
    logger.info("mail dropped", extra={"reason": reason, "raw_key": key})
    return MailOutcome("dropped", reason=reason)
