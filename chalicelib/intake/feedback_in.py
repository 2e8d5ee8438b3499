"""`FeedbackIn`: the one value every channel (HTTP, form, email) turns into."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("nps", "csat", "ces", "comment")
SCORE_RANGES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
MAX_TEXT_CHARS = 5000


@dataclass(frozen=True)
class FeedbackIn:
    site: str
    kind: str
    channel: str
    score: int | None = None
    text: str | None = None
    email: str | None = None
    phone: str | None = None
    consent_followup: bool = False
    locale: str | None = None
    page_url: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    # Filled by bots only (a hidden field): stored as spam, never alerted.
    spam: bool = False
    # Email intake
    message_id: str | None = None
    subject: str | None = None
    raw_mail_key: str | None = None
