"""Rules for complaints the first lexicon missed, French and English, plus the single-pass scan."""

from __future__ import annotations

import pytest

from chalicelib.analysis import analyze
from chalicelib.analysis.lexicon import LEXICONS
from chalicelib.analysis.normalize import tokenize
from chalicelib.analysis.sentiment import score_tokens


def sentiment(text: str, language: str | None = None) -> str:
    return analyze(text, language).sentiment


@pytest.mark.parametrize(
    "text",
    [
        "It took over 40 minutes to get our drinks.",
        "We waited an hour for a table.",
        "At least 45 min passed before anyone came.",
        "Spent two hours on the phone with them.",
        "Delivery took three weeks.",
        "J'ai attendu trois semaines pour recevoir le colis.",
        "Il a fallu 2 heures pour avoir une réponse.",
    ],
)
def test_long_waits_are_complaints(text: str) -> None:
    result = analyze(text)
    assert result.sentiment == "negative"
    assert any(item.startswith("wait:") for item in result.evidence)


@pytest.mark.parametrize(
    "text",
    ["It only took 10 minutes to set up.", "We were seated within 5 minutes.", "Le colis est arrivé en 2 jours."],
)
def test_short_waits_are_not_complaints(text: str) -> None:
    result = analyze(text)
    assert result.sentiment != "negative"
    assert not any(item.startswith("wait:") for item in result.evidence)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The battery lasts only a few hours.", "negative"),
        ("Lasted two days and then died.", "negative"),
        ("Le chargeur n'a duré que deux semaines.", "negative"),
    ],
)
def test_product_lifetime(text: str, expected: str) -> None:
    result = analyze(text)
    assert result.sentiment == expected
    assert any(item.startswith("lifetime:") for item in result.evidence)


def test_a_long_battery_life_is_not_a_complaint() -> None:
    result = analyze("The battery lasts 10 hours.")
    assert result.sentiment != "negative"
    assert not any(item.startswith("lifetime:") for item in result.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "The food was fair at best.",
        "It falls short of the description.",
        "The sauce needed more salt.",
        "The menu could use some work.",
        "Not worth the price.",
        "Never again.",
        "I was disappointed.",
        "My old phone holds a charge better than this.",
        "I've had better.",
        "The clip came off after a day.",
        "The plastic breaks easily.",
        "Don't bother.",
        "Must have been an off night.",
        "Item does not match the picture.",
        "I returned it the next week.",
        "I don't think we'll be going back anytime soon.",
        "I can't tell you how disappointed I was.",
        "I've never been so insulted.",
        "2 stars, the service was slow.",
    ],
)
def test_english_complaints(text: str) -> None:
    assert sentiment(text, "en") == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "This fixed all my problems.",
        "Can't say enough good things about this place.",
        "I like it a lot.",
        "5 stars!",
        "I've never had such a great meal.",
        "It works like a charm.",
    ],
)
def test_english_praise(text: str) -> None:
    assert sentiment(text, "en") == "positive"


def test_like_as_a_preposition_is_not_praise() -> None:
    assert sentiment("This was like the final straw.", "en") != "positive"
    assert sentiment("I don't like it.", "en") == "negative"


def test_two_capitals_are_not_shouting() -> None:
    assert not any(item.startswith("caps:") for item in analyze("Everything was OK", "en").evidence)


@pytest.mark.parametrize(
    "text",
    [
        "Un roman ennuyeux et prévisible.",
        "Quelle déception, l'histoire se traîne.",
        "Je n'ai pas accroché.",
        "Sans intérêt.",
        "Pas convaincu.",
        "Bof.",
        "L'auteur peine à captiver.",
        "Abandonné à la moitié, trop long.",
        "Un style plat et lourd, des longueurs.",
        "Cette histoire aurait pu être passionnante.",
        "Je l'ai trouvé moins intéressant que le premier tome.",
        "J'espérais un bon roman.",
        "Je n'ai jamais été aussi déçue.",
        "Le fermoir se casse facilement.",
    ],
)
def test_french_complaints(text: str) -> None:
    assert sentiment(text, "fr") == "negative"


@pytest.mark.parametrize(
    "text",
    ["Au moins, c'est drôle.", "Je n'ai jamais lu un roman aussi captivant.", "Le SAV a réglé le problème."],
)
def test_french_not_complaints(text: str) -> None:
    assert sentiment(text, "fr") != "negative"


TEXTS = [
    "The food was not good at all, but the service was great!",
    "Although the price is good, it broke after a week :(",
    "Même si le prix est bon, la qualité est horrible... Par contre le SAV est top.",
    "I returned it. 3/10, would not buy again!!! 😡",
    "Pas mal du tout, je recommande vivement ; un peu long quand même ?",
    "took 40 min, NOT HAPPY, soooo slow",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_single_pass_scan_matches_a_full_scan(text: str, language: str) -> None:
    """The analyzer scores only the positions its single pass noted; every position must give the same result."""
    full = score_tokens(tokenize(text), LEXICONS[language])
    offline = analyze(text, language)
    if offline.language == language:
        assert offline.score == full.score
        assert offline.sentiment == full.label
        assert set(full.evidence) <= set(offline.evidence)
