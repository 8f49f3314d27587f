"""Wild roster layouts, round 4: what KPU/PPK/PPS offices send that rounds 1 to 3 lack.

Same contract as tests/layouts_wild.py and tests/layouts_wild3.py (Officers, Truth3 reused):
every builder writes one file and returns a Truth4 (every officer's sheet, Excel row, NIK,
name, sex, date of birth, kecamatan, desa, TPS, peran, badan, place of birth, and the planted
findings), plus per-row values of further columns (Truth4.extra: aktif, keterangan, domicile,
status_jkn, ...). Everything not planted is clean. The layouts: place-and-date cells written
date first, sex as Dukcapil's codes 1/2, a STATUS column beside a "Status Kesehatan" one,
English headers, footnote markers and units in labels with the footnotes below the table, TPS
blocks under a "TPS 003 KELURAHAN X" banner, the KTP address split under an "ALAMAT SESUAI KTP"
group beside the placement group, a SIAKBA-like export with a label | value metadata block and
the TPS as SIREKAP's 13-digit code, a reserve (cadangan) list below the roster, an Indonesian
Excel's CSV with long dates ("Sabtu, 12 Mei 1990"), dotted NIKs and +62 phones, a table from
C12 behind frozen panes and a filter, a LibreOffice .ods, abbreviated roles ("Agt.", "Angg."),
a PAW recap sheet beside the roster, a tab-separated "Unicode Text" export, BPS-style code and
name columns (NM_KEC, NM_KEL), cells pasted from the web (non-breaking spaces), names merged
over two columns with rich text, block titles numbered in the No column, a copied sheet and a
print sheet of formulas, the age after the date and English month-first dates, filling
instructions beside the table with spacer columns, the TPS's voter list (DPT) beside the roster,
PPS/secretariat/PPK sheets beside a KPPS team, one TPS's form with the TPS in the file's name, a
team written across (an officer per column), phone cells with two numbers or a WA label, and
look-alikes of what round 4 skips or re-reads (which must be read as before).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from layouts_wild import _MONTHS, Officers, _team_roles
from layouts_wild3 import Truth3

_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@dataclass
class Truth4(Truth3):
    """Truth3 plus values further columns must hold per row ((sheet, row) -> column -> value)."""

    extra: dict[tuple[str, int], dict[str, object]] = field(default_factory=dict)

    def expect(self, sheet: str, row: int, **values: object) -> None:
        self.extra.setdefault((sheet, row), {}).update(values)


def _ddmmyyyy(d: dt.date) -> str:
    return d.strftime("%d-%m-%Y")


def _long(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


# 1. "Tempat, Tgl Lahir" written date first ------------------------------------------------

DATE_FIRST: tuple[Callable[[str, dt.date], str], ...] = (
    lambda p, d: f"{_ddmmyyyy(d)}, {p}",
    lambda p, d: f"{_long(d)} / {p.upper()}",
    lambda p, d: f"{d.strftime('%d/%m/%Y')} {p}",
    lambda p, d: f"{d.isoformat()}, {p}",
    lambda p, d: f"{_ddmmyyyy(d)} - {p}",
    lambda p, d: f"{_long(d)}, {p}",
    lambda p, d: f"{d.strftime('%d.%m.%Y')}\n{p}",
)


def date_first_ttl(path: Path) -> Truth4:
    """A "TEMPAT, TGL LAHIR" column typed date first by one clerk ("12-05-1990, Palembang",
    "12 Mei 1990 / PALEMBANG", "12/05/1990 Palembang", ISO, a dash, a line break), the
    other desa's sheet place first as usual. Planted: nothing."""
    people = Officers("167130")
    truth = Truth4()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    places = ("Palembang", "Muara Enim", "Ogan Ilir", "Lubuk Linggau")
    i = 0
    for desa, date_first in (("Sukajaya", True), ("Sukodadi", False)):
        ws = wb.create_sheet(f"Kel {desa}")
        ws.append([f"DAFTAR ANGGOTA KPPS KELURAHAN {desa.upper()} KECAMATAN SUKARAMI"])
        ws.append(["NO", "NAMA", "NIK", "L/P", "TEMPAT, TGL LAHIR", "JABATAN", "TPS"])
        for tps in (1, 2):
            for jabatan, peran in _team_roles("default"):
                p = people.next()
                place = places[i % len(places)]
                style = DATE_FIRST[i % len(DATE_FIRST)]
                ttl = style(place, p.dob) if date_first else f"{place}, {_ddmmyyyy(p.dob)}"
                ws.append([i + 1, p.nama, p.nik, p.sex, ttl, jabatan, tps])
                shown = place.upper() if date_first and i % len(DATE_FIRST) == 1 else place
                truth.add3(ws.title, ws.max_row, p, "SUKARAMI", desa, tps, peran, shown)
                i += 1
    wb.save(path)
    return truth


# 2. Sex as Dukcapil's codes 1 / 2 ---------------------------------------------------------

def sex_codes(path: Path) -> Truth4:
    """Sex written as the population register's codes: "JENIS KELAMIN (1=Laki-laki,
    2=Perempuan)" holding the numbers 1 and 2 on one sheet, the texts "1"/"2" and "Laki-laki
    (L)"/"Perempuan (P)" under "L/P" on the other. Planted: nothing."""
    people = Officers("167131")
    truth = Truth4()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, label in (("TPS 1", "JENIS KELAMIN\n(1=Laki-laki, 2=Perempuan)"), ("TPS 2", "L/P")):
        ws = wb.create_sheet(name)
        ws.append(["DAFTAR KPPS DESA SUKAMULYA KECAMATAN SUNGAI LILIN"])
        ws.append(["No", "Nama", "NIK", label, "Tgl Lahir", "Jabatan"])
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            code = 1 if p.sex == "L" else 2
            sex: object = code if name == "TPS 1" else (
                str(code) if k % 2 else ("Laki-laki (L)" if p.sex == "L" else "Perempuan (P)"))
            ws.append([k + 1, p.nama, p.nik, sex, _ddmmyyyy(p.dob), jabatan])
            truth.add3(ws.title, ws.max_row, p, "SUNGAI LILIN", "SUKAMULYA", int(name[-1]), peran)
    wb.save(path)
    return truth


# 3. A STATUS column marking who left, beside a "Status Kesehatan" column -----------------

