"""Suppression: SES bounces and complaints (real notifications), SMS STOP/ARRET, the SNS handler."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

EVENTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "events"


def load(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text())


def profile(email: str | None = None, phone: str | None = None) -> Any:
    from chalicelib.contacts import contact_hash
    from chalicelib.models import Customer

    try:
        return Customer.get(contact_hash(email, phone), consistent_read=True)
    except Customer.DoesNotExist:
        return None


def test_a_permanent_bounce_suppresses_the_address(aws: dict[str, Any]) -> None:
    from chalicelib.followup import suppression

    assert suppression.handle_ses_notification(load("sisimai_ses-notification-01.json")) == 1
    bounced = profile("bounce@simulator.amazonses.com")
    assert bounced.suppressed is True and bounced.suppressed_reason == "bounce"


def test_the_sns_envelope_around_a_bounce_is_understood(aws: dict[str, Any]) -> None:
    from chalicelib.followup import suppression

    assert suppression.handle_ses_notification(load("sisimai_ses-notification-02.json")) == 1
    assert profile("bounce@simulator.amazonses.com").suppressed is True


def test_a_complaint_suppresses_and_a_delivery_does_not(aws: dict[str, Any]) -> None:
    from chalicelib.followup import suppression

    assert suppression.handle_ses_notification(load("sisimai_ses-notification-03.json")) == 1
    assert profile("complaint@simulator.amazonses.com").suppressed_reason == "complaint"
    assert suppression.handle_ses_notification(load("sisimai_ses-notification-04.json")) == 0


def test_a_transient_bounce_changes_nothing(aws: dict[str, Any]) -> None:
    from chalicelib.followup import suppression

    soft = load("sisimai_ses-notification-01.json")
    soft["bounce"]["bounceType"] = "Transient"
    assert suppression.handle_ses_notification(soft) == 0
    assert profile("bounce@simulator.amazonses.com") is None


@pytest.mark.parametrize("payload", [{}, {"notificationType": "Bounce"}, {"Type": "Notification", "Message": "{"}])
def test_junk_notifications_are_ignored(aws: dict[str, Any], payload: dict[str, Any]) -> None:
    from chalicelib.followup import suppression

    assert suppression.handle_ses_notification(payload) == 0


def test_the_sns_handler_suppresses_on_a_bounce(client: Any) -> None:
    notification = load("sisimai_ses-notification-01.json")
    event = client.events.generate_sns_event(message=json.dumps(notification), subject="")
    client.lambda_.invoke("on_ses_notification", event)
    assert profile("bounce@simulator.amazonses.com").suppressed is True
    client.lambda_.invoke("on_ses_notification", client.events.generate_sns_event(message="not json"))


@pytest.mark.parametrize("text", ["STOP", "stop", " Arrêt ", "ARRET svp", "Stop."])
def test_sms_stop_and_arret_suppress_the_number(aws: dict[str, Any], text: str) -> None:
    from chalicelib.followup import suppression

    assert suppression.handle_inbound_sms("+33612345678", text) is True
    assert profile(phone="+33 6 12 34 56 78").suppressed_reason == "sms_stop"


@pytest.mark.parametrize("text", ["Merci", "", "Je ne veux pas arrêter", "OK stop"])
def test_other_sms_change_nothing(aws: dict[str, Any], text: str) -> None:
    from chalicelib.followup import suppression

    assert suppression.handle_inbound_sms("+33612345678", text) is False
    assert profile(phone="+33612345678") is None


def test_two_way_sms_notification_shape(aws: dict[str, Any]) -> None:
    from chalicelib.followup import suppression

    payload = {"originationNumber": "+33612345678", "messageBody": "ARRET", "destinationNumber": "+3361"}
    assert suppression.handle_inbound_sms_notification(payload) is True


def test_weekly_reservations_stop_at_the_cap_and_can_be_given_back(aws: dict[str, Any]) -> None:
    from chalicelib.followup import suppression

    now = 1773136800.0
    assert [suppression.reserve_weekly("h1", now, 2) for _ in range(3)] == [True, True, False]
    suppression.release_weekly("h1", now)
    assert suppression.reserve_weekly("h1", now, 2) is True
    assert suppression.reserve_weekly("h1", now + 7 * 86400, 2) is True  # a new week
    suppression.suppress("h2", "unsubscribe")
    assert suppression.reserve_weekly("h2", now, 2) is False


def test_an_sms_stop_reply_on_the_notifications_topic_suppresses_the_number(client: Any, aws: Any) -> None:
    """Two-way SMS replies reach the same SNS handler as SES notifications; STOP / ARRET opt out."""
    from chalicelib.contacts import contact_hash
    from chalicelib.followup import suppression

    for phone, text in (("+33612345678", "ARRET"), ("+447700900123", "stop please")):
        message = json.dumps({"originationNumber": phone, "destinationNumber": "+33700000000", "messageBody": text})
        event = client.events.generate_sns_event(message=message, subject="")
        client.lambda_.invoke("on_ses_notification", event)
        assert suppression.is_suppressed(contact_hash(phone=phone))
    other = json.dumps({"originationNumber": "+33611111111", "messageBody": "Merci !"})
    client.lambda_.invoke("on_ses_notification", client.events.generate_sns_event(message=other, subject=""))
    assert not suppression.is_suppressed(contact_hash(phone="+33611111111"))
