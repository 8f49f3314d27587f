"""The budget workbook after finance staff insert lines into it: every total grows with them.

Rows are inserted as a spreadsheet inserts them (cells and workbook names move down; formulas
that point above the insertion keep their text; the new line is the line above copied down),
then the `formulas` engine recalculates (tests/formula_ranges.py). A fixed E5:E13 range did not
grow for a line added just above JUMLAH or just under the header; the LibreOffice run of the
same edits is benchmarks/budget_edits_lo.py."""

from __future__ import annotations

import re
from pathlib import Path

import formulas
import pytest
from formula_ranges import fixed_ranges
from openpyxl import load_workbook
from openpyxl.formula.translate import Translator
from test_budget_helpers import kpps_rows, roster_of, settings_with

from kpps_xl.budget import compute_budget, write_budget_workbook
from kpps_xl.excel.replay import insert_rows

ROSTER = kpps_rows("IPUH", "Ipuh", 2) + kpps_rows("TERAS TERUNJAM", "Teras", 3, first_tps=3)


def _budget_file(tmp_path: Path) -> tuple[Path, int]:
    settings = settings_with({})
    budget = compute_budget(roster_of(ROSTER), settings)
    path = write_budget_workbook(budget, settings, tmp_path / "anggaran.xlsx")
    return path, budget.total


def _total_row(ws) -> int:  # noqa: ANN001
    return next(c.row for c in ws["D"] if c.value == "JUMLAH")


def _add_line(path: Path, where: str, count: int) -> Path:
    """The officer inserts a row (above JUMLAH or under the header), copies a line into it
    and types a new kecamatan and head count; saved beside the original."""
    wb = load_workbook(path)
    ws = wb["Anggaran"]
    total = _total_row(ws)
    at = total if where == "above JUMLAH" else 5
    source = at - 1 if where == "above JUMLAH" else 6  # the line next to the new row
    insert_rows(wb, "Anggaran", at)
    for row in ws.iter_rows(min_row=at + 1):  # the cells that moved down: references follow
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.value = Translator(cell.value, origin=f"{cell.column_letter}{cell.row - 1}"
                                        ).translate_formula(cell.coordinate)
    for cell in ws[source]:
        value = cell.value
        if isinstance(value, str) and value.startswith("="):
            value = Translator(value, origin=cell.coordinate).translate_formula(
                f"{cell.column_letter}{at}")
        ws.cell(at, cell.column, value)
    ws[f"B{at}"], ws[f"F{at}"] = "KECAMATAN BARU", count
    target = path.parent / "diedit" / path.name
    target.parent.mkdir()
    wb.save(target)
    return target


def _values(path: Path) -> dict[str, float]:
    model = formulas.ExcelModel().loads(str(fixed_ranges(path, path.parent / "fixed"))).finish()
    out = {}
    for key, ranges in model.calculate().items():
        match = re.fullmatch(r"'\[[^\]]+\](\w+)'!([A-Z]+\d+)", key)
        if match:
            out[f"{match[1]}!{match[2]}"] = ranges.value[0][0]
    return out


@pytest.mark.parametrize("where", ["above JUMLAH", "under the header"])
def test_a_line_finance_staff_insert_is_in_every_total(tmp_path, where):
    path, before = _budget_file(tmp_path)
    edited = _add_line(path, where, 100)
    values = _values(edited)
    ws = load_workbook(edited)["Anggaran"]
    total = _total_row(ws)
    lines = [values[f"ANGGARAN!K{r}"] for r in range(5, total)]
    added = values[f"ANGGARAN!K{total - 1 if where == 'above JUMLAH' else 5}"]
    assert added > 0 and sum(lines) == before + added
    assert values[f"ANGGARAN!K{total}"] == sum(lines)
    assert values[f"ANGGARAN!K{total + 1}"] + values[f"ANGGARAN!K{total + 2}"] == sum(lines)
    rekap = load_workbook(edited)["Rekap"]
    rekap_total = next(c.row for c in rekap["A"] if c.value == "JUMLAH")
    assert values[f"REKAP!D{rekap_total}"] == sum(lines)
    people = values[f"ANGGARAN!F{total}"]
    assert people == len(ROSTER) + 100 and values[f"REKAP!C{rekap_total}"] == people


def test_the_totals_end_at_the_row_above_jumlah_wherever_it_moves(tmp_path):
    path, _ = _budget_file(tmp_path)
    wb = load_workbook(path)
    ws = wb["Anggaran"]
    total = _total_row(ws)
    assert ws[f"K{total}"].value == "=SUM(K$4:INDEX(K:K,ROW()-1))"
    assert "ROW(TOTAL_ANGGARAN)-1" in ws[f"K{total + 1}"].value
    assert "INDEX('Anggaran'!$K:$K,ROW(TOTAL_ANGGARAN)-1)" in wb["Rekap"]["D5"].value
