"""Shared fixtures: AWS played in-process by moto, tables created from infra/template.yaml.

The environment is set before anything imports chalicelib, because the models
read their table names at import time (as they do in Lambda).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

for leaked in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
    os.environ.pop(leaked, None)
os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_REGION": "eu-west-1",
        "BOUCLE_STAGE": "local",
        "BOUCLE_FEEDBACK_TABLE": "test-feedback",
        "BOUCLE_ROLLUP_TABLE": "test-rollup",
        "BOUCLE_CUSTOMER_TABLE": "test-customer",
        "BOUCLE_SITE_TABLE": "test-site",
        "BOUCLE_REQUEST_TABLE": "test-request",
        "BOUCLE_RAW_MAIL_BUCKET": "test-raw-mail",
        "BOUCLE_PUBLIC_URL": "https://feedback.example.com",
        "BOUCLE_INBOUND_DOMAIN": "in.example.com",
        "BOUCLE_TOKEN_SECRET": "test-secret",
        "BOUCLE_FOLLOWUP_DELAY_S": "10",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }
)

import pytest  # noqa: E402
from moto import mock_aws  # noqa: E402

from infra.local import moto_fixes  # noqa: E402

moto_fixes.apply()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """A fresh in-process AWS per test: tables, topic, queues, bucket and a verified domain."""
    from infra.local.provision import create_in_process

    with mock_aws():
        env = create_in_process("eu-west-1", os.environ["BOUCLE_INBOUND_DOMAIN"], outbox_queue=True)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        _reset_caches()
        yield {
            "stream_arn": env["BOUCLE_FEEDBACK_STREAM_ARN"],
            "topic_arn": env["BOUCLE_ALERTS_TOPIC_ARN"],
            "dlq_url": env["BOUCLE_DLQ_URL"],
            "outbox_url": env["BOUCLE_OUTBOX_QUEUE_URL"],
        }
        _reset_caches()


def _reset_caches() -> None:
    from chalicelib import config, fieldcrypt, sites

    config.settings.cache_clear()
    sites.forget()
    fieldcrypt.forget_keys()


@pytest.fixture
def site(aws: dict[str, Any]) -> Any:
    """The `demo` site, allowing https://shop.example.com."""
    from chalicelib.models import Site

    demo = Site(
        key="demo",
        name="Demo shop",
        allowed_origins=["https://shop.example.com"],
        locale="fr",
        time_zone="Europe/Paris",
        thank_you_url=None,
    )
    demo.save()
    return demo


@pytest.fixture
def client(aws: dict[str, Any]) -> Iterator[Any]:
    """Chalice's own test client around the real app."""
    from chalice.test import Client

    import app as app_module

    with Client(app_module.app, stage_name="local") as test_client:
        yield test_client


@pytest.fixture
def pump(aws: dict[str, Any]) -> Any:
    """The local event pump, reading moto's stream in-process and invoking the real handlers."""
    import app as app_module
    from infra.local.pump import EventPump

    return EventPump(
        app_module,
        stream_arn=aws["stream_arn"],
        endpoint=None,
        region="eu-west-1",
        sweep_interval_s=3600,
        dead_letter_queue_url=aws["dlq_url"],
    )
