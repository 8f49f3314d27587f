"""JUnit XML writer: one testcase per (file, sheet), errors as failures, warnings as output."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from kpps_xl.findings import Finding, Report
from kpps_xl.workbook.junit import write_junit


def finding(code: str, severity: str, message: str, sheet: str | None, row: int | None,
            column: str | None, file: str | None) -> Finding:
    return Finding(code=code, severity=severity, message=message, sheet=sheet, row=row,
                   column=column, field=None, value=None, tps=None, file=file)


def two_file_report() -> Report:
    a, b, c = "/data/kec a.xlsx", "/data/kec b.xlsx", "/data/kec c.xlsx"
    return Report(
        findings=[
            finding("dup.nik", "error", "NIK 1671… ganda <lihat baris 9> & 12", "KEC A", 7, "C", a),
            finding("nik.format", "error", "NIK 123 hanya 3 digit", "KEC A", 8, "C", a),
            finding("age.over_preferred", "warning", "Usia 61 tahun", "KEC A", 9, "F", a),
            finding("tps.ketua", "error", "TPS 004 tanpa ketua", "KEL 8 ILIR", 5, None, a),
            finding("phone.format", "warning", "Nomor HP \x0b0812 terlalu pendek", "KEC B", 5,
                    "K", b),
        ],
        rows=40, files=[a, b, c], reference_date="2024-02-14",
    )


def cases_of(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}


def test_one_testcase_per_file_and_sheet_with_file_name_as_classname(tmp_path):
    out = write_junit(two_file_report(), tmp_path / "ci" / "junit.xml")
    assert set(cases_of(out)) == {("kec a.xlsx", "KEC A"), ("kec a.xlsx", "KEL 8 ILIR"),
                                  ("kec b.xlsx", "KEC B"), ("kec c.xlsx", "(seluruh berkas)")}
    assert [p.name for p in out.parent.iterdir()] == ["junit.xml"]


def test_errors_become_failures_listing_every_error_finding(tmp_path):
    out = write_junit(two_file_report(), tmp_path / "junit.xml")
    case = cases_of(out)[("kec a.xlsx", "KEC A")]
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == "2 galat di KEC A"
    assert failure.text.splitlines() == [
        "C7 [Galat] dup.nik: NIK 1671… ganda <lihat baris 9> & 12",
        "C8 [Galat] nik.format: NIK 123 hanya 3 digit",
    ]
    assert case.find("system-out").text == "F9 [Peringatan] age.over_preferred: Usia 61 tahun"
    row_case = cases_of(out)[("kec a.xlsx", "KEL 8 ILIR")]
    assert row_case.find("failure").text == "baris 5 [Galat] tps.ketua: TPS 004 tanpa ketua"


def test_sheet_with_only_warnings_passes_with_output_and_totals_add_up(tmp_path):
    out = write_junit(two_file_report(), tmp_path / "junit.xml")
    case = cases_of(out)[("kec b.xlsx", "KEC B")]
    assert case.find("failure") is None
    assert "0812 terlalu pendek" in case.find("system-out").text  # control char dropped
    root = ET.parse(out).getroot()
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "2", "0")
    assert cases_of(out)[("kec c.xlsx", "(seluruh berkas)")].find("failure") is None


def test_clean_report_for_single_file_without_file_on_findings(tmp_path):
    report = Report(
        findings=[finding("nik.format", "error", "NIK salah", "Sheet1", 4, "B", None)],
        rows=10, files=["daftar.xlsx"], reference_date="2024-02-14",
    )
    out = write_junit(report, tmp_path / "junit.xml")
    assert set(cases_of(out)) == {("daftar.xlsx", "Sheet1")}
    assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='utf-8'?>")


def test_rewriting_replaces_previous_file(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text("lama")
    write_junit(Report(findings=[], rows=0, files=[], reference_date="2024-02-14"), path)
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites" and root.get("tests") == "0"
