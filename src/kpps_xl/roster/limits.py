"""Limits checked before (or right after) a file is read, so a broken or hostile file is refused fast.

Every limit is documented in docs/limits.md; each refusal is an InputError that names the file,
the sheet and the limit. The checks are separate functions so the reader can change underneath.
"""

from __future__ import annotations

import gc
import html
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kpps_xl.errors import InputError
from kpps_xl.memory import release_freed_memory
from kpps_xl.parts import part_pieces, read_ahead

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384  # XFD
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_PART_BYTES = 1 << 30  # one part of the package, uncompressed (declared)
MAX_TOTAL_BYTES = 3 << 29  # the whole package, uncompressed (declared): 1.5 GiB
MAX_RATIO = 200  # uncompressed / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 8 << 20
MAX_CELLS = EXCEL_ROWS * 32  # the rectangle from A1 to the farthest cell of a sheet
SPARSE_FLOOR = 2_000_000  # a rectangle this big must be filled at least 1/SPARSE_FACTOR
SPARSE_FACTOR = 200
MAX_REPEATED_CELLS = 100_000  # .ods: one filled row repeated (officers are never identical rows)
XML_CHUNK = 8 << 20  # decompressed bytes of a worksheet part searched at a time
# The limit scan keeps a sheet's decompressed XML for the reader's number-cell scans (one
# inflate instead of two) when the part is at most KEEP_PART and the file's kept parts stay
# within KEEP_FILE; bigger sheets are inflated again, in pieces.
KEEP_PART = 8 << 20
KEEP_FILE = 64 << 20
# After the scan of a sheet this big, a full collection and the freed pieces (and the
# inflating thread's arena) go back to the system before calamine builds the sheet's cells
# (1 M rows: the peak 16 MB lower, measured whole-process).
TRIM_AFTER_SCAN = 1 << 21

# References with two column letters or more, or rows numbered with seven digits: one
# literal-prefixed search per chunk that fails at once on every other reference (letters, and
# the row only when it has seven digits), deduplicated before any Python work.
_FAR_REF = re.compile(rb' r="(?=[A-Z]{2}|[A-Z]\d{7})([A-Z]+)(\d{7,})?')
_FAR_REF_RE2 = r' r="(?:[A-Z]{2}|[A-Z][0-9]{7})'  # the same test, for Arrow's RE2 (no capture)
# Whatever needs more than the count of addressed cells: a far reference, a boolean cell, a
# merged range, or a '<c' not starting an addressed cell. One RE2 pass a piece; most pieces of
# a sheet hold none, and skip the other searches.
_NOTABLE_RE2 = "|".join((_FAR_REF_RE2, 't="b"', "<mergeCell", '<c(?:[^ ]| [^r]| r[^=]| r=[^"])'))
_MERGE = re.compile(rb'<mergeCell\s+ref="([^"]*)"')
# <c r="C3" ...><f>...</f></c> or ...<v></v></c>: a formula cell whose value was never stored
_UNVALUED = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"((?:\s[^>]*)?)>\s*<f\b[^>]*(?:/>|>[^<]*</f>)'
                       rb"\s*(<v\s*/>|<v>\s*</v>)?\s*</c>")
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*?\st="e"[^>]*>'
                         rb"(?:\s*<f\b[^>]*(?:/>|>[^<]*</f>))?\s*<v>([^<]*)</v>")
