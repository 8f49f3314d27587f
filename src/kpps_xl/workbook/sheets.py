"""The "Temuan" (one row per finding) and "Ringkasan" (counts and a chart) sheets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from kpps_xl.catalogue import CATALOGUE
from kpps_xl.findings import SEVERITIES, Finding, Report
from kpps_xl.health import FOLLOW_UP_SHEET
from kpps_xl.workbook.marks import (
    cell_location,
    clean_text,
    column_index,
    related_text,
    severity_label,
)

FINDINGS_SHEET = "Temuan"
SUMMARY_SHEET = "Ringkasan"
OWN_SHEETS = (FINDINGS_SHEET, SUMMARY_SHEET, FOLLOW_UP_SHEET)

FINDINGS_HEADER = ("No", "Kode", "Tingkat", "Pesan", "Sheet", "Baris", "Kolom", "Nilai", "Terkait")
FINDINGS_WIDTHS = (6, 18, 12, 70, 22, 8, 7, 24, 30)

_FONT = "Calibri"
_HEADER_FONT = Font(name=_FONT, bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_TITLE_FONT = Font(name=_FONT, bold=True, size=14)
_BOLD = Font(name=_FONT, bold=True)
_LINK_FONT = Font(name=_FONT, color="0563C1", underline="single")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
SEVERITY_FILL = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}


def put_text(ws: Worksheet, row: int, col: int, value: object) -> Cell:
    """Write text that can never become a formula (data_type 's'), even '=cmd|...'."""
    cell = ws.cell(row=row, column=col)
    cell.value = clean_text(value)
    cell.data_type = "s"
    return cell


def put_number(ws: Worksheet, row: int, col: int, value: int | None) -> Cell:
    """Write an integer (or leave the cell empty for None)."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    return cell


def link(cell: Cell, location: str) -> None:
    """Make a cell an internal hyperlink to a location such as 'KEC A'!C23."""
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location)
    cell.font = _LINK_FONT


def _header(ws: Worksheet, row: int, titles: Sequence[str], col: int = 1) -> None:
    for offset, title in enumerate(titles):
        cell = put_text(ws, row, col + offset, title)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _widths(ws: Worksheet, widths: Sequence[int], first: int = 1) -> None:
    for offset, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(first + offset)].width = width


