"""Sheets kpps-xl itself writes (Temuan, Ringkasan, Anggaran, Surat): recognised, never read."""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType

from kpps_xl.health import FOLLOW_UP_SHEET, FOLLOW_UP_TITLE

# Sheet name -> the first row kpps-xl writes there (annotated copy: workbook/sheets.py; the
# Excel add-in: excel/temuan.py and excel/output.py). tests/test_layouts.py keeps them equal.
OWN_FIRST_ROWS = MappingProxyType({
    "Temuan": (("No", "Kode", "Tingkat", "Pesan", "Sheet", "Baris", "Kolom", "Nilai", "Terkait"),
               ("No", "Tingkat", "Kode", "Lembar", "Sel", "Baris", "TPS", "Pesan")),
    "Ringkasan": (("Ringkasan pemeriksaan kpps-xl",),),
    "Anggaran": (("Kecamatan", "Badan", "Jabatan", "Skema", "Jumlah orang", "Bulan"),),
    "Surat": (("No", "Berkas", "Buka"),),
    FOLLOW_UP_SHEET: ((FOLLOW_UP_TITLE,),),  # workbook/follow_up.py (names and NIKs, no roster)
})
OWN_SHEET_NOTE = "lembar hasil kpps-xl, bukan daftar petugas"


_COPY_NUMBER = re.compile(r"\s*(?:\d+|\(\d+\))$")


def own_name(name: str) -> str:
    """The kpps-xl sheet name a sheet's name stands for: 'Temuan1' (openpyxl's name for a second
    'Temuan', when the clerk's own sheet already holds the name) and 'Temuan (2)' (Excel's copy)
    stand for 'Temuan'."""
    return _COPY_NUMBER.sub("", name.strip())


# First rows no roster or clerk's sheet starts with: a sheet starting so is kpps-xl's whatever
# its name (the clerk renamed 'Tindak Lanjut' to 'TL untuk Dinkes': its names and NIKs were
# read as officers, every one a duplicate of the roster).
DISTINCT_FIRST_ROWS = (*OWN_FIRST_ROWS["Temuan"], *OWN_FIRST_ROWS["Ringkasan"],
                       *OWN_FIRST_ROWS[FOLLOW_UP_SHEET])


def is_own_sheet(name: str, values: Sequence[Sequence[object]]) -> bool:
    """A sheet named and laid out as one kpps-xl writes, or starting with one of its distinct
    title/header rows under any name (a user's own 'Temuan' sheet is read)."""
    if not values:
        return False
    starts = OWN_FIRST_ROWS.get(own_name(name), ()) + DISTINCT_FIRST_ROWS
    first = tuple("" if v is None else str(v).strip() for v in values[0])
    return any(first[:len(start)] == start for start in starts)


# A hidden or very hidden sheet without officers (a lookup list, an empty template): the clerk
# never sees it, so it yields no finding either; it is listed in Report.skipped.
HIDDEN_SHEET_NOTE = "lembar tersembunyi tanpa daftar petugas"
SILENT_NOTES = frozenset({OWN_SHEET_NOTE, HIDDEN_SHEET_NOTE})