UNVALUED_KEPT = 2_000  # cell references kept per sheet (the rule keeps those in the roster)
_ANY_REF = re.compile(rb'\sr="([A-Z]+)(\d+)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([^"]*)"')
_PREFIXED_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*):worksheet\b")
_REF = re.compile(r"^\$?([A-Za-z]{1,7})\$?(\d{1,15})$")  # wider than Excel: a far ref is refused, not ignored
_ODS_REPEAT = re.compile(rb'number-(rows|columns)-repeated="(\d+)"')
_ODS_TABLE = re.compile(rb"<table:table\b([^>]*)>(.*?)</table:table>", re.S)
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)", re.S)
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/>|>)")
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _mb(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB".replace(",", ".")


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def check_package(path: Path, max_part: int = MAX_PART_BYTES, max_total: int = MAX_TOTAL_BYTES,
                  max_ratio: int = MAX_RATIO) -> None:
    """Refuse a zip package (.xlsx/.xlsm/.ods) whose declared sizes are beyond the caps."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"Berkas {path.name} rusak atau terpotong; simpan ulang dari Excel.") from exc
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise InputError(f"Berkas {path.name} berisi bagian bernama sama lebih dari sekali "
                         f"({', '.join(twice[:3])}): program lain bisa membaca isi yang berbeda "
                         "dari yang diperiksa. Simpan ulang berkas itu dari Excel.")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > max_part:
            raise InputError(f"Berkas {path.name}: bagian {info.filename} berukuran {_mb(info.file_size)} "
                             f"setelah diurai (batas {_mb(max_part)}); berkas rusak atau bukan "
                             "daftar petugas biasa.")
        if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
            raise InputError(f"Berkas {path.name}: bagian {info.filename} memuai "
                             f"{_count(info.file_size // max(info.compress_size, 1))}× saat diurai (batas "
                             f"{max_ratio}×); berkas ini tampak seperti 'zip bomb' dan tidak dibaca.")
    if total > max_total:
        raise InputError(f"Berkas {path.name} berukuran {_mb(total)} setelah diurai (batas "
                         f"{_mb(max_total)}); pecah daftar menjadi beberapa berkas.")


def column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def parse_ref(ref: str) -> tuple[int, int] | None:
    """'C23' -> (row 23, column 3); None when it is not a cell reference."""
    match = _REF.match(ref.strip())
    if not match:
        return None
    return int(match.group(2)), column_number(match.group(1))


def column_letters(column: int) -> str:
    out = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


@dataclass
class Extent:
    """What a worksheet part holds: its cell count and farthest row and column (1-based)."""

    cells: int = 0
    rows: int = 0
    columns: int = 0
    declared: str = ""
    estimated: bool = False  # columns is a guess (26) because no reference named a wider one
    addressed: int = 0  # cell tags whose first attribute is r="..." (every cell: fast reader)
    merges: list[str] = field(default_factory=list)  # merged ranges, e.g. "A1:C1"
    booleans: bool = False  # some cell is a boolean (t="b")
    unvalued: list[str] = field(default_factory=list)  # formula cells with no stored value (first)
    unvalued_count: int = 0
    errors: list[str] = field(default_factory=list)  # cells showing an error: "C4 #N/A" (first)
    errors_count: int = 0
    kept: list[bytes] | None = field(default=None, repr=False)  # the part's pieces, if kept

    @property
    def every_cell_addressed(self) -> bool:
        return self.addressed == self.cells

    @property
    def farthest(self) -> str:
        if self.estimated:
            return f"baris {_count(self.rows)}"
        return f"sel {column_letters(self.columns)}{self.rows}"

    @property
    def area(self) -> int:
        return self.rows * self.columns


def scan_extent(zf: zipfile.ZipFile, part: str, keep: int = 0, ahead: bool = False) -> Extent:
    """Cell count and farthest cell of a worksheet part without building the cells.

    One streaming pass, all in C-level byte searches: addressed cells are counted, and a piece
    is searched further only when Arrow's RE2 finds in it a reference with two or more column
    letters or a seven-digit row (read exactly), a boolean, a merged range (collected; they
    follow the cells) or a '<c' that is no addressed cell (then cells are counted apart). The
    last reference of the part gives the height of a sheet written in order (Excel,
    LibreOffice and openpyxl all write rows in order). The pieces are kept in extent.kept while
    they total at most `keep` bytes (whatever size the package declared). ahead: inflate in a
    helper thread while the previous piece is searched (a spare core).
    """
    extent = Extent(kept=[] if keep else None)
    last = b""
    first = True
    prefixed = b""  # '<x:c' when the sheet's elements carry a namespace prefix (OpenXML SDK)
    pieces = part_pieces(zf, part, XML_CHUNK)
    for chunk in read_ahead(pieces) if ahead else pieces:
        if extent.kept is not None:
            keep -= len(chunk)
            if keep < 0:
                extent.kept = None
            else:
                extent.kept.append(chunk)
        addressed = chunk.count(b'<c r="')
        extent.addressed += addressed
        if first:
            # <dimension> comes before <sheetData>: searched only there (the pattern has no
            # literal prefix to skip the rest fast)
            head = chunk.find(b"sheetData")
            declared = _DIMENSION.search(chunk, 0, head if head >= 0 else len(chunk))
            extent.declared = declared.group(1).decode("ascii", "replace") if declared else ""
            first = False
            root = _PREFIXED_ROOT.search(chunk, 0, 4096)
            prefixed = b"<" + root.group(1) + b":c" if root else b""
        if prefixed:  # never addressed as '<c r="': read by calamine, counted here for the limits
            extent.cells += chunk.count(prefixed + b" ") + chunk.count(prefixed + b">")
        if b"<f" in chunk:
            _scan_formulas(chunk, extent)
        if b't="e"' in chunk:
            _scan_errors(chunk, extent)
        if _holds(chunk, _NOTABLE_RE2):
            _scan_notable(chunk, addressed, extent)
        else:  # the common piece: addressed cells only, nothing far, boolean or merged
            extent.cells += addressed
        position = chunk.rfind(b' r="')
        if position >= 0:
            last = chunk[position:position + 16]
    if match := _ANY_REF.match(last):
        _grow(extent, (match.group(1) + match.group(2)).decode("ascii"))
    if extent.cells and extent.columns < 26:
        extent.columns, extent.estimated = 26, True
    return extent


def _scan_notable(chunk: bytes, addressed: int, extent: Extent) -> None:
    """The rest of the scan for a piece that holds a far reference, a boolean, a merge or a
    '<c' that is not an addressed cell (<cols>, <cfRule>, a cell without r=...)."""
    # every '<c' an addressed cell: the cells are the addressed ones
    extent.cells += addressed if chunk.count(b"<c") == addressed else (
        chunk.count(b"<c ") + chunk.count(b"<c>"))
    extent.booleans = extent.booleans or b't="b"' in chunk
    for letters, row in set(_FAR_REF.findall(chunk)) if _holds(chunk, _FAR_REF_RE2) else ():
        if len(letters) > 1:
            extent.columns = max(extent.columns, column_number(letters.decode("ascii")))
        if row:
            extent.rows = max(extent.rows, int(row))
    tail = chunk.find(b"<mergeCell")
    if tail >= 0:
        extent.merges.extend(m.decode("ascii", "replace") for m in _MERGE.findall(chunk, tail))


def _scan_formulas(chunk: bytes, extent: Extent) -> None:
    """Formula cells without a stored value: written by a script (openpyxl, some web exports)
    that never calculated them. Every reader sees them empty; Excel would calculate them.
    A formula whose stored result is an empty text (t="str" with an empty <v>) has a value."""
    for match in _UNVALUED.finditer(chunk):
        if match.group(3) is not None and b't="str"' in match.group(2):
            continue
        extent.unvalued_count += 1
        if len(extent.unvalued) < UNVALUED_KEPT:
            extent.unvalued.append(match.group(1).decode("ascii"))


def _scan_errors(chunk: bytes, extent: Extent) -> None:
    """Cells that show an Excel error (#N/A of a VLOOKUP that found nothing, #REF!, #VALUE!):
    every reader sees them empty, the clerk sees the error."""
    for match in _ERROR_CELL.finditer(chunk):
        extent.errors_count += 1
        if len(extent.errors) < UNVALUED_KEPT:
            extent.errors.append(f"{match.group(1).decode('ascii')} "
                                 f"{match.group(2).decode('utf-8', 'replace').strip()}")


Gap = tuple[int, tuple[str, ...]]  # (how many cells, the first of them)


Gaps = tuple[Gap, Gap]
NO_GAPS: Gaps = ((0, ()), (0, ()))


def formula_gaps(extent: tuple[str, Extent] | None) -> Gaps:
    """A sheet's cells every reader sees empty though Excel shows something, as the limit scan
    found them: (formula cells with no stored value "C3", cells showing an Excel error
    "C4 #N/A"), each (how many, the first UNVALUED_KEPT); validate keeps those in the columns
    and rows the roster read."""
    if extent is None:
        return NO_GAPS
    found = extent[1]
    return ((found.unvalued_count, tuple(found.unvalued)),
            (found.errors_count, tuple(found.errors)))


def _holds(chunk: bytes, pattern: str) -> bool:
    """Does the chunk match an RE2 pattern anywhere? (Arrow's RE2, on the bytes without a copy:
    ~3x faster than Python's re where most positions start like a match and none is one.)"""
    offsets = pa.py_buffer(np.array([0, len(chunk)], dtype=np.int64))
    one = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(chunk)])
    return bool(pc.match_substring_regex(one, pattern)[0].as_py())


def _grow(extent: Extent, ref: str) -> None:
    where = parse_ref(ref)
    if where:
        extent.rows = max(extent.rows, where[0])
        extent.columns = max(extent.columns, where[1])


def check_extent(extent: Extent, file: str, sheet: str) -> None:
    """Refuse a sheet that reaches beyond Excel's grid or far beyond the cells it holds."""
    where = f"Sheet '{sheet}' di {file}"
    if extent.declared:
        for ref in extent.declared.split(":"):
            cell = parse_ref(ref)
            if cell and (cell[0] > EXCEL_ROWS or cell[1] > EXCEL_COLUMNS):
                raise InputError(f"{where} menyatakan ukuran {extent.declared}, di luar batas Excel "
                                 f"(XFD{EXCEL_ROWS}); berkas rusak.")
    if extent.rows > EXCEL_ROWS or extent.columns > EXCEL_COLUMNS:
        raise InputError(f"{where} berisi sel di luar batas Excel (baris {_count(extent.rows)}, "
                         f"kolom {_count(extent.columns)}); berkas rusak.")
    if extent.area > MAX_CELLS:
        raise InputError(f"{where} terlalu luas: sampai {extent.farthest} ({_count(extent.area)} "
                         "sel, batas "
                         f"{_count(MAX_CELLS)}). Hapus isi sel jauh di kanan/bawah tabel.")
    if extent.area > SPARSE_FLOOR and extent.area > SPARSE_FACTOR * max(extent.cells, 1):
        raise InputError(f"{where}: ada sel terisi jauh di luar tabel (sampai {extent.farthest}, "
                         "padahal hanya "
                         f"{_count(extent.cells)} sel terisi). Hapus isi sel tersebut (Ctrl+End "
                         "di Excel menunjukkannya), simpan, lalu coba lagi.")


def relationship_id(element: ET.Element) -> str:
    """An element's r:id in either namespace (transitional, or Strict Open XML's purl.oclc.org)."""
    for name, value in element.attrib.items():
        if name.endswith("}id") and name.startswith("{") and "relationships" in name:
            return value
    return ""


def worksheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part of an .xlsx/.xlsm; parts not named by the workbook by path."""
    names = set(zf.namelist())
    found: dict[str, str] = {}
    try:
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id", ""): rel.get("Target", "") for rel in rels.iter(_REL)}
        for sheet in ET.fromstring(zf.read("xl/workbook.xml")).iterfind(".//{*}sheet"):
            target = targets.get(relationship_id(sheet), "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
            if part in names:
                found[sheet.get("name", part)] = part
    except (KeyError, ET.ParseError, ValueError):
        pass  # the reader will say the workbook is broken; the parts are still scanned below
    known = set(found.values())
    for name in sorted(names - known):
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            found[name] = name
    return found


def check_xlsx_sheets(path: Path, spare_core: bool = False) -> dict[str, tuple[str, Extent]]:
    """Scan every worksheet part of an .xlsx/.xlsm for its extent before calamine builds it.

    Returns sheet name -> (part, extent) for the reader (merges, whether every cell is
    addressed); empty when the package cannot be scanned (the reader reports the damage).
    """
    found: dict[str, tuple[str, Extent]] = {}
    budget = KEEP_FILE
    try:
        with zipfile.ZipFile(path) as zf:
            for sheet, part in worksheet_parts(zf).items():
                extent = scan_extent(zf, part, min(KEEP_PART, budget),
                                     spare_core and zf.getinfo(part).file_size > XML_CHUNK)
                budget -= sum(map(len, extent.kept or ()))
                if extent.cells >= TRIM_AFTER_SCAN:
                    gc.collect()
                    release_freed_memory()
                check_extent(extent, path.name, sheet)
                found[sheet] = (part, extent)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        return {}
    return found


def check_ods_repeats(path: Path) -> dict[str, Extent]:
    """Refuse an .ods whose repeated rows/columns reach beyond Excel's grid or the cell caps;
    sheet name -> what the scan saw (its merged areas too: python-calamine gives none for .ods).

    LibreOffice writes the empty rest of a sheet as one row repeated ~a million times holding
    one empty cell repeated 16.384 times; calamine skips those. A repeat beyond Excel's grid,
    or repeats that fill a huge rectangle with a value, are refused like a far-away cell.
    """
    found: dict[str, Extent] = {}
    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as handle:
            data = handle.read(MAX_PART_BYTES + 1)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        return found
    for match in _ODS_REPEAT.finditer(data):
        count = int(match.group(2))
        limit = EXCEL_ROWS if match.group(1) == b"rows" else EXCEL_COLUMNS
        if count > limit:
            kind = "baris" if match.group(1) == b"rows" else "kolom"
            raise InputError(f"Berkas {path.name}: {kind} diulang {_count(count)} kali (batas "
                             f"Excel {_count(limit)}); berkas rusak.")
    for table in _ODS_TABLE.finditer(data):
        name = _ODS_NAME.search(table.group(1))
        sheet = name.group(1).decode("utf-8", "replace") if name else "?"
        try:
            extent = _ods_extent(table.group(2))
        except InputError as exc:
            raise InputError(f"Sheet '{sheet}' di {path.name}: {exc}; berkas rusak.") from None
        check_extent(extent, path.name, sheet)
        found.setdefault(html.unescape(sheet), extent)  # "A &amp; B" is sheet "A & B"
    return found


def _repeat(attributes: bytes, kind: bytes) -> int:
    match = re.search(rb"number-" + kind + rb'-repeated="(\d+)"', attributes)
    return int(match.group(1)) if match else 1


_ODS_SPAN = re.compile(rb'number-(rows|columns)-spanned="(\d+)"')


def _ods_merge(attributes: bytes, row: int, column: int, extent: Extent) -> None:
    """A spanned cell's area ("A3:A9") into extent.merges (0-based row and column given)."""
    spans = {kind: int(count) for kind, count in _ODS_SPAN.findall(attributes)}
    rows, columns = spans.get(b"rows", 1), spans.get(b"columns", 1)
    if (rows > 1 or columns > 1) and len(extent.merges) < MAX_ODS_MERGES:
        extent.merges.append(f"{column_letters(column + 1)}{row + 1}:"
                             f"{column_letters(column + columns)}{row + rows}")


MAX_ODS_MERGES = 100_000  # check_merges refuses more in any case


def _ods_extent(table: bytes) -> Extent:
    """Filled cells and the rectangle they span in one <table:table>, repeats expanded."""
    extent = Extent(columns=0)
    row_at = 0
    for row in _ODS_ROW.finditer(table):
        repeat = _repeat(row.group(1), b"rows")
        at = filled = last = 0
        for cell in _ODS_CELL.finditer(row.group(2) or b""):
            width = _repeat(cell.group(1), b"columns")
            if b"-spanned=" in cell.group(1):
                _ods_merge(cell.group(1), row_at, at, extent)
            if cell.group(2) == b">" or b"value-type" in cell.group(1):
                filled += width
                last = at + width
            at += width
        if filled and repeat > 1 and filled * repeat > MAX_REPEATED_CELLS:
            raise InputError(f"satu baris berisi {_count(filled)} sel terisi diulang "
                             f"{_count(repeat)} kali (batas {_count(MAX_REPEATED_CELLS)} sel)")
        if filled:
            extent.cells += filled * repeat
            extent.rows = row_at + repeat
            extent.columns = max(extent.columns, last)
        row_at += repeat
    return extent


def check_merges(ranges: Iterable[tuple[tuple[int, int], tuple[int, int]]], file: str, sheet: str
                 ) -> None:
    """Refuse a merged area that reaches beyond Excel's grid (0-based corners from calamine)."""
    for (top, left), (bottom, right) in ranges:
        if max(top, bottom) >= EXCEL_ROWS or max(left, right) >= EXCEL_COLUMNS or min(top, left) < 0:
            raise InputError(f"Sheet '{sheet}' di {file}: sel gabungan (merge) sampai baris "
                             f"{_count(bottom + 1)} kolom {_count(right + 1)} di luar batas Excel; "
                             "berkas rusak.")


def check_cells(values: Sequence[Sequence[object]], file: str, sheet: str,
                max_chars: int = MAX_CELL_CHARS) -> None:
    """Refuse a sheet with a text cell longer than Excel allows (32.767 karakter)."""
    for row_index, row in enumerate(values):
        for col_index, cell in enumerate(row):
            if cell.__class__ is str and len(cell) > max_chars:  # type: ignore[arg-type]
                raise long_cell_error(file, sheet, row_index, col_index, len(cell), max_chars)  # type: ignore[arg-type]


def long_cell_error(file: str, sheet: str, row: int, column: int, length: int,
                    max_chars: int = MAX_CELL_CHARS) -> InputError:
    """The refusal of a cell longer than Excel allows (0-based row and column)."""
    return InputError(f"Sheet '{sheet}' di {file}: sel {column_letters(column + 1)}{row + 1} "
                      f"berisi {_count(length)} karakter (batas Excel {_count(max_chars)}); "
                      "berkas rusak atau bukan daftar petugas.")
