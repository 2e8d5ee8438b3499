"""GSM 03.38 (GSM-7) text for SMS: folding, checking, measuring, truncating.

An SMS holds 160 GSM-7 characters, but a single character outside that
alphabet (a typographic apostrophe, an emoji, "â") silently switches the whole
message to UCS-2, where a segment holds only 70: the same alert then costs two
or three segments and may be cut on old handsets. Everything we send by SMS is
therefore folded to GSM-7 first.

Folding follows the real GSM-7 basic table and its extension table, with one
deliberate choice: accented letters are folded to plain ASCII letters even
when GSM-7 has them (é, à, Ç...). Some carriers and handsets still mangle the
national characters, and "Colis arrive" is always readable where "Colis arriv?"
is not. `keep_accents=True` keeps the accented letters that GSM-7 does have.

Pure and stdlib only: this module sits on the Lambda cold-start path.
"""

from __future__ import annotations

import unicodedata

# GSM 03.38 basic character set, in table order (0x1B, the escape to the
# extension table, is left out: it is not a character of its own).
_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
# Extension table: each costs two septets (escape + code).
_EXTENSION = "\f^{}\\[~]|€"

BASIC_CHARS: frozenset[str] = frozenset(_BASIC)
EXTENSION_CHARS: frozenset[str] = frozenset(_EXTENSION)
GSM7_CHARS: frozenset[str] = BASIC_CHARS | EXTENSION_CHARS

# The GSM-7 letters that carry an accent, a stroke or a ligature: folded to
# ASCII unless keep_accents=True.
_NATIONAL_LETTERS = frozenset("èéùìòÇØøÅåÆæßÉÄÖÑÜäöñüà")
_WHITESPACE = frozenset("\n\r\f")

# Characters that Unicode's compatibility decomposition (NFKD) does not bring
# back to GSM-7 but that have an obvious plain spelling.
_FOLD_TABLE: dict[str, str] = {
    # apostrophes and single quotes
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "`": "'",
    "\u00b4": "'",
    "\u2039": "'",
    "\u203a": "'",
    # double quotes and guillemets
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    # dashes, hyphens, bullets
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2043": "-",
    "\u2022": "-",
    "\u00b7": "-",
    "\u2026": "...",
    # letters without a canonical decomposition
    "œ": "oe",
    "Œ": "OE",
    "æ": "ae",
    "Æ": "AE",
    "ß": "ss",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "ł": "l",
    "Ł": "L",
    "ı": "i",
    "ħ": "h",
    "Ħ": "H",
    "þ": "th",
    "Þ": "Th",
    # symbols
    "\u2044": "/",
    "\u00d7": "x",
    "\u00f7": "/",
    "\u00a9": "(c)",
    "\u00ae": "(R)",
    "\u00b0": "o",
    "\u00a2": "c",
    "\u02dc": "~",
}


def _allowed(keep_accents: bool) -> frozenset[str]:
    allowed = GSM7_CHARS - _WHITESPACE
    return allowed if keep_accents else allowed - _NATIONAL_LETTERS


_ALLOWED_ASCII_LETTERS = _allowed(False)
_ALLOWED_WITH_ACCENTS = _allowed(True)


def _fold_char(char: str, allowed: frozenset[str]) -> str:
    if char in allowed:
        return char
    if char in _FOLD_TABLE:
        return _FOLD_TABLE[char]
    if char.isspace():
        return " "
    if unicodedata.category(char).startswith("C"):
        return ""  # control, format (zero-width, bidi overrides), surrogate, private, unassigned
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.combining(part):
            continue
        if part in allowed:
            out.append(part)
        elif part in _FOLD_TABLE:
            out.append(_FOLD_TABLE[part])
        elif part.isspace():
            out.append(" ")
    return "".join(out)  # anything else (emoji, other scripts) is dropped


def fold_to_gsm7(text: str, *, keep_accents: bool = False) -> str:
    """Text safe for a single-alphabet SMS: folded to GSM-7, on one line.

    Accents are folded to ASCII letters (é -> e, Ç -> C, œ -> oe), typographic
    quotes, dashes and ellipses to their ASCII forms, control and format
    characters removed, emoji and characters with no GSM-7 spelling dropped,
    and every run of whitespace (newlines included) collapsed to one space.
    `is_gsm7(fold_to_gsm7(x))` always holds, and folding is idempotent.
    """
    allowed = _ALLOWED_WITH_ACCENTS if keep_accents else _ALLOWED_ASCII_LETTERS
    folded = "".join(_fold_char(char, allowed) for char in unicodedata.normalize("NFC", text))
    return " ".join(folded.split())


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM-7 basic or extension table."""
    return all(char in GSM7_CHARS for char in text)


def gsm7_length(text: str) -> int:
    """The length in septets, as an SMS counts it: extension characters count 2.

    Raises ValueError for text outside GSM-7, which would be sent as UCS-2 and
    has no GSM-7 length: fold it first.
    """
    length = 0
    for char in text:
        if char in EXTENSION_CHARS:
            length += 2
        elif char in BASIC_CHARS:
            length += 1
        else:
            raise ValueError(f"character U+{ord(char):04X} is not in GSM-7; fold the text first")
    return length


def truncate_gsm7(text: str, limit: int = 160, ellipsis: str = "...") -> str:
    """`text` cut so that `gsm7_length(result) <= limit`, ending with `ellipsis` when cut.

    The cut prefers a word boundary close to the limit, and never splits an
    extension character's two septets. When even the ellipsis does not fit,
    the text is cut hard without one. Raises ValueError for non-GSM-7 input.
    """
    if limit < 0:
        raise ValueError("limit must not be negative")
    if gsm7_length(text) <= limit:
        return text
    tail = ellipsis if gsm7_length(ellipsis) <= limit else ""
    budget = limit - gsm7_length(tail)
    used = 0
    end = 0
    for index, char in enumerate(text):
        cost = 2 if char in EXTENSION_CHARS else 1
        if used + cost > budget:
            break
        used += cost
        end = index + 1
    cut = text[:end]
    space = cut.rfind(" ")
    if tail and space > 0 and end - space <= 15 and end < len(text) and text[end] != " ":
        cut = cut[:space]
    return cut.rstrip() + tail
