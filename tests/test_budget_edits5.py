"""The budget workbook after finance staff insert lines into it: every total grows with them.

Rows are inserted as a spreadsheet inserts them (cells and workbook names move down; formulas
that point above the insertion keep their text; the new line is the line above copied down),
then the `formulas` engine recalculates (tests/formula_ranges.py). A fixed E5:E13 range did not
grow for a line added just above JUMLAH or just under the header; the LibreOffice run of the
same edits is benchmarks/budget_edits_lo.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

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


# Hitung Anggaran inside Excel, pressed again after the finance officer edited the sheets.

def _click(wb, formulas_sent: bool = True):  # noqa: ANN001, ANN202
    """One Hitung Anggaran click with the run info ribbon.js sends: the budget sheets'
    formulas ("rumus", as Excel's Range.formulas gives them) besides the survey."""
    import json

    from test_live_edits import ribbon_info, run

    from kpps_xl.excel import scripts

    info = json.loads(ribbon_info(wb))
    if formulas_sent:
        info["rumus"] = {ws.title: [[c.value for c in row] for row in ws.iter_rows()]
                         for ws in wb.worksheets if ws.title in ("Parameter", "Anggaran", "Rekap")}
    return run(wb, scripts.hitung_anggaran, info=json.dumps(info))


def _rate_cell(wb):  # noqa: ANN001, ANN202
    sheet, _, address = str(wb.defined_names["PPU_JKK"].attr_text).partition("!")
    return wb[sheet.strip("'")][address.replace("$", "")]


EXCEL_EDITS = {
    "a number typed over a subtotal formula": lambda wb: wb["Anggaran"].__setitem__("K6", 99_999),
    "a kecamatan line added above JUMLAH": lambda wb: (
        insert_rows(wb, "Anggaran", _total_row(wb["Anggaran"])),
        wb["Anggaran"].__setitem__(f"B{_total_row(wb['Anggaran']) - 1}", "KEC BARU")),
    "a line deleted": lambda wb: __import__("kpps_xl.excel.replay", fromlist=["x"]).delete_rows(
        wb, "Anggaran", 5),
    "a count changed": lambda wb: wb["Anggaran"].__setitem__("F5", 40),
    "a note typed in the Rekap table": lambda wb: wb["Rekap"].__setitem__("A8", "dicek BPKAD"),
}


@pytest.mark.parametrize("edit", list(EXCEL_EDITS))
def test_hitung_anggaran_again_keeps_an_edited_sheet_whole_under_a_backup_name(edit):
    from test_live_edits import clean_roster

    wb = clean_roster()
    _click(wb)
    edited = next(ws.title for ws in wb.worksheets
                  if ws.title == ("Rekap" if "Rekap" in edit else "Anggaran"))
    EXCEL_EDITS[edit](wb)
    before = [[c.value for c in row] for row in wb[edited].iter_rows()]
    result = _click(wb)
    backup = f"{edited} (sebelumnya)"
    assert [[c.value for c in row] for row in wb[backup].iter_rows()] == before
    assert f"'{edited}' menjadi '{backup}'" in result.alerts[-1]
    assert wb[edited]["A1"].value.startswith(("ANGGARAN", "REKAP"))
    assert str(wb.defined_names["TOTAL_ANGGARAN"].attr_text).startswith("'Anggaran'!")
    assert sorted(wb.sheetnames) == sorted(["KEC A", "Parameter", "Anggaran", "Rekap", backup])


def test_an_unchanged_budget_or_a_kept_rate_makes_no_backup_and_backups_never_overwrite():
    from test_live_edits import clean_roster

    wb = clean_roster()
    _click(wb)
    _click(wb)
    _rate_cell(wb).value = 0.0025  # a rate: kept in place, as before
    again = _click(wb)
    assert "dipertahankan (PPU_JKK)" in again.alerts[-1] and "sebelumnya" not in again.alerts[-1]
    assert sorted(wb.sheetnames) == sorted(["KEC A", "Parameter", "Anggaran", "Rekap"])
    for typed in (11_111, 22_222):
        wb["Anggaran"]["K5"] = typed
        _click(wb)
    assert wb["Anggaran (sebelumnya)"]["K5"].value == 11_111
    assert wb["Anggaran (sebelumnya 2)"]["K5"].value == 22_222


def test_without_the_formulas_an_edit_cannot_be_told_and_the_sheet_is_replaced_as_before():
    """The VBA client and xlwings Lite send values only (documented)."""
    from test_live_edits import clean_roster

    wb = clean_roster()
    _click(wb, formulas_sent=False)
    wb["Anggaran"]["K6"] = 99_999
    _click(wb, formulas_sent=False)
    assert wb["Anggaran"]["K6"].value.startswith("=") and len(wb.sheetnames) == 4


def test_ribbon_sends_the_budget_sheets_formulas_from_a1_with_hitung_anggaran():
    from test_addin_ribbon import run_ribbon_async

    expression = """(async () => {
      globalThis.Office = {actions: {associate() {}}, context: {diagnostics: {platform: "PC"}},
                           PlatformType: {OfficeOnline: "OfficeOnline"}};
      const sheet = (name, head, used) => ({name,
        getRange() { return {load() { return {values: head}; }}; },
        getUsedRangeOrNullObject() { return {load() { return used; }}; }});
      const items = [
        sheet("KEC A", [["No", "Nama", "NIK"]], {isNullObject: false, rowCount: 3, columnCount: 3,
                                                rowIndex: 0, columnIndex: 0}),
        sheet("ANGGARAN", [["x"]], {isNullObject: false, rowCount: 1, columnCount: 2,
                                   rowIndex: 1, columnIndex: 1, formulas: [["=F5*G5*J5", 7]]}),
        sheet("Catatan", [["x"]], {isNullObject: false, rowCount: 1, columnCount: 1,
                                  rowIndex: 0, columnIndex: 0, formulas: [["bebas"]]})];
      globalThis.Excel = {run: async (f) => f({sync: async () => {},
        workbook: {worksheets: {load() { return {items}; }}}})};
      let sent = [];
      globalThis.xlwings = {runPython: async (o) => { sent.push(JSON.parse(o.args[0])); }};
      await kppsAnggaran({completed() {}});
      await kppsPeriksa({completed() {}});
      return sent.map((info) => info.rumus ?? null);
    })()"""
    anggaran, periksa = run_ribbon_async(expression)
    assert anggaran == {"ANGGARAN": [[], ["", "=F5*G5*J5", 7]]} and periksa is None


def test_a_desktop_book_gives_its_budget_formulas_cell_by_cell():
    """Excel desktop (RunPython, COM) answers Range.formula as rows of texts, a lone cell as a
    string: a stand-in with the same answers (real COM was not run here)."""
    from kpps_xl.excel.scripts import budget_formulas
    from kpps_xl.excel.survey import RunInfo

    class Used:
        def __init__(self, rows: int, cols: int) -> None:
            self.last_cell = type("Cell", (), {"row": rows, "column": cols})()

    class Sheet:
        def __init__(self, name: str, grid: Any) -> None:
            self.name, self.grid = name, grid
            self.used_range = Used(2, 2)

        def range(self, first, last):  # noqa: ANN001, ANN201
            return type("Range", (), {"formula": self.grid})()

    class Sheets(list):
        def __getitem__(self, key):  # noqa: ANN001, ANN204
            return next(s for s in self if s.name == key) if isinstance(key, str) else super(
                ).__getitem__(key)

    class DesktopBook:
        api = object()
        sheets = Sheets([Sheet("Anggaran", (("JUDUL", ""), ("=F5*G5*J5", "7"))),
                         Sheet("REKAP", "=SUM(D5:D6)"), Sheet("KEC A", (("x",),))])

    assert budget_formulas(DesktopBook(), RunInfo()) == {
        "Anggaran": [["JUDUL", ""], ["=F5*G5*J5", "7"]], "REKAP": [["=SUM(D5:D6)"]]}
    sent = {"Anggaran": [["dari ribbon.js"]]}
    assert budget_formulas(DesktopBook(), RunInfo(formulas=sent)) == sent
