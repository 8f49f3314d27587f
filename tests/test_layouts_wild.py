"""Wild layouts (tests/layouts_wild.py) read person by person as their ground truth says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from layouts_wild import LAYOUTS, build, found_and_planted, mismatches, read_layout

from kpps_xl.roster import load_roster
from kpps_xl.roster.aliases import field_for
from kpps_xl.roster.values import parse_date


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("liar")
    return {name: build(name, folder) for name in LAYOUTS}


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_officer_is_read_with_its_values(built, name, reader, monkeypatch):
    path, truth = built[name]
    roster = read_layout(path, reader, monkeypatch)
    assert mismatches(roster.df, truth) == []
    assert len(roster.df) == len(truth.people)


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_exactly_the_planted_findings(built, name):
    found, planted = found_and_planted(*built[name])
    assert found == planted


@pytest.mark.parametrize("text", ["17 - 08 - 1990", "17081990", "19900817", 17081990, 1081990,
                                  "17-Aug-1990", "17 agt 1990", "17-Agu-1990", "17 AGT 1990",
                                  "1990 - 08 - 17"])
def test_dates_typed_without_or_with_spaced_separators_and_english_months(text):
    expected = dt.date(1990, 8, 1) if text == 1081990 else dt.date(1990, 8, 17)
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31021985", "12345678", 99999999, "17 - 13 - 1990"])
def test_impossible_compact_dates_stay_unreadable(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(("header", "field"), [
    ("1. NAMA\nLENGKAP :", "nama"), ("2) N I K", "nik"), ("3.NIK", "nik"), ("Jns Kel", "jenis_kelamin"),
    ("Jab.", "jabatan"), ("TMPT/TGL LAHIR", "ttl"), ("Tgl/Bln/Thn Lahir", "tanggal_lahir"),
    ("Nomor KTP", "nik"), ("No. Tlp", "no_hp"), ("Nomor Urut TPS", "tps"), ("No. Urut", "no"),
    ("Peran", "jabatan"), ("Pria/Wanita", "jenis_kelamin"), ("Ds.", "kelurahan"),
    ("1 2", None),
])
def test_numbered_and_abbreviated_labels(header, field):
    assert field_for(header) == field


def test_csv_text_formula_cells_read_as_their_text(tmp_path: Path):
    from builders import nik_for

    nik = nik_for(dt.date(1990, 8, 17))
    path = tmp_path / "ekspor.csv"
    path.write_text(f'Nama;NIK;No HP\r\nBudi;="{nik}";="081234567890"\r\nSari;="=1+1";x\r\n',
                    encoding="utf-8")
    frame = load_roster(path).df
    assert frame["nik"].tolist() == [nik, "=1+1"]
    assert frame["no_hp"].tolist()[0] == "081234567890"


@pytest.mark.parametrize("sheet", ["KEC", "Desa", "Sheet1", "Pemilu 2024", "Ipuh"])
def test_a_sheet_name_that_is_a_place_word_or_the_kecamatan_is_never_the_desa(sheet):
    from builders import team

    from kpps_xl.roster import roster_from_values

    values = [["Nama", "NIK", "Jabatan", "TPS", "Kecamatan"],
              *[[r[0], r[1], r[4], r[5], "Ipuh"] for r in team(1)]]
    roster = roster_from_values(values, sheet, "a.xlsx")
    assert roster.df["kelurahan"].isna().all()
    assert roster.sheets[0].kelurahan is None


def test_a_bare_sheet_name_is_the_desa_when_the_kecamatan_is_known():
    from builders import team

    from kpps_xl.roster import roster_from_values

    values = [["KECAMATAN IPUH"], ["Nama", "NIK", "Jabatan", "TPS"],
              *[[r[0], r[1], r[4], r[5]] for r in team(1)]]
    roster = roster_from_values(values, "Pasar Ipuh", "a.xlsx")
    assert set(roster.df["kelurahan"]) == {"Pasar Ipuh"}
    assert {k.split("|", 1)[1] for k in roster.df["tps_key"]} == {"ipuh|pasar ipuh|001"}


@pytest.mark.parametrize(("a", "b"), [
    ("Ilir Timur II", "ILIR TIMUR 2"), ("Kec. Seberang Ulu I", "seberang ulu 1"),
    ("IV Koto", "4 Koto"), ("Koto XI Tarusan", "Koto 11 Tarusan")])
def test_roman_and_arabic_numerals_in_a_place_name_are_one_place(a, b):
    from kpps_xl.roster.places import place_key

    assert place_key(a, "kecamatan") == place_key(b, "kecamatan")
    assert place_key("Vivi", "kelurahan") == "vivi"  # a word made of Roman letters is a word


def test_a_tps_word_in_a_title_needs_a_number():
    from kpps_xl.roster.header import context_from_rows

    title = "TENTANG PENETAPAN ANGGOTA KPPS PADA TPS DI KELURAHAN 8 ILIR KECAMATAN ILIR TIMUR II"
    assert context_from_rows([[title]]) == {"kelurahan": "8 ILIR", "kecamatan": "ILIR TIMUR II"}
    assert context_from_rows([["TPS : 05 KELURAHAN 8 ILIR"]])["tps"] == "05"


def _validated(values, sheet="KEC A"):
    from kpps_xl.roster import roster_from_values
    from kpps_xl.validate import validate

    roster = roster_from_values(values, sheet, "a.xlsx")
    return roster, sorted((f.code, f.row) for f in validate(roster).findings)


def test_a_tps_written_once_per_team_holds_for_the_rows_below_it():
    from builders import HEADER, numbered, team

    rows = numbered(team(1)) + numbered(team(2, 20))
    for i, row in enumerate(rows):
        row[6] = row[6] if i % 7 == 0 else None
    roster, found = _validated([HEADER, *rows])
    assert found == []
    assert roster.df["tps_no"].tolist() == ["001"] * 7 + ["002"] * 7
    assert roster.df["tps_key"].nunique() == 2


def test_a_tps_missing_in_a_filled_column_is_still_reported():
    from builders import HEADER, numbered, team

    rows = numbered(team(1)) + numbered(team(2, 20))
    rows[9][6] = None
    roster, found = _validated([HEADER, *rows])
    assert ("field.missing", 11) in found
    assert roster.df["tps"].isna().sum() == 1


def test_rows_under_a_linmas_section_title_are_linmas_until_the_next_place():
    from builders import HEADER, nik_for, numbered, team

    linmas = [[None, f"Linmas {i}", nik_for(dt.date(1980, 1, i + 1), serial=90 + i), "L",
               f"0{i + 1}-01-1980", "Anggota", 1] for i in range(2)]
    values = [HEADER, ["TPS 001"], *numbered(team(1)), [None, "B. PETUGAS KETERTIBAN TPS (LINMAS)"],
              *linmas, ["TPS 002"], *numbered([r[:5] + [2] for r in team(2, 20)])]
    roster, found = _validated(values)
    assert found == []
    assert roster.df["badan"].tolist() == ["KPPS"] * 7 + ["Linmas"] * 2 + ["KPPS"] * 7
    assert (10, "judul bagian") in roster.sheets[0].skipped


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
def test_invisible_characters_go_and_visible_ones_stay(tmp_path, reader, monkeypatch):
    from builders import nik_for, write_xlsx

    nik = nik_for(dt.date(1990, 8, 17))
    rows = [["Nama", "NIK", "No HP"],
            ["Nur’aini – Siti\u200b", "\u202a" + nik + "\u202c", "\u202a0812 3456 7890\u202c"],
            ["\ufeffRené", nik[:-1] + "2", "0812\u00ad34567891"]]
    frame = read_layout(write_xlsx(tmp_path / "r.xlsx", {"S": rows}), reader, monkeypatch).df
    assert frame["nama"].tolist() == ["Nur’aini – Siti", "René"]
    assert frame["nik"].tolist() == [nik, nik[:-1] + "2"]
    assert frame["no_hp"].tolist() == ["0812 3456 7890", "081234567891"]


@pytest.mark.parametrize(("texts", "expected"), [
    (["8/17/1990", "3/25/1985", "1/2/1990"], True),  # a US-locale export
    (["17/08/1990", "03/04/1985", "8/17/1990"], False),  # a day above 12 first: day first
    (["05/13/1990", *[f"0{i}/0{i + 1}/1990" for i in range(1, 9)]], False),  # one typo
    (["01/02/1990", "03/04/1991"], False),  # nothing tells: Indonesian day first
])
def test_a_column_of_dates_written_month_first_is_recognised_as_a_whole(texts, expected):
    from kpps_xl.roster.values import month_first_column

    assert month_first_column(texts) is expected


@pytest.mark.parametrize("footer", [
    ["JML", "7 orang"], ["Jml.", None, None, None, None, None, 7], ["SUB TOTAL", None, 7],
    ["GRAND TOTAL", None, 7], [None, "Diketahui oleh,"], [None, "Disahkan oleh"],
    [None, "Hormat kami,"], [None, "Yang membuat,"], [None, "Menyetujui,"],
    [None, "Palembang,   Januari 2024"], [None, "Mukomuko, 20-01-2024"], [None, "( BUDI SANTOSO )"],
    [None, "(..........................)"],
])
def test_totals_and_signature_lines_in_other_words_end_the_roster(footer):
    from builders import HEADER, numbered, team

    roster, found = _validated([HEADER, *numbered(team(1)), footer, [None, "BUDI SANTOSO"]])
    assert len(roster.df) == 7
    assert found == [("row.skipped", 10)]


@pytest.mark.parametrize(("sheet", "expected"), [
    ("01. KEC. ILIR BARAT I", {"kecamatan": "ILIR BARAT I"}),
    ("KEC. SEBERANG ULU II - KEL. 16 ULU", {"kecamatan": "SEBERANG ULU II", "kelurahan": "16 ULU"}),
    ("Kec Ilir Timur II (revisi)", {"kecamatan": "ILIR TIMUR II"}), ("(2) Desa A", {"kelurahan": "A"}),
    ("KEL 8 ILIR", {"kelurahan": "8 ILIR"}), ("TPS 01", {"tps": "01"}), ("3-4 Ulu", {}), ("8 Ilir", {}),
    ("KEC", {}),
])
def test_places_in_numbered_and_combined_sheet_names(sheet, expected):
    from kpps_xl.roster.header import context_from_sheet_name

    assert context_from_sheet_name(sheet) == expected
