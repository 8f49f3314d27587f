"""BPJS Ketenagakerjaan mass-enrolment file: the layout is data in [ekspor.bpjs_tk] settings."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from kpps_xl.settings import Settings, SettingsError, check_known_keys, parse_date

SECTION = "ekspor.bpjs_tk"
_KEYS = ("kolom", "judul", "tanggal_mulai", "tanggal_selesai", "nama_sheet")
# field key -> default header text. No official public template exists (SIPP "Tambah Massal"
# does not publish its columns), so the order and the titles are settings.
FIELDS: Mapping[str, str] = MappingProxyType({
    "no": "NO",
    "nik": "NIK",
    "nama": "NAMA LENGKAP",
    "tempat_lahir": "TEMPAT LAHIR",
    "tanggal_lahir": "TANGGAL LAHIR (DD-MM-YYYY)",
    "jenis_kelamin": "JENIS KELAMIN (L/P)",
    "alamat": "ALAMAT",
    "no_hp": "NO HP",
    "tanggal_mulai": "TANGGAL MULAI (DD-MM-YYYY)",
    "tanggal_selesai": "TANGGAL SELESAI (DD-MM-YYYY)",
    "upah": "UPAH/PENGHASILAN (RP)",
    "no_kpj": "NO KPJ",
    "npwp": "NPWP",
    "no_kk": "NO KK",
    "badan": "BADAN",
    "jabatan": "JABATAN",
    "skema": "SKEMA (BPU/PPU)",
    "tps": "TPS",
    "kelurahan": "KELURAHAN/DESA",
    "kecamatan": "KECAMATAN",
})
DEFAULT_COLUMNS = ("no", "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
                   "alamat", "no_hp", "tanggal_mulai", "tanggal_selesai", "upah")
# First day of the KPPS term per honorarium preset (domain reference 2.3); cover ends after
# the role's months of cover.
DEFAULT_START = MappingProxyType({"pemilu2024": dt.date(2024, 1, 25),
                                  "pilkada2024": dt.date(2024, 11, 7)})
PARTICIPANT_SHEET = "Peserta"
EXCLUDED_SHEET = "Tidak Diekspor"
EXCLUDED_HEADER = ("No", "Berkas", "Sheet", "Baris", "Nama", "NIK", "Jabatan", "TPS", "Alasan")


@dataclass(frozen=True)
class Layout:
    """Validated export layout: column keys in order, their titles, the cover dates."""

    columns: tuple[str, ...]
    titles: Mapping[str, str]
    start: dt.date
    end: dt.date | None  # None: start + the role's months of cover - 1 day
    sheet: str = PARTICIPANT_SHEET


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cover_end(start: dt.date, months: int) -> dt.date:
    """Last covered day: 25-01-2024 + 1 month -> 24-02-2024."""
    return add_months(start, months) - dt.timedelta(days=1)


def layout_from(settings: Settings) -> Layout:
    """The [ekspor.bpjs_tk] layout (defaults when absent); SettingsError names a bad key."""
    export = settings.section("ekspor")
    raw = export.get("bpjs_tk", {})
    if not isinstance(raw, Mapping):
        raise SettingsError(f"Bagian [{SECTION}] harus berupa tabel.")
    check_known_keys(raw, _KEYS, SECTION)
    columns = raw.get("kolom", list(DEFAULT_COLUMNS))
    if not isinstance(columns, list) or not columns or not all(
            isinstance(c, str) for c in columns):
        raise SettingsError(f"Pengaturan '{SECTION}.kolom' harus daftar teks yang tidak kosong, "
                            f"mis. [\"nik\", \"nama\"].")
    check_known_keys(dict.fromkeys(columns), tuple(FIELDS), f"{SECTION}.kolom")
    if len(set(columns)) != len(columns):
        raise SettingsError(f"Pengaturan '{SECTION}.kolom' memuat kolom yang sama dua kali.")
    titles = raw.get("judul", {})
    if not isinstance(titles, Mapping) or not all(
            isinstance(v, str) and v.strip() for v in titles.values()):
        raise SettingsError(f"Pengaturan '{SECTION}.judul' harus tabel kolom = \"judul\".")
    check_known_keys(titles, tuple(FIELDS), f"{SECTION}.judul")
    preset = settings.section("anggaran").get("preset", "pemilu2024")
    start = (parse_date(raw["tanggal_mulai"], f"{SECTION}.tanggal_mulai")
             if "tanggal_mulai" in raw else DEFAULT_START.get(preset, DEFAULT_START["pemilu2024"]))
    end = (parse_date(raw["tanggal_selesai"], f"{SECTION}.tanggal_selesai")
           if "tanggal_selesai" in raw else None)
    if end is not None and end < start:
        raise SettingsError(f"Pengaturan '{SECTION}.tanggal_selesai' ({end:%d-%m-%Y}) sebelum "
                            f"tanggal_mulai ({start:%d-%m-%Y}).")
    sheet = raw.get("nama_sheet", PARTICIPANT_SHEET)
    if not isinstance(sheet, str) or not sheet.strip() or len(sheet) > 31 or any(
            ch in sheet for ch in "[]:*?/\\") or sheet.strip() == EXCLUDED_SHEET:
        raise SettingsError(f"Pengaturan '{SECTION}.nama_sheet' harus nama sheet Excel yang sah "
                            f"(1-31 huruf, tanpa [ ] : * ? / \\), bukan {sheet!r}.")
    return Layout(tuple(columns), MappingProxyType({**FIELDS, **titles}), start, end,
                  sheet.strip())


@dataclass(frozen=True)
class Enrolment:
    """Rows of the upload file (field -> value) and the people left out with their reason."""

    layout: Layout
    rows: tuple[Mapping[str, Any], ...]
    excluded: tuple[tuple[str, str, int, str, str, str, str, str], ...]
    # (file, sheet, row, nama, nik, jabatan, tps, reason)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def build_enrolment(roster, report, settings: Settings) -> Enrolment:  # noqa: ANN001
    """Valid, unique, active officers of the budget's BPJS TK roles, with their cover and wage.

    Selection is the one gate every output shares (kpps_xl.eligible.select_eligible: active
    rows, no person-level error, each NIK once); a row whose badan/jabatan maps to no budget
    role is left out too. Tanggal lahir and jenis kelamin fall back to the NIK only where the
    sheet has no such column.
    """
    from kpps_xl.budget.compute import roster_roles
    from kpps_xl.budget.config import budget_config
    from kpps_xl.eligible import select_eligible
    from kpps_xl.roster.values import nik_digits
    from kpps_xl.rules.ages import effective_dob
    from kpps_xl.rules.nik import nik_sex

    layout = layout_from(settings)
    config = budget_config(settings)
    chosen = select_eligible(roster, report)
    excluded = [(e.file, e.sheet, e.row, e.nama, e.nik, e.jabatan, e.tps, "; ".join(e.reasons))
                for e in chosen.excluded]
    kept = chosen.roster
    df = kept.df
    keys = roster_roles(df, config.roles)
    roles = {r.key: r for r in config.roles}
    dob = effective_dob(kept, settings)
    rows: list[dict[str, Any]] = []
    for (_, row), key, born in zip(df.iterrows(), keys.tolist(), dob.tolist(), strict=True):
        role = roles.get(key) if key else None
        if role is None:
            excluded.append((_text(row["_file"]), _text(row["_sheet"]), int(row["_row"]),
                             _text(row["nama"]), _text(row["nik"]), _text(row["jabatan"]),
                             _text(row["tps_no"]) or _text(row["tps"]),
                             f"Badan '{_text(row['badan']) or 'KPPS'}' tidak dikenal untuk "
                             "BPJS Ketenagakerjaan (tambahkan [anggaran.peran.<kode>])"))
            continue
        scheme = config.schemes[role.scheme]
        nik = nik_digits(row["nik"])
        end = layout.end or cover_end(layout.start, role.months)
        values = {
            "nik": nik, "nama": _text(row["nama"]), "tempat_lahir": _text(row["tempat_lahir"]),
            "tanggal_lahir": "" if pd.isna(born) else f"{born:%d-%m-%Y}",
            "jenis_kelamin": _text(row["sex"]) or (nik_sex(nik) or ""),
            "alamat": _text(row["alamat"]), "no_hp": _text(row["no_hp"]),
            "tanggal_mulai": f"{layout.start:%d-%m-%Y}", "tanggal_selesai": f"{end:%d-%m-%Y}",
            "upah": scheme.base_for(role.honorarium),
            "no_kpj": nik_digits(row.get("no_kpj")), "npwp": _text(row.get("npwp")),
            "no_kk": nik_digits(row.get("no_kk")), "badan": role.body, "jabatan": role.label,
            "skema": role.scheme, "tps": _text(row["tps_no"]) or _text(row["tps"]),
            "kelurahan": _text(row["kelurahan"]), "kecamatan": _text(row["kecamatan"]),
        }
        values["no"] = len(rows) + 1
        rows.append(values)
    excluded.sort(key=lambda e: (e[0], e[1], e[2]))
    return Enrolment(layout, tuple(rows), tuple(excluded))


def table(enrolment: Enrolment) -> list[list[Any]]:
    """Header plus one list per participant, in the layout's column order."""
    columns = enrolment.layout.columns
    return [[enrolment.layout.titles[c] for c in columns],
            *([row[c] for c in columns] for row in enrolment.rows)]


