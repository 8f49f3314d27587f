"""Fast (streaming) annotated copy: same result as the openpyxl reference, safe fallbacks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_workbook_annotate import (
    SHEET_A,
    fill_of,
    finding,
    make_roster,
    report_of,
    sha,
    typical_report,
)

from kpps_xl.errors import KppsError
from kpps_xl.findings import Ref
from kpps_xl.parts import tag_pieces
from kpps_xl.workbook import annotate
from kpps_xl.workbook.marks import findings_for, group_marks
from kpps_xl.workbook.paint import CELL_COLORS, quiet_openpyxl
from kpps_xl.workbook.stream import (
    NotStreamable,
    _Missing,
    used_columns,
    walk_rows,
    write_stream,
)

_INLINE = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is><t>(.*?)</t></is></c>', re.S)
_EXCEL_ROOT = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
               b'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
               b'mc:Ignorable="x14ac">')


def excel_like(xlsx: Path, target: Path) -> Path:
    """Rewrite an openpyxl file the way Excel lays it out: shared strings, x14ac row attributes."""
    strings: list[bytes] = []

    def to_shared(match: re.Match) -> bytes:
        strings.append(match.group(3))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2),
                                                     len(strings) - 1)

    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = _INLINE.sub(to_shared, data)
                data = re.sub(rb"<worksheet [^>]*>", _EXCEL_ROOT, data, count=1)
                data = re.sub(rb'<row r="(\d+)"', rb'<row r="\1" x14ac:dyDescent="0.25"', data)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                    b'ContentType="application/vnd.openxmlformats-officedocument'
                                    b'.spreadsheetml.sharedStrings+xml"/></Types>')
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="http'
                                    b'://schemas.openxmlformats.org/officeDocument/2006/'
                                    b'relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            dst.writestr(item, data)
        sst = b"".join(b"<si><t>%s</t></si>" % s for s in strings)
        dst.writestr("xl/sharedStrings.xml", b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns='
                     b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
                     b'uniqueCount="%d">%s</sst>' % (len(strings), len(strings), sst))
    return target


def snapshot(path: Path) -> tuple[list[str], dict]:
    """Every non-empty or styled cell (value, type, fill, comment, number format, bold, link,
    borders, alignment, quote prefix), row heights and filter of every sheet."""
    wb = openpyxl.load_workbook(path)
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style and c.comment is None:
                    continue
                cells[(ws.title, c.coordinate)] = (
                    c.value, fill_of(c), c.comment.text if c.comment else None, c.number_format,
                    c.font.b, c.hyperlink.location if c.hyperlink else None,
                    tuple(getattr(c.border, side).style for side in ("left", "right", "top",
                                                                      "bottom")),
                    c.alignment.wrap_text, c.alignment.vertical, c.quotePrefix,
                    c.data_type if c.value is not None else None)
        heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
        cells[(ws.title, "heights")] = heights
        cells[(ws.title, "filter")] = ws.auto_filter.ref
    return wb.sheetnames, cells


@pytest.fixture(params=["openpyxl-made", "excel-like"])
def roster(request, tmp_path: Path) -> Path:
    made = make_roster(tmp_path / "made.xlsx")
    wb = openpyxl.load_workbook(made)
    wb[SHEET_A]["C6"].font = openpyxl.styles.Font(bold=True)
    wb[SHEET_A]["F9"].number_format = "dd/mm/yyyy"
    wb.save(made)
    if request.param == "openpyxl-made":
        return made
    return excel_like(made, tmp_path / "excel.xlsx")


def test_stream_engine_gives_the_same_workbook_as_openpyxl(roster, tmp_path):
    report = typical_report(roster)
    before = sha(roster)
    reference = annotate(roster, report, tmp_path / "ref.xlsx", engine="openpyxl")
    fast = annotate(roster, report, tmp_path / "fast.xlsx", engine="stream")
    assert sha(roster) == before
    assert snapshot(fast) == snapshot(reference)
    assert fill_of(openpyxl.load_workbook(fast)[SHEET_A]["C7"]) == CELL_COLORS["error"]


def test_stream_keeps_untouched_rows_byte_for_byte_with_excel_attributes(tmp_path):
    made = make_roster(tmp_path / "made.xlsx")
    source = excel_like(made, tmp_path / "excel.xlsx")
    fast = annotate(source, typical_report(source), tmp_path / "fast.xlsx", engine="stream")
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(fast) as b:
        old, new = a.read("xl/worksheets/sheet1.xml"), b.read("xl/worksheets/sheet1.xml")
        assert a.read("xl/sharedStrings.xml") == b.read("xl/sharedStrings.xml")
    untouched = re.search(rb'<row r="6".*?</row>', old, re.S).group()
    assert untouched in new and b'x14ac:dyDescent="0.25"' in untouched
    assert b"xmlns:x14ac=" in new.split(b">", 2)[1] + new.split(b">", 2)[0]


def test_shared_formulas_fall_back_to_openpyxl(tmp_path):
    source = make_roster(tmp_path / "made.xlsx")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(tmp_path / "f.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="J5"', b'<c r="I5"><f t="shared" ref="I5:I6" si="0">'
                                    b'A5+1</f></c><c r="J5"', 1)
            dst.writestr(item, data)
    shared = tmp_path / "f.xlsx"
    with pytest.raises(NotStreamable):
        write_stream(shared, typical_report(shared), False, {}, {}, tmp_path / "x.xlsx")
    out = annotate(shared, typical_report(shared), tmp_path / "out.xlsx")  # auto falls back
    assert fill_of(openpyxl.load_workbook(out)[SHEET_A]["C7"]) == CELL_COLORS["error"]


def test_rerun_on_annotated_copy_uses_reference_path(tmp_path):
    source = make_roster(tmp_path / "made.xlsx")
    first = annotate(source, typical_report(source), tmp_path / "first.xlsx", engine="stream")
    with pytest.raises(KppsError, match="mesin cepat"):
        annotate(first, typical_report(source), tmp_path / "x.xlsx", engine="stream")
    second = annotate(first, typical_report(source), tmp_path / "second.xlsx")
    assert openpyxl.load_workbook(second).sheetnames.count("Temuan") == 1


def _sheet_xml(rows: list[bytes], dimension: bool = True) -> bytes:
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main">'
            + (b'<dimension ref="A1:C9"/>' if dimension else b"") + b"<sheetData>")
    return head + b"".join(rows) + b'</sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/>' \
        b"</mergeCells></worksheet>"


_ROWS = [b'<row r="1"><c r="A1" t="inlineStr"><is><t>judul &lt;row r="5"&gt;</t></is></c></row>',
         b'<row r="2" spans="1:3"><c r="A2"><v>2</v></c><c r="C2" s="1"><v>3</v></c></row>',
         b'<row r="4"/>',
         b'<row r="5"><c r="B5"><v>5</v></c></row>\n',
         b'<row r="50"><c r="A50"><v>50</v></c></row>',
         b'<row r="51"><c r="C51" t="inlineStr"><is><t>' + b"x" * 300 + b"</t></is></c></row>"]


@pytest.mark.parametrize("size", [1, 2, 5, 13, 64, 1 << 20])
@pytest.mark.parametrize("exact", [False, True])
def test_walk_rows_cuts_a_sheet_at_any_piece_size_and_gives_it_back_whole(size, exact):
    xml = _sheet_xml(_ROWS)
    pieces = tag_pieces(xml[i:i + size] for i in range(0, len(xml), size))
    events = list(walk_rows(pieces, {4, 5, 51}, exact))
    assert b"".join(data for _kind, _row, data in events) == xml
    found = {row: data for kind, row, data in events if kind == "row"}
    assert found[4] == b'<row r="4"/>'
    assert found[5].startswith(b'<row r="5"><c r="B5">') and b"</row>" in found[5]
    assert found[51].startswith(b'<row r="51">') and found[51].rstrip().endswith(b"</row>")
    assert [kind for kind, _r, _d in events if kind in ("head", "open")] == ["head", "open"]


def test_walk_rows_quick_search_gives_way_to_exact_reading_for_unusual_rows():
    xml = _sheet_xml([b'<row spans="1:2" r="3"><c r="A3"><v>1</v></c></row>',
                      b'<row><c r="A4"><v>2</v></c></row>',  # no r: the row after 3
                      b'<row r="9"><c r="A9"><v>3</v></c></row>'])
    with pytest.raises(_Missing):
        list(walk_rows(tag_pieces([xml]), {3}))
    events = list(walk_rows(tag_pieces([xml]), {3, 4, 6}, exact=True))
    rows = [(row, data) for kind, row, data in events if kind == "row"]
    assert [row for row, _d in rows] == [3, 4, 6]
    assert rows[1][1] == b'<row><c r="A4"><v>2</v></c></row>' and rows[2][1] == b""
    assert b"".join(data for _k, _r, data in events) == xml
    backwards = _sheet_xml([b'<row r="7"/>', b'<row r="6"/>'])
    with pytest.raises(NotStreamable):
        list(walk_rows(tag_pieces([backwards]), {6}, exact=True))


def test_used_columns_without_dimension_come_from_every_cell():
    xml = _sheet_xml([b'<row r="1"><c r="C1"/><c r="AB1"/></row>',
                      b'<row r="2"><c s="1" r="B2"/><c r="D2"/></row>'], dimension=False)
    assert used_columns(xml) == (2, 28)
    assert used_columns(_sheet_xml([b'<row r="1"><c r="AB1"/></row>'])) == (1, 3)  # dimension


def _awkward(source: Path, target: Path, layout: str) -> Path:
    """The same roster with attributes in another order, or without <dimension>."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                if layout == "attribute-order":
                    data = re.sub(rb'<row r="(\d+)"', rb'<row spans="1:10" r="\1"', data)
                    data = re.sub(rb'<c r="([A-Z]+\d+)" s="(\d+)"', rb'<c s="\2" r="\1"', data)
                else:
                    data = re.sub(rb"<dimension [^>]*/>", b"", data)
            dst.writestr(item, data)
    return target


