"""GET /v1/admin/export.csv: columns, filters, spreadsheet safety, truncation."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

AGENT = {"Authorization": "Bearer local-admin"}


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def export(call: Callable[..., Any], query: str = "") -> tuple[Any, list[dict[str, str]]]:
    response = call("GET", f"/v1/admin/export.csv{query}", headers=AGENT)
    assert response.status_code == 200, response.body
    rows = list(csv.DictReader(io.StringIO(response.body.decode("utf-8"), newline="")))
    return response, rows


def test_csv_headers_columns_and_order(call: Callable[..., Any], site: Any, make_item: Callable[..., Any]) -> None:
    older = make_item(at("2026-11-20T08:00:00"), kind="nps", score=3, topics=["delivery", "price"], language="fr")
    newer = make_item(
        at("2026-11-21T08:00:00"), channel="email", subject="Commande", text='Ligne 1\nLigne 2, "citée"; fin'
    )
    response, rows = export(call)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="boucle-feedback.csv"'
    assert "X-Boucle-Truncated" not in response.headers
    header = response.body.decode().split("\r\n")[0]
    assert header == "id,created_at,site,channel,kind,score,language,sentiment,urgency,topics,status,text,subject"
    assert [row["id"] for row in rows] == [newer.id, older.id]
    assert rows[1]["score"] == "3" and rows[1]["topics"] == "delivery;price" and rows[1]["kind"] == "nps"
    assert rows[0]["text"] == 'Ligne 1\nLigne 2, "citée"; fin' and rows[0]["subject"] == "Commande"
    assert rows[0]["score"] == ""


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ('=HYPERLINK("http://evil","clic")', '\'=HYPERLINK("http://evil","clic")'),
        ("a=1+1", "a=1+1"),
        ("Très bien", "Très bien"),
    ],
)
def test_cells_are_neutralised_for_spreadsheets(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any], text: str, cell: str
) -> None:
    make_item(text=text, subject=text)
    _, [row] = export(call)
    assert row["text"] == cell and row["subject"] == cell


def test_same_filters_as_the_listing(call: Callable[..., Any], site: Any, make_item: Callable[..., Any]) -> None:
    negative = make_item(at("2026-11-20T08:00:00"), sentiment="negative", text="retard")
    make_item(at("2026-11-20T09:00:00"), sentiment="positive", text="bien")
    make_item(at("2026-11-22T09:00:00"), sentiment="negative", text="encore")
    _, rows = export(call, "?site=demo&sentiment=negative&until=2026-11-21")
    assert [row["id"] for row in rows] == [negative.id]
    response = call("GET", "/v1/admin/export.csv?limit=5", headers=AGENT)
    assert response.status_code == 400 and response.json_body["error"]["code"] == "unknown_parameter"
    response = call("GET", "/v1/admin/export.csv?kind=stars", headers=AGENT)
    assert response.status_code == 400 and response.json_body["error"]["field"] == "kind"


def test_export_reads_every_page(call: Callable[..., Any], site: Any, make_item: Callable[..., Any]) -> None:
    made = [make_item(at("2026-11-20T08:00:00") + i) for i in range(450)]
    _, rows = export(call, "?site=demo")
    assert [row["id"] for row in rows] == [item.id for item in reversed(made)]


def test_export_is_capped_and_says_so(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any], monkeypatch: Any
) -> None:
    from chalicelib.admin import export as module

    for i in range(6):
        make_item(at("2026-11-20T08:00:00") + i)
    monkeypatch.setattr(module, "MAX_ROWS", 5)
    response, rows = export(call)
    assert len(rows) == 5 and response.headers["X-Boucle-Truncated"] == "true"
    monkeypatch.setattr(module, "MAX_ROWS", 6)
    response, rows = export(call)
    assert len(rows) == 6 and "X-Boucle-Truncated" not in response.headers


def test_export_is_capped_by_size() -> None:
    from chalicelib.admin.export import write_csv
    from chalicelib.models import Feedback

    items = [
        Feedback(id=f"01KT{i:022d}", site="demo", channel="web", kind="comment", text="x" * 1000, created_at="t")
        for i in range(10)
    ]
    result = write_csv(items, max_bytes=3500)
    assert result.truncated and result.rows == 3
    assert len(result.body.encode()) <= 3500


def test_empty_export_has_the_header_only(call: Callable[..., Any], site: Any) -> None:
    response, rows = export(call)
    assert rows == [] and response.body.decode().startswith("id,created_at,")


def test_export_that_runs_out_of_page_budget_says_truncated(
    call: Callable[..., Any], site: Any, make_item: Callable[..., Any], monkeypatch: Any
) -> None:
    from chalicelib.admin import export as module

    for i in range(250):
        make_item(at("2026-11-20T08:00:00") + i)
    monkeypatch.setattr(module, "MAX_PAGES", 1)
    response, rows = export(call, "?site=demo")
    assert len(rows) == 200 and response.headers["X-Boucle-Truncated"] == "true"
