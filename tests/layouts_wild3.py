"""Wild roster layouts, round 3: what KPU/PPK/PPS offices send that rounds 1 and 2 lack.

Same contract as tests/layouts_wild.py (whose Officers, Truth and mismatches are reused): every
builder writes one file and returns a Truth (every officer's sheet, Excel row, NIK, name, sex,
date of birth, kecamatan, desa, TPS, peran, badan, and the planted findings); everything not
planted is clean. Round 3 adds the place of birth (Truth3.tempat). The layouts: TPS blocks
stacked on one sheet with their own header and subtitle (plain and merged across the table),
a print export with the page header and page numbers repeated, a KPU letterhead whose address
names another desa, "Tempat/Tgl Lahir" over two columns (merged, or blank beside it), combined
place-and-date cells with every separator, an age column without a date of birth, date serials
as text, an Excel Table with a totals row and hidden formula columns starting at column F, an
.xlsx as Google Sheets/LibreOffice write it (inline strings, no shared strings, no styles, no
dimension, cached formula results), a CSV with Excel's "sep=;" line, vertical labels typed
with Alt+Enter and a label whose field is only in its bracket, an unusual column order, the
TPS named in the jabatan cell, the kecamatan only in the file's name, a script's CSV with
floats and "nan", the date of birth in TGL | BLN | THN columns, sheets named "TPS1"/"3", the
desa named in the TPS cell, the name split from its titles, a list sorted by name.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from builders import nik_for
from layouts_wild import _MONTHS, _SHORT, Officer, Officers, Truth, _team_roles
from openpyxl.worksheet.table import Table, TableStyleInfo


@dataclass
class Truth3(Truth):
    """Truth plus the place of birth each officer's row must give (None: none written)."""

    tempat: dict[tuple[str, int], str | None] = field(default_factory=dict)

    def add3(self, sheet: str, row: int, person: Officer, kec: str | None, kel: str | None,
             tps: int | None, peran: str | None, tempat: str | None = None, badan: str = "KPPS",
             nama: str | None = None, dob: dt.date | None | bool = True) -> None:
        """add() with the place of birth; dob=None: the row has no date of birth to read."""
        self.add(sheet, row, person, kec, kel, tps, peran, badan, nama)
        if dob is not True:
            last = self.people[-1]
            self.people[-1] = type(last)(**{**last.__dict__, "dob": dob})
        self.tempat[(sheet, row)] = tempat


def _ddmmyyyy(d: dt.date) -> str:
    return d.strftime("%d-%m-%Y")


# 1. TPS blocks stacked on one sheet, each with its subtitle, header and JUMLAH ------------

def stacked_tps_blocks(path: Path) -> Truth3:
    """One desa per sheet, its TPS stacked: a subtitle row ("TPS 001", "TPS : 002", "KPPS TPS
    003"), the header row repeated, "No." restarting at 1, a "Jumlah : 7 orang" row, a blank
    row. No TPS column. Sheet "Sukajadi": subtitles in one cell; sheet "Sukamaju": each
    subtitle merged across the whole table (A:G), as a clerk centres it. TPS 003 of Sukamaju
    has 8 officers. Planted: tps.size at its first row."""
    people = Officers("160711")
    truth = Truth3()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    header = ["No.", "Nama", "NIK", "L/P", "Tgl. Lahir", "Jabatan", "Keterangan"]
    for desa, merged in (("Sukajadi", False), ("Sukamaju", True)):
        ws = wb.create_sheet(desa)
        ws.append(["DAFTAR ANGGOTA KPPS PEMILIHAN UMUM TAHUN 2024"])
        ws.append([f"DESA {desa.upper()} KECAMATAN TALANG KELAPA"])
        ws.append([])
        for tps, subtitle in ((1, "TPS 001"), (2, "TPS : 002"), (3, "KPPS TPS 003")):
            ws.append([subtitle])
            if merged:
                ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row,
                               end_column=len(header))
            ws.append(header)
            roles = _team_roles("anggota_n")
            if merged and tps == 3:
                roles = [*roles, ("Anggota 7", "anggota")]
            for number, (jabatan, peran) in enumerate(roles, 1):
                p = people.next()
                ws.append([number, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, None])
                truth.add3(ws.title, ws.max_row, p, "TALANG KELAPA", desa, tps, peran)
                if len(roles) != 7 and number == 1:
                    truth.plant("tps.size", ws.title, ws.max_row)
            ws.append([f"Jumlah : {len(roles)} orang"])
            ws.append([])
    wb.save(path)
    return truth


# 2. A print export: page header, column numbers and page numbers on every page -----------

