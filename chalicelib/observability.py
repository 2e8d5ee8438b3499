"""Structured logs and CloudWatch metrics (powertools), shared by every handler.

Logs are JSON and must never carry a customer's email, phone or message body:
log ids, codes and counts only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

# Their debug logs print whole requests and items (contacts, texts): never below WARNING,
# even when boucle's own log level is turned to DEBUG.
for _noisy in ("pynamodb", "botocore", "boto3", "urllib3"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)

logger = Logger(service="boucle")
metrics = Metrics(namespace="boucle", service="boucle")


def count(name: str, value: float = 1, **dimensions: str) -> None:
    """Add to a counter; dimensions (e.g. channel, reason) make a separate metric series."""
    if is_metrics_disabled():
        return  # powertools' own flush at 100 values of one metric would print them anyway
    if not dimensions:
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
        return
    # One EMF blob per dimensioned counter: powertools dimensions apply to a whole flush.
    from aws_lambda_powertools.metrics import single_metric

    with single_metric(name=name, unit=MetricUnit.Count, value=value, namespace="boucle") as metric:
        for key, dim in dimensions.items():
            metric.add_dimension(name=key, value=dim)


@contextmanager
def invocation(correlation_id: str | None, **keys: str) -> Iterator[None]:
    """Scope one request or event: correlation id on every log line, metrics flushed at the end."""
    logger.set_correlation_id(correlation_id)
    if keys:
        logger.append_keys(**keys)
    try:
        yield
    finally:
        if keys:
            logger.remove_keys(list(keys))
        if metrics.metric_set:  # empty while metrics are disabled: `count` records nothing then
            metrics.flush_metrics()