def status_column(path: Path) -> Truth4:
    """The officer's standing in a STATUS column ("Aktif", "Mengundurkan Diri", "Diganti",
    "PAW", "Pengganti") and the health in "STATUS KESEHATAN" ("Sehat"): the leavers are not
    counted (their TPS has 8 rows, 7 serving) and the health column is neither the status nor
    JKN. Planted: row.inactive for the two leavers."""
    people = Officers("167132")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPPS Talang Aman"
    ws.append(["DAFTAR ANGGOTA KPPS KELURAHAN TALANG AMAN KECAMATAN KEMUNING"])
    ws.append(["NO", "NAMA", "NIK", "L/P", "TGL LAHIR", "JABATAN", "TPS", "STATUS",
               "STATUS KESEHATAN"])
    number = 0
    for tps, (leaver, replacement) in ((1, ("Mengundurkan Diri", "PAW")),
                                       (2, ("Diganti", "Pengganti"))):
        roles = _team_roles("default")
        for k, (jabatan, peran) in enumerate([*roles, roles[3]]):
            p = people.next()
            number += 1
            status = leaver if k == 3 else replacement if k == 7 else "Aktif"
            ws.append([number, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps, status,
                       "Sehat"])
            truth.add3(ws.title, ws.max_row, p, "KEMUNING", "TALANG AMAN", tps, peran)
            truth.expect(ws.title, ws.max_row, aktif=k != 3, keterangan=status, status_jkn=None,
                         skrining=None)
            if k == 3:
                truth.plant("row.inactive", ws.title, ws.max_row)
    wb.save(path)
    return truth


# 4. English headers ------------------------------------------------------------------------

ENGLISH = ("No.", "Full Name", "ID Number", "Gender", "Place of Birth", "Date of Birth",
           "Position", "Polling Station", "Village", "District", "Phone Number")


def english_headers(path: Path) -> Truth4:
    """A template from a bilingual project office: every label in English ("Full Name", "ID
    Number", "Gender", "Place of Birth", "Date of Birth", "Position", "Polling Station",
    "Village", "District", "Phone Number"), Male/Female, dates as "12-May-1990".
    Planted: nothing."""
    people = Officers("167133")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Officers"
    ws.append(list(ENGLISH))
    number = 0
    for tps in (3, 4):
        for jabatan, peran in _team_roles("anggota_n"):
            p = people.next()
            number += 1
            ws.append([number, p.nama, p.nik, "Male" if p.sex == "L" else "Female", "Palembang",
                       p.dob.strftime("%d-%b-%Y"), jabatan, f"TPS {tps:03d}", "Sukabangun",
                       "Sukarami", f"0812{number:08d}"])
            truth.add3(ws.title, ws.max_row, p, "Sukarami", "Sukabangun", tps, peran, "Palembang")
    wb.save(path)
    return truth


# 5. Footnote markers and units in labels, the footnotes below the table -------------------

FOOTNOTE_LABELS = ("NO", "NAMA LENGKAP ¹⁾", "NIK*", "JENIS\nKELAMIN\n(L/P)",
                   "TGL. LAHIR\n(dd-mm-yyyy)", "USIA\n(THN)", "JABATAN**", "TPS", "NO. HP/WA***)")


def footnote_labels(path: Path) -> Truth4:
    """Labels with footnote markers ("NIK*", "JABATAN**", "NAMA LENGKAP ¹⁾", "NO. HP/WA***)"),
    units and formats in a bracket on a new line ("USIA\\n(THN)", "TGL. LAHIR\\n(dd-mm-yyyy)");
    below the last officer the notes in the Nama column: "Keterangan:", "*) NIK sesuai KTP-el",
    "**) Ketua / Anggota", "¹⁾ Tanpa gelar", "Catatan: usia per 14 Februari 2024".
    Planted: nothing."""
    people = Officers("167134")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Desa Pangkalan Benteng"
    ws.append(["DAFTAR ANGGOTA KPPS DESA PANGKALAN BENTENG KECAMATAN TALANG KELAPA"])
    ws.append(list(FOOTNOTE_LABELS))
    number = 0
    for tps in (1, 2):
        for jabatan, peran in _team_roles("caps"):
            p = people.next()
            number += 1
            age = 2024 - p.dob.year - ((p.dob.month, p.dob.day) > (2, 14))
            ws.append([number, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), age, jabatan, tps,
                       f"0813{number:08d}"])
            truth.add3(ws.title, ws.max_row, p, "TALANG KELAPA", "PANGKALAN BENTENG", tps, peran)
    ws.append([])
    for note in ("Keterangan:", "*) NIK sesuai KTP-el", "**) Ketua / Anggota", "¹⁾ Tanpa gelar",
                 "Catatan: usia per 14 Februari 2024"):
        ws.append([None, note])
    wb.save(path)
    return truth


# 6. TPS blocks under a "TPS 003 KELURAHAN X" banner, one header ---------------------------

def banner_blocks(path: Path) -> Truth4:
    """A kecamatan sheet with one header at the top and the teams below it in blocks, each
    under a banner naming the TPS and the kelurahan ("TPS 001 KELURAHAN TALANG JAMBE", "TPS
    002 - KEL. TALANG JAMBE", merged across the table for the second kelurahan), blank rows
    between blocks; no TPS or kelurahan column. TPS 001 is in both kelurahan.
    Planted: nothing."""
    people = Officers("167135")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEC. SUKARAMI"
    header = ["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "No. HP"]
    ws.append(["DAFTAR NAMA ANGGOTA KPPS KECAMATAN SUKARAMI"])
    ws.append(header)
    for desa, tps, banner, merged in (
            ("Talang Jambe", 1, "TPS 001 KELURAHAN TALANG JAMBE", False),
            ("Talang Jambe", 2, "TPS 002 - KEL. TALANG JAMBE", False),
            ("Sukabangun", 1, "TPS 001 KELURAHAN SUKABANGUN", True)):
        ws.append([])
        ws.append([banner])
        if merged:
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row,
                           end_column=len(header))
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, f"0812{k:08d}"])
            truth.add3(ws.title, ws.max_row, p, "SUKARAMI", desa, tps, peran)
    wb.save(path)
    return truth


# 7. The KTP address split under "ALAMAT SESUAI KTP", the placement under "TEMPAT TUGAS" ---

