"""The offline analyzer: tokens -> language, sentiment, topics, urgency, evidence.

Pure CPU, standard library only, a few hundred microseconds for a typical
comment: it runs inside the intake request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib.analysis import language as lang
from chalicelib.analysis.model import Analysis
from chalicelib.analysis.normalize import Token, tokenize
from chalicelib.analysis.sentiment import SentimentResult, analyze_sentiment
from chalicelib.analysis.topics import find_topics
from chalicelib.analysis.urgency import assess

MAX_CHARS = 20_000  # longer texts are analysed on their first 20k characters (emails with quoted threads)


def prepare(text: str) -> tuple[str, list[Token]]:
    """The text actually analysed (clipped, control characters made spaces) and its tokens."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    clipped = text[:MAX_CHARS]
    if not clipped.isprintable():
        clipped = "".join(ch if ch.isprintable() else " " for ch in clipped)
    return clipped, tokenize(clipped)


def analyze_offline(
    text: str,
    language: str | None = None,
    *,
    taxonomy: Mapping[str, Any] | None = None,
) -> Analysis:
    """Analyze `text` with the built-in rules (see `chalicelib.analysis.analyze`)."""
    clipped, tokens = prepare(text)
    chosen, how = lang.choose(tokens, clipped, language)
    result: SentimentResult = analyze_sentiment(tokens, chosen)
    topics, topic_evidence = find_topics(tokens, clipped, taxonomy)
    urgency, urgency_evidence = assess(tokens, result.label)
    evidence = [f"lang:{chosen}({how})", *result.evidence, *urgency_evidence, *topic_evidence]
    return Analysis(
        language=chosen,
        sentiment=result.label,
        score=result.score,
        topics=topics,
        urgency=urgency,
        evidence=evidence,
        backend="offline",
    )
