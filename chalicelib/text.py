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


def multiline(text: str, limit: int) -> str:
    """Clean text with its line breaks (CRLF normalised, at most one blank line in a row), capped at `limit`."""
    # Cap before the character walk, so a huge text costs no more than a small one.
    cut_early = len(text) > limit * 2
    head = text[: limit * 2].replace("\r\n", "\n")
    lines = [" ".join(line.split()) for line in strip_controls(head, keep_newlines=True).split("\n")]
    clean = "\n".join(lines).strip("\n")
    while "\n\n\n" in clean:
        clean = clean.replace("\n\n\n", "\n\n")
    if cut_early or len(clean) > limit:
        clean = clean[: limit - 1].rstrip() + "…"
    return clean


def quote_lines(text: str) -> str:
    """Plain-text e-mail quoting: "> " before every line."""
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))
