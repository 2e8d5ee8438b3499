"""Property tests: hostile bytes and mangled real mail never make the email parser raise.

Inbound mail is attacker-controlled, and an exception in the mail Lambda means
a retried, then dead-lettered, message. Random bytes, and real corpus files
with bytes flipped, cut short, headers duplicated or boundaries removed, must
all come back as a ParsedEmail; `strip_quoted` must never lengthen its input.
Bounded to ~200 examples per test so the suite stays fast.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.intake.email import ParsedEmail, drop_reason, parse_email, route, strip_quoted
from chalicelib.intake.html_text import html_to_text

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "emails"
CORPUS = sorted(DATA.glob("*.eml")) if DATA.is_dir() else []
SMALL_CORPUS = [path for path in CORPUS if path.stat().st_size < 20_000]
SAMPLES: list[bytes] = [path.read_bytes() for path in SMALL_CORPUS] or [
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n'
]
BIG_SAMPLES: list[bytes] = [path.read_bytes() for path in CORPUS if path.stat().st_size >= 20_000]

BOUNDARY_LINE = re.compile(rb"^--[^\r\n]*\r?\n?", re.MULTILINE)
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(raw: bytes) -> None:
    msg = parse_email(raw)
    assert isinstance(msg, ParsedEmail)
    assert isinstance(msg.text, str) and len(msg.text) <= 5_000
    assert all(isinstance(addr, str) for addr in (*msg.to, *msg.cc, *msg.envelope_recipients))
    reason = drop_reason(msg)
    assert reason in {
        None,
        "virus",
        "spam",
        "bounce",
        "read_receipt",
        "abuse_report",
        "auto_reply",
        "mailing_list",
        "empty",
    }
    route([*msg.envelope_recipients, *msg.to, *msg.cc], "in.example.com")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A corpus message with up to four byte flips, cuts, duplicated header lines or stripped boundaries."""
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["flip", "truncate", "duplicate_header", "drop_boundaries", "drop_last_boundary"]))
        if not data:
            break
        if kind == "flip":
            for _ in range(draw(st.integers(min_value=1, max_value=16))):
                index = draw(st.integers(min_value=0, max_value=len(data) - 1))
                data[index] = draw(st.integers(min_value=0, max_value=255))
        elif kind == "truncate":
            data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
        elif kind == "duplicate_header":
            head = bytes(data).split(b"\n\n", 1)[0].split(b"\n")
            line = draw(st.sampled_from(head)) + b"\n"
            data = bytearray(line * draw(st.integers(min_value=1, max_value=50))) + data
        elif kind == "drop_boundaries":
            data = bytearray(BOUNDARY_LINE.sub(b"", bytes(data)))
        else:
            matches = list(BOUNDARY_LINE.finditer(bytes(data)))
            if matches:
                last = matches[-1]
                data = data[: last.start()] + data[last.end() :]
    return bytes(data)


@PROPERTY
@given(st.binary(max_size=4_000))
def test_random_bytes_never_raise(raw: bytes) -> None:
    check(raw)


@PROPERTY
@given(
    st.lists(
        st.sampled_from(
            [
                b"Subject: =?utf-8?B?w6k=?=\r\n",
                b"Content-Type: multipart/mixed; boundary=b\r\n",
                b"Content-Type: text/html; charset=x-unknown\r\n",
                b"Content-Transfer-Encoding: base64\r\n",
                b"Content-Transfer-Encoding: quoted-printable\r\n",
                b"Content-Disposition: attachment; filename*=utf-8''%C3%A9t%C3%A9\r\n",
                b"From: =?x?Q?=FF?= <@@>\r\n",
                b"Received: from x by y for <demo@in.example.com>;\r\n",
                b"\r\n",
                b"--b\r\n",
                b"--b--\r\n",
                b"<blockquote><script>x</script>&#xFFFFFFFF;&bogus;<p>\r\n",
                b"=E9=\r\n",
                b"w6k=\r\n",
                b"\xff\xfe\xe9\x00",
            ]
        ),
        max_size=40,
    ).map(b"".join)
)
def test_structured_garbage_never_raises(raw: bytes) -> None:
    check(raw)


@PROPERTY
@given(mutated())
def test_mutated_corpus_messages_never_raise(raw: bytes) -> None:
    check(raw)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BIG_SAMPLES or SAMPLES), st.integers(min_value=0, max_value=300_000))
def test_large_corpus_messages_cut_anywhere_never_raise(raw: bytes, cut: int) -> None:
    check(raw[:cut])


QUOTE_PIECES = st.sampled_from(
    [
        "> quoted\n",
        ">\n",
        "On Mon, Jun 3, 2024 at 10:00 AM Bob <b@x.com> wrote:\n",
        "On Mon, Jun 3, 2024 at 10:00 AM Bob\n",
        "wrote:\n",
        "Le 3 juin 2024 à 10:00, Bob a écrit :\n",
        "a écrit :\n",
        "-- \n",
        "--\n",
        "-----Original Message-----\n",
        "From: Bob <b@x.com>\n",
        "Sent: Monday\n",
        "De : Bob\n",
        "Objet : x\n",
        "Envoyé de mon iPhone\n",
        "________________________________\n",
        "\r\n",
        "\n",
        "Bonjour, merci.\n",
        "\u2028",
    ]
)


@PROPERTY
@given(st.one_of(st.text(max_size=2_000), st.lists(st.one_of(QUOTE_PIECES, st.text(max_size=30))).map("".join)))
def test_strip_quoted_never_raises_nor_grows(text: str) -> None:
    result = strip_quoted(text)
    assert isinstance(result, str)
    assert len(result) <= len(text)


@PROPERTY
@given(st.text(max_size=2_000))
def test_html_to_text_never_raises(html: str) -> None:
    assert isinstance(html_to_text(html), str)
