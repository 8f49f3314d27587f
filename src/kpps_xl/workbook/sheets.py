"""The "Temuan" (one row per finding) and "Ringkasan" (counts and a chart) sheets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from kpps_xl.catalogue import CATALOGUE
from kpps_xl.findings import SEVERITIES, Finding, Report
from kpps_xl.health import FOLLOW_UP_SHEET
from kpps_xl.io_utils import cell_text, formula_like, set_text
from kpps_xl.workbook.marks import (
    cell_location,
    column_index,
    related_texts,
    severity_label,
)
from kpps_xl.workbook.printing import print_setup, row_height

FINDINGS_SHEET = "Temuan"
SUMMARY_SHEET = "Ringkasan"
OWN_SHEETS = (FINDINGS_SHEET, SUMMARY_SHEET, FOLLOW_UP_SHEET)


def own_sheets(wb: Workbook, names: Sequence[str] = OWN_SHEETS) -> list[Worksheet]:
    """The sheets of wb an earlier kpps-xl run wrote (one of names, by name and first row, as
    the reader recognises them); a clerk's own sheet called 'Ringkasan' or 'Temuan' is not one,
    and is never removed: the new sheet then gets openpyxl's next free name ('Ringkasan1')."""
    from kpps_xl.roster.own import is_own_sheet, own_name

    found = []
    for ws in wb.worksheets:
        if own_name(ws.title) in names:
            first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
            if is_own_sheet(ws.title, [first]):
                found.append(ws)
    return found

FINDINGS_HEADER = ("No", "Kode", "Tingkat", "Pesan", "Sheet", "Baris", "Kolom", "Nilai", "Terkait")
FINDINGS_WIDTHS = (6, 18, 11, 60, 20, 7, 7, 20, 28)
WRAPPED_COLUMNS = (4, 5, 8, 9)  # Pesan, Sheet, Nilai, Terkait: wrapped, rows sized to fit
MAX_RELATED = 6  # Terkait lists at most this many other rows, then "(+N lainnya)"

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
    """Write text that can never become a formula (io_utils.set_text), even '=cmd|...'."""
    return set_text(ws.cell(row=row, column=col), value)


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


def short_related(finding: Finding, source: Path) -> str:
    """Terkait text that never blows up the page: the first MAX_RELATED rows, then a count."""
    return related_texts([finding], source, MAX_RELATED)[0]


def _target(finding: Finding, sheet_names: set[str]) -> str | None:
    """Hyperlink location for a finding, None when its sheet is not in the workbook."""
    if not finding.sheet or finding.sheet not in sheet_names or not finding.row:
        return None
    column = finding.column.strip().upper() if column_index(finding.column) else "A"
    return cell_location(finding.sheet, column, finding.row)


FindingKey = tuple[int, str, bool, bool]  # column, severity, linked, quote prefix
NUMBER_COLUMNS = (1, 6)  # No, Baris
LINK_COLUMN = 5  # Sheet


def _finding_style(cell: Cell, key: FindingKey, styles: dict[FindingKey, StyleArray]) -> None:
    """Style a Temuan cell: alignment, the severity fill (Tingkat), the link font (Sheet).

    The style of each (column, severity, link, quote prefix) is built once through openpyxl's
    descriptors and then copied: the same style ids, without hashing three style objects per
    cell (most of the sheet's time with 250,000 findings).
    """
    known = styles.get(key)
    if known is not None:
        cell._style = copy(known)
        return
    col, severity, linked, _quoted = key
    cell.alignment = _WRAP if col in WRAPPED_COLUMNS else _TOP
    if col == 3:
        cell.fill = SEVERITY_FILL.get(severity, PatternFill())
    if col == LINK_COLUMN and linked:
        cell.font = _LINK_FONT
    styles[key] = copy(cell._style)


@dataclass
class FindingRows:
    """The rows of a "Temuan" sheet, planned once: written as openpyxl cells (fill), or as sheet
    XML by the fast path (write_xml), with the same values, styles, heights and links."""

    ws: Worksheet
    findings: Sequence[Finding]
    related: list[str]
    targets: list[str | None]
    styles: dict[FindingKey, StyleArray] = field(default_factory=dict)

    def values(self, i: int) -> tuple[object, ...]:
        finding = self.findings[i]
        return (i + 1, finding.code, severity_label(finding.severity), finding.message,
                finding.sheet or "", finding.row, (finding.column or "").upper(),
                finding.value or "", self.related[i])

    def fill(self) -> None:
        """Write every row as openpyxl cells (the reference path)."""
        ws = self.ws
        for i, finding in enumerate(self.findings):
            r, values, target = i + 2, self.values(i), self.targets[i]
            for col, value in enumerate(values, start=1):
                cell = (put_number(ws, r, col, value) if col in NUMBER_COLUMNS else
                        put_text(ws, r, col, value))
                _finding_style(cell, (col, finding.severity, bool(target), cell.quotePrefix),
                               self.styles)
                if col == LINK_COLUMN and target:
                    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=target)
            height = _finding_height(values)
            if height:
                ws.row_dimensions[r].height = height

    def write_xml(self, rows: BinaryIO, links: BinaryIO) -> None:
        """Write the <row> elements (from row 2) and the <hyperlink> elements as openpyxl would
        (text inline, control characters dropped, quote prefix on formula-like text), and
        register their styles in the workbook: call before saving it."""
        scratch = Cell(self.ws, row=1, column=1)
        ids: dict[FindingKey, int] = {}
        cell_styles = self.ws.parent._cell_styles
        for i, finding in enumerate(self.findings):
            r, values, target = i + 2, self.values(i), self.targets[i]
            height = _finding_height(values)
            out = [f'<row r="{r}" ht="{height}" customHeight="1">' if height else f'<row r="{r}">']
            for col, value in enumerate(values, start=1):
                text = None if col in NUMBER_COLUMNS else cell_text(value)
                key = (col, finding.severity, bool(target), bool(text) and formula_like(text))
                style = ids.get(key)
                if style is None:
                    scratch._style = StyleArray()
                    scratch.quotePrefix = key[3]
                    _finding_style(scratch, key, self.styles)
                    style = ids[key] = cell_styles.add(self.styles[key])
                ref = f"{_LETTERS[col]}{r}"
                if text:
                    space = ' xml:space="preserve"' if text != text.strip() else ""
                    out.append(f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>'
                               f'{_escape(text)}</t></is></c>')
                elif text is None and value is not None:
                    out.append(f'<c r="{ref}" s="{style}" t="n"><v>{value}</v></c>')
                else:
                    out.append(f'<c r="{ref}" s="{style}"/>')
            out.append("</row>")
            rows.write("".join(out).encode())
            if target:
                links.write(f'<hyperlink ref="{_LETTERS[LINK_COLUMN]}{r}" location='
                            f'"{_escape(target, quote=True)}"/>'.encode())


