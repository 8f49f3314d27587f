"""Generated sequences of clerk edits between button clicks, on a roster where the clerk has
coloured cells of their own (some of which kpps-xl then marks): a twin workbook gets the same
edits without any kpps-xl click, and is the truth for every fill the clerk should see."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from copy import copy
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from test_live_edits import by_name, fresh_marks, ribbon_info, roster, run

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from kpps_xl.excel import scripts  # noqa: E402
from kpps_xl.excel.replay import (  # noqa: E402
    coloured_cells,
    delete_cols,
    delete_rows,
    insert_cols,
    insert_rows,
    rename_sheet,
    sort_rows,
)

OURS = {"FFC7CE", "FFEB9C"}


def solid(hex6: str) -> PatternFill:
    return PatternFill("solid", start_color="FF" + hex6, end_color="FF" + hex6)


# The clerk's own colours: on cells kpps-xl will mark (the short NIK C6, the duplicate NIKs C4
# and C11, the impossible date E14) and on cells it never marks.
CLERK = {"C6": "00B050", "C11": "FFFF00", "E14": "9BC2E6", "B3": "00B050", "G9": "F4B084",
         # and a whole row (the duplicate NIK C4 among it) coloured across the table
         **{f"{col}4": "DDEBF7" for col in "ABCDEFG"}}


def clerk_roster() -> Workbook:
    wb = roster()
    for address, colour in CLERK.items():
        wb.active[address].fill = solid(colour)
    return wb


def survey(wb: Workbook) -> str:
    """ribbon.js's run info with the fills it read (kppsFills): every filled cell of the
    roster sheets, in runs down a column."""
    info = json.loads(ribbon_info(wb))
    info["warna"] = {ws.title: [[a, "#" + c] for a, c in coloured_cells(ws).items()]
                     for ws in wb.worksheets if ws.title in info["roster"]}
    return json.dumps(info)


def click(wb: Workbook, script: Callable[..., None]) -> Any:
    return run(wb, script, info=survey(wb))


def column_of(wb: Workbook, header: str) -> int:
    ws = wb.worksheets[0]
    row = next(r for r in ws.iter_rows() if any(c.value == "NIK" for c in r))
    return next(c.column for c in row if c.value == header)


def header_row(wb: Workbook) -> int:
    ws = wb.worksheets[0]
    return next(r[0].row for r in ws.iter_rows() if any(c.value == "NIK" for c in r))


def last_row(wb: Workbook) -> int:
    return wb.worksheets[0].max_row


# Each edit: (name, edit(wb, rng-drawn args)); args are drawn once and applied to both books.
def _fix_short_nik(wb: Workbook, _arg: int) -> None:
    ws, col = wb.worksheets[0], column_of(wb, "NIK")
    for row in range(header_row(wb) + 1, last_row(wb) + 1):
        if len(str(ws.cell(row, col).value or "")) == 15:
            ws.cell(row, col).value = "1706021402900099"


def _recolour_a_marked_cell(wb: Workbook, arg: int) -> None:
    """The clerk paints the cell holding the impossible date blue-grey (wherever it is)."""
    ws = wb.worksheets[0]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "31-02-1985":
                cell.fill = solid("D9D9D9") if arg % 2 else PatternFill(fill_type=None)


def _sort(wb: Workbook, arg: int) -> None:
    first = header_row(wb) + 1
    key = by_name if arg % 2 else (lambda r: str(r[column_of(wb, "NIK") - 1]))
    sort_rows(wb, wb.worksheets[0].title, first, last_row(wb), key=key)


EDITS: dict[str, Callable[[Workbook, int], None]] = {
    "insert rows above the header": lambda wb, a: insert_rows(wb, wb.worksheets[0].title, 1,
                                                              1 + a % 3),
    "insert a row in the table": lambda wb, a: insert_rows(
        wb, wb.worksheets[0].title, header_row(wb) + 1 + a % 10),
    "delete a person's row": lambda wb, a: delete_rows(
        wb, wb.worksheets[0].title, header_row(wb) + 1 + a % (last_row(wb) - header_row(wb))),
    "insert a column left of NIK": lambda wb, a: insert_cols(wb, wb.worksheets[0].title,
                                                             column_of(wb, "NIK")),
    "sort the table": _sort,
    "rename the sheet": lambda wb, a: rename_sheet(wb, wb.worksheets[0].title,
                                                   f"Desa {a} (revisi)"),
    "fix the short NIK": _fix_short_nik,
    "recolour or clear a marked cell": _recolour_a_marked_cell,
}


def twin_of(wb: Workbook) -> Workbook:
    """A copy of the clerk's book (values and fills) that kpps-xl never touches."""
    twin = Workbook()
    twin.remove(twin.active)
    for ws in wb.worksheets:
        other = twin.create_sheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                target = other.cell(cell.row, cell.column, cell.value)
                if cell.has_style:
                    target.fill = copy(cell.fill)
    return twin


