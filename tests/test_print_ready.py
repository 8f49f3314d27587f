"""Print-ready workbooks: paper, fit to width, repeated header, wrapped rows with heights, filters."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_budget_helpers import settings_with
from test_letters_helpers import okus_budget, okus_roster, okus_settings

from kpps_xl.budget import compute_budget, write_budget_workbook
from kpps_xl.eligible import Exclusion
from kpps_xl.findings import Finding, Ref, Report
from kpps_xl.letters import render_letters
from kpps_xl.workbook import annotate
from kpps_xl.workbook.paint import CELL_COLORS, ROW_COLORS
from kpps_xl.workbook.printing import row_height, text_lines
from kpps_xl.workbook.sheets import FINDINGS_WIDTHS, MAX_RELATED

SHEET = "KEC A"


def assert_printable(ws, title_rows: str | None) -> None:
    assert ws.page_setup.orientation == "landscape", ws.title
    assert int(ws.page_setup.paperSize) in (9, 14), ws.title  # A4 or F4 (Folio)
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    if title_rows:
        assert ws.print_title_rows == title_rows, ws.title


def roster_file(path: Path, people: int = 40) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(["No", "Nama", "NIK", "TPS"])
    for i in range(people):
        ws.append([i + 1, f"Orang {i}", f"17060101019{i:05d}", "001"])
    wb.save(path)
    return path


def long_report(path: Path) -> Report:
    long = "Pesan yang panjang sekali tentang NIK ini, " * 6
    team = tuple(Ref(sheet=SHEET, row=r) for r in range(3, 3 + 20))
    findings = [
        Finding("nik.format", "error", long, SHEET, 2, "C", "nik", "123", "001"),
        Finding("tps.size", "error", "TPS 001 berisi 40 anggota KPPS; seharusnya 7.", SHEET, 2,
                None, None, None, "001", related=team),
        Finding("phone.format", "warning", "Nomor HP tidak wajar.", SHEET, 5, "D", "no_hp",
                "1", "001"),
    ]
    return Report(findings=findings, rows=40, files=[str(path)], reference_date="2024-02-14")


@pytest.mark.parametrize("engine", ["openpyxl", "stream"])
def test_annotated_copy_opens_on_ringkasan_and_both_own_sheets_print(tmp_path, engine):
    source = roster_file(tmp_path / "daftar.xlsx")
    out = annotate(source, long_report(source), tmp_path / f"hasil-{engine}.xlsx", engine=engine)
    wb = openpyxl.load_workbook(out)
    assert wb.active.title == "Ringkasan"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Ringkasan"]
    temuan = wb["Temuan"]
    assert_printable(temuan, "$1:$1")
    assert temuan.freeze_panes == "A2" and temuan.auto_filter.ref == "A1:I4"
    assert_printable(wb["Ringkasan"], None)
    # the long message wraps and its row is tall enough; Terkait is capped
    row = next(c.row for c in temuan["B"] if c.value == "nik.format")
    message = temuan.cell(row=row, column=4)
    assert message.alignment.wrap_text
    lines = text_lines(message.value, FINDINGS_WIDTHS[3])
    assert lines >= 3 and temuan.row_dimensions[row].height >= lines * 15
    terkait = next(c.value for c in temuan["I"] if c.value and "lainnya" in str(c.value))
    assert f"(+{20 - MAX_RELATED} lainnya)" in terkait and terkait.count("!") == MAX_RELATED
    short = next(c.row for c in temuan["B"] if c.value == "phone.format")
    assert temuan.row_dimensions[short].height is None  # one line: default height


def test_ringkasan_explains_every_colour_and_aligns_numbers_under_headers(tmp_path):
    source = roster_file(tmp_path / "daftar.xlsx")
    wb = openpyxl.load_workbook(annotate(source, long_report(source), tmp_path / "h.xlsx"))
    ws = wb["Ringkasan"]
    legend = {c.fill.fgColor.rgb[-6:]: ws.cell(row=c.row, column=2).value
              for c in ws["A"] if c.fill.fill_type == "solid"}
    for colour in (CELL_COLORS["error"], CELL_COLORS["warning"], ROW_COLORS["error"]):
        assert colour in legend, colour
    assert "Merah" in legend[CELL_COLORS["error"]]
    assert "Kuning" in legend[CELL_COLORS["warning"]]
    assert "TPS" in legend[ROW_COLORS["error"]]
    jumlah = [c for c in ws["D"] if c.value == "Jumlah"]
    assert jumlah and all(c.alignment.horizontal == "right" for c in jumlah)
    kode = [c for c in ws["A"] if c.value == "Kode"]
    assert kode[0].alignment.horizontal in (None, "general", "left")


def test_lampiran_sheets_print_and_dikecualikan_lists_who_and_why(tmp_path):
    excluded = [Exclusion(file="a.xlsx", sheet=SHEET, row=9, nama="Tanpa NIK", nik="",
                          jabatan="Anggota", tps="001", reasons=("NIK kosong.",),
                          codes=("nik.missing",))]
    render_letters(okus_budget(), okus_roster(), okus_settings(), tmp_path, excluded=excluded)
    wb = openpyxl.load_workbook(tmp_path / "lampiran_pemda.xlsx")
    assert wb.sheetnames == ["Daftar Peserta", "Rekap Anggaran", "Dikecualikan"]
    assert_printable(wb["Daftar Peserta"], "$1:$1")
    assert wb["Daftar Peserta"].freeze_panes == "A2"
    assert wb["Daftar Peserta"].auto_filter.ref
    assert_printable(wb["Rekap Anggaran"], None)
    out = wb["Dikecualikan"]
    assert_printable(out, None)
    rows = [[c.value for c in r] for r in out.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "No")
    assert out.print_title_rows == f"${head + 1}:${head + 1}"
    assert rows[head + 1][:3] == [1, "Tanpa NIK", None] and rows[head + 1][-1] == "NIK kosong."
    assert any(r[0] and "NIK kosong: 1" in str(r[0]) for r in rows[:head])


def test_budget_workbook_prints_with_its_notes_and_filters(tmp_path):
    settings = settings_with({"peran": {"anggota_kpps": {"jumlah": 12}, "ketua_kpps":
                                        {"jumlah": 2}}})
    budget = compute_budget(None, settings)
    note = "Catatan panjang tentang orang yang tidak diikutsertakan. " * 8
    from dataclasses import replace

    path = write_budget_workbook(replace(budget, notes=(note,)), settings, tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert_printable(ws, "$4:$4")
    sheet = wb["Anggaran"]
    assert sheet.auto_filter.ref == f"A4:K{4 + len(budget.lines)}"
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == note)
    assert cell.alignment.wrap_text
    assert sheet.row_dimensions[cell.row].height == row_height([note], [150])


def test_row_height_grows_with_wrapped_lines_and_is_none_for_one_line():
    assert row_height(["pendek"], [20]) is None
    assert text_lines("x" * 100, 20) == 5
    assert row_height(["x" * 100, "y"], [20, 5]) == 5 * 15 + 2
    assert text_lines("a\nb\nc", 50) == 3
