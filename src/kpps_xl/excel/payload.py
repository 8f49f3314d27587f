"""Build the JSON an xlwings client would post, from an .xlsx file (tests, benchmarks, demos)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

CLIENT_OFFICEJS = "Office.js"
CLIENT_VBA = "VBA"


def _json_value(value: Any) -> Any:
    """A cell value as the xlwings clients send it: dates as ISO strings, empty as None."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty rows and columns like Excel's used range does."""
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((i + 1 for row in rows for i, v in enumerate(row) if v is not None), default=0)
    return [row[:width] + [None] * (width - len(row)) for row in rows]


def sheet_values(rows: list[list[Any]]) -> list[list[Any]]:
    """Used-range values anchored at A1, as in the payload (an empty sheet is [[]])."""
    trimmed = _trim([[_json_value(v) for v in row] for row in rows])
    return trimmed or [[]]


def payload_from_sheets(
    sheets: dict[str, list[list[Any]]],
    book_name: str = "roster.xlsx",
    client: str = CLIENT_OFFICEJS,
    version: str | None = None,
    active: int = 0,
    names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Payload dict from {sheet name: 2-D values} and workbook names {name: "=definition"}."""
    if version is None:
        from importlib.metadata import version as package_version

        version = package_version("xlwings")
    return {
        "client": client,
        "version": version,
        "book": {"name": book_name, "active_sheet_index": active, "selection": "A1"},
        "names": [name_entry(n, f) for n, f in (names or {}).items()],
        "sheets": [
            {"name": name, "values": sheet_values(rows), "pictures": [], "tables": []}
            for name, rows in sheets.items()
        ],
    }


def name_entry(name: str, refers_to: str) -> dict[str, Any]:
    """A workbook-scope name as the Office.js client sends it (definition kept verbatim)."""
    return {"name": name, "refers_to": refers_to, "type": "Range", "sheet_index": None,
            "address": None, "scope_sheet_name": None, "scope_sheet_index": None,
            "book_scope": True}


def workbook_names(wb: Any) -> dict[str, str]:
    """{name: "=definition"} of an openpyxl workbook's workbook-scope names."""
    return {name: "=" + str(d.attr_text) for name, d in wb.defined_names.items()}


def payload_from_workbook(wb: Any, client: str = CLIENT_OFFICEJS, book_name: str = "roster.xlsx"
                          ) -> dict[str, Any]:
    """What Excel would send for an open openpyxl workbook: shown values and names."""
    from kpps_xl.excel.replay import display_text

    sheets = {ws.title: [[_shown_in_memory(v, display_text) for v in row]
                         for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    return payload_from_sheets(sheets, book_name=book_name, client=client,
                               names=workbook_names(wb))


def _shown_in_memory(value: Any, display: Any) -> Any:
    if isinstance(value, str) and value.startswith("=HYPERLINK("):
        return display(value)
    return value


def _read(path: Path, data_only: bool) -> dict[str, list[list[Any]]]:
    wb = load_workbook(path, data_only=data_only, read_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def _shown(cached: Any, formula: Any) -> Any:
    """Cached value, or what Excel would show for a HYPERLINK formula openpyxl never computed."""
    from kpps_xl.excel.replay import link_of

    if cached is None and isinstance(formula, str):
        link = link_of(formula)
        return link[2] if link else None
    return cached


def payload_from_xlsx(
    path: str | Path,
    client: str = CLIENT_OFFICEJS,
    include: list[str] | None = None,
) -> dict[str, Any]:
    """Payload of a workbook file; sheets outside include travel with empty values."""
    path = Path(path)
    cached, formulas = _read(path, True), _read(path, False)
    names = workbook_names(load_workbook(path))
    sheets = {}
    for name, rows in cached.items():
        if include is not None and name not in include:
            sheets[name] = []
            continue
        sheets[name] = [[_shown(c, f) for c, f in zip(crow, frow, strict=False)]
                        for crow, frow in zip(rows, formulas[name], strict=False)]
    return payload_from_sheets(sheets, book_name=path.name, client=client, names=names)
