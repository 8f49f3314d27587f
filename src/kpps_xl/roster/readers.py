"""File readers: .xlsx/.xlsm/.xls via python-calamine, .csv via the csv module."""

from __future__ import annotations

import csv
import gc
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import python_calamine

from kpps_xl.errors import InputError

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
SUFFIXES = EXCEL_SUFFIXES | {".csv"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SheetValues = tuple[str, list[list[object]]]


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except PermissionError as exc:
        raise InputError(f"Berkas {path.name} tidak dapat dibuka (terkunci atau tanpa izin baca). "
                         "Tutup berkas di Excel lalu coba lagi.") from exc
    except OSError as exc:
        raise InputError(f"Berkas {path.name} tidak dapat dibaca: {exc.strerror}.") from exc


def _check_excel_container(path: Path, head: bytes) -> None:
    suffix = path.suffix.lower()
    if not head:
        raise InputError(f"Berkas {path.name} kosong (0 byte).")
    if suffix in (".xlsx", ".xlsm", ".xlsb") and head.startswith(_OLE_MAGIC):
        raise InputError(f"Berkas {path.name} dilindungi kata sandi (terenkripsi). Buka di Excel, "
                         "hapus kata sandi (File > Info > Protect Workbook), simpan, lalu coba lagi.")
    if suffix in (".xlsx", ".xlsm", ".xlsb", ".ods") and not head.startswith(b"PK"):
        raise InputError(f"Berkas {path.name} bukan lembar kerja Excel yang sah.")
    if suffix in (".xlsx", ".xlsm") and not zipfile.is_zipfile(path):
        raise InputError(f"Berkas {path.name} rusak atau terpotong; simpan ulang dari Excel.")


def _sheet_values(book: python_calamine.CalamineWorkbook, name: str) -> list[list[object]]:
    """Cells from A1; the garbage collector is paused (a third of the time on big sheets)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        sheet = book.get_sheet_by_name(name)
        values = sheet.to_python(skip_empty_area=False)
    finally:
        if enabled:
            gc.enable()
    return fill_merged(values, getattr(sheet, "merged_cell_ranges", None) or ())


def fill_merged(values: list[list[object]], ranges) -> list[list[object]]:  # noqa: ANN001
    """Copy each merged area's top-left value into every cell of the area.

    Official forms merge the TPS or desa cell over a whole team; calamine gives only the
    top-left cell a value.
    """
    for (top, left), (bottom, right) in ranges:
        if top >= len(values) or left >= len(values[top]) or values[top][left] in ("", None):
            continue
        value = values[top][left]
        while len(values) <= bottom:
            values.append([])
        for row in values[top:bottom + 1]:
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            row[left:right + 1] = [value] * (right + 1 - left)
    return values


def read_excel_sheets(path: Path) -> Iterator[SheetValues]:
    """Yield (sheet name, values from A1) for every worksheet of a workbook."""
    _check_excel_container(path, _head(path))
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several private error types
        raise InputError(f"Berkas {path.name} rusak atau bukan lembar kerja yang dapat dibaca "
                         f"({type(exc).__name__}).") from exc
    try:
        for name in book.sheet_names:
            try:
                values = _sheet_values(book, name)
            except Exception as exc:
                raise InputError(f"Sheet '{name}' di {path.name} tidak dapat dibaca "
                                 f"({type(exc).__name__}).") from exc
            yield name, values
    finally:
        book.close()


def _decode(raw: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"Berkas {name} tidak dapat dibaca sebagai teks (UTF-8 atau Windows-1252).")


def read_csv_values(path: Path) -> list[list[object]]:
    """All rows of a ; or , separated CSV as text cells (nothing is parsed as a number)."""
    _head(path)
    text = _decode(path.read_bytes(), path.name)
    if "\x00" in text[:4096]:
        raise InputError(f"Berkas {path.name} bukan berkas CSV teks.")
    return max((list(csv.reader(io.StringIO(text), delimiter=d)) for d in (";", ",", "\t")),
               key=_header_score)


def _header_score(rows: list[list[object]]) -> int:
    """How well a delimiter guess splits the file: fields recognised in its best header row."""
    from kpps_xl.roster.header import find_header

    header = find_header(rows)
    return len(header.columns) if header else 0


def read_sheets(path: Path) -> Iterator[SheetValues]:
    """Sheets of any supported file; a CSV is one sheet named after the file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield path.stem, read_csv_values(path)
    elif suffix in EXCEL_SUFFIXES:
        yield from read_excel_sheets(path)
    else:
        raise InputError(f"Berkas {path.name} bukan lembar kerja (.xlsx, .xlsm, .xls, .csv).")
