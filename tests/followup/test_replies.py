"""Mail replies to reply+TOKEN@: attached to the original item once, analysed, reopening when unhappy."""

from __future__ import annotations

from typing import Any

from tests.followup.support import T0, item, post


def token_for(item_id: str, expires: float = T0 + 86400, secret: bytes | None = None) -> str:
    from chalicelib.config import settings
    from chalicelib.followup import tokens

    return tokens.make_token(secret or settings().token_secrets, item_id, "checkin", int(expires), nonce="1")


def reply(token: str, body: str, message_id: str = "<r1@mail.example.org>", key: str = "raw/r1") -> Any:
    from chalicelib.intake import mail

    raw = (
        "From: Ana <ana@example.org>\r\n"
        f"To: reply+{token}@in.example.com\r\n"
        "Subject: Re: Demo shop : votre problème est-il résolu ?\r\n"
        f"Message-ID: {message_id}\r\n"
        "Date: Tue, 10 Mar 2026 11:00:00 +0100\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        f"{body}\r\n"
    ).encode()
    return mail.handle_raw(raw, key)


def resolved_item(client: Any) -> str:
    from chalicelib.models import Feedback

    item_id = post(
        client,
        {"site": "demo", "kind": "nps", "score": 4, "text": "Colis en retard", "email": "ana@example.org"},
    )
    stored = item(item_id)
    stored.update(actions=[Feedback.status.set("resolved"), Feedback.resolved_at.set("2026-03-10T10:00:00.000Z")])
    return item_id


def test_a_reply_joins_its_item_and_a_second_delivery_is_a_duplicate(
    client: Any, site: Any, clock_at: dict[str, float], pump: Any
) -> None:
    item_id = resolved_item(client)
    outcome = reply(token_for(item_id), "Merci beaucoup, tout est parfait maintenant !")
    assert (outcome.outcome, outcome.feedback_id) == ("reply", item_id)
    again = reply(token_for(item_id), "Merci beaucoup, tout est parfait maintenant !", key="raw/r1-again")
    assert again.outcome == "duplicate"
    stored = item(item_id)
    assert len(stored.replies) == 1
    entry = stored.replies[0]
    assert entry["text"].startswith("Merci beaucoup") and entry["negative"] is False
    assert stored.timeline[-1].event == "reply"
    assert stored.status == "resolved"
    pump.poll_stream_once()


def test_an_unhappy_reply_reopens_and_alerts_once(
    client: Any, site: Any, clock_at: dict[str, float], pump: Any, aws: dict[str, Any], sns_published: list[Any]
) -> None:
    item_id = resolved_item(client)
    pump.poll_stream_once()
    sns_published.clear()  # the alert on the original item is not this test's business
    outcome = reply(token_for(item_id), "Non, toujours pas reçu, c'est inadmissible et nul.")
    assert outcome.outcome == "reply"
    stored = item(item_id)
    assert stored.status == "reopened" and stored.resolved_at is None
    assert stored.replies[0]["negative"] is True
    pump.poll_stream_once()
    pump.poll_stream_once()
    assert len([p for p in sns_published if p.get("TopicArn") == aws["topic_arn"]]) == 1


def test_a_late_reply_with_an_expired_token_still_belongs_to_its_thread(
    client: Any, site: Any, clock_at: dict[str, float]
) -> None:
    item_id = resolved_item(client)
    token = token_for(item_id, expires=T0 + 60)
    clock_at["now"] = T0 + 90 * 86400
    assert reply(token, "Je reviens vers vous, tout va bien.").outcome == "reply"


def test_a_forged_reply_token_is_dropped(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    item_id = resolved_item(client)
    forged = token_for(item_id, secret=b"not-our-secret")
    outcome = reply(forged, "Bonjour")
    assert (outcome.outcome, outcome.reason) == ("dropped", "bad_reply_token")
    assert not item(item_id).replies


def test_a_reply_to_an_unknown_item_is_dropped(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    outcome = reply(token_for("01J00000000000000000000000"), "Bonjour")
    assert (outcome.outcome, outcome.reason) == ("dropped", "unknown_item")


def test_a_reply_is_given_the_sites_own_topics(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    from chalicelib import sites

    site.topics = {"loyalty": ["fidélité"]}
    site.keep_default_topics = True
    site.save()
    sites.forget()
    item_id = resolved_item(client)
    reply(token_for(item_id), "Toujours pas de colis, et mes points fidélité ont disparu.")
    assert list(item(item_id).replies[0]["topics"]) == ["delivery", "loyalty"]
