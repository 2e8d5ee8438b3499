"""Customer text made safe for a subject line, an e-mail body or a quote."""

from __future__ import annotations

from chalicelib.text import multiline, quote_lines, strip_controls


def test_controls_and_bidi_overrides_are_removed_and_line_breaks_kept_or_flattened() -> None:
    text = "Colis\u202e perdu\x07\r\nvraiment\u2028nul\tici"
    assert strip_controls(text, keep_newlines=True) == "Colis perdu\n\nvraiment\nnul ici"
    assert strip_controls(text, keep_newlines=False) == "Colis perdu  vraiment nul ici"


def test_multiline_normalises_breaks_and_squeezes_blank_lines() -> None:
    raw = "  Bonjour,\r\n\r\n\r\n\r\nle   colis\rest perdu.  \n\n"
    assert multiline(raw, 100) == "Bonjour,\n\nle colis\nest perdu."


def test_multiline_caps_with_an_ellipsis_and_never_walks_a_huge_text() -> None:
    assert multiline("a" * 50, 10) == "a" * 9 + "…"
    assert multiline("court", 10) == "court"
    # Only the first 2 × limit characters are read; the cut is still marked.
    huge = "x " * 1_000_000
    assert multiline(huge, 20).endswith("…") and len(multiline(huge, 20)) <= 20


def test_quote_lines_marks_every_line_and_blank_lines_too() -> None:
    assert quote_lines("Bonjour\n\nmerci") == "> Bonjour\n>\n> merci"
