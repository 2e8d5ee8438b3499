"""Headless Chromium against the real local stack: the widget, the no-JS form and the dashboard.

Debian's Chromium is driven by the Playwright Python package (never `playwright
install`: it downloads browsers). Every page fails its test on a JavaScript
dialog, an uncaught error or a Content-Security-Policy violation.
"""

from __future__ import annotations

import json
import struct
import time
import uuid
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PREFLIGHT_LOG = '"OPTIONS /v1/feedback?site=demo HTTP/1.1" 204'
XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make installs it)"),
]


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Watch:
    """What a page did that it never should: dialogs, uncaught errors, CSP violations."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def attach(self, page: Any) -> Any:
        def on_dialog(dialog: Any) -> None:
            self.problems.append(f"dialog {dialog.type}: {dialog.message}")
            dialog.dismiss()

        def on_console(message: Any) -> None:
            if message.type == "error" and "Content Security Policy" in message.text:
                self.problems.append(f"CSP violation: {message.text}")

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("console", on_console)
        page.set_default_timeout(15000)
        return page


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh context per test (empty sessionStorage); fails the test on any dialog or page error."""
    watch = Watch()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield watch.attach(context.new_page())
    context.close()
    assert not watch.problems, watch.problems


# ---------------------------------------------------------------- helpers


def post_feedback(stack: Any, body: dict[str, Any]) -> str:
    response = requests.post(
        f"{stack.api_url}/v1/feedback",
        headers={"Content-Type": "application/json"},
        data=json.dumps({"site": "demo", **body}),
        timeout=10,
    )
    assert response.status_code == 202, response.text
    return response.json()["id"]


def admin_headers(stack: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.admin_token}"}


def sign_in(page: Any, stack: Any) -> None:
    page.goto(f"{stack.api_url}/dashboard")
    token = page.get_by_label("Staff token")
    token.fill(stack.admin_token)
    token.press("Enter")
    page.locator("#app").wait_for(state="visible")


def wait_in_inbox(page: Any, selector: str, timeout: float = 20.0) -> Any:
    """The inbox is refreshed by hand (staff may be reading it): press Refresh until the row shows."""
    row = page.locator(selector)
    deadline = time.monotonic() + timeout
    while row.count() == 0:
        assert time.monotonic() < deadline, f"{selector} never appeared in the inbox"
        page.wait_for_timeout(400)
        page.get_by_role("button", name="Refresh inbox").click()
        page.wait_for_timeout(300)
    return row.first


def deep_focus(page: Any) -> dict[str, Any]:
    """The focused element, looking inside shadow roots (the widget lives in one)."""
    return page.evaluate(
        """() => {
            let el = document.activeElement;
            while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
            const span = el && el.nextElementSibling;
            return {
                tag: el.tagName.toLowerCase(), type: el.type || null, name: el.name || null,
                value: el.value || null, checked: !!el.checked,
                outline: span ? getComputedStyle(span).outlineStyle : null,
            };
        }"""
    )


