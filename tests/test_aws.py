"""One botocore session and one DynamoDB client per process (memory: see bench `peak_rss_mb`)."""

from __future__ import annotations

from typing import Any

from chalicelib import aws as aws_clients
from chalicelib.models import Customer, Feedback, RequestRecord, Rollup, Site, connection

MODELS = (Feedback, Rollup, Customer, Site, RequestRecord)


def test_every_model_shares_the_one_dynamodb_client(aws: dict[str, Any]) -> None:
    clients = {id(model._get_connection().connection.client) for model in MODELS}
    assert clients == {id(connection().client)}


def test_boto3_clients_come_from_the_one_botocore_session(aws: dict[str, Any]) -> None:
    assert aws_clients.client("sns") is aws_clients.client("sns")
    assert aws_clients._boto3_session()._session is aws_clients.botocore_session()
    assert connection().session is aws_clients.botocore_session()


def test_models_still_read_and_write_through_the_shared_connection(site: Any) -> None:
    assert Site.get("demo").name == "Demo shop"
    record = RequestRecord(pk="probe", hits=1)
    record.save()
    assert RequestRecord.get("probe").hits == 1
