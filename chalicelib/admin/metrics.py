"""Dashboard numbers from day rollups: pure functions over day dicts, no I/O here.

Every figure is derived from counters the stream adds to `Rollup` day items, so
the cost of a dashboard grows with the number of days shown, never with the
number of feedback items. Counters that no reaction has produced yet read as 0.

Conventions:
* days are each site's calendar days in its time zone (as the rollups are keyed); weeks are ISO weeks (`2026-W48`),
  and the first and last weeks only cover the days inside the requested range;
* `nps` is promoters% − detractors% (one decimal), `csat` the share of 4-5 scores
  in % (one decimal), `ces` the average score (two decimals); each is null
  when there were no answers of that kind;
* `resolution_rate` is `resolved / answers` as a ratio (0..1, three decimals);
* `median_first_response_s` is approximated from the histogram counters
  `frt_bucket_<upper bound in seconds>`: the bucket holding the middle answer is
  found and the value interpolated linearly inside it (lower bound = previous
  bucket's upper bound, 0 for the first). `mean_first_response_s` comes from
  `first_response_seconds_sum / first_response_count`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

TOP_TOPICS = 5
NON_COUNTERS = frozenset({"pk", "sk", "expires_at"})
FRT_PREFIX = "frt_bucket_"


def merge(days: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Sum counters of several day items (several days, or several sites' same day)."""
    total: dict[str, int] = {}
    for day in days:
        for name, value in day.items():
            if name in NON_COUNTERS or isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            total[name] = total.get(name, 0) + int(value)
    return total


def by_date(days: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """Day items (possibly from several sites) keyed by ISO date, counters summed per date."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for day in days:
        sort_key = str(day.get("sk", ""))
        if sort_key.startswith("day#"):
            grouped.setdefault(sort_key[4:], []).append(day)
    return {when: merge(items) for when, items in grouped.items()}


def period_of(day: date, bucket: str) -> str:
    if bucket == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def periods(first: date, last: date, bucket: str) -> list[tuple[str, list[str]]]:
    """Every period of the range, oldest first, with the ISO dates it covers (empty ones included)."""
    out: list[tuple[str, list[str]]] = []
    current = first
    while current <= last:
        label = period_of(current, bucket)
        if out and out[-1][0] == label:
            out[-1][1].append(current.isoformat())
        else:
            out.append((label, [current.isoformat()]))
        current += timedelta(days=1)
    return out


def summarize(counters: Mapping[str, int]) -> dict[str, Any]:
    """The dashboard figures for one period's summed counters."""
    c = _Counters(counters)
    nps_n = c["nps_count"]
    promoters, passives, detractors = c["nps_promoters"], c["nps_passives"], c["nps_detractors"]
    csat_n, ces_n = c["csat_count"], c["ces_count"]
    answers = c["answers"]
    frt_n = c["first_response_count"]
    return {
        "volume": c["count"],
        "nps": round((promoters - detractors) * 100 / nps_n, 1) if nps_n else None,
        "nps_responses": nps_n,
        "promoters": promoters,
        "passives": passives,
        "detractors": detractors,
        "csat": round(c["csat_satisfied"] * 100 / csat_n, 1) if csat_n else None,
        "csat_responses": csat_n,
        "ces": round(c["ces_sum"] / ces_n, 2) if ces_n else None,
        "ces_responses": ces_n,
        "sentiment": {
            "positive": c["sentiment_positive"],
            "neutral": c["sentiment_neutral"],
            "negative": c["sentiment_negative"],
        },
        "negative": c["negative"],
        "top_topics": top_topics(counters),
        "alerts": c["alerts_sent"],
        "followups": c["followups_sent"],
        "answers": answers,
        "resolution_rate": round(c["resolved"] / answers, 3) if answers else None,
        "median_first_response_s": median_from_histogram(counters),
        "mean_first_response_s": round(c["first_response_seconds_sum"] / frt_n) if frt_n else None,
        "conversions": c["conversions"],
    }


def top_topics(counters: Mapping[str, int], limit: int = TOP_TOPICS) -> list[dict[str, Any]]:
    """Most frequent topics first; ties broken by name so the answer is stable."""
    topics = [(name[len("topic_") :], int(v)) for name, v in counters.items() if name.startswith("topic_") and v > 0]
    topics.sort(key=lambda pair: (-pair[1], pair[0]))
    return [{"topic": topic, "count": count} for topic, count in topics[:limit]]


def median_from_histogram(counters: Mapping[str, int]) -> int | None:
    """Approximate median of first-response times from `frt_bucket_<upper bound>` counters."""
    buckets: list[tuple[int, int]] = []
    for name, value in counters.items():
        bound = name[len(FRT_PREFIX) :] if name.startswith(FRT_PREFIX) else ""
        if bound.isdigit() and value > 0:
            buckets.append((int(bound), int(value)))
    total = sum(count for _, count in buckets)
    if not total:
        return None
    buckets.sort()
    half = total / 2
    seen, lower = 0, 0
    for upper, count in buckets:
        if seen + count >= half:
            return round(lower + (upper - lower) * (half - seen) / count)
        seen += count
        lower = upper
    return buckets[-1][0]  # pragma: no cover - the loop always returns


def report(first: date, last: date, bucket: str, days: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Totals and the series for a range of days (`days` may mix several sites)."""
    dated = by_date(days)
    series = []
    for label, dates in periods(first, last, bucket):
        series.append({"period": label, **summarize(merge(dated[d] for d in dates if d in dated))})
    return {"totals": summarize(merge(dated.values())), "series": series}


class _Counters:
    """Read access to counters where an absent counter is 0."""

    def __init__(self, counters: Mapping[str, int]) -> None:
        self._counters = counters

    def __getitem__(self, name: str) -> int:
        return int(self._counters.get(name, 0) or 0)