def print_pages(path: Path) -> Truth3:
    """A roster converted from its printed PDF: every page of 8 rows starts again with the two
    title rows, the header and the column-number row, and ends with "Halaman n dari 3" (in
    the Nama column, or "Hal. 2/3" further right) and a "Dicetak pada ..." line. Three TPS
    of 7 run across the pages. Planted: nothing."""
    people = Officers("167112")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    header = ["NO", "NAMA", "NIK", "JK", "TGL LAHIR", "JABATAN", "TPS", "KELURAHAN"]
    rows = []
    for tps in (1, 2, 3):
        for jabatan, peran in _team_roles("default"):
            rows.append((tps, jabatan, peran, people.next()))
    pages = [rows[i:i + 8] for i in range(0, len(rows), 8)]
    number = 0
    for page, chunk in enumerate(pages, 1):
        ws.append(["DAFTAR ANGGOTA KPPS KECAMATAN SAKO"])
        ws.append(["KELURAHAN SUKAMAJU"])
        ws.append(header)
        ws.append([f"({i})" for i in range(1, len(header) + 1)])
        for tps, jabatan, peran, p in chunk:
            number += 1
            ws.append([number, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps, "Sukamaju"])
            truth.add3(ws.title, ws.max_row, p, "SAKO", "Sukamaju", tps, peran)
        if page == 2:
            ws.append([None, None, None, None, f"Hal. {page}/{len(pages)}"])
        else:
            ws.append([None, f"Halaman {page} dari {len(pages)}"])
        ws.append([f"Dicetak pada 20/01/2024 10:1{page}:05 oleh operator PPS"])
    wb.save(path)
    return truth


# 3. A KPU letterhead whose address names the office's kelurahan and kecamatan -------------

