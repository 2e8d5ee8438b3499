"""Schemathesis against the real local stack, driven by the API's own `/v1/openapi.json`.

Every operation gets the schema's examples plus a fixed number of generated
cases, valid and invalid (`MAX_EXAMPLES`, derandomized: CI replays exactly
the same requests), sent over HTTP with the local agent token. Each answer
must not be a 5xx, must have a documented status code and content type, and
its body must validate against the documented schema.

Known server bugs are listed in `KNOWN_BUGS` and marked `xfail(strict=True)`
for their operation only: fixing the bug makes the test pass, which fails
the run until the entry is removed.

The schema's own URL (`/v1/openapi.json`) is not fuzzed (schemathesis skips
it); `tests/test_openapi.py` checks it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from chalicelib import openapi

pytestmark = pytest.mark.e2e

MAX_EXAMPLES = 25
TIMEOUT_S = 15
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SCHEMA_PATH = "/v1/openapi.json"
# The local stack is shared by every e2e test: fuzzing never rewrites the demo site they rely on.
PROTECTED_SITES = {"demo"}

# "METHOD /path" -> why it fails today (route, input, traceback in the report). Remove when fixed.
KNOWN_BUGS: dict[str, str] = {}


def operation_labels() -> list[str]:
    """Every documented operation but the schema's own URL, as schemathesis labels them."""
    paths = openapi.document("http://localhost")["paths"]
    return [f"{method.upper()} {path}" for path, item in paths.items() if path != SCHEMA_PATH for method in item]


def parameters() -> list[Any]:
    return [
        pytest.param(label, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[label]))
        if label in KNOWN_BUGS
        else label
        for label in operation_labels()
    ]


@pytest.fixture(scope="module")
def api_schema(local_stack: Any) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{local_stack.api_url}{SCHEMA_PATH}")


def test_the_served_document_has_every_operation(api_schema: schemathesis.BaseSchema) -> None:
    served = {result.ok().label for result in api_schema.get_all_operations()}
    assert served == set(operation_labels())


def keep_off_shared_data(case: schemathesis.Case) -> None:
    """Other e2e tests rely on the seeded demo site: a generated PUT never replaces it."""
    if case.method == "PUT" and (case.path_parameters or {}).get("key") in PROTECTED_SITES:
        case.path_parameters = {**case.path_parameters, "key": "schemathesis-site"}


def server_errors(stack: Any, last: int = 3) -> str:
    """The last few ERROR records of the stack's JSON log, tracebacks unescaped."""
    records: list[str] = []
    for line in stack.log().splitlines():
        if '"level":"ERROR"' not in line:
            continue
        try:
            record = json.loads(line)
        except ValueError:
            records.append(line)
            continue
        records.append(f"{record.get('timestamp')} {record.get('message')}\n{record.get('exception', '')}")
    return "\n\n".join(records[-last:]) or "(none logged)"


@pytest.mark.parametrize("label", parameters())
def test_operation_conforms_to_the_document(api_schema: schemathesis.BaseSchema, local_stack: Any, label: str) -> None:
    method, path = label.split(" ", 1)
    operation = api_schema[path][method]
    strategy = st.one_of(
        *operation.get_strategies_from_examples(),
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )
    session = requests.Session()
    headers = {"Authorization": f"Bearer {local_stack.admin_token}"}

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        # No shrinking: the failure report already carries a curl line that reproduces it.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case: schemathesis.Case) -> None:
        keep_off_shared_data(case)
        case.call_and_validate(
            base_url=local_stack.api_url,
            session=session,
            headers=headers,
            checks=CHECKS,
            allow_redirects=False,
            timeout=TIMEOUT_S,
        )

    try:
        check()
    except (Exception, BaseExceptionGroup) as error:  # schemathesis' FailureGroup is a BaseExceptionGroup
        # The server side of a failure (a 5xx's traceback) is in the stack's log.
        raise AssertionError(
            f"{label}: {error}\n--- server errors in the stack log ---\n{server_errors(local_stack)}"
        ) from error
    finally:
        session.close()
