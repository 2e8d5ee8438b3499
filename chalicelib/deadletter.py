"""The dead-letter path: events that failed for good, with a reason staff can read.

Only ids, codes and reasons go here: never a customer's contact or text.
"""

from __future__ import annotations

import json
from typing import Any

from chalicelib import clock
from chalicelib.aws import client
from chalicelib.config import settings
from chalicelib.observability import count, logger


def send(source: str, reason: str, **details: Any) -> None:
    """Record a failed event on the dead-letter queue (best effort: never raises)."""
    count("DeadLettered", source=source)
    body = {"source": source, "reason": reason[:500], "at": clock.iso(), **details}
    logger.warning("dead-lettered", extra={"source": source, "reason": reason[:200], **details})
    url = settings().dead_letter_queue_url
    if not url:
        return
    try:
        client("sqs").send_message(QueueUrl=url, MessageBody=json.dumps(body, default=str))
    except Exception:
        logger.exception("dead-letter queue unreachable", extra={"source": source})