def letterhead(path: Path) -> Truth3:
    """The office's kop surat above the roster: "KOMISI PEMILIHAN UMUM / KABUPATEN BANYUASIN /
    Jalan Lingkar Pangkalan Balai Kelurahan Pangkalan Balai Kecamatan Banyuasin III Kode Pos
    30753 / Telepon (0711) 891234, Laman ..., Pos-el ...", then "DAFTAR ANGGOTA KPPS DESA
    SUKAJADI KECAMATAN TALANG KELAPA". The address is the office's, not the roster's desa.
    No place columns. Planted: nothing."""
    people = Officers("160711")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Lampiran"
    for line in ("KOMISI PEMILIHAN UMUM", "KABUPATEN BANYUASIN",
                 "Jalan Lingkar Pangkalan Balai Kelurahan Pangkalan Balai Kecamatan Banyuasin III "
                 "Kode Pos 30753",
                 "Telepon (0711) 891234, Laman: kab-banyuasin.kpu.go.id, Pos-el: kpu@contoh.invalid",
                 None,
                 "DAFTAR ANGGOTA KPPS DESA SUKAJADI KECAMATAN TALANG KELAPA"):
        ws.append([line])
    ws.append([])
    ws.append(["NO", "NAMA", "NIK", "L/P", "TANGGAL LAHIR", "JABATAN", "TPS"])
    number = 0
    for tps in (4, 5):
        for jabatan, peran in _team_roles("default"):
            p = people.next()
            number += 1
            ws.append([number, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "TALANG KELAPA", "SUKAJADI", tps, peran)
    wb.save(path)
    return truth


# 4. "Tempat/Tgl Lahir" over two columns without a sub-header row -------------------------

def ttl_two_columns(path: Path) -> Truth3:
    """The place and the date of birth in two columns under one label and no sub-header row:
    sheet "Merged": "TEMPAT/TGL LAHIR" merged over F:G; sheet "Unmerged": "TEMPAT, TANGGAL
    LAHIR" in F with G's header blank (dates as text there, real date cells in "Merged").
    Planted: nothing."""
    people = Officers("167113")
    truth = Truth3()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    places = ("Palembang", "Muara Enim", "Lahat", "Baturaja")
    for name in ("Merged", "Unmerged"):
        ws = wb.create_sheet(name)
        ws.append(["DAFTAR ANGGOTA KPPS KELURAHAN TALANG AMAN KECAMATAN KEMUNING"])
        ws.append([])
        ws.append(["NO", "NAMA", "NIK", "L/P", "JABATAN",
                   "TEMPAT/TGL LAHIR" if name == "Merged" else "TEMPAT, TANGGAL LAHIR", None,
                   "TPS"])
        if name == "Merged":
            ws.merge_cells("F3:G3")
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            place = places[k % len(places)]
            date: object = p.dob if name == "Merged" else _ddmmyyyy(p.dob)
            tps = 9 if name == "Merged" else 10
            ws.append([k + 1, p.nama, p.nik, p.sex, jabatan, place, date, tps])
            if name == "Merged":
                ws.cell(ws.max_row, 7).number_format = "DD-MM-YYYY"
            truth.add3(ws.title, ws.max_row, p, "KEMUNING", "TALANG AMAN", tps, peran, place)
    wb.save(path)
    return truth


# 5. One "Tempat, Tgl Lahir" cell with every separator ------------------------------------

TTL_STYLES: tuple[Callable[[str, dt.date], str], ...] = (
    lambda p, d: f"{p}; {_ddmmyyyy(d)}",
    lambda p, d: f"{p.upper()} / {d.day} {_MONTHS[d.month - 1]} {d.year}",
    lambda p, d: f"{p} - {d.strftime('%d/%m/%Y')}",
    lambda p, d: f"{p}\n{_ddmmyyyy(d)}",
    lambda p, d: f"{p},{d.day}-{d.month}-{d.strftime('%y')}",
    lambda p, d: f"{p} , {d.day} {_SHORT[d.month - 1]} {d.year}",
    lambda p, d: f"{p}, {d.day} {_MONTHS[d.month - 1]} {d.year}.",
    lambda p, d: f"{p}: {d.strftime('%d.%m.%Y')}",
    lambda p, d: f"{p}/{_ddmmyyyy(d)}",
    lambda p, d: f"{p}, {d.strftime('%d - %m - %Y')}",
    lambda p, d: f"{p}. {_ddmmyyyy(d)}",
    lambda p, d: f"{p},\n{d.day} {_MONTHS[d.month - 1]} {d.year}",
    lambda p, d: f"{p}, {d.isoformat()}",
    lambda p, d: f"{p} ,{_ddmmyyyy(d)};",
)


def ttl_separators(path: Path) -> Truth3:
    """A "Tempat, Tgl Lahir" column as fourteen clerks type it: "Palembang; 12-03-1990",
    "PALEMBANG / 12 Maret 1990", "Palembang - 12/03/1990", a line break (Alt+Enter) between
    them, "Palembang,12-3-90", "Palembang , 12 Mar 1990", a trailing full stop, a colon, a bare
    slash, spaced separators, "Palembang. 12-03-1990", ISO, a trailing semicolon; one place
    holds a comma itself ("Muara Enim, Sumsel"). Planted: nothing."""
    people = Officers("167114")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kel Sukarami"
    ws.append(["No", "Nama", "NIK", "JK", "Tempat, Tgl Lahir", "Jabatan", "TPS", "Kecamatan"])
    places = ("Palembang", "Tanjung Enim", "Muara Enim, Sumsel", "Lubuk Linggau", "Prabumulih")
    i = 0
    for tps in (1, 2):
        for jabatan, peran in _team_roles("caps"):
            p = people.next()
            place = places[i % len(places)]
            style = TTL_STYLES[i % len(TTL_STYLES)]
            ws.append([i + 1, p.nama, p.nik, p.sex, style(place, p.dob), jabatan, tps, "Sukarami"])
            shown = place.upper() if i % len(TTL_STYLES) == 1 else place
            truth.add3(ws.title, ws.max_row, p, "Sukarami", "Sukarami", tps, peran, shown)
            i += 1
    wb.save(path)
    return truth


# 6. An age column and no date of birth ---------------------------------------------------

def age_only(path: Path) -> Truth3:
    """A PPS list with UMUR (years, as numbers) and no date of birth: the ages come from the
    NIK. One officer's NIK says 16 years on voting day. Planted: age.under_min there."""
    people = Officers("167115")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Desa Sukamulya"
    ws.append(["DAFTAR NAMA CALON TERPILIH ANGGOTA KPPS DESA SUKAMULYA KECAMATAN SUNGAI LILIN"])
    ws.append(["No", "Nama Lengkap", "NIK", "Jenis Kelamin", "Umur", "Pendidikan", "Jabatan",
               "TPS"])
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            if tps == 2 and k == 4:
                young = dt.date(2007, 6, 1)
                p = Officer(p.nama, nik_for(young, p.sex, 700, "167115"), p.sex, young)
                truth.plant("age.under_min", ws.title, ws.max_row + 1)
            age = 2024 - p.dob.year - ((p.dob.month, p.dob.day) > (2, 14))
            ws.append([k + 1, p.nama, p.nik, "Laki-laki" if p.sex == "L" else "Perempuan", age,
                       "SMA/SMK", jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "SUNGAI LILIN", "SUKAMULYA", tps, peran, dob=None)
    wb.save(path)
    return truth


# 7. Dates of birth as Excel serial numbers in text, from an application's CSV ------------

def serial_text_csv(path: Path) -> Truth3:
    """A comma-separated export of a web application: the date column written as Excel serial
    numbers in text ("32874"), some as "1990-01-01 00:00:00", NIKs as text, two of them as an
    English Excel shows a number ("1.67101E+15", digits lost). Planted: nik.precision_lost
    for those two."""
    people = Officers("167101")
    truth = Truth3()
    sheet = path.stem
    lines = ["id,nama,nik,jenis_kelamin,tempat_lahir,tanggal_lahir,jabatan,no_tps,kelurahan,"
             "kecamatan"]
    row = 1
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            row += 1
            serial = (p.dob - dt.date(1899, 12, 30)).days
            dob = f"{p.dob.isoformat()} 00:00:00" if k % 3 == 2 else str(serial)
            nik = p.nik
            if tps == 2 and k in (1, 5):
                nik = f"{int(p.nik) / 1e15:.5f}E+15"
                truth.plant("nik.precision_lost", sheet, row)
            lines.append(",".join([str(row - 1), p.nama, nik, p.sex, "Palembang", dob, jabatan,
                                   str(tps), "Talang Jambe", "Sukarami"]))
            truth.add3(sheet, row, Officer(p.nama, nik if "E" not in nik else p.nik, p.sex,
                                           p.dob),
                       "Sukarami", "Talang Jambe", tps, peran, "Palembang")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return truth


# 8. An Excel Table from column F, totals row, hidden formula helpers, freeze panes -------

TABLE_HEADER = ("No", "Nama", "NIK", "JK", "Tanggal Lahir", "Jabatan", "TPS", "Kelurahan")


def excel_table(path: Path) -> Truth3:
    """The roster as an Excel Table (ListObject "TabelKPPS", its autofilter, banded style)
    from F6, columns A:E blank, freeze panes under the header, a totals row ("Total" and a
    SUBTOTAL formula), and two hidden helper columns right of it with formulas ("CEK NIK",
    "KODE WIL") that have no cached value. Dates as real date cells. Planted: nothing."""
    people = Officers("167116")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPPS"
    ws["F2"] = "DAFTAR ANGGOTA KPPS KELURAHAN TALANG JAMBE"
    ws["F3"] = "KECAMATAN SUKARAMI"
    first = 6
    for j, label in enumerate((*TABLE_HEADER, "CEK NIK", "KODE WIL")):
        ws.cell(first, 6 + j, label)
    row = first
    for tps in (7, 8):
        for k, (jabatan, peran) in enumerate(_team_roles("anggota_n")):
            p = people.next()
            row += 1
            for j, value in enumerate((k + 1, p.nama, p.nik, p.sex, p.dob, jabatan, tps,
                                       "Talang Jambe")):
                ws.cell(row, 6 + j, value)
            ws.cell(row, 10).number_format = "DD/MM/YYYY"
            ws.cell(row, 14, f'=IF(LEN(H{row})=16,"OK","CEK")')
            ws.cell(row, 15, f"=LEFT(H{row},6)")
            truth.add3(ws.title, row, p, "SUKARAMI", "Talang Jambe", tps, peran)
    row += 1
    ws.cell(row, 6, "Total")
    ws.cell(row, 7, f"=SUBTOTAL(103,G{first + 1}:G{row - 1})")
    table = Table(displayName="TabelKPPS", ref=f"F{first}:M{row}", totalsRowCount=1)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = f"H{first + 1}"
    for letter in ("N", "O"):
        ws.column_dimensions[letter].hidden = True
    wb.save(path)
    return truth


# 9. An .xlsx as Google Sheets / LibreOffice write it -------------------------------------

def _cell_xml(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):  # (formula, cached text result)
        formula, cached = value
        return f'<c r="{ref}" t="str"><f>{escape(formula)}</f><v>{escape(cached)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def write_inline_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """A minimal .xlsx: inline strings, no sharedStrings.xml, no styles.xml, no <dimension>."""
    def letters(j: int) -> str:
        out = ""
        j += 1
        while j:
            j, r = divmod(j - 1, 26)
            out = chr(65 + r) + out
        return out

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {}
    for index, rows in enumerate(sheets.values(), 1):
        body = "".join(
            f'<row r="{i}">' + "".join(_cell_xml(f"{letters(j)}{i}", v) for j, v in enumerate(r))
            + "</row>" for i, r in enumerate(rows, 1))
        parts[f"xl/worksheets/sheet{index}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{body}'
            "</sheetData></worksheet>")
    names = "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                    for i, n in enumerate(sheets, 1))
    parts["xl/workbook.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} '
                                f'xmlns:r="{rel}"><sheets>{names}</sheets></workbook>')
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships">' + "".join(
            f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)) + "</Relationships>")
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        f'ContentType="{main}.sheet.main+xml"/>' + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{main}.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)) + "</Types>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


