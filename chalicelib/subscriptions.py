"""Who hears about alerts: SNS subscriptions of the alerts topic, each with a filter policy.

Teams subscribe an email address or a phone number and narrow what they get
with SNS filter policies on the alert attributes (`site`, `severity`,
`topics`, `channel`), e.g. the billing team only `price` alerts at `high`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from chalicelib import alerts
from chalicelib.aws import client
from chalicelib.config import settings
from chalicelib.errors import bad_request

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}\Z")
PHONE_RE = re.compile(r"^\+[1-9][0-9]{6,14}\Z")


def subscribe(
    protocol: str,
    endpoint: str,
    sites: list[str] | None = None,
    severities: list[str] | None = None,
    topics: list[str] | None = None,
) -> dict[str, Any]:
    """Subscribe an address (`email`) or a phone (`sms`) to the alerts topic with an optional filter."""
    if protocol not in ("email", "sms"):
        raise bad_request("invalid_protocol", "protocol must be 'email' or 'sms'", "protocol")
    pattern = EMAIL_RE if protocol == "email" else PHONE_RE
    if not isinstance(endpoint, str) or not pattern.match(endpoint):
        raise bad_request("invalid_endpoint", f"endpoint is not a valid {protocol} address", "endpoint")
    for name, values in (("sites", sites), ("severities", severities), ("topics", topics)):
        if values is not None and (not isinstance(values, list) or not all(isinstance(v, str) for v in values)):
            raise bad_request("invalid_type", f"{name} must be a list of strings", name)
    try:
        policy = alerts.filter_policy(sites=sites, severities=severities, topics=topics)
    except ValueError as error:
        raise bad_request("invalid_filter", str(error), "filter") from None
    kwargs: dict[str, Any] = {
        "TopicArn": settings().alerts_topic_arn,
        "Protocol": protocol,
        "Endpoint": endpoint,
        "ReturnSubscriptionArn": True,
    }
    if policy:
        kwargs["Attributes"] = {"FilterPolicy": json.dumps(policy)}
    arn = client("sns").subscribe(**kwargs)["SubscriptionArn"]
    return {"subscription_arn": arn, "protocol": protocol, "filter_policy": policy}


def list_subscriptions() -> list[dict[str, Any]]:
    """Every subscription of the alerts topic with its filter policy (staff addresses, not customers')."""
    sns = client("sns")
    found: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"TopicArn": settings().alerts_topic_arn}
    while True:
        page = sns.list_subscriptions_by_topic(**kwargs)
        for sub in page.get("Subscriptions", []):
            if sub["Protocol"] not in ("email", "sms"):
                continue
            attributes = {}
            if sub["SubscriptionArn"].startswith("arn:"):
                attributes = sns.get_subscription_attributes(SubscriptionArn=sub["SubscriptionArn"])["Attributes"]
            found.append(
                {
                    "subscription_arn": sub["SubscriptionArn"],
                    "protocol": sub["Protocol"],
                    "endpoint": sub["Endpoint"],
                    "filter_policy": json.loads(attributes.get("FilterPolicy") or "{}"),
                }
            )
        if not page.get("NextToken"):
            return found
        kwargs["NextToken"] = page["NextToken"]
