"""Pages and assets of chalicelib/web through Chalice's test client (no browser)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

STATIC = Path(__file__).resolve().parents[2] / "chalicelib" / "web" / "static"
JS_FILES = sorted(STATIC.glob("*.js"))
WIDGET_MAX_BYTES = 10 * 1024


@pytest.mark.parametrize("path", ["/dashboard", "/demo"])
def test_pages_are_html_with_a_strict_csp(client: Any, path: str) -> None:
    response = client.http.get(path)
    assert response.status_code == 200
    headers = response.headers
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-cache"
    csp = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'none'"
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no other origin
    assert csp["style-src"] == "'self'"
    assert csp["connect-src"] == "'self'"
    assert csp["form-action"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("name", ["dashboard.html", "demo.html"])
def test_pages_have_no_inline_script_or_style(name: str) -> None:
    page = (STATIC / name).read_text()
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag, tag
    assert all(not body.strip() for body in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S))
    assert "<style" not in page
    assert not re.search(r"\son[a-z]+\s*=", page), "inline event handler"
    assert not re.search(r"\sstyle\s*=", page), "inline style attribute"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/widget.js", "text/javascript; charset=utf-8"),
        ("/assets/dashboard.js", "text/javascript; charset=utf-8"),
        ("/assets/chart.js", "text/javascript; charset=utf-8"),
        ("/assets/dashboard.css", "text/css; charset=utf-8"),
        ("/assets/page.css", "text/css; charset=utf-8"),
    ],
)
def test_assets_have_their_content_type_and_cache_headers(client: Any, path: str, content_type: str) -> None:
    response = client.http.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["ETag"]
    assert response.body


def test_widget_may_be_embedded_cross_origin(client: Any) -> None:
    response = client.http.get("/widget.js")
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_unchanged_asset_is_a_304(client: Any) -> None:
    etag = client.http.get("/assets/chart.js").headers["ETag"]
    response = client.http.get("/assets/chart.js", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert not response.body


@pytest.mark.parametrize("name", ["nope.js", "dashboard.html", "..%2Froutes.py", "routes.py"])
def test_unknown_assets_and_pages_under_assets_are_404(client: Any, name: str) -> None:
    response = client.http.get(f"/assets/{name}")
    assert response.status_code == 404


def test_widget_is_under_10_kb() -> None:
    size = (STATIC / "widget.js").stat().st_size
    assert size < WIDGET_MAX_BYTES, f"widget.js is {size} bytes"


@pytest.mark.parametrize("path", JS_FILES, ids=lambda p: p.name)
def test_no_innerhtml_or_other_html_sinks_in_js(path: Path) -> None:
    """Customer text must only ever reach the page as text: no HTML-parsing sinks at all."""
    source = path.read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source, f"{path.name} uses {sink}"


def test_widget_keeps_to_one_global_and_no_cookies() -> None:
    source = (STATIC / "widget.js").read_text()
    assert source.lstrip().startswith("/*")
    assert "(() => {" in source and source.rstrip().endswith("})();")
    assert re.findall(r"window\.(\w+)\s*=", source) == ["Boucle"]
    assert "document.cookie" not in source
    assert "localStorage" not in source
    assert 'credentials: "omit"' in source


def test_widget_posts_json_with_an_idempotency_key_to_the_preflight_url() -> None:
    source = (STATIC / "widget.js").read_text()
    assert '"Content-Type": "application/json"' in source
    assert '"Idempotency-Key": key' in source
    assert '"v1/feedback?site=" + encodeURIComponent' in source
    assert "crypto.randomUUID" in source and "crypto.getRandomValues" in source


def test_demo_form_posts_the_public_contract_without_javascript() -> None:
    page = (STATIC / "demo.html").read_text()
    form = re.search(r'<form class="nojs" method="post" action="v1/feedback".*?</form>', page, re.S)
    assert form, "the no-JavaScript form"
    html = form.group(0)
    names = set(re.findall(r'name="([a-z_]+)"', html))
    assert names == {"site", "kind", "locale", "score", "text", "email", "consent_followup", "website"}
    assert re.findall(r'name="score" value="(\d+)"', html) == [str(n) for n in range(11)]
    honeypot = re.search(r'<div class="trap" aria-hidden="true">\s*<input [^>]*name="website"[^>]*>', html)
    assert honeypot and 'tabindex="-1"' in honeypot.group(0) and 'autocomplete="off"' in honeypot.group(0)


def test_preflight_for_the_widget_origin_allows_its_headers(client: Any, site: Any) -> None:
    """What the browser asks before the widget's POST from an allowed origin."""
    response = client.http.request(
        "OPTIONS",
        "/v1/feedback?site=demo",
        headers={
            "Origin": "https://shop.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,idempotency-key",
        },
    )
    assert response.status_code == 204
    allowed = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"content-type", "idempotency-key"} <= allowed
    assert response.headers["Access-Control-Allow-Origin"] == "https://shop.example.com"
