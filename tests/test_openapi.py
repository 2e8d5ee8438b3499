"""`/v1/openapi.json` stays true: every route is described, the document is valid OpenAPI 3.0,
and real answers (through Chalice's test client, AWS played by moto) validate against it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator import validate as validate_spec
from openapi_spec_validator.validation import OpenAPIV30SpecValidator

AGENT = {"Authorization": "Bearer local-admin"}
VIEWER = {"Authorization": "Bearer local-viewer"}
JSON = {"Content-Type": "application/json"}
SERVER = "https://feedback.example.com"

# Pages and assets for browsers, not API operations (see chalicelib/openapi.py).
NOT_API = {"/dashboard", "/demo", "/widget.js", "/assets/{name}", "/thanks"}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def document() -> dict[str, Any]:
    from chalicelib import openapi

    return openapi.document(SERVER)


def registered_operations() -> set[tuple[str, str]]:
    import app as app_module

    return {
        (path, method.lower())
        for path, methods in app_module.app.routes.items()
        if path not in NOT_API
        for method in methods
        if method != "OPTIONS"
    }


def documented_operations(doc: dict[str, Any]) -> set[tuple[str, str]]:
    return {(path, method) for path, item in doc["paths"].items() for method in item if method in HTTP_METHODS}


def resolve(node: Any, doc: dict[str, Any]) -> Any:
    """A copy of `node` with every local `$ref` replaced by its target (the document has no cycles)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = doc
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return resolve(target, doc)
        return {key: resolve(value, doc) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(value, doc) for value in node]
    return node


def header(response: Any, name: str) -> str:
    return next((value for key, value in response.headers.items() if key.lower() == name.lower()), "")


def assert_conforms(method: str, template: str, response: Any) -> Any:
    """The status is documented for the operation; the body is of a documented type and validates."""
    doc = document()
    operation = doc["paths"][template][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method} {template}: {status} is not documented"
    documented = resolve(operation["responses"][status], doc)
    content = documented.get("content")
    body = response.body.decode() if isinstance(response.body, bytes) else response.body
    if not content:
        assert not body, f"{method} {template} {status}: a body where none is documented"
        return None
    media_type = header(response, "content-type").split(";")[0].strip()
    assert media_type in content, f"{method} {template} {status}: {media_type} is not documented"
    if media_type != "application/json":
        return body
    parsed = json.loads(body)
    validator = OAS30Validator(content[media_type]["schema"], format_checker=oas30_format_checker)
    errors = sorted(validator.iter_errors(parsed), key=lambda error: list(error.path))
    assert not errors, f"{method} {template} {status}: " + "; ".join(
        f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]
    )
    return parsed


# ---------------------------------------------------------------- the document itself


def test_every_route_is_documented_and_every_documented_operation_exists() -> None:
    registered, documented = registered_operations(), documented_operations(document())
    assert registered - documented == set(), "routes missing from chalicelib/openapi.py"
    assert documented - registered == set(), "documented operations that no route serves"


def test_the_document_is_valid_openapi_3_0() -> None:
    doc = document()
    assert doc["openapi"].startswith("3.0.")
    validate_spec(doc, cls=OpenAPIV30SpecValidator)


def test_every_operation_has_an_id_and_admin_ones_need_the_bearer_token() -> None:
    doc = document()
    ids = [item[method]["operationId"] for item in doc["paths"].values() for method in item if method in HTTP_METHODS]
    assert len(ids) == len(set(ids))
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    for path, item in doc["paths"].items():
        for method in HTTP_METHODS & set(item):
            security = item[method].get("security")
            if path.startswith("/v1/admin/"):
                assert security == [{"bearerAuth": []}], f"{method} {path}"
                assert "401" in item[method]["responses"], f"{method} {path}"
            else:
                assert security is None, f"{method} {path}"


def test_the_intake_body_schema_follows_the_validation_rules() -> None:
    from chalicelib.intake import http

    schema = document()["components"]["schemas"]["FeedbackIn"]
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == http.FIELDS
    assert schema["required"] == ["site", "kind"]
    post = document()["paths"]["/v1/feedback"]["post"]
    assert {"202", "400", "404", "413", "422", "429", "503"} <= set(post["responses"])


def test_served_as_json_with_the_public_url_as_server(client: Any) -> None:
    response = client.http.get("/v1/openapi.json")
    assert response.status_code == 200
    assert header(response, "content-type") == "application/json"
    assert response.json_body == document()
    assert response.json_body["servers"] == [{"url": SERVER}]


# ---------------------------------------------------------------- real answers validate


