"""Wild roster layouts, round 5: what KPU kab/kota offices send that rounds 1 to 4 lack.

Same contract as tests/layouts_wild4.py (Officers, Truth4 reused): every builder writes one
file and returns a Truth4 (every officer's sheet, Excel row, NIK, name, sex, date of birth,
kecamatan, desa, TPS, peran, badan, place of birth, and the planted findings), plus per-row
values of further columns (Truth4.extra). Everything not planted is clean. The layouts: labels
with a clerk's typos beside look-alike labels of other things (NIK Ayah, Tgl Pelantikan,
Tanggal SK), a KETERANGAN column and a STATUS column together, hidden and very hidden sheets
beside the roster, a subtotal row per TPS inside one table with group rows per kelurahan, NIKs
typed with spaces/dots/dashes/an apostrophe/full-width digits or turned into 1.70601E+15, two-
digit years and "12 Mei '90", a cover letter of thirty rows above the header, KPPS numbered in
Roman numerals, Linmas rows inside the KPPS teams, a workbook of one sheet per TPS "TPS 01" to
"TPS 12" with a REKAP, the jabatan/TPS/desa merged down each team, the date of birth in three
labelled columns "TGL LAHIR | BLN LAHIR | THN LAHIR", a double-spaced roster, a CSV with typo
labels and literal apostrophes, an .ods with typo labels and a hidden sheet, look-alikes of
what round 5 skips or corrects, the whole date beside BULAN/TAHUN LAHIR helper columns, a two-row
header with typos in its group labels, sex words and TPS numbers typed with a slip or in Roman
numerals, jabatan typed with a slip ("Angota", "Ketau"), and place and date typed into a column
labelled "Tgl Lahir" or "Tempat Lahir" alone, an .ods whose TPS, jabatan and desa are merged
down each team, labels typed a word per row over two unmerged header rows, and a Keterangan
typed by hand ("Di ganti", "Mngundurkan diri", "Berhalangan tetap"), and the Linmas told apart
only by a Keterangan or a "Jenis Petugas" column, and dates typed with old or short month names,
without spaces or with spaces for dashes, and a cover letter pushing the header to row 95 (.xlsx and CSV).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from layouts_wild import _MONTHS, _SHORT, Officers, _team_roles
from layouts_wild4 import Truth4, _ods_cell, write_ods


def _ddmmyyyy(d: dt.date) -> str:
    return d.strftime("%d-%m-%Y")


def _age(d: dt.date) -> int:
    return 2024 - d.year - ((d.month, d.day) > (2, 14))


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# 1. Labels with a clerk's typos, and look-alike labels of other things --------------------

TYPO_LABELS = ("No", "NAMA LENGKAP", "N I K", "Jenis Klamin", "Tempat Lahr", "TGL LAHR",
               "JABATN", "No. TPS", "Kelurhan", "Kecamtan", "No. Handphone")
LOOKALIKE_LABELS = ("No", "Nama Ibu Kandung", "Nama", "NIK Ayah", "NIK / No. KTP", "L/P",
                    "Tanggal SK", "Tgl Pelantikan", "Tgl. Lhr", "Jabatan di KPPS", "TPS",
                    "No. Telp/HP")


def typo_labels(path: Path) -> Truth4:
    """Sheet "Kel Sukajadi": labels as a clerk types them ("Jenis Klamin", "Tempat Lahr", "TGL
    LAHR", "JABATN", "Kelurhan", "Kecamtan", "No. Handphone"). Sheet "Kel Sukamaju": look-alike
    labels *before* the real ones: "Nama Ibu Kandung" before "Nama", "NIK Ayah" (the father's
    valid NIK) before "NIK / No. KTP", "Tanggal SK" and "Tgl Pelantikan" (dates of 2023) before
    "Tgl. Lhr". Planted: nothing."""
    people = Officers("167201")
    fathers = Officers("167202")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kel Sukajadi"
    ws.append(["DAFTAR ANGGOTA KPPS PEMILU 2024"])
    ws.append(list(TYPO_LABELS))
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, "Palembang", _ddmmyyyy(p.dob), jabatan,
                       tps, "Sukajadi", "Talang Kelapa", f"0812{tps}{k:07d}"])
            truth.add3(ws.title, ws.max_row, p, "Talang Kelapa", "Sukajadi", tps, peran,
                       "Palembang")
            truth.expect(ws.title, ws.max_row, no_hp=f"0812{tps}{k:07d}")
    ws = wb.create_sheet("Kel Sukamaju")
    ws.append(["DAFTAR ANGGOTA KPPS KELURAHAN SUKAMAJU KECAMATAN TALANG KELAPA"])
    ws.append(list(LOOKALIKE_LABELS))
    for k, (jabatan, peran) in enumerate(_team_roles("anggota_n")):
        p, father = people.next(), fathers.next()
        ws.append([k + 1, f"Ibu {p.nama}", p.nama, father.nik, p.nik, p.sex, "02-01-2024",
                   "25-01-2024", _ddmmyyyy(p.dob), jabatan, 3, f"0813{k:08d}"])
        truth.add3(ws.title, ws.max_row, p, "TALANG KELAPA", "SUKAMAJU", 3, peran)
        truth.expect(ws.title, ws.max_row, no_hp=f"0813{k:08d}")
    wb.save(path)
    return truth


# 2. A KETERANGAN column and a STATUS column together --------------------------------------

def status_and_keterangan(path: Path) -> Truth4:
    """STATUS holds the standing ("Aktif", "Diganti", "Cadangan", "Pengganti", "Mengundurkan
    Diri") and KETERANGAN a free note ("Guru honorer", "Mahasiswa", "Sudah bimtek", blank).
    The status decides who serves: the leaver and the reserve are not counted (TPS 1 has 9
    rows, 7 serving). A note saying the officer resigned ("Mengundurkan diri 10/2/2024") beside
    a STATUS left "Aktif" counts too: a leaver noted anywhere is a leaver. Planted: row.inactive
    for the two leavers and the reserve."""
    people = Officers("167203")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPPS Sukarami"
    ws.append(["DAFTAR ANGGOTA KPPS KELURAHAN SUKARAMI KECAMATAN SUKARAMI"])
    ws.append(["NO", "NAMA", "NIK", "L/P", "TGL LAHIR", "JABATAN", "TPS", "STATUS",
               "KETERANGAN"])
    notes = ("Guru honorer", "Mahasiswa", None, "Sudah bimtek", "Wiraswasta", None, "IRT")
    number = 0
    for tps in (1, 2):
        roles = _team_roles("default")
        rows = [(j, p, "Aktif", notes[k]) for k, (j, p) in enumerate(roles)]
        if tps == 1:
            rows[2] = (*rows[2][:2], "Diganti", "Sudah bimtek")
            rows += [(roles[2][0], roles[2][1], "Pengganti", "Pengganti no. 3"),
                     ("Anggota", None, "Cadangan", "Mahasiswa")]
        else:
            rows[5] = (*rows[5][:2], "Aktif", "Mengundurkan diri 10/2/2024")
            rows.append((roles[5][0], roles[5][1], "Aktif", "PAW"))
        for jabatan, peran, status, note in rows:
            p = people.next()
            number += 1
            ws.append([number, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps, status, note])
            truth.add3(ws.title, ws.max_row, p, "SUKARAMI", "SUKARAMI", tps,
                       peran or "anggota")
            leaving = status in ("Diganti", "Cadangan") or (note or "").startswith("Mengundurkan")
            truth.expect(ws.title, ws.max_row, aktif=not leaving, keterangan=note)
            if leaving:
                truth.plant("row.inactive", ws.title, ws.max_row)
    wb.save(path)
    return truth


# 3. Hidden and very hidden sheets beside the roster ---------------------------------------

def hidden_sheets(path: Path) -> Truth4:
    """The visible roster "KEL TALANG JAMBE" (a hidden helper column "CEK" and two hidden rows,
    both still read), a hidden sheet "Lama" (last month's version of the same teams, one name
    changed: no copy) and a very hidden sheet "ref" (a lookup list of desa, no roster). A clerk
    sees and prints only the visible sheet; the hidden old version is not the submission.
    Planted: sheet.no_roster for "Lama" (hidden, not read; the note says so)."""
    people = Officers("167204")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEL TALANG JAMBE"
    old = wb.create_sheet("Lama")
    ref = wb.create_sheet("ref")
    header = ["No", "Nama", "NIK", "CEK", "L/P", "Tgl Lahir", "Jabatan", "TPS"]
    for sheet in (ws, old):
        sheet.append(["DAFTAR KPPS KELURAHAN TALANG JAMBE KECAMATAN SUKARAMI"])
        sheet.append(header)
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("kpps_n")):
            p = people.next()
            row = [k + 1, p.nama, p.nik, "OK", p.sex, _ddmmyyyy(p.dob), jabatan, tps]
            ws.append(row)
            truth.add3(ws.title, ws.max_row, p, "SUKARAMI", "TALANG JAMBE", tps, peran)
            old.append([*row[:1], f"{p.nama} (lama)" if k == 4 else p.nama, *row[2:]])
    ws.column_dimensions["D"].hidden = True
    for r in (5, 6):
        ws.row_dimensions[r].hidden = True
    old.sheet_state = "hidden"
    for name in ("Talang Jambe", "Sukabangun", "Sukarami", "Kebun Bunga"):
        ref.append([name, "SUKARAMI"])
    ref.sheet_state = "veryHidden"
    truth.plant("sheet.no_roster", "Lama", None)
    wb.save(path)
    return truth


# 4. A subtotal row per TPS inside one table, group rows per kelurahan ---------------------

def subtotal_per_tps(path: Path) -> Truth4:
    """One table for a kecamatan: a group row "KELURAHAN SUKAJAYA" (merged across), the teams
    one after another with a "Jumlah TPS 001" | 7 row after each (no header repeated), the next
    group row, ..., then "JUMLAH TOTAL" | 28 and the signature. Planted: nothing."""
    people = Officers("167205")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rekap Kecamatan"
    ws.append(["DAFTAR ANGGOTA KPPS KECAMATAN SUKARAMI"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "TPS"])
    number = 0
    for desa in ("Sukajaya", "Sukodadi"):
        ws.append([f"KELURAHAN {desa.upper()}"])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=7)
        for tps in (1, 2):
            for jabatan, peran in _team_roles("default"):
                p = people.next()
                number += 1
                ws.append([number, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps])
                truth.add3(ws.title, ws.max_row, p, "SUKARAMI", desa, tps, peran)
            ws.append([None, f"Jumlah TPS {tps:03d}", 7])
    ws.append([None, "JUMLAH TOTAL", number])
    ws.append([])
    ws.append([None, None, None, None, "Palembang, 10 Januari 2024"])
    ws.append([None, None, None, None, "Ketua PPK Sukarami"])
    ws.append([None, None, None, None, "( ............ )"])
    wb.save(path)
    return truth


# 5. NIKs as clerks type them, and as Excel mangles them -----------------------------------

def _nik_styles(nik: str, k: int) -> tuple[object, bool]:
    """(cell, precision lost) of one NIK in style k."""
    groups = [nik[:4], nik[4:8], nik[8:12], nik[12:]]
    return ((" ".join(groups), False), (".".join(groups), False), ("-".join(groups), False),
            (f"'{nik}", False), (nik.translate(_FULL_WIDTH), False),
            (int(nik), True), (f"{int(nik[:6]) / 1e5:.5f}E+15", True))[k]


def nik_formats(path: Path) -> Truth4:
    """The NIK column of one desa as typed by seven clerks: groups of four with spaces, dots or
    dashes, a literal leading apostrophe (a text cell "'1672..."), full-width digits pasted
    from a chat, a number cell (Excel keeps 15 digits), and the text "1.67206E+15" that Excel
    shows for it. Planted: nik.precision_lost for the number cell and the scientific text."""
    people = Officers("167206")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Desa Pangkalan"
    ws.append(["DAFTAR KPPS DESA PANGKALAN KECAMATAN SUNGAI LILIN"])
    ws.append(["No", "Nama", "NIK", "JK", "Tgl Lahir", "Jabatan", "TPS"])
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            cell, lost = _nik_styles(p.nik, k)
            ws.append([k + 1, p.nama, cell, p.sex, _ddmmyyyy(p.dob), jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "SUNGAI LILIN", "PANGKALAN", tps, peran)
            if lost:
                truth.plant("nik.precision_lost", ws.title, ws.max_row)
    wb.save(path)
    return truth


def nik_formats_csv(path: Path) -> Truth4:
    """The same NIK styles in a ';' CSV (an Indonesian Excel's, so "1,67207E+15"), the
    apostrophe literal in the text. Planted: nik.precision_lost for the scientific ones."""
    people = Officers("167207")
    truth = Truth4()
    sheet = path.stem
    lines = ["No;Nama;NIK;JK;Tgl Lahir;Jabatan;TPS;Desa;Kecamatan"]
    for tps in (3, 4):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            cell, lost = _nik_styles(p.nik, k)
            if isinstance(cell, int):
                cell, lost = p.nik, False
            text = str(cell).replace(".", ",") if lost else str(cell)
            lines.append(";".join([str(k + 1), p.nama, text, p.sex, _ddmmyyyy(p.dob), jabatan,
                                   str(tps), "Pangkalan", "Sungai Lilin"]))
            truth.add3(sheet, len(lines), p, "Sungai Lilin", "Pangkalan", tps, peran)
            if lost:
                truth.plant("nik.precision_lost", sheet, len(lines))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return truth


# 6. Two-digit years ------------------------------------------------------------------------

TWO_DIGIT: tuple[Callable[[dt.date], str], ...] = (
    lambda d: d.strftime("%d-%m-%y"),
    lambda d: f"{d.day}-{_SHORT[d.month - 1]}-{d:%y}",
    lambda d: f"{d.day}/{d.month}/{d:%y}",
    lambda d: f"{d.day} {_MONTHS[d.month - 1]} '{d:%y}",
    lambda d: d.strftime("%d.%m.%y"),
    lambda d: f"{d.day} {_SHORT[d.month - 1]} '{d:%y}",
    lambda d: f"{d.day}-{_SHORT[d.month - 1]}-{d.year}",
)


def two_digit_years(path: Path) -> Truth4:
    """A date of birth typed with two-digit years: "12-05-90", "12-Mei-90", "12/5/90", "12 Mei
    '90", "12.05.90", "12 Mei '90" short; one officer born in 2004 ("05-03-04": 19 years old).
    Planted: nothing."""
    people = Officers("167208")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kel Kebun Bunga"
    ws.append(["DAFTAR KPPS KELURAHAN KEBUN BUNGA KECAMATAN SUKARAMI"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS"])
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("anggota_n")):
            p = people.next()
            if (tps, k) == (2, 6):
                young = dt.date(2004, 3, 5)
                p = type(p)(p.nama, p.nik[:6] + ("05" if p.sex == "L" else "45") + "0304"
                            + p.nik[12:], p.sex, young)
            ws.append([k + 1, p.nama, p.nik, p.sex, TWO_DIGIT[k](p.dob), jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "SUKARAMI", "KEBUN BUNGA", tps, peran)
    wb.save(path)
    return truth


# 7. A cover letter of thirty rows above the header ----------------------------------------

LETTER = (
    "KOMISI PEMILIHAN UMUM", "KABUPATEN MUSI BANYUASIN", "PANITIA PEMILIHAN KECAMATAN SUNGAI LILIN",
    "Jalan Merdeka No. 12 Sungai Lilin, Kode Pos 30755, Telp. (0714) 123456", None,
    "Nomor      : 045/PPK-SL/I/2024", "Lampiran   : 1 (satu) berkas",
    "Perihal    : Penyampaian Daftar Anggota KPPS", None, "Kepada Yth.",
    "Ketua KPU Kabupaten Musi Banyuasin", "di -", "Sekayu", None,
    "Dengan hormat,",
    "Bersama ini kami sampaikan daftar nama anggota KPPS Desa Bumi Kencana Kecamatan Sungai "
    "Lilin untuk Pemilihan Umum Tahun 2024 sebagaimana terlampir.",
    "Daftar ini telah diverifikasi oleh PPS dan PPK sesuai PKPU Nomor 8 Tahun 2022.",
    "Demikian kami sampaikan, atas perhatiannya diucapkan terima kasih.", None,
    "Sungai Lilin, 10 Januari 2024", "Ketua PPK Sungai Lilin", None, None, "( AHMAD FAUZI )",
    None, None, "LAMPIRAN", "DAFTAR ANGGOTA KPPS DESA BUMI KENCANA KECAMATAN SUNGAI LILIN", None,
)


def cover_letter(path: Path) -> Truth4:
    """The PPK's covering letter typed into the sheet (letterhead, Nomor/Lampiran/Perihal,
    Kepada Yth., two paragraphs naming the desa and the kecamatan, the signature), the lampiran
    title on row 28 and the header on row 30. Planted: nothing."""
    people = Officers("167209")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Surat dan Lampiran"
    for line in LETTER:
        ws.append([line])
    ws.append(["NO", "NAMA", "NIK", "L/P", "TEMPAT LAHIR", "TANGGAL LAHIR", "JABATAN", "TPS"])
    assert ws.max_row == 30
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("caps")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, "Sekayu", _ddmmyyyy(p.dob), jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "SUNGAI LILIN", "BUMI KENCANA", tps, peran,
                       "Sekayu")
    wb.save(path)
    return truth


# 8. KPPS numbered in Roman numerals --------------------------------------------------------

ROMAN = ("KPPS I", "KPPS II", "KPPS III", "KPPS IV", "KPPS V", "KPPS VI", "KPPS VII")


def roman_kpps(path: Path) -> Truth4:
    """Jabatan "KPPS I" (the ketua) to "KPPS VII", as the forms number them in Roman numerals;
    the second TPS "Anggota I" .. "Anggota VI" under "Ketua". Planted: nothing."""
    people = Officers("167210")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Desa Lubuk Lancang"
    ws.append(["SUSUNAN KPPS DESA LUBUK LANCANG KECAMATAN SUAK TAPEH"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS"])
    for tps, roles in ((1, ROMAN), (2, ("Ketua", "Anggota I", "Anggota II", "Anggota III",
                                         "Anggota IV", "Anggota V", "Anggota VI"))):
        for k, jabatan in enumerate(roles):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "SUAK TAPEH", "LUBUK LANCANG", tps,
                       "ketua" if k == 0 else "anggota")
    wb.save(path)
    return truth


# 9. Linmas rows inside the KPPS teams ------------------------------------------------------

LINMAS = ("Linmas", "Anggota Linmas", "Satlinmas", "LINMAS 2", "Petugas Ketertiban TPS",
          "Linmas")


def linmas_in_teams(path: Path) -> Truth4:
    """Each TPS's seven KPPS and then its two Linmas in the same table ("Linmas", "Anggota
    Linmas", "Satlinmas", "LINMAS 2", "Petugas Ketertiban TPS"), no badan column. The Linmas
    are their own badan: no team counts nine. Planted: nothing."""
    people = Officers("167211")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kel Talang Betutu"
    ws.append(["DAFTAR PETUGAS KPPS DAN LINMAS KELURAHAN TALANG BETUTU KECAMATAN SUKARAMI"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS"])
    for tps in (1, 2, 3):
        for k, (jabatan, peran) in enumerate(_team_roles("kpps_n")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "SUKARAMI", "TALANG BETUTU", tps, peran)
        for j in range(2):
            p = people.next()
            ws.append([8 + j, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), LINMAS[2 * (tps - 1) + j], tps])
            truth.add3(ws.title, ws.max_row, p, "SUKARAMI", "TALANG BETUTU", tps, "anggota",
                       badan="Linmas")
    wb.save(path)
    return truth


# 10. One sheet per TPS, "TPS 01" .. "TPS 12", and a REKAP ---------------------------------

def tps_sheets_many(path: Path) -> Truth4:
    """A desa's workbook of 12 sheets "TPS 01" .. "TPS 12" (the title names the desa and the
    kecamatan, no TPS column) and a first sheet "REKAP" of TPS | Jumlah KPPS | Jumlah Linmas.
    Planted: sheet.no_roster for REKAP (counts, no officers)."""
    people = Officers("167212")
    truth = Truth4()
    wb = openpyxl.Workbook()
    rekap = wb.active
    rekap.title = "REKAP"
    rekap.append(["REKAPITULASI KPPS DESA SUNGSANG KECAMATAN BANYUASIN II"])
    rekap.append(["TPS", "Jumlah KPPS", "Jumlah Linmas"])
    for tps in range(1, 13):
        rekap.append([f"TPS {tps:02d}", 7, 2])
        ws = wb.create_sheet(f"TPS {tps:02d}")
        ws.append(["DAFTAR KPPS DESA SUNGSANG KECAMATAN BANYUASIN II"])
        ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan"])
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan])
            truth.add3(ws.title, ws.max_row, p, "BANYUASIN II", "SUNGSANG", tps, peran)
    truth.plant("sheet.no_roster", rekap.title, None)
    wb.save(path)
    return truth


# 11. Jabatan, TPS and desa merged down each team ------------------------------------------

def merged_down(path: Path) -> Truth4:
    """An official form: "Anggota" merged over the six anggota rows, the TPS merged over the
    team's seven rows, the desa merged over both teams. Planted: nothing."""
    people = Officers("167213")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEC PULAU RIMAU"
    ws.append(["DAFTAR KPPS KECAMATAN PULAU RIMAU"])
    ws.append(["No", "Desa", "TPS", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan"])
    for desa in ("Sumber Mulyo", "Tabuan Asri"):
        top = ws.max_row + 1
        for tps in (1, 2):
            first = ws.max_row + 1
            for k, (_, peran) in enumerate(_team_roles("default")):
                p = people.next()
                ws.append([k + 1, desa if ws.max_row + 1 == top else None,
                           tps if k == 0 else None, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob),
                           "Ketua" if k == 0 else "Anggota" if k == 1 else None])
                truth.add3(ws.title, ws.max_row, p, "PULAU RIMAU", desa, tps, peran)
            ws.merge_cells(start_row=first, start_column=3, end_row=first + 6, end_column=3)
            ws.merge_cells(start_row=first + 1, start_column=8, end_row=first + 6, end_column=8)
        ws.merge_cells(start_row=top, start_column=2, end_row=top + 13, end_column=2)
    wb.save(path)
    return truth


# 12. The date of birth in three labelled columns -------------------------------------------

def dob_labelled_parts(path: Path) -> Truth4:
    """The date of birth in three columns, each with its own label and no parent: "TGL LAHIR"
    | "BLN LAHIR" | "THN LAHIR" (numbers; the month as a name on the second TPS), or "Tgl.
    Lhr" | "Bln. Lhr" | "Thn. Lhr". Planted: nothing."""
    people = Officers("167214")
    truth = Truth4()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, labels in (("Kel Sialang", ("TGL LAHIR", "BLN LAHIR", "THN LAHIR")),
                         ("Kel Kenten", ("Tgl. Lhr", "Bln. Lhr", "Thn. Lhr"))):
        ws = wb.create_sheet(name)
        ws.append([f"DAFTAR KPPS KELURAHAN {name[4:].upper()} KECAMATAN SAKO"])
        ws.append(["No", "Nama", "NIK", "L/P", *labels, "Jabatan", "TPS"])
        for tps in (1, 2):
            for k, (jabatan, peran) in enumerate(_team_roles("default")):
                p = people.next()
                month: object = p.dob.month if tps == 1 else _MONTHS[p.dob.month - 1]
                ws.append([k + 1, p.nama, p.nik, p.sex, p.dob.day, month, p.dob.year, jabatan,
                           tps])
                truth.add3(ws.title, ws.max_row, p, "SAKO", name[4:], tps, peran)
    wb.save(path)
    return truth


# 13. A double-spaced roster ----------------------------------------------------------------

def double_spaced(path: Path) -> Truth4:
    """An empty row after every officer (a clerk's way of making room to sign), and a "TPS 2"
    banner row inside. Planted: nothing."""
    people = Officers("167215")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kel Karya Baru"
    ws.append(["DAFTAR HADIR DAN ANGGOTA KPPS KELURAHAN KARYA BARU KECAMATAN ALANG-ALANG LEBAR"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS", "Tanda Tangan"])
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps,
                       f"{k + 1}. ......"])
            truth.add3(ws.title, ws.max_row, p, "ALANG-ALANG LEBAR", "KARYA BARU", tps, peran)
            ws.append([])
    wb.save(path)
    return truth


# 14. A CSV with typo labels and literal apostrophes ----------------------------------------

def typo_csv(path: Path) -> Truth4:
    """A ',' CSV exported from a web form whose labels were typed by hand: "Nama Lengkp",
    "No. KTP/NIK", "Tangal Lahir", "Jenis Klamin", "Jabatn", "Kelurhan", "Kecamtan", "No
    Handphone"; every NIK and phone with a literal apostrophe. Planted: nothing."""
    people = Officers("167216")
    truth = Truth4()
    sheet = path.stem
    lines = ["No,Nama Lengkp,No. KTP/NIK,Jenis Klamin,Tangal Lahir,Jabatn,TPS,Kelurhan,Kecamtan,"
             "No Handphone"]
    for tps in (5, 6):
        for k, (jabatan, peran) in enumerate(_team_roles("anggota_n")):
            p = people.next()
            lines.append(",".join([str(k + 1), p.nama, f"'{p.nik}",
                                   "Laki-laki" if p.sex == "L" else "Perempuan",
                                   p.dob.strftime("%d/%m/%Y"), jabatan, str(tps), "Talang Aman",
                                   "Kemuning", f"'0812{tps}{k:07d}"]))
            truth.add3(sheet, len(lines), p, "Kemuning", "Talang Aman", tps, peran)
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return truth


# 15. An .ods with typo labels and a hidden sheet -------------------------------------------

def ods_hidden(path: Path) -> Truth4:
    """A LibreOffice .ods: the visible desa sheet with typo labels ("Nama Lengkp", "Tgl Lahr",
    "Jabatn"), and a hidden sheet "Draft" holding an older copy with another officer at row 5.
    Planted: sheet.no_roster for the hidden "Draft"."""
    people = Officers("167217")
    truth = Truth4()
    header = ["No", "Nama Lengkp", "NIK", "L/P", "Tgl Lahr", "Jabatn", "TPS"]
    rows: list[list[object]] = [["DAFTAR KPPS DESA SIMPANG KECAMATAN BERBAK"], header]
    draft: list[list[object]] = [["DAFTAR KPPS DESA SIMPANG KECAMATAN BERBAK"], header]
    for k, (jabatan, peran) in enumerate(_team_roles("kpps_n")):
        p = people.next()
        rows.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, 2])
        truth.add3("Simpang", len(rows), p, "BERBAK", "SIMPANG", 2, peran)
        draft.append([k + 1, "Belum Ditentukan" if k == 2 else p.nama, p.nik, p.sex,
                      _ddmmyyyy(p.dob), jabatan, 2])
    write_ods(path, {"Simpang": rows, "Draft": draft}, hidden={"Draft"})
    truth.plant("sheet.no_roster", "Draft", None)
    return truth


