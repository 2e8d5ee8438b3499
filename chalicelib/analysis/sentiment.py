"""Rule-based sentiment: lexicon weights adjusted by how customers actually write.

One left-to-right pass over the tokens. Idioms and phrases are matched first
(longest first) so that "pas mal", "no problem" or "waste of money" are read as
a whole; remaining words are looked up in the language's lexicon and adjusted by

- negation in a short window before the word (not / n't / never / no / ne … pas /
  jamais / aucun / rien / sans), with "expectation" words that turn strongly
  negative when negated ("doesn't work", "jamais reçu");
- intensifiers and diminishers just before the word ("très", "really", "un peu", "barely");
- ALL-CAPS and elongated spelling ("NUL", "nuuuul", "soooo goood");
- contrast ("mais", "but", "par contre": the clause after weighs more) and
  concession ("although", "même si": their clause weighs less);
- exclamation marks, emoji, emoticons and "3/10"-style ratings.

The sum is squashed into [-1, 1]. Every decision leaves a short evidence string
so that staff can see why an item was judged negative. The evidence shows the
lexicon's spelling of a word, never raw customer text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chalicelib.analysis.lexicon import EMOJI, LEXICONS, Lexicon
from chalicelib.analysis.normalize import Token, deelongate

NEGATION_WINDOW = {"en": 4, "fr": 4}
NEGATED_POSITIVE = -0.74  # "not good" is negative, a bit less than "bad"
NEGATED_NEGATIVE = -0.5  # "not bad" is mildly positive
CAPS_BOOST = 1.5
ELONGATED_BOOST = 1.25
BEFORE_CONTRAST = 0.5
AFTER_CONTRAST = 1.5
CONCESSION_WEIGHT = 0.5
QUESTION_WEIGHT = 0.6
EXCLAMATION_STEP = 0.3
SQUASH_ALPHA = 6.0
# People praise by default and complain on purpose: negative expressions are
# more diagnostic than positive ones, so they weigh more (the SO-CAL
# "negativity bias", Taboada et al. 2011, uses the same 1.5 factor).
NEGATIVITY_BIAS = 1.5
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
MAX_EVIDENCE = 24
_SENTENCE_END = {".", "!", "?", "...", ";"}
_EN_TRAILING_CONTRAST = {"though"}
_NE = {"ne", "n'"}
_RESTRICTIVE = {"que", "qu'"}


@dataclass(frozen=True, slots=True)
class SentimentResult:
    """The outcome of scoring one text in one language."""

    label: str
    score: float
    raw: float
    hits: int
    evidence: tuple[str, ...]


def _fmt(value: float) -> str:
    return "+" if value > 0 else "-"


def _squash(raw: float) -> float:
    return max(-1.0, min(1.0, raw / math.sqrt(raw * raw + SQUASH_ALPHA)))


def label_for(score: float) -> str:
    """Map a squashed score to a label; the neutral band is narrow on purpose (see module doc)."""
    if score >= POSITIVE_THRESHOLD:
        return "positive"
    if score <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def score_tokens(tokens: list[Token], lex: Lexicon) -> SentimentResult:
    """Score `tokens` with one language's lexicon."""
    n = len(tokens)
    evidence: list[str] = []
    consumed = [False] * n
    booster_at: dict[int, float] = {}
    contrast_at: set[int] = set()
    concession_at: set[int] = set()
    all_caps_text = _mostly_caps(tokens)
    norms = tuple(tok.norm for tok in tokens)
    phrases2 = lex.phrases2
    interesting = lex.interesting

    # Pass 1: mark multi-token structure words (booster, contrast and concession phrases).
    structure_first = lex.structure_first
    for i, tok in enumerate(tokens):
        if tok.norm not in structure_first or tok.kind != "word" or consumed[i]:
            continue
        for table, kind in (
            (lex.booster_phrases, "boost"),
            (lex.contrast_phrases, "contrast"),
            (lex.concession_phrases, "concession"),
        ):
            for phrase_tokens, value in table.get(tok.norm, ()):
                if _matches(tokens, i, phrase_tokens):
                    end = i + len(phrase_tokens)
                    if kind == "boost":
                        booster_at[end - 1] = value
                        for j in range(i, end):
                            consumed[j] = True
                    elif kind == "contrast":
                        contrast_at.add(i)
                        evidence.append("contrast:" + " ".join(phrase_tokens))
                    else:
                        concession_at.add(i)
                        evidence.append("concession:" + " ".join(phrase_tokens))
                    break

    # Pass 2: score. Items are (sentence, segment, value, position).
    items: list[tuple[int, float, int]] = []  # (token index, value, sentence id)
    sentence_of = [0] * n
    sentence = 0
    hits = 0
    i = 0
    while i < n:
        tok = tokens[i]
        sentence_of[i] = sentence
        kind = tok.kind
        if kind == "punct":
            if tok.norm in _SENTENCE_END or tok.norm[0] in "!?":
                sentence += 1
            i += 1
            continue
        if kind in ("emoji", "emoticon"):
            value = EMOJI.get(tok.norm)
            if value is not None:
                items.append((i, value, sentence))
                evidence.append(f"emoji:{tok.raw.strip()}")
                hits += 1
            i += 1
            continue
        if kind == "number":
            rating = _rating(tokens, i)
            if rating is not None:
                value, shown, width = rating
                items.append((i, value, sentence))
                evidence.append(f"rating:{shown}")
                hits += 1
                for j in range(i, i + width):
                    sentence_of[j] = sentence
                i += width
                continue
            i += 1
            continue
        norm = tok.norm
        if consumed[i] or not interesting(norm):
            i += 1
            continue
        if norm in lex.contrast and i not in contrast_at:
            if lex.lang == "en" and norm in _EN_TRAILING_CONTRAST and _clause_start(tokens, i):
                concession_at.add(i)
                evidence.append(f"concession:{norm}")
            else:
                contrast_at.add(i)
                evidence.append(f"contrast:{norm}")
            i += 1
            continue
        if norm in lex.concession and i not in concession_at:
            concession_at.add(i)
            evidence.append(f"concession:{norm}")
            i += 1
            continue
        # Phrases, longest first.
        matched = None
        if i + 1 < n:
            bucket = phrases2.get((norm, norms[i + 1]))
            if bucket is not None:
                for phrase in bucket:
                    if norms[i : i + len(phrase.tokens)] == phrase.tokens:
                        matched = phrase
                        break
        if matched is not None:
            width = len(matched.tokens)
            for j in range(i, i + width):
                consumed[j] = True
                sentence_of[j] = sentence
            if matched.weight != 0.0:
                value = matched.weight * _booster(tokens, i, lex, booster_at, consumed)
                label = "idiom" if matched.idiom else "phrase"
                shown = f"{label}:{matched.display}({_fmt(value)})"
                if not matched.idiom:
                    negator = _negator(tokens, i, lex, consumed)
                    if negator is not None:
                        value *= NEGATED_POSITIVE if value > 0 else NEGATED_NEGATIVE
                        shown = f"negation:{negator} … {matched.display}"
                if any(tokens[j].caps for j in range(i, i + width)) and not all_caps_text:
                    value *= CAPS_BOOST
                items.append((i, value, sentence))
                evidence.append(shown)
                hits += 1
            i += width
            continue
        entry = lex.lookup(norm)
        if entry is None or (norm in lex.boosters and _next_has_valence(tokens, i, lex)):
            i += 1
            continue
        value = entry.weight
        negator = _negator(tokens, i, lex, consumed)
        if negator is not None:
            if entry.negated is not None:
                value = entry.negated
            else:
                value *= NEGATED_POSITIVE if value > 0 else NEGATED_NEGATIVE
            if value:
                evidence.append(f"negation:{negator} … {entry.display}")
        elif value:
            evidence.append(f"{'pos' if value > 0 else 'neg'}:{entry.display}")
        if value:
            boost = _booster(tokens, i, lex, booster_at, consumed)
            if boost != 1.0:
                evidence.append(f"{'intensifier' if boost > 1 else 'diminisher'}:{_booster_word(tokens, i)}")
            value *= boost
            if tok.caps and not all_caps_text:
                value *= CAPS_BOOST
                evidence.append(f"caps:{entry.display}")
            if tok.elongated:
                value *= ELONGATED_BOOST
                evidence.append(f"elongated:{entry.display}")
            items.append((i, value, sentence))
            hits += 1
        i += 1

    raw = _combine(tokens, items, sentence_of, contrast_at, concession_at, sentence + 1, evidence)
    score = _squash(raw)
    return SentimentResult(label_for(score), round(score, 4), raw, hits, tuple(_dedupe(evidence)[:MAX_EVIDENCE]))


