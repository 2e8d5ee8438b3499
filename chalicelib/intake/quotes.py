"""Remove quoted history, signatures and phone footers from a reply, in French and English.

A customer's feedback is what they typed, not the thread below it. Mail
clients mark the start of history in a handful of ways (attribution lines,
"Original Message" separators, Outlook header blocks, `>` quoting); this
module recognises those markers line by line, keeps everything the customer
wrote above them, and keeps the customer's words written *between* quoted
blocks (bottom-posting and inline answers).

Every rule errs towards keeping text: a false "quote marker" that swallowed a
customer's message is worse than a stray line of history.
"""

from __future__ import annotations

import re

__all__ = ["strip_quoted"]

# Lines longer than this are never markers (keeps every regex cheap on pathological input).
_MAX_MARKER_LEN = 400
# Attribution lines wrap over at most this many physical lines.
_MAX_ATTRIBUTION_LINES = 3

_QUOTED = re.compile(r"^[ \t]*>")
_HAS_DIGIT = re.compile(r"\d")
_DATE_OR_TIME = re.compile(r"\d{1,2}:\d{2}|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}")

# "On Tue, 2011-03-01 at 18:02 +0530, Abhishek Kona wrote:" and its siblings, possibly led by dashes
# ("--- On Wed, 4/4/12, x wrote:" from Yahoo). The whole marker must end the line, so a sentence that
# merely mentions "wrote" is never a marker.
_ATTRIBUTION = re.compile(
    r"""^[ \t]*(?:-+[ \t]*)?
    (?:
        on\b.*\bwrote
      | le\b.*\ba[ \t]+[ée]crit
      | am\b.*\bschrieb.*
      | el\b.*\bescribi[óo]
      | il\b.*\bha[ \t]+scritto
      | em\b.*\bescreveu
      | op\b.*\bschreef.*
    )[ \t]*:[ \t]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_ATTRIBUTION_START = re.compile(r"^[ \t]*(?:-+[ \t]*)?(?:on|le|am|el|il|em|op)\b", re.IGNORECASE)
_ENDS_WITH_COLON = re.compile(r":[ \t]*$")
_STARTS_WITH_ADDRESS = re.compile(r"^[ \t]*<?[^\s@<>]+@")

_SIGNATURE = re.compile(r"^-- ?$")
_UNDERSCORES = re.compile(r"^[ \t]*_{10,}[ \t]*$")
_ORIGINAL_MESSAGE = re.compile(
    r"""^[ \t]*-{2,}[ \t]*
    (?:original[ \t]+message|message[ \t]+d['’][ \t]*origine|forwarded[ \t]+message|message[ \t]+transf[ée]r[ée]
      |ursprüngliche[ \t]+nachricht|weitergeleitete[ \t]+nachricht|mensaje[ \t]+original|messaggio[ \t]+originale)
    [ \t]*-{2,}[ \t]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_FORWARD_INTRO = re.compile(
    r"^[ \t]*(?:begin[ \t]+forwarded[ \t]+message"
    r"|d[ée]but[ \t]+du[ \t]+message[ \t]+(?:r[ée]exp[ée]di[ée]|transf[ée]r[ée]))[ \t]*:[ \t]*$",
    re.IGNORECASE,
)
# Outlook-style header block: "From:" / "De :" followed by "Sent:", "To:", "Objet :"... (optionally *bold*).
_HEADER_FROM = re.compile(r"^[ \t]*\*{0,2}(?:from|de|von|da)[ \t]*:[ \t]*\*{0,2}[ \t]*\S", re.IGNORECASE)
_HEADER_OTHER = re.compile(
    r"^[ \t]*\*{0,2}(?:sent|envoy[ée]|date|datum|gesendet|enviado|inviato|to|[àa]|an|para|cc|cci|bcc|"
    r"subject|objet|betreff|asunto|oggetto|reply-to)[ \t]*:",
    re.IGNORECASE,
)
_HEADER_STRONG = re.compile(
    r"^[ \t]*\*{0,2}(?:sent|envoy[ée]|date|datum|gesendet|enviado|inviato|subject|objet|betreff|asunto|oggetto)[ \t]*:",
    re.IGNORECASE,
)
# Phone and webmail footers. Only short lines that do not read like a sentence qualify.
_MOBILE_FOOTER = re.compile(
    r"""^[ \t]*-*[ \t]*
    (?:sent[ \t]+from[ \t]+(?:my|yahoo|mail|outlook|gmail|samsung)\b
      |sent[ \t]+with[ \t]+(?:sparrow|airmail|spark|blackberry|proton)\b
      |sent[ \t]+via[ \t]+(?:blackberry|the[ \t]+samsung)\b
      |get[ \t]+outlook[ \t]+for\b
      |envoy[ée][ \t]+(?:de|depuis|à[ \t]+partir[ \t]+de)\b
      |t[ée]l[ée]charger[ \t]+outlook[ \t]+pour\b
      |obtenir[ \t]+outlook[ \t]+pour\b
      |von[ \t]+meinem\b.*\bgesendet
      |enviado[ \t]+desde\b
      |inviato[ \t]+da\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_MAX_FOOTER_LEN = 80
_SEPARATOR_ONLY = re.compile(r"^[\s\-_=—–*~]*$")


def _is_quoted(line: str) -> bool:
    return bool(_QUOTED.match(line))


def _is_blank(line: str) -> bool:
    return not line.strip()


def _next_nonblank(lines: list[str], start: int, limit: int = 4) -> int | None:
    """Index of the next non-blank line at or after `start`, skipping at most `limit` blank lines."""
    for index in range(start, min(len(lines), start + limit + 1)):
        if not _is_blank(lines[index]):
            return index
    return None


def _attribution_span(lines: list[str], index: int) -> int:
    """How many lines an "On <date>, <name> wrote:" marker starting here spans (0: not a marker).

    Gmail wraps long attributions, so up to three consecutive non-blank lines are
    joined. A digit (date or time) is required: real attributions always carry
    one, prose such as "On Monday I wrote:" does not.
    """
    first = lines[index]
    if len(first) > _MAX_MARKER_LEN or not _ATTRIBUTION_START.match(first):
        return 0
    joined = first
    for span in range(1, _MAX_ATTRIBUTION_LINES + 1):
        if span > 1:
            following = lines[index + span - 1] if index + span - 1 < len(lines) else ""
            if _is_blank(following) or _is_quoted(following):
                return 0
            joined = f"{joined.rstrip()} {following.strip()}"
            if len(joined) > _MAX_MARKER_LEN:
                return 0
        if _ATTRIBUTION.match(joined) and _HAS_DIGIT.search(joined):
            return span
    return 0


def _looks_like_generic_attribution(line: str) -> bool:
    """A short line ending in ':' that names an address or a date, like any client's attribution."""
    if len(line) > 300 or not _ENDS_WITH_COLON.search(line):
        return False
    return "@" in line or bool(_DATE_OR_TIME.search(line))


def _is_header_block(lines: list[str], index: int) -> bool:
    """An Outlook/webmail header block ("From:" then "Sent:"/"To:"/"Subject:") starts here."""
    line = lines[index]
    if len(line) > _MAX_MARKER_LEN or not _HEADER_FROM.match(line):
        return False
    others = 0
    strong = 0
    seen = 0
    for following in lines[index + 1 : index + 8]:
        if _is_blank(following):
            continue
        seen += 1
        if seen > 4:
            break
        if _HEADER_OTHER.match(following):
            others += 1
            if _HEADER_STRONG.match(following):
                strong += 1
    if "@" in line and others >= 1:
        return True
    # Outlook desktop shows display names only: demand more evidence.
    return others >= 2 and strong >= 1


def _is_mobile_footer(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    if len(line) > _MAX_FOOTER_LEN or not _MOBILE_FOOTER.match(line) or line.endswith((".", "!", "?")):
        return False
    nxt = _next_nonblank(lines, index + 1, limit=len(lines))
    if nxt is None:
        return True
    # A footer is followed only by history, never by more of the customer's prose.
    return (
        _is_quoted(lines[nxt])
        or _attribution_span(lines, nxt) > 0
        or _is_hard_marker(lines, nxt)
        or _looks_like_generic_attribution(lines[nxt])
    )


def _is_hard_marker(lines: list[str], index: int) -> bool:
    """Markers after which nothing the customer wrote is expected."""
    line = lines[index]
    if len(line) > _MAX_MARKER_LEN:
        return False
    return bool(
        _SIGNATURE.match(line)
        or _UNDERSCORES.match(line)
        or _ORIGINAL_MESSAGE.match(line)
        or _FORWARD_INTRO.match(line)
    ) or _is_header_block(lines, index)


def _has_content(lines: list[str]) -> bool:
    return any(any(ch.isalnum() for ch in line) for line in lines)


def _tidy(lines: list[str]) -> str:
    """Trim trailing whitespace, separator debris and blank runs; never lengthens the text."""
    cleaned = [line.rstrip() for line in lines]
    while cleaned and _SEPARATOR_ONLY.match(cleaned[-1]):
        cleaned.pop()
    start = next((index for index, line in enumerate(cleaned) if line), len(cleaned))
    cleaned = cleaned[start:]
    out: list[str] = []
    for line in cleaned:
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out)


def strip_quoted(text: str) -> str:
    """Return only what the customer wrote: no quoted history, signature or phone footer.

    Never raises, and the result is never longer than `text`. Inline answers
    between quoted blocks are kept; an attribution line with nothing above it
    and no quoted block below is treated as ordinary text (it is far more
    likely to be the customer's own sentence than an empty reply).
    """
    if not isinstance(text, str) or not text:
        return ""
    try:
        return _strip(text)
    except Exception:  # a malformed body must never lose the whole message
        return text.strip()


def _strip(text: str) -> str:
    lines = text.splitlines()
    kept: list[str] = []
    index = 0
    total = len(lines)
    while index < total:
        line = lines[index]
        if _is_blank(line):
            kept.append(line)
            index += 1
            continue
        if _is_quoted(line):
            index += 1
            continue
        span = _attribution_span(lines, index)
        if span:
            nxt = _next_nonblank(lines, index + span)
            if nxt is not None and _is_quoted(lines[nxt]):
                index = nxt  # drop the attribution; its quoted block follows
                continue
            if _has_content(kept):
                break  # unquoted history (Gmail forwards, Outlook "On ... wrote:" without '>')
            kept.extend(lines[index : index + span])  # false positive: nothing above, nothing quoted below
            index += span
            continue
        if _looks_like_generic_attribution(line):
            nxt = _next_nonblank(lines, index + 1)
            if nxt is not None and _is_quoted(lines[nxt]):
                previous = lines[index - 1] if index else ""
                if (
                    kept
                    and kept[-1] is previous
                    and not _is_blank(previous)
                    and len(previous) < 200
                    and (_STARTS_WITH_ADDRESS.match(line) or _DATE_OR_TIME.match(previous.strip()))
                ):
                    kept.pop()  # the attribution wrapped: "02.04.2012 14:20 user <" / "bob@x> wrote:"
                index = nxt
                continue
        if _is_hard_marker(lines, index) or _is_mobile_footer(lines, index):
            break
        kept.append(line)
        index += 1
    return _tidy(kept)