# 16. Look-alikes of what round 5 skips or corrects -----------------------------------------

def lookalikes5(path: Path) -> Truth4:
    """What only looks like round 5's cases: a visible sheet named "Hidden Gems" (a desa's
    roster; the name is no state), labels that are real words close to an alias ("Nama Kelas",
    "Desa Asal" = domicile, "Pekerjaan", "Tanggal Daftar" after the date of birth), a STATUS
    "Aktif" everywhere with an empty KETERANGAN, a jabatan "KPPS 1" (ketua), a subtitle "TPS 2"
    (no Jumlah), and a person named "Jumlah Sari" (a name, not a subtotal). Planted: nothing."""
    people = Officers("167218")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Hidden Gems"
    ws.append(["DAFTAR KPPS DESA SUKA MAKMUR KECAMATAN GELUMBANG"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Tanggal Daftar", "Pekerjaan", "Desa Asal",
               "Jabatan", "TPS", "STATUS", "KETERANGAN"])
    for tps in (1, 2):
        if tps == 2:
            ws.append(["TPS 2"])
        for k, (jabatan, peran) in enumerate(_team_roles("kpps_n")):
            p = people.next()
            nama = "Jumlah Sari" if (tps, k) == (2, 3) else p.nama
            ws.append([k + 1, nama, p.nik, p.sex, _ddmmyyyy(p.dob), "05-12-2023", "Petani",
                       "Suka Makmur", jabatan, tps, "Aktif", None])
            truth.add3(ws.title, ws.max_row, p, "GELUMBANG", "SUKA MAKMUR", tps, peran, nama=nama)
            truth.expect(ws.title, ws.max_row, aktif=True, keterangan=None,
                         kelurahan_domisili="Suka Makmur")
    wb.save(path)
    return truth


