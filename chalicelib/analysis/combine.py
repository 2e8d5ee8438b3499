"""Combining the customer's explicit score with what their text says.

A number is the customer's own verdict, so a clear score wins: NPS 0-6,
CSAT 1-2 and CES 5-7 are negative whatever the text says. A glowing score is
positive unless the text is negative: then the evidence is mixed and the item
is treated as negative for alerting (a promoter who writes "the refund never
came" still needs someone to act). Middle scores (NPS 7-8, CSAT 3, CES 4) and
plain comments follow the text.
"""

from __future__ import annotations

from chalicelib.analysis.model import Analysis, Verdict

# kind -> (min, max, scores that are negative, scores that are positive)
SCALES: dict[str, tuple[int, int, range, range]] = {
    "nps": (0, 10, range(0, 7), range(9, 11)),
    "csat": (1, 5, range(1, 3), range(4, 6)),
    "ces": (1, 7, range(5, 8), range(1, 4)),
}
_REASONS: dict[str, tuple[str, str, str]] = {
    "nps": ("nps_detractor", "nps_passive", "nps_promoter"),
    "csat": ("csat_low", "csat_neutral", "csat_high"),
    "ces": ("ces_high_effort", "ces_neutral", "ces_low_effort"),
}
KINDS = ("nps", "csat", "ces", "comment")


def final_sentiment(kind: str, score: int | None, analysis: Analysis | None) -> Verdict:
    """The final label for a feedback item of `kind` with an optional `score` and text `analysis`.

    Raises ValueError for an unknown kind or a score outside the kind's scale
    (intake validates first; this is a programming error, not bad input).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown feedback kind: {kind!r}")
    text = analysis.sentiment if analysis is not None else None
    reasons: list[str] = []
    if kind == "comment" or score is None:
        if kind != "comment":
            reasons.append(f"{kind}_missing_score")
        return _follow_text(text, reasons)
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValueError("score must be an integer")
    low, high, negative_range, positive_range = SCALES[kind]
    if not low <= score <= high:
        raise ValueError(f"{kind} score must be between {low} and {high}")
    negative_reason, neutral_reason, positive_reason = _REASONS[kind]
    if score in negative_range:
        reasons.append(negative_reason)
        if text is not None:
            reasons.append(f"text_{text}")
        mixed = text == "positive"
        if mixed:
            reasons.append("mixed_evidence")
        return Verdict("negative", mixed=mixed, negative=True, reasons=reasons)
    if score in positive_range:
        reasons.append(positive_reason)
        if text is not None:
            reasons.append(f"text_{text}")
        if text == "negative":
            reasons.append("mixed_evidence")
            return Verdict("negative", mixed=True, negative=True, reasons=reasons)
        return Verdict("positive", reasons=reasons)
    reasons.append(neutral_reason)
    return _follow_text(text, reasons)


def _follow_text(text: str | None, reasons: list[str]) -> Verdict:
    if text is None:
        reasons.append("no_text")
        return Verdict("neutral", reasons=reasons)
    reasons.append(f"text_{text}")
    return Verdict(text, negative=text == "negative", reasons=reasons)
