"""Property tests: whatever a client posts to `POST /v1/feedback`, the answer is a 2xx/3xx/4xx, never a 500.

`parse_body` + `validate` are the whole public contract check; they may only
accept (a `FeedbackIn`) or refuse with an `ApiError` of status 400 or 413.
Arbitrary JSON values, objects built from the real field names with values
of every type, raw bytes under every accepted content type and HTML form
bodies are tried, then the same through Chalice's test client (AWS played by
moto), where the accepted ones also go through analysis and storage.
Bounded example counts keep the file to a few seconds; derandomized so a CI
failure replays identically.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from chalicelib.errors import ApiError
from chalicelib.intake.feedback_in import KINDS, MAX_TEXT_CHARS, SCORE_RANGES, FeedbackIn
from chalicelib.intake.http import FIELDS, MAX_BODY_BYTES, parse_body, validate

PURE = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
THROUGH_APP = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

INTAKE_TYPES = ["application/json", "application/x-www-form-urlencoded", "text/plain"]
CONTENT_TYPES = [
    *INTAKE_TYPES,
    "application/json; charset=utf-8",
    "application/x-www-form-urlencoded; charset=UTF-8",
    "text/plain;charset=UTF-8",
    "",
]

# Strings a real client might send, and strings that hurt: control characters, lone surrogates
# escaped in JSON, unusual Unicode, long runs.
tricky_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "demo", "nps", "comment", "true", "oui", "-1", "11", "1e3", "\u0000", "\ud800"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "é", "\n", "\u202e", "🙂"]), st.integers(0, 6000)),
)
numbers = st.one_of(
    st.integers(-(10**20), 10**20),
    st.sampled_from([0, 1, 5, 7, 10, 11, -1, 2**63, True, False]),
    st.floats(allow_nan=True, allow_infinity=True),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, tricky_text)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=10), children, max_size=4),
    ),
    max_leaves=12,
)
field_names = st.one_of(st.sampled_from(sorted(FIELDS)), st.text(max_size=12))
metadata = st.one_of(
    json_values,
    st.dictionaries(st.one_of(st.from_regex(r"[A-Za-z0-9_.-]{1,64}", fullmatch=True), st.text()), tricky_text),
)


@st.composite
def valid_feedback(draw: st.DrawFn) -> dict[str, Any]:
    """Bodies the contract accepts for the `demo` site: every optional field present or not."""
    kind = draw(st.sampled_from(KINDS))
    body: dict[str, Any] = {"site": "demo", "kind": kind}
    if kind == "comment":
        body["text"] = draw(st.text(min_size=1, max_size=300).filter(lambda text: text.strip(" \t\n\r\x00")))
    else:
        body["score"] = draw(st.integers(*SCORE_RANGES[kind]))
    optional: dict[str, st.SearchStrategy[Any]] = {
        "text": st.text(max_size=300),
        "email": st.sampled_from(["ana@example.org", "Zoé.B+shop@mail.example.fr", ""]),
        "phone": st.from_regex(r"\+[1-9][0-9]{6,14}", fullmatch=True),
        "consent_followup": st.booleans(),
        "locale": st.sampled_from(["fr", "en-GB", "fr_FR", "pt-BR"]),
        "page_url": st.builds(lambda path: "https://shop.example.com/" + path, st.text(max_size=40)),
        "metadata": st.dictionaries(
            st.from_regex(r"[A-Za-z0-9_.-]{1,64}", fullmatch=True), st.text(max_size=100), max_size=5
        ),
        "website": st.sampled_from(["", None, "http://spam.example"]),
    }
    for name, strategy in optional.items():
        if name not in body and draw(st.booleans()):
            body[name] = draw(strategy)
    return body


@st.composite
def feedback_objects(draw: st.DrawFn) -> dict[str, Any]:
    """Objects close to valid: a valid body with a few fields dropped, retyped or added."""
    body = dict(draw(valid_feedback()))
    for _ in range(draw(st.integers(0, 3))):
        change = draw(st.sampled_from(["drop", "retype", "add"]))
        if change == "drop" and body:
            body.pop(draw(st.sampled_from(sorted(body))))
        elif change == "retype":
            name = draw(st.sampled_from(sorted(FIELDS)))
            body[name] = draw(metadata if name == "metadata" else st.one_of(numbers, scalars, json_values))
        else:
            body[draw(field_names)] = draw(json_values)
    return body


@st.composite
def form_bodies(draw: st.DrawFn) -> bytes:
    """`application/x-www-form-urlencoded` bodies: real and made-up names, `metadata[...]`, repeats."""
    names = st.one_of(
        st.sampled_from(sorted(FIELDS)),
        st.builds(lambda key: f"metadata[{key}]", st.text(max_size=70)),
        st.builds(lambda key: f"metadata.{key}", st.text(max_size=10)),
        st.text(max_size=12),
    )
    values = st.one_of(
        st.sampled_from(["demo", "nps", "csat", "ces", "comment", "", "on", "5", "-3", "999"]), tricky_text
    )
    pairs = draw(st.lists(st.tuples(names, values), max_size=12))
    if draw(st.booleans()):
        valid = draw(valid_feedback())
        metadata_pairs = [(f"metadata[{key}]", value) for key, value in valid.pop("metadata", {}).items()]
        as_text = {
            name: "on" if value is True else "" if value in (False, None) else str(value)
            for name, value in valid.items()
        }
        pairs = [*as_text.items(), *metadata_pairs, *pairs[: draw(st.integers(0, 2))]]
    encoded = urlencode(pairs, errors="surrogatepass").encode()
    if draw(st.booleans()):  # raw, badly encoded tails: stray `%`, `&&`, `=` and invalid UTF-8
        encoded += draw(st.binary(max_size=30))
    return encoded


def outcome(raw: bytes, content_type: str) -> FeedbackIn | ApiError:
    """What the public contract makes of a body; anything but ApiError 400/413 fails the test."""
    try:
        body, from_form = parse_body(raw, content_type)
        feedback = validate(body, from_form=from_form)
    except ApiError as error:
        assert error.status in (400, 413), (error.status, error.code)
        assert error.body()["error"]["code"] == error.code and error.message
        if error.status == 413:
            assert len(raw) > MAX_BODY_BYTES
        return error
    assert isinstance(feedback, FeedbackIn)
    assert feedback.kind in KINDS and feedback.channel in ("web", "form")
    assert feedback.text is None or 0 < len(feedback.text) <= MAX_TEXT_CHARS
    return feedback


# ---------------------------------------------------------------- parse_body + validate


@PURE
@given(value=json_values, content_type=st.sampled_from(CONTENT_TYPES))
def test_any_json_value_is_accepted_or_a_400(value: Any, content_type: str) -> None:
    outcome(json.dumps(value).encode(), content_type if "form" not in content_type else "application/json")


@PURE
@given(body=feedback_objects(), content_type=st.sampled_from(["application/json", "text/plain"]))
def test_near_valid_objects_are_accepted_or_a_400(body: dict[str, Any], content_type: str) -> None:
    result = outcome(json.dumps(body).encode(), content_type)
    if isinstance(result, FeedbackIn):
        assert set(body) <= FIELDS and result.site == body["site"] and result.kind == body["kind"]


@PURE
@given(raw=st.binary(max_size=300), content_type=st.sampled_from(CONTENT_TYPES))
def test_any_bytes_are_accepted_or_a_400(raw: bytes, content_type: str) -> None:
    outcome(raw, content_type)


@PURE
@given(raw=form_bodies())
def test_any_form_body_is_accepted_or_a_400(raw: bytes) -> None:
    result = outcome(raw, "application/x-www-form-urlencoded")
    if isinstance(result, FeedbackIn):
        assert result.channel == "form"


@settings(max_examples=20, deadline=None, derandomize=True)
@given(size=st.integers(MAX_BODY_BYTES + 1, MAX_BODY_BYTES + 4096), content_type=st.sampled_from(CONTENT_TYPES))
def test_bodies_over_the_limit_are_a_413(size: int, content_type: str) -> None:
    result = outcome(b"{" + b" " * (size - 2) + b"}", content_type)
    assert isinstance(result, ApiError) and result.status == 413


# ---------------------------------------------------------------- through the Chalice app


def post(client: Any, raw: bytes, content_type: str, key: str | None = None) -> Any:
    headers = {"Content-Type": content_type} if content_type else {}
    if key is not None:
        headers["Idempotency-Key"] = key
    response = client.http.post("/v1/feedback", headers=headers, body=raw)
    assert response.status_code < 500, (response.status_code, response.body[:500])
    event(f"HTTP {response.status_code}")
    if response.status_code in (202, 303):
        return response
    if response.status_code != 415:  # Chalice's own answer to an unlisted content type
        error = json.loads(response.body)["error"]
        assert set(error) >= {"code", "message", "field"}
    return response


@pytest.fixture
def app_client(client: Any, site: Any) -> Any:
    return client


@THROUGH_APP
@given(body=feedback_objects(), content_type=st.sampled_from(INTAKE_TYPES[::2]), key=st.none() | st.text(max_size=8))
def test_the_app_never_answers_5xx_to_json(app_client: Any, body: dict[str, Any], content_type: str, key: Any) -> None:
    response = post(app_client, json.dumps(body).encode(), content_type, key)
    if response.status_code == 202:
        assert outcome(json.dumps(body).encode(), content_type).__class__ is FeedbackIn


@THROUGH_APP
@given(raw=form_bodies())
def test_the_app_never_answers_5xx_to_forms(app_client: Any, raw: bytes) -> None:
    response = post(app_client, raw, "application/x-www-form-urlencoded")
    if response.status_code == 303:
        assert response.headers["Location"].startswith("https://feedback.example.com/thanks?site=demo")


@settings(THROUGH_APP, max_examples=40)
@given(raw=st.one_of(st.binary(max_size=300), json_values.map(lambda v: json.dumps(v).encode())))
@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_the_app_never_answers_5xx_to_any_bytes(app_client: Any, raw: bytes, content_type: str) -> None:
    post(app_client, raw, content_type)
