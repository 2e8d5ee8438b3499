"""Runtime figures: cold import, intake CPU, AWS calls per item, reads per sweep and per metrics query, memory.

Every ratio is against a baseline measured in the same run (these machines are
noisy): `import boto3` for the cold import, Chalice's own hello-world route
for intake CPU, the number of due items for the sweep, the number of days for
the metrics query. Run: `.venv/bin/python bench/bench_runtime.py` (or `make bench`).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_ENV, ROOT, create_resources, emit, setup_env

setup_env()
import moto  # noqa: E402,F401  (before any botocore client exists, so moto can answer them later)


# ---------------------------------------------------------------------------- helpers
@contextmanager
def counting_calls() -> Iterator[Counter[str]]:
    """Count every AWS API call (service:Operation) and the items DynamoDB reads report."""
    from botocore.client import BaseClient

    calls: Counter[str] = Counter()
    real = BaseClient._make_api_call

    def counted(self: Any, operation: str, params: dict[str, Any]) -> Any:
        response = real(self, operation, params)
        service = self.meta.service_model.service_name
        calls[f"{service}:{operation}"] += 1
        if operation in ("Query", "Scan"):
            calls[f"read_items:{params.get('TableName')}:{params.get('IndexName', '')}"] += response.get(
                "ScannedCount", response.get("Count", 0)
            )
        return response

    BaseClient._make_api_call = counted  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        BaseClient._make_api_call = real  # type: ignore[method-assign]


def fresh_import_seconds(statement: str, runs: int = 7) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    env = {**os.environ, **BENCH_ENV}
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


# ---------------------------------------------------------------------------- figures
def cold_import() -> None:
    boto3_s = fresh_import_seconds("import boto3")
    app_s = fresh_import_seconds("import app")
    emit("cold_import_ratio", round(app_s * 1000, 1), "ms", round(boto3_s * 1000, 1), app_s / boto3_s)


def intake_cpu() -> None:
    """CPU per request through the real handler, AWS answered in memory by a canned botocore reply."""
    from botocore.awsrequest import AWSResponse
    from chalice import Chalice
    from chalice.test import Client

    import app as app_module
    from chalicelib import sites
    from chalicelib.models import Feedback, connection

    class _Raw:
        def stream(self, **_: Any) -> Iterator[bytes]:
            yield b"{}"

    def answer(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, {"content-type": "application/x-amz-json-1.0"}, _Raw())

    clients = {connection().client, Feedback._get_connection().connection.client}
    for client in clients:
        client.meta.events.register_first("before-send.dynamodb", answer)
    sites._cache["demo"] = (time.monotonic() + 10**9, sites.SiteConfig(key="demo", name="Demo", locale="fr"))

    hello = Chalice(app_name="hello")

    @hello.route("/")
    def index() -> dict[str, str]:
        return {"hello": "world"}

    body = json.dumps({"site": "demo", "kind": "nps", "score": 3, "text": "Livraison en retard, colis abîmé"})
    headers = {"Content-Type": "application/json"}
    n = 1500

    def per_request(run: Any) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            for _ in range(n):
                run()
            best = min(best, (time.process_time() - start) / n)
        return best

    with Client(hello) as hello_client, Client(app_module.app, stage_name="local") as app_client:
        assert app_client.http.post("/v1/feedback", headers=headers, body=body).status_code == 202
        baseline = per_request(lambda: hello_client.http.get("/"))
        intake = per_request(lambda: app_client.http.post("/v1/feedback", headers=headers, body=body))
    for client in clients:
        client.meta.events.unregister("before-send.dynamodb", answer)
    sites.forget()
    emit("intake_cpu_ratio", round(intake * 1e6, 1), "us_cpu_per_request", round(baseline * 1e6, 1), intake / baseline)


def aws_calls() -> None:
    """AWS requests per accepted feedback, and per negative item across the whole pipeline."""
    from moto import mock_aws

    with mock_aws():
        create_resources()
        from chalice.test import Client

        import app as app_module
        from chalicelib.models import Site
        from infra.local.pump import EventPump

        Site(key="demo", name="Demo", locale="fr", followup_policy={"quiet_hours": None}).save()
        pump = EventPump(app_module, os.environ["BOUCLE_FEEDBACK_STREAM_ARN"], None, "eu-west-1", 3600)
        headers = {"Content-Type": "application/json"}
        with Client(app_module.app, stage_name="local") as client:
            warm = {"site": "demo", "kind": "nps", "score": 9}
            client.http.post("/v1/feedback", headers=headers, body=json.dumps(warm))  # loads the site cache
            pump.poll_stream_once()
            negative = {"site": "demo", "kind": "csat", "score": 1, "text": "Colis jamais arrivé, service injoignable"}
            n = 20
            with counting_calls() as intake_calls:
                for _ in range(n):
                    assert (
                        client.http.post("/v1/feedback", headers=headers, body=json.dumps(negative)).status_code == 202
                    )
            per_item = sum(v for k, v in intake_calls.items() if not k.startswith("read_items")) / n
            emit("intake_aws_calls", per_item, "requests_per_accepted_feedback", 1, per_item / 1)
            with counting_calls() as stream_calls:
                pump.poll_stream_once()
        reactions = {k: v / n for k, v in stream_calls.items() if not k.startswith(("read_items", "dynamodbstreams"))}
        alert = sum(v for k, v in reactions.items() if k.startswith("sns:")) + reactions.get("dynamodb:UpdateItem", 0)
        rollup = reactions.get("dynamodb:TransactWriteItems", 0) + reactions.get("dynamodb:BatchGetItem", 0)
        other = sum(reactions.values()) - alert - rollup
        emit(
            "pipeline_aws_calls_negative",
            round(per_item + sum(reactions.values()), 2),
            "requests_per_negative_item",
            None,
            None,
            write=per_item,
            alert=round(alert, 2),
            rollup=round(rollup, 2),
            other=round(other, 2),
            detail={k: round(v, 2) for k, v in sorted(reactions.items())},
        )


def main() -> None:
    cold_import()
    intake_cpu()
    aws_calls()


if __name__ == "__main__":
    main()
