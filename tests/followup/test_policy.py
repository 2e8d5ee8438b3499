"""The follow-up policy: defaults, site overrides, quiet hours in the site's zone, local-stage delays."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.followup import policy

T0 = datetime(2026, 3, 10, 10, 0, tzinfo=UTC).timestamp()  # 11:00 in Paris


def ts(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


@dataclass
class Item:
    id: str = "01KKBK0T80695SBY1QCFA6B898"
    negative: bool = False
    spam: bool = False
    consent_followup: bool = True
    email: str | None = "ana@example.org"
    phone: str | None = None


@dataclass
class Site:
    followup_policy: dict[str, Any]
    time_zone: str = "Europe/Paris"


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from chalicelib.config import settings

    monkeypatch.setenv("BOUCLE_STAGE", "prod")
    settings.cache_clear()
    yield
    monkeypatch.undo()
    settings.cache_clear()


def test_defaults() -> None:
    rules = policy.from_dict(None)
    assert rules.enabled and rules.send_to == "all" and rules.channels == ("email", "sms")
    assert (rules.checkin_delay_s, rules.thanks_delay_s) == (24 * 3600, 3600)
    assert rules.resurvey_delay_s == 14 * 86400 and rules.weekly_cap == 3
    assert rules.quiet_hours == policy.QuietHours(policy.time(21, 0), policy.time(8, 0))


def test_site_overrides_and_bad_values_keep_the_default() -> None:
    rules = policy.from_dict(
        {
            "checkin_delay_hours": 2,
            "thanks_delay_hours": "0.5",
            "resurvey_days": 30,
            "weekly_cap": 1,
            "channels": ["sms", "fax", "email"],
            "send_to": "negative",
            "quiet_hours": {"start": "22:30", "end": "07:15"},
        }
    )
    assert (rules.checkin_delay_s, rules.thanks_delay_s, rules.resurvey_delay_s) == (7200, 1800, 30 * 86400)
    assert rules.weekly_cap == 1 and rules.channels == ("sms", "email") and rules.send_to == "negative"
    assert rules.quiet_hours == policy.QuietHours(policy.time(22, 30), policy.time(7, 15))
    junk = policy.from_dict({"weekly_cap": -2, "checkin_delay_hours": "soon", "send_to": "everyone", "enabled": "no"})
    assert junk == policy.from_dict({})
    assert policy.from_dict({"quiet_hours": "25:00-99"}).quiet_hours == policy.FollowupPolicy().quiet_hours
    assert policy.from_dict({"quiet_hours": ["20:00", "09:00"]}).quiet_hours.start == policy.time(20, 0)
    assert policy.from_dict({"resurvey_days": 0}).resurvey_delay_s is None
    assert policy.from_dict({}, "Mars/Olympus").time_zone == "UTC"


def test_quiet_hours_move_a_due_time_to_their_end_in_the_site_zone() -> None:
    rules = policy.from_dict({}, "Europe/Paris")
    assert policy.quiet_until(rules, T0) is None  # 11:00 Paris
    assert policy.quiet_until(rules, ts("2026-03-10T20:59:59+01:00")) is None
    assert policy.quiet_until(rules, ts("2026-03-10T21:00:00+01:00")) == ts("2026-03-11T08:00:00+01:00")
    assert policy.quiet_until(rules, ts("2026-03-11T03:00:00+01:00")) == ts("2026-03-11T08:00:00+01:00")
    assert policy.quiet_until(rules, ts("2026-03-11T08:00:00+01:00")) is None
    # Across the spring DST change (29 March 2026): 08:00 is then UTC+2.
    assert policy.quiet_until(rules, ts("2026-03-28T23:00:00+01:00")) == ts("2026-03-29T08:00:00+02:00")
    daytime_window = policy.from_dict({"quiet_hours": "12:00-14:00"}, "UTC")
    assert policy.quiet_until(daytime_window, ts("2026-03-10T13:00:00+00:00")) == ts("2026-03-10T14:00:00+00:00")
    assert policy.quiet_until(daytime_window, ts("2026-03-10T15:00:00+00:00")) is None


def test_null_quiet_hours_disable_them() -> None:
    rules = policy.from_dict({"quiet_hours": None}, "Europe/Paris")
    assert rules.quiet_hours is None
    assert policy.quiet_until(rules, ts("2026-03-11T03:00:00+01:00")) is None


def test_initial_follow_up_in_production(production: None) -> None:
    site = Site({})
    thanks = policy.initial_followup(Item(), site, T0)
    assert thanks is not None and thanks.stage == "thanks" and thanks.due == int(T0) + 3600
    assert thanks.shard in {"0", "1", "2", "3"}
    checkin = policy.initial_followup(Item(negative=True), site, T0)
    assert checkin is not None and checkin.stage == "checkin"
    assert checkin.due == int(T0) + 86400
    evening = policy.initial_followup(Item(), site, ts("2026-03-10T20:30:00+01:00"))
    assert evening is not None and evening.due == ts("2026-03-11T08:00:00+01:00")  # 21:30 is quiet


def test_who_gets_nothing() -> None:
    site = Site({})
    assert policy.initial_followup(Item(consent_followup=False), site, T0) is None
    assert policy.initial_followup(Item(spam=True), site, T0) is None
    assert policy.initial_followup(Item(email=None, phone=None), site, T0) is None
    assert policy.initial_followup(Item(), Site({"send_to": "negative"}), T0) is None
    assert policy.initial_followup(Item(), Site({"enabled": False}), T0) is None
    assert policy.initial_followup(Item(email=None, phone="+33612345678"), Site({"channels": ["email"]}), T0) is None


def test_local_stage_delays_shrink_to_the_configured_seconds() -> None:
    rules = policy.for_site(Site({"quiet_hours": None}))
    assert (rules.checkin_delay_s, rules.thanks_delay_s, rules.resurvey_delay_s) == (10, 10, 10)
    due = policy.initial_followup(Item(negative=True), Site({"quiet_hours": None}), T0)
    assert due is not None and due.due == int(T0) + 10
    assert policy.resurvey_due(rules, T0) == int(T0) + 10


def test_channel_preference() -> None:
    rules = policy.from_dict({})
    assert policy.channel_for(rules, "a@example.org", "+33612345678") == "email"
    assert policy.channel_for(rules, None, "+33612345678") == "sms"
    assert policy.channel_for(policy.from_dict({"channels": ["sms", "email"]}), "a@b.c", "+336") == "sms"


def test_the_shard_matches_the_staff_api_rule() -> None:
    from chalicelib.admin.items import due_shard

    ids = [f"01KKBK0T80695SBY1QCFA6B8{n:02d}" for n in range(40)]
    assert [policy.due_shard(i) for i in ids] == [due_shard(i) for i in ids]
    assert {policy.due_shard(i) for i in ids} == {"0", "1", "2", "3"}


def test_week_key_is_the_iso_week() -> None:
    assert policy.week_key(T0) == "2026-W11"
    assert policy.week_key(ts("2027-01-01T12:00:00+00:00")) == "2026-W53"
