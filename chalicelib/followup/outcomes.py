"""What the customer's answers change, and what they count.

Two halves, following the event flow:

- `record_answer` runs on the request path (`POST /v1/loop/{token}`): one
  version-conditioned UpdateItem records the answer under its key
  (`<stage>-<send number>`) in `answered_stages`, so a reused link finds its
  key and changes nothing, and sets the item's new state: `resolved` (and
  the re-survey queued) or `reopened`.
- `on_change` runs in the stream handler on every MODIFY and derives the
  rest from the difference between the old and new images: daily rollups
  (answers, resolved, unresolved, re-survey NPS, conversions, first-response
  time), the customer profile, and the staff alert when a customer says
  "not resolved" or replies unhappily. Each is idempotent (rollup markers,
  a claimed alert marker, plain SETs), so a redelivered record is harmless.
"""

from __future__ import annotations

import math
from typing import Any

from botocore.exceptions import ClientError
from pynamodb.exceptions import UpdateError

from chalicelib import alerts, clock, deadletter, rollups
from chalicelib.alerting import MAX_ATTEMPTS, alert_view, publish
from chalicelib.config import settings
from chalicelib.followup import policy
from chalicelib.models import Customer, Feedback, TimelineEvent, connection
from chalicelib.observability import count, logger
from chalicelib.sites import get_site

RESOLVED_STAGES = ("checkin", "response")
FRT_BUCKETS: tuple[float, ...] = (3600, 14400, 86400, 259200, 604800, math.inf)
WRITE_RETRIES = 4
ALERT_LEASE_S = 120


class Busy(Exception):
    """The item kept changing under us; the client may retry."""


def answer_key(stage: str, nonce: str | None) -> str:
    """The key of one question: the stage and which send of it (the token's nonce)."""
    return f"{stage}-{nonce or '0'}"


def plain(value: Any) -> dict[str, Any]:
    """A MapAttribute (or dict, or None) as a dict."""
    if value is None:
        return {}
    as_dict = getattr(value, "as_dict", None)
    return dict(as_dict() if as_dict else value)


def segment(score: int) -> str:
    if score >= rollups.NPS_PROMOTER:
        return "promoter"
    return "detractor" if score <= rollups.NPS_DETRACTOR_MAX else "passive"


def frt_counters(seconds: float) -> dict[str, int]:
    """First-response time: a sum and a count for the mean, a histogram bucket for the median."""
    seconds = max(0, int(seconds))
    bound = next(b for b in FRT_BUCKETS if seconds <= b)
    label = "inf" if bound == math.inf else str(int(bound))
    return {"first_response_seconds_sum": seconds, "first_response_count": 1, f"frt_bucket_{label}": 1}


# --- request path ---------------------------------------------------------------------------------


def record_answer(item_id: str, stage: str, nonce: str | None, answer: str, now: float) -> str:
    """Record one answer exactly once: returns "recorded", "already" or "gone" (no such item).

    `answer` is "yes" / "no" for checkin and response, "0".."10" for resurvey
    (the route validates it against the stage). Raises `Busy` if the item
    changed on every retry.
    """
    key = answer_key(stage, nonce)
    for _ in range(WRITE_RETRIES):
        try:
            item = Feedback.get(item_id, consistent_read=True)
        except Feedback.DoesNotExist:
            return "gone"
        answered = plain(item.answered_stages)
        if key in answered:
            return "already"
        iso = clock.iso(now)
        actions: list[Any] = [
            Feedback.answered_stages.set({**answered, key: answer}),
            _timeline(TimelineEvent(at=iso, event=f"answer:{stage}", actor="customer", detail=answer)),
        ]
        if stage in RESOLVED_STAGES:
            actions += _resolution_actions(item, answer == "yes", answered, now)
        try:
            item.update(actions=actions)  # conditioned on the version read above
        except UpdateError as error:
            if error.cause_response_code == "ConditionalCheckFailedException":
                continue
            raise
        count("FollowupAnswers", stage=stage)
        if stage in RESOLVED_STAGES and answer == "yes":
            count("LoopClosed")
        logger.info("follow-up answer recorded", extra={"feedback_id": item_id, "stage": stage, "key": key})
        return "recorded"
    raise Busy(item_id)


