"""CSV export of the listing, safe to open in a spreadsheet.

Chalice cannot stream a response, so the CSV is built page by page into one
body. It stops at `MAX_ROWS` rows, at `MAX_BYTES` (a Lambda response cannot
exceed 6 MB) or when the page budget runs out, and then says so with the
`X-Boucle-Truncated: true` header; narrowing the filters (e.g. `since`/`until`)
gets the rest.

Customer text is untrusted: a cell starting with `=`, `+`, `-`, `@`, a tab or a
carriage return would be read as a formula by spreadsheet software (CSV
injection), so such cells are prefixed with `'`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from chalicelib.admin.listing import MAX_LIMIT, MAX_PAGES_PER_REQUEST, Filters, list_page
from chalicelib.models import Feedback

COLUMNS = (
    "id",
    "created_at",
    "site",
    "channel",
    "kind",
    "score",
    "language",
    "sentiment",
    "urgency",
    "topics",
    "status",
    "text",
    "subject",
)
MAX_ROWS = 50_000
MAX_BYTES = 5_000_000
MAX_PAGES = 2_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvExport:
    body: str
    rows: int
    truncated: bool


def neutralize(value: Any) -> str:
    """The cell text, with a leading `'` when a spreadsheet would treat it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def row(item: Feedback) -> list[str]:
    values: tuple[Any, ...] = (
        item.id,
        item.created_at,
        item.site,
        item.channel,
        item.kind,
        None if item.score is None else int(item.score),
        item.language,
        item.sentiment,
        item.urgency,
        ";".join(item.topics or []),
        item.status,
        item.text,
        item.subject,
    )
    return [neutralize(value) for value in values]


def write_csv(items: Iterable[Feedback], max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> CsvExport:
    """Header plus one row per item, stopping at the row or size cap."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = 0
    size = buffer.tell()
    for item in items:
        if rows >= max_rows:
            return CsvExport(buffer.getvalue(), rows, True)
        line = io.StringIO()
        csv.writer(line, lineterminator="\r\n").writerow(row(item))
        encoded = len(line.getvalue().encode("utf-8"))
        if size + encoded > max_bytes:
            return CsvExport(buffer.getvalue(), rows, True)
        buffer.write(line.getvalue())
        size += encoded
        rows += 1
    return CsvExport(buffer.getvalue(), rows, False)


class _Matching:
    """Iterates every item the filters match, page by page; remembers if the page budget stopped it."""

    def __init__(self, filters: Filters, max_pages: int) -> None:
        self.filters = filters
        self.max_pages = max_pages
        self.budget_exhausted = False

    def __iter__(self) -> Iterator[Feedback]:
        cursor: str | None = None
        pages_left = self.max_pages
        while True:
            budget = min(MAX_PAGES_PER_REQUEST, pages_left)
            page = list_page(self.filters, MAX_LIMIT, cursor, max_pages=budget)
            pages_left -= budget
            yield from page.items
            if page.cursor is None:
                return
            if pages_left <= 0:
                self.budget_exhausted = True
                return
            cursor = page.cursor


def export(filters: Filters) -> CsvExport:
    """The CSV of every item the filters match, within the row, size and page caps."""
    matching = _Matching(filters, MAX_PAGES)
    result = write_csv(matching, MAX_ROWS, MAX_BYTES)
    if matching.budget_exhausted and not result.truncated:
        return CsvExport(result.body, result.rows, True)
    return result
