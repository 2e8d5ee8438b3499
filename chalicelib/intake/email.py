"""Turn a raw inbound email into what intake needs: who, where to, what they wrote, and whether to keep it.

Pure functions, stdlib only: no AWS, no I/O, nothing heavy at import (this
module sits on the mail Lambda's cold-start path). Inbound mail is hostile
input, so `parse_email` never raises: every step is defensive and records a
`defect` instead of failing, and text extraction is capped so a 40 MB message
costs what a 1 MB one does.

Headers are decoded here rather than through `email.headerregistry`, because
the registry replaces undecodable bytes and unknown charsets with U+FFFD and
has raised on garbage in past releases; the MIME tree still comes from the
stdlib parser (`policy.default`, with `policy.compat32` as the fallback).

SES prepends its own headers (`Return-Path`, `Received`, `X-SES-*`,
`Authentication-Results`) above the sender's, so for every header only the
*first* (topmost) occurrence is trusted: a sender can forge a lower
`X-SES-Spam-Verdict: PASS`, never the one SES put on top.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

from chalicelib.intake.html_text import html_to_text
from chalicelib.intake.quotes import strip_quoted

__all__ = [
    "Attachment",
    "ParsedEmail",
    "Route",
    "Verdicts",
    "drop_reason",
    "parse_email",
    "recipients_in_priority",
    "route",
    "strip_quoted",
]

TEXT_LIMIT = 5_000  # feedback text limit, in characters
BODY_BYTES_LIMIT = 1_000_000  # per text part, for extraction only
FULL_TEXT_LIMIT = 1_000_000  # characters, all body parts together
_MAX_DEPTH = 30  # MIME nesting
_MAX_PARTS = 500
_MANY_PARTS_PARSE_BYTES = 2_000_000
_STRIP_INPUT_LIMIT = 200_000
_MAX_HEADER_CHARS = 2_000
_MAX_ADDRESSES = 100

# Headers `drop_reason` and routing look at; kept (first occurrence, decoded) in `ParsedEmail.headers`.
CLASSIFICATION_HEADERS = (
    "auto-submitted",
    "x-autoreply",
    "x-autorespond",
    "x-auto-response-suppress",
    "precedence",
    "x-precedence",
    "list-id",
    "list-unsubscribe",
    "list-post",
    "return-path",
    "content-type",
    "x-failed-recipients",
    "x-ses-spam-verdict",
    "x-ses-virus-verdict",
    "x-ses-outgoing",
    "received-spf",
    "authentication-results",
    "x-original-to",
    "delivered-to",
    "in-reply-to",
    "references",
    "x-apple-action",
)


@dataclass(frozen=True)
class Attachment:
    """A non-body MIME part: recorded so operators know a photo or PDF came with the feedback."""

    name: str | None
    content_type: str
    size: int


@dataclass(frozen=True)
class Verdicts:
    """SES receipt verdicts, lower-cased ("pass", "fail", "gray", ...); None when the header is absent."""

    spam: str | None = None
    virus: str | None = None
    spf: str | None = None
    dkim: str | None = None
    dmarc: str | None = None


@dataclass(frozen=True)
class ParsedEmail:
    """Everything intake needs from one message, already decoded to `str`."""

    subject: str = ""
    sender: str = ""
    sender_name: str = ""
    return_path: str | None = None
    # Recipients keep their local part's case (reply tokens are case-sensitive); domains are lower-cased.
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    envelope_recipients: list[str] = field(default_factory=list)
    message_id: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    date: str = ""
    text: str = ""
    full_text: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    verdicts: Verdicts = field(default_factory=Verdicts)
    content_type: str = ""
    defects: list[str] = field(default_factory=list)
    truncated: bool = False
    # Content types of every MIME part seen, top-level first (reports hide in sub-parts of broken mail).
    part_types: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Route:
    """Where an inbound message goes: new feedback for a site, or a reply to one of our follow-ups."""

    kind: str  # "site" | "reply"
    site: str | None = None
    token: str | None = None


# --------------------------------------------------------------------------------------------------
# Bytes and charsets
# --------------------------------------------------------------------------------------------------

_CHARSET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+-]{0,39}")
# Declared charsets that lie in practice: decode with the superset mail clients really used.
_CHARSET_ALIASES = {
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "iso_8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "l1": "windows-1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "ks_c_5601-1987": "cp949",
    "utf8": "utf-8",
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
    "x-user-defined": "utf-8",
}
# Charsets whose bytes can look like ASCII or UTF-8 while meaning something else: trust the label first.
_DECLARED_FIRST = ("utf-16", "utf-32", "utf-7", "utf_16", "utf_32", "utf_7", "iso-2022", "iso2022", "hz")
# Python "encodings" that are not character sets a mail may legitimately declare.
_REFUSED_CODECS = ("escape", "idna", "punycode", "undefined", "mbcs", "oem")


def _normalize_charset(charset: object) -> str | None:
    if not isinstance(charset, str):
        return None
    name = charset.strip().strip("\"'").lower()
    if "*" in name:  # RFC 2231 language suffix: utf-8*fr
        name = name.split("*", 1)[0]
    if not _CHARSET_NAME.fullmatch(name) or any(bad in name for bad in _REFUSED_CODECS):
        return None
    return _CHARSET_ALIASES.get(name, name)


def decode_bytes(data: bytes, charset: object = None, *, allow_cut_tail: bool = False) -> str:
    """Decode mail bytes: the declared charset, UTF-8, then windows-1252; never raises.

    Two deliberate refinements of that order, both for mail seen in the wild:
    bytes that are valid UTF-8 (with multi-byte sequences) are read as UTF-8
    whatever the label says, because mislabelled UTF-8 is common and genuine
    legacy text practically never validates as UTF-8; and text that is UTF-8
    but for a stray bad byte keeps its UTF-8 reading with one U+FFFD rather
    than turning entirely into windows-1252 mojibake.

    `allow_cut_tail` accepts an incomplete multi-byte sequence at the very end,
    which is what truncating a long body leaves behind.
    """
    declared = _normalize_charset(charset)
    declared_first = bool(declared and declared.startswith(_DECLARED_FIRST))
    if data.isascii() and not declared_first:
        return data.decode("ascii")
    candidates = [declared, "utf-8"] if declared and declared_first else ["utf-8"]
    if declared and declared not in candidates:
        candidates.append(declared)
    for name in candidates:
        try:
            return data.decode(name)
        except UnicodeDecodeError as exc:
            if allow_cut_tail and exc.start >= len(data) - 4:
                try:
                    return data[: exc.start].decode(name)
                except Exception:
                    continue
        except Exception:  # unknown or non-text codec: try the next one
            continue
    lenient = data.decode("utf-8", errors="replace")
    if _mostly_utf8(lenient):
        return lenient
    try:
        return data.decode("windows-1252")
    except UnicodeDecodeError:
        return data.decode("windows-1252", errors="replace")


def _mostly_utf8(text: str) -> bool:
    """UTF-8 (decoded with errors="replace") with at most one bad sequence per hundred non-ASCII characters."""
    bad = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ord(ch) > 127) - bad
    return non_ascii > 0 and bad * 100 <= non_ascii


def _recover_8bit(value: str) -> str:
    """Undo the parser's surrogateescape on raw 8-bit headers (RFC 6532 UTF-8, or legacy Latin-1)."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    raw = value.encode("utf-8", "surrogateescape")
    return decode_bytes(raw)


