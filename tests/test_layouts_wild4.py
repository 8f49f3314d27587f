"""Wild layouts, round 4 (tests/layouts_wild4.py), read person by person by both readers."""

from __future__ import annotations

import datetime as dt

import pytest
from layouts_wild import found_and_planted, mismatches, read_layout
from layouts_wild3 import place_mismatches
from layouts_wild4 import LAYOUTS, build, extra_mismatches


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("liar4")
    return {name: build(name, folder) for name in LAYOUTS}


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_officer_is_read_with_its_values(built, name, reader, monkeypatch):
    path, truth = built[name]
    frame = read_layout(path, reader, monkeypatch).df
    assert (mismatches(frame, truth) + place_mismatches(frame, truth)
            + extra_mismatches(frame, truth)) == []
    assert len(frame) == len(truth.people)


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
    ("12-05-1990, Palembang", "Palembang", "12-05-1990"),
    ("12 Mei 1990 / PALEMBANG", "PALEMBANG", "12 Mei 1990"),
    ("12/05/1990 Palembang", "Palembang", "12/05/1990"),
    ("12.05.1990\nMuara Enim", "Muara Enim", "12.05.1990"),
    ("1990-05-12 - Lahat", "Lahat", "1990-05-12"),
    ("12-05-1990, Desa 8 Ilir", "Desa 8 Ilir", "12-05-1990"),
    ("31-02-1985, Lahat", "Lahat", "31-02-1985"),  # impossible, still the date's place
    ("Palembang, 12-05-1990", "Palembang", "12-05-1990"),  # place first, as before
    ("12-05-1990", None, "12-05-1990"),
])
def test_a_place_and_date_cell_typed_date_first(text, place, date):
    from kpps_xl.roster.values import split_ttl

    assert split_ttl(text) == (place, date)


@pytest.mark.parametrize(("value", "sex"), [
    (1, "L"), (2, "P"), ("1", "L"), ("2", "P"), (1.0, "L"), ("Laki-laki (L)", "L"),
    ("Perempuan (P)", "P"), (3, None), ("12", None), ("(L)", None),
])
def test_sex_written_as_the_population_register_codes(value, sex):
    from kpps_xl.roster.values import parse_sex

    assert parse_sex(value) == sex


@pytest.mark.parametrize(("jabatan", "peran"), [
    ("Agt.", "anggota"), ("Agt 2", "anggota"), ("ANGG.", "anggota"), ("Angg. KPPS", "anggota"),
    ("ANGGT", "anggota"), ("Agt. KPPS 6", "anggota"), ("KETUA", "ketua"), ("Agustina", None),
    ("Agt/Ketua", None),
])
def test_anggota_written_short(jabatan, peran):
    from kpps_xl.roster.values import parse_role

    assert parse_role(jabatan)[0] == peran


@pytest.mark.parametrize(("text", "date"), [
    ("Sabtu, 12 Mei 1990", dt.date(1990, 5, 12)), ("Jum'at, 1 Maret 1991", dt.date(1991, 3, 1)),
    ("Minggu 3 Juni 1990", dt.date(1990, 6, 3)), ("Saturday, 12-May-1990", dt.date(1990, 5, 12)),
    ("Sabtu", None), ("Kamisah, 12 Mei 1990", None),
])
def test_a_long_date_with_its_weekday(text, date):
    from kpps_xl.roster.values import parse_date

    assert parse_date(text) == date


@pytest.mark.parametrize(("cell", "tps"), [("1671071005001", "001"), ("1671071005012", "012"),
                                           ("TPS 003", "003"), ("16710710050011", "16710710050011")])
def test_a_sirekap_tps_code_is_its_tps_number(cell, tps):
    from kpps_xl.roster.values import parse_tps

    assert parse_tps(cell) == tps


@pytest.mark.parametrize(("header", "field"), [
    ("Full Name", "nama"), ("ID Number", "nik"), ("Date of Birth", "tanggal_lahir"),
    ("Place of Birth", "tempat_lahir"), ("Position", "jabatan"), ("Polling Station", "tps"),
    ("Village", "kelurahan"), ("District", "kecamatan"), ("Phone Number", "no_hp"),
    ("nama_lengkap", "nama"), ("nkk", "no_kk"), ("kode_tps", "tps"),
    ("STATUS", "status"), ("Status Petugas", "status"),
    # the standing of something else, or the person's health: no status, no JKN
    ("Status Kesehatan", None), ("Status Perkawinan", None), ("Riwayat Kesehatan", None),
    ("Kepesertaan BPJS Kesehatan", "status_jkn"), ("BPJS Kes", "status_jkn"),
])
def test_english_snake_case_and_status_labels(header, field):
    from kpps_xl.roster.aliases import field_for

    assert field_for(header) == field


