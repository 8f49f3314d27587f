"""Which sheets a button checked and which it skipped, why: nothing is skipped silently."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

# Reason codes ribbon.js sends for sheets it did not send as rosters.
JS_REASONS = {
    "hasil": "lembar hasil add-in KPPS",
    "tanpa_judul": "tidak ada judul kolom Nama dan NIK di 60 baris pertama",
}
OUTPUT_REASON = JS_REASONS["hasil"]
EMPTY_REASON = "lembar kosong"
NO_PEOPLE = "judul kolom ada, tetapi tidak ada baris petugas"
LOST_REASON = "TIDAK TERKIRIM dari Excel: jalankan lagi, atau laporkan nama lembar ini"
LIST_LIMIT = 12


@dataclass(frozen=True)
class RunInfo:
    """What ribbon.js says about the request: roster sheets, skipped ones, too-big ones."""

    roster: tuple[str, ...] = ()
    skipped: dict[str, str] = field(default_factory=dict)
    too_big: tuple[dict[str, Any], ...] = ()
    locked: tuple[str, ...] = ()  # protected sheets: Excel refuses their colours
    book_locked: bool = False  # protected workbook structure: no sheet added or deleted
    # {sheet: {(row, col): "#RRGGBB"}}: every filled cell of the sheets ribbon.js read the fills
    # of (a sheet listed with no cells has none); sheets absent were not read.
    fills: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    # {sheet: 2-D formulas-or-values from A1} of the budget sheets (Hitung Anggaran), so an
    # edit there is known (a number typed over a formula shows as a plain value otherwise).
    formulas: dict[str, list[list[Any]]] = field(default_factory=dict)


def parse_info(text: str) -> RunInfo:
    """The JSON argument of a ribbon call: {} form, the older too-big list, or nothing."""
    if not text:
        return RunInfo()
    try:
        data = json.loads(text)
    except ValueError:
        return RunInfo(too_big=({"sheet": "lembar aktif", "mb": 0.0},))
    if isinstance(data, list):
        return RunInfo(too_big=tuple(i for i in data if isinstance(i, dict)))
    if not isinstance(data, dict):
        return RunInfo()
    skipped = {str(i.get("sheet")): str(i.get("alasan", "")) for i in data.get("dilewati") or ()
               if isinstance(i, dict)}
    return RunInfo(tuple(str(s) for s in data.get("roster") or ()), skipped,
                   tuple(i for i in data.get("besar") or () if isinstance(i, dict)),
                   tuple(str(s) for s in data.get("terkunci") or ()),
                   data.get("buku_terkunci") is True, parse_fills(data.get("warna")),
                   _grids(data.get("rumus")))


def _grids(raw: object) -> dict[str, list[list[Any]]]:
    """{sheet: rows} of ribbon.js's "rumus" (each a list of lists), anything else left out."""
    if not isinstance(raw, dict):
        return {}
    return {str(sheet): [list(row) for row in rows] for sheet, rows in raw.items()
            if isinstance(rows, list) and all(isinstance(row, list) for row in rows)}


_HEX = re.compile(r"^#?([0-9A-Fa-f]{6})$")
MAX_FILL_CELLS = 1_000_000  # filled cells read per sheet at most (a fully coloured big table)


def parse_fills(raw: object, limit: int = MAX_FILL_CELLS) -> dict[str, dict[tuple[int, int], str]]:
    """{sheet: {(row, col): "#RRGGBB"}} of ribbon.js's "warna": {sheet: [[address, colour]]}
    (address "C6", "C6:C9" or a rectangle "A2:O8"); anything malformed is left out, and so is
    a sheet of more than `limit` filled cells (as if its fills were not read)."""
    from kpps_xl.excel.marknames import cells_of

    out: dict[str, dict[tuple[int, int], str]] = {}
    if not isinstance(raw, dict):
        return out
    for sheet, items in raw.items():
        cells: dict[tuple[int, int], str] = {}
        for item in items if isinstance(items, list) else ():
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
                continue
            match = _HEX.match(str(item[1]))
            if match:
                cells.update(dict.fromkeys(cells_of(item[0]), "#" + match[1].upper()))
            if len(cells) > limit:
                break
        if len(cells) <= limit:
            out[str(sheet)] = cells
    return out


@dataclass
class SheetSurvey:
    """Every sheet of the book: checked (with rows read) or skipped (with the reason)."""

    checked: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def lost(self) -> list[str]:
        """Roster sheets Excel should have sent but did not."""
        return [name for name, reason in self.skipped if reason == LOST_REASON]

    def add_checked(self, name: str, rows: int) -> None:
        self.checked.append((name, rows))

    def skip(self, name: str, reason: str) -> None:
        self.skipped.append((name, reason))


def _quoted(name: str) -> str:
    return "'" + name + "'"


def _listing(items: list[str]) -> str:
    shown = items[:LIST_LIMIT]
    rest = len(items) - len(shown)
    return ", ".join(shown) + (f" dan {rest} lainnya" if rest > 0 else "")


def survey_text(survey: SheetSurvey) -> str:
    """'Lembar diperiksa: 'A' (70 baris). Dilewati: 'Catatan' (lembar kosong).' for alerts."""
    from kpps_xl.excel.scripts import number

    parts = []
    if survey.checked:
        parts.append("Lembar diperiksa: " + _listing(
            [f"{_quoted(n)} ({number(rows)} baris)" for n, rows in survey.checked]) + ".")
    if survey.lost:
        parts.append("PERHATIAN, tidak terkirim dari Excel: " + _listing(
            [_quoted(n) for n in survey.lost]) + "; jalankan lagi.")
    skipped = [(n, r) for n, r in survey.skipped if r != LOST_REASON]
    if skipped:
        parts.append("Dilewati: " + _listing([f"{_quoted(n)} ({r})" for n, r in skipped]) + ".")
    return " ".join(parts)
