"""JSON and HTML responses, and the error boundary every route goes through."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from chalice.app import Response

from chalicelib.errors import ApiError
from chalicelib.observability import logger

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    merged = {"Content-Type": "application/json", **SECURITY_HEADERS, **(headers or {})}
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=status, headers=merged)


def html_response(page: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    merged = {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        **SECURITY_HEADERS,
        **(headers or {}),
    }
    return Response(body=page, status_code=status, headers=merged)


def error_response(error: ApiError, headers: dict[str, str] | None = None) -> Response:
    return json_response(error.body(), error.status, {**error.headers, **(headers or {})})


def api_errors(handler: Callable[..., Response]) -> Callable[..., Response]:
    """Answer `ApiError` as its JSON 4xx/503; anything else is our bug: logged, then a JSON 500."""

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        try:
            return handler(*args, **kwargs)
        except ApiError as error:
            return error_response(error)
        except Exception:
            logger.exception("unhandled error")
            return json_response({"error": {"code": "internal", "message": "internal error", "field": None}}, 500)

    return wrapper