def _resolution_actions(item: Feedback, resolved: bool, answered: dict[str, Any], now: float) -> list[Any]:
    iso = clock.iso(now)
    actions: list[Any] = []
    if resolved:
        if item.status != "resolved":
            actions.append(Feedback.status.set("resolved"))
        if not item.resolved_at:
            actions.append(Feedback.resolved_at.set(iso))
        already_surveyed = any(key.startswith("resurvey-") for key in answered) or item.followup_stage == "resurvey"
        due = policy.resurvey_due(policy.for_site(get_site(item.site)), now)
        if due is not None and not already_surveyed and item.consent_followup and (item.email or item.phone):
            actions += [
                Feedback.followup_stage.set("resurvey"),
                Feedback.followup_state.set("pending"),
                Feedback.followup_due.set(due),
                Feedback.due_shard.set(policy.due_shard(item.id)),
                Feedback.followup_attempts.remove(),
                Feedback.followup_lease_until.remove(),
            ]
        return actions
    if item.status != "spam":
        actions.append(Feedback.status.set("reopened"))
    if item.resolved_at:
        actions.append(Feedback.resolved_at.remove())
    if item.followup_stage == "resurvey" and item.followup_state == "pending":
        # Not resolved after all: asking "would you recommend us?" now would be tone-deaf.
        actions += [
            Feedback.followup_due.remove(),
            Feedback.due_shard.remove(),
            Feedback.followup_state.set("cancelled"),
        ]
    return actions


# --- stream reactions -----------------------------------------------------------------------------


def on_change(old: Feedback | None, new: Feedback) -> None:
    """React to a modified item: new answers, a first staff response, new mail replies."""
    if new.spam:
        return
    iso = clock.iso()
    before = plain(old.answered_stages) if old is not None else {}
    for key, value in sorted(plain(new.answered_stages).items()):
        if key not in before:
            _count_answer(new, key, str(value), iso)
    if new.responded_at and (old is None or not old.responded_at) and not int(new.followups_sent or 0):
        # Staff answered before any follow-up went out: that is the first response.
        seconds = clock.parse_iso(new.responded_at) - clock.parse_iso(new.created_at)
        rollups.apply_once(new.site, new.id, "first-response", new.responded_at, frt_counters(seconds))
    seen = {str(plain(reply).get("id")) for reply in (old.replies or [])} if old is not None else set()
    for reply in new.replies or []:
        entry = plain(reply)
        reply_id = str(entry.get("id"))
        if reply_id in seen:
            continue
        rollups.apply_once(new.site, new.id, f"reply-{reply_id}", iso, {"replies": 1})
        if entry.get("negative"):
            alert_once(new, f"reply-{reply_id}", "customer replied unhappily")


def _count_answer(item: Feedback, key: str, value: str, iso: str) -> None:
    stage = key.rsplit("-", 1)[0]
    counters: dict[str, int] = {}
    score: int | None = None
    if stage in RESOLVED_STAGES:
        counters = {"answers": 1, "resolved" if value == "yes" else "unresolved": 1}
    elif stage == "resurvey" and value.isdigit() and 0 <= int(value) <= 10:
        score = int(value)
        counters = {"resurvey_answers": 1, "resurvey_nps_sum": score, f"resurvey_{segment(score)}s": 1}
    if counters:
        rollups.apply_once(item.site, item.id, f"answer-{key}", iso, counters)
    _update_profile(item, iso, score)
    original = None if item.score is None else int(item.score)
    detractor = item.kind == "nps" and original is not None and original <= rollups.NPS_DETRACTOR_MAX
    if detractor and score is not None and score >= rollups.NPS_PROMOTER:
        # One conversion per item, however many times it is re-surveyed.
        rollups.apply_once(item.site, item.id, "conversion", iso, {"conversions": 1})
    if stage in RESOLVED_STAGES and value == "no":
        alert_once(item, f"answer-{key}", "customer says not resolved")


def _update_profile(item: Feedback, iso: str, score: int | None) -> None:
    """Plain SETs (idempotent): when we last heard from the person, and their latest NPS."""
    if not item.contact_hash:
        return
    actions: list[Any] = [Customer.last_seen.set(iso)]
    if score is not None:
        actions += [Customer.last_nps.set(score), Customer.segment.set(segment(score))]
    Customer(contact_hash=item.contact_hash).update(actions=actions)


