"""Listing feedback for staff: filters, index queries and opaque cursors.

The feedback table is never scanned. With a `site` filter the `by_site` index is
queried; without one, the `by_month` index is queried month by month, newest
first. Both indexes sort by the ULID id, so the time bounds (`since`, `until`)
become a key condition on the id and only the rows in range are read.
Everything else is a FilterExpression (except the case-insensitive `q`, which
DynamoDB cannot do and is applied here), and each request reads a bounded number
of pages: when the budget runs out before `limit` items are found, the answer
carries a cursor to continue from exactly where the reading stopped.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from chalicelib import clock
from chalicelib.admin.site_settings import TOPIC_KEY_RE
from chalicelib.config import settings
from chalicelib.errors import bad_request
from chalicelib.ids import is_ulid, ulid_floor
from chalicelib.intake.feedback_in import KINDS
from chalicelib.intake.http import SITE_RE
from chalicelib.models import Feedback, connection

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_PAGES_PER_REQUEST = 20
DEFAULT_MONTHS_BACK = 12
MAX_Q_LENGTH = 200

MONTH_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])\Z")
_SPACED_OFFSET = re.compile(r" ([0-9]{2}:[0-9]{2})$")
STATUSES = ("new", "acknowledged", "resolved", "closed", "reopened", "spam")
SENTIMENTS = ("positive", "neutral", "negative")
CHANNELS = ("web", "form", "email", "sms")
FILTER_PARAMS = ("site", "status", "sentiment", "kind", "channel", "topic", "since", "until", "q")
LISTING_PARAMS = (*FILTER_PARAMS, "limit", "cursor")

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {c: i for i, c in enumerate(_ALPHABET)}
MIN_ID = "0" * 26
MAX_ID = "7" + "Z" * 25


@dataclass(frozen=True)
class Filters:
    """What staff asked for; `since`/`until` are epoch milliseconds, `until` exclusive."""

    site: str | None = None
    status: str | None = None
    sentiment: str | None = None
    kind: str | None = None
    channel: str | None = None
    topic: str | None = None
    since_ms: int | None = None
    until_ms: int | None = None
    q: str | None = None

    def fingerprint(self) -> str:
        """Binds a cursor to the filters it was made for."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Position:
    """Where reading resumes: a month partition (month mode only) and the highest id still to read."""

    month: str | None
    high: str


@dataclass(frozen=True)
class Page:
    items: list[Feedback]
    cursor: str | None


# ---------------------------------------------------------------- parsing


def parse_filters(params: Mapping[str, str], *, allowed: tuple[str, ...] = LISTING_PARAMS) -> Filters:
    """Validate the query string; unknown parameters are refused so a typo never widens an export."""
    for name in params:
        if name not in allowed:
            raise bad_request("unknown_parameter", f"unknown query parameter '{name}'", name)
    site = _choice_or_pattern(params, "site", SITE_RE)
    topic = _choice_or_pattern(params, "topic", TOPIC_KEY_RE)
    since = _instant(params.get("since"), "since", end_of_day=False)
    until = _instant(params.get("until"), "until", end_of_day=True)
    if since is not None and until is not None and since >= until:
        raise bad_request("invalid_range", "since must be before until", "since")
    q = params.get("q")
    if q is not None:
        q = q.strip()
        if len(q) > MAX_Q_LENGTH:
            raise bad_request("invalid_q", f"q is limited to {MAX_Q_LENGTH} characters", "q")
    return Filters(
        site=site,
        status=_choice(params, "status", STATUSES),
        sentiment=_choice(params, "sentiment", SENTIMENTS),
        kind=_choice(params, "kind", KINDS),
        channel=_choice(params, "channel", CHANNELS),
        topic=topic,
        since_ms=since,
        until_ms=until,
        q=q.casefold() if q else None,
    )