# 17. The whole date beside BULAN LAHIR / TAHUN LAHIR helper columns -----------------------

def dob_with_helper_parts(path: Path) -> Truth4:
    """A full "TANGGAL LAHIR" (date cells) and, for sorting, "BULAN LAHIR" and "TAHUN LAHIR"
    columns the clerk filled by formula (=MONTH(E3), =YEAR(E3), cached values): the date is the
    whole date, not a day joined to the helpers. Planted: nothing."""
    people = Officers("167219")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kel Sukamulya"
    ws.append(["DAFTAR KPPS KELURAHAN SUKAMULYA KECAMATAN SEMATANG BORANG"])
    ws.append(["No", "Nama", "NIK", "L/P", "TANGGAL LAHIR", "BULAN LAHIR", "TAHUN LAHIR",
               "Jabatan", "TPS"])
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, p.dob, p.dob.month, p.dob.year, jabatan, tps])
            ws.cell(ws.max_row, 5).number_format = "DD/MM/YYYY"
            truth.add3(ws.title, ws.max_row, p, "SEMATANG BORANG", "SUKAMULYA", tps, peran)
    wb.save(path)
    return truth


# 18. A two-row official header with typos in the group labels ----------------------------

def typo_two_row_header(path: Path) -> Truth4:
    """A two-row header typed in a hurry: "NAMA LENGKP", "N I K", "JENIS KLAMIN" over L | P
    ticks, "TEMPAT/TGL LAHR" over TEMPAT | TGL, "JABATN", "NO TPS" (merged groups).
    Planted: nothing."""
    people = Officers("167220")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Desa Sukarela"
    ws.append(["DAFTAR ANGGOTA KPPS DESA SUKARELA KECAMATAN SAKO"])
    ws.append(["NO", "NAMA LENGKP", "N I K", "JENIS KLAMIN", None, "TEMPAT/TGL LAHR", None,
               "JABATN", "NO TPS"])
    ws.append([None, None, None, "L", "P", "TEMPAT", "TGL", None, None])
    for ref in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:G2", "H2:H3", "I2:I3"):
        ws.merge_cells(ref)
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("caps")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, "v" if p.sex == "L" else None,
                       "v" if p.sex == "P" else None, "Palembang", _ddmmyyyy(p.dob), jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "SAKO", "SUKARELA", tps, peran, "Palembang")
    wb.save(path)
    return truth


