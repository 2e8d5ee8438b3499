"""parse_email on hand-built messages: every charset, transfer encoding and broken-MIME case we promise to survive."""

from __future__ import annotations

import base64
from email.message import EmailMessage

from chalicelib.intake.email import TEXT_LIMIT, decode_bytes, parse_email

SES_HEADERS = (
    b"Return-Path: <marie@example.fr>\r\n"
    b"Received: from mail-wm1.example.fr (mail-wm1.example.fr [192.0.2.10])\r\n"
    b" by inbound-smtp.eu-west-1.amazonaws.com with SMTP id abc123\r\n"
    b" for demo@in.example.com;\r\n"
    b" Mon, 03 Jun 2024 10:00:00 +0000 (UTC)\r\n"
    b"X-SES-Spam-Verdict: PASS\r\n"
    b"X-SES-Virus-Verdict: PASS\r\n"
    b"Received-SPF: pass (spfCheck: domain of example.fr designates 192.0.2.10 as permitted sender)\r\n"
    b"Authentication-Results: amazonses.com;\r\n"
    b" spf=pass (spfCheck: domain of example.fr designates 192.0.2.10 as permitted sender)"
    b" smtp.mailfrom=marie@example.fr;\r\n"
    b" dkim=pass header.i=@example.fr;\r\n"
    b" dmarc=pass header.from=example.fr;\r\n"
    b"X-SES-RECEIPT: AEFBQUFBQUFBQUFF\r\n"
    b"X-SES-DKIM-SIGNATURE: a=rsa-sha256; q=dns/txt; b=abc\r\n"
)


