"""Text normalisation and tokenisation shared by every analysis step.

Customers type fast: accents go missing ("decu"), letters get repeated for
emphasis ("nuuuul"), apostrophes come in three shapes, emoji and emoticons
carry as much feeling as words. Everything downstream looks words up in
accent-free, lower-case form, so the lexicons only need one spelling, while the
token keeps the facts (ALL CAPS, elongation) that change how strongly a word
counts. Pure functions, standard library only: this runs on the request path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain

# Characters whose compatibility decomposition we do not want (ligatures the
# customer typed on purpose still fold sensibly: "œ" -> "oe").
_SPECIAL_FOLDS = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})

# URLs, and e-mail addresses from the start of their chunk. Linear on hostile text: an
# address is only tried where a chunk starts and its local part cannot backtrack (the
# former `\S+@\S+\.\w+` was cubic: 4,000 characters of "a@a@…" took 17 s).
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)[^\s@]++@\S*\.\w+", re.IGNORECASE)

# One pass tokeniser. Order matters: emoticons before punctuation, words with
# internal apostrophes ("don't", "aujourd'hui") or hyphens ("non-conforme",
# "rendez-vous", "top-notch") kept whole and split later: a hyphen inside a word
# is no punctuation, so it neither ends a negation's scope nor breaks a phrase.
_TOKEN_RE = re.compile(
    r"""
    (?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*)
  | (?P<number>\d+(?:[.,]\d+)?)
  | (?P<emoticon>(?<![\w/:])(?:[:;=][\-'^o]?[)(\]\[dDpP/\\|*3oO]+(?![\w/])|<3+|</3|:'\(|\^_?\^))
  | (?P<punct>\.{2,}|…|[!?]+|[.;,:()\-–—/])
  | (?P<emoji>[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B55](?:\uFE0F)?)
    """,
    re.VERBOSE,
)
# The same alternatives without group names: `findall` then returns plain strings.
_SPLIT_RE = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _TOKEN_RE.pattern), re.VERBOSE)

_ELONGATED_RE = re.compile(r"(.)\1{2,}")

# French elisions are split off so that "n'est" yields the negator "n'" and "est".
_FR_ELISIONS = ("jusqu'", "lorsqu'", "puisqu'", "quoiqu'", "qu'", "l'", "d'", "j'", "n'", "m'", "t'", "s'", "c'")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: `norm` is the folded lookup form; the flags keep the emphasis facts."""

    norm: str
    kind: str  # "word" | "number" | "punct" | "emoji" | "emoticon"
    caps: bool = False
    elongated: bool = False
    raw: str = ""
    hyphen: bool = False  # joined to the previous word by a hyphen ("est-ce", "qualité-prix")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free form: "Déçu" -> "decu", "œuvre" -> "oeuvre"."""
    lowered = text.lower().translate(_SPECIAL_FOLDS)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def deelongate(word: str) -> tuple[str, ...]:
    """Candidate spellings for an elongated word, most likely first.

    "goood" -> ("good", "god"); "nuuuul" -> ("nuul", "nul"). The caller tries
    each against its lexicon; English keeps real double letters, so both the
    two-letter and the one-letter collapse are offered.
    """
    if not _ELONGATED_RE.search(word):
        return ()
    return (_ELONGATED_RE.sub(r"\1\1", word), _ELONGATED_RE.sub(r"\1", word))


_MEMO_LIMIT = 50_000


def _word_tokens(raw: str) -> tuple[Token, ...]:
    """Tokens for one word as typed: the folded form, emphasis flags, French elisions split off.

    Hyphenated words give one token per part, the later parts flagged `hyphen`.
    """
    if "-" in raw:
        first, *rest = raw.split("-")
        out = list(_word_tokens(first))
        for part in rest:
            head, *tail = _word_tokens(part)
            out.append(replace(head, hyphen=True))
            out.extend(tail)
        return tuple(out)
    norm = fold(raw)
    caps = len(raw) >= 2 and raw.isupper()
    elongated = bool(_ELONGATED_RE.search(norm))
    if "'" in norm:
        for elision in _FR_ELISIONS:
            if norm.startswith(elision) and len(norm) > len(elision):
                cut = len(elision)
                return (
                    Token(elision, "word", False, False, raw[:cut]),
                    Token(norm[cut:], "word", caps, elongated, raw[cut:]),
                )
    return (Token(norm, "word", caps, elongated, raw),)


def _other_token(kind: str, raw: str) -> Token:
    if kind == "punct":
        return Token("..." if raw == "…" or raw.startswith("..") else raw, "punct", raw=raw)
    if kind == "emoji":
        return Token(raw.replace("\ufe0f", ""), "emoji", raw=raw)
    if kind == "emoticon":
        return Token(raw.lower(), kind, raw=raw)
    return Token(raw, kind, raw=raw)


class _TokenMemo(dict[str, tuple[Token, ...]]):
    """Matched string -> its tokens, built on first sight (customer vocabulary repeats a lot).

    A matched string always classifies the same way on its own (the tokeniser's
    alternatives cannot produce the same string), so the kind is recovered with
    one `fullmatch` on a miss and never again.
    """

    __slots__ = ()

    def __missing__(self, raw: str) -> tuple[Token, ...]:
        match = _TOKEN_RE.fullmatch(raw)
        kind = (match.lastgroup if match else None) or "punct"
        tokens = _word_tokens(raw) if kind == "word" else (_other_token(kind, raw),)
        if len(self) > _MEMO_LIMIT:  # arbitrary text must not grow memory without bound
            self.clear()
        self[raw] = tokens
        return tokens


class _ChunkMemo(dict[str, tuple[Token, ...]]):
    """Whitespace-separated chunk ("good.", "don't", ":)") -> its tokens, built on first sight.

    No token spans whitespace and whitespace satisfies the emoticon look-arounds
    exactly like a chunk boundary does, so tokenising chunk by chunk gives the
    same tokens as tokenising the whole text.
    """

    __slots__ = ()

    def __missing__(self, chunk: str) -> tuple[Token, ...]:
        tokens = tuple(_flatten(map(_MEMO.__getitem__, _SPLIT_RE.findall(chunk))))
        if len(self) > _MEMO_LIMIT:
            self.clear()
        self[chunk] = tokens
        return tokens


_MEMO = _TokenMemo()
_CHUNKS = _ChunkMemo()
_flatten = chain.from_iterable


def tokenize(text: str) -> list[Token]:
    """Tokens of `text`, URLs and e-mail addresses removed, elisions split.

    `str.split` then one memo lookup per chunk: customer vocabulary repeats a
    lot, so the regular expression only runs on chunks never seen before.
    """
    if "://" in text or "www." in text or "@" in text:
        text = _URL_RE.sub(" ", text)
    return list(_flatten(map(_CHUNKS.__getitem__, text.split())))
