"""Time in one place, so tests can move it and every timestamp has the same form."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def now() -> float:
    return time.time()


def iso(ts: float | None = None) -> str:
    """UTC ISO-8601 with milliseconds and a Z, e.g. 2026-11-25T21:14:18.301Z."""
    moment = datetime.fromtimestamp(now() if ts is None else ts, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def local_date(iso_time: str, time_zone: str) -> str:
    """The calendar day (YYYY-MM-DD) an ISO instant falls on in an IANA time zone.

    An unknown zone counts as UTC: a day must always be found, and site
    settings validate the zone before storing it.
    """
    if time_zone == "UTC":
        return iso_time[:10]
    import zoneinfo  # here: it pulls in sysconfig, a few ms every cold start would otherwise pay

    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return iso_time[:10]
    return datetime.fromtimestamp(parse_iso(iso_time), tz=zone).date().isoformat()