# --------------------------------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------------------------------

_FOLD = re.compile(r"\r?\n(?=[ \t])")
_LINE_BREAKS = re.compile(r"[\r\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WHITESPACE = re.compile(r"\s+")
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,60})\?([QqBb])\?([^?\s]*)\?=")


def _b64decode(data: bytes) -> bytes:
    """Lenient base64: ignores junk characters and repairs missing padding."""
    try:
        return binascii.a2b_base64(data)
    except (binascii.Error, ValueError):
        cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
        if len(cleaned) % 4 == 1:
            cleaned = cleaned[:-1]
        cleaned += b"=" * (-len(cleaned) % 4)
        try:
            return binascii.a2b_base64(cleaned)
        except (binascii.Error, ValueError):
            return b""


def _decode_encoded_words(value: str) -> str:
    """RFC 2047 decoding that joins adjacent words' bytes (UTF-8 characters split across words survive)."""
    if "=?" not in value:
        return value
    out: list[str] = []
    pending: list[tuple[str, bytearray]] = []  # one run of adjacent encoded words: (charset, bytes)

    def flush() -> None:
        for charset, data in pending:
            out.append(decode_bytes(bytes(data), charset))
        pending.clear()

    position = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        charset, encoding, payload = match.group(1), match.group(2).upper(), match.group(3)
        data_in = payload.encode("utf-8", "surrogateescape")
        try:
            data = binascii.a2b_qp(data_in, header=True) if encoding == "Q" else _b64decode(data_in)
        except Exception:
            data = None
        if data is None:
            flush()
            out.append(between + match.group(0))
        else:
            if not (pending and not between.strip()):
                flush()
                out.append(between)
            if pending and pending[-1][0].lower() == charset.lower():
                pending[-1][1].extend(data)
            else:
                pending.append((charset, bytearray(data)))
        position = match.end()
    flush()
    out.append(value[position:])
    return "".join(out)


