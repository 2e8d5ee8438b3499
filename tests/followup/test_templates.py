"""Follow-up emails, SMS and answer pages: language, escaping, links, opt-out, GET never answers."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from chalicelib.followup.templates import (
    PAGE_CSP,
    RESULT_KINDS,
    STAGES,
    EmailContent,
    LoopLinks,
    choose_language,
    render_confirmation_page,
    render_email,
    render_result_page,
    render_sms,
)
from chalicelib.gsm7 import gsm7_length, is_gsm7

XSS = "<img src=x onerror=alert(1)>"
TOKEN = "EQGQAAAAAAAAAAAAAAAAAAr_____.jDICS6y-vw3dHGLMoTMY7w"
BASE = "https://feedback.example.com/v1/loop/" + TOKEN
LINKS = LoopLinks(
    yes_url=BASE + "?resolved=yes",
    no_url=BASE + "?resolved=no",
    nps_urls=[f"{BASE}?score={score}" for score in range(11)],
    unsubscribe_url=BASE + "/unsubscribe",
    answer_url=BASE,
)
VOID = {"meta", "br", "hr", "input", "img", "link", "wbr", "area", "base", "col", "embed", "source", "track"}


def make_item(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": "01HZX3Q4R5S6T7V8W9XAYBZC0D",
        "site": "demo",
        "language": "fr",
        "text": "Colis jamais arrivé, service client injoignable",
        "response": "Nous avons renvoyé votre colis hier.",
        "email": "jane@example.org",
        "consent_followup": True,
    }
    item.update(overrides)
    return item


class Page(HTMLParser):
    """A strict-enough HTML5 reader: balanced tags, and every tag and attribute recorded."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.doctype = ""
        self.feed(document)
        self.close()
        assert self.stack == [], f"unclosed tags: {self.stack}"

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"unexpected </{tag}> with open {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def assert_safe_document(document: str, lang: str) -> Page:
    page = Page(document)
    assert page.doctype.lower() == "doctype html"
    assert page.find("html") == [{"lang": lang}]
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in page.find("meta")
    assert {"charset": "utf-8"} in page.find("meta")
    assert len(page.find("title")) == 1
    # No scripts, no external resources, no inline event handlers.
    for forbidden in ("script", "img", "link", "iframe", "object", "embed", "base"):
        assert page.find(forbidden) == [], forbidden
    for _, attrs in page.tags:
        assert "src" not in attrs
        assert not any(name.startswith("on") for name in attrs)
    lowered = document.lower()
    assert "url(" not in lowered and "@import" not in lowered and "javascript:" not in lowered
    return page


# --- language -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item_language", "site_locale", "expected"),
    [
        ("fr", "en", "fr"),
        ("en", "fr", "en"),
        ("und", "fr", "fr"),
        ("und", "fr-FR", "fr"),
        ("und", "fr_CA", "fr"),
        ("und", "de", "en"),
        ("und", None, "en"),
        (None, "fr", "fr"),
        ("de", "fr", "fr"),
    ],
)
def test_choose_language(item_language: str | None, site_locale: str | None, expected: str) -> None:
    assert choose_language(item_language, site_locale) == expected


def test_email_language_follows_item_then_site() -> None:
    french = render_email(make_item(language="fr"), "checkin", LINKS, "Demo", "en")
    english = render_email(make_item(language="en"), "checkin", LINKS, "Demo", "fr")
    undetermined = render_email(make_item(language="und"), "checkin", LINKS, "Demo", "fr-FR")
    fallback = render_email(make_item(language="und"), "checkin", LINKS, "Demo", "de")
    assert "Bonjour" in french.text and '<html lang="fr">' in french.html
    assert "Hello" in english.text and '<html lang="en">' in english.html
    assert "Bonjour" in undetermined.text
    assert "Hello" in fallback.text


# --- emails ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_stage_renders_a_complete_safe_email(stage: str, language: str) -> None:
    email = render_email(make_item(language=language), stage, LINKS, "Demo shop", "en")
    assert isinstance(email, EmailContent)
    assert "Demo shop" in email.subject and "\n" not in email.subject
    assert_safe_document(email.html, language)
    # Unsubscribe in both parts.
    assert LINKS.unsubscribe_url in email.text
    assert f'href="{LINKS.unsubscribe_url}"' in email.html
    assert ("Ne plus recevoir ces messages" if language == "fr" else "Stop these messages") in email.text


