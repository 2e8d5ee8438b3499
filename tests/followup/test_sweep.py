"""The follow-up sweep: only due items read, claimed once, sent once, crash-safe, capped, retried."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.followup.support import DETRACTOR, T0, item, post


def sent_emails() -> list[Any]:
    from moto.ses.models import ses_backends

    return list(ses_backends["123456789012"]["eu-west-1"].sent_messages)


def customer(email: str) -> Any:
    from chalicelib.contacts import contact_hash
    from chalicelib.models import Customer

    try:
        return Customer.get(contact_hash(email=email), consistent_read=True)
    except Customer.DoesNotExist:
        return None


def day(site: str = "demo") -> dict[str, Any]:
    from chalicelib import clock, rollups

    today = clock.local_date(clock.iso(), rollups.site_time_zone(site))  # rollup days are the site's
    days = rollups.read_days(site, today, today)
    return days[0] if days else {}


def thanks(client: Any, email: str = "ana@example.org", **extra: Any) -> str:
    body = {"site": "demo", "kind": "nps", "score": 9, "text": "Super service", "email": email}
    return post(client, {**body, "consent_followup": True, **extra})


def test_intake_queues_a_thanks_for_a_consenting_contact_and_nothing_otherwise(
    client: Any, site: Any, clock_at: dict[str, float]
) -> None:
    queued = item(thanks(client))
    assert (queued.followup_stage, queued.followup_state) == ("thanks", "pending")
    assert queued.followup_due == int(T0) + 10  # local stage: BOUCLE_FOLLOWUP_DELAY_S
    assert queued.due_shard in {"0", "1", "2", "3"}
    negative = item(thanks(client, score=2, text="Colis jamais arrivé"))
    assert negative.followup_stage == "checkin"
    silent = item(post(client, {"site": "demo", "kind": "nps", "score": 9, "email": "bob@example.org"}))
    anonymous = item(post(client, {"site": "demo", "kind": "nps", "score": 9, "consent_followup": True}))
    assert silent.followup_due is None and silent.due_shard is None
    assert anonymous.followup_due is None


def test_the_sweep_reads_only_due_items_and_sends_each_once(
    client: Any, site: Any, clock_at: dict[str, float], pump: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.followup import sweep
    from chalicelib.models import Feedback

    def no_scan(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the sweep must never scan")

    monkeypatch.setattr(Feedback, "scan", no_scan)
    due = [thanks(client, email=f"due{n}@example.org") for n in range(3)]
    clock_at["now"] = T0 + 5
    later = thanks(client, email="later@example.org")  # due at T0 + 15
    for n in range(3):  # never due: no consent
        post(client, {"site": "demo", "kind": "nps", "score": 9, "email": f"no{n}@example.org"})
    clock_at["now"] = T0 + 11
    report = sweep.run()
    assert report.read == 3 and report.sent == 3
    assert sorted(report.outcomes) == sorted(due)
    assert len(sent_emails()) == 3
    done = item(due[0])
    assert done.followup_state == "sent" and done.followups_sent == 1
    assert done.followup_due is None and done.due_shard is None  # off the sparse index
    assert done.timeline[-1].event == "followup:thanks"
    assert item(later).followup_state == "pending"
    assert sweep.run().read == 0  # nothing due until T0 + 15
    pump.tick()  # the scheduled handler itself: nothing new to send
    assert len(sent_emails()) == 3
    assert day()["followups_sent"] == 3


def test_the_schedule_handler_sends_through_the_pump(
    client: Any, site: Any, clock_at: dict[str, float], pump: Any
) -> None:
    thanks(client)
    clock_at["now"] = T0 + 11
    pump.tick()
    assert len(sent_emails()) == 1


def test_two_sweeps_claiming_the_same_item_only_one_wins(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    from chalicelib.followup import sweep
    from chalicelib.models import Feedback

    item_id = thanks(client)
    clock_at["now"] = T0 + 11
    first, second = Feedback.get(item_id), Feedback.get(item_id)
    assert sweep.claim(first, clock_at["now"]) is True
    assert sweep.claim(second, clock_at["now"]) is False
    report = sweep.run()  # the index still shows it due, but it is held
    assert report.busy == 1 and report.sent == 0
    assert sent_emails() == []


def test_a_crash_after_the_claim_is_recovered_when_the_lease_expires(
    client: Any, site: Any, clock_at: dict[str, float]
) -> None:
    from chalicelib.followup import sweep
    from chalicelib.models import Feedback

    item_id = thanks(client)
    clock_at["now"] = T0 + 11
    assert sweep.claim(Feedback.get(item_id), clock_at["now"])  # ...and the sweep died here
    assert sweep.run().sent == 0
    clock_at["now"] = T0 + 11 + sweep.LEASE_S + 1
    assert sweep.run().sent == 1
    assert len(sent_emails()) == 1
    assert item(item_id).followups_sent == 1


def test_a_suppressed_contact_gets_nothing_and_the_timeline_says_why(
    client: Any, site: Any, clock_at: dict[str, float]
) -> None:
    from chalicelib.contacts import contact_hash
    from chalicelib.followup import suppression, sweep

    item_id = thanks(client)
    suppression.suppress(contact_hash(email="ana@example.org") or "", "unsubscribe")
    clock_at["now"] = T0 + 11
    assert sweep.run().skipped == 1
    skipped = item(item_id)
    assert sent_emails() == []
    assert skipped.followup_due is None and skipped.followup_state == "skipped"
    assert (skipped.timeline[-1].event, skipped.timeline[-1].detail) == ("followup_skipped:thanks", "suppressed")


def test_consent_withdrawn_after_queueing_means_no_message(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    from chalicelib.followup import sweep
    from chalicelib.models import Feedback

    item_id = thanks(client)
    stored = item(item_id)
    stored.update(actions=[Feedback.consent_followup.set(False)])
    clock_at["now"] = T0 + 11
    assert sweep.run().skipped == 1
    assert item(item_id).timeline[-1].detail == "no_consent" and sent_emails() == []


def test_the_weekly_cap_stops_the_fourth_message(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    from chalicelib.followup import sweep

    ids = [thanks(client, text=f"Merci {n}") for n in range(4)]
    clock_at["now"] = T0 + 11
    report = sweep.run()
    assert (report.sent, report.skipped) == (3, 1)
    assert len(sent_emails()) == 3
    capped = [i for i in ids if item(i).followup_state == "skipped"]
    assert len(capped) == 1 and item(capped[0]).timeline[-1].detail == "weekly_cap"
    assert int(customer("ana@example.org").weekly_sends.as_dict()["2026-W11"]) == 3


def test_quiet_hours_push_the_message_to_the_morning(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    from chalicelib.followup import sweep

    item_id = thanks(client)
    clock_at["now"] = 1773176400.0  # 2026-03-10 21:00 UTC = 22:00 in Paris
    report = sweep.run()
    assert report.deferred == 1 and sent_emails() == []
    deferred = item(item_id)
    assert deferred.followup_state == "pending"
    assert deferred.followup_due == 1773212400  # 2026-03-11 08:00 in Paris (07:00 UTC)


def test_ses_failure_then_success_sends_exactly_one_email(
    client: Any, site: Any, clock_at: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.exceptions import ClientError

    from chalicelib.aws import client as aws_client
    from chalicelib.followup import sweep

    ses = aws_client("ses")
    real = ses.send_raw_email
    calls = {"n": 0}

    def flaky(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ClientError({"Error": {"Code": "Throttling", "Message": "slow down"}}, "SendRawEmail")
        return real(**kwargs)

    monkeypatch.setattr(ses, "send_raw_email", flaky)
    item_id = thanks(client)
    clock_at["now"] = T0 + 11
    assert sweep.run().retried == 1
    waiting = item(item_id)
    assert waiting.followup_state == "pending" and waiting.followup_attempts == 1
    assert waiting.followup_due == int(T0 + 11) + 120  # 60 s x 2^1
    assert sweep.run().read == 0  # not before the backoff
    clock_at["now"] = T0 + 11 + 120
    assert sweep.run().sent == 1
    clock_at["now"] += 3600
    assert sweep.run().read == 0
    assert len(sent_emails()) == 1 and calls["n"] == 2
    # the weekly budget counts the one email that went out, not the failed attempt
    assert int(customer("ana@example.org").weekly_sends.as_dict()["2026-W11"]) == 1


def test_five_failures_dead_letter_the_follow_up(
    client: Any, site: Any, clock_at: dict[str, float], monkeypatch: pytest.MonkeyPatch, aws: dict[str, Any]
) -> None:
    import boto3
    from botocore.exceptions import ClientError

    from chalicelib.aws import client as aws_client
    from chalicelib.followup import sweep

    def down(**kwargs: Any) -> Any:
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "down"}}, "SendRawEmail")

    monkeypatch.setattr(aws_client("ses"), "send_raw_email", down)
    item_id = thanks(client)
    clock_at["now"] = T0 + 11
    outcomes = []
    for _ in range(5):
        outcomes.append(sweep.run().outcomes.get(item_id))
        clock_at["now"] += 3600
    assert outcomes == ["retried"] * 4 + ["dead"]
    dead = item(item_id)
    assert dead.followup_due is None and dead.followup_state == "dead"
    assert "after 5 attempts" in (dead.dead_letter_reason or "")
    queue = boto3.client("sqs", region_name="eu-west-1")
    bodies = [
        json.loads(m["Body"])
        for m in queue.receive_message(QueueUrl=aws["dlq_url"], MaxNumberOfMessages=10)["Messages"]
    ]
    assert any(body["source"] == "followup" and body["feedback_id"] == item_id for body in bodies)


def test_staff_response_is_sent_at_the_next_tick_with_its_text(
    client: Any, site: Any, clock_at: dict[str, float], pump: Any
) -> None:
    item_id = post(client, DETRACTOR)
    current = client.http.get(f"/v1/admin/feedback/{item_id}", headers={"Authorization": "Bearer local-admin"})
    version = current.json_body.get("version", item(item_id).version)
    response = client.http.patch(
        f"/v1/admin/feedback/{item_id}",
        headers={"Authorization": "Bearer local-admin", "Content-Type": "application/json"},
        body=json.dumps({"version": version, "response": "Nous renvoyons votre colis <demain>."}),
    )
    assert response.status_code == 200, response.body
    assert item(item_id).followup_stage == "response"
    pump.tick()
    (sent,) = sent_emails()
    assert "Nous renvoyons votre colis <demain>." in _text_part(sent.raw_data)
    assert "Nous renvoyons votre colis &lt;demain&gt;." in _html_part(sent.raw_data)
    assert "?resolved=yes" in _text_part(sent.raw_data)
    assert item(item_id).followup_state == "sent"
    pump.poll_stream_once()
    counts = day()
    assert counts["first_response_count"] == 1 and counts["frt_bucket_3600"] == 1


def test_an_sms_follow_up_when_only_a_phone_is_known(
    client: Any, site: Any, clock_at: dict[str, float], sns_published: list[dict[str, Any]]
) -> None:
    from chalicelib.followup import sweep

    item_id = post(
        client,
        {
            "site": "demo",
            "kind": "nps",
            "score": 2,
            "text": "Très déçu",
            "phone": "+33612345678",
            "consent_followup": True,
        },
    )
    clock_at["now"] = T0 + 11
    assert sweep.run().sent == 1
    (sms,) = [p for p in sns_published if "PhoneNumber" in p]
    assert sms["PhoneNumber"] == "+33612345678"
    assert "/v1/loop/" in sms["Message"] and "STOP" in sms["Message"]
    assert item(item_id).timeline[-1].detail == "sms"
    assert day()["sms_sent"] == 1


def _part(raw: str, subtype: str) -> str:
    import email
    from email import policy

    message = email.message_from_string(raw, policy=policy.default)
    body = message.get_body(preferencelist=(subtype,))
    assert body is not None
    return body.get_content()


def _text_part(raw: str) -> str:
    return _part(raw, "plain")


def _html_part(raw: str) -> str:
    return _part(raw, "html")


def test_an_item_marked_spam_after_queueing_gets_nothing(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    from chalicelib.followup import sweep
    from chalicelib.models import Feedback

    item_id = thanks(client)
    item(item_id).update(actions=[Feedback.spam.set(True)])
    clock_at["now"] = T0 + 11
    assert sweep.run().skipped == 1
    assert item(item_id).timeline[-1].detail == "spam" and sent_emails() == []


def test_a_site_that_turns_follow_ups_off_stops_the_queued_ones(
    client: Any, site: Any, clock_at: dict[str, float]
) -> None:
    from chalicelib import sites
    from chalicelib.followup import sweep

    item_id = thanks(client)
    site.followup_policy = {"enabled": False}
    site.save()
    sites.forget()
    clock_at["now"] = T0 + 11
    assert sweep.run().skipped == 1
    assert item(item_id).timeline[-1].detail == "policy_disabled" and sent_emails() == []


def test_the_daily_sms_cap_ends_the_follow_up_as_dead(
    client: Any, site: Any, clock_at: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.followup import sweep

    monkeypatch.setenv("BOUCLE_SMS_DAILY_CAP", "1")
    body = {"site": "demo", "kind": "nps", "score": 2, "text": "Très déçu", "consent_followup": True}
    first = post(client, {**body, "phone": "+33612345671"})
    second = post(client, {**body, "phone": "+33612345672"})
    clock_at["now"] = T0 + 11
    report = sweep.run()
    assert (report.sent, report.dead) == (1, 1)
    states = {item(i).followup_state for i in (first, second)}
    assert states == {"sent", "dead"}
    dead = next(item(i) for i in (first, second) if item(i).followup_state == "dead")
    assert dead.followup_due is None and "sms_daily_cap" in dead.timeline[-1].event + dead.timeline[-1].detail


def test_an_unexpected_error_is_counted_and_the_item_stays_due(
    client: Any, site: Any, clock_at: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.followup import policy, sweep

    item_id = thanks(client)

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("a bug in the policy")

    working = policy.for_site
    monkeypatch.setattr(policy, "for_site", broken)
    clock_at["now"] = T0 + 11
    report = sweep.run()
    assert (report.read, report.errors, report.sent) == (1, 1, 0)
    assert item(item_id).followup_due is not None  # still queued: the lease expires and a later sweep retries
    monkeypatch.setattr(policy, "for_site", working)
    clock_at["now"] = T0 + 11 + sweep.LEASE_S + 1
    assert sweep.run().sent == 1 and len(sent_emails()) == 1


def test_a_sweep_out_of_time_leaves_the_rest_for_the_next_tick(
    client: Any, site: Any, clock_at: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.followup import sweep

    for n in range(3):
        thanks(client, email=f"client{n}@example.org")
    budget = sweep.TIME_BUDGET_S
    monkeypatch.setattr(sweep, "TIME_BUDGET_S", -1.0)  # spent after the first item
    clock_at["now"] = T0 + 11
    assert (sweep.run().read, len(sent_emails())) == (1, 1)
    monkeypatch.setattr(sweep, "TIME_BUDGET_S", budget)
    assert sweep.run().sent == 2 and len(sent_emails()) == 3


def test_a_staff_response_queued_while_a_check_in_goes_out_is_kept_and_sent_next(
    client: Any, site: Any, clock_at: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.followup import sweep

    item_id = post(client, DETRACTOR)
    real_send = sweep.send
    agent = {"Authorization": "Bearer local-admin", "Content-Type": "application/json"}

    def send_while_staff_respond(*args: Any, **kwargs: Any) -> str:
        channel = real_send(*args, **kwargs)
        version = item(item_id).version
        body = json.dumps({"version": version, "response": "Un nouveau colis part demain."})
        assert client.http.patch(f"/v1/admin/feedback/{item_id}", headers=agent, body=body).status_code == 200
        return channel

    monkeypatch.setattr(sweep, "send", send_while_staff_respond)
    clock_at["now"] = T0 + 11
    assert sweep.run().sent == 1
    raced = item(item_id)
    assert raced.followups_sent == 1 and "followup:checkin" in [line.event for line in raced.timeline]
    assert (raced.followup_stage, raced.followup_state) == ("response", "pending")  # staff's message still queued
    monkeypatch.setattr(sweep, "send", real_send)
    clock_at["now"] = T0 + 30
    assert sweep.run().sent == 1
    assert len(sent_emails()) == 2 and "Un nouveau colis part demain." in _text_part(sent_emails()[1].raw_data)
    assert item(item_id).followups_sent == 2
