"""`/v1/loop/{token}`: GET shows, POST records once; bad tokens get clear 4xx pages; one-click unsubscribe."""

from __future__ import annotations

import email
import email.policy
import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.followup.support import DETRACTOR, T0, item, post

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def token_for(item_id: str, stage: str = "checkin", expires: float = T0 + 86400, nonce: str = "1") -> str:
    from chalicelib.config import settings
    from chalicelib.followup import tokens

    return tokens.make_token(settings().token_secrets, item_id, stage, int(expires), nonce=nonce)


def negative(client: Any) -> str:
    return post(client, DETRACTOR)


def answer(client: Any, token: str, body: dict[str, str], path: str = "") -> Any:
    return client.http.post(f"/v1/loop/{token}{path}", headers=FORM, body=urlencode(body))


def test_the_emailed_link_opens_a_page_whose_button_posts_and_get_never_records(
    client: Any, site: Any, clock_at: dict[str, float]
) -> None:
    from moto.ses.models import ses_backends

    from chalicelib.followup import sweep

    item_id = negative(client)
    clock_at["now"] = T0 + 11
    assert sweep.run().sent == 1
    raw = ses_backends["123456789012"]["eu-west-1"].sent_messages[0].raw_data
    message = email.message_from_string(raw, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https://feedback\.example\.com(/v1/loop/[A-Za-z0-9_.-]+)\?resolved=no", text)
    assert link is not None
    before = item(item_id)
    for _ in range(3):  # a mail scanner, a preview, the customer
        page = client.http.get(f"{link.group(1)}?resolved=no")
        assert page.status_code == 200
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"
        assert 'method="post"' in page.body.decode()
        assert 'name="resolved" value="no" class="primary"' in page.body.decode()
    after = item(item_id)
    assert after.version == before.version and after.status == "new" and not after.answered_stages
    recorded = client.http.post(link.group(1), headers=FORM, body="resolved=no")
    assert recorded.status_code == 200, recorded.body
    assert "enregistrée" in recorded.body.decode()  # the item is French
    assert item(item_id).status == "reopened"


def test_post_yes_resolves_and_queues_the_resurvey(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    item_id = negative(client)
    response = answer(client, token_for(item_id), {"resolved": "yes"})
    assert response.status_code == 200
    resolved = item(item_id)
    assert resolved.status == "resolved" and resolved.resolved_at
    assert resolved.answered_stages.as_dict() == {"checkin-1": "yes"}
    assert resolved.followup_stage == "resurvey" and resolved.followup_state == "pending"
    assert resolved.followup_due == int(T0) + 10  # local stage delay
    assert resolved.timeline[-1].event == "answer:checkin"


def test_json_answers_are_accepted_too(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    item_id = negative(client)
    token = token_for(item_id, "resurvey")
    response = client.http.post(
        f"/v1/loop/{token}", headers={"Content-Type": "application/json"}, body=json.dumps({"nps": 10})
    )
    assert response.status_code == 200
    assert item(item_id).answered_stages.as_dict() == {"resurvey-1": "10"}


def test_a_reused_token_says_already_recorded_and_changes_nothing(
    client: Any, site: Any, clock_at: dict[str, float]
) -> None:
    item_id = negative(client)
    token = token_for(item_id)
    assert answer(client, token, {"resolved": "yes"}).status_code == 200
    before = item(item_id)
    again = answer(client, token, {"resolved": "no"})
    assert again.status_code == 409
    assert "déjà" in again.body.decode().lower()
    after = item(item_id)
    assert (after.version, after.status) == (before.version, "resolved")
    assert client.http.get(f"/v1/loop/{token}?resolved=no").status_code == 409


def test_a_second_send_of_the_same_stage_can_be_answered(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    item_id = negative(client)
    assert answer(client, token_for(item_id, "response", nonce="1"), {"resolved": "no"}).status_code == 200
    assert answer(client, token_for(item_id, "response", nonce="2"), {"resolved": "yes"}).status_code == 200
    assert item(item_id).answered_stages.as_dict() == {"response-1": "no", "response-2": "yes"}


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # forged MAC
        lambda t: t.split(".")[0],  # MAC missing
        lambda t: "not-a-token",
        lambda t: "x" * 300,
        lambda t: "%00%ff..",
    ],
)
def test_forged_or_malformed_tokens_get_a_400_page_and_no_change(
    client: Any, site: Any, clock_at: dict[str, float], mangle: Any
) -> None:
    item_id = negative(client)
    bad = mangle(token_for(item_id))
    before = item(item_id)
    for response in (client.http.get(f"/v1/loop/{bad}?resolved=yes"), answer(client, bad, {"resolved": "yes"})):
        assert response.status_code in (400, 404), response.body
        assert response.headers["Content-Type"].startswith("text/html")
    assert item(item_id).version == before.version


def test_a_token_signed_with_another_secret_is_rejected(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    from chalicelib.followup import tokens

    item_id = negative(client)
    forged = tokens.make_token(b"attacker", item_id, "checkin", int(T0) + 3600, nonce="1")
    response = answer(client, forged, {"resolved": "yes"})
    assert response.status_code == 400
    assert "not valid" in response.body.decode() or "pas valide" in response.body.decode()
    assert item(item_id).status == "new"


def test_an_expired_token_gets_a_410_page_and_no_change(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    item_id = negative(client)
    token = token_for(item_id, expires=T0 + 60)
    clock_at["now"] = T0 + 61
    assert client.http.get(f"/v1/loop/{token}?resolved=yes").status_code == 410
    response = answer(client, token, {"resolved": "yes"})
    assert response.status_code == 410 and item(item_id).status == "new"


@pytest.mark.parametrize(
    ("stage", "body"),
    [
        ("checkin", {"resolved": "maybe"}),
        ("checkin", {}),
        ("resurvey", {"nps": "11"}),
        ("resurvey", {"nps": "-1"}),
        ("resurvey", {"resolved": "yes"}),
        ("thanks", {"resolved": "yes"}),
    ],
)
def test_answers_that_do_not_fit_the_question_are_400(
    client: Any, site: Any, clock_at: dict[str, float], stage: str, body: dict[str, str]
) -> None:
    item_id = negative(client)
    assert answer(client, token_for(item_id, stage), body).status_code == 400
    assert not item(item_id).answered_stages


def test_a_garbage_json_body_is_a_400_not_a_500(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    item_id = negative(client)
    response = client.http.post(
        f"/v1/loop/{token_for(item_id)}", headers={"Content-Type": "application/json"}, body="{nope"
    )
    assert response.status_code == 400


def test_a_store_outage_is_a_503_page_never_a_500(
    client: Any, site: Any, clock_at: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.followup import outcomes

    item_id = negative(client)

    def down(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("dynamodb is down")

    monkeypatch.setattr(outcomes, "record_answer", down)
    response = answer(client, token_for(item_id), {"resolved": "yes"})
    assert response.status_code == 503 and response.headers["Retry-After"]


def test_unknown_item_gets_a_4xx_page(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    response = answer(client, token_for("01J00000000000000000000000"), {"resolved": "yes"})
    assert response.status_code == 404


def test_one_click_unsubscribe_suppresses_the_contact(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    from chalicelib.contacts import contact_hash
    from chalicelib.models import Customer

    item_id = negative(client)
    token = token_for(item_id, expires=T0 + 60)
    page = client.http.get(f"/v1/loop/{token}/unsubscribe")
    assert page.status_code == 200 and 'name="unsubscribe"' in page.body.decode()
    with pytest.raises(Customer.DoesNotExist):  # the GET changed nothing
        Customer.get(contact_hash(email="ana@example.org"))
    clock_at["now"] = T0 + 3600  # an expired link still unsubscribes
    response = client.http.post(f"/v1/loop/{token}/unsubscribe", headers=FORM, body="List-Unsubscribe=One-Click")
    assert response.status_code == 200
    profile = Customer.get(contact_hash(email="ana@example.org"))
    assert profile.suppressed is True and profile.suppressed_reason == "unsubscribe"
    assert item(item_id).timeline[-1].event == "unsubscribed"


def test_a_forged_unsubscribe_is_refused(client: Any, site: Any, clock_at: dict[str, float]) -> None:
    response = client.http.post("/v1/loop/forged.token/unsubscribe", headers=FORM, body="List-Unsubscribe=One-Click")
    assert response.status_code == 400
