"""Marks kept as workbook names, which Excel itself moves when rows or columns change."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from kpps_xl.excel.cells import col_index, col_letter, runs

PREFIX = "KPPS_TANDA_"
# Characters per name definition: far below Excel's formula limit, so every client accepts it.
MAX_FORMULA = 1_800
_AREA = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)(?::\$?([A-Za-z]{1,3})\$?([0-9]+))?$")

Marked = dict[str, set[tuple[int, int]]]


def quote_sheet(name: str) -> str:
    """'KEC A' -> "'KEC A'" (always quoted, quotes doubled), as Excel writes references."""
    return "'" + name.replace("'", "''") + "'"


def _area(sheet: str, first_row: int, last_row: int, column: int) -> str:
    letter = col_letter(column)
    end = f":${letter}${last_row}" if last_row != first_row else ""
    return f"{quote_sheet(sheet)}!${letter}${first_row}{end}"


def definitions(marked: dict[str, Iterable[tuple[int, int]]], limit: int = MAX_FORMULA
                ) -> list[tuple[str, str]]:
    """[(name, "='KEC A'!$C$5:$C$9,'KEC A'!$E$12")] covering every marked cell."""
    out: list[tuple[str, str]] = []
    for sheet in sorted(marked):
        formula = ""
        for run in runs(dict.fromkeys(marked[sheet])):
            area = _area(sheet, run.first_row, run.last_row, run.column)
            if formula and len(formula) + 1 + len(area) > limit:
                out.append((f"{PREFIX}{len(out) + 1}", formula))
                formula = ""
            formula = f"{formula},{area}" if formula else f"={area}"
        if formula:
            out.append((f"{PREFIX}{len(out) + 1}", formula))
    return out


def split_union(formula: str) -> Iterator[str]:
    """The comma-separated areas of a reference formula, commas inside quotes kept."""
    text = formula[1:] if formula.startswith("=") else formula
    current, quoted = "", False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        if ch == "," and not quoted:
            yield current
            current = ""
        else:
            current += ch
    if current:
        yield current


def _sheet_and_address(area: str) -> tuple[str | None, str]:
    if "!" not in area:
        return None, area
    sheet, _, address = area.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, address


def cells_of(address: str) -> list[tuple[int, int]]:
    """Cells of "$C$5", "C5:D9"; [] for "#REF!" (cells Excel deleted) or anything else."""
    match = _AREA.match(address.strip())
    if not match:
        return []
    c1, r1 = col_index(match[1].upper()), int(match[2])
    c2, r2 = (col_index(match[3].upper()), int(match[4])) if match[3] else (c1, r1)
    return [(r, c) for r in range(min(r1, r2), max(r1, r2) + 1)
            for c in range(min(c1, c2), max(c1, c2) + 1)]


def marked_in(formula: str, default_sheet: str | None = None) -> Marked:
    """{sheet: cells} a name definition covers, deleted (#REF!) parts left out."""
    out: Marked = {}
    for area in split_union(formula):
        sheet, address = _sheet_and_address(area)
        sheet = sheet or default_sheet
        if sheet is None or "#REF!" in address.upper():
            continue
        out.setdefault(sheet, set()).update(cells_of(address))
    return out


def our_names(book: Any) -> list[Any]:
    """The book's KPPS_TANDA_* names (any client: Office.js, VBA, COM)."""
    try:
        names = list(book.names)
    except (AttributeError, NotImplementedError, TypeError):
        return []
    return [n for n in names if _bare(n).upper().startswith(PREFIX)]


def _bare(name: Any) -> str:
    api = getattr(name, "api", None)
    if isinstance(api, dict):
        return str(api.get("name", ""))
    return str(name.name).rpartition("!")[2]


def _formula_of(book: Any, name: Any) -> tuple[str | None, str | None]:
    """(definition, default sheet) of a name: refers_to, or the VBA client's address list."""
    api = getattr(name, "api", None)
    if isinstance(api, dict) and not api.get("refers_to"):
        address, index = api.get("address"), api.get("sheet_index")
        if address is None or index is None:
            return None, None
        return "=" + str(address), book.sheets[int(index)].name
    return name.refers_to, None


def _deletable(name: Any) -> bool:
    """The VBA client sends names without their definition, and its nameDelete matches on
    the definition, so such a name cannot be deleted: it is redefined as =#REF! instead."""
    api = getattr(name, "api", None)
    return not isinstance(api, dict) or bool(api.get("refers_to"))


def marked_by_names(book: Any) -> Marked:
    """Every cell still covered by a KPPS_TANDA_* name, where Excel has moved it to."""
    out: Marked = {}
    for name in our_names(book):
        formula, sheet = _formula_of(book, name)
        if not formula:
            continue
        for key, cells in marked_in(formula, sheet).items():
            out.setdefault(key, set()).update(cells)
    return out


def replace_names(book: Any, marked: dict[str, Iterable[tuple[int, int]]]) -> int:
    """Delete the old KPPS_TANDA_* names and add ones covering `marked`; return how many."""
    new = definitions(marked)
    taken = {n for n, _ in new}
    for name in our_names(book):
        if _deletable(name):
            name.delete()
        elif _bare(name) not in taken:
            book.names.add(_bare(name), "=#REF!")
    for name, formula in new:
        book.names.add(name, formula)
    return len(new)
