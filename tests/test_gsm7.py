"""GSM-7 folding, measuring and truncating: what an SMS can carry in one alphabet."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.gsm7 import BASIC_CHARS, EXTENSION_CHARS, fold_to_gsm7, gsm7_length, is_gsm7, truncate_gsm7


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Colis jamais arrivé, service client injoignable", "Colis jamais arrive, service client injoignable"),
        ("Ça coûte très cher à Noël", "Ca coute tres cher a Noel"),
        ("ÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇ àâäéèêëîïôöùûüÿç", "AAAEEEEIIOOUUUYC aaaeeeeiioouuuyc"),
        ("l’œuvre « géniale » Œdipe", 'l\'oeuvre " geniale " OEdipe'),
        ("Attendez… 10–12 jours — trop", "Attendez... 10-12 jours - trop"),
        ("“quoted” ‘single’", "\"quoted\" 'single'"),
        ("Ærøskøbing straße", "AEroskobing strasse"),
        ("super 😀👍 service 🇫🇷", "super service"),
        ("ﬁn ½ n°3 ™", "fin 1/2 no3 TM"),
    ],
)
def test_fold_accents_and_typography(text: str, folded: str) -> None:
    assert fold_to_gsm7(text) == folded


def test_fold_keeps_the_rest_of_gsm7() -> None:
    text = "Prix: 10€ ou £5 [promo] {x} ~ | ^ \\ @ § ¿¡ ΔΩ _ # % & * + = < > ?"
    assert fold_to_gsm7(text) == text


def test_fold_strips_controls_and_collapses_whitespace() -> None:
    text = "  a\tb\r\n\nc\x00d\x1b\x7f\u202eevil\u200b \u00a0 e\u202ff\f  "
    assert fold_to_gsm7(text) == "a b cdevil e f"


def test_keep_accents_keeps_only_gsm7_letters() -> None:
    assert fold_to_gsm7("é à è ù Ç Ñ ü â ê ç", keep_accents=True) == "é à è ù Ç Ñ ü a e c"


def test_decomposed_accents_are_folded() -> None:
    assert fold_to_gsm7("arrive\u0301") == "arrive"
    assert fold_to_gsm7("arrive\u0301", keep_accents=True) == "arrivé"


def test_is_gsm7() -> None:
    assert is_gsm7("Hello @ £ é\n€[]")
    assert not is_gsm7("â")
    assert not is_gsm7("’")
    assert not is_gsm7("😀")
    assert not is_gsm7("\x1b")  # the escape septet is not a character
    assert is_gsm7("")


def test_gsm7_length_counts_extension_twice() -> None:
    assert gsm7_length("abc") == 3
    assert gsm7_length("10€") == 4
    assert gsm7_length("{}[]~|^\\€\f") == 20
    assert gsm7_length("éà") == 2
    with pytest.raises(ValueError):
        gsm7_length("â")


def test_tables_have_the_standard_sizes() -> None:
    assert len(BASIC_CHARS) == 127  # 128 codes minus the escape
    assert len(EXTENSION_CHARS) == 10


def test_truncate_short_text_untouched() -> None:
    assert truncate_gsm7("short", 160) == "short"
    assert truncate_gsm7("x" * 160, 160) == "x" * 160


def test_truncate_adds_ellipsis_and_respects_limit() -> None:
    out = truncate_gsm7("x" * 200, 160)
    assert out == "x" * 157 + "..."
    assert gsm7_length(out) == 160


def test_truncate_prefers_word_boundary() -> None:
    assert truncate_gsm7("Livraison en retard depuis trois semaines", 30) == "Livraison en retard depuis..."


def test_truncate_counts_extension_characters() -> None:
    out = truncate_gsm7("€" * 100, 160)
    assert gsm7_length(out) <= 160
    assert out.endswith("...")
    assert out == "€" * 78 + "..."


def test_truncate_limit_smaller_than_ellipsis() -> None:
    assert truncate_gsm7("abcdef", 2) == "ab"
    assert truncate_gsm7("abcdef", 0) == ""


def test_truncate_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        truncate_gsm7("â" * 200)
    with pytest.raises(ValueError):
        truncate_gsm7("abc", -1)


@given(st.text())
def test_fold_always_gives_gsm7_and_is_idempotent(text: str) -> None:
    folded = fold_to_gsm7(text)
    assert is_gsm7(folded)
    assert fold_to_gsm7(folded) == folded
    assert "\n" not in folded and "  " not in folded


@given(st.text(), st.integers(min_value=0, max_value=400))
def test_truncate_always_fits(text: str, limit: int) -> None:
    folded = fold_to_gsm7(text)
    out = truncate_gsm7(folded, limit)
    assert gsm7_length(out) <= limit
    if gsm7_length(folded) <= limit:
        assert out == folded
