"""Writing result sheets (Temuan, Anggaran, Surat) in a few batched actions."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpps_xl.errors import KppsError
from kpps_xl.excel import book as xb
from kpps_xl.excel import downloads, temuan
from kpps_xl.excel.temuan import chunks

HEADER_FILL = "#D9E1F2"
MONEY_FORMAT = "#,##0"
OUTPUT_ENV = downloads.OUTPUT_ENV
PUBLIC_URL_ENV = "KPPS_XL_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "https://127.0.0.1:8000"
DOWNLOAD_PATH = "/kpps/unduh"

BUDGET_HEADER = ["Kecamatan", "Badan", "Jabatan", "Skema", "Jumlah orang", "Bulan",
                 "Dasar (Rp)", "Tarif", "Iuran/orang/bulan (Rp)", "Subtotal (Rp)"]
SURAT_HEADER = ["No", "Berkas", "Buka"]
# First row of each sheet the add-in writes: only a sheet starting so is ours to replace.
OWN_HEADERS = {xb.TEMUAN: temuan.HEADER, xb.ANGGARAN: BUDGET_HEADER, xb.SURAT: SURAT_HEADER}


# Title in A1 of the budget writer's sheets (kpps_xl.budget.workbook), Hitung Anggaran's output.
OWN_TITLES = {"Parameter": "PARAMETER ANGGARAN IURAN BPJS", xb.ANGGARAN: "ANGGARAN IURAN BPJS",
              "Rekap": "REKAP ANGGARAN"}


def is_own_sheet(book: Any, name: str) -> bool:
    """True when `name` is absent, empty, or starts with the header row (or the budget
    writer's title) this add-in writes."""
    if not xb.has_sheet(book, name):
        return True
    values = xb.sheet_values(book.sheets[name])
    if not values or not any(v not in (None, "") for row in values for v in row):
        return True
    title = OWN_TITLES.get(name)
    if title is not None and str(values[0][0] or "").startswith(title):
        return True
    header = OWN_HEADERS.get(name)
    if header is not None and list(values[0][: len(header)]) == header:
        return True
    from kpps_xl.roster.own import is_own_sheet as written_by_kpps_xl

    # The one recognizer of kpps-xl's sheets: the CLI's annotated copy (its Temuan layout)
    # opened in Excel is ours too, not the clerk's.
    return written_by_kpps_xl(name, values[:1])


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _our_row(row: list[Any]) -> bool:
    """A row this add-in wrote below a table header: a running number in column A, or
    Temuan's closing '... dan N temuan lainnya' note."""
    first = row[0] if row else None
    if isinstance(first, int | float) and not isinstance(first, bool) and first >= 1:
        return True
    return len(row) > 7 and _blank(first) and str(row[7] or "").startswith("... dan ")


def clerk_cell(book: Any, name: str) -> str | None:
    """Address of the first cell the clerk typed into our own Temuan/Surat table (a column
    right of the table, or a row the add-in did not write), None when the sheet is as written;
    replacing or deleting the sheet would lose that text."""
    from kpps_xl.excel.cells import col_letter

    header = OWN_HEADERS.get(name)
    if header is None or name in OWN_TITLES or not xb.has_sheet(book, name):
        return None
    values = xb.sheet_values(book.sheets[name])
    if not values or list(values[0][: len(header)]) != header:
        return None
    kept = len(header)
    if name == xb.TEMUAN and list(values[0][temuan.MARK_COL:temuan.MARK_COL + 2]) == \
            temuan.MARK_HEADER:
        kept = temuan.MARK_COL + 2  # an older version's mark list (columns J:K)
    for r, row in enumerate(values, start=1):
        ours = r == 1 or _our_row(row)
        for c, value in enumerate(row, start=1):
            outside = c > kept or (c > len(header) and c <= temuan.MARK_COL)
            if not _blank(value) and (outside or not ours):
                return f"{col_letter(c)}{r}"
    return None


def foreign_sheet_message(name: str) -> str:
    """Indonesian refusal to overwrite a clerk's own sheet that happens to carry our name."""
    return (f"Lembar '{name}' sudah ada dan bukan buatan add-in KPPS, jadi tidak ditimpa atau "
            f"dihapus. Ganti nama lembar itu (mis. '{name} saya'), lalu jalankan lagi.")


def edited_sheet_message(name: str, cell: str) -> str:
    """Indonesian refusal to replace our sheet after the clerk typed into it."""
    return (f"Lembar '{name}' berisi tulisan Anda (mis. sel {cell}), jadi tidak ditimpa agar "
            f"tulisan itu tidak hilang. Ganti nama lembar itu (mis. '{name} catatan') atau "
            "pindahkan tulisannya, lalu jalankan lagi.")


def ensure_own_sheet(book: Any, name: str) -> None:
    """Raise KppsError (shown as an alert) when `name` is a clerk's own sheet, or our sheet
    the clerk has typed into."""
    shown = xb.sheet_named(book, name) or name
    if not is_own_sheet(book, name):
        raise KppsError(foreign_sheet_message(shown))
    cell = clerk_cell(book, name)
    if cell is not None:
        raise KppsError(edited_sheet_message(shown, cell))


def replace_sheet(book: Any, name: str, rows: list[list[Any]], link_column: int | None = None
                  ) -> Any:
    """Replace our own sheet `name` (never a clerk's sheet of that name), add it last, fill it."""
    ensure_own_sheet(book, name)
    if xb.has_sheet(book, name):
        book.sheets[name].delete()
    sheet = book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])
    width = max(len(r) for r in rows)
    for first, block in chunks([r + [""] * (width - len(r)) for r in rows]):
        sheet.range((first, 1)).value = block
    sheet.range((1, 1), (1, width)).color = HEADER_FILL
    # Autofit only the table itself: the Temuan mark list holds long texts.
    fit = min(width, len(OWN_HEADERS.get(name, rows[0])))
    sheet.range((1, 1), (len(rows), fit)).columns.autofit()
    return sheet


