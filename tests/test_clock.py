"""Instants and the calendar days they fall on."""

from __future__ import annotations

import pytest

from chalicelib import clock


@pytest.mark.parametrize(
    ("instant", "zone", "day"),
    [
        ("2026-03-10T23:30:00.000Z", "UTC", "2026-03-10"),
        ("2026-03-10T23:30:00.000Z", "Europe/Paris", "2026-03-11"),  # winter, UTC+1
        ("2026-07-10T21:59:59.999Z", "Europe/Paris", "2026-07-10"),  # summer, UTC+2
        ("2026-07-10T22:00:00.000Z", "Europe/Paris", "2026-07-11"),
        ("2026-03-10T03:00:00.000Z", "America/Montreal", "2026-03-09"),  # behind UTC: still yesterday
        ("2026-03-10T23:30:00.000Z", "Not/A_Zone", "2026-03-10"),  # unknown: counted as UTC
    ],
)
def test_local_date(instant: str, zone: str, day: str) -> None:
    assert clock.local_date(instant, zone) == day


def test_iso_round_trips_through_parse_iso() -> None:
    moment = 1773185400.25
    assert clock.parse_iso(clock.iso(moment)) == moment