def _validated(values, sheet="KEL A"):
    from kpps_xl.roster import roster_from_values
    from kpps_xl.validate import validate

    roster = roster_from_values(values, sheet, "a.xlsx")
    return roster, sorted((f.code, f.row) for f in validate(roster).findings)


@pytest.mark.parametrize("note", ["*) NIK sesuai KTP-el", "**) Ketua / Anggota", "¹⁾ Tanpa gelar",
                                  "Catatan: usia per hari H", "Keterangan :", "NB: lihat SK"])
def test_a_footnote_below_or_inside_the_table_is_no_officer(note):
    from builders import HEADER, numbered, team

    rows = numbered(team(1))
    roster, found = _validated([HEADER, *rows[:3], [None, note], *rows[3:], [], [None, note],
                                [None, "1. Diisi sesuai KTP-el"]])
    assert found == []
    assert len(roster.df) == 7
    assert (5, "catatan kaki") in roster.sheets[0].skipped


def test_a_name_with_a_note_word_is_still_an_officer():
    from builders import HEADER, nik_for

    values = [HEADER, [1, "Ketut Catatan", nik_for(dt.date(1990, 1, 1)), "L", "01-01-1990", "Ketua", 1]]
    roster, _ = _validated(values)
    assert roster.df["nama"].tolist() == ["Ketut Catatan"]


@pytest.mark.parametrize(("banner", "kinds"), [
    ("TPS 003 KELURAHAN TALANG JAMBE", {"tps": "003", "kelurahan": "TALANG JAMBE"}),
    ("TPS 002 - KEL. SUKAMAJU", {"tps": "002", "kelurahan": "SUKAMAJU"}),
    ("DESA SUKAJADI TPS 01", {"kelurahan": "SUKAJADI", "tps": "01"}),
    ("Budi Kelurahan", {}),
])
def test_a_banner_names_every_place_it_holds(banner, kinds):
    from kpps_xl.roster.header import title_contexts

    assert dict(title_contexts(banner)) == kinds


def test_tps_blocks_under_tps_and_kelurahan_banners_are_teams_of_their_kelurahan():
    from builders import HEADER, numbered, team

    header = HEADER[:-1]
    a = numbered([r[:5] for r in team(1)])
    b = numbered([r[:5] for r in team(1, 20, born=dt.date(1985, 5, 5))])
    roster, found = _validated([header, ["TPS 001 KELURAHAN X"], *a, [], ["TPS 001 KELURAHAN Y"], *b],
                               sheet="KEC Z")
    assert found == []
    assert roster.df["kelurahan"].tolist() == ["X"] * 7 + ["Y"] * 7


@pytest.mark.parametrize(("rows", "expected"), [
    ([["Kecamatan", ": SUKARAMI"], ["Kelurahan/Desa", ":", "SUKAJAYA"]],
     {"kecamatan": "SUKARAMI", "kelurahan": "SUKAJAYA"}),
    ([["Kabupaten/Kota", ": KOTA PALEMBANG"]], {"kabkota": "KOTA PALEMBANG"}),
    ([["KAB/KOTA : KAB. BANYUASIN"]], {"kabkota": "KAB. BANYUASIN"}),
    ([["Kabupaten", "Muara Enim"]], {"kabkota": "KABUPATEN MUARA ENIM"}),
    ([["Kecamatan", "Kelurahan", "TPS"]], {}),  # labels side by side, no values
    ([["KECAMATAN", "NAMA"]], {}),
])
def test_a_metadata_block_of_label_and_value_cells(rows, expected):
    from kpps_xl.roster.header import context_from_rows

    assert context_from_rows(rows) == expected


@pytest.mark.parametrize("merged", [True, False])
def test_placement_labels_under_a_domicile_group_are_the_domicile(merged):
    from kpps_xl.roster.header import find_header

    top = ["NAMA", "NIK", "ALAMAT SESUAI KTP", None, None, "TEMPAT TUGAS", None]
    if merged:
        top = ["NAMA", "NIK", *["ALAMAT SESUAI KTP"] * 3, *["TEMPAT TUGAS"] * 2]
    sub = ["NAMA" if merged else None, "NIK" if merged else None, "ALAMAT", "DESA", "KECAMATAN",
           "TPS", "DESA"]
    rows = [top, sub, ["Budi", "1671041203900001", "Jl. A", "Gasing", "Talang Kelapa", 1, "Sukajadi"]]
    header = find_header(rows)
    assert header.data_start == 2
    assert {k: header.columns.get(k) for k in ("kelurahan_domisili", "kecamatan_domisili",
                                               "kelurahan", "tps", "alamat")} == {
        "kelurahan_domisili": 3, "kecamatan_domisili": 4, "kelurahan": 6, "tps": 5, "alamat": 2}


