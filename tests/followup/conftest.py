"""The follow-up tests' fixtures: the clock and an SNS spy (their plain helpers are in `support.py`)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.followup.support import T0


@pytest.fixture
def clock_at(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """`clock.now()` reads `state["now"]`, starting at T0; a test moves time by setting it."""
    from chalicelib import clock

    state = {"now": T0}
    monkeypatch.setattr(clock, "now", lambda: state["now"])
    return state


@pytest.fixture
def sns_published(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The arguments of every SNS publish (alerts and SMS), in order; each call still reaches moto."""
    from chalicelib.aws import client

    published: list[dict[str, Any]] = []
    sns = client("sns")
    real = sns.publish

    def spy(**kwargs: Any) -> Any:
        published.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(sns, "publish", spy)
    return published
