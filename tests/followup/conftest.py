"""The follow-up tests' clock fixture (their plain helpers are in `support.py`)."""

from __future__ import annotations

import pytest

from tests.followup.support import T0


@pytest.fixture
def clock_at(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """`clock.now()` reads `state["now"]`, starting at T0; a test moves time by setting it."""
    from chalicelib import clock

    state = {"now": T0}
    monkeypatch.setattr(clock, "now", lambda: state["now"])
    return state