def decode_header(raw: object, *, collapse: bool = True) -> str:
    """A header value as readable text: unfolded, 8-bit recovered, encoded words decoded, no controls."""
    if raw is None:
        return ""
    try:
        value = raw if isinstance(raw, str) else str(raw)
        value = _LINE_BREAKS.sub(" ", _FOLD.sub("", value[: _MAX_HEADER_CHARS * 4]))
        value = _decode_encoded_words(_recover_8bit(value))
        value = _CONTROL.sub(" ", value)
        if collapse:
            value = _WHITESPACE.sub(" ", value)
        return value.strip()[:_MAX_HEADER_CHARS]
    except Exception:
        return ""


class _Headers:
    """Raw header access by lower-cased name, in message order (topmost first)."""

    def __init__(self, items: Iterable[tuple[str, object]]) -> None:
        self._by_name: dict[str, list[str]] = {}
        for name, value in items:
            if isinstance(name, str):
                key = name.strip().lower()
                self._by_name.setdefault(key, []).append(value if isinstance(value, str) else str(value))

    def raw(self, name: str) -> str | None:
        values = self._by_name.get(name)
        return values[0] if values else None

    def raw_all(self, name: str) -> list[str]:
        return self._by_name.get(name, [])

    def first(self, name: str) -> str:
        return decode_header(self.raw(name))

    def has(self, name: str) -> bool:
        return name in self._by_name


def _split_address_list(value: str) -> list[str]:
    """Split on commas that are outside quotes, comments and angle brackets."""
    items: list[str] = []
    current: list[str] = []
    quoted = False
    escaped = False
    comment = 0
    angle = False
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == "(":
            comment += 1
        elif ch == ")" and comment:
            comment -= 1
        elif ch == "<" and not comment:
            angle = True
        elif ch == ">" and not comment:
            angle = False
        elif ch in ",;" and not comment and not angle:
            items.append("".join(current))
            current = []
            continue
        current.append(ch)
    items.append("".join(current))
    return [item for item in items if item.strip()]


_ANGLE_ADDR = re.compile(r"<([^<>]*)>\s*$")
_COMMENT = re.compile(r"\(([^()]*)\)")
_GROUP_PREFIX = re.compile(r'^[^"<>@]*:(?!//)')
# Tried only where a run of address characters starts, and the local part cannot backtrack,
# so a long header without "@" costs one pass (it was quadratic).
_BARE_ADDR = re.compile(r"(?<![^\s<>()\"',;:])[^\s<>()\"',;:@]++@[^\s<>()\"',;:]+")


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = re.sub(r"\\(.)", r"\1", text[1:-1])
    return text.strip()


def _parse_one_address(item: str) -> tuple[str, str]:
    item = _GROUP_PREFIX.sub("", item.strip(), count=1).strip()
    match = _ANGLE_ADDR.search(item)
    if match:
        addr = match.group(1).strip()
        if ":" in addr and "@" in addr:  # obsolete source route <@a,@b:user@host>
            addr = addr.rsplit(":", 1)[1]
        name = item[: match.start()].strip()
    else:
        comments = _COMMENT.findall(item)
        addr = _COMMENT.sub(" ", item).strip()
        name = " ".join(c.strip() for c in comments if c.strip())
        bare = _BARE_ADDR.search(addr)
        addr = bare.group(0) if bare else addr
    return _unquote(decode_header(name)), _normalize_addr(_unquote(addr))


def _normalize_addr(addr: str) -> str:
    """Lower-case the domain only: local parts carry case-sensitive reply tokens (base64url)."""
    addr = addr.strip().strip(".,")
    local, at, domain = addr.rpartition("@")
    return f"{local}{at}{domain.lower()}" if at else addr


def parse_addresses(raw: object) -> list[tuple[str, str]]:
    """(display name, addr-spec with a lower-cased domain) pairs; entries without an '@' are dropped.

    Split before decoding so an encoded comma inside a display name stays inside
    it; an address hidden inside an encoded word (a spammer favourite) is found
    by a second pass on the decoded value.
    """
    if raw is None:
        return []
    try:
        value = _FOLD.sub("", raw if isinstance(raw, str) else str(raw))[: _MAX_HEADER_CHARS * 4]
        value = _recover_8bit(_LINE_BREAKS.sub(" ", value))
        found = [_parse_one_address(item) for item in _split_address_list(value)]
        found = [(name, addr) for name, addr in found if "@" in addr and " " not in addr]
        if not found and "=?" in value:
            decoded = _decode_encoded_words(value)
            found = [_parse_one_address(item) for item in _split_address_list(decoded)]
            found = [(name, addr) for name, addr in found if "@" in addr and " " not in addr]
        return found[:_MAX_ADDRESSES]
    except Exception:
        return []


