"""A customer's emailed reply to a follow-up joins the original feedback.

Follow-up emails carry `Reply-To: reply+TOKEN@INBOUND_DOMAIN`; inbound mail
to that address arrives here (from `intake.mail`) instead of becoming new
feedback. The token's signature must be ours, but an expired token is fine:
a late reply still belongs to its thread. The reply is analysed like any
feedback, appended to the item's `replies` (once per Message-ID: SES and S3
deliver at least once) with a `reply` timeline line, and an unhappy reply
reopens the item; the stream reaction (`outcomes.on_change`) alerts staff once.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import UpdateError

from chalicelib import clock
from chalicelib.analysis import analyze, final_sentiment
from chalicelib.config import settings
from chalicelib.followup import outcomes, tokens
from chalicelib.intake.feedback_in import MAX_TEXT_CHARS
from chalicelib.models import Feedback, TimelineEvent
from chalicelib.observability import count, logger
from chalicelib.sites import SiteConfig, get_site

if TYPE_CHECKING:
    from chalicelib.intake.email import ParsedEmail
    from chalicelib.intake.mail import MailOutcome

MAX_REPLIES = 50  # a thread longer than this is a loop between robots, not a conversation


def attach(token: str, message: ParsedEmail, raw_key: str) -> MailOutcome:
    """Attach one inbound reply to the item its token names; returns what became of it."""
    from chalicelib.intake.mail import MailOutcome

    try:
        claims = tokens.verify_token(settings().token_secrets, token, int(clock.now()))
    except tokens.TokenExpired as expired:
        claims = expired.claims
    except tokens.TokenError:
        return _drop("bad_reply_token", raw_key)
    text = (message.text or "").strip() or (message.subject or "").strip()
    if not text:
        return _drop("empty", raw_key)
    reply_id = hashlib.sha256((message.message_id or raw_key).encode()).hexdigest()[:24]
    for _ in range(outcomes.WRITE_RETRIES):
        try:
            item = Feedback.get(claims.item_id, consistent_read=True)
        except Feedback.DoesNotExist:
            return _drop("unknown_item", raw_key)
        existing = [outcomes.plain(reply) for reply in item.replies or []]
        if any(reply.get("id") == reply_id for reply in existing):
            count("EmailsDuplicate")
            logger.info("duplicate reply ignored", extra={"feedback_id": item.id, "raw_key": raw_key})
            return MailOutcome("duplicate", feedback_id=item.id)
        if len(existing) >= MAX_REPLIES:
            return _drop("too_many_replies", raw_key)
        entry = _entry(reply_id, text[:MAX_TEXT_CHARS], item.language, raw_key, get_site(item.site))
        iso = entry["at"]
        actions: list[Any] = [
            Feedback.replies.set([*existing, entry]),
            _timeline(TimelineEvent(at=iso, event="reply", actor="customer", detail=entry["sentiment"])),
        ]
        if entry["negative"] and item.status not in ("spam", "reopened"):
            actions.append(Feedback.status.set("reopened"))
            if item.resolved_at:
                actions.append(Feedback.resolved_at.remove())
        try:
            item.update(actions=actions)  # conditioned on the version read: the duplicate check holds
        except UpdateError as error:
            if error.cause_response_code == "ConditionalCheckFailedException":
                continue
            raise
        count("RepliesAttached")
        logger.info(
            "reply attached",
            extra={"feedback_id": item.id, "stage": claims.stage, "negative": entry["negative"], "raw_key": raw_key},
        )
        return MailOutcome("reply", feedback_id=item.id)
    raise outcomes.Busy(claims.item_id)


def _entry(reply_id: str, text: str, language: str | None, raw_key: str, site: SiteConfig | None) -> dict[str, Any]:
    """The stored reply: what it says and what the analyzer makes of it (with the site's topics)."""
    hint = language if language in ("fr", "en") else None
    analysis = analyze(text, hint, taxonomy=site.taxonomy() if site else None)
    verdict = final_sentiment("comment", None, analysis)
    return {
        "id": reply_id,
        "at": clock.iso(),
        "text": text,
        "language": analysis.language,
        "sentiment": verdict.sentiment,
        "negative": bool(verdict.negative),
        "topics": list(analysis.topics),
        "raw_mail_key": raw_key,
    }


def _drop(reason: str, raw_key: str) -> MailOutcome:
    from chalicelib.intake.mail import MailOutcome

    count("EmailsDropped", reason=reason)
    logger.info("mail dropped", extra={"reason": reason, "raw_key": raw_key})
    return MailOutcome("dropped", reason=reason)


def _timeline(event: TimelineEvent) -> Any:
    """An update action appending one line to the item's history."""
    return Feedback.timeline.set(Feedback.timeline.append([event]))
