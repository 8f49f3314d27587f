"""Wild layouts, round 3 (tests/layouts_wild3.py), read person by person by both readers."""

from __future__ import annotations

import datetime as dt

import pytest
from layouts_wild import found_and_planted, mismatches, read_layout
from layouts_wild3 import LAYOUTS, build, place_mismatches

from kpps_xl.api import check


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("liar3")
    return {name: build(name, folder) for name in LAYOUTS}


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_officer_is_read_with_its_values(built, name, reader, monkeypatch):
    path, truth = built[name]
    roster = read_layout(path, reader, monkeypatch)
    assert mismatches(roster.df, truth) + place_mismatches(roster.df, truth) == []
    assert len(roster.df) == len(truth.people)


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_exactly_the_planted_findings(built, name):
    found, planted = found_and_planted(*built[name])
    assert found == planted


@pytest.mark.parametrize("name", [n for n, (suffix, _) in LAYOUTS.items() if suffix == "xlsx"])
def test_the_annotated_copy_checks_exactly_like_its_original(built, name, tmp_path):
    from test_layouts import assert_annotated_copy_checks_the_same

    path, truth = built[name]
    found = assert_annotated_copy_checks_the_same(path, tmp_path)
    assert len(found) == len(truth.planted)


@pytest.mark.parametrize(("text", "place", "date"), [
    ("Palembang; 12-03-1990", "Palembang", "12-03-1990"),
    ("PALEMBANG / 12 Maret 1990", "PALEMBANG", "12 Maret 1990"),
    ("Muara Enim, Sumsel - 12/03/1990", "Muara Enim, Sumsel", "12/03/1990"),
    ("Palembang\n12-03-1990", "Palembang", "12-03-1990"),
    ("Palembang. 12-03-1990", "Palembang", "12-03-1990"),
    ("Palembang, 12 Maret 1990.", "Palembang", "12 Maret 1990"),
    ("Desa 8 Ilir, 12-03-1990", "Desa 8 Ilir", "12-03-1990"),
    ("Mukomuko, 14-02-1990", "Mukomuko", "14-02-1990"),
    ("Palembang, 31-02-1985", "Palembang", "31-02-1985"),  # unreadable: split as before
    ("12-03-1990", None, "12-03-1990"),
])
def test_place_and_date_in_one_cell_split_at_the_date(text, place, date):
    from kpps_xl.roster.values import split_ttl

    assert split_ttl(text) == (place, date)


@pytest.mark.parametrize(("text", "expected"), [
    ("32874", dt.date(1990, 1, 1)), ("32874.0", dt.date(1990, 1, 1)), (" 10000 ", dt.date(1927, 5, 18)),
    ("9999", None), ("80000", None), ("1990", None), ("12 Maret 1990.", dt.date(1990, 3, 12)),
])
def test_a_date_serial_written_as_text_is_a_date(text, expected):
    from kpps_xl.roster.values import parse_date

    assert parse_date(text) == expected


@pytest.mark.parametrize(("header", "field"), [
    ("NOMOR\nIDENTITAS\n(NIK)", "nik"), ("Identitas (No. KTP)", "nik"), ("N\nA\nM\nA", "nama"),
    ("J\nK", "jenis_kelamin"), ("Nama Ibu (Nama)", "nama"), ("Status Kawin (K/TK)", None),
    ("Ukuran Baju (S/M/L)", None),
])
def test_a_label_whose_field_is_only_in_its_bracket(header, field):
    from kpps_xl.roster.aliases import field_for, field_match

    assert field_for(header) == field
    if header == "Nama Ibu (Nama)":  # the label's own words win, at prefix strength
        assert field_match(header)[1] < field_match("Nama")[1]


def test_a_bracket_alias_never_beats_the_column_named_for_the_field():
    from kpps_xl.roster.header import row_fields

    assert row_fields(["Nama", "NIK", "Kode (NIK)"]) == {"nama": 0, "nik": 1}
    assert row_fields(["Nama", "Cek (NIK)", "NIK"]) == {"nama": 0, "nik": 2}