@pytest.fixture
def call(client: Any) -> Callable[..., Any]:
    def request(method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        raw = "" if body is None else body if isinstance(body, str) else json.dumps(body)
        merged = {**(JSON if body is not None else {}), **(headers or {})}
        return client.http.request(method, path, headers=merged, body=raw.encode())

    return request


def test_health_and_intake_answers_conform(call: Callable[..., Any], site: Any) -> None:
    assert_conforms("GET", "/v1/health", call("GET", "/v1/health"))
    accepted = call("POST", "/v1/feedback", {"site": "demo", "kind": "nps", "score": 3, "text": "Trop lent"})
    assert assert_conforms("POST", "/v1/feedback", accepted)["status"] == "received"
    for bad in ({"site": "demo", "kind": "nps", "score": 42}, {"site": "nope", "kind": "nps", "score": 1}, "[]"):
        assert_conforms("POST", "/v1/feedback", call("POST", "/v1/feedback", bad))
    too_large = call("POST", "/v1/feedback", "x" * (65 * 1024))
    assert too_large.status_code == 413
    assert_conforms("POST", "/v1/feedback", too_large)
    keyed = {"Idempotency-Key": "k-1"}
    call("POST", "/v1/feedback", {"site": "demo", "kind": "csat", "score": 5}, keyed)
    reused = call("POST", "/v1/feedback", {"site": "demo", "kind": "csat", "score": 4}, keyed)
    assert reused.status_code == 422
    assert_conforms("POST", "/v1/feedback", reused)
    form = call(
        "POST",
        "/v1/feedback",
        "site=demo&kind=csat&score=4",
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 303
    assert_conforms("POST", "/v1/feedback", form)


def test_staff_answers_conform(call: Callable[..., Any], site: Any) -> None:
    posted = call(
        "POST",
        "/v1/feedback",
        {"site": "demo", "kind": "nps", "score": 2, "text": "Livraison en retard", "email": "ana@example.org"},
    ).json_body
    page = assert_conforms("GET", "/v1/admin/feedback", call("GET", "/v1/admin/feedback?site=demo", headers=AGENT))
    assert [item["id"] for item in page["items"]] == [posted["id"]]
    assert_conforms("GET", "/v1/admin/feedback", call("GET", "/v1/admin/feedback?limit=0", headers=AGENT))
    assert_conforms("GET", "/v1/admin/feedback", call("GET", "/v1/admin/feedback"))

    path = f"/v1/admin/feedback/{posted['id']}"
    detail = assert_conforms("GET", "/v1/admin/feedback/{item_id}", call("GET", path, headers=VIEWER))
    patch = {"version": detail["version"], "status": "resolved", "tags": ["late"], "response": "Sorry!"}
    patched = assert_conforms("PATCH", "/v1/admin/feedback/{item_id}", call("PATCH", path, patch, AGENT))
    assert patched["status"] == "resolved"
    for body, headers in ((patch, AGENT), (patch, VIEWER), ({"version": "x"}, AGENT)):
        assert_conforms("PATCH", "/v1/admin/feedback/{item_id}", call("PATCH", path, body, headers))
    missing = "/v1/admin/feedback/01JBZZZZZZZZZZZZZZZZZZZZZZ"
    assert_conforms("GET", "/v1/admin/feedback/{item_id}", call("GET", missing, headers=AGENT))

    for query in ("site=demo", "site=all&bucket=week", "site=demo&from=2026-13-01", "site=zzz"):
        response = call("GET", f"/v1/admin/metrics?{query}", headers=AGENT)
        assert_conforms("GET", "/v1/admin/metrics", response)

    exported = call("GET", "/v1/admin/export.csv?site=demo", headers=AGENT)
    assert assert_conforms("GET", "/v1/admin/export.csv", exported).startswith("id,")

    person = call("GET", "/v1/admin/customers/export?email=ana@example.org", headers=AGENT)
    assert len(assert_conforms("GET", "/v1/admin/customers/export", person)["items"]) == 1
    assert_conforms("GET", "/v1/admin/customers/export", call("GET", "/v1/admin/customers/export", headers=AGENT))
    erased = call("DELETE", "/v1/admin/customers?email=ana@example.org", headers=AGENT)
    assert assert_conforms("DELETE", "/v1/admin/customers", erased)["erased_items"] == 1


def test_site_outbox_and_subscription_answers_conform(call: Callable[..., Any], site: Any) -> None:
    assert_conforms("GET", "/v1/admin/sites/{key}", call("GET", "/v1/admin/sites/demo", headers=AGENT))
    assert_conforms("GET", "/v1/admin/sites/{key}", call("GET", "/v1/admin/sites/absent", headers=AGENT))
    settings = {"name": "Shop", "allowed_origins": ["https://shop.example.org"], "topics": {"price": ["cher"]}}
    created = call("PUT", "/v1/admin/sites/shop", settings, AGENT)
    assert created.status_code == 201
    assert_conforms("PUT", "/v1/admin/sites/{key}", created)
    replaced = call("PUT", "/v1/admin/sites/shop", {**settings, "version": created.json_body["version"]}, AGENT)
    assert replaced.status_code == 200
    assert_conforms("PUT", "/v1/admin/sites/{key}", replaced)
    for body in ({**settings, "version": 99}, {"name": ""}, {"name": "x", "colour": "red"}):
        assert_conforms("PUT", "/v1/admin/sites/{key}", call("PUT", "/v1/admin/sites/shop", body, AGENT))

    assert_conforms("GET", "/v1/admin/outbox", call("GET", "/v1/admin/outbox", headers=VIEWER))

    subscribed = call("POST", "/v1/admin/alert-subscriptions", {"protocol": "sms", "endpoint": "+33612345678"}, AGENT)
    assert subscribed.status_code == 201
    assert_conforms("POST", "/v1/admin/alert-subscriptions", subscribed)
    bad = call("POST", "/v1/admin/alert-subscriptions", {"protocol": "fax", "endpoint": "1"}, AGENT)
    assert_conforms("POST", "/v1/admin/alert-subscriptions", bad)
    listed = call("GET", "/v1/admin/alert-subscriptions", headers=VIEWER)
    assert len(assert_conforms("GET", "/v1/admin/alert-subscriptions", listed)["subscriptions"]) == 1


def test_loop_pages_conform(call: Callable[..., Any], aws: Any) -> None:
    for method, path in (
        ("GET", "/v1/loop/{token}"),
        ("POST", "/v1/loop/{token}"),
        ("GET", "/v1/loop/{token}/unsubscribe"),
        ("POST", "/v1/loop/{token}/unsubscribe"),
    ):
        response = call(method, path.replace("{token}", "forged.token"))
        assert response.status_code == 400
        assert "<html" in assert_conforms(method, path, response)
