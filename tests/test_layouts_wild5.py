"""Wild layouts, round 5 (tests/layouts_wild5.py), read person by person by both readers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from layouts_wild import _finding_key, mismatches, read_layout
from layouts_wild3 import place_mismatches
from layouts_wild4 import extra_mismatches
from layouts_wild5 import LAYOUTS, build


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("liar5")
    return {name: build(name, folder) for name in LAYOUTS}


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_officer_is_read_with_its_values(built, name, reader, monkeypatch):
    path, truth = built[name]
    frame = read_layout(path, reader, monkeypatch).df
    assert (mismatches(frame, truth) + place_mismatches(frame, truth)
            + extra_mismatches(frame, truth)) == []
    assert len(frame) == len(truth.people)


def _file_less(report) -> list[dict]:  # noqa: ANN001
    """A report's findings without the file names (the annotated copy has another name)."""
    return [{**f, "file": None, "related": [{**r, "file": None} for r in f["related"]]}
            for f in report.to_dict()["findings"]]


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_exactly_the_planted_findings_and_the_annotated_copy_checks_the_same(built, name,
                                                                               tmp_path):
    """One check per layout: its findings are the planted ones, and (an .xlsx) check of the
    annotated copy gives exactly the original's findings."""
    from kpps_xl.api import check
    from kpps_xl.workbook import annotate

    path, truth = built[name]
    report = check(path)
    found = [(f["code"], f["sheet"], f["row"]) for f in report.to_dict()["findings"]]
    assert sorted(found, key=_finding_key) == sorted(truth.planted, key=_finding_key)
    if path.suffix == ".xlsx":
        copy = annotate(path, report, tmp_path / f"{path.stem}-diperiksa.xlsx")
        assert _file_less(check(Path(copy))) == _file_less(report)


@pytest.mark.parametrize(("header", "field"), [
    # a clerk's typos: one edit in a word of four letters or more, the label then an exact alias
    ("TGL LAHR", "tanggal_lahir"), ("Tangal Lahir", "tanggal_lahir"), ("JABATN", "jabatan"),
    ("Jabtan", "jabatan"), ("Kelurhan", "kelurahan"), ("Kecamtan", "kecamatan"),
    ("Jenis Klamin", "jenis_kelamin"), ("Nama Lengkp", "nama"), ("Tempat Lahr", "tempat_lahir"),
    ("KETERANGN", "keterangan"), ("TEMPAT/TGL LAHR", "ttl"), ("Nomer HP", "no_hp"),
    ("No. Handphone", "no_hp"), ("Tmp. Lhr", "tempat_lahir"), ("N I K", "nik"),
    ("No. KTP/NIK", "nik"), ("Bln. Lhr", "dob_month"), ("THN LAHIR", "dob_year"),
    # look-alikes: another person's NIK/name/date, other dates, real words, short words
    ("NIK Ayah", None), ("NIK Ibu", None), ("Nama Ibu Kandung", None), ("Tgl Lahir Suami", None),
    ("Tgl Pelantikan", None), ("Tanggal SK", None), ("Pekerjaan", None), ("Tanggal Daftar", None),
    ("Statsu", None), ("Tugas", None), ("Agama", None), ("Nama", "nama"),
])
def test_typo_tolerant_labels_and_look_alikes(header, field):
    from kpps_xl.roster.aliases import field_for

    assert field_for(header) == field


def test_a_typo_scores_below_an_exact_label_and_above_a_prefix():
    from kpps_xl.roster.aliases import EXACT, field_match

    exact, typo, prefix = field_match("Jabatan"), field_match("Jabatn"), field_match("Jabatan di TPS X")
    assert exact[1] > typo[1] > prefix[1] and typo[1] < EXACT


def test_a_relatives_column_before_the_officers_is_not_taken():
    from kpps_xl.roster.header import row_fields

    columns = row_fields(["No", "Nama Ibu Kandung", "Nama", "NIK Ayah", "NIK / No. KTP",
                          "Tanggal SK", "Tgl. Lhr"])
    assert (columns["nama"], columns["nik"], columns["tanggal_lahir"]) == (2, 4, 6)


@pytest.mark.parametrize(("jabatan", "peran"), [
    ("KPPS I", "ketua"), ("KPPS II", "anggota"), ("KPPS VII", "anggota"), ("kpps-iv", "anggota"),
    ("KPPS VIII", None), ("KPPS 8", None), ("I", None), ("Anggota VI", "anggota"),
    # a slip in the role word: one edit from anggota or ketua
    ("Angota", "anggota"), ("Anggtoa", "anggota"), ("Ketau", "ketua"), ("Kettua KPPS", "ketua"),
    ("Ang. KPPS", "anggota"), ("Kepala", None), ("Angora", None), ("Angota/Ketau", None),
    ("Petugas KPPS", None)])
def test_kpps_numbered_in_roman_numerals_and_role_words_with_a_slip(jabatan, peran):
    from kpps_xl.roster.values import parse_role

    assert parse_role(jabatan)[0] == peran


