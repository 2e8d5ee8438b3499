"""`local_load`: concurrent clients posting to the real local stack (moto server + chalice local + pump).

Starts `python -m infra.local.run` on free ports, runs CLIENTS threads that
post TOTAL feedback items between them, then counts the items actually stored
in the feedback table. Target: 0 errors and stored == accepted.
Run: `.venv/bin/python bench/bench_local_load.py [clients] [total]`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, emit, free_port

CLIENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 8
TOTAL = int(sys.argv[2]) if len(sys.argv) > 2 else 400


def start_stack() -> tuple[subprocess.Popen, str, str, Path]:
    api_port, aws_port, smtp_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOUCLE_", "AWS_", "POWERTOOLS_"))}
    env.update(BOUCLE_API_PORT=str(api_port), BOUCLE_AWS_PORT=str(aws_port), BOUCLE_SMTP_PORT=str(smtp_port))
    log = Path(tempfile.mkdtemp()) / "run.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "infra.local.run"], cwd=ROOT, env=env, stdout=out, stderr=out)
    deadline = time.monotonic() + 120
    while "BOUCLE_READY" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"local stack did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    return process, f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{aws_port}", log


def stored_count(aws_url: str) -> int:
    import boto3

    dynamodb = boto3.client(
        "dynamodb", endpoint_url=aws_url, region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    table = next(name for name in dynamodb.list_tables()["TableNames"] if "FeedbackTable" in name)
    total, kwargs = 0, {"TableName": table, "Select": "COUNT"}
    while True:
        page = dynamodb.scan(**kwargs)  # a bench reading back everything, not application code
        total += page["Count"]
        if "LastEvaluatedKey" not in page:
            return total
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def main() -> None:
    process, api_url, aws_url, _ = start_stack()
    try:
        before = stored_count(aws_url)
        latencies: list[float] = []
        errors: list[str] = []
        accepted: list[str] = []
        lock = threading.Lock()
        counter = iter(range(TOTAL))

        def client(worker: int) -> None:
            for n in counter:
                body = {"site": "demo", "kind": "nps", "score": n % 11, "text": f"Client {worker} message {n}"}
                request = urllib.request.Request(
                    f"{api_url}/v1/feedback",
                    data=json.dumps(body).encode(),
                    headers={"content-type": "application/json", "Idempotency-Key": f"load-{n}"},
                    method="POST",
                )
                start = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        status = response.status
                        item_id = json.load(response).get("id")
                except Exception as error:  # a refused or failed post is exactly what this bench counts
                    status, item_id = getattr(error, "code", 0), None
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    latencies.append(elapsed)
                    if status == 202 and item_id:
                        accepted.append(item_id)
                    else:
                        errors.append(str(status))

        threads = [threading.Thread(target=client, args=(w,)) for w in range(CLIENTS)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        duration = time.perf_counter() - started
        stored = stored_count(aws_url) - before
        cuts = statistics.quantiles(latencies, n=100)
        emit(
            "local_load",
            len(accepted),
            "accepted",
            TOTAL,
            len(accepted) / TOTAL,
            clients=CLIENTS,
            accepted=len(accepted),
            errors=len(errors),
            stored=stored,
            p50_ms=round(cuts[49], 1),
            p99_ms=round(cuts[98], 1),
            requests_per_s=round(TOTAL / duration, 1),
        )
    finally:
        process.terminate()
        process.wait(timeout=20)


if __name__ == "__main__":
    main()
