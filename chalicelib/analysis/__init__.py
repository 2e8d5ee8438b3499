"""boucle's feedback analyzer: language, sentiment, topics and urgency, French and English.

Public API
----------
``analyze(text, language=None, *, taxonomy=None) -> Analysis``
    ``language`` is the site's locale hint ("fr", "en", "fr-FR"...). Detection
    decides when the text is conclusive (stopwords, language-specific opinion
    words, French diacritics); the hint is only the fallback when detection is
    inconclusive ("Top", "OK"); without a usable hint the language is "und".
    ``taxonomy`` is a site's own topic mapping (topic key -> keywords/phrases,
    "prefix*" allowed); it replaces the default taxonomy (see `topics`).

``final_sentiment(kind, score, analysis) -> Verdict``
    Combines an NPS / CSAT / CES score with the text's sentiment (see `combine`).

``site_taxonomy(own, keep_defaults) -> taxonomy``
    What to pass as ``taxonomy`` for a site: its own topics alone, or added to the defaults.

Backends: the offline rules (default; pure Python, fast enough for the request
path) or Amazon Comprehend when ``BOUCLE_SENTIMENT_BACKEND=comprehend``; the
Comprehend path falls back to the offline rules on any error and keeps the
offline topics and urgency. Importing this package is cheap and never imports
boto3: it sits on the Lambda cold-start path.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from chalicelib.analysis.combine import final_sentiment
from chalicelib.analysis.model import Analysis, Verdict

BACKEND_ENV = "BOUCLE_SENTIMENT_BACKEND"

__all__ = ["BACKEND_ENV", "Analysis", "Verdict", "analyze", "analyze_offline", "final_sentiment"]


def analyze_offline(text: str, language: str | None = None, *, taxonomy: Mapping[str, Any] | None = None) -> Analysis:
    """The offline rules only, whatever the environment says.

    The lexicons are compiled on first use rather than at import: importing
    this package stays cheap on the Lambda cold-start path.
    """
    global _offline
    if _offline is None:
        from chalicelib.analysis.offline import analyze_offline as run

        _offline = run
    return _offline(text, language, taxonomy=taxonomy)


_offline: Callable[..., Analysis] | None = None


def analyze(text: str, language: str | None = None, *, taxonomy: Mapping[str, Any] | None = None) -> Analysis:
    """Understand one piece of customer feedback (never raises on odd input text).

    Detection decides the language when the text is conclusive; `language` (the
    site's locale hint) is the fallback when it is not. Uses Amazon Comprehend
    for language and sentiment when the environment asks for it, else the
    offline rules.
    """
    if os.environ.get(BACKEND_ENV, "").strip().lower() == "comprehend":
        from chalicelib.analysis import comprehend

        return comprehend.analyze(text, language, taxonomy=taxonomy)
    return analyze_offline(text, language, taxonomy=taxonomy)


def site_taxonomy(own: Mapping[str, Any] | None, keep_defaults: bool) -> Mapping[str, Any] | None:
    """The taxonomy a site's feedback is matched with (None: the default one).

    Its own topics replace the defaults, or, when it keeps them, are added to
    them: a topic of its own with a default's key then replaces that default's
    keywords, and its topics come after the defaults in the listed order.
    """
    if not own:
        return None
    if not keep_defaults:
        return own
    from chalicelib.analysis.topics import DEFAULT_TAXONOMY  # here, so importing this package stays cheap

    return {**DEFAULT_TAXONOMY, **own}
