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
from _common import BENCH_ENV, ROOT, create_resources, emit, free_port, setup_env

if "--rss-child" in sys.argv:
    # The measured process: AWS is a moto server elsewhere (AWS_ENDPOINT_URL); no moto here.
    os.environ.update(BENCH_ENV)
    sys.path.insert(0, str(ROOT))
else:
    setup_env()
    import moto  # noqa: F401  (before any botocore client exists, so moto can answer them later)

# ---------------------------------------------------------------------------- helpers
SCHEDULED_EVENT = {
    "version": "0",
    "id": "bench",
    "detail-type": "Scheduled Event",
    "source": "aws.events",
    "account": "123456789012",
    "time": "2026-11-25T00:00:00Z",
    "region": "eu-west-1",
    "resources": ["arn:aws:events:eu-west-1:123456789012:rule/sweep"],
    "detail": {},
}


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
    from chalicelib.intake.core import build_item
    from chalicelib.intake.feedback_in import FeedbackIn
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
        # Where the time goes (not part of the ratio): the stored item's construction (PynamoDB
        # model, analysis, follow-up policy) and one bare botocore call with a canned reply.
        site = sites.SiteConfig(key="demo", name="Demo", locale="fr")
        feedback = FeedbackIn(site="demo", kind="nps", score=3, text="Livraison en retard, colis abîmé", channel="web")
        build = per_request(lambda: build_item(feedback, site))
        bare_call = per_request(lambda: connection().client.put_item(TableName="bench", Item={"id": {"S": "x"}}))
    for client in clients:
        client.meta.events.unregister("before-send.dynamodb", answer)
    sites.forget()
    emit(
        "intake_cpu_ratio",
        round(intake * 1e6, 1),
        "us_cpu_per_request",
        round(baseline * 1e6, 1),
        intake / baseline,
        build_item_us=round(build * 1e6, 1),
        one_botocore_call_us=round(bare_call * 1e6, 1),
    )


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


def _batch_write(table: str, items: list[dict[str, Any]]) -> None:
    import boto3

    dynamodb = boto3.client("dynamodb", region_name="eu-west-1")
    for start in range(0, len(items), 25):
        requests = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
        while requests:
            left = dynamodb.batch_write_item(RequestItems={table: requests}).get("UnprocessedItems", {})
            requests = left.get(table, [])


def sweep_and_metrics_reads(total: int = 100_000, due: int = 100, days: int = 90, sites: int = 3) -> None:
    """Items a sweep reads per due item, and rollup items a 90-day metrics query reads per day."""
    from datetime import date, timedelta

    from moto import mock_aws

    from chalicelib.ids import new_ulid

    with mock_aws():
        create_resources()
        from chalice.test import Client

        import app as app_module
        from chalicelib import clock
        from chalicelib.followup.policy import due_shard
        from chalicelib.models import Site

        for n in range(sites):
            Site(
                key="demo" if n == 0 else f"site{n}", name="Demo", locale="fr", followup_policy={"quiet_hours": None}
            ).save()
        now = int(clock.now())
        items = []
        for n in range(total):
            item_id = new_ulid((now - 86400 * 30) * 1000 + n)
            item: dict[str, Any] = {
                "id": {"S": item_id},
                "site": {"S": "demo"},
                "month": {"S": clock.iso(now)[:7]},
                "channel": {"S": "web"},
                "kind": {"S": "nps"},
                "score": {"N": str(n % 11)},
                "created_at": {"S": clock.iso(now - 86400)},
                "status": {"S": "new"},
                "language": {"S": "fr"},
                "sentiment": {"S": "neutral"},
                "version": {"N": "1"},
                "timeline": {"L": []},
                "topics": {"L": []},
                "evidence": {"L": []},
                "followups_sent": {"N": "0"},
                "urgency": {"S": "low"},
                "negative": {"BOOL": False},
            }
            if n < due or n % 20 == 1:  # 100 due now, and ~5% owed later: in the index but not yet due
                item.update(
                    email={"S": f"customer{n}@example.com"},
                    consent_followup={"BOOL": True},
                    due_shard={"S": due_shard(item_id)},
                    followup_due={"N": str(now - 60 if n < due else now + 86400)},
                    followup_stage={"S": "thanks"},
                    followup_state={"S": "pending"},
                )
            items.append(item)
        _batch_write(os.environ["BOUCLE_FEEDBACK_TABLE"], items)
        with counting_calls() as calls:
            report = app_module.sweep(SCHEDULED_EVENT, None)
        read = sum(v for k, v in calls.items() if k.startswith("read_items:bench-feedback"))
        scans = sum(v for k, v in calls.items() if k.endswith(":Scan"))
        emit(
            "sweep_read_ratio",
            read,
            "items_read",
            due,
            read / due,
            items_in_table=total,
            items_due=due,
            scans=scans,
            sent=(report or {}).get("sent"),
        )

        first = date.today() - timedelta(days=days - 1)
        rollups = []
        for n in range(sites):
            for d in range(days):
                day = (first + timedelta(days=d)).isoformat()
                rollups.append(
                    {
                        "pk": {"S": "demo" if n == 0 else f"site{n}"},
                        "sk": {"S": f"day#{day}"},
                        "count": {"N": "40"},
                        "nps_count": {"N": "20"},
                        "nps_promoters": {"N": "9"},
                        "nps_detractors": {"N": "6"},
                        "nps_passives": {"N": "5"},
                        "csat_count": {"N": "10"},
                        "csat_satisfied": {"N": "8"},
                        "ces_count": {"N": "10"},
                        "ces_sum": {"N": "30"},
                        "topic_delivery": {"N": "4"},
                    }
                )
        _batch_write(os.environ["BOUCLE_ROLLUP_TABLE"], rollups)
        path = f"/v1/admin/metrics?site=demo&from={first.isoformat()}&to={date.today().isoformat()}&bucket=day"
        with Client(app_module.app, stage_name="local") as client, counting_calls() as calls:
            response = client.http.get(path, headers={"Authorization": "Bearer local-admin"})
        assert response.status_code == 200, response.body
        read = sum(v for k, v in calls.items() if k.startswith("read_items:bench-rollup"))
        emit(
            "metrics_read_ratio",
            read,
            "rollup_items_read",
            days,
            read / days,
            rollup_items_stored=days * sites,
            feedback_items_stored=total,
            feedback_items_read=sum(v for k, v in calls.items() if k.startswith("read_items:bench-feedback")),
        )


