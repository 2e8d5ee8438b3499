"""Markers for the infrastructure tests."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: builds the deployment package and lints it (seconds; still in the default run)"
    )
