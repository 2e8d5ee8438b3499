"""Two fixes to moto that a long-running local stack needs (applied to the moto server and to tests).

1. moto keeps a reference to every model object it ever creates (for its
   dashboard), so a day of local use, or a load test, never frees a stored
   item version. Only the objects the local outbox reads (SES messages, SMS)
   stay tracked.
2. moto's TransactWriteItems backs up *whole tables* with a deep copy before
   each transaction and swaps the copy in on cancellation. That costs time
   proportional to the table per transaction, and the swap orphans the table's
   stream shard, so the event pump's iterator stops seeing new records after
   the first cancelled transaction (an Idempotency-Key replay, a full rate
   bucket). Here only the items a transaction touches are backed up, restored
   in place, and the stream records of a cancelled transaction are dropped, as
   in DynamoDB, where a cancelled transaction writes nothing to the stream.
"""

from __future__ import annotations

import copy
from typing import Any

TRACKED_MODELS = {"Message", "RawMessage", "SMS"}
_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    _applied = True
    _track_only_outbox_models()
    _transactions_back_up_items_not_tables()


def _track_only_outbox_models() -> None:
    from moto.core.common_models import BaseModel

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        instance = super(BaseModel, cls).__new__(cls)  # type: ignore[misc]
        if cls.__name__ in TRACKED_MODELS:
            cls.instances_tracked.append(instance)  # type: ignore[attr-defined]
        return instance

    BaseModel.__new__ = staticmethod(__new__)  # type: ignore[assignment,method-assign]


def _transactions_back_up_items_not_tables() -> None:
    import moto.dynamodb.models as dynamodb_models
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    class _NoTableCopies:
        """Stands in for the `copy` module inside moto.dynamodb.models: tables are not copied."""

        def __getattr__(self, name: str) -> Any:
            return getattr(copy, name)

        @staticmethod
        def deepcopy(value: Any, memo: Any = None) -> Any:
            return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    dynamodb_models.copy = _NoTableCopies()  # type: ignore[assignment]
    original = dynamodb_models.DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        backups: list[tuple[Table, DynamoType, DynamoType | None, Any]] = []
        streams: dict[int, tuple[Any, int]] = {}
        for entry in transact_items:
            try:
                _, op = next(iter(entry.items()))
                table = self.tables[op["TableName"]]
                key = op.get("Key") or op["Item"]
                hash_value = DynamoType(key[table.hash_key_attr])
                range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
            except Exception:  # malformed: moto's own validation reports it
                continue
            current = table.get_item(hash_value, range_value)
            backups.append((table, hash_value, range_value, copy.deepcopy(current)))
            if table.stream_shard is not None:
                streams.setdefault(id(table), (table.stream_shard, len(table.stream_shard.items)))
        try:
            original(self, transact_items)
        except Exception:
            for table, hash_value, range_value, item in reversed(backups):
                _restore(table, hash_value, range_value, item)
            for shard, length in streams.values():
                del shard.items[length:]
            raise

    dynamodb_models.DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


def _restore(table: Any, hash_value: Any, range_value: Any, item: Any) -> None:
    """Put an item back exactly as it was (or remove it), without writing a stream record."""
    if table.range_key_attr:
        bucket = table.items[hash_value]
        if item is None:
            bucket.pop(range_value, None)
        else:
            bucket[range_value] = item
    elif item is None:
        table.items.pop(hash_value, None)
    else:
        table.items[hash_value] = item