def test_full_width_digits_are_nik_digits_in_python_and_arrow():
    import pandas as pd

    from kpps_xl.roster.values import nik_digits, nik_digits_series

    wide = "１６７１ ０４１２ ０３９０ ０００１"
    assert nik_digits(wide) == "1671041203900001"
    series = pd.Series([wide, "1671-0412-0390-0002", None], dtype="string")
    assert nik_digits_series(series).tolist() == ["1671041203900001", "1671041203900002", ""]


@pytest.mark.parametrize(("text", "date"), [
    ("12 Mei '90", dt.date(1990, 5, 12)), ("3 Agu ’85", dt.date(1985, 8, 3)),
    ("12-Mei-90", dt.date(1990, 5, 12)), ("5/3/04", dt.date(2004, 3, 5)), ("'90", None),
    ("12 Mei '9", None),
    # typed by hand: old and short month names, no spaces, spaces for dashes
    ("12 Agust 1990", dt.date(1990, 8, 12)), ("3 Peb 1985", dt.date(1985, 2, 3)),
    ("12Mei1990", dt.date(1990, 5, 12)), ("12 5 1990", dt.date(1990, 5, 12)),
    ("12  05  1990", dt.date(1990, 5, 12)), ("12 5 90", None), ("12 Xyz 1990", None)])
def test_two_digit_years_and_dates_typed_by_hand(text, date):
    from kpps_xl.roster.values import parse_date

    assert parse_date(text) == date


def _validated(values, sheet="KEL A"):
    from kpps_xl.roster import roster_from_values
    from kpps_xl.validate import validate

    roster = roster_from_values(values, sheet, "a.xlsx")
    return roster, validate(roster).findings


def test_a_status_column_beside_a_keterangan_is_read_and_quoted():
    from builders import HEADER, numbered, team

    rows = numbered(team(1, size=8))
    for k, row in enumerate(rows):
        row += ["Diganti" if k == 3 else "Aktif", "Guru" if k == 3 else None]
    roster, found = _validated([[*HEADER, "Status", "Keterangan"], *rows])
    assert roster.df["aktif"].tolist() == [True] * 3 + [False] + [True] * 4
    assert roster.df["keterangan"].tolist()[3] == "Guru" and roster.df["status"].tolist()[3] == "Diganti"
    (inactive,) = [f for f in found if f.code == "row.inactive"]
    assert inactive.column == "H" and "Status 'Diganti'" in inactive.message


def test_a_status_column_alone_is_the_keterangan():
    from builders import HEADER, numbered, team

    rows = [[*r, "Mundur" if k == 7 else None] for k, r in enumerate(numbered(team(1, size=8)))]
    roster, found = _validated([[*HEADER, "STATUS"], *rows])
    assert roster.df["keterangan"].tolist()[7] == "Mundur" and roster.df["status"].isna().all()
    assert [(f.code, f.column) for f in found] == [("row.inactive", "H")]


def test_the_whole_date_beside_month_and_year_helpers_is_the_date():
    from builders import nik_for

    d = dt.date(1990, 5, 12)
    values = [["Nama", "NIK", "Tgl Lahir", "Bln Lahir", "Thn Lahir"],
              ["Budi", nik_for(d), "12-05-1990", 5, 1990], ["Sari", nik_for(d, "P", 2), 12, 5, 1990]]
    roster, _ = _validated(values)
    assert [t.date() for t in roster.df["dob"]] == [d, d]


def test_a_phone_with_a_literal_apostrophe():
    import pandas as pd

    from kpps_xl.schema import phone_plausible

    assert phone_plausible(pd.Series(["'081234567890", "'0812"], dtype="string")).tolist() == [True, False]


def test_a_grand_total_below_a_subtotal_is_no_skipped_name():
    from builders import HEADER, numbered, team

    roster, found = _validated([HEADER, *numbered(team(1)), [None, "Jumlah TPS 001", 7],
                                [None, "JUMLAH TOTAL", 7], [None, "Budi Santoso"]])
    assert [(f.code, f.value) for f in found] == [("row.skipped", "Budi Santoso")]


def test_hidden_sheets_are_named_by_every_workbook_kind(built):
    from kpps_xl.roster.readers import hidden_sheets

    assert hidden_sheets(built["hidden_sheets"][0]) == {"Lama", "ref"}
    assert hidden_sheets(built["ods_hidden"][0]) == {"Draft"}
    assert hidden_sheets(built["typo_csv"][0]) == frozenset()


def test_a_hidden_sheet_without_officers_is_silent_and_listed_as_skipped(built):
    from kpps_xl.api import check

    report = check(built["hidden_sheets"][0])
    doc = report.to_dict()
    assert [(f["code"], f["sheet"]) for f in doc["findings"]] == [("sheet.no_roster", "Lama")]
    assert "Unhide" in doc["findings"][0]["message"]
    assert [s["sheet"] for s in report.skipped if s["reason"] == "lembar tersembunyi tanpa daftar "
            "petugas"] == ["ref"]