def test_a_sub_header_row_needs_labels_not_values():
    from kpps_xl.roster.header import find_header

    rows = [["NAMA", "NIK", "TEMPAT TUGAS", None], ["Budi", "1671041203900001", "TPS", "Desa 2"]]
    assert find_header(rows).data_start == 1


@pytest.mark.parametrize(("header", "recap"), [
    (["No", "Nama Lama", "NIK Lama", "Nama Pengganti", "NIK Pengganti"], True),
    (["No", "Nama Yang Diganti", "NIK", "Nama Pengganti", "Alasan"], True),
    (["No", "Nama", "NIK", "Nama Ibu", "Keterangan"], False),
    (["No", "Nama", "NIK Lama", "Jabatan"], False),
])
def test_a_paw_recap_header_is_no_roster(header, recap):
    from kpps_xl.roster.header import replacement_list

    assert replacement_list(header) is recap


@pytest.mark.parametrize(("text", "reserve"), [
    ("Cadangan", True), ("Cadangan 1", True), ("Anggota Cadangan", True),
    ("Diangkat dari cadangan", False), ("Pengganti (dari cadangan)", False), ("Aktif", False)])
def test_a_reserve_is_not_seated(text, reserve):
    from kpps_xl.roster.values import RESERVE, parse_activity

    assert (parse_activity(text) == RESERVE) is reserve


def test_a_reserve_list_ends_at_the_next_place_title():
    from builders import HEADER, numbered, team

    seated = numbered(team(1))
    reserves = numbered(team(1, 20, size=2, born=dt.date(1985, 5, 5)))
    nxt = numbered(team(2, 40, born=dt.date(1980, 5, 5)))
    roster, found = _validated([HEADER, *seated, ["DAFTAR CADANGAN"], *reserves, ["KELURAHAN B"], *nxt])
    assert roster.df["aktif"].tolist() == [True] * 7 + [False] * 2 + [True] * 7
    assert [code for code, _ in found] == ["row.inactive"] * 2


