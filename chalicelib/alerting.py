"""Alerting staff about a new negative item, exactly once, from the stream handler.

Exactly once, with SNS (which cannot deduplicate a standard topic):
1. claim: a conditional write sets `alerted_at` and `alert_state = "publishing"`
   only if no alert was claimed (or a claim's lease expired after a crash);
2. publish to the topic;
3. mark `alert_state = "sent"`.
A failed publish releases the claim and raises, so the stream redelivers the
record and the alert is retried; after `MAX_ATTEMPTS` the item is marked
`dead` with a reason on the dead-letter path. A redelivered record, a retried
batch or a second pump finds the claim and publishes nothing.
"""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import UpdateError

from chalicelib import alerts, clock, deadletter, rollups
from chalicelib.aws import client
from chalicelib.config import settings
from chalicelib.models import Feedback, TimelineEvent
from chalicelib.observability import count, logger
from chalicelib.sites import SiteConfig
from chalicelib.views import item_view

MAX_ATTEMPTS = 5
CLAIM_LEASE_S = 120


def alert_view(item: Feedback) -> dict[str, Any]:
    """The staff view of the item, plus what an alert may carry that listings do not: contact and evidence."""
    return {**item_view(item), "email": item.email, "phone": item.phone, "evidence": list(item.evidence or [])}


def publish(message: alerts.AlertMessage) -> None:
    """Put one alert on the staff topic (email and SMS subscribers filter by its attributes)."""
    client("sns").publish(**alerts.sns_publish_kwargs(message, settings().alerts_topic_arn))


def on_new_item(item: Feedback, site: SiteConfig | None) -> bool:
    """Alert on a newly stored item if the site's rules say so. Returns True if an alert went out now."""
    rules = alerts.AlertRules.from_dict(site.alert_rules if site else None)
    view = alert_view(item)
    decision = alerts.evaluate(view, rules)
    if decision is None:
        return False
    if not _claim(item):
        return False
    message = alerts.build_alert(view, decision, settings().dashboard_url, site.name if site else None)
    try:
        publish(message)
    except Exception as error:
        _release(item, error)
        raise
    now = clock.iso()
    item.update(
        actions=[
            Feedback.alert_state.set("sent"),
            Feedback.alert_severity.set(decision.severity),
            Feedback.timeline.set(
                Feedback.timeline.append(
                    [TimelineEvent(at=now, event="alerted", actor="boucle", detail=decision.severity)]
                )
            ),
        ],
        add_version_condition=False,
    )
    rollups.apply_once(item.site, item.id, "alerted", item.created_at, {"alerts_sent": 1})
    count("AlertsSent", severity=decision.severity)
    logger.info("alert sent", extra={"feedback_id": item.id, "site": item.site, "severity": decision.severity})
    return True


def _claim(item: Feedback) -> bool:
    now = clock.now()
    unclaimed = Feedback.alerted_at.does_not_exist()
    crashed = (Feedback.alert_state == "publishing") & (Feedback.alert_claim_until < int(now))
    try:
        item.update(
            actions=[
                Feedback.alerted_at.set(clock.iso(now)),
                Feedback.alert_state.set("publishing"),
                Feedback.alert_claim_until.set(int(now) + CLAIM_LEASE_S),
            ],
            condition=Feedback.id.exists() & (unclaimed | crashed),
            add_version_condition=False,
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _release(item: Feedback, error: Exception) -> None:
    """Give the claim back so the redelivered record retries, or give up after MAX_ATTEMPTS."""
    attempts = int(item.alert_attempts or 0) + 1
    reason = f"sns publish failed: {type(error).__name__}"
    count("AlertPublishFailed")
    if attempts >= MAX_ATTEMPTS:
        item.update(
            actions=[
                Feedback.alert_state.set("dead"),
                Feedback.alert_attempts.set(attempts),
                Feedback.dead_letter_reason.set(f"alert: {reason} after {attempts} attempts"),
            ],
            add_version_condition=False,
        )
        deadletter.send("alert", reason, feedback_id=item.id, attempts=attempts)
        return
    item.update(
        actions=[Feedback.alerted_at.remove(), Feedback.alert_state.remove(), Feedback.alert_attempts.set(attempts)],
        condition=Feedback.alert_state == "publishing",
        add_version_condition=False,
    )


def check_spike(item: Feedback, site: SiteConfig | None) -> bool:
    """One summary alert per site and hour when negatives pile up (never one per item)."""
    rules = alerts.AlertRules.from_dict(site.alert_rules if site else None)
    hour = item.created_at[:13]
    keys = [f"hour#{hour}"] + [f"hour#{day}{hour[10:]}" for day in _previous_days(hour, 7)]
    counts = {key: row.get("negative", 0) for key, row in rollups.read_counters(item.site, keys).items()}
    current = counts[keys[0]]
    history = [counts[key] for key in keys[1:]]
    if not alerts.spike_exceeded(current, history, rules):
        return False
    if not rollups.apply_once(item.site, f"spike-{hour}", "spike", item.created_at, {"spikes": 1}):
        return False
    baseline = sum(history) / len(history) if history else 0.0
    message = alerts.build_spike_alert(item.site, hour, current, baseline, settings().dashboard_url)
    publish(message)
    count("SpikeAlertsSent")
    return True


def _previous_days(hour: str, days: int) -> list[str]:
    from datetime import date, timedelta

    today = date.fromisoformat(hour[:10])
    return [(today - timedelta(days=n)).isoformat() for n in range(1, days + 1)]