def write_enrolment(enrolment: Enrolment, out: str | Path) -> Path:
    """Write the upload workbook: the participant sheet (plain: header row then data, every
    identity number and date as text, the wage a whole number) and "Tidak Diekspor"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from kpps_xl.io_utils import atomic_path
    from kpps_xl.workbook.sheets import put_number, put_text

    wb = Workbook()
    ws = wb.active
    ws.title = enrolment.layout.sheet
    bold = Font(bold=True)
    for r, values in enumerate(table(enrolment), start=1):
        for c, value in enumerate(values, start=1):
            if isinstance(value, int) and r > 1:
                put_number(ws, r, c, value).number_format = "0"
            else:
                cell = put_text(ws, r, c, value)
                cell.number_format = "@"
                if r == 1:
                    cell.font = bold
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[1].height = 45
    for c, key in enumerate(enrolment.layout.columns, start=1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = _WIDTHS.get(key, 14)
    ws.freeze_panes = "A2"
    _print_setup(ws)
    other = wb.create_sheet(EXCLUDED_SHEET)
    for c, title in enumerate(EXCLUDED_HEADER, start=1):
        put_text(other, 1, c, title).font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, item in enumerate(enrolment.excluded, start=2):
        file, sheet, row, nama, nik, jabatan, tps, reason = item
        put_number(other, r, 1, r - 1)
        for c, value in enumerate((Path(file).name if file else "", sheet), start=2):
            put_text(other, r, c, value)
        put_number(other, r, 4, row)
        for c, value in enumerate((nama, nik, jabatan, tps, reason), start=5):
            put_text(other, r, c, value).alignment = wrap
        if len(reason) > 66:
            other.row_dimensions[r].height = 15 * -(-len(reason) // 66)
    other.freeze_panes = "A2"
    for c, width in enumerate((5, 20, 18, 7, 26, 19, 14, 6, 60), start=1):
        other.column_dimensions[other.cell(row=1, column=c).column_letter].width = width
    _print_setup(other)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return Path(out)


_WIDTHS = {"no": 5, "nik": 19, "nama": 26, "tempat_lahir": 14, "tanggal_lahir": 13,
           "jenis_kelamin": 10, "alamat": 24, "no_hp": 15, "tanggal_mulai": 13,
           "tanggal_selesai": 13, "upah": 17, "no_kpj": 13, "npwp": 20, "no_kk": 19,
           "jabatan": 16, "kelurahan": 16, "kecamatan": 16}


def _print_setup(ws) -> None:  # noqa: ANN001
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.right.text = "Halaman &P dari &N"


def excluded_rows(enrolment: Enrolment) -> Sequence[tuple[Any, ...]]:
    """The people left out (for the console: counts only; names stay in the file)."""
    return enrolment.excluded
