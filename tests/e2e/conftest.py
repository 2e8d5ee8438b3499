"""The real local stack (moto server, chalice local, event pump, SMTP drop) on free ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalStack:
    api_url: str
    aws_url: str
    smtp_port: int
    admin_token: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """`python -m infra.local.run` exactly as `make run` starts it, on free ports, for the whole session."""
    api_port, aws_port, smtp_port = free_port(), free_port(), free_port()
    log_path = tmp_path_factory.mktemp("stack") / "run.log"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BOUCLE_", "AWS_", "POWERTOOLS_"))}
    env.update(
        BOUCLE_API_PORT=str(api_port),
        BOUCLE_AWS_PORT=str(aws_port),
        BOUCLE_SMTP_PORT=str(smtp_port),
        BOUCLE_SWEEP_INTERVAL_S="1",
        BOUCLE_FOLLOWUP_DELAY_S="2",
    )
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "infra.local.run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    stack = LocalStack(
        api_url=f"http://127.0.0.1:{api_port}",
        aws_url=f"http://127.0.0.1:{aws_port}",
        smtp_port=smtp_port,
        admin_token="local-admin",
        log_path=log_path,
    )
    deadline = time.monotonic() + 120
    while "BOUCLE_READY" not in stack.log():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"local stack did not start:\n{stack.log()[-4000:]}")
        time.sleep(0.2)
    yield stack
    _stop_and_check(process, (api_port, aws_port, smtp_port))


def _stop_and_check(process: subprocess.Popen, ports: tuple[int, ...]) -> None:
    """Stop the stack as a supervisor would, and check it leaves nothing running.

    Two TERMs, as `timeout` or a process manager may forward them: the second
    must not cut the first shutdown short (the runner once hung with its
    children gone). Afterwards no port of the stack may still answer.
    """
    process.send_signal(signal.SIGTERM)
    time.sleep(0.5)  # mid-shutdown, while the runner waits for its children
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the local stack did not exit within 30 s of SIGTERM")
    assert code == 0, f"the local stack exited with {code}"
    still_open = [port for port in ports if _answers(port)]
    assert not still_open, f"ports still answering after the stack stopped: {still_open}"


def _answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(predicate: Callable[[], Any], timeout: float = 15.0, interval: float = 0.25) -> Any:
    """Poll until predicate() returns something truthy; return it (or fail)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


@pytest.fixture
def wait_for() -> Callable[..., Any]:
    return _wait_for
