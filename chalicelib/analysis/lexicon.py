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


# What a word can be to the scorer (bits of `Lexicon.role`).
ROLE_ENTRY = 1  # an opinion word (possibly de-elongated or inflected)
ROLE_PHRASE = 2  # the first word of a phrase or idiom
ROLE_CONTRAST = 4
ROLE_CONCESSION = 8
ROLE_BOOSTER = 16
ROLE_DURATION = 32  # a time unit ("minutes", "semaines"): a waiting or short-lifetime complaint may end there
ROLE_ELLIPSIS = 64  # a form of "être" that may stand for an earlier opinion ("je l'ai moins été")


@dataclass(frozen=True, slots=True)
class Entry:
    """A lexicon word: how it is shown in evidence, its weight, its weight once negated (None: default rule)."""

    display: str
    weight: float
    negated: float | None = None
    shown: str = field(default="", compare=False)  # its evidence when affirmed: "pos:great", "neg:déçu"

    def __post_init__(self) -> None:
        object.__setattr__(self, "shown", f"{'pos' if self.weight > 0 else 'neg'}:{self.display}")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A multi-word expression; an idiom carries its own negation and is never negated again."""

    tokens: tuple[str, ...]
    weight: float
    display: str
    idiom: bool
    negated: float | None = None  # weight once negated, for phrases that are expectations ("go back")


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
    # Clause-level rules (see `sentiment`); all optional in the plain-data modules.
    scope_barriers: frozenset[str] = frozenset()  # words that end a negation's scope ("how")
    emphatic_negators: frozenset[str] = frozenset()  # "never" + `emphatic` word: emphasis, not negation
    emphatic: frozenset[str] = frozenset()  # "so", "more", "such"
    emphatic_after: frozenset[str] = frozenset()  # the same emphasis after the word ("jamais lu un livre aussi …")
    manner: frozenset[str] = frozenset()  # "easily", "quickly": take the sign of a neighbouring complaint
    remedies: frozenset[str] = frozenset()  # "fixed", "solved": a problem they remedy is good news
    durations: dict[str, str] = field(default_factory=dict)  # time unit -> "minute" | "hour" | "day" | ...
    quantities: dict[str, float] = field(default_factory=dict)  # "an" -> 1, "few" -> 3
    wait_words: frozenset[str] = frozenset()  # "took", "waited": a long duration is a complaint
    last_words: dict[str, bool] = field(default_factory=dict)  # "lasts" -> False, "lasted" -> True (past)
    short_words: frozenset[str] = frozenset()  # "only", "just", "under": the duration was short
    hinderers: frozenset[str] = frozenset()  # "du mal à", "difficile de": deny the infinitive that follows
    # "il faut bien le dire", "je veux bien le croire": an affirming adverb before a determiner or
    # pronoun is no opinion, unless a degree word makes it one ("moins bien la fin").
    affirmers: frozenset[str] = frozenset()
    # Entries whose accent-free spelling is mostly another word: "aide" (help) is not "aidé", "marque"
    # (brand) not "marqué". They count only when the customer spelled them so (see `sentiment`).
    exact_spelling: frozenset[str] = frozenset()
    # "je ne pense pas que …": a denied opinion verb denies the clause after "que" (see `sentiment`).
    reporting: frozenset[str] = frozenset()  # "pense", "dire", "trouve"
    raising_negators: frozenset[str] = frozenset()  # "pas", "jamais"
    # "n'est-ce pas", "n'est-il pas": the negative question asserts ("n'est-ce pas superbe ?").
    inverted_subjects: frozenset[str] = frozenset()
    # Litotes: "n'en reste pas moins efficace", "pas peu fier": a negator denied by the one before it.
    litotes: frozenset[str] = frozenset()  # "moins", "peu"
    litote_negators: frozenset[str] = frozenset()  # "pas", "non", "point"
    affirmed: frozenset[str] = frozenset()  # the determiners and pronouns after which it affirms
    degree: frozenset[str] = frozenset()  # "moins", "très", "pas": the word is then an opinion again
    # Ellipsis of an opinion: "séduite par la couverture, je l'ai moins été par le contenu", "je ne le
    # suis pas". The participle follows an auxiliary, a finite verb precedes the denial; see `sentiment`.
    ellipsis_pronouns: frozenset[str] = frozenset()  # "l'", "le", "la"
    ellipsis_auxiliaries: frozenset[str] = frozenset()  # "ai", "a", "avait"
    ellipsis_participles: frozenset[str] = frozenset()  # "été"
    ellipsis_verbs: frozenset[str] = frozenset()  # "suis", "est", "était"
    ellipsis_denials: frozenset[str] = frozenset()  # "moins", "pas", "jamais"
    ellipsis_degrees: frozenset[str] = frozenset()  # "beaucoup", "nettement" before the denial
    _memo: dict[str, Entry | None] = field(default_factory=dict)
    phrases2: dict[tuple[str, str], list[Phrase]] = field(default_factory=dict)
    phrase_first: frozenset[str] = frozenset()
    roles: dict[str, int] = field(default_factory=dict)
    structure: dict[str, tuple[tuple[str, tuple[str, ...], float | None], ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Structure phrases by first word, in the order the scorer tries them: boosters, contrast, concession.
        for kind, table in (
            ("boost", self.booster_phrases),
            ("contrast", self.contrast_phrases),
            ("concession", self.concession_phrases),
        ):
            for first, bucket in table.items():
                entries = [(kind, tokens, value) for tokens, value in bucket]
                self.structure[first] = (*self.structure.get(first, ()), *entries)
        # Phrases indexed by their first two words: one dict lookup per token rejects almost every position.
        self.phrase_first = frozenset(self.phrases)
        for bucket in self.phrases.values():
            for phrase in bucket:
                self.phrases2.setdefault(phrase.tokens[:2], []).append(phrase)

    def role(self, norm: str) -> int:
        """What a folded word can be to the scorer (ROLE_* bits, 0: nothing); memoised for the hot loop."""
        roles = self.roles
        found = roles.get(norm)
        if found is None:
            found = (
                (ROLE_ENTRY if self.lookup(norm) is not None else 0)
                | (ROLE_PHRASE if norm in self.phrase_first else 0)
                | (ROLE_CONTRAST if norm in self.contrast else 0)
                | (ROLE_CONCESSION if norm in self.concession else 0)
                | (ROLE_BOOSTER if norm in self.boosters else 0)
                | (ROLE_DURATION if norm in self.durations else 0)
                | (ROLE_ELLIPSIS if norm in self.ellipsis_participles or norm in self.ellipsis_verbs else 0)
            )
            if len(roles) > 100_000:  # arbitrary text must not grow memory without bound
                roles.clear()
            roles[norm] = found
        return found

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
    for text, (weight, negated) in getattr(module, "PHRASE_EXPECTATIONS", {}).items():
        tokens = _phrase_tokens(text)
        phrase_list.append((tokens, Phrase(tokens, weight, text, False, negated)))
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
        **{name: _folded(module, name.upper()) for name in WORD_CLASSES},
        durations={fold(word): unit for word, unit in getattr(module, "DURATIONS", {}).items()},
        quantities={fold(word): value for word, value in getattr(module, "QUANTITIES", {}).items()},
        last_words={fold(word): ended for word, ended in getattr(module, "LAST_WORDS", {}).items()},
        exact_spelling=frozenset(getattr(module, "EXACT_SPELLING", ())),
    )


# Lexicon fields that are plain sets of folded words, each read from the language module's
# constant of the same name in capitals (absent in a language: empty).
WORD_CLASSES = (
    "scope_barriers",
    "emphatic_negators",
    "emphatic",
    "emphatic_after",
    "manner",
    "remedies",
    "wait_words",
    "short_words",
    "hinderers",
    "affirmers",
    "litotes",
    "inverted_subjects",
    "reporting",
    "raising_negators",
    "litote_negators",
    "affirmed",
    "degree",
    "ellipsis_pronouns",
    "ellipsis_auxiliaries",
    "ellipsis_participles",
    "ellipsis_verbs",
    "ellipsis_denials",
    "ellipsis_degrees",
)


def _folded(module: object, name: str) -> frozenset[str]:
    return frozenset(fold(word) for word in getattr(module, name, ()))


EN = build(
    "en",
    lexicon_en,
    (("'s", ""), ("iest", "y"), ("est", ""), ("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e")),
)
FR = build(
    "fr",
    lexicon_fr,
    (("euses", "eux"), ("euse", "eux"), ("ives", "if"), ("ive", "if"), ("elles", "el"), ("elle", "el"),
     ("ennes", "en"), ("enne", "en"), ("es", ""), ("s", ""), ("x", ""), ("e", "")),
)  # fmt: skip
LEXICONS: dict[str, Lexicon] = {"en": EN, "fr": FR}
