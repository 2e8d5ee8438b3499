"""Staff alerts: which feedback deserves one, and what the alert says.

Pure functions only (no AWS call, no I/O, stdlib only): the stream handler
reads the item and the site's `alert_rules`, calls `evaluate`, and publishes
`sns_publish_kwargs(build_alert(...), topic_arn)` to the alerts topic, whose
email and SMS subscribers filter on the message attributes built here
(`filter_policy` builds the matching subscription filter).

Everything that comes from a customer (text, evidence, contacts) is
sanitised before it is placed in a message: control and format characters
removed (no header injection, no bidi spoofing), lengths capped, and messages
assembled by concatenation of already-clean strings, never by `str.format` on
customer text. Nothing here logs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import quote

from chalicelib.gsm7 import fold_to_gsm7, gsm7_length, is_gsm7, truncate_gsm7
from chalicelib.text import multiline, quote_lines, strip_controls

Severity = Literal["normal", "high"]
SEVERITIES: tuple[Severity, ...] = ("normal", "high")

SUBJECT_MAX = 99  # SNS: "less than 100 characters", no line breaks or control characters
SMS_MAX = 160  # one GSM-7 segment
TEXT_MAX = 2000  # customer text quoted in the email body
EVIDENCE_MAX = 10
EVIDENCE_ITEM_MAX = 300
FILTER_VALUES_MAX = 150  # SNS: at most 150 value combinations per filter policy
FILTER_VALUE_LEN_MAX = 256

# Scales of each score kind, for labels ("NPS 3/10") and for range checks.
_SCALES: dict[str, tuple[str, int, int]] = {
    "nps": ("NPS", 0, 10),
    "csat": ("CSAT", 1, 5),
    "ces": ("CES", 1, 7),
}

REASON_TEXT: dict[str, str] = {
    "negative_sentiment": "negative sentiment",
    "nps_detractor": "NPS detractor (0-6)",
    "csat_low": "low CSAT (1-2)",
    "ces_high": "high effort CES (5-7)",
    "high_urgency": "high urgency",
}


@dataclass
class AlertRules:
    """A site's alert settings (the Site record's `alert_rules` map).

    Every rule is on by default, so a site without settings gets alerts for
    everything that looks bad. `quiet_topics` silences alerts whose topics are
    all routine (e.g. "pricing" on a site that does not care), but never a
    high-severity one.
    """

    negative_sentiment: bool = True
    nps_detractor: bool = True
    csat_low: bool = True
    ces_high: bool = True
    high_urgency: bool = True
    min_severity: Severity = "normal"
    quiet_topics: list[str] = field(default_factory=list)
    spike_min_count: int = 5
    spike_factor: float = 3.0
    enabled: bool = True

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> AlertRules:
        """Rules from stored settings, never raising.

        Settings are edited by hand and stored as DynamoDB maps (numbers as
        Decimal), so unknown keys are ignored and a value of the wrong type or
        out of range falls back to its default rather than breaking alerting.
        """
        default = cls()
        if not isinstance(data, Mapping):
            return default
        rules = cls(
            negative_sentiment=_as_bool(data.get("negative_sentiment"), default.negative_sentiment),
            nps_detractor=_as_bool(data.get("nps_detractor"), default.nps_detractor),
            csat_low=_as_bool(data.get("csat_low"), default.csat_low),
            ces_high=_as_bool(data.get("ces_high"), default.ces_high),
            high_urgency=_as_bool(data.get("high_urgency"), default.high_urgency),
            enabled=_as_bool(data.get("enabled"), default.enabled),
        )
        severity = data.get("min_severity")
        if isinstance(severity, str) and severity.strip().lower() in SEVERITIES:
            rules.min_severity = severity.strip().lower()  # type: ignore[assignment]
        rules.quiet_topics = _as_topics(data.get("quiet_topics"))
        count = _as_number(data.get("spike_min_count"))
        if count is not None and count >= 0 and count == int(count):
            rules.spike_min_count = int(count)
        factor = _as_number(data.get("spike_factor"))
        if factor is not None and factor > 0:
            rules.spike_factor = float(factor)
        return rules


@dataclass(frozen=True)
class AlertDecision:
    """Why an item alerts: its severity and the rules that fired (keys of REASON_TEXT)."""

    severity: Severity
    reasons: list[str]


@dataclass(frozen=True)
class AlertMessage:
    """One alert, ready to publish: per-protocol bodies and SNS message attributes.

    `data` is a structured summary (no customer text, no contact) sent to
    machine subscribers (`default`, `email-json`).
    """

    subject: str
    email_body: str
    sms_body: str
    attributes: dict[str, dict[str, str]]
    data: dict[str, Any] = field(default_factory=dict)


# --- deciding -------------------------------------------------------------------------------------


def evaluate(item: Mapping[str, Any], rules: AlertRules) -> AlertDecision | None:
    """The alert an item calls for, or None.

    Severity is "high" when a fired rule says the customer is very unhappy
    or the matter is urgent: urgency high, NPS 0-2, CSAT 1 (the bottom of its
    1-5 scale), CES 7 (the top of its 1-7 effort scale). Every other fired
    rule gives "normal". Severity is derived from the rules that fired, so a
    site that turns `high_urgency` off is not alerted "high" on urgency alone.
    Spam never alerts.
    """
    if not rules.enabled or item.get("status") == "spam":
        return None
    kind = item.get("kind")
    score = _score(item.get("score"))
    reasons: list[str] = []
    high = False
    if rules.negative_sentiment and (item.get("negative") is True or item.get("sentiment") == "negative"):
        reasons.append("negative_sentiment")
    if rules.nps_detractor and kind == "nps" and score is not None and 0 <= score <= 6:
        reasons.append("nps_detractor")
        high = high or score <= 2
    if rules.csat_low and kind == "csat" and score is not None and 1 <= score <= 2:
        reasons.append("csat_low")
        high = high or score == 1
    if rules.ces_high and kind == "ces" and score is not None and 5 <= score <= 7:
        reasons.append("ces_high")
        high = high or score == 7
    if rules.high_urgency and item.get("urgency") == "high":
        reasons.append("high_urgency")
        high = True
    if not reasons:
        return None
    severity: Severity = "high" if high else "normal"
    if rules.min_severity == "high" and severity != "high":
        return None
    topics = _topics(item.get("topics"))
    quiet = {topic.casefold() for topic in rules.quiet_topics}
    if severity != "high" and topics and quiet and all(topic.casefold() in quiet for topic in topics):
        return None
    return AlertDecision(severity=severity, reasons=reasons)


def spike_exceeded(count_last_hour: int, previous_week_same_hour: Sequence[int], rules: AlertRules) -> bool:
    """True when the last hour's volume is a spike worth an alert.

    A spike is more than `spike_min_count` items AND more than `spike_factor`
    times the average of the same hour over the previous days (the caller
    passes the 7 previous days, zeros included). With no history the average
    is 0, so only the minimum count applies. Values that are not counts
    (negative, not numbers) are ignored rather than trusted.
    """
    if not rules.enabled:
        return False
    history = [n for n in (_as_number(value) for value in previous_week_same_hour) if n is not None and n >= 0]
    baseline = sum(history) / len(history) if history else 0.0
    return count_last_hour > rules.spike_min_count and count_last_hour > rules.spike_factor * baseline


# --- building -------------------------------------------------------------------------------------


def build_alert(
    item: Mapping[str, Any],
    decision: AlertDecision,
    dashboard_url: str,
    site_name: str | None = None,
) -> AlertMessage:
    """The alert for one item: subject, plain-text email, SMS and SNS attributes."""
    site_key = _line(str(item.get("site") or ""), 64) or "unknown"
    site_label = _line(site_name or "", 80) or site_key
    severity = decision.severity
    score_label = _score_label(item)
    raw_text = item.get("text")
    text = multiline(raw_text, TEXT_MAX) if isinstance(raw_text, str) else ""
    excerpt = _line(text, 200)
    topics = _topics(item.get("topics"))
    item_id = _line(str(item.get("id") or ""), 64)
    link = _item_link(dashboard_url, item_id)

    head = "[boucle] " + severity.upper() + " · " + site_key + " · " + score_label
    subject = _cut(head + " · " + excerpt if excerpt else head, SUBJECT_MAX)

    reasons = ", ".join(REASON_TEXT.get(reason, _line(reason, 40)) for reason in decision.reasons)
    details = [
        "Severity: " + severity.upper(),
        "Site: " + site_label + (" (" + site_key + ")" if site_label != site_key else ""),
        "Feedback: " + score_label,
        "Channel: " + _line(str(item.get("channel") or "unknown"), 20),
        "Language: " + _line(str(item.get("language") or "und"), 10),
        "Sentiment: " + _line(str(item.get("sentiment") or "unknown"), 20) + (" (mixed)" if item.get("mixed") else ""),
        "Urgency: " + _line(str(item.get("urgency") or "normal"), 20),
        "Why: " + reasons,
        "Topics: " + (", ".join(topics) if topics else "(none)"),
        "Received: " + _line(str(item.get("created_at") or ""), 40),
    ]
    body = ["boucle alert for " + site_label, "", *details, "", "The customer wrote:"]
    body.append(quote_lines(text) if text else "> (no text)")
    evidence = [_line(str(entry), EVIDENCE_ITEM_MAX) for entry in _list(item.get("evidence"))[:EVIDENCE_MAX]]
    evidence = [entry for entry in evidence if entry]
    if evidence:
        body += ["", "Evidence:"] + ['- "' + entry + '"' for entry in evidence]
    body += ["", "Contact: " + _contact(item)]
    body += ["", "Open in the dashboard: " + link, ""]

    return AlertMessage(
        subject=subject,
        email_body="\n".join(body),
        sms_body=_alert_sms(severity, site_key, _sms_score(item), excerpt, link, item_id),
        attributes=_attributes(site_key, severity, topics or ["other"], item.get("channel"), item.get("kind")),
        data={
            "type": "feedback",
            "id": item_id,
            "site": site_key,
            "severity": severity,
            "reasons": list(decision.reasons),
            "kind": _line(str(item.get("kind") or "unknown"), 20),
            "score": _score(item.get("score")),
            "channel": _line(str(item.get("channel") or "unknown"), 20),
            "topics": topics,
            "url": link,
        },
    )


def build_spike_alert(site: str, hour_iso: str, count: int, baseline_avg: float, dashboard_url: str) -> AlertMessage:
    """The alert for an unusual volume of feedback in one hour (always high severity).

    It links to the dashboard home: the spike is about a site, not one item.
    """
    site_key = _line(site, 64) or "unknown"
    hour = _line(hour_iso, 40)
    baseline = f"{baseline_avg:.1f}" if math.isfinite(baseline_avg) else "?"
    link = _line(dashboard_url, 500)
    summary = str(int(count)) + " feedback in the hour from " + hour + " (usual: " + baseline + ")"
    subject = _cut("[boucle] HIGH · " + site_key + " · Spike: " + summary, SUBJECT_MAX)
    body = [
        "boucle alert for " + site_key,
        "",
        "Severity: HIGH",
        "Why: unusual volume of feedback",
        "Hour: " + hour,
        "Feedback that hour: " + str(int(count)),
        "Average for that hour over the previous days: " + baseline,
        "",
        "Open in the dashboard: " + link,
        "",
    ]
    sms_head = fold_to_gsm7(
        "boucle HIGH " + site_key + " spike: " + str(int(count)) + " in 1h (usual " + baseline + ")"
    )
    sms = _fit_sms(sms_head, "", [" " + link] if is_gsm7(link) else [])
    return AlertMessage(
        subject=subject,
        email_body="\n".join(body),
        sms_body=sms,
        attributes=_attributes(site_key, "high", ["spike"], "spike", "spike"),
        data={
            "type": "spike",
            "site": site_key,
            "severity": "high",
            "hour": hour,
            "count": int(count),
            "baseline": baseline_avg if math.isfinite(baseline_avg) else None,
            "url": link,
        },
    )


def sns_publish_kwargs(message: AlertMessage, topic_arn: str) -> dict[str, Any]:
    """Keyword arguments for `sns.publish`: one message, a body per protocol.

    Email subscribers get the plain-text body, SMS ones the short body, and
    machine subscribers (`default`: HTTP, SQS, Lambda; `email-json`) the
    structured summary, which carries no customer text or contact. (SNS adds
    the Subject, with its short excerpt, to those subscribers' envelope.)
    """
    summary = json.dumps(message.data, sort_keys=True)
    return {
        "TopicArn": topic_arn,
        "MessageStructure": "json",
        "Message": json.dumps(
            {"default": summary, "email": message.email_body, "sms": message.sms_body, "email-json": summary}
        ),
        "Subject": message.subject,
        "MessageAttributes": message.attributes,
    }


def filter_policy(
    sites: Iterable[str] | None = None,
    severities: Iterable[str] | None = None,
    topics: Iterable[str] | None = None,
) -> dict[str, list[str]]:
    """An SNS subscription filter policy on the alert attributes.

    None means "any" for that attribute; an empty dict means no filter at all
    (leave the subscription's FilterPolicy unset). Spike alerts carry the
    topic "spike" and feedback without topics the topic "other": a
    subscriber filtering on topics lists them to receive those too.
    Raises ValueError for an empty list, an unknown severity, a blank,
    too long or multi-line value, or more than SNS's 150 value combinations.
    """
    policy: dict[str, list[str]] = {}
    for name, values in (("site", sites), ("severity", severities), ("topics", topics)):
        if values is None:
            continue
        if isinstance(values, str):
            values = [values]
        clean: list[str] = []
        for value in values:
            if not isinstance(value, str):
                raise ValueError(f"{name} values must be strings")
            stripped = value.strip()
            if (
                not stripped
                or len(stripped) > FILTER_VALUE_LEN_MAX
                or _line(stripped, FILTER_VALUE_LEN_MAX) != stripped
            ):
                raise ValueError(f"invalid {name} value")
            if name == "severity" and stripped not in SEVERITIES:
                raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}")
            if stripped not in clean:
                clean.append(stripped)
        if not clean:
            raise ValueError(f"{name} must list at least one value (or be omitted)")
        policy[name] = clean
    combinations = math.prod(len(values) for values in policy.values())
    if policy and combinations > FILTER_VALUES_MAX:
        raise ValueError(f"filter policy has {combinations} value combinations; SNS allows {FILTER_VALUES_MAX}")
    return policy


# --- helpers --------------------------------------------------------------------------------------


def _as_bool(value: Any, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return default


def _as_number(value: Any) -> float | None:
    """A finite number from int, float, Decimal or a numeric string; None otherwise (bools too)."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float | Decimal):
            number = float(value)
        elif isinstance(value, str):
            number = float(value.strip())
        else:
            return None
    except (ValueError, OverflowError, ArithmeticError):
        return None
    return number if math.isfinite(number) else None


def _as_topics(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset):
        return []
    return [topic.strip() for topic in value if isinstance(topic, str) and topic.strip()]


def _score(value: Any) -> int | None:
    number = _as_number(value) if not isinstance(value, str) else None
    if number is None or number != int(number):
        return None
    return int(number)


def _list(value: Any) -> list[Any]:
    """A list from a list or tuple; a set (DynamoDB string set) in sorted order; else empty."""
    if isinstance(value, set | frozenset):
        return sorted(entry for entry in value if isinstance(entry, str))
    return list(value) if isinstance(value, list | tuple) else []


def _topics(value: Any) -> list[str]:
    """The item's topics, sanitised and deduplicated, in order."""
    topics: list[str] = []
    for topic in _list(value):
        clean = _line(str(topic), 64) if isinstance(topic, str) else ""
        if clean and clean not in topics:
            topics.append(clean)
    return topics


def _line(text: str, limit: int) -> str:
    """One clean line: no control characters, whitespace collapsed, at most `limit` characters."""
    return _cut(" ".join(strip_controls(text, keep_newlines=False).split()), limit)


def _cut(text: str, limit: int, ellipsis: str = "…") -> str:
    if len(text) <= limit:
        return text
    return text[: max(limit - len(ellipsis), 0)].rstrip() + ellipsis


def _contact(item: Mapping[str, Any]) -> str:
    """The customer's contact, only when they agreed to be contacted."""
    if item.get("consent_followup") is not True:
        return "(no consent to contact)"
    parts = []
    for key in ("email", "phone"):
        value = item.get(key)
        if isinstance(value, str) and _line(value, 254):
            parts.append(_line(value, 254))
    return ", ".join(parts) if parts else "(consent given, but no email or phone)"


def _score_label(item: Mapping[str, Any]) -> str:
    kind = item.get("kind")
    score = _score(item.get("score"))
    if isinstance(kind, str) and kind in _SCALES:
        name, _, top = _SCALES[kind]
        return name + " " + (str(score) + "/" + str(top) if score is not None else "(no score)")
    return "Comment"


def _sms_score(item: Mapping[str, Any]) -> str:
    kind = item.get("kind")
    score = _score(item.get("score"))
    if isinstance(kind, str) and kind in _SCALES and score is not None:
        return _SCALES[kind][0] + " " + str(score)
    return ""


def _item_link(dashboard_url: str, item_id: str) -> str:
    return _line(dashboard_url, 500) + "#/feedback/" + quote(item_id, safe="")


def _alert_sms(severity: str, site: str, score: str, excerpt: str, link: str, item_id: str) -> str:
    head = fold_to_gsm7("boucle " + severity.upper() + " " + site + (" " + score if score else ""))
    tails = [" " + link] if is_gsm7(link) else []
    if item_id and is_gsm7(item_id):
        tails.append(" #" + item_id)
    return _fit_sms(head, fold_to_gsm7(excerpt), tails)


def _fit_sms(head: str, text: str, tails: list[str], min_text: int = 20) -> str:
    """head + ": " + text + tail within one SMS, using the first tail that leaves room for the text.

    The text gets at least `min_text` septets (or all of it when shorter);
    a tail that does not leave that much is skipped, and without a fitting
    tail the SMS is head and text alone. All parts must already be GSM-7.
    """
    lead = head + ": " if text else head
    want = min(gsm7_length(text), min_text)
    for tail in tails:
        room = SMS_MAX - gsm7_length(lead) - gsm7_length(tail)
        if room >= want:
            return lead + truncate_gsm7(text, room) + tail
    room = SMS_MAX - gsm7_length(lead)
    if room < 0 or (text and room < 4):
        return truncate_gsm7(head, SMS_MAX)
    return lead + truncate_gsm7(text, room)


def _attributes(site: str, severity: str, topics: list[str], channel: Any, kind: Any) -> dict[str, dict[str, str]]:
    """SNS MessageAttributes (boto3 form); SNS rejects empty values, hence the fallbacks."""
    return {
        "site": {"DataType": "String", "StringValue": site},
        "severity": {"DataType": "String", "StringValue": severity},
        "topics": {"DataType": "String.Array", "StringValue": json.dumps(topics, separators=(",", ":"))},
        "channel": {"DataType": "String", "StringValue": _line(str(channel or ""), 20) or "unknown"},
        "kind": {"DataType": "String", "StringValue": _line(str(kind or ""), 20) or "unknown"},
    }
