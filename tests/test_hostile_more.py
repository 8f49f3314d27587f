"""Hostile and unusual workbooks the other hostile tests do not have: each class of damage ends
in the right reading or a clear Indonesian refusal, and the annotated copy never loses a sheet."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import nik_for
from layouts import flat_export, per_desa_workbook

from kpps_xl.api import check
from kpps_xl.errors import KppsError
from kpps_xl.settings import Settings
from kpps_xl.workbook import annotate
from kpps_xl.workbook import stream as stream_module

TRANSITIONAL = (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships")
STRICT = (b"http://purl.oclc.org/ooxml/spreadsheetml/main",
          b"http://purl.oclc.org/ooxml/officeDocument/relationships")


def rewrite_parts(source: Path, target: Path, change) -> Path:  # noqa: ANN001
    """Copy a package, every part passed through change(name, data)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change(info.filename, src.read(info.filename)))
    return target


def as_strict(source: Path, target: Path) -> Path:
    """The workbook as Excel's 'Strict Open XML Spreadsheet' names its namespaces."""
    def change(_name: str, data: bytes) -> bytes:
        for old, new in zip(TRANSITIONAL, STRICT, strict=True):
            data = data.replace(old, new)
        return data

    return rewrite_parts(source, target, change)


def findings(path: Path) -> list[tuple]:
    return sorted((f.code, f.sheet, f.row, f.column, f.value) for f in check(path, Settings()).findings)


