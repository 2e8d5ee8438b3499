"""Helpers the follow-up tests share: posting feedback, reading an item back, the start time T0."""

from __future__ import annotations

import json
from typing import Any

# 2026-03-10 10:00:00 UTC = 11:00 in Paris: daytime, outside the default quiet hours.
T0 = 1773136800.0

# An NPS detractor with an e-mail address and consent: the item every follow-up starts from.
DETRACTOR = {
    "site": "demo",
    "kind": "nps",
    "score": 3,
    "text": "Colis en retard",
    "email": "ana@example.org",
    "consent_followup": True,
}


def post(client: Any, body: dict[str, Any]) -> str:
    """POST /v1/feedback through Chalice's test client; returns the new item's id."""
    response = client.http.post("/v1/feedback", headers={"Content-Type": "application/json"}, body=json.dumps(body))
    assert response.status_code == 202, response.body
    return response.json_body["id"]


def item(item_id: str) -> Any:
    from chalicelib.models import Feedback

    return Feedback.get(item_id, consistent_read=True)
