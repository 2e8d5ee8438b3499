"""Optional Amazon Comprehend backend for language and sentiment.

Enabled with ``BOUCLE_SENTIMENT_BACKEND=comprehend``. The boto3 client is
created on first use only (never at import: this package is on the Lambda
cold-start path). Comprehend reads a bounded prefix of the text, so a long
email is reduced to its most informative sentences (those with the strongest
offline-lexicon hits), in their original order, within `MAX_CHARS` and
`MAX_BYTES` and cut on a UTF-8 boundary. Topics and urgency always come from the
offline rules. Any failure (botocore error, unsupported language, odd
response) falls back to the offline analyzer with ``backend="offline"`` and a
``fallback:comprehend_error`` evidence entry, so intake never fails because of
Comprehend.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from chalicelib.analysis.model import Analysis
from chalicelib.analysis.offline import analyze_offline, prepare
from chalicelib.analysis.sentiment import label_for, score_tokens

MAX_CHARS = 500
MAX_BYTES = 5000
SUPPORTED = ("fr", "en")
_LABELS = {"POSITIVE": "positive", "NEGATIVE": "negative", "NEUTRAL": "neutral"}
_SENTENCE_RE = re.compile(r"[^.!?…\n]+[.!?…]*\s*|\n+")

_client: Any = None


def use_client(client: Any) -> None:
    """Install a client (tests pass one wrapped in a botocore Stubber); None resets to lazy creation."""
    global _client
    _client = client


def client() -> Any:
    """The Comprehend client, created on first use."""
    global _client
    if _client is None:
        import boto3  # deferred: boto3 costs hundreds of milliseconds to import

        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-west-1"
        _client = boto3.client("comprehend", region_name=region)
    return _client


def truncate_utf8(text: str, max_bytes: int) -> str:
    """`text` cut to at most `max_bytes` UTF-8 bytes without splitting a character."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def informative_excerpt(text: str, max_chars: int = MAX_CHARS, max_bytes: int = MAX_BYTES) -> str:
    """The part of `text` worth sending: strongest-opinion sentences first, kept in reading order."""
    text = text.strip()
    if len(text) <= max_chars and len(text.encode("utf-8")) <= max_bytes:
        return text
    _, tokens = prepare(text)
    from chalicelib.analysis.language import choose
    from chalicelib.analysis.lexicon import LEXICONS

    language, _ = choose(tokens, text, None)
    lexicons = [LEXICONS[language]] if language in LEXICONS else list(LEXICONS.values())
    sentences = [s.strip() for s in _SENTENCE_RE.findall(text) if s.strip()]
    scored: list[tuple[float, int, str]] = []
    for index, sentence in enumerate(sentences):
        _, sentence_tokens = prepare(sentence)
        strength = max(abs(score_tokens(sentence_tokens, lex).raw) for lex in lexicons)
        scored.append((strength, index, sentence))
    chosen: list[tuple[int, str]] = []
    used = 0
    for strength, index, sentence in sorted(scored, key=lambda item: (-item[0], item[1])):
        if strength <= 0 and chosen:
            break
        cost = len(sentence) + (1 if chosen else 0)
        if used + cost > max_chars:
            if not chosen:  # one huge sentence: keep its beginning
                chosen.append((index, sentence[:max_chars]))
                used = max_chars
            continue
        chosen.append((index, sentence))
        used += cost
    excerpt = " ".join(sentence for _, sentence in sorted(chosen))
    return truncate_utf8(excerpt[:max_chars], max_bytes)


def analyze(text: str, language: str | None = None, *, taxonomy: Mapping[str, Any] | None = None) -> Analysis:
    """Language and sentiment from Comprehend, topics and urgency offline; offline on any error."""
    offline = analyze_offline(text, language, taxonomy=taxonomy)
    excerpt = informative_excerpt(text if isinstance(text, str) else "")
    if not excerpt:
        return offline
    try:
        comprehend = client()
        languages = comprehend.detect_dominant_language(Text=excerpt).get("Languages") or []
        best = max(languages, key=lambda item: item.get("Score", 0.0)) if languages else {}
        code = str(best.get("LanguageCode", "")).split("-")[0].lower()
        if code not in SUPPORTED:
            return _fallback(offline, "unsupported_language")
        response = comprehend.detect_sentiment(Text=excerpt, LanguageCode=code)
        label, score = _map_sentiment(response)
    except Exception as error:  # any failure at all: the offline analysis is a complete answer
        return _fallback(offline, type(error).__name__)
    urgency = offline.urgency
    if urgency != "high":
        urgency = "normal" if label == "negative" else "low"
    evidence = [f"comprehend:{response.get('Sentiment')}", f"lang:{code}(comprehend)"]
    evidence += [item for item in offline.evidence if item.startswith(("urgency:", "topic:"))]
    return Analysis(
        language=code,
        sentiment=label,
        score=score,
        topics=list(offline.topics),
        urgency=urgency,
        evidence=evidence,
        backend="comprehend",
    )


def _map_sentiment(response: Mapping[str, Any]) -> tuple[str, float]:
    """Comprehend's label and scores -> our label and a score in [-1, 1].

    MIXED has no label of its own here: it leans negative when the negative
    share is at least the positive one (a complaint inside praise needs a look),
    else neutral.
    """
    sentiment = response["Sentiment"]
    scores = response.get("SentimentScore") or {}
    positive = float(scores.get("Positive", 0.0))
    negative = float(scores.get("Negative", 0.0))
    score = max(-1.0, min(1.0, round(positive - negative, 4)))
    if sentiment == "MIXED":
        label = "negative" if negative >= positive else "neutral"
    elif sentiment in _LABELS:
        label = _LABELS[sentiment]
    else:
        raise ValueError("unexpected Comprehend sentiment")
    if label == "negative" and score > 0:
        score = -score
    if label == "neutral" and label_for(score) != "neutral":
        score = 0.0
    return label, score


def _fallback(offline: Analysis, reason: str) -> Analysis:
    return Analysis(
        language=offline.language,
        sentiment=offline.sentiment,
        score=offline.score,
        topics=list(offline.topics),
        urgency=offline.urgency,
        evidence=[*offline.evidence, "fallback:comprehend_error", f"fallback:{reason}"],
        backend="offline",
    )