_LETTERS = {col: get_column_letter(col) for col in range(1, len(FINDINGS_HEADER) + 1)}
_XML_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\r"): "&#13;"}
_XML_QUOTES = {**_XML_ESCAPES, ord('"'): "&quot;", ord("\n"): "&#10;", ord("\t"): "&#9;"}


def _escape(text: str, quote: bool = False) -> str:
    return text.translate(_XML_QUOTES if quote else _XML_ESCAPES)


def _finding_height(values: Sequence[object]) -> float | None:
    return row_height([values[c - 1] for c in WRAPPED_COLUMNS],
                      [FINDINGS_WIDTHS[c - 1] for c in WRAPPED_COLUMNS])


def plan_findings_sheet(
    wb: Workbook, findings: Sequence[Finding], source: Path, sheet_names: set[str]
) -> FindingRows:
    """Add the "Temuan" sheet with its header, filter, print layout and widths; the finding rows
    are left to the returned plan (fill, or write_xml on the fast path)."""
    ws = wb.create_sheet(FINDINGS_SHEET)
    _header(ws, 1, FINDINGS_HEADER)
    last = len(findings) + 1
    ws.row_dimensions[1].height = 30
    print_setup(ws, title_rows="1:1", freeze="A2",
                autofilter=f"A1:{get_column_letter(len(FINDINGS_HEADER))}{last}")
    _widths(ws, FINDINGS_WIDTHS)
    ws.sheet_properties.tabColor = "C00000"
    return FindingRows(ws, findings, related_texts(findings, source, MAX_RELATED),
                       [_target(f, sheet_names) for f in findings])


def write_findings_sheet(
    wb: Workbook, findings: Sequence[Finding], source: Path, sheet_names: set[str]
) -> Worksheet:
    """Add the "Temuan" sheet: one row per finding, with a link to the offending cell; a large
    duplicate group is listed once in Terkait (see marks.related_texts)."""
    rows = plan_findings_sheet(wb, findings, source, sheet_names)
    rows.fill()
    return rows.ws


def _table(ws: Worksheet, top: int, title: str, header: Sequence[str],
           rows: Sequence[Sequence[object]]) -> int:
    """Write a titled table of text + numbers; return the row after it."""
    put_text(ws, top, 1, title).font = _BOLD
    _header(ws, top + 1, header)
    for c in range(1, len(header) + 1):  # numbers sit right-aligned under right-aligned titles
        if rows and all(isinstance(values[c - 1], int) for values in rows):
            ws.cell(row=top + 1, column=c).alignment = Alignment(
                horizontal="right", vertical="center", wrap_text=True)
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
    top = _table(ws, top, "Temuan per tingkat", ("Tingkat", "Jumlah"), groups["level"])
    _legend(ws, top)
    _widths(ws, (26, 40, 14, 12, 10))
    print_setup(ws)
    if groups["code"]:
        peak = max(int(row[3]) for row in groups["code"])
        _add_chart(ws, code_top + 1, len(groups["code"]), peak)
    return ws


LEGEND = (  # (severity, cell or row colour, Indonesian meaning)
    ("error", "cell", "Merah: galat pada sel itu; harus diperbaiki sebelum anggaran dan surat."),
    ("warning", "cell", "Kuning: peringatan pada sel itu; periksa kembali."),
    ("info", "cell", "Biru: informasi (mis. lembar atau baris yang dilewati)."),
    ("error", "row", "Merah muda pucat (seluruh baris): galat tentang TPS atau baris, mis. jumlah "
                     "anggota atau ketua TPS tidak sesuai; komentar ada di sel pertama baris."),
    ("warning", "row", "Kuning pucat (seluruh baris): peringatan tentang baris atau TPS."),
)


def _legend(ws: Worksheet, top: int) -> int:
    """Arti warna: a sample cell of each colour the annotated copy uses, with its meaning."""
    from kpps_xl.workbook.paint import CELL_COLORS, ROW_COLORS

    put_text(ws, top, 1, "Arti warna pada salinan bertanda").font = _BOLD
    for r, (level, kind, text) in enumerate(LEGEND, start=top + 1):
        colour = (CELL_COLORS if kind == "cell" else ROW_COLORS)[level]
        ws.cell(row=r, column=1).fill = PatternFill("solid", fgColor=colour)
        put_text(ws, r, 1, severity_label(level))
        put_text(ws, r, 2, text).alignment = _WRAP
        height = row_height([text], [40])
        if height:
            ws.row_dimensions[r].height = height
    return top + len(LEGEND) + 2


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