@pytest.mark.parametrize("stage", ["checkin", "response"])
def test_yes_no_links_in_both_parts(stage: str) -> None:
    email = render_email(make_item(language="en"), stage, LINKS, "Demo", "en")
    for url in (LINKS.yes_url, LINKS.no_url):
        assert url in email.text
    hrefs = [attrs["href"] for attrs in Page(email.html).find("a")]
    assert LINKS.yes_url in hrefs and LINKS.no_url in hrefs
    assert "Yes, it is resolved: " + LINKS.yes_url in email.text
    french = render_email(make_item(language="fr"), stage, LINKS, "Demo", "en")
    assert "Oui, c’est résolu : " + LINKS.yes_url in french.text


def test_thanks_has_no_answer_links() -> None:
    email = render_email(make_item(language="en"), "thanks", LINKS, "Demo", "en")
    assert LINKS.yes_url not in email.text and LINKS.yes_url not in email.html
    assert "Thank you for taking the time" in email.text


def test_resurvey_has_11_links_in_order() -> None:
    email = render_email(make_item(language="en"), "resurvey", LINKS, "Demo", "en")
    hrefs = [attrs["href"] for attrs in Page(email.html).find("a")]
    assert hrefs[:11] == list(LINKS.nps_urls)
    for score, url in enumerate(LINKS.nps_urls):
        assert f"{score}: {url}" in email.text
    assert "0 = not at all likely, 10 = extremely likely" in email.text


@pytest.mark.parametrize("count", [0, 10, 12])
def test_resurvey_needs_exactly_11_links(count: int) -> None:
    links = LoopLinks(nps_urls=[BASE] * count, unsubscribe_url=LINKS.unsubscribe_url)
    with pytest.raises(ValueError):
        render_email(make_item(), "resurvey", links, "Demo", "en")


def test_customer_text_and_staff_response_are_escaped() -> None:
    item = make_item(language="en", text="Broken " + XSS + "\nsecond line", response="Sorry " + XSS + " & thanks")
    email = render_email(item, "response", LINKS, "Demo " + XSS, "en")
    assert XSS not in email.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in email.html
    assert "Sorry &lt;img src=x onerror=alert(1)&gt; &amp; thanks" in email.html
    page = assert_safe_document(email.html, "en")
    assert XSS in page.all_text  # shown as text, never as markup
    # The plain-text part quotes them as they are: it is never interpreted.
    assert "> Sorry " + XSS + " & thanks" in email.text
    assert "> Broken " + XSS + "\n> second line" in email.text


def test_quoted_text_is_capped_and_cleaned() -> None:
    item = make_item(language="en", text="a" * 50_000 + "\x1b[31m\u202e", response=None)
    email = render_email(item, "checkin", LINKS, "Demo", "en")
    quoted = [line for line in email.text.splitlines() if line.startswith("> ")]
    assert len(quoted) == 1 and len(quoted[0]) <= 1002 and quoted[0].endswith("…")
    assert "\x1b" not in email.html and "\u202e" not in email.text


def test_subject_cannot_be_injected_through_site_name() -> None:
    email = render_email(make_item(language="en"), "checkin", LINKS, "Demo\r\nBcc: victim@example.org", "en")
    assert "\r" not in email.subject and "\n" not in email.subject


def test_template_placeholders_in_customer_text_are_not_expanded() -> None:
    item = make_item(language="en", text="{site} {0} {__class__} %s", response="{site}")
    email = render_email(item, "response", LINKS, "Demo", "en")
    assert "> {site} {0} {__class__} %s" in email.text
    assert "> {site}" in email.text


def test_response_stage_requires_a_response() -> None:
    with pytest.raises(ValueError):
        render_email(make_item(response=None), "response", LINKS, "Demo", "en")
    with pytest.raises(ValueError):
        render_sms(make_item(response="  "), "response", LINKS, "Demo", "en")


