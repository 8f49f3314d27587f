"""Synthetic KPPS rosters (clean, with planted defects, big ones for benchmarks); no real data.

Names come from Faker('id_ID'); NIKs use real region codes (Kepmendagri: 17.06 Mukomuko,
16.71 Palembang, with their real kecamatan codes) and synthetic dates of birth and serials.
Output is deterministic for a given seed (same cell values and, for the samples, same bytes).

Where a planted finding sits, as ``Expected(code, sheet, row, column)`` (Excel row, column
letter): nik.* and dup.nik at the NIK cell, except nik.dob_mismatch at the date-of-birth cell
and nik.sex_mismatch at the sex cell; dup.person at the name cell; age.* and dob.invalid at the
date-of-birth cell (the "Tempat, Tanggal Lahir" cell when combined); sex.invalid at the sex
cell; phone.format at the phone cell; field.missing at the empty cell; tps.size and tps.ketua
at the FIRST data row of that TPS with column None; sheet.no_roster with row and column None;
health.* at the screening / certificate cell, bpjs.* and kk.format at the number's cell.
dup.nik and dup.person are listed once per occurrence. An empty NIK is nik.missing only (not
also field.missing); a NIK failing nik.format, nik.region or nik.birthdate and an unreadable
sex or date of birth raise nothing else on that row; a NIK stored as a number is
nik.precision_lost only (its remaining digits agree with the row). Expectations assume
``reference_date = 2024-02-14`` and ``region_code = "1706"`` (see samples/kpps-xl.toml).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kpps_xl.catalogue import CATALOGUE
from kpps_xl.io_utils import atomic_path
from kpps_xl.rules.ages import age_on as rules_age_on

DEFAULT_SEED = 2024
REFERENCE_DATE = dt.date(2024, 2, 14)
OFFICE_REGION = "1706"
TEAM_SIZE = 7

SAMPLE_FILES = MappingProxyType({
    "clean": "kpps_bersih.xlsx",
    "csv": "kpps_bersih.csv",
    "defect": "kpps_cacat.xlsx",
    "defect2": "kpps_cacat_2.xlsx",
})
EXPECTED_FILE = "expected.json"

# Kecamatan of Kab. Mukomuko (17.06) with some of their desa (Kepmendagri codes).
MUKOMUKO = MappingProxyType({
    "01": ("LUBUK PINANG", ("Lubuk Pinang", "Arah Tiga", "Lubuk Gedang", "Tanjung Alai")),
    "02": ("KOTA MUKOMUKO", ("Pasar Mukomuko", "Koto Jaya", "Bandar Ratu", "Ujung Padang")),
    "03": ("TERAS TERUNJAM", ("Teras Terunjam", "Pondok Kopi", "Setia Budi", "Tunggal Jaya")),
    "04": ("PONDOK SUGUH", ("Air Berau", "Pondok Suguh", "Air Hitam", "Sinar Laut")),
    "05": ("IPUH", ("Pasar Ipuh", "Air Buluh", "Pulau Baru", "Medan Jaya")),
    "06": ("MALIN DEMAN", ("Talang Arah", "Lubuk Talang", "Serami Baru", "Air Merah")),
    "07": ("AIR RAMI", ("Air Rami", "Arga Jaya", "Talang Rio", "Marga Mulia")),
    "08": ("TERAMANG JAYA", ("Pasar Bantal", "Nenggalo", "Teramang Jaya", "Pondok Baru")),
})

# Kota Palembang (16.71): 18 kecamatan, 107 kelurahan (Kepmendagri 300.2.2-2138/2025).
PALEMBANG = (
    ("01", "ILIR BARAT II", ("35 Ilir", "32 Ilir", "30 Ilir", "29 Ilir", "28 Ilir", "27 Ilir",
                             "Kemang Manis")),
    ("02", "SEBERANG ULU I", ("1 Ulu", "2 Ulu", "3-4 Ulu", "5 Ulu", "7 Ulu")),
    ("03", "SEBERANG ULU II", ("11 Ulu", "12 Ulu", "13 Ulu", "14 Ulu", "16 Ulu", "Tangga Takat",
                               "Sentosa")),
    ("04", "ILIR BARAT I", ("Bukit Lama", "Lorok Pakjo", "26 Ilir D-I", "Siring Agung",
                            "Demang Lebar Daun", "Bukit Baru")),
    ("05", "ILIR TIMUR I", ("18 Ilir", "16 Ilir", "13 Ilir", "14 Ilir", "15 Ilir", "17 Ilir",
                            "20 Ilir D-III", "20 Ilir D-IV", "20 Ilir D-I", "Sungai Pangeran",
                            "Kepandean Baru")),
    ("06", "ILIR TIMUR II", ("5 Ilir", "3 Ilir", "1 Ilir", "2 Ilir", "Lawang Kidul",
                             "Sungai Buah")),
    ("07", "SUKARAMI", ("Talang Betutu", "Suka Jaya", "Sukarami", "Kebun Bunga", "Suka Bangun",
                        "Talang Jambe", "Sukodadi")),
    ("08", "SAKO", ("Sukamaju", "Sako", "Sialang", "Sako Baru")),
    ("09", "KEMUNING", ("20 Ilir D-II", "Ario Kemuning", "Sekip Jaya", "Pahlawan", "Pipa Reja",
                        "Talang Aman")),
    ("10", "KALIDONI", ("Bukit Sangkal", "Kalidoni", "Sungai Selayur", "Sungai Selincah",
                        "Sungai Lais")),
    ("11", "BUKIT KECIL", ("19 Ilir", "22 Ilir", "23 Ilir", "24 Ilir", "26 Ilir", "Talang Semut")),
    ("12", "GANDUS", ("Gandus", "Karang Anyar", "36 Ilir", "Karang Jaya", "Pulo Kerto")),
    ("13", "KERTAPATI", ("Kemas Rindo", "Kemang Agung", "Keramasan", "Kertapati", "Karya Jaya",
                         "Ogan Baru")),
    ("14", "PLAJU", ("Plaju Ulu", "Plaju Darat", "Plaju Ilir", "Bagus Kuning", "Komperta",
                     "Talang Putri", "Talang Bubuk")),
    ("15", "ALANG-ALANG LEBAR", ("Alang-Alang Lebar", "Srijaya", "Talang Kelapa", "Karya Baru")),
    ("16", "SEMATANG BORANG", ("Srimulya", "Sukamulya", "Lebung Gajah", "Karya Mulya")),
    ("17", "JAKABARING", ("8 Ulu", "9-10 Ulu", "15 Ulu", "Silaberanti", "Tuan Kentang")),
    ("18", "ILIR TIMUR III", ("8 Ilir", "9 Ilir", "10 Ilir", "11 Ilir", "Kuto Batu", "Duku")),
)

BULAN = ("", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
_BIRTHPLACES = ("Mukomuko", "Mukomuko", "Mukomuko", "Ipuh", "Bengkulu", "Padang", "Curup",
                "Lubuk Pinang", "Jambi", "Palembang")
_PREFIX_MALE = ("H.", "Drs.", "Ir.")
_PREFIX_FEMALE = ("Hj.", "Dra.")
_SUFFIXES = ("S.Pd", "S.E.", "S.Kom", "A.Md", "S.Sos", "S.Pd.I")
_OPERATORS = ("11", "12", "13", "21", "22", "23", "52", "53", "57", "59", "77", "78", "81",
              "82", "83", "95", "96", "97", "98", "99")
_FIXED_ZIP_TIME = (2024, 1, 20, 8, 0, 0)
_FIXED_CORE_TIME = "2024-01-20T08:00:00Z"


class Expected(NamedTuple):
    """A finding the checker must report for a sample file (see the module docstring)."""

    code: str
    sheet: str | None
    row: int | None
    column: str | None


# --------------------------------------------------------------------------- NIK and people


def make_nik(region: str, kecamatan: str, dob: dt.date, sex: str, serial: int) -> str:
    """16-digit NIK: PPKK + CC + DDMMYY (women +40 on the day) + serial."""
    day = dob.day + (40 if sex == "P" else 0)
    return f"{region}{kecamatan}{day:02d}{dob.month:02d}{dob.year % 100:02d}{serial:04d}"


def age_on(dob: dt.date, on: dt.date = REFERENCE_DATE) -> int:
    """Whole years on a date, by the same rule the age checks use."""
    return rules_age_on(dob, on)


def dob_for_age(rng: random.Random, age: int, on: dt.date = REFERENCE_DATE) -> dt.date:
    """A random date of birth giving exactly ``age`` whole years on ``on``."""
    latest = on.replace(year=on.year - age)
    earliest = on.replace(year=on.year - age - 1) + dt.timedelta(days=1)
    return earliest + dt.timedelta(days=rng.randrange((latest - earliest).days + 1))


def spaced_nik(nik: str) -> str:
    """NIK typed in groups of four: '1706 0215 0290 0001'."""
    return " ".join(nik[i:i + 4] for i in range(0, len(nik), 4))


def excel_number_nik(nik: str) -> int:
    """What Excel keeps of a NIK typed as a number: 15 significant digits, the 16th zeroed."""
    return int(nik[:15] + "0")


def phone_number(rng: random.Random) -> str:
    """Plausible Indonesian mobile number as text: 08xx + 7 or 8 digits."""
    rest = "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 8))))
    return f"08{rng.choice(_OPERATORS)}{rest}"


@dataclass(frozen=True)
class Person:
    """One synthetic person: name as written, sex L/P, date of birth, NIK (text)."""

    nama: str
    sex: str
    dob: dt.date
    tempat_lahir: str
    nik: str
    no_hp: str
    alamat: str


class _People:
    """Deterministic source of unique synthetic people (base names and NIKs) for a sample set."""

    def __init__(self, seed: int) -> None:
        from faker import Faker  # heavy import: only when samples are made

        self.fake = Faker("id_ID")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.niks: set[str] = set()
        self.serials: dict[str, int] = {}

    def base_name(self, sex: str) -> str:
        while True:
            if sex == "L":
                name = f"{self.fake.first_name_male()} {self.fake.last_name_male()}"
            else:
                name = f"{self.fake.first_name_female()} {self.fake.last_name_female()}"
            if name.lower() not in self.names:
                self.names.add(name.lower())
                return name

    def titled(self, base: str, sex: str) -> str:
        roll = self.rng.random()
        if roll < 0.08:
            return f"{self.rng.choice(_PREFIX_MALE if sex == 'L' else _PREFIX_FEMALE)} {base}"
        if roll < 0.18:
            return f"{base}, {self.rng.choice(_SUFFIXES)}"
        return base

    def nik(self, region: str, kec: str, dob: dt.date, sex: str, serial: int | None = None) -> str:
        prefix = make_nik(region, kec, dob, sex, 0)[:12]
        number = serial if serial is not None else self.serials.get(prefix, 0) + 1
        while f"{prefix}{number:04d}" in self.niks:
            number += 1
        self.serials[prefix] = max(number, self.serials.get(prefix, 0))
        nik = f"{prefix}{number:04d}"
        self.niks.add(nik)
        return nik

    def reserve(self, nik: str) -> None:
        """Mark a NIK-like string as used so no other person gets it."""
        self.niks.add(nik)

    def person(self, kec: str, *, region: str = OFFICE_REGION, sex: str | None = None,
               age: int | None = None, dob: dt.date | None = None, nama: str | None = None,
               nik: str | None = None, nik_dob: dt.date | None = None,
               nik_sex: str | None = None, serial: int | None = None) -> Person:
        sex = sex or self.rng.choice("LP")
        if dob is None:
            dob = dob_for_age(self.rng, age if age is not None else self.rng.randint(19, 54))
        if nama is None:
            nama = self.titled(self.base_name(sex), sex)
        if nik is None:
            nik = self.nik(region, kec, nik_dob or dob, nik_sex or sex, serial)
        rt, rw = self.rng.randint(1, 12), self.rng.randint(1, 5)
        return Person(nama=nama, sex=sex, dob=dob, tempat_lahir=self.rng.choice(_BIRTHPLACES),
                      nik=nik, no_hp=phone_number(self.rng), alamat=f"RT {rt:03d} / RW {rw:03d}")


@dataclass(frozen=True)
class Officer:
    """A person seated at a TPS; ``cells`` overrides raw cell values (planted defects)."""

    person: Person
    ketua: bool
    tps: int
    kelurahan: str
    kecamatan: str
    cells: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


def _team(people: _People, kec: str, kelurahan: str, tps: int, *, size: int = TEAM_SIZE,
          ketua: Sequence[int] = (0,)) -> list[Officer]:
    """One KPPS team of Mukomuko kecamatan ``kec`` (ketua at the given positions)."""
    name = MUKOMUKO[kec][0]
    return [Officer(people.person(kec), i in ketua, tps, kelurahan, name) for i in range(size)]


def _with(officer: Officer, person: Person | None = None, **cells: Any) -> Officer:
    """Copy of an officer with another person and/or raw cell overrides."""
    merged = {**officer.cells, **cells}
    return replace(officer, person=person or officer.person, cells=MappingProxyType(merged))


# --------------------------------------------------------------------------- sheet layouts


@dataclass(frozen=True)
class Col:
    """A roster column: field key, header text, parent header of a two-row header."""

    key: str
    header: str
    group: str | None = None
    width: float = 12.0


@dataclass(frozen=True)
class Style:
    """How values are written in one sheet (see ``_value``)."""

    sex: str = "LP"           # LP | LKPR | full | tick
    date: str = "date"        # date | dmy | dmy_slash | long | iso | mixed
    tps: str = "int"          # int | pad | label
    jabatan: str = "short"    # short | kpps
    nik: str = "text"         # text | spaced | mixed | apostrophe
    tick: str = "√"           # √ | 1 | mixed
    upper: bool = False       # names, places and kelurahan in capitals


@dataclass(frozen=True)
class SheetSpec:
    """A worksheet layout: title rows, columns, decorations around the data."""

    name: str
    columns: tuple[Col, ...]
    style: Style = Style()
    titles: tuple[str, ...] = ()
    number_row: bool = False
    separators: bool = False
    jumlah: bool = False
    signature: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetPlan:
    """A sheet to write: layout, officers, planted findings as (code, officer index, key)."""

    spec: SheetSpec
    officers: tuple[Officer, ...]
    plants: tuple[tuple[str, int, str | None], ...] = ()


@dataclass(frozen=True)
class Placement:
    """Excel row of each officer and column letter of each field key."""

    rows: tuple[int, ...]
    letters: Mapping[str, str]
    header_rows: int
    first_data_row: int


def _two_row(spec: SheetSpec) -> bool:
    return any(col.group for col in spec.columns)


def place(spec: SheetSpec, officers: Sequence[Officer]) -> Placement:
    """Where every officer lands (pure: the writer and the expectations both use it)."""
    row = len(spec.titles) + (1 if spec.titles else 0) + 1
    header_rows = 2 if _two_row(spec) else 1
    row += header_rows + (1 if spec.number_row else 0)
    first = row
    rows: list[int] = []
    previous: tuple[str, int] | None = None
    for officer in officers:
        key = (officer.kelurahan, officer.tps)
        if spec.separators and previous is not None and key != previous:
            row += 1
        rows.append(row)
        previous = key
        row += 1
    letters = {col.key: get_column_letter(j) for j, col in enumerate(spec.columns, start=1)}
    return Placement(tuple(rows), MappingProxyType(letters), header_rows, first)


def _letter(placement: Placement, key: str | None) -> str | None:
    """Column letter of a field key; 'dob' is the date column (or the combined TTL column)."""
    if key is None:
        return None
    if key == "dob":
        return placement.letters.get("tanggal_lahir") or placement.letters.get("ttl")
    if key == "jk":
        return placement.letters.get("jk")
    return placement.letters[key]


def expected_for(plan: SheetPlan) -> list[Expected]:
    """Planted findings of one sheet located by ``place``."""
    placement = place(plan.spec, plan.officers)
    return [Expected(code, plan.spec.name, placement.rows[index], _letter(placement, key))
            for code, index, key in plan.plants]


def _date_text(value: dt.date, style: str) -> str:
    if style == "dmy_slash":
        return value.strftime("%d/%m/%Y")
    if style == "long":
        return f"{value.day} {BULAN[value.month]} {value.year}"
    if style == "iso":
        return value.isoformat()
    return value.strftime("%d-%m-%Y")


_MIXED_DATES = ("date", "dmy", "dmy_slash", "long", "iso")


def _date_value(value: dt.date, style: str, index: int) -> tuple[Any, str | None]:
    """(cell value, number format) for a date of birth in a sheet style."""
    if style == "mixed":
        style = _MIXED_DATES[index % len(_MIXED_DATES)]
    if style == "date":
        return value, "DD-MM-YYYY"
    return _date_text(value, style), None


def _upper(text: str, style: Style) -> str:
    return text.upper() if style.upper else text


def _sex_text(sex: str, style: Style) -> str:
    table = {"LP": ("L", "P"), "LKPR": ("LK", "PR"), "full": ("Laki-laki", "Perempuan")}
    male, female = table.get(style.sex, ("L", "P"))
    return male if sex == "L" else female


def _tick(style: Style, index: int) -> Any:
    if style.tick == "mixed":
        return "√" if index % 3 else 1
    return 1 if style.tick == "1" else style.tick


def _nik_text(nik: str, style: Style, index: int) -> str:
    if style.nik == "spaced" or (style.nik == "mixed" and index % 3 == 1):
        return spaced_nik(nik)
    if style.nik == "apostrophe":
        return "'" + nik
    return nik


def _naive_age(dob: dt.date) -> int:
    """The UMUR a clerk's formula gives (=2024-YEAR(...)): often one year too many."""
    return REFERENCE_DATE.year - dob.year


