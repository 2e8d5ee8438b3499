"""Metrics switched off print nothing, even past powertools' 100-values auto-flush."""

from __future__ import annotations

import pytest

from chalicelib.observability import count, invocation


def test_disabled_metrics_never_print(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    with invocation("probe"):
        for _ in range(250):  # powertools prints a blob by itself at 100 values of one metric
            count("FollowupEmailsSent")
        count("EmailsDropped", reason="probe")
    assert "FollowupEmailsSent" not in capsys.readouterr().out


def test_enabled_metrics_flush_as_emf(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    with invocation("probe"):
        count("FollowupEmailsSent")
    out = capsys.readouterr().out
    assert '"FollowupEmailsSent"' in out and '"CloudWatchMetrics"' in out
