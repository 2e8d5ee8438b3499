"""One feedback item for staff: read it, and change it (status, assignee, tags, response).

A PATCH carries the `version` the agent saw. The item is read, the change is
checked against that version and the allowed status transitions, then written
as one UpdateItem that PynamoDB conditions on the version, so two agents editing
at once never overwrite each other: the second gets a 409 with the current
version. Only the changed attributes are written (never a whole-item put), so
the stream reactions' own fields (alerts, follow-up state) are never clobbered.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pynamodb.exceptions import UpdateError

from chalicelib import clock
from chalicelib.admin.auth import Actor
from chalicelib.errors import ApiError, bad_request, not_found
from chalicelib.ids import is_ulid
from chalicelib.models import Feedback, TimelineEvent
from chalicelib.observability import logger

PATCH_FIELDS = ("version", "status", "assignee", "tags", "response")
MAX_ASSIGNEE = 100
MAX_TAGS = 20
MAX_TAG = 40
MAX_RESPONSE = 5000
DUE_SHARDS = 4

TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"acknowledged", "resolved", "closed"}),
    "acknowledged": frozenset({"resolved", "closed"}),
    "resolved": frozenset({"closed", "reopened"}),
    "closed": frozenset({"reopened"}),
    "reopened": frozenset({"acknowledged", "resolved", "closed"}),
}
KNOWN_STATUSES = frozenset(TRANSITIONS) | {"spam"}


class VersionConflict(ApiError):
    """409 that also tells the client which version to reload."""

    def __init__(self, current: int | None) -> None:
        super().__init__(409, "version_conflict", f"the item changed; current version is {current}", "version")
        self.current_version = current

    def body(self) -> dict[str, Any]:
        body = super().body()
        body["error"]["current_version"] = self.current_version
        return body


def load(item_id: str, *, consistent: bool = True) -> Feedback:
    """The item, or a 404 (an id that is not a ULID cannot exist, so it is a 404 too)."""
    if not is_ulid(item_id):
        raise not_found("no such feedback", "id")
    try:
        return Feedback.get(item_id, consistent_read=consistent)
    except Feedback.DoesNotExist:
        raise not_found("no such feedback", "id") from None


def due_shard(item_id: str) -> str:
    """The follow-up queue shard ("0".."3"): stable per item, spread evenly by hash."""
    return str(int(hashlib.sha256(item_id.encode()).hexdigest()[:8], 16) % DUE_SHARDS)


def patch(item_id: str, body: Any, actor: Actor) -> Feedback:
    """Apply a staff change; returns the updated item."""
    change = _validate(body)
    item = load(item_id)
    if item.version != change["version"]:
        raise VersionConflict(item.version)
    now_iso = clock.iso()
    actions: list[Any] = []
    events: list[TimelineEvent] = []

    if "status" in change and change["status"] is not None:
        new_status = change["status"]
        if new_status not in TRANSITIONS.get(item.status, frozenset()):
            raise ApiError(
                409,
                "invalid_transition",
                f"status cannot go from '{item.status}' to '{new_status}'",
                "status",
            )
        actions.append(Feedback.status.set(new_status))
        if new_status == "resolved":
            actions.append(Feedback.resolved_at.set(now_iso))
        elif new_status == "reopened" and item.resolved_at:
            actions.append(Feedback.resolved_at.remove())
        events.append(TimelineEvent(at=now_iso, event=f"status:{new_status}", actor=actor.label))

    if "assignee" in change:
        assignee = change["assignee"]
        actions.append(Feedback.assignee.set(assignee) if assignee else Feedback.assignee.remove())
        events.append(TimelineEvent(at=now_iso, event="assigned", actor=actor.label, detail=assignee))

    if "tags" in change:
        tags = change["tags"]
        actions.append(Feedback.tags.set(set(tags)) if tags else Feedback.tags.remove())
        events.append(TimelineEvent(at=now_iso, event="tagged", actor=actor.label, detail=",".join(sorted(tags))))

    queued = False
    if "response" in change:
        actions.append(Feedback.response.set(change["response"]))
        if not item.responded_at:
            actions.append(Feedback.responded_at.set(now_iso))
        if (item.email or item.phone) and item.consent_followup:
            # The follow-up sweep sends it: an item on the sparse `by_due` index is due work.
            actions += [
                Feedback.followup_stage.set("response"),
                Feedback.followup_state.set("pending"),
                Feedback.followup_due.set(int(clock.now())),
                Feedback.due_shard.set(due_shard(item.id)),
            ]
            queued = True
        detail = "first" if not item.responded_at else None
        events.append(TimelineEvent(at=now_iso, event="responded", actor=actor.label, detail=detail))

    if not actions:
        raise bad_request("empty_patch", "nothing to change: send status, assignee, tags or response")
    actions.append(Feedback.timeline.set(Feedback.timeline.append(events)))
    try:
        item.update(actions=actions)
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise VersionConflict(load(item_id).version) from None
        raise
    logger.info(
        "feedback updated",
        extra={
            "feedback_id": item.id,
            "actor": actor.label,
            "changes": sorted(k for k in change if k != "version"),
            "followup_queued": queued,
        },
    )
    return item


def _validate(body: Any) -> dict[str, Any]:
    """Strict checking of the PATCH body: types, sizes, known fields only."""
    if not isinstance(body, dict):
        raise bad_request("invalid_json", "the body must be a JSON object")
    for name in body:
        if name not in PATCH_FIELDS:
            raise bad_request("unknown_field", f"unknown field '{name}'", str(name)[:64])
    version = body.get("version")
    if "version" not in body:
        raise bad_request("missing_field", "version is required", "version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise bad_request("invalid_type", "version must be a non-negative integer", "version")
    change: dict[str, Any] = {"version": version}
    if "status" in body:
        status = body["status"]
        if not isinstance(status, str):
            raise bad_request("invalid_type", "status must be a string", "status")
        if status not in KNOWN_STATUSES:
            raise bad_request("invalid_status", f"status must be one of: {', '.join(sorted(TRANSITIONS))}", "status")
        change["status"] = status
    if "assignee" in body:
        assignee = body["assignee"]
        if assignee is not None and not isinstance(assignee, str):
            raise bad_request("invalid_type", "assignee must be a string or null", "assignee")
        assignee = assignee.strip() if assignee else None
        if assignee and len(assignee) > MAX_ASSIGNEE:
            raise bad_request("assignee_too_long", f"assignee is limited to {MAX_ASSIGNEE} characters", "assignee")
        change["assignee"] = assignee or None
    if "tags" in body:
        change["tags"] = _tags(body["tags"])
    if "response" in body:
        response = body["response"]
        if not isinstance(response, str):
            raise bad_request("invalid_type", "response must be a string", "response")
        response = response.replace("\r\n", "\n").strip()
        if not response:
            raise bad_request("missing_field", "response must not be empty", "response")
        if len(response) > MAX_RESPONSE:
            raise bad_request("response_too_long", f"response is limited to {MAX_RESPONSE} characters", "response")
        change["response"] = response
    return change


def _tags(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise bad_request("invalid_type", "tags must be a list of strings", "tags")
    tags = sorted({tag.strip() for tag in value if tag.strip()})
    if len(tags) > MAX_TAGS:
        raise bad_request("too_many_tags", f"at most {MAX_TAGS} tags", "tags")
    if any(len(tag) > MAX_TAG for tag in tags):
        raise bad_request("tag_too_long", f"each tag is limited to {MAX_TAG} characters", "tags")
    return tags