_JKN_TEXTS = ("Aktif", "Aktif", "Aktif (PBI)", "Tidak aktif", "Aktif", "Belum terdaftar", "Aktif")
_SCREENED = ("Tidak Berisiko", "tidak beresiko", "Tidak Berisiko", "Sudah - Tidak Berisiko")


def _health_value(key: str, person: Person, index: int) -> str:
    """Default health/coverage cell of a person, derived from the NIK (no random draw, so
    adding these columns changes no other value): all fine, JKN status mixed."""
    nik = person.nik
    return {
        "status_jkn": _JKN_TEXTS[index % len(_JKN_TEXTS)],
        "skrining": _SCREENED[index % len(_SCREENED)],
        "surat_sehat": "Ada",
        "no_bpjs_kes": "000" + nik[2:12],
        "no_kpj": "24" + nik[7:16],
        "no_kk": nik[:6] + "010118" + nik[12:],
    }[key]


HEALTH_KEYS = ("status_jkn", "skrining", "surat_sehat", "no_bpjs_kes", "no_kpj", "no_kk")


def _value(key: str, officer: Officer, style: Style, index: int) -> tuple[Any, str | None]:
    """(cell value, number format) of one field of one officer in a sheet style."""
    person, cells = officer.person, officer.cells
    if key in cells:
        value = cells[key]
        return value, ("0" if isinstance(value, int) and key in ("nik", "no_kk") else None)
    if key in HEALTH_KEYS:
        return _health_value(key, person, index), "@"
    if key == "ttl" and "tanggal_lahir" in cells:
        return f"{_upper(person.tempat_lahir, style)}, {cells['tanggal_lahir']}", None
    if key == "umur" and "tanggal_lahir" in cells:
        return None, None
    simple: dict[str, Callable[[], Any]] = {
        "nama": lambda: _upper(person.nama, style),
        "nik": lambda: _nik_text(person.nik, style, index),
        "jk": lambda: _sex_text(person.sex, style),
        "jk_l": lambda: _tick(style, index) if person.sex == "L" else None,
        "jk_p": lambda: _tick(style, index) if person.sex == "P" else None,
        "tempat_lahir": lambda: _upper(person.tempat_lahir, style),
        "umur": lambda: _naive_age(person.dob),
        "jabatan": lambda: ("Ketua" if officer.ketua else "Anggota")
        + (" KPPS" if style.jabatan == "kpps" else ""),
        "kelurahan": lambda: _upper(officer.kelurahan, style),
        "kecamatan": lambda: _upper(officer.kecamatan.title(), style),
        "no_hp": lambda: person.no_hp,
        "alamat": lambda: person.alamat,
    }
    if key in simple:
        return simple[key](), None
    if key == "tanggal_lahir":
        return _date_value(person.dob, style.date, index)
    if key == "ttl":
        text = _date_text(person.dob, "dmy" if style.date in ("date", "mixed") else style.date)
        return f"{_upper(person.tempat_lahir, style)}, {text}", None
    if key == "tps":
        if style.tps == "pad":
            return f"{officer.tps:03d}", "@"
        if style.tps == "label":
            return f"TPS {officer.tps:02d}", None
        return officer.tps, None
    raise KeyError(key)