def _combine(
    tokens: list[Token],
    items: list[tuple[int, float, int]],
    sentence_of: list[int],
    contrast_at: set[int],
    concession_at: set[int],
    sentences: int,
    evidence: list[str],
) -> float:
    """Weigh items by clause (contrast, concession) and sentence (!, ?), then sum."""
    if not items:
        return 0.0
    totals = [0.0] * sentences
    # Contrast: within a sentence, the clause after the last contrast word weighs more;
    # a sentence opening with a contrast word demotes the previous sentence.
    last_contrast: dict[int, int] = {}
    demote_previous: set[int] = set()
    for pos in sorted(contrast_at):
        sid = sentence_of[pos]
        if _sentence_opening(tokens, pos) and sid > 0:
            demote_previous.add(sid - 1)
            last_contrast.setdefault(sid, -1)
        else:
            last_contrast[sid] = pos
    concession_spans = [(pos, _clause_end(tokens, pos)) for pos in concession_at]
    for pos, value, sid in items:
        weight = 1.0
        cut = last_contrast.get(sid)
        if cut is not None:
            weight *= BEFORE_CONTRAST if 0 <= pos < cut else AFTER_CONTRAST
        for start, end in concession_spans:
            if start < pos < end:
                weight *= CONCESSION_WEIGHT
                break
        if value < 0:
            value *= NEGATIVITY_BIAS
        totals[sid] += value * weight
    for sid in demote_previous:
        totals[sid] *= BEFORE_CONTRAST
        totals[sid + 1] *= AFTER_CONTRAST
    ends = _sentence_ends(tokens, sentence_of, sentences)
    raw = 0.0
    for sid, total in enumerate(totals):
        end = ends[sid]
        if total and end:
            if "?" in end:
                total *= QUESTION_WEIGHT
            bangs = min(end.count("!"), 4)
            if bangs:
                total += math.copysign(EXCLAMATION_STEP * bangs, total)
                evidence.append("exclamation:" + "!" * bangs)
        raw += total
    return raw


