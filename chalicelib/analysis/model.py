"""The two value objects the rest of boucle stores and shows: `Analysis` and `Verdict`.

Frozen so that an analysis cannot be edited after the fact; `to_dict` gives
JSON-safe plain types for storage and APIs, `from_dict` reads them back and
refuses values outside the documented label sets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("fr", "en", "und")
SENTIMENTS = ("positive", "neutral", "negative")
URGENCIES = ("low", "normal", "high")
BACKENDS = ("offline", "comprehend")


def _choice(data: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = data.get(key, default)
    if value not in allowed:
        raise ValueError(f"{key} must be one of {allowed}")
    return str(value)


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError("expected a list of strings")
    return [str(item) for item in value]


@dataclass(frozen=True)
class Analysis:
    """What the analyzer understood from one text.

    `score` is in [-1, 1] (negative to positive); `evidence` lists the matched
    words and rules that decided, for humans ("neg:déçu", "negation:pas … content").
    """

    language: str
    sentiment: str
    score: float
    topics: list[str] = field(default_factory=list)
    urgency: str = "low"
    evidence: list[str] = field(default_factory=list)
    backend: str = "offline"

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe dict (lists copied, score a finite float)."""
        return {
            "language": self.language,
            "sentiment": self.sentiment,
            "score": float(self.score),
            "topics": list(self.topics),
            "urgency": self.urgency,
            "evidence": list(self.evidence),
            "backend": self.backend,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Analysis:
        """Inverse of `to_dict`; raises ValueError on labels outside the allowed sets."""
        score = float(data.get("score", 0.0))
        if not math.isfinite(score) or not -1.0 <= score <= 1.0:
            raise ValueError("score must be in [-1, 1]")
        return cls(
            language=_choice(data, "language", LANGUAGES, "und"),
            sentiment=_choice(data, "sentiment", SENTIMENTS, "neutral"),
            score=score,
            topics=_strings(data.get("topics")),
            urgency=_choice(data, "urgency", URGENCIES, "low"),
            evidence=_strings(data.get("evidence")),
            backend=_choice(data, "backend", BACKENDS, "offline"),
        )


@dataclass(frozen=True)
class Verdict:
    """The final call once an explicit score (NPS, CSAT, CES) and the text are combined.

    `negative` is what alerting uses: true when the final sentiment is negative,
    or when the evidence is mixed and the text is the negative side.
    """

    sentiment: str
    mixed: bool = False
    negative: bool = False
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentiment": self.sentiment,
            "mixed": self.mixed,
            "negative": self.negative,
            "reasons": list(self.reasons),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Verdict:
        return cls(
            sentiment=_choice(data, "sentiment", SENTIMENTS, "neutral"),
            mixed=bool(data.get("mixed", False)),
            negative=bool(data.get("negative", False)),
            reasons=_strings(data.get("reasons")),
        )
