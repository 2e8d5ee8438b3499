"""GDPR for one person: export everything boucle holds about them, or erase it.

A person is found through the keyed hash of their address (`contacts.contact_hash`)
on the `by_contact` index (keys only), then the items are read with BatchGetItem:
no scan, and the address itself is never a key nor logged.

Erasure anonymises each item in place with one conditional UpdateItem: contact
details, free text, subject, metadata, page URL, message id, the analysis evidence
(words quoted from the text), the staff response (it may quote or name the person)
and any pending follow-up are removed; `text` becomes "[erased]" and `erased_at`
and an "erased" timeline event record when and by whom. Score, kind, sentiment and
topics stay, and the day rollups are never decremented, so aggregate figures do
not change. The raw e-mail objects are deleted from the bucket.

The Customer profile is deleted, except when the person had opted out: then a
record holding only the hash and `suppressed=True` is kept. It carries no personal
data and is what lets boucle keep honouring the opt-out if the person writes again;
without it, erasure would silently resubscribe them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from chalicelib import aws, clock
from chalicelib.admin.auth import Actor
from chalicelib.config import settings
from chalicelib.contacts import contact_hash
from chalicelib.errors import bad_request
from chalicelib.intake.http import EMAIL_RE, MAX_EMAIL_CHARS, PHONE_RE
from chalicelib.models import Customer, Feedback, connection
from chalicelib.observability import logger

ERASED_TEXT = "[erased]"
REMOVED_ON_ERASE = (
    "email",
    "phone",
    "subject",
    "metadata",
    "page_url",
    "message_id",
    "raw_mail_key",
    "contact_hash",
    "due_shard",
    "followup_due",
    "followup_state",
    "followup_stage",
    "followup_lease_until",
    "replies",
)


@dataclass(frozen=True)
class Person:
    """Whom a GDPR request is about: only the keyed hash leaves this module."""

    contact_hash: str
    by: str  # "email" or "phone": which parameter named the person (safe to log)


def person_from_query(params: Mapping[str, str]) -> Person:
    """Exactly one of `email` or `phone`, valid, turned into the contact hash."""
    for name in params:
        if name not in ("email", "phone"):
            raise bad_request("unknown_parameter", f"unknown query parameter '{name}'", name)
    email, phone = (params.get("email") or "").strip(), (params.get("phone") or "").strip()
    if bool(email) == bool(phone):
        raise bad_request("missing_field", "give exactly one of email or phone", "email")
    if email:
        if len(email) > MAX_EMAIL_CHARS or not EMAIL_RE.match(email):
            raise bad_request("invalid_email", "email is not a valid address", "email")
        return Person(contact_hash(email=email) or "", "email")
    # An unencoded `+` in a query string arrives as a space (stripped above): restore it.
    if not phone.startswith("+"):
        phone = "+" + phone
    if not PHONE_RE.match(phone):
        raise bad_request("invalid_phone", "phone must be in international format, e.g. +33612345678", "phone")
    return Person(contact_hash(phone=phone) or "", "phone")


def item_ids(hash_: str) -> list[str]:
    """Ids of every item of this person, from the keys-only `by_contact` index."""
    ids: list[str] = []
    kwargs: dict[str, Any] = {
        "TableName": settings().feedback_table,
        "IndexName": "by_contact",
        "KeyConditionExpression": "contact_hash = :hash",
        "ExpressionAttributeValues": {":hash": {"S": hash_}},
    }
    while True:
        page = connection().client.query(**kwargs)
        ids += [raw["id"]["S"] for raw in page.get("Items", [])]
        if "LastEvaluatedKey" not in page:
            return ids
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def items_of(hash_: str) -> list[Feedback]:
    """The person's items, newest first (BatchGetItem, 100 keys per call)."""
    ids = item_ids(hash_)
    items = list(Feedback.batch_get(ids, consistent_read=True)) if ids else []
    return sorted(items, key=lambda item: item.id, reverse=True)


def profile(hash_: str) -> dict[str, Any] | None:
    try:
        customer = Customer.get(hash_, consistent_read=True)
    except Customer.DoesNotExist:
        return None
    return _plain(customer.to_simple_dict())