_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _write_header(ws: Worksheet, spec: SheetSpec, row: int) -> None:
    ncols = len(spec.columns)
    if not _two_row(spec):
        for j, col in enumerate(spec.columns, start=1):
            cell = ws.cell(row, j, col.header)
            cell.font, cell.alignment, cell.border = _BOLD, _CENTER, _BOX
        return
    j = 1
    while j <= ncols:
        col = spec.columns[j - 1]
        if col.group is None:
            ws.cell(row, j, col.header)
            ws.merge_cells(start_row=row, start_column=j, end_row=row + 1, end_column=j)
            j += 1
            continue
        span = 1
        while j + span <= ncols and spec.columns[j + span - 1].group == col.group:
            span += 1
        ws.cell(row, j, col.group)
        ws.merge_cells(start_row=row, start_column=j, end_row=row, end_column=j + span - 1)
        for k in range(j, j + span):
            ws.cell(row + 1, k, spec.columns[k - 1].header)
        j += span
    for r in (row, row + 1):
        for k in range(1, ncols + 1):
            cell = ws.cell(r, k)
            cell.font, cell.alignment, cell.border = _BOLD, _CENTER, _BOX


def write_sheet(ws: Worksheet, plan: SheetPlan) -> Placement:
    """Write one roster sheet in its layout; return where everything landed."""
    spec, officers = plan.spec, plan.officers
    placement = place(spec, officers)
    ncols = len(spec.columns)
    for r, title in enumerate(spec.titles, start=1):
        cell = ws.cell(r, 1, title)
        cell.font = _BOLD
        if r == 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
            cell.alignment = Alignment(horizontal="center")
    header_row = len(spec.titles) + (1 if spec.titles else 0) + 1
    _write_header(ws, spec, header_row)
    if spec.number_row:
        for j in range(1, ncols + 1):
            cell = ws.cell(header_row + placement.header_rows, j, f"({j})")
            cell.alignment, cell.border = _CENTER, _BOX
    for index, (officer, row) in enumerate(zip(officers, placement.rows, strict=True)):
        for j, col in enumerate(spec.columns, start=1):
            if col.key == "no":
                value, number_format = index + 1, None
            else:
                value, number_format = _value(col.key, officer, spec.style, index)
            cell = ws.cell(row, j, value)
            cell.border = _BOX
            if number_format:
                cell.number_format = number_format
            elif col.key == "nik" and isinstance(value, str):
                cell.number_format = "@"
    last = placement.rows[-1] if placement.rows else placement.first_data_row - 1
    if spec.jumlah:
        last += 1
        ws.cell(last, 1, "JUMLAH").font = _BOLD
        ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=2)
        count_column = [col.key for col in spec.columns].index("jabatan") + 1
        ws.cell(last, count_column, f"{len(officers)} orang").font = _BOLD
    if spec.signature:
        column = max(ncols - 1, 3)
        for offset, line in enumerate(spec.signature, start=2):
            if line:
                ws.cell(last + offset, column, line)
    for j, col in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = col.width
    return placement