def _printable(ws: Worksheet) -> None:
    """Print landscape, one page wide."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _target(finding: Finding, sheet_names: set[str]) -> str | None:
    """Hyperlink location for a finding, None when its sheet is not in the workbook."""
    if not finding.sheet or finding.sheet not in sheet_names or not finding.row:
        return None
    column = finding.column.strip().upper() if column_index(finding.column) else "A"
    return cell_location(finding.sheet, column, finding.row)


def write_findings_sheet(
    wb: Workbook, findings: Sequence[Finding], source: Path, sheet_names: set[str]
) -> Worksheet:
    """Add the "Temuan" sheet: one row per finding, with a link to the offending cell."""
    ws = wb.create_sheet(FINDINGS_SHEET)
    _header(ws, 1, FINDINGS_HEADER)
    for i, finding in enumerate(findings, start=1):
        r = i + 1
        put_number(ws, r, 1, i)
        put_text(ws, r, 2, finding.code)
        level = put_text(ws, r, 3, severity_label(finding.severity))
        level.fill = SEVERITY_FILL.get(finding.severity, PatternFill())
        put_text(ws, r, 4, finding.message).alignment = _WRAP
        sheet_cell = put_text(ws, r, 5, finding.sheet or "")
        put_number(ws, r, 6, finding.row)
        put_text(ws, r, 7, (finding.column or "").upper())
        put_text(ws, r, 8, finding.value or "")
        put_text(ws, r, 9, related_text(finding, source))
        target = _target(finding, sheet_names)
        if target:
            link(sheet_cell, target)
    last = len(findings) + 1
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDINGS_HEADER))}{last}"
    ws.print_title_rows = "1:1"
    _printable(ws)
    _widths(ws, FINDINGS_WIDTHS)
    ws.sheet_properties.tabColor = "C00000"
    return ws


def _table(ws: Worksheet, top: int, title: str, header: Sequence[str],
           rows: Sequence[Sequence[object]]) -> int:
    """Write a titled table of text + numbers; return the row after it."""
    put_text(ws, top, 1, title).font = _BOLD
    _header(ws, top + 1, header)
    for r, values in enumerate(rows, start=top + 2):
        for c, value in enumerate(values, start=1):
            if isinstance(value, int):
                put_number(ws, r, c, value)
            else:
                put_text(ws, r, c, value)
    return top + 2 + len(rows) + 1


def summary_rows(findings: Sequence[Finding]) -> dict[str, list[list[object]]]:
    """Counts per code (with title), per sheet (by severity) and per severity."""
    per_code = Counter(f.code for f in findings)
    code_rows: list[list[object]] = []
    for code, count in sorted(per_code.items(), key=lambda kv: (-kv[1], kv[0])):
        entry = CATALOGUE.get(code)
        title = entry.title if entry else code
        severity = entry.severity if entry else next(f.severity for f in findings if f.code == code)
        code_rows.append([code, title, severity_label(severity), count])
    per_sheet: dict[str, Counter] = {}
    for f in findings:
        per_sheet.setdefault(f.sheet or "-", Counter())[f.severity] += 1
    sheet_rows: list[list[object]] = [
        [name, *(counts[s] for s in SEVERITIES), sum(counts.values())]
        for name, counts in per_sheet.items()
    ]
    per_level = Counter(f.severity for f in findings)
    level_rows: list[list[object]] = [[severity_label(s), per_level[s]] for s in SEVERITIES]
    return {"code": code_rows, "sheet": sheet_rows, "level": level_rows}


def write_summary_sheet(
    wb: Workbook, report: Report, findings: Sequence[Finding], source: Path, sheet_names: set[str]
) -> Worksheet:
    """Add the "Ringkasan" sheet: totals, counts per code / sheet / severity, a bar chart."""
    ws = wb.create_sheet(SUMMARY_SHEET)
    put_text(ws, 1, 1, "Ringkasan pemeriksaan kpps-xl").font = _TITLE_FONT
    info = [
        ("Berkas", source.name),
        ("Tanggal acuan", report.reference_date),
        ("Baris diperiksa", report.rows),
        ("Jumlah temuan", len(findings)),
        ("Versi kpps-xl", report.version or "-"),
    ]
    for r, (label, value) in enumerate(info, start=2):
        put_text(ws, r, 1, label).font = _BOLD
        if isinstance(value, int):
            put_number(ws, r, 2, value).alignment = Alignment(horizontal="left")
        else:
            put_text(ws, r, 2, value)
    groups = summary_rows(findings)
    top = len(info) + 3
    code_top = top
    top = _table(ws, top, "Temuan per kode", ("Kode", "Judul", "Tingkat", "Jumlah"),
                 groups["code"] or [["-", "Tidak ada temuan", "-", 0]])
    sheet_top = top
    top = _table(ws, top, "Temuan per sheet",
                 ("Sheet", *(severity_label(s) for s in SEVERITIES), "Jumlah"),
                 groups["sheet"] or [["-", 0, 0, 0, 0]])
    for r, row in enumerate(groups["sheet"], start=sheet_top + 2):
        if row[0] in sheet_names:
            link(ws.cell(row=r, column=1), cell_location(str(row[0]), "A", 1))
    _table(ws, top, "Temuan per tingkat", ("Tingkat", "Jumlah"), groups["level"])
    _widths(ws, (26, 40, 14, 12, 10))
    _printable(ws)
    if groups["code"]:
        peak = max(int(row[3]) for row in groups["code"])
        _add_chart(ws, code_top + 1, len(groups["code"]), peak)
    return ws


def _add_chart(ws: Worksheet, header_row: int, count: int, peak: int) -> None:
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = "Temuan per kode"
    chart.y_axis.title = "Jumlah"
    chart.legend = None
    data = Reference(ws, min_col=4, min_row=header_row, max_row=header_row + count)
    labels = Reference(ws, min_col=2, min_row=header_row + 1, max_row=header_row + count)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    chart.height = max(7.5, 0.8 * count + 3)
    chart.width = 18
    chart.x_axis.scaling.orientation = "maxMin"  # same order as the table
    chart.y_axis.number_format = "0"
    if peak <= 10:
        chart.y_axis.majorUnit = 1
    # openpyxl >= 3.1 hides axes unless told otherwise
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    ws.add_chart(chart, "G2")
