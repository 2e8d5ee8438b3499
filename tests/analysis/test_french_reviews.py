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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "peu" + adjective denies it; "un peu" only softens
        ("Un scénario peu crédible.", "negative"),
        ("Des personnages très peu attachants.", "negative"),
        ("Un quartier peu bruyant.", "positive"),
        ("Un peu cher mais vraiment excellent", "positive"),
        ("Peu à peu, l'intrigue devient captivante.", "positive"),
    ],
)
def test_peu_denies_the_adjective(text: str, expected: str) -> None:
    assert sentiment(text) == expected


def test_faint_praise_does_not_outweigh_criticism() -> None:
    assert sentiment("Sympa, mais des longueurs et une fin bâclée.") == "negative"
    assert sentiment("Intéressant, mais trop répétitif et prévisible.") == "negative"
    # on its own, faint praise is still praise
    assert sentiment("Un accueil correct et un vendeur sympa.") == "positive"
    assert sentiment("Se laisse lire.") == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "Ce genre de polar, ce n'est pas pour moi.",
        "Pas ma tasse de thé.",
        "Ce roman m'a laissée de marbre.",
        "Je ne suis jamais rentré dedans.",
        "L'histoire ne décolle pas.",
        "Je ne me suis pas attachée aux héros.",
        "Je n'ai pas été séduit par cette saga.",
        "Aucune envie de lire la suite.",
        "Une fin qui tombe à plat.",
        "Un album sans réelle saveur.",
        "Ce n'est pas ce que j'attendais.",
    ],
)
def test_reader_did_not_connect(text: str) -> None:
    assert sentiment(text) == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'ai eu du mal à accrocher à ce récit.", "negative"),
        ("L'auteur peine à convaincre.", "negative"),
        ("Difficile de s'attacher à ces personnages.", "negative"),
        ("Impossible de s'ennuyer avec ce thriller.", "positive"),
    ],
)
def test_difficulty_denies_the_infinitive(text: str, expected: str) -> None:
    result = analyze(text, "fr")
    assert result.sentiment == expected


def test_books_are_not_deliveries() -> None:
    """ "livres" (books) and "livrés" (delivered) fold to the same form: books carry no sentiment."""
    assert sentiment("J'achète des livres pour mes enfants.") == "neutral"
    assert sentiment("Colis jamais livrés.") == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sans doute hélas un tome de trop.", "negative"),  # "sans doute" is no negation
        ("Ça commençait bien, puis plus rien.", "negative"),  # a good start announces the decline
        ("Ça commence bien : colis en retard.", "negative"),
        ("Je ne partage pas l'enthousiasme général.", "negative"),
        ("Zut, encore un tome raté.", "negative"),
        ("J'ai été gênée par certaines scènes.", "negative"),
        ("Une vraie épreuve que ces trois cents pages.", "negative"),
        ("Une valise solide, à l'épreuve des voyages.", "positive"),
    ],
)
def test_hedges_and_reading_markers(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "jamais … aussi / autant" after the word is an extreme, not a denial
        ("Je n'ai jamais abandonné un livre aussi vite.", "negative"),
        ("Je ne me suis jamais ennuyée autant.", "negative"),
        # without the comparison, "jamais" still denies
        ("Je n'ai jamais été déçu par ce vendeur.", "positive"),
        ("Je n'ai jamais abandonné.", "positive"),
    ],
)
def test_never_with_a_comparison_after_the_word(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Une introduction prometteuse, puis j'ai vite déchanté.",
        "J'ai dû abandonner au bout de cinquante pages.",
        "Un essai qui ne brasse que du vent.",
        "Cette fin m'est restée en travers de la gorge.",
        "Je ne comprends toujours pas la fin.",
        "Je ne suis pas le public visé.",
    ],
)
def test_more_review_complaints(text: str) -> None:
    assert sentiment(text) == "negative"