@pytest.mark.parametrize("layout", ["attribute-order", "no-dimension"])
@pytest.mark.parametrize("size", [37, 1 << 22])
def test_stream_matches_openpyxl_on_awkward_sheets_and_absent_rows(layout, size, tmp_path):
    made = make_roster(tmp_path / "made.xlsx")
    wb = openpyxl.load_workbook(made)
    wb[SHEET_A]["C6"].font = openpyxl.styles.Font(bold=True)
    wb[SHEET_A]["K9"] = "di luar tabel"  # widens the used columns
    wb.save(made)
    source = _awkward(excel_like(made, tmp_path / "excel.xlsx"), tmp_path / "odd.xlsx", layout)
    extra = [finding("tps.size", "error", "Baris kosong", SHEET_A, 3, None, None, str(source)),
             finding("nik.format", "warning", "Sel kosong", SHEET_A, 30, "D", None, str(source)),
             finding("tps.ketua", "error", "TPS tanpa ketua", SHEET_A, 9, None, None,
                     str(source))]
    report = typical_report(source)
    report = report_of(*report.findings, *extra, files=report.files)
    reference = annotate(source, report, tmp_path / "ref.xlsx", engine="openpyxl")
    cells, rows = group_marks(findings_for(report.findings, source))
    fast = tmp_path / "fast.xlsx"
    with quiet_openpyxl():
        write_stream(source, report, False, cells, rows, fast, size)
    assert snapshot(fast) == snapshot(reference)
    ws = openpyxl.load_workbook(fast)[SHEET_A]
    assert fill_of(ws["K9"]) == fill_of(ws["A9"]) != ""  # row mark spans the used columns
    assert fill_of(ws["D30"]) == CELL_COLORS["warning"]


