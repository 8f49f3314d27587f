"""Annotated copy: fills, comments, Temuan and Ringkasan sheets, safety of the original."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpps_xl.errors import KppsError
from kpps_xl.findings import Finding, Ref, Report
from kpps_xl.workbook import annotate
from kpps_xl.workbook.paint import CELL_COLORS, ROW_COLORS

SHEET_A = "KEC LUBUK PINANG"
SHEET_B = "KEL 8 ILIR'S"  # apostrophe: the hyperlink must double it
HEADER = ["NO", "NAMA", "NIK", "JENIS KELAMIN", "TEMPAT LAHIR", "TANGGAL LAHIR", "JABATAN", "TPS"]
INJECTION = "=cmd|' /C calc'!A0"


def _roster_sheet(ws, people: int, first_nik: int) -> None:
    ws["A1"] = "DAFTAR NAMA ANGGOTA KPPS"
    ws.merge_cells("A1:H1")
    ws["A2"] = "KECAMATAN : " + ws.title
    ws.append([])
    ws.append(HEADER)
    for i in range(people):
        ws.append([i + 1, f"Petugas {i + 1}", str(first_nik + i), "L", "Palembang",
                   "14-02-1990", "Ketua" if i == 0 else "Anggota", "004"])
        ws.cell(row=ws.max_row, column=3).number_format = "@"


def make_roster(path: Path) -> Path:
    """A two-sheet roster: title rows, header on row 4, data from row 5, NIK as text."""
    wb = openpyxl.Workbook()
    wb.active.title = SHEET_A
    _roster_sheet(wb.active, 7, 1671014101900001)
    _roster_sheet(wb.create_sheet(SHEET_B), 7, 1671024101900001)
    wb[SHEET_A]["J5"] = "catatan"
    wb[SHEET_A]["J5"].comment = openpyxl.comments.Comment("Komentar asli petugas", "Bu Sari")
    wb.save(path)
    return path


def finding(code: str, severity: str, message: str, sheet: str | None, row: int | None,
            column: str | None, value: str | None = None, file: str | None = None,
            related: tuple[Ref, ...] = ()) -> Finding:
    return Finding(code=code, severity=severity, message=message, sheet=sheet, row=row,
                   column=column, field=None, value=value, tps="004", related=related, file=file)


def report_of(*findings: Finding, files: list[str] | None = None) -> Report:
    return Report(findings=list(findings), rows=14, files=files or [],
                  reference_date="2024-02-14", version="0.1.0")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill_of(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:] if cell.fill.fill_type == "solid" else ""


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return make_roster(tmp_path / "kec lubuk pinang.xlsx")


def typical_report(roster: Path) -> Report:
    return report_of(
        finding("dup.nik", "error", "NIK 1671014101900003 ganda (juga di baris 9)", SHEET_A, 7,
                "C", "1671014101900003", str(roster), (Ref(SHEET_A, 9, str(roster)),)),
        finding("nik.region", "error", "Kode wilayah NIK 1671014101900003 tidak dikenal",
                SHEET_A, 7, "C", "1671014101900003", str(roster)),
        finding("age.over_preferred", "warning", "Usia 61 tahun melebihi 55", SHEET_A, 8, "F",
                "14-02-1963", str(roster)),
        finding("tps.ketua", "error", "TPS 004 tidak memiliki ketua", SHEET_B, 6, None, None,
                str(roster)),
        finding("field.missing", "error", "Nama kosong", SHEET_B, 10, "B", INJECTION, None),
        files=[str(roster)],
    )


def test_original_workbook_bytes_unchanged_and_copy_written(roster: Path, tmp_path: Path):
    before = sha(roster)
    out = annotate(roster, typical_report(roster), tmp_path / "out" / "bertanda.xlsx")
    assert sha(roster) == before
    assert out.exists() and out != roster
    assert [p.name for p in out.parent.iterdir()] == ["bertanda.xlsx"]  # no temp file left


def test_error_cell_red_warning_cell_yellow_with_indonesian_comment(roster, tmp_path):
    out = annotate(roster, typical_report(roster), tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)[SHEET_A]
    assert fill_of(ws["C7"]) == CELL_COLORS["error"]
    assert fill_of(ws["F8"]) == CELL_COLORS["warning"]
    assert fill_of(ws["C6"]) == ""  # clean rows untouched
    assert "Usia 61 tahun melebihi 55" in ws["F8"].comment.text
    assert "[Peringatan]" in ws["F8"].comment.text
    assert ws["C7"].value == "1671014101900003"  # values and types untouched
    assert ws["C7"].data_type == "s"


def test_two_findings_on_one_cell_share_one_comment(roster, tmp_path):
    out = annotate(roster, typical_report(roster), tmp_path / "out.xlsx")
    text = openpyxl.load_workbook(out)[SHEET_A]["C7"].comment.text
    assert "ganda" in text and "tidak dikenal" in text
    assert text.count("•") == 2


def test_row_level_finding_lightly_fills_row_and_comments_first_cell(roster, tmp_path):
    out = annotate(roster, typical_report(roster), tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)[SHEET_B]
    assert {fill_of(ws.cell(row=6, column=c)) for c in range(1, 9)} == {ROW_COLORS["error"]}
    assert "TPS 004 tidak memiliki ketua" in ws["A6"].comment.text
    assert fill_of(ws["A7"]) == ""


def test_temuan_sheet_lists_every_finding_with_link_to_its_cell(roster, tmp_path):
    out = annotate(roster, typical_report(roster), tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SHEET_A, SHEET_B, "Temuan", "Ringkasan"]
    ws = wb["Temuan"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("No", "Kode", "Tingkat", "Pesan", "Sheet", "Baris", "Kolom", "Nilai",
                       "Terkait")
    assert [r[1] for r in rows[1:]] == ["dup.nik", "nik.region", "age.over_preferred",
                                        "tps.ketua", "field.missing"]
    assert rows[1][2] == "Galat" and rows[3][2] == "Peringatan"
    assert rows[1][4:8] == (SHEET_A, 7, "C", "1671014101900003")
    assert rows[1][8] == f"{SHEET_A}!9"
    assert ws["E2"].hyperlink.location == f"'{SHEET_A}'!C7"
    assert ws["E5"].hyperlink.location == "'KEL 8 ILIR''S'!A6"  # row-level -> column A
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:I6"


def test_formula_injection_value_is_written_as_text_never_as_formula(roster, tmp_path):
    out = annotate(roster, typical_report(roster), tmp_path / "out.xlsx")
    cell = openpyxl.load_workbook(out)["Temuan"]["H6"]
    assert cell.value == INJECTION
    assert cell.data_type == "s"
    with zipfile.ZipFile(out) as zf:
        sheet_xml = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in xml for xml in sheet_xml)
    assert any(b"<t>=cmd|' /C calc'!A0</t>" in xml for xml in sheet_xml)


def test_findings_of_another_file_are_neither_marked_nor_listed(roster, tmp_path):
    other = str(tmp_path / "kecamatan lain.xlsx")
    report = report_of(
        finding("dup.nik", "error", "NIK ganda", SHEET_A, 5, "C", "1", other),
        finding("nik.format", "error", "NIK 123 hanya 3 digit", SHEET_A, 6, "C", "123",
                str(roster)),
        files=[str(roster), other],
    )
    wb = openpyxl.load_workbook(annotate(roster, report, tmp_path / "out.xlsx"))
    assert fill_of(wb[SHEET_A]["C5"]) == ""
    assert fill_of(wb[SHEET_A]["C6"]) == CELL_COLORS["error"]
    assert [r[1] for r in wb["Temuan"].iter_rows(min_row=2, values_only=True)] == ["nik.format"]


def test_relative_file_path_in_finding_matches_source(roster, tmp_path, monkeypatch):
    monkeypatch.chdir(roster.parent)
    report = report_of(finding("nik.format", "error", "NIK salah", SHEET_A, 6, "C", "1",
                               roster.name))
    ws = openpyxl.load_workbook(annotate(roster, report, tmp_path / "out.xlsx"))[SHEET_A]
    assert fill_of(ws["C6"]) == CELL_COLORS["error"]


def test_ringkasan_counts_per_code_sheet_and_severity_with_bar_chart(roster, tmp_path):
    out = annotate(roster, typical_report(roster), tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)["Ringkasan"]
    values = [tuple(v for v in r if v is not None) for r in ws.iter_rows(values_only=True)]
    assert ("dup.nik", "NIK ganda", "Galat", 1) in values
    assert ("age.over_preferred", "Usia di atas batas yang diutamakan", "Peringatan", 1) in values
    assert (SHEET_A, 2, 1, 0, 3) in values
    assert (SHEET_B, 2, 0, 0, 2) in values
    assert ("Galat", 4) in values and ("Peringatan", 1) in values
    with zipfile.ZipFile(out) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert charts and b"barChart" in zf.read(charts[0])


def test_rerun_on_annotated_copy_replaces_sheets_and_clears_old_marks(roster, tmp_path):
    first = annotate(roster, typical_report(roster), tmp_path / "first.xlsx")
    report = report_of(finding("nik.format", "error", "NIK 12 hanya 2 digit", SHEET_A, 5, "C",
                               "12"))
    second = annotate(first, report, tmp_path / "second.xlsx")
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames == [SHEET_A, SHEET_B, "Temuan", "Ringkasan"]
    assert wb["Temuan"].max_row == 2
    assert fill_of(wb[SHEET_A]["C7"]) == "" and wb[SHEET_A]["C7"].comment is None
    assert fill_of(wb[SHEET_B]["A6"]) == "" and wb[SHEET_B]["A6"].comment is None
    assert fill_of(wb[SHEET_A]["C5"]) == CELL_COLORS["error"]


def test_user_comment_is_kept_next_to_kpps_message_and_survives_rerun(roster, tmp_path):
    report = report_of(finding("phone.format", "warning", "Nomor HP 0812 terlalu pendek",
                               SHEET_A, 5, "J", "catatan"))
    first = annotate(roster, report, tmp_path / "first.xlsx")
    comment = openpyxl.load_workbook(first)[SHEET_A]["J5"].comment
    assert comment.text.startswith("Komentar asli petugas")
    assert "Nomor HP 0812 terlalu pendek" in comment.text
    second = annotate(first, report_of(), tmp_path / "second.xlsx")
    assert openpyxl.load_workbook(second)[SHEET_A]["J5"].comment.text == "Komentar asli petugas"


def test_finding_on_unknown_sheet_or_without_row_is_listed_without_link(roster, tmp_path):
    report = report_of(
        finding("sheet.no_roster", "info", "Sheet 'Rekap' tidak berisi daftar", "Rekap", None,
                None),
        finding("tps.size", "error", "TPS 009 hanya 5 anggota", SHEET_A, None, None),
        finding("nik.format", "error", "NIK \x0b salah", "Hilang", 3, "ZZZZ", "a\x00b"),
    )
    wb = openpyxl.load_workbook(annotate(roster, report, tmp_path / "out.xlsx"))
    ws = wb["Temuan"]
    assert ws.max_row == 4
    assert all(ws.cell(row=r, column=5).hyperlink is None for r in range(2, 5))
    assert "NIK  salah" in [c.value for c in ws["D"]]


def test_empty_report_still_writes_temuan_header_and_ringkasan(roster, tmp_path):
    wb = openpyxl.load_workbook(annotate(roster, report_of(), tmp_path / "out.xlsx"))
    assert wb["Temuan"].max_row == 1
    assert "Tidak ada temuan" in [c.value for c in wb["Ringkasan"]["B"]]


@pytest.mark.parametrize("name", ["daftar.csv", "daftar.xls"])
def test_csv_and_xls_sources_are_refused_with_indonesian_message(tmp_path, name):
    source = tmp_path / name
    source.write_text("NAMA;NIK\nBudi;1671014101900001\n")
    with pytest.raises(KppsError, match=r"hanya dapat dibuat dari buku kerja \.xlsx atau \.xlsm"):
        annotate(source, report_of(), tmp_path / "out.xlsx")


def test_corrupt_and_truncated_workbooks_raise_kpps_error(roster, tmp_path):
    truncated = tmp_path / "terpotong.xlsx"
    truncated.write_bytes(roster.read_bytes()[:2000])
    with pytest.raises(KppsError, match="rusak atau terpotong"):
        annotate(truncated, report_of(), tmp_path / "out.xlsx")
    protected = tmp_path / "terkunci.xlsx"
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(KppsError, match="kata sandi"):
        annotate(protected, report_of(), tmp_path / "out.xlsx")
    with pytest.raises(KppsError, match="tidak ditemukan"):
        annotate(tmp_path / "tidak-ada.xlsx", report_of(), tmp_path / "out.xlsx")


def test_output_over_the_original_is_refused(roster):
    before = sha(roster)
    with pytest.raises(KppsError, match="tidak boleh menimpa berkas asli"):
        annotate(roster, typical_report(roster), roster)
    assert sha(roster) == before


def _with_fake_vba(xlsx: Path, xlsm: Path, payload: bytes) -> None:
    """Turn an .xlsx into an .xlsm carrying a (fake) vbaProject.bin, as Excel lays it out."""
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(b"</Types>", b'<Default Extension="bin" ContentType="application/'
                          b'vnd.ms-office.vbaProject"/></Types>')
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http:'
                                    b'//schemas.microsoft.com/office/2006/relationships/'
                                    b'vbaProject" Target="vbaProject.bin"/></Relationships>')
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", payload)


def test_xlsm_keeps_its_vba_project(roster, tmp_path):
    payload = b"VBA-PROJECT-" * 50
    xlsm = tmp_path / "makro.xlsm"
    _with_fake_vba(roster, xlsm, payload)
    out = annotate(xlsm, typical_report(roster), tmp_path / "out.xlsm")
    with zipfile.ZipFile(out) as zf:
        assert zf.read("xl/vbaProject.bin") == payload
        assert b"macroEnabled" in zf.read("[Content_Types].xml")
    with pytest.raises(KppsError, match="tidak berisi makro"):
        annotate(roster, report_of(), tmp_path / "salah.xlsm")
