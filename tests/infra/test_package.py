"""`make package`: the packaged template deploys what we mean, and cfn-lint finds nothing.

The slow tests build the real package once (infra/package.py in a subprocess, as `make package`
does) into a temporary directory. Chalice downloads the runtime wheels from PyPI the first
time and caches them in .chalice/deployments; nothing talks to AWS.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra import package as packager
from infra.local.provision import OUTPUT_ENV

ROOT = Path(__file__).resolve().parents[2]
CONFIG = json.loads((ROOT / ".chalice" / "config.json").read_text())


# ---------------------------------------------------------------- fast: the packager's parts
def test_deep_merge_merges_dicts_and_replaces_everything_else() -> None:
    base = {"a": {"x": 1, "y": [1, 2]}, "b": "keep"}
    merged = packager.deep_merge(base, {"a": {"y": [3], "z": {"Ref": "R"}}})
    assert merged == {"a": {"x": 1, "y": [3], "z": {"Ref": "R"}}, "b": "keep"}
    # An intrinsic function is one value: it replaces, it never merges with another one.
    chalice = {"Topic": {"Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:name"}}
    assert packager.deep_merge(chalice, {"Topic": {"Ref": "T"}}) == {"Topic": {"Ref": "T"}}


def test_placeholders_become_sub_with_only_the_environment_values_used() -> None:
    env = {"BOUCLE_A": {"Ref": "A"}, "BOUCLE_B": {"Ref": "B"}}
    document = {"Resource": ["plain", "arn:${AWS::Partition}:x:::${BOUCLE_A}/*", "${Table.Arn}"]}
    assert packager.substitute_placeholders(document, env) == {
        "Resource": [
            "plain",
            {"Fn::Sub": ["arn:${AWS::Partition}:x:::${BOUCLE_A}/*", {"BOUCLE_A": {"Ref": "A"}}]},
            {"Fn::Sub": "${Table.Arn}"},
        ]
    }
    with pytest.raises(ValueError, match="BOUCLE_MISSING"):
        packager.substitute_placeholders("${BOUCLE_MISSING}", env)
    with pytest.raises(ValueError, match="BOUCLE_RAW_MAIL_BUCKET"):
        packager.substitute_placeholders("arn:${AWS::Partition}:s3:::${RawMailBucket}/*", env)


def test_runtime_provided_packages_are_stripped_from_the_zip(tmp_path: Path) -> None:
    zip_path = tmp_path / "deployment.zip"
    names = [
        "app.py",
        "chalicelib/config.py",
        "pynamodb/models.py",
        "botocore/client.py",
        "botocore-1.44.8.dist-info/METADATA",
        "python_dateutil-2.9.0.post0.dist-info/METADATA",
        "dateutil/parser.py",
        "six.py",
        "urllib3/__init__.py",
        "jmespath/__init__.py",
        "typing_extensions.py",
    ]
    with zipfile.ZipFile(zip_path, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            archive.writestr(info, "x")
    packager.strip_runtime_packages(zip_path)
    with zipfile.ZipFile(zip_path) as archive:
        kept = archive.namelist()
        assert kept == ["app.py", "chalicelib/config.py", "pynamodb/models.py", "typing_extensions.py"]
        assert archive.getinfo("app.py").external_attr == 0o755 << 16


# ---------------------------------------------------------------- slow: the real package
@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("build")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUCLE_")}
    result = subprocess.run(
        [sys.executable, "-m", "infra.package", "--stage", "prod", str(outdir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return outdir


@pytest.fixture(scope="module")
def template(built: Path) -> dict[str, Any]:
    return yaml.safe_load((built / packager.TEMPLATE_FILE).read_text())


def resources_of(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def walk(value: Any) -> list[Any]:
    """Every dict, list and scalar inside value."""
    found = [value]
    if isinstance(value, dict):
        found += [x for v in value.values() for x in walk(v)]
    elif isinstance(value, list):
        found += [x for v in value for x in walk(v)]
    return found


def references(value: Any) -> set[str]:
    """Logical ids a value refers to (Ref, GetAtt, ${...} in Sub)."""
    names: set[str] = set()
    for node in walk(value):
        if isinstance(node, dict):
            if "Ref" in node:
                names.add(node["Ref"])
            if "Fn::GetAtt" in node:
                names.add(node["Fn::GetAtt"][0])
            if "Fn::Sub" in node:
                text = node["Fn::Sub"] if isinstance(node["Fn::Sub"], str) else node["Fn::Sub"][0]
                names |= {n.split(".")[0] for n in re.findall(r"\$\{([^}!]+)\}", text)}
    return names


@pytest.mark.slow
def test_cfn_lint_finds_no_errors_and_no_warnings(built: Path) -> None:
    from cfnlint.api import ManualArgs, lint_file

    # Two Regions where SES receives mail; informational findings are not reported by default.
    matches = lint_file(built / packager.TEMPLATE_FILE, ManualArgs(regions=["us-east-1", "eu-west-1"]))
    assert not matches, "\n".join(str(match) for match in matches)


@pytest.mark.slow
def test_each_function_runs_under_its_own_role_with_its_policy_file(template: dict[str, Any]) -> None:
    functions = resources_of(template, "AWS::Serverless::Function")
    by_handler = {f["Properties"]["Handler"].split(".", 1)[1]: name for name, f in functions.items()}
    assert set(by_handler) == {"app", *CONFIG["lambda_functions"]} - {"api_handler"}
    environment = template["Globals"]["Function"]["Environment"]["Variables"]
    for chalice_name, settings in CONFIG["lambda_functions"].items():
        function = functions[by_handler["app" if chalice_name == "api_handler" else chalice_name]]
        role_name = function["Properties"]["Role"]["Fn::GetAtt"][0]
        [policy] = template["Resources"][role_name]["Properties"]["Policies"]
        policy_file = json.loads((ROOT / ".chalice" / settings["iam_policy_file"]).read_text())
        assert policy["PolicyDocument"] == packager.substitute_placeholders(policy_file, environment)
        assert function["Properties"]["Timeout"] == settings["lambda_timeout"]
        assert function["Properties"]["FunctionName"] == {"Fn::Sub": f"${{AWS::StackName}}-{chalice_name}"}
    assert len({f["Properties"]["Role"]["Fn::GetAtt"][0] for f in functions.values()}) == len(functions)


@pytest.mark.slow
def test_functions_get_every_name_from_the_template(template: dict[str, Any]) -> None:
    environment = template["Globals"]["Function"]["Environment"]["Variables"]
    needed = set(OUTPUT_ENV.values()) - {"BOUCLE_OUTBOX_QUEUE_URL"}  # the outbox is local only
    needed |= {"BOUCLE_TOKEN_SECRET_PARAM", "BOUCLE_ADMIN_TOKEN_HASHES_PARAM", "BOUCLE_CONTACT_HASH_KEY_PARAM"}
    assert needed <= set(environment)
    for name, value in environment.items():
        assert isinstance(value, dict), f"{name} is hard-coded"
    # Never a literal ARN or account anywhere in the template.
    for node in walk(template):
        if isinstance(node, str):
            assert not re.search(r"arn:aws[a-z-]*:", node), node
            assert not re.search(r"\b\d{12}\b", node), node


@pytest.mark.slow
def test_stream_event_source_reports_item_failures_and_dead_letters(template: dict[str, Any]) -> None:
    events = template["Resources"]["OnFeedbackChange"]["Properties"]["Events"]
    [source] = events.values()
    assert source["Type"] == "DynamoDB"
    props = source["Properties"]
    assert props["Stream"] == {"Fn::GetAtt": ["FeedbackTable", "StreamArn"]}
    assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert props["BisectBatchOnFunctionError"] is True
    assert props["MaximumRetryAttempts"] == 5
    assert props["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["DeadLetterQueue", "Arn"]}


@pytest.mark.slow
def test_raw_mail_bucket_invokes_the_mail_function_without_a_cycle(template: dict[str, Any]) -> None:
    resources = template["Resources"]
    bucket = resources["RawMailBucket"]
    assert bucket["Properties"]["BucketName"] == {"Fn::Sub": packager.RAW_MAIL_BUCKET_NAME}
    [configuration] = bucket["Properties"]["NotificationConfiguration"]["LambdaConfigurations"]
    assert configuration == {
        "Event": "s3:ObjectCreated:*",
        "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "raw/"}]}},
        "Function": {"Fn::GetAtt": ["OnRawMail", "Arn"]},
    }
    [permission_name] = bucket["DependsOn"]
    permission = resources[permission_name]["Properties"]
    assert permission["Principal"] == "s3.amazonaws.com"
    assert permission["SourceAccount"] == {"Ref": "AWS::AccountId"}
    assert permission["FunctionName"] == {"Ref": "OnRawMail"}
    # Nothing the mail function depends on may refer to the bucket.
    function = resources["OnRawMail"]
    role = resources[function["Properties"]["Role"]["Fn::GetAtt"][0]]
    globals_env = template["Globals"]["Function"]["Environment"]
    assert "RawMailBucket" not in references([function, role, permission, globals_env])


@pytest.mark.slow
def test_public_intake_route_runs_in_the_intake_function(template: dict[str, Any]) -> None:
    resources = template["Resources"]
    paths = resources["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            target = references(operation["x-amazon-apigateway-integration"]["uri"]) - {"AWS::Partition", "AWS::Region"}
            expected = "Intake" if path == "/v1/feedback" else "APIHandler"
            assert target == {expected}, f"{method.upper()} {path}"
    assert set(paths["/v1/feedback"]) == {"post", "options"}
    permission = resources["IntakeInvokePermission"]["Properties"]
    assert permission["FunctionName"] == {"Ref": "Intake"}
    assert permission["Principal"] == "apigateway.amazonaws.com"
    assert permission["SourceArn"]["Fn::Sub"].endswith("${RestAPI}/*/*/v1/feedback")


@pytest.mark.slow
def test_api_stage_is_throttled_by_parameters(template: dict[str, Any]) -> None:
    [settings] = template["Resources"]["RestAPI"]["Properties"]["MethodSettings"]
    assert settings["ThrottlingRateLimit"] == {"Ref": "ApiRateLimit"}
    assert settings["ThrottlingBurstLimit"] == {"Ref": "ApiBurstLimit"}
    assert template["Parameters"]["ApiRateLimit"]["Default"] == 50
    assert template["Parameters"]["ApiBurstLimit"]["Default"] == 100
    assert template["Resources"]["RestAPI"]["Properties"]["StageName"] == CONFIG["stages"]["prod"]["api_gateway_stage"]


@pytest.mark.slow
def test_every_function_has_error_and_throttle_alarms(template: dict[str, Any]) -> None:
    alarms = resources_of(template, "AWS::CloudWatch::Alarm")
    watched: dict[str, set[str]] = {}
    for alarm in alarms.values():
        props = alarm["Properties"]
        assert alarm["Condition"] == "IsDeployed"
        assert props["AlarmActions"] == [{"Ref": "OpsTopic"}]
        for dimension in props.get("Dimensions", []):
            if dimension["Name"] == "FunctionName":
                watched.setdefault(dimension["Value"]["Ref"], set()).add(props["MetricName"])
    for name in resources_of(template, "AWS::Serverless::Function"):
        assert {"Errors", "Throttles"} <= watched.get(name, set()), name
    assert "IteratorAge" in watched["OnFeedbackChange"]
    metrics = {a["Properties"]["MetricName"] for a in alarms.values()}
    assert {"5XXError", "ApproximateNumberOfMessagesVisible"} <= metrics


@pytest.mark.slow
def test_zip_holds_the_app_and_its_runtime_dependencies_only(built: Path) -> None:
    with zipfile.ZipFile(built / packager.ZIP_FILE) as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
    assert {"app.py", "chalicelib", "pynamodb", "aws_lambda_powertools"} <= tops
    provided = {packager._top_level_name(top) for top in tops} & packager.RUNTIME_PROVIDED
    assert not provided, f"the Lambda runtime provides {provided}"
    assert not {"moto", "pytest", "_pytest", "yaml", "click", "werkzeug", "flask", "hypothesis"} & tops


@pytest.mark.slow
def test_ses_notifications_arrive_from_the_template_topic(template: dict[str, Any]) -> None:
    [event] = template["Resources"]["OnSesNotification"]["Properties"]["Events"].values()
    assert event == {"Type": "SNS", "Properties": {"Topic": {"Ref": "SesNotificationsTopic"}}}


@pytest.mark.slow
def test_failed_mail_events_are_dead_lettered(template: dict[str, Any]) -> None:
    config = template["Resources"]["OnRawMail"]["Properties"]["EventInvokeConfig"]
    assert config["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["DeadLetterQueue", "Arn"]}
    policy = json.loads((ROOT / ".chalice" / "policy-mail.json").read_text())
    assert any(
        s["Action"] == ["sqs:SendMessage"] and s["Resource"] == "${DeadLetterQueue.Arn}" for s in policy["Statement"]
    )
