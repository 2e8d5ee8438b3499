"""route and recipients_in_priority: which site or follow-up an inbound message belongs to."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.intake.email import Route, parse_email, recipients_in_priority, route

DOMAIN = "in.example.com"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("demo@in.example.com", Route(kind="site", site="demo")),
        ("DEMO@IN.EXAMPLE.COM", Route(kind="site", site="demo")),
        ("shop-42@in.example.com", Route(kind="site", site="shop-42")),
        ("demo+newsletter@in.example.com", Route(kind="site", site="demo")),
        ('"demo"@in.example.com', Route(kind="site", site="demo")),
        ("Marie <demo@in.example.com>", Route(kind="site", site="demo")),
        ("demo@in.example.com.", Route(kind="site", site="demo")),
        ("reply+AbC-d_e.F9@in.example.com", Route(kind="reply", token="AbC-d_e.F9")),
        ("REPLY+AbC@In.Example.Com", Route(kind="reply", token="AbC")),  # the token keeps its case
        ('"reply+AbC"@in.example.com', Route(kind="reply", token="AbC")),
        ("demo@example.com", None),  # wrong domain
        ("demo@in.example.com.evil.test", None),  # look-alike domain
        ("demo@sub.in.example.com", None),
        ("reply@in.example.com", None),  # no token
        ("reply+@in.example.com", None),
        ("reply+tok/en@in.example.com", None),  # not a url-safe token
        ("my_site@in.example.com", None),  # not a site key
        ("-demo@in.example.com", None),
        (f"{'a' * 64}@in.example.com", None),  # keys are at most 63 characters
        ("not an address", None),
        ("", None),
    ],
)
def test_route_single_address(address: str, expected: Route | None) -> None:
    assert route([address], DOMAIN) == expected


def test_route_takes_the_first_valid_address_in_priority_order() -> None:
    addresses = ["someone@example.com", "reply@in.example.com", "reply+tok@in.example.com", "demo@in.example.com"]
    assert route(addresses, DOMAIN) == Route(kind="reply", token="tok")
    assert route(addresses[::-1], DOMAIN) == Route(kind="site", site="demo")


def test_route_domain_is_case_insensitive_and_empty_domain_routes_nothing() -> None:
    assert route(["demo@in.example.com"], "IN.Example.COM") == Route(kind="site", site="demo")
    assert route(["demo@in.example.com"], "") is None
    assert route([], DOMAIN) is None
    assert route(iter(["demo@in.example.com"]), DOMAIN) == Route(kind="site", site="demo")


def test_recipients_in_priority_envelope_then_to_then_cc() -> None:
    raw = (
        b"Received: from x by inbound-smtp.eu-west-1.amazonaws.com with SMTP id 1 for reply+Tok@in.example.com;"
        b" Mon, 3 Jun 2024 10:00:00 +0000\r\n"
        b"From: marie@example.fr\r\n"
        b"To: Demo <demo@in.example.com>, friend@example.org\r\n"
        b"Cc: other@in.example.com, demo@in.example.com\r\n"
        b"Subject: Re: votre avis\r\n\r\nMerci\r\n"
    )
    msg = parse_email(raw)
    assert recipients_in_priority(msg) == [
        "reply+Tok@in.example.com",
        "demo@in.example.com",
        "friend@example.org",
        "other@in.example.com",
    ]
    # Only domains are lower-cased: the base64url token must reach `route` with its case intact.
    assert route(recipients_in_priority(msg), DOMAIN) == Route(kind="reply", token="Tok")


def test_module_imports_only_the_stdlib() -> None:
    """The parser is on the Lambda cold-start path: no boto3, PynamoDB or other third-party import."""
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "before = set(sys.modules)\n"
        "import chalicelib.intake.email\n"
        "loaded = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(loaded - set(sys.stdlib_module_names) - {'chalicelib'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
