"""PynamoDB models: one per table, each with a single purpose.

Table names and the region come from the environment (see `config`), and the
endpoint from `AWS_ENDPOINT_URL`, which botocore honours: the local stack points
it at the moto server, production leaves it unset.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    VersionAttribute,
)
from pynamodb.connection import Connection, TableConnection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.fieldcrypt import EncryptedUnicodeAttribute

_settings = settings()


class _Meta:
    region = _settings.region
    # Fail fast on the request path: Lambda retries, clients retry with their Idempotency-Key.
    max_retry_attempts = 2
    connect_timeout_seconds = 2
    read_timeout_seconds = 5


class _SharedSessionConnection(Connection):
    """A PynamoDB connection whose client comes from the process's one botocore session.

    PynamoDB otherwise gives every model its own connection, botocore session and
    DynamoDB client, each loading botocore's endpoint and service data again.
    """

    @property
    def session(self) -> Any:
        return aws.botocore_session()

    @property
    def client(self) -> Any:
        if self._client is None:
            with aws.creation_lock:  # botocore sessions are not safe for concurrent client creation
                return super().client
        return super().client


class _SharedModel(Model):
    """Every model talks to DynamoDB through the one shared connection (see `connection()`)."""

    @classmethod
    def _get_connection(cls) -> TableConnection:
        table = super()._get_connection()
        shared = connection()
        if table.connection is not shared:
            if table.table_name not in shared._tables:
                shared.add_meta_table(table.get_meta_table())
            table.connection = shared
        return table


class BySiteIndex(GlobalSecondaryIndex["Feedback"]):
    class Meta:
        index_name = "by_site"
        projection = AllProjection()

    site = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)


class ByMonthIndex(GlobalSecondaryIndex["Feedback"]):
    class Meta:
        index_name = "by_month"
        projection = AllProjection()

    month = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)


class ByDueIndex(GlobalSecondaryIndex["Feedback"]):
    class Meta:
        index_name = "by_due"
        projection = AllProjection()

    due_shard = UnicodeAttribute(hash_key=True)
    followup_due = NumberAttribute(range_key=True)


class ByContactIndex(GlobalSecondaryIndex["Feedback"]):
    class Meta:
        index_name = "by_contact"
        projection = KeysOnlyProjection()

    contact_hash = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)


class TimelineEvent(MapAttribute[str, Any]):
    """One line of an item's history: what happened, when, and by whom."""

    at = UnicodeAttribute()
    event = UnicodeAttribute()
    actor = UnicodeAttribute(null=True)
    detail = UnicodeAttribute(null=True)


class Feedback(_SharedModel):
    """One piece of feedback, whatever channel it came from."""

    class Meta(_Meta):
        table_name = _settings.feedback_table

    id = UnicodeAttribute(hash_key=True)
    site = UnicodeAttribute()
    month = UnicodeAttribute()
    channel = UnicodeAttribute()
    kind = UnicodeAttribute()
    score = NumberAttribute(null=True)
    text = UnicodeAttribute(null=True)
    locale = UnicodeAttribute(null=True)
    page_url = UnicodeAttribute(null=True)
    metadata = MapAttribute[str, Any](null=True)
    created_at = UnicodeAttribute()
    status = UnicodeAttribute(default="new")
    spam = BooleanAttribute(default=False)

    # Understanding (see chalicelib.analysis)
    language = UnicodeAttribute(default="und")
    sentiment = UnicodeAttribute(default="neutral")
    sentiment_score = NumberAttribute(default=0)
    mixed = BooleanAttribute(default=False)
    negative = BooleanAttribute(default=False)
    topics = ListAttribute[str](of=UnicodeAttribute, default=list)
    urgency = UnicodeAttribute(default="low")
    evidence = ListAttribute[str](of=UnicodeAttribute, default=list)
    analysis_backend = UnicodeAttribute(null=True)

    # Contact: stored as given, never logged, never a key; looked up through the keyed hash.
    email = EncryptedUnicodeAttribute(null=True)
    phone = EncryptedUnicodeAttribute(null=True)
    contact_hash = UnicodeAttribute(null=True)
    consent_followup = BooleanAttribute(default=False)

    # Email intake
    message_id = UnicodeAttribute(null=True)
    subject = UnicodeAttribute(null=True)
    raw_mail_key = UnicodeAttribute(null=True)
    idempotency_key = UnicodeAttribute(null=True)

    # Staff work
    assignee = UnicodeAttribute(null=True)
    tags = UnicodeSetAttribute(null=True)
    response = UnicodeAttribute(null=True)
    responded_at = UnicodeAttribute(null=True)
    resolved_at = UnicodeAttribute(null=True)
    timeline = ListAttribute[TimelineEvent](of=TimelineEvent, default=list)
    version = VersionAttribute()

    # Reactions driven by the stream
    alerted_at = UnicodeAttribute(null=True)
    alert_severity = UnicodeAttribute(null=True)
    alert_state = UnicodeAttribute(null=True)
    alert_claim_until = NumberAttribute(null=True)
    alert_attempts = NumberAttribute(default=0)
    dead_letter_reason = UnicodeAttribute(null=True)

    # Follow-up work queue (sparse index by_due)
    due_shard = UnicodeAttribute(null=True)
    followup_due = NumberAttribute(null=True)
    followup_stage = UnicodeAttribute(null=True)
    followup_state = UnicodeAttribute(null=True)
    followup_lease_until = NumberAttribute(null=True)
    followup_attempts = NumberAttribute(null=True)
    followups_sent = NumberAttribute(default=0)
    # Answers to follow-ups, "<stage>-<send number>" -> "yes" | "no" | "0".."10": a reused link finds its key.
    answered_stages = MapAttribute[str, Any](null=True)
    # Customer replies by mail to a follow-up (reply+TOKEN@...), one map per message, in arrival order.
    replies = ListAttribute[Any](of=MapAttribute, null=True)

    erased_at = UnicodeAttribute(null=True)
    expires_at = NumberAttribute(null=True)

    by_site = BySiteIndex()
    by_month = ByMonthIndex()
    by_due = ByDueIndex()
    by_contact = ByContactIndex()