# --------------------------------------------------------------------------- column sets

_TITLED_COLS = (
    Col("no", "NO", width=5), Col("nama", "NAMA", width=28), Col("nik", "N I K", width=22),
    Col("jk", "L/P", width=6), Col("ttl", "TEMPAT, TANGGAL LAHIR", width=26),
    Col("jabatan", "JABATAN"), Col("tps", "TPS", width=8), Col("no_hp", "NO. HP", width=15),
    Col("alamat", "ALAMAT", width=18),
)
_PLAIN_COLS = (
    Col("no", "No", width=5), Col("nama", "Nama Lengkap", width=28),
    Col("nik", "Nomor Induk Kependudukan", width=22), Col("jk", "Jenis Kelamin"),
    Col("tempat_lahir", "Tempat Lahir"), Col("tanggal_lahir", "Tanggal Lahir"),
    Col("jabatan", "Jabatan", width=14), Col("tps", "No TPS", width=8),
    Col("kelurahan", "Desa/Kelurahan", width=18), Col("no_hp", "No HP", width=15),
)
_HEALTH_COLS = (
    Col("status_jkn", "Status JKN", width=13), Col("skrining", "Hasil Skrining", width=16),
    Col("surat_sehat", "Surat Ket. Sehat", width=10),
    Col("no_bpjs_kes", "No. Kartu BPJS Kesehatan", width=16), Col("no_kpj", "No. KPJ", width=13),
    Col("no_kk", "No. KK", width=19),
)
_PLAIN_HEALTH_COLS = _PLAIN_COLS + _HEALTH_COLS
_OFFICIAL_COLS = (
    Col("no", "NO", width=5), Col("nama", "NAMA", width=28), Col("nik", "NIK", width=20),
    Col("jk_l", "L", "JENIS KELAMIN", 4), Col("jk_p", "P", "JENIS KELAMIN", 4),
    Col("tempat_lahir", "TEMPAT", "TEMPAT/TGL LAHIR"),
    Col("tanggal_lahir", "TANGGAL", "TEMPAT/TGL LAHIR", 16), Col("umur", "UMUR", width=6),
    Col("jabatan", "JABATAN"), Col("tps", "TPS", width=6), Col("kelurahan", "DESA", width=16),
    Col("no_hp", "NO. HP", width=15),
)
_VILLAGE_COLS = (
    Col("no", "NO", width=5), Col("nama", "NAMA", width=28), Col("nik", "NIK", width=22),
    Col("jk", "JK", width=6), Col("ttl", "Tempat, Tanggal Lahir", width=28),
    Col("jabatan", "Jabatan"), Col("tps", "TPS", width=6),
)
_CSV_HEADER = ("No", "Nama", "NIK", "JK", "Tempat Lahir", "Tgl Lahir", "Jabatan", "TPS", "Desa",
               "Kecamatan", "No HP", "Alamat")