def _roster_with_number_nik(path: Path) -> Path:
    """One full TPS team; one NIK typed as a number (precision lost) and a merged TPS cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEC IPUH"
    ws.append(["DAFTAR ANGGOTA KPPS"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "TPS"])
    for i in range(7):
        dob = dt.date(1980, 1, 1) + dt.timedelta(days=400 * i)
        sex = "L" if i % 2 else "P"
        nik = nik_for(dob, sex, i + 1)
        ws.append([i + 1, f"Petugas {i + 1}", int(nik) if i == 3 else nik, sex,
                   dob.strftime("%d-%m-%Y"), "Ketua" if i == 0 else "Anggota", "001" if i == 0 else None])
    ws.merge_cells("G3:G9")
    wb.save(path)
    return path


@pytest.mark.parametrize("build", [flat_export, per_desa_workbook, _roster_with_number_nik],
                         ids=["flat", "per_desa", "number_nik"])
def test_strict_open_xml_workbook_reads_exactly_like_the_transitional_one(tmp_path, build):
    source = tmp_path / "daftar.xlsx"
    build(source)
    strict = as_strict(source, tmp_path / "ketat.xlsx")
    assert findings(strict) == findings(source)


def test_number_nik_and_merges_of_a_strict_workbook_are_seen(tmp_path):
    strict = as_strict(_roster_with_number_nik(tmp_path / "a.xlsx"), tmp_path / "ketat.xlsx")
    codes = {(code, row) for code, _sheet, row, _col, _value in findings(strict)}
    assert ("nik.precision_lost", 6) in codes
    assert not any(code.startswith("tps.") for code, _row in codes)  # the merged TPS filled in


@pytest.mark.parametrize("engine", ["auto", "openpyxl"])
def test_a_strict_workbook_is_not_annotated_into_a_copy_without_its_sheets(tmp_path, engine):
    strict = as_strict(_roster_with_number_nik(tmp_path / "a.xlsx"), tmp_path / "ketat.xlsx")
    out = tmp_path / "hasil" / "ketat-diperiksa.xlsx"
    with pytest.raises(KppsError, match="Strict Open XML"):
        annotate(strict, check(strict, Settings()), out, engine=engine)
    assert not out.exists()


@pytest.mark.parametrize("engine", ["auto", "openpyxl"])
@pytest.mark.parametrize("name", ["KEC [IPUH]", "IPUH: TPS 1-3", "IPUH/PENARIK", "TPS*"])
def test_a_sheet_name_excel_forbids_is_read_and_named_when_a_copy_cannot_be_made(tmp_path, engine,
                                                                                name):
    source = _roster_with_number_nik(tmp_path / "a.xlsx")
    other = rewrite_parts(source, tmp_path / "b.xlsx", lambda part, data: data.replace(
        b'name="KEC IPUH"', f'name="{name}"'.encode()) if part == "xl/workbook.xml" else data)
    report = check(other, Settings())
    assert {f.sheet for f in report.findings} == {name}
    assert findings(other) == [(code, name, *rest) for code, _sheet, *rest in findings(source)]
    out = tmp_path / "hasil" / "b-diperiksa.xlsx"
    with pytest.raises(KppsError, match="tidak diizinkan Excel") as refused:
        annotate(other, report, out, engine=engine)
    assert f"'{name}'" in str(refused.value)
    assert not out.exists()


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
def test_control_characters_inside_cells_are_not_part_of_the_text(tmp_path, reader, monkeypatch):
    """A BEL or other C0/C1 control character typed or pasted inside a jabatan, a name or a NIK
    (raw in the XML, as some exporters write it, or as a character reference) reads as if it
    were not there, as Excel shows the cell."""
    from kpps_xl.roster import readers

    if reader == "calamine":
        monkeypatch.setattr(readers, "_FAST_SUFFIXES", frozenset())
    source = _roster_with_number_nik(tmp_path / "a.xlsx")
    nik = nik_for(dt.date(1980, 1, 1), "P", 1).encode()

    def change(part: str, data: bytes) -> bytes:
        if part != "xl/worksheets/sheet1.xml":
            return data
        data = data.replace(b">Ketua<", b">Ke\x07tua<", 1).replace(b">Petugas 2<", b">Petugas&#27; 2<")
        return data.replace(b">" + nik + b"<", b">" + nik[:4] + b"\x1f" + nik[4:] + b"\xc2\x85<")

    dirty = rewrite_parts(source, tmp_path / "b.xlsx", change)
    assert b"\x07" in zipfile.ZipFile(dirty).read("xl/worksheets/sheet1.xml")
    assert findings(dirty) == findings(source)


def test_missing_sheets_names_what_a_copy_lost(tmp_path):
    from kpps_xl.workbook.paint import missing_sheets

    wb = openpyxl.Workbook()
    wb.active.title = "KEC A"
    wb.create_sheet("KEC B")
    wb.save(tmp_path / "a.xlsx")
    del wb["KEC B"]
    wb.create_sheet("Temuan")
    wb.save(tmp_path / "b.xlsx")
    assert missing_sheets(tmp_path / "a.xlsx", tmp_path / "b.xlsx") == ["KEC B"]
    assert missing_sheets(tmp_path / "b.xlsx", tmp_path / "b.xlsx") == []


# A clerk's own sheet that carries one of kpps-xl's sheet names -----------------------------

def _roster_and_own_named_sheet(path: Path, name: str) -> Path:
    per_desa_workbook(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(name)
    ws.append(["REKAP PETUGAS PER DESA"])
    ws.append(["Desa", "Jumlah"])
    ws.append(["Pasar Ipuh", 14])
    wb.save(path)
    return path


def _sheet_rows(path: Path, name: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path)
    return [tuple(r) for r in wb[name].iter_rows(values_only=True)]


@pytest.mark.parametrize("engine", ["auto", "openpyxl"])
@pytest.mark.parametrize("name", ["Ringkasan", "Temuan", "Tindak Lanjut"])
def test_a_clerks_sheet_named_like_a_kpps_xl_sheet_survives_annotation_twice(tmp_path, name,
                                                                             engine):
    source = _roster_and_own_named_sheet(tmp_path / "daftar.xlsx", name)
    theirs = _sheet_rows(source, name)
    first = annotate(source, check(source, Settings()), tmp_path / "1" / "daftar-diperiksa.xlsx",
                     engine=engine)
    assert _sheet_rows(first, name) == theirs
    again = annotate(first, check(first, Settings()), tmp_path / "2" / "daftar-diperiksa.xlsx",
                     engine=engine)
    assert _sheet_rows(again, name) == theirs
    titles = openpyxl.load_workbook(again).sheetnames
    assert titles == openpyxl.load_workbook(first).sheetnames  # ours replaced, not piled up
    # theirs + kpps-xl's under a free name ('Tindak Lanjut' only comes with health columns)
    assert sum(t.startswith(name) for t in titles) == (1 if name == "Tindak Lanjut" else 2)
    assert findings(again) == findings(first) == findings(source)


# A row of 16.384 styled cells: the annotated copy's used-column search stays linear ---------

def test_the_used_columns_of_a_very_wide_sheet_are_found_without_a_regex_per_column(monkeypatch):
    from openpyxl.utils import get_column_letter

    cells = "".join(f'<c r="{get_column_letter(i)}5" s="1"/>' for i in range(1, 16_385))
    xml = (b'<worksheet xmlns="x"><sheetData><row r="5">' + cells.encode()
           + b"</row></sheetData></worksheet>")
    compiled = []
    original = stream_module._Columns._pattern

    def counting(self):  # noqa: ANN001, ANN202
        compiled.append(1)
        return original(self)

    monkeypatch.setattr(stream_module._Columns, "_pattern", counting)
    assert stream_module.used_columns(xml) == (1, 16_384)
    assert len(compiled) <= stream_module._Columns.UNSEEN_MAX + 2


def _namespaces_of(path: Path) -> set[bytes]:
    with zipfile.ZipFile(path) as zf:
        return set(re.findall(rb'xmlns="([^"]+)"', zf.read("xl/workbook.xml")))


def test_the_strict_fixture_really_is_strict(tmp_path):
    strict = as_strict(_roster_with_number_nik(tmp_path / "a.xlsx"), tmp_path / "ketat.xlsx")
    assert _namespaces_of(strict) == {STRICT[0]}


# An .xls that is really text: what web apps' "Export to Excel" gives -----------------------

def _roster_rows() -> list[list[object]]:
    from builders import simple_sheet, team

    people = team(1) + team(2, first_serial=20)
    people[9][1] = people[2][1]  # a duplicate NIK: planted
    return [list(map(str, r)) for r in simple_sheet(people, title="DAFTAR ANGGOTA KPPS")]


def _csv(rows: list[list[object]], sep: str = ";") -> str:
    return "\r\n".join(sep.join(map(str, r)) for r in rows) + "\r\n"


def _html(rows: list[list[object]]) -> str:
    """A table as web apps write it: the title in a heading, TPS written once per team
    (rowspan), entities in names."""
    title, header, *body = rows
    tps = header.index("TPS")
    out = [f"<html><head><meta charset='utf-8'><title>x</title><style>td{{}}</style></head><body>"
           f"<h3>{title[0]}</h3><table border='1'><tr>"
           + "".join(f"<th>{h}</th>" for h in header) + "</tr>"]
    for i, row in enumerate(body):
        cells = []
        for j, value in enumerate(row):
            if j == tps:
                if i % 7:
                    continue
                cells.append(f"<td rowspan='7'>{value}</td>")
            else:
                cells.append(f"<td>{str(value).replace('&', '&amp;')}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out) + "</table></body></html>"


def _xml2003(rows: list[list[object]], number_nik_row: int | None = None) -> str:
    out = ['<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns='
           '"urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:'
           'office:spreadsheet"><Worksheet ss:Name="KEC IPUH"><Table>']
    for i, row in enumerate(rows):
        cells = []
        for j, value in enumerate(row):
            kind = "Number" if i == number_nik_row and j == 2 else "String"
            cells.append(f'<Cell><Data ss:Type="{kind}">{value}</Data></Cell>')
        if i == 0:
            cells = [f'<Cell ss:MergeAcross="6"><Data ss:Type="String">{row[0]}</Data></Cell>']
        out.append(f'<Row ss:Index="{i + 1}">' + "".join(cells) + "</Row>")
    return "".join(out) + "</Table></Worksheet></Workbook>"


def _found(path: Path) -> list[tuple]:
    return sorted((f.code, f.row, f.column, f.value) for f in check(path, Settings()).findings)


@pytest.mark.parametrize("kind", ["csv", "tab_utf16", "html", "xml2003"])
def test_an_xls_that_is_really_text_reads_like_the_same_roster_as_csv(tmp_path, kind):
    rows = _roster_rows()
    reference = tmp_path / "ref" / "daftar.csv"
    reference.parent.mkdir()
    reference.write_text(_csv(rows), encoding="utf-8")
    data = {"csv": _csv(rows).encode("cp1252"),
            "tab_utf16": b"\xff\xfe" + _csv(rows, "\t").encode("utf-16-le"),
            "html": _html(rows).encode("utf-8"),
            "xml2003": _xml2003(rows).encode("utf-8")}[kind]
    disguised = tmp_path / "daftar.xls"
    disguised.write_bytes(data)
    expected = _found(reference)
    assert ("dup.nik", 12, "C", rows[11][2]) in expected
    assert _found(disguised) == expected


def test_an_xml_spreadsheet_2003_keeps_a_nik_stored_as_a_number(tmp_path):
    rows = _roster_rows()
    path = tmp_path / "daftar.xls"
    path.write_text(_xml2003(rows, number_nik_row=5), encoding="utf-8")
    assert ("nik.precision_lost", 6) in {(code, row) for code, row, _c, _v in _found(path)}


@pytest.mark.parametrize(("data", "needle"), [
    ("<html><body><table><tr><td rowspan='5000' colspan='5000'>x</td></tr></table></body></html>",
     "terlalu besar"),
    ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><Workbook xmlns="urn:schemas-'
     'microsoft-com:office:spreadsheet"><Worksheet><Table><Row><Cell><Data>&a;</Data></Cell>'
     "</Row></Table></Worksheet></Workbook>", "ENTITY"),
    ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
     'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table>'
     '<Row ss:Index="2000000"><Cell><Data ss:Type="String">x</Data></Cell></Row></Table>'
     "</Worksheet></Workbook>", "batas Excel"),
    ("<html><body><p>Maaf, sesi Anda telah berakhir.</p></body></html>", "tanpa tabel"),
])
def test_a_hostile_text_xls_is_refused_in_indonesian(tmp_path, data, needle):
    path = tmp_path / "unduhan.xls"
    path.write_text(data, encoding="utf-8")
    with pytest.raises(KppsError, match=needle):
        check(path, Settings())


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_text_under_an_xlsx_name_is_refused_with_the_way_out(tmp_path, suffix):
    path = tmp_path / f"unduhan{suffix}"
    path.write_text(_csv(_roster_rows()), encoding="utf-8")
    with pytest.raises(KppsError, match=r"Isinya teks .*\.csv"):
        check(path, Settings())


def test_a_zip_holding_a_part_twice_is_refused(tmp_path):
    import warnings

    source = _roster_with_number_nik(tmp_path / "a.xlsx")
    twice = tmp_path / "ganda.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(twice, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dst.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
    with pytest.raises(KppsError, match="bernama sama"):
        check(twice, Settings())


def test_a_folder_named_like_a_workbook_inside_an_input_folder_is_named_in_indonesian(tmp_path):
    from kpps_xl.roster import load_roster

    (tmp_path / "arsip.xlsx").mkdir()
    _roster_with_number_nik(tmp_path / "daftar.xlsx")
    with pytest.raises(KppsError, match="arsip.xlsx tidak dapat dibaca: itu sebuah folder"):
        load_roster([tmp_path])


# Sheet XML whose elements carry a namespace prefix (<x:worksheet>, as the OpenXML SDK writes) --

_TAG = re.compile(rb"<(/?)(?![?!])([A-Za-z]+)\b")


def _prefix_sheet(xml: bytes) -> bytes:
    xml = _TAG.sub(rb"<\1x:\2", xml)
    return xml.replace(b'<x:worksheet xmlns="', b'<x:worksheet xmlns:x="', 1)


def as_prefixed(source: Path, target: Path) -> Path:
    return rewrite_parts(source, target, lambda name, data: _prefix_sheet(data)
                         if name.startswith("xl/worksheets/") and name.endswith(".xml") else data)


def test_a_prefixed_sheet_reads_exactly_like_the_plain_one(tmp_path):
    source = _roster_with_number_nik(tmp_path / "a.xlsx")
    prefixed = as_prefixed(source, tmp_path / "sdk.xlsx")
    with zipfile.ZipFile(prefixed) as zf:
        assert b"<x:c r=" in zf.read("xl/worksheets/sheet1.xml")
    assert findings(prefixed) == findings(source)
    assert ("nik.precision_lost", 6) in {(c, r) for c, _s, r, _col, _v in findings(prefixed)}


def _tall_sheet(rows: int) -> bytes:
    body = b"".join(b'<x:row r="%d"><x:c r="A%d" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>'
                    b'<x:c r="B%d"><x:v>1</x:v></x:c></x:row>' % (r, r, r) for r in range(1, rows + 1))
    return (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<x:sheetData>" + body + b"</x:sheetData></x:worksheet>")


def test_the_limit_scan_counts_the_cells_of_a_prefixed_sheet(tmp_path):
    from kpps_xl.roster.limits import check_extent, scan_extent

    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("s.xml", _tall_sheet(90_000))  # 90.000 x 26 estimated > the sparse floor
    with zipfile.ZipFile(path) as zf:
        extent = scan_extent(zf, "s.xml")
    assert (extent.cells, extent.rows) == (180_000, 90_000)
    assert not extent.every_cell_addressed  # read by calamine, which knows the prefix
    check_extent(extent, "p.xlsx", "S")  # a full table, not a stray far cell: not refused


def test_a_prefixed_dimension_beyond_excel_is_refused(tmp_path):
    source = _roster_with_number_nik(tmp_path / "a.xlsx")

    def far(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            data = re.sub(rb'<x:dimension ref="[^"]*"', b'<x:dimension ref="A1:XFE1048577"',
                          _prefix_sheet(data))
        return data

    with pytest.raises(KppsError, match="di luar batas Excel"):
        check(rewrite_parts(source, tmp_path / "far.xlsx", far), Settings())


# Output targets that are no regular file, or cannot be made --------------------------------

def test_a_report_written_to_a_pipe_leaves_the_pipe_a_pipe(tmp_path):
    import json
    import os
    import stat
    import threading

    from clirun import invoke

    roster = _roster_with_number_nik(tmp_path / "daftar.xlsx")
    pipe = tmp_path / "laporan.json"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = invoke(["check", str(roster), "--laporan", str(pipe)])
    reader.join(timeout=30)
    assert result.exit_code == 1, result.text
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)  # not replaced by a regular file
    assert json.loads(received[0])["summary"]["errors"] >= 1


@pytest.mark.parametrize("option", ["--tandai", "--laporan", "--junit"])
def test_an_output_under_a_file_is_refused_in_indonesian_without_temp_names(tmp_path, option):
    from clirun import invoke

    roster = _roster_with_number_nik(tmp_path / "daftar.xlsx")
    (tmp_path / "berkas").write_text("bukan folder")
    target = tmp_path / "berkas" / ("x-diperiksa.xlsx" if option == "--tandai" else "x.out")
    result = invoke(["check", str(roster), option, str(target)])
    assert result.exit_code == 2, result.text
    assert "tidak dapat ditulis" in result.text
    assert "Errno" not in result.text and ".kpps-" not in result.text and "Traceback" not in result.text


@pytest.mark.parametrize(("target", "words"), [("loop.xlsx", "tautan simbolik berputar"),
                                               ("hilang.xlsx", "berkas atau foldernya tidak ada")])
def test_a_looping_or_dangling_link_in_an_input_folder_is_named_with_its_reason(tmp_path, target,
                                                                              words):
    from clirun import invoke

    from kpps_xl.roster import load_roster

    folder = tmp_path / "folder ñ spasi"
    folder.mkdir()
    _roster_with_number_nik(folder / "daftar ü.xlsx")
    (folder / "loop.xlsx").symlink_to(target)
    with pytest.raises(KppsError, match=f"loop.xlsx tidak dapat dibaca: {words}"):
        load_roster([folder])
    result = invoke(["check", str(folder)])  # the CLI expands the folder, then reads the files
    assert result.exit_code == 2, result.text
    assert f"loop.xlsx tidak dapat dibaca: {words}" in result.text.replace("\n", " ")
