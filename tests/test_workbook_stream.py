"""Fast (streaming) annotated copy: same result as the openpyxl reference, safe fallbacks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_workbook_annotate import SHEET_A, fill_of, make_roster, sha, typical_report

from kpps_xl.errors import KppsError
from kpps_xl.workbook import annotate
from kpps_xl.workbook.paint import CELL_COLORS
from kpps_xl.workbook.stream import NotStreamable, build_stream

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
    """Every non-empty or styled cell: value, fill, comment, number format, bold, link."""
    wb = openpyxl.load_workbook(path)
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style and c.comment is None:
                    continue
                cells[(ws.title, c.coordinate)] = (
                    c.value, fill_of(c), c.comment.text if c.comment else None, c.number_format,
                    c.font.b, c.hyperlink.location if c.hyperlink else None)
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
        build_stream(shared, typical_report(shared), False, {}, {})
    out = annotate(shared, typical_report(shared), tmp_path / "out.xlsx")  # auto falls back
    assert fill_of(openpyxl.load_workbook(out)[SHEET_A]["C7"]) == CELL_COLORS["error"]


def test_rerun_on_annotated_copy_uses_reference_path(tmp_path):
    source = make_roster(tmp_path / "made.xlsx")
    first = annotate(source, typical_report(source), tmp_path / "first.xlsx", engine="stream")
    with pytest.raises(KppsError, match="mesin cepat"):
        annotate(first, typical_report(source), tmp_path / "x.xlsx", engine="stream")
    second = annotate(first, typical_report(source), tmp_path / "second.xlsx")
    assert openpyxl.load_workbook(second).sheetnames.count("Temuan") == 1
