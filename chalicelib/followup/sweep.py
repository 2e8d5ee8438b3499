"""The follow-up sweep: send what is due, exactly once, from the sparse `by_due` index.

Follow-ups are state, not timers. An item that owes a message carries
`followup_due` and `due_shard`; the scheduled sweep queries each shard for
due items only (never a Scan: the cost follows the work, not the table), then
for each item:

1. claims it with a conditional update (`pending` -> `sending` with a lease;
   a `sending` claim whose lease expired is claimable again, which is how a
   crashed sweep's work is recovered), so two sweeps never send the same
   message twice;
2. checks what may have changed since it was queued (consent, suppression,
   the weekly cap, quiet hours) and either skips with a timeline reason,
   defers to the end of quiet hours, or sends through `notify`;
3. records the send (`followups_sent`, timeline, rollup exactly once) and
   takes the item off the index, or on a delivery failure gives the claim
   back with an exponential backoff, dead-lettering after `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from pynamodb.exceptions import UpdateError

from chalicelib import clock, deadletter, notify, rollups
from chalicelib.config import settings
from chalicelib.followup import outcomes, policy, suppression, templates, tokens
from chalicelib.models import Feedback, TimelineEvent
from chalicelib.observability import count, logger
from chalicelib.sites import SiteConfig, get_site

SHARDS: tuple[str, ...] = tuple(str(n) for n in range(policy.DUE_SHARDS))
LEASE_S = 120
MAX_ATTEMPTS = 5
BACKOFF_BASE_S = 60
TIME_BUDGET_S = 90.0  # the sweep function runs for at most 120 s; leave room to finish the current item


@dataclass
class SweepReport:
    """What one sweep did: `read` counts the items the due query returned (and nothing else was read)."""

    read: int = 0
    sent: int = 0
    skipped: int = 0
    deferred: int = 0
    retried: int = 0
    dead: int = 0
    busy: int = 0
    errors: int = 0
    outcomes: dict[str, str] = field(default_factory=dict)

    def add(self, item_id: str, outcome: str) -> None:
        self.outcomes[item_id] = outcome
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass(frozen=True)
class Message:
    """One follow-up ready to go: channel, address and content."""

    channel: str
    address: str
    subject: str
    text: str
    html: str
    reply_to: str
    unsubscribe_url: str


def run(now: float | None = None) -> SweepReport:
    """One sweep over every shard; returns what it did (logged as counts, never contacts)."""
    started = time.monotonic()
    ts = clock.now() if now is None else now
    report = SweepReport()
    for shard in SHARDS:
        for item in Feedback.by_due.query(shard, Feedback.followup_due <= int(ts)):
            report.read += 1
            try:
                report.add(item.id, process(item, ts))
            except Exception:
                logger.exception("follow-up failed; it stays due", extra={"feedback_id": item.id})
                report.add(item.id, "errors")
            if time.monotonic() - started > TIME_BUDGET_S:
                logger.warning("sweep time budget spent; the rest waits for the next tick")
                return _done(report)
    return _done(report)


def _done(report: SweepReport) -> SweepReport:
    summary = {key: value for key, value in report.__dict__.items() if key != "outcomes"}
    logger.info("follow-up sweep", extra=summary)
    return report


def process(item: Feedback, now: float) -> str:
    """Handle one due item; returns the report field it counts in."""
    if item.followup_state == "sending" and int(item.followup_lease_until or 0) >= now:
        return "busy"  # another sweep holds it
    if not claim(item, now):
        return "busy"
    site = get_site(item.site)
    rules = policy.for_site(site)
    stage = item.followup_stage or ""
    reason = _skip_reason(item, stage, rules)
    if reason:
        return _skip(item, stage, now, reason)
    later = policy.quiet_until(rules, now)
    if later is not None:
        _release(item, due=int(later), attempts=int(item.followup_attempts or 0))
        return "deferred"
    hashed = item.contact_hash
    if hashed and suppression.is_suppressed(hashed):
        return _skip(item, stage, now, "suppressed")
    if hashed and not suppression.reserve_weekly(hashed, now, rules.weekly_cap):
        return _skip(item, stage, now, "weekly_cap")
    try:
        channel = send(item, stage, rules, site, now)
    except notify.Suppressed:
        _unreserve(hashed, now)
        return _skip(item, stage, now, "suppressed")
    except notify.SmsCapReached as error:
        _unreserve(hashed, now)
        _dead(item, now, "sms_daily_cap", str(error))
        return "dead"
    except Exception as error:
        _unreserve(hashed, now)
        return _failed(item, now, error)
    _record_sent(item, stage, channel, now)
    return "sent"


def claim(item: Feedback, now: float) -> bool:
    """Take the item for this sweep: pending (or a crashed sweep's expired claim) -> sending, with a lease."""
    stamp = int(now)
    claimable = (Feedback.followup_state == "pending") | (
        (Feedback.followup_state == "sending") & (Feedback.followup_lease_until < stamp)
    )
    try:
        item.update(
            actions=[Feedback.followup_state.set("sending"), Feedback.followup_lease_until.set(stamp + LEASE_S)],
            condition=Feedback.followup_due.exists()
            & (Feedback.followup_due <= stamp)
            & (Feedback.followup_stage == (item.followup_stage or ""))
            & claimable,
            add_version_condition=False,
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def send(item: Feedback, stage: str, rules: policy.FollowupPolicy, site: SiteConfig | None, now: float) -> str:
    """Render and send the stage's message; returns the channel used."""
    message = build_message(item, stage, rules, site, now)
    if message.channel == "email":
        notify.send_email(
            message.address, message.subject, message.text, message.html, message.reply_to, message.unsubscribe_url
        )
    else:
        notify.send_sms(message.address, message.text, site=item.site)
    return message.channel


def build_message(
    item: Feedback, stage: str, rules: policy.FollowupPolicy, site: SiteConfig | None, now: float
) -> Message:
    """The message for this send: a fresh token (stage + send number), links, the templates' content."""
    number = int(item.followups_sent or 0) + 1
    token = tokens.make_token(settings().token_secrets, item.id, stage, int(now) + rules.token_ttl_s, nonce=str(number))
    base = f"{settings().public_url.rstrip('/')}/v1/loop/{token}"
    links = templates.LoopLinks(
        yes_url=f"{base}?resolved=yes",
        no_url=f"{base}?resolved=no",
        nps_urls=[f"{base}?nps={score}" for score in range(11)],
        unsubscribe_url=f"{base}/unsubscribe",
        answer_url=base,
    )
    view = {"language": item.language, "text": item.text, "response": item.response}
    site_name = site.name if site else item.site
    locale = site.locale if site else "en"
    channel = policy.channel_for(rules, item.email, item.phone)
    if channel == "email" and item.email:
        content = templates.render_email(view, stage, links, site_name, locale)
        return Message(
            channel="email",
            address=item.email,
            subject=content.subject,
            text=content.text,
            html=content.html,
            reply_to=f"reply+{token}@{settings().inbound_domain}",
            unsubscribe_url=links.unsubscribe_url,
        )
    if channel == "sms" and item.phone:
        text = templates.render_sms(view, stage, links, site_name, locale)
        return Message("sms", item.phone, "", text, "", "", links.unsubscribe_url)
    raise ValueError("no channel for this item")


def _skip_reason(item: Feedback, stage: str, rules: policy.FollowupPolicy) -> str | None:
    if stage not in tokens.STAGES:
        return "unknown_stage"
    if item.spam or item.status == "spam":
        return "spam"
    if not item.consent_followup:
        return "no_consent"
    if policy.channel_for(rules, item.email, item.phone) is None:
        return "no_contact"
    if not rules.enabled and stage != "response":
        return "policy_disabled"
    if stage == "response" and not (item.response or "").strip():
        return "no_response_text"
    if stage == "checkin" and item.responded_at:
        return "staff_responded"
    return None


def _skip(item: Feedback, stage: str, now: float, reason: str) -> str:
    _finish(item, now, "skipped", TimelineEvent(at=clock.iso(now), event=f"followup_skipped:{stage}", detail=reason))
    count("FollowupsSkipped", reason=reason)
    logger.info("follow-up skipped", extra={"feedback_id": item.id, "stage": stage, "reason": reason})
    return "skipped"


def _unreserve(hashed: str | None, now: float) -> None:
    if hashed:
        suppression.release_weekly(hashed, now)


def _record_sent(item: Feedback, stage: str, channel: str, now: float) -> None:
    """Record what went out; take the item off the index unless it was re-queued meanwhile."""
    before = int(item.followups_sent or 0)
    iso = clock.iso(now)
    event = TimelineEvent(at=iso, event=f"followup:{stage}", actor="boucle", detail=channel)
    bookkeeping = [Feedback.followups_sent.add(1), _timeline(event)]
    try:
        item.update(
            actions=bookkeeping + _off_queue("sent"),
            condition=(Feedback.followup_state == "sending") & (Feedback.followup_stage == stage),
            add_version_condition=False,
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        # Staff queued another message while this one was going out: keep theirs, record ours.
        item.update(actions=bookkeeping, add_version_condition=False)
    number = before + 1
    counters = {"followups_sent": 1, f"followups_{channel}": 1}
    rollups.apply_once(item.site, item.id, f"followup-{stage}-{number}", iso, counters)
    if before == 0 and not item.responded_at:
        seconds = now - clock.parse_iso(item.created_at)
        rollups.apply_once(item.site, item.id, "first-response", iso, outcomes.frt_counters(seconds))
    count("FollowupsSent", channel=channel)
    logger.info("follow-up sent", extra={"feedback_id": item.id, "stage": stage, "channel": channel, "n": number})


def _off_queue(state: str) -> list[Any]:
    return [
        Feedback.followup_state.set(state),
        Feedback.followup_due.remove(),
        Feedback.due_shard.remove(),
        Feedback.followup_lease_until.remove(),
        Feedback.followup_attempts.remove(),
    ]


def _finish(item: Feedback, now: float, state: str, event: TimelineEvent, extra: list[Any] | None = None) -> None:
    """Take a claimed item off the queue (skipped or dead), with a timeline line saying why."""
    try:
        item.update(
            actions=_off_queue(state) + [_timeline(event)] + (extra or []),
            condition=Feedback.followup_state == "sending",
            add_version_condition=False,
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise


def _release(item: Feedback, due: int, attempts: int) -> None:
    """Give the claim back: the item stays queued, due at `due`."""
    try:
        item.update(
            actions=[
                Feedback.followup_state.set("pending"),
                Feedback.followup_due.set(due),
                Feedback.followup_lease_until.remove(),
                Feedback.followup_attempts.set(attempts),
            ],
            condition=Feedback.followup_state == "sending",
            add_version_condition=False,
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise


def _failed(item: Feedback, now: float, error: Exception) -> str:
    """A delivery failure: retry later with exponential backoff, or dead-letter after MAX_ATTEMPTS."""
    attempts = int(item.followup_attempts or 0) + 1
    reason = f"send failed: {getattr(error, 'code', None) or type(error).__name__}"
    if attempts >= MAX_ATTEMPTS:
        _dead(item, now, reason, f"{reason} after {attempts} attempts", attempts)
        return "dead"
    _release(item, due=int(now) + BACKOFF_BASE_S * 2**attempts, attempts=attempts)
    count("FollowupRetried")
    logger.warning("follow-up send failed; retrying later", extra={"feedback_id": item.id, "attempts": attempts})
    return "retried"


def _dead(item: Feedback, now: float, reason: str, detail: str, attempts: int | None = None) -> None:
    stage = item.followup_stage or ""
    event = TimelineEvent(at=clock.iso(now), event=f"followup_failed:{stage}", actor="boucle", detail=reason)
    extra = [Feedback.dead_letter_reason.set(f"followup: {detail}")]
    _finish(item, now, "dead", event, extra)
    deadletter.send("followup", detail, feedback_id=item.id, stage=stage, attempts=attempts)


def _timeline(event: TimelineEvent) -> Any:
    """An update action appending one line to the item's history."""
    return Feedback.timeline.set(Feedback.timeline.append([event]))