def alert_once(item: Feedback, event: str, reason: str) -> bool:
    """Tell staff, exactly once per event: claim a marker, publish, mark it sent.

    Same pattern as `alerting`: a failed publish releases the claim and
    raises (the stream retries); a claim whose lease expired after a crash
    can be taken again; after `MAX_ATTEMPTS` failed publishes the marker is
    `dead` and the event goes to the dead-letter path with its reason, so a
    redelivered record stops retrying. The marker lives with the rollup markers.
    """
    if not _claim_alert(item.id, event):
        return False
    site = get_site(item.site)
    # The item's own evidence explained its first alert; this one is about the answer.
    view = {**alert_view(item), "negative": True, "evidence": []}
    decision = alerts.AlertDecision(severity="normal", reasons=[reason])
    message = alerts.build_alert(view, decision, settings().dashboard_url, site.name if site else None)
    try:
        publish(message)
    except Exception as error:
        _release_alert(item.id, event, error)
        raise
    _mark_alert(item.id, event)
    rollups.apply_once(item.site, item.id, f"alert-{event}", clock.iso(), {"alerts_sent": 1})
    count("ReopenAlertsSent")
    logger.info("reopen alert sent", extra={"feedback_id": item.id, "site": item.site, "event": event})
    return True


def _alert_key(item_id: str, event: str) -> dict[str, Any]:
    return {"pk": {"S": f"mark#{item_id}"}, "sk": {"S": f"alert#{event}"}}


def _claim_alert(item_id: str, event: str) -> bool:
    """New, released after a failed publish, or a crashed claim whose lease ran out: -> publishing."""
    now = int(clock.now())
    try:
        connection().client.update_item(
            TableName=settings().rollup_table,
            Key=_alert_key(item_id, event),
            UpdateExpression="SET #s = :publishing, claim_until = :until, expires_at = if_not_exists(expires_at, :ttl)",
            ConditionExpression=(
                "attribute_not_exists(pk) OR #s = :released OR (#s = :publishing AND claim_until < :now)"
            ),
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={
                ":publishing": {"S": "publishing"},
                ":released": {"S": "released"},
                ":now": {"N": str(now)},
                ":until": {"N": str(now + ALERT_LEASE_S)},
                ":ttl": {"N": str(now + rollups.MARKER_TTL_S)},
            },
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _mark_alert(item_id: str, event: str) -> None:
    connection().client.update_item(
        TableName=settings().rollup_table,
        Key=_alert_key(item_id, event),
        UpdateExpression="SET #s = :sent REMOVE claim_until",
        ExpressionAttributeNames={"#s": "state"},
        ExpressionAttributeValues={":sent": {"S": "sent"}},
    )


def _release_alert(item_id: str, event: str, error: Exception) -> None:
    """Give the claim back for the redelivered record, or give up for good after MAX_ATTEMPTS."""
    reason = f"sns publish failed: {type(error).__name__}"
    count("AlertPublishFailed")
    try:
        answer = connection().client.update_item(
            TableName=settings().rollup_table,
            Key=_alert_key(item_id, event),
            UpdateExpression="SET #s = :released REMOVE claim_until ADD attempts :one",
            ConditionExpression="#s = :publishing",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={
                ":released": {"S": "released"},
                ":publishing": {"S": "publishing"},
                ":one": {"N": "1"},
            },
            ReturnValues="UPDATED_NEW",
        )
        attempts = int(answer["Attributes"]["attempts"]["N"])
        if attempts >= MAX_ATTEMPTS:
            connection().client.update_item(
                TableName=settings().rollup_table,
                Key=_alert_key(item_id, event),
                UpdateExpression="SET #s = :dead, #r = :reason",
                ExpressionAttributeNames={"#s": "state", "#r": "reason"},
                ExpressionAttributeValues={
                    ":dead": {"S": "dead"},
                    ":reason": {"S": f"{reason} after {attempts} attempts"},
                },
            )
            deadletter.send("alert", reason, feedback_id=item_id, event=event, attempts=attempts)
    except ClientError:
        logger.warning("could not release an alert claim", extra={"feedback_id": item_id, "event": event})


def _timeline(event: TimelineEvent) -> Any:
    """An update action appending one line to the item's history."""
    return Feedback.timeline.set(Feedback.timeline.append([event]))
