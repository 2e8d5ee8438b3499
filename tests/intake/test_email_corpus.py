"""Every real-world sample in the shared corpus, with its expected outcome written out by hand.

Each expectation was set after reading the file (see SOURCES.txt next to the
data): a message is either feedback, whose clean text must contain one
distinctive substring and must not contain another (quoted history, the other
alternative, an attachment's content), or it is dropped for one exact reason.
Messages are treated as if routed to a site address; routing is tested apart.
A new file in the folder without a row here fails `test_every_file_has_an_expectation`.

Samples without SES verdict headers are judged on their own headers and text
only: plain spam with no signal (the GB2312 invoice spam, the bank phishing)
is therefore "feedback" here; in production SES's X-SES-Spam-Verdict and
X-SES-Virus-Verdict catch them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.intake.email import drop_reason, parse_email, strip_quoted

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "emails"

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="shared email corpus not available")

# file -> ("feedback", must be in text, must not be in text) | ("drop", reason)
EXPECTED: dict[str, tuple[str, ...]] = {
    # Zimbra mail whose only text is a phone footer ("--Sent from my iPhone") plus a zip: the subject
    # "immagine" is kept, so it is feedback with empty text (SES's virus verdict stops it in production).
    "mailparser__mail_malformed_1.eml": ("feedback", "", "Sent from my iPhone"),
    "mailparser__mail_malformed_2.eml": ("drop", "bounce"),  # multipart/report delivery-status, Return-Path <>
    "mailparser__mail_test_12.eml": ("feedback", "代开各类增值税发票", "浣"),  # mislabelled UTF-8 body, no mojibake
    "mailparser__mail_test_13.eml": ("drop", "mailing_list"),  # MailChimp, List-ID
    "mailparser__mail_test_14.eml": ("feedback", "Plaintext here.", "HTML here"),  # text/plain preferred
    "mailparser__mail_test_16.eml": ("drop", "spam"),  # GTUBE (and Precedence: junk, checked later)
    "mailparser__mail_test_17.eml": ("feedback", "Test", "<body>"),  # blank text/plain -> HTML part used
    "mailparser__mail_test_18.eml": ("feedback", "This is a test email body.", "Content-Type"),
    "mailparser__mail_test_19.eml": ("feedback", "display name is itself", "MIME-Version"),
    "mailparser__mail_test_3.eml": ("feedback", "bills of the goods", "WatchGuard Firebox"),  # not the attachment
    "mailparser__mail_test_5.eml": ("drop", "auto_reply"),  # newsletter with Precedence: bulk
    "mailparser__mail_test_6.eml": ("drop", "mailing_list"),  # List-Id
    "mailparser__mail_test_9.eml": ("feedback", "我把镜头拉近些", "&nbsp;"),  # HTML-only gb2312 base64
    "rubymail__attachment_message_rfc822.eml": ("feedback", "This is the first part.", "Just attaching another PDF"),
    "rubymail__attachment_nonascii_filename.eml": ("feedback", "This is the first part.", "Hi there."),
    "rubymail__attachment_with_encoded_name.eml": (
        "feedback",
        "We should not include these files",
        "Test attachments oddly encoded",  # below "---------- Forwarded message ----------"
    ),
    "rubymail__content_transfer_encoding_qp_with_space.eml": ("feedback", "good RX site", "<br>"),
    "rubymail__encoding_madness.eml": ("feedback", "Body Text", "MIME::Lite"),
    "rubymail__multi_address_bounce1.eml": ("drop", "bounce"),  # MAILER-DAEMON, delivery-status
    "rubymail__raw_email_reply.eml": ("feedback", "Message body", "In-Reply-To"),
    "rubymail__report_422.eml": ("drop", "bounce"),  # delayed-delivery warning is still a DSN
    "rubymail__utf8_headers.eml": ("feedback", "body", "Säying"),
    "sisimai__lhost-amazonses-01.eml": ("drop", "bounce"),  # MAILER-DAEMON@email-bounces.amazonses.com
    "sisimai__lhost-exchange2007-06.eml": ("drop", "bounce"),  # French Exchange "Non remis"
    "sisimai__lhost-receivingses-01.eml": ("drop", "bounce"),  # SES receiving-side DSN
    "sisimai__rfc3834-01.eml": ("drop", "auto_reply"),  # Auto-Submitted: auto-replied
    "sisimai__rfc3834-02.eml": ("drop", "auto_reply"),  # "Automatic reply:", X-Auto-Response-Suppress, RP <>
    "sisimai__rfc3834-03.eml": ("drop", "auto_reply"),  # "Auto reply:" subject only
    "talon__reply-quotations-share-block.eml": ("feedback", "Sounds great", "New Booking Inquiry"),
    "talon__reply_android.eml": ("feedback", "Hello", "написал"),
    "talon__reply_aol.eml": ("feedback", "Hello", "Original Message"),
    "talon__reply_apple_mail.eml": ("feedback", "Hello", "wrote:"),
    "talon__reply_apple_mail_2.eml": ("feedback", "Hello", "Hi there!"),
    "talon__reply_comcast.eml": ("feedback", "Hello", "Original Message"),
    "talon__reply_gmail.eml": ("feedback", "Hello", "wrote:"),
    "talon__reply_hotmail.eml": ("feedback", "Hello", "Subject: Test"),
    "talon__reply_iphone.eml": ("feedback", "Hello", "Sent from my iPhone"),
    "talon__reply_outlook.eml": ("feedback", "Hello", "The manager has commented"),
    "talon__reply_sparrow.eml": ("feedback", "Hello", "Sent with Sparrow"),
    "talon__reply_thunderbird.eml": ("feedback", "Hello", "Megan One wrote"),  # bottom-posted answer kept
    "talon__reply_yahoo.eml": ("feedback", "Hello", "Original Message"),
}

# file -> (what the result must start with, a marker of the history that must be gone)
REPLY_BODIES: dict[str, tuple[str, str]] = {
    "reply_bodies_en/zapier__email_1_2.txt": ("Hi,\n\nYou can list the keys", "Hi folks"),  # inline answer
    "reply_bodies_en/zapier__email_1_3.txt": ("Oh thanks.\n\nHaving the function would be great.", "Russell Brown"),
    "reply_bodies_en/zapier__email_2_1.txt": ("Outlook with a reply", "Google Apps Sync"),
    "reply_bodies_en/zapier__email_BlackBerry.txt": ("Here is another email", "Sent from my BlackBerry"),
    "reply_bodies_en/zapier__email_gmail.txt": ("This is a test for inbox replying", "Steven Scott"),
    "reply_bodies_en/zapier__email_headers_no_delimiter.txt": ("And another reply!", "Dan Watson"),
    "reply_bodies_en/zapier__email_iPhone.txt": ("Here is another email", "Sent from my iPhone"),
    "reply_bodies_en/zapier__email_one_is_not_on.txt": (
        "Thank, this is really helpful.\n\nOne outstanding question I had:\n\nLocally (on development), when I run...",
        "Dave Tapley",
    ),
    "reply_bodies_en/zapier__greedy_on.txt": ("On your remote host you can run:", "George Plymale"),
    "reply_bodies_en/zapier__pathological.txt": ("I think you're onto something.", "John Sullivan"),
    "reply_bodies_fr/crisp__email_android_outlook_fr.txt": ("Fusce bibendum", "Télécharger Outlook"),
    "reply_bodies_fr/crisp__email_fr_multiline.txt": ("Fusce bibendum", "a écrit"),
    "reply_bodies_fr/crisp__email_french_2.txt": ("Fusce bibendum", "Chris - Crisp"),
    "reply_bodies_fr/crisp__email_french_dash_separator.txt": ("Fusce bibendum", "Message d'origine"),
}

# The last line the customer wrote in each French body (everything below it is history).
FRENCH_LAST_LINE = "et mollis ligula rutrum quis. Fusce sed odio id arcu varius aliquet nec nec nibh."


def test_every_file_has_an_expectation() -> None:
    on_disk = {path.name for path in DATA.glob("*.eml")}
    assert on_disk == set(EXPECTED), "add a hand-written row for each new sample (and drop rows for removed ones)"
    assert len(on_disk) == 41


def test_every_reply_body_has_an_expectation() -> None:
    on_disk = {f"{path.parent.name}/{path.name}" for path in DATA.glob("reply_bodies_*/*.txt")}
    assert on_disk == set(REPLY_BODIES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_outcome(name: str) -> None:
    msg = parse_email((DATA / name).read_bytes())
    expected = EXPECTED[name]
    reason = drop_reason(msg)
    if expected[0] == "drop":
        assert reason == expected[1]
    else:
        _, must_contain, must_not_contain = expected
        assert reason is None
        assert must_contain in msg.text
        assert must_not_contain not in msg.text
    assert not any(defect.startswith("parse_") for defect in msg.defects)


@pytest.mark.parametrize("name", sorted(REPLY_BODIES))
def test_reply_body_stripping(name: str) -> None:
    original = (DATA / name).read_text(encoding="utf-8")
    kept_prefix, removed_marker = REPLY_BODIES[name]
    result = strip_quoted(original)
    assert result.startswith(kept_prefix)
    assert removed_marker in original
    assert removed_marker not in result
    if name.startswith("reply_bodies_fr/"):
        assert result.endswith(FRENCH_LAST_LINE)


def test_inline_answer_between_quotes_is_kept() -> None:
    result = strip_quoted((DATA / "reply_bodies_en/zapier__email_1_2.txt").read_text(encoding="utf-8"))
    assert "would do it." in result
    assert "delete them all individually" in result
    assert "riak-users mailing list" not in result  # list footer below the underscore separator


def test_bottom_posted_reply_keeps_the_answer_below_the_quote() -> None:
    result = strip_quoted((DATA / "reply_bodies_en/zapier__greedy_on.txt").read_text(encoding="utf-8"))
    assert "fails, the tunnel is not working." in result
    assert "port forwarding" not in result


def test_corpus_headers_are_decoded() -> None:
    gb = parse_email((DATA / "mailparser__mail_test_12.eml").read_bytes())
    assert gb.subject == "代开各地增值税发票"
    assert gb.sender_name == "张先生"
    assert gb.envelope_recipients[0] == "danglüe@email.com"  # raw UTF-8 in Received/X-Original-To

    comma = parse_email((DATA / "mailparser__mail_test_18.eml").read_bytes())
    assert comma.sender == "comma.name@example.com"
    assert comma.sender_name == "LastßlName, FirstName"  # encoded comma stays inside the display name
    assert comma.cc == ["simple@example.net", "john.doe@example.com"]

    display_is_address = parse_email((DATA / "mailparser__mail_test_19.eml").read_bytes())
    assert display_is_address.sender == "bob@example.com"
    assert display_is_address.cc == ["frank@example.com"]

    raw_utf8 = parse_email((DATA / "rubymail__utf8_headers.eml").read_bytes())
    assert raw_utf8.subject == "Säying Hello"
    assert (raw_utf8.sender, raw_utf8.sender_name) == ("jdöe@mächine.example", "Jöhn Doe")

    french_dsn = parse_email((DATA / "sisimai__lhost-exchange2007-06.eml").read_bytes())
    assert french_dsn.subject == "Non remis : Votre deuxième paire de chaussures à 5 euros"

    folded = parse_email((DATA / "mailparser__mail_test_6.eml").read_bytes())
    assert folded.subject == "Быстрее вкладывайте в золото!"
    assert "Профессионалы.ru" in folded.text  # one bad UTF-8 byte does not turn the body into mojibake


def test_corpus_attachments_are_recorded() -> None:
    nonascii = parse_email((DATA / "rubymail__attachment_nonascii_filename.eml").read_bytes())
    assert [(a.name, a.content_type, a.size) for a in nonascii.attachments] == [("ciële.txt", "text/plain", 11)]

    rfc822 = parse_email((DATA / "rubymail__attachment_message_rfc822.eml").read_bytes())
    assert [(a.name, a.content_type) for a in rfc822.attachments] == [("ForwardedMessage.eml", "message/rfc822")]

    rfc2231 = parse_email((DATA / "rubymail__attachment_with_encoded_name.eml").read_bytes())
    (attachment,) = rfc2231.attachments
    assert attachment.name is not None and attachment.name.startswith("01 Quien Te Dij")
    assert attachment.name.endswith("Pitbull.mp3")
    assert attachment.size > 0

    newsletter = parse_email((DATA / "mailparser__mail_test_5.eml").read_bytes())
    assert len(newsletter.attachments) == 5
    assert newsletter.subject == "Je prépare mon été zéro complexe !"


def test_outcome_summary_matches_the_table() -> None:
    """Guards the numbers reported for this corpus: 28 feedback, 13 drops."""
    reasons = [row[1] if row[0] == "drop" else "feedback" for row in EXPECTED.values()]
    assert {reason: reasons.count(reason) for reason in set(reasons)} == {
        "feedback": 28,
        "bounce": 6,
        "auto_reply": 4,
        "mailing_list": 2,
        "spam": 1,
    }
