"""Shared helpers for the benchmark scripts: environment, in-memory AWS, one JSON line per figure."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"

BENCH_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_REGION": "eu-west-1",
    "BOUCLE_STAGE": "local",
    "BOUCLE_FEEDBACK_TABLE": "bench-feedback",
    "BOUCLE_ROLLUP_TABLE": "bench-rollup",
    "BOUCLE_CUSTOMER_TABLE": "bench-customer",
    "BOUCLE_SITE_TABLE": "bench-site",
    "BOUCLE_REQUEST_TABLE": "bench-request",
    "BOUCLE_RAW_MAIL_BUCKET": "bench-raw-mail",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}


def setup_env() -> None:
    os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.update(BENCH_ENV)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # moto as the local stack runs it: no leak of every stored item version, item-level rollback.
    from infra.local import moto_fixes

    moto_fixes.apply()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a moto server or a local stack the bench starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def emit(name: str, value: Any, unit: str, baseline: Any = None, ratio: float | None = None, **extra: Any) -> None:
    """Print one figure as a JSON object on its own line (the `make bench` contract)."""
    record = {"name": name, "value": value, "unit": unit, "baseline": baseline, "ratio": ratio, **extra}
    if isinstance(record["ratio"], float):
        record["ratio"] = round(record["ratio"], 3)
    print(json.dumps(record), flush=True)


def create_resources() -> dict[str, str]:
    """Tables (from infra/template.yaml), topic, queues, bucket and key in moto's in-memory backends."""
    from infra.local.provision import create_in_process

    env = create_in_process("eu-west-1", "boucle.localhost")
    os.environ.update(env)
    from chalicelib import config

    config.settings.cache_clear()
    return env
