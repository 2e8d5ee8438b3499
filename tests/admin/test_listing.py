"""GET /v1/admin/feedback: filters, newest-first order, limits, cursors, and never a Scan."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

AGENT = {"Authorization": "Bearer local-admin"}
DAY = 86_400.0


def ts(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def listing(call: Callable[..., Any], query: str = "") -> Any:
    response = call("GET", f"/v1/admin/feedback{query}", headers=AGENT)
    assert response.status_code == 200, response.body
    return response.json_body


def ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["items"]]


@pytest.fixture
def mixed(site: Any, make_item: Callable[..., Any]) -> dict[str, Any]:
    """Items of two sites over three days, each with something to filter on."""
    from chalicelib.models import Site

    Site(key="other", name="Other").save()
    base = ts("2026-11-20T10:00:00")
    return {
        "nps_low": make_item(
            base, kind="nps", score=2, sentiment="negative", topics=["delivery"], text="Livraison en RETARD"
        ),
        "csat": make_item(base + 3600, kind="csat", score=5, sentiment="positive", channel="form", text="Parfait"),
        "email": make_item(
            base + DAY, channel="email", subject="Facture erronée", text="voir objet", status="acknowledged"
        ),
        "other_site": make_item(base + DAY + 60, site="other", kind="nps", score=10, sentiment="positive"),
        "spam": make_item(base + 2 * DAY, status="spam", spam=True, text="buy now"),
        "latest": make_item(base + 2 * DAY + 60, topics=["price", "delivery"], text="Trop cher"),
    }


def test_lists_newest_first_without_spam(call: Callable[..., Any], mixed: dict[str, Any]) -> None:
    body = listing(call)
    expected = ["latest", "other_site", "email", "csat", "nps_low"]
    assert ids(body) == [mixed[name].id for name in expected]
    assert body["cursor"] is None
    first = body["items"][0]
    assert first["topics"] == ["price", "delivery"] and "contact" not in first and "timeline" not in first


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?site=demo", ["latest", "email", "csat", "nps_low"]),
        ("?site=other", ["other_site"]),
        ("?status=acknowledged", ["email"]),
        ("?status=spam", ["spam"]),
        ("?site=demo&status=spam", ["spam"]),
        ("?sentiment=positive", ["other_site", "csat"]),
        ("?site=demo&sentiment=negative", ["nps_low"]),
        ("?kind=nps", ["other_site", "nps_low"]),
        ("?channel=form", ["csat"]),
        ("?topic=delivery", ["latest", "nps_low"]),
        ("?q=retard", ["nps_low"]),
        ("?q=FACTURE", ["email"]),
        ("?site=demo&q=%20parfait%20", ["csat"]),
        ("?since=2026-11-21", ["latest", "other_site", "email"]),
        ("?until=2026-11-20", ["csat", "nps_low"]),
        ("?since=2026-11-20T10:30:00Z&until=2026-11-21T10:00:30Z", ["email", "csat"]),
        ("?since=2026-11-20T11:30:00%2B01:00&until=2026-11-21", ["other_site", "email", "csat"]),
        ("?site=demo&since=2026-11-21&until=2026-11-22", ["latest", "email"]),
        ("?site=demo&kind=nps&topic=delivery&sentiment=negative", ["nps_low"]),
        ("?site=nowhere", []),
        ("?since=2020-01-01&until=2020-02-01", []),
    ],
)
def test_filters(call: Callable[..., Any], mixed: dict[str, Any], query: str, expected: list[str]) -> None:
    body = listing(call, query)
    assert ids(body) == [mixed[name].id for name in expected]


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ("?limit=201", "invalid_limit", "limit"),
        ("?limit=0", "invalid_limit", "limit"),
        ("?limit=-1", "invalid_limit", "limit"),
        ("?limit=ten", "invalid_limit", "limit"),
        ("?site=Not%20A%20Site", "invalid_site", "site"),
        ("?status=open", "invalid_status", "status"),
        ("?sentiment=angry", "invalid_sentiment", "sentiment"),
        ("?kind=stars", "invalid_kind", "kind"),
        ("?channel=fax", "invalid_channel", "channel"),
        ("?topic=Bad%20Topic", "invalid_topic", "topic"),
        ("?topic=delivery%0A", "invalid_topic", "topic"),
        ("?site=demo%0A", "invalid_site", "site"),
        ("?since=yesterday", "invalid_date", "since"),
        ("?until=2026-13-45", "invalid_date", "until"),
        ("?since=0001-01-01", "invalid_date", "since"),
        ("?until=10000-01-01", "invalid_date", "until"),
        ("?since=2026-11-22&until=2026-11-21", "invalid_range", "since"),
        ("?q=" + "x" * 201, "invalid_q", "q"),
        ("?sentment=negative", "unknown_parameter", "sentment"),
    ],
)
def test_bad_parameters_are_400(call: Callable[..., Any], site: Any, query: str, code: str, field: str) -> None:
    response = call("GET", f"/v1/admin/feedback{query}", headers=AGENT)
    assert response.status_code == 400
    assert response.json_body["error"] == {
        "code": code,
        "message": response.json_body["error"]["message"],
        "field": field,
    }


def test_limit_bounds(call: Callable[..., Any], site: Any, make_item: Callable[..., Any]) -> None:
    base = ts("2026-11-01T00:00:00")
    for i in range(55):
        make_item(base + i)
    assert len(listing(call)["items"]) == 50  # default
    assert len(listing(call, "?limit=1")["items"]) == 1
    body = listing(call, "?limit=200")
    assert len(body["items"]) == 55 and body["cursor"] is None


@pytest.mark.parametrize("scope", ["?site=demo&", "?"], ids=["by_site", "by_month"])
def test_cursor_pages_through_everything_once(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any], scope: str
) -> None:
    # Across three months, so the by_month path moves between partitions too.
    made = [make_item(ts("2026-09-30T23:00:00") + i * 7 * DAY) for i in range(9)]
    made.append(make_item(ts("2026-11-25T00:00:00"), sentiment="positive"))
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = f"{scope}limit=4" + (f"&cursor={cursor}" if cursor else "")
        body = listing(call, query)
        assert len(body["items"]) <= 4
        seen += ids(body)
        pages += 1
        cursor = body["cursor"]
        if cursor is None:
            break
        assert pages < 10
    assert seen == sorted((item.id for item in made), reverse=True)
    assert pages >= 3


def test_cursor_keeps_the_filters(call: Callable[..., Any], site: Any, make_item: Callable[..., Any]) -> None:
    base = ts("2026-11-01T00:00:00")
    negatives = [make_item(base + i * 60, sentiment="negative") for i in range(5)]
    for i in range(5):
        make_item(base + i * 60 + 30, sentiment="positive")
    first = listing(call, "?sentiment=negative&limit=3")
    second = listing(call, f"?sentiment=negative&limit=3&cursor={first['cursor']}")
    assert ids(first) + ids(second) == [item.id for item in reversed(negatives)]
    assert second["cursor"] is None


def test_filters_reading_many_empty_pages_stop_within_budget_and_continue(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any], monkeypatch: Any
) -> None:
    """Three years back without a site: more month partitions than one request may read."""
    from chalicelib.admin import listing as module

    monkeypatch.setattr(module, "MAX_PAGES_PER_REQUEST", 5)
    old = make_item(ts("2024-01-15T12:00:00"), kind="ces", score=2)
    query = "?since=2024-01-01&until=2026-11-30&kind=ces"
    body = listing(call, query)
    found, requests = ids(body), 1
    while body["cursor"]:
        body = listing(call, f"{query}&cursor={body['cursor']}")
        found += ids(body)
        requests += 1
    assert found == [old.id]
    assert requests >= 6  # 35 month partitions at 5 pages per request


def _cursor(body: dict[str, Any]) -> dict[str, Any]:
    raw = body["cursor"]
    return json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))


def _encode(data: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def test_tampered_or_foreign_cursors_are_400(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any]
) -> None:
    for i in range(3):
        make_item(ts("2026-11-01T00:00:00") + i)
    body = listing(call, "?site=demo&limit=1")
    decoded = _cursor(body)
    bad = [
        "garbage!!",
        "%00",
        _encode([1, 2]),
        _encode({**decoded, "f": "0" * 16}),
        _encode({**decoded, "h": "not-an-id"}),
        _encode({**decoded, "h": {"S": "x"}}),
        _encode({**decoded, "m": "2026-11"}),
        _encode({**decoded, "v": 2}),
        "A" * 600,
    ]
    for cursor in bad:
        response = call("GET", f"/v1/admin/feedback?site=demo&limit=1&cursor={cursor}", headers=AGENT)
        assert response.status_code == 400, cursor
        assert response.json_body["error"]["code"] == "invalid_cursor"
    # A cursor made for other filters is refused too.
    response = call("GET", f"/v1/admin/feedback?site=demo&kind=nps&cursor={body['cursor']}", headers=AGENT)
    assert response.status_code == 400
    month_body = listing(call, "?limit=1")
    month_cursor = _cursor(month_body)
    for tampered in ({**month_cursor, "m": "1999-01"}, {**month_cursor, "m": "2026-13"}, {**month_cursor, "m": None}):
        response = call("GET", f"/v1/admin/feedback?limit=1&cursor={_encode(tampered)}", headers=AGENT)
        assert response.status_code == 400


def test_a_cursor_below_the_range_just_ends(call: Callable[..., Any], site: Any, make_item: Callable[..., Any]) -> None:
    make_item(ts("2026-11-01T00:00:00"))
    from chalicelib.admin.listing import parse_filters

    fingerprint = parse_filters({"site": "demo", "since": "2026-10-01"}).fingerprint()
    tampered = {"v": 1, "f": fingerprint, "h": "0" * 26}
    response = call("GET", f"/v1/admin/feedback?site=demo&since=2026-10-01&cursor={_encode(tampered)}", headers=AGENT)
    assert response.status_code == 200
    assert response.json_body == {"items": [], "cursor": None}


@pytest.fixture
def dynamodb_calls(aws: dict[str, Any]) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Every DynamoDB call made through boucle's clients while the test runs."""
    from chalicelib.models import Feedback, connection

    calls: list[tuple[str, dict[str, Any]]] = []

    def record(model: Any, params: Any, **_: Any) -> None:
        calls.append((model.name, dict(params)))

    clients = {id(c): c for c in (connection().client, Feedback._get_connection().connection.client)}
    for each in clients.values():
        each.meta.events.register("before-call.dynamodb", record)
    yield calls
    for each in clients.values():
        each.meta.events.unregister("before-call.dynamodb", record)


def test_no_scan_of_the_feedback_table_on_any_staff_read(
    call: Callable[..., Any], mixed: dict[str, Any], dynamodb_calls: list[tuple[str, dict[str, Any]]]
) -> None:
    item = mixed["nps_low"]
    for path in (
        "/v1/admin/feedback",
        "/v1/admin/feedback?site=demo&q=retard",
        "/v1/admin/feedback?kind=nps&limit=1",
        "/v1/admin/feedback?since=2025-01-01&status=closed",
        f"/v1/admin/feedback/{item.id}",
        "/v1/admin/export.csv",
        "/v1/admin/export.csv?topic=delivery",
        "/v1/admin/metrics?site=demo",
        "/v1/admin/metrics?site=all",
        "/v1/admin/customers/export?email=nobody@example.com",
    ):
        assert call("GET", path, headers=AGENT).status_code == 200, path
    assert call("DELETE", "/v1/admin/customers?email=nobody@example.com", headers=AGENT).status_code == 200
    names = [name for name, _ in dynamodb_calls]
    assert "Query" in names
    scans = [params.get("TableName") for name, params in dynamodb_calls if name == "Scan"]
    assert "test-feedback" not in scans