_RECEIVED_FOR = re.compile(r"\bfor\s+<?\s*([^\s<>;]+@[^\s<>;]+?)\s*>?\s*(?:;|$|\s)", re.IGNORECASE)
_MSG_ID = re.compile(r"<[^<>\s]{1,500}>")
_VERDICT_TOKEN = re.compile(r"[A-Za-z_-]+")


def _envelope_recipients(headers: _Headers) -> list[str]:
    """Recipients from `Received: ... for <x>` (topmost first), then X-Original-To and Delivered-To.

    Domains are lower-cased; local parts keep their case, since `reply+TOKEN`
    carries a case-sensitive base64url token.
    """
    found: list[str] = []
    for raw in headers.raw_all("received")[:50]:
        value = _LINE_BREAKS.sub(" ", _FOLD.sub("", raw[:4000]))
        for match in _RECEIVED_FOR.finditer(value):
            found.append(match.group(1))
    for name in ("x-original-to", "delivered-to"):
        for raw in headers.raw_all(name)[:10]:
            found.extend(addr for _, addr in parse_addresses(raw))
    out: list[str] = []
    for addr in found:
        addr = _normalize_addr(_recover_8bit(addr))
        if "@" in addr and addr not in out:
            out.append(addr)
    return out[:_MAX_ADDRESSES]


def _verdict(value: str) -> str | None:
    match = _VERDICT_TOKEN.search(value or "")
    return match.group(0).lower() if match else None


def _auth_result(results: str, method: str) -> str | None:
    match = re.search(rf"\b{method}\s*=\s*([A-Za-z_-]+)", results, re.IGNORECASE)
    return match.group(1).lower() if match else None


def _verdicts(headers: _Headers) -> Verdicts:
    results = headers.first("authentication-results")
    spf = _verdict(headers.first("received-spf")) if headers.has("received-spf") else None
    return Verdicts(
        spam=_verdict(headers.first("x-ses-spam-verdict")) if headers.has("x-ses-spam-verdict") else None,
        virus=_verdict(headers.first("x-ses-virus-verdict")) if headers.has("x-ses-virus-verdict") else None,
        spf=spf or _auth_result(results, "spf"),
        dkim=_auth_result(results, "dkim"),
        dmarc=_auth_result(results, "dmarc"),
    )


# --------------------------------------------------------------------------------------------------
# Body
# --------------------------------------------------------------------------------------------------


class _Body:
    """Mutable collector used while walking the MIME tree."""

    def __init__(self) -> None:
        self.attachments: list[Attachment] = []
        self.part_types: list[str] = []
        self.defects: list[str] = []
        self.parts_seen = 0

    def defect(self, name: str) -> None:
        if name not in self.defects and len(self.defects) < 50:
            self.defects.append(name)


def _content_type(part: Message) -> str:
    try:
        value = part.get_content_type()
        return value.lower() if isinstance(value, str) and "/" in value else "text/plain"
    except Exception:
        return "text/plain"


def _param(part: Message, name: str, header: str = "content-type") -> object:
    try:
        return part.get_param(name, header=header)
    except Exception:
        return None


def _param_text(value: object) -> str | None:
    """A MIME parameter as text: RFC 2231 triples, raw 8-bit and (non-standard but common) RFC 2047."""
    if value is None:
        return None
    if isinstance(value, tuple) and len(value) == 3:
        charset, _language, text = value
        raw = str(text).encode("raw-unicode-escape", "ignore") if text is not None else b""
        return decode_bytes(raw, charset)
    return decode_header(str(value))


def _filename(part: Message) -> str | None:
    """The attachment's name; RFC 2231/2047 and raw 8-bit decoded with our charset fallbacks."""
    name: str | None = None
    try:
        # A compat32 copy of the two headers gives RFC 2231 values undecoded, so our fallbacks apply.
        probe = Message()
        for key, value in part.raw_items():
            if isinstance(key, str) and key.lower() in ("content-type", "content-disposition"):
                # Raw 8-bit names (ciële.txt) are recovered first: compat32 would blank them to U+FFFD.
                probe[key] = _recover_8bit(_FOLD.sub("", value if isinstance(value, str) else str(value)))
        for header, param in (("content-disposition", "filename"), ("content-type", "name")):
            name = _param_text(probe.get_param(param, header=header))
            if name:
                break
    except Exception:
        name = None
    if not name:
        try:
            name = decode_header(part.get_filename() or "") or None
        except Exception:
            name = None
    return name[:255] if name else None