def _signature(place_name: str = "Mukomuko") -> tuple[str, ...]:
    return (f"{place_name}, 20 Januari 2024", "KETUA PPS", "", "", "")


def _titled(name: str, kec: str, kelurahan: str, signer: str, style: Style) -> SheetSpec:
    return SheetSpec(
        name=name, columns=_TITLED_COLS, style=style,
        titles=("DAFTAR NAMA ANGGOTA KPPS", "PEMILIHAN UMUM TAHUN 2024",
                f"KECAMATAN : {MUKOMUKO[kec][0]}", f"KELURAHAN : {kelurahan.upper()}"),
        number_row=True, separators=True, jumlah=True, signature=_signature()[:-1] + (signer,),
    )


def _official(name: str, kec: str, style: Style) -> SheetSpec:
    return SheetSpec(
        name=name, columns=_OFFICIAL_COLS, style=style,
        titles=(f"DAFTAR ANGGOTA KPPS KECAMATAN {MUKOMUKO[kec][0]}",
                "KABUPATEN MUKOMUKO - PEMILU 2024"),
        number_row=True, jumlah=True,
    )


# --------------------------------------------------------------------------- sample plans


@dataclass(frozen=True)
class WorkbookPlan:
    """A sample workbook: roster sheets plus optional free-text sheets (sheet -> lines)."""

    sheets: tuple[SheetPlan, ...]
    notes: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _clean_plan(people: _People) -> WorkbookPlan:
    lp = MUKOMUKO["01"][1]
    sheet1 = [o for t in (1, 2, 3) for o in _team(people, "01", lp[0], t)]
    signer = people.base_name("L").upper()
    village = [o for t in (1, 2) for o in _team(people, "01", lp[1], t)]
    kota = MUKOMUKO["02"][1]
    sheet2 = [o for kel in kota[:2] for t in (1, 2) for o in _team(people, "02", kel, t)]
    # A legitimate text NIK ending in 0 (serial 0010): must not look "damaged by Excel".
    p = sheet2[3].person
    sheet2[3] = _with(sheet2[3], people.person("02", sex=p.sex, dob=p.dob, nama=p.nama,
                                                serial=10))
    ipuh = MUKOMUKO["05"][1]
    sheet3 = [o for kel, t in ((ipuh[0], 1), (ipuh[0], 2), (ipuh[1], 1))
              for o in _team(people, "05", kel, t)]
    return WorkbookPlan(sheets=(
        SheetPlan(_titled("KEC LUBUK PINANG", "01", lp[0], signer,
                          Style(sex="LP", date="dmy", tps="label", nik="mixed", upper=True)),
                  tuple(sheet1)),
        SheetPlan(SheetSpec("Kota Mukomuko", _PLAIN_HEALTH_COLS,
                            Style(sex="full", date="date", tps="pad", jabatan="kpps")),
                  tuple(sheet2)),
        SheetPlan(_official("Ipuh", "05", Style(sex="tick", date="mixed", tps="int",
                                                 tick="mixed", upper=True)), tuple(sheet3)),
        SheetPlan(SheetSpec(f"Desa {lp[1]}", _VILLAGE_COLS,
                            Style(sex="LP", date="long", tps="int"),
                            titles=("KECAMATAN LUBUK PINANG",)), tuple(village)),
    ))


def _csv_officers(people: _People) -> list[Officer]:
    kel = MUKOMUKO["08"][1]
    return [o for k, t in ((kel[0], 1), (kel[0], 2), (kel[1], 1))
            for o in _team(people, "08", k, t)]


@dataclass(frozen=True)
class _DefectPlans:
    first: WorkbookPlan
    second: WorkbookPlan
    cross: tuple[Expected, ...]
    cross_second: tuple[Expected, ...]


def _defect_sheet_a(people: _People) -> tuple[SheetPlan, Officer, Officer]:
    """Titled sheet: NIK missing/15 digits/number/region 99, sex X, phone, TPS of 6, dup."""
    kel = MUKOMUKO["03"][1][0]
    t1, t2 = _team(people, "03", kel, 1), _team(people, "03", kel, 2)
    t3, t4 = _team(people, "03", kel, 3, size=6), _team(people, "03", kel, 4)
    plants: list[tuple[str, int, str | None]] = []
    t1[2] = _with(t1[2], nik=None)
    t1[3] = _with(t1[3], nik=t1[3].person.nik[:11] + t1[3].person.nik[12:])
    t1[4] = _with(t1[4], no_hp="12345")
    t2[1] = _with(t2[1], people.person("03", serial=17))  # Excel keeps ...0010 of ...0017
    lost = excel_number_nik(t2[1].person.nik)
    people.reserve(str(lost))
    t2[1] = _with(t2[1], nik=lost)
    region = "99" + t2[5].person.nik[2:]
    people.reserve(region)
    t2[5] = _with(t2[5], nik=region)
    t2[6] = _with(t2[6], jk="X")
    twin = t1[5].person
    t4[3] = _with(t4[3], people.person("03", sex=twin.sex, dob=twin.dob, nik=twin.nik))
    officers = t1 + t2 + t3 + t4
    base2, base3, base4 = 7, 14, 20
    plants += [("nik.missing", 2, "nik"), ("nik.format", 3, "nik"), ("phone.format", 4, "no_hp"),
               ("nik.precision_lost", base2 + 1, "nik"), ("nik.region", base2 + 5, "nik"),
               ("sex.invalid", base2 + 6, "jk"), ("tps.size", base3, None),
               ("dup.nik", 5, "nik"), ("dup.nik", base4 + 3, "nik"),
               ("dup.nik", base4 + 5, "nik")]
    spec = _titled("KEC TERAS TERUNJAM", "03", kel, people.base_name("P").upper(),
                   Style(sex="LKPR", date="dmy", tps="label", nik="text"))
    return SheetPlan(spec, tuple(officers), tuple(plants)), t4[5], t1[0]


