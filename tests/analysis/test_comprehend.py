"""The Comprehend backend, with botocore's Stubber (no network)."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.stub import ANY, Stubber

from chalicelib.analysis import analyze, comprehend


@pytest.fixture
def stubbed(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    monkeypatch.setenv("BOUCLE_SENTIMENT_BACKEND", "comprehend")
    client = boto3.client(
        "comprehend", region_name="eu-west-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    stubber = Stubber(client)
    comprehend.use_client(client)
    with stubber:
        yield stubber
    comprehend.use_client(None)


def _language(stubber: Stubber, code: str, text: object = ANY) -> None:
    stubber.add_response(
        "detect_dominant_language", {"Languages": [{"LanguageCode": code, "Score": 0.99}]}, {"Text": text}
    )


def _sentiment(stubber: Stubber, label: str, scores: dict[str, float], code: str, text: object = ANY) -> None:
    stubber.add_response(
        "detect_sentiment",
        {"Sentiment": label, "SentimentScore": scores},
        {"Text": text, "LanguageCode": code},
    )


def test_success_uses_comprehend_sentiment_and_offline_topics(stubbed: Stubber) -> None:
    text = "Colis jamais arrivé, je veux résilier"
    _language(stubbed, "fr", text)
    _sentiment(stubbed, "NEGATIVE", {"Positive": 0.01, "Negative": 0.95, "Neutral": 0.03, "Mixed": 0.01}, "fr", text)
    result = analyze(text, "en")
    stubbed.assert_no_pending_responses()
    assert result.backend == "comprehend"
    assert (result.language, result.sentiment) == ("fr", "negative")
    assert -1 <= result.score < 0
    assert "delivery" in result.topics and result.urgency == "high"
    assert "comprehend:NEGATIVE" in result.evidence


@pytest.mark.parametrize(
    ("label", "scores", "expected"),
    [
        ("POSITIVE", {"Positive": 0.9, "Negative": 0.05, "Neutral": 0.05, "Mixed": 0.0}, "positive"),
        ("NEUTRAL", {"Positive": 0.1, "Negative": 0.1, "Neutral": 0.8, "Mixed": 0.0}, "neutral"),
        ("MIXED", {"Positive": 0.3, "Negative": 0.4, "Neutral": 0.0, "Mixed": 0.3}, "negative"),
        ("MIXED", {"Positive": 0.5, "Negative": 0.2, "Neutral": 0.0, "Mixed": 0.3}, "neutral"),
    ],
)
def test_label_mapping(stubbed: Stubber, label: str, scores: dict[str, float], expected: str) -> None:
    _language(stubbed, "en")
    _sentiment(stubbed, label, scores, "en")
    result = analyze("The delivery was fine")
    assert result.backend == "comprehend" and result.sentiment == expected
    assert -1 <= result.score <= 1


def test_service_error_falls_back_offline(stubbed: Stubber) -> None:
    stubbed.add_client_error("detect_dominant_language", service_error_code="ThrottlingException", http_status_code=400)
    result = analyze("Livraison en retard")
    assert result.backend == "offline"
    assert "fallback:comprehend_error" in result.evidence
    assert result.sentiment == "negative" and "delivery" in result.topics


def test_error_on_second_call_falls_back(stubbed: Stubber) -> None:
    _language(stubbed, "en")
    stubbed.add_client_error("detect_sentiment", service_error_code="InternalServerException", http_status_code=500)
    result = analyze("Great!")
    assert result.backend == "offline" and result.sentiment == "positive"
    assert "fallback:comprehend_error" in result.evidence


def test_unsupported_language_falls_back(stubbed: Stubber) -> None:
    _language(stubbed, "de")
    result = analyze("Das ist schlecht")
    assert result.backend == "offline"
    assert "fallback:comprehend_error" in result.evidence


def test_long_text_sends_the_informative_part(stubbed: Stubber) -> None:
    filler = "Je vous écris au sujet de la commande numéro 4521 passée le trois mars dernier sur votre site. " * 8
    angry = "Le produit est arrivé cassé et le service client est injoignable, je suis furieux."
    text = filler + angry + " Cordialement, Marie."
    sent: list[str] = []

    def capture(params: dict[str, object], **_: object) -> None:
        sent.append(str(params.get("Text") or ""))

    stubbed.client.meta.events.register("before-parameter-build.comprehend.*", capture)
    _language(stubbed, "fr")
    _sentiment(stubbed, "NEGATIVE", {"Positive": 0.0, "Negative": 0.9, "Neutral": 0.1, "Mixed": 0.0}, "fr")
    result = analyze(text)
    assert len(text) > 500
    assert result.backend == "comprehend"
    assert sent and all(len(item) <= comprehend.MAX_CHARS for item in sent)
    assert all(angry in item for item in sent)


def test_truncation_respects_utf8_boundaries() -> None:
    text = "é" * 10
    cut = comprehend.truncate_utf8(text, 5)
    assert cut == "éé" and len(cut.encode()) <= 5
    excerpt = comprehend.informative_excerpt("😡" * 3000, max_chars=500, max_bytes=1001)
    assert len(excerpt.encode()) <= 1001
    excerpt.encode("utf-8")  # valid


def test_client_is_created_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    comprehend.use_client(None)
    assert comprehend._client is None
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = comprehend.client()
    assert client.meta.region_name in ("eu-west-3", "eu-west-1") or client.meta.region_name
    comprehend.use_client(None)
