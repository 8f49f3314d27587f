"""Small builders for test rosters: valid NIKs, officer rows and workbooks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import openpyxl

HEADER = ["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "TPS"]


def nik_for(dob: dt.date, sex: str = "L", serial: int = 1, region: str = "170602") -> str:
    """A structurally valid NIK (Mukomuko by default) encoding dob and sex."""
    day = dob.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{dob.month:02d}{dob.year % 100:02d}{serial:04d}"


def team(tps: int, first_serial: int = 1, size: int = 7, ketua: int = 1,
         born: dt.date = dt.date(1990, 2, 14)) -> list[list[object]]:
    """Rows of one TPS team: name, text NIK, sex, dob text, jabatan, TPS."""
    rows = []
    for i in range(size):
        sex = "L" if i % 2 == 0 else "P"
        dob = born + dt.timedelta(days=31 * i + tps)
        serial = first_serial + i
        jabatan = "Ketua" if i < ketua else "Anggota"
        rows.append([f"Petugas {tps}-{i + 1}", nik_for(dob, sex, serial), sex,
                     dob.strftime("%d-%m-%Y"), jabatan, tps])
    return rows


def numbered(rows: Sequence[Sequence[object]]) -> list[list[object]]:
    """Prefix a running 'No' column."""
    return [[i, *r] for i, r in enumerate(rows, 1)]


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """Write sheets of raw rows (values as given: str stays text, int stays number)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text typed by a clerk, not a formula
    book.save(path)
    return path


def simple_sheet(rows: Sequence[Sequence[object]], title: str | None = "DAFTAR ANGGOTA KPPS"):
    """A title row, the standard header and numbered rows."""
    head: list[list[object]] = [[title]] if title else []
    return [*head, HEADER, *numbered(rows)]
