"""GET /v1/admin/metrics: the maths on day rollups, buckets, and the route over real rollups."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from chalicelib.admin import metrics

AGENT = {"Authorization": "Bearer local-admin"}
VIEWER = {"Authorization": "Bearer local-viewer"}


def day(when: str, site: str = "demo", **counters: int) -> dict[str, Any]:
    return {"pk": site, "sk": f"day#{when}", **counters}


# ---------------------------------------------------------------- pure maths


def test_nps_csat_ces_and_sentiment() -> None:
    counters = {
        "count": 12,
        "nps_count": 5,
        "nps_promoters": 3,
        "nps_passives": 1,
        "nps_detractors": 1,
        "csat_count": 3,
        "csat_satisfied": 2,
        "csat_sum": 11,
        "ces_count": 3,
        "ces_sum": 10,
        "sentiment_positive": 6,
        "sentiment_negative": 4,
        "sentiment_neutral": 2,
        "negative": 4,
    }
    figures = metrics.summarize(counters)
    assert figures["volume"] == 12
    assert figures["nps"] == 40.0 and figures["nps_responses"] == 5
    assert (figures["promoters"], figures["passives"], figures["detractors"]) == (3, 1, 1)
    assert figures["csat"] == 66.7 and figures["csat_responses"] == 3
    assert figures["ces"] == 3.33 and figures["ces_responses"] == 3
    assert figures["sentiment"] == {"positive": 6, "neutral": 2, "negative": 4}
    assert figures["negative"] == 4


def test_nps_can_be_negative_and_rounds_to_one_decimal() -> None:
    figures = metrics.summarize({"nps_count": 3, "nps_promoters": 0, "nps_passives": 1, "nps_detractors": 2})
    assert figures["nps"] == -66.7


def test_absent_counters_read_as_zero_and_ratios_as_null() -> None:
    figures = metrics.summarize({})
    assert figures["volume"] == 0
    for name in ("nps", "csat", "ces", "resolution_rate", "median_first_response_s", "mean_first_response_s"):
        assert figures[name] is None
    assert figures["top_topics"] == [] and figures["alerts"] == 0 and figures["conversions"] == 0
    json.dumps(figures)  # JSON-safe


def test_loop_counters() -> None:
    figures = metrics.summarize(
        {
            "alerts_sent": 4,
            "followups_sent": 7,
            "answers": 6,
            "resolved": 4,
            "unresolved": 2,
            "conversions": 1,
            "first_response_count": 4,
            "first_response_seconds_sum": 4000,
        }
    )
    assert (figures["alerts"], figures["followups"], figures["answers"], figures["conversions"]) == (4, 7, 6, 1)
    assert figures["resolution_rate"] == 0.667
    assert figures["mean_first_response_s"] == 1000


def test_top_topics_are_the_five_largest_with_stable_ties() -> None:
    counters = {"topic_delivery": 5, "topic_price": 9, "topic_app": 2, "topic_staff": 2, "topic_refund": 3}
    counters |= {"topic_zeta": 1, "topic_alpha": 2}
    assert metrics.top_topics(counters) == [
        {"topic": "price", "count": 9},
        {"topic": "delivery", "count": 5},
        {"topic": "refund", "count": 3},
        {"topic": "alpha", "count": 2},
        {"topic": "app", "count": 2},
    ]


@pytest.mark.parametrize(
    ("histogram", "expected"),
    [
        ({}, None),
        ({"frt_bucket_3600": 1}, 1800),
        ({"frt_bucket_600": 2, "frt_bucket_3600": 2}, 600),
        ({"frt_bucket_600": 1, "frt_bucket_3600": 2, "frt_bucket_86400": 1}, 2100),
        ({"frt_bucket_60": 10, "frt_bucket_600": 0, "frt_bucket_bogus": 5}, 30),
    ],
)
def test_median_first_response_from_histogram(histogram: dict[str, int], expected: int | None) -> None:
    assert metrics.median_from_histogram(histogram) == expected


def test_iso_weeks_including_the_year_boundary() -> None:
    assert metrics.period_of(date(2026, 11, 23), "week") == "2026-W48"
    assert metrics.period_of(date(2026, 11, 22), "week") == "2026-W47"
    assert metrics.period_of(date(2026, 12, 31), "week") == "2026-W53"
    assert metrics.period_of(date(2027, 1, 3), "week") == "2026-W53"
    assert metrics.period_of(date(2027, 1, 4), "week") == "2027-W01"
    assert metrics.period_of(date(2026, 11, 23), "day") == "2026-11-23"


def test_report_buckets_by_week_and_keeps_empty_periods() -> None:
    days = [
        day("2026-11-22", count=2, nps_count=2, nps_promoters=2),
        day("2026-11-23", count=1, nps_count=1, nps_detractors=1),
        day("2026-11-23", site="other", count=3),
        day("2026-11-26", count=1),
    ]
    report = metrics.report(date(2026, 11, 20), date(2026, 12, 1), "week", days)
    assert [p["period"] for p in report["series"]] == ["2026-W47", "2026-W48", "2026-W49"]
    assert [p["volume"] for p in report["series"]] == [2, 5, 0]
    assert report["series"][0]["nps"] == 100.0 and report["series"][1]["nps"] == -100.0
    assert report["series"][2]["nps"] is None
    assert report["totals"]["volume"] == 7 and report["totals"]["nps"] == 33.3

    daily = metrics.report(date(2026, 11, 22), date(2026, 11, 24), "day", days)
    assert [(p["period"], p["volume"]) for p in daily["series"]] == [
        ("2026-11-22", 2),
        ("2026-11-23", 4),
        ("2026-11-24", 0),
    ]


# ---------------------------------------------------------------- the route, over real rollups


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


@pytest.fixture
def posted(client: Any, site: Any, pump: Any, monkeypatch: Any) -> None:
    """Feedback posted through the public API on two days, then counted by the stream pump."""
    from chalicelib import clock

    answers = {
        "2026-11-22T09:00:00": [("nps", 10), ("nps", 9), ("csat", 5), ("ces", 2)],
        "2026-11-23T15:00:00": [("nps", 9), ("nps", 7), ("nps", 2), ("csat", 4), ("csat", 2), ("ces", 3), ("ces", 5)],
    }
    for when, scores in answers.items():
        for offset, (kind, score) in enumerate(scores):
            moment = at(when) + offset
            monkeypatch.setattr(clock, "now", lambda t=moment: t)
            body = json.dumps({"site": "demo", "kind": kind, "score": score})
            response = client.http.post("/v1/feedback", headers={"Content-Type": "application/json"}, body=body)
            assert response.status_code == 202, response.body
    monkeypatch.undo()
    assert pump.poll_stream_once() >= 11  # the inserts, and any changes the reactions made
    while pump.poll_stream_once():
        pass


def get_metrics(call: Callable[..., Any], query: str) -> Any:
    response = call("GET", f"/v1/admin/metrics{query}", headers=VIEWER)
    assert response.status_code == 200, response.body
    return response.json_body


def test_metrics_from_rollups_by_day_and_week(call: Callable[..., Any], posted: None) -> None:
    body = get_metrics(call, "?site=demo&from=2026-11-20&to=2026-11-26&bucket=week")
    assert (body["site"], body["from"], body["to"], body["bucket"]) == ("demo", "2026-11-20", "2026-11-26", "week")
    totals = body["totals"]
    assert totals["volume"] == 11
    # NPS 10, 9, 9, 7, 2: three promoters, one passive, one detractor.
    assert (totals["promoters"], totals["passives"], totals["detractors"]) == (3, 1, 1)
    assert totals["nps"] == 40.0 and totals["nps_responses"] == 5
    assert totals["csat"] == 66.7 and totals["csat_responses"] == 3  # 5, 4 satisfied; 2 not
    assert totals["ces"] == 3.33 and totals["ces_responses"] == 3  # (2 + 3 + 5) / 3
    assert [period["period"] for period in body["series"]] == ["2026-W47", "2026-W48"]
    sunday, monday_on = body["series"]
    assert sunday["volume"] == 4 and sunday["nps"] == 100.0 and sunday["csat"] == 100.0 and sunday["ces"] == 2.0
    assert monday_on["volume"] == 7 and monday_on["nps"] == 0.0 and monday_on["ces"] == 4.0
    assert set(sunday) == set(totals) | {"period"}

    daily = get_metrics(call, "?site=demo&from=2026-11-21&to=2026-11-23")
    assert [(p["period"], p["volume"]) for p in daily["series"]] == [
        ("2026-11-21", 0),
        ("2026-11-22", 4),
        ("2026-11-23", 7),
    ]
    assert daily["bucket"] == "day"


def test_metrics_for_all_sites_add_up(call: Callable[..., Any], posted: None) -> None:
    from chalicelib import rollups
    from chalicelib.models import Site

    Site(key="other", name="Other").save()
    rollups.apply_once("other", "01TEST", "received", "2026-11-22T10:00:00.000Z", {"count": 2, "nps_count": 2})
    body = get_metrics(call, "?site=all&from=2026-11-22&to=2026-11-22")
    assert body["site"] == "all" and body["totals"]["volume"] == 6


def test_metrics_default_to_the_last_30_days(call: Callable[..., Any], site: Any) -> None:
    body = get_metrics(call, "?site=demo")
    first, last = date.fromisoformat(body["from"]), date.fromisoformat(body["to"])
    assert (last - first).days == 29 and len(body["series"]) == 30
    assert last == datetime.now(ZoneInfo("Europe/Paris")).date()  # the demo site's own today


@pytest.mark.parametrize(
    ("query", "status", "code", "field"),
    [
        ("", 400, "missing_field", "site"),
        ("?site=Bad!", 400, "invalid_site", "key"),
        ("?site=nowhere", 404, "not_found", "site"),
        ("?site=demo&from=2025-01-01&to=2026-02-05", 400, "range_too_long", "from"),
        ("?site=demo&from=2026-11-02&to=2026-11-01", 400, "invalid_range", "from"),
        ("?site=demo&from=yesterday", 400, "invalid_date", "from"),
        ("?site=demo&to=2026-11-01T00:00:00", 400, "invalid_date", "to"),
        ("?site=demo&bucket=month", 400, "invalid_bucket", "bucket"),
        ("?site=demo&period=day", 400, "unknown_parameter", "period"),
    ],
)
def test_metrics_validation(
    call: Callable[..., Any], site: Any, query: str, status: int, code: str, field: str
) -> None:
    response = call("GET", f"/v1/admin/metrics{query}", headers=VIEWER)
    assert response.status_code == status
    assert response.json_body["error"]["code"] == code and response.json_body["error"]["field"] == field


def test_400_days_is_the_maximum(call: Callable[..., Any], site: Any) -> None:
    assert call("GET", "/v1/admin/metrics?site=demo&from=2025-01-01&to=2026-02-04", headers=VIEWER).status_code == 200


def test_days_are_each_sites_own_calendar_days(
    call: Callable[..., Any], client: Any, site: Any, pump: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """23:30 UTC on 10 March is already 11 March in Paris: the demo site counts it there, a UTC site does not."""
    from chalicelib import clock, rollups
    from chalicelib.models import Site

    Site(key="utc-shop", name="UTC shop", time_zone="UTC").save()
    monkeypatch.setattr(clock, "now", lambda: at("2026-03-10T23:30:00"))
    for key in ("demo", "utc-shop"):
        body = json.dumps({"site": key, "kind": "nps", "score": 3})
        response = client.http.post("/v1/feedback", headers={"Content-Type": "application/json"}, body=body)
        assert response.status_code == 202, response.body
    while pump.poll_stream_once():
        pass

    assert rollups.read_days("demo", "2026-03-10", "2026-03-10") == []
    assert rollups.read_days("demo", "2026-03-11", "2026-03-11")[0]["count"] == 1
    assert rollups.read_days("utc-shop", "2026-03-10", "2026-03-10")[0]["count"] == 1
    # With no range given, each site's chart ends on its own today; all sites end on the latest.
    paris, utc, every = (get_metrics(call, f"?site={key}") for key in ("demo", "utc-shop", "all"))
    assert (paris["to"], paris["totals"]["volume"]) == ("2026-03-11", 1)
    assert (utc["to"], utc["totals"]["volume"]) == ("2026-03-10", 1)
    assert (every["to"], every["totals"]["volume"]) == ("2026-03-11", 2)