def _sentence_ends(tokens: list[Token], sentence_of: list[int], sentences: int) -> list[str]:
    ends = [""] * sentences
    for i, tok in enumerate(tokens):
        if tok.kind == "punct" and (tok.norm in _SENTENCE_END or tok.norm[0] in "!?"):
            sid = sentence_of[i]
            ends[sid] = ends[sid] + tok.norm
    return ends


def _matches(tokens: list[Token], start: int, phrase: tuple[str, ...]) -> bool:
    if start + len(phrase) > len(tokens):
        return False
    for offset, word in enumerate(phrase):
        tok = tokens[start + offset]
        if tok.norm != word and not (tok.elongated and word in _collapse(tok.norm)):
            return False
    return True


def _collapse(norm: str) -> tuple[str, ...]:
    return deelongate(norm)


def _negator(tokens: list[Token], i: int, lex: Lexicon, consumed: list[bool]) -> str | None:
    """The negator governing token i, if any, looking back within the clause."""
    window = NEGATION_WINDOW.get(lex.lang, 3)
    seen = 0
    j = i - 1
    saw_restrictive = False
    while j >= 0 and seen < window:
        tok = tokens[j]
        if tok.kind == "punct" or tok.kind in ("emoji", "emoticon"):
            return None
        norm = tok.norm
        if norm in lex.contrast:
            return None
        if norm in _RESTRICTIVE:
            saw_restrictive = True
        if norm in lex.negators and not consumed[j]:
            if norm in _NE and saw_restrictive:  # "je n'ai que des éloges" is not a negation
                return None
            return tok.raw.lower() or norm
        seen += 1
        j -= 1
    return None


