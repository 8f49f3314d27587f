"""The budget workbook: live formulas recalculated by `formulas` equal compute_budget."""

from __future__ import annotations

import re
from pathlib import Path

import formulas
import openpyxl
import pytest
from formula_ranges import fixed_ranges
from python_calamine import CalamineWorkbook
from test_budget_helpers import kpps_rows, roster_of, settings_with

from kpps_xl.budget import compute_budget, write_budget_workbook
from kpps_xl.budget.workbook import FIRST_ROW

# Counts per kecamatan from settings, a mix of BPU, PPU and JKN lines, and a half-rupiah honor.
ANGGARAN = {
    "badan": {"KPPS": {"jkn": True}},
    "peran": {
        "ketua_kpps": {"jumlah": {"LUBUK PINANG": 40, "TERAS TERUNJAM": 25},
                       "jumlah_jkn": {"LUBUK PINANG": 3, "TERAS TERUNJAM": 0}},
        "anggota_kpps": {"jumlah": {"LUBUK PINANG": 240, "TERAS TERUNJAM": 150}},
        "ketua_ppk": {"jumlah": 2},
        "anggota_ppk": {"jumlah": 8},
        "anggota_pps": {"jumlah": 33, "honor": 1_020_625},
        "pkd": {"jumlah": 11},
    },
}


def _write(tmp_path: Path, anggaran: dict) -> tuple[Path, object]:
    settings = settings_with(anggaran)
    budget = compute_budget(None, settings)
    path = write_budget_workbook(budget, settings, tmp_path / "anggaran.xlsx")
    return path, budget


def _recalc(path: Path, inputs: dict[str, float] | None = None) -> dict[str, float]:
    """Recalculate with the independent `formulas` engine; {"SHEET!A1": value}."""
    model = formulas.ExcelModel().loads(str(fixed_ranges(path, path.parent / "fixed"))).finish()
    solution = model.calculate(inputs={f"'[{path.name}]{k.split('!')[0].upper()}'!"
                                       f"{k.split('!')[1]}": v for k, v in (inputs or {}).items()})
    out = {}
    for key, ranges in solution.items():
        match = re.fullmatch(r"'\[[^\]]+\](\w+)'!([A-Z]+\d+)", key)
        if match:
            out[f"{match.group(1)}!{match.group(2)}"] = ranges.value[0][0]
    return out


def _named_cell(path: Path, name: str) -> str:
    """'Parameter'!$B$5 -> "Parameter!B5"."""
    text = openpyxl.load_workbook(path).defined_names[name].attr_text
    sheet, ref = text.split("!")
    return f"{sheet.strip(chr(39))}!{ref.replace('$', '')}"


def _total_row(budget) -> int:
    return FIRST_ROW + len(budget.lines)


def test_recalculated_subtotals_and_totals_equal_python(tmp_path):
    path, budget = _write(tmp_path, ANGGARAN)
    values = _recalc(path)
    for i, line in enumerate(budget.lines):
        row = FIRST_ROW + i
        assert values[f"ANGGARAN!J{row}"] == line.premium, line
        assert values[f"ANGGARAN!K{row}"] == line.subtotal, line
    total = _total_row(budget)
    assert values[f"ANGGARAN!K{total}"] == budget.total
    assert values[f"ANGGARAN!F{total}"] == sum(x.count for x in budget.lines
                                               if x.scheme != "JKN") == 509
    assert values[f"REKAP!C{FIRST_ROW + len(budget.by_body())}"] == 509
    assert values[f"ANGGARAN!K{total + 1}"] == budget.total_for("TK")
    assert values[f"ANGGARAN!K{total + 2}"] == budget.total_for("JKN")
    for i, summary in enumerate(budget.by_body()):
        assert values[f"REKAP!C{FIRST_ROW + i}"] == summary.count
        assert values[f"REKAP!D{FIRST_ROW + i}"] == summary.subtotal
    assert values[f"REKAP!D{FIRST_ROW + len(budget.by_body())}"] == budget.total


def test_half_rupiah_honor_rounds_up_in_the_workbook_too(tmp_path):
    path, budget = _write(tmp_path, ANGGARAN)
    row = FIRST_ROW + next(i for i, x in enumerate(budget.lines) if x.role == "Anggota PPS")
    assert _recalc(path)[f"ANGGARAN!J{row}"] == 5_512  # 2.449,5 -> 2.450 + 3.061,875 -> 3.062