@pytest.mark.parametrize("line", ["Halaman 2 dari 3", "Hal. 2/3", "hal 12 dari 40", "Page 1 of 2",
                                  "Dicetak pada 20/01/2024 10:15", "Tgl. cetak: 20-01-2024"])
def test_a_print_page_line_inside_the_table_is_no_officer(line):
    from builders import HEADER, numbered, team

    from kpps_xl.roster import roster_from_values

    rows = numbered(team(1))
    values = [HEADER, *rows[:4], [None, line], *rows[4:], [None, line]]
    roster = roster_from_values(values, "KEC A", "a.xlsx")
    assert len(roster.df) == 7
    assert (6, "baris halaman cetak") in roster.sheets[0].skipped


def test_a_person_named_like_a_page_word_is_still_read():
    from builders import HEADER, nik_for

    from kpps_xl.roster import roster_from_values

    values = [HEADER, [1, "Halaman Sari", nik_for(dt.date(1990, 1, 1)), "P", "01-01-1990", "Ketua", 1]]
    assert roster_from_values(values, "KEC A", "a.xlsx").df["nama"].tolist() == ["Halaman Sari"]


def test_a_letterhead_address_names_no_place_of_the_roster():
    from kpps_xl.roster.header import context_from_rows

    rows = [["KOMISI PEMILIHAN UMUM KABUPATEN BANYUASIN"],
            ["Jl. Lingkar Kelurahan Pangkalan Balai Kecamatan Banyuasin III"],
            ["Telp. (0711) 891234 Kecamatan Banyuasin III"],
            ["DAFTAR ANGGOTA KPPS DESA SUKAJADI KECAMATAN TALANG KELAPA"]]
    assert context_from_rows(rows) == {"kabkota": "KABUPATEN BANYUASIN", "kelurahan": "SUKAJADI",
                                       "kecamatan": "TALANG KELAPA"}


@pytest.mark.parametrize("merged", [False, True])
def test_a_subtitle_merged_across_the_table_names_the_tps(merged):
    from builders import HEADER, numbered, team

    header = HEADER[:-1]  # no TPS column: the subtitle above each block names it

    def subtitle(text: str) -> list[object]:
        return [text] * len(header) if merged else [text]

    values = [subtitle("TPS 001"), header, *numbered([r[:5] for r in team(1)]),
              subtitle("TPS 002"), header, *numbered([r[:5] for r in team(2, 20)])]
    roster, found = _validated(values)
    assert found == []
    assert roster.df["tps_no"].tolist() == ["001"] * 7 + ["002"] * 7


def _validated(values, sheet="KEL A"):
    from kpps_xl.roster import roster_from_values
    from kpps_xl.validate import validate

    roster = roster_from_values(values, sheet, "a.xlsx")
    return roster, sorted((f.code, f.row) for f in validate(roster).findings)


@pytest.mark.parametrize(("next_label", "next_value", "split"), [
    (None, "12-03-1990", True), ("TEMPAT/TGL LAHIR", "12-03-1990", True),
    (None, "081234567890", False),  # a blank-labelled column of phone numbers
    ("KETERANGAN", "12-03-1990", False),  # the next column has its own label
])
def test_a_place_and_date_label_over_two_columns(next_label, next_value, split):
    from kpps_xl.roster.header import find_header

    rows = [["NAMA", "NIK", "TEMPAT/TGL LAHIR", next_label],
            *[[f"Budi {i}", "1671041203900001", "Palembang", next_value] for i in range(3)]]
    columns = find_header(rows).columns
    if split:
        assert (columns.get("tempat_lahir"), columns.get("tanggal_lahir")) == (2, 3)
        assert "ttl" not in columns
    else:
        assert columns.get("ttl") == 2 and "tanggal_lahir" not in columns


def test_a_combined_place_and_date_column_beside_a_blank_one_stays_combined():
    from kpps_xl.roster.header import find_header

    rows = [["NAMA", "NIK", "TEMPAT/TGL LAHIR", None],
            *[[f"Budi {i}", "1671041203900001", "Palembang, 12-03-1990", "12-03-1990"]
              for i in range(3)]]
    assert find_header(rows).columns.get("ttl") == 2


