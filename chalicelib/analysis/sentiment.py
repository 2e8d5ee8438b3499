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
- exclamation marks, emoji, emoticons and "3/10"-style ratings;
- negation scope ends at "how" ("can't tell you how disappointed"); "never" +
  "so/more/such" is emphasis ("never been so insulted"), and "jamais … aussi" too;
- manner words take the sign of a complaint next to them ("breaks easily"), and a
  complaint governed by a remedy ("fixed the problem") is good news;
- durations: a long wait ("took 40 minutes", "attendu trois semaines") or a short
  life ("lasted two days", "lasts only a few hours") is a complaint;
- French clause rules: a denied opinion verb denies the clause after "que" ("je ne
  pense pas que ce soit fiable"), litotes affirm ("n'en reste pas moins excellent"),
  a negative question asserts ("n'est-ce pas inadmissible ?"), and an elided opinion
  is taken back ("séduite par la couverture, je l'ai moins été par le contenu").

The sum is squashed into [-1, 1]. Every decision leaves a short evidence string
so that staff can see why an item was judged negative. The evidence shows the
lexicon's spelling of a word, never raw customer text.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterator
from typing import NamedTuple

from chalicelib.analysis.lexicon import (
    EMOJI,
    LEXICONS,
    ROLE_BOOSTER,
    ROLE_CONCESSION,
    ROLE_CONTRAST,
    ROLE_DURATION,
    ROLE_ELLIPSIS,
    ROLE_ENTRY,
    ROLE_PHRASE,
    Lexicon,
    Phrase,
)
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
DURATION_COMPLAINT = -2.0  # "took 40 minutes", "lasted two days"
MANNER_FLIP = 0.5  # "breaks easily": the manner word counts half, against
MANNER_REACH = 3  # tokens a manner or remedy word looks across
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
MAX_EVIDENCE = 24
_SENTENCE_END = {".", "!", "?", "...", ";"}
_EN_TRAILING_CONTRAST = {"though"}
_NE = {"ne", "n'"}
_INFINITIVE_LINKS = {"à", "a", "de", "d'"}  # "du mal à accrocher", "difficile de s'attacher"
_RESTRICTIVE = {"que", "qu'"}


class SentimentResult(NamedTuple):
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


# What one pass over the tokens tells the scorer: {position: sentence id} for every
# token that may carry sentiment (words, numbers, known emoji; punctuation never
# does), in text order; each sentence's closing punctuation ("", "!!", "?"); and
# the positions of the negators, ascending (None: not known, look every time).
Scan = tuple[dict[int, int], list[str], list[int] | None]


def is_sentence_end(norm: str) -> bool:
    """Whether a punctuation token closes a sentence ("." "!" "?!" "..." ";")."""
    return norm in _SENTENCE_END or norm[0] in "!?"


def scan_tokens(tokens: list[Token]) -> Scan:
    """The generic scan: every non-punctuation token is a candidate (see `offline` for the fused one)."""
    positions: dict[int, int] = {}
    ends = [""]
    sentence = 0
    for i, tok in enumerate(tokens):
        if tok.kind != "punct":
            positions[i] = sentence
        elif is_sentence_end(tok.norm):
            ends[sentence] += tok.norm
            ends.append("")
            sentence += 1
    return positions, ends, None


def score_tokens(tokens: list[Token], lex: Lexicon, scan: Scan | None = None) -> SentimentResult:
    """Score `tokens` with one language's lexicon.

    Only the candidate positions of `scan` are visited (a typical comment has a
    handful among dozens of tokens); negation, boosters and phrases look at
    their neighbours on demand.
    """
    positions, ends, negator_at = scan_tokens(tokens) if scan is None else scan
    window = NEGATION_WINDOW.get(lex.lang, 3)
    evidence: list[str] = []
    consumed: set[int] = set()
    boosting_negators: set[int] = set()
    booster_at: dict[int, float] = {}
    contrast_at: set[int] = set()
    concession_at: set[int] = set()
    all_caps_text: bool | None = None  # computed on the first capitalised opinion word

    # Pass 1: mark multi-token structure words (booster, contrast and concession phrases).
    structure = lex.structure
    for i in positions:
        tok = tokens[i]
        entries = structure.get(tok.norm)
        if entries is None or tok.kind != "word" or i in consumed:
            continue
        done = ""  # within one table the first (longest) match wins
        for kind, phrase_tokens, value in entries:
            if kind == done or not _matches(tokens, i, phrase_tokens):
                continue
            if kind == "boost" and _longer_phrase_at(tokens, i, len(phrase_tokens), lex):
                continue  # "un peu cher" is a phrase of its own, not "un peu" softening "cher"
            if kind == "concession" and _graded(tokens, i, lex):
                continue  # "moins bien que l'ancienne" compares, it concedes nothing
            done = kind
            if kind == "boost":
                end = i + len(phrase_tokens)
                booster_at[end - 1] = value  # type: ignore[assignment]
                consumed.update(range(i, end))
                if phrase_tokens[0] in lex.negators:
                    # A leading negator still denies: "pas très pratique" softens and denies, like
                    # "n'est pas très pratique" ("un peu" only softens: its "peu" is no denial).
                    boosting_negators.add(i)
            elif kind == "contrast":
                contrast_at.add(i)
                evidence.append("contrast:" + " ".join(phrase_tokens))
            else:
                concession_at.add(i)
                evidence.append("concession:" + " ".join(phrase_tokens))

    # A denied opinion verb denies the clause it introduces: "je ne pense pas que ce soit fiable".
    raised = _raised_spans(tokens, lex, negator_at) if lex.reporting else ()

    # Pass 2: score. Items are (token index, value, sentence id).
    items: list[tuple[int, float, int]] = []
    n = len(tokens)
    hits = 0
    skip = 0  # positions before this were read as part of a phrase or rating
    roles = lex.roles
    role_of = lex.role
    phrases2 = lex.phrases2
    boosters = lex.boosters
    for i, sentence in positions.items():
        if i < skip:
            continue
        tok = tokens[i]
        kind = tok.kind
        if kind == "number":
            rating = _rating(tokens, i)
            if rating is not None:
                value, shown, width = rating
                items.append((i, value, sentence))
                evidence.append(f"rating:{shown}")
                hits += 1
                skip = i + width
                continue
        elif kind != "word":
            value = EMOJI.get(tok.norm)
            if value is not None:
                items.append((i, value, sentence))
                evidence.append(f"emoji:{tok.raw.strip()}")
                hits += 1
            continue
        norm = tok.norm
        role = roles.get(norm)
        if role is None:
            role = role_of(norm)
        if kind == "word":
            if not role or i in consumed:
                continue
        elif not role & ROLE_PHRASE:  # a number that is no rating may still start a phrase ("5 stars")
            continue
        if role & ROLE_CONTRAST and i not in contrast_at:
            if lex.lang == "en" and norm in _EN_TRAILING_CONTRAST and _clause_start(tokens, i):
                concession_at.add(i)
                evidence.append(f"concession:{norm}")
            else:
                contrast_at.add(i)
                evidence.append(f"contrast:{norm}")
            continue
        if role & ROLE_CONCESSION and i not in concession_at:
            concession_at.add(i)
            evidence.append(f"concession:{norm}")
            continue
        # Phrases, longest first.
        if role & ROLE_PHRASE and i + 1 < n:
            bucket = phrases2.get((norm, tokens[i + 1].norm))
            if bucket is not None:
                matched = _phrase_at(tokens, i, bucket)
                if matched is not None and not (matched.weight == 0.0 and _graded(tokens, i, lex)):
                    width = len(matched.tokens)
                    consumed.update(range(i, i + width))
                    skip = i + width
                    if matched.weight != 0.0:
                        value = matched.weight * _booster(tokens, i, lex, booster_at, consumed)
                        label = "idiom" if matched.idiom else "phrase"
                        shown = f"{label}:{matched.display}({_fmt(value)})"
                        if not matched.idiom:
                            negator = (
                                _negator(tokens, i, lex, consumed, boosting_negators)
                                if _may_negate(negator_at, i, window)
                                else None
                            )
                            if negator is None and raised:
                                negator = _raised_negator(raised, i)
                            if negator is not None:
                                if matched.negated is not None:
                                    value = matched.negated * (value / matched.weight)
                                else:
                                    value *= NEGATED_POSITIVE if value > 0 else NEGATED_NEGATIVE
                                shown = f"negation:{negator} … {matched.display}"
                        if any(tokens[j].caps and len(tokens[j].norm) > 2 for j in range(i, i + width)):
                            if all_caps_text is None:
                                all_caps_text = _mostly_caps(tokens)
                            if not all_caps_text:
                                value *= CAPS_BOOST
                        items.append((i, value, sentence))
                        evidence.append(shown)
                        hits += 1
                    continue
        if role & ROLE_DURATION:
            complaint = _duration_complaint(tokens, i, lex)
            if complaint is not None:
                items.append((i, DURATION_COMPLAINT, sentence))
                evidence.append(complaint)
                hits += 1
                continue
        if role & ROLE_ELLIPSIS and items:
            found = _ellipsis(tokens, i, lex)
            if found is not None:
                denial, pronoun = found
                k = len(items) - 1
                while k > 0 and items[k][0] > pronoun:  # "je l'ai malheureusement moins été": not that one
                    k -= 1
                at, earlier, said = items[k]
                if at < pronoun and earlier and said >= sentence - 1:
                    # The denied opinion is the last one said, in this sentence or the one before.
                    items.append((i, earlier * (NEGATED_POSITIVE if earlier > 0 else NEGATED_NEGATIVE), sentence))
                    contrast_at.add(i)  # "X, je l'ai moins été par Y": a contrast left implicit
                    evidence.append(f"ellipsis:{denial}")
                    hits += 1
                    continue
        if not role & ROLE_ENTRY:
            continue
        entry = lex.lookup(norm)
        if entry is None or (role & ROLE_BOOSTER and _next_has_valence(tokens, i, lex)):
            continue
        if norm in lex.affirmers and _affirming(tokens, i, lex):
            continue
        if entry.display in lex.exact_spelling and not tok.raw.lower().startswith(entry.display):
            continue  # "l'aide", "la marque", "au marché": another word than "aidé", "marqué", "marche"
        value = entry.weight
        negator = _negator(tokens, i, lex, consumed, boosting_negators) if _may_negate(negator_at, i, window) else None
        if negator is None and raised:
            negator = _raised_negator(raised, i)
        if negator is not None:
            if entry.negated is not None:
                value = entry.negated
            else:
                value *= NEGATED_POSITIVE if value > 0 else NEGATED_NEGATIVE
            if value:
                evidence.append(f"negation:{negator} … {entry.display}")
        elif value:
            if value > 0 and norm in lex.manner and _next_to_complaint(tokens, i, lex, items):
                value = -value * MANNER_FLIP  # "breaks easily", "quickly disappointed"
                evidence.append(f"manner:{entry.display}")
            elif value < 0 and lex.remedies and _remedied(tokens, i, lex):
                value *= NEGATED_NEGATIVE  # "fixed the problem" is good news
                evidence.append(f"remedy:{entry.display}")
            else:
                evidence.append(entry.shown)
        if value:
            prev = tokens[i - 1] if i else None
            if (
                prev is not None
                and prev.kind == "word"
                and (prev.norm in boosters or prev.elongated or i - 1 in booster_at)
            ):
                boost = _booster(tokens, i, lex, booster_at, consumed)
            else:
                boost = 1.0
            if boost != 1.0:
                evidence.append(f"{'intensifier' if boost > 1 else 'diminisher'}:{_booster_word(tokens, i)}")
            value *= boost
            if tok.caps and len(norm) > 2:  # "OK", "TV": two capitals are an abbreviation, not shouting
                if all_caps_text is None:
                    all_caps_text = _mostly_caps(tokens)
                if not all_caps_text:
                    value *= CAPS_BOOST
                    evidence.append(f"caps:{entry.display}")
            if tok.elongated:
                value *= ELONGATED_BOOST
                evidence.append(f"elongated:{entry.display}")
            items.append((i, value, sentence))
            hits += 1

    if not items and not evidence:
        return _NOTHING
    raw = _combine(tokens, items, positions, contrast_at, concession_at, ends, evidence)
    score = _squash(raw)
    return SentimentResult(label_for(score), round(score, 4), raw, hits, tuple(dict.fromkeys(evidence))[:MAX_EVIDENCE])


_NOTHING = SentimentResult("neutral", 0.0, 0.0, 0, ())


def _may_negate(negator_at: list[int] | None, i: int, window: int) -> bool:
    """Whether a negator sits in the `window` tokens before i (always true when positions are unknown)."""
    if negator_at is None:
        return True
    k = bisect_left(negator_at, i)
    return k > 0 and negator_at[k - 1] >= i - window


def _raised_spans(tokens: list[Token], lex: Lexicon, negator_at: list[int] | None) -> list[tuple[int, int, str]]:
    """Clauses denied from above: (start, end, negator) for "que" after a denied opinion verb.

    "je ne pense pas que …", "je ne peux pas dire que …", "je n'ai jamais dit que …". Only a full
    negator counts ("pas", "jamais"): "je ne dis que du bien" is a restriction, not a denial.
    """
    if negator_at is None:
        negator_at = [j for j, tok in enumerate(tokens) if tok.norm in lex.negators]
    spans: list[tuple[int, int, str]] = []
    n_tokens = len(tokens)
    for n in negator_at:
        tok = tokens[n]
        if tok.norm not in lex.raising_negators:
            continue
        for q in range(n + 1, min(n + 5, n_tokens)):
            if tokens[q].kind != "word":
                break
            if tokens[q].norm in _RESTRICTIVE:
                if any(tokens[m].norm in lex.reporting for m in range(max(0, n - 2), q)):
                    spans.append((q, _clause_end(tokens, q), tok.raw.lower() or tok.norm))
                break
    return spans


def _raised_negator(spans: list[tuple[int, int, str]], i: int) -> str | None:
    for start, end, negator in spans:
        if start < i < end:
            return negator
    return None


def _longer_phrase_at(tokens: list[Token], i: int, than: int, lex: Lexicon) -> bool:
    """Whether a sentiment phrase longer than `than` tokens starts at i."""
    if i + 1 >= len(tokens):
        return False
    bucket = lex.phrases2.get((tokens[i].norm, tokens[i + 1].norm))
    matched = _phrase_at(tokens, i, bucket) if bucket is not None else None
    return matched is not None and len(matched.tokens) > than


def _phrase_at(tokens: list[Token], i: int, bucket: list[Phrase]) -> Phrase | None:
    """The longest phrase of `bucket` (sorted longest first) spelled by the tokens from i.

    The bucket is keyed by the first two words, which the caller has matched.
    """
    n = len(tokens)
    for phrase in bucket:
        words = phrase.tokens
        size = len(words)
        if size == 2:
            return phrase
        if i + size <= n:
            for k in range(2, size):
                if tokens[i + k].norm != words[k]:
                    break
            else:
                return phrase
    return None


def _combine(
    tokens: list[Token],
    items: list[tuple[int, float, int]],
    sentence_of: dict[int, int],
    contrast_at: set[int],
    concession_at: set[int],
    ends: list[str],
    evidence: list[str],
) -> float:
    """Weigh items by clause (contrast, concession) and sentence (!, ?), then sum."""
    if not items:
        return 0.0
    totals = [0.0] * len(ends)
    if not contrast_at and not concession_at:  # the common case: no clause weighting
        for _, value, sid in items:
            totals[sid] += value * NEGATIVITY_BIAS if value < 0 else value
        return _close_sentences(totals, ends, evidence)
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
    return _close_sentences(totals, ends, evidence)


def _close_sentences(totals: list[float], ends: list[str], evidence: list[str]) -> float:
    """Sum the sentences, a question damping and exclamation marks amplifying their own sentence."""
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


def _matches(tokens: list[Token], start: int, phrase: tuple[str, ...]) -> bool:
    if start + len(phrase) > len(tokens):
        return False
    if len(phrase) > 1:  # cheap rejection on the second word first: most candidates fail there
        second = tokens[start + 1]
        if second.norm != phrase[1] and not second.elongated:
            return False
    for offset, word in enumerate(phrase):
        tok = tokens[start + offset]
        if tok.norm != word and not (tok.elongated and word in _collapse(tok.norm)):
            return False
    return True


def _collapse(norm: str) -> tuple[str, ...]:
    return deelongate(norm)


def _negator(tokens: list[Token], i: int, lex: Lexicon, consumed: set[int], boosting: set[int]) -> str | None:
    """The negator governing token i, if any, looking back within the clause."""
    negators = lex.negators
    contrast = lex.contrast
    barriers = lex.scope_barriers
    saw_restrictive = tokens[i].norm in _RESTRICTIVE  # a phrase opening the "ne … que" ("ne brasse que du vent")
    saw_emphatic = False
    for j in range(i - 1, max(-1, i - 1 - NEGATION_WINDOW.get(lex.lang, 3)), -1):
        tok = tokens[j]
        kind = tok.kind
        if kind != "word" and kind != "number":  # punctuation, emoji and emoticons close the clause
            return None
        norm = tok.norm
        if norm in contrast or norm in barriers:  # "I can't tell you how disappointed I was"
            return None
        if norm in _RESTRICTIVE:
            saw_restrictive = True
        elif norm in lex.hinderers and j + 1 < i and tokens[j + 1].norm in _INFINITIVE_LINKS:
            # Part of a phrase or not ("j'ai eu du mal à"), difficulty denies the infinitive after it.
            return tok.raw.lower() or norm
        elif norm in negators and (j not in consumed or j in boosting):
            if norm in _NE and saw_restrictive:  # "je n'ai que des éloges" is not a negation
                return None
            if norm in lex.litotes and j > 0 and tokens[j - 1].norm in lex.litote_negators:
                return None  # "n'en reste pas moins excellent": two denials affirm
            if j > 0 and tokens[j - 1].hyphen and tokens[j - 1].norm in lex.inverted_subjects:
                return None  # "n'est-ce pas inadmissible ?", "n'est-il pas superbe ?": a rhetorical question
            if norm in lex.emphatic_negators and (saw_emphatic or _emphasis_after(tokens, i, lex)):
                return None  # "never been so rude", "jamais abandonné un livre aussi vite": emphasis
            return tok.raw.lower() or norm
        elif norm in lex.emphatic:
            saw_emphatic = True
    return None


def _words_near(tokens: list[Token], i: int, step: int) -> Iterator[str]:
    """The folded words after (step 1) or before (step -1) token i, at most MANNER_REACH, up to a non-word."""
    stop = min(len(tokens), i + 1 + MANNER_REACH) if step > 0 else max(-1, i - 1 - MANNER_REACH)
    for j in range(i + step, stop, step):
        tok = tokens[j]
        if tok.kind != "word":
            return
        yield tok.norm


def _emphasis_after(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """Whether an emphatic comparison follows word i in its clause ("… un livre aussi vite")."""
    emphatic_after = lex.emphatic_after
    return bool(emphatic_after) and any(norm in emphatic_after for norm in _words_near(tokens, i, 1))


def _next_to_complaint(tokens: list[Token], i: int, lex: Lexicon, items: list[tuple[int, float, int]]) -> bool:
    """Whether a manner word ("easily") qualifies a complaint just before or after it.

    "breaks really easily", "came off easily", "quickly disappointed", "easy to break".
    """
    if items and items[-1][0] >= i - MANNER_REACH and items[-1][1] < 0:
        return True
    for norm in _words_near(tokens, i, 1):
        entry = lex.lookup(norm)
        if entry is not None and entry.weight:
            return entry.weight < 0
    return False


def _remedied(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """Whether a remedy verb governs a complaint word: "fixed the problem", "solved all my issues"."""
    return any(norm in lex.remedies for norm in _words_near(tokens, i, -1))


def _duration_complaint(tokens: list[Token], i: int, lex: Lexicon) -> str | None:
    """Evidence for a waiting or short-lifetime complaint ending at the time unit token i, else None.

    "took over 30 minutes", "waited an hour", "40 min passed", "a attendu 3 semaines": a long
    wait; "lasted one day", "lasts only a few hours": a short life. "took only 10 minutes" and
    "we were seated within 5 minutes" are not complaints.
    """
    if i == 0:
        return None
    unit = lex.durations[tokens[i].norm]
    before = tokens[i - 1]
    if before.kind == "number":
        try:
            amount = float(before.norm.replace(",", "."))
        except ValueError:
            return None
    else:
        amount = lex.quantities.get(before.norm, -1.0)
        if amount < 0:
            return None
    # The verb: up to four words before the amount, or the word right after the unit ("40 min passed").
    verb = ""
    short = False
    for j in range(i - 2, max(-1, i - 7), -1):
        tok = tokens[j]
        if tok.kind != "word" and tok.kind != "number":
            break
        norm = tok.norm
        if norm in lex.short_words:
            short = True
        elif norm in lex.wait_words or norm in lex.last_words:
            verb = norm
            break
    if not verb and i + 1 < len(tokens) and tokens[i + 1].norm in lex.wait_words:
        verb = tokens[i + 1].norm
    if not verb:
        return None
    ended = lex.last_words.get(verb)
    if ended is not None:
        # A short life: "lasts only a few hours", "lasted two weeks" (not "lasts 10 hours", "lasted 5 years").
        if short or (ended and unit in _SHORT_LIFE):
            return f"lifetime:{verb} … {tokens[i].norm}"
        return None
    if short or amount < _LONG_WAIT.get(unit, math.inf):
        return None
    return f"wait:{verb} … {tokens[i].norm}"


_SHORT_LIFE = frozenset({"minute", "hour", "day", "week"})
_LONG_WAIT = {"minute": 15.0, "hour": 0.5, "day": 3.0, "week": 0.5, "month": 0.5}


def _booster(tokens: list[Token], i: int, lex: Lexicon, booster_at: dict[int, float], consumed: set[int]) -> float:
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
        if value is None or j in consumed:
            break
        if tokens[j].caps:
            value = value * 1.15 if value > 1 else value
        result *= value
        j -= 1
    return result


def _affirming(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """Whether an affirming adverb at i only affirms: "il faut bien le dire" (but "moins bien la fin")."""
    return i + 1 < len(tokens) and tokens[i + 1].norm in lex.affirmed and not _graded(tokens, i, lex)


def _ellipsis(tokens: list[Token], i: int, lex: Lexicon) -> tuple[str, int] | None:
    """The denial of an elided opinion at the form of "être" i and the pronoun's position, else None.

    "je l'ai moins été", "je ne l'ai pas du tout été" (participle after an auxiliary);
    "je ne le suis pas", "il l'est beaucoup moins" (finite verb before the denial).
    """
    if tokens[i].norm in lex.ellipsis_participles:
        denial, j = _ellipsis_denial(tokens, i, -1, lex)
        if not denial or j < 1 or tokens[j].norm not in lex.ellipsis_auxiliaries:
            return None
        pronoun = j - 1
    else:
        denial, _ = _ellipsis_denial(tokens, i, 1, lex)
        if not denial:
            return None
        pronoun = i - 1
    if pronoun < 0 or tokens[pronoun].norm not in lex.ellipsis_pronouns:
        return None
    if denial == "plus" and not (pronoun > 0 and tokens[pronoun - 1].norm in _NE):
        return None  # without "ne", "plus" is more: "il l'est plus que jamais"
    return denial, pronoun


def _ellipsis_denial(tokens: list[Token], i: int, step: int, lex: Lexicon) -> tuple[str, int]:
    """The first denial among the words next to i that may sit between "être" and its denial
    ("moins", "pas", "beaucoup", any "-ment" adverb; at most 4, going `step`), and where they stop."""
    denials = lex.ellipsis_denials
    denial = ""
    j = i + step
    while 0 <= j < len(tokens) and abs(j - i) <= 4:
        norm = tokens[j].norm
        if norm in denials:
            denial = denial or norm
        elif norm not in lex.ellipsis_degrees and not norm.endswith("ment"):
            break
        j += step
    return denial, j


def _graded(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """Whether the affirming adverb at i follows a degree word, which makes it an opinion ("moins bien que")."""
    return i > 0 and tokens[i].norm in lex.affirmers and tokens[i - 1].norm in lex.degree


def _booster_word(tokens: list[Token], i: int) -> str:
    return tokens[i - 1].norm if i > 0 else ""


def _next_has_valence(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """A booster-like word ("super", "bien") followed by an opinion word only intensifies it."""
    j = i + 1
    if j >= len(tokens) or tokens[j].kind != "word":
        return False
    nxt = tokens[j].norm
    if lex.lookup(nxt) is not None or nxt in lex.boosters:
        return True
    # Only a phrase that is really spelled from j: "bien" before "la", "le" or "je" (which merely
    # start some phrase, "la pire", "je recommande") is an opinion of its own ("trouvé moins bien la fin").
    return nxt in lex.phrases and _longer_phrase_at(tokens, j, 1, lex)


def _clause_start(tokens: list[Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].kind == "punct"


def _sentence_opening(tokens: list[Token], i: int) -> bool:
    j = i - 1
    while j >= 0 and tokens[j].kind == "punct" and not is_sentence_end(tokens[j].norm):
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


def analyze_sentiment(tokens: list[Token], language: str, scan: Scan | None = None) -> SentimentResult:
    """Score in `language`; for "und", score in both and keep the reading with more evidence."""
    if scan is None:
        scan = scan_tokens(tokens)
    if language in LEXICONS:
        return score_tokens(tokens, LEXICONS[language], scan)
    en = score_tokens(tokens, LEXICONS["en"], scan)
    fr = score_tokens(tokens, LEXICONS["fr"], scan)
    return fr if (fr.hits, abs(fr.raw)) > (en.hits, abs(en.raw)) else en
