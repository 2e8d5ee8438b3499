"""GET and PATCH /v1/admin/feedback/{id}: the detail view, transitions, versions, responses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

AGENT = {"Authorization": "Bearer local-admin"}
VIEWER = {"Authorization": "Bearer local-viewer"}


def patch(call: Callable[..., Any], item_id: str, body: Any) -> Any:
    return call("PATCH", f"/v1/admin/feedback/{item_id}", headers=AGENT, body=body)


def test_detail_has_contact_analysis_and_timeline(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any]
) -> None:
    item = make_item(email="marie@example.com", phone="+33612345678", evidence=["word:retard"])
    response = call("GET", f"/v1/admin/feedback/{item.id}", headers=VIEWER)
    assert response.status_code == 200
    body = response.json_body
    assert body["id"] == item.id and body["version"] == 1
    assert body["contact"] == {"email": "marie@example.com", "phone": "+33612345678"}
    assert body["analysis"]["evidence"] == ["word:retard"]
    assert [event["event"] for event in body["timeline"]] == ["received"]


@pytest.mark.parametrize("item_id", ["01ARZ3NDEKTSV4RRFFQ69G5FAV", "nope", "x" * 300, "..%2F..%2Fetc"])
def test_unknown_or_invalid_ids_are_404(call: Callable[..., Any], site: Any, item_id: str) -> None:
    for method, body in (("GET", None), ("PATCH", {"version": 1, "status": "closed"})):
        response = call(method, f"/v1/admin/feedback/{item_id}", headers=AGENT, body=body)
        assert response.status_code == 404
        assert response.json_body["error"]["code"] == "not_found"


ALLOWED = [
    ("new", "acknowledged"),
    ("new", "resolved"),
    ("new", "closed"),
    ("acknowledged", "resolved"),
    ("acknowledged", "closed"),
    ("resolved", "closed"),
    ("resolved", "reopened"),
    ("closed", "reopened"),
    ("reopened", "acknowledged"),
    ("reopened", "resolved"),
    ("reopened", "closed"),
]
STATUSES = ["new", "acknowledged", "resolved", "closed", "reopened"]
REFUSED = [(a, b) for a in [*STATUSES, "spam"] for b in STATUSES if (a, b) not in ALLOWED]


@pytest.mark.parametrize(("start", "target"), ALLOWED)
def test_allowed_transitions(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any], start: str, target: str
) -> None:
    item = make_item(status=start)
    response = patch(call, item.id, {"version": 1, "status": target})
    assert response.status_code == 200, response.body
    body = response.json_body
    assert body["status"] == target and body["version"] == 2
    assert body["timeline"][-1]["event"] == f"status:{target}"
    assert body["timeline"][-1]["actor"].startswith("agent:token:")
    assert (body["resolved_at"] is not None) == (target == "resolved")


@pytest.mark.parametrize(("start", "target"), REFUSED)
def test_refused_transitions_are_409(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any], start: str, target: str
) -> None:
    item = make_item(status=start)
    response = patch(call, item.id, {"version": 1, "status": target})
    assert response.status_code == 409
    assert response.json_body["error"]["code"] == "invalid_transition"


def test_reopening_clears_resolved_at(call: Callable[..., Any], site: Any, make_item: Callable[..., Any]) -> None:
    item = make_item()
    resolved = patch(call, item.id, {"version": 1, "status": "resolved"}).json_body
    assert resolved["resolved_at"]
    reopened = patch(call, item.id, {"version": 2, "status": "reopened"}).json_body
    assert reopened["resolved_at"] is None and reopened["status"] == "reopened"


def test_two_agents_editing_the_same_version_the_second_gets_409(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any]
) -> None:
    item = make_item()
    seen = call("GET", f"/v1/admin/feedback/{item.id}", headers=AGENT).json_body["version"]
    first = patch(call, item.id, {"version": seen, "assignee": "Alice"})
    second = patch(call, item.id, {"version": seen, "assignee": "Bob"})
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json_body["error"]["code"] == "version_conflict"
    assert second.json_body["error"]["current_version"] == 2
    assert call("GET", f"/v1/admin/feedback/{item.id}", headers=AGENT).json_body["assignee"] == "Alice"


def test_a_write_between_read_and_update_is_a_conflict_not_an_overwrite(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any], monkeypatch: Any
) -> None:
    """The UpdateItem itself is conditioned on the version the agent saw."""
    from chalicelib.admin import items
    from chalicelib.models import Feedback

    item = make_item()
    real_load = items.load
    calls = {"n": 0}

    def racing_load(item_id: str, *, consistent: bool = True) -> Feedback:
        loaded = real_load(item_id, consistent=consistent)
        calls["n"] += 1
        if calls["n"] == 1:  # another agent saves right after our read
            Feedback.get(item_id).update(actions=[Feedback.assignee.set("Zoé")])
        return loaded

    monkeypatch.setattr(items, "load", racing_load)
    response = patch(call, item.id, {"version": 1, "assignee": "Alice"})
    assert response.status_code == 409
    assert response.json_body["error"]["current_version"] == 2
    assert Feedback.get(item.id).assignee == "Zoé"


def test_assignee_and_tags(call: Callable[..., Any], site: Any, make_item: Callable[..., Any]) -> None:
    item = make_item()
    body = patch(call, item.id, {"version": 1, "assignee": " Alice ", "tags": ["vip", "billing", "vip", " "]}).json_body
    assert body["assignee"] == "Alice" and body["tags"] == ["billing", "vip"]
    assert [e["event"] for e in body["timeline"][-2:]] == ["assigned", "tagged"]
    body = patch(call, item.id, {"version": 2, "assignee": None, "tags": []}).json_body
    assert body["assignee"] is None and body["tags"] == []


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"status": "closed"}, 400, "missing_field", "version"),
        ({"version": "1", "status": "closed"}, 400, "invalid_type", "version"),
        ({"version": True, "status": "closed"}, 400, "invalid_type", "version"),
        ({"version": 1, "priority": "high"}, 400, "unknown_field", "priority"),
        ({"version": 1, "status": "done"}, 400, "invalid_status", "status"),
        ({"version": 1, "status": None}, 400, "invalid_type", "status"),
        ({"version": 1, "assignee": 42}, 400, "invalid_type", "assignee"),
        ({"version": 1, "assignee": "a" * 101}, 400, "assignee_too_long", "assignee"),
        ({"version": 1, "tags": "vip"}, 400, "invalid_type", "tags"),
        ({"version": 1, "tags": [1]}, 400, "invalid_type", "tags"),
        ({"version": 1, "tags": [f"t{i}" for i in range(21)]}, 400, "too_many_tags", "tags"),
        ({"version": 1, "tags": ["x" * 41]}, 400, "tag_too_long", "tags"),
        ({"version": 1, "response": ""}, 400, "missing_field", "response"),
        ({"version": 1, "response": ["hi"]}, 400, "invalid_type", "response"),
        ({"version": 1, "response": "x" * 5001}, 400, "response_too_long", "response"),
        ({"version": 1}, 400, "empty_patch", None),
        ({"version": 7, "status": "closed"}, 409, "version_conflict", "version"),
    ],
)
def test_patch_validation(
    call: Callable[..., Any],
    site: Any,
    make_item: Callable[..., Any],
    body: dict[str, Any],
    status: int,
    code: str,
    field: str | None,
) -> None:
    item = make_item()
    response = patch(call, item.id, body)
    assert response.status_code == status
    assert response.json_body["error"]["code"] == code
    assert response.json_body["error"]["field"] == field


@pytest.mark.parametrize("raw", ["{not json", "[1]", "null", '"x"', b"\xff\xfe", '{"version": NaN, "status": "x"}'])
def test_malformed_bodies_are_400(call: Callable[..., Any], site: Any, make_item: Callable[..., Any], raw: Any) -> None:
    item = make_item()
    response = patch(call, item.id, raw)
    assert response.status_code == 400
    assert response.json_body["error"]["code"] == "invalid_json"


def test_response_with_consent_queues_the_followup(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any]
) -> None:
    from chalicelib.admin.items import due_shard
    from chalicelib.models import Feedback

    item = make_item(email="marie@example.com", consent_followup=True)
    body = patch(call, item.id, {"version": 1, "response": "Nous sommes désolés, voici un avoir."}).json_body
    assert body["response"] == "Nous sommes désolés, voici un avoir." and body["responded_at"]
    assert body["followup_stage"] == "response" and body["followup_due"] is not None
    assert body["timeline"][-1]["event"] == "responded"
    stored = Feedback.get(item.id)
    assert stored.followup_state == "pending" and stored.due_shard == due_shard(item.id)
    assert stored.due_shard in ("0", "1", "2", "3")
    # It is on the sparse due index the sweep reads.
    queued = list(Feedback.by_due.query(stored.due_shard, Feedback.followup_due <= stored.followup_due))
    assert [q.id for q in queued] == [item.id]

    # A second response keeps the first response time.
    first_time = stored.responded_at
    again = patch(call, item.id, {"version": 2, "response": "Complément"}).json_body
    assert again["responded_at"] == first_time and again["response"] == "Complément"


@pytest.mark.parametrize(
    "fields",
    [{"email": "marie@example.com", "consent_followup": False}, {"consent_followup": True}, {}],
    ids=["contact-without-consent", "consent-without-contact", "anonymous"],
)
def test_response_without_consent_or_contact_queues_nothing(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any], fields: dict[str, Any]
) -> None:
    from chalicelib.models import Feedback

    item = make_item(**fields)
    body = patch(call, item.id, {"version": 1, "response": "Merci"}).json_body
    assert body["response"] == "Merci" and body["followup_stage"] is None
    stored = Feedback.get(item.id)
    assert stored.followup_due is None and stored.due_shard is None and stored.followup_state is None


def test_due_shards_spread_over_four_values() -> None:
    from chalicelib.admin.items import due_shard
    from chalicelib.ids import new_ulid

    shards = {due_shard(new_ulid()) for _ in range(200)}
    assert shards == {"0", "1", "2", "3"}


def test_patch_never_logs_the_response_text(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any], caplog: Any, capsys: Any
) -> None:
    item = make_item(email="marie@example.com", consent_followup=True)
    with caplog.at_level("INFO"):
        patch(call, item.id, {"version": 1, "response": "Secret-avoir-XYZ"})
    logged = caplog.text + repr([record.__dict__ for record in caplog.records]) + "".join(capsys.readouterr())
    assert "feedback updated" in logged
    assert "Secret-avoir-XYZ" not in logged and "marie@example.com" not in logged
