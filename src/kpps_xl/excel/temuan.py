"""The "Temuan" sheet: one row per finding with a link to the cell, and reading it back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


def _cli_marked(values: list[list[Any]], names: Sequence[str] | None,
                width_of: Callable[[str], int]) -> dict[str, set[tuple[int, int]]]:
    """Cells the CLI's annotated copy filled, from its Temuan (Sheet, Baris, Kolom): the cell of
    a finding with a column, else its row across the sheet's used width (at most 60 columns,
    workbook/paint.row_span), every level (Info is blue there)."""
    from kpps_xl.excel.cells import col_index
    from kpps_xl.workbook.paint import row_span

    out: dict[str, set[tuple[int, int]]] = {}
    for row in values[1:]:
        if len(row) < 7:
            continue
        sheet, line, letter = sheet_name(row[4], names), row[5], str(row[6] or "").strip()
        if not sheet or not isinstance(line, int | float) or isinstance(line, bool):
            continue
        cells = out.setdefault(sheet, set())
        if letter.isalpha() and len(letter) <= 3:
            cells.add((int(line), col_index(letter.upper())))
        else:
            first, last = row_span(1, max(width_of(sheet), 1))
            cells.update((int(line), col) for col in range(first, last + 1))
    return out


def marked_cells(values: list[list[Any]], names: Sequence[str] | None = None,
                 width_of: Callable[[str], int] | None = None
                 ) -> dict[str, set[tuple[int, int]]]:
    """{sheet: {(row, col)}} coloured by the run that wrote this Temuan sheet (payload values):
    an older add-in's, or the CLI annotated copy's when `width_of` gives the sheets' widths."""
    from kpps_xl.roster.own import OWN_FIRST_ROWS

    out: dict[str, set[tuple[int, int]]] = {}
    cli_header = list(OWN_FIRST_ROWS[SHEET][0])
    if values and width_of is not None and list(values[0][: len(cli_header)]) == cli_header:
        return _cli_marked(values, names, width_of)
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
