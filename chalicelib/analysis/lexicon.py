"""Compiled lexicons: the plain-data word lists turned into fast lookup tables.

The hand-written lists (`lexicon_en`, `lexicon_fr`) are optimised for people
to read; this module folds accents, splits phrases into token tuples and
indexes them by their first token once, at import, so that scoring a text is a
handful of dict lookups per token. Emoji and emoticons are shared by both
languages and live here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.analysis import lexicon_en, lexicon_fr
from chalicelib.analysis.normalize import deelongate, fold

# Emoji and emoticons, keyed by their normalised token (variation selectors removed).
EMOJI: dict[str, float] = {
    "😡": -3.0,
    "🤬": -3.5,
    "😠": -3.0,
    "😤": -2.0,
    "😞": -2.5,
    "😔": -2.0,
    "😢": -2.5,
    "😭": -2.5,
    "😩": -2.5,
    "😫": -2.5,
    "😒": -2.0,
    "🙁": -2.0,
    "☹": -2.0,
    "😕": -1.5,
    "😟": -1.5,
    "😣": -2.0,
    "😖": -2.0,
    "🤮": -3.0,
    "🤢": -2.5,
    "💩": -3.0,
    "👎": -2.5,
    "😱": -1.5,
    "😰": -1.5,
    "😓": -1.5,
    "🙄": -1.5,
    "😑": -1.0,
    "😐": -0.5,
    "💔": -2.5,
    "🖕": -3.5,
    "⚠": -1.0,
    "❌": -1.5,
    "😬": -1.0,
    "👍": 2.0,
    "👌": 2.0,
    "👏": 2.5,
    "🙌": 2.5,
    "💪": 1.5,
    "🙏": 1.5,
    "❤": 3.0,
    "♥": 3.0,
    "💕": 3.0,
    "💖": 3.0,
    "💗": 3.0,
    "💙": 2.5,
    "💚": 2.5,
    "💯": 2.5,
    "😀": 2.0,
    "😃": 2.5,
    "😄": 2.5,
    "😁": 2.5,
    "😊": 2.5,
    "🙂": 1.5,
    "😉": 1.5,
    "😍": 3.5,
    "🥰": 3.5,
    "😘": 2.5,
    "🤩": 3.5,
    "😎": 2.0,
    "🥳": 3.0,
    "🎉": 2.5,
    "✨": 1.5,
    "⭐": 2.0,
    "🌟": 2.5,
    "✅": 1.5,
    "✔": 1.0,
    "🔥": 1.5,
    "😂": 1.0,
    "🤣": 1.0,
    "😅": 0.5,
    "😆": 1.5,
    "🤗": 2.0,
    "☺": 2.0,
    "😋": 2.5,
    "🏆": 2.0,
    "🥇": 2.0,
    ":)": 2.0,
    ":-)": 2.0,
    ":))": 2.5,
    ":-))": 2.5,
    "=)": 2.0,
    ":]": 1.5,
    ":d": 2.5,
    ":-d": 2.5,
    ";)": 1.5,
    ";-)": 1.5,
    ":p": 1.0,
    ":-p": 1.0,
    "<3": 3.0,
    "<33": 3.0,
    "<333": 3.0,
    "xd": 1.5,
    "^^": 1.5,
    "^_^": 2.0,
    ":(": -2.0,
    ":-(": -2.0,
    ":((": -2.5,
    ":-((": -2.5,
    "=(": -2.0,
    ":[": -1.5,
    ":/": -1.5,
    ":-/": -1.5,
    ":\\": -1.5,
    ":-\\": -1.5,
    ":|": -0.5,
    ":-|": -0.5,
    ":'(": -2.5,
    "</3": -2.5,
    "t_t": -2.0,
    ":o": -0.5,
}


@dataclass(frozen=True, slots=True)
class Entry:
    """A lexicon word: how it is shown in evidence, its weight, its weight once negated (None: default rule)."""

    display: str
    weight: float
    negated: float | None = None


@dataclass(frozen=True, slots=True)
class Phrase:
    """A multi-word expression; an idiom carries its own negation and is never negated again."""

    tokens: tuple[str, ...]
    weight: float
    display: str
    idiom: bool


@dataclass(slots=True)
class Lexicon:
    """Everything the scorer needs for one language."""

    lang: str
    words: dict[str, Entry]
    phrases: dict[str, list[Phrase]]
    boosters: dict[str, float]
    booster_phrases: dict[str, list[tuple[tuple[str, ...], float]]]
    negators: frozenset[str]
    contrast: frozenset[str]
    contrast_phrases: dict[str, list[tuple[str, ...]]]
    concession: frozenset[str]
    concession_phrases: dict[str, list[tuple[str, ...]]]
    stopwords: frozenset[str]
    suffixes: tuple[tuple[str, str], ...]
    _memo: dict[str, Entry | None] = field(default_factory=dict)
    structure_first: frozenset[str] = frozenset()
    phrases2: dict[tuple[str, str], list[Phrase]] = field(default_factory=dict)
    phrase_first: frozenset[str] = frozenset()
    _gate: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.structure_first = (
            frozenset(self.booster_phrases) | set(self.contrast_phrases) | set(self.concession_phrases)
        )
        # Phrases indexed by their first two words: one dict lookup per token rejects almost every position.
        self.phrase_first = frozenset(self.phrases)
        for bucket in self.phrases.values():
            for phrase in bucket:
                self.phrases2.setdefault(phrase.tokens[:2], []).append(phrase)

    def interesting(self, norm: str) -> bool:
        """Whether a folded word can matter to scoring at all (memoised gate for the hot loop)."""
        gate = self._gate
        hit = gate.get(norm)
        if hit is None:
            hit = (
                self.lookup(norm) is not None
                or norm in self.phrase_first
                or norm in self.contrast
                or norm in self.concession
                or norm in self.boosters
            )
            if len(gate) > 100_000:
                gate.clear()
            gate[norm] = hit
        return hit

    def lookup(self, norm: str) -> Entry | None:
        """The entry for a folded word, trying de-elongated and de-inflected spellings; memoised."""
        memo = self._memo
        if norm in memo:
            return memo[norm]
        entry = self.words.get(norm)
        if entry is None:
            for candidate in deelongate(norm):
                entry = self.words.get(candidate) or self._inflected(candidate)
                if entry is not None:
                    break
            else:
                entry = self._inflected(norm)
        if len(memo) > 100_000:  # arbitrary text must not grow memory without bound
            memo.clear()
        memo[norm] = entry
        return entry

    def _inflected(self, norm: str) -> Entry | None:
        if len(norm) < 5:
            return None
        for suffix, replacement in self.suffixes:
            if norm.endswith(suffix):
                entry = self.words.get(norm[: len(norm) - len(suffix)] + replacement)
                if entry is not None:
                    return entry
        return None


_ELISIONS = ("jusqu'", "lorsqu'", "puisqu'", "quoiqu'", "qu'", "l'", "d'", "j'", "n'", "m'", "t'", "s'", "c'")


def _phrase_tokens(text: str) -> tuple[str, ...]:
    """Tokens of a hand-written phrase, as `tokenize` would produce them (cheaper: runs at import).

    Lexicon phrases contain only words, spaces, hyphens and apostrophes; a unit
    test checks that this agrees with `tokenize` for every phrase shipped.
    """
    out: list[str] = []
    for word in fold(text).replace("-", " ").split():
        if "'" in word:
            for elision in _ELISIONS:
                if word.startswith(elision) and len(word) > len(elision):
                    out.append(elision)
                    word = word[len(elision) :]
                    break
        out.append(word)
    return tuple(out)


def _index(phrases: list[tuple[tuple[str, ...], object]]) -> dict[str, list]:
    index: dict[str, list] = {}
    for tokens, value in phrases:
        if tokens:
            index.setdefault(tokens[0], []).append((tokens, value))
    for bucket in index.values():
        bucket.sort(key=lambda item: -len(item[0]))
    return index


def build(lang: str, module: object, suffixes: tuple[tuple[str, str], ...]) -> Lexicon:
    """Compile one language's plain-data module into a `Lexicon`."""
    negators = frozenset(fold(word) for word in module.NEGATORS)  # type: ignore[attr-defined]
    words: dict[str, Entry] = {}
    phrase_list: list[tuple[tuple[str, ...], Phrase]] = []
    for weight, blob in module.WORDS.items():  # type: ignore[attr-defined]
        for word in blob.split():
            if "-" in word or "_" in word:
                text = word.replace("_", " ").replace("-", " ")
                tokens = _phrase_tokens(text)
                phrase_list.append((tokens, Phrase(tokens, weight, text, False)))
            else:
                words.setdefault(fold(word), Entry(word, weight))
    for word, (weight, negated) in module.EXPECTATIONS.items():  # type: ignore[attr-defined]
        words[fold(word)] = Entry(word, weight, negated)
    for weight, blob in module.PHRASES.items():  # type: ignore[attr-defined]
        for text in blob.split("|"):
            tokens = _phrase_tokens(text)
            if len(tokens) == 1:
                words[tokens[0]] = Entry(text, weight)
                continue
            idiom = any(token in negators for token in tokens)
            phrase_list.append((tokens, Phrase(tokens, weight, text, idiom)))
    phrases = _index(phrase_list)
    for bucket_key, bucket in phrases.items():
        phrases[bucket_key] = [phrase for _, phrase in bucket]
    boosters = {fold(word): value for word, value in module.BOOSTERS.items() if " " not in word}  # type: ignore[attr-defined]
    booster_phrases = _index(
        [(_phrase_tokens(text), value) for text, value in module.BOOSTER_PHRASES.items()]  # type: ignore[attr-defined]
    )
    return Lexicon(
        lang=lang,
        words=words,
        phrases=phrases,
        boosters=boosters,
        booster_phrases=booster_phrases,
        negators=negators,
        contrast=frozenset(fold(word) for word in module.CONTRAST),  # type: ignore[attr-defined]
        contrast_phrases=_index([(_phrase_tokens(t), None) for t in getattr(module, "CONTRAST_PHRASES", ())]),
        concession=frozenset(fold(word) for word in module.CONCESSION),  # type: ignore[attr-defined]
        concession_phrases=_index([(_phrase_tokens(t), None) for t in getattr(module, "CONCESSION_PHRASES", ())]),
        stopwords=frozenset(fold(word) for word in module.STOPWORDS),  # type: ignore[attr-defined]
        suffixes=suffixes,
    )


EN = build("en", lexicon_en, (("'s", ""), ("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e")))
FR = build(
    "fr",
    lexicon_fr,
    (("euses", "eux"), ("euse", "eux"), ("ives", "if"), ("ive", "if"), ("elles", "el"), ("elle", "el"),
     ("ennes", "en"), ("enne", "en"), ("es", ""), ("s", ""), ("x", ""), ("e", "")),
)  # fmt: skip
LEXICONS: dict[str, Lexicon] = {"en": EN, "fr": FR}
