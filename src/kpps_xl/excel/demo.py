"""Deterministic synthetic rosters with planted problems (tests, benchmarks, screenshots)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kpps_xl.samples import make_nik

HEADER = ["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "TPS", "Kelurahan",
          "Kecamatan"]
NAMES = ("Siti", "Budi", "Ayu", "Rudi", "Dewi", "Agus", "Rina", "Joko", "Wati", "Eko")
TEAM = 7


@dataclass
class Planted:
    """Where problems were planted: {kind: [Excel row, ...]}."""

    rows: dict[str, list[int]] = field(default_factory=dict)

    def add(self, kind: str, row: int) -> None:
        self.rows.setdefault(kind, []).append(row)


def nik_for(index: int, dob: dt.date, female: bool, region: str = "170601") -> str:
    """A structurally valid 16-digit NIK (Mukomuko by default)."""
    return make_nik(region[:4], region[4:], dob, "P" if female else "L", index % 9999 + 1)


def person(index: int, kecamatan: str) -> list[Any]:
    """One clean roster row (without the title rows' offset)."""
    female = index % 2 == 1
    dob = dt.date(1970 + index % 30, 1 + index % 12, 1 + index % 28)
    tps = index // TEAM + 1
    role = "Ketua KPPS" if index % TEAM == 0 else "Anggota KPPS"
    name = f"{NAMES[index % len(NAMES)]} {index:05d}"
    return [index + 1, name, nik_for(index, dob, female), "P" if female else "L",
            dob.strftime("%d-%m-%Y"), role, f"{tps:03d}", "Kelurahan Satu", kecamatan]


def roster_rows(
    count: int, problems_every: int = 0, kecamatan: str = "Kota Mukomuko"
) -> tuple[list[list[Any]], Planted]:
    """Title row, blank row, header, `count` people; every n-th person gets a planted problem."""
    rows: list[list[Any]] = [[f"DAFTAR ANGGOTA KPPS KECAMATAN {kecamatan.upper()}"], [], HEADER]
    planted = Planted()
    kinds = ("nik_number", "nik_short", "underage", "bad_date", "dup_nik")
    for i in range(count):
        row = person(i, kecamatan)
        excel_row = len(rows) + 1
        if problems_every and i % problems_every == problems_every - 1:
            kind = kinds[(i // problems_every) % len(kinds)]
            _plant(row, kind, rows)
            planted.add(kind, excel_row)
        rows.append(row)
    return rows, planted


def _plant(row: list[Any], kind: str, previous: list[list[Any]]) -> None:
    if kind == "nik_number":
        row[2] = float(row[2][:15] + "0")
    elif kind == "nik_short":
        row[2] = row[2][:15]
    elif kind == "underage":
        row[4] = "01-06-2010"
        row[2] = row[2][:6] + ("41" if row[3] == "P" else "01") + "0610" + row[2][12:]
    elif kind == "bad_date":
        row[4] = "31-02-1985"
    elif kind == "dup_nik":
        row[2] = previous[3][2]
