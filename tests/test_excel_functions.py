"""KPPS.* function bodies and the cell-grouping helpers behind batched writes."""

from __future__ import annotations

import datetime as dt

from kpps_xl.budget import budget_config
from kpps_xl.excel import functions as fx
from kpps_xl.excel.cells import area_strings, parse_address, run_address, runs, windows
from kpps_xl.settings import Settings

S = Settings()


def test_usia_column_in_column_out_with_serials_dates_and_text():
    column = [[dt.datetime(1990, 2, 14)], [32918.0], ["15-02-2006"], [None], ["31-02-1985"]]
    assert fx.usia(column, None, S) == [[34], [34], [17], [""], [fx.NOT_A_DATE]]
    assert fx.usia("14-02-1990", "27-11-2024", S) == 34


def test_cek_nik_explains_number_stored_and_short_niks():
    assert fx.cek_nik("1706014101900001") == "OK"
    assert "15 digit" in fx.cek_nik(1706014101900000.0)
    assert fx.cek_nik([["1706014101900001"], ["12"]])[1][0].startswith("NIK")


def test_nik_tgl_lahir_reads_women_day_plus_40():
    assert fx.nik_tgl_lahir("1706014101900001", S) == dt.date(1990, 1, 1)
    assert fx.nik_tgl_lahir("123", S) == ""


def test_iuran_uses_the_budget_engine_schemes():
    schemes = budget_config(S).schemes
    ppu = schemes["PPU"]
    assert fx.iuran("ppu", 1_250_000, 2, S) == ppu.premium(ppu.base_for(1_250_000)) * 2
    assert fx.iuran("BPU", [[900_000], [2_000_000]], None, S) == [[16_800], [16_800]]
    assert fx.iuran("JKN", 1_000_000, 12, S) == schemes["JKN"].premium(0) * 12
    assert fx.iuran("XYZ", 1, 1, S) == fx.UNKNOWN_SCHEME


def test_adjacent_marks_become_one_run_and_windows_stay_under_the_limit():
    cells = {(5, 3): "#FF0000", (6, 3): "#FF0000", (7, 3): None, (40_000, 3): "#FF0000"}
    assert [run_address(r) for r in runs(cells)] == ["C5:C6", "C7", "C40000"]
    blocks = windows(cells, limit=10_000)
    assert [(w.first_row, w.last_row) for w in blocks] == [(5, 7), (40_000, 40_000)]
    assert blocks[0].colors == ["#FF0000", "#FF0000", None]


def test_area_strings_respect_the_255_character_limit():
    parts = list(area_strings([f"C{i}" for i in range(1000, 1200)]))
    assert all(len(p) <= 255 for p in parts)
    assert ",".join(parts).split(",") == [f"C{i}" for i in range(1000, 1200)]
    assert parse_address("AB12") == (12, 28) and parse_address("hello") is None


def test_iuran_reads_decimal_text_amounts_as_rupiah_not_times_100():
    ppu = budget_config(S).schemes["PPU"]
    expected = ppu.premium(ppu.base_for(1_500_000))
    for text in ("1.500.000,00", "1500000.00", "1.500.000", "Rp 1.500.000", "1,500,000.00",
                 1_500_000.0):
        assert fx.iuran("PPU", text, 1, S) == expected, text
    assert fx.rupiah("1.500.000,50") == 1_500_001  # half up, stated in the docs
    assert fx.iuran("PPU", "1.500.00", 1, S) == fx.BAD_NUMBER
    assert fx.iuran("PPU", "-100000", 1, S) == fx.BAD_NUMBER


def test_iuran_months_must_be_whole_1_to_24():
    ppu = budget_config(S).schemes["PPU"]
    one = ppu.premium(ppu.base_for(1_000_000))
    assert fx.iuran("PPU", 1_000_000, "3", S) == one * 3
    assert fx.iuran("PPU", 1_000_000, 3.0, S) == one * 3
    for bad in ("2,5", 2.5, -2, 25, "dua"):
        assert fx.iuran("PPU", 1_000_000, bad, S) == fx.BAD_MONTHS, bad
    assert "1 sampai 24" in fx.BAD_MONTHS


def test_usia_birth_date_after_reference_date_says_so():
    assert fx.usia("01-01-2030", None, S) == "Tanggal lahir setelah tanggal acuan"
    assert fx.usia("31-02-1985", None, S) == fx.NOT_A_DATE


EMPTIES = [None, 0, 0.0, "", "  "]  # web (null), desktop (0), blank text


def test_every_form_of_empty_cell_gives_an_empty_result():
    ppu = budget_config(S).schemes["PPU"]
    for empty in EMPTIES:
        assert fx.usia(empty, None, S) == "", empty
        assert fx.cek_nik(empty) == "", empty
        assert fx.nik_tgl_lahir(empty, S) == "", empty
        assert fx.iuran("PPU", empty, 3, S) == "", empty
        # empty months = 1 and empty reference date = the settings' date, in both forms
        assert fx.iuran("PPU", 1_000_000, empty, S) == ppu.premium(ppu.base_for(1_000_000))
        assert fx.usia("14-02-1990", empty, S) == 34
    column = [["14-02-1990"], [0], [None], ["1706014101900001"]]
    assert fx.usia(column, 0, S)[:3] == [[34], [""], [""]]
    assert fx.cek_nik([[0], [None], ["1706014101900001"]]) == [[""], [""], ["OK"]]
