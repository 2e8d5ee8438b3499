"""Follow-up messages and answer pages, in French and English.

Each follow-up stage has an email (subject, plain text, HTML) and an SMS:

- `thanks`: thank-you for positive or neutral feedback;
- `checkin`: for negative feedback, "we read it; is your issue resolved?";
- `response`: carries the staff response, then the same yes/no question;
- `resurvey`: the NPS question, 0 to 10.

The links in a message never record an answer by themselves: mail scanners
and link previews fetch them. They open `render_confirmation_page`, whose
buttons POST the answer; `render_result_page` then says what happened.

Safety rules, kept by construction: every dynamic value (customer text,
staff response, site name, links) is HTML-escaped with `html.escape`;
templates are filled with `str.replace` on our own constants, never
`str.format` on anything a customer wrote; pages and emails load nothing
from outside (no images, fonts, scripts) and need no JavaScript. Pure and
stdlib only: nothing here touches the network or logs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from chalicelib.gsm7 import fold_to_gsm7, gsm7_length, is_gsm7, truncate_gsm7
from chalicelib.text import multiline, quote_lines, strip_controls

Lang = Literal["fr", "en"]
STAGES: tuple[str, ...] = ("thanks", "checkin", "response", "resurvey")
RESULT_KINDS: tuple[str, ...] = ("recorded", "already", "invalid", "expired", "unsubscribed")
SMS_MAX = 306  # two concatenated GSM-7 segments (2 x 153)
QUOTE_MAX = 1000  # customer text or staff response quoted in an email
SUMMARY_MAX = 300  # the feedback reminder on a confirmation page

# POST fields the confirmation forms send (the handler reads these).
FIELD_RESOLVED = "resolved"  # "yes" | "no"  (checkin, response)
FIELD_SCORE = "score"  # "0".."10"        (resurvey)
FIELD_UNSUBSCRIBE = "unsubscribe"  # "yes"  (unsubscribe)


@dataclass(frozen=True)
class LoopLinks:
    """The links a follow-up carries, each already holding its signed token.

    `answer_url` (optional) opens the question without a preset answer: the
    SMS uses it when two links do not fit, and it is required for a
    `resurvey` SMS, where eleven links never fit.
    """

    yes_url: str = ""
    no_url: str = ""
    nps_urls: Sequence[str] = field(default_factory=list)
    unsubscribe_url: str = ""
    answer_url: str = ""


@dataclass(frozen=True)
class EmailContent:
    subject: str
    text: str
    html: str


# --- wording --------------------------------------------------------------------------------------

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "hello": "Hello,",
        "colon": ": ",
        "thanks.subject": "Thank you for your feedback to {site}",
        "thanks.body": (
            "Thank you for taking the time to tell {site} about your experience. "
            "Every message is read by the team, and yours helps us improve."
        ),
        "checkin.subject": "{site}: was your issue resolved?",
        "checkin.body": (
            "We have read your feedback, and we are sorry your experience fell short. "
            "We would like to know where things stand now."
        ),
        "response.subject": "{site} replied to your feedback",
        "response.body": "The {site} team replied to your feedback:",
        "resurvey.subject": "{site}: one quick question",
        "resurvey.body": "How likely are you to recommend {site} to a friend or colleague?",
        "scale": "0 = not at all likely, 10 = extremely likely",
        "your_message": "Your message:",
        "resolved.question": "Has your issue been resolved?",
        "response.question": "Did this resolve your issue?",
        "yes": "Yes, it is resolved",
        "no": "No, not yet",
        "signoff": "Thank you,",
        "team": "The {site} team",
        "footer": (
            "You are receiving this message because you left feedback for {site} and agreed to be contacted about it."
        ),
        "unsubscribe": "Stop these messages",
        "sms.thanks": "{site}: thank you for your feedback!",
        "sms.checkin": "{site}: we read your feedback. Is your issue resolved?",
        "sms.response": "{site} replied to your feedback:",
        "sms.response.question": "Resolved?",
        "sms.resurvey": "{site}: would you recommend us to a friend? Rate us from 0 to 10.",
        "sms.answer": "Answer:",
        "sms.yes": "Yes:",
        "sms.no": "No:",
        "sms.stop": "Reply STOP to opt out",
        "page.confirm.title": "Confirm your answer",
        "page.resolved.question": "Confirm: was your issue resolved?",
        "page.yes": "Yes, resolved",
        "page.no": "No, not resolved",
        "page.resurvey.question": "How likely are you to recommend {site} to a friend or colleague?",
        "page.resurvey.hint": "Press a number to confirm your answer.",
        "page.unsubscribe.question": "Stop receiving messages about this feedback?",
        "page.unsubscribe.button": "Stop messages",
        "page.your_feedback": "Your feedback:",
        "result.recorded.title": "Thank you",
        "result.recorded": "Your answer has been recorded. Thank you for letting us know.",
        "result.already.title": "Already answered",
        "result.already": "Your answer was already recorded. Thank you.",
        "result.invalid.title": "Link not valid",
        "result.invalid": "This link is not valid. It may have been copied incompletely.",
        "result.expired.title": "Link expired",
        "result.expired": "This link has expired, so no answer was recorded.",
        "result.unsubscribed.title": "Unsubscribed",
        "result.unsubscribed": "You will no longer receive messages about this feedback.",
    },
    "fr": {
        "hello": "Bonjour,",
        "colon": " : ",
        "thanks.subject": "Merci pour votre avis sur {site}",
        "thanks.body": (
            "Merci d’avoir pris le temps de partager votre expérience avec {site}. "
            "Chaque message est lu par l’équipe, et le vôtre nous aide à nous améliorer."
        ),
        "checkin.subject": "{site} : votre problème est-il résolu ?",
        "checkin.body": (
            "Nous avons lu votre avis et nous sommes désolés que votre expérience n’ait pas été à la hauteur. "
            "Nous aimerions savoir où en sont les choses."
        ),
        "response.subject": "{site} a répondu à votre avis",
        "response.body": "L’équipe {site} a répondu à votre avis :",
        "resurvey.subject": "{site} : une question rapide",
        "resurvey.body": "Quelle est la probabilité que vous recommandiez {site} à un ami ou à un collègue ?",
        "scale": "0 = pas du tout probable, 10 = très probable",
        "your_message": "Votre message :",
        "resolved.question": "Votre problème a-t-il été résolu ?",
        "response.question": "Cette réponse a-t-elle résolu votre problème ?",
        "yes": "Oui, c’est résolu",
        "no": "Non, pas encore",
        "signoff": "Merci,",
        "team": "L’équipe {site}",
        "footer": (
            "Vous recevez ce message parce que vous avez laissé un avis à {site} "
            "et accepté d’être recontacté à ce sujet."
        ),
        "unsubscribe": "Ne plus recevoir ces messages",
        "sms.thanks": "{site} : merci pour votre avis !",
        "sms.checkin": "{site} : nous avons lu votre avis. Problème résolu ?",
        "sms.response": "{site} a répondu à votre avis :",
        "sms.response.question": "Résolu ?",
        "sms.resurvey": "{site} : nous recommanderiez-vous à un proche ? Notez-nous de 0 à 10.",
        "sms.answer": "Répondre :",
        "sms.yes": "Oui :",
        "sms.no": "Non :",
        "sms.stop": "Répondez STOP (ou ARRET) pour vous désabonner",
        "page.confirm.title": "Confirmez votre réponse",
        "page.resolved.question": "Confirmez : votre problème a-t-il été résolu ?",
        "page.yes": "Oui, c’est résolu",
        "page.no": "Non, pas résolu",
        "page.resurvey.question": "Quelle est la probabilité que vous recommandiez {site} à un ami ou à un collègue ?",
        "page.resurvey.hint": "Appuyez sur une note pour confirmer votre réponse.",
        "page.unsubscribe.question": "Ne plus recevoir de messages au sujet de cet avis ?",
        "page.unsubscribe.button": "Ne plus recevoir de messages",
        "page.your_feedback": "Votre avis :",
        "result.recorded.title": "Merci",
        "result.recorded": "Votre réponse a bien été enregistrée. Merci de nous avoir répondu.",
        "result.already.title": "Déjà répondu",
        "result.already": "Votre réponse avait déjà été enregistrée. Merci.",
        "result.invalid.title": "Lien non valide",
        "result.invalid": "Ce lien n’est pas valide. Il a peut-être été copié de façon incomplète.",
        "result.expired.title": "Lien expiré",
        "result.expired": "Ce lien a expiré : aucune réponse n’a été enregistrée.",
        "result.unsubscribed.title": "Désabonnement confirmé",
        "result.unsubscribed": "Vous ne recevrez plus de messages au sujet de cet avis.",
    },
}

# --- styles ---------------------------------------------------------------------------------------

_FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
_BUTTON = "display:inline-block;padding:10px 18px;margin:0 8px 8px 0;border-radius:4px;text-decoration:none;"
_BUTTON_YES = _BUTTON + "background:#1a7f37;color:#ffffff;"
_BUTTON_NO = _BUTTON + "background:#ffffff;color:#1f2328;border:1px solid #8c959f;"
_NPS_CELL = (
    "display:inline-block;min-width:28px;padding:8px 0;text-align:center;border:1px solid #8c959f;"
    "border-radius:4px;color:#1f2328;text-decoration:none;"
)
_QUOTE = "margin:0 0 16px;padding:8px 12px;border-left:3px solid #d0d7de;color:#424a53;"

PAGE_CSS = (
    "body{margin:0;background:#f6f8fa;color:#1f2328;font:16px/1.5 " + _FONT + "}"
    "main{max-width:32rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d0d7de;border-radius:6px}"
    "h1{font-size:1.25rem;margin:0 0 1rem}"
    "blockquote{margin:0 0 1rem;padding:.5rem .75rem;border-left:3px solid #d0d7de;color:#424a53}"
    "form{margin:0}"
    "button{font:inherit;padding:.6rem 1.1rem;margin:0 .5rem .5rem 0;border-radius:4px;cursor:pointer;"
    "border:1px solid #8c959f;background:#fff;color:#1f2328}"
    "button.primary{background:#1a7f37;border-color:#1a7f37;color:#fff}"
    ".scale button{min-width:2.5rem;padding:.5rem 0;margin:0 .25rem .25rem 0}"
    ".hint{font-size:.875rem;color:#59636e}"
)
# A Content-Security-Policy the handler can send with every page: nothing may
# load, only our inline style block applies, forms post back to us only.
PAGE_CSP = (
    "default-src 'none'; style-src 'sha256-"
    + base64.b64encode(hashlib.sha256(PAGE_CSS.encode()).digest()).decode()
    + "'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

_FIELD_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


# --- public API -----------------------------------------------------------------------------------


def choose_language(item_language: str | None, site_locale: str | None = None) -> Lang:
    """The item's language when it is French or English, else the site's locale, else English."""
    for candidate in (item_language, site_locale):
        code = _lang_code(candidate)
        if code is not None:
            return code
    return "en"


def render_email(item: Mapping[str, Any], stage: str, links: LoopLinks, site_name: str, lang: str) -> EmailContent:
    """The follow-up email for one stage.

    The language is the item's ("fr" or "en"); `lang` is the site's locale,
    used when the item's language is undetermined. Raises ValueError for an
    unknown stage, a missing or unsafe link, or a `response` stage without a
    staff response.
    """
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    code = choose_language(_str(item.get("language")), lang)
    words = _TEXT[code]
    site = _line(site_name, 80) or "boucle"
    unsubscribe = _url(links.unsubscribe_url, "unsubscribe_url")

    def say(key: str) -> str:
        return words[key].replace("{site}", site)

    subject = _line(say(stage + ".subject"), 150)
    text: list[str] = [say("hello"), ""]
    body: list[str] = ["<p>" + _esc(say("hello")) + "</p>"]
    customer_text = multiline(_str(item.get("text")), QUOTE_MAX)

    if stage in ("thanks", "checkin"):
        text += [say(stage + ".body"), ""]
        body.append("<p>" + _esc(say(stage + ".body")) + "</p>")
        if customer_text:
            text += [say("your_message"), quote_lines(customer_text), ""]
            body += ["<p>" + _esc(say("your_message")) + "</p>", _blockquote(customer_text)]
    if stage == "response":
        response = multiline(_str(item.get("response")), QUOTE_MAX)
        if not response:
            raise ValueError("the response stage needs the staff response")
        text += [say("response.body"), quote_lines(response), ""]
        body += ["<p>" + _esc(say("response.body")) + "</p>", _blockquote(response)]
        if customer_text:
            text += [say("your_message"), quote_lines(customer_text), ""]
            body += ["<p>" + _esc(say("your_message")) + "</p>", _blockquote(customer_text)]
    if stage in ("checkin", "response"):
        yes, no = _url(links.yes_url, "yes_url"), _url(links.no_url, "no_url")
        question = say("resolved.question" if stage == "checkin" else "response.question")
        text += [question, say("yes") + say("colon") + yes, say("no") + say("colon") + no, ""]
        body += [
            "<p><strong>" + _esc(question) + "</strong></p>",
            "<p>" + _button(yes, say("yes"), _BUTTON_YES) + "\n" + _button(no, say("no"), _BUTTON_NO) + "</p>",
        ]
    if stage == "resurvey":
        urls = _nps_urls(links.nps_urls)
        text += [say("resurvey.body"), say("scale"), ""]
        text += [str(score) + say("colon") + url for score, url in enumerate(urls)] + [""]
        cells = "".join(
            '<td style="padding:2px">' + _button(url, str(score), _NPS_CELL) + "</td>" for score, url in enumerate(urls)
        )
        body += [
            "<p><strong>" + _esc(say("resurvey.body")) + "</strong></p>",
            '<table role="presentation" style="border-collapse:collapse"><tr>' + cells + "</tr></table>",
            '<p style="font-size:13px;color:#59636e">' + _esc(say("scale")) + "</p>",
        ]

    text += [say("signoff"), say("team"), "", "-- ", say("footer"), say("unsubscribe") + say("colon") + unsubscribe, ""]
    body += [
        "<p>" + _esc(say("signoff")) + "<br>" + _esc(say("team")) + "</p>",
        '<hr style="border:0;border-top:1px solid #d0d7de;margin:24px 0 12px">',
        '<p style="font-size:12px;color:#59636e">'
        + _esc(say("footer"))
        + "<br>"
        + '<a href="'
        + _esc(unsubscribe)
        + '" style="color:#59636e">'
        + _esc(say("unsubscribe"))
        + "</a></p>",
    ]
    page = _document(
        code,
        subject,
        '<body style="margin:0;padding:0;background:#f6f8fa">\n'
        '<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;color:#1f2328;'
        "font-family:" + _FONT + ';font-size:16px;line-height:1.5">\n' + "\n".join(body) + "\n</div>\n</body>",
    )
    return EmailContent(subject=subject, text="\n".join(text), html=page)


def render_sms(item: Mapping[str, Any], stage: str, links: LoopLinks, site_name: str, lang: str) -> str:
    """The follow-up SMS: GSM-7 only (accents folded), at most 306 septets (two segments).

    It always carries the opt-out instruction in the reader's language, and
    the answer link(s): `answer_url` when given, else the yes and no links
    (checkin, response). A `resurvey` SMS needs `answer_url`. The staff
    response is shortened to fit. Raises ValueError when the links alone
    leave no room, for an unknown stage or a missing link.
    """
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    words = _TEXT[choose_language(_str(item.get("language")), lang)]
    stop = fold_to_gsm7(words["sms.stop"])
    links_part = ""
    if stage in ("checkin", "response", "resurvey"):
        if links.answer_url:
            links_part = fold_to_gsm7(words["sms.answer"]) + " " + _sms_url(links.answer_url, "answer_url")
        elif stage == "resurvey":
            raise ValueError("a resurvey SMS needs answer_url")
        else:
            links_part = (
                fold_to_gsm7(words["sms.yes"])
                + " "
                + _sms_url(links.yes_url, "yes_url")
                + " "
                + fold_to_gsm7(words["sms.no"])
                + " "
                + _sms_url(links.no_url, "no_url")
            )
    if stage == "response" and not _str(item.get("response")).strip():
        raise ValueError("the response stage needs the staff response")
    response = fold_to_gsm7(_str(item.get("response"))[:2000]) if stage == "response" else ""

    for site_limit in (40, 20):
        site = fold_to_gsm7(_line(site_name, 200))
        site = truncate_gsm7(site, site_limit) if site else "boucle"
        intro = fold_to_gsm7(words["sms." + stage].replace("{site}", site))
        if stage == "response":
            question = fold_to_gsm7(words["sms.response.question"])
            room = SMS_MAX - gsm7_length(" ".join([intro, '""', question, links_part, stop]))
            if room >= 10 and response:
                parts = [intro, '"' + truncate_gsm7(response, room) + '"', question, links_part, stop]
            else:
                parts = [intro, question, links_part, stop]
        else:
            parts = [intro, links_part, stop]
        sms = " ".join(part for part in parts if part)
        if gsm7_length(sms) <= SMS_MAX:
            return sms
    raise ValueError("the links leave no room in a two-segment SMS; pass a shorter answer_url")


def render_confirmation_page(
    lang: str,
    stage: str,
    item_summary: str | None,
    answer: str | int | None,
    action_url: str,
    hidden_fields: Mapping[str, str] | None = None,
    site_name: str | None = None,
) -> str:
    """The page a GET on an answer link shows: the answer is recorded only by POSTing its form.

    Stages: `checkin` and `response` (buttons post `resolved=yes|no`, the
    preset `answer` first and highlighted), `resurvey` (a 0-10 row posting
    `score`, the preset score highlighted) and `unsubscribe` (posts
    `unsubscribe=yes`). `hidden_fields` (e.g. a form nonce) are posted too.
    Raises ValueError for another stage, a bad action URL or field name.
    """
    code = _lang_code(lang) or "en"
    words = _TEXT[code]
    site = _line(site_name or "", 80) or "boucle"
    action = _action_url(action_url)
    hidden = ""
    for name, value in (hidden_fields or {}).items():
        if not _FIELD_NAME.fullmatch(name) or name in (FIELD_RESOLVED, FIELD_SCORE, FIELD_UNSUBSCRIBE):
            raise ValueError(f"invalid hidden field name {name!r}")
        hidden += '<input type="hidden" name="' + name + '" value="' + _esc(_line(str(value), 500)) + '">\n'

    if stage in ("checkin", "response"):
        question = words["page.resolved.question"]
        options = [("yes", words["page.yes"]), ("no", words["page.no"])]
        if answer == "no":
            options.reverse()
        buttons = "\n".join(
            _submit(FIELD_RESOLVED, value, label, primary=(value == answer)) for value, label in options
        )
        controls = "<p>" + buttons + "</p>"
    elif stage == "resurvey":
        question = words["page.resurvey.question"].replace("{site}", site)
        preset = answer if isinstance(answer, int) and not isinstance(answer, bool) else None
        buttons = "\n".join(
            _submit(FIELD_SCORE, str(score), str(score), primary=(score == preset)) for score in range(11)
        )
        controls = (
            '<p class="scale">'
            + buttons
            + '</p>\n<p class="hint">'
            + _esc(words["scale"])
            + "<br>"
            + _esc(words["page.resurvey.hint"])
            + "</p>"
        )
    elif stage == "unsubscribe":
        question = words["page.unsubscribe.question"]
        controls = "<p>" + _submit(FIELD_UNSUBSCRIBE, "yes", words["page.unsubscribe.button"], primary=True) + "</p>"
    else:
        raise ValueError(f"stage {stage!r} has no question to confirm")

    summary = _line(item_summary or "", SUMMARY_MAX)
    quoted = (
        "<p>" + _esc(words["page.your_feedback"]) + "</p>\n<blockquote>" + _esc(summary) + "</blockquote>\n"
        if summary
        else ""
    )
    main = (
        "<h1>"
        + _esc(question)
        + "</h1>\n"
        + quoted
        + '<form method="post" action="'
        + _esc(action)
        + '">\n'
        + hidden
        + controls
        + "\n</form>"
    )
    return _page(code, words["page.confirm.title"] + " · " + site, main)


def render_result_page(lang: str, kind: str, site_name: str | None = None) -> str:
    """The page after an answer (or a bad link): recorded, already, invalid, expired or unsubscribed."""
    if kind not in RESULT_KINDS:
        raise ValueError(f"unknown result kind {kind!r}")
    code = _lang_code(lang) or "en"
    words = _TEXT[code]
    site = _line(site_name or "", 80) or "boucle"
    title = words["result." + kind + ".title"]
    main = "<h1>" + _esc(title) + "</h1>\n<p>" + _esc(words["result." + kind]) + "</p>"
    return _page(code, title + " · " + site, main)


# --- helpers --------------------------------------------------------------------------------------


def _lang_code(value: str | None) -> Lang | None:
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if code == "fr":
        return "fr"
    if code == "en":
        return "en"
    return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _esc(value: str) -> str:
    return html.escape(value, quote=True)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _line(text: str, limit: int) -> str:
    """One clean line (no control characters, whitespace collapsed), at most `limit` characters."""
    return _cut(" ".join(strip_controls(text[: limit * 4], keep_newlines=False).split()), limit)


def _blockquote(text: str) -> str:
    return (
        '<blockquote style="' + _QUOTE + '">' + "<br>\n".join(_esc(line) for line in text.split("\n")) + "</blockquote>"
    )


def _url(value: str, name: str) -> str:
    """A link we put in a message: absolute http(s), ASCII, no whitespace or quotes."""
    if (
        not isinstance(value, str)
        or not value.startswith(("https://", "http://"))
        or not value.isascii()
        or any(char.isspace() or char in "\"'<>`" or ord(char) < 32 or ord(char) == 127 for char in value)
        or len(value) > 2000
    ):
        raise ValueError(f"{name} must be an absolute http(s) URL")
    return value


def _sms_url(value: str, name: str) -> str:
    url = _url(value, name)
    if not is_gsm7(url):
        raise ValueError(f"{name} has characters that GSM-7 cannot carry")
    return url


def _action_url(value: str) -> str:
    """The form's target: absolute http(s), or a path on this site."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        return _url("https://x" + value, "action_url")[len("https://x") :]
    return _url(value, "action_url")


def _nps_urls(urls: Sequence[str]) -> list[str]:
    if isinstance(urls, str) or len(urls) != 11:
        raise ValueError("a resurvey needs 11 nps_urls, for 0 to 10")
    return [_url(url, "nps_urls") for url in urls]


def _button(url: str, label: str, style: str) -> str:
    return '<a href="' + _esc(url) + '" style="' + style + '">' + _esc(label) + "</a>"


def _submit(name: str, value: str, label: str, primary: bool) -> str:
    css = ' class="primary"' if primary else ""
    return (
        '<button type="submit" name="' + name + '" value="' + _esc(value) + '"' + css + ">" + _esc(label) + "</button>"
    )


def _document(lang: Lang, title: str, body: str, style: str = "") -> str:
    """An HTML5 document: charset, viewport, no indexing, no referrer (links carry tokens)."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="' + lang + '">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        '<meta name="referrer" content="no-referrer">\n'
        "<title>" + _esc(title) + "</title>\n" + style + "</head>\n" + body + "\n</html>\n"
    )


def _page(lang: Lang, title: str, main: str) -> str:
    return _document(lang, title, "<body>\n<main>\n" + main + "\n</main>\n</body>", "<style>" + PAGE_CSS + "</style>\n")
