"""Reactions to stored feedback, driven by the table's DynamoDB stream.

The handler processes each record on its own and reports failures per record
(`batchItemFailures`), so one bad record never blocks the rest of a batch.
Every reaction is idempotent: a redelivered record or a retried batch is safe.
A record that can never succeed (a poison record) goes to the dead-letter
path with its reason instead of blocking the shard.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib import deadletter, rollups
from chalicelib.models import Feedback
from chalicelib.observability import count, logger
from chalicelib.sites import get_site


class PoisonRecord(Exception):
    """A record that no retry can fix (malformed image, unknown shape)."""


def handle_batch(event: Mapping[str, Any]) -> dict[str, list[dict[str, str]]]:
    """Process a DynamoDB stream event; return the records to retry."""
    failures: list[dict[str, str]] = []
    for record in event.get("Records") or []:
        sequence = str((record.get("dynamodb") or {}).get("SequenceNumber", ""))
        try:
            react(record)
        except PoisonRecord as poison:
            deadletter.send("stream", str(poison), event_id=record.get("eventID"), sequence=sequence)
        except Exception:
            logger.exception("stream record failed; it will be retried", extra={"sequence": sequence})
            failures.append({"itemIdentifier": sequence})
    return {"batchItemFailures": failures}


def react(record: Mapping[str, Any]) -> None:
    """Apply every reaction a change of one item calls for."""
    name = record.get("eventName")
    change = record.get("dynamodb") or {}
    if name not in ("INSERT", "MODIFY", "REMOVE") or not isinstance(change, Mapping):
        raise PoisonRecord(f"unexpected stream record (eventName={name!r})")
    if name == "REMOVE":
        return
    new = decode(change.get("NewImage"))
    if name == "INSERT":
        on_received(new)
    elif name == "MODIFY":
        from chalicelib.followup import outcomes

        old_image = change.get("OldImage")
        outcomes.on_change(decode(old_image) if old_image else None, new)


def decode(image: Any) -> Feedback:
    if not isinstance(image, Mapping) or "id" not in image:
        raise PoisonRecord("stream record has no usable NewImage")
    try:
        return Feedback.from_raw_data(dict(image))
    except Exception as error:
        raise PoisonRecord(f"NewImage does not decode as feedback: {type(error).__name__}") from error


def on_received(item: Feedback) -> None:
    """A new item: count it, then alert staff if the site's rules say so."""
    if item.spam:
        return
    hour = {"negative": 1} if item.negative else None
    rollups.apply_once(item.site, item.id, "received", item.created_at, rollups.received_counters(item), hour)
    from chalicelib import alerting  # only the stream function needs the alert formatting

    if item.negative:
        count("NegativeFeedback", channel=item.channel)
    site = get_site(item.site)
    alerting.on_new_item(item, site)
    if item.negative:
        alerting.check_spike(item, site)