def _plain(value: Any) -> Any:
    """JSON-safe copy (DynamoDB numbers may come back as Decimal or float)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    return value


def export(person: Person, actor: Actor) -> tuple[dict[str, Any] | None, list[Feedback]]:
    items = items_of(person.contact_hash)
    found = profile(person.contact_hash)
    logger.info(
        "contact data exported",
        extra={
            "actor": actor.label,
            "contact_hash_prefix": person.contact_hash[:8],
            "by": person.by,
            "items": len(items),
        },
    )
    return found, items


@dataclass(frozen=True)
class Erasure:
    erased_items: int
    raw_mail_deleted: int


def _plain_replies(item: Feedback) -> list[dict[str, Any]]:
    return [reply.as_dict() if hasattr(reply, "as_dict") else dict(reply) for reply in (item.replies or [])]


def erase(person: Person, actor: Actor) -> Erasure:
    """Anonymise every item of the person, delete their raw mail and profile; log who did it."""
    now = clock.iso()
    erased = raw_deleted = 0
    for item in items_of(person.contact_hash):
        if _anonymise(item, now, actor):
            erased += 1
        # The item's own raw mail, and the raw mail of every reply the person sent to its follow-ups.
        reply_keys = [reply.get("raw_mail_key") for reply in _plain_replies(item)]
        for key in [item.raw_mail_key, *reply_keys]:
            if key and _delete_raw_mail(key):
                raw_deleted += 1
    _forget_profile(person.contact_hash)
    logger.info(
        "contact erased",
        extra={
            "actor": actor.label,
            "erased_at": now,
            "contact_hash_prefix": person.contact_hash[:8],
            "by": person.by,
            "items": erased,
            "raw_mail_deleted": raw_deleted,
        },
    )
    return Erasure(erased, raw_deleted)


def _anonymise(item: Feedback, now: str, actor: Actor) -> bool:
    """One UpdateItem per item; also bumps `version` so an open staff edit gets a 409, not a revert."""
    removed = {f"#x{i}": name for i, name in enumerate(REMOVED_ON_ERASE)}
    names = dict(removed)
    names.update({"#text": "text", "#erased_at": "erased_at", "#timeline": "timeline", "#version": "version"})
    names["#evidence"] = "evidence"
    values: dict[str, Any] = {
        ":erased": {"S": ERASED_TEXT},
        ":now": {"S": now},
        ":none": {"L": []},
        ":one": {"N": "1"},
        ":zero": {"N": "0"},
        ":event": {
            "L": [{"M": {"at": {"S": now}, "event": {"S": "erased"}, "actor": {"S": actor.label}}}],
        },
    }
    sets = [
        "#text = :erased",
        "#erased_at = :now",
        "#evidence = :none",
        "#timeline = list_append(if_not_exists(#timeline, :none), :event)",
        "#version = if_not_exists(#version, :zero) + :one",
    ]
    if item.response:
        names["#response"] = "response"
        sets.append("#response = :erased")
    expression = "SET " + ", ".join(sets) + " REMOVE " + ", ".join(removed)
    try:
        connection().client.update_item(
            TableName=settings().feedback_table,
            Key={"id": {"S": item.id}},
            UpdateExpression=expression,
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
            ConditionExpression="attribute_exists(id)",
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return False  # deleted meanwhile (e.g. expired spam): nothing left to erase
        raise
    return True


def _delete_raw_mail(key: str) -> bool:
    try:
        aws.client("s3").delete_object(Bucket=settings().raw_mail_bucket, Key=key)
    except ClientError as error:
        logger.warning("raw mail not deleted", extra={"code": error.response.get("Error", {}).get("Code")})
        return False
    return True


def _forget_profile(hash_: str) -> None:
    try:
        customer = Customer.get(hash_, consistent_read=True)
    except Customer.DoesNotExist:
        return
    if customer.suppressed:
        Customer(contact_hash=hash_, suppressed=True, suppressed_reason=customer.suppressed_reason).save()
    else:
        customer.delete()
