"""File readers: .xlsx/.xlsm via fastexcel to Arrow, other workbooks via python-calamine, .csv."""

from __future__ import annotations

import csv
import gc
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path

import python_calamine

from kpps_xl.errors import InputError
from kpps_xl.roster.grid import ArrowGrid
from kpps_xl.roster.limits import (
    EXCEL_COLUMNS,
    MAX_PART_BYTES,
    NO_GAPS,
    Extent,
    Gaps,
    check_cells,
    check_merges,
    check_ods_repeats,
    check_package,
    check_xlsx_sheets,
    formula_gaps,
)

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
# Delimited text: CSV, and Excel's "Text (Tab delimited)" / "Unicode Text" saves (.txt, .tsv).
TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
# Read inside a folder: a .txt there is more often a note than a roster (read when named).
SUFFIXES = EXCEL_SUFFIXES | {".csv", ".tsv"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# (sheet name, its values, the cells every reader sees empty though Excel shows something)
SheetValues = tuple[str, "list[list[object]] | ArrowGrid", Gaps]
_FAST_SUFFIXES = frozenset({".xlsx", ".xlsm"})


def _head(path: Path, size: int = 8) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except PermissionError as exc:
        raise InputError(f"Berkas {path.name} tidak dapat dibuka (terkunci atau tanpa izin baca). "
                         "Tutup berkas di Excel lalu coba lagi.") from exc
    except OSError as exc:  # a folder named like a file, a symlink loop, a bad disk...
        from kpps_xl.guard import os_reason

        raise InputError(f"Berkas {path.name} tidak dapat dibaca: {os_reason(exc)}.") from exc


_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # OLE directory entry names
_BIFF_STREAMS = ("Workbook".encode("utf-16-le"), "Book\0".encode("utf-16-le"))
_ODS_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"


def ole_kind(path: Path) -> str:
    """What an OLE file holds, by its directory's stream names: "encrypted" (an OOXML package
    under Excel's "Encrypt with Password": an EncryptedPackage stream), "xls" (a BIFF workbook:
    a Workbook or Book stream) or "" (neither, e.g. damaged)."""
    import mmap

    try:
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
            if m.find(_ENCRYPTED_STREAM) >= 0:
                return "encrypted"
            return "xls" if any(m.find(name) >= 0 for name in _BIFF_STREAMS) else ""
    except (OSError, ValueError):
        return ""


def content_suffix(path: Path, head: bytes) -> str:
    """The suffix a workbook's content calls for, whatever its name: a real .xls (OLE) saved
    under an .xlsx name reads as .xls, an .xlsx package under an .xls name as .xlsx (Excel
    opens both after a warning). Text, an encrypted package or anything else: the name's."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xlsb") and head.startswith(_OLE_MAGIC) \
            and ole_kind(path) == "xls":
        return ".xls"
    if suffix == ".xls" and head.startswith(b"PK"):
        return ".ods" if _head(path, 30 + len(_ODS_MIMETYPE))[30:] == _ODS_MIMETYPE else ".xlsx"
    return suffix


def misnamed(path: Path) -> str:
    """' Isinya sebenarnya buku kerja .xls ...' when the content does not match the name
    (a sentence to add to a refusal), else ''."""
    try:
        real = content_suffix(path, _head(path))
    except InputError:
        return ""
    if real == path.suffix.lower():
        return ""
    return (f" Isinya sebenarnya buku kerja {real} yang diberi nama {path.suffix}: ganti "
            f"ekstensinya menjadi {real}, atau buka di Excel lalu Simpan Sebagai .xlsx.")


def _check_excel_container(path: Path, head: bytes) -> None:
    suffix = path.suffix.lower()
    if path.name.startswith("~$"):
        raise InputError(f"Berkas {path.name} adalah penanda bahwa {path.name[2:]} sedang dibuka "
                         "di Excel, bukan daftar petugas. Periksa berkas aslinya; bila tidak "
                         "terbaca, tutup dulu di Excel.")
    if not head:
        raise InputError(f"Berkas {path.name} kosong (0 byte).")
    if suffix in (".xlsx", ".xlsm", ".xlsb") and head.startswith(_OLE_MAGIC):
        kind = ole_kind(path)
        if kind == "xls":
            return  # a real .xls under an .xlsx name: read by its content
        if kind == "encrypted":
            raise InputError(f"Berkas {path.name} dilindungi kata sandi (terenkripsi). Buka di "
                             "Excel, hapus kata sandi (File > Info > Protect Workbook), simpan, "
                             "lalu coba lagi.")
        raise InputError(f"Berkas {path.name} bukan .xlsx yang dapat dibaca: isinya berkas Office "
                         "lama (OLE) yang mungkin dilindungi kata sandi atau rusak. Buka di Excel, "
                         "hapus kata sandi bila ada, lalu Simpan Sebagai .xlsx.")
    if suffix in (".xlsx", ".xlsm", ".xlsb", ".ods") and not head.startswith(b"PK"):
        from kpps_xl.roster.disguised import disguised_kind

        kind = disguised_kind(_head(path, 4096))
        hint = "" if kind is None else (
            " Isinya teks (CSV/HTML/XML), misalnya unduhan dari aplikasi web: ganti ekstensinya "
            "menjadi .csv (untuk teks berpemisah) atau .xls, atau buka di Excel lalu Simpan "
            "Sebagai .xlsx.")
        raise InputError(f"Berkas {path.name} bukan lembar kerja Excel yang sah.{hint}")
    if suffix in (".xlsx", ".xlsm") and not zipfile.is_zipfile(path):
        raise InputError(f"Berkas {path.name} rusak atau terpotong; simpan ulang dari Excel.")


def _sheet_values(book: python_calamine.CalamineWorkbook, name: str, file: str,
                  merges: Sequence[str] = ()) -> list[list[object]]:
    """Cells from A1; the garbage collector is paused (a third of the time on big sheets).
    merges: the sheet's merged areas as the limit scan saw them ("A3:A9"), used when calamine
    gives none (an .ods)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        sheet = book.get_sheet_by_name(name)
        values = sheet.to_python(skip_empty_area=False)
    finally:
        if enabled:
            gc.enable()
    check_cells(values, file, name)
    ranges = getattr(sheet, "merged_cell_ranges", None) or ()
    if not ranges and merges:
        from kpps_xl.roster.fast import merge_ranges

        ranges = merge_ranges(merges)
    check_merges(ranges, file, name)
    return fill_merged(values, ranges)


def fill_merged(values: list[list[object]], ranges) -> list[list[object]]:  # noqa: ANN001
    """Copy each merged area's top-left value into every cell of the area that holds data.

    Official forms merge the TPS or desa cell over a whole team; calamine gives only the
    top-left cell a value. An area is clipped to the rows and columns the sheet really has,
    so a merge down to row 1.048.576 under a six-row table costs six rows.
    """
    height = len(values)
    width = max(map(len, values), default=0)
    for (top, left), (bottom, right) in ranges:
        bottom, right = min(bottom, height - 1), min(right, width - 1)
        if top < 0 or left < 0 or top > bottom or left > right or left >= len(values[top]):
            continue
        value = values[top][left]
        if value in ("", None):
            continue
        for row in values[top:bottom + 1]:
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            row[left:right + 1] = [value] * (right + 1 - left)
    return values


def calamine_error(exc: BaseException) -> bool:
    """True for a failure of calamine itself: its exceptions and a Rust panic.

    pyo3 turns a Rust panic (e.g. a negative date serial) into pyo3_runtime.PanicException,
    which derives from BaseException; KeyboardInterrupt and SystemExit must still pass.
    """
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def read_excel_sheets(path: Path, spare_core: bool = True) -> Iterator[SheetValues]:
    """Yield (sheet name, values from A1) for every worksheet of a workbook.

    The limits (package sizes, sheet extents, .ods repeats) are checked before calamine
    builds any sheet; cell length and merges right after each sheet is read. An .xlsx whose
    every cell carries its reference is read by fastexcel straight to Arrow columns.
    """
    head = _head(path)
    extents = check_limits(path, head, spare_core)
    suffix = content_suffix(path, head)
    if suffix == path.suffix.lower() and suffix in _FAST_SUFFIXES and extents and all(
            e.every_cell_addressed for _, e in extents.values()):
        from kpps_xl.roster.fast import read_xlsx_grids

        for name, grid in read_xlsx_grids(path, extents, spare_core):
            yield name, grid, formula_gaps(extents.get(name))
        return
    with path.open("rb") as handle:
        try:  # by content when the name says otherwise (calamine picks by the name)
            book = (python_calamine.CalamineWorkbook.from_path(str(path))
                    if suffix == path.suffix.lower()
                    else python_calamine.CalamineWorkbook.from_filelike(handle))
        except BaseException as exc:  # calamine raises several private error types, or panics
            if not calamine_error(exc):
                raise
            raise InputError(f"Berkas {path.name} rusak atau bukan lembar kerja yang dapat "
                             f"dibaca ({type(exc).__name__}).") from None
        try:
            for name in book.sheet_names:
                try:
                    scanned = extents.get(name)
                    values = _sheet_values(book, name, path.name,
                                           scanned[1].merges if scanned else ())
                except InputError:
                    raise
                except BaseException as exc:
                    if not calamine_error(exc):
                        raise
                    raise InputError(f"Sheet '{name}' di {path.name} tidak dapat dibaca "
                                     f"({reason(exc)}).") from None
                yield name, values, formula_gaps(extents.get(name))
        finally:
            book.close()


def check_limits(path: Path, head: bytes, spare_core: bool = False
                 ) -> dict[str, tuple[str, Extent]]:
    """Every limit that can be checked before a workbook is opened (see docs/limits.md).

    For an .xlsx/.xlsm: sheet name -> (worksheet part, what the scan saw), for the reader.
    spare_core: big sheets are inflated in a helper thread while they are searched.
    """
    _check_excel_container(path, head)
    suffix = content_suffix(path, head)
    if head.startswith(b"PK"):
        check_package(path)
        if suffix in (".xlsx", ".xlsm"):
            return check_xlsx_sheets(path, spare_core)
        if suffix == ".ods":
            return {name: ("content.xml", extent)
                    for name, extent in check_ods_repeats(path).items()}
    return {}


def reason(exc: BaseException) -> str:
    """A short reason for a calamine failure (the panic text of a negative date, e.g.)."""
    text = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
    if type(exc).__name__ == "PanicException":
        return "nilai sel tidak wajar, mis. tanggal negatif" + (f": {text}" if text else "")
    return type(exc).__name__


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_text(raw: bytes, name: str) -> str:
    """Text of a CSV as Excel saves it: UTF-8 (BOM or not), UTF-16 with BOM, Windows-1252."""
    encodings: tuple[str, ...] = ("utf-8", "cp1252")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            encodings = (encoding,)
            if encoding == "utf-8-sig":  # a UTF-8 mark over Windows-1252 text (rows appended
                raw, encodings = raw[len(bom):], ("utf-8", "cp1252")  # by another program)
            break
    else:
        if len(raw) >= 4 and raw[1:4:2] == b"\x00\x00" and raw[0:4:2] != b"\x00\x00":
            encodings = ("utf-16-le",)  # "Unicode Text" without its BOM
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"Berkas {name} tidak dapat dibaca sebagai teks (UTF-8, UTF-16 atau "
                     "Windows-1252).")


