"""The "Temuan" sheet: one row per finding with a link to the cell, and reading it back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kpps_xl.excel.cells import parse_address, parse_area
from kpps_xl.excel.marks import cell_of
from kpps_xl.findings import Finding, sort_key
from kpps_xl.io_utils import cell_text, safe_text

SHEET = "Temuan"
HEADER = ["No", "Tingkat", "Kode", "Lembar", "Sel", "Baris", "TPS", "Pesan"]
SHEET_COL = HEADER.index("Lembar")
CELL_COL = HEADER.index("Sel")
LABEL = {"error": "Galat", "warning": "Peringatan", "info": "Info"}
# Rows written per setValues action, and the most rows the sheet lists.
CHUNK_ROWS = 5_000
MAX_ROWS = 20_000
# Older versions listed every coloured cell as runs per sheet ("C5:C9 E12") in columns J:K;
# marks now live in workbook names (marknames.py), this list is only read back.
MARK_HEADER = ["Lembar bertanda", "Sel bertanda (dipakai Hapus Tanda, jangan diubah)"]
MARK_COL = len(HEADER) + 1
MARK_TEXT_LIMIT = 8_000


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
        text_cell(f.sheet or ""),
        cell,
        f.row if f.row is not None else "",
        text_cell(str(f.tps)) if f.tps not in (None, "") else "",
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


def text_cell(value: str) -> str:
    """Text that Excel keeps as text ("01" stays "01", never the number 1 nor a formula)."""
    return "'" + cell_text(value) if value else value


def sheet_name(value: Any, names: Sequence[str] | None = None) -> str | None:
    """The sheet a Lembar cell names, also when Excel turned "01" into the number 1."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    text = text[1:] if text.startswith("'") else text
    if names is None or text in names:
        return text
    if isinstance(value, int | float) and not isinstance(value, bool):
        same = [n for n in names if _as_number(n) == value]
        if len(same) == 1:
            return same[0]
    return text


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def marked_cells(values: list[list[Any]], names: Sequence[str] | None = None
                 ) -> dict[str, set[tuple[int, int]]]:
    """{sheet: {(row, col)}} coloured by the run that wrote this Temuan sheet (payload values)."""
    out: dict[str, set[tuple[int, int]]] = {}
    if not values or not values[0] or list(values[0][: len(HEADER)]) != HEADER:
        return out
    if list(values[0][MARK_COL:MARK_COL + len(MARK_HEADER)]) == MARK_HEADER:
        for row in values[1:]:
            sheet = sheet_name(row[MARK_COL], names) if len(row) > MARK_COL + 1 else None
            if sheet and isinstance(row[MARK_COL + 1], str):
                cells = out.setdefault(sheet, set())
                for area in row[MARK_COL + 1].split():
                    cells.update(parse_area(area))
        return out
    # Temuan written before the mark list existed: listed errors and warnings only.
    colored = {LABEL["error"], LABEL["warning"]}
    for row in values[1:]:
        if len(row) <= CELL_COL or row[HEADER.index("Tingkat")] not in colored:
            continue
        sheet = sheet_name(row[SHEET_COL], names)
        cell = parse_address(row[CELL_COL])
        if sheet and cell:
            out.setdefault(sheet, set()).add(cell)
    return out
