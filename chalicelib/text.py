"""Making customer text safe to put in a subject line, an email or a page."""

from __future__ import annotations

import unicodedata

LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")


def strip_controls(text: str, keep_newlines: bool) -> str:
    """Remove control and format characters (C0, C1, zero-width, bidi overrides).

    Line breaks (LF, NEL, U+2028/9) become "\\n" when kept, spaces otherwise;
    other whitespace controls (tab, VT, FF...) become spaces.
    """
    kept = []
    for char in text:
        if char in LINE_BREAKS:
            kept.append("\n" if keep_newlines else " ")
        elif char.isspace():
            kept.append(" ")
        elif not unicodedata.category(char).startswith("C"):
            kept.append(char)
    return "".join(kept)
