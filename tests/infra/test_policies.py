"""Least privilege, checked on the policy files themselves (.chalice/policy-*.json).

Each Lambda function has its own role and policy file (`autogen_policy: false`). These tests
fail on wildcard actions, on `"Resource": "*"` outside a short list of documented exceptions,
on placeholders the packager cannot resolve, and on any widening of the public intake's rights.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from infra import package as packager

ROOT = Path(__file__).resolve().parents[2]
CHALICE_DIR = ROOT / ".chalice"
CONFIG = json.loads((CHALICE_DIR / "config.json").read_text())
POLICY_FILES = sorted(CHALICE_DIR.glob("policy-*.json"))

# Actions that have no resource-level permissions (or none that applies): "Resource": "*" is
# unavoidable. Each is explained in docs/DEPLOY.md ("Permissions").
STAR_RESOURCE_EXCEPTIONS = {
    "xray:PutTraceSegments": "X-Ray has no resource-level permissions",
    "xray:PutTelemetryRecords": "X-Ray has no resource-level permissions",
    # Publishing an SMS straight to a phone number has no resource ARN.
    "sns:Publish": "SMS to phone numbers (follow-up sweep only, with a Condition)",
    "cloudwatch:PutMetricData": "no resource-level permissions (scope with cloudwatch:namespace)",
}
# Which functions may use each exception, and whether it must carry a Condition.
STAR_RESOURCE_USERS = {"sns:Publish": {"policy-sweep.json"}}
STAR_RESOURCE_NEEDS_CONDITION = {"sns:Publish", "cloudwatch:PutMetricData"}

PSEUDO_PARAMETERS = {"AWS::Partition", "AWS::Region", "AWS::AccountId", "AWS::StackName", "AWS::URLSuffix"}
PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")


def statements(path: Path) -> list[dict[str, Any]]:
    document = json.loads(path.read_text())
    assert document["Version"] == "2012-10-17"
    return document["Statement"]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def allowed(path: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(action, resource, statement) for every Allow statement."""
    rows = []
    for statement in statements(path):
        if statement["Effect"] != "Allow":
            continue
        for action in as_list(statement["Action"]):
            for resource in as_list(statement["Resource"]):
                rows.append((action, resource, statement))
    return rows


def strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def test_every_function_has_its_own_policy_file() -> None:
    assert CONFIG["autogen_policy"] is False
    functions = CONFIG["lambda_functions"]
    files = {settings["iam_policy_file"] for settings in functions.values()}
    assert len(files) == len(functions), "two functions share a policy file"
    assert files == {path.name for path in POLICY_FILES}, "a policy file is unused or missing"
    for stage in CONFIG["stages"].values():  # a stage must not fall back to a shared policy
        assert "iam_policy_file" not in stage and "autogen_policy" not in stage
        for settings in stage.get("lambda_functions", {}).values():
            assert "iam_policy_file" not in settings


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.name)
def test_no_wildcard_actions_and_no_not_clauses(path: Path) -> None:
    for statement in statements(path):
        assert not {"NotAction", "NotResource", "NotPrincipal"} & statement.keys(), statement.get("Sid")
        for action in as_list(statement["Action"]):
            service, _, name = action.partition(":")
            assert service and name and "*" not in action, f"{path.name}: wildcard action {action!r}"


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.name)
def test_star_resource_only_where_no_specific_one_exists(path: Path) -> None:
    for action, resource, statement in allowed(path):
        if resource != "*":
            continue
        assert action in STAR_RESOURCE_EXCEPTIONS, f"{path.name}: {action} on '*' ({statement.get('Sid')})"
        users = STAR_RESOURCE_USERS.get(action)
        assert users is None or path.name in users, f"{path.name} may not use {action} on '*'"
        if action in STAR_RESOURCE_NEEDS_CONDITION:
            assert statement.get("Condition"), f"{path.name}: {action} on '*' needs a Condition"


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.name)
def test_placeholders_resolve_in_the_packaged_template(path: Path) -> None:
    merged = packager.merge_template()
    logical_ids = set(merged["Resources"])
    environment = packager.function_environment(merged)
    for text in strings(statements(path)):
        for name in PLACEHOLDER.findall(text):
            if name in PSEUDO_PARAMETERS or name in environment:
                continue
            logical_id = name.split(".")[0]
            assert logical_id in logical_ids, f"{path.name}: unknown placeholder ${{{name}}}"
            assert logical_id != packager.RAW_MAIL_BUCKET, "use ${BOUCLE_RAW_MAIL_BUCKET} (reference cycle)"
    # And the packager's own substitution accepts every string.
    packager.substitute_placeholders(statements(path), environment)


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.name)
def test_arns_are_never_hard_coded(path: Path) -> None:
    for text in strings(statements(path)):
        assert not re.search(r"arn:aws[a-z-]*:", text), f"{path.name}: use arn:${{AWS::Partition}}: in {text}"
        assert not re.search(r"\d{12}", text), f"{path.name}: an account id in {text}"


