"""Settings read from the environment.

Every deployed function gets its table names, topic ARN, bucket and secret names
as environment values from the CloudFormation template; the local stack sets the
same variables from the stack outputs. Reading them lazily (not at import) lets
tests and the local runner set the environment before first use.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cached_property, lru_cache

LOCAL_STAGE = "local"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw.strip() else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    feedback_table: str
    rollup_table: str
    customer_table: str
    site_table: str
    request_table: str
    feedback_stream_arn: str
    alerts_topic_arn: str
    raw_mail_bucket: str
    dead_letter_queue_url: str
    outbox_queue_url: str
    public_url: str
    inbound_domain: str
    mail_from: str
    followup_delay_s: int
    ses_notifications_topic: str
    site_cache_ttl_s: int
    rate_per_site: int
    rate_per_ip: int
    data_key_arn: str

    @property
    def is_local(self) -> bool:
        return self.stage == LOCAL_STAGE

    @property
    def dashboard_url(self) -> str:
        return f"{self.public_url.rstrip('/')}/dashboard"

    # Secrets are read on first use, not at import: deployed stages fetch them from SSM
    # Parameter Store (once per warm function), and cold starts that never need them pay nothing.
    @cached_property
    def token_secrets(self) -> tuple[bytes, ...]:
        """HMAC secrets of one-click tokens; the first signs, any verifies (rotation)."""
        raw = _secret("BOUCLE_TOKEN_SECRET", "local-token-secret")
        return tuple(part.strip().encode() for part in raw.split(",") if part.strip()) or (b"local-token-secret",)

    @cached_property
    def contact_hash_key(self) -> bytes:
        return _secret("BOUCLE_CONTACT_HASH_KEY", "local-contact-key").encode()

    @cached_property
    def admin_token_hashes(self) -> dict[str, str]:
        return _admin_token_hashes(_secret("BOUCLE_ADMIN_TOKEN_HASHES", ""))


def _secret(name: str, default: str) -> str:
    """A secret from SSM when `<name>_PARAM` names a parameter (deployed stages), else from `<name>`."""
    parameter = os.environ.get(f"{name}_PARAM", "")
    if parameter:
        from aws_lambda_powertools.utilities import parameters

        return str(parameters.get_parameter(parameter, decrypt=True, max_age=300))
    return os.environ.get(name, default)


def _admin_token_hashes(configured: str) -> dict[str, str]:
    """Map SHA-256 hex digests of static bearer tokens to their role.

    `BOUCLE_ADMIN_TOKEN_HASHES` holds `role:sha256hex` pairs separated by commas.
    In the local stage the plain `BOUCLE_ADMIN_TOKEN` (default `local-admin`) is
    accepted as an agent token, so a fresh clone works without configuration.
    """
    hashes: dict[str, str] = {}
    for pair in configured.split(","):
        role, _, digest = pair.strip().partition(":")
        if role in ("viewer", "agent") and len(digest) == 64:
            hashes[digest.lower()] = role
    if os.environ.get("BOUCLE_STAGE", LOCAL_STAGE) == LOCAL_STAGE:
        token = os.environ.get("BOUCLE_ADMIN_TOKEN", "local-admin")
        hashes.setdefault(hashlib.sha256(token.encode()).hexdigest(), "agent")
        viewer = os.environ.get("BOUCLE_VIEWER_TOKEN", "local-viewer")
        hashes.setdefault(hashlib.sha256(viewer.encode()).hexdigest(), "viewer")
    return hashes


@lru_cache(maxsize=1)
def settings() -> Settings:
    env = os.environ.get
    stage = env("BOUCLE_STAGE", LOCAL_STAGE)
    inbound = env("BOUCLE_INBOUND_DOMAIN", "boucle.localhost")
    return Settings(
        stage=stage,
        region=env("AWS_REGION", env("AWS_DEFAULT_REGION", "eu-west-1")),
        feedback_table=env("BOUCLE_FEEDBACK_TABLE", "boucle-feedback"),
        rollup_table=env("BOUCLE_ROLLUP_TABLE", "boucle-rollup"),
        customer_table=env("BOUCLE_CUSTOMER_TABLE", "boucle-customer"),
        site_table=env("BOUCLE_SITE_TABLE", "boucle-site"),
        request_table=env("BOUCLE_REQUEST_TABLE", "boucle-request"),
        feedback_stream_arn=env("BOUCLE_FEEDBACK_STREAM_ARN", ""),
        alerts_topic_arn=env("BOUCLE_ALERTS_TOPIC_ARN", ""),
        raw_mail_bucket=env("BOUCLE_RAW_MAIL_BUCKET", "boucle-raw-mail"),
        dead_letter_queue_url=env("BOUCLE_DLQ_URL", ""),
        outbox_queue_url=env("BOUCLE_OUTBOX_QUEUE_URL", ""),
        public_url=env("BOUCLE_PUBLIC_URL", "http://127.0.0.1:8000"),
        inbound_domain=inbound.lower(),
        mail_from=env("BOUCLE_MAIL_FROM", f"feedback@{inbound}"),
        followup_delay_s=_int("BOUCLE_FOLLOWUP_DELAY_S", 10),
        ses_notifications_topic=env("BOUCLE_SES_NOTIFICATIONS_TOPIC", ""),
        site_cache_ttl_s=_int("BOUCLE_SITE_CACHE_TTL_S", 60),
        # Accepted posts per minute; 0 turns a limit off. The local stage allows load tests from one address.
        rate_per_site=_int("BOUCLE_RATE_PER_SITE", 6000 if stage == LOCAL_STAGE else 600),
        rate_per_ip=_int("BOUCLE_RATE_PER_IP", 3000 if stage == LOCAL_STAGE else 60),
        data_key_arn=env("BOUCLE_DATA_KEY_ARN", ""),
    )
