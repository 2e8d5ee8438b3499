"""Logs never carry a customer's email, phone or message body, across the whole loop."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

EMAIL = "pii-marker-42@example.org"
PHONE = "+33698765432"
TEXT = "Zanzibarquetteprivee colis jamais arrivé, je veux un remboursement"
MAIL_TEXT = "Xylophonesecret le produit est cassé, service injoignable"


def test_a_whole_loop_logs_no_contact_or_text(
    client: Any,
    site: Any,
    pump: Any,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chalicelib import clock
    from chalicelib.intake import mail

    caplog.set_level(logging.DEBUG)
    headers = {"Content-Type": "application/json"}
    body = {
        "site": "demo",
        "kind": "nps",
        "score": 1,
        "text": TEXT,
        "email": EMAIL,
        "phone": PHONE,
        "consent_followup": True,
    }
    response = client.http.post("/v1/feedback", headers=headers, body=json.dumps(body))
    assert response.status_code == 202
    item_id = response.json_body["id"]
    # Rejections log their reason, not the offending input.
    client.http.post("/v1/feedback", headers=headers, body=json.dumps({**body, "phone": "0" + PHONE}))
    raw = (
        f"From: Client <{EMAIL}>\r\nTo: demo@in.example.com\r\nSubject: {MAIL_TEXT}\r\n"
        f"Message-ID: <pii@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{MAIL_TEXT}\r\n"
    ).encode()
    assert mail.handle_raw(raw, "raw/pii").outcome == "feedback"
    pump.poll_stream_once()  # rollups, alerts
    later = clock.now() + 7 * 86400
    monkeypatch.setattr(clock, "now", lambda: later)
    pump.tick()  # the sweep sends the follow-ups
    pump.poll_stream_once()
    agent = {"Authorization": "Bearer local-admin"}
    assert client.http.get(f"/v1/admin/feedback/{item_id}", headers=agent).status_code == 200
    assert client.http.get(f"/v1/admin/customers/export?email={EMAIL}", headers=agent).status_code == 200
    assert client.http.delete(f"/v1/admin/customers?email={EMAIL}", headers=agent).status_code == 200

    captured = capsys.readouterr()
    logs = (
        captured.out + captured.err + "\n".join(record.getMessage() + str(record.__dict__) for record in caplog.records)
    )
    assert logs, "the flow should have logged something"
    for secret in (EMAIL, EMAIL.split("@")[0], PHONE, PHONE[1:], "Zanzibarquetteprivee", "Xylophonesecret"):
        where = logs.find(secret)
        assert secret not in logs, f"{secret!r} leaked into the logs: ...{logs[max(0, where - 300) : where + 100]}"
