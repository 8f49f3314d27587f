"""The "Tindak Lanjut" sheet: the health follow-up list, print-ready, marked confidential."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpps_xl.health import FOLLOW_UP_SHEET, FOLLOW_UP_TITLE, PRIVACY_NOTICE
from kpps_xl.health.follow_up import NEEDS, FollowUp, Person, PlaceCount
from kpps_xl.workbook.marks import cell_location
from kpps_xl.workbook.sheets import link, own_sheets, put_number, put_text

LIST_HEADER = ("No", "Nama", "NIK", "Jabatan", "Kecamatan", "Kelurahan/Desa", "TPS", "Usia",
               "No. HP", "Hasil skrining", "Status JKN", "Tindak lanjut", "Lokasi di daftar")
LIST_WIDTHS = (5, 26, 19, 13, 16, 16, 6, 6, 14, 16, 14, 40, 24)
_COUNT_COL = 2  # the counts table starts under "Nama" (columns B-F are wide enough)
_LINE_HEIGHT = 15
COUNT_HEADER = ("Kecamatan", "Petugas", "Belum skrining", "Berisiko", "Tanpa JKN aktif")

_FONT = "Calibri"
_TITLE = Font(name=_FONT, bold=True, size=14)
_BOLD = Font(name=_FONT, bold=True)
_NOTICE = Font(name=_FONT, bold=True, color="C00000")
_HEADER_FONT = Font(name=_FONT, bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_GROUP_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="top")
_CENTERED = {LIST_HEADER.index(name) + 1 for name in ("TPS", "Usia")}


def lines_needed(values: Sequence[object], widths: Sequence[float]) -> int:
    """Text lines the tallest wrapped cell of a row needs (a column fits ~1.1 chars per unit)."""
    counts = [-(-len(v) // max(1, int(w * 1.1)))
              for v, w in zip(values, widths, strict=False) if isinstance(v, str)]
    return max([1, *counts])


def person_row(number: int, person: Person) -> list[object]:
    """One list row (without the link) as plain values: also what the Excel add-in writes."""
    return [number, person.nama or "", person.nik or "", person.jabatan or "",
            person.kecamatan or "", person.kelurahan or "", person.tps or "", person.age,
            person.no_hp or "", person.skrining or "", person.status_jkn or "",
            "; ".join(NEEDS[n] for n in person.needs), f"{person.sheet} baris {person.row}"]


def follow_up_rows(follow_up: FollowUp) -> list[list[object]]:
    """Header plus one row per person: the flat table an Excel front door can write as is."""
    return [list(LIST_HEADER), *(person_row(i, p) for i, p in enumerate(follow_up.people, 1))]


def _place_text(place: PlaceCount) -> str:
    parts = [place.kecamatan, place.kelurahan, f"TPS {place.tps}" if place.tps else None]
    where = " / ".join(p for p in parts if p) or "Tanpa kecamatan/TPS"
    return (f"{where}: {place.officers} petugas, {place.not_screened} belum "
            f"skrining, {place.at_risk} berisiko, {place.no_active_jkn} tanpa JKN aktif")


def _header(ws: Worksheet, row: int, titles: Sequence[str], first: int = 1) -> None:
    for col, title in enumerate(titles, start=first):
        cell = put_text(ws, row, col, title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _banner(ws: Worksheet, row: int, text: str, font: Font, height: float | None = None) -> None:
    cell = put_text(ws, row, 1, text)
    cell.font, cell.alignment = font, _WRAP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(LIST_HEADER))
    if height:
        ws.row_dimensions[row].height = height


def _counts(ws: Worksheet, top: int, follow_up: FollowUp) -> int:
    """Counts per kecamatan in columns B-F (wide enough), with a JUMLAH row."""
    put_text(ws, top, 1, "Jumlah per kecamatan").font = _BOLD
    _header(ws, top + 1, COUNT_HEADER, first=_COUNT_COL)
    ws.row_dimensions[top + 1].height = 30
    rows = [[p.kecamatan or "(kecamatan tidak tercatat)", p.officers, p.not_screened, p.at_risk,
             p.no_active_jkn] for p in follow_up.by_kecamatan()]
    totals = follow_up.totals()
    rows.append(["JUMLAH", totals["officers"], totals["not_screened"], totals["at_risk"],
                 totals["no_active_jkn"]])
    for r, values in enumerate(rows, start=top + 2):
        put_text(ws, r, _COUNT_COL, values[0])
        for c, value in enumerate(values[1:], start=_COUNT_COL + 1):
            put_number(ws, r, c, int(value))
    for c in range(_COUNT_COL, _COUNT_COL + len(COUNT_HEADER)):
        ws.cell(row=top + 1 + len(rows), column=c).font = _BOLD
    return top + 2 + len(rows)


def _columns_note(follow_up: FollowUp) -> str | None:
    missing = [label for name, label in (("skrining", "hasil skrining"),
                                        ("status_jkn", "status JKN"))
               if not follow_up.columns.get(name)]
    if not missing:
        return None
    return (f"Kolom {' dan '.join(missing)} tidak ada di daftar, jadi kebutuhan itu tidak "
            "dinilai.")


def write_follow_up_sheet(wb: Workbook, follow_up: FollowUp, source_name: str,
                          reference_date: str, sheet_names: set[str] | None = None) -> Worksheet:
    """Add the "Tindak Lanjut" sheet (replacing an earlier one) and return it.

    Title and confidentiality notice on top, counts per kecamatan, then per TPS a group line
    with that TPS's counts and the officers who need screening, a follow-up at the FKTP (at
    risk) or JKN registration/reactivation. Landscape, one page wide, the list header repeated
    on every page, "RAHASIA" in the footer. Links point at the officer's row when the roster
    sheet is in wb.
    """
    for old in own_sheets(wb, (FOLLOW_UP_SHEET,)):
        wb.remove(old)
    ws = wb.create_sheet(FOLLOW_UP_SHEET)
    names = set(wb.sheetnames) if sheet_names is None else sheet_names
    put_text(ws, 1, 1, FOLLOW_UP_TITLE).font = _TITLE
    _banner(ws, 2, PRIVACY_NOTICE, _NOTICE, 48)
    _banner(ws, 3, f"Berkas: {source_name}   Tanggal acuan: {reference_date}   "
                   "Dibuat oleh kpps-xl. Petugas berstatus PAW/mengundurkan diri tidak dihitung.",
            Font(name=_FONT))
    top = 5
    note = _columns_note(follow_up)
    if note:
        _banner(ws, 4, note, Font(name=_FONT, italic=True))
    top = _counts(ws, top, follow_up) + 1
    put_text(ws, top, 1, "Daftar petugas yang perlu ditindaklanjuti (per kecamatan dan TPS; "
                         "TPS tanpa tindak lanjut tidak dicantumkan)").font = _BOLD
    header_row = top + 1
    _header(ws, header_row, LIST_HEADER)
    ws.row_dimensions[header_row].height = 30
    r = header_row + 1
    by_place: dict[tuple[str | None, str | None, str | None, str | None], list[Person]] = {}
    for person in follow_up.people:
        key = (person.file, person.kecamatan, person.kelurahan, person.tps)
        by_place.setdefault(key, []).append(person)
    number = 0
    for place in follow_up.places:
        people = by_place.get((place.file, place.kecamatan, place.kelurahan, place.tps), [])
        if not people:
            continue
        _banner(ws, r, _place_text(place), _BOLD)
        ws.cell(row=r, column=1).fill = _GROUP_FILL
        r += 1
        for person in people:
            number += 1
            values = person_row(number, person)
            for c, value in enumerate(values, start=1):
                cell = (put_number(ws, r, c, value) if isinstance(value, int)
                        else put_text(ws, r, c, value))
                cell.alignment = _CENTER if c in _CENTERED else _WRAP
            lines = lines_needed(values, LIST_WIDTHS)
            if lines > 1:
                ws.row_dimensions[r].height = _LINE_HEIGHT * lines
            if person.sheet in names:
                link(ws.cell(row=r, column=len(values)), cell_location(person.sheet, "A",
                                                                      person.row))
            r += 1
    if not number:
        put_text(ws, r, 1, "Tidak ada petugas yang perlu ditindaklanjuti.")
    for c, width in enumerate(LIST_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = None
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.oddFooter.left.text = "RAHASIA - data kesehatan (UU 27/2022)"
    ws.oddFooter.right.text = "Halaman &P dari &N"
    ws.oddHeader.left.text = FOLLOW_UP_TITLE
    ws.sheet_properties.tabColor = "7030A0"
    return ws
