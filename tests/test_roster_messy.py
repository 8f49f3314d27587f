"""Messy layouts found in review: merged cells, repeated headers, subtotals, titles in odd places."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from builders import HEADER, numbered, team, write_xlsx

from kpps_xl.api import check
from kpps_xl.roster import roster_from_values
from kpps_xl.settings import Settings
from kpps_xl.validate import validate


def run(values, sheet="KEC A"):
    return validate(roster_from_values(values, sheet, "a.xlsx"), Settings())


def codes(report):
    return sorted((f.code, f.row) for f in report.findings)


def test_same_person_twice_with_one_nik_missing_does_not_crash():
    rows = numbered(team(1))
    extra = list(rows[2])
    extra[0], extra[2] = 8, None
    report = run([HEADER, *rows, extra])
    assert ("nik.missing", 9) in codes(report)


def test_tps_cell_merged_over_each_team_is_filled_down(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "KEC A"
    sheet.append(HEADER)
    for i, row in enumerate(team(1) + team(2, 20), 1):
        sheet.append([i, *row[:5], row[5] if i in (1, 8) else None])
    sheet.merge_cells("G2:G8")
    sheet.merge_cells("G9:G15")
    path = tmp_path / "gabung.xlsx"
    book.save(path)
    assert check(path).findings == []


def test_header_repeated_mid_sheet_is_skipped():
    report = run([HEADER, *numbered(team(1)), HEADER, *numbered(team(2, 20))])
    assert report.findings == []


def test_kpps_signature_block_with_date_line_is_not_read_as_officers():
    values = [HEADER, *numbered(team(1)), [None, "Mukomuko, 20 Januari 2024"],
              [None, "Ketua KPPS TPS 001"], [None, None], [None, "BUDI SANTOSO"]]
    report = run(values)
    assert report.errors == 0 and report.rows == 7


def test_second_header_row_with_unusual_birth_labels():
    top = ["NO", "NAMA", "NIK", "TEMPAT/TGL LAHIR", None, "L/P", "JABATAN", "TPS"]
    sub = [None, None, None, "TMP LAHIR", "TGL/BLN/THN", None, None, None]
    rows = [[i, r[0], r[1], "Mukomuko", r[3], r[2], r[4], r[5]] for i, r in enumerate(team(1), 1)]
    assert run([top, sub, *rows]).findings == []


def test_jumlah_subtotal_between_teams_does_not_end_the_roster():
    second = team(2, 20)
    second[3][1] = None
    values = [HEADER, *numbered(team(1)), [None, "JUMLAH TPS 1"], *numbered(second),
              [None, "JUMLAH TPS 2"], [None, "KETUA PPS"]]
    assert codes(run(values)) == [("nik.missing", 13), ("row.skipped", 18)]


def test_desa_title_after_a_subtotal_starts_a_new_kelurahan():
    values = [HEADER, ["DESA : SUKA MAJU"], *numbered(team(1)), ["JUMLAH", None, None, 7],
              ["DESA : MEKAR SARI"], *numbered(team(1, 20, born=dt.date(1985, 5, 5)))]
    report = run(values)
    assert report.findings == []
    assert set(roster_from_values(values, "S").df["kelurahan"]) == {"SUKA MAJU", "MEKAR SARI"}


def test_desa_title_typed_in_the_nama_column():
    values = [HEADER, [None, "DESA : SUKA MAJU"], *numbered(team(1)), [None, "DESA : MEKAR SARI"],
              *numbered(team(1, 20, born=dt.date(1985, 5, 5)))]
    assert run(values).findings == []


def test_files_with_the_same_sheet_name_do_not_share_tps(tmp_path):
    a = write_xlsx(tmp_path / "Desa Suka Maju.xlsx", {"Sheet1": [HEADER, *numbered(team(1))]})
    b = write_xlsx(tmp_path / "Desa Mekar Sari.xlsx",
                   {"Sheet1": [HEADER, *numbered(team(1, 20, born=dt.date(1985, 5, 5)))]})
    assert check([a, b]).findings == []


def test_tps_taken_from_sheet_name_when_there_is_no_tps_column(tmp_path):
    header = HEADER[:-1]
    sheets = {"TPS 01": [header, *numbered([r[:-1] for r in team(1)])],
              "TPS 02": [header, *numbered([r[:-1] for r in team(2, 20, size=5)])]}
    report = check(write_xlsx(tmp_path / "per-tps.xlsx", sheets))
    assert [(f.code, f.sheet, f.tps) for f in report.findings] == [("tps.size", "TPS 02", "002")]


def test_letters_l_and_p_in_official_sex_columns_count_as_ticks():
    top = ["NO", "NAMA", "NIK", "JENIS KELAMIN", None, "TANGGAL LAHIR", "JABATAN", "TPS"]
    sub = [None, None, None, "L", "P", None, None, None]
    rows = [[i, r[0], r[1], "L" if r[2] == "L" else None, "P" if r[2] == "P" else None, r[3],
             r[4], r[5]] for i, r in enumerate(team(1), 1)]
    rows[0][3], rows[0][4] = None, "P"
    assert codes(run([top, sub, *rows])) == [("nik.sex_mismatch", 3)]


@pytest.mark.parametrize("text", ["14-02-199", "14-02-0990", "14-02-2990"])
def test_impossible_years_are_unreadable_dates(text):
    rows = team(1)
    rows[4][3] = text
    assert codes(run([HEADER, *numbered(rows)])) == [("dob.invalid", 6)]


def test_birth_date_after_the_reference_date_is_invalid():
    rows = team(1)
    rows[4][3] = "01-01-2025"
    assert ("dob.invalid", 6) in codes(run([HEADER, *numbered(rows)]))


@pytest.mark.parametrize(("header", "field"), [
    ("JABATAN DI KPPS", "jabatan"), ("Kedudukan di KPPS", "jabatan"), ("NIK (16 digit)", "nik"),
    ("NIK / No. KTP", "nik"), ("Tanggal Lahir (dd-mm-yyyy)", "tanggal_lahir"), ("JK (L/P)", "jenis_kelamin"),
    ("No. Telp/HP", "no_hp"), ("HP/WA", "no_hp"), ("Nama Desa", "kelurahan"), ("Nama Kecamatan", "kecamatan"),
    ("Nama Petugas KPPS", "nama"), ("No. KK", "no_kk"),
])
def test_header_wordings_seen_in_real_forms(header, field):
    from kpps_xl.roster.aliases import field_for

    assert field_for(header) == field


def test_short_number_in_nik_column_is_a_format_error_not_precision_loss():
    rows = team(1)
    rows[2][1] = 12345
    assert codes(run([HEADER, *numbered(rows)])) == [("nik.format", 4)]


def test_empty_roster_validates_to_an_empty_report():
    report = run([HEADER])
    assert report.rows == 0 and report.findings == []


def test_semicolon_csv_with_commas_in_addresses(tmp_path):
    lines = ["Nama;NIK;Alamat;Jabatan;TPS"] + [
        f"{r[0]};{r[1]};Jl. A, RT 1, RW 2, Kel. B, Kec. C, Kab. D;{r[4]};{r[5]}" for r in team(1)]
    path = tmp_path / "d.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert check(path).rows == 7


def test_annotating_a_finding_on_a_merged_cell_puts_the_comment_on_its_top_left(tmp_path):
    from kpps_xl.workbook import annotate

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "KEC A"
    sheet.append(HEADER)
    for i, row in enumerate(team(1), 1):
        sheet.append([i, *row])
    sheet["D2"] = "X"
    sheet.merge_cells("D2:D3")
    path = tmp_path / "gabung.xlsx"
    book.save(path)
    report = check(path)
    assert [(f.code, f.row, f.column) for f in report.findings] == [
        ("sex.invalid", 2, "D"), ("sex.invalid", 3, "D")]
    for engine in ("openpyxl", "auto"):
        out = annotate(path, report, tmp_path / f"hasil-{engine}.xlsx", engine=engine)
        assert "tidak dikenali" in openpyxl.load_workbook(out)["KEC A"]["D2"].comment.text