def build(
    body: str = "Bonjour, la livraison était en retard.",
    *,
    subject: str = "Ma commande",
    charset: str = "utf-8",
    cte: str | None = None,
    **headers: str,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Marie Curie <Marie@Example.FR>"
    msg["To"] = "demo@in.example.com"
    msg["Subject"] = subject
    msg["Message-ID"] = "<abc@example.fr>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body, charset=charset, cte=cte)
    return msg


# -- headers and addresses ---------------------------------------------------------------------------


def test_plain_utf8_message_fields() -> None:
    parsed = parse_email(SES_HEADERS + bytes(build()))
    assert parsed.subject == "Ma commande"
    assert parsed.sender == "marie@example.fr"
    assert parsed.sender_name == "Marie Curie"
    assert parsed.to == ["demo@in.example.com"]
    assert parsed.text == "Bonjour, la livraison était en retard."
    assert parsed.full_text == parsed.text
    assert parsed.message_id == "<abc@example.fr>"
    assert parsed.content_type == "text/plain"
    assert parsed.return_path == "marie@example.fr"
    assert parsed.envelope_recipients == ["demo@in.example.com"]
    assert parsed.truncated is False


def test_ses_verdicts_are_read_from_the_topmost_headers() -> None:
    forged = b"X-SES-Spam-Verdict: FAIL\r\n"  # below SES's own header: must not win
    raw = SES_HEADERS + forged + bytes(build())
    verdicts = parse_email(raw).verdicts
    assert (verdicts.spam, verdicts.virus, verdicts.spf, verdicts.dkim, verdicts.dmarc) == (
        "pass",
        "pass",
        "pass",
        "pass",
        "pass",
    )
    assert parse_email(bytes(build())).verdicts.spam is None


def test_threading_headers() -> None:
    raw = bytes(build(In_Reply_To="<f1@boucle>", References="<a@x> <f1@boucle>"))
    parsed = parse_email(raw)
    assert parsed.in_reply_to == "<f1@boucle>"
    assert parsed.references == ["<a@x>", "<f1@boucle>"]


def test_return_path_absent_and_null() -> None:
    assert parse_email(bytes(build())).return_path is None
    assert parse_email(b"Return-Path: <>\r\n" + bytes(build())).return_path == ""


def test_envelope_recipients_from_received_original_to_and_delivered_to() -> None:
    raw = (
        b"Received: from a by b with SMTP id x for <Reply+AbC_d-9.x@In.Example.com>; Mon, 3 Jun 2024\r\n"
        b"Received: from c by d with ESMTP id y\r\n\tfor other@relay.example; Mon, 3 Jun 2024\r\n"
        b"X-Original-To: orig@in.example.com\r\n"
        b"Delivered-To: delivered@in.example.com\r\n"
    ) + bytes(build())
    assert parse_email(raw).envelope_recipients == [
        "Reply+AbC_d-9.x@in.example.com",
        "other@relay.example",
        "orig@in.example.com",
        "delivered@in.example.com",
    ]


def test_rfc2047_q_and_b_in_subject_and_names() -> None:
    raw = (
        b"From: =?iso-8859-1?Q?Fran=E7ois_M=FCller?= <f@example.fr>\r\n"
        b"To: =?UTF-8?B?w4lsb8Ovc2U=?= <e@in.example.com>\r\n"
        b"Subject: =?utf-8?q?Caf=C3=A9_cr=C3=A8me?= et =?UTF-8?B?ZMOpY2V2YW50?=\r\n"
        b"\r\nbody\r\n"
    )
    parsed = parse_email(raw)
    assert parsed.subject == "Café crème et décevant"
    assert parsed.sender_name == "François Müller"
    assert parsed.to == ["e@in.example.com"]


def test_rfc2047_words_split_inside_a_utf8_character_are_joined() -> None:
    encoded = "été".encode()
    first, second = base64.b64encode(encoded[:1]).decode(), base64.b64encode(encoded[1:]).decode()
    raw = f"Subject: =?utf-8?B?{first}?=\r\n =?utf-8?B?{second}?=\r\n\r\nx\r\n".encode()
    assert parse_email(raw).subject == "été"


def test_raw_8bit_headers_utf8_and_latin1() -> None:
    utf8 = "Subject: Réclamation colis\r\nFrom: Zoé <zoe@example.fr>\r\n\r\nx\r\n".encode()
    parsed = parse_email(utf8)
    assert (parsed.subject, parsed.sender_name) == ("Réclamation colis", "Zoé")
    latin1 = "Subject: Réclamation colis\r\n\r\nx\r\n".encode("latin-1")
    assert parse_email(latin1).subject == "Réclamation colis"


def test_unknown_encoded_word_charset_falls_back() -> None:
    raw = b"Subject: =?x-unknown?Q?d=C3=A9j=C3=A0?= =?bogus-set?Q?caf=E9?=\r\n\r\nx\r\n"
    assert parse_email(raw).subject == "déjàcafé"  # adjacent encoded words join without the space


# -- bodies: charsets and transfer encodings --------------------------------------------------------------


def test_iso_8859_1_quoted_printable() -> None:
    msg = build("Très déçu, à bientôt", charset="iso-8859-1", cte="quoted-printable")
    raw = bytes(msg)
    assert b"=E8" in raw  # really QP in Latin-1
    assert parse_email(raw).text == "Très déçu, à bientôt"


def test_windows_1252_base64_smart_quotes_and_euro() -> None:
    body = "“Trop cher” : 120 € pour ça… c’est abusé"
    raw = bytes(build(body, charset="windows-1252", cte="base64"))
    assert base64.b64encode(body.encode("cp1252")[:12]) in raw.replace(b"\n", b"")
    assert parse_email(raw).text == body


def test_iso_8859_1_label_with_windows_1252_bytes() -> None:
    body = "“quote” – 5 €".encode("cp1252")
    raw = b'Content-Type: text/plain; charset="iso-8859-1"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' + body
    assert parse_email(raw).text == "“quote” – 5 €"


def test_utf8_base64_and_8bit() -> None:
    body = "Ça marche très bien 👍 merci"
    assert parse_email(bytes(build(body, cte="base64"))).text == body
    assert parse_email(bytes(build(body, cte="8bit"))).text == body


def test_bad_and_unknown_charset_names_fall_back() -> None:
    for label in ("unknown-8bit", "x-user-defined", "utf8", "latin1", "no-such-charset", "base64", "rot13", '"'):
        for data, expected in (("élan vital".encode(), "élan vital"), ("élan vital".encode("cp1252"), "élan vital")):
            raw = f"Content-Type: text/plain; charset={label}\r\n\r\n".encode() + data
            assert parse_email(raw).text == expected, label


def test_undeclared_charset_8bit_body() -> None:
    raw = b"Subject: x\r\n\r\n" + "Livré cassé".encode()
    assert parse_email(raw).text == "Livré cassé"
    raw = b"Subject: x\r\n\r\n" + "Livré cassé".encode("cp1252")
    assert parse_email(raw).text == "Livré cassé"


def test_quoted_printable_misspelled_with_a_space() -> None:
    raw = (
        b"Content-Type: text/plain; charset=iso-8859-1\r\n"
        b"Content-Transfer-Encoding: quoted printable\r\n\r\n"
        b"Tr=E8s bien, merci =\r\nbeaucoup\r\n"
    )
    assert parse_email(raw).text == "Très bien, merci beaucoup"


def test_decode_bytes_never_raises_and_prefers_valid_utf8() -> None:
    assert decode_bytes("你好".encode(), "gb2312") == "你好"  # mislabelled UTF-8
    assert decode_bytes("你好".encode("gb2312"), "gb2312") == "你好"
    assert decode_bytes(bytes(range(256)), "utf-8")  # garbage still decodes
    assert decode_bytes("日本語".encode("iso-2022-jp"), "iso-2022-jp") == "日本語"  # 7-bit: label first
    assert decode_bytes("é".encode() * 3 + b"\xe2\x82", "utf-8", allow_cut_tail=True) == "ééé"


# -- structure ----------------------------------------------------------------------------------------------


def test_multipart_alternative_prefers_text_plain() -> None:
    msg = build("Version texte du client")
    msg.add_alternative("<p>Version <b>HTML</b></p>", subtype="html")
    parsed = parse_email(bytes(msg))
    assert parsed.text == "Version texte du client"
    assert parsed.content_type == "multipart/alternative"


def test_html_only_with_script_style_entities_and_blocks() -> None:
    html = (
        "<html><head><title>Titre</title><style>p{color:red}</style></head><body>"
        "<script>alert('x')</script><p>Bonjour&nbsp;l&#39;&eacute;quipe &amp; merci</p>"
        "<div>Deuxi&egrave;me ligne<br>troisième</div><ul><li>un</li><li>deux</li></ul>"
        "</body></html>"
    )
    msg = EmailMessage()
    msg["Subject"] = "html"
    msg.set_content(html, subtype="html")
    parsed = parse_email(bytes(msg))
    assert parsed.text == "Bonjour l'équipe & merci\nDeuxième ligne\ntroisième\nun\ndeux"
    for hidden in ("alert", "color:red", "Titre", "<"):
        assert hidden not in parsed.text


def test_html_blockquote_history_is_stripped() -> None:
    html = (
        '<div>Merci, c\'est réglé.</div><div class="gmail_quote">Le lun. 3 juin 2024 à 10:00, Boucle '
        "&lt;reply@in.example.com&gt; a écrit :<blockquote>Comment s'est passée votre visite ?</blockquote></div>"
    )
    msg = EmailMessage()
    msg.set_content(html, subtype="html")
    assert parse_email(bytes(msg)).text == "Merci, c'est réglé."


def test_missing_final_boundary() -> None:
    raw = (
        b'Content-Type: multipart/mixed; boundary="XYZ"\r\n\r\n'
        b"--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPas de fin de boundary\r\n"
        b"--XYZ\r\nContent-Type: application/pdf; name=facture.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"JVBERi0xLjQK\r\n"
    )
    parsed = parse_email(raw)
    assert parsed.text == "Pas de fin de boundary"
    assert [(a.name, a.content_type, a.size) for a in parsed.attachments] == [("facture.pdf", "application/pdf", 9)]
    assert "CloseBoundaryNotFoundDefect" in parsed.defects


def test_multipart_without_boundary_is_read_as_text() -> None:
    raw = b"Content-Type: multipart/mixed\r\n\r\nTexte perdu dans un multipart\r\n"
    parsed = parse_email(raw)
    assert "Texte perdu dans un multipart" in parsed.text
    assert parsed.defects


def test_attachments_recorded_with_accented_names() -> None:
    msg = build("Voir la photo")
    msg.add_attachment(b"\x89PNG fake", maintype="image", subtype="png", filename="colis abîmé.png")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="reçu été 2024.pdf")
    parsed = parse_email(bytes(msg))
    assert parsed.text == "Voir la photo"
    assert [(a.name, a.content_type, a.size) for a in parsed.attachments] == [
        ("colis abîmé.png", "image/png", 9),
        ("reçu été 2024.pdf", "application/pdf", 8),
    ]