def test_marked_rows_keep_source_values_formulas_and_merged_borders(tmp_path):
    made = make_roster(tmp_path / "made.xlsx")
    wb = openpyxl.load_workbook(made)
    ws = wb[SHEET_A]
    side = openpyxl.styles.Side(style="thin")
    ws["I7"] = "gabung"
    ws["I7"].border = openpyxl.styles.Border(top=side, bottom=side, left=side, right=side)
    ws.merge_cells("I7:J8")
    ws["K7"] = "=A7+1"
    wb.save(made)
    source = excel_like(made, tmp_path / "excel.xlsx")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(tmp_path / "f.xlsx", "w") as dst:
        for item in src.infolist():  # a cached formula result, as Excel saves it
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>A7+1</f><v></v>", b"<f>A7+1</f><v>2</v>")
                data = data.replace(b"<f>A7+1</f><v/>", b"<f>A7+1</f><v>2</v>")
            dst.writestr(item, data)
    source = tmp_path / "f.xlsx"
    report = report_of(
        finding("nik.format", "error", "NIK salah", SHEET_A, 7, "C", "1", str(source)),
        finding("x.merged", "warning", "Sel gabungan", SHEET_A, 8, "J", None, str(source)),
        finding("tps.size", "error", "TPS kurang", SHEET_A, 7, None, None, str(source)),
        files=[str(source)])
    reference = annotate(source, report, tmp_path / "ref.xlsx", engine="openpyxl")
    fast = annotate(source, report, tmp_path / "fast.xlsx", engine="stream")
    assert snapshot(fast) == snapshot(reference)
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(fast) as b:
        old, new = a.read("xl/worksheets/sheet1.xml"), b.read("xl/worksheets/sheet1.xml")
    old_c7 = re.search(rb'<c r="C7"[^>]*>(.*?)</c>', old).group(1)
    assert re.search(rb'<c r="C7"[^>]*>(.*?)</c>', new).group(1) == old_c7  # shared string kept
    assert old_c7.startswith(b"<v>")
    assert re.search(rb'<c r="K7"[^>]*>(.*?)</c>', new).group(1) == b"<f>A7+1</f><v>2</v>"


