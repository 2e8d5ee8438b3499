"""Fixtures for the staff API tests: tokens, items written straight to the table, JSON helpers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

AGENT = {"Authorization": "Bearer local-admin"}
VIEWER = {"Authorization": "Bearer local-viewer"}
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def agent() -> dict[str, str]:
    return dict(AGENT)


@pytest.fixture
def viewer() -> dict[str, str]:
    return dict(VIEWER)


@pytest.fixture(autouse=True)
def _fresh_jwks() -> Iterator[None]:
    from chalicelib.admin import auth

    auth.reset_jwks_cache()
    yield
    auth.reset_jwks_cache()


@pytest.fixture
def make_item(aws: dict[str, Any]) -> Callable[..., Any]:
    """Write a feedback item directly (no analysis, no stream), created at `ts` (epoch seconds)."""
    from chalicelib import clock
    from chalicelib.contacts import contact_hash
    from chalicelib.ids import new_ulid
    from chalicelib.models import Feedback, TimelineEvent

    def make(ts: float | None = None, **fields: Any) -> Feedback:
        moment = clock.now() if ts is None else ts
        created = clock.iso(moment)
        values: dict[str, Any] = {
            "id": new_ulid(int(moment * 1000)),
            "site": "demo",
            "month": created[:7],
            "channel": "web",
            "kind": "comment",
            "text": "Bonjour",
            "created_at": created,
            "sentiment": "neutral",
            "timeline": [TimelineEvent(at=created, event="received", actor="web")],
        }
        values.update(fields)
        if values.get("email") or values.get("phone"):
            values.setdefault("contact_hash", contact_hash(values.get("email"), values.get("phone")))
        item = Feedback(**values)
        item.save()
        return item

    return make


@pytest.fixture
def call(client: Any) -> Callable[..., Any]:
    """`call(method, path, headers=..., body=...)` through the Chalice test client, JSON-encoding dict bodies."""

    def request(method: str, path: str, headers: dict[str, str] | None = None, body: Any = None) -> Any:
        raw = b"" if body is None else body if isinstance(body, (bytes, str)) else json.dumps(body)
        all_headers = {**JSON, **(headers or {})} if body is not None else dict(headers or {})
        return client.http.request(method, path, headers=all_headers, body=raw)

    return request
