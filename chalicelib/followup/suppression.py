"""May boucle write to this contact? The suppression list and the weekly message cap.

Both live on the `Customer` item of the contact's keyed hash, so they hold
across sites and channels, and across GDPR erasure (which keeps a suppressed
hash on purpose). A contact is suppressed by an unsubscribe link, an SMS STOP
(or ARRET), a permanent SES bounce or a complaint; every send checks it
(`notify` does, right before sending). Only hashes are handled and logged here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.config import settings
from chalicelib.contacts import contact_hash
from chalicelib.followup.policy import DAY_S, week_key
from chalicelib.models import Customer, connection
from chalicelib.observability import count, logger

STOP_WORDS = frozenset({"STOP", "ARRET", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "DESABONNER"})


def lookup(hashed: str) -> Customer | None:
    """The contact's profile (consistent read: an opt-out a second ago counts), or None."""
    try:
        return Customer.get(hashed, consistent_read=True)
    except Customer.DoesNotExist:
        return None


def is_suppressed(hashed: str) -> bool:
    customer = lookup(hashed)
    return bool(customer and customer.suppressed)


def suppress(hashed: str, reason: str) -> None:
    """Put a contact on the suppression list (creating its profile if needed); idempotent."""
    Customer(contact_hash=hashed).update(
        actions=[Customer.suppressed.set(True), Customer.suppressed_reason.set(reason[:100])]
    )
    count("ContactsSuppressed", reason=reason)
    logger.info("contact suppressed", extra={"contact_hash": hashed[:12], "reason": reason})


def handle_ses_notification(payload: Mapping[str, Any]) -> int:
    """Suppress the addresses an SES bounce (permanent) or complaint names; returns how many.

    Accepts the notification itself or the SNS envelope around it (`Message`
    holding the JSON). Transient bounces and deliveries change nothing: a full
    mailbox is no reason to stop writing for good.
    """
    if payload.get("Type") == "Notification" and isinstance(payload.get("Message"), str):
        try:
            payload = json.loads(payload["Message"])
        except ValueError:
            return 0
        if not isinstance(payload, Mapping):
            return 0
    kind = payload.get("notificationType") or payload.get("eventType")
    recipients: list[Any] = []
    if kind == "Bounce":
        bounce = payload.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return 0
        recipients, reason = bounce.get("bouncedRecipients") or [], "bounce"
    elif kind == "Complaint":
        recipients, reason = (payload.get("complaint") or {}).get("complainedRecipients") or [], "complaint"
    else:
        return 0
    done = 0
    for recipient in recipients:
        address = recipient.get("emailAddress") if isinstance(recipient, Mapping) else None
        hashed = contact_hash(email=address) if isinstance(address, str) and "@" in address else None
        if hashed:
            suppress(hashed, reason)
            done += 1
    return done


def handle_ses_message(message: str) -> int:
    """An SNS message of the notifications topic (a JSON string); anything unreadable changes nothing.

    The topic carries SES bounce and complaint notifications and, when the SMS
    two-way channel's destination is pointed at it, customers' SMS replies
    (`originationNumber`, `messageBody`): STOP/ARRET suppresses the number.
    """
    try:
        payload = json.loads(message)
    except (TypeError, ValueError):
        logger.warning("unreadable notification ignored")
        return 0
    if not isinstance(payload, Mapping):
        return 0
    if "originationNumber" in payload:
        return int(handle_inbound_sms_notification(payload))
    return handle_ses_notification(payload)


def handle_inbound_sms(phone: str, text: str) -> bool:
    """An SMS from a customer: STOP (or ARRET, and the usual synonyms) suppresses the number."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().upper()
    words = re.findall(r"[A-Z]+", folded)
    hashed = contact_hash(phone=phone)
    if not words or words[0] not in STOP_WORDS or not hashed:
        return False
    suppress(hashed, "sms_stop")
    return True


def handle_inbound_sms_notification(payload: Mapping[str, Any]) -> bool:
    """The JSON SNS delivers for two-way SMS (`originationNumber`, `messageBody`)."""
    phone, body = payload.get("originationNumber"), payload.get("messageBody")
    return isinstance(phone, str) and isinstance(body, str) and handle_inbound_sms(phone, body)


def reserve_weekly(hashed: str, now: float, cap: int) -> bool:
    """Count one message in the contact's week unless `cap` is reached, atomically.

    Returns False (and counts nothing) when the week is full or the contact is
    suppressed, so two sweeps can never together exceed the cap.
    """
    week = week_key(now)
    table = settings().customer_table
    key = {"contact_hash": {"S": hashed}}
    dynamo = connection().client
    # A nested counter needs its map: create it (and the profile) first, harmlessly if it exists.
    dynamo.update_item(
        TableName=table,
        Key=key,
        UpdateExpression="SET weekly_sends = if_not_exists(weekly_sends, :empty)",
        ExpressionAttributeValues={":empty": {"M": {}}},
    )
    try:
        dynamo.update_item(
            TableName=table,
            Key=key,
            UpdateExpression="SET weekly_sends.#week = if_not_exists(weekly_sends.#week, :zero) + :one",
            ConditionExpression=(
                "(attribute_not_exists(weekly_sends.#week) OR weekly_sends.#week < :cap)"
                " AND (attribute_not_exists(suppressed) OR suppressed = :false)"
            ),
            ExpressionAttributeNames={"#week": week},
            ExpressionAttributeValues={
                ":zero": {"N": "0"},
                ":one": {"N": "1"},
                ":cap": {"N": str(int(cap))},
                ":false": {"BOOL": False},
            },
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return False
        raise
    _forget_old_weeks(hashed, week, now)
    return True


def release_weekly(hashed: str, now: float) -> None:
    """Give back a reserved message that did not go out (best effort)."""
    week = week_key(now)
    try:
        connection().client.update_item(
            TableName=settings().customer_table,
            Key={"contact_hash": {"S": hashed}},
            UpdateExpression="SET weekly_sends.#week = weekly_sends.#week - :one",
            ConditionExpression="weekly_sends.#week > :zero",
            ExpressionAttributeNames={"#week": week},
            ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}},
        )
    except ClientError:
        logger.warning("could not release a weekly send", extra={"contact_hash": hashed[:12]})


def _forget_old_weeks(hashed: str, week: str, now: float) -> None:
    """Keep the weekly map small: drop the counters of the few weeks before last (best effort, no read)."""
    old = {week_key(now - days * DAY_S) for days in range(14, 43, 7)} - {week}
    names = {f"#w{i}": key for i, key in enumerate(sorted(old))}
    try:
        connection().client.update_item(
            TableName=settings().customer_table,
            Key={"contact_hash": {"S": hashed}},
            UpdateExpression="REMOVE " + ", ".join(f"weekly_sends.{name}" for name in names),
            ExpressionAttributeNames=names,
        )
    except ClientError:
        logger.warning("could not prune weekly sends", extra={"contact_hash": hashed[:12]})
