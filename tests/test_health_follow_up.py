"""Tindak Lanjut: who needs screening, who is at risk, who lacks active JKN, per kecamatan/TPS."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from builders import HEADER, nik_for, numbered, team, write_xlsx
from clirun import invoke

from kpps_xl.api import check
from kpps_xl.health import FOLLOW_UP_SHEET, FOLLOW_UP_TITLE, PRIVACY_NOTICE
from kpps_xl.health.follow_up import follow_up
from kpps_xl.roster import roster_from_values
from kpps_xl.settings import Settings
from kpps_xl.validate import validate
from kpps_xl.workbook import annotate
from kpps_xl.workbook.follow_up import LIST_HEADER, follow_up_rows

FULL_HEADER = [*HEADER, "Kecamatan", "Hasil Skrining", "Status JKN"]
SCREENING = ("Tidak Berisiko", "Belum", "Berisiko", None, "Tidak Berisiko", "Sudah", "Tidak Berisiko")
JKN = ("Aktif", "Aktif", "Tidak aktif", "Aktif", None, "Aktif", "Aktif")


def roster_rows() -> list[list[object]]:
    """Two kecamatan, three TPS; the same pattern in every team, one older person at risk."""
    rows = []
    for tps, kec, serial in ((1, "Lubuk Pinang", 1), (2, "Lubuk Pinang", 20), (1, "Ipuh", 40)):
        for i, row in enumerate(team(tps, serial)):
            row[0] = f"Petugas {kec} {tps}-{i + 1}"
            rows.append([*row, kec, SCREENING[i], JKN[i]])
    old = dt.date(1962, 7, 1)
    rows[16][1:4] = [nik_for(old, "L", 99), "L", old.strftime("%d-%m-%Y")]  # Ipuh TPS 1, 3rd
    return rows


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "daftar.xlsx",
                      {"KEC": [["DAFTAR ANGGOTA KPPS"], FULL_HEADER, *numbered(roster_rows())]})


def test_counts_per_tps_and_kecamatan_and_who_needs_what():
    roster = roster_from_values([FULL_HEADER, *numbered(roster_rows())], "KEC", "a.xlsx")
    result = follow_up(roster, Settings())
    assert [(p.kecamatan, p.tps, p.officers, p.not_screened, p.at_risk, p.no_active_jkn)
            for p in result.places] == [("Ipuh", "001", 7, 2, 1, 2),
                                        ("Lubuk Pinang", "001", 7, 2, 1, 2),
                                        ("Lubuk Pinang", "002", 7, 2, 1, 2)]
    assert [(p.kecamatan, p.officers, p.not_screened, p.at_risk, p.no_active_jkn)
            for p in result.by_kecamatan()] == [("Ipuh", 7, 2, 1, 2), ("Lubuk Pinang", 14, 4, 2, 4)]
    assert result.totals() == {"officers": 21, "not_screened": 6, "at_risk": 3,
                               "no_active_jkn": 6, "people": 12}
    ipuh = [p for p in result.people if p.kecamatan == "Ipuh"]
    assert [(p.row, p.needs) for p in ipuh] == [
        (17, ("skrining",)), (18, ("berisiko", "jkn")), (19, ("skrining",)), (20, ("jkn",))]
    assert ipuh[1].age == 61 and ipuh[1].nama == "Petugas Ipuh 1-3"


def test_inactive_rows_and_sheets_without_the_columns_are_left_out():
    rows = numbered(roster_rows()[:7])
    roster = roster_from_values([FULL_HEADER, *rows], "KEC", "a.xlsx")
    roster.df["aktif"] = [i != 1 for i in range(7)]  # the 'Belum' row is a PAW
    result = follow_up(roster, Settings())
    assert result.totals()["officers"] == 6 and result.totals()["not_screened"] == 1
    assert follow_up(roster_from_values([HEADER, *numbered(team(1))], "KEC", "a.xlsx"),
                     Settings()) is None


def test_json_report_gains_a_follow_up_section_only_with_health_columns(book, tmp_path):
    report = check(book)
    data = report.to_dict()
    assert list(data) == ["tool", "version", "reference_date", "files", "summary", "findings",
                          "follow_up"]
    section = data["follow_up"]
    assert section["columns"] == {"skrining": True, "status_jkn": True}
    assert section["totals"]["people"] == 12 and len(section["people"]) == 12
    assert section["people"][0]["needs"] == ["skrining"]
    plain = write_xlsx(tmp_path / "polos.xlsx", {"KEC": [HEADER, *numbered(team(1))]})
    assert list(check(plain).to_dict()) == ["tool", "version", "reference_date", "files",
                                            "summary", "findings"]
    out = tmp_path / "r.json"
    assert invoke(["check", str(book), "--report", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(
        json.dumps(report.to_dict(), ensure_ascii=False))


@pytest.mark.parametrize("engine", ["openpyxl", "stream"])
def test_annotated_copy_has_a_print_ready_confidential_tindak_lanjut_sheet(book, tmp_path, engine):
    report = check(book)
    out = annotate(book, report, tmp_path / f"ditandai-{engine}.xlsx", engine=engine)
    wb = openpyxl.load_workbook(out)
    ws = wb[FOLLOW_UP_SHEET]
    assert ws["A1"].value == FOLLOW_UP_TITLE and ws["A2"].value == PRIVACY_NOTICE
    assert "RAHASIA" in ws.oddFooter.left.text
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "No")
    assert tuple(ws.cell(header, c).value for c in range(1, 14)) == LIST_HEADER
    assert ws.print_title_rows == f"${header}:${header}"
    names = [ws.cell(r, 2).value for r in range(header + 1, ws.max_row + 1)
             if isinstance(ws.cell(r, 1).value, int)]
    assert names == [p["nama"] for p in report.to_dict()["follow_up"]["people"]]
    nik_cells = [ws.cell(r, 3) for r in range(header + 1, ws.max_row + 1)
                 if isinstance(ws.cell(r, 1).value, int)]
    assert all(c.data_type == "s" and len(c.value) == 16 for c in nik_cells)
    first = next(r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 1).value == 1)
    assert ws.cell(first, 13).hyperlink.location == "'KEC'!A18"  # below a title row
    assert ws.cell(first - 1, 1).value.startswith("Ipuh / TPS 001: 7 petugas, 2 belum skrining")


def test_annotated_copy_checks_like_the_original(book, tmp_path):
    report = check(book)
    out = annotate(book, report, tmp_path / "ditandai.xlsx")
    again = check(out)
    assert [(f.code, f.row) for f in again.findings if f.sheet == "KEC"] == [
        (f.code, f.row) for f in report.findings]
    assert again.to_dict()["follow_up"]["totals"] == report.to_dict()["follow_up"]["totals"]
    rerun = annotate(out, again, tmp_path / "ditandai-lagi.xlsx")
    assert openpyxl.load_workbook(rerun).sheetnames.count(FOLLOW_UP_SHEET) == 1


def _names_and_niks(book: Path) -> list[str]:
    report = check(book)
    people = report.to_dict()["follow_up"]["people"]
    return [p["nama"] for p in people] + [p["nik"] for p in people]


def test_health_data_never_reaches_the_console(book, tmp_path):
    secrets = _names_and_niks(book)
    report = check(book)
    health = [f for f in report.findings if f.code.startswith("health.")]
    assert health
    result = invoke(["check", str(book), "--tampil", "100", "--junit", str(tmp_path / "j.xml")])
    assert result.exit_code == 0
    for finding in health:
        assert finding.message not in result.text
        assert f"KEC!{finding.column}{finding.row}" not in result.text
    assert "tidak ditampilkan di layar" in result.text
    junit = ET.parse(tmp_path / "j.xml").getroot()
    text = "".join(junit.itertext())
    assert all(f.message not in text for f in health) and "data kesehatan" in text
    out = tmp_path / "tl.xlsx"
    result = invoke(["tindak-lanjut", str(book), "--out", str(out), "--json",
                     str(tmp_path / "tl.json")])
    assert result.exit_code == 0, result.output
    assert not any(s in result.output for s in secrets)
    assert "berisiko" in result.text and "12 dari 21" in result.text


def test_tindak_lanjut_workbook_is_written_and_read_back(book, tmp_path):
    out = tmp_path / "tl.xlsx"
    assert invoke(["tindak-lanjut", str(book), "--out", str(out), "--json",
                   str(tmp_path / "tl.json")]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [FOLLOW_UP_SHEET]
    ws = wb[FOLLOW_UP_SHEET]
    listed = [[ws.cell(r, c).value for c in range(1, 13)] for r in range(1, ws.max_row + 1)
              if isinstance(ws.cell(r, 1).value, int)]
    report = check(book)
    expected = [[("" if v is None else v) for v in row[:12]]
                for row in follow_up_rows(report.follow_up)[1:]]
    assert [[("" if v is None else v) for v in row] for row in listed] == expected
    data = json.loads((tmp_path / "tl.json").read_text(encoding="utf-8"))
    assert data == report.to_dict()["follow_up"]


def test_tindak_lanjut_without_health_columns_exits_2(tmp_path):
    plain = write_xlsx(tmp_path / "polos.xlsx", {"KEC": [HEADER, *numbered(team(1))]})
    result = invoke(["tindak-lanjut", str(plain), "--out", str(tmp_path / "tl.xlsx")])
    assert result.exit_code == 2 and "Hasil Skrining" in result.text
    assert not (tmp_path / "tl.xlsx").exists()


def test_validate_keeps_the_follow_up_of_every_file(tmp_path):
    roster = roster_from_values([FULL_HEADER, *numbered(roster_rows())], "KEC", "a.xlsx")
    report = validate(roster, Settings())
    assert report.follow_up is not None
    assert report.follow_up.for_file(tmp_path / "lain.xlsx").people == ()


def test_user_text_in_the_tindak_lanjut_sheet_is_never_a_formula(tmp_path):
    rows = roster_rows()
    rows[1][0] = '=HYPERLINK("http://contoh.invalid","klik")'
    rows[1][7] = "@SUM(1)"  # the skrining cell: an unknown wording that looks like a formula
    book = write_xlsx(tmp_path / "jahat.xlsx", {"KEC": [FULL_HEADER, *numbered(rows)]})
    out = annotate(book, check(book), tmp_path / "ditandai.xlsx")
    ws = openpyxl.load_workbook(out)[FOLLOW_UP_SHEET]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    name = next(c for c in cells if "HYPERLINK" in c.value)
    assert name.data_type == "s" and name.value.startswith("=HYPERLINK")
    skrining = next(c for c in cells if c.value == "@SUM(1)")
    assert skrining.data_type == "s"


def test_a_replaced_officer_read_from_keterangan_is_neither_followed_up_nor_exported(tmp_path):
    from kpps_xl.health.enrolment import build_enrolment
    from kpps_xl.roster import load_roster

    header = [*FULL_HEADER, "Keterangan"]
    body = [[*row, None] for row in roster_rows()[:7]]
    body[1][-1] = "PAW - mengundurkan diri"  # the 'Belum' row
    replacement = list(body[1])
    replacement[0], replacement[1], replacement[-1] = "Pengganti", nik_for(dt.date(1991, 3, 3)), None
    book = write_xlsx(tmp_path / "paw.xlsx", {"KEC": [header, *numbered([*body, replacement])]})
    roster = load_roster(book)
    assert roster.df["aktif"].tolist() == [True, False, *[True] * 6]
    report = validate(roster, Settings())
    people = report.follow_up.people
    assert [p.nama for p in people if "skrining" in p.needs] == ["Petugas Lubuk Pinang 1-4",
                                                                 "Pengganti"]
    assert report.follow_up.totals()["officers"] == 7
    enrolment = build_enrolment(roster, report, Settings())
    assert "Petugas Lubuk Pinang 1-2" not in {r["nama"] for r in enrolment.rows}
    assert [(e[3], e[7].split(" (")[0]) for e in enrolment.excluded] == [
        ("Petugas Lubuk Pinang 1-2", "Tidak aktif")]