def ktp_address_group(path: Path) -> Truth4:
    """A two-row header: "ALAMAT SESUAI KTP" over ALAMAT | RT | RW | DESA/KEL | KECAMATAN and
    "TEMPAT TUGAS" over TPS | DESA/KEL (merged on sheet "Merged", typed once above the first
    sub-label on sheet "Typed once"; TPS 1 and 2); the sub-labels of the two groups are the same
    words. One officer per team lives in the next desa. Planted: domicile.outside for them."""
    people = Officers("160713")
    truth = Truth4()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in ("Merged", "Typed once"):
        ws = wb.create_sheet(name)
        ws.append(["DAFTAR ANGGOTA KPPS KECAMATAN TALANG KELAPA"])
        ws.append(["NO", "NAMA", "NIK", "L/P", "TGL LAHIR", "ALAMAT SESUAI KTP", None, None, None,
                   None, "TEMPAT TUGAS", None, "JABATAN"])
        ws.append([None, None, None, None, None, "ALAMAT", "RT", "RW", "DESA/KEL", "KECAMATAN",
                   "TPS", "DESA/KEL", None])
        if name == "Merged":
            for ref in ("A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:J2", "K2:L2", "M2:M3"):
                ws.merge_cells(ref)
        for desa in ("Sukajadi", "Sukamoro"):
            for k, (jabatan, peran) in enumerate(_team_roles("default")):
                p = people.next()
                home = "Gasing" if k == 2 else desa
                tps = 1 if name == "Merged" else 2
                ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), f"Jl. Melati No. {k}",
                           f"00{k}", "002", home, "Talang Kelapa", tps, desa, jabatan])
                truth.add3(ws.title, ws.max_row, p, "TALANG KELAPA", desa, tps, peran)
                truth.expect(ws.title, ws.max_row, kelurahan_domisili=home,
                             kecamatan_domisili="Talang Kelapa")
                if home != desa:
                    truth.plant("domicile.outside", ws.title, ws.max_row)
    wb.save(path)
    return truth


# 8. A SIAKBA-like export: a label | value metadata block, snake_case labels, SIREKAP codes --

def siakba_export(path: Path) -> Truth4:
    """An application's download: a metadata block of label | value cells ("Kabupaten/Kota" |
    ": KOTA PALEMBANG", "Kecamatan" | ": ILIR BARAT I", "Kelurahan/Desa" | ": BUKIT LAMA",
    "Tanggal Unduh" | a timestamp), then snake_case labels (nama_lengkap, jenis_kelamin,
    tanggal_lahir, no_kk as NKK ...), the TPS as SIREKAP's 13-digit code (10-digit desa code +
    the TPS number) and the role as "posisi". Planted: nothing."""
    people = Officers("167107")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data_badan_adhoc"
    for label, value in (("LAPORAN DATA ANGGOTA BADAN AD HOC", None), ("Jenis Badan", ": KPPS"),
                         ("Provinsi", ": SUMATERA SELATAN"), ("Kabupaten/Kota", ": KOTA PALEMBANG"),
                         ("Kecamatan", ": ILIR BARAT I"), ("Kelurahan/Desa", ": BUKIT LAMA"),
                         ("Tanggal Unduh", ": 15/01/2024 09:12:44")):
        ws.append([label, value])
    ws.append([])
    ws.append(["no", "nik", "nkk", "nama_lengkap", "jenis_kelamin", "tempat_lahir",
               "tanggal_lahir", "no_hp", "posisi", "kode_tps"])
    number = 0
    for tps in (1, 2):
        for jabatan, peran in _team_roles("anggota_n"):
            p = people.next()
            number += 1
            ws.append([number, p.nik, f"1671{number:012d}", p.nama.upper(),
                       "LAKI-LAKI" if p.sex == "L" else "PEREMPUAN", "PALEMBANG",
                       p.dob.isoformat(), f"62812{number:08d}", jabatan.upper(),
                       f"1671071005{tps:03d}"])
            truth.add3(ws.title, ws.max_row, p, "ILIR BARAT I", "BUKIT LAMA", tps, peran,
                       "PALEMBANG", nama=p.nama.upper())
            truth.expect(ws.title, ws.max_row, kabkota="KOTA PALEMBANG")
    wb.save(path)
    return truth


# 9. A reserve (cadangan) list below the roster --------------------------------------------

def cadangan_below(path: Path) -> Truth4:
    """The PPS's roster of two TPS, then below a blank row "DAFTAR CADANGAN ANGGOTA KPPS" and
    three reserves in the same columns (TPS named, jabatan "Cadangan"), and on the second
    sheet reserves marked only by a Keterangan "Cadangan" inside the team. Reserves are not
    seated: not counted in the teams or the budget. Planted: row.inactive for every reserve."""
    people = Officers("167136")
    truth = Truth4()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    header = ["No", "Nama", "NIK", "JK", "Tanggal Lahir", "Jabatan", "TPS", "Keterangan"]
    for desa in ("Sukamaju", "Sukarela"):
        ws = wb.create_sheet(desa)
        ws.append([f"DAFTAR ANGGOTA KPPS DESA {desa.upper()} KECAMATAN SAKO"])
        ws.append(header)
        number = 0
        for tps in (1, 2):
            roles = _team_roles("default")
            if desa == "Sukarela":
                roles = [*roles, ("Anggota", "anggota")]
            for k, (jabatan, peran) in enumerate(roles):
                p = people.next()
                number += 1
                reserve = k == 7
                ws.append([number, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps,
                           "Cadangan" if reserve else None])
                truth.add3(ws.title, ws.max_row, p, "SAKO", desa, tps, peran)
                truth.expect(ws.title, ws.max_row, aktif=not reserve)
                if reserve:
                    truth.plant("row.inactive", ws.title, ws.max_row)
        if desa == "Sukamaju":
            ws.append([])
            ws.append(["DAFTAR CADANGAN ANGGOTA KPPS"])
            for k in range(3):
                p = people.next()
                tps = 1 + k % 2
                ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), "Cadangan", tps, None])
                truth.add3(ws.title, ws.max_row, p, "SAKO", desa, tps, None)
                truth.expect(ws.title, ws.max_row, aktif=False)
                truth.plant("row.inactive", ws.title, ws.max_row)
    wb.save(path)
    return truth


# 10. An Indonesian Excel's CSV: long dates, dotted NIKs, +62 phones -----------------------

