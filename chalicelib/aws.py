"""Lazily created boto3 clients, one per service per process.

Creating clients costs tens of milliseconds, so no module creates one at import
time: a cold start pays only for the clients its function really uses.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from chalicelib.config import settings


@cache
def client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=2, read_timeout=10)
    return boto3.session.Session().client(service, region_name=settings().region, config=config)
