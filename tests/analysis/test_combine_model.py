"""final_sentiment rules for every kind and boundary, and the value objects."""

from __future__ import annotations

import json

import pytest

from chalicelib.analysis import Analysis, Verdict, analyze, final_sentiment


def text(sentiment: str) -> Analysis:
    score = {"positive": 0.8, "neutral": 0.0, "negative": -0.8}[sentiment]
    return Analysis(language="en", sentiment=sentiment, score=score)


# (kind, score, text sentiment, expected sentiment, mixed, negative, reason)
CASES = [
    ("nps", 0, "positive", "negative", True, True, "nps_detractor"),
    ("nps", 6, "neutral", "negative", False, True, "nps_detractor"),
    ("nps", 6, None, "negative", False, True, "nps_detractor"),
    ("nps", 7, "positive", "positive", False, False, "nps_passive"),
    ("nps", 7, "negative", "negative", False, True, "nps_passive"),
    ("nps", 8, "neutral", "neutral", False, False, "nps_passive"),
    ("nps", 8, None, "neutral", False, False, "nps_passive"),
    ("nps", 9, "neutral", "positive", False, False, "nps_promoter"),
    ("nps", 9, "negative", "negative", True, True, "nps_promoter"),
    ("nps", 10, "positive", "positive", False, False, "nps_promoter"),
    ("csat", 1, "positive", "negative", True, True, "csat_low"),
    ("csat", 2, "negative", "negative", False, True, "csat_low"),
    ("csat", 3, "positive", "positive", False, False, "csat_neutral"),
    ("csat", 3, "negative", "negative", False, True, "csat_neutral"),
    ("csat", 4, "negative", "negative", True, True, "csat_high"),
    ("csat", 5, None, "positive", False, False, "csat_high"),
    ("ces", 1, "neutral", "positive", False, False, "ces_low_effort"),
    ("ces", 3, "negative", "negative", True, True, "ces_low_effort"),
    ("ces", 4, "neutral", "neutral", False, False, "ces_neutral"),
    ("ces", 4, "negative", "negative", False, True, "ces_neutral"),
    ("ces", 5, "positive", "negative", True, True, "ces_high_effort"),
    ("ces", 7, None, "negative", False, True, "ces_high_effort"),
    ("comment", None, "positive", "positive", False, False, "text_positive"),
    ("comment", None, "negative", "negative", False, True, "text_negative"),
    ("comment", None, "neutral", "neutral", False, False, "text_neutral"),
]


@pytest.mark.parametrize(("kind", "score", "txt", "sentiment", "mixed", "negative", "reason"), CASES)
def test_final_sentiment(
    kind: str, score: int | None, txt: str | None, sentiment: str, mixed: bool, negative: bool, reason: str
) -> None:
    verdict = final_sentiment(kind, score, text(txt) if txt else None)
    assert (verdict.sentiment, verdict.mixed, verdict.negative) == (sentiment, mixed, negative)
    assert reason in verdict.reasons
    assert ("mixed_evidence" in verdict.reasons) == mixed
    if txt == "negative":
        assert "text_negative" in verdict.reasons


def test_promoter_with_angry_text_end_to_end() -> None:
    verdict = final_sentiment("nps", 10, analyze("great, but the refund never came"))
    assert verdict.mixed and verdict.negative
    assert verdict.reasons == ["nps_promoter", "text_negative", "mixed_evidence"]


def test_detractor_with_glowing_text_is_mixed_and_negative() -> None:
    verdict = final_sentiment("nps", 2, analyze("Super produit, je recommande"))
    assert verdict.sentiment == "negative" and verdict.mixed and verdict.negative


def test_comment_without_text_is_neutral() -> None:
    assert final_sentiment("comment", None, None) == Verdict("neutral", reasons=["no_text"])


def test_scored_kind_without_score_follows_text() -> None:
    verdict = final_sentiment("nps", None, text("negative"))
    assert verdict.sentiment == "negative" and verdict.negative


@pytest.mark.parametrize(
    ("kind", "score"),
    [("nps", -1), ("nps", 11), ("csat", 0), ("csat", 6), ("ces", 0), ("ces", 8), ("stars", 3), ("nps", True)],
)
def test_invalid_input_raises(kind: str, score: int) -> None:
    with pytest.raises(ValueError):
        final_sentiment(kind, score, None)


def test_verdict_to_dict_is_json_safe() -> None:
    verdict = final_sentiment("csat", 1, text("positive"))
    data = verdict.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert Verdict.from_dict(data) == verdict


def test_analysis_round_trip() -> None:
    analysis = analyze("Colis jamais arrivé, service client injoignable", "fr")
    data = analysis.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"language", "sentiment", "score", "topics", "urgency", "evidence", "backend"}
    assert Analysis.from_dict(data) == analysis
    with pytest.raises(AttributeError):
        analysis.sentiment = "positive"  # type: ignore[misc]


@pytest.mark.parametrize(
    "bad",
    [{"sentiment": "angry"}, {"language": "de"}, {"score": 2}, {"urgency": "urgent"}, {"topics": "delivery"}],
)
def test_analysis_from_dict_rejects_bad_values(bad: dict[str, object]) -> None:
    data = {**analyze("ok").to_dict(), **bad}
    with pytest.raises(ValueError):
        Analysis.from_dict(data)