# One line with its end, as io.StringIO(text, newline="") splits them (CR, LF or CRLF), found
# without the StringIO's own copy of the text (four bytes a character for non-ASCII text).
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    return (match.group() for match in _LINE.finditer(text))


def _csv_rows(text: str, delimiter: str, name: str, limit: int | None = None
              ) -> list[list[object]]:
    """Rows of one delimiter guess (the first `limit` only, when given); CR, LF and CRLF line
    ends and quoted newlines all work.

    A row of more fields than Excel has columns (16.384) is refused: Excel would not show it
    whole, and a 10 MB line split into millions of fields must not reach header detection.
    """
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        rows: list[list[object]] = list(reader if limit is None else islice(reader, limit))
    except csv.Error as exc:
        limit = csv.field_size_limit()
        detail = (f"satu kolom lebih dari {_thousands(limit)} karakter"
                  if "field larger" in str(exc) else "tanda kutip atau baris tidak wajar")
        raise InputError(f"Berkas {name} tidak dapat dibaca sebagai CSV di baris "
                         f"{reader.line_num}: {detail}.") from None
    widest = max(map(len, rows), default=0)
    if widest > EXCEL_COLUMNS:
        line = next(i for i, row in enumerate(rows, 1) if len(row) > EXCEL_COLUMNS)
        raise InputError(f"Berkas {name} tidak dapat dibaca sebagai CSV di baris {line}: lebih "
                         f"dari {_thousands(EXCEL_COLUMNS)} kolom (batas Excel).")
    return rows


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def read_csv_values(path: Path) -> list[list[object]]:
    """All rows of a ; or , separated CSV as text cells (nothing is parsed as a number)."""
    text, delimiter = _delimited_text(path)
    return _checked_rows(text, delimiter, path)


