"""Staff alerts: rules, severity, suppression, message building, SNS shapes, spikes, filter policies."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.alerts import (
    SUBJECT_MAX,
    AlertDecision,
    AlertRules,
    build_alert,
    build_spike_alert,
    evaluate,
    filter_policy,
    sns_publish_kwargs,
    spike_exceeded,
)
from chalicelib.gsm7 import gsm7_length, is_gsm7

DASHBOARD = "https://feedback.example.com/dashboard"
ITEM_ID = "01HZX3Q4R5S6T7V8W9XAYBZC0D"


def make_item(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": ITEM_ID,
        "site": "demo",
        "channel": "web",
        "kind": "comment",
        "score": None,
        "text": "Livraison en retard",
        "language": "fr",
        "sentiment": "neutral",
        "mixed": False,
        "negative": False,
        "topics": ["delivery"],
        "urgency": "normal",
        "evidence": [],
        "email": "jane@example.org",
        "phone": "+33612345678",
        "consent_followup": False,
        "created_at": "2024-05-01T10:00:00Z",
        "response": None,
        "status": "new",
    }
    item.update(overrides)
    return item


# --- rules ----------------------------------------------------------------------------------------


def test_neutral_comment_does_not_alert() -> None:
    assert evaluate(make_item(), AlertRules()) is None


def test_negative_flag_alerts() -> None:
    decision = evaluate(make_item(negative=True), AlertRules())
    assert decision == AlertDecision("normal", ["negative_sentiment"])


def test_negative_sentiment_alerts() -> None:
    decision = evaluate(make_item(sentiment="negative"), AlertRules())
    assert decision == AlertDecision("normal", ["negative_sentiment"])


@pytest.mark.parametrize(
    ("score", "expected"),
    [(0, "high"), (1, "high"), (2, "high"), (3, "normal"), (6, "normal"), (7, None), (8, None), (10, None)],
)
def test_nps_detractor_boundaries(score: int, expected: str | None) -> None:
    decision = evaluate(make_item(kind="nps", score=score), AlertRules())
    if expected is None:
        assert decision is None
    else:
        assert decision == AlertDecision(expected, ["nps_detractor"])  # type: ignore[arg-type]


@pytest.mark.parametrize(("score", "expected"), [(1, "high"), (2, "normal"), (3, None), (5, None)])
def test_csat_low_boundaries(score: int, expected: str | None) -> None:
    decision = evaluate(make_item(kind="csat", score=score), AlertRules())
    if expected is None:
        assert decision is None
    else:
        assert decision == AlertDecision(expected, ["csat_low"])  # type: ignore[arg-type]


@pytest.mark.parametrize(("score", "expected"), [(1, None), (4, None), (5, "normal"), (6, "normal"), (7, "high")])
def test_ces_high_boundaries(score: int, expected: str | None) -> None:
    decision = evaluate(make_item(kind="ces", score=score), AlertRules())
    if expected is None:
        assert decision is None
    else:
        assert decision == AlertDecision(expected, ["ces_high"])  # type: ignore[arg-type]


def test_high_urgency_alerts_high() -> None:
    assert evaluate(make_item(urgency="high"), AlertRules()) == AlertDecision("high", ["high_urgency"])


def test_out_of_scale_or_odd_scores_do_not_fire() -> None:
    rules = AlertRules()
    assert evaluate(make_item(kind="nps", score=-1), rules) is None
    assert evaluate(make_item(kind="csat", score=0), rules) is None
    assert evaluate(make_item(kind="ces", score=8), rules) is None
    assert evaluate(make_item(kind="nps", score=None), rules) is None
    assert evaluate(make_item(kind="nps", score="3"), rules) is None
    assert evaluate(make_item(kind="nps", score=True), rules) is None
    assert evaluate(make_item(kind="comment", score=3), rules) is None


def test_decimal_scores_from_dynamodb_count() -> None:
    assert evaluate(make_item(kind="nps", score=Decimal(2)), AlertRules()) == AlertDecision("high", ["nps_detractor"])


def test_every_fired_rule_is_a_reason() -> None:
    decision = evaluate(make_item(kind="nps", score=4, negative=True, urgency="high"), AlertRules())
    assert decision == AlertDecision("high", ["negative_sentiment", "nps_detractor", "high_urgency"])


def test_disabled_rules_do_not_fire_or_raise_severity() -> None:
    rules = AlertRules(nps_detractor=False, high_urgency=False)
    assert evaluate(make_item(kind="nps", score=0), rules) is None
    assert evaluate(make_item(urgency="high"), rules) is None
    # Urgency still set, but its rule is off: only the negative rule fires, at normal severity.
    assert evaluate(make_item(urgency="high", negative=True), rules) == AlertDecision("normal", ["negative_sentiment"])
    assert evaluate(make_item(negative=True), AlertRules(negative_sentiment=False)) is None
    assert evaluate(make_item(kind="csat", score=1), AlertRules(csat_low=False)) is None
    assert evaluate(make_item(kind="ces", score=7), AlertRules(ces_high=False)) is None


def test_alerting_disabled() -> None:
    assert evaluate(make_item(urgency="high", negative=True), AlertRules(enabled=False)) is None


@pytest.mark.parametrize("overrides", [{"urgency": "high"}, {"kind": "nps", "score": 0}, {"negative": True}])
def test_spam_never_alerts(overrides: dict[str, Any]) -> None:
    assert evaluate(make_item(status="spam", **overrides), AlertRules()) is None


def test_min_severity_high() -> None:
    rules = AlertRules(min_severity="high")
    assert evaluate(make_item(kind="nps", score=5), rules) is None
    assert evaluate(make_item(negative=True), rules) is None
    assert evaluate(make_item(kind="nps", score=2), rules) == AlertDecision("high", ["nps_detractor"])


def test_quiet_topics_suppress_normal_alerts_whose_topics_are_all_quiet() -> None:
    rules = AlertRules(quiet_topics=["pricing", "Delivery"])
    assert evaluate(make_item(negative=True, topics=["pricing"]), rules) is None
    assert evaluate(make_item(negative=True, topics=["pricing", "delivery"]), rules) is None
    # One topic that is not quiet: the alert goes out.
    assert evaluate(make_item(negative=True, topics=["pricing", "support"]), rules) is not None
    # No topics at all: nothing to be quiet about.
    assert evaluate(make_item(negative=True, topics=[]), rules) is not None


def test_quiet_topics_never_suppress_high_severity() -> None:
    rules = AlertRules(quiet_topics=["pricing"])
    decision = evaluate(make_item(urgency="high", topics=["pricing"]), rules)
    assert decision is not None and decision.severity == "high"


# --- rules from settings --------------------------------------------------------------------------


def test_rules_defaults() -> None:
    assert AlertRules.from_dict(None) == AlertRules()
    assert AlertRules.from_dict({}) == AlertRules()
    assert AlertRules.from_dict("nonsense") == AlertRules()  # type: ignore[arg-type]
    rules = AlertRules()
    assert (rules.spike_min_count, rules.spike_factor, rules.min_severity, rules.quiet_topics) == (5, 3.0, "normal", [])


def test_rules_from_dict_reads_values_including_dynamodb_decimals() -> None:
    rules = AlertRules.from_dict(
        {
            "negative_sentiment": False,
            "nps_detractor": "false",
            "min_severity": "HIGH",
            "quiet_topics": ["pricing", " ", 3, "  stock "],
            "spike_min_count": Decimal("10"),
            "spike_factor": Decimal("2.5"),
            "enabled": True,
            "unknown_key": {"ignored": True},
        }
    )
    assert rules == AlertRules(
        negative_sentiment=False,
        nps_detractor=False,
        min_severity="high",
        quiet_topics=["pricing", "stock"],
        spike_min_count=10,
        spike_factor=2.5,
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"negative_sentiment": "maybe"},
        {"csat_low": 0},
        {"min_severity": "critical"},
        {"min_severity": 3},
        {"quiet_topics": 42},
        {"spike_min_count": -1},
        {"spike_min_count": 2.5},
        {"spike_min_count": "many"},
        {"spike_min_count": True},
        {"spike_factor": 0},
        {"spike_factor": float("nan")},
        {"spike_factor": "inf"},
        {"enabled": None},
    ],
)
def test_rules_from_dict_falls_back_on_bad_values(bad: dict[str, Any]) -> None:
    assert AlertRules.from_dict(bad) == AlertRules()


def test_rules_from_dict_single_quiet_topic_string() -> None:
    assert AlertRules.from_dict({"quiet_topics": "pricing"}).quiet_topics == ["pricing"]


# --- building the alert ---------------------------------------------------------------------------


def alert_for(**overrides: Any) -> Any:
    item = make_item(**{"kind": "nps", "score": 3, "negative": True, **overrides})
    decision = evaluate(item, AlertRules())
    assert decision is not None
    return build_alert(item, decision, DASHBOARD, site_name="Demo shop")


def test_subject_shape() -> None:
    message = alert_for(urgency="high")
    assert message.subject.startswith("[boucle] HIGH · demo · NPS 3/10 · Livraison en retard")
    assert len(message.subject) <= SUBJECT_MAX < 100


def test_subject_with_header_injection_stays_one_line() -> None:
    message = alert_for(text="Hello\r\nBcc: victim@example.org\r\n\r\nbody\x00\x1b\u2028more", site="demo\r\nX-Evil: 1")
    assert "\r" not in message.subject and "\n" not in message.subject
    assert all(ord(char) >= 32 and char not in "\u2028\u2029\x7f" for char in message.subject)
    assert len(message.subject) <= SUBJECT_MAX


def test_long_subject_is_cut() -> None:
    message = alert_for(text="x" * 500)
    assert len(message.subject) == SUBJECT_MAX
    assert message.subject.endswith("…")


def test_email_body_quotes_text_line_by_line() -> None:
    message = alert_for(text="Line one\r\nLine two <script>alert(1)</script>\n\n\n\nLast")
    assert "> Line one\n> Line two <script>alert(1)</script>\n>\n> Last\n" in message.email_body
    # The markup only ever appears quoted, on a "> " line of a plain-text body.
    for line in message.email_body.splitlines():
        if "<script>" in line:
            assert line.startswith("> ")


def test_email_body_removes_control_characters() -> None:
    message = alert_for(text="bell\x07 esc\x1b[31m red \u202eevil\u200b")
    assert "\x07" not in message.email_body and "\x1b" not in message.email_body
    assert "\u202e" not in message.email_body and "\u200b" not in message.email_body


def test_huge_text_is_cut_with_an_ellipsis() -> None:
    message = alert_for(text="a" * 100_000)
    quoted = [line for line in message.email_body.splitlines() if line.startswith("> ")]
    assert len(quoted) == 1
    assert quoted[0].endswith("…")
    assert len(quoted[0]) - 2 == 2000
    assert len(message.email_body) < 4000


def test_huge_multiline_text_is_cut_too() -> None:
    message = alert_for(text="word " * 30_000 + "\n" + "end")
    body_text = "\n".join(line[2:] for line in message.email_body.splitlines() if line.startswith("> "))
    assert len(body_text) <= 2000
    assert body_text.endswith("…")


def test_email_body_details() -> None:
    message = alert_for(topics=["delivery", "support"], evidence=["jamais arrivé", "injoignable\nvraiment"])
    body = message.email_body
    assert "Topics: delivery, support" in body
    assert '- "jamais arrivé"' in body
    assert '- "injoignable vraiment"' in body
    assert "Why: negative sentiment, NPS detractor (0-6)" in body
    assert "Site: Demo shop (demo)" in body
    assert f"{DASHBOARD}#/feedback/{ITEM_ID}" in body


def test_contact_only_with_consent() -> None:
    without = alert_for(consent_followup=False)
    assert "jane@example.org" not in without.email_body
    assert "+33612345678" not in without.email_body
    assert "(no consent to contact)" in without.email_body
    assert "jane@example.org" not in without.sms_body and "jane@example.org" not in json.dumps(without.data)

    with_consent = alert_for(consent_followup=True)
    assert "Contact: jane@example.org, +33612345678" in with_consent.email_body

    truthy_but_not_true = alert_for(consent_followup="yes")
    assert "jane@example.org" not in truthy_but_not_true.email_body


def test_contact_with_consent_but_none_given() -> None:
    message = alert_for(consent_followup=True, email=None, phone="")
    assert "Contact: (consent given, but no email or phone)" in message.email_body


def test_sms_is_short_folded_and_linked() -> None:
    message = alert_for(text="Colis jamais arrivé, service client injoignable", urgency="high")
    assert message.sms_body.startswith("boucle HIGH demo NPS 3: Colis jamais arrive, service client injoignable")
    assert is_gsm7(message.sms_body)
    assert gsm7_length(message.sms_body) <= 160
    assert "é" not in message.sms_body
    assert message.sms_body.endswith(f"{DASHBOARD}#/feedback/{ITEM_ID}")


def test_sms_with_long_text_still_fits_and_keeps_link() -> None:
    message = alert_for(text="Livraison en retard « encore » — " * 50 + "😡")
    assert gsm7_length(message.sms_body) <= 160
    assert "..." in message.sms_body
    assert message.sms_body.endswith(ITEM_ID)


def test_sms_falls_back_to_item_id_when_link_too_long() -> None:
    item = make_item(kind="nps", score=3, negative=True, text="Livraison en retard et personne ne répond")
    decision = evaluate(item, AlertRules())
    assert decision is not None
    message = build_alert(item, decision, "https://example.com/" + "d" * 150)
    assert gsm7_length(message.sms_body) <= 160
    assert message.sms_body.endswith("#" + ITEM_ID)
    assert "Livraison en retard" in message.sms_body


def test_comment_without_text() -> None:
    message = alert_for(kind="comment", score=None, text=None, urgency="high")
    assert message.subject == "[boucle] HIGH · demo · Comment"
    assert "> (no text)" in message.email_body
    assert message.sms_body.startswith("boucle HIGH demo ")


def test_attributes_exact_shape() -> None:
    message = alert_for(topics=["delivery", "support"], urgency="high")
    assert message.attributes == {
        "site": {"DataType": "String", "StringValue": "demo"},
        "severity": {"DataType": "String", "StringValue": "high"},
        "topics": {"DataType": "String.Array", "StringValue": '["delivery","support"]'},
        "channel": {"DataType": "String", "StringValue": "web"},
        "kind": {"DataType": "String", "StringValue": "nps"},
    }


@pytest.mark.parametrize("topics", [[], None, "not-a-list", [3, None]])
def test_topics_attribute_falls_back_to_other(topics: Any) -> None:
    message = alert_for(topics=topics)
    assert json.loads(message.attributes["topics"]["StringValue"]) == ["other"]


def test_topics_attribute_is_a_valid_string_array() -> None:
    message = alert_for(topics=['quote"d', "back\\slash", "accentué", "delivery", "delivery", "line\nbreak"])
    value = message.attributes["topics"]["StringValue"]
    parsed = json.loads(value)
    assert isinstance(parsed, list) and all(isinstance(topic, str) and topic for topic in parsed)
    assert parsed == ['quote"d', "back\\slash", "accentué", "delivery", "line break"]
    for attribute in message.attributes.values():
        assert attribute["StringValue"]  # SNS rejects empty attribute values


def test_attributes_never_empty() -> None:
    item = make_item(site="", channel=None, kind=None, negative=True)
    decision = evaluate(item, AlertRules())
    assert decision is not None
    message = build_alert(item, decision, DASHBOARD)
    assert message.attributes["site"]["StringValue"] == "unknown"
    assert message.attributes["channel"]["StringValue"] == "unknown"
    assert message.attributes["kind"]["StringValue"] == "unknown"


def test_sns_publish_kwargs() -> None:
    message = alert_for(urgency="high", consent_followup=True)
    kwargs = sns_publish_kwargs(message, "arn:aws:sns:eu-west-1:123456789012:alerts")
    assert set(kwargs) == {"TopicArn", "MessageStructure", "Message", "Subject", "MessageAttributes"}
    assert kwargs["MessageStructure"] == "json"
    assert kwargs["Subject"] == message.subject
    assert kwargs["MessageAttributes"] == message.attributes
    bodies = json.loads(kwargs["Message"])
    assert set(bodies) == {"default", "email", "sms", "email-json"}
    assert all(isinstance(value, str) for value in bodies.values())
    assert bodies["email"] == message.email_body
    assert bodies["sms"] == message.sms_body
    summary = json.loads(bodies["default"])
    assert summary["id"] == ITEM_ID and summary["severity"] == "high" and summary["score"] == 3
    assert bodies["email-json"] == bodies["default"]
    # Machine subscribers get no customer text or contact.
    assert "Livraison" not in bodies["default"] and "jane@example.org" not in bodies["default"]


# --- spikes ---------------------------------------------------------------------------------------


def test_spike_needs_both_minimum_and_factor() -> None:
    rules = AlertRules()
    assert not spike_exceeded(5, [0] * 7, rules)  # not more than the minimum
    assert spike_exceeded(6, [0] * 7, rules)
    assert spike_exceeded(10, [3] * 7, rules)  # 10 > 3 x 3
    assert not spike_exceeded(9, [3] * 7, rules)  # 9 is not more than 3 x 3
    assert not spike_exceeded(20, [10, 0, 10, 10, 10, 10, 10], rules)  # avg 8.57 x 3 = 25.7


def test_spike_with_empty_history_uses_minimum_only() -> None:
    assert spike_exceeded(6, [], AlertRules())
    assert not spike_exceeded(5, [], AlertRules())


def test_spike_respects_rules_and_ignores_bad_history() -> None:
    assert not spike_exceeded(100, [], AlertRules(enabled=False))
    assert spike_exceeded(11, [2, 2], AlertRules(spike_min_count=10, spike_factor=5.0))
    assert not spike_exceeded(10, [2, 2], AlertRules(spike_min_count=10, spike_factor=5.0))
    assert spike_exceeded(7, [-5, "x", None, 2], AlertRules())  # type: ignore[list-item]


def test_spike_alert() -> None:
    message = build_spike_alert("demo", "2024-05-01T10:00:00Z", 42, 3.14, DASHBOARD)
    assert message.subject.startswith("[boucle] HIGH · demo · Spike: 42")
    assert len(message.subject) <= SUBJECT_MAX
    assert "previous days: 3.1\n" in message.email_body
    assert DASHBOARD in message.email_body
    assert is_gsm7(message.sms_body) and gsm7_length(message.sms_body) <= 160
    assert message.sms_body.startswith("boucle HIGH demo spike: 42")
    assert message.attributes == {
        "site": {"DataType": "String", "StringValue": "demo"},
        "severity": {"DataType": "String", "StringValue": "high"},
        "topics": {"DataType": "String.Array", "StringValue": '["spike"]'},
        "channel": {"DataType": "String", "StringValue": "spike"},
        "kind": {"DataType": "String", "StringValue": "spike"},
    }
    kwargs = sns_publish_kwargs(message, "arn:x")
    assert json.loads(json.loads(kwargs["Message"])["default"])["type"] == "spike"


def test_spike_alert_sanitises_site() -> None:
    message = build_spike_alert("demo\r\nBcc: x", "2024-05-01T10:00:00Z", 7, float("nan"), DASHBOARD)
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "previous days: ?\n" in message.email_body


# --- filter policies ------------------------------------------------------------------------------


def test_filter_policy_shapes() -> None:
    assert filter_policy() == {}
    assert filter_policy(sites=["demo"]) == {"site": ["demo"]}
    assert filter_policy(sites=["demo", "shop", "demo"], severities=["high"], topics=["delivery", "spike"]) == {
        "site": ["demo", "shop"],
        "severity": ["high"],
        "topics": ["delivery", "spike"],
    }
    assert filter_policy(severities="high") == {"severity": ["high"]}
    json.dumps(filter_policy(sites=["demo"]))  # serialisable as the FilterPolicy attribute


def test_filter_policy_keys_match_attributes() -> None:
    message = alert_for()
    policy = filter_policy(sites=["demo"], severities=["normal"], topics=["delivery"])
    assert set(policy) <= set(message.attributes)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sites": []},
        {"severities": ["critical"]},
        {"severities": ["HIGH"]},
        {"topics": [""]},
        {"topics": ["  "]},
        {"sites": ["demo\nX"]},
        {"sites": [3]},
        {"topics": ["x" * 257]},
        {"sites": [f"s{i}" for i in range(20)], "topics": [f"t{i}" for i in range(8)]},
    ],
)
def test_filter_policy_rejects_bad_input(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        filter_policy(**kwargs)


def test_filter_policy_allows_150_combinations() -> None:
    policy = filter_policy(sites=[f"s{i}" for i in range(15)], severities=["normal", "high"], topics=["a", "b", "c"])
    assert len(policy["site"]) * len(policy["severity"]) * len(policy["topics"]) == 90