def test_tab_separated_text_is_read_when_named_and_a_folders_txt_is_left(tmp_path):
    from builders import HEADER, numbered, team

    from kpps_xl.roster import expand_paths, load_roster

    text = "\r\n".join("\t".join(map(str, r)) for r in [HEADER, *numbered(team(1))])
    (tmp_path / "daftar.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "daftar2.tsv").write_text(text, encoding="utf-8")
    assert len(load_roster(tmp_path / "daftar.txt").df) == 7
    assert [p.name for p in expand_paths([tmp_path])] == ["daftar2.tsv"]


@pytest.mark.parametrize(("header", "field"), [
    ("NM_KEC", "kecamatan"), ("NM_KEL", "kelurahan"), ("NM_KAB", "kabkota"), ("NM_LENGKAP", "nama"),
    ("NM_PROV", None), ("KD_KEC", None), ("Nama Kab/Kota", "kabkota")])
def test_bps_style_abbreviated_place_labels(header, field):
    from kpps_xl.roster.aliases import field_for

    assert field_for(header) == field


@pytest.mark.parametrize("number", ["I", "II", "A.", "3)", "B"])
def test_a_block_title_numbered_in_the_no_column(number):
    from builders import HEADER, numbered, team

    header = HEADER[:-1]
    rows = numbered([r[:5] for r in team(1)])
    roster, found = _validated([header, [number, "TPS 004 KELURAHAN X"], *rows], sheet="KEC Z")
    assert found == []
    assert set(roster.df["tps_no"]) == {"004"} and set(roster.df["kelurahan"]) == {"X"}


def test_a_copied_sheet_is_read_once_and_a_changed_copy_is_not_a_copy(tmp_path):
    from builders import HEADER, numbered, team, write_xlsx

    from kpps_xl.api import check

    rows = [HEADER, *numbered(team(1))]
    edited = [list(r) for r in rows]
    edited[3][1] = "Petugas Lain"
    path = write_xlsx(tmp_path / "r.xlsx", {"KEC A": rows, "KEC A (2)": rows})
    assert [(f["code"], f["sheet"]) for f in check(path).to_dict()["findings"]] == [
        ("sheet.no_roster", "KEC A (2)")]
    path = write_xlsx(tmp_path / "s.xlsx", {"KEC A": rows, "KEC A (2)": edited})
    codes = {f["code"] for f in check(path).to_dict()["findings"]}
    assert "dup.nik" in codes and "sheet.no_roster" not in codes


@pytest.mark.parametrize(("text", "date"), [
    ("12-05-1990 (33 th)", dt.date(1990, 5, 12)), ("12 Mei 1990 (umur 33)", dt.date(1990, 5, 12)),
    ("12/05/1990 (33 tahun)", dt.date(1990, 5, 12)), ("May 12, 1990", dt.date(1990, 5, 12)),
    ("Sept. 3, 1985", dt.date(1985, 9, 3)), ("12-05-1990 (L)", None), ("Maret 1990", None)])
def test_the_age_after_the_date_and_english_month_first_words(text, date):
    from kpps_xl.roster.values import parse_date

    assert parse_date(text) == date


@pytest.mark.parametrize(("sheet", "titles", "columns", "voters"), [
    ("DPT TPS 001", [], {"nama": 1, "nik": 2}, True),
    ("Sheet2", [["DAFTAR PEMILIH TETAP PEMILU 2024"]], {"nama": 1, "nik": 2}, True),
    ("DPT", [], {"nama": 1, "nik": 2, "jabatan": 3}, False),  # roles: officers
    ("Sheet2", [["DAFTAR KPPS YANG TERDAFTAR DI DPT"]], {"nama": 1, "nik": 2}, False),
    ("KPPS", [], {"nama": 1, "nik": 2}, False)])
def test_a_voter_list_is_no_roster(sheet, titles, columns, voters):
    from kpps_xl.roster.header import voter_list

    assert voter_list(sheet, titles, columns) is voters


def test_ad_hoc_bodies_are_budgeted_by_their_own_roles(built):
    from kpps_xl.budget import compute_budget
    from kpps_xl.roster import load_roster
    from kpps_xl.settings import Settings

    path, _ = built["ad_hoc_bodies"]
    lines = [(line.role, line.count) for line in compute_budget(load_roster(path), Settings()).lines]
    assert sorted(lines) == sorted([
        ("Ketua KPPS", 1), ("Anggota KPPS", 6), ("Ketua PPK", 1), ("Anggota PPK", 4),
        ("Ketua PPS", 2), ("Anggota PPS", 4), ("Sekretaris PPS", 2),
        ("Pelaksana Sekretariat PPS", 4)])


@pytest.mark.parametrize(("jabatan", "role"), [
    ("Ketua PPS", ("ketua", "PPS")), ("Anggota PPK", ("anggota", "PPK")),
    ("Sekretaris PPS", ("sekretaris", "Sekretariat PPS")),
    ("Staf Sekretariat PPK", ("pelaksana", "Sekretariat PPK")), ("Pantarlih", (None, "Pantarlih")),
    ("Ketua KPPS", ("ketua", None)), ("KPPS 3", ("anggota", None))])
def test_a_jabatan_naming_its_body(jabatan, role):
    from kpps_xl.roster.values import parse_role

    assert parse_role(jabatan) == role


@pytest.mark.parametrize(("name", "titles", "at_tps", "badan"), [
    ("PPS", [["DAFTAR ANGGOTA PPS SE-KECAMATAN SAKO"]], False, "PPS"),
    ("Sheet1", [["DAFTAR SEKRETARIAT PPS KECAMATAN SAKO"]], False, "Sekretariat PPS"),
    ("Sheet1", [["PANITIA PEMILIHAN KECAMATAN SAKO"]], False, "PPK"),
    ("Sheet1", [["DAFTAR PANTARLIH DESA X"]], True, "Pantarlih"),
    ("Sheet1", [["LAMPIRAN KEPUTUSAN PPS DESA X"]], True, None),  # a TPS column: the PPS's KPPS
    ("Sheet1", [["PPK SAKO: DAFTAR ANGGOTA PPS"]], False, None),  # sender and body: not said
    ("Sheet1", [["LAMPIRAN SK PPS TENTANG ANGGOTA KPPS"]], False, None),
])
def test_the_body_a_sheet_names(name, titles, at_tps, badan):
    from kpps_xl.roster.header import badan_of_sheet

    assert badan_of_sheet(name, titles, at_tps) == badan


@pytest.mark.parametrize(("name", "tps"), [
    ("TPS 01.xlsx", "01"), ("KPPS_TPS_004_Desa Sukajadi.xlsx", "004"), ("TPS01.csv", "01"),
    ("DAFTAR KPPS TPS 003 KEL SUKAMAJU (1).xlsx", "003"), ("Rekap TPS 1-5.xlsx", None),
    ("KPPS KEC SAKO.xlsx", None), ("kpps_cacat.xlsx", None)])
def test_the_tps_a_file_name_gives(name, tps):
    from kpps_xl.roster.header import tps_from_file_name

    assert tps_from_file_name(f"/kiriman/{name}") == tps


def test_a_tps_column_or_a_sheet_name_wins_over_the_file_name():
    from builders import HEADER, numbered, team

    from kpps_xl.roster import roster_from_values

    with_column = roster_from_values([HEADER, *numbered(team(2))], "KEL A", "/x/TPS 07.xlsx")
    assert set(with_column.df["tps_no"]) == {"002"}
    by_sheet = roster_from_values([HEADER[:-1], *numbered([r[:-1] for r in team(2)])], "TPS 3",
                                  "/x/TPS 07.xlsx")
    assert set(by_sheet.df["tps_no"]) == {"003"}


def test_a_transposed_roster_gets_a_note_on_how_to_turn_it():
    from kpps_xl.roster import roster_from_values

    values = [["DAFTAR KPPS"], ["Jabatan", "Ketua", "Anggota"], ["Nama", "Budi", "Sari"],
              ["NIK", "1671041203900001", "1671045203900002"]]
    info = roster_from_values(values, "TPS 2", "a.xlsx").sheets[0]
    assert info.note.startswith("daftar tersusun mendatar") and "kolom A" in info.note


@pytest.mark.parametrize(("cell", "plausible"), [
    ("0812-3456-7890 / 0813-1111-2222", True), ("0812 3456 7890 (WA)", True),
    ("WA: 081234567890", True), ("0812345678, 085712345678", True),
    ("HP. 0812 3456 789 atau 0856 1234 5678", True), ("+62 812 3456 7890", True),
    ("0812345", False), ("12345 / 67890", False), ("tidak ada", False), ("WA", False)])
def test_a_phone_cell_with_two_numbers_or_a_label(cell, plausible):
    import pandas as pd

    from kpps_xl.schema import phone_plausible

    assert phone_plausible(pd.Series([cell], dtype="string")).tolist() == [plausible]


def test_a_pps_title_over_jabatans_naming_kpps_is_the_pps_kpps():
    from builders import nik_for

    from kpps_xl.roster import roster_from_values

    rows = [[i + 1, f"Petugas {i}", nik_for(dt.date(1990, 1, 1 + i), "L", i + 1), "L", f"{1 + i:02d}-01-1990",
             "Ketua KPPS TPS 01" if i == 0 else "Anggota KPPS TPS 01"] for i in range(7)]
    header = ["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan"]
    roster, found = _validated([["LAMPIRAN KEPUTUSAN PPS DESA SUKARAJA"], header, *rows], "Sheet1")
    assert set(roster.df["badan"]) == {"KPPS"} and found == []
    members = [[*r[:5], "Anggota"] for r in rows]
    roster = roster_from_values([["DAFTAR ANGGOTA PPS DESA SUKARAJA"], header, *members], "Sheet1", "a.xlsx")
    assert set(roster.df["badan"]) == {"PPS"}


@pytest.mark.parametrize("jabatan", ["Cadangan", "CADANGAN", "Anggota cadangan"])
def test_a_reserve_by_its_jabatan_in_any_case(jabatan):
    from builders import HEADER, numbered, team

    rows = numbered(team(1, size=8))
    rows[7][5] = jabatan
    roster, found = _validated([HEADER, *rows])
    assert roster.df["aktif"].tolist() == [True] * 7 + [False]
    assert found == [("row.inactive", 9)]


def test_two_files_alike_in_one_folder_are_no_copies(tmp_path):
    from builders import HEADER, numbered, team, write_xlsx

    from kpps_xl.api import check

    rows = [HEADER, *numbered(team(1))]
    write_xlsx(tmp_path / "a.xlsx", {"KEC A": rows})
    write_xlsx(tmp_path / "b.xlsx", {"KEC A": rows})
    codes = {f["code"] for f in check(tmp_path).to_dict()["findings"]}
    assert "dup.nik" in codes and "sheet.no_roster" not in codes