@dataclass(frozen=True)
class LettersFolder:
    """Where letters go, how to show that place, and the URL prefix to fetch them (remote)."""

    path: Path
    shown: str
    url: str | None
    links: bool = True  # False in xlwings Lite: its files live in the browser's memory


def is_lite() -> bool:
    """True inside xlwings Lite (Pyodide in Excel): no server to download from."""
    return sys.platform == "emscripten"


UNSAVED_MESSAGE = ("Buku kerja ini belum tersimpan di folder komputer ini (masih 'Book1', atau "
                   "dibuka dari alamat web OneDrive/SharePoint), jadi tidak ada folder untuk "
                   "surat. Simpan dulu di folder lokal (File > Simpan Sebagai > Telusuri), lalu "
                   "tekan Buat Surat lagi.")


def saved_folder(fullname: str) -> Path | None:
    """The folder of a desktop workbook saved on this computer (Windows or POSIX path); None
    for an unsaved book ('Book1', a bare name) or one opened from a web address (https://...,
    where Path() would make a relative folder named 'https:' in Excel's working directory)."""
    from pathlib import PurePosixPath, PureWindowsPath

    if not fullname or "://" in fullname:
        return None
    if PurePosixPath(fullname).is_absolute():
        return Path(fullname).parent
    if PureWindowsPath(fullname).is_absolute():
        return Path(str(PureWindowsPath(fullname).parent))
    return None


def letters_folder(book: Any, now: float | None = None) -> LettersFolder:
    """Next to the workbook on the desktop; on a server a random-token folder whose download
    links expire (downloads.ttl_seconds) and are then deleted."""
    if not xb.is_remote(book):
        beside = saved_folder(str(getattr(book, "fullname", "") or ""))
        if beside is None:
            raise KppsError(UNSAVED_MESSAGE)
        folder = beside / "surat-kpps"
        return LettersFolder(folder, str(folder), None)
    if is_lite():
        folder = Path.home() / "surat-kpps"
        return LettersFolder(folder, "penyimpanan sementara xlwings Lite (" + str(folder) + ")",
                             None, links=False)
    ttl = downloads.ttl_seconds()
    token, folder = downloads.new_folder(downloads.output_root(),
                                         downloads.clock() if now is None else now, ttl)
    base = os.environ.get(PUBLIC_URL_ENV, DEFAULT_PUBLIC_URL).rstrip("/")
    shown = f"server (unduh lewat tautan, berlaku {ttl // 60} menit)"
    return LettersFolder(folder, shown, f"{base}{DOWNLOAD_PATH}/{token}")


def _link(target: str, text: str) -> str:
    return f'=HYPERLINK("{target.replace(chr(34), "%22")}","{text.replace(chr(34), chr(39))}")'


def write_letter_links(book: Any, paths: Sequence[Path], folder: LettersFolder) -> Any:
    """Surat sheet: one row per file with a link (local path or download URL)."""
    rows: list[list[Any]] = [list(SURAT_HEADER)]
    for i, path in enumerate(paths, start=1):
        target = f"{folder.url}/{path.name}" if folder.url else str(path)
        rows.append([i, path.name, _link(target, "Buka") if folder.links else ""])
    return replace_sheet(book, xb.SURAT, rows)
