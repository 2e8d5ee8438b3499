"""A site's follow-up policy: who gets a message, on which channel, when, and how often.

Pure (stdlib and settings only, no network): intake calls `initial_followup`
on the request path, and the sweep asks the same policy at send time, so the
rules live in one place. A site overrides any default through its
`followup_policy` map; values that do not make sense are ignored rather than
trusted, so a typo in a site's settings never stops (or floods) follow-ups.

In the local stage every delay shrinks to `settings().followup_delay_s`, so a
person trying the stack sees the loop close in seconds, not days.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib.config import settings

DUE_SHARDS = 4
CHANNELS: tuple[str, ...] = ("email", "sms")
SEND_TO: tuple[str, ...] = ("all", "negative", "none")
HOUR_S = 3600
DAY_S = 24 * HOUR_S


@dataclass(frozen=True)
class QuietHours:
    """A daily window (local time) in which no message goes out; it may span midnight."""

    start: time
    end: time


@dataclass(frozen=True)
class FollowupPolicy:
    """The resolved policy of one site (defaults filled in, local-stage delays applied)."""

    enabled: bool = True
    send_to: str = "all"  # "all" items with contact and consent, "negative" ones only, or "none"
    channels: tuple[str, ...] = CHANNELS  # preference order: email when an address is known, else SMS
    checkin_delay_s: int = DAY_S  # negative items: "is it resolved?" unless staff answered sooner
    thanks_delay_s: int = HOUR_S  # other items: a thank-you
    resurvey_delay_s: int | None = 14 * DAY_S  # the NPS question again after a "yes"; None: never
    quiet_hours: QuietHours | None = QuietHours(time(21, 0), time(8, 0))
    time_zone: str = "UTC"
    weekly_cap: int = 3  # messages per customer per ISO week, all sites together
    token_ttl_s: int = 30 * DAY_S  # how long the links of one message can be answered


@dataclass(frozen=True)
class Due:
    """A follow-up an item owes: its stage, when (epoch seconds) and its queue shard."""

    stage: str
    due: int
    shard: str


class ItemLike(Protocol):
    """What `initial_followup` reads from a freshly built item."""

    id: str
    negative: bool
    spam: bool
    consent_followup: bool
    email: str | None
    phone: str | None


def for_site(site: Any) -> FollowupPolicy:
    """The policy of a site (a `SiteConfig`, or None for the defaults), for the current stage."""
    raw = getattr(site, "followup_policy", None) or {}
    time_zone = getattr(site, "time_zone", None) or "UTC"
    config = settings()
    return from_dict(raw, time_zone, local_delay_s=config.followup_delay_s if config.is_local else None)


def from_dict(
    raw: Mapping[str, Any] | None, time_zone: str = "UTC", local_delay_s: int | None = None
) -> FollowupPolicy:
    """Build a policy from a site's `followup_policy` map; unknown or bad values keep the default."""
    data: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    default = FollowupPolicy()
    enabled = data.get("enabled")
    send_to = data.get("send_to")
    channels = data.get("channels")
    if isinstance(channels, list | tuple):
        picked = tuple(c for c in channels if c in CHANNELS)
        channels = tuple(dict.fromkeys(picked))
    zone = data.get("time_zone") if isinstance(data.get("time_zone"), str) else time_zone
    policy = FollowupPolicy(
        enabled=enabled if isinstance(enabled, bool) else default.enabled,
        send_to=send_to if send_to in SEND_TO else default.send_to,
        channels=channels if isinstance(channels, tuple) else default.channels,
        checkin_delay_s=_seconds(data, "checkin_delay_hours", HOUR_S, default.checkin_delay_s),
        thanks_delay_s=_seconds(data, "thanks_delay_hours", HOUR_S, default.thanks_delay_s),
        resurvey_delay_s=_resurvey(data, default.resurvey_delay_s),
        quiet_hours=_quiet_hours(data["quiet_hours"]) if "quiet_hours" in data else default.quiet_hours,
        time_zone=zone if _zone(zone) is not None else "UTC",
        weekly_cap=_count(data.get("weekly_cap"), default.weekly_cap),
        token_ttl_s=_seconds(data, "token_ttl_days", DAY_S, default.token_ttl_s),
    )
    if local_delay_s is not None:
        delay = max(0, int(local_delay_s))
        policy = FollowupPolicy(
            **{
                **policy.__dict__,
                "checkin_delay_s": delay,
                "thanks_delay_s": delay,
                "resurvey_delay_s": None if policy.resurvey_delay_s is None else delay,
            }
        )
    return policy


