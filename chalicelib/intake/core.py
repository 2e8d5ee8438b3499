"""The one intake path: analyze, then a single conditional write.

HTTP, HTML forms and email all arrive here as a `FeedbackIn`. Nothing but the
write touches the network, so intake stays fast, cheap and safe to retry;
alerts, rollups and follow-ups react to the stored item through the stream.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import clock
from chalicelib.analysis import analyze, final_sentiment
from chalicelib.contacts import contact_hash
from chalicelib.errors import ApiError
from chalicelib.ids import new_ulid
from chalicelib.intake.feedback_in import FeedbackIn
from chalicelib.models import Feedback, RequestRecord, TimelineEvent, connection
from chalicelib.sites import SiteConfig

IDEMPOTENCY_TTL_S = 24 * 3600
SPAM_TTL_S = 30 * 24 * 3600
_THROTTLE_CODES = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
}


@dataclass(frozen=True)
class Accepted:
    id: str
    replayed: bool = False


def body_fingerprint(feedback: FeedbackIn) -> str:
    """What an Idempotency-Key promises not to change."""
    return hashlib.sha256(json.dumps(asdict(feedback), sort_keys=True).encode()).hexdigest()


def build_item(feedback: FeedbackIn, site: SiteConfig, now: float | None = None) -> Feedback:
    """The stored item: what was sent, plus id, timestamps and the analysis."""
    ts = clock.now() if now is None else now
    item_id = new_ulid(int(ts * 1000))
    created_at = clock.iso(ts)
    hint = (feedback.locale or site.locale or "").split("-")[0].split("_")[0].lower() or None
    analysis = analyze(feedback.text, hint, taxonomy=site.taxonomy()) if feedback.text else None
    verdict = final_sentiment(feedback.kind, feedback.score, analysis)
    item = Feedback(
        id=item_id,
        site=feedback.site,
        month=created_at[:7],
        channel=feedback.channel,
        kind=feedback.kind,
        score=feedback.score,
        text=feedback.text,
        locale=feedback.locale,
        page_url=feedback.page_url,
        metadata=feedback.metadata or None,
        created_at=created_at,
        status="spam" if feedback.spam else "new",
        spam=feedback.spam,
        language=analysis.language if analysis else (hint if hint in ("fr", "en") else "und"),
        sentiment=verdict.sentiment,
        sentiment_score=analysis.score if analysis else 0,
        mixed=verdict.mixed,
        negative=verdict.negative and not feedback.spam,
        topics=list(analysis.topics) if analysis else [],
        urgency=analysis.urgency if analysis else ("normal" if verdict.negative else "low"),
        evidence=list(analysis.evidence if analysis else []) + [f"verdict:{r}" for r in verdict.reasons],
        analysis_backend=analysis.backend if analysis else None,
        email=feedback.email,
        phone=feedback.phone,
        contact_hash=contact_hash(feedback.email, feedback.phone),
        consent_followup=feedback.consent_followup,
        message_id=feedback.message_id,
        subject=feedback.subject,
        raw_mail_key=feedback.raw_mail_key,
        timeline=[TimelineEvent(at=created_at, event="received", actor=feedback.channel)],
        expires_at=int(ts) + SPAM_TTL_S if feedback.spam else None,
    )
    from chalicelib.followup import policy as followup_policy

    owed = followup_policy.initial_followup(item, site, ts)  # pure: the sweep sends it when due
    if owed is not None:
        item.followup_stage, item.followup_state = owed.stage, "pending"
        item.followup_due, item.due_shard = owed.due, owed.shard
    return item


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` accepted items per `window_s` seconds for one key (a site, a hashed source IP).

    A token bucket refilled in full at each window: the window's counter is a
    conditional ADD inside the same transaction as the item, so limiting costs no
    extra request and a refused request writes nothing.
    """

    key: str
    limit: int
    window_s: int = 60


def store(
    item: Feedback,
    idempotency_key: str | None = None,
    fingerprint: str | None = None,
    limits: Sequence[RateLimit] = (),
) -> Accepted:
    """Write the item in one request, together with its idempotency key and rate-limit counters.

    A replayed key with the same body answers with the first item's id; the same
    key with a different body is a 422, never a second item. A full bucket is a
    429 with Retry-After, and nothing is written.
    """
    active = [limit for limit in limits if limit.limit > 0]
    try:
        if not idempotency_key and not active:
            item.save(condition=Feedback.id.does_not_exist())
            return Accepted(item.id)
        now = int(clock.now())
        if idempotency_key:
            item.idempotency_key = idempotency_key
        with TransactWrite(connection=connection()) as transaction:
            if idempotency_key:
                record = RequestRecord(
                    pk=idempotency_key,
                    feedback_id=item.id,
                    body_hash=fingerprint,
                    status_code=202,
                    expires_at=now + IDEMPOTENCY_TTL_S,
                )
                transaction.save(record, condition=RequestRecord.pk.does_not_exist())
            for limit in active:
                window = now // limit.window_s
                transaction.update(
                    RequestRecord(pk=f"rate#{limit.key}#{window}"),
                    actions=[RequestRecord.hits.add(1), RequestRecord.expires_at.set(now + 2 * limit.window_s)],
                    condition=RequestRecord.hits.does_not_exist() | (RequestRecord.hits < limit.limit),
                )
            transaction.save(item, condition=Feedback.id.does_not_exist())
        return Accepted(item.id)
    except TransactWriteError as error:
        failed = _failed_conditions(error)
        # PynamoDB sends puts before updates: [idempotency record?, item, *rate counters].
        offset = 2 if idempotency_key else 1
        if idempotency_key and 0 in failed:
            return _replay(idempotency_key, fingerprint)
        full = [active[i - offset] for i in sorted(failed) if offset <= i < offset + len(active)]
        if full:
            window = full[0].window_s
            retry_after = str(window - int(clock.now()) % window or 1)
            message = "too many feedback posts, retry later"
            raise ApiError(429, "rate_limited", message, headers={"Retry-After": retry_after}) from None
        raise _unavailable(error) from error
    except PutError as error:
        raise _unavailable(error) from error


def _failed_conditions(error: TransactWriteError) -> set[int]:
    """Positions of the transaction items whose condition failed."""
    reasons = getattr(error, "cancellation_reasons", None) or []
    return {i for i, reason in enumerate(reasons) if reason is not None and reason.code == "ConditionalCheckFailed"}


def _replay(key: str, fingerprint: str | None) -> Accepted:
    try:
        record = RequestRecord.get(key, consistent_read=True)
    except RequestRecord.DoesNotExist:
        # The key expired between the failed write and this read: ask the client to retry.
        raise ApiError(409, "idempotency_conflict", "retry the request", "Idempotency-Key") from None
    if record.body_hash != fingerprint:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was already used with a different body",
            "Idempotency-Key",
        )
    return Accepted(record.feedback_id or "", replayed=True)


def _unavailable(error: Exception) -> Exception:
    """DynamoDB throttling or outage: a 503 the client can retry, never a 500."""
    cause = getattr(error, "cause_response_code", None)
    if cause in _THROTTLE_CODES or cause is None:
        return ApiError(503, "unavailable", "feedback store is busy, retry shortly", headers={"Retry-After": "2"})
    return error
