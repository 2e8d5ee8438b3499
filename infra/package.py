"""Build the deployable template and code zip: `python -m infra.package --stage prod build`.

This is `chalice package --stage STAGE --merge-template MERGE --template-format yaml OUT`
(`make package` runs it), with three additions Chalice cannot make on its own (and one fix:
the merge replaces intrinsic functions whole instead of merging them as dicts, see deep_merge):

1. **The S3 event.** Chalice refuses to package `@app.on_s3_event`: CloudFormation cannot add a
   notification to a bucket it does not own. Ours *is* owned by the template (`RawMailBucket`),
   so the one generator that raises is replaced by one that emits an `AWS::Lambda::Permission`
   (principal s3.amazonaws.com, SourceAccount, SourceArn) and the bucket's
   `NotificationConfiguration.LambdaConfigurations` (the handler's events and prefix). The
   bucket named in the decorator is ignored: it is always the template's raw-mail bucket. The
   cycle bucket -> function -> role -> bucket is avoided by naming the bucket
   deterministically (`${AWS::StackName}-raw-mail-${AWS::AccountId}`): the function's
   environment, its policy and the permission use that name, never `!Ref RawMailBucket`.

2. **Policy placeholders.** `.chalice/policy-*.json` are static JSON, one per function
   (`autogen_policy: false`). Their strings may hold `${...}` placeholders: CloudFormation's own
   (`${AWS::Region}`, `${FeedbackTable.Arn}`, `${AlertsTopic}`) or the name of an environment
   value from infra/merge.yaml's `Globals` (`${BOUCLE_RAW_MAIL_BUCKET}`). Each such string is
   wrapped in `Fn::Sub`, with the environment values passed as Sub variables, so a policy and
   the function it governs always name the same resources.

3. **A smaller zip.** pynamodb depends on botocore, so Chalice packs botocore (~16 MB zipped)
   and its dependencies. The Lambda Python runtime already provides boto3, botocore and their
   dependencies; they are removed from the zip (see RUNTIME_PROVIDED).

The merge template is infra/template.yaml (the stateful resources, also deployed into moto by
the local stack) deep-merged with infra/merge.yaml (the wiring to Chalice's functions).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import yaml

from infra.cfn_yaml import load_yaml

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "infra" / "template.yaml"
MERGE = ROOT / "infra" / "merge.yaml"
TEMPLATE_FILE = "sam.yaml"
ZIP_FILE = "deployment.zip"

RAW_MAIL_BUCKET = "RawMailBucket"
RAW_MAIL_BUCKET_NAME = "${AWS::StackName}-raw-mail-${AWS::AccountId}"

# Top-level names in the zip that the Lambda Python runtime provides (boto3 and its
# dependency tree). Matched on the import name and on the distribution's *.dist-info folder.
RUNTIME_PROVIDED = frozenset(
    {"boto3", "botocore", "s3transfer", "jmespath", "dateutil", "python_dateutil", "urllib3", "six"}
)

_PLACEHOLDER = re.compile(r"\$\{([^}!][^}]*)\}")


# ---------------------------------------------------------------- templates


def _is_intrinsic(value: Any) -> bool:
    if not isinstance(value, dict) or len(value) != 1:
        return False
    [key] = value
    return key == "Ref" or key.startswith("Fn::")


def deep_merge(base: Any, override: Any) -> Any:
    """Chalice's `--merge-template` rule: dicts merge recursively, anything else is replaced.

    One difference: an intrinsic function (`{"Ref": ...}`, `{"Fn::Sub": ...}`) is a value, not
    a dict to merge, so `Topic: !Ref X` replaces Chalice's `Topic: {"Fn::Sub": ...}` instead of
    producing `{"Fn::Sub": ..., "Ref": ...}`. The packager uses this rule for Chalice's merge too.
    """
    if isinstance(base, dict) and isinstance(override, dict) and not (_is_intrinsic(base) or _is_intrinsic(override)):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = deep_merge(base.get(key), value)
        return merged
    return override


def merge_template() -> dict[str, Any]:
    """The template merged into Chalice's: infra/template.yaml, then infra/merge.yaml on top."""
    return deep_merge(load_yaml(TEMPLATE), load_yaml(MERGE))