def due_shard(item_id: str) -> str:
    """The queue shard ("0".."3"): stable per item, spread evenly by hash (same rule as the staff API)."""
    return str(int(hashlib.sha256(item_id.encode()).hexdigest()[:8], 16) % DUE_SHARDS)


def channel_for(policy: FollowupPolicy, email: str | None, phone: str | None) -> str | None:
    """The first channel of the policy the item has an address for, or None."""
    for channel in policy.channels:
        if channel == "email" and email:
            return "email"
        if channel == "sms" and phone:
            return "sms"
    return None


def initial_followup(item: ItemLike, site: Any, now: float) -> Due | None:
    """The follow-up a new item owes, if any: decided at intake, sent later by the sweep.

    Negative items get a `checkin` after a day (a staff response, which queues
    its own message, replaces it); others a `thanks` after an hour. Nothing for
    spam, without consent, or without an address the policy can use.
    """
    policy = for_site(site)
    if not policy.enabled or policy.send_to == "none" or item.spam or not item.consent_followup:
        return None
    if channel_for(policy, item.email, item.phone) is None:
        return None
    negative = bool(item.negative)
    if policy.send_to == "negative" and not negative:
        return None
    stage, delay = ("checkin", policy.checkin_delay_s) if negative else ("thanks", policy.thanks_delay_s)
    return Due(stage=stage, due=int(outside_quiet_hours(policy, now + delay)), shard=due_shard(item.id))


def resurvey_due(policy: FollowupPolicy, now: float) -> int | None:
    """When to ask the NPS question again after a resolution, or None if the site does not re-survey."""
    if not policy.enabled or policy.resurvey_delay_s is None:
        return None
    return int(outside_quiet_hours(policy, now + policy.resurvey_delay_s))


def quiet_until(policy: FollowupPolicy, ts: float) -> float | None:
    """The end of the quiet hours `ts` falls in (epoch seconds), or None when sending is fine."""
    quiet = policy.quiet_hours
    if quiet is None or quiet.start == quiet.end:
        return None
    zone = _zone(policy.time_zone) or UTC
    local = datetime.fromtimestamp(ts, tz=zone)
    clock = local.time().replace(tzinfo=None)
    spans_midnight = quiet.start > quiet.end  # e.g. 21:00-08:00
    inside = (clock >= quiet.start or clock < quiet.end) if spans_midnight else quiet.start <= clock < quiet.end
    if not inside:
        return None
    end_day = local.date() if clock < quiet.end else local.date() + timedelta(days=1)
    end = datetime.combine(end_day, quiet.end, tzinfo=zone)
    return max(end.timestamp(), ts)


def outside_quiet_hours(policy: FollowupPolicy, ts: float) -> float:
    """`ts`, or the end of the quiet hours it falls in."""
    end = quiet_until(policy, ts)
    return ts if end is None else end


def week_key(ts: float) -> str:
    """The ISO week (UTC) the weekly cap counts in, e.g. "2026-W48"."""
    year, week, _ = datetime.fromtimestamp(ts, tz=UTC).isocalendar()
    return f"{year}-W{week:02d}"


# --- parsing ----------------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number >= 0 and number == number and number != float("inf") else None


def _seconds(data: Mapping[str, Any], key: str, unit: int, default: int) -> int:
    number = _number(data.get(key))
    return default if number is None else int(number * unit)


def _resurvey(data: Mapping[str, Any], default: int | None) -> int | None:
    """`resurvey_days`: a number of days; 0 or null turn the re-survey off."""
    if "resurvey_days" not in data:
        return default
    number = _number(data["resurvey_days"])
    if data["resurvey_days"] is None or number == 0:
        return None
    return default if number is None else int(number * DAY_S)


def _count(value: Any, default: int) -> int:
    number = _number(value)
    return default if number is None else int(number)


def _clock(value: Any) -> time | None:
    if not isinstance(value, str):
        return None
    try:
        hours, minutes = value.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def _quiet_hours(value: Any) -> QuietHours | None:
    """`null` (no quiet hours), {"start": "21:00", "end": "08:00"}, ["21:00", "08:00"] or "21:00-08:00"."""
    if value is None:
        return None
    if isinstance(value, str) and "-" in value:
        value = value.split("-", 1)
    if isinstance(value, Mapping):
        value = [value.get("start"), value.get("end")]
    if isinstance(value, list | tuple) and len(value) == 2:
        start, end = _clock(value[0]), _clock(value[1])
        if start is not None and end is not None:
            return QuietHours(start, end)
    return FollowupPolicy().quiet_hours


def _zone(name: Any) -> ZoneInfo | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
