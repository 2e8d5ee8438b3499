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
from dataclasses import dataclass
from functools import lru_cache

# Characters whose compatibility decomposition we do not want (ligatures the
# customer typed on purpose still fold sensibly: "œ" -> "oe").
_SPECIAL_FOLDS = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})

_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)

# One pass tokeniser. Order matters: emoticons before punctuation, words with
# internal apostrophes ("don't", "aujourd'hui") kept whole and split later.
_TOKEN_RE = re.compile(
    r"""
    (?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)
  | (?P<number>\d+(?:[.,]\d+)?)
  | (?P<emoticon>(?<![\w/:])(?:[:;=][\-'^o]?[)(\]\[dDpP/\\|*3oO]+(?![\w/])|<3+|</3|:'\(|\^_?\^))
  | (?P<punct>\.{2,}|…|[!?]+|[.;,:()\-–—/])
  | (?P<emoji>[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B55](?:\uFE0F)?)
    """,
    re.VERBOSE,
)

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


_WORD_MEMO: dict[str, tuple[Token, ...]] = {}
_OTHER_MEMO: dict[tuple[str, str], Token] = {}
_MEMO_LIMIT = 50_000


def _word_tokens(raw: str) -> tuple[Token, ...]:
    """Tokens for one word as typed (memoised: customer vocabulary repeats a lot)."""
    cached = _WORD_MEMO.get(raw)
    if cached is not None:
        return cached
    norm = fold(raw)
    caps = len(raw) >= 2 and raw.isupper()
    elongated = bool(_ELONGATED_RE.search(norm))
    result: tuple[Token, ...] = (Token(norm, "word", caps, elongated, raw),)
    if "'" in norm:
        for elision in _FR_ELISIONS:
            if norm.startswith(elision) and len(norm) > len(elision):
                cut = len(elision)
                result = (
                    Token(elision, "word", False, False, raw[:cut]),
                    Token(norm[cut:], "word", caps, elongated, raw[cut:]),
                )
                break
    if len(_WORD_MEMO) > _MEMO_LIMIT:
        _WORD_MEMO.clear()
    _WORD_MEMO[raw] = result
    return result


def _other_token(kind: str, raw: str) -> Token:
    key = (kind, raw)
    cached = _OTHER_MEMO.get(key)
    if cached is not None:
        return cached
    if kind == "punct":
        token = Token("..." if raw == "…" or raw.startswith("..") else raw, "punct", raw=raw)
    elif kind == "emoji":
        token = Token(raw.replace("\ufe0f", ""), "emoji", raw=raw)
    elif kind == "emoticon":
        token = Token(raw.lower(), kind, raw=raw)
    else:
        token = Token(raw, kind, raw=raw)
    if len(_OTHER_MEMO) > _MEMO_LIMIT:
        _OTHER_MEMO.clear()
    _OTHER_MEMO[key] = token
    return token


def tokenize(text: str) -> list[Token]:
    """Tokens of `text`, URLs and e-mail addresses removed, elisions split."""
    if "://" in text or "www." in text or "@" in text:
        text = _URL_RE.sub(" ", text)
    tokens: list[Token] = []
    append = tokens.append
    extend = tokens.extend
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup or "punct"
        if kind == "word":
            extend(_word_tokens(match.group()))
        else:
            append(_other_token(kind, match.group()))
    return tokens
