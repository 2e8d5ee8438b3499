"""Static pages and assets for browsers: `/dashboard`, `/demo`, `/widget.js`, `/assets/{name}`.

Everything served here is a file in `static/`, read once per warm function and
kept in memory: the files are small, never change while a function lives, and
reading them lazily keeps the cold start of the intake path free of this work.

HTML pages get a strict Content-Security-Policy: scripts and styles only from
our own origin (so no inline script can ever run, whatever text a customer
sends), fetches only to our own API, no plugins, no framing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chalice.app import Blueprint, Response

STATIC_DIR = Path(__file__).resolve().parent / "static"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
}

PAGE_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
# Pages are revalidated every time (cheap with the ETag) so a deploy is seen at once;
# assets have unversioned names, so they are only cached briefly.
PAGE_CACHE = "no-cache"
ASSET_CACHE = "public, max-age=300"

web = Blueprint(__name__)


@dataclass(frozen=True)
class Asset:
    body: str
    content_type: str
    etag: str


@cache
def assets() -> dict[str, Asset]:
    """Every file of `static/` by name, read once. Unknown extensions are not served at all."""
    found: dict[str, Asset] = {}
    for path in sorted(STATIC_DIR.iterdir()):
        content_type = CONTENT_TYPES.get(path.suffix)
        if content_type and path.is_file():
            body = path.read_text(encoding="utf-8")
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:20]
            found[path.name] = Asset(body=body, content_type=content_type, etag=f'"{digest}"')
    return found


def _serve(name: str, headers: dict[str, str]) -> Response:
    asset = assets().get(name)
    if asset is None:
        return Response(
            body="not found", status_code=404, headers={"Content-Type": "text/plain; charset=utf-8", **COMMON_HEADERS}
        )
    merged = {"Content-Type": asset.content_type, "ETag": asset.etag, **COMMON_HEADERS, **headers}
    request = web.current_request
    if request is not None and asset.etag in (request.headers.get("if-none-match") or ""):
        return Response(body="", status_code=304, headers=merged)
    return Response(body=asset.body, status_code=200, headers=merged)


def _page(name: str) -> Response:
    return _serve(
        name,
        {"Cache-Control": PAGE_CACHE, "Content-Security-Policy": PAGE_CSP, "X-Frame-Options": "DENY"},
    )


@web.route("/dashboard", methods=["GET"])
def dashboard() -> Response:
    return _page("dashboard.html")


@web.route("/demo", methods=["GET"])
def demo() -> Response:
    return _page("demo.html")


@web.route("/widget.js", methods=["GET"])
def widget() -> Response:
    # Loaded by <script> on customers' sites: let pages with a strict
    # Cross-Origin-Embedder-Policy embed it.
    return _serve("widget.js", {"Cache-Control": ASSET_CACHE, "Cross-Origin-Resource-Policy": "cross-origin"})


@web.route("/assets/{name}", methods=["GET"])
def asset(name: str) -> Response:
    # Pages are only served by their own routes, with their CSP.
    if name.endswith(".html"):
        return _serve("", {})
    return _serve(name, {"Cache-Control": ASSET_CACHE})