def inline_strings(path: Path) -> Truth3:
    """A Google Sheets download: every text an inline string, no shared strings, no styles
    (dates are text), no <dimension>; the sex column a formula from the NIK with its cached
    result; TPS and No as numbers; one NIK typed as a number (1.6711...E+15, digits lost); a
    boolean "Sudah SK" column. Planted: nik.precision_lost there."""
    people = Officers("167117")
    truth = Truth3()
    rows: list[list[object]] = [
        ["Daftar KPPS Kelurahan Sukabangun Kecamatan Sukarami"],
        ["No", "Nama", "NIK", "L/P", "Tempat Lahir", "Tanggal Lahir", "Jabatan", "TPS",
         "Sudah SK"]]
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            excel_row = len(rows) + 1
            nik: object = p.nik
            if tps == 1 and k == 4:
                nik = float(f"{int(p.nik):.14e}")  # Excel's 15 significant digits
                truth.plant("nik.precision_lost", "Form Responses 1", excel_row)
            sex = (f'IF(VALUE(MID(C{excel_row},7,2))>40,"P","L")', p.sex)
            rows.append([k + 1, p.nama, nik, sex, "Palembang", p.dob.strftime("%d/%m/%Y"), jabatan,
                         tps, k % 2 == 0])
            truth.add3("Form Responses 1", excel_row, p, "Sukarami", "Sukabangun", tps, peran,
                       "Palembang")
    write_inline_xlsx(path, {"Form Responses 1": rows})
    return truth