def _transfer_encoding(part: Message) -> str:
    try:
        value = str(part.get("content-transfer-encoding", "") or "")
    except Exception:
        value = ""
    return re.sub(r"[\s_]+", "-", value.strip().lower())


def _payload_bytes(part: Message, limit: int | None) -> tuple[bytes, bool]:
    """Decoded payload of a leaf part (base64/QP, including "quoted printable" typos), optionally capped.

    `get_payload(decode=True)` is the only public way to the raw 8-bit bytes
    (without it the stdlib pre-decodes them, lossily, with the declared charset);
    transfer encodings it does not recognise are decoded here.
    """
    decoded = part.get_payload(decode=True)
    data = decoded if isinstance(decoded, bytes) else b""
    try:
        stdlib_cte = str(part.get("content-transfer-encoding", "")).lower()
    except Exception:
        stdlib_cte = ""
    encoding = _transfer_encoding(part)
    if encoding != stdlib_cte:
        if encoding == "quoted-printable":
            data = binascii.a2b_qp(data)
        elif encoding == "base64":
            data = _b64decode(data)
    cut = False
    if limit is not None and len(data) > limit:
        data, cut = data[:limit], True
    return data, cut


def _message_size(part: Message) -> int:
    try:
        return len(part.as_bytes(policy=policy.compat32))
    except Exception:
        try:
            return len(str(part.get_payload()))
        except Exception:
            return 0


def _is_attachment(part: Message, ctype: str) -> bool:
    if ctype not in ("text/plain", "text/html"):
        return True
    try:
        disposition = (part.get_content_disposition() or "").lower()
    except Exception:
        disposition = ""
    if disposition == "attachment":
        return True
    return _param(part, "filename", "content-disposition") is not None or _param(part, "name") is not None


def _walk(part: Message, body: _Body, depth: int) -> list[tuple[str, str]]:
    """Body segments ("plain"|"html", text) in reading order; records attachments on the way."""
    body.parts_seen += 1
    if body.parts_seen > _MAX_PARTS:
        body.defect("too_many_parts")
        return []
    if depth > _MAX_DEPTH:
        body.defect("mime_too_deep")
        return []
    ctype = _content_type(part)
    body.part_types.append(ctype)
    if ctype.startswith("multipart/"):
        children = part.get_payload()
        if not isinstance(children, list):
            body.defect("multipart_without_parts")
            return _leaf(part, "text/plain", body)
        results = [_walk(child, body, depth + 1) for child in children if isinstance(child, Message)]
        if ctype == "multipart/alternative":
            return _choose_alternative(results)
        return [segment for result in results for segment in result]
    if ctype.startswith("message/"):
        inner = part.get_payload()
        if ctype == "message/rfc822" or _filename(part):
            body.attachments.append(Attachment(_filename(part), ctype, _message_size(part)))
        if isinstance(inner, list):  # delivery reports keep their sub-types visible for classification
            for child in inner[:10]:
                if isinstance(child, Message) and ctype != "message/rfc822":
                    body.part_types.append(_content_type(child))
        return []
    return _leaf(part, ctype, body)


