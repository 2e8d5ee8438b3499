"""French / English language detection that works on three-word feedback.

Scores stopwords, opinion words that exist in only one of the two lexicons
("nul", "bof" are French; "great", "meh" are English) and French diacritics.
Words both languages use ("top", "super", "ok", "excellent") count for neither,
so "Top" alone is inconclusive and the caller falls back to the site's hint.
"""

from __future__ import annotations

import re

from chalicelib.analysis.lexicon import EN, FR
from chalicelib.analysis.normalize import Token, deelongate

SHARED: frozenset[str] = frozenset(
    [
        "top",
        "super",
        "ok",
        "okay",
        "cool",
        "excellent",
        "bravo",
        "service",
        "client",
        "nice",
        "fun",
        "bug",
        "bugs",
        "design",
        "simple",
        "minute",
        "minutes",
        "stop",
        "sport",
        "a",
        "on",
        "me",
        "bonus",
    ]
)

_ACCENT_RE = re.compile("[éèêëàâçùûîïôœÉÈÊÀÇ]")


def _markers(own: set[str], other: set[str]) -> frozenset[str]:
    return frozenset(own - other - SHARED)


_FR_WORDS = set(FR.stopwords) | set(FR.words) | set(FR.phrases) | set(FR.negators) | set(FR.boosters)
_EN_WORDS = set(EN.stopwords) | set(EN.words) | set(EN.phrases) | set(EN.negators) | set(EN.boosters)
FR_MARKERS = _markers(_FR_WORDS, _EN_WORDS)
EN_MARKERS = _markers(_EN_WORDS, _FR_WORDS)
SUPPORTED = ("fr", "en")


def normalize_hint(hint: str | None) -> str | None:
    """ "fr-FR", "fr_CA", "FR" -> "fr"; anything we do not analyse -> None."""
    if not hint or not isinstance(hint, str):
        return None
    base = hint.strip().replace("_", "-").split("-")[0].lower()
    return base if base in SUPPORTED else None


FR_MARK = 1
EN_MARK = 2


def mark(norm: str, elongated: bool) -> int:
    """FR_MARK, EN_MARK or 0 for one folded word (tries de-elongated spellings, like the lexicons)."""
    if elongated and norm not in FR_MARKERS and norm not in EN_MARKERS:
        for candidate in deelongate(norm):
            if candidate in FR_MARKERS or candidate in EN_MARKERS:
                norm = candidate
                break
    if norm in FR_MARKERS:
        return FR_MARK
    if norm in EN_MARKERS:
        return EN_MARK
    return 0


def decide(fr: float, en: float, text: str) -> tuple[str, float, float]:
    """(best language or "und", French evidence, English evidence) from the marker counts and the text's accents."""
    accents = len(_ACCENT_RE.findall(text, 0, 2000)) if not text.isascii() else 0
    fr += min(accents, 4) * 0.5
    if fr == en:
        return "und", fr, en
    best, top, low = ("fr", fr, en) if fr > en else ("en", en, fr)
    # Conclusive when one side clearly dominates; a single word is enough when the other side is silent.
    if top >= 1.0 and (low == 0 or top >= 1.5 * low):
        return best, fr, en
    return "und", fr, en


def detect(tokens: list[Token], text: str) -> tuple[str, float, float]:
    """(best language or "und", French evidence, English evidence)."""
    fr = en = 0.0
    for tok in tokens:
        if tok.kind == "word":
            found = mark(tok.norm, tok.elongated)
            if found == FR_MARK:
                fr += 1.0
            elif found == EN_MARK:
                en += 1.0
    return decide(fr, en, text)


def resolve(detected: str, text: str, hint: str | None) -> tuple[str, str]:
    """The language to report and how it was decided ("detected", "hint", "none")."""
    if detected != "und":
        return detected, "detected"
    normalized = normalize_hint(hint)
    if normalized and any(ch.isalpha() for ch in text):
        return normalized, "hint"
    return "und", "none"


def choose(tokens: list[Token], text: str, hint: str | None) -> tuple[str, str]:
    """The language to report and how it was decided ("detected", "hint", "none")."""
    return resolve(detect(tokens, text)[0], text, hint)