def test_temuan_written_as_xml_matches_openpyxl_cells_on_awkward_text(tmp_path):
    source = make_roster(tmp_path / "made.xlsx")
    texts = ["  spasi di depan", "baris\r\nbaru & <tag> \"kutip\"", "=1+1", "\x01-awal kontrol",
             "@SUM(A1)", "x" * 700, "", "Sel\tTab", "\u2028 pemisah 中文"]
    findings = [finding("nik.format", ("error", "warning", "info")[i % 3], text or "kosong",
                        SHEET_A if i % 2 else "KEL & <8>", 5 + i, ("C", None, "zz", "B")[i % 4],
                        text or None, str(source),
                        (Ref(SHEET_A, 9, str(source)),) * (i % 3))
                for i, text in enumerate(texts)]
    findings.append(finding("sheet.none", "info", "Tanpa baris", None, None, None))
    report = report_of(*findings, files=[str(source)])
    reference = annotate(source, report, tmp_path / "ref.xlsx", engine="openpyxl")
    fast = annotate(source, report, tmp_path / "fast.xlsx", engine="stream")
    assert snapshot(fast) == snapshot(reference)
    ws = openpyxl.load_workbook(fast)["Temuan"]
    assert ws.max_row == len(findings) + 1
    by_message = {row[3].value: row for row in ws.iter_rows(min_row=2)}
    assert by_message[texts[1]][3].value == "baris\r\nbaru & <tag> \"kutip\""
    assert by_message["=1+1"][7].quotePrefix and by_message["=1+1"][7].value == "=1+1"
    assert by_message["-awal kontrol"][7].value == "-awal kontrol"  # control character dropped
    assert by_message[texts[1]][4].hyperlink.location == f"'{SHEET_A}'!A6"
    assert by_message["Tanpa baris"][4].hyperlink is None