def long_dates_csv(path: Path) -> Truth4:
    """A ';' CSV saved by an Indonesian-locale Excel from a sheet whose date column had the
    long date format: "Sabtu, 12 Mei 1990" (some "12 Mei 1990"); NIKs typed with dots or spaces
    in groups of four ("1671.0412.0390.0001"), phones "+62 812-3456-7890"; cp1252, CRLF.
    Planted: nothing."""
    people = Officers("167137")
    truth = Truth4()
    sheet = path.stem
    lines = ["No;Nama;NIK;L/P;Tanggal Lahir;Jabatan;TPS;Kelurahan;Kecamatan;No HP"]
    row = 1
    for tps in (7, 8):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            row += 1
            d = p.dob
            dob = f"{_DAYS[d.weekday()]}, {_long(d)}" if k % 3 else _long(d)
            nik = (".", " ", "")[k % 3].join(p.nik[i:i + 4] for i in range(0, 16, 4))
            phone = f"+62 812-{row:04d}-{k:04d}"
            lines.append(";".join([str(k + 1), p.nama, nik, p.sex, dob, jabatan, str(tps),
                                   "Kel. Talang Jambe", "Kec. Sukarami", phone]))
            truth.add3(sheet, row, p, "Sukarami", "Talang Jambe", tps, peran)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return truth


# 11. A table from C12 behind frozen panes, an autofilter hiding rows, a hidden column -----

def table_at_c12(path: Path) -> Truth4:
    """Titles in C2:C5, a blank band, the header at C12 with an autofilter that hides TPS 2's
    rows, panes frozen under the header and right of the name, a hidden "NIK LAMA" helper column
    of formulas without cached values. Hidden rows are checked. Planted: nothing."""
    people = Officers("167138")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPPS"
    for r, text in ((2, "KOMISI PEMILIHAN UMUM KOTA PALEMBANG"),
                    (3, "DAFTAR ANGGOTA KPPS PEMILU 2024"), (4, "KECAMATAN : KALIDONI"),
                    (5, "KELURAHAN : SEI SELAYUR")):
        ws.cell(r, 3, text)
    header = ("NO", "NAMA", "NIK", "CEK NIK", "L/P", "TGL LAHIR", "JABATAN", "TPS")
    for j, label in enumerate(header):
        ws.cell(12, 3 + j, label)
    row = 12
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("anggota_n")):
            p = people.next()
            row += 1
            for j, value in enumerate((k + 1, p.nama, p.nik, f"=LEN(E{row})", p.sex,
                                       _ddmmyyyy(p.dob), jabatan, tps)):
                ws.cell(row, 3 + j, value)
            if tps == 2:
                ws.row_dimensions[row].hidden = True
            truth.add3(ws.title, row, p, "KALIDONI", "SEI SELAYUR", tps, peran)
    ws.auto_filter.ref = f"C12:J{row}"
    ws.auto_filter.add_filter_column(7, ["1"])
    ws.freeze_panes = "E13"
    ws.column_dimensions["F"].hidden = True
    wb.save(path)
    return truth


# 12. A LibreOffice Calc .ods -----------------------------------------------------------------

def _ods_cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, tuple):  # (text, columns spanned)
        text, span = value
        return (f'<table:table-cell office:value-type="string" table:number-columns-spanned='
                f'"{span}"><text:p>{escape(text)}</text:p></table:table-cell>'
                f'<table:covered-table-cell table:number-columns-repeated="{span - 1}"/>')
    if isinstance(value, dt.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="'
                f'{value.isoformat()}"><text:p>{value.strftime("%d/%m/%Y")}</text:p>'
                "</table:table-cell>")
    if isinstance(value, int):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>")


