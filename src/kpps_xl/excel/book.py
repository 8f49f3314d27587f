"""Reading a workbook through xlwings (remote payload or COM) into a Roster, values only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kpps_xl.excel.survey import (
    EMPTY_REASON,
    JS_REASONS,
    LOST_REASON,
    NO_PEOPLE,
    OUTPUT_REASON,
    RunInfo,
    SheetSurvey,
)
from kpps_xl.roster import Roster, merge, roster_from_values
from kpps_xl.settings import Settings, load_settings

TEMUAN = "Temuan"
ANGGARAN = "Anggaran"
SURAT = "Surat"
# Sheets this add-in writes (or xlwings owns): never read as rosters.
OUTPUT_SHEETS = frozenset({TEMUAN, ANGGARAN, SURAT, "Ringkasan", "Pengaturan", "xlwings.conf"})
SETTINGS_ENV = "KPPS_XL_SETTINGS"


SETTINGS_FILE = "kpps-xl.toml"


def settings_path(book: Any = None) -> Path | None:
    """The kpps-xl.toml an Excel call uses: $KPPS_XL_SETTINGS, else the one next to a desktop
    workbook (VBA RunPython does not change directory), else None (./kpps-xl.toml, defaults)."""
    if os.environ.get(SETTINGS_ENV):
        return Path(os.environ[SETTINGS_ENV])
    if book is not None and not is_remote(book):
        fullname = str(getattr(book, "fullname", "") or "")
        beside = Path(fullname).parent / SETTINGS_FILE if fullname else None
        if beside is not None and beside.is_file():
            return beside
    return None


PENGATURAN = "Pengaturan"
PENGATURAN_HEADER = ["Pengaturan KPPS", "Nilai"]
# Keys the task pane writes to the Pengaturan sheet: [pemeriksaan] ones and [anggaran] ones.
SHEET_CHECK_KEYS = ("tanggal_acuan", "kode_wilayah")
SHEET_BUDGET_KEYS = ("skema_bawaan",)


def sheet_settings(book: Any) -> dict[str, str]:
    """{key: text} of the task pane's Pengaturan sheet (only a sheet starting with our header)."""
    if book is None or not has_sheet(book, PENGATURAN):
        return {}
    values = sheet_values(book.sheets[PENGATURAN])
    if not values or [str(v or "") for v in values[0][:2]] != PENGATURAN_HEADER:
        return {}
    out = {}
    for row in values[1:]:
        key = str(row[0] or "").strip() if row else ""
        value = row[1] if len(row) > 1 else None
        if key in SHEET_CHECK_KEYS + SHEET_BUDGET_KEYS and value not in (None, ""):
            out[key] = str(value).strip()[:10] if key == "tanggal_acuan" else str(value).strip()
    return out


def with_sheet_settings(settings: Settings, values: dict[str, str]) -> Settings:
    """The file settings overridden by the workbook's Pengaturan sheet (validated the same way,
    Indonesian errors naming the setting)."""
    from dataclasses import replace

    from kpps_xl.settings import check_fields

    checks = check_fields({k: v for k, v in values.items() if k in SHEET_CHECK_KEYS})
    sections = dict(settings.sections)
    budget = {k: v for k, v in values.items() if k in SHEET_BUDGET_KEYS}
    if budget:
        sections["anggaran"] = {**dict(settings.section("anggaran")), **budget}
    return replace(settings, sections=sections, **checks)


def excel_settings(book: Any = None) -> Settings:
    """Settings for Excel calls: $KPPS_XL_SETTINGS, kpps-xl.toml next to the desktop workbook,
    ./kpps-xl.toml, else defaults; then the workbook's Pengaturan sheet (task pane) on top."""
    settings = load_settings(settings_path(book))
    values = sheet_settings(book)
    return with_sheet_settings(settings, values) if values else settings


def is_remote(book: Any) -> bool:
    """True for a book built from a JSON payload (Office.js, VBA remote, xlwings Lite)."""
    return isinstance(getattr(book, "api", None), dict)


def sheet_values(sheet: Any) -> list[list[Any]]:
    """The sheet's values from A1 to the end of the used range, read once."""
    api = getattr(sheet, "api", None)
    if isinstance(api, dict):
        values = api.get("values") or [[]]
        return [] if values == [[]] else values
    last = sheet.used_range.last_cell
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return [list(row) for row in values] if values else []


def sheet_names(book: Any) -> list[str]:
    """Names of all sheets in order."""
    return [sheet.name for sheet in book.sheets]


def sheet_named(book: Any, name: str) -> str | None:
    """The book's sheet that Excel takes for `name` (sheet names ignore case: 'TEMUAN' is
    'Temuan', and Excel refuses to add one beside the other), as it is written; None if none."""
    wanted = name.casefold()
    return next((n for n in sheet_names(book) if n.casefold() == wanted), None)


def has_sheet(book: Any, name: str) -> bool:
    """True when the workbook has a sheet of that name (in any case, as Excel compares)."""
    return sheet_named(book, name) is not None


def roster_parts(book: Any, settings: Settings, survey: SheetSurvey | None = None,
                 info: RunInfo | None = None) -> list[Roster]:
    """One Roster per sheet that holds a roster table; every other sheet is noted in `survey`
    with the reason it was skipped (output sheet, not sent, empty, no header, no people)."""
    survey = survey if survey is not None else SheetSurvey()
    info = info or RunInfo()
    parts = []
    for sheet in book.sheets:
        name = sheet.name
        if name in OUTPUT_SHEETS:
            survey.skip(name, OUTPUT_REASON)
            continue
        values = sheet_values(sheet)
        if not values:
            if name in info.roster:
                survey.skip(name, LOST_REASON)
            else:
                survey.skip(name, JS_REASONS.get(info.skipped.get(name, ""), EMPTY_REASON))
            continue
        part = roster_from_values(values, name, book.name, settings.reference_date.year,
                                  kabkota=settings.office_area())
        sheet_info = part.sheets[0] if part.sheets else None
        if sheet_info is None or not sheet_info.is_roster or sheet_info.note:
            survey.skip(name, (sheet_info.note if sheet_info else None) or NO_PEOPLE)
        elif not len(part.df):
            survey.skip(name, NO_PEOPLE)
        else:
            survey.add_checked(name, len(part.df))
            parts.append(part)
    return parts


def read_roster(book: Any, settings: Settings) -> Roster | None:
    """All roster sheets of the book as one Roster; None when there is none."""
    parts = roster_parts(book, settings)
    return merge(parts) if parts else None


def longest_sheet(book: Any) -> tuple[str, int]:
    """(name, rows) of the non-output sheet with the most rows in the payload."""
    best = ("", 0)
    for sheet in book.sheets:
        if sheet.name in OUTPUT_SHEETS:
            continue
        api = getattr(sheet, "api", None)
        rows = len(api.get("values") or []) if isinstance(api, dict) else 0
        if rows > best[1]:
            best = (sheet.name, rows)
    return best
