"""Hitung Anggaran inside Excel: the budget workbook writer's sheets, replayed as xlwings writes.

One writer, two targets: `kpps_xl.budget.workbook.build_workbook` lays out the Parameter,
Anggaran and Rekap sheets (values, live formulas, named cells, number formats) once; the CLI
saves that workbook as a file, this module copies the same cells, formats and names into the
open workbook through xlwings (remote payload or COM), so every formula and name is identical.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kpps_xl.excel import book as xb
from kpps_xl.excel.cells import col_letter

# The sheets the budget writer produces, in order (the clerk's sheets of these names are kept).
BUDGET_SHEETS = ("Parameter", "Anggaran", "Rekap")
HEADER_ROW = 4
HEADER_FILL = "#D9E1F2"
INPUT_FILL = "#FFF2CC"


def _cells(ws: Any) -> list[list[Any]]:
    rows = [[cell.value for cell in row] for row in ws.iter_rows()]
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]


def _format_runs(ws: Any) -> Iterator[tuple[str, str]]:
    """(address, number format) for vertical runs of equally formatted non-General cells."""
    for column in ws.iter_cols():
        start = prev = None
        fmt = None
        for cell in column:
            current = cell.number_format if cell.number_format != "General" else None
            if current == fmt and current is not None and prev is not None and cell.row == prev + 1:
                prev = cell.row
                continue
            if fmt is not None:
                yield _run(column[0].column, start, prev), fmt
            start = prev = cell.row
            fmt = current
        if fmt is not None:
            yield _run(column[0].column, start, prev), fmt


def _run(column: int, first: int, last: int) -> str:
    letter = col_letter(column)
    return f"{letter}{first}" if first == last else f"{letter}{first}:{letter}{last}"


def _input_cells(ws: Any) -> list[str]:
    """Cells the writer marks as inputs finance staff may change (yellow fill)."""
    return [cell.coordinate for row in ws.iter_rows() for cell in row
            if cell.fill is not None and cell.fill.fill_type == "solid"
            and str(cell.fill.fgColor.rgb)[-6:].upper() == INPUT_FILL[1:]]


def _write_sheet(book: Any, ws: Any) -> None:
    """Replace our sheet of this name with the writer's cells (one setValues) and formats."""
    from kpps_xl.excel import output

    if xb.has_sheet(book, ws.title):
        book.sheets[ws.title].delete()
    sheet = book.sheets.add(ws.title, after=book.sheets[len(book.sheets) - 1])
    values = _cells(ws)
    if not values:
        return
    for first, block in output.chunks(values):
        sheet.range((first, 1)).value = block
    for address, fmt in _format_runs(ws):
        sheet.range(address).number_format = fmt
    width = len(values[0])
    if len(values) >= HEADER_ROW:
        sheet.range((HEADER_ROW, 1), (HEADER_ROW, width)).color = HEADER_FILL
    for address in _input_cells(ws):
        sheet.range(address).color = INPUT_FILL
    sheet.range((HEADER_ROW, 1), (len(values), width)).columns.autofit()


def _replace_names(book: Any, names: dict[str, str]) -> None:
    """Workbook names of the writer (BPU_JKK, ...) pointing at this workbook's cells."""
    try:
        existing = list(book.names)
    except (AttributeError, NotImplementedError, TypeError):
        existing = []
    for name in existing:
        bare = str(name.name).rpartition("!")[2]
        if bare in names:
            name.delete()
    for name, formula in names.items():
        book.names.add(name, formula)


def _address_of(formula: str) -> tuple[str, str] | None:
    """("Parameter", "B5") of a name's "='Parameter'!$B$5"; None for anything else (#REF!)."""
    from kpps_xl.excel.marknames import _sheet_and_address

    sheet, address = _sheet_and_address(formula.removeprefix("="))
    address = address.replace("$", "")
    if sheet is None or sheet.upper() == "#REF" or "#" in address or ":" in address:
        return None
    return sheet, address


def _value_at(book: Any, sheet: str, address: str) -> Any:
    from kpps_xl.excel.cells import parse_address

    cell = parse_address(address)
    if cell is None or not xb.has_sheet(book, sheet):
        return None
    values = xb.sheet_values(book.sheets[sheet])
    row, col = cell
    return values[row - 1][col - 1] if row <= len(values) and col <= len(values[row - 1]) else None


def clerk_inputs(book: Any, wb: Any) -> dict[str, Any]:
    """{name: value} of the writer's named input cells (rates, honoraria, months) that the
    clerk changed in the open workbook, read where Excel keeps each name now; only numbers
    (a rate typed as text would break every formula)."""
    fresh = {}
    for name, defined in wb.defined_names.items():
        place = _address_of(str(defined.attr_text))
        if place is not None:
            fresh[name] = wb[place[0]][place[1]].value
    try:
        existing = list(book.names)
    except (AttributeError, NotImplementedError, TypeError):
        existing = []
    kept = {}
    for name in existing:
        bare = str(name.name).rpartition("!")[2]
        place = _address_of(str(name.refers_to or "")) if bare in fresh else None
        if place is None:
            continue
        value = _value_at(book, *place)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and value != fresh[bare]:
            kept[bare] = int(value) if float(value).is_integer() and isinstance(
                fresh[bare], int) else value
    return kept


def _refuse_typed_beside(book: Any, ws: Any) -> None:
    """Raise KppsError when the clerk typed right of the writer's columns in our sheet of
    that name (replacing the sheet would lose it)."""
    from kpps_xl.errors import KppsError
    from kpps_xl.excel import output

    if not xb.has_sheet(book, ws.title):
        return
    for r, row in enumerate(xb.sheet_values(book.sheets[ws.title]), start=1):
        for c in range(ws.max_column + 1, len(row) + 1):
            if row[c - 1] not in (None, "") and str(row[c - 1]).strip():
                name = xb.sheet_named(book, ws.title) or ws.title
                raise KppsError(output.edited_sheet_message(name, f"{col_letter(c)}{r}"))


def write_budget_sheets(book: Any, budget: Any, settings: Any) -> dict[str, Any]:
    """Parameter, Anggaran and Rekap exactly as `kpps-xl budget` writes them, except that a
    rate, honorarium or months the clerk changed in the open workbook is kept (nothing the
    finance officer typed is lost); return those kept {name: value}."""
    from kpps_xl.budget.config import budget_config
    from kpps_xl.budget.workbook import build_workbook

    wb, _cached = build_workbook(budget, budget_config(settings))
    for ws in wb.worksheets:
        _refuse_typed_beside(book, ws)
    kept = clerk_inputs(book, wb)
    for name, value in kept.items():
        sheet, address = _address_of(str(wb.defined_names[name].attr_text)) or ("", "")
        wb[sheet][address].value = value
    for ws in wb.worksheets:
        _write_sheet(book, ws)
    names = {name: "=" + str(d.attr_text) for name, d in wb.defined_names.items()}
    _replace_names(book, names)
    return kept
