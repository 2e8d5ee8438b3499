"""Language detection, topics (default and per-site) and urgency."""

from __future__ import annotations

import pytest

from chalicelib.analysis import analyze, site_taxonomy
from chalicelib.analysis.topics import DEFAULT_TAXONOMY


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("Nul.", None, "fr"),
        ("Great!", None, "en"),
        ("Bof", None, "fr"),
        ("meh", None, "en"),
        ("Top", None, "und"),
        ("Top", "en", "en"),
        ("Top", "fr-FR", "fr"),
        ("OK", "fr_CA", "fr"),
        ("Je suis très content de ma commande", "en", "fr"),  # conclusive text beats the hint
        ("I am very happy with my order", "fr-FR", "en"),
        ("Très déçu", None, "fr"),
        ("12345", "fr", "und"),  # no letters: nothing to decide
        ("!!! ???", None, "und"),
        ("", "en", "und"),
        ("Top", "de", "und"),  # a hint we do not analyse is ignored
    ],
)
def test_language(text: str, hint: str | None, expected: str) -> None:
    assert analyze(text, hint).language == expected


def test_default_taxonomy_keys() -> None:
    assert set(DEFAULT_TAXONOMY) == {"delivery", "price", "quality", "support", "website", "refund", "account"}


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("La livraison a pris trois semaines", "delivery"),
        ("The package was late", "delivery"),
        ("Trop cher pour ce que c'est", "price"),
        ("I was billed twice", "price"),
        ("Produit de mauvaise qualité", "quality"),
        ("The item arrived broken", "quality"),
        ("Le service client ne répond pas", "support"),
        ("Customer service was rude", "support"),
        ("Le site plante au moment du paiement", "website"),
        ("The app keeps crashing", "website"),
        ("J'attends mon remboursement", "refund"),
        ("I want a refund", "refund"),
        ("Impossible de me connecter à mon compte", "account"),
        ("I cannot log in to my account", "account"),
    ],
)
def test_default_topics(text: str, topic: str) -> None:
    result = analyze(text)
    assert topic in result.topics
    assert any(item.startswith(f"topic:{topic}:") for item in result.evidence)


def test_topic_evidence_names_the_keyword() -> None:
    assert "topic:delivery:livraison" in analyze("Livraison en retard").evidence


def test_other_only_when_nothing_matched() -> None:
    assert analyze("Bonjour, voici mon avis").topics == ["other"]
    assert "other" not in analyze("Livraison en retard").topics
    assert analyze("😡").topics == []
    assert analyze("...").topics == []


def test_book_is_not_a_delivery() -> None:
    # "livre" (book) and "livré" (delivered) fold to the same letters, as do "livres" and "livrés".
    assert "delivery" not in analyze("J'ai adoré ce livre").topics
    assert "delivery" not in analyze("J'adore vos livres, merci").topics
    assert "delivery" not in analyze("Vos livres sont trop chers").topics


@pytest.mark.parametrize(
    "text",
    [
        "Les articles n'ont pas été livrés",
        "Mes colis ne sont jamais livrés",
        "Commandes non livrées",
        "articles pas livres",
    ],
)
def test_undelivered_plurals_are_a_negative_delivery(text: str) -> None:
    result = analyze(text, "fr")
    assert "delivery" in result.topics and result.sentiment == "negative"


def test_site_taxonomy_replaces_default() -> None:
    taxonomy = {"coffee": ["café", "espresso*"], "staff": ["barista", "service en salle"]}
    result = analyze("Le cafe était froid et le barista désagréable, livraison en retard", taxonomy=taxonomy)
    assert result.topics == ["coffee", "staff"]
    assert "topic:coffee:café" in result.evidence
    assert analyze("Espressos trop amers", taxonomy=taxonomy).topics == ["coffee"]
    assert analyze("Le service en salle est lent", taxonomy=taxonomy).topics == ["staff"]
    assert analyze("Livraison en retard", taxonomy=taxonomy).topics == ["other"]


