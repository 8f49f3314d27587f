"""Every finding code: a scenario that raises it at the right cell and one that does not."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import HEADER, nik_for, numbered, team

from kpps_xl.catalogue import CATALOGUE
from kpps_xl.roster import merge, roster_from_values
from kpps_xl.settings import Settings
from kpps_xl.validate import validate


def check(rows, settings=None, header=HEADER, sheet="KEC A"):
    roster = roster_from_values([header, *numbered(rows)], sheet, "a.xlsx")
    return validate(roster, settings or Settings())


def codes(report):
    return {(f.code, f.row, f.column) for f in report.findings}


def test_clean_team_has_no_findings():
    assert check(team(1)).findings == []


@pytest.mark.parametrize(("nik", "code"), [
    (None, "nik.missing"),
    ("170602140290001", "nik.format"),
    ("17060214029000012", "nik.format"),
    ("1706021402900000", "nik.format"),
    ("1706021402AB0001", "nik.format"),
    ("9999021402900001", "nik.region"),
    ("1799021402900001", "nik.region"),
    ("1706023213900001", "nik.birthdate"),
    ("1706023402900001", "nik.birthdate"),
])
def test_nik_structure_problems(nik, code):
    rows = team(1)
    rows[2][1] = nik
    report = check(rows)
    assert (code, 4, "C") in codes(report)


def test_nik_stored_as_number_is_precision_lost_not_duplicate():
    rows = team(1)
    rows[1][1] = int(rows[1][1][:-1] + "0")
    rows[2][1] = int(rows[2][1][:-1] + "0")
    found = codes(check(rows))
    assert ("nik.precision_lost", 3, "C") in found and ("nik.precision_lost", 4, "C") in found
    assert not any(c == "dup.nik" for c, _, _ in found)


def test_text_nik_ending_in_zero_is_legitimate():
    rows = team(1)
    rows[1][1] = rows[1][1][:-2] + "10"
    assert check(rows).findings == []


def test_dob_and_sex_mismatch_are_warnings_at_their_columns():
    rows = team(1)
    rows[0][3] = "15-02-1991"
    rows[0][2] = "P"
    report = check(rows)
    assert ("nik.dob_mismatch", 2, "E") in codes(report)
    assert ("nik.sex_mismatch", 2, "D") in codes(report)
    assert {f.severity for f in report.findings} == {"warning"}


def test_outside_area_only_when_office_region_is_set():
    rows = team(1)
    rows[3][1] = nik_for(dt.date(1990, 5, 5), "P", 77, region="167101")
    rows[3][2], rows[3][3] = "P", "05-05-1990"
    assert check(rows).findings == []
    report = check(rows, Settings(region_code="1706"))
    assert codes(report) == {("nik.outside_area", 5, "C")}


def test_duplicate_nik_across_sheets_reports_every_occurrence_with_related():
    first, second = team(1), team(2, first_serial=30)
    second[4][1] = first[4][1]
    a = roster_from_values([HEADER, *numbered(first)], "KEC A", "a.xlsx")
    b = roster_from_values([HEADER, *numbered(second)], "KEC B", "b.xlsx")
    report = validate(merge([a, b]), Settings())
    dups = [f for f in report.findings if f.code == "dup.nik"]
    assert [(f.file, f.sheet, f.row) for f in dups] == [("a.xlsx", "KEC A", 6), ("b.xlsx", "KEC B", 6)]
    assert dups[0].related[0].sheet == "KEC B" and dups[0].related[0].row == 6
    assert dups[1].related[0].file == "a.xlsx"


def test_same_person_with_title_and_other_nik_is_dup_person():
    rows = team(1) + team(2, first_serial=20)
    rows[8][0] = "Hj. " + rows[1][0].upper() + ", S.Pd"
    rows[8][3] = rows[1][3]
    rows[8][2] = rows[1][2]
    rows[8][1] = nik_for(dt.datetime.strptime(rows[1][3], "%d-%m-%Y").date(), rows[1][2], 55)
    report = check(rows)
    assert {(f.code, f.row) for f in report.findings if f.code == "dup.person"} == {
        ("dup.person", 3), ("dup.person", 10)}


@pytest.mark.parametrize(("born", "code"), [
    (dt.date(2007, 2, 15), "age.under_min"),
    (dt.date(1965, 1, 1), "age.over_preferred"),
])
def test_age_limits_on_voting_day(born, code):
    rows = team(1)
    rows[5][1] = nik_for(born, "P", 6)
    rows[5][3] = born.strftime("%d-%m-%Y")
    assert codes(check(rows)) == {(code, 7, "E")}


@pytest.mark.parametrize("born", [dt.date(2007, 2, 14), dt.date(1968, 2, 15)])
def test_age_boundaries_are_allowed(born):
    rows = team(1)
    rows[5][1] = nik_for(born, "P", 6)
    rows[5][3] = born.strftime("%d-%m-%Y")
    assert check(rows).findings == []


def test_age_limits_follow_settings():
    rows = team(1)
    report = check(rows, Settings(reference_date=dt.date(2024, 11, 27), age_max_preferred=30))
    assert {f.code for f in report.findings} == {"age.over_preferred"}


def test_impossible_or_missing_birth_date():
    rows = team(1)
    rows[2][3] = "31-02-1985"
    rows[3][3] = None
    found = codes(check(rows))
    assert ("dob.invalid", 4, "E") in found and ("dob.invalid", 5, "E") in found


def test_required_field_missing_and_sex_invalid():
    rows = team(1)
    rows[0][0] = None
    rows[1][2] = "X"
    assert codes(check(rows)) == {("field.missing", 2, "B"), ("sex.invalid", 3, "D")}


def test_phone_format():
    header = [*HEADER, "No HP"]
    rows = [[*r, "0812-3456-7890" if i else "+6281234567890"] for i, r in enumerate(team(1))]
    assert check(rows, header=header).findings == []
    rows[3][6] = "12345"
    assert codes(check(rows, header=header)) == {("phone.format", 5, "H")}


def test_tps_team_size_and_ketua():
    six = team(1, size=6)
    no_ketua = team(2, first_serial=20, ketua=0)
    two_ketua = team(3, first_serial=40, ketua=2)
    report = check(six + no_ketua + two_ketua)
    assert {(f.code, f.row, f.column, f.tps) for f in report.findings} == {
        ("tps.size", 2, None, "001"), ("tps.ketua", 8, None, "002"), ("tps.ketua", 15, None, "003")}


def test_tps_numbers_restart_per_kelurahan():
    rows = [[*r, "Kel A"] for r in team(1)] + [[*r, "Kel B"] for r in team(1, 20, born=dt.date(1985, 6, 1))]
    assert check(rows, header=[*HEADER, "Kelurahan"]).findings == []


def test_sheet_without_roster_is_info():
    a = roster_from_values([HEADER, *numbered(team(1))], "KEC A", "a.xlsx")
    notes = roster_from_values([["hanya catatan"]], "Catatan", "a.xlsx")
    report = validate(merge([a, notes]), Settings())
    assert [(f.code, f.severity, f.sheet) for f in report.findings] == [
        ("sheet.no_roster", "info", "Catatan")]


def test_every_finding_code_has_catalogue_severity():
    rows = team(1)
    rows[0][1] = None
    report = check(rows)
    for finding in report.findings:
        assert finding.severity == CATALOGUE[finding.code].severity


def test_name_below_the_jumlah_row_is_reported_as_info_not_silently_dropped():
    values = [HEADER, *numbered(team(1)), ["JUMLAH"], [None, "Mukomuko, 20 Januari 2024"],
              [None, "KETUA PPS"], [None, "ANDI SAPUTRA, S.Pd"]]
    report = validate(roster_from_values(values, "KEC A", "a.xlsx"), Settings())
    assert [(f.code, f.row, f.column, f.value) for f in report.findings] == [
        ("row.skipped", 10, "B", "Mukomuko, 20 Januari 2024"), ("row.skipped", 11, "B", "KETUA PPS"),
        ("row.skipped", 12, "B", "ANDI SAPUTRA, S.Pd")]
    assert report.errors == 0 and report.rows == 7
