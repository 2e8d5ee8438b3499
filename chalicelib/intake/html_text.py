"""HTML mail bodies to readable plain text, with nothing but the stdlib.

Some mail clients (and most phones) send HTML only. Customers' words must
survive that trip as text an operator can read, so the conversion keeps line
breaks where the layout had blocks, drops what is never shown (scripts,
styles, the head), unescapes entities, and turns `<blockquote>` into `> `
lines so that quoted history in HTML replies is removed by the same
`strip_quoted` rules as in plain-text replies.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

# Content of these elements is never rendered, so it is never customer text.
_HIDDEN = frozenset({"script", "style", "head", "title", "template", "noscript", "object", "svg", "xml"})
# Elements that start on a new line when rendered.
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    }
)
_CELL = frozenset({"td", "th"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"})
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# Deeply nested hostile markup must not make the stacks grow without bound.
_MAX_DEPTH = 200


class _TextExtractor(HTMLParser):
    """Collects visible text as lines, tagging each line with its blockquote depth."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._current: list[str] = []
        self._current_depth = 0
        self._hidden_stack: list[str] = []
        self._quote_depth = 0
        self._pre_depth = 0

    # -- line building -------------------------------------------------------------
    def _newline(self) -> None:
        text = "".join(self._current).strip()
        prefix = "> " * self._current_depth
        self.lines.append(prefix + text if text else prefix.rstrip())
        self._current = []
        self._current_depth = self._quote_depth

    def _block_break(self) -> None:
        if self._current and "".join(self._current).strip():
            self._newline()
        else:
            self._current = []
            self._current_depth = self._quote_depth

    # -- parser callbacks ------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in _HIDDEN:
            if tag not in _VOID and len(self._hidden_stack) < _MAX_DEPTH:
                self._hidden_stack.append(tag)
            return
        if self._hidden_stack:
            return
        if tag == "br":
            self._newline()
        elif tag in _BLOCK:
            self._block_break()
            if tag == "blockquote" and self._quote_depth < _MAX_DEPTH:
                self._quote_depth += 1
                self._current_depth = max(self._current_depth, self._quote_depth)
            elif tag == "pre":
                self._pre_depth += 1
        elif tag in _CELL:
            self._current.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in _HIDDEN or self._hidden_stack:
            return
        if tag == "br":
            self._newline()
        elif tag in _BLOCK:
            self._block_break()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self._hidden_stack:
            if tag in self._hidden_stack:
                # Close up to the matching element, tolerating unclosed children.
                while self._hidden_stack and self._hidden_stack.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self._block_break()
            if tag == "blockquote" and self._quote_depth > 0:
                self._quote_depth -= 1
                self._current_depth = self._quote_depth
            elif tag == "pre" and self._pre_depth > 0:
                self._pre_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._hidden_stack or not data:
            return
        if self._pre_depth:
            parts = data.replace("\r\n", "\n").split("\n")
            for index, part in enumerate(parts):
                if index:
                    self._newline()
                self._current.append(part)
        else:
            self._current.append(_SPACES.sub(" ", data))
        if self._quote_depth > self._current_depth:
            self._current_depth = self._quote_depth

    def finish(self) -> str:
        """Flush the last line and return the text with blank runs collapsed."""
        self._block_break()
        text = "\n".join(line.rstrip() for line in self.lines)
        return _MANY_BLANK_LINES.sub("\n\n", text).strip("\n")


def html_to_text(html: str) -> str:
    """Convert an HTML body to readable text; never raises.

    `html.parser` is lenient but has had rare assertion failures on hostile
    markup; whatever was extracted up to that point is still returned, since
    a partial body beats losing a customer's message.
    """
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # a converter for untrusted input must not raise
        pass
    try:
        return parser.finish().replace("\xa0", " ")
    except Exception:
        return ""
