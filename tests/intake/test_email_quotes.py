"""strip_quoted: each French and English marker, and the false positives that must keep the customer's text."""

from __future__ import annotations

import pytest

from chalicelib.intake.email import strip_quoted

ANSWER = "Le colis est arrivé abîmé.\nMerci de me rappeler."


@pytest.mark.parametrize(
    "history",
    [
        # French attributions, on one line and wrapped by Gmail
        "Le lun. 3 juin 2024 à 10:00, Boucle <reply@in.example.com> a écrit :\n\nComment était votre visite ?",
        "Le lun. 3 juin 2024 à 10:00, Boucle <reply+abc@in.example.com>\na écrit :\n\nComment était votre visite ?",
        "Le 3 juin 2024 à 10:00, Boucle a écrit :\n> Comment était votre visite ?",
        # Outlook separators and header blocks
        "-----Message d'origine-----\nDe : Boucle\nEnvoyé : lundi 3 juin 2024 10:00\nÀ : Marie\nObjet : Votre avis",
        "-------- Message d'origine --------\nDe : Boucle <reply@in.example.com>\nDate : 03/06/24 10:00",
        "-----Original Message-----\nFrom: Boucle\nSent: Monday, June 3, 2024 10:00 AM\nTo: Marie\nSubject: Feedback",
        "De : Boucle <reply@in.example.com>\nEnvoyé : lundi 3 juin 2024 10:00\nÀ : Marie\nObjet : Votre avis",
        "From: Boucle <reply@in.example.com>\nSent: Monday, June 3, 2024 10:00 AM\nTo: Marie\nSubject: Feedback",
        "*From:* Boucle [mailto:reply@in.example.com]\n*Sent:* Monday, June 3, 2024\n*To:* Marie",
        "From: Boucle Support\nSent: Monday, June 3, 2024 10:00 AM\nTo: Marie Curie\nSubject: Feedback",
        "________________________________\nFrom: Boucle <reply@in.example.com>\nSent: Monday",
        # English attributions, on one line and wrapped
        "On Mon, Jun 3, 2024 at 10:00 AM Boucle <reply@in.example.com> wrote:\n\n> How was your visit?",
        "On Mon, Jun 3, 2024 at 10:00 AM Boucle <reply@in.example.com>\nwrote:\n\nHow was your visit?",
        "--- On Mon, 6/3/24, Boucle <reply@in.example.com> wrote:\n\nHow was your visit?",
        "> How was your visit?\n> Tell us more.",
        # Signatures and phone footers
        "-- \nMarie Curie\n06 12 34 56 78",
        "--\nMarie Curie",
        "Envoyé de mon iPhone",
        "Envoyé depuis mon mobile Orange",
        "Sent from my iPhone",
        "Sent from my Android phone",
        "Sent from my BlackBerry® wireless device",
        "Get Outlook for iOS<https://aka.ms/o0ukef>",
        "Télécharger Outlook pour Android",
        "---------- Forwarded message ----------\nFrom: Boucle <reply@in.example.com>",
    ],
)
def test_marker_removes_history_and_keeps_the_answer(history: str) -> None:
    assert strip_quoted(f"{ANSWER}\n\n{history}\n") == ANSWER


def test_footer_then_attribution_then_quote() -> None:
    text = f"{ANSWER}\n\nEnvoyé de mon iPhone\n\n> Le 3 juin 2024 à 10:00, Boucle a écrit :\n> Votre avis ?"
    assert strip_quoted(text) == ANSWER


def test_inline_answers_between_quoted_blocks_are_kept() -> None:
    text = (
        "On Mon, Jun 3, 2024 at 10:00 AM Boucle wrote:\n"
        "> Was the staff friendly?\n"
        "Yes, very.\n"
        "> Would you come back?\n"
        "Not before the parking is fixed.\n"
    )
    assert strip_quoted(text) == "Yes, very.\nNot before the parking is fixed."


def test_wrapped_attribution_in_another_language_before_a_quote() -> None:
    text = 'Привет\n02.04.2012 14:20 пользователь "bob@example.com" <\nbob@example.com> написал:\n\n> Hi\n'
    assert strip_quoted(text) == "Привет"


@pytest.mark.parametrize(
    "text",
    [
        "My husband wrote: the staff was rude and nobody answered.",
        "On Monday I wrote: please call me back. Nobody did.",
        "On the phone your colleague wrote:\nnothing at all.",
        "On 3 June your courier wrote:\nThe parcel was left in the rain.",
        "Le livreur a écrit : rien du tout.",
        "From: Paris to Lyon the train was late.",
        "Sent from my kitchen window I could see the parcel in the rain.",
        "Sent with the wrong size.\nPlease exchange it.",
        "De : la part de toute l'équipe, merci.",
        "Absolutely -- the best service in town.",
    ],
)
def test_false_positive_markers_keep_the_whole_text(text: str) -> None:
    assert strip_quoted(text) == text


def test_whitespace_and_blank_runs_are_tidied() -> None:
    assert strip_quoted("\n\n  Bonjour  \n\n\n\nMerci\n\n\n") == "  Bonjour\n\nMerci"
    assert strip_quoted("Bonjour\r\n\r\nMerci\r\n") == "Bonjour\n\nMerci"


def test_degenerate_inputs() -> None:
    assert strip_quoted("") == ""
    assert strip_quoted("> tout est cité") == ""
    assert strip_quoted(None) == ""  # type: ignore[arg-type]