@pytest.mark.parametrize(
    "links",
    [
        LoopLinks(yes_url=LINKS.yes_url, no_url=LINKS.no_url),  # no unsubscribe
        LoopLinks(yes_url="javascript:alert(1)", no_url=LINKS.no_url, unsubscribe_url=LINKS.unsubscribe_url),
        LoopLinks(yes_url=LINKS.yes_url + '" onclick="x', no_url=LINKS.no_url, unsubscribe_url=LINKS.unsubscribe_url),
        LoopLinks(yes_url="", no_url=LINKS.no_url, unsubscribe_url=LINKS.unsubscribe_url),
    ],
)
def test_unsafe_or_missing_links_are_refused(links: LoopLinks) -> None:
    with pytest.raises(ValueError):
        render_email(make_item(), "checkin", links, "Demo", "en")


def test_unknown_stage() -> None:
    with pytest.raises(ValueError):
        render_email(make_item(), "reminder", LINKS, "Demo", "en")
    with pytest.raises(ValueError):
        render_sms(make_item(), "reminder", LINKS, "Demo", "en")


# --- SMS ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_sms_is_gsm7_within_two_segments_with_opt_out(stage: str, language: str) -> None:
    sms = render_sms(make_item(language=language), stage, LINKS, "Démo « shop »", "en")
    assert is_gsm7(sms)
    assert gsm7_length(sms) <= 306
    assert not any(char in sms for char in "éèàùç«»’")
    if language == "fr":
        assert sms.endswith("Repondez STOP (ou ARRET) pour vous desabonner")
    else:
        assert sms.endswith("Reply STOP to opt out")
    if stage != "thanks":
        assert LINKS.answer_url in sms


def test_sms_uses_yes_and_no_links_without_answer_url() -> None:
    short = "https://fb.example/l/" + TOKEN
    links = LoopLinks(yes_url=short + "?r=yes", no_url=short + "?r=no")
    sms = render_sms(make_item(language="fr"), "checkin", links, "Demo", "fr")
    assert "Oui : " + links.yes_url in sms and "Non : " + links.no_url in sms
    assert gsm7_length(sms) <= 306
    # Two full-length links and the French wording do not fit in two segments: answer_url is the way.
    with pytest.raises(ValueError):
        render_sms(
            make_item(language="fr"), "checkin", LoopLinks(yes_url=LINKS.yes_url, no_url=LINKS.no_url), "D", "fr"
        )


def test_sms_shortens_a_long_staff_response() -> None:
    item = make_item(language="fr", response="Nous sommes vraiment désolés. " * 40)
    sms = render_sms(item, "response", LINKS, "Demo", "fr")
    assert gsm7_length(sms) <= 306
    assert '"Nous sommes vraiment desoles.' in sms and '..."' in sms
    assert "Resolu ? Repondre : " + LINKS.answer_url in sms
    assert sms.endswith("ARRET) pour vous desabonner")


def test_sms_refuses_links_that_cannot_fit() -> None:
    long_url = "https://feedback.example.com/" + "x" * 300
    with pytest.raises(ValueError):
        render_sms(make_item(), "checkin", LoopLinks(answer_url=long_url), "Demo", "en")


def test_resurvey_sms_needs_answer_url() -> None:
    with pytest.raises(ValueError):
        render_sms(make_item(), "resurvey", LoopLinks(nps_urls=LINKS.nps_urls), "Demo", "en")


def test_sms_site_name_is_shortened() -> None:
    sms = render_sms(make_item(language="en"), "checkin", LINKS, "A very long site name " * 10, "en")
    assert gsm7_length(sms) <= 306
    assert sms.startswith("A very long site name A very long...: we read your feedback.")


# --- pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["checkin", "response"])
def test_confirmation_page_posts_the_answer(stage: str) -> None:
    document = render_confirmation_page("en", stage, "Parcel never arrived", "yes", "/v1/loop/" + TOKEN)
    page = assert_safe_document(document, "en")
    assert "Confirm: was your issue resolved?" in page.all_text
    forms = page.find("form")
    assert forms == [{"method": "post", "action": "/v1/loop/" + TOKEN}]
    buttons = page.find("button")
    assert [(b["name"], b["value"], b.get("type")) for b in buttons] == [
        ("resolved", "yes", "submit"),
        ("resolved", "no", "submit"),
    ]
    assert buttons[0].get("class") == "primary"
    assert "Yes, resolved" in page.all_text
    # Nothing on the page acts by itself: no script, no auto-refresh, no auto-submitting element.
    assert not [m for m in page.find("meta") if m.get("http-equiv")]
    assert "<script" not in document.lower()