def sequences(count: int, length: int, seed: int = 5) -> list[list[tuple[str, int]]]:
    rng = random.Random(seed)
    names = list(EDITS)
    return [[(rng.choice(names), rng.randrange(100)) for _ in range(length)]
            for _ in range(count)]


def _expected(wb: Workbook, twin: Workbook) -> dict[str, str]:
    """Fresh marks on top of the clerk's own fills (the twin's) everywhere else."""
    sheet = wb.worksheets[0].title
    return {**coloured_cells(twin[sheet]), **fresh_marks(wb).get(sheet, {})}


@pytest.mark.parametrize("steps", sequences(8, 4), ids=lambda s: " / ".join(n for n, _ in s))
def test_any_sequence_of_edits_keeps_marks_exact_and_gives_the_clerks_fills_back(steps):
    wb = clerk_roster()
    twin = twin_of(wb)
    click(wb, scripts.periksa_roster)
    assert {coloured_cells(wb.active)[a] for a in ("C6", "C11", "E14")} <= OURS
    for i, (name, arg) in enumerate(steps):
        for book in (wb, twin):
            EDITS[name](book, arg)
        if i == 1:  # a second Periksa in the middle of the edits
            click(wb, scripts.periksa_roster)
            assert coloured_cells(wb.worksheets[0]) == _expected(wb, twin)
    click(wb, scripts.periksa_roster)
    sheet = wb.worksheets[0]
    assert coloured_cells(sheet) == _expected(wb, twin)
    assert wb.sheetnames.count("Temuan") == 1
    result = click(wb, scripts.hapus_tanda)
    assert coloured_cells(sheet) == coloured_cells(twin[sheet.title]), steps
    assert "sudah dihapus" in result.alerts[-1]
    assert not [n for n in wb.defined_names if n.startswith("KPPS_")]


def test_the_clerks_fill_under_a_mark_comes_back_exactly_after_hapus_tanda():
    wb = clerk_roster()
    click(wb, scripts.periksa_roster)
    assert {a: c for a, c in coloured_cells(wb.active).items() if a in CLERK} == {
        **CLERK, "C6": "FFC7CE", "C11": "FFC7CE", "E14": "FFC7CE", "C4": "FFC7CE"}
    result = click(wb, scripts.hapus_tanda)
    assert coloured_cells(wb.active) == CLERK
    assert "Tanda pada 5 sel" in result.alerts[-1]
    assert [n for n in wb.defined_names if n.startswith("KPPS_")] == []


def test_a_fixed_cell_gets_its_own_fill_back_at_the_next_periksa():
    wb = clerk_roster()
    click(wb, scripts.periksa_roster)
    wb.active["C6"] = "1706021402900099"  # the short NIK fixed: no finding any more
    click(wb, scripts.periksa_roster)
    assert coloured_cells(wb.active)["C6"] == "00B050"
    assert coloured_cells(wb.active)["C11"] == "FFC7CE"  # still a duplicate


def test_without_the_fill_survey_the_marks_clear_as_before():
    """An older ribbon.js, the VBA client or xlwings Lite send no fills: kpps-xl cannot know
    the clerk's colour under a mark, so that cell is left without fill (documented)."""
    wb = clerk_roster()
    run(wb, scripts.periksa_roster)
    run(wb, scripts.hapus_tanda)
    assert coloured_cells(wb.active) == {a: c for a, c in CLERK.items()
                                         if a not in ("C4", "C6", "C11", "E14")}
    assert not [n for n in wb.defined_names if n.startswith("KPPS_")]