def test_third_person_comprend_is_no_complaint() -> None:
    assert sentiment("Le prix ne comprend pas la livraison.") != "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a degree word makes "bien" an opinion, whatever word follows it
        ("J'ai trouvé moins bien la nouvelle formule.", "negative"),
        ("La nouvelle version est moins bien que l'ancienne.", "negative"),
        ("Le service client répond moins bien qu'avant.", "negative"),
        # "bien que" without a degree word is still a concession
        ("Bien que cher, il est excellent.", "positive"),
        # before a pronoun or a determiner, "bien" only affirms
        ("Je veux bien vous croire.", "neutral"),
        ("Je me souviens bien de ma première commande.", "neutral"),
        # elsewhere it is praise
        ("Ça marche bien.", "positive"),
    ],
)
def test_bien_affirms_or_grades(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a fixed expression of disinterest is not cancelled by a manner adverb
        ("Lu rapidement, sans grand intérêt.", "negative"),
        ("Installé rapidement, un gadget sans grand intérêt.", "negative"),
        # speed is praise when it is the service that was fast
        ("Colis livré rapidement, merci.", "positive"),
        ("Le SAV m'a répondu très rapidement et a été efficace.", "positive"),
        ("Commande expédiée rapidement.", "positive"),
    ],
)
def test_speed_is_praise_for_a_service_only(text: str, expected: str) -> None:
    assert sentiment(text) == expected


def test_sans_grand_interet_weighs_like_its_siblings() -> None:
    """ "sans grand intérêt" is as dismissive as "pas grand intérêt" and "sans intérêt"."""
    scores = [analyze(text, "fr").score for text in ("Sans grand intérêt.", "Pas grand intérêt.", "Sans intérêt.")]
    assert scores[0] == scores[1] == scores[2] < 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "merci de" + a request is a polite imperative, "merci d'avance" a closing formula
        ("Quand ma commande sera-t-elle expédiée ? Merci d'avance.", "neutral"),
        ("Merci de bien vouloir me rappeler.", "neutral"),
        ("Merci de me transmettre la facture.", "neutral"),
        ("Je n'ai toujours pas reçu ma commande, merci de me tenir au courant.", "negative"),
        # thanks for something done are still thanks
        ("Merci de m'avoir rappelé aussi vite.", "positive"),
        ("Merci pour votre patience.", "positive"),
    ],
)
def test_thanks_in_a_request_are_not_praise(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bien moins cher qu'en magasin.", "positive"),
        ("Plus cher qu'ailleurs pour la même qualité.", "negative"),
        ("L'abonnement est cher.", "negative"),
        ("Des accessoires hors de prix.", "negative"),
        # "cher" as a greeting is no price
        ("Cher client, votre commande a été expédiée.", "neutral"),
    ],
)
def test_price_comparisons(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "le" / "l'" stands for the opinion just said, which the denial takes back
        ("Ravie de l'accueil, je l'ai beaucoup moins été du délai de livraison.", "negative"),
        ("Très satisfaite de la démo, je l'ai malheureusement moins été du produit final.", "negative"),
        ("Content du produit ? Je ne le suis pas.", "negative"),
        ("L'ancien modèle était fiable, celui-ci ne l'est pas du tout.", "negative"),
        ("Le livreur était aimable, le vendeur l'était nettement moins.", "negative"),
        # without a denial, or with "plus" meaning more, the opinion stands
        ("Le service était excellent et il l'est toujours.", "positive"),
        ("Ravi de ma commande, je le suis plus que jamais.", "positive"),
        # nothing said before: nothing to take back
        ("Je ne le suis pas.", "neutral"),
    ],
)
def test_elided_opinion_taken_back(text: str, expected: str) -> None:
    assert sentiment(text) == expected


