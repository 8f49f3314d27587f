"""The budget workbook's growing ranges written as fixed ones, for the `formulas` engine.

The writer ends every total's range at the row above JUMLAH with INDEX ("K$4:INDEX(K:K,ROW()-1)"),
so rows finance staff insert above JUMLAH are summed; `formulas` cannot parse a range whose end
is INDEX(...), so the tests recalculate a copy where each such range ends at that row, fixed.
Excel and LibreOffice evaluate the INDEX form itself (benchmarks/budget_edits_lo.py)."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

_GROWING = re.compile(r"(?P<start>(?:'[^']+'!)?\$?[A-Z]+\$?\d+):INDEX\((?P<sheet>'[^']+'!)?"
                      r"\$?(?P<col>[A-Z]+):\$?[A-Z]+,ROW\((?P<anchor>[^)]*)\)-1\)")


def fixed_ranges(path: Path, folder: Path) -> Path:
    """A copy of the workbook (same file name, in folder) with every growing range fixed."""
    wb = load_workbook(path)
    anchor = wb.defined_names.get("TOTAL_ANGGARAN")
    total_row = int(re.findall(r"\d+", str(anchor.attr_text))[-1]) if anchor else None
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "INDEX(" in cell.value:
                    cell.value = _GROWING.sub(
                        lambda m, r=cell.row: _fixed(m, r, total_row), cell.value)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    wb.save(target)
    return target


def _fixed(match: re.Match[str], row: int, total_row: int | None) -> str:
    above = (row if match["anchor"] == "" else total_row) - 1
    return f"{match['start']}:{match['sheet'] or ''}${match['col']}${above}"