def _choose_alternative(results: list[list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """Prefer the version with real plain text, else the last (richest) version with any text."""
    for result in results:
        if any(kind == "plain" and text.strip() for kind, text in result):
            return result
    for result in reversed(results):
        if any(text.strip() for _, text in result):
            return result
    return results[0] if results else []


def _leaf(part: Message, ctype: str, body: _Body) -> list[tuple[str, str]]:
    if _is_attachment(part, ctype):
        try:
            data, _ = _payload_bytes(part, None)
            size = len(data)
        except Exception:
            size = 0
        body.attachments.append(Attachment(_filename(part), ctype, size))
        return []
    data, cut = _payload_bytes(part, BODY_BYTES_LIMIT)
    if cut:
        body.defect("body_truncated")
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    text = decode_bytes(data, charset, allow_cut_tail=cut)
    if ctype == "text/html":
        return [("html", html_to_text(text))]
    return [("plain", text)]


_MANY_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACES = re.compile(r"[ \t]+\n")


def _normalize_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\x00", "")
    text = _TRAILING_SPACES.sub("\n", text)
    return _MANY_BLANK_LINES.sub("\n\n", text).strip()


def _segments_text(segments: list[tuple[str, str]]) -> str:
    plain = [text for kind, text in segments if kind == "plain" and text.strip()]
    chosen = plain or [text for kind, text in segments if kind == "html" and text.strip()]
    return _normalize_text("\n\n".join(chosen))[:FULL_TEXT_LIMIT]


def _raw_body_text(raw: bytes) -> str:
    """Last resort when no parser copes: the bytes after the first blank line, decoded."""
    for separator in (b"\r\n\r\n", b"\n\n"):
        index = raw.find(separator)
        if index != -1:
            return decode_bytes(raw[index + len(separator) : index + len(separator) + BODY_BYTES_LIMIT], None)
    return ""


def _parser_defects(message: Message) -> list[str]:
    names: list[str] = []
    try:
        for part in message.walk():
            for defect in getattr(part, "defects", [])[:20]:
                name = type(defect).__name__
                if name not in names:
                    names.append(name)
            if len(names) >= 20:
                break
    except Exception:
        names.append("defects_unreadable")
    return names


# --------------------------------------------------------------------------------------------------
# parse_email
# --------------------------------------------------------------------------------------------------


def _parse_tree(raw: bytes, defects: list[str]) -> tuple[Message | None, _Body, str, str]:
    """Parse with policy.default, falling back to compat32; returns (message, body, full_text, content_type).

    policy.default parses every part's headers through the header registry
    (~0.3 ms a part), so a hostile message with tens of thousands of tiny parts
    would cost minutes; such messages go straight to compat32 (13x cheaper), and
    beyond that only their beginning is parsed.
    """
    policies: list[tuple[str, Any]] = [("default", policy.default), ("compat32", policy.compat32)]
    boundary_lines = raw.count(b"\n--")
    if boundary_lines > _MAX_PARTS * 2:
        defects.append("many_parts")
        policies = policies[1:]
        if boundary_lines > _MAX_PARTS * 20:
            raw = raw[:_MANY_PARTS_PARSE_BYTES]
            defects.append("parse_truncated")
    for pol_name, pol in policies:
        try:
            message = message_from_bytes(raw, policy=pol)
            body = _Body()
            segments = _walk(message, body, 0)
            text = _segments_text(segments)
            for name in _parser_defects(message):
                if name not in defects:
                    defects.append(name)
            defects.extend(d for d in body.defects if d not in defects)
            return message, body, text, _content_type(message)
        except Exception as exc:
            defects.append(f"parse_failed_{pol_name}:{type(exc).__name__}")
    return None, _Body(), _normalize_text(_raw_body_text(raw)), ""


def _header_items(message: Message | None, raw: bytes) -> list[tuple[str, object]]:
    if message is not None:
        try:
            return list(message.raw_items())
        except Exception:
            pass
    # Manual split, for input no parser accepted.
    head = raw.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0][:200_000]
    items: list[tuple[str, object]] = []
    for line in head.decode("ascii", "surrogateescape").splitlines():
        if line[:1] in (" ", "\t") and items:
            name, value = items[-1]
            items[-1] = (name, f"{value}\n{line}")
        elif ":" in line:
            name, value = line.split(":", 1)
            items.append((name, value.strip()))
    return items


def parse_email(raw: bytes) -> ParsedEmail:
    """Parse raw RFC 5322 bytes into a `ParsedEmail`; never raises, whatever the input.

    The worst case is a mostly empty `ParsedEmail` whose `defects` say what
    went wrong, so the caller can still store or drop the message on purpose.
    """
    defects: list[str] = []
    try:
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        elif not isinstance(raw, bytes):
            raw = bytes(raw)
    except Exception:
        return ParsedEmail(defects=["not_bytes"])
    try:
        return _parse(raw, defects)
    except Exception as exc:  # belt and braces: every step below is already defensive
        defects.append(f"parse_error:{type(exc).__name__}")
        return ParsedEmail(defects=defects)


def _parse(raw: bytes, defects: list[str]) -> ParsedEmail:
    message, body, full_text, content_type = _parse_tree(raw, defects)
    headers = _Headers(_header_items(message, raw))

    senders = parse_addresses(headers.raw("from"))
    sender_name, sender = senders[0] if senders else ("", "")
    sender = sender.lower()  # the customer's identity: one spelling per mailbox
    if not senders and headers.has("from"):
        sender_name = decode_header(headers.raw("from"))

    return_path: str | None = None
    if headers.has("return-path"):
        rp = parse_addresses(headers.raw("return-path"))
        return_path = rp[0][1].lower() if rp else ""

    # Only the start can matter for a 5,000-character text; this bounds the work on huge bodies.
    stripped = strip_quoted(full_text[:_STRIP_INPUT_LIMIT])
    text = stripped[:TEXT_LIMIT]
    classification = {name: headers.first(name) for name in CLASSIFICATION_HEADERS if headers.has(name)}
    references = _MSG_ID.findall(headers.first("references"))[:100]
    return ParsedEmail(
        subject=headers.first("subject"),
        sender=sender,
        sender_name=sender_name,
        return_path=return_path,
        to=[addr for _, addr in parse_addresses(headers.raw("to"))],
        cc=[addr for _, addr in parse_addresses(headers.raw("cc"))],
        envelope_recipients=_envelope_recipients(headers),
        message_id=headers.first("message-id"),
        in_reply_to=headers.first("in-reply-to"),
        references=references,
        date=headers.first("date"),
        text=text,
        full_text=full_text,
        attachments=body.attachments[:_MAX_PARTS],
        headers=classification,
        verdicts=_verdicts(headers),
        content_type=content_type,
        defects=defects,
        truncated=len(stripped) > TEXT_LIMIT,
        part_types=body.part_types[:_MAX_PARTS],
    )


# --------------------------------------------------------------------------------------------------
# drop_reason
# --------------------------------------------------------------------------------------------------

_GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"
_REPORT_TYPE = re.compile(r"report-type\s*=\s*\"?([A-Za-z-]+)", re.IGNORECASE)
_DAEMON_LOCAL_PARTS = frozenset({"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"})
_DAEMON_NAMES = re.compile(r"^(?:mail delivery (?:subsystem|system)|mailer[- ]daemon)$", re.IGNORECASE)
_BOUNCE_SUBJECT = re.compile(
    r"^(?:undelivered mail returned to sender|delivery status notification|undeliverable\s*:|non remis\s*:"
    r"|unzustellbar\s*:|mail delivery failed|returned mail\s*:|failure notice$|delivery failure\b)",
    re.IGNORECASE,
)
# Subjects that start an out-of-office or automatic answer; a phrase must be the whole subject or be
# followed by ':' so that "Out of office hours support was rude" stays feedback.
_AUTO_SUBJECT = re.compile(
    r"""^\s*(?:
        (?:automatic|auto)[ -]?reply
      | autoreply
      | auto
      | out[ \t]+of[ \t]+(?:the[ \t]+)?office(?:[ \t]+auto[ -]?reply)?
      | r[ée]ponse[ \t]+automatique
      | absence[ \t]+du[ \t]+bureau
      | absent
      | abwesenheitsnotiz
      | automatische[ \t]+antwort
      | respuesta[ \t]+autom[áa]tica
      | risposta[ \t]+automatica
    )\s*(?::|$)""",
    re.IGNORECASE | re.VERBOSE,
)
_AUTO_SUPPRESS_VALUES = re.compile(r"\b(?:all|oof|autoreply)\b", re.IGNORECASE)
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|tr|aw|wg|rv|sv|vs|ref|réf)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_PLACEHOLDER_SUBJECTS = frozenset(
    {"no subject", "(no subject)", "sans objet", "(sans objet)", "(aucun objet)", "(kein betreff)", "(sin asunto)"}
)