def test_elided_opinion_is_scored_by_the_single_pass() -> None:
    from chalicelib.analysis.lexicon import LEXICONS
    from chalicelib.analysis.normalize import tokenize
    from chalicelib.analysis.sentiment import score_tokens

    text = "Ravie de l'accueil, je l'ai moins été du délai."
    full = score_tokens(tokenize(text), LEXICONS["fr"])
    offline = analyze(text, "fr")
    assert offline.score == full.score < 0
    assert "ellipsis:moins" in offline.evidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "pas moins" is as much, "pas peu" is very
        ("Le prix a augmenté, mais le service n'en reste pas moins excellent.", "positive"),
        ("Une réparation longue, le technicien n'en était pas moins aimable.", "positive"),
        ("Je ne suis pas peu fière de cet achat.", "positive"),
        # a single denial still denies
        ("Le nouveau modèle est moins efficace.", "negative"),
        ("Un vendeur peu aimable.", "negative"),
    ],
)
def test_litotes_affirm(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "pas très" / "pas trop" soften and deny, with or without "ne"
        ("Pas très pratique, ce support.", "negative"),
        ("Une notice pas trop claire.", "negative"),
        ("Le vendeur n'est pas très aimable.", "negative"),
        ("Pas très long à recevoir, et pas trop déçu du résultat.", "positive"),
        # "un peu" only softens
        ("Un peu déçue par la finition.", "negative"),
        ("Le boîtier est un peu lourd.", "negative"),
    ],
)
def test_not_very_denies(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le boîtier est un peu fragile.", "negative"),
        ("Vendeur méprisant, limite agressif.", "negative"),
        ("Fauteuil inconfortable et encombrant.", "negative"),
        ("La montre ne s'allume plus depuis la mise à jour.", "negative"),
        ("L'application plante tout le temps.", "negative"),
        ("Pas cher et efficace.", "positive"),
        ("Une interface intuitive.", "positive"),
    ],
)
def test_product_and_service_vocabulary(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # accent-free, these are other words: help, a brand, a clasp, a rule, a market
        ("J'ai demandé de l'aide au service client.", "neutral"),
        ("Je ne connais pas cette marque.", "neutral"),
        ("L'attache du bracelet est en métal.", "neutral"),
        ("Les règles de retour sont affichées en magasin.", "neutral"),
        ("Acheté au marché samedi.", "neutral"),
        ("Un beurre salé de Bretagne.", "neutral"),
        ("Chambre sale et bruyante.", "negative"),
        # spelled as the opinion, they still count
        ("Le vendeur m'a beaucoup aidé.", "positive"),
        ("Très touchée par ce petit mot dans le colis.", "positive"),
        ("Ça marche.", "positive"),
    ],
)
def test_accents_tell_words_apart(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le pantalon est trop serré à la taille.", "negative"),
        ("Une batterie à l'autonomie trop courte.", "negative"),
        ("Colis livré trop tard pour l'anniversaire.", "negative"),
        ("Trop peu de choix au menu.", "negative"),
        # colloquial "trop" before praise only intensifies
        ("C'est trop bien, je recommande.", "positive"),
    ],
)
def test_too_much_of_a_neutral_quality(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a denied opinion verb denies the clause after "que"
        ("Je ne peux pas dire que je sois satisfait.", "negative"),
        ("Je ne pense pas que ce produit soit fiable.", "negative"),
        ("Je ne dirais pas que le service est excellent.", "negative"),
        ("Je n'ai pas l'impression que le SAV soit compétent.", "negative"),
        ("Je ne peux pas dire que j'ai été déçue par ce vendeur.", "positive"),
        # the clause ends at the punctuation
        ("Je ne pense pas qu'il existe mieux, un produit excellent.", "positive"),
    ],
)
def test_denied_opinion_verb_denies_its_clause(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    "text", ["Je ne dis que du bien de cette marque.", "Ce coussin fait du bien à la nuque.", "Que du bien !"]
)
def test_bien_the_noun_is_praise(text: str) -> None:
    assert sentiment(text) == "positive"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'en ai marre de relancer le service client.", "negative"),
        ("Ras le bol.", "negative"),
        ("Ce qui m'a déplu, c'est l'emballage.", "negative"),
        ("Une réponse insultante du service client.", "negative"),
        ("Une odeur nauséabonde dans la chambre.", "negative"),
        ("On a trouvé le temps long en caisse.", "negative"),
        ("Je suis partagée sur ce produit.", "negative"),
        ("De simples excuses ne suffisent pas.", "negative"),
        # "partagé" is also "shared", "suffit" also "is enough"
        ("J'ai partagé le lien avec mes amis.", "neutral"),
        ("Un code suffit pour se connecter.", "neutral"),
    ],
)
def test_exasperation_and_mixed_feelings(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rien ne va dans cette commande.", "negative"),
        ("Depuis la mise à jour, ça ne fait qu'empirer.", "negative"),
        ("Je suis fier de mon achat.", "positive"),
        # "se fier à" (to trust) is not "fier" (proud)
        ("Je vais me fier aux avis des clients.", "neutral"),
        # "empire" (an empire) is not "empiré" (got worse)
        ("Une maquette de l'Empire State Building.", "neutral"),
        ("Le bruit a empiré.", "negative"),
        # "je préfère" compares, "mon préféré" praises
        ("Je préfère l'ancienne version.", "neutral"),
        ("Mon parfum préféré.", "positive"),
    ],
)
def test_things_go_wrong_and_pride(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "loin de" denies what follows, "pas loin" affirms it, "de loin" intensifies
        ("Loin d'être satisfaite de cette commande.", "negative"),
        ("Un service après-vente loin d'être à la hauteur.", "negative"),
        ("C'est loin d'être une mauvaise affaire.", "positive"),
        ("Pas loin d'être parfait.", "positive"),
        ("De loin le meilleur vendeur du quartier.", "positive"),
        ("Un SAV à la hauteur.", "positive"),
        # "sans conteste" is no denial
        ("Sans conteste à la hauteur de sa réputation.", "positive"),
    ],
)
def test_far_from_denies(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a negative question asserts
        ("N'est-ce pas inadmissible ?", "negative"),
        ("Ne trouvez-vous pas cela honteux ?", "negative"),
        ("N'est-il pas magnifique, ce canapé ?", "positive"),
        # a plain negation still denies
        ("Ce canapé n'est pas magnifique.", "negative"),
    ],
)
def test_negative_question_asserts(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On m'a raccroché au nez.", "negative"),
        ("Personne n'a pu me renseigner.", "negative"),
        ("On me balade de service en service.", "negative"),
        ("Aucun geste commercial malgré le retard.", "negative"),
        ("Le technicien n'est jamais venu.", "negative"),
        ("J'ai été facturé deux fois pour la même commande.", "negative"),
        ("Le remboursement se fait toujours attendre.", "negative"),
        ("Colis déposé chez un voisin sans prévenir.", "negative"),
        ("Je vais porter plainte.", "negative"),
        # the same words when things went right
        ("Le technicien est venu le lendemain.", "neutral"),
        ("Ils m'ont fait un geste commercial, merci.", "positive"),
    ],
)
def test_support_complaints(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a hyphen inside a word neither ends a negation nor breaks a phrase
        ("Livraison non-conforme.", "negative"),
        ("Qualité au rendez-vous.", "positive"),
        ("Une lecture en demi-teinte.", "negative"),
        ("Un vrai coup-de-cœur.", "positive"),
        ("Il n'y a pas grand-chose à sauver.", "negative"),
        # the inverted subject is still seen: "n'est-ce pas" asks, it does not deny
        ("N'est-elle pas superbe, cette lampe ?", "positive"),
    ],
)
def test_hyphenated_words(text: str, expected: str) -> None:
    assert sentiment(text) == expected