def _defect_sheet_b(people: _People, shared: Officer) -> tuple[SheetPlan, Person]:
    """Plain sheet: NIK date/month 13, dob and sex mismatch, ketua x2 / x0, ages, dup."""
    kel = MUKOMUKO["04"][1]
    b1, b2 = _team(people, "04", kel[0], 1), _team(people, "04", kel[0], 2, ketua=(0, 3))
    b3, b4 = _team(people, "04", kel[1], 1, ketua=()), _team(people, "04", kel[1], 2)
    p = b1[1].person
    month13 = p.nik[:8] + "13" + p.nik[10:]
    people.reserve(month13)
    b1[1] = _with(b1[1], nik=month13)
    dob = dob_for_age(people.rng, 33)
    b1[2] = _with(b1[2], people.person("04", dob=dob, nik_dob=dob + dt.timedelta(days=9)))
    b1[3] = _with(b1[3], people.person("04", sex="P", nik_sex="L"))
    b2[4] = _with(b2[4], people.person("04", age=16))
    b3[2] = _with(b3[2], people.person("04", age=58))
    s = shared.person
    b3[5] = _with(b3[5], people.person("04", sex=s.sex, dob=s.dob, nik=s.nik))
    b4[2] = _with(b4[2], nama=None)
    base = people.base_name("P")
    twin = people.person("04", sex="P", nama=f"Hj. {base}")
    b4[3] = _with(b4[3], twin)
    b4[5] = _with(b4[5], people.person("07", region="1671"))
    officers = b1 + b2 + b3 + b4
    health: tuple[tuple[int, str, Any, str], ...] = (
        (4, "skrining", "Belum", "health.not_screened"),
        (5, "skrining", None, "health.not_screened"),
        (9, "skrining", "BERESIKO", "health.at_risk"),
        (16, "skrining", "Berisiko", "health.at_risk"),  # 58 years old: the message adds it
        (12, "surat_sehat", "Tidak", "health.no_certificate"),
        (6, "no_bpjs_kes", "000" + officers[6].person.nik[2:11], "bpjs.kes_format"),  # 12 digits
        (8, "no_bpjs_kes", int("1" + officers[8].person.nik[:12]), "bpjs.kes_format"),  # number
        (10, "no_kpj", "24" + officers[10].person.nik[9:16], "bpjs.tk_format"),  # 9 digits
        (13, "no_kk", officers[13].person.nik, "kk.format"),  # the NIK pasted as KK
        (15, "no_kk", excel_number_nik(officers[15].person.nik[:6] + "0101180001"),
         "kk.format"),  # typed as a number: the 16th digit is gone
    )
    for index, key, value, _code in health:
        officers[index] = _with(officers[index], **{key: value})
    plants = (("nik.birthdate", 1, "nik"), ("nik.dob_mismatch", 2, "dob"),
              ("nik.sex_mismatch", 3, "jk"), ("tps.ketua", 7, None),
              ("age.under_min", 7 + 4, "dob"), ("tps.ketua", 14, None),
              ("age.over_preferred", 14 + 2, "dob"), ("dup.nik", 14 + 5, "nik"),
              ("field.missing", 21 + 2, "nama"), ("dup.person", 21 + 3, "nama"),
              ("nik.outside_area", 21 + 5, "nik"),
              *((code, index, key) for index, key, _value, code in health))
    spec = SheetSpec("Pondok Suguh", _PLAIN_HEALTH_COLS,
                     Style(sex="LP", date="mixed", tps="pad", jabatan="kpps", nik="text"))
    twin_other = replace(twin, nama=f"{base.upper()}, S.Pd")
    return SheetPlan(spec, tuple(officers), plants), twin_other


def _defect_sheet_c(people: _People, twin: Person) -> tuple[SheetPlan, Officer]:
    """Official two-row sheet: impossible date of birth, same person under another NIK."""
    kel = MUKOMUKO["06"][1]
    c1, c2 = _team(people, "06", kel[0], 1), _team(people, "06", kel[0], 2)
    c3 = _team(people, "06", kel[1], 1)
    real = dt.date(1985, 2, 28)
    c1[2] = _with(c1[2], people.person("06", dob=real), tanggal_lahir="31-02-1985")
    c1[4] = _with(c1[4], people.person("06", sex=twin.sex, dob=twin.dob, nama=twin.nama))
    plants = (("dob.invalid", 2, "dob"), ("dup.person", 4, "nama"))
    spec = _official("Malin Deman", "06", Style(sex="tick", date="mixed", tps="int", tick="√",
                                                nik="mixed", upper=True))
    return SheetPlan(spec, tuple(c1 + c2 + c3), plants), c3[3]


def _defect_plans(people: _People) -> _DefectPlans:
    sheet_a, shared, _ = _defect_sheet_a(people)
    sheet_b, twin = _defect_sheet_b(people, shared)
    sheet_c, exported = _defect_sheet_c(people, twin)
    notes = ("Catatan", (
        "CATATAN PENYUSUNAN DAFTAR",
        "Daftar ini disusun oleh PPS dari hasil seleksi calon anggota KPPS.",
        "Perbaikan data dikirim ke KPU Kabupaten paling lambat 25 Januari 2024.",
        "Semua data pada berkas ini sintetis (contoh), bukan data orang sebenarnya.",
    ))
    first = WorkbookPlan((sheet_a, sheet_b, sheet_c), (notes,))
    kel = MUKOMUKO["07"][1]
    d1, d2 = _team(people, "07", kel[0], 1), _team(people, "07", kel[0], 2)
    e = exported.person
    d1[4] = _with(d1[4], people.person("07", sex=e.sex, dob=e.dob, nik=e.nik))
    spec = SheetSpec("KEC AIR RAMI", _PLAIN_COLS,
                     Style(sex="LP", date="date", tps="int", jabatan="short"),
                     titles=("DAFTAR ANGGOTA KPPS KECAMATAN AIR RAMI",))
    second_sheet = SheetPlan(spec, tuple(d1 + d2))
    c_index = 14 + 3
    cross = (Expected("dup.nik", "Malin Deman",
                      place(sheet_c.spec, sheet_c.officers).rows[c_index],
                      place(sheet_c.spec, sheet_c.officers).letters["nik"]),)
    p2 = place(spec, second_sheet.officers)
    cross_second = (Expected("dup.nik", spec.name, p2.rows[4], p2.letters["nik"]),)
    return _DefectPlans(first, WorkbookPlan((second_sheet,)), cross, cross_second)


@dataclass(frozen=True)
class SamplePlans:
    """Every sample file of one seed, built from one source of unique people."""

    clean: WorkbookPlan
    csv_officers: tuple[Officer, ...]
    defect: _DefectPlans


def sample_plans(seed: int = DEFAULT_SEED) -> SamplePlans:
    """Build (without writing) the whole sample set: unique names and NIKs across files."""
    people = _People(seed)
    clean = _clean_plan(people)
    csv_officers = tuple(_csv_officers(people))
    return SamplePlans(clean, csv_officers, _defect_plans(people))


def workbook_expected(plan: WorkbookPlan) -> list[Expected]:
    """Findings a check of this workbook alone must report (sheet order, then row)."""
    found = []
    for sheet in plan.sheets:
        found += sorted(expected_for(sheet), key=lambda e: (e.row or 0, e.column or "", e.code))
    found += [Expected("sheet.no_roster", name, None, None) for name, _ in plan.notes]
    return found


# --------------------------------------------------------------------------- writers