def parse_limit(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise bad_request("invalid_limit", f"limit must be an integer between 1 and {MAX_LIMIT}", "limit")
    return int(raw)


def _choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if value not in allowed:
        raise bad_request(f"invalid_{name}", f"{name} must be one of: {', '.join(allowed)}", name)
    return value


def _choice_or_pattern(params: Mapping[str, str], name: str, pattern: re.Pattern[str]) -> str | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if not pattern.match(value):
        raise bad_request(f"invalid_{name}", f"invalid {name}", name)
    return value


def _instant(raw: str | None, name: str, *, end_of_day: bool) -> int | None:
    """An ISO date or date-time as epoch ms; a bare `until` date includes that whole day (UTC)."""
    if raw is None or raw == "":
        return None
    text = raw.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
            if end_of_day:
                moment += timedelta(days=1)
        else:
            # A `+hh:mm` offset arrives as ` hh:mm` when the client did not encode the `+`.
            moment = datetime.fromisoformat(_SPACED_OFFSET.sub(r"+\1", text.replace("Z", "+00:00")))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
        ms = int(moment.timestamp() * 1000)
    except (ValueError, OverflowError, OSError):
        raise bad_request("invalid_date", f"{name} must be an ISO date or date-time", name) from None
    if not 0 <= ms < 2**48:
        raise bad_request("invalid_date", f"{name} is out of range", name)
    return ms


# ---------------------------------------------------------------- cursors


def encode_cursor(filters: Filters, position: Position) -> str:
    body = {"v": 1, "f": filters.fingerprint(), "h": position.high}
    if position.month is not None:
        body["m"] = position.month
    raw = json.dumps(body, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(filters: Filters, cursor: str) -> Position:
    """A cursor back into a position, refusing anything this service did not hand out for these filters."""
    invalid = bad_request("invalid_cursor", "the cursor is invalid or was made for other filters", "cursor")
    if len(cursor) > 512:
        raise invalid
    try:
        body = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid from None
    if not isinstance(body, dict) or body.get("v") != 1 or body.get("f") != filters.fingerprint():
        raise invalid
    high, month = body.get("h"), body.get("m")
    if not isinstance(high, str) or not is_ulid(high) or high > _high_bound(filters):
        raise invalid
    if filters.site is not None:
        if month is not None:
            raise invalid
    else:
        months = _month_range(filters)
        if not isinstance(month, str) or not MONTH_RE.match(month) or not months[-1] <= month <= months[0]:
            raise invalid
    return Position(month, high)


# ---------------------------------------------------------------- querying


def list_page(filters: Filters, limit: int, cursor: str | None = None, max_pages: int | None = None) -> Page:
    """Up to `limit` items, newest first, and a cursor when more may follow (at most `max_pages` reads)."""
    if max_pages is None:
        max_pages = MAX_PAGES_PER_REQUEST
    position = decode_cursor(filters, cursor) if cursor else first_position(filters)
    low = _low_bound(filters)
    items: list[Feedback] = []
    pages = 0
    while position is not None:
        if position.high < low:
            position = _next_partition(filters, position)
            continue
        if pages >= max_pages:
            return Page(items, encode_cursor(filters, position))
        answer = connection().client.query(**_query_args(filters, position, low, limit - len(items)))
        pages += 1
        raw_items = answer.get("Items", [])
        last_key = answer.get("LastEvaluatedKey")
        for index, raw in enumerate(raw_items):
            item = Feedback.from_raw_data(raw)
            if not _matches_q(item, filters.q):
                continue
            items.append(item)
            if len(items) == limit:
                rest_of_page = index < len(raw_items) - 1 or last_key is not None
                if rest_of_page:
                    after: Position | None = Position(position.month, _id_before(item.id))
                else:
                    after = _next_partition(filters, position)
                return Page(items, encode_cursor(filters, after) if after else None)
        if last_key is not None:
            position = Position(position.month, _id_before(last_key["id"]["S"]))
        else:
            position = _next_partition(filters, position)
    return Page(items, None)


def first_position(filters: Filters) -> Position | None:
    if filters.site is not None:
        return Position(None, _high_bound(filters))
    return Position(_month_range(filters)[0], _high_bound(filters))


def _next_partition(filters: Filters, position: Position) -> Position | None:
    if position.month is None:
        return None
    months = _month_range(filters)
    if position.month <= months[-1]:
        return None
    return Position(_previous_month(position.month), _high_bound(filters))


def _query_args(filters: Filters, position: Position, low: str, wanted: int) -> dict[str, Any]:
    names: dict[str, str] = {"#id": "id"}
    values: dict[str, Any] = {":low": {"S": low}, ":high": {"S": position.high}}
    if position.month is None:
        names["#pk"], values[":pk"] = "site", {"S": filters.site or ""}
        index = "by_site"
    else:
        names["#pk"], values[":pk"] = "month", {"S": position.month}
        index = "by_month"
    conditions: list[str] = []
    for field in ("status", "sentiment", "kind", "channel"):
        value = getattr(filters, field)
        if value is not None:
            names[f"#{field}"], values[f":{field}"] = field, {"S": value}
            conditions.append(f"#{field} = :{field}")
    if filters.status is None:
        # Spam is kept briefly for audit but is not staff work: shown only when asked for.
        names["#status"], values[":spam"] = "status", {"S": "spam"}
        conditions.append("#status <> :spam")
    if filters.topic is not None:
        names["#topics"], values[":topic"] = "topics", {"S": filters.topic}
        conditions.append("contains(#topics, :topic)")
    narrowing = any(
        value is not None
        for value in (filters.status, filters.sentiment, filters.kind, filters.channel, filters.topic, filters.q)
    )
    args: dict[str, Any] = {
        "TableName": settings().feedback_table,
        "IndexName": index,
        "KeyConditionExpression": "#pk = :pk AND #id BETWEEN :low AND :high",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        "ScanIndexForward": False,
        # Without narrowing filters read just what is needed; with them, read wider pages.
        "Limit": max(wanted, 100) if narrowing else wanted,
    }
    if conditions:
        args["FilterExpression"] = " AND ".join(conditions)
    return args


def _matches_q(item: Feedback, q: str | None) -> bool:
    if not q:
        return True
    return any(q in (value or "").casefold() for value in (item.text, item.subject))


# ---------------------------------------------------------------- time and id bounds


def _now_ms() -> int:
    return int(clock.now() * 1000)


def _low_bound(filters: Filters) -> str:
    if filters.since_ms is not None:
        return ulid_floor(filters.since_ms)
    if filters.site is None:
        return ulid_floor(_default_since_ms(filters))
    return MIN_ID


def _high_bound(filters: Filters) -> str:
    """The highest id in range: just below the first id at `until` (exclusive)."""
    if filters.until_ms is None:
        return MAX_ID
    return _id_before(ulid_floor(filters.until_ms))


def _default_since_ms(filters: Filters) -> int:
    start = _month_of(filters.until_ms - 1 if filters.until_ms is not None else _now_ms())
    return _month_start_ms(_months_back(start, DEFAULT_MONTHS_BACK))


def _month_range(filters: Filters) -> list[str]:
    """The months to read, newest first: the month of `until` (or now) back to that of `since`."""
    newest = _month_of(filters.until_ms - 1 if filters.until_ms is not None else _now_ms())
    oldest = _month_of(filters.since_ms if filters.since_ms is not None else _default_since_ms(filters))
    months = [newest]
    while months[-1] > oldest:
        months.append(_previous_month(months[-1]))
    return months


def _month_of(ms: int) -> str:
    return datetime.fromtimestamp(max(ms, 0) / 1000, tz=UTC).strftime("%Y-%m")


def _month_start_ms(month: str) -> int:
    year, number = int(month[:4]), int(month[5:7])
    return int(datetime(year, number, 1, tzinfo=UTC).timestamp() * 1000)


def _previous_month(month: str) -> str:
    return _months_back(month, 1)


def _months_back(month: str, count: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 - count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _id_before(ulid: str) -> str:
    """The id immediately below `ulid` in sort order (keys are inclusive in BETWEEN)."""
    value = 0
    for char in ulid:
        value = (value << 5) | _DECODE[char]
    value = max(value - 1, 0)
    return "".join(_ALPHABET[(value >> shift) & 31] for shift in range(125, -1, -5))