def _report_type(msg: ParsedEmail) -> str:
    if msg.content_type != "multipart/report":
        return ""
    match = _REPORT_TYPE.search(msg.headers.get("content-type", ""))
    return match.group(1).lower() if match else ""


def _is_bounce(msg: ParsedEmail) -> bool:
    if _report_type(msg) == "delivery-status" or "message/delivery-status" in msg.part_types:
        return True
    local = msg.sender.rsplit("@", 1)[0] if msg.sender else ""
    if local in _DAEMON_LOCAL_PARTS or _DAEMON_NAMES.match(msg.sender_name or ""):
        return True
    if "x-failed-recipients" in msg.headers:
        return True
    # SES bounce notifications come from MAILER-DAEMON@...amazonses.com (caught above) or carry SES
    # sending headers with a DSN subject; a DSN subject alone is not enough ("Delivery failure" can be a
    # customer's complaint about a parcel), it needs a machine-sender signal too.
    machine = (
        msg.return_path == ""
        or "auto-submitted" in msg.headers
        or "x-ses-outgoing" in msg.headers
        or msg.sender.endswith("amazonses.com")
    )
    return machine and bool(_BOUNCE_SUBJECT.match(msg.subject or ""))


def _is_read_receipt(msg: ParsedEmail) -> bool:
    return _report_type(msg) == "disposition-notification" or "message/disposition-notification" in msg.part_types


def _is_abuse_report(msg: ParsedEmail) -> bool:
    return _report_type(msg) == "feedback-report" or "message/feedback-report" in msg.part_types


def _precedence(msg: ParsedEmail) -> str:
    value = msg.headers.get("precedence") or msg.headers.get("x-precedence") or ""
    return value.strip().lower()


