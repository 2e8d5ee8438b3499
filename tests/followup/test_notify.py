"""notify: the follow-up email's MIME and headers, SES and SNS sends, suppression, the daily SMS cap."""

from __future__ import annotations

import email
import email.policy
import json
from typing import Any

import pytest

TOKEN = "AQGa3hZmWq0xU2d8jQx5b9RkAAAAAGXk.c2lnbmF0dXJlLXNpeHRlZW4"
UNSUBSCRIBE = f"https://feedback.example.com/v1/loop/{TOKEN}/unsubscribe"


def sent() -> list[Any]:
    from moto.ses.models import ses_backends

    return list(ses_backends["123456789012"]["eu-west-1"].sent_messages)


def send(to: str = "ana@example.org", html: str = "<p>Bonjour &lt;Ana&gt;</p>") -> str:
    from chalicelib import notify

    return notify.send_email(
        to,
        "Demo shop : votre problème est-il résolu ?",
        "Bonjour <Ana>,\nC'est résolu ?",
        html,
        f"reply+{TOKEN}@in.example.com",
        UNSUBSCRIBE,
    )


def test_the_email_is_multipart_alternative_with_reply_to_and_one_click_unsubscribe(aws: dict[str, Any]) -> None:
    send()
    (message,) = sent()
    parsed = email.message_from_string(message.raw_data, policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["From"] == "feedback@in.example.com"
    assert parsed["To"] == "ana@example.org"
    assert parsed["Reply-To"] == f"reply+{TOKEN}@in.example.com"
    assert parsed["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Subject"] == "Demo shop : votre problème est-il résolu ?"
    assert parsed["Message-ID"].endswith("@in.example.com>")
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert "Bonjour <Ana>" in text.get_content()
    assert "&lt;Ana&gt;" in html.get_content() and "<Ana>" not in html.get_content()


def test_a_rendered_follow_up_escapes_customer_text_in_html() -> None:
    from chalicelib import notify
    from chalicelib.followup import templates

    links = templates.LoopLinks(
        yes_url="https://x.example/y", no_url="https://x.example/n", unsubscribe_url="https://x.example/u"
    )
    item = {"language": "en", "text": "<script>alert(1)</script> late parcel"}
    content = templates.render_email(item, "checkin", links, "Shop", "en")
    message = notify.build_email("a@example.org", content.subject, content.text, content.html, "r@x", "https://x/u")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "<script>alert(1)</script>" in message.get_body(preferencelist=("plain",)).get_content()


def test_header_injection_is_refused() -> None:
    from chalicelib import notify

    with pytest.raises(ValueError):
        notify.build_email("a@example.org", "Hi\r\nBcc: evil@example.org", "t", "<p>t</p>", "r@x", "https://x/u")


def test_a_suppressed_address_is_never_sent_to(aws: dict[str, Any]) -> None:
    from chalicelib import notify
    from chalicelib.contacts import contact_hash
    from chalicelib.followup import suppression

    suppression.suppress(contact_hash(email="Ana@Example.org") or "", "complaint")
    with pytest.raises(notify.Suppressed):
        send("ana@example.org")
    assert sent() == []


def test_ses_failure_is_a_retryable_delivery_failure(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from botocore.exceptions import ClientError

    from chalicelib import notify
    from chalicelib.aws import client

    def throttled(**kwargs: Any) -> Any:
        raise ClientError({"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded."}}, "Send")

    monkeypatch.setattr(client("ses"), "send_raw_email", throttled)
    with pytest.raises(notify.DeliveryFailed) as failure:
        send()
    assert failure.value.code == "Throttling"


def test_sms_is_transactional_gsm7_and_logs_carry_no_contact(
    sns_published: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    from chalicelib import notify
    from chalicelib.gsm7 import is_gsm7

    notify.send_sms("+33612345678", "Votre problème est-il résolu ? Répondez “oui” 👍", site="demo")
    (call,) = sns_published
    assert call["PhoneNumber"] == "+33612345678"
    assert call["MessageAttributes"]["AWS.SNS.SMS.SMSType"]["StringValue"] == "Transactional"
    assert is_gsm7(call["Message"]) and "probleme" in call["Message"]
    output = capsys.readouterr().out
    assert "+33612345678" not in output and "probl" not in output


def test_the_daily_sms_cap_stops_sending_and_counts_in_the_rollup(
    aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib import clock, notify, rollups

    monkeypatch.setenv("BOUCLE_SMS_DAILY_CAP", "2")
    notify.send_sms("+33600000001", "un", site="demo")
    notify.send_sms("+33600000002", "deux", site="demo")
    with pytest.raises(notify.SmsCapReached):
        notify.send_sms("+33600000003", "trois", site="demo")
    notify.send_sms("+33600000004", "autre site", site="other")
    today = clock.iso()[:10]  # neither site is configured: their days are UTC days
    assert rollups.read_days("demo", today, today)[0]["sms_sent"] == 2
    assert rollups.read_days("other", today, today)[0]["sms_sent"] == 1


def test_a_failed_sms_gives_its_place_in_the_cap_back(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from botocore.exceptions import ClientError

    from chalicelib import clock, notify, rollups
    from chalicelib.aws import client

    def down(**kwargs: Any) -> Any:
        raise ClientError({"Error": {"Code": "Throttled", "Message": "x"}}, "Publish")

    monkeypatch.setattr(client("sns"), "publish", down)
    with pytest.raises(notify.DeliveryFailed):
        notify.send_sms("+33600000001", "un", site="demo")
    today = clock.iso()[:10]  # no site configured: a UTC day
    assert rollups.read_days("demo", today, today)[0]["sms_sent"] == 0


def test_cap_setting_defaults_to_200(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import notify

    monkeypatch.delenv("BOUCLE_SMS_DAILY_CAP", raising=False)
    assert notify.sms_daily_cap() == 200
    monkeypatch.setenv("BOUCLE_SMS_DAILY_CAP", "lots")
    assert notify.sms_daily_cap() == 200
    assert json.dumps(notify.sms_daily_cap()) == "200"


def test_the_sms_cap_counts_on_the_sites_own_day(
    aws: dict[str, Any], site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cap and the dashboard share the day item: a Paris site's 00:30 is its new day."""
    from datetime import UTC, datetime

    from chalicelib import clock, notify, rollups

    late = datetime(2026, 3, 10, 23, 30, tzinfo=UTC).timestamp()
    monkeypatch.setattr(clock, "now", lambda: late)
    notify.send_sms("+33600000001", "un", site="demo")
    assert rollups.read_days("demo", "2026-03-10", "2026-03-10") == []
    assert rollups.read_days("demo", "2026-03-11", "2026-03-11")[0]["sms_sent"] == 1