class Rollup(_SharedModel):
    """Counters per (site, day) and helper records, updated with atomic ADDs.

    `pk` is the site key and `sk` is `day#YYYY-MM-DD` or `hour#YYYY-MM-DDTHH`;
    dedupe markers live under `pk = mark#<item id>` so a redelivered stream
    record never counts twice, and they expire after a few days.
    """

    class Meta(_Meta):
        table_name = _settings.rollup_table

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    expires_at = NumberAttribute(null=True)


class Customer(_SharedModel):
    """What boucle knows about one contact, keyed by the keyed hash of the address."""

    class Meta(_Meta):
        table_name = _settings.customer_table

    contact_hash = UnicodeAttribute(hash_key=True)
    first_seen = UnicodeAttribute(null=True)
    last_seen = UnicodeAttribute(null=True)
    count = NumberAttribute(default=0)
    last_nps = NumberAttribute(null=True)
    segment = UnicodeAttribute(null=True)
    suppressed = BooleanAttribute(default=False)
    suppressed_reason = UnicodeAttribute(null=True)
    weekly_sends = MapAttribute[str, Any](null=True)


class Site(_SharedModel):
    """A website (or brand) that collects feedback, with its settings."""

    class Meta(_Meta):
        table_name = _settings.site_table

    key = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute(null=True)
    allowed_origins = ListAttribute[str](of=UnicodeAttribute, default=list)
    locale = UnicodeAttribute(default="en")
    time_zone = UnicodeAttribute(default="UTC")
    thank_you_url = UnicodeAttribute(null=True)
    alert_rules = MapAttribute[str, Any](null=True)
    followup_policy = MapAttribute[str, Any](null=True)
    topics = MapAttribute[str, Any](null=True)
    email_consent_implied = BooleanAttribute(default=True)
    keep_default_topics = BooleanAttribute(default=False)  # own topics add to the defaults instead of replacing them
    updated_at = UnicodeAttribute(null=True)
    version = VersionAttribute()


class RequestRecord(_SharedModel):
    """Short-lived request state: Idempotency-Key records and rate-limit buckets."""

    class Meta(_Meta):
        table_name = _settings.request_table

    pk = UnicodeAttribute(hash_key=True)
    feedback_id = UnicodeAttribute(null=True)
    body_hash = UnicodeAttribute(null=True)
    status_code = NumberAttribute(null=True)
    hits = NumberAttribute(null=True)
    expires_at = NumberAttribute(null=True)


_connection: Connection | None = None


def connection() -> Connection:
    """A shared low-level connection, for transactions across tables and counter updates."""
    global _connection
    if _connection is None:
        _connection = _SharedSessionConnection(
            region=_settings.region,
            max_retry_attempts=_Meta.max_retry_attempts,
            connect_timeout_seconds=_Meta.connect_timeout_seconds,
            read_timeout_seconds=_Meta.read_timeout_seconds,
        )
    return _connection
