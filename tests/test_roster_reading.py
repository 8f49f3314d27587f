"""Reading messy real-world roster layouts into the normalised Roster."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import nik_for, team, write_xlsx

from kpps_xl.errors import InputError
from kpps_xl.roster import load_roster, roster_from_values

NIK = nik_for(dt.date(1990, 2, 14))


def test_title_rows_column_numbers_jumlah_and_signature_are_skipped_with_reasons():
    values = [
        ["DAFTAR NAMA ANGGOTA KPPS PEMILU 2024"], ["KECAMATAN : LUBUK PINANG"], [],
        ["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "TPS"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        [1, "Budi", NIK, "L", "14-02-1990", "Ketua", 1],
        [], ["KELURAHAN : 8 ILIR"],
        [2, "Sari", nik_for(dt.date(1991, 3, 1), "P", 2), "P", "01-03-1991", "Anggota", 1],
        ["JUMLAH", None, None, None, None, None, 2],
        [None, None, None, None, "Mukomuko, 20 Januari 2024"], [None, None, None, None, "KETUA PPS"],
        [None, None, None, None, "ANDI SAPUTRA, S.Pd"],
    ]
    roster = roster_from_values(values, "Sheet1", "f.xlsx")
    assert roster.df["_row"].tolist() == [6, 9]
    assert roster.df["kecamatan"].tolist() == ["LUBUK PINANG", "LUBUK PINANG"]
    assert roster.df["kelurahan"].iloc[1] == "8 ILIR"
    reasons = dict(roster.sheets[0].skipped)
    assert reasons[5] == "baris nomor kolom"
    assert reasons[10] == "baris JUMLAH"
    assert reasons[13].startswith("bagian bawah")


@pytest.mark.parametrize("header", ["NIK", "N I K", "Nomor Induk Kependudukan", "N.I.K"])
def test_nik_header_variants(header):
    values = [["Nama", header, "Jabatan"], ["Budi", NIK, "Ketua"]]
    roster = roster_from_values(values, "S")
    assert roster.df["nik"].tolist() == [NIK]
    assert roster.sheets[0].columns["nik"] == "B"


@pytest.mark.parametrize(("header", "value", "expected"), [
    ("L/P", "L", "L"), ("JK", "PR", "P"), ("Jenis Kelamin", "Laki-laki", "L"),
    ("Jenis Kelamin", "Perempuan", "P"), ("L/P", "LK", "L"), ("JK", "X", None),
])
def test_sex_header_and_value_variants(header, value, expected):
    roster = roster_from_values([["Nama", "NIK", header], ["Budi", NIK, value]], "S")
    assert (None if roster.df["sex"].isna().iloc[0] else roster.df["sex"].iloc[0]) == expected


@pytest.mark.parametrize("text", ["14-02-1990", "14/02/1990", "14 Februari 1990", "1990-02-14",
                                  dt.date(1990, 2, 14), dt.datetime(1990, 2, 14), "14 Feb 1990"])
def test_five_date_styles_read_the_same_day(text):
    roster = roster_from_values([["Nama", "NIK", "Tgl Lahir"], ["Budi", NIK, text]], "S")
    assert roster.df["dob"].iloc[0].date() == dt.date(1990, 2, 14)


def test_tempat_tanggal_lahir_in_one_cell():
    values = [["Nama", "NIK", "Tempat, Tanggal Lahir"], ["Budi", NIK, "Muko-Muko, 14-02-1990"]]
    roster = roster_from_values(values, "S")
    assert roster.df["tempat_lahir"].iloc[0] == "Muko-Muko"
    assert roster.df["dob"].iloc[0].date() == dt.date(1990, 2, 14)
    assert roster.sheets[0].columns["tanggal_lahir"] == "C"


def test_official_two_row_header_with_ticked_sex_columns_and_split_birth_place():
    values = [
        ["NO", "NAMA", "NIK", "JENIS KELAMIN", None, "TEMPAT/TGL LAHIR", None, "UMUR", "JABATAN", "TPS"],
        [None, None, None, "L", "P", "TEMPAT", "TANGGAL", None, None, None],
        [1, "Budi", NIK, "√", None, "Mukomuko", "14-02-1990", 99, "Ketua", "TPS 04"],
        [2, "Sari", nik_for(dt.date(1991, 3, 1), "P", 2), None, "1", "Ipuh", "01/03/1991", 3,
         "Anggota", "004"],
    ]
    roster = roster_from_values(values, "S")
    assert roster.df["sex"].tolist() == ["L", "P"]
    assert roster.df["tempat_lahir"].tolist() == ["Mukomuko", "Ipuh"]
    assert [d.date() for d in roster.df["dob"]] == [dt.date(1990, 2, 14), dt.date(1991, 3, 1)]
    assert roster.df["tps_no"].tolist() == ["004", "004"]
    assert roster.df["_row"].tolist() == [3, 4]


@pytest.mark.parametrize(("cell", "expected"), [(4, "004"), ("004", "004"), ("TPS 04", "004"),
                                                (4.0, "004"), ("TPS 012", "012")])
def test_tps_written_many_ways(cell, expected):
    roster = roster_from_values([["Nama", "NIK", "TPS"], ["Budi", NIK, cell]], "S")
    assert roster.df["tps_no"].iloc[0] == expected


def test_nik_with_spaces_and_apostrophe_is_text_and_number_cell_is_flagged():
    values = [["Nama", "NIK"], ["A", "1706 0214 0290 0001"], ["B", "'" + NIK],
              ["C", 1706021402900010.0]]
    roster = roster_from_values(values, "S")
    assert roster.df["nik_numeric"].tolist() == [False, False, True]
    assert roster.df["nik"].iloc[2] == "1706021402900010"


def test_row_with_name_is_never_dropped_even_below_the_jumlah_row():
    values = [["Nama", "NIK"], ["A", NIK], ["JUMLAH", None], ["Late entry", nik_for(
        dt.date(1980, 1, 1), serial=9)]]
    roster = roster_from_values(values, "S")
    assert roster.df["nama"].tolist() == ["A", "Late entry"]


def test_kelurahan_from_sheet_name_and_kecamatan_from_title(tmp_path):
    rows = [["KECAMATAN : IPUH"], ["Nama", "NIK", "Jabatan", "TPS"],
            *[[r[0], r[1], r[4], r[5]] for r in team(1)]]
    path = write_xlsx(tmp_path / "r.xlsx", {"KEL PASAR IPUH": rows})
    roster = load_roster(path)
    # kab/kota|kecamatan|kelurahan|TPS; no regency named anywhere: the file stands for it
    assert {k.split("|", 1)[1] for k in roster.df["tps_key"]} == {"ipuh|pasar ipuh|001"}
    assert set(roster.df["kecamatan"]) == {"IPUH"}


def test_csv_semicolon_cp1252_with_apostrophe_and_scientific_nik(tmp_path):
    text = "Nama;NIK;Jabatan;TPS\r\nRené;'" + NIK + ";Ketua;1\r\nBudi;1.70602E+15;Anggota;1\r\n"
    path = tmp_path / "daftar.csv"
    path.write_bytes(text.encode("cp1252"))
    roster = load_roster(path)
    assert roster.df["nama"].tolist() == ["René", "Budi"]
    assert roster.df["nik_numeric"].tolist() == [False, True]
    assert roster.df["_sheet"].tolist() == ["daftar", "daftar"]


def test_several_kecamatan_sheets_keep_sheet_and_excel_row(tmp_path):
    header = ["No", "Nama", "NIK", "Jabatan", "TPS"]
    sheets = {
        "KEC A": [["judul"], header, *[[i, r[0], r[1], r[4], r[5]] for i, r in enumerate(team(1))]],
        "KEC B": [header, *[[i, r[0], r[1], r[4], r[5]] for i, r in enumerate(team(1, 20))]],
        "Catatan": [["bukan daftar"]],
    }
    roster = load_roster(write_xlsx(tmp_path / "r.xlsx", sheets))
    assert roster.df.groupby("_sheet")["_row"].min().to_dict() == {"KEC A": 3, "KEC B": 2}
    assert [s.is_roster for s in roster.sheets] == [True, True, False]


def test_sheet_without_nik_column_alone_is_an_input_error(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"S": [["Nama", "Jabatan"], ["Budi", "Ketua"]]})
    with pytest.raises(InputError, match="Kolom NIK tidak ditemukan"):
        load_roster(path)