def test_changing_rates_count_honor_and_months_follows_compute_budget(tmp_path):
    path, budget = _write(tmp_path, ANGGARAN)
    row = FIRST_ROW + next(i for i, x in enumerate(budget.lines)
                           if x.role == "Anggota KPPS" and x.kecamatan == "LUBUK PINANG")
    inputs = {
        _named_cell(path, "BPU_JKK"): 0.02,  # 1% -> 2%
        _named_cell(path, "PPU_JKM"): 0.0031,  # 0,30% -> 0,31%
        _named_cell(path, "JKN_IURAN"): 35_000,
        _named_cell(path, "HONOR_ANGGOTA_PPK"): 2_345_650,
        _named_cell(path, "BULAN_PKD"): 9,
        f"Anggaran!F{row}": 251,  # one more count typed in the Anggaran sheet
    }
    values = _recalc(path, inputs)

    changed = {
        "skema": {"BPU": {"jkk_persen": 2}, "PPU": {"jkm_persen": 0.31},
                  "JKN": {"bantuan_pemerintah": True}},
        "badan": ANGGARAN["badan"],
        "peran": {**ANGGARAN["peran"],
                  "anggota_ppk": {"jumlah": 8, "honor": 2_345_650},
                  "pkd": {"jumlah": 11, "bulan": 9},
                  # the JKN line has its own count cell, left unchanged
                  "anggota_kpps": {"jumlah": {"LUBUK PINANG": 251, "TERAS TERUNJAM": 150},
                                   "jumlah_jkn": {"LUBUK PINANG": 240, "TERAS TERUNJAM": 150}}},
    }
    expected = compute_budget(None, settings_with(changed))
    assert expected.total != budget.total
    for i, line in enumerate(expected.lines):
        assert values[f"ANGGARAN!K{FIRST_ROW + i}"] == line.subtotal, line
    assert values[f"ANGGARAN!K{_total_row(expected)}"] == expected.total


def test_cached_values_are_readable_without_recalculation(tmp_path):
    path, budget = _write(tmp_path, ANGGARAN)
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name("Anggaran").to_python()
    data = rows[FIRST_ROW - 1:FIRST_ROW - 1 + len(budget.lines)]
    assert [int(r[10]) for r in data] == [x.subtotal for x in budget.lines]
    assert [int(r[6]) for r in data] == [x.months for x in budget.lines]
    assert int(rows[_total_row(budget) - 1][10]) == budget.total
    rekap = book.get_sheet_by_name("Rekap").to_python()
    assert int(rekap[FIRST_ROW - 1 + len(budget.by_body())][3]) == budget.total


def test_layout_names_formats_and_print_setup(tmp_path):
    path, budget = _write(tmp_path, ANGGARAN)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Parameter", "Anggaran", "Rekap"]
    for name in ("BPU_JKK", "BPU_JKM", "PPU_JKK", "PPU_JKM", "JKN_IURAN", "HONOR_KETUA_PPK",
                 "BULAN_ANGGOTA_KPPS", "TOTAL_ANGGARAN"):
        assert name in book.defined_names
    sheet = book["Anggaran"]
    assert [c.value for c in sheet[4]][:5] == ["No", "Kecamatan", "Badan", "Jabatan", "Skema"]
    assert sheet[f"J{FIRST_ROW}"].value.startswith("=ROUND(ROUND(")
    assert sheet[f"K{FIRST_ROW}"].value == f"=F{FIRST_ROW}*G{FIRST_ROW}*J{FIRST_ROW}"
    assert "Rp" in sheet[f"K{FIRST_ROW}"].number_format
    assert book["Parameter"]["B5"].number_format == "0.00%"
    for ws in book.worksheets:
        assert ws.freeze_panes == "A5"
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$4:$4"  # the header row on every printed page
    lines_without_kecamatan = [x for x in budget.lines if x.kecamatan is None]
    assert sheet[f"B{FIRST_ROW + len(budget.lines) - 1}"].value == "(tanpa rincian kecamatan)"
    assert lines_without_kecamatan


def test_roster_budget_workbook_matches_python_and_overwrites_atomically(tmp_path):
    settings = settings_with({"badan": {"KPPS": {"skema": "PPU"}}})
    roster = roster_of(kpps_rows("LUBUK PINANG", "ARAH TIGA", 10))
    budget = compute_budget(roster, settings)
    target = tmp_path / "out" / "anggaran.xlsx"
    write_budget_workbook(budget, settings, target)
    write_budget_workbook(budget, settings, target)  # second write replaces the first
    assert sorted(p.name for p in target.parent.iterdir()) == ["anggaran.xlsx"]
    assert _recalc(target)[f"ANGGARAN!K{_total_row(budget)}"] == budget.total == 421_200