# 10. A CSV with Excel's "sep=;" line, Windows-1252 text -----------------------------------

def sep_line_csv(path: Path) -> Truth3:
    """Excel's "sep=;" first line (which makes any-locale Excel split on ';'), then the header;
    Windows-1252 bytes (names with é and ’), CRLF, a quoted field holding ';', dates dd/mm/yy
    (two-digit years). Planted: nothing."""
    people = Officers("167118")
    truth = Truth3()
    sheet = path.stem
    lines = ["sep=;", "No;Nama;NIK;L/P;Tempat Lahir;Tgl Lahir;Jabatan;TPS;Desa;Kecamatan;Alamat"]
    row = 2
    for tps in (5, 6):
        for k, (jabatan, peran) in enumerate(_team_roles("kpps_n")):
            p = people.next()
            row += 1
            nama = p.nama.replace("Nurul", "Nur’ul").replace("Dewi", "Déwi")
            lines.append(";".join([str(k + 1), nama, p.nik, p.sex, "Palembang",
                                   p.dob.strftime("%d/%m/%y"), jabatan, str(tps), "Sukajaya",
                                   "Sukarami", f'"Jl. Mawar No. {k}; RT 0{k}"']))
            truth.add3(sheet, row, p, "Sukarami", "Sukajaya", tps, peran, "Palembang", nama=nama)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return truth


# 11. Vertical labels (Alt+Enter), a label whose field is in its bracket ------------------

VERTICAL = ("N\nO", "N\nA\nM\nA", "NOMOR\nIDENTITAS\n(NIK)", "J\nK", "TGL.\nLAHIR", "J\nA\nB\nA\nT\nA\nN",
            "T\nP\nS", "KELURAHAN/\nDESA")


def vertical_labels(path: Path) -> Truth3:
    """A narrow printed form: labels typed one letter or word per line with Alt+Enter
    ("N\\nA\\nM\\nA", "J\\nK"), the NIK column labelled "NOMOR IDENTITAS (NIK)", a
    column-number row "(1)".."(8)", dates of birth as Excel serials in text cells ("32874").
    Planted: nothing."""
    people = Officers("167119")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEC. ALANG-ALANG LEBAR"
    ws.append(list(VERTICAL))
    ws.append([f"({i})" for i in range(1, len(VERTICAL) + 1)])
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("kpps_n")):
            p = people.next()
            serial = str((p.dob - dt.date(1899, 12, 30)).days)
            ws.append([k + 1, p.nama, p.nik, p.sex, serial, jabatan, f"TPS {tps:02d}",
                       "Talang Kelapa"])
            truth.add3(ws.title, ws.max_row, p, "ALANG-ALANG LEBAR", "Talang Kelapa", tps, peran)
    wb.save(path)
    return truth


# 12. An unusual column order from column F, roles and sexes in other words ---------------