def test_confirmation_page_puts_a_no_answer_first() -> None:
    page = Page(render_confirmation_page("fr", "checkin", None, "no", "/v1/loop/x"))
    buttons = page.find("button")
    assert [b["value"] for b in buttons] == ["no", "yes"]
    assert buttons[0].get("class") == "primary"
    assert "Non, pas résolu" in page.all_text


def test_confirmation_page_without_preset_answer() -> None:
    page = Page(render_confirmation_page("en", "checkin", None, None, "/v1/loop/x"))
    assert [b.get("class") for b in page.find("button")] == [None, None]


def test_confirmation_page_resurvey_row() -> None:
    document = render_confirmation_page(
        "fr", "resurvey", None, 7, "https://feedback.example.com/v1/loop/x", None, "Demo"
    )
    page = assert_safe_document(document, "fr")
    buttons = page.find("button")
    assert [(b["name"], b["value"]) for b in buttons] == [("score", str(score)) for score in range(11)]
    assert [b["value"] for b in buttons if b.get("class") == "primary"] == ["7"]
    assert page.find("form")[0]["method"] == "post"


def test_confirmation_page_unsubscribe() -> None:
    page = Page(render_confirmation_page("en", "unsubscribe", None, None, "/v1/loop/x/unsubscribe"))
    assert [(b["name"], b["value"]) for b in page.find("button")] == [("unsubscribe", "yes")]


def test_confirmation_page_escapes_everything() -> None:
    document = render_confirmation_page(
        "en",
        "checkin",
        "Broken " + XSS,
        "yes",
        "/v1/loop/x?a=1&b=2",
        {"nonce": '"><script>alert(1)</script>'},
        site_name="Shop " + XSS,
    )
    assert XSS not in document and "<script>" not in document
    page = assert_safe_document(document, "en")
    assert page.find("form")[0]["action"] == "/v1/loop/x?a=1&b=2"
    assert {"type": "hidden", "name": "nonce", "value": '"><script>alert(1)</script>'} in page.find("input")
    assert "Broken " + XSS in page.all_text


@pytest.mark.parametrize(
    "kwargs",
    [
        {"stage": "thanks"},
        {"stage": "nope"},
        {"action_url": "javascript:alert(1)"},
        {"action_url": "//evil.example.com/x"},
        {"hidden_fields": {"bad name": "x"}},
        {"hidden_fields": {"resolved": "yes"}},
    ],
)
def test_confirmation_page_rejects_bad_arguments(kwargs: dict[str, Any]) -> None:
    arguments: dict[str, Any] = {
        "lang": "en",
        "stage": "checkin",
        "item_summary": None,
        "answer": "yes",
        "action_url": "/v1/loop/x",
        **kwargs,
    }
    with pytest.raises(ValueError):
        render_confirmation_page(**arguments)


@pytest.mark.parametrize("kind", RESULT_KINDS)
@pytest.mark.parametrize("lang", ["fr", "en", "fr-FR", "de"])
def test_result_pages(kind: str, lang: str) -> None:
    expected_lang = "fr" if lang.startswith("fr") else "en"
    page = assert_safe_document(render_result_page(lang, kind, "Demo " + XSS), expected_lang)
    assert page.find("form") == []
    assert len(page.find("h1")) == 1
    assert "Demo " + XSS in page.all_text


def test_result_page_wording() -> None:
    assert "recorded" in render_result_page("en", "recorded")
    assert "expired" in render_result_page("en", "expired")
    assert "enregistrée" in render_result_page("fr", "recorded")
    with pytest.raises(ValueError):
        render_result_page("en", "exploded")


def test_page_csp_allows_exactly_the_inline_style() -> None:
    import base64
    import hashlib
    import re

    document = render_result_page("en", "recorded")
    style = re.search(r"<style>(.*?)</style>", document, re.S)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in PAGE_CSP
    assert "default-src 'none'" in PAGE_CSP and "form-action 'self'" in PAGE_CSP