def png_pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB(A) PNG with the stdlib: (width, height, pixels as bytes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = bpp = 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        chunk = png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    pixels: list[bytes] = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels.extend(bytes(line[x : x + 3]) for x in range(0, stride, bpp))
        prev = line
    return width, height, pixels


# ---------------------------------------------------------------- the widget and the dashboard


def test_widget_by_keyboard_then_the_item_in_the_dashboard(local_stack: Any, page: Any) -> None:
    marker = f"Clavier seulement {uuid.uuid4().hex[:8]}"
    posts: list[Any] = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" and "/v1/feedback" in r.url else None)
    page.goto(f"{local_stack.api_url}/demo")
    widget = page.locator(".boucle-widget")
    widget.get_by_role("radio", name="0", exact=True).wait_for(state="attached")

    # Tab into the score group (the first focusable thing on the page), arrow to 9.
    page.keyboard.press("Tab")
    assert deep_focus(page)["name"] == "score"
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    focused = deep_focus(page)
    assert (focused["value"], focused["checked"]) == ("9", True)
    assert focused["outline"] == "solid", "keyboard focus on a score must be visible"
    page.keyboard.press("Tab")
    assert deep_focus(page)["name"] == "text"
    page.keyboard.type(marker)
    page.keyboard.press("Tab")
    assert deep_focus(page)["name"] == "email"
    page.keyboard.press("Tab")
    assert deep_focus(page)["type"] == "checkbox"
    page.keyboard.press("Tab")  # the honeypot (tabindex=-1) is skipped
    assert deep_focus(page)["tag"] == "button"
    page.keyboard.press("Enter")

    thanks = widget.get_by_role("status")
    thanks.filter(has_text="Merci").wait_for()
    assert widget.locator("form").is_hidden()
    assert len(posts) == 1
    request = posts[0]
    assert request.url.endswith("/v1/feedback?site=demo")
    assert request.headers["content-type"] == "application/json"
    assert len(request.headers["idempotency-key"]) == 36
    sent = json.loads(request.post_data)
    assert sent["score"] == 9 and sent["text"] == marker and sent["locale"] == "fr"
    assert "website" not in sent

    sign_in(page, local_stack)
    row = wait_in_inbox(page, f'#items li:has-text("{marker}")')
    assert "NPS 9" in row.inner_text()
    row.get_by_role("button").click()
    assert page.locator("#detail-text").inner_text() == marker
    assert page.locator("#outbox").is_visible(), "the local stage shows its outbox"


def test_widget_embedded_on_another_origin_posts_after_a_cors_preflight(local_stack: Any, page: Any) -> None:
    """A shop page on http://127.0.0.1:PORT embedding the widget from http://localhost:PORT.

    Both origins are allowed for the demo site, and they differ, so this is the real
    cross-origin path. No page.route() here: while routing is on, Playwright answers CORS
    preflights itself and the API would never see one.
    """
    preflights_before = local_stack.log().count(PREFLIGHT_LOG)
    port = local_stack.api_url.rsplit(":", 1)[1]
    widget_origin = f"http://localhost:{port}"
    # Any page of the 127.0.0.1 origin without a CSP will do as the shop: the health JSON.
    page.goto(f"{local_stack.api_url}/v1/health")
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Shop</title></head><body><h1>Shop</h1>'
        f'<script src="{widget_origin}/widget.js" data-site="demo" data-kind="csat" data-locale="en" defer>'
        "</script></body></html>"
    )
    seen: list[tuple[str, str]] = []
    page.on("request", lambda r: seen.append((r.method, r.url)) if "/v1/feedback" in r.url else None)
    widget = page.locator(".boucle-widget")
    widget.get_by_text("How satisfied are you with your experience?").wait_for()
    widget.get_by_text("4", exact=True).click()
    widget.get_by_label("Comment (optional)").fill("Cross-origin embed")
    widget.get_by_role("button", name="Send").click()
    widget.get_by_role("status").filter(has_text="Thank you").wait_for()
    feedback_url = f"{widget_origin}/v1/feedback?site=demo"
    assert ("POST", feedback_url) in seen
    # Chromium's network service sends the preflight, so the page's request log does not show it;
    # the API's access log does (and without a 2xx answer with CORS headers, no POST would follow).
    assert local_stack.log().count(PREFLIGHT_LOG) > preflights_before


def test_customer_markup_is_shown_as_literal_text(local_stack: Any, page: Any) -> None:
    feedback_id = post_feedback(local_stack, {"kind": "comment", "text": XSS})
    sign_in(page, local_stack)
    row = wait_in_inbox(page, f'#items li[data-id="{feedback_id}"]')
    assert row.locator(".excerpt").inner_text() == XSS
    row.get_by_role("button").click()
    assert page.locator("#detail-text").inner_text() == XSS
    page.wait_for_timeout(500)  # give a (wrongly) created image time to fail and fire onerror
    assert page.locator("img").count() == 0
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0

    # Alert messages link to dashboard#/feedback/ID: a fresh load opens that item (same tab, same token).
    assert page.url.endswith(f"#/feedback/{feedback_id}")
    page.goto(f"{local_stack.api_url}/dashboard?site=demo#/feedback/{feedback_id}")
    page.locator("#detail-text").filter(has_text="onerror").wait_for()
    assert page.locator("#detail-text").inner_text() == XSS
    assert page.locator("img").count() == 0


