"""Colour marked cells in place with as few actions as the client allows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kpps_xl.excel.cells import area_strings, run_address, runs, windows
from kpps_xl.findings import Finding
from kpps_xl.workbook.paint import CELL_COLORS, ROW_COLORS

ERROR_FILL = "#FFC7CE"
WARNING_FILL = "#FFEB9C"
FILL_BY_SEVERITY = {"error": ERROR_FILL, "warning": WARNING_FILL}
# Every fill kpps-xl paints on roster cells: the add-in's, and the annotated copy's (kpps-xl
# check --tandai, opened in Excel) cell and row colours; a cell showing another fill is the
# clerk's own.
OUR_FILLS = frozenset(FILL_BY_SEVERITY.values()) | frozenset(
    f"#{c}" for c in (*CELL_COLORS.values(), *ROW_COLORS.values()))
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

# Macro the VBA RunServerPython client runs for one (sheet, colour, address list) triple.
VBA_MARK_MACRO = "'kpps-xl.xlam'!KppsTandai"

Cells = dict[tuple[int, int], str | None]


def client_of(book: Any) -> str:
    """'Office.js', 'VBA', ... for a remote book; 'COM' for a desktop book."""
    api = getattr(book, "api", None)
    if isinstance(api, dict):
        return str(api.get("client", ""))
    return "COM"


def strategy_for(client: str) -> str:
    """How to colour many cells: set_colors, macro, areas (COM) or runs (anything else)."""
    return {"Office.js": "set_colors", "VBA": "macro", "COM": "areas"}.get(client, "runs")


def cell_of(finding: Finding, columns: dict[str, str]) -> str | None:
    """Column letter to mark for a finding: its own, its field's, TPS, name, or None."""
    if finding.column:
        return finding.column
    for name in (finding.field, "tps", "nama"):
        if name and name in columns:
            return columns[name]
    return None


def worst_fill(findings: Iterable[Finding], columns_of: dict[str, dict[str, str]]) -> dict[str, Cells]:
    """{sheet: {(row, col): fill}} keeping the worst severity per cell; info is not coloured."""
    from kpps_xl.excel.cells import col_index

    best: dict[tuple[str, int, int], int] = {}
    for f in findings:
        if f.sheet is None or f.row is None or f.severity not in FILL_BY_SEVERITY:
            continue
        letter = cell_of(f, columns_of.get(f.sheet, {}))
        if letter is None:
            continue
        key = (f.sheet, f.row, col_index(letter))
        best[key] = min(best.get(key, 9), SEVERITY_RANK[f.severity])
    out: dict[str, Cells] = {}
    rank_fill = {SEVERITY_RANK[s]: fill for s, fill in FILL_BY_SEVERITY.items()}
    for (sheet, row, col), rank in best.items():
        out.setdefault(sheet, {})[(row, col)] = rank_fill[rank]
    return out


def paint(book: Any, sheet_name: str, cells: Cells, strategy: str) -> int:
    """Apply fills (None clears) to one sheet; return the number of write calls made."""
    if not cells:
        return 0
    sheet = book.sheets[sheet_name]
    if strategy == "set_colors":
        return _paint_windows(sheet, cells)
    if strategy == "macro":
        return _paint_macro(book, sheet_name, cells)
    if strategy == "areas":
        return _paint_areas(sheet, cells)
    return _paint_runs(sheet, cells)


def _paint_windows(sheet: Any, cells: Cells) -> int:
    blocks = windows(cells)
    for w in blocks:
        rng = sheet.range((w.first_row, w.column), (w.last_row, w.column))
        matrix = [["keep" if c is ... else c] for c in w.colors]
        # Our colours are already "#RRGGBB" or None: skip xlwings' per-cell normalisation,
        # which costs ~20 us a cell (2 s for a 33,439-row sheet), and append the action.
        rng.impl.append_json_action(func="setRangeColors", args=[matrix])
    return len(blocks)


def _paint_runs(sheet: Any, cells: Cells) -> int:
    groups = runs(cells)
    for r in groups:
        sheet.range((r.first_row, r.column), (r.last_row, r.column)).color = r.color
    return len(groups)


def _by_color(cells: Cells) -> dict[str | None, list[str]]:
    out: dict[str | None, list[str]] = {}
    for r in runs(cells):
        out.setdefault(r.color, []).append(run_address(r))
    return out


def _paint_areas(sheet: Any, cells: Cells) -> int:
    calls = 0
    for color, addresses in _by_color(cells).items():
        for area in area_strings(addresses):
            sheet.range(area).color = color
            calls += 1
    return calls


def _paint_macro(book: Any, sheet_name: str, cells: Cells) -> int:
    macro = book.macro(VBA_MARK_MACRO)
    groups = _by_color(cells)
    for color, addresses in groups.items():
        macro(sheet_name, color or "", ",".join(addresses))
    return len(groups)