def test_hyphenated_words_are_split_and_flagged() -> None:
    from chalicelib.analysis.normalize import tokenize

    tokens = tokenize("rendez-vous, est-ce là - bas")
    assert [t.norm for t in tokens] == ["rendez", "vous", ",", "est", "ce", "la", "-", "bas"]
    assert [t.hyphen for t in tokens] == [False, True, False, False, True, False, False, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Je n'hésiterai pas à recommander ce magasin.", "positive"),
        ("Je n'hésiterai pas à revenir.", "positive"),
        ("N'hésitez pas à nous contacter.", "neutral"),
        ("Je n'hésiterai pas à porter plainte.", "negative"),
    ],
)
def test_no_hesitation_affirms_the_verb(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Personnel aux petits soins.", "positive"),
        ("Équipe très pro.", "positive"),
        ("Livré en 24 heures, que demander de plus ?", "positive"),
        ("Le livreur n'était pas très pro.", "negative"),
    ],
)
def test_service_praise_idioms(text: str, expected: str) -> None:
    assert sentiment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il aurait fallu me prévenir.", "negative"),
        ("Ça aurait été bien d'avoir une notice.", "negative"),
        ("J'ai connu mieux.", "negative"),
        ("L'emballage laisse à désirer.", "negative"),
        ("Aucune amélioration depuis la mise à jour.", "negative"),
        ("Une nette amélioration du service.", "positive"),
    ],
)
def test_regrets_and_shortfalls(text: str, expected: str) -> None:
    assert sentiment(text) == expected