def test_status_change_response_and_version_conflict(local_stack: Any, page: Any) -> None:
    # A passive score and a plain question: nothing here should raise an alert or a follow-up,
    # whose messages would land, later, in the outbox other tests of this session read.
    marker = f"Question sur ma facture {uuid.uuid4().hex[:8]}"
    feedback_id = post_feedback(local_stack, {"kind": "csat", "score": 4, "text": marker})
    sign_in(page, local_stack)
    wait_in_inbox(page, f'#items li[data-id="{feedback_id}"]').get_by_role("button").click()
    page.locator("#detail-text").filter(has_text=marker).wait_for()

    # Someone else acknowledges it meanwhile.
    url = f"{local_stack.api_url}/v1/admin/feedback/{feedback_id}"
    current = requests.get(url, headers=admin_headers(local_stack), timeout=10).json()
    changed = requests.patch(
        url,
        headers=admin_headers(local_stack),
        json={"version": current["version"], "status": "acknowledged"},
        timeout=10,
    )
    assert changed.status_code == 200, changed.text

    page.get_by_label("Response to the customer").fill("La facture est dans votre espace client.")
    page.get_by_role("button", name="Resolve").click()
    conflict = page.get_by_role("alert").filter(has_text="someone else changed this feedback")
    conflict.wait_for()
    page.get_by_role("button", name="Reload this feedback").click()
    page.locator("#detail-body .badge.status", has_text="acknowledged").wait_for()
    assert page.get_by_label("Response to the customer").input_value() == "La facture est dans votre espace client."

    page.get_by_role("button", name="Send response").click()
    page.locator("#notice", has_text="Response saved").wait_for()
    page.locator("blockquote.response", has_text="La facture est dans votre espace client.").wait_for()
    page.get_by_role("button", name="Resolve").click()
    page.locator("#detail-body .badge.status", has_text="resolved").wait_for()
    stored = requests.get(url, headers=admin_headers(local_stack), timeout=10).json()
    assert stored["status"] == "resolved" and stored["response"] == "La facture est dans votre espace client."


def test_charts_render_and_are_not_blank(local_stack: Any, page: Any, wait_for: Callable[..., Any]) -> None:
    for body in (
        {"kind": "nps", "score": 9, "text": "Parfait"},
        {"kind": "csat", "score": 4},
        {"kind": "ces", "score": 6},
    ):
        post_feedback(local_stack, body)
    sign_in(page, local_stack)

    def volume_bars() -> int:
        page.get_by_role("button", name="Refresh charts").click()
        page.wait_for_timeout(300)
        return page.locator("#charts svg .bar").count()

    wait_for(volume_bars, timeout=20, interval=0.5)
    assert page.locator("#charts figure").count() == 4
    assert page.locator("#charts svg .dot").count() >= 1
    assert page.locator("#sentiment svg rect").count() >= 1

    width, height, pixels = png_pixels(page.locator("#charts").screenshot())
    assert width > 200 and height > 80
    colours = Counter(pixels)
    background_share = colours.most_common(1)[0][1] / len(pixels)
    assert len(colours) > 20, "the chart area is nearly one flat colour"
    assert background_share < 0.97, f"{background_share:.1%} of the chart area is background"
    accent = sum(n for rgb, n in colours.items() if rgb[2] > 150 and rgb[0] < 60)  # the blue of lines and bars
    assert accent > 50, "no line or bar drawn"


# ---------------------------------------------------------------- without JavaScript


def test_no_javascript_form_lands_on_the_thank_you_page(local_stack: Any, browser: Any) -> None:
    marker = f"Sans JavaScript {uuid.uuid4().hex[:8]}"
    watch = Watch()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = watch.attach(context.new_page())
        page.goto(f"{local_stack.api_url}/demo")
        assert page.locator(".boucle-widget").count() == 0
        form = page.locator("form.nojs")
        form.get_by_text("7", exact=True).click()
        form.get_by_label("Commentaire (facultatif)").fill(marker)
        form.get_by_role("button", name="Envoyer").click()
        page.wait_for_url("**/thanks?**")
        assert page.get_by_role("heading", level=1).inner_text() == "Merci !"
    finally:
        context.close()
    assert not watch.problems, watch.problems

    listed = requests.get(
        f"{local_stack.api_url}/v1/admin/feedback",
        params={"site": "demo", "channel": "form", "q": marker},
        headers=admin_headers(local_stack),
        timeout=10,
    )
    assert listed.status_code == 200, listed.text
    assert [(i["score"], i["text"]) for i in listed.json()["items"] if i["text"] == marker] == [(7, marker)]