# 19. Typos in the values: sex words, TPS in Roman numerals ------------------------------

SEX_TYPED = {"L": ("Laki-laki", "Lak-laki", "LAKI-LAKII", "Lelaki"),
             "P": ("Perempuan", "Prempuan", "Perempuang", "PEREMPUN")}


def typos_in_values(path: Path) -> Truth4:
    """Sex words typed with one slip ("Lak-laki", "LAKI-LAKII", "Prempuan", "Perempuang",
    "PEREMPUN") or as "Lelaki", and the TPS written in Roman numerals on an older form ("TPS I",
    "TPS II"). Planted: sex.invalid for the one word two slips away ("Prmpuan")."""
    people = Officers("167221")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kel Lebung Gajah"
    ws.append(["DAFTAR KPPS KELURAHAN LEBUNG GAJAH KECAMATAN SEMATANG BORANG"])
    ws.append(["No", "Nama", "NIK", "Jenis Kelamin", "Tgl Lahir", "Jabatan", "TPS"])
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            sex = SEX_TYPED[p.sex][(k // 2 + tps) % 4]
            if (tps, k) == (2, 5):
                sex = "Prmpuan"
                truth.plant("sex.invalid", ws.title, ws.max_row + 1)
            ws.append([k + 1, p.nama, p.nik, sex, _ddmmyyyy(p.dob), jabatan, f"TPS {'I' * tps}"])
            truth.add3(ws.title, ws.max_row, p, "SEMATANG BORANG", "LEBUNG GAJAH", tps, peran)
            if sex == "Prmpuan":
                truth.people[-1] = type(truth.people[-1])(**{**truth.people[-1].__dict__,
                                                             "sex": None})
    wb.save(path)
    return truth


# 20. Jabatan typed with a slip ------------------------------------------------------------

ROLE_TYPOS = (("Ketau", "Angota", "Anggtoa", "ANGOTA KPPS", "Ang. KPPS", "Anggot", "Anggota"),
              ("Kettua KPPS", "Anggota", "Angota", "Angota", "Anggoa", "Ang.", "Aggota"))


def role_typos(path: Path) -> Truth4:
    """Jabatan as typed in a hurry: "Ketau", "Kettua KPPS", "Angota", "Anggtoa", "ANGOTA KPPS",
    "Ang. KPPS", "Anggot", "Anggoa", "Aggota"; each team still has its one ketua.
    Planted: nothing."""
    people = Officers("167222")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Desa Tanjung Baru"
    ws.append(["DAFTAR KPPS DESA TANJUNG BARU KECAMATAN PETANANG"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS"])
    for tps, roles in enumerate(ROLE_TYPOS, start=1):
        for k, jabatan in enumerate(roles):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "PETANANG", "TANJUNG BARU", tps,
                       "ketua" if k == 0 else "anggota")
    wb.save(path)
    return truth


# 21. Place and date typed into a column labelled for one of them -------------------------

def ttl_under_one_label(path: Path) -> Truth4:
    """A column labelled only "Tgl Lahir" (sheet "Kel Srimulya") or only "Tempat Lahir" (sheet
    "Kel Sukamulya") into which every clerk typed place and date ("Palembang, 12-05-1990",
    "Muara Enim, 3 Mei 1988"). Planted: nothing."""
    people = Officers("167223")
    truth = Truth4()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    places = ("Palembang", "Muara Enim", "Banyuasin")
    for desa, label in (("Srimulya", "Tgl Lahir"), ("Sukamulya", "Tempat Lahir")):
        ws = wb.create_sheet(f"Kel {desa}")
        ws.append([f"DAFTAR KPPS KELURAHAN {desa.upper()} KECAMATAN SEMATANG BORANG"])
        ws.append(["No", "Nama", "NIK", "L/P", label, "Jabatan", "TPS"])
        for tps in (1, 2):
            for k, (jabatan, peran) in enumerate(_team_roles("default")):
                p = people.next()
                place = places[k % 3]
                date = _ddmmyyyy(p.dob) if k % 2 else f"{p.dob.day} {_MONTHS[p.dob.month - 1]} {p.dob.year}"
                ws.append([k + 1, p.nama, p.nik, p.sex, f"{place}, {date}", jabatan, tps])
                truth.add3(ws.title, ws.max_row, p, "SEMATANG BORANG", desa, tps, peran, place)
    wb.save(path)
    return truth


# 22. An .ods with the TPS, jabatan and desa merged down each team ------------------------

COVERED = object()  # a cell under a spanned one (table:covered-table-cell)


def _ods_span_cell(value: object) -> str:
    if value is COVERED:
        return "<table:covered-table-cell/>"
    if isinstance(value, tuple):  # (value, rows spanned)
        text, rows = value
        kind = (f'office:value-type="float" office:value="{text}"' if isinstance(text, int)
                else 'office:value-type="string"')
        return (f'<table:table-cell {kind} table:number-rows-spanned="{rows}">'
                f"<text:p>{escape(str(text))}</text:p></table:table-cell>")
    return _ods_cell(value)


def ods_merged_down(path: Path) -> Truth4:
    """merged_down saved by LibreOffice Calc as .ods: the desa spanned over both teams, the TPS
    over its seven rows and "Anggota" over the six anggota rows (python-calamine gives no merged
    areas for an .ods; the limit scan reads them). Planted: nothing."""
    people = Officers("167224")
    truth = Truth4()
    rows: list[list[object]] = [["DAFTAR KPPS KECAMATAN PULAU RIMAU"],
                                ["No", "Desa", "TPS", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan"]]
    for desa in ("Sumber Mulyo", "Tabuan Asri"):
        for tps in (1, 2):
            for k, (_, peran) in enumerate(_team_roles("default")):
                p = people.next()
                first_of_desa = tps == 1 and k == 0
                rows.append([k + 1, (desa, 14) if first_of_desa else COVERED,
                             (tps, 7) if k == 0 else COVERED, p.nama, p.nik, p.sex,
                             _ddmmyyyy(p.dob),
                             "Ketua" if k == 0 else ("Anggota", 6) if k == 1 else COVERED])
                truth.add3("Pulau Rimau", len(rows), p, "PULAU RIMAU", desa, tps, peran)
    write_ods(path, {"Pulau Rimau": rows}, cell=_ods_span_cell)
    return truth


# 23. Labels typed over two unmerged rows, a word in each ---------------------------------

def labels_over_two_rows(path: Path) -> Truth4:
    """A header whose labels were typed a word per row without merging (the column too narrow):
    "NAMA" over "LENGKAP", "JENIS" over "KELAMIN", "TANGGAL" over "LAHIR", "NOMOR" over "TPS"
    (sheet "Kel Sukaraja"), and "TEMPAT" | "TANGGAL" over "LAHIR" | "LAHIR" (sheet "Kel
    Sukajaya"). Planted: nothing."""
    people = Officers("167225")
    truth = Truth4()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for desa, top, low in (
            ("Sukaraja", ["NO", "NAMA", "NIK", "JENIS", "TANGGAL", "JABATAN", "NOMOR"],
             [None, "LENGKAP", None, "KELAMIN", "LAHIR", None, "TPS"]),
            ("Sukajaya", ["NO", "NAMA", "NIK", "L/P", "TEMPAT", "TANGGAL", "JABATAN", "TPS"],
             [None, None, None, None, "LAHIR", "LAHIR", None, None])):
        ws = wb.create_sheet(f"Kel {desa}")
        ws.append([f"DAFTAR KPPS KELURAHAN {desa.upper()} KECAMATAN BUAY MADANG"])
        ws.append(top)
        ws.append(low)
        for tps in (1, 2):
            for k, (jabatan, peran) in enumerate(_team_roles("default")):
                p = people.next()
                born = [] if desa == "Sukaraja" else ["Martapura"]
                ws.append([k + 1, p.nama, p.nik, p.sex, *born, _ddmmyyyy(p.dob), jabatan, tps])
                truth.add3(ws.title, ws.max_row, p, "BUAY MADANG", desa, tps, peran,
                           None if desa == "Sukaraja" else "Martapura")
    wb.save(path)
    return truth


# 24. Keterangan as clerks type it --------------------------------------------------------

KETERANGAN_TYPED = {  # typed note -> leaving (not counted)?
    "Di ganti": True, "Mngundurkan diri": True, "Mengundurkan": True, "Berhalangan tetap": True,
    "Di berhentikan": True, "meninggl dunia": True, "Pengganti": False, "PAW": False,
    "Di angkat dari cadangan": False, "Guru": False,
}


def keterangan_as_typed(path: Path) -> Truth4:
    """A Keterangan typed by hand: "di" written apart ("Di ganti", "Di berhentikan"), a slip
    ("Mngundurkan diri", "meninggl dunia"), cut short ("Mengundurkan"), the regulation's
    "Berhalangan tetap", beside serving notes ("Pengganti", "PAW", "Di angkat dari cadangan",
    "Guru"). Each leaver's replacement is a row of its own. Planted: row.inactive for the six
    leavers."""
    people = Officers("167226")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kel Talang Keramat"
    ws.append(["DAFTAR KPPS KELURAHAN TALANG KERAMAT KECAMATAN TALANG KELAPA"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS", "Ket."])
    leavers = [note for note, leaving in KETERANGAN_TYPED.items() if leaving]
    serving = [note for note, leaving in KETERANGAN_TYPED.items() if not leaving]
    for tps in (1, 2):
        roles = _team_roles("default")
        notes: list[str | None] = [None] * 7
        for k, note in enumerate(leavers[(tps - 1) * 3:tps * 3]):
            notes[1 + k] = note
        rows = [(j, p, n) for (j, p), n in zip(roles, notes, strict=True)]
        rows += [("Anggota", "anggota", serving[((tps - 1) * 3 + k) % len(serving)])
                 for k in range(3)]
        for jabatan, peran, note in rows:
            p = people.next()
            ws.append([ws.max_row - 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps, note])
            truth.add3(ws.title, ws.max_row, p, "TALANG KELAPA", "TALANG KERAMAT", tps, peran)
            leaving = KETERANGAN_TYPED.get(note or "", False)
            truth.expect(ws.title, ws.max_row, aktif=not leaving, keterangan=note)
            if leaving:
                truth.plant("row.inactive", ws.title, ws.max_row)
    wb.save(path)
    return truth


# 25. The Linmas told apart by a Keterangan or a "Jenis Petugas" column -------------------

def linmas_by_note(path: Path) -> Truth4:
    """Each TPS's seven KPPS and two Linmas whose jabatan is only "Anggota": on sheet "Kel
    Sukabangun" a Keterangan says "LINMAS" / "Linmas TPS 0n" (the KPPS rows' notes are blank or
    "Guru"), on sheet "Kel Sukodadi" a "JENIS PETUGAS" column says KPPS or LINMAS. No team
    counts nine. Planted: nothing."""
    people = Officers("167227")
    truth = Truth4()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for desa, label in (("Sukabangun", "Ket."), ("Sukodadi", "JENIS PETUGAS")):
        ws = wb.create_sheet(f"Kel {desa}")
        ws.append([f"DAFTAR PETUGAS KPPS DAN LINMAS KELURAHAN {desa.upper()} KECAMATAN SUKARAMI"])
        ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS", label])
        for tps in (1, 2):
            roles = [*_team_roles("default"), ("Anggota", "anggota"), ("Anggota", "anggota")]
            for k, (jabatan, peran) in enumerate(roles):
                p = people.next()
                linmas = k >= 7
                if label == "Ket.":
                    cell = (("LINMAS", f"Linmas TPS {tps:02d}")[k - 7] if linmas
                            else "Guru" if k == 2 else None)
                    badan = "Linmas" if linmas else "KPPS"
                else:
                    cell = badan = "LINMAS" if linmas else "KPPS"
                ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps, cell])
                truth.add3(ws.title, ws.max_row, p, "SUKARAMI", desa, tps, peran, badan=badan)
    wb.save(path)
    return truth


# 26. Dates as typed by hand: old and short month names, no spaces, spaces for dashes -----

_TYPED_MONTHS = ("Jan", "Peb", "Maret", "April", "Mei", "Juni", "Juli", "Agust", "Sept", "Okt",
                 "Nop", "Des")
DATES_TYPED: tuple[Callable[[dt.date], str], ...] = (
    lambda d: f"{d.day} {_TYPED_MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day}{_MONTHS[d.month - 1]}{d.year}",
    lambda d: f"{d.day} {d.month} {d.year}",
    lambda d: f"{d.day:02d}  {d.month:02d}  {d.year}",
    lambda d: f"{d.day} {_MONTHS[d.month - 1]}{d.year}",
    lambda d: f"{d.day}-{_TYPED_MONTHS[d.month - 1]}-{d:%y}",
    lambda d: f"{d.day} {_TYPED_MONTHS[d.month - 1]}. {d.year}",
)


def dates_as_typed(path: Path) -> Truth4:
    """A "Tgl Lahir" typed by hand: old and short month names ("Peb", "Agust", "Nop", "Sept"),
    no spaces ("12Mei1990", "12 Mei1990"), spaces for dashes ("12 5 1990", "12  05  1990").
    Planted: nothing."""
    people = Officers("167228")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Desa Sungai Rengit"
    ws.append(["DAFTAR KPPS DESA SUNGAI RENGIT KECAMATAN TALANG KELAPA"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tgl Lahir", "Jabatan", "TPS"])
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("default")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, DATES_TYPED[k](p.dob), jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "TALANG KELAPA", "SUNGAI RENGIT", tps, peran)
    wb.save(path)
    return truth


# 27. A cover letter longer than the rows the header is first looked for in --------------

def long_cover_letter(path: Path) -> Truth4:
    """The PPK's letter of round 5's cover_letter typed double-spaced, with a second page of
    notes (the verification steps, one per row), so that the lampiran's header is on row 95,
    below the first 60 rows where a header is looked for first. Planted: nothing."""
    people = Officers("167229")
    truth = Truth4()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Surat"
    lines = [text for line in LETTER[:-3] for text in (line, None)]
    lines += [f"{step}. Verifikasi berkas calon anggota KPPS tahap {step} telah dilaksanakan."
              for step in range(1, 31)]
    for row, line in enumerate(lines[:92], start=1):
        if line:
            ws.cell(row, 1, line)
    ws.cell(92, 1, "Demikian.")
    ws.append(["LAMPIRAN"])
    ws.append(["DAFTAR ANGGOTA KPPS DESA BUMI KENCANA KECAMATAN SUNGAI LILIN"])
    ws.append(["NO", "NAMA", "NIK", "L/P", "TANGGAL LAHIR", "JABATAN", "TPS"])
    assert ws.max_row == 95
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("caps")):
            p = people.next()
            ws.append([k + 1, p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan, tps])
            truth.add3(ws.title, ws.max_row, p, "SUNGAI LILIN", "BUMI KENCANA", tps, peran)
    wb.save(path)
    return truth


def long_cover_letter_csv(path: Path) -> Truth4:
    """long_cover_letter saved as a ',' CSV: the letter's lines (with their commas, so a line
    splits into a few fields) fill the first 94 lines, the header is line 95. Planted: nothing."""
    people = Officers("167230")
    truth = Truth4()
    sheet = path.stem
    lines = [f'"{line}"' if line and "," in line else (line or "") for line in LETTER[:-3]]
    lines += [f"{step}. Verifikasi berkas tahap {step}, dokumen lengkap, telah dilaksanakan."
              for step in range(1, 95 - len(lines))]
    lines.append("NO,NAMA,NIK,L/P,TANGGAL LAHIR,JABATAN,TPS,DESA,KECAMATAN")
    assert len(lines) == 95
    for tps in (1, 2):
        for k, (jabatan, peran) in enumerate(_team_roles("caps")):
            p = people.next()
            lines.append(",".join([str(k + 1), p.nama, p.nik, p.sex, _ddmmyyyy(p.dob), jabatan,
                                   str(tps), "Bumi Kencana", "Sungai Lilin"]))
            truth.add3(sheet, len(lines), p, "Sungai Lilin", "Bumi Kencana", tps, peran)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return truth


LAYOUTS: dict[str, tuple[str, Callable[[Path], Truth4]]] = {
    "typo_labels": ("xlsx", typo_labels),
    "status_and_keterangan": ("xlsx", status_and_keterangan),
    "hidden_sheets": ("xlsx", hidden_sheets),
    "subtotal_per_tps": ("xlsx", subtotal_per_tps),
    "nik_formats": ("xlsx", nik_formats),
    "nik_formats_csv": ("csv", nik_formats_csv),
    "two_digit_years": ("xlsx", two_digit_years),
    "cover_letter": ("xlsx", cover_letter),
    "roman_kpps": ("xlsx", roman_kpps),
    "linmas_in_teams": ("xlsx", linmas_in_teams),
    "tps_sheets_many": ("xlsx", tps_sheets_many),
    "merged_down": ("xlsx", merged_down),
    "dob_labelled_parts": ("xlsx", dob_labelled_parts),
    "double_spaced": ("xlsx", double_spaced),
    "typo_csv": ("csv", typo_csv),
    "ods_hidden": ("ods", ods_hidden),
    "lookalikes5": ("xlsx", lookalikes5),
    "dob_with_helper_parts": ("xlsx", dob_with_helper_parts),
    "typo_two_row_header": ("xlsx", typo_two_row_header),
    "typos_in_values": ("xlsx", typos_in_values),
    "role_typos": ("xlsx", role_typos),
    "ttl_under_one_label": ("xlsx", ttl_under_one_label),
    "ods_merged_down": ("ods", ods_merged_down),
    "labels_over_two_rows": ("xlsx", labels_over_two_rows),
    "keterangan_as_typed": ("xlsx", keterangan_as_typed),
    "linmas_by_note": ("xlsx", linmas_by_note),
    "dates_as_typed": ("xlsx", dates_as_typed),
    "long_cover_letter": ("xlsx", long_cover_letter),
    "long_cover_letter_csv": ("csv", long_cover_letter_csv),
}


def build(name: str, folder: Path) -> tuple[Path, Truth4]:
    """Write layout name into folder; (its path, its truth)."""
    suffix, builder = LAYOUTS[name]
    path = folder / f"{name}.{suffix}"
    return path, builder(path)
