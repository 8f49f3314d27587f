"""Writing result sheets (Temuan, Anggaran, Surat) in a few batched actions."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpps_xl.excel import book as xb
from kpps_xl.excel.temuan import chunks
from kpps_xl.io_utils import safe_text

HEADER_FILL = "#D9E1F2"
MONEY_FORMAT = "#,##0"
OUTPUT_ENV = "KPPS_XL_OUTPUT_DIR"
PUBLIC_URL_ENV = "KPPS_XL_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "https://127.0.0.1:8000"
DOWNLOAD_PATH = "/kpps/unduh"

BUDGET_HEADER = ["Kecamatan", "Badan", "Jabatan", "Skema", "Jumlah orang", "Bulan",
                 "Dasar (Rp)", "Tarif", "Iuran/orang/bulan (Rp)", "Subtotal (Rp)"]


def replace_sheet(book: Any, name: str, rows: list[list[Any]], link_column: int | None = None
                  ) -> Any:
    """Delete `name` if present, add it as the last sheet and fill it: a handful of actions."""
    if xb.has_sheet(book, name):
        book.sheets[name].delete()
    sheet = book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])
    width = max(len(r) for r in rows)
    for first, block in chunks([r + [""] * (width - len(r)) for r in rows]):
        sheet.range((first, 1)).value = block
    sheet.range((1, 1), (1, width)).color = HEADER_FILL
    sheet.range((1, 1), (len(rows), width)).columns.autofit()
    return sheet


def _budget_rows(budget: Any) -> list[list[Any]]:
    rows: list[list[Any]] = [BUDGET_HEADER]
    for i, line in enumerate(budget.lines, start=2):
        rows.append([safe_text(line.kecamatan or "-"), line.body, line.role, line.scheme,
                     line.count, line.months, line.base, line.rate, line.premium,
                     f"=E{i}*F{i}*I{i}"])
    last = len(rows)
    rows.append(["TOTAL", "", "", "", f"=SUM(E2:E{last})", "", "", "", "",
                 f"=SUM(J2:J{last})"])
    rows.extend([note] + [""] * 9 for note in getattr(budget, "notes", ()))
    return rows


def write_budget(book: Any, budget: Any) -> Any:
    """Anggaran sheet with live formulas: subtotal = jumlah x bulan x iuran, total = SUM."""
    rows = _budget_rows(budget)
    sheet = replace_sheet(book, xb.ANGGARAN, rows)
    total_row = len(budget.lines) + 2
    sheet.range((2, 7), (total_row, 10)).number_format = MONEY_FORMAT
    return sheet


@dataclass(frozen=True)
class LettersFolder:
    """Where letters go, how to show that place, and the URL prefix to fetch them (remote)."""

    path: Path
    shown: str
    url: str | None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", Path(text).stem).strip("-").lower() or "buku"


def letters_folder(book: Any, now: dt.datetime | None = None) -> LettersFolder:
    """Next to the workbook on the desktop; a dated folder served for download otherwise."""
    if not xb.is_remote(book):
        folder = Path(book.fullname).parent / "surat-kpps"
        return LettersFolder(folder, str(folder), None)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    sub = f"{_slug(book.name)}-{stamp}"
    root = Path(os.environ.get(OUTPUT_ENV) or Path.home() / "kpps-xl" / "surat").resolve()
    base = os.environ.get(PUBLIC_URL_ENV, DEFAULT_PUBLIC_URL).rstrip("/")
    return LettersFolder(root / sub, "server (unduh lewat tautan)", f"{base}{DOWNLOAD_PATH}/{sub}")


def _link(target: str, text: str) -> str:
    return f'=HYPERLINK("{target.replace(chr(34), "%22")}","{text.replace(chr(34), chr(39))}")'


def write_letter_links(book: Any, paths: Sequence[Path], folder: LettersFolder) -> Any:
    """Surat sheet: one row per file with a link (local path or download URL)."""
    rows: list[list[Any]] = [["No", "Berkas", "Buka"]]
    for i, path in enumerate(paths, start=1):
        target = f"{folder.url}/{path.name}" if folder.url else str(path)
        rows.append([i, path.name, _link(target, "Buka")])
    return replace_sheet(book, xb.SURAT, rows)