def test_attachment_name_in_rfc2047_and_raw_8bit() -> None:
    raw = (
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nci-joint\r\n"
        b'--b\r\nContent-Type: application/octet-stream; name="=?utf-8?B?ZmFjdHVyZS3DqXTDqS5wZGY=?="\r\n'
        b"Content-Disposition: attachment\r\n\r\nxx\r\n"
        b'--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="d\xc3\xa9j\xc3\xa0.txt"\r\n'
        b"\r\nyy\r\n--b--\r\n"
    )
    parsed = parse_email(raw)
    assert parsed.text == "ci-joint"
    assert [a.name for a in parsed.attachments] == ["facture-été.pdf", "déjà.txt"]


def test_forwarded_message_attachment_is_not_body_text() -> None:
    inner = build("Texte du message transféré")
    outer = build("Mon avis au-dessus")
    outer.add_attachment(inner)
    parsed = parse_email(bytes(outer))
    assert parsed.text == "Mon avis au-dessus"
    assert parsed.attachments[0].content_type == "message/rfc822"


def test_text_is_capped_and_flagged() -> None:
    parsed = parse_email(bytes(build("a" * (TEXT_LIMIT + 10))))
    assert len(parsed.text) == TEXT_LIMIT
    assert parsed.truncated is True
    assert len(parsed.full_text) == TEXT_LIMIT + 10