def unusual_order(path: Path) -> Truth3:
    """Columns A:E empty and the table from F7: Jabatan | TPS | L/P | Tanggal Lahir | NIK |
    Nama | Desa | Kecamatan; roles "KETUA KPPS", "Anggota KPPS 1".."6" and the numbers 1..7;
    sexes "Laki2", "Lk", "Pria", "Perempuan", "Pr", "Wanita". Planted: nothing."""
    people = Officers("167120")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rekap PPS"
    ws["F2"] = "DAFTAR ANGGOTA KPPS SE-KECAMATAN SEMATANG BORANG"
    header = ("Jabatan", "TPS", "L/P", "Tanggal Lahir", "NIK", "Nama", "Desa", "Kecamatan")
    for j, label in enumerate(header):
        ws.cell(7, 6 + j, label)
    male, female = ("Laki2", "Lk", "Pria"), ("Perempuan", "Pr", "Wanita")
    row, i = 7, 0
    for tps, style in ((1, "ketua_kpps"), (2, "numbers")):
        for k in range(7):
            p = people.next()
            row += 1
            if style == "numbers":
                jabatan: object = k + 1
            else:
                jabatan = "KETUA KPPS" if k == 0 else f"Anggota KPPS {k}"
            peran = "ketua" if k == 0 else "anggota"
            sex = (male if p.sex == "L" else female)[i % 3]
            for j, value in enumerate((jabatan, tps, sex, _ddmmyyyy(p.dob), p.nik, p.nama,
                                       "Sukamulya", "Sematang Borang")):
                ws.cell(row, 6 + j, value)
            truth.add3(ws.title, row, p, "Sematang Borang", "Sukamulya", tps, peran)
            i += 1
    wb.save(path)
    return truth


# 13. The TPS named in the jabatan cell, no TPS column ------------------------------------

def tps_in_jabatan(path: Path) -> Truth3:
    """An SK attachment whose Jabatan column says the TPS ("KETUA KPPS TPS 01", "Anggota KPPS
    TPS 01", "KPPS 3 TPS 002", "Linmas TPS 002") and has no TPS column; desa and kecamatan in
    columns. Planted: nothing."""
    people = Officers("167121")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Lampiran SK"
    ws.append(["NO", "NAMA", "NIK", "L/P", "TGL LAHIR", "JABATAN", "DESA", "KECAMATAN"])
    number = 0
    for tps in (1, 2):
        roles = ([("KETUA KPPS TPS 01", "ketua"), *[("Anggota KPPS TPS 01", "anggota")] * 6]
                 if tps == 1 else [(f"KPPS {k} TPS 002", "ketua" if k == 1 else "anggota")
                                   for k in range(1, 8)])
        for jabatan, peran in [*roles, (f"Linmas TPS 00{tps}", "anggota")]:
            p = people.next()
            number += 1
            ws.append([number, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, "Sukamaju",
                       "Sako"])
            badan = "Linmas" if jabatan.startswith("Linmas") else "KPPS"
            truth.add3(ws.title, ws.max_row, p, "Sako", "Sukamaju", tps, peran, badan=badan)
    wb.save(path)
    return truth


# 14. The kecamatan only in the file's name -----------------------------------------------

def file_named_place(path: Path) -> Truth3:
    """A PPK sends one file per kecamatan named after it ("KPPS_KEC_KALIDONI_final.xlsx"); the
    sheet is "Sheet1", the desa is a column, the kecamatan is written nowhere else.
    Planted: nothing."""
    people = Officers("167122")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["No", "Nama", "NIK", "JK", "Tgl Lahir", "Jabatan", "TPS", "Desa/Kelurahan"])
    for desa in ("Sei Selincah", "Bukit Sangkal"):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, 1, desa])
            truth.add3(ws.title, ws.max_row, p, "KALIDONI", desa, 1, peran)
    wb.save(path)
    return truth


# 15. A CSV written by a script: numbers as floats ("1.0", "1671....0") ------------------

def float_csv(path: Path) -> Truth3:
    """An application's export written through a data frame whose NIK and TPS columns became
    floats: No and TPS "1.0", two NIKs "1671231203900001.0" (the NIK went through a number:
    reported, never trusted), ISO dates, "nan" for an empty phone. Planted:
    nik.precision_lost for the two float NIKs."""
    people = Officers("167123")
    truth = Truth3()
    sheet = path.stem
    lines = ["No,Nama,NIK,Jenis Kelamin,Tanggal Lahir,Jabatan,TPS,Kelurahan,Kecamatan,No HP"]
    row = 1
    for tps in (3, 4):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            row += 1
            nik = p.nik
            if tps == 4 and k in (2, 6):
                nik = f"{p.nik}.0"
                truth.plant("nik.precision_lost", sheet, row)
            phone = "nan" if k == 3 else f"0812{row:08d}"
            lines.append(",".join([f"{row - 1}.0", p.nama, nik, p.sex, p.dob.isoformat(), jabatan,
                                   f"{tps}.0", "Karya Baru", "Alang-Alang Lebar", phone]))
            truth.add3(sheet, row, p, "Alang-Alang Lebar", "Karya Baru", tps, peran)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return truth


# 16. The date of birth in three columns (Tgl | Bln | Thn) --------------------------------