def write_ods(path: Path, sheets: dict[str, list[list[object]]],
              hidden: frozenset[str] | set[str] = frozenset(),
              cell: Callable[[object], str] = _ods_cell) -> None:
    """A minimal OpenDocument spreadsheet (mimetype first, stored; content.xml; manifest);
    the sheets named in hidden have a table style with table:display="false"; cell writes
    one cell's XML."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2"')
    styles = ('<office:automatic-styles><style:style style:name="hid" style:family="table">'
              '<style:table-properties table:display="false"/></style:style>'
              "</office:automatic-styles>") if hidden else ""
    tables = "".join(
        f'<table:table table:name="{escape(name)}"'
        + (' table:style-name="hid"' if name in hidden else "") + ">" + "".join(
            "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
            for row in rows) + "</table:table>" for name, rows in sheets.items())
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}>'
               f"{styles}<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:'
                'oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
                '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)


def ods_calc(path: Path) -> Truth4:
    """A PPS that works in LibreOffice Calc: an .ods with a title spanned over the table, date
    cells, TPS and No as numbers, two desa sheets. Planted: nothing."""
    people = Officers("167139")
    truth = Truth4()
    sheets: dict[str, list[list[object]]] = {}
    for desa in ("Karya Baru", "Talang Kelapa"):
        rows: list[list[object]] = [[(f"DAFTAR KPPS KELURAHAN {desa.upper()} KECAMATAN "
                                      "ALANG-ALANG LEBAR", 7)], [],
                                    ["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "TPS"]]
        for k, (jabatan, peran) in enumerate(_team_roles("kpps_n")):
            p = people.next()
            rows.append([k + 1, p.nama, p.nik, p.sex, p.dob, jabatan, 4])
            truth.add3(desa, len(rows), p, "ALANG-ALANG LEBAR", desa, 4, peran)
        sheets[desa] = rows
    write_ods(path, sheets)
    return truth


# 13. Abbreviated roles ----------------------------------------------------------------------

ABBREVIATED = ("KETUA", "Agt.", "Agt 2", "ANGG.", "Angg. KPPS", "ANGGT", "Agt. KPPS 6")


def role_abbreviations(path: Path) -> Truth4:
    """Jabatan as a clerk short of column width writes it: "KETUA", "Agt.", "Agt 2", "ANGG.",
    "Angg. KPPS", "ANGGT", "Agt. KPPS 6"; an age column "USIA (THN)" beside the date.
    Planted: nothing."""
    people = Officers("167140")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kel Srijaya"
    ws.append(["SUSUNAN KPPS KELURAHAN SRIJAYA KECAMATAN ALANG-ALANG LEBAR"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Usia (Thn)", "Jab.", "TPS"])
    for tps in (5, 6):
        for k, jabatan in enumerate(ABBREVIATED):
            p = people.next()
            age = 2024 - p.dob.year - ((p.dob.month, p.dob.day) > (2, 14))
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), age, jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "ALANG-ALANG LEBAR", "SRIJAYA", tps,
                       "ketua" if k == 0 else "anggota")
    wb.save(path)
    return truth


# 14. A PAW recap sheet beside the roster ----------------------------------------------------

def paw_recap_sheet(path: Path) -> Truth4:
    """The roster (the leaver marked "Diganti" in Keterangan, the replacement appended as
    "Pengganti") and a "REKAP PAW" sheet: No | TPS | Nama Lama | NIK Lama | Nama Pengganti |
    NIK Pengganti | Alasan. The recap lists people already in the roster: no officer of its
    own, no duplicate; it is skipped with a note. Planted: row.inactive for the leaver,
    sheet.no_roster for the recap."""
    people = Officers("167141")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPPS"
    ws.append(["DAFTAR KPPS KELURAHAN SUKAJAYA KECAMATAN SUKARAMI"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS", "Keterangan"])
    swaps = []
    for tps in (1, 2):
        team = [(people.next(), jabatan, peran) for jabatan, peran in _team_roles("default")]
        if tps == 2:
            team.append((people.next(), "Anggota", "anggota"))
            swaps.append((team[4][0], team[7][0]))
        for k, (p, jabatan, peran) in enumerate(team):
            note = "Diganti" if tps == 2 and k == 4 else "Pengganti" if k == 7 else None
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps, note])
            truth.add3(ws.title, ws.max_row, p, "SUKARAMI", "SUKAJAYA", tps, peran)
            truth.expect(ws.title, ws.max_row, aktif=note != "Diganti")
            if note == "Diganti":
                truth.plant("row.inactive", ws.title, ws.max_row)
    recap = wb.create_sheet("REKAP PAW")
    recap.append(["REKAPITULASI PERGANTIAN ANTAR WAKTU (PAW) ANGGOTA KPPS"])
    recap.append(["No", "TPS", "Nama Lama", "NIK Lama", "Nama Pengganti", "NIK Pengganti",
                  "Alasan"])
    for k, (old, new) in enumerate(swaps, 1):
        recap.append([k, 2, old.nama, old.nik, new.nama, new.nik, "Bekerja di luar kota"])
    truth.plant("sheet.no_roster", recap.title, None)
    wb.save(path)
    return truth


# 15. A tab-separated "Unicode Text" export ----------------------------------------------------

def unicode_text(path: Path) -> Truth4:
    """Excel's "Save As > Unicode Text (*.txt)": UTF-16 with BOM, tabs, CRLF, a title line,
    quoted multi-word cells. Planted: nothing."""
    people = Officers("167142")
    truth = Truth4()
    sheet = path.stem
    lines = ["DAFTAR ANGGOTA KPPS KELURAHAN SUKODADI KECAMATAN SUKARAMI",
             "\t".join(["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "TPS"])]
    for tps in (3, 4):
        for k, (jabatan, peran) in enumerate(_team_roles("anggota_n")):
            p = people.next()
            lines.append("\t".join([str(k + 1), p.nama, p.nik, p.sex, p.dob.strftime("%d/%m/%Y"),
                                    jabatan, str(tps)]))
            truth.add3(sheet, len(lines), p, "SUKARAMI", "SUKODADI", tps, peran)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))
    return truth


# 16. Region codes and BPS-style abbreviated names -----------------------------------------

CODED_HEADER = ("KD_PROV", "NM_PROV", "KD_KAB", "NM_KAB", "KD_KEC", "NM_KEC", "KD_KEL", "NM_KEL",
                "NO_TPS", "NIK", "NM_LENGKAP", "JK", "TGL_LHR", "JABATAN")


def region_codes(path: Path) -> Truth4:
    """A data officer's extract in BPS style: a code and a name column per level (KD_PROV |
    NM_PROV | KD_KAB | NM_KAB | KD_KEC | NM_KEC | KD_KEL | NM_KEL), NO_TPS, NM_LENGKAP,
    TGL_LHR; two kelurahan of one kecamatan, TPS 1 in each. Planted: nothing."""
    people = Officers("167108")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ekstrak"
    ws.append(list(CODED_HEADER))
    for code, desa in (("1671081001", "SUKAJAYA"), ("1671081002", "SUKODADI")):
        for jabatan, peran in _team_roles("default"):
            p = people.next()
            ws.append(["16", "SUMATERA SELATAN", "1671", "KOTA PALEMBANG", "167108", "SUKARAMI",
                       code, desa, 1, p.nik, p.nama, p.sex, _ddmmyyyy(p.dob), jabatan])
            truth.add3(ws.title, ws.max_row, p, "SUKARAMI", desa, 1, peran)
            truth.expect(ws.title, ws.max_row, kabkota="KOTA PALEMBANG")
    wb.save(path)
    return truth


# 17. Cells copied from a web page or a PDF: non-breaking spaces --------------------------

NBSP = "\u00a0"


def web_copied(path: Path) -> Truth4:
    """A roster pasted from a web page or a PDF: non-breaking spaces between the NIK's groups
    ("1671\u00a00412\u00a00390\u00a00001"), around and inside names, in the labels ("Nama\u00a0
    Lengkap", "Tgl\u00a0Lahir"), after the TPS number, around the sex letter.
    Planted: nothing."""
    people = Officers("167109")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kel Sukabangun"
    ws.append([f"DAFTAR{NBSP}KPPS KELURAHAN SUKABANGUN KECAMATAN SUKARAMI"])
    ws.append(["No", f"Nama{NBSP}Lengkap", f"N{NBSP}I{NBSP}K", "L/P", f"Tgl{NBSP}Lahir", "Jabatan", "TPS"])
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            nik = NBSP.join(p.nik[i:i + 4] for i in range(0, 16, 4)) if k % 2 else f"{p.nik}{NBSP}"
            ws.append([k + 1, f"{NBSP}{p.nama.replace(' ', NBSP, 1)}", nik, f"{p.sex}{NBSP}",
                       _ddmmyyyy(p.dob) + NBSP, jabatan, f"{tps}{NBSP}"])
            truth.add3(ws.title, ws.max_row, p, "SUKARAMI", "SUKABANGUN", tps, peran,
                       nama=p.nama.replace(" ", NBSP, 1))
    wb.save(path)
    return truth


# 18. Names merged across two columns in every row, rich text --------------------------------

def merged_name_cells(path: Path) -> Truth4:
    """A form whose NAMA column is two columns wide: the label and every name merged over B:C
    (Merge & Center row by row), NIK in D; some names in rich text (a bold title).
    Planted: nothing."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    people = Officers("167110")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Desa Sukamulya"
    ws.append(["DAFTAR KPPS DESA SUKAMULYA KECAMATAN SUNGAI LILIN"])
    ws.append(["NO", "NAMA", None, "NIK", "L/P", "TGL LAHIR", "JABATAN", "TPS"])
    ws.merge_cells("B2:C2")
    for tps in (3, 4):
        for k, (jabatan, peran) in enumerate(_team_roles("anggota_n")):
            p = people.next()
            ws.append([k + 1, p.nama, None, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps])
            row = ws.max_row
            if k % 3 == 0:
                first, _, rest = p.nama.partition(" ")
                ws.cell(row, 2).value = CellRichText(TextBlock(InlineFont(b=True), first), f" {rest}")
            ws.merge_cells(f"B{row}:C{row}")
            truth.add3(ws.title, row, p, "SUNGAI LILIN", "SUKAMULYA", tps, peran)
    wb.save(path)
    return truth


# 19. Block titles numbered in the No column ------------------------------------------------

def numbered_block_titles(path: Path) -> Truth4:
    """Each team under a block title written in the Nama column with its section number in the
    No column ("I" | "TPS 001 KELURAHAN SUKAMAJU", "II" | "TPS 002 ...", "A." | "KPPS TPS
    003"), the members numbered 1..7 again; no TPS column. Planted: nothing."""
    people = Officers("167111")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEC SAKO"
    ws.append(["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan"])
    for number, title, desa, tps in (("I", "TPS 001 KELURAHAN SUKAMAJU", "Sukamaju", 1),
                                     ("II", "TPS 002 KELURAHAN SUKAMAJU", "Sukamaju", 2),
                                     ("A.", "TPS 001 - KEL. SIALANG", "Sialang", 1)):
        ws.append([number, title])
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan])
            truth.add3(ws.title, ws.max_row, p, "SAKO", desa, tps, peran)
    wb.save(path)
    return truth