def _booster(tokens: list[Token], i: int, lex: Lexicon, booster_at: dict[int, float], consumed: list[bool]) -> float:
    """The multiplier from the intensifier/diminisher just before token i (two may stack)."""
    result = 1.0
    j = i - 1
    for _ in range(2):
        if j < 0 or tokens[j].kind != "word":
            break
        if j in booster_at:
            result *= booster_at[j]
            break
        value = lex.boosters.get(tokens[j].norm)
        if value is None and tokens[j].elongated:
            for candidate in _collapse(tokens[j].norm):
                value = lex.boosters.get(candidate)
                if value is not None:
                    break
        if value is None or consumed[j]:
            break
        if tokens[j].caps:
            value = value * 1.15 if value > 1 else value
        result *= value
        j -= 1
    return result


def _booster_word(tokens: list[Token], i: int) -> str:
    return tokens[i - 1].norm if i > 0 else ""


def _next_has_valence(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """A booster-like word ("super", "bien") followed by an opinion word only intensifies it."""
    j = i + 1
    if j >= len(tokens) or tokens[j].kind != "word":
        return False
    nxt = tokens[j].norm
    return lex.lookup(nxt) is not None or nxt in lex.phrases or nxt in lex.boosters


def _clause_start(tokens: list[Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].kind == "punct"


def _sentence_opening(tokens: list[Token], i: int) -> bool:
    j = i - 1
    while (
        j >= 0 and tokens[j].kind == "punct" and tokens[j].norm not in _SENTENCE_END and tokens[j].norm[0] not in "!?"
    ):
        j -= 1
    return j < 0 or (tokens[j].kind == "punct")


def _clause_end(tokens: list[Token], i: int) -> int:
    j = i + 1
    while j < len(tokens):
        if tokens[j].kind == "punct":
            return j
        j += 1
    return j


def _mostly_caps(tokens: list[Token]) -> bool:
    caps = sum(1 for t in tokens if t.caps)
    if not caps:
        return False
    words = sum(1 for t in tokens if t.kind == "word" and len(t.norm) > 1)
    return caps >= 0.6 * words


def _rating(tokens: list[Token], i: int) -> tuple[float, str, int] | None:
    """ "3/10", "2 / 5", "4 sur 5", "1 out of 5": a rating the customer gave in the text."""
    if i + 2 >= len(tokens):
        return None
    sep = tokens[i + 1].norm
    width = 3
    if sep in ("/", "sur"):
        scale_tok = tokens[i + 2]
    elif sep == "out" and i + 3 < len(tokens) and tokens[i + 2].norm == "of":
        scale_tok = tokens[i + 3]
        width = 4
    else:
        return None
    if scale_tok.kind != "number":
        return None
    try:
        value = float(tokens[i].norm.replace(",", "."))
        scale = float(scale_tok.norm.replace(",", "."))
    except ValueError:
        return None
    if scale not in (5.0, 10.0, 20.0) or not 0 <= value <= scale:
        return None
    ratio = value / scale
    return (ratio - 0.55) * 6.0, f"{tokens[i].norm}/{scale_tok.norm}", width


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def analyze_sentiment(tokens: list[Token], language: str) -> SentimentResult:
    """Score in `language`; for "und", score in both and keep the reading with more evidence."""
    if language in LEXICONS:
        return score_tokens(tokens, LEXICONS[language])
    en = score_tokens(tokens, LEXICONS["en"])
    fr = score_tokens(tokens, LEXICONS["fr"])
    return fr if (fr.hits, abs(fr.raw)) > (en.hits, abs(en.raw)) else en
