"""French review language: disappointment, boredom, criticism, hedges and narration (our own sentences)."""

from __future__ import annotations

import pytest

from chalicelib.analysis import analyze


def sentiment(text: str) -> str:
    return analyze(text, "fr").sentiment


@pytest.mark.parametrize(
    "text",
    [
        # boredom and tedium
        "Un récit interminable et assommant.",
        "Les cinquante dernières pages sont barbantes.",
        # writing that is criticised
        "Une intrigue décousue, des dialogues ampoulés.",
        "Des personnages stéréotypés dans une histoire improbable.",
        "Une romance niaise et mièvre.",
        "Le propos reste abscons et le style pompeux.",
        "Franchement surfait.",
        "Un tome inintéressant.",
        "La fin est incompréhensible.",
        # disappointment nouns
        "Encore une déconvenue avec cette série.",
        "Deuxième essai, deuxième échec.",
        # a single criticism word is a verdict
        "Prévisible.",
        "Des longueurs, hélas.",
    ],
)
def test_criticism_vocabulary(text: str) -> None:
    assert sentiment(text) == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "J'aurais aimé un peu plus d'action.",
        "J'aurais préféré une fin ouverte.",
        "Une comédie censée être drôle.",
        "Je m'attendais à un roman haletant.",
        "La quatrième de couverture promettait une enquête palpitante.",
        "Ce n'est pas son meilleur roman.",
    ],
)
def test_unmet_expectations(text: str) -> None:
    assert sentiment(text) == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nul besoin d'avoir lu le premier tome.", "neutral"),
        ("Nul doute que la suite sortira bientôt.", "neutral"),
        ("Elle part en voyage avec son meilleur ami.", "neutral"),
        ("Un vrai bonheur de lecture.", "positive"),
        ("Le meilleur roman de l'année.", "positive"),
        ("Mon auteur préféré.", "positive"),
        ("Une réussite, un régal.", "positive"),
    ],
)
def test_determiners_and_missing_praise(text: str, expected: str) -> None:
    assert sentiment(text) == expected