# 20. A copy of the roster sheet: Excel's "(2)" copy and a print sheet of formulas --------

def sheet_copies(path: Path) -> Truth4:
    """The roster sheet "KEC SAKO", a copy made with Move or Copy ("KEC SAKO (2)", the same
    values) and a "CETAK" print sheet whose every cell is a formula on the roster
    (='KEC SAKO'!B3, cached results as Excel saves them); inline strings. The officers are
    those of the first sheet; each copy is read once, as a note. Planted: sheet.no_roster for
    the two copies."""
    from layouts_wild3 import write_inline_xlsx

    people = Officers("167143")
    truth = Truth4()
    header = ["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS", "Kelurahan"]
    rows: list[list[object]] = [["DAFTAR ANGGOTA KPPS KECAMATAN SAKO"], header]
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            rows.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps, "Sialang"])
            truth.add3("KEC SAKO", len(rows), p, "SAKO", "Sialang", tps, peran)
    letters = "ABCDEFGH"
    printed = [[(f"'KEC SAKO'!{letters[j]}{i}", str(v)) if v is not None else None
                for j, v in enumerate(row)] for i, row in enumerate(rows, 1)]
    write_inline_xlsx(path, {"KEC SAKO": rows, "KEC SAKO (2)": [list(r) for r in rows],
                             "CETAK": printed})
    truth.plant("sheet.no_roster", "KEC SAKO (2)", None)
    truth.plant("sheet.no_roster", "CETAK", None)
    return truth


# 21. The age written after the date, dates in an English locale's words ------------------

def age_after_date(path: Path) -> Truth4:
    """A PPS that writes the age after the date of birth ("Palembang, 12-05-1990 (33 th)" in
    the TTL column on one sheet; "12/05/1990 (33 tahun)", "12 Mei 1990 (umur 33)" in a date
    column on the other) and a data officer's English-locale dates ("May 12, 1990",
    "Sept. 3, 1985"). Planted: nothing."""
    people = Officers("167144")
    truth = Truth4()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, label in (("TTL", "Tempat, Tanggal Lahir (Usia)"), ("Tgl", "Tanggal Lahir")):
        ws = wb.create_sheet(f"Kel Karya Jaya {name}")
        ws.append(["DAFTAR KPPS KELURAHAN KARYA JAYA KECAMATAN KERTAPATI"])
        ws.append(["No", "Nama", "NIK", "L/P", label, "Jabatan", "TPS"])
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            d = p.dob
            age = 2024 - d.year - ((d.month, d.day) > (2, 14))
            if name == "TTL":
                cell = f"Palembang, {_ddmmyyyy(d)} ({age} th)"
            else:
                cell = (f"{d.strftime('%d/%m/%Y')} ({age} tahun)", f"{_long(d)} (umur {age})",
                        d.strftime("%B %d, %Y"), f"{d.strftime('%b')}. {d.day}, {d.year}")[k % 4]
            ws.append([k + 1, p.nama, p.nik, p.sex, cell, jabatan, 1 if name == "TTL" else 2])
            truth.add3(ws.title, ws.max_row, p, "KERTAPATI", "KARYA JAYA", 1 if name == "TTL" else 2,
                       peran, "Palembang" if name == "TTL" else None)
    wb.save(path)
    return truth


# 22. Filling instructions beside the table, spacer columns -------------------------------

def instructions_beside(path: Path) -> Truth4:
    """A template with a "PETUNJUK PENGISIAN" box in K1:K12 beside the table (numbered lines,
    one naming "NIK dan Nama sesuai KTP"), narrow blank spacer columns between the data
    columns (A, C, E, ...), and the box's lines running below the last officer.
    Planted: nothing."""
    people = Officers("167145")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Format KPPS"
    notes = ["PETUNJUK PENGISIAN", "1. Isi NIK dan Nama sesuai KTP-el", "2. Tanggal lahir dd-mm-yyyy",
             "3. Jabatan: Ketua / Anggota", "4. Satu baris satu petugas", "5. Jangan ubah judul kolom",
             *[f"{i}. Simpan sebagai .xlsx" for i in range(6, 19)]]
    ws.append(["No", None, "Nama", None, "NIK", None, "L/P", None, "Tgl Lahir", None, "Jabatan", None,
               "TPS", None, None, notes[0]])
    row = 1
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            row += 1
            ws.append([k + 1, None, p.nama, None, p.nik, None, p.sex, None, _ddmmyyyy(p.dob), None,
                       jabatan, None, tps, None, None, notes[row - 1] if row - 1 < len(notes) else None])
            truth.add3(ws.title, row, p, None, None, tps, peran)
    for line in notes[row:]:
        ws.append([None] * 15 + [line])
    wb.save(path)
    return truth