def function_environment(template: dict[str, Any]) -> dict[str, Any]:
    """The environment values every function gets (merge.yaml's Globals)."""
    return template["Globals"]["Function"]["Environment"]["Variables"]


# ---------------------------------------------------------------- policies
def substitute_placeholders(document: Any, variables: dict[str, Any]) -> Any:
    """Wrap every string holding `${...}` in Fn::Sub; `${BOUCLE_*}` come from `variables`."""
    if isinstance(document, dict):
        return {key: substitute_placeholders(value, variables) for key, value in document.items()}
    if isinstance(document, list):
        return [substitute_placeholders(value, variables) for value in document]
    if not isinstance(document, str) or "${" not in document:
        return document
    names = sorted(set(_PLACEHOLDER.findall(document)))
    unknown = [name for name in names if name.startswith("BOUCLE_") and name not in variables]
    if unknown:
        raise ValueError(f"policy placeholder {unknown} is not an environment value in infra/merge.yaml Globals")
    if RAW_MAIL_BUCKET in {name.split(".")[0] for name in names}:
        # The bucket's notification depends on the mail function, hence on its role.
        raise ValueError("policies must name the raw-mail bucket as ${BOUCLE_RAW_MAIL_BUCKET}, not ${RawMailBucket}")
    local = {name: variables[name] for name in names if name in variables}
    return {"Fn::Sub": [document, local] if local else document}


# ---------------------------------------------------------------- chalice generator patches
def _cfn_name(name: str) -> str:
    from chalice.utils import to_cfn_resource_name

    return to_cfn_resource_name(name)


def _s3_notification(generator: Any, resource: Any, template: dict[str, Any]) -> None:
    """Replacement for SAMTemplateGenerator._generate_s3bucketnotification (which raises)."""
    resources = template["Resources"]
    if RAW_MAIL_BUCKET in resources:
        raise NotImplementedError("boucle packages one @app.on_s3_event handler: the raw-mail bucket's")
    function = _cfn_name(resource.lambda_function.resource_name)
    permission = f"{function}S3InvokePermission"
    resources[permission] = {
        "Type": "AWS::Lambda::Permission",
        "Properties": {
            "Action": "lambda:InvokeFunction",
            "FunctionName": {"Ref": function},
            "Principal": "s3.amazonaws.com",
            "SourceAccount": {"Ref": "AWS::AccountId"},
            "SourceArn": {"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{RAW_MAIL_BUCKET_NAME}"},
        },
    }
    rules = [{"Name": "prefix", "Value": resource.prefix}] if resource.prefix else []
    rules += [{"Name": "suffix", "Value": resource.suffix}] if resource.suffix else []
    configurations = []
    for event in resource.events:
        configuration: dict[str, Any] = {"Event": event, "Function": {"Fn::GetAtt": [function, "Arn"]}}
        if rules:
            configuration["Filter"] = {"S3Key": {"Rules": rules}}
        configurations.append(configuration)
    # A partial resource: the merge template brings the bucket's other properties.
    # S3 checks it may invoke the function when the notification is set: permission first.
    resources[RAW_MAIL_BUCKET] = {
        "Type": "AWS::S3::Bucket",
        "DependsOn": [permission],
        "Properties": {"NotificationConfiguration": {"LambdaConfigurations": configurations}},
    }


@contextmanager
def _patched_generator(environment: dict[str, Any]) -> Iterator[None]:
    from chalice.package import SAMTemplateGenerator, TemplateDeepMerger

    original_role = SAMTemplateGenerator._generate_managediamrole

    def managed_role(generator: Any, resource: Any, template: dict[str, Any]) -> None:
        original_role(generator, resource, template)
        role = template["Resources"][_cfn_name(resource.resource_name)]
        for policy in role["Properties"]["Policies"]:
            policy["PolicyDocument"] = substitute_placeholders(policy["PolicyDocument"], environment)

    def merge(merger: Any, file_template: dict[str, Any], chalice_template: dict[str, Any]) -> dict[str, Any]:
        return deep_merge(chalice_template, file_template)

    with (
        mock.patch.object(SAMTemplateGenerator, "_generate_s3bucketnotification", _s3_notification),
        mock.patch.object(SAMTemplateGenerator, "_generate_managediamrole", managed_role),
        mock.patch.object(TemplateDeepMerger, "merge", merge),
    ):
        yield