def _normalise_xlsx(path: Path) -> None:
    """Fix zip timestamps and the document dates so the same data gives the same bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>" + _FIXED_CORE_TIME.encode(), data)
            info = zipfile.ZipInfo(name, _FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def write_workbook(path: str | Path, plan: WorkbookPlan) -> list[Expected]:
    """Write a sample workbook (atomically, reproducible bytes); return its planted findings."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "kpps-xl (data sintetis)"
    for sheet in plan.sheets:
        write_sheet(wb.create_sheet(sheet.spec.name), sheet)
    for name, lines in plan.notes:
        ws = wb.create_sheet(name)
        for r, line in enumerate(lines, start=1):
            ws.cell(r, 1, line)
        ws.column_dimensions["A"].width = 80
    with atomic_path(path) as tmp:
        wb.save(tmp)
        _normalise_xlsx(tmp)
    return workbook_expected(plan)


def csv_rows(officers: Sequence[Officer]) -> list[list[str]]:
    """CSV sample rows: NIK with a leading apostrophe, LK/PR, 'TPS 04', two date styles."""
    rows = [list(_CSV_HEADER)]
    for i, officer in enumerate(officers):
        p = officer.person
        date_text = _date_text(p.dob, "dmy" if i % 2 else "dmy_slash")
        rows.append([
            str(i + 1), p.nama, "'" + p.nik, "LK" if p.sex == "L" else "PR", p.tempat_lahir,
            date_text, "Ketua KPPS" if officer.ketua else "Anggota KPPS", f"TPS {officer.tps:02d}",
            officer.kelurahan, officer.kecamatan.title(), p.no_hp,
            f"{p.alamat} \u2013 Desa {officer.kelurahan}",
        ])
    return rows


def write_csv(path: str | Path, officers: Sequence[Officer]) -> None:
    """Write the CSV sample: ';' separated, cp1252 (the en dash in ALAMAT is byte 0x96)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(csv_rows(officers))
    with atomic_path(path) as tmp:
        tmp.write_bytes(buffer.getvalue().encode("cp1252"))


def make_clean_roster(path: str | Path, seed: int = DEFAULT_SEED) -> list[Expected]:
    """Clean workbook: 4 sheets in 4 layouts, every TPS 7 officers with one ketua (-> [])."""
    return write_workbook(path, sample_plans(seed).clean)


def make_clean_csv(path: str | Path, seed: int = DEFAULT_SEED) -> list[Expected]:
    """Clean CSV roster (3 TPS of Kecamatan Teramang Jaya); nothing to find (-> [])."""
    write_csv(path, sample_plans(seed).csv_officers)
    return []


def make_defect_roster(path: str | Path, seed: int = DEFAULT_SEED) -> list[Expected]:
    """Workbook with planted defects; returns what a check of this file alone must find."""
    return write_workbook(path, sample_plans(seed).defect.first)


def make_second_defect_roster(path: str | Path, seed: int = DEFAULT_SEED) -> list[Expected]:
    """Second workbook repeating one NIK of the first; alone it is clean (-> [])."""
    return write_workbook(path, sample_plans(seed).defect.second)


def cross_file_expected(seed: int = DEFAULT_SEED) -> dict[str, list[Expected]]:
    """Extra findings when both defect workbooks are checked together (file name -> list)."""
    plans = sample_plans(seed).defect
    return {SAMPLE_FILES["defect"]: list(plans.cross),
            SAMPLE_FILES["defect2"]: list(plans.cross_second)}


def _expected_rows(found: Sequence[Expected], file: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for e in found:
        row: dict[str, Any] = {"code": e.code, "severity": CATALOGUE[e.code].severity,
                               "sheet": e.sheet, "row": e.row, "column": e.column}
        if file is not None:
            row = {"file": file, **row}
        rows.append(row)
    return rows


def expected_document(seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """The content of expected.json for a sample set (no files are written)."""
    plans = sample_plans(seed)
    per_file = {
        SAMPLE_FILES["clean"]: workbook_expected(plans.clean),
        SAMPLE_FILES["csv"]: [],
        SAMPLE_FILES["defect"]: workbook_expected(plans.defect.first),
        SAMPLE_FILES["defect2"]: workbook_expected(plans.defect.second),
    }
    together = [*_expected_rows(plans.defect.cross, SAMPLE_FILES["defect"]),
                *_expected_rows(plans.defect.cross_second, SAMPLE_FILES["defect2"])]
    return {
        "generator": "kpps_xl.samples", "seed": seed,
        "settings": {"reference_date": REFERENCE_DATE.isoformat(), "region_code": OFFICE_REGION,
                     "team_size": TEAM_SIZE},
        "location": "row = baris Excel; kolom = huruf kolom; tps.* di baris data pertama TPS "
                    "tersebut tanpa kolom; sheet.no_roster tanpa baris/kolom.",
        "files": {name: _expected_rows(found) for name, found in per_file.items()},
        "together": {"files": [SAMPLE_FILES["defect"], SAMPLE_FILES["defect2"]],
                     "extra_findings": together},
    }


def write_samples(outdir: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the whole sample set (3 workbooks, a CSV, expected.json and the commented
    kpps-xl.toml, so check/budget/letters run in outdir); return the paths."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    plans = sample_plans(seed)
    paths = {role: outdir / name for role, name in SAMPLE_FILES.items()}
    write_workbook(paths["clean"], plans.clean)
    write_csv(paths["csv"], plans.csv_officers)
    write_workbook(paths["defect"], plans.defect.first)
    write_workbook(paths["defect2"], plans.defect.second)
    expected = outdir / EXPECTED_FILE
    text = json.dumps(expected_document(seed), ensure_ascii=False, indent=1) + "\n"
    with atomic_path(expected) as tmp:
        tmp.write_text(text, encoding="utf-8")
    from kpps_xl.starter import write_config

    config = write_config(outdir)
    return [*paths.values(), expected, *([config] if config else [])]


# --------------------------------------------------------------------------- big rosters

BIG_HEADER = ("NO", "NAMA", "NIK", "JENIS KELAMIN", "TEMPAT LAHIR", "TANGGAL LAHIR", "JABATAN",
              "TPS", "KELURAHAN", "KECAMATAN", "NO HP", "ALAMAT")
_BIG_KELURAHAN = tuple((code, kec, kel) for code, kec, kels in PALEMBANG for kel in kels)
_DOB_SPAN = 36 * 365  # dates of birth spread over 36 years (ages 19-55 on voting day)
_DOB_START = dt.date(1968, 3, 1)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _name_pool(seed: int, size: int = 4096) -> tuple[tuple[str, str], ...]:
    """(name, sex) pairs drawn once from Faker; rows pick from it (Faker per row is slow)."""
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(seed)
    pool = []
    for i in range(size):
        if i % 2:
            pool.append((f"{fake.first_name_female()} {fake.last_name_female()}", "P"))
        else:
            pool.append((f"{fake.first_name_male()} {fake.last_name_male()}", "L"))
    return tuple(pool)


def big_rows(rows: int, seed: int = 0) -> Iterator[tuple[Any, ...]]:
    """Rows of a Palembang-like roster: 7 per TPS (ketua first), kelurahan in turn, unique NIKs.

    33,439 rows give 4,777 TPS over the 107 kelurahan of the 18 kecamatan. Each row holds
    (no, nama, nik, jenis_kelamin, tempat_lahir, tanggal_lahir as date, jabatan, tps "001",
    kelurahan, kecamatan, no_hp, alamat).
    """
    rng = random.Random(seed)
    pool = _name_pool(seed)
    n_tps = max(1, -(-rows // TEAM_SIZE))
    per_kel = -(-n_tps // len(_BIG_KELURAHAN))
    dates = [_DOB_START + dt.timedelta(days=d) for d in range(_DOB_SPAN)]
    ddmmyy = [f"{d.day:02d}{d.month:02d}{d.year % 100:02d}" for d in dates]
    ddmmyy_p = [f"{d.day + 40:02d}{d.month:02d}{d.year % 100:02d}" for d in dates]
    for i in range(rows):
        tps_index, seat = divmod(i, TEAM_SIZE)
        kel_index, tps_no = divmod(tps_index, per_kel)
        code, kec, kel = _BIG_KELURAHAN[kel_index % len(_BIG_KELURAHAN)]
        name, sex = pool[rng.randrange(len(pool))]
        d = (i * 7919) % _DOB_SPAN  # 7919 is prime and coprime with the span: a bijection
        serial = i // _DOB_SPAN + 1
        nik = f"1671{code}{(ddmmyy_p if sex == 'P' else ddmmyy)[d]}{serial:04d}"
        yield (i + 1, name, nik, "L" if sex == "L" else "P", "Palembang", dates[d],
               "Ketua" if seat == 0 else "Anggota", f"{tps_no + 1:03d}", kel, kec,
               f"08{rng.randrange(11, 99)}{rng.randrange(10_000_000):08d}",
               f"RT {rng.randrange(1, 40):03d} RW {rng.randrange(1, 12):03d}")


def make_big_values(rows: int, seed: int = 0) -> list[list[Any]]:
    """The big roster in memory: header row then ``rows`` rows of Python values."""
    return [list(BIG_HEADER), *(list(row) for row in big_rows(rows, seed))]


_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    f'{_XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}styles+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'{_XML_DECL}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_XML_DECL}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    f'xmlns:r="{_DOC_RELS}">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_XML_DECL}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    '<cols><col min="2" max="2" width="28" customWidth="1"/>'
    '<col min="3" max="3" width="20" customWidth="1"/></cols><sheetData>'
)
_BIG_LETTERS = tuple(get_column_letter(j) for j in range(1, len(BIG_HEADER) + 1))


class _SharedStrings:
    """Shared-string table for the repeated texts of the big roster (names, places, roles)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def ref(self, text: str) -> int:
        self.count += 1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml(self) -> bytes:
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in self.index)
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{self.count}" uniqueCount="{len(self.index)}">{items}</sst>'
        ).encode()


