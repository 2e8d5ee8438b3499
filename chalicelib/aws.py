"""Lazily created AWS clients, one per service per process, all from one botocore session.

Creating clients costs tens of milliseconds, so no module creates one at import
time: a cold start pays only for the clients its function really uses. Every
client (boto3's and PynamoDB's) comes from the same botocore session, because
each session loads its own copy of botocore's endpoint and service data: one
session per client cost the process ~10 MB per service (see `bench/`,
`peak_rss_mb`).
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

from chalicelib.config import settings

creation_lock = threading.RLock()  # botocore sessions are not safe for concurrent client creation
_clients: dict[str, Any] = {}


@cache
def botocore_session() -> Any:
    """The process's one botocore session (credentials, region and loaded service data)."""
    import botocore.session

    return botocore.session.get_session()


@cache
def _boto3_session() -> Any:
    # One boto3 session only: each one registers its handlers on the botocore session again.
    import boto3

    return boto3.session.Session(botocore_session=botocore_session())


def client(service: str) -> Any:
    """The process's boto3 client for `service`, with bounded retries and timeouts."""
    found = _clients.get(service)
    if found is not None:
        return found
    from botocore.config import Config

    with creation_lock:
        if service not in _clients:
            config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=2, read_timeout=10)
            _clients[service] = _boto3_session().client(service, region_name=settings().region, config=config)
        return _clients[service]
