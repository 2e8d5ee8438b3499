"""The local event pump: what Lambda's event source mappings and EventBridge do in AWS.

It reads the feedback table's DynamoDB stream from the moto server and calls
the very handler function Lambda runs, with events in the real stream shape,
in batches; a failed batch (or the records a handler reports in
`batchItemFailures`) is retried with backoff, then sent to the dead-letter
queue like an event source mapping's on-failure destination. It also fires
every `@app.schedule` handler on a short period.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from types import ModuleType
from typing import Any

import boto3

MAX_BATCH = 50
MAX_RETRIES = 4


class FakeContext:
    """The few attributes of a Lambda context that handlers and powertools read."""

    def __init__(self, name: str) -> None:
        self.function_name = name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:eu-west-1:123456789012:function:{name}"
        self.memory_limit_in_mb = 256
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


class EventPump:
    def __init__(
        self,
        app_module: ModuleType,
        stream_arn: str,
        endpoint: str | None,
        region: str,
        sweep_interval_s: float,
        dead_letter_queue_url: str | None = None,
        on_tick: Callable[[], None] | None = None,
    ) -> None:
        self.app_module = app_module
        self.stream_arn = stream_arn
        self.sweep_interval_s = sweep_interval_s
        self.dead_letter_queue_url = dead_letter_queue_url
        self.on_tick = on_tick
        session = boto3.session.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name=region)
        # Newer botocore resolves account-scoped stream endpoints that moto's in-process mock does
        # not route; the classic regional endpoint works for both the mock and real AWS.
        streams_endpoint = endpoint or f"https://streams.dynamodb.{region}.amazonaws.com"
        self.streams = session.client("dynamodbstreams", endpoint_url=streams_endpoint)
        self.sqs = session.client("sqs", endpoint_url=endpoint)
        self.region = region
        self._stop = threading.Event()
        self._iterators: dict[str, str | None] = {}
        self.batches_delivered = 0
        self.ticks = 0

    # ------------------------------------------------------------ lifecycle
    def start(self) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self._loop, args=(self.poll_stream_once, 0.2), name="pump-stream", daemon=True),
            threading.Thread(target=self._loop, args=(self.tick, self.sweep_interval_s), name="pump-tick", daemon=True),
        ]
        for thread in threads:
            thread.start()
        return threads

    def stop(self) -> None:
        self._stop.set()

    def _loop(self, step: Callable[[], Any], interval: float) -> None:
        while not self._stop.is_set():
            try:
                step()
            except Exception as error:  # the pump must outlive any single failure
                print(f"[pump] {step.__name__} failed: {type(error).__name__}: {error}", flush=True)
            self._stop.wait(interval)

    # ------------------------------------------------------------ stream
    def poll_stream_once(self) -> int:
        """Deliver every new stream record; returns how many were delivered."""
        delivered = 0
        shards = self.streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
        for shard in shards:
            shard_id = shard["ShardId"]
            if shard_id not in self._iterators:
                self._iterators[shard_id] = self.streams.get_shard_iterator(
                    StreamArn=self.stream_arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
                )["ShardIterator"]
            iterator = self._iterators[shard_id]
            while iterator:
                page = self.streams.get_records(ShardIterator=iterator, Limit=MAX_BATCH)
                records = [self._lambda_record(r) for r in page.get("Records", [])]
                iterator = page.get("NextShardIterator")
                self._iterators[shard_id] = iterator
                if not records:
                    break
                self.deliver(records)
                delivered += len(records)
        return delivered

    def _lambda_record(self, record: dict[str, Any]) -> dict[str, Any]:
        """A GetRecords record in the shape Lambda hands to the function."""
        change = dict(record["dynamodb"])
        created = change.get("ApproximateCreationDateTime")
        if isinstance(created, datetime):
            change["ApproximateCreationDateTime"] = created.timestamp()
        elif created is None:
            change["ApproximateCreationDateTime"] = time.time()
        return {
            "eventID": record.get("eventID", uuid.uuid4().hex),
            "eventName": record["eventName"],
            "eventVersion": record.get("eventVersion", "1.1"),
            "eventSource": "aws:dynamodb",
            "awsRegion": record.get("awsRegion", self.region),
            "dynamodb": change,
            "eventSourceARN": self.stream_arn,
        }

    def deliver(self, records: list[dict[str, Any]]) -> None:
        """Invoke the stream handler; retry what failed from the first failure on, then dead-letter."""
        handler = self.app_module.on_feedback_change
        pending = records
        for attempt in range(MAX_RETRIES + 1):
            try:
                result = handler({"Records": pending}, FakeContext("on_feedback_change")) or {}
                failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
            except Exception as error:
                print(f"[pump] stream batch raised {type(error).__name__}; retrying", flush=True)
                failed = {r["dynamodb"]["SequenceNumber"] for r in pending}
            self.batches_delivered += 1
            if not failed:
                return
            first = min(i for i, r in enumerate(pending) if r["dynamodb"]["SequenceNumber"] in failed)
            pending = pending[first:]
            if attempt < MAX_RETRIES:
                time.sleep(0.2 * 2**attempt)
        self._dead_letter(pending)

    def _dead_letter(self, records: list[dict[str, Any]]) -> None:
        print(f"[pump] {len(records)} stream record(s) failed every retry; sent to the dead-letter queue", flush=True)
        if not self.dead_letter_queue_url:
            return
        for record in records:
            body = {
                "source": "stream",
                "reason": "retries_exhausted",
                "event_id": record["eventID"],
                "sequence": record["dynamodb"]["SequenceNumber"],
                "keys": record["dynamodb"].get("Keys"),
            }
            self.sqs.send_message(QueueUrl=self.dead_letter_queue_url, MessageBody=json.dumps(body, default=str))

    # ------------------------------------------------------------ schedules
    def scheduled_handlers(self) -> list[tuple[str, Callable[..., Any]]]:
        from chalice.app import ScheduledEventConfig  # type: ignore[attr-defined]

        app = self.app_module.app
        names = [s.handler_string.split(".")[-1] for s in app.event_sources if isinstance(s, ScheduledEventConfig)]
        return [(name, getattr(self.app_module, name)) for name in names]

    def tick(self) -> None:
        """One EventBridge tick: every scheduled handler once, then the optional local hook."""
        for name, handler in self.scheduled_handlers():
            event = {
                "version": "0",
                "id": str(uuid.uuid4()),
                "detail-type": "Scheduled Event",
                "source": "aws.events",
                "account": "123456789012",
                "time": datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
                "region": self.region,
                "resources": [f"arn:aws:events:{self.region}:123456789012:rule/{name}"],
                "detail": {},
            }
            try:
                handler(event, FakeContext(name))
            except Exception as error:
                print(f"[pump] scheduled {name} failed: {type(error).__name__}: {error}", flush=True)
        if self.on_tick:
            self.on_tick()
        self.ticks += 1
