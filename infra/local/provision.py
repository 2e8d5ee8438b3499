"""Deploy `infra/template.yaml` into the moto server, as CloudFormation would in AWS.

moto's CloudFormation creates the tables (GSIs, streams), topic, queues, bucket
and key from the very template production uses. A few properties it does not
apply yet (TTL, SNS subscriptions) are applied here from the same template, so
the template stays the single source of truth.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import boto3

from infra.cfn_yaml import load_yaml

TEMPLATE = Path(__file__).resolve().parents[1] / "template.yaml"
STACK_NAME = "boucle-local"

# Stack output -> environment variable read by chalicelib.config.
OUTPUT_ENV = {
    "FeedbackTableName": "BOUCLE_FEEDBACK_TABLE",
    "FeedbackStreamArn": "BOUCLE_FEEDBACK_STREAM_ARN",
    "RollupTableName": "BOUCLE_ROLLUP_TABLE",
    "CustomerTableName": "BOUCLE_CUSTOMER_TABLE",
    "SiteTableName": "BOUCLE_SITE_TABLE",
    "RequestTableName": "BOUCLE_REQUEST_TABLE",
    "AlertsTopicArn": "BOUCLE_ALERTS_TOPIC_ARN",
    "RawMailBucketName": "BOUCLE_RAW_MAIL_BUCKET",
    "DeadLetterQueueUrl": "BOUCLE_DLQ_URL",
    "LocalOutboxQueueUrl": "BOUCLE_OUTBOX_QUEUE_URL",
    "DataKeyArn": "BOUCLE_DATA_KEY_ARN",
}


def load_template() -> dict[str, Any]:
    return load_yaml(TEMPLATE)


def clients(endpoint: str, region: str) -> dict[str, Any]:
    session = boto3.session.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name=region)
    return {name: session.client(name, endpoint_url=endpoint) for name in ("cloudformation", "dynamodb", "sns", "ses")}


def deploy(endpoint: str, region: str, inbound_domain: str) -> dict[str, str]:
    """Create the local stack (or reuse it) and return the environment the app needs."""
    aws = clients(endpoint, region)
    cfn = aws["cloudformation"]
    parameters = [
        {"ParameterKey": "Stage", "ParameterValue": "local"},
        {"ParameterKey": "InboundDomain", "ParameterValue": inbound_domain},
    ]
    existing = {s["StackName"] for s in cfn.list_stacks()["StackSummaries"] if s["StackStatus"] != "DELETE_COMPLETE"}
    if STACK_NAME not in existing:
        cfn.create_stack(StackName=STACK_NAME, TemplateBody=TEMPLATE.read_text(), Parameters=parameters)
    stack = _wait(cfn)
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    resources = {
        r["LogicalResourceId"]: r["PhysicalResourceId"]
        for r in cfn.list_stack_resources(StackName=STACK_NAME)["StackResourceSummaries"]
    }
    _apply_moto_gaps(aws, load_template(), resources, outputs)
    aws["ses"].verify_domain_identity(Domain=inbound_domain)
    return {env: outputs[key] for key, env in OUTPUT_ENV.items() if key in outputs}


def _wait(cfn: Any) -> dict[str, Any]:
    for _ in range(100):
        stack = cfn.describe_stacks(StackName=STACK_NAME)["Stacks"][0]
        if stack["StackStatus"].endswith("_COMPLETE"):
            return stack
        if stack["StackStatus"].endswith("_FAILED"):
            raise RuntimeError(f"local stack failed: {stack.get('StackStatusReason')}")
        time.sleep(0.1)
    raise RuntimeError("local stack did not finish")


def _apply_moto_gaps(aws: dict[str, Any], template: dict[str, Any], physical: dict[str, str], outputs: dict) -> None:
    for logical, resource in template["Resources"].items():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::DynamoDB::Table" and props.get("TimeToLiveSpecification"):
            ttl = props["TimeToLiveSpecification"]
            aws["dynamodb"].update_time_to_live(
                TableName=physical[logical],
                TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": bool(ttl["Enabled"])},
            )
    # The local outbox: the alerts topic delivers to a queue the API reads.
    topic, queue_url = outputs.get("AlertsTopicArn"), outputs.get("LocalOutboxQueueUrl")
    if topic and queue_url:
        existing = aws["sns"].list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        if not any(s["Protocol"] == "sqs" for s in existing):
            queue_arn = _queue_arn(queue_url)
            aws["sns"].subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)


def _queue_arn(queue_url: str) -> str:
    account, name = queue_url.rstrip("/").split("/")[-2:]
    region = queue_url.split(".")[1] if ".amazonaws.com" in queue_url else "eu-west-1"
    return f"arn:aws:sqs:{region}:{account}:{name}"


TABLE_ENV = {
    "FeedbackTable": "BOUCLE_FEEDBACK_TABLE",
    "RollupTable": "BOUCLE_ROLLUP_TABLE",
    "CustomerTable": "BOUCLE_CUSTOMER_TABLE",
    "SiteTable": "BOUCLE_SITE_TABLE",
    "RequestTable": "BOUCLE_REQUEST_TABLE",
}


def create_tables(dynamodb: Any, names: dict[str, str]) -> dict[str, str]:
    """Create the template's tables directly (no CloudFormation), under the given names.

    Used by the in-process tests, where a CloudFormation round trip per test
    would be slow; the keys, indexes and streams still come from the template.
    Returns the stream ARN of each table that has one.
    """
    streams: dict[str, str] = {}
    for logical, resource in load_template()["Resources"].items():
        if resource["Type"] != "AWS::DynamoDB::Table":
            continue
        props = resource["Properties"]
        kwargs: dict[str, Any] = {
            "TableName": names[logical],
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
            "BillingMode": props["BillingMode"],
        }
        if props.get("GlobalSecondaryIndexes"):
            kwargs["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
        if props.get("StreamSpecification"):
            kwargs["StreamSpecification"] = {"StreamEnabled": True, **props["StreamSpecification"]}
        table = dynamodb.create_table(**kwargs)["TableDescription"]
        if table.get("LatestStreamArn"):
            streams[logical] = table["LatestStreamArn"]
    return streams


def create_in_process(region: str, inbound_domain: str, *, outbox_queue: bool = False) -> dict[str, str]:
    """Create what the functions use, named as the BOUCLE_* environment names it, in whatever AWS
    boto3 reaches now: moto's in-process backends in the tests and benches.

    Tables come from the template (`create_tables`); the topic, queues, bucket,
    verified inbound domain and data key are plain API calls. Returns the
    settings only known once created: stream, topic, queue URLs and key ARN.
    """
    names = {logical: os.environ[variable] for logical, variable in TABLE_ENV.items()}
    streams = create_tables(boto3.client("dynamodb", region_name=region), names)
    sqs = boto3.client("sqs", region_name=region)
    boto3.client("s3", region_name=region).create_bucket(
        Bucket=os.environ["BOUCLE_RAW_MAIL_BUCKET"], CreateBucketConfiguration={"LocationConstraint": region}
    )
    boto3.client("ses", region_name=region).verify_domain_identity(Domain=inbound_domain)
    created = {
        "BOUCLE_FEEDBACK_STREAM_ARN": streams["FeedbackTable"],
        "BOUCLE_ALERTS_TOPIC_ARN": boto3.client("sns", region_name=region).create_topic(Name="alerts")["TopicArn"],
        "BOUCLE_DLQ_URL": sqs.create_queue(QueueName="dead-letter")["QueueUrl"],
        "BOUCLE_DATA_KEY_ARN": boto3.client("kms", region_name=region).create_key(Description="contacts")[
            "KeyMetadata"
        ]["Arn"],
    }
    if outbox_queue:
        created["BOUCLE_OUTBOX_QUEUE_URL"] = sqs.create_queue(QueueName="outbox")["QueueUrl"]
    return created
