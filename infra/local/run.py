"""`make run`: the whole of boucle on one machine, with no AWS account.

Starts, in order: a moto server (plays AWS), the resources of
`infra/template.yaml` deployed into it, the demo site, the event pump (stream
records and schedule ticks into the same handlers Lambda runs), the SMTP drop
(mail into the bucket and the S3 handler, as SES would), and the API under
`chalice local`. Stays in the foreground; Ctrl-C stops everything it started.
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REGION = "eu-west-1"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def wait_http(url: str, timeout_s: float, process: subprocess.Popen | None = None) -> None:
    """Until `url` answers below 500 (or `process` exits, or the time is up: RuntimeError)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status < 500:
                    return
        except Exception:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout_s}s")


def main() -> int:
    aws_port = _env_int("BOUCLE_AWS_PORT", 4566)
    api_port = _env_int("BOUCLE_API_PORT", 8000)
    smtp_port = _env_int("BOUCLE_SMTP_PORT", 2525)
    sweep_interval = float(os.environ.get("BOUCLE_SWEEP_INTERVAL_S") or 5)
    inbound_domain = os.environ.get("BOUCLE_INBOUND_DOMAIN") or "boucle.localhost"
    admin_token = os.environ.get("BOUCLE_ADMIN_TOKEN") or "local-admin"
    endpoint = f"http://127.0.0.1:{aws_port}"
    api_url = f"http://127.0.0.1:{api_port}"

    children: list[subprocess.Popen] = []
    pumps: list[Any] = []  # stopped first, so nothing polls the moto server once it is gone

    def stop(*_: object) -> None:
        for pump in pumps:
            pump.stop()
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()

    def terminate(*_: object) -> None:
        # A second TERM (e.g. forwarded by `timeout`) must not cut the first shutdown short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop()
        sys.exit(0)

    signal.signal(signal.SIGTERM, terminate)
    try:
        moto = subprocess.Popen(  # moto's server, with the fixes a long-running stack needs
            [sys.executable, "-m", "infra.local.moto_server", "-H", "127.0.0.1", "-p", str(aws_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        children.append(moto)
        wait_http(f"{endpoint}/moto-api/data.json", 30, moto)

        from infra.local import provision

        env = {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "BOUCLE_STAGE": "local",
            "BOUCLE_PUBLIC_URL": api_url,
            "BOUCLE_INBOUND_DOMAIN": inbound_domain,
            "BOUCLE_ADMIN_TOKEN": admin_token,
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_TRACE_DISABLED": "true",
            **provision.deploy(endpoint, REGION, inbound_domain),
        }
        os.environ.update(env)

        from infra.local import seed

        seed.demo_site(api_url)

        app_module = importlib.import_module("app")
        from infra.local.pump import EventPump

        pump = EventPump(
            app_module,
            stream_arn=env["BOUCLE_FEEDBACK_STREAM_ARN"],
            endpoint=endpoint,
            region=REGION,
            sweep_interval_s=sweep_interval,
            dead_letter_queue_url=env.get("BOUCLE_DLQ_URL"),
            on_tick=_collect_outbox,
        )
        pump.start()
        pumps.append(pump)

        smtp_note = _start_smtp(app_module, smtp_port, inbound_domain)

        chalice = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("chalice")),
                "local",
                "--stage",
                "local",
                "--host",
                "127.0.0.1",
                "--port",
                str(api_port),
                "--no-autoreload",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
        )
        children.append(chalice)
        wait_http(f"{api_url}/v1/health", 60, chalice)

        print(
            "\nboucle is running locally (Ctrl-C stops everything)\n"
            f"  API          {api_url}/v1/health\n"
            f"  Dashboard    {api_url}/dashboard\n"
            f"  Demo page    {api_url}/demo\n"
            f"  Outbox       {api_url}/v1/admin/outbox\n"
            f"  Admin token  {admin_token}\n"
            f"  Fake AWS     {endpoint} (moto)\n"
            f"  {smtp_note}\n"
            f"  Try: curl -XPOST {api_url}/v1/feedback -H 'content-type: application/json' "
            """-d '{"site":"demo","kind":"nps","score":3,"text":"Livraison en retard"}'\n""",
            flush=True,
        )
        print("BOUCLE_READY", flush=True)
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        print("a local service exited; stopping", flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop()


def _collect_outbox() -> None:
    """Stamp sent messages into the outbox as soon as moto records them."""
    from chalicelib import outbox

    outbox.collect()


def _start_smtp(app_module: object, port: int, domain: str) -> str:
    try:
        from infra.local import smtp
    except ImportError:
        return "SMTP drop   (not available)"
    smtp.start(app_module, port, domain)
    return f"SMTP drop    127.0.0.1:{port} (mail to demo@{domain})"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