def test_a_protected_sheet_keeps_the_clerks_fills_known_until_it_is_cleared():
    wb = clerk_roster()
    click(wb, scripts.periksa_roster)
    wb.active.protection.sheet = True
    click(wb, scripts.hapus_tanda)
    assert [n for n in wb.defined_names if n.startswith("KPPS_ASLI_")]
    wb.active.protection.sheet = False
    click(wb, scripts.hapus_tanda)
    assert coloured_cells(wb.active) == CLERK


def test_fills_in_the_run_info_are_read_leniently():
    from kpps_xl.excel.survey import parse_info

    info = parse_info(json.dumps({"warna": {"A": [["C6", "#00b050"], ["E2:E4", "FFFF00"],
                                                  ["Z", "#00B050"], ["C7", "red"], "x"],
                                            "B": "rusak", "C": []}}))
    assert info.fills == {"A": {(6, 3): "#00B050", (2, 5): "#FFFF00", (3, 5): "#FFFF00",
                                (4, 5): "#FFFF00"}, "B": {}, "C": {}}
    rows = parse_info(json.dumps({"warna": {"A": [["A2:C3", "#00B050"]]}})).fills["A"]
    assert set(rows) == {(r, c) for r in (2, 3) for c in (1, 2, 3)}
    from kpps_xl.excel.survey import parse_fills

    assert parse_fills({"A": [["A1:B3", "#00B050"]]}, limit=5) == {}  # too many: not read


def test_deleting_a_data_column_or_editing_a_marked_row_still_gives_the_fills_back():
    """Either changes what the row is known by (its other cells); the fill's place name, which
    Excel moves with the cells, finds it then."""
    wb = clerk_roster()
    twin = twin_of(wb)
    click(wb, scripts.periksa_roster)
    for book in (wb, twin):
        delete_cols(book, book.worksheets[0].title, 4)  # the L/P column
    click(wb, scripts.periksa_roster)
    for book in (wb, twin):
        book.active["B6"] = "Nama Dibetulkan"  # the short-NIK row's name fixed in place
    click(wb, scripts.periksa_roster)
    assert coloured_cells(wb.active)["C6"] == "FFC7CE"  # still too short
    click(wb, scripts.hapus_tanda)
    assert coloured_cells(wb.active) == coloured_cells(twin.active)
    assert coloured_cells(wb.active)["C6"] == "00B050"
# ribbon.js reading the fills (kppsFills) under node, with a fake Excel that records reads.

def _fills_script(columns: list[list[str]], rows_used: int, first_row: int = 0,
                  api_19: bool = True) -> dict[str, Any]:
    """Run kppsPeriksa on one roster sheet whose used range starts at row first_row (0-based)
    and column A; columns[j][i] is the fill of row first_row + i of column j ("#FFFFFF": none).
    Returns the run info sent and which columns had their cells read."""
    from test_addin_ribbon import run_ribbon_async

    head = [["No", "Nama", "NIK"]] + [[]] * 59
    expression = f"""(async () => {{
      const columns = {json.dumps(columns)}, used = {{isNullObject: false, rowCount: {rows_used},
        columnCount: {len(columns)}, rowIndex: {first_row}, columnIndex: 0}};
      const cellReads = [];
      const uniform = (c) => c.every((x) => x === c[0]) ? c[0] : null;
      globalThis.Office = {{actions: {{associate() {{}}}}, context: {{diagnostics: {{platform: "PC"}},
        requirements: {{isSetSupported: (name, v) => {json.dumps(api_19)} && name === "ExcelApi"}}}},
        PlatformType: {{OfficeOnline: "OfficeOnline"}}}};
      const sheet = {{name: "KEC A",
        getRange() {{ return {{load() {{ return {{values: {json.dumps(head)}}}; }}}}; }},
        getUsedRangeOrNullObject() {{ return {{load() {{ return used; }}}}; }},
        getRangeByIndexes(row, col, n, w) {{ const c = columns[col];
          return {{format: {{fill: {{load() {{ return {{color: uniform(c)}}; }}}}}},
                   getCellProperties() {{ cellReads.push(col);
                     return {{value: c.map((x) => [{{format: {{fill: {{color: x}}}}}}])}}; }}}}; }}}};
      globalThis.Excel = {{run: async (f) => f({{sync: async () => {{}},
        workbook: {{worksheets: {{load() {{ return {{items: [sheet]}}; }}}}}}}})}};
      let options = null;
      globalThis.xlwings = {{runPython: async (o) => {{ options = o; }}}};
      await kppsPeriksa({{completed() {{}}}});
      return {{info: JSON.parse(options.args[0]), cellReads}};
    }})()"""
    return run_ribbon_async(expression)