def test_site_taxonomy_tolerates_junk_values() -> None:
    taxonomy = {"coffee": "café", "": ["x"], "bad": 3, "none": None, "ok": ["", None, "thé"]}  # type: ignore[dict-item]
    assert analyze("Un café et un thé", taxonomy=taxonomy).topics == ["coffee", "ok"]


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("Je veux résilier mon abonnement", "urgency:résilier"),
        ("Je demande la résiliation immédiate", "urgency:résiliation"),
        ("Mon avocat va vous contacter", "urgency:avocat"),
        ("Je vais porter plainte", "urgency:porter plainte"),
        ("On se reverra au tribunal", "urgency:tribunal"),
        ("C'est une arnaque", "urgency:arnaque"),
        ("Une escroquerie pure et simple", "urgency:escroquerie"),
        ("Ce chargeur est dangereux", "urgency:dangereux"),
        ("Mon fils s'est brûlé avec", "urgency:brûlé"),
        ("Je vous adresse une mise en demeure", "urgency:mise en demeure"),
        ("Je vais écrire à 60 millions de consommateurs", "urgency:60 millions de consommateurs"),
        ("J'ai contacté UFC Que Choisir", "urgency:ufc que choisir"),
        ("I want to cancel my subscription", "urgency:cancel my subscription"),
        ("Please cancel my account", "urgency:cancel my account"),
        ("I will contact my lawyer", "urgency:lawyer"),
        ("My attorney will be in touch", "urgency:attorney"),
        ("I will sue you", "urgency:sue"),
        ("I filed a chargeback", "urgency:chargeback"),
        ("This is a scam", "urgency:scam"),
        ("Fraud, plain and simple", "urgency:fraud"),
        ("The heater is dangerous", "urgency:dangerous"),
        ("My daughter was injured", "urgency:injured"),
        ("Reported to the BBB", "urgency:bbb"),
    ],
)
def test_urgency_high(text: str, keyword: str) -> None:
    result = analyze(text)
    assert result.urgency == "high"
    assert keyword in result.evidence


def test_urgency_resilier_topic() -> None:
    result = analyze("Je veux résilier mon abonnement")
    assert result.urgency == "high"
    assert {"account", "price"} & set(result.topics)


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("Livraison en retard", "normal"),
        ("The product is bad", "normal"),
        ("Très bon produit", "low"),
        ("Order 123", "low"),
        ("Great service", "low"),
    ],
)
def test_urgency_normal_and_low(text: str, urgency: str) -> None:
    assert analyze(text).urgency == urgency


@pytest.mark.parametrize(
    "text", ["Le plat du jour était bon", "Un plat correct, service rapide", "Le plat était délicieux"]
)
def test_a_dish_is_not_flat(text: str) -> None:
    assert analyze(text, "fr").sentiment == "positive"


@pytest.mark.parametrize("text", ["Le style est plat", "Une écriture plate et sans relief", "C'est trop plat"])
def test_flat_as_an_attribute_is_negative(text: str) -> None:
    assert analyze(text, "fr").sentiment == "negative"


def test_a_site_may_keep_the_default_topics_and_add_its_own() -> None:
    own = {"loyalty": ["fidélité", "points"], "delivery": ["coursier"]}
    kept = site_taxonomy(own, keep_defaults=True)
    result = analyze("Mes points fidélité ont disparu et le site plante", taxonomy=kept)
    assert result.topics == ["website", "loyalty"]  # defaults first, then the site's own
    # A topic of its own with a default's key replaces that default's keywords.
    assert analyze("Le coursier était en retard", taxonomy=kept).topics == ["delivery"]
    assert analyze("Livraison en retard", taxonomy=kept).topics == ["other"]
    # Without keeping them, its topics are the only ones; with none of its own, the defaults.
    assert analyze("Le site plante", taxonomy=site_taxonomy(own, keep_defaults=False)).topics == ["other"]
    assert site_taxonomy(None, keep_defaults=True) is None and site_taxonomy({}, keep_defaults=False) is None