def dob_three_columns(path: Path) -> Truth3:
    """A form whose "TANGGAL LAHIR" is merged over three sub-columns TGL | BLN | THN (numbers,
    "03" text, or the month's name), beside a "TEMPAT LAHIR" column. Planted: nothing."""
    people = Officers("167124")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEL SUKARAMI"
    ws.append(["NO", "NAMA", "NIK", "JK", "TEMPAT LAHIR", "TANGGAL LAHIR", None, None, "JABATAN",
               "TPS"])
    ws.append([None, None, None, None, None, "TGL", "BLN", "THN", None, None])
    for ref in ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:H1", "I1:I2", "J1:J2"):
        ws.merge_cells(ref)
    i = 0
    for tps in (1, 2):
        for jabatan, peran in _team_roles("default"):
            p = people.next()
            d = p.dob
            month: object = (d.month, f"{d.month:02d}", _MONTHS[d.month - 1])[i % 3]
            ws.append([i + 1, p.nama, p.nik, p.sex, "Palembang", d.day, month, d.year, jabatan,
                       tps])
            truth.add3(ws.title, ws.max_row, p, None, "SUKARAMI", tps, peran, "Palembang")
            i += 1
    wb.save(path)
    return truth


# 17. A sheet per TPS named "TPS1", "TPS02", "3" -----------------------------------------

def tps_sheet_names(path: Path) -> Truth3:
    """A PPS workbook with a sheet per TPS named as clerks type it: "TPS1", "TPS02" (no
    space), "3" (the bare number); no TPS column or title; desa and kecamatan in a title.
    TPS 3 has a second ketua. Planted: tps.ketua at its first row."""
    people = Officers("167125")
    truth = Truth3()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for tps, name in ((1, "TPS1"), (2, "TPS02"), (3, "3")):
        ws = wb.create_sheet(name)
        ws.append(["DAFTAR ANGGOTA KPPS KELURAHAN KARYA JAYA KECAMATAN KERTAPATI"])
        ws.append(["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan"])
        roles = _team_roles("default")
        if tps == 3:
            roles = [roles[0], ("Ketua", "ketua"), *roles[2:]]
        for k, (jabatan, peran) in enumerate(roles):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan])
            truth.add3(ws.title, ws.max_row, p, "KERTAPATI", "KARYA JAYA", tps, peran)
            if tps == 3 and k == 0:
                truth.plant("tps.ketua", ws.title, ws.max_row)
    wb.save(path)
    return truth


# 18. The desa named in the TPS cell, no desa column --------------------------------------

def tps_cell_names_desa(path: Path) -> Truth3:
    """A kecamatan-wide list whose only placement column is "Lokasi TPS" holding "TPS 001
    Desa Sukajadi", "TPS 01 / Kel. Sukamaju", "TPS 2 DESA SUKAJADI": the same TPS number in
    two desa is two teams. Planted: nothing."""
    people = Officers("160712")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEC TALANG KELAPA"
    ws.append(["No", "Nama", "NIK", "JK", "Tgl Lahir", "Jabatan", "Lokasi TPS"])
    number = 0
    for desa, tps, cell in (("Sukajadi", 1, "TPS 001 Desa Sukajadi"),
                            ("Sukamaju", 1, "TPS 01 / Kel. Sukamaju"),
                            ("Sukajadi", 2, "TPS 2 DESA SUKAJADI")):
        for jabatan, peran in _team_roles("default"):
            p = people.next()
            number += 1
            ws.append([number, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, cell])
            truth.add3(ws.title, ws.max_row, p, "TALANG KELAPA", desa, tps, peran)
    wb.save(path)
    return truth


# 19. The name split into Gelar Depan | Nama | Gelar Belakang -----------------------------

def split_name_titles(path: Path) -> Truth3:
    """A SIPOL-like export: "GELAR DEPAN" | "NAMA" | "GELAR BELAKANG", "NIK" after them, a
    "NIK KK" (family card) column, "TEMPAT LAHIR" and "TANGGAL LAHIR" as date cells,
    "STATUS PERKAWINAN", "AGAMA". The officer's name is the NAMA column. Planted: nothing."""
    people = Officers("167126")
    truth = Truth3()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "export"
    ws.append(["NO", "GELAR DEPAN", "NAMA", "GELAR BELAKANG", "NIK", "NO KK", "JENIS KELAMIN",
               "TEMPAT LAHIR", "TANGGAL LAHIR", "AGAMA", "STATUS PERKAWINAN", "JABATAN", "TPS",
               "KELURAHAN", "KECAMATAN"])
    number = 0
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            number += 1
            ws.append([number, ("Drs.", "H.", None)[k % 3], p.nama, ("S.Pd.", None, "S.E.")[k % 3],
                       p.nik, f"1671{number:012d}", "LAKI-LAKI" if p.sex == "L" else "PEREMPUAN",
                       "Lahat", p.dob, "Islam", "Kawin", jabatan, tps, "Karya Jaya", "Kertapati"])
            ws.cell(ws.max_row, 9).number_format = "DD/MM/YYYY"
            truth.add3(ws.title, ws.max_row, p, "Kertapati", "Karya Jaya", tps, peran, "Lahat")
    wb.save(path)
    return truth