# 23. The TPS's voter list (DPT) kept beside the roster ------------------------------------

def voter_list_sheet(path: Path) -> Truth4:
    """A PPS workbook with the KPPS roster and, to look the officers up, the TPS's voter list
    ("DPT TPS 001": DAFTAR PEMILIH TETAP title, NKK | NIK | NAMA | TEMPAT LAHIR | TANGGAL LAHIR
    | STS KAWIN | L/P | ALAMAT | RT | RW | DIS | KET, no jabatan) in which every officer is a
    voter among others. Planted: sheet.no_roster for the voter list."""
    people = Officers("167146")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPPS"
    ws.append(["DAFTAR ANGGOTA KPPS TPS 001 DESA SUKARAJA KECAMATAN BUAY MADANG"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan"])
    officers = []
    for k, (jabatan, peran) in enumerate(_team_roles("default")):
        p = people.next()
        officers.append(p)
        ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan])
        truth.add3(ws.title, ws.max_row, p, "BUAY MADANG", "SUKARAJA", 1, peran)
    dpt = wb.create_sheet("DPT TPS 001")
    dpt.append(["DAFTAR PEMILIH TETAP PEMILU TAHUN 2024"])
    dpt.append(["DESA SUKARAJA KECAMATAN BUAY MADANG TPS 001"])
    dpt.append(["NO", "NKK", "NIK", "NAMA", "TEMPAT LAHIR", "TANGGAL LAHIR", "STS KAWIN", "L/P",
                "ALAMAT", "RT", "RW", "DIS", "KET"])
    voters = [*officers, *(people.next() for _ in range(12))]
    for k, v in enumerate(sorted(voters, key=lambda v: v.nama), 1):
        dpt.append([k, f"1671{k:012d}", v.nik, v.nama.upper(), "SUKARAJA", _ddmmyyyy(v.dob), "S",
                    v.sex, "DUSUN I", "001", "002", None, None])
    truth.plant("sheet.no_roster", dpt.title, None)
    wb.save(path)
    return truth


# 24. PPS, their secretariat and the PPK in one workbook with a KPPS team -----------------

def ad_hoc_bodies(path: Path) -> Truth4:
    """A KPU kota's workbook of its ad hoc bodies without a badan column: "PPS" (title "DAFTAR
    ANGGOTA PPS SE-KECAMATAN SAKO", three per desa: Ketua, Anggota, Anggota), "Sekretariat"
    (title "DAFTAR SEKRETARIAT PPS KECAMATAN SAKO": Sekretaris, Staf Pelaksana), "PPK" (no
    title; jabatan "Ketua PPK", "Anggota PPK"), and "KPPS" (a team at TPS 1). None of the PPS
    or PPK rows has a TPS, and none of them is budgeted as KPPS. Planted: nothing."""
    people = Officers("167147")
    truth = Truth4()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    sheets = (
        ("PPS", "DAFTAR ANGGOTA PPS SE-KECAMATAN SAKO", "PPS",
         [("Ketua", "ketua"), ("Anggota", "anggota"), ("Anggota", "anggota")]),
        ("Sekretariat", "DAFTAR SEKRETARIAT PPS KECAMATAN SAKO", "Sekretariat PPS",
         [("Sekretaris", "sekretaris"), ("Staf Pelaksana", "pelaksana"), ("Staf Pelaksana", "pelaksana")]),
    )
    for name, title, badan, roles in sheets:
        ws = wb.create_sheet(name)
        ws.append([title])
        ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "Desa"])
        for desa in ("Sialang", "Sukamaju"):
            for k, (jabatan, peran) in enumerate(roles):
                p = people.next()
                ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, desa])
                truth.add3(ws.title, ws.max_row, p, "SAKO", desa, None, peran, badan=badan)
    ws = wb.create_sheet("PPK")
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "Kecamatan"])
    for k in range(5):
        p = people.next()
        jabatan, peran = ("Ketua PPK", "ketua") if k == 0 else ("Anggota PPK", "anggota")
        ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, "Sako"])
        truth.add3(ws.title, ws.max_row, p, "Sako", None, None, peran, badan="PPK")
    ws = wb.create_sheet("KPPS")
    ws.append(["DAFTAR ANGGOTA KPPS DESA SIALANG KECAMATAN SAKO"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS"])
    for k, (jabatan, peran) in enumerate(_team_roles("default")):
        p = people.next()
        ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, 1])
        truth.add3(ws.title, ws.max_row, p, "SAKO", "SIALANG", 1, peran)
    wb.save(path)
    return truth


# 25. One TPS's form, the TPS and the desa only in the file's name -------------------------

def tps_file_name(path: Path) -> Truth4:
    """A KPPS sends its own form as "KPPS_TPS_004_Desa Sukajadi.xlsx": "Sheet1", the kecamatan
    in the title, no TPS or desa column or title. Planted: nothing."""
    people = Officers("160714")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["FORMULIR DATA ANGGOTA KPPS KECAMATAN TALANG KELAPA"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "No HP"])
    for k, (jabatan, peran) in enumerate(_team_roles("caps")):
        p = people.next()
        ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, f"0821{k:08d}"])
        truth.add3(ws.title, ws.max_row, p, "TALANG KELAPA", "SUKAJADI", 4, peran)
    wb.save(path)
    return truth


# 26. One TPS's team written across (an officer per column) ------------------------------

def transposed_team(path: Path) -> Truth4:
    """A desa workbook whose TPS 1 sheet is a roster as usual and whose "TPS 2" sheet is laid
    out across, as a printed SK attachment is: labels down column A (Jabatan, Nama, NIK, L/P,
    Tgl Lahir) and one officer per column B:H. The transposed sheet is not read (rows are
    officers everywhere else): a note says how to turn it. Planted: sheet.no_roster there."""
    people = Officers("167148")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "TPS 1"
    ws.append(["DAFTAR KPPS DESA SUKARAJA KECAMATAN BUAY MADANG"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan"])
    for k, (jabatan, peran) in enumerate(_team_roles("default")):
        p = people.next()
        ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan])
        truth.add3(ws.title, ws.max_row, p, "BUAY MADANG", "SUKARAJA", 1, peran)
    across = wb.create_sheet("TPS 2")
    across.append(["DAFTAR KPPS DESA SUKARAJA KECAMATAN BUAY MADANG"])
    team = [(people.next(), jabatan) for jabatan, _ in _team_roles("default")]
    for label, value in (("Jabatan", lambda p, j: j), ("Nama", lambda p, j: p.nama),
                         ("NIK", lambda p, j: p.nik), ("L/P", lambda p, j: p.sex),
                         ("Tgl Lahir", lambda p, j: _ddmmyyyy(p.dob))):
        across.append([label, *(value(p, j) for p, j in team)])
    truth.plant("sheet.no_roster", across.title, None)
    wb.save(path)
    return truth


