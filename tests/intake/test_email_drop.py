"""drop_reason: one minimal message per reason, the precedence between reasons, and near misses that stay feedback."""

from __future__ import annotations

import pytest

from chalicelib.intake.email import ParsedEmail, drop_reason, parse_email


def message(*headers: str, body: str = "La livraison était en retard.", subject: str = "Ma commande") -> bytes:
    lines = ["From: Marie <marie@example.fr>", "To: demo@in.example.com", f"Subject: {subject}", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n" + body + "\r\n").encode()


def report(report_type: str, part_type: str, **extra: str) -> bytes:
    headers = [f'Content-Type: multipart/report; report-type={report_type}; boundary="R"', *extra.values()]
    body = (
        "--R\r\nContent-Type: text/plain\r\n\r\nHuman readable part\r\n"
        f"--R\r\nContent-Type: {part_type}\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
        "--R--"
    )
    return message(*headers, body=body, subject="Report")


def reason(raw: bytes) -> str | None:
    return drop_reason(parse_email(raw))


def test_acceptable_feedback() -> None:
    assert reason(message()) is None
    assert reason(message("X-SES-Spam-Verdict: PASS", "X-SES-Virus-Verdict: PASS")) is None


def test_virus() -> None:
    assert reason(message("X-SES-Virus-Verdict: FAIL")) == "virus"


def test_spam_verdict_and_gtube() -> None:
    assert reason(message("X-SES-Spam-Verdict: FAIL")) == "spam"
    gtube = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"
    assert reason(message(body=f"hello {gtube}")) == "spam"
    # GRAY and PROCESSING_FAILED are not FAIL: keep the feedback.
    assert reason(message("X-SES-Spam-Verdict: GRAY")) is None
    assert reason(message("X-SES-Spam-Verdict: PROCESSING_FAILED")) is None


def test_virus_wins_over_spam() -> None:
    assert reason(message("X-SES-Spam-Verdict: FAIL", "X-SES-Virus-Verdict: FAIL")) == "virus"


@pytest.mark.parametrize(
    "raw",
    [
        report("delivery-status", "message/delivery-status"),
        message(body="x").replace(b"From: Marie <marie@example.fr>", b"From: MAILER-DAEMON@mx.example"),
        message(body="x").replace(b"From: Marie <marie@example.fr>", b"From: postmaster@mx.example"),
        message(body="x").replace(b"From: Marie <marie@example.fr>", b"From: Mail Delivery Subsystem <x@mx.example>"),
        message("X-Failed-Recipients: gone@example.com"),
        message("Return-Path: <>"),
        message("X-SES-Outgoing: 2024.06.03-192.0.2.1", subject="Delivery Status Notification (Failure)"),
    ],
    ids=["dsn", "mailer-daemon", "postmaster", "delivery-subsystem", "x-failed-recipients", "null-rp", "ses-dsn"],
)
def test_bounce(raw: bytes) -> None:
    assert reason(raw) == "bounce"


def test_bounce_wins_over_auto_submitted() -> None:
    raw = report("delivery-status", "message/delivery-status", auto="Auto-Submitted: auto-replied")
    assert reason(raw) == "bounce"


def test_read_receipt() -> None:
    assert reason(report("disposition-notification", "message/disposition-notification")) == "read_receipt"
    # RFC 8098 receipts use an empty Return-Path too: still a read receipt, not a bounce.
    raw = report("disposition-notification", "message/disposition-notification", rp="Return-Path: <>")
    assert reason(raw) == "read_receipt"


def test_abuse_report() -> None:
    assert reason(report("feedback-report", "message/feedback-report")) == "abuse_report"


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: auto-replied",
        "Auto-Submitted: auto-generated",
        "X-Autoreply: yes",
        "X-Autorespond: vacation",
        "X-Auto-Response-Suppress: All",
        "X-Auto-Response-Suppress: DR, OOF, AutoReply",
        "Precedence: bulk",
        "Precedence: junk",
        "Precedence: auto_reply",
    ],
)
def test_auto_reply_headers(header: str) -> None:
    assert reason(message(header)) == "auto_reply"


@pytest.mark.parametrize(
    "subject",
    [
        "Automatic reply: Ma commande",
        "Auto: Ma commande",
        "Out of Office: Ma commande",
        "Out of office",
        "Réponse automatique : Ma commande",
        "Absence du bureau : Ma commande",
        "Absent : Ma commande",
        "Abwesenheitsnotiz: Ma commande",
        "Auto reply: Ma commande",
    ],
)
def test_auto_reply_subjects(subject: str) -> None:
    assert reason(message(subject=subject)) == "auto_reply"


@pytest.mark.parametrize(
    "subject",
    ["Out of office hours support was rude", "Absent staff at the Lyon shop", "Automatic gates broken", "Auto parts"],
)
def test_subjects_that_only_look_automatic_stay_feedback(subject: str) -> None:
    assert reason(message(subject=subject)) is None


def test_auto_submitted_no_and_empty_suppress_are_not_auto_replies() -> None:
    assert reason(message("Auto-Submitted: no")) is None
    assert reason(message("X-Auto-Response-Suppress: DR")) is None


def test_auto_reply_with_null_return_path_is_an_auto_reply() -> None:
    assert reason(message("Return-Path: <>", "Auto-Submitted: auto-replied")) == "auto_reply"


def test_mailing_list() -> None:
    assert reason(message("List-Id: <news.example.com>")) == "mailing_list"
    assert reason(message("Precedence: list")) == "mailing_list"
    assert reason(message("List-Unsubscribe: <mailto:u@example.com>", "Precedence: list")) == "mailing_list"
    # List-Unsubscribe alone (transactional mail, some webmail replies) is not enough.
    assert reason(message("List-Unsubscribe: <mailto:u@example.com>")) is None


def test_auto_reply_is_checked_before_mailing_list() -> None:
    assert reason(message("List-Id: <news.example.com>", "Auto-Submitted: auto-generated")) == "auto_reply"


def test_empty() -> None:
    assert reason(message(body="", subject="")) == "empty"
    assert reason(message(body="> only quoted history", subject="Re:")) == "empty"
    assert reason(message(body="\r\n-- \r\nMarie", subject="(no subject)")) == "empty"
    assert reason(message(body="", subject="RE: TR: (sans objet)")) == "empty"


def test_empty_body_with_a_real_subject_is_kept() -> None:
    assert reason(message(body="", subject="Colis jamais reçu")) is None
    assert reason(message(body="", subject="Re: Votre avis sur Boucle")) is None


def test_drop_reason_on_a_default_parsed_email() -> None:
    assert drop_reason(ParsedEmail()) == "empty"
    assert drop_reason(ParsedEmail(text="ok")) is None