# 20. A kecamatan list sorted by name: teams interleaved, bilingual labels ----------------

def sorted_by_name(path: Path) -> Truth3:
    """A PPK's list sorted A-Z by name (the teams of three desa interleaved, their Linmas
    among them), bilingual labels ("Nama / Name", "NIK / ID Number", "Tanggal Lahir / Date of
    Birth", "Jabatan / Position"). One team (Talang Betutu TPS 2) has six members.
    Planted: tps.size at its first row in sheet order."""
    people = Officers("167127")
    truth = Truth3()
    records = []
    for desa in ("Sukajaya", "Sukodadi", "Talang Betutu"):
        for tps in (1, 2):
            roles = _team_roles("default")
            if desa == "Talang Betutu" and tps == 2:
                roles = roles[:6]
            for jabatan, peran in [*roles, ("Linmas", "anggota"), ("Linmas", "anggota")]:
                records.append((people.next(), desa, tps, jabatan, peran))
    records.sort(key=lambda r: r[0].nama)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEC SUKARAMI"
    ws.append(["No", "Nama / Name", "NIK / ID Number", "Jenis Kelamin / Sex",
               "Tanggal Lahir / Date of Birth", "Jabatan / Position", "TPS", "Desa / Village"])
    first_short = None
    for number, (p, desa, tps, jabatan, peran) in enumerate(records, 1):
        ws.append([number, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps, desa])
        badan = "Linmas" if jabatan == "Linmas" else "KPPS"
        truth.add3(ws.title, ws.max_row, p, "SUKARAMI", desa, tps, peran, badan=badan)
        if desa == "Talang Betutu" and tps == 2 and badan == "KPPS" and first_short is None:
            first_short = ws.max_row
    truth.plant("tps.size", ws.title, first_short)
    wb.save(path)
    return truth


LAYOUTS: dict[str, tuple[str, Callable[[Path], Truth3]]] = {
    "stacked_tps_blocks": ("xlsx", stacked_tps_blocks),
    "print_pages": ("xlsx", print_pages),
    "letterhead": ("xlsx", letterhead),
    "ttl_two_columns": ("xlsx", ttl_two_columns),
    "ttl_separators": ("xlsx", ttl_separators),
    "age_only": ("xlsx", age_only),
    "serial_text_csv": ("csv", serial_text_csv),
    "excel_table": ("xlsx", excel_table),
    "inline_strings": ("xlsx", inline_strings),
    "sep_line_csv": ("csv", sep_line_csv),
    "vertical_labels": ("xlsx", vertical_labels),
    "unusual_order": ("xlsx", unusual_order),
    "tps_in_jabatan": ("xlsx", tps_in_jabatan),
    "file_named_place": ("xlsx", file_named_place),
    "float_csv": ("csv", float_csv),
    "dob_three_columns": ("xlsx", dob_three_columns),
    "tps_sheet_names": ("xlsx", tps_sheet_names),
    "tps_cell_names_desa": ("xlsx", tps_cell_names_desa),
    "split_name_titles": ("xlsx", split_name_titles),
    "sorted_by_name": ("xlsx", sorted_by_name),
}
# The file name a layout is saved under, when it is part of the layout.
STEMS = {"file_named_place": "KPPS_KEC_KALIDONI_final"}


def build(name: str, folder: Path) -> tuple[Path, Truth3]:
    """Write layout name into folder; (its path, its truth)."""
    suffix, builder = LAYOUTS[name]
    path = folder / f"{STEMS.get(name, name)}.{suffix}"
    return path, builder(path)


def place_mismatches(frame, truth: Truth3) -> list[str]:  # noqa: ANN001
    """Differences in the place of birth (tempat_lahir as read) between a frame and the truth."""
    out = []
    for record in frame[["_sheet", "_row", "tempat_lahir"]].astype(object).to_dict("records"):
        key = (str(record["_sheet"]), int(record["_row"]))
        got = record["tempat_lahir"]
        got = None if got is None or got != got or got is _NA else str(got)
        if key in truth.tempat and got != truth.tempat[key]:
            out.append(f"{key} tempat_lahir: got {got!r}, want {truth.tempat[key]!r}")
    return out


try:  # pandas' NA, compared by identity above
    from pandas import NA as _NA
except ImportError:  # pragma: no cover
    _NA = None