def test_no_function_scans_feedback_and_only_the_site_table_is_scanned() -> None:
    for path in POLICY_FILES:
        for action, resource, _ in allowed(path):
            if action == "dynamodb:Scan":
                assert resource == "${SiteTable.Arn}", f"{path.name}: Scan on {resource}"


def test_logs_are_limited_to_the_functions_own_log_group() -> None:
    for function, settings in CONFIG["lambda_functions"].items():
        path = CHALICE_DIR / settings["iam_policy_file"]
        log_resources = {r for a, r, _ in allowed(path) if a.startswith("logs:")}
        assert log_resources == {
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}"
            f":log-group:/aws/lambda/${{AWS::StackName}}-{function}:*"
        }, path.name


def test_xray_rights_match_the_tracing_setting() -> None:
    for settings in CONFIG["lambda_functions"].values():
        path = CHALICE_DIR / settings["iam_policy_file"]
        has_xray = any(a.startswith("xray:") for a, _, _ in allowed(path))
        assert has_xray == bool(settings.get("xray")), path.name


def test_public_intake_may_do_exactly_its_job() -> None:
    """The one function the internet reaches: a write, two reads, idempotency and rate limits."""
    rights: dict[str, set[str]] = {}
    for action, resource, statement in allowed(CHALICE_DIR / "policy-intake.json"):
        if action.startswith("logs:"):
            continue
        if action.startswith("kms:") and statement.get("Sid") == "ContactFieldEncryption":
            assert action == "kms:GenerateDataKey"  # encrypts a new item's contact; never decrypts one
        elif action.startswith("kms:"):  # otherwise only through DynamoDB (tables encrypted with the data key)
            via = statement["Condition"]["StringEquals"]["kms:ViaService"]
            assert via == ["dynamodb.${AWS::Region}.${AWS::URLSuffix}"]
        rights.setdefault(resource, set()).add(action)
    assert rights == {
        "${FeedbackTable.Arn}": {"dynamodb:PutItem"},
        "${SiteTable.Arn}": {"dynamodb:GetItem"},
        "${RequestTable.Arn}": {
            "dynamodb:PutItem",  # the idempotency record, in the same transaction as the item
            "dynamodb:ConditionCheckItem",
            "dynamodb:GetItem",  # replaying an Idempotency-Key
            "dynamodb:UpdateItem",  # rate-limit token buckets
        },
        "${DataKey.Arn}": {"kms:Decrypt", "kms:GenerateDataKey"},
        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${BOUCLE_CONTACT_HASH_KEY_PARAM}": {
            "ssm:GetParameter"
        },
    }


def test_follow_up_sweep_reads_only_the_due_index() -> None:
    path = CHALICE_DIR / "policy-sweep.json"
    queries = {r for a, r, _ in allowed(path) if a == "dynamodb:Query"}
    assert queries == {"${FeedbackTable.Arn}/index/by_due"}
    email = [s for a, _, s in allowed(path) if a == "ses:SendEmail"]
    assert email and all(s["Condition"]["StringEquals"]["ses:FromAddress"] == "${BOUCLE_MAIL_FROM}" for s in email)


def test_stream_reads_only_the_feedback_stream_and_publishes_only_alerts() -> None:
    path = CHALICE_DIR / "policy-stream.json"
    stream_actions = {"dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"}
    assert {r for a, r, _ in allowed(path) if a in stream_actions} == {"${FeedbackTable.Arn}/stream/*"}
    assert {r for a, r, _ in allowed(path) if a == "sns:Publish"} == {"${AlertsTopic}"}


def test_admin_api_queries_indexes_not_the_feedback_table() -> None:
    path = CHALICE_DIR / "policy-api.json"
    feedback_queries = {r for a, r, _ in allowed(path) if a == "dynamodb:Query" and "FeedbackTable" in r}
    assert feedback_queries == {f"${{FeedbackTable.Arn}}/index/{i}" for i in ("by_site", "by_month", "by_contact")}
    sends = {a for a, _, _ in allowed(path) if a.startswith("ses:") or a == "sns:Publish"}
    assert not sends, "the API sends nothing"
    # It manages who hears about alerts (POST /v1/admin/alert-subscriptions), on the alerts topic only.
    subscription_rights = {(a, r) for a, r, _ in allowed(path) if a.startswith("sns:")}
    assert subscription_rights == {
        ("sns:Subscribe", "${AlertsTopic}"),
        ("sns:ListSubscriptionsByTopic", "${AlertsTopic}"),
        ("sns:GetSubscriptionAttributes", "${AlertsTopic}"),
    }


def test_raw_mail_is_read_by_the_mail_function_and_deleted_only_by_the_api() -> None:
    raw = "arn:${AWS::Partition}:s3:::${BOUCLE_RAW_MAIL_BUCKET}/raw/*"
    s3_rights = {path.name: {(a, r) for a, r, _ in allowed(path) if a.startswith("s3:")} for path in POLICY_FILES}
    assert s3_rights["policy-mail.json"] == {("s3:GetObject", raw)}
    assert s3_rights["policy-api.json"] == {("s3:DeleteObject", raw)}
    assert all(not rights for name, rights in s3_rights.items() if name not in ("policy-mail.json", "policy-api.json"))
