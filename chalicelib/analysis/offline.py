"""The offline analyzer: tokens -> language, sentiment, topics, urgency, evidence.

Pure CPU, standard library only, tens of microseconds for a typical comment:
it runs inside the intake request. After tokenising, a single pass over the
tokens does everything that needs every token: it counts the language markers,
tracks sentence boundaries and notes the few positions that can matter to the
sentiment lexicons, the default topics or the urgency keywords. What each
distinct word can matter to is worked out once and memoised (`_roles`), so the
pass costs one dict lookup per token; the scorers then visit only the noted
positions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from chalicelib.analysis import language as lang
from chalicelib.analysis.lexicon import EMOJI, LEXICONS, ROLE_PHRASE
from chalicelib.analysis.model import Analysis
from chalicelib.analysis.normalize import Token, deelongate, tokenize
from chalicelib.analysis.sentiment import analyze_sentiment, is_sentence_end
from chalicelib.analysis.topics import DEFAULT, find_topics
from chalicelib.analysis.urgency import COMPILED as URGENT
from chalicelib.analysis.urgency import assess

MAX_CHARS = 20_000  # longer texts are analysed on their first 20k characters (emails with quoted threads)

# Role bits of a folded word or number. A word that can only start a phrase
# (the "_AFTER_PAIR" roles) is noted only when the next word completes a known
# pair, which filters out most function words ("the", "in", "to").
_FR = 1  # French language marker
_EN = 2  # English language marker
_SENTIMENT = 4  # an opinion word, booster, negator, contrast... of a sentiment lexicon, or a number ("3/10")
_TOPIC = 8  # a default-taxonomy keyword
_URGENT = 16  # an urgency keyword
_NEGATOR = 32  # a negator in either language
_SENTIMENT_AFTER_PAIR = 64  # starts a sentiment phrase
_TOPIC_AFTER_PAIR = 128  # starts a default-taxonomy phrase
_URGENT_AFTER_PAIR = 256  # starts an urgency phrase
_AFTER_PAIR = _SENTIMENT_AFTER_PAIR | _TOPIC_AFTER_PAIR | _URGENT_AFTER_PAIR
_ACTIVE = _SENTIMENT | _TOPIC | _URGENT | _NEGATOR | _AFTER_PAIR
_ROLES: dict[str, int] = {}
_ROLES_LIMIT = 100_000
_SYMBOLS_RE = re.compile("|".join(re.escape(symbol) for symbol, _ in DEFAULT.symbols) or "(?!)")


def _first_pairs() -> frozenset[tuple[str, str]]:
    """The first two words of every phrase: sentiment (both lexicons), default topics, urgency."""
    pairs: set[tuple[str, str]] = set()
    for lex in LEXICONS.values():
        pairs.update(lex.phrases2)
        for entries in lex.structure.values():
            pairs.update((words[0], words[1]) for _, words, _ in entries if len(words) > 1)
    for compiled in (DEFAULT, URGENT):
        for bucket in compiled.phrases.values():
            pairs.update((words[0], words[1]) for words, _, _ in bucket)
    return frozenset(pairs)


_PAIRS = _first_pairs()


def _roles(norm: str) -> int:
    """What a word (or number) can matter to; memoised, bounded.

    A function of the folded form alone, never of the token's kind: the memo is
    shared by words and numbers, and "³" folds to a *word* "3" while "3" is a
    number, so a kind-dependent answer would make the analysis depend on which
    text came first.
    """
    found = lang.mark(norm, bool(deelongate(norm)))
    roles = _FR if found == lang.FR_MARK else _EN if found == lang.EN_MARK else 0
    for lex in LEXICONS.values():
        structure = lex.structure.get(norm, ())
        role = lex.role(norm)
        if role & ~ROLE_PHRASE or any(len(words) == 1 for _, words, _ in structure):
            roles |= _SENTIMENT
        elif role or structure:
            roles |= _SENTIMENT_AFTER_PAIR
        if norm in lex.negators or norm in lex.hinderers:
            roles |= _NEGATOR
    if any(ch.isdigit() for ch in norm):  # a number may be a "3/10" rating
        roles |= _SENTIMENT
    if roles & _SENTIMENT:
        roles &= ~_SENTIMENT_AFTER_PAIR
    for compiled, alone, after_pair in ((DEFAULT, _TOPIC, _TOPIC_AFTER_PAIR), (URGENT, _URGENT, _URGENT_AFTER_PAIR)):
        if compiled.word_hit(norm) is not None:
            roles |= alone
        elif norm in compiled.phrases:
            roles |= after_pair
    if len(_ROLES) > _ROLES_LIMIT:
        _ROLES.clear()
    _ROLES[norm] = roles
    return roles


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

    # The single pass (see module doc).
    roles_of = _ROLES
    pairs = _PAIRS
    fr = en = 0
    candidates: dict[int, int] = {}  # sentiment candidate position -> sentence id
    ends = [""]  # closing punctuation of each sentence
    sentence = 0
    topic_at: list[int] = []
    urgent_at: list[int] = []
    negator_at: list[int] = []
    has_words = False
    pending = 0  # the previous word's _AFTER_PAIR roles
    pending_at = 0
    pending_norm = ""
    for i, tok in enumerate(tokens):
        kind = tok.kind
        if kind == "word" or kind == "number":
            norm = tok.norm
            if pending:
                # Elongated words are matched loosely by the sentiment phrases: keep those too.
                if (pending_norm, norm) in pairs or tok.elongated:
                    if pending & _SENTIMENT_AFTER_PAIR:
                        candidates[pending_at] = sentence
                    if pending & _TOPIC_AFTER_PAIR:
                        topic_at.append(pending_at)
                    if pending & _URGENT_AFTER_PAIR:
                        urgent_at.append(pending_at)
                pending = 0
            roles = roles_of.get(norm)
            if roles is None:
                roles = _roles(norm)
            if roles & _FR:
                fr += 1
            elif roles & _EN:
                en += 1
            if roles & _ACTIVE:
                if roles & _SENTIMENT:
                    candidates[i] = sentence
                if roles & _TOPIC:
                    topic_at.append(i)
                if roles & _URGENT:
                    urgent_at.append(i)
                if roles & _NEGATOR:
                    negator_at.append(i)
                if roles & _AFTER_PAIR:
                    pending = roles & _AFTER_PAIR
                    pending_at = i
                    pending_norm = norm
            if not has_words:
                has_words = kind == "word"
            continue
        pending = 0
        if kind == "punct":
            if is_sentence_end(tok.norm):
                ends[sentence] += tok.norm
                ends.append("")
                sentence += 1
        elif tok.norm in EMOJI:
            candidates[i] = sentence

    detected = lang.decide(fr, en, clipped)[0]
    chosen, how = lang.resolve(detected, clipped, language)
    result = analyze_sentiment(tokens, chosen, (candidates, ends, negator_at))
    if topic_at or taxonomy or _SYMBOLS_RE.search(clipped):
        topics, topic_evidence = find_topics(tokens, clipped, taxonomy, topic_at, has_words)
    else:  # nothing can match the default taxonomy
        topics, topic_evidence = (["other"] if has_words else []), []
    if urgent_at:
        urgency, urgency_evidence = assess(tokens, result.label, urgent_at)
    else:
        urgency, urgency_evidence = ("normal" if result.label == "negative" else "low"), []
    return Analysis(
        language=chosen,
        sentiment=result.label,
        score=result.score,
        topics=topics,
        urgency=urgency,
        evidence=[f"lang:{chosen}({how})", *result.evidence, *urgency_evidence, *topic_evidence],
        backend="offline",
    )