def test_huge_body_is_truncated_for_extraction() -> None:
    raw = b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + "é".encode() * 700_000
    parsed = parse_email(raw)
    assert "body_truncated" in parsed.defects
    assert set(parsed.full_text) == {"é"}  # cut on a character boundary, no U+FFFD
    assert len(parsed.text) == TEXT_LIMIT


def test_garbage_and_odd_inputs_do_not_raise() -> None:
    for raw in (
        b"",
        b"\x00\xff" * 50,
        b"no headers at all",
        b":::\r\n\r\n",
        b"From: <<<@@@>>>\r\n\r\n",
        bytearray(b"x"),
    ):
        parsed = parse_email(raw)  # type: ignore[arg-type]
        assert isinstance(parsed.text, str)
    assert parse_email(None).defects == ["not_bytes"]  # type: ignore[arg-type]


def test_no_sender_and_address_hidden_in_encoded_word() -> None:
    assert parse_email(b"Subject: x\r\n\r\ny").sender == ""
    raw = b"From: =?UTF-8?B?Ym9iQGV4YW1wbGUuY29t?=\r\n\r\ny"
    assert parse_email(raw).sender == "bob@example.com"


def test_thousands_of_parts_are_parsed_cheaply() -> None:
    part = b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"
    raw = b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + part * 5_000 + b"--b--\r\n"
    parsed = parse_email(raw)
    assert "many_parts" in parsed.defects
    assert "too_many_parts" in parsed.defects
    assert parsed.text.startswith("x\n\nx")


def test_absurd_nesting_falls_back_to_raw_text() -> None:
    nested = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(1_500))
    parsed = parse_email(b"Subject: deep\r\n" + nested + b"Content-Type: text/plain\r\n\r\nfond du puits\r\n")
    assert parsed.subject == "deep"
    assert any(defect.startswith("parse_failed") for defect in parsed.defects)
    assert "fond du puits" in parsed.full_text
