"""Settings: secrets come from SSM Parameter Store in deployed stages, lazily."""

from __future__ import annotations

import hashlib
from typing import Any

import boto3
import pytest


def test_secrets_come_from_ssm_when_a_parameter_is_named(aws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import config

    ssm = boto3.client("ssm", region_name="eu-west-1")
    agent_hash = hashlib.sha256(b"prod-agent-token").hexdigest()
    ssm.put_parameter(Name="/boucle/prod/token-secret", Value="new-secret,old-secret", Type="SecureString")
    ssm.put_parameter(Name="/boucle/prod/admin-token-hashes", Value=f"agent:{agent_hash}", Type="SecureString")
    ssm.put_parameter(Name="/boucle/prod/contact-hash-key", Value="contact-key", Type="SecureString")
    monkeypatch.setenv("BOUCLE_STAGE", "prod")
    monkeypatch.setenv("BOUCLE_TOKEN_SECRET_PARAM", "/boucle/prod/token-secret")
    monkeypatch.setenv("BOUCLE_ADMIN_TOKEN_HASHES_PARAM", "/boucle/prod/admin-token-hashes")
    monkeypatch.setenv("BOUCLE_CONTACT_HASH_KEY_PARAM", "/boucle/prod/contact-hash-key")
    config.settings.cache_clear()
    settings = config.settings()
    assert settings.token_secrets == (b"new-secret", b"old-secret")
    assert settings.contact_hash_key == b"contact-key"
    # Deployed stages accept only configured tokens: the local defaults are gone.
    assert settings.admin_token_hashes == {agent_hash: "agent"}


def test_local_stage_accepts_the_default_tokens(aws: Any) -> None:
    from chalicelib import config

    hashes = config.settings().admin_token_hashes
    assert hashes[hashlib.sha256(b"local-admin").hexdigest()] == "agent"
    assert hashes[hashlib.sha256(b"local-viewer").hexdigest()] == "viewer"


def test_settings_read_no_secret_at_import() -> None:
    """Importing the app must not call SSM: the cold start of every function stays network-free."""
    import subprocess
    import sys

    code = (
        "import os; os.environ['BOUCLE_TOKEN_SECRET_PARAM'] = '/nowhere';"
        "os.environ['AWS_ENDPOINT_URL'] = 'http://127.0.0.1:9';"
        "import app; print('imported')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "imported" in result.stdout