def test_empty_budget_still_writes_a_valid_workbook_with_zero_total(tmp_path):
    path, budget = _write(tmp_path, {})
    assert budget.total == 0
    assert _recalc(path)[f"ANGGARAN!K{FIRST_ROW + 1}"] == pytest.approx(0)


def test_every_printed_number_follows_the_parameter_sheet(tmp_path):
    """The Tarif text, premiums and totals recalculate from Parameter (JKN_IURAN 35.000 etc)."""
    path, budget = _write(tmp_path, ANGGARAN)
    jkn = [FIRST_ROW + i for i, x in enumerate(budget.lines) if x.scheme == "JKN"]
    bpu = [FIRST_ROW + i for i, x in enumerate(budget.lines) if x.scheme == "BPU"]
    ppu = [FIRST_ROW + i for i, x in enumerate(budget.lines) if x.scheme == "PPU"]
    assert jkn and bpu and ppu
    before = _recalc(path)
    assert before[f"ANGGARAN!I{jkn[0]}"] == "Rp42.000"
    assert before[f"ANGGARAN!I{bpu[0]}"] == "1% + Rp6.800"
    assert before[f"ANGGARAN!I{ppu[0]}"] == "0,24% + 0,30%"
    after = _recalc(path, {_named_cell(path, "JKN_IURAN"): 35_000,
                           _named_cell(path, "BPU_JKM"): 7_000,
                           _named_cell(path, "PPU_JKK"): 0.001})
    assert after[f"ANGGARAN!I{jkn[0]}"] == "Rp35.000"
    assert after[f"ANGGARAN!I{bpu[0]}"] == "1% + Rp7.000"
    assert after[f"ANGGARAN!I{ppu[0]}"] == "0,10% + 0,30%"
    for row in jkn:
        count = after[f"ANGGARAN!F{row}"] * after[f"ANGGARAN!G{row}"]
        assert after[f"ANGGARAN!J{row}"] == 35_000
        assert after[f"ANGGARAN!K{row}"] == count * 35_000
    total = _total_row(budget)
    assert after[f"ANGGARAN!K{total}"] == sum(after[f"ANGGARAN!K{r}"]
                                              for r in range(FIRST_ROW, total))
    assert after[f"ANGGARAN!K{total}"] != before[f"ANGGARAN!K{total}"]
    assert after[f"REKAP!D{FIRST_ROW + len(budget.by_body())}"] == after[f"ANGGARAN!K{total}"]


def test_jkn_lines_have_no_base_and_parameter_has_no_stray_header(tmp_path):
    path, budget = _write(tmp_path, ANGGARAN)
    book = openpyxl.load_workbook(path)
    sheet = book["Anggaran"]
    for i, line in enumerate(budget.lines):
        base = sheet[f"H{FIRST_ROW + i}"].value
        assert (base is None) == (line.scheme == "JKN"), line
    header = [c.value for c in book["Parameter"][4]]
    assert [h for h in header if h] == ["Parameter", "Nilai", "Nama sel", "Dasar hukum",
                                        "Berlaku per"]  # no header over an empty column
    cached = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Anggaran").to_python()
    assert [r[8] for r in cached[FIRST_ROW - 1:FIRST_ROW - 1 + len(budget.lines)]] == [
        x.rate for x in budget.lines]  # the Tarif text readable without recalculation


def test_parameter_sheet_names_the_scheme_preset_and_both_reasons(tmp_path):
    from kpps_xl.budget.roles import SCHEME_PRESETS

    for preset in SCHEME_PRESETS:
        settings = settings_with({"peran": {"anggota_kpps": {"jumlah": 6}}}, skema_bawaan=preset)
        budget = compute_budget(None, settings)
        assert budget.lines[0].scheme == SCHEME_PRESETS[preset][0]
        path = write_budget_workbook(budget, settings, tmp_path / f"{preset}.xlsx")
        rows = [[c.value for c in r] for r in openpyxl.load_workbook(path)["Parameter"].iter_rows()]
        used = next(r for r in rows if r[0] == "Dipakai")
        other = next(r for r in rows if r[0] == "Pilihan lain")
        assert used[1].startswith(preset) and used[2] == "skema_bawaan"
        assert used[3] == SCHEME_PRESETS[preset][1]
        assert other[3] in {reason for _, reason in SCHEME_PRESETS.values()} - {used[3]}
