"""The "Temuan" sheet: one row per finding with a link to the cell, and reading it back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kpps_xl.excel.cells import parse_address
from kpps_xl.excel.marks import cell_of
from kpps_xl.findings import Finding, sort_key
from kpps_xl.io_utils import safe_text

SHEET = "Temuan"
HEADER = ["No", "Tingkat", "Kode", "Lembar", "Sel", "Baris", "TPS", "Pesan"]
SHEET_COL = HEADER.index("Lembar")
CELL_COL = HEADER.index("Sel")
LABEL = {"error": "Galat", "warning": "Peringatan", "info": "Info"}
# Rows written per setValues action, and the most rows the sheet lists.
CHUNK_ROWS = 5_000
MAX_ROWS = 20_000


def link_formula(sheet: str, address: str) -> str:
    """=HYPERLINK("#'Sheet'!C23","C23"): a link that works in every Excel client."""
    target = "#'" + sheet.replace("'", "''") + "'!" + address
    return '=HYPERLINK("' + target.replace('"', '""') + '","' + address + '")'


def finding_row(number: int, f: Finding, columns: dict[str, str]) -> list[Any]:
    """One Temuan row; text from user cells is neutralised, only our link is a formula."""
    letter = cell_of(f, columns)
    address = f"{letter}{f.row}" if letter and f.row else None
    cell = link_formula(f.sheet, address) if address and f.sheet else ""
    return [
        number,
        LABEL.get(f.severity, f.severity),
        f.code,
        safe_text(f.sheet or ""),
        cell,
        f.row if f.row is not None else "",
        safe_text(f.tps or ""),
        safe_text(f.message),
    ]


def table(
    findings: Sequence[Finding], columns_of: dict[str, dict[str, str]], limit: int = MAX_ROWS
) -> list[list[Any]]:
    """Header plus rows (ordered by sheet, row, column), cut at `limit` with a closing note."""
    ordered = sorted(findings, key=sort_key)
    rows = [HEADER]
    for i, f in enumerate(ordered[:limit], start=1):
        rows.append(finding_row(i, f, columns_of.get(f.sheet or "", {})))
    if len(ordered) > limit:
        rest = len(ordered) - limit
        rows.append(["", "Info", "", "", "", "", "",
                     f"... dan {rest} temuan lainnya: jalankan 'kpps-xl check' untuk laporan lengkap."])
    return rows


def chunks(rows: list[list[Any]], size: int = CHUNK_ROWS) -> list[tuple[int, list[list[Any]]]]:
    """(first Excel row, block) pairs for writing a long table in a few actions."""
    return [(start + 1, rows[start:start + size]) for start in range(0, len(rows), size)]


def marked_cells(values: list[list[Any]]) -> dict[str, set[tuple[int, int]]]:
    """{sheet: {(row, col)}} listed in a Temuan sheet's values (as the payload sends them)."""
    out: dict[str, set[tuple[int, int]]] = {}
    if not values or not values[0] or values[0][: len(HEADER)] != HEADER:
        return out
    for row in values[1:]:
        if len(row) <= CELL_COL or not row[SHEET_COL]:
            continue
        cell = parse_address(row[CELL_COL])
        sheet = str(row[SHEET_COL])
        if sheet.startswith("'"):
            sheet = sheet[1:]
        if cell:
            out.setdefault(sheet, set()).add(cell)
    return out
