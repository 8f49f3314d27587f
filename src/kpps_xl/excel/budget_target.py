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


# Workbook name holding what each budget sheet held as written ('="Anggaran=K1 Rekap=K2"'):
# which cells were formulas and every constant, the named inputs left out.
SIDIK = "KPPS_SIDIK_ANGGARAN"
BACKUP_WORD = "sebelumnya"


def _cell_key(value: Any) -> str:
    """A cell for the fingerprint: 'F' for any formula (Excel may spell it differently), else
    the constant as text."""
    if isinstance(value, str) and value.startswith("="):
        return "F"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return f"{value:.15g}"
    return str(value).strip()


def content_key(cells: list[list[Any]], inputs: set[tuple[int, int]]) -> str:
    """Fingerprint of a sheet's formulas-or-constants (row-major 2-D, from A1): which cells
    hold formulas and what the others hold, the cells in `inputs` (named rates, honoraria,
    months, which Hitung Anggaran keeps anyway) left out."""
    import base64
    import hashlib

    digest = hashlib.blake2b(digest_size=10)
    for r, row in enumerate(cells, start=1):
        for c, value in enumerate(row, start=1):
            if value is None or value == "" or (r, c) in inputs:
                continue
            digest.update(f"{r},{c},{_cell_key(value)}\x1f".encode())
    return base64.b32encode(digest.digest()).decode("ascii")


def _inputs_on(names: dict[str, str], sheet: str) -> set[tuple[int, int]]:
    """(row, col) of the named cells on `sheet` among {name: "='Sheet'!$B$5"}."""
    from kpps_xl.excel.cells import parse_address

    out = set()
    for formula in names.values():
        place = _address_of(formula)
        cell = parse_address(place[1]) if place and place[0].casefold() == sheet.casefold() else None
        if cell is not None:
            out.add(cell)
    return out


def _book_names(book: Any) -> dict[str, str]:
    try:
        existing = list(book.names)
    except (AttributeError, NotImplementedError, TypeError):
        return {}
    return {str(n.name).rpartition("!")[2]: str(n.refers_to or "") for n in existing}


def stored_keys(book: Any) -> dict[str, str]:
    """{sheet: fingerprint} the last Hitung Anggaran kept ({} before this version)."""
    import re

    formula = _book_names(book).get(SIDIK, "")
    return dict(re.findall(r"([A-Za-z]+)=([A-Z2-7]+)", formula))


def edited_sheets(book: Any, wb: Any, formulas: dict[str, list[list[Any]]]) -> list[str]:
    """Our budget sheets whose cells differ from what the last run wrote (a number typed over
    a formula, a line added or deleted, a count or label changed); only where the formulas of
    the open sheet are known (ribbon.js sends them, a desktop book is read)."""
    stored, names = stored_keys(book), _book_names(book)
    inputs = {n: f for n, f in names.items() if n in wb.defined_names}
    out = []
    for ws in wb.worksheets:
        name = xb.sheet_named(book, ws.title)
        cells = formulas.get(name or "") if name else None
        if name is None or cells is None or ws.title not in stored:
            continue
        if content_key(cells, _inputs_on(inputs, name)) != stored[ws.title]:
            out.append(name)
    return out


def backup_sheet_name(book: Any, name: str) -> str:
    """'Anggaran (sebelumnya)', or '... (sebelumnya 2)' and on when that name is taken."""
    taken = {n.casefold() for n in xb.sheet_names(book)}
    for n in range(1, 1000):
        candidate = f"{name} ({BACKUP_WORD}{'' if n == 1 else f' {n}'})"
        if candidate.casefold() not in taken:
            return candidate
    raise ValueError(name)


def _keys_of(wb: Any) -> str:
    names = {n: "=" + str(d.attr_text) for n, d in wb.defined_names.items()}
    parts = [f"{ws.title}={content_key(_cells(ws), _inputs_on(names, ws.title))}"
             for ws in wb.worksheets]
    return '="' + " ".join(parts) + '"'


def write_budget_sheets(book: Any, budget: Any, settings: Any,
                        formulas: dict[str, list[list[Any]]] | None = None
                        ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Parameter, Anggaran and Rekap exactly as `kpps-xl budget` writes them, except that a
    rate, honorarium or months the clerk changed in the open workbook is kept, and a sheet the
    finance officer edited otherwise (known from its `formulas`) is kept whole under a
    '(sebelumnya)' name before the new one is written: nothing typed is lost. Return the
    inputs kept {name: value} and the sheets kept [(sheet, backup name)]."""
    from kpps_xl.budget.config import budget_config
    from kpps_xl.budget.workbook import build_workbook

    wb, _cached = build_workbook(budget, budget_config(settings))
    for ws in wb.worksheets:
        _refuse_typed_beside(book, ws)
    kept = clerk_inputs(book, wb)
    for name, value in kept.items():
        sheet, address = _address_of(str(wb.defined_names[name].attr_text)) or ("", "")
        wb[sheet][address].value = value
    backups = []
    for name in edited_sheets(book, wb, formulas or {}):
        backup = backup_sheet_name(book, name)
        book.sheets[name].name = backup
        backups.append((name, backup))
    for ws in wb.worksheets:
        _write_sheet(book, ws)
    names = {name: "=" + str(d.attr_text) for name, d in wb.defined_names.items()}
    _replace_names(book, {**names, SIDIK: _keys_of(wb)})
    return kept, backups