def test_ribbon_reads_only_columns_with_some_fill_and_sends_runs_python_reads_back():
    from kpps_xl.excel.survey import parse_info

    white, red, green = "#FFFFFF", "#FFC7CE", "#00B050"
    columns = [[white] * 5, [white, green, green, white, "#ffff00"],
               [white, green, green, white, white], [red] * 5]
    out = _fills_script(columns, 5, first_row=1)
    assert out["cellReads"] == [1, 2, 3]  # column A has no fill anywhere: not read cell by cell
    assert out["info"]["warna"] == {"KEC A": [["B3:C4", green], ["B6", "#ffff00"],
                                              ["D2:D6", red]]}
    fills = parse_info(json.dumps(out["info"])).fills["KEC A"]
    assert {cell for cell, colour in fills.items() if colour == green} == {
        (3, 2), (4, 2), (3, 3), (4, 3)}
    assert fills[(6, 2)] == "#FFFF00"
    assert {cell for cell, colour in fills.items() if colour == red} == {(r, 4) for r in
                                                                         range(2, 7)}


def test_ribbon_sends_no_fills_without_excelapi_1_9_or_for_a_sheet_too_big_to_read():
    columns = [["#FFFFFF"] * 3, ["#FFFFFF", "#00B050", "#FFFFFF"]]
    assert "warna" not in _fills_script(columns, 3, api_19=False)["info"]
    big = _fills_script([["#FFFFFF", "#00B050"] * 2], 450_000)  # 450,000 cells to read
    assert big["info"]["warna"] == {} and big["cellReads"] == []


def test_a_desktop_book_is_asked_for_the_fills_of_just_the_cells_marked_or_cleared():
    """Excel desktop (RunPython, COM) answers Range.color as (r, g, b) or None: a stand-in
    with the same answers (real COM was not run here)."""
    from kpps_xl.excel.scripts import fills_now
    from kpps_xl.excel.survey import RunInfo

    asked: list[tuple[int, int]] = []
    colours = {(6, 3): (0, 176, 80), (4, 3): (255, 199, 206), (5, 3): (255, 255, 255)}

    class Cell:
        def __init__(self, at: tuple[int, int]) -> None:
            asked.append(at)
            self.color = colours.get(at)

    class Sheet:
        name = "KEC A"

        def range(self, at: tuple[int, int]) -> Cell:
            return Cell(at)

    class Sheets(list):
        def __getitem__(self, key):
            return next(s for s in self if s.name == key) if isinstance(key, str) else super(
                ).__getitem__(key)

    class DesktopBook:
        api = object()  # a COM object, not a payload
        sheets = Sheets([Sheet()])

    fills = fills_now(DesktopBook(), RunInfo(), {"KEC A": {(4, 3), (5, 3)}},
                      {"KEC A": {(6, 3): "#FFC7CE"}, "Gone": {(2, 2): "#FFC7CE"}})
    assert fills == {"KEC A": {(6, 3): "#00B050", (4, 3): "#FFC7CE"}}
    assert sorted(asked) == [(4, 3), (5, 3), (6, 3)]
    assert fills_now(DesktopBook(), RunInfo(fills={"KEC A": {}}), {"KEC A": {(4, 3)}}) == {
        "KEC A": {}}  # what ribbon.js read wins


def test_the_clis_annotated_copy_is_cleared_with_the_fill_survey_too(tmp_path):
    """Its cell and row colours are kpps-xl's as well, not the clerk's to keep."""
    from test_live_edits import SHEET, annotated_copy

    wb = annotated_copy(tmp_path)
    wb[SHEET]["J3"].fill = solid("00B050")  # the clerk's own, beside the table
    marked = len(coloured_cells(wb[SHEET])) - 1
    result = click(wb, scripts.hapus_tanda)
    assert coloured_cells(wb[SHEET]) == {"J3": "00B050"}
    assert f"Tanda pada {marked} sel" in result.alerts[-1]