# 27. Phone numbers as clerks type them ---------------------------------------------------

PHONES = ("0812-3456-7890 / 0813-1111-2222", "0812 3456 7890 (WA)", "WA: 081234567891",
          "+62 812 3456 7892", "0812.3456.7893", "0812345678, 085712345678",
          "HP. 0812 3456 789 atau 0856 1234 5678")


def phones_as_typed(path: Path) -> Truth4:
    """A "No. HP / WA" column as officers fill in a form: two numbers with a slash, a comma or
    "atau", a "(WA)" or "WA:"/"HP." label, +62 with spaces, dots; one number too short
    ("0812345"). Planted: phone.format for that one only."""
    people = Officers("167149")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kel Talang Betutu"
    ws.append(["DAFTAR KPPS KELURAHAN TALANG BETUTU KECAMATAN SUKARAMI"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS", "No. HP / WA"])
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            phone = "0812345" if (tps, k) == (2, 3) else PHONES[k]
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps, phone])
            truth.add3(ws.title, ws.max_row, p, "SUKARAMI", "TALANG BETUTU", tps, peran)
            if phone == "0812345":
                truth.plant("phone.format", ws.title, ws.max_row)
    wb.save(path)
    return truth


# 28. Look-alikes the round-4 rules must leave alone --------------------------------------

def lookalikes(path: Path) -> Truth4:
    """Rosters that only look like what round 4 skips or re-reads: sheet "DPT Cek" (a roster
    with a jabatan column, officers checked against the DPT), titled "LAMPIRAN KEPUTUSAN PPS
    DESA SUKARAJA" over a TPS column (the KPPS the PPS decided), a Keterangan "Diangkat dari
    cadangan" (serving) and "Status Perkawinan" column; a person named "Ketut Catatan", a name
    typed "*Budi ..." with its NIK; sheet "DPT Cek (2)" of the same size with other officers
    (no copy). Planted: nothing."""
    people = Officers("167150")
    truth = Truth4()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, tps in (("DPT Cek", 1), ("DPT Cek (2)", 2)):
        ws = wb.create_sheet(name)
        ws.append(["LAMPIRAN KEPUTUSAN PPS DESA SUKARAJA KECAMATAN BUAY MADANG"])
        ws.append(["NOMOR : 07/PPS/2024"])
        ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS", "Status Perkawinan",
                   "Keterangan"])
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            nama = ("Ketut Catatan" if k == 2 else f"*{p.nama}" if k == 4 else p.nama)
            note = "Diangkat dari cadangan" if k == 5 else None
            ws.append([k + 1, nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps, "Kawin", note])
            truth.add3(ws.title, ws.max_row, p, "BUAY MADANG", "SUKARAJA", tps, peran, nama=nama)
            truth.expect(ws.title, ws.max_row, aktif=True, keterangan=note)
    wb.save(path)
    return truth


LAYOUTS: dict[str, tuple[str, Callable[[Path], Truth4]]] = {
    "date_first_ttl": ("xlsx", date_first_ttl),
    "sex_codes": ("xlsx", sex_codes),
    "status_column": ("xlsx", status_column),
    "english_headers": ("xlsx", english_headers),
    "footnote_labels": ("xlsx", footnote_labels),
    "banner_blocks": ("xlsx", banner_blocks),
    "ktp_address_group": ("xlsx", ktp_address_group),
    "siakba_export": ("xlsx", siakba_export),
    "cadangan_below": ("xlsx", cadangan_below),
    "long_dates_csv": ("csv", long_dates_csv),
    "table_at_c12": ("xlsx", table_at_c12),
    "ods_calc": ("ods", ods_calc),
    "role_abbreviations": ("xlsx", role_abbreviations),
    "paw_recap_sheet": ("xlsx", paw_recap_sheet),
    "unicode_text": ("txt", unicode_text),
    "region_codes": ("xlsx", region_codes),
    "web_copied": ("xlsx", web_copied),
    "merged_name_cells": ("xlsx", merged_name_cells),
    "numbered_block_titles": ("xlsx", numbered_block_titles),
    "sheet_copies": ("xlsx", sheet_copies),
    "age_after_date": ("xlsx", age_after_date),
    "instructions_beside": ("xlsx", instructions_beside),
    "voter_list_sheet": ("xlsx", voter_list_sheet),
    "ad_hoc_bodies": ("xlsx", ad_hoc_bodies),
    "tps_file_name": ("xlsx", tps_file_name),
    "transposed_team": ("xlsx", transposed_team),
    "phones_as_typed": ("xlsx", phones_as_typed),
    "lookalikes": ("xlsx", lookalikes),
}


# The file name a layout is saved under, when it is part of the layout.
STEMS = {"tps_file_name": "KPPS_TPS_004_Desa Sukajadi"}


def build(name: str, folder: Path) -> tuple[Path, Truth4]:
    """Write layout name into folder; (its path, its truth)."""
    suffix, builder = LAYOUTS[name]
    path = folder / f"{STEMS.get(name, name)}.{suffix}"
    return path, builder(path)


def extra_mismatches(frame, truth: Truth4) -> list[str]:  # noqa: ANN001
    """Differences in Truth4.extra's columns between a frame and the truth."""
    out = []
    rows = {(str(r["_sheet"]), int(r["_row"])): r for r in frame.astype(object).to_dict("records")}
    for key, wanted in sorted(truth.extra.items()):
        record = rows.get(key)
        if record is None:
            continue  # reported by mismatches()
        for column, value in wanted.items():
            got = record[column]
            got = None if got is None or got is _NA or got != got else got
            if isinstance(value, bool):
                got = bool(got) if got is not None else None
            elif got is not None:
                got = str(got)
            if got != value:
                out.append(f"{key} {column}: got {got!r}, want {value!r}")
    return out


try:  # pandas' NA, compared by identity above
    from pandas import NA as _NA
except ImportError:  # pragma: no cover
    _NA = None
