"""Turn a public `POST /v1/feedback` body (JSON or HTML form) into a `FeedbackIn`.

Validation is strict and every rejection names the field, so website owners can
fix their integration from the error alone.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any
from urllib.parse import parse_qsl

from chalicelib.errors import ApiError, bad_request
from chalicelib.intake.feedback_in import KINDS, MAX_TEXT_CHARS, SCORE_RANGES, FeedbackIn

MAX_BODY_BYTES = 64 * 1024
MAX_METADATA_KEYS = 20
MAX_METADATA_KEY_CHARS = 64
MAX_METADATA_VALUE_CHARS = 500
MAX_URL_CHARS = 2048
MAX_EMAIL_CHARS = 254
MAX_FORM_FIELDS = 100
HONEYPOT_FIELD = "website"

FIELDS = {
    "site",
    "kind",
    "score",
    "text",
    "email",
    "phone",
    "consent_followup",
    "locale",
    "page_url",
    "metadata",
    HONEYPOT_FIELD,
}

SITE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\Z")
EMAIL_RE = re.compile(
    r"^[^@\s<>()\[\],;:\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\Z"
)
PHONE_RE = re.compile(r"^\+[1-9][0-9]{6,14}\Z")
LOCALE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?\Z")
METADATA_KEY_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}\Z")
_CONTROL = {c: None for c in range(32) if c not in (9, 10)} | {127: None}
TRUE_WORDS = {"true", "on", "1", "yes", "oui"}
FALSE_WORDS = {"false", "off", "0", "no", "non", ""}


def clean_text(value: str) -> str:
    """NFC-normalised text without control characters (tabs and newlines kept)."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return text.translate(_CONTROL).strip()