# ---------------------------------------------------------------- zip
def _top_level_name(path: str) -> str:
    top = path.split("/", 1)[0]
    return re.split(r"-\d", top.removesuffix(".py"), maxsplit=1)[0].lower()


def strip_runtime_packages(zip_path: Path) -> list[str]:
    """Remove what the Lambda runtime provides from the zip; returns the removed top-level names."""
    removed: set[str] = set()
    stripped = zip_path.with_suffix(".tmp")
    with zipfile.ZipFile(zip_path) as source, zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if _top_level_name(info.filename) in RUNTIME_PROVIDED:
                removed.add(info.filename.split("/", 1)[0])
                continue
            target.writestr(info, source.read(info))  # keeps the entry's mode bits and date
    stripped.replace(zip_path)
    return sorted(removed)


# ---------------------------------------------------------------- checks
def check_packaged(template: dict[str, Any]) -> None:
    """Fail early on what would fail in CloudFormation: merge.yaml naming what Chalice did not generate."""
    resources = template["Resources"]
    partial = sorted(name for name, resource in resources.items() if "Type" not in resource)
    if partial:
        functions = sorted(n for n, r in resources.items() if r.get("Type") == "AWS::Serverless::Function")
        raise RuntimeError(f"infra/merge.yaml names {partial}, which Chalice did not generate (functions: {functions})")
    paths = resources["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            if "type" not in operation.get("x-amazon-apigateway-integration", {}):
                raise RuntimeError(f"infra/merge.yaml routes {method.upper()} {path}, which the app does not define")
    for name, resource in resources.items():
        if resource["Type"] == "AWS::Serverless::Function" and "FunctionName" not in resource["Properties"]:
            raise RuntimeError(f"function {name} has no FunctionName in infra/merge.yaml (logs and alarms need it)")


# ---------------------------------------------------------------- entry point
def package(stage: str, outdir: Path) -> Path:
    """Package the app for `stage` into `outdir`; returns the template's path."""
    from chalice.cli import cli

    outdir.mkdir(parents=True, exist_ok=True)
    for stale in ("sam.json", TEMPLATE_FILE, ZIP_FILE, "packaged.yaml"):
        (outdir / stale).unlink(missing_ok=True)
    merged = merge_template()
    with tempfile.TemporaryDirectory() as tmp, _patched_generator(function_environment(merged)):
        merge_file = Path(tmp) / "merge.yaml"  # .yaml: Chalice then writes YAML too
        merge_file.write_text(yaml.safe_dump(merged, sort_keys=False))
        args = ["--project-dir", str(ROOT), "package", "--stage", stage, "--template-format", "yaml"]
        cli.main(args=[*args, "--merge-template", str(merge_file), str(outdir)], standalone_mode=False, obj={})
    removed = strip_runtime_packages(outdir / ZIP_FILE)
    template_path = outdir / TEMPLATE_FILE
    check_packaged(yaml.safe_load(template_path.read_text()))
    print(f"packaged {template_path} and {outdir / ZIP_FILE} (runtime-provided, removed: {', '.join(removed)})")
    return template_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="prod", choices=["dev", "prod"])
    parser.add_argument("outdir", nargs="?", default="build", type=Path)
    options = parser.parse_args(argv)
    # Packaging imports app.py: values from a local shell (the local stack's table names,
    # endpoint) must not leak into it. The region only picks the service principals' DNS
    # suffix (amazonaws.com everywhere but China), never a deployment region.
    for name in [n for n in os.environ if n.startswith("BOUCLE_") or n == "AWS_ENDPOINT_URL"]:
        del os.environ[name]
    os.environ.setdefault("AWS_DEFAULT_REGION", os.environ.get("AWS_REGION", "us-east-1"))
    package(options.stage, options.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