@pytest.mark.parametrize(("value", "sex"), [
    ("Prempuan", "P"), ("Perempuang", "P"), ("PEREMPUN", "P"), ("Lak-laki", "L"),
    ("LAKI-LAKII", "L"), ("Lelaki", "L"), ("Prmpuan", None), ("Wanta", None), ("Priaa", None),
    ("Laki-laki", "L")])
def test_a_sex_word_with_one_slip(value, sex):
    from kpps_xl.roster.values import parse_sex

    assert parse_sex(value) == sex


@pytest.mark.parametrize(("cell", "tps"), [
    ("TPS I", "001"), ("TPS IV", "004"), ("tps xii", "012"), ("TPS 04", "004"), ("TPS Ilir", None),
    ("TPS IV Desa 8 Ilir", "004")])
def test_a_tps_in_roman_numerals(cell, tps):
    from kpps_xl.roster.values import parse_tps

    assert parse_tps(cell) == tps


@pytest.mark.parametrize(("label", "cell", "ttl"), [
    ("Tgl Lahir", "Palembang, 12-05-1990", True), ("Tempat Lahir", "Lahat, 12 Mei 1990", True),
    ("Tanggal Lahir", "12-05-1990, Palembang", True), ("Tgl Lahir", "12 Mei 1990", False),
    ("Tempat Lahir", "Palembang", False), ("Tempat Lahir", "Desa 8 Ilir", False)])
def test_place_and_date_under_a_label_for_one_of_them(label, cell, ttl):
    from kpps_xl.roster.header import find_header

    rows = [["Nama", "NIK", label], *[[f"P{i}", "1671041205900001", cell] for i in range(4)]]
    assert ("ttl" in find_header(rows).columns) is ttl


def test_a_file_whose_officers_are_all_on_hidden_sheets_is_read(tmp_path):
    from builders import HEADER, numbered, team

    from kpps_xl.api import check

    book = openpyxl.Workbook()
    book.active.title = "Petunjuk"
    book.active.append(["Isi data di sheet Data"])
    data = book.create_sheet("Data")
    for row in [HEADER, *numbered(team(1))]:
        data.append(row)
    data.sheet_state = "hidden"
    book.save(tmp_path / "tersembunyi.xlsx")
    report = check(tmp_path / "tersembunyi.xlsx")
    assert report.rows == 7
    assert [(f.code, f.sheet) for f in report.findings] == [("sheet.no_roster", "Petunjuk")]


@pytest.mark.parametrize(("top", "low", "expected", "start"), [
    (["NAMA", "NIK", "TANGGAL", "JENIS"], [None, None, "LAHIR", "KELAMIN"],
     {"nama": 0, "nik": 1, "tanggal_lahir": 2, "jenis_kelamin": 3}, 2),
    (["NAMA", "NIK", "TANGGAL", "JABATAN"], [None, None, "LAHIR", None],  # one join, no sub-header
     {"nama": 0, "nik": 1, "jabatan": 3}, 1),
    (["NAMA", "NIK", "TGL LAHIR"], ["Budi", "1671041203900001", "12-03-1990"],
     {"nama": 0, "nik": 1, "tanggal_lahir": 2}, 1)])
def test_labels_typed_a_word_per_row(top, low, expected, start):
    from kpps_xl.roster.header import find_header

    header = find_header([top, low, ["Budi", "1671041203900001", "12-03-1990", "L"]])
    assert (header.columns, header.data_start) == (expected, start)


@pytest.mark.parametrize(("note", "reason"), [
    ("Di ganti", "diganti (PAW)"), ("Di-ganti oleh Budi", "diganti (PAW)"),
    ("Mngundurkan diri", "mengundurkan diri"), ("Mengundurkan", "mengundurkan diri"),
    ("Mengundurkan dri", "mengundurkan diri"), ("meninggl dunia", "meninggal dunia"),
    ("Berhalangan tetap", "berhalangan tetap"), ("Di berhentikan", "berhenti/tidak aktif"),
    ("Pengganti (di ganti Budi)", None), ("Di angkat dari cadangan", None), ("PAW", None),
    ("Berhalangan sementara", None), ("Digantung", None), ("Guru", None), ("Menggantikan", None)])
def test_a_keterangan_as_clerks_type_it(note, reason):
    from kpps_xl.roster.values import parse_activity

    assert parse_activity(note) == reason


@pytest.mark.parametrize(("note", "badan"), [
    ("Linmas", "Linmas"), ("LINMAS TPS 01", "Linmas"), ("Anggota Satlinmas", "Linmas"),
    ("Petugas ketertiban", "Linmas"), ("Guru", None), ("Dulu linmas, kini KPPS", None),
    ("Sudah ikut bimtek keamanan", None)])
def test_a_keterangan_naming_the_linmas(note, badan):
    from kpps_xl.roster.values import badan_in_note

    assert badan_in_note(note) == badan