def parse_body(raw: bytes, content_type: str) -> tuple[dict[str, Any], bool]:
    """Decode the body; returns the fields and whether it came from an HTML form."""
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, "body_too_large", f"request body is over {MAX_BODY_BYTES} bytes")
    media_type = content_type.split(";")[0].strip().lower()
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request("invalid_encoding", "request body is not valid UTF-8") from None
    if media_type == "application/x-www-form-urlencoded":
        return _form_fields(decoded), True
    try:
        body = json.loads(decoded) if decoded.strip() else None
    except (ValueError, RecursionError):
        raise bad_request("invalid_json", "request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise bad_request("invalid_json", "request body must be a JSON object")
    return body, False


def _form_fields(decoded: str) -> dict[str, Any]:
    try:
        pairs = parse_qsl(decoded, keep_blank_values=True, strict_parsing=False, max_num_fields=MAX_FORM_FIELDS)
    except ValueError:
        raise bad_request("invalid_form", "too many form fields") from None
    fields: dict[str, Any] = {}
    metadata: dict[str, str] = {}
    for name, value in pairs:
        if name.startswith("metadata[") and name.endswith("]"):
            metadata[name[9:-1]] = value
        elif name.startswith("metadata."):
            metadata[name[9:]] = value
        elif name in fields:
            raise bad_request("duplicate_field", f"field '{name}' is given twice", name)
        else:
            fields[name] = value
    if metadata:
        fields["metadata"] = metadata
    return fields


def validate(body: dict[str, Any], *, from_form: bool) -> FeedbackIn:
    """Check every rule of the public contract; raise `ApiError` naming the field."""
    unknown = sorted(set(body) - FIELDS)
    if unknown:
        raise bad_request("unknown_field", f"unknown field '{unknown[0]}'", unknown[0])

    site = _required_str(body, "site")
    if not SITE_RE.match(site):
        raise bad_request("invalid_site", "site must be a site key (lower-case letters, digits, '-')", "site")

    kind = _required_str(body, "kind")
    if kind not in KINDS:
        raise bad_request("invalid_kind", f"kind must be one of {', '.join(KINDS)}", "kind")

    score = _score(body, kind, from_form)
    text = _optional_str(body, "text", from_form=from_form)
    if text is not None:
        text = clean_text(text) or None
    if text is not None and len(text) > MAX_TEXT_CHARS:
        raise bad_request("text_too_long", f"text is over {MAX_TEXT_CHARS} characters", "text")
    if kind == "comment" and text is None:
        raise bad_request("missing_field", "text is required for a comment", "text")

    email = _optional_str(body, "email", from_form=from_form)
    if email is not None:
        email = email.strip() or None
    if email is not None and (len(email) > MAX_EMAIL_CHARS or not EMAIL_RE.match(email)):
        raise bad_request("invalid_email", "email is not a valid address", "email")

    phone = _optional_str(body, "phone", from_form=from_form)
    if phone is not None:
        phone = phone.strip() or None
    if phone is not None and not PHONE_RE.match(phone):
        raise bad_request("invalid_phone", "phone must be in E.164 form, like +33612345678", "phone")

    locale = _optional_str(body, "locale", from_form=from_form)
    if locale is not None and not LOCALE_RE.match(locale):
        raise bad_request("invalid_locale", "locale must look like 'fr' or 'fr-FR'", "locale")

    page_url = _optional_str(body, "page_url", from_form=from_form)
    if page_url is not None and (len(page_url) > MAX_URL_CHARS or not page_url.startswith(("http://", "https://"))):
        raise bad_request("invalid_page_url", "page_url must be an http(s) URL", "page_url")

    honeypot = body.get(HONEYPOT_FIELD)
    return FeedbackIn(
        site=site,
        kind=kind,
        channel="form" if from_form else "web",
        score=score,
        text=text,
        email=email,
        phone=phone,
        consent_followup=_consent(body, from_form),
        locale=locale,
        page_url=page_url,
        metadata=_metadata(body.get("metadata")),
        spam=bool(honeypot) and str(honeypot).strip() != "",
    )


def _required_str(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None or value == "":
        raise bad_request("missing_field", f"{name} is required", name)
    if not isinstance(value, str):
        raise bad_request("invalid_type", f"{name} must be a string", name)
    return value


def _optional_str(body: dict[str, Any], name: str, *, from_form: bool) -> str | None:
    value = body.get(name)
    if value is None or (from_form and value == ""):
        return None
    if not isinstance(value, str):
        raise bad_request("invalid_type", f"{name} must be a string", name)
    return value


def _score(body: dict[str, Any], kind: str, from_form: bool) -> int | None:
    value = body.get("score")
    if from_form and value == "":
        value = None
    if kind == "comment":
        if value is not None:
            raise bad_request("unexpected_field", "a comment has no score", "score")
        return None
    if value is None:
        raise bad_request("missing_field", f"score is required for {kind}", "score")
    if from_form and isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,3}", value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request("invalid_type", "score must be an integer", "score")
    low, high = SCORE_RANGES[kind]
    if not low <= value <= high:
        raise bad_request("score_out_of_range", f"{kind} score must be between {low} and {high}", "score")
    return value


def _consent(body: dict[str, Any], from_form: bool) -> bool:
    value = body.get("consent_followup", False)
    if from_form and isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    if not isinstance(value, bool):
        raise bad_request("invalid_type", "consent_followup must be a boolean", "consent_followup")
    return value


def _metadata(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request("invalid_type", "metadata must be an object of strings", "metadata")
    if len(value) > MAX_METADATA_KEYS:
        raise bad_request("metadata_too_large", f"metadata has over {MAX_METADATA_KEYS} keys", "metadata")
    result: dict[str, str] = {}
    for key, item in value.items():
        if not METADATA_KEY_RE.match(key):
            raise bad_request("invalid_metadata_key", "metadata keys are 1-64 of A-Z a-z 0-9 _ . -", "metadata")
        if not isinstance(item, str):
            raise bad_request("invalid_type", f"metadata value '{key}' must be a string", "metadata")
        if len(item) > MAX_METADATA_VALUE_CHARS:
            raise bad_request(
                "metadata_too_large",
                f"metadata value '{key}' is over {MAX_METADATA_VALUE_CHARS} chars",
                "metadata",
            )
        result[key] = clean_text(item)
    return result
