"""Daily counters per site, written with atomic ADDs exactly once per event.

Days are the site's calendar days, in its `time_zone` (a Paris site's 00:30 is
its new day, not UTC's previous one); hours, used only to spot spikes, are UTC.

Each counted event (an item received, an alert sent, a follow-up sent, an
answer...) is applied in one DynamoDB transaction together with a marker item
`mark#<item id>` / `<event>`: a redelivered stream record finds the marker and
counts nothing, so at-least-once delivery never double counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError

from chalicelib import clock
from chalicelib.config import settings
from chalicelib.models import connection
from chalicelib.sites import get_site

MARKER_TTL_S = 8 * 24 * 3600
NPS_PROMOTER, NPS_DETRACTOR_MAX = 9, 6


def day_key(iso_time: str, time_zone: str) -> str:
    return "day#" + clock.local_date(iso_time, time_zone)


def site_time_zone(site: str) -> str:
    """The zone the site's days are counted in (from the cached site settings; UTC for an unknown site)."""
    config = get_site(site)
    return config.time_zone if config else "UTC"


def hour_key(iso_time: str) -> str:
    return "hour#" + iso_time[:13]


def received_counters(item: Any) -> dict[str, int]:
    """What one new feedback item adds to its site's day."""
    counters = {
        "count": 1,
        f"channel_{item.channel}": 1,
        f"kind_{item.kind}": 1,
        f"sentiment_{item.sentiment}": 1,
    }
    if item.negative:
        counters["negative"] = 1
    if item.mixed:
        counters["mixed"] = 1
    score = None if item.score is None else int(item.score)
    if item.kind == "nps" and score is not None:
        counters["nps_count"] = 1
        counters["nps_sum"] = score
        bucket = "promoters" if score >= NPS_PROMOTER else "detractors" if score <= NPS_DETRACTOR_MAX else "passives"
        counters[f"nps_{bucket}"] = 1
    elif item.kind == "csat" and score is not None:
        counters.update(csat_count=1, csat_sum=score, csat_satisfied=1 if score >= 4 else 0)
    elif item.kind == "ces" and score is not None:
        counters.update(ces_count=1, ces_sum=score)
    for topic in item.topics or []:
        counters[f"topic_{topic}"] = 1
    return counters


def apply_once(
    site: str,
    item_id: str,
    event: str,
    at_iso: str,
    counters: Mapping[str, int],
    hour_counters: Mapping[str, int] | None = None,
) -> bool:
    """Add counters to the site's day (and hour) unless this event was counted before.

    Returns False when the marker shows the event was already applied.
    """
    table = settings().rollup_table
    items: list[dict[str, Any]] = [
        {
            "Put": {
                "TableName": table,
                "Item": {
                    "pk": {"S": f"mark#{item_id}"},
                    "sk": {"S": event},
                    "expires_at": {"N": str(int(clock.now()) + MARKER_TTL_S)},
                },
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        },
        _add(table, site, day_key(at_iso, site_time_zone(site)), counters),
    ]
    if hour_counters:
        items.append(_add(table, site, hour_key(at_iso), hour_counters))
    try:
        connection().client.transact_write_items(TransactItems=items)
    except ClientError as error:
        reasons = error.response.get("CancellationReasons") or []
        if reasons and reasons[0].get("Code") == "ConditionalCheckFailed":
            return False
        raise
    return True


def _add(table: str, site: str, sort_key: str, counters: Mapping[str, int]) -> dict[str, Any]:
    names = {f"#c{i}": name for i, name in enumerate(counters)}
    values = {f":v{i}": {"N": str(value)} for i, value in enumerate(counters.values())}
    expression = "ADD " + ", ".join(f"#c{i} :v{i}" for i in range(len(counters)))
    return {
        "Update": {
            "TableName": table,
            "Key": {"pk": {"S": site}, "sk": {"S": sort_key}},
            "UpdateExpression": expression,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
    }


def read_counters(site: str, sort_keys: list[str]) -> dict[str, dict[str, int]]:
    """Counters of a few rollup items of one site (one BatchGetItem), by sort key; absent ones are {}."""
    table = settings().rollup_table
    keys = [{"pk": {"S": site}, "sk": {"S": sk}} for sk in dict.fromkeys(sort_keys)]
    found: dict[str, dict[str, int]] = {sk: {} for sk in sort_keys}
    while keys:
        page = connection().client.batch_get_item(RequestItems={table: {"Keys": keys[:100]}})
        keys = keys[100:] + page.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
        for raw in page.get("Responses", {}).get(table, []):
            found[raw["sk"]["S"]] = {k: int(v["N"]) for k, v in raw.items() if "N" in v}
    return found


def read_days(site: str, first_day: str, last_day: str) -> list[dict[str, Any]]:
    """The day rollups of one site between two ISO dates, inclusive, oldest first."""
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()
    days: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {
        "TableName": settings().rollup_table,
        "KeyConditionExpression": "pk = :site AND sk BETWEEN :first AND :last",
        "ExpressionAttributeValues": {
            ":site": {"S": site},
            ":first": {"S": f"day#{first_day}"},
            ":last": {"S": f"day#{last_day}"},
        },
    }
    while True:
        page = connection().client.query(**kwargs)
        for raw in page.get("Items", []):
            day = {key: deserializer.deserialize(value) for key, value in raw.items()}
            days.append({key: int(value) if key not in ("pk", "sk") else value for key, value in day.items()})
        if "LastEvaluatedKey" not in page:
            return days
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
