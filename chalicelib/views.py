"""The JSON shape of a feedback item, as staff API, exports and the dashboard see it."""

from __future__ import annotations

from typing import Any

from chalicelib.models import Feedback

TIMELINE_LIMIT = 200


def item_view(item: Feedback, *, with_contact: bool = False, with_timeline: bool = False) -> dict[str, Any]:
    """Top-level fields are a public contract: id, site, channel, kind, score, text, language,
    sentiment, topics, urgency, status, created_at (more may be added, none removed)."""
    view: dict[str, Any] = {
        "id": item.id,
        "site": item.site,
        "channel": item.channel,
        "kind": item.kind,
        "score": None if item.score is None else int(item.score),
        "text": item.text,
        "language": item.language,
        "sentiment": item.sentiment,
        "sentiment_score": float(item.sentiment_score or 0),
        "mixed": bool(item.mixed),
        "negative": bool(item.negative),
        "topics": list(item.topics or []),
        "urgency": item.urgency,
        "status": item.status,
        "created_at": item.created_at,
        "version": item.version,
        "assignee": item.assignee,
        "tags": sorted(item.tags or []),
        "response": item.response,
        "responded_at": item.responded_at,
        "resolved_at": item.resolved_at,
        "alerted_at": item.alerted_at,
        "alert_severity": item.alert_severity,
        "dead_letter_reason": item.dead_letter_reason,
        "erased_at": item.erased_at,
        "followup_stage": item.followup_stage,
        "followup_due": None if item.followup_due is None else int(item.followup_due),
        "followups_sent": int(item.followups_sent or 0),
        "has_contact": bool(item.email or item.phone),
        "consent_followup": bool(item.consent_followup),
        "locale": item.locale,
        "page_url": item.page_url,
        "subject": item.subject,
        "metadata": dict(item.metadata.as_dict()) if item.metadata else {},
    }
    if with_contact:
        view["contact"] = {"email": item.email, "phone": item.phone}
    if with_timeline:
        view["analysis"] = {
            "language": item.language,
            "sentiment": item.sentiment,
            "score": float(item.sentiment_score or 0),
            "topics": list(item.topics or []),
            "urgency": item.urgency,
            "evidence": list(item.evidence or []),
            "mixed": bool(item.mixed),
            "backend": item.analysis_backend,
        }
        view["replies"] = [
            {key: reply.get(key) for key in ("id", "at", "text", "language", "sentiment", "negative", "topics")}
            for reply in ((r.as_dict() if hasattr(r, "as_dict") else dict(r)) for r in (item.replies or []))
        ]
        view["timeline"] = [
            {"at": event.at, "event": event.event, "actor": event.actor, "detail": event.detail}
            for event in (item.timeline or [])[-TIMELINE_LIMIT:]
        ]
    return view