@pytest.mark.parametrize(("jabatan", "tps", "peran"), [
    ("KETUA KPPS TPS 01", "TPS 01", "ketua"), ("Anggota KPPS TPS 01", "TPS 01", "anggota"),
    ("KPPS 3 TPS 002", "TPS 002", "anggota"), ("KPPS 1 TPS.004", "TPS.004", "ketua"),
    ("Ketua KPPS TPS No. 5", "TPS No. 5", "ketua"), ("Anggota", None, "anggota"),
    ("Ketua/Anggota TPS 3", "TPS 3", None),
])
def test_a_tps_named_in_the_jabatan_cell(jabatan, tps, peran):
    from kpps_xl.roster.values import parse_role, tps_in_text

    assert tps_in_text(jabatan) == tps
    assert parse_role(jabatan)[0] == peran


def test_a_tps_column_wins_over_the_tps_a_jabatan_names():
    from builders import HEADER, numbered, team

    rows = numbered(team(3))
    rows[0][5] = "Ketua KPPS TPS 09"
    roster, found = _validated([HEADER, *rows])
    assert found == []
    assert set(roster.df["tps_no"]) == {"003"}


@pytest.mark.parametrize(("name", "expected"), [
    ("KPPS_KEC_KALIDONI_final.xlsx", {"kecamatan": "KALIDONI"}),
    ("DAFTAR KPPS DESA SUKA MAJU (1).xlsx", {"kelurahan": "SUKA MAJU"}),
    ("Rekap KPPS Kelurahan se-Kec Sako.xlsx", {"kecamatan": "SAKO"}),
    ("KPPS KEC. SAKO - KEL. SUKAMAJU 12-01-2024.csv", {"kecamatan": "SAKO", "kelurahan": "SUKAMAJU"}),
    ("Kec Ilir Timur II revisi 2.xlsx", {"kecamatan": "ILIR TIMUR II"}),
    ("bare_kelurahan_sheets.xlsx", {}), ("data kpps per kelurahan.xlsx", {}), ("TPS 5.xlsx", {}),
    ("kpps_cacat.xlsx", {}), ("Kabupaten Muara Enim.xlsx", {}),
    ("KPPS KEC SAKO-diperiksa.xlsx", {"kecamatan": "SAKO"}),  # kpps-xl's own annotated copy
])
def test_places_in_a_file_name(name, expected):
    from kpps_xl.roster.header import context_from_file_name

    assert context_from_file_name(f"/kiriman/{name}") == expected


def test_a_sheet_name_and_a_title_win_over_the_file_name():
    from builders import HEADER, numbered, team

    from kpps_xl.roster import roster_from_values

    values = [["KECAMATAN SAKO"], HEADER, *numbered(team(1))]
    roster = roster_from_values(values, "KEL SUKAMAJU", "/x/KPPS KEC KALIDONI KEL TALANG.xlsx")
    assert (roster.sheets[0].kecamatan, roster.sheets[0].kelurahan) == ("SAKO", "SUKAMAJU")


@pytest.mark.parametrize(("text", "numeric"), [
    ("1671041203900001.0", True), ("1671041203900001.00", True), ("1.67104E+15", True),
    ("1671041203900001", False), ("1671.0412.0390.0001", False), ("12.0", False),
])
def test_a_nik_written_from_a_float_is_a_number(text, numeric):
    from kpps_xl.roster.values import nik_cell

    assert nik_cell(text) == (text, numeric)


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
def test_placeholders_for_nothing_are_empty_cells(tmp_path, reader, monkeypatch):
    from builders import HEADER, numbered, team, write_xlsx

    rows = [[*r, phone] for r, phone in zip(numbered(team(1)), ["-", "nan", "NULL", "None", "—",
                                                                "0812 3456 7890", "N/A"],
                                              strict=True)]
    rows[1][3] = "-"  # no sex written
    path = write_xlsx(tmp_path / "r.xlsx", {"KEC A": [[*HEADER, "No HP"], *rows]})
    frame = read_layout(path, reader, monkeypatch).df
    assert frame["no_hp"].isna().tolist() == [True] * 5 + [False, True]
    assert frame["jenis_kelamin"].isna().tolist() == [False, True] + [False] * 5
    assert [(f["code"], f["row"]) for f in check(path).to_dict()["findings"]] == []