def read_text_sheet(path: Path) -> list[list[object]] | ArrowGrid:
    """A delimited text file as the reader's one sheet: Arrow columns when every row has the
    first row's number of fields (Excel's and web applications' exports), else rows of text."""
    text, delimiter = _delimited_text(path)
    grid = arrow_grid(text, delimiter, path.name, path.stem)
    return grid if grid is not None else _checked_rows(text, delimiter, path)


def _delimited_text(path: Path) -> tuple[str, str]:
    """(the file's text without NUL characters, its delimiter)."""
    _head(path)
    raw = path.read_bytes()
    if len(raw) > MAX_PART_BYTES:
        raise InputError(f"Berkas {path.name} lebih dari {MAX_PART_BYTES >> 20} MB; pecah daftar "
                         "menjadi beberapa berkas.")
    text = decode_text(raw, path.name)
    del raw
    nul = text.count("\x00")
    if nul > max(8, len(text) // 100):
        raise InputError(f"Berkas {path.name} bukan berkas CSV teks (berisi {nul} karakter NUL).")
    if nul:
        text = text.replace("\x00", "")
    return text, _delimiter(text, path.name)


def _checked_rows(text: str, delimiter: str, path: Path) -> list[list[object]]:
    rows = _csv_rows(text, delimiter, path.name)
    check_cells(rows, path.name, path.stem)
    if '="' in text:
        rows = [[_text_formula(cell) for cell in row] for row in rows]
    return rows


_EMPTY_LINE = re.compile(r"(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)")


def arrow_grid(text: str, delimiter: str, file: str, sheet: str) -> ArrowGrid | None:
    """A rectangular delimited text as Arrow text columns (parsed by pyarrow; a short one by the
    csv module), as _checked_rows reads it ('' as an empty cell, '="..."' as its text); None
    when a row has another number of fields than the first, a line is empty, or pyarrow refuses
    the text: those go row by row through Python's csv module, which reads any shape."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    first = _csv_rows(text, delimiter, file, 1)
    if not first or len(first[0]) < 2 or _EMPTY_LINE.search(text):
        return None  # pyarrow reads an empty line as a row of empty fields, csv as no field
    if len(text) <= SMALL_TEXT:
        columns = _small_columns(text, delimiter, file, len(first[0]))
        if columns is None:
            return None
        return _grid(columns, '="' in text, file, sheet)
    names = [str(i) for i in range(len(first[0]))]
    ragged: list[object] = []

    def invalid(row: object) -> str:
        ragged.append(row)
        return "skip"

    try:
        table = pcsv.read_csv(
            pa.BufferReader(text.encode("utf-8")),
            read_options=pcsv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                            ignore_empty_lines=False, invalid_row_handler=invalid),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                strings_can_be_null=False,
                                                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if ragged:
        return None
    columns = [table.column(i).combine_chunks() for i in range(len(names))]
    del table
    return _grid(columns, '="' in text, file, sheet)  # one scan for '="', not one per column


# A text this short is split by the csv module: pyarrow's reader hands each text to a thread of
# its own pool, and on a busy machine that costs ~4 ms a file (a folder of one CSV per TPS).
SMALL_TEXT = 1 << 15


def _small_columns(text: str, delimiter: str, file: str, width: int) -> list[object] | None:
    """The text columns of a short rectangular text, from the csv module's rows; None when a
    row has another number of fields."""
    import pyarrow as pa

    rows = _csv_rows(text, delimiter, file)
    if any(len(row) != width for row in rows):
        return None
    return [pa.array(column, type=pa.string()) for column in zip(*rows, strict=True)]


def _grid(columns: list[object], formulas: bool, file: str, sheet: str) -> ArrowGrid:
    from kpps_xl.roster.fast import check_lengths

    cells = [_arrow_cells(column, formulas) for column in columns]
    check_lengths(cells, file, sheet)
    return ArrowGrid(cells)


def _arrow_cells(column: object, formulas: bool) -> object:
    """'' as an empty (null) cell, and _text_formula on every cell, in Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if formulas:
        quoted = pc.match_substring_regex(column, r'^="[^"]*"$')
        column = pc.if_else(quoted, pc.utf8_slice_codeunits(column, 2, -1), column)
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _text_formula(cell: str) -> str:
    """'="0812..."' -> '0812...': the CSV export trick that makes Excel keep a NIK or phone
    number as text shows the text, so it is read as the text (never as a formula)."""
    if cell.startswith('="') and cell.endswith('"') and len(cell) >= 3 and '"' not in cell[2:-1]:
        return cell[2:-1]
    return cell


def _delimiter(text: str, name: str) -> str:
    """The delimiter (; , or tab) whose split of the file's first rows names the most fields
    in a header row; the file is then parsed once, with it."""
    from kpps_xl.roster.header import DEEP_SCAN_ROWS, HEAD_ROWS, SCAN_ROWS

    fallback = None
    for rows, limit in ((HEAD_ROWS, SCAN_ROWS), (DEEP_SCAN_ROWS + HEAD_ROWS - SCAN_ROWS,
                                                 DEEP_SCAN_ROWS)):
        heads, failures = {}, []
        for delimiter in (";", ",", "\t"):
            try:  # a guess that cannot be read (a long line that is one huge field under the
                heads[delimiter] = _csv_rows(text, delimiter, name, rows)  # wrong delimiter)
            except InputError as exc:  # does not spoil the right one
                failures.append(exc)
        if not heads:
            raise failures[0]
        fallback = fallback or next(iter(heads))
        # a guess that splits no row scores 0 (a header names two fields): only the others are
        # scored
        scores = {d: _header_score(r, limit) for d, r in heads.items() if any(len(x) > 1 for x in r)}
        if scores and max(scores.values()) > 0:
            return max(scores, key=scores.__getitem__)
        # else no guess names a header in these rows: a long cover letter above it, look further
    return fallback


def _header_score(rows: list[list[object]], limit: int) -> int:
    """How well a delimiter guess splits the file: fields recognised in its best header row
    among the first `limit` rows (the first SCAN_ROWS, then DEEP_SCAN_ROWS as plan_sheet looks)."""
    from kpps_xl.roster.header import find_header

    header = find_header(rows, limit=limit)
    return len(header.columns) if header else 0


def _disguised(path: Path) -> str | None:
    from kpps_xl.roster.disguised import disguised_kind

    return disguised_kind(_head(path, 4096))


def read_disguised(path: Path, kind: str) -> Iterator[SheetValues]:
    """An .xls that is really text, as Excel opens it: CSV/tab text, an HTML table (web apps'
    "Export to Excel") or an XML Spreadsheet 2003."""
    from kpps_xl.roster import disguised

    if kind == "text":
        yield path.stem, read_text_sheet(path), NO_GAPS
    elif kind == "html":
        yield path.stem, disguised.read_html_rows(path), NO_GAPS
    else:
        for name, rows in disguised.read_xml2003_sheets(path):
            yield name, rows, NO_GAPS


def hidden_sheets(path: Path) -> frozenset[str]:
    """Names of a workbook's hidden and very hidden sheets (empty for text files, and when the
    workbook cannot say). An .xlsx/.xlsm's from its workbook.xml (no cells parsed); .xls, .xlsb
    and .ods from calamine's sheet metadata."""
    suffix = path.suffix.lower()
    if suffix not in EXCEL_SUFFIXES:
        return frozenset()
    if suffix in _FAST_SUFFIXES:
        try:
            with zipfile.ZipFile(path) as zf:
                root = ET.fromstring(zf.read("xl/workbook.xml"))
        except (OSError, KeyError, ET.ParseError, zipfile.BadZipFile, ValueError):
            return frozenset()
        return frozenset(sheet.get("name", "") for sheet in root.iterfind(".//{*}sheet")
                         if sheet.get("state") in ("hidden", "veryHidden"))
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            return frozenset(m.name for m in book.sheets_metadata
                             if m.visible != python_calamine.SheetVisibleEnum.Visible)
        finally:
            book.close()
    except BaseException as exc:  # calamine's private errors and panics: the reader reports them
        if not calamine_error(exc):
            raise
        return frozenset()


def read_sheets(path: Path, spare_core: bool = True) -> Iterator[SheetValues]:
    """Sheets of any supported file; a CSV is one sheet named after the file."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        yield path.stem, read_text_sheet(path), NO_GAPS
    elif suffix == ".xls" and (kind := _disguised(path)):
        yield from read_disguised(path, kind)
    elif suffix in EXCEL_SUFFIXES:
        yield from read_excel_sheets(path, spare_core)
    else:
        raise InputError(f"Berkas {path.name} bukan lembar kerja (.xlsx, .xlsm, .xls, .xlsb, .ods, "
                         ".csv, .tsv, .txt).")