def _is_auto_reply(msg: ParsedEmail) -> bool:
    submitted = msg.headers.get("auto-submitted")
    if submitted is not None and submitted.strip() and submitted.split(";")[0].strip().lower() != "no":
        return True
    for name in ("x-autoreply", "x-autorespond"):
        value = msg.headers.get(name)
        if value is not None and value.strip().lower() not in ("no", "false", "0"):
            return True
    if _AUTO_SUPPRESS_VALUES.search(msg.headers.get("x-auto-response-suppress", "")):
        return True
    if _precedence(msg) in ("bulk", "junk", "auto_reply", "auto-reply"):
        return True
    if msg.headers.get("x-apple-action", "").strip().lower() == "vacation":
        return True
    return bool(_AUTO_SUBJECT.match(msg.subject or ""))


def _is_mailing_list(msg: ParsedEmail) -> bool:
    return "list-id" in msg.headers or _precedence(msg) == "list"


def subject_worth_keeping(subject: str) -> bool:
    """A subject that can stand as feedback on its own: not blank, not "(no subject)", not just "Re:"."""
    rest = _SUBJECT_PREFIX.sub("", subject or "").strip()
    return rest.lower() not in _PLACEHOLDER_SUBJECTS and any(ch.isalnum() for ch in rest)


def drop_reason(msg: ParsedEmail) -> str | None:
    """Why this message is not feedback and must never be answered; None when it is acceptable.

    Checked in this order: virus, spam, bounce, read_receipt, abuse_report,
    auto_reply, mailing_list, empty. An empty `Return-Path: <>` is a bounce
    signal, but RFC 3834 and RFC 8098 ask auto-replies and read receipts to
    use it too, so it only decides "bounce" when no more specific reason
    (read receipt, abuse report, auto-reply) applies.
    """
    try:
        return _drop_reason(msg)
    except Exception:  # unreachable with a ParsedEmail from parse_email; keep the message for a human
        return None


def _drop_reason(msg: ParsedEmail) -> str | None:
    verdicts = msg.verdicts or Verdicts()
    if verdicts.virus == "fail":
        return "virus"
    if verdicts.spam == "fail" or _GTUBE in (msg.full_text or "") or _GTUBE in (msg.subject or ""):
        return "spam"
    if _is_bounce(msg):
        return "bounce"
    if _is_read_receipt(msg):
        return "read_receipt"
    if _is_abuse_report(msg):
        return "abuse_report"
    if _is_auto_reply(msg):
        return "auto_reply"
    if msg.return_path == "":
        return "bounce"
    if _is_mailing_list(msg):
        return "mailing_list"
    if not any(ch.isalnum() for ch in msg.text or "") and not subject_worth_keeping(msg.subject):
        return "empty"
    return None


# --------------------------------------------------------------------------------------------------
# Routing
# --------------------------------------------------------------------------------------------------

_SITE_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_REPLY_TOKEN = re.compile(r"[A-Za-z0-9_.=-]{1,512}")


def _split_address(address: str) -> tuple[str, str] | None:
    address = address.strip()
    if "<" in address:
        match = re.search(r"<([^<>]*)>", address)
        address = match.group(1).strip() if match else address
    if address.lower().startswith("mailto:"):
        address = address[7:]
    if "@" not in address:
        return None
    local, domain = address.rsplit("@", 1)
    local = local.strip()
    if len(local) >= 2 and local[0] == local[-1] == '"':
        local = re.sub(r"\\(.)", r"\1", local[1:-1])
    return local, domain.strip().strip("[]").rstrip(".").lower()


def route(addresses: Iterable[str], inbound_domain: str) -> Route | None:
    """The route of the first address, in the caller's priority order, that is a valid one on our domain.

    `reply+TOKEN@domain` is a reply (the token keeps its case: it is opaque);
    `KEY@domain` or `KEY+tag@domain` is new feedback for site KEY. Unknown
    local parts on our domain (and a bare `reply@`) are skipped rather than
    ending the search, so a stray address cannot hide a valid one.
    """
    domain = (inbound_domain or "").strip().rstrip(".").lower()
    if not domain:
        return None
    try:
        for address in addresses:
            if not isinstance(address, str):
                continue
            parts = _split_address(address)
            if parts is None or parts[1] != domain:
                continue
            local = parts[0]
            head, plus, tail = local.partition("+")
            if head.lower() == "reply":
                if plus and _REPLY_TOKEN.fullmatch(tail):
                    return Route(kind="reply", token=tail)
                continue
            key = head.lower()
            if _SITE_KEY.fullmatch(key):
                return Route(kind="site", site=key)
    except Exception:  # a misbehaving iterable must not crash intake
        return None
    return None


def recipients_in_priority(msg: ParsedEmail) -> list[str]:
    """Envelope recipients, then To, then Cc, without duplicates: the order `route` expects."""
    out: list[str] = []
    for addr in (*msg.envelope_recipients, *msg.to, *msg.cc):
        if addr not in out:
            out.append(addr)
    return out