def peak_rss() -> None:
    """Peak memory of one process doing 1,000 intakes, 100 stream batches and 10 sweeps.

    The measured process holds what a Lambda function holds: the app, boto3 and
    the work. AWS is answered in memory by a moto server in a *separate* process
    (moto itself weighs ~60 MB that no deployed function carries), on a free port.
    """
    from infra.local.run import wait_http

    port = free_port()
    env = {**os.environ, **BENCH_ENV}
    server = subprocess.Popen(
        [sys.executable, "-m", "infra.local.moto_server", "-H", "127.0.0.1", "-p", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/moto-api/data.json", 30, server)
        out = subprocess.run(
            [sys.executable, __file__, "--rss-child"],
            cwd=ROOT,
            env={**env, "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    child = json.loads(out.stdout.strip().splitlines()[-1])
    emit("peak_rss_mb", child["peak_rss_mb"], "MB", 150, child["peak_rss_mb"] / 150, **child["did"])


def _vm_hwm_mb() -> float:
    """Peak RSS of this process (VmHWM; ru_maxrss would count the parent's pages held between fork and exec)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


def _rss_child() -> None:
    """Runs in a fresh process that never imports moto (see the top of this file)."""
    create_resources()
    from chalice.test import Client

    import app as app_module
    from chalicelib.models import Site
    from infra.local.pump import EventPump

    Site(key="demo", name="Demo", locale="fr", followup_policy={"quiet_hours": None}).save()
    pump = EventPump(
        app_module, os.environ["BOUCLE_FEEDBACK_STREAM_ARN"], os.environ["AWS_ENDPOINT_URL"], "eu-west-1", 3600
    )
    did: Counter[str] = Counter()
    did["idle_mb"] = round(_vm_hwm_mb())  # the app and boto3 loaded, before any work
    headers = {"Content-Type": "application/json"}
    with Client(app_module.app, stage_name="local") as client:
        for n in range(1000):
            body = {"site": "demo", "kind": "nps", "score": n % 11, "text": f"Livraison numéro {n} en retard"}
            if n % 3 == 0:
                body.update(email=f"c{n}@example.com", consent_followup=True)
            if client.http.post("/v1/feedback", headers=headers, body=json.dumps(body)).status_code == 202:
                did["intakes"] += 1
            if n % 10 == 9:
                pump.poll_stream_once()
        did["stream_batches"] = pump.batches_delivered
        for _ in range(10):
            app_module.sweep(SCHEDULED_EVENT, None)
            did["sweeps"] += 1
    did["followups_sent"] = _followups_sent()
    peak_mb = _vm_hwm_mb()
    print(json.dumps({"peak_rss_mb": round(peak_mb, 1), "did": dict(did)}))


def _followups_sent() -> int:
    """What the sweeps really sent (the moto server's record), so the work measured is real work."""
    import urllib.request

    with urllib.request.urlopen(f"{os.environ['AWS_ENDPOINT_URL']}/moto-api/data.json", timeout=10) as response:
        data = json.load(response)
    ses = data.get("ses", {})
    return len(ses.get("Message", [])) + len(ses.get("RawMessage", []))


def main() -> None:
    if "--rss-child" in sys.argv:
        _rss_child()
        return
    for figure in (cold_import, intake_cpu, aws_calls, sweep_and_metrics_reads, peak_rss):
        # Chalice's test client restores the environment it found, dropping the bench's settings.
        os.environ.update(BENCH_ENV)
        figure()


if __name__ == "__main__":
    main()