def _big_sheet_chunks(rows: Iterator[tuple[Any, ...]], sst: _SharedStrings) -> Iterator[str]:
    """sheet1.xml in pieces: shared strings for repeated texts, inline strings for unique ones."""
    yield _SHEET_HEAD
    head = "".join(f'<c r="{c}1" t="s" s="3"><v>{sst.ref(h)}</v></c>'
                   for c, h in zip(_BIG_LETTERS, BIG_HEADER, strict=True))
    yield f'<row r="1">{head}</row>'
    ref, epoch = sst.ref, _EXCEL_EPOCH
    batch: list[str] = []
    for r, row in enumerate(rows, start=2):
        no, nama, nik, jk, tempat, dob, jabatan, tps, kel, kec, hp, alamat = row
        batch.append(
            f'<row r="{r}"><c r="A{r}"><v>{no}</v></c>'
            f'<c r="B{r}" t="s"><v>{ref(nama)}</v></c>'
            f'<c r="C{r}" t="inlineStr" s="2"><is><t>{nik}</t></is></c>'
            f'<c r="D{r}" t="s"><v>{ref(jk)}</v></c>'
            f'<c r="E{r}" t="s"><v>{ref(tempat)}</v></c>'
            f'<c r="F{r}" s="1"><v>{(dob - epoch).days}</v></c>'
            f'<c r="G{r}" t="s"><v>{ref(jabatan)}</v></c>'
            f'<c r="H{r}" t="inlineStr" s="2"><is><t>{tps}</t></is></c>'
            f'<c r="I{r}" t="s"><v>{ref(kel)}</v></c>'
            f'<c r="J{r}" t="s"><v>{ref(kec)}</v></c>'
            f'<c r="K{r}" t="inlineStr" s="2"><is><t>{hp}</t></is></c>'
            f'<c r="L{r}" t="inlineStr"><is><t>{alamat}</t></is></c></row>'
        )
        if len(batch) >= 4096:
            yield "".join(batch)
            batch.clear()
    yield "".join(batch)
    yield "</sheetData></worksheet>"


def make_big_roster(path: str | Path, rows: int, seed: int = 0,
                    sheet: str = "DAFTAR KPPS") -> Path:
    """Write a big one-sheet roster fast (streamed sheet XML, no openpyxl); header + ``rows``.

    Names, places, roles and areas are shared strings; NIK, TPS ("001") and phone are text
    cells; the date of birth is a real date cell. 1,048,575 rows fill a sheet to Excel's limit.
    """
    if not 0 <= rows <= 1_048_575:
        raise ValueError("rows harus 0..1.048.575 (batas baris Excel dikurangi judul kolom)")
    path = Path(path)
    sst = _SharedStrings()
    with (atomic_path(path) as tmp,
          zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive):
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES),
                           ("_rels/.rels", _ROOT_RELS),
                           ("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet))),
                           ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
                           ("xl/styles.xml", _STYLES)):
            archive.writestr(zipfile.ZipInfo(name, _FIXED_ZIP_TIME), text,
                             compress_type=zipfile.ZIP_DEFLATED)
        # Opened by name so the archive's fast compresslevel=1 applies (level 6 costs ~20 s/1 M).
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            for chunk in _big_sheet_chunks(big_rows(rows, seed), sst):
                stream.write(chunk.encode())
        archive.writestr(zipfile.ZipInfo("xl/sharedStrings.xml", _FIXED_ZIP_TIME),
                         sst.xml(), compress_type=zipfile.ZIP_DEFLATED)
    return path
