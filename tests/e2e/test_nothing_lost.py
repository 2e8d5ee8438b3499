"""Nothing lost: after a concurrent burst against the local stack, every 202 has its item,
every negative item its alert, and every due follow-up its message."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

pytestmark = pytest.mark.e2e

BURST = 40


def test_a_concurrent_burst_loses_nothing(local_stack: Any, wait_for: Any) -> None:
    admin = {"Authorization": f"Bearer {local_stack.admin_token}"}
    run = time.time_ns()

    def body(n: int) -> dict[str, Any]:
        negative = n % 2 == 0
        payload: dict[str, Any] = {
            "site": "demo",
            "kind": "nps",
            "score": 2 if negative else 10,
            "text": "Colis jamais arrivé" if negative else "Parfait, merci",
        }
        if n % 4 == 0:  # a quarter: negative, with an address and consent → a follow-up is owed
            payload.update(email=f"burst-{run}-{n}@example.com", consent_followup=True)
        return payload

    def post(n: int) -> tuple[int, dict[str, Any], int, str | None]:
        response = requests.post(
            f"{local_stack.api_url}/v1/feedback",
            data=json.dumps(body(n)),
            headers={"content-type": "application/json", "Idempotency-Key": f"burst-{run}-{n}"},
            timeout=30,
        )
        return n, body(n), response.status_code, response.json().get("id") if response.status_code == 202 else None

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(post, range(BURST)))
    assert [status for _, _, status, _ in results] == [202] * BURST

    def item(item_id: str) -> dict[str, Any]:
        response = requests.get(f"{local_stack.api_url}/v1/admin/feedback/{item_id}", headers=admin, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    # Every 202 has its item.
    items = {n: item(item_id) for n, _, _, item_id in results if item_id}
    assert len(items) == BURST

    # Every negative item its alert: exactly one message naming it, recorded on the item
    # (`alerted_at` is the claim, set before the publish; the outbox shows what went out).
    negatives = [n for n, payload, _, _ in results if payload["score"] <= 6]

    def alerts_per_item() -> dict[int, int]:
        outbox = requests.get(f"{local_stack.api_url}/v1/admin/outbox", headers=admin, timeout=10).json()["messages"]
        bodies = [m["body"] or "" for m in outbox if m["channel"] == "alert"]
        return {n: sum(items[n]["id"] in body for body in bodies) for n in negatives}

    wait_for(lambda: all(alerts_per_item().values()), timeout=60, interval=1)
    time.sleep(2)  # a redelivered batch must not add a second one
    assert alerts_per_item() == {n: 1 for n in negatives}
    assert all(item(items[n]["id"])["alerted_at"] for n in negatives)

    # Every due follow-up its message.
    owed = [payload["email"] for _, payload, _, _ in results if payload.get("email")]

    def all_sent() -> bool:
        outbox = requests.get(f"{local_stack.api_url}/v1/admin/outbox", headers=admin, timeout=10).json()["messages"]
        sent_to = [m["to"] for m in outbox if m["channel"] == "email"]
        return all(sum(address in (to or "") for to in sent_to) == 1 for address in owed)

    wait_for(all_sent, timeout=60, interval=1)