@pytest.mark.parametrize(("sub", "split"), [
    (["TGL", "BLN", "THN"], True), (["Tanggal", "Bulan", "Tahun"], True),
    (["TGL", "BLN", None], False),  # no year: no date in three columns
])
def test_a_date_of_birth_in_three_sub_columns(sub, split):
    from kpps_xl.roster.header import find_header

    rows = [["NAMA", "NIK", "TANGGAL LAHIR", "TANGGAL LAHIR", "TANGGAL LAHIR", "JABATAN"],
            [None, None, *sub, None], ["Budi", "1671041203900001", 12, 3, 1990, "Ketua"]]
    columns = find_header(rows).columns
    if split:
        assert (columns["tanggal_lahir"], columns["dob_month"], columns["dob_year"]) == (2, 3, 4)
    else:
        assert "dob_month" not in columns and "dob_year" not in columns


@pytest.mark.parametrize(("text", "expected"), [
    ("TPS1", {"tps": "1"}), ("TPS01", {"tps": "01"}), ("tps-4", {"tps": "4"}), ("TPSX", {}),
    ("DAFTAR KPPS TPS01 DESA X", {"tps": "01", "kelurahan": "X"}), ("GATPS 1", {}),
])
def test_a_tps_word_written_against_its_number(text, expected):
    from kpps_xl.roster.header import context_from_rows

    assert context_from_rows([[text]]) == expected


@pytest.mark.parametrize(("sheet", "tps"), [("3", ["003"] * 7), ("05", ["005"] * 7),
                                            ("2024", [None] * 7), ("Sheet1", [None] * 7)])
def test_a_sheet_named_by_a_bare_number_is_its_tps_when_nothing_else_names_one(sheet, tps):
    from builders import HEADER, numbered, team

    from kpps_xl.roster import roster_from_values

    values = [HEADER[:-1], *numbered([r[:-1] for r in team(1)])]
    got = roster_from_values(values, sheet, "a.xlsx").df["tps_no"].astype(object)
    assert got.where(got.notna(), None).tolist() == tps
    with_column = [HEADER, *numbered(team(1))]  # a TPS column wins over the sheet's number
    assert set(roster_from_values(with_column, sheet, "a.xlsx").df["tps_no"]) == {"001"}


def test_a_tps_cell_that_names_the_desa_splits_the_teams_by_desa():
    from builders import HEADER, numbered, team

    header = [*HEADER[:-1], "Lokasi TPS"]
    a = [[*r[:-1], "TPS 01 Desa Sukajadi"] for r in team(1)]
    b = [[*r[:-1], "TPS 1 / Kel. Sukamaju"] for r in team(1, 20, born=dt.date(1985, 5, 5))]
    c = [[*r[:-1], "TPS 2"] for r in team(2, 40, born=dt.date(1980, 5, 5))]
    roster, found = _validated([header, *numbered(a + b + c)], sheet="KEC TALANG KELAPA")
    assert found == []
    desa = roster.df["kelurahan"].astype(object)
    assert desa.where(desa.notna(), None).tolist() == ["SUKAJADI"] * 7 + ["SUKAMAJU"] * 7 + [None] * 7
    with_column = [[*header, "Desa"], *[[*r, "Talang"] for r in numbered(a + b)]]
    roster, found = _validated(with_column, sheet="KEC TALANG KELAPA")  # the column wins
    assert set(roster.df["kelurahan"]) == {"Talang"}
    assert [code for code, _ in found] == ["tps.ketua", "tps.size"]  # one desa: TPS 1 has 14, 2 ketua


@pytest.mark.parametrize(("cell", "desa"), [
    ("TPS 001 Desa Sukajadi", "SUKAJADI"), ("TPS 01 / Kel. Sukamaju", "SUKAMAJU"),
    ("TPS01 DESA X KEC Y", "X"), ("RT 001 / RW 005 – Desa Pasar Bantal", None), ("3", None)])
def test_the_desa_a_tps_cell_names_needs_the_tps_word(cell, desa):
    from kpps_xl.roster.sheet import _place_in

    assert _place_in(cell, "kelurahan") == desa
