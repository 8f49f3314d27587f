"""Long lists spliced into a written workbook as raw rows read back as the one writer's cells."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from python_calamine import CalamineWorkbook

from kpps_xl.io_utils import write_only_cell
from kpps_xl.workbook.rawrows import RawList, saved_bytes, splice, template_row

ROWS = [
    [1, "Siti & <Ani>", "1706014812930001", "=HYPERLINK(\"http://x\",\"klik\")"],
    [2, "Ana\x07 Budi", "-1706", "baris satu\nbaris dua\nbaris tiga"],
    [3, None, "", "@SUM(A1)"],
    [4.5, "O'Neil \"Kecil\" ]]>", "001", "+62 812"],
]
KINDS = ("number", "wrapped", "text", "wrapped")


def _write(path: Path, heights: list[float | None]) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Daftar")
    ws.append([write_only_cell(ws, "JUDUL")])
    ws.append([write_only_cell(ws, h) for h in ("No", "Nama", "NIK", "Catatan")])
    text, wrapped = WriteOnlyCell(ws), WriteOnlyCell(ws)
    text.number_format = "@"
    wrapped.alignment = Alignment(wrap_text=True, vertical="top")
    ws.append(template_row(ws, {"text": text, "wrapped": wrapped}))
    wb.create_sheet("Lain").append(["tetap"])
    splice(saved_bytes(wb), [RawList("Daftar", 3, KINDS, ROWS, heights)], path)
    return path


def test_spliced_rows_hold_the_values_types_and_styles_write_only_cell_gives(tmp_path):
    path = _write(tmp_path / "a.xlsx", [None, 45.0, None, None])
    ws = openpyxl.load_workbook(path)["Daftar"]
    assert [c.value for c in ws[1]][:1] == ["JUDUL"] and ws["D2"].value == "Catatan"
    got = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    # control characters dropped, formula-like text kept as text; "" and None leave no cell
    assert got == [
        [1, "Siti & <Ani>", "1706014812930001", "=HYPERLINK(\"http://x\",\"klik\")"],
        [2, "Ana Budi", "-1706", "baris satu\nbaris dua\nbaris tiga"],
        [3, None, None, "@SUM(A1)"],
        [4.5, "O'Neil \"Kecil\" ]]>", "001", "+62 812"],
    ]
    assert all(c.data_type == "s" for row in ws.iter_rows(min_row=3, min_col=2) for c in row
               if c.value is not None)
    assert [c.quotePrefix for c in ws["D"][2:]] == [True, False, True, True]
    assert ws["C3"].quotePrefix is False and ws["C4"].quotePrefix is True  # "-1706"
    assert {ws[f"C{r}"].number_format for r in (3, 4, 6)} == {"@"}
    assert all(ws[f"{col}{r}"].alignment.wrap_text for col in "BD" for r in (3, 4, 6))
    assert not ws["C3"].alignment.wrap_text
    assert ws.row_dimensions[4].height == 45.0 and not ws.row_dimensions[3].height
    assert ws.max_row == 6 and ws.calculate_dimension() == "A1:D6"
    assert openpyxl.load_workbook(path)["Lain"]["A1"].value == "tetap"


def test_the_reader_sees_the_spliced_rows_as_written(tmp_path):
    path = _write(tmp_path / "a.xlsx", [None] * len(ROWS))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Daftar").to_python()
    assert [r[2] for r in rows[2:]] == ["1706014812930001", "-1706", "", "001"]
    assert [r[0] for r in rows[2:]] == [1, 2, 3, 4.5]


def test_an_empty_list_leaves_only_the_rows_above(tmp_path):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Daftar")
    ws.append(["No"])
    ws.append(template_row(ws, {}))
    splice(saved_bytes(wb), [RawList("Daftar", 2, ("number",), [], [])], tmp_path / "a.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["Daftar"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["No"]]
