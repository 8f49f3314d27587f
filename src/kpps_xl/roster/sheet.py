"""One sheet of cell values -> normalised Roster rows (header found, non-data rows skipped).

Columnar: cells of each mapped column are pulled into lists once and normalised through
per-distinct-value memos, so a million-row sheet costs a few list passes, not a cell loop.
Only rows without a name and a NIK (blanks, titles, JUMLAH, signatures) are looked at one by one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kpps_xl.roster.coded import concat_frames, constant, encode, encode_frame, objects
from kpps_xl.roster.grid import (
    DATETIME_TEXT,
    ArrowGrid,
    Cells,
    Column,
    ListGrid,
    arrow_text,
    concat_grids,
    is_arrow,
    memo_arrow,
)
from kpps_xl.roster.header import (
    DEEP_SCAN_ROWS,
    DOB_SPLIT,
    HEAD_ROWS,
    NUMBERISH,
    SCAN_ROWS,
    Header,
    badan_of_sheet,
    context_from_file_name,
    context_from_rows,
    context_from_sheet_name,
    contexts_in_text,
    find_header,
    replacement_list,
    row_fields,
    score_bound,
    section_badan,
    sheet_place_name,
    title_context,
    title_contexts,
    tps_from_file_name,
    transposed_labels,
    voter_list,
)
from kpps_xl.roster.limits import NO_GAPS, Gaps, column_letters
from kpps_xl.roster.model import CANONICAL_COLUMNS, HEALTH_COLUMNS, ID_COLUMNS, Roster, SheetInfo
from kpps_xl.roster.own import HIDDEN_SHEET_NOTE, OWN_SHEET_NOTE, is_own_sheet
from kpps_xl.roster.places import key_series, place_key, tps_key
from kpps_xl.roster.strike import NONE, Struck
from kpps_xl.roster.values import (
    INVISIBLE_PATTERN,
    NUMBER_TEXT,
    PLACEHOLDERS,
    RESERVE,
    RESERVE_WORD,
    badan_in_note,
    is_tick,
    map_unique,
    month_first_column,
    nik_cell,
    parse_activity,
    parse_date,
    parse_role,
    parse_sex,
    parse_tps,
    reserve_role,
    shown,
    split_ttl,
    text_of,
    tps_in_text,
)

_COLUMN_NUMBER = re.compile(r"^(?:\(\d{1,2}\)|\[\d{1,2}\]|\d{1,2}[.)]?)$")  # 1, (1), [1], 1., 1)
_TOTAL = re.compile(r"^(jumlah|jml|total|sub\s*-?\s*total|grand\s*total)\b", re.IGNORECASE)
_SIGNATURE = re.compile(
    r"\b(mengetahui|diketahui|menyetujui|disetujui|disahkan|mengesahkan|hormat kami|"
    r"yang membuat|yang menyerahkan|pembuat daftar|ttd|tanda tangan|dibuat oleh|ditetapkan di|"
    r"ketua pps|sekretaris pps|ketua ppk|ketua kpps|sekretaris kpps|a\.n\.|an\. ketua|nip|nrp)\b"
    # "Mukomuko, 20 Januari 2024", or with the day left blank: "Palembang,    Januari 2024"
    r"|^[^\d,]+,\s*(?:\d{1,2}[\s\-/.]+)?\w+[\s\-/.]+\d{4}$"
    r"|^\(\s*[^()\d]*\)$|^[.\s_]{6,}$",  # the signer's "( NAMA )" line, a "(.........)" blank
    re.IGNORECASE,
)
_NOTES = "catatan kaki"
_FOOTER_REASONS = ("baris JUMLAH", "blok tanda tangan", _NOTES)
# Notes under (or inside) a table: a footnote marker ("*) NIK sesuai KTP-el", "¹⁾ ...") or a
# notes heading ("Keterangan:", "Catatan :", "NB:"); below the last NIK a heading ends the roster.
_FOOTNOTE = re.compile(r"^(?:\*+\s*\)?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*⁾?\)?)\s*\S"
                       r"|^(?:catatan|keterangan|ket|nb|n\.b|note|notes)\s*\.?\s*:", re.IGNORECASE)
# A printed page's own lines, repeated on every page of a print export: "Halaman 1 dari 3",
# "Hal. 2/3", "Page 1 of 3", "Dicetak pada 20/01/2024 10:15".
_PAGE_LINE = re.compile(r"^(?:(?:halaman|hal|page)\.?\s*\d{1,4}\s*(?:dari|of|/)\s*\d{1,4}$"
                        r"|(?:dicetak|tanggal cetak|tgl\.? cetak|printed)\b)", re.IGNORECASE)
_PAGE = "baris halaman cetak"
# A signer's civil-servant or police number ("NIP. 19700101 199003 1 001") is not a NIK.
_SIGNER_NUMBER = r"(?i)^\s*(?:nip|nrp|nipppk)\b"
_TITLE = "judul"
_SECTION = "judul bagian"  # "B. PETUGAS KETERTIBAN TPS (LINMAS)": the rows below are Linmas
# Fields that do not make a row without name and NIK count as data.
_IGNORED_FIELDS = ("no", "umur", "keterangan", "status", *HEALTH_COLUMNS, *ID_COLUMNS)
_REPEATED_HEADER = "baris judul kolom berulang"
_TITLE_KINDS = ("kabkota", "kecamatan", "kelurahan", "tps")  # outer to inner
# what a sheet's name and titles say of its rows ("cadangan": below a reserve list's title)
_CONTEXT_KINDS = (*_TITLE_KINDS, "badan", "cadangan")
STRUCK_REASON = "dicoret (huruf coret)"
# Sheet names that say nothing about a place (a bare name is otherwise the kecamatan).
_GENERIC_SHEET = re.compile(
    r"^\s*(?:sheet|lembar|data|daftar|rekap\w*|kpps|pps|ppk|linmas|hasil|export|ekspor|cetak|"
    r"print|tabel|table|list|laporan|temuan|ringkasan|catatan|pengaturan|anggaran|surat|master|"
    r"all|semua|gabungan|tps|kab|kabupaten|kpu|provinsi|prov|halaman|page|lampiran|format|form|"
    r"pemilu|pilkada|pemilihan|anggota|petugas|petunjuk|revisi|perbaikan|final|fix|baru|lama|"
    r"copy|salinan|update|kec|kecamatan|kel|kelurahan|desa|ds)(?![a-z])"  # Sheet1, Data_2
    r"|^\s*[\d\W_]*$", re.IGNORECASE)


Grid = ListGrid | ArrowGrid
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_PLACEHOLDERS = pa.array(sorted(PLACEHOLDERS), type=pa.string())


def _memo(values: Column, func: Callable[[object], Any]) -> list[Any]:
    """func applied once per distinct value (cells repeat a lot: dates, TPS, jabatan)."""
    if is_arrow(values):
        return memo_arrow(values, func)  # type: ignore[arg-type]
    table = {value: func(value) for value in set(values)}  # type: ignore[arg-type]
    return [table[value] for value in values]  # type: ignore[union-attr]


def _texts(values: Sequence[object]) -> list[str | None]:
    """Display text of each cell; strings take a fast path."""
    return [shown(v) if v.__class__ is str else text_of(v) for v in values]


def _without_invisible(arr: pa.Array) -> pa.Array:
    """values.visible over an Arrow string column; a column whose bytes hold no control byte
    and no lead byte of those characters (0xC2, 0xE2, 0xEF) is returned as it is after one
    numpy pass."""
    data = (arr.buffers()[2] if isinstance(arr, pa.Array) and arr.type == pa.string() and len(arr)
            else None)
    if data is None:
        return arr
    raw = np.frombuffer(data, dtype=np.uint8)
    odd = raw[(raw < 0x20) | (raw >= 0x7F)]
    if not len(odd) or not (((odd < 0x20) & (odd != 0x09) & (odd != 0x0A) & (odd != 0x0D))
                            | (odd == 0x7F) | (odd == 0xC2) | (odd == 0xE2) | (odd == 0xEF)).any():
        return arr
    return pc.replace_substring_regex(arr, INVISIBLE_PATTERN, "")


def _trimmed(arr: pa.Array) -> pd.Series:
    arr = arr.cast(pa.string()) if arr.type != pa.string() else arr
    arr = pc.utf8_trim_whitespace(_without_invisible(arr))
    empty = pc.or_(pc.equal(arr, ""), pc.is_in(arr, value_set=_PLACEHOLDERS))
    arr = pc.if_else(empty, pa.scalar(None, pa.string()), arr)
    return pd.Series(pd.arrays.ArrowStringArray(arr))


def text_series(values: Column) -> pd.Series:
    """Display text of a column as an Arrow string Series; pure-text columns skip Python loops."""
    if isinstance(values, Cells):
        if values.numeric is not None and (_has_date_cells(values) or _has_nan(values)):
            return _strings(memo_arrow(values, text_of))
        return _trimmed(values.text)
    if isinstance(values, pa.Array):
        return _trimmed(values)
    if set(map(type, values)) <= {str, type(None)}:
        return _trimmed(pa.array(values, type=pa.string()))
    return pd.Series(_texts(values), dtype="string")


def _date_like(text: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(pc.match_substring_regex(text, DATETIME_TEXT.pattern), False))


def _has_nan(cells: Cells) -> bool:
    """A number cell holding NaN (python-calamine: an empty float; fastexcel: the text 'NaN')."""
    return bool(pc.any(pc.equal(cells.text, "NaN")).as_py())


def _has_date_cells(cells: Cells) -> bool:
    """A number column holding date cells (fastexcel gives them as 'YYYY-MM-DD HH:MM:SS')."""
    numeric = cells.numeric
    return bool(numeric is not None and numeric.any() and (_date_like(cells.text) & numeric).any())


def _number_flags(values: Column, text: pd.Series) -> pd.Series:
    """Stored-as-number flag of an identity column: number cells (not dates) and scientific text."""
    arr = arrow_text(text)
    if arr.null_count == len(arr):
        flags = np.zeros(len(arr), dtype=bool)
    else:
        scientific = pc.match_substring_regex(pc.replace_substring(arr, " ", ""), NUMBER_TEXT)
        flags = np.asarray(pc.fill_null(scientific, False))
    if isinstance(values, Cells) and values.numeric is not None:
        raw = np.asarray(pc.is_valid(values.text))  # NaN is flagged too, as python-calamine's float
        flags = flags | (values.numeric & ~_date_like(values.text) & raw)
    return pd.Series(flags, dtype="bool")


def _slow_reason(row: Sequence[object], nik_like: bool) -> str | None:
    """Why a row without a NIK-like number (or a suspicious one) is not data; None when it is."""
    filled = [t for t in (text_of(v) for v in row) if t is not None]
    if not filled:
        return "baris kosong"
    if len(filled) >= 3 and all(_COLUMN_NUMBER.match(c) for c in filled):
        return "baris nomor kolom"
    if nik_like:
        return None
    if _TOTAL.match(filled[0]):
        return "baris JUMLAH"
    if any(_SIGNATURE.search(c) for c in filled):
        return "blok tanda tangan"
    if any(_PAGE_LINE.match(c) for c in filled):
        return _PAGE
    if _FOOTNOTE.match(filled[0]) and len(set(filled)) <= 2:
        return _NOTES
    # a subtitle merged across the table repeats one text in every cell
    distinct = len(set(filled))
    head = _title_text(filled)
    if distinct <= 2 and title_context(head):
        return _TITLE
    if distinct <= 2 and (section_badan(head) or RESERVE_WORD.search(head)):
        return _SECTION
    if len(row_fields(row)) >= 2:
        return _REPEATED_HEADER
    return None


# A block title's own number in the No column: "I" | "TPS 001 ...", "A." | "KPPS TPS 003".
_SECTION_NUMBER = re.compile(r"^(?:[IVXLC]{1,6}|[A-Za-z]|\d{1,3})[.)]?$")


def _title_text(filled: Sequence[str]) -> str:
    """The text of a title row: its first cell, or the next one after a section number."""
    if len(filled) >= 2 and _SECTION_NUMBER.match(filled[0]):
        return filled[1]
    return filled[0]


def _suspicious(row: Sequence[object], name: str | None, nik: str | None = None) -> bool:
    """A named row without a NIK that may be a title, a repeated header or a signature line
    (a signer's NIP standing in the NIK column is one)."""
    name = name or ""
    first = next((t for t in map(text_of, row) if t is not None), "")
    return bool(_COLUMN_NUMBER.match(name) or _TOTAL.match(name) or _TOTAL.match(first)
                or _SIGNATURE.search(name) or title_context(name) or len(row_fields(row)) >= 2
                or _PAGE_LINE.match(name) or _PAGE_LINE.match(first)
                or bool(_FOOTNOTE.match(name)) or bool(_FOOTNOTE.match(first))
                or (nik is not None and re.match(_SIGNER_NUMBER, nik))
                or ((section_badan(name) is not None or bool(RESERVE_WORD.search(name)))
                    and len(set(filter(None, map(text_of, row)))) <= 2))


def _header_like(row: Sequence[object]) -> bool:
    """A header row: names Nama or NIK and at least one more field."""
    found = row_fields(row)
    return ("nama" in found or "nik" in found) and len(found) >= 2


def _new_block(row: Sequence[object], header: Header) -> bool:
    """A repeated header row whose columns differ: a block pasted below with its own layout."""
    found = row_fields(row)
    if not ("nama" in found or "nik" in found):
        return False
    return any(header.columns.get(name) != index for name, index in found.items()
               if name not in ("jenis_kelamin", "ttl") or name in header.columns)


def _sex_columns(table: Grid, n: int, columns: dict[str, int]) -> tuple[pd.Series, list[str | None]]:
    """(raw text shown to the user, 'L'/'P'/None) for one or two (ticked L | P) sex columns."""
    if "sex_l" in columns or "sex_p" in columns:
        male = _memo(table.column(columns.get("sex_l")), is_tick)
        female = _memo(table.column(columns.get("sex_p")), is_tick)
        raw = [("L dan P" if m else None) if m == f else ("L" if m else "P")
               for m, f in zip(male, female, strict=True)]
        return _strings(raw), [r if r in ("L", "P") else None for r in raw]
    raw = table.column(columns.get("jenis_kelamin"))
    return text_series(raw), _memo(raw, parse_sex)


def _dob_columns(table: Grid, n: int, columns: dict[str, int]) -> tuple[Column, Column]:
    """(tempat_lahir, raw date cells) from separate columns or one 'Tempat, Tanggal Lahir' cell."""
    if "dob_month" in columns and "dob_year" in columns and "tanggal_lahir" in columns:
        parts = [table.column(columns[k]) for k in DOB_SPLIT]
        return table.column(columns.get("tempat_lahir")), [
            _joined_date(*cells) for cells in zip(*(_plain_cells(p) for p in parts), strict=True)]
    if "tanggal_lahir" in columns:
        return (table.column(columns.get("tempat_lahir")),
                table.column(columns["tanggal_lahir"], typed=True))
    if "ttl" in columns:
        pairs = _memo(table.column(columns["ttl"], typed=True), split_ttl)
        return [p[0] for p in pairs], [p[1] for p in pairs]
    return table.column(columns.get("tempat_lahir")), [None] * n


def _plain_cells(values: Column) -> list[object]:
    return values.to_pylist() if isinstance(values, pa.Array) else list(values)  # type: ignore[arg-type]


_WHOLE = re.compile(r"^(\d+)\.0+$")
_DAY_NUMBER = re.compile(r"^\d{1,2}(?:\.0+)?$")  # a number cell as fastexcel's text gives it: "12.0"


def _joined_date(day: object, month: object, year: object) -> str | None:
    """One date text from TGL | BLN | THN cells ("12", "3" or "Maret", "1990" -> "12-3-1990");
    None when all three are empty, the parts as typed (unreadable) when one is missing."""
    texts = [text_of(v) for v in (day, month, year)]
    if not any(texts):
        return None
    if texts[0] and not _DAY_NUMBER.match(texts[0]):  # the whole date beside formula parts
        return texts[0]
    return "-".join(_WHOLE.sub(r"\1", t) if t else "?" for t in texts)


_EMPTY_TYPES = {"_row": "int64", "nik_numeric": "bool", "aktif": "bool", "dob": "datetime64[ns]",
                **{f"{name}_numeric": "bool" for name in ID_COLUMNS}}


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=_EMPTY_TYPES.get(name, "string"))
                         for name in CANONICAL_COLUMNS})


def _letters(header: Header, first_col: int) -> dict[str, str]:
    letters = {name: column_letters(index + first_col) for name, index in header.columns.items()}
    if "ttl" in letters:
        letters.setdefault("tanggal_lahir", letters["ttl"])
        letters.setdefault("tempat_lahir", letters["ttl"])
    if "sex_l" in letters:
        letters.setdefault("jenis_kelamin", letters["sex_l"])
    return letters


@dataclass
class Piece:
    """The kept rows of one block of one sheet, before they become canonical columns."""

    table: Grid
    excel_rows: list[int]
    titled: dict[str, list[str | None]]
    header: Header
    sheet: str
    struck: list[bool]
    file: str = ""

    @property
    def size(self) -> int:
        return len(self.excel_rows)


@dataclass
class SheetPlan:
    """What reading one sheet found: its facts, its row pieces and the header of its last block."""

    info: SheetInfo
    pieces: list[Piece] = field(default_factory=list)
    header: Header | None = None


def without_hidden(plan: SheetPlan) -> SheetPlan:
    """A hidden or very hidden sheet beside a visible roster is not read: a clerk sees and
    prints the visible sheets only, and a hidden sheet beside them is most often an old version,
    a draft or a lookup list (reading it gave a dup.nik per officer). One holding officers gets
    a note saying so and how to have it read (sheet.no_roster); one without them is silent
    (HIDDEN_SHEET_NOTE). The caller keeps the hidden sheets of a file with no visible roster."""
    rows = sum(len(piece.excel_rows) for piece in plan.pieces)
    info = plan.info
    if not rows:
        info.note = info.note if info.note == OWN_SHEET_NOTE else HIDDEN_SHEET_NOTE
        info.unvalued, info.errors = (0, ()), (0, ())
        return plan
    plan.pieces = []
    info.rows = 0
    info.beside = None
    info.note = (f"sheet tersembunyi (hidden), {rows} baris petugasnya tidak dibaca; bila "
                 "sheet ini bagian dari daftar, tampilkan (Unhide) lalu periksa lagi")
    return plan


def roster_from_values(
    values: Sequence[Sequence[object]] | ArrowGrid,
    sheet: str,
    file: str | None = None,
    reference_year: int = 2024,
    first_row: int = 1,
    first_col: int = 1,
    struck: Struck = NONE,
    kabkota: str | None = None,
) -> Roster:
    """Read one sheet given as a 2-D list of cell values (first cell at first_row/first_col),
    or as Arrow columns from the fast .xlsx reader (an ArrowGrid, first cell A1).

    struck: 0-based sheet row -> 0-based columns of struck-through cells (.xlsx font strike).
    kabkota: the office's kab/kota, used when neither a column nor a title row names one.
    """
    plan = plan_sheet(values, sheet, file, first_row, first_col, struck, kabkota)
    return Roster(df=frame_plans([plan], reference_year), sheets=[plan.info],
                  files=[plan.info.file])


def plan_sheet(
    values: Sequence[Sequence[object]] | ArrowGrid,
    sheet: str,
    file: str | None = None,
    first_row: int = 1,
    first_col: int = 1,
    struck: Struck = NONE,
    kabkota: str | None = None,
    gaps: Gaps = NO_GAPS,
) -> SheetPlan:
    """Header, context and data rows of one sheet; the columns are built later, for all the
    sheets of a file at once (frame_plans), so a workbook of many sheets costs few passes.

    gaps: the cells the reader saw empty though Excel shows something (limits.formula_gaps)."""
    unvalued, errors = gaps
    plan = SheetPlan(SheetInfo(file=file or "", sheet=sheet, unvalued=unvalued, errors=errors))
    info = plan.info
    grid: Grid = values if isinstance(values, ArrowGrid) else ListGrid(values)
    head = grid.rows(0, SCAN_ROWS + 1)
    if is_own_sheet(sheet, head):
        info.note = OWN_SHEET_NOTE
        return plan
    bounds = None
    if isinstance(grid, ArrowGrid):
        bounds = [score_bound(n) for n in grid.text_cells(SCAN_ROWS, NUMBERISH.pattern).tolist()]
    header = find_header(head, bounds)
    if header is None and len(head) > SCAN_ROWS:  # a cover letter longer than SCAN_ROWS rows
        head, header = _deep_header(grid)
    if header is None:
        info.note = "tidak ditemukan baris judul kolom (Nama/NIK)"
        if (column := transposed_labels(head)) is not None:
            info.note = (f"daftar tersusun mendatar (judul Nama, NIK, ... menurun di kolom "
                         f"{column_letters(column + first_col)}, satu petugas per kolom); salin "
                         "tabelnya lalu Tempel Spesial > Transpose agar satu baris satu petugas")
        return plan
    info.header_row = header.row + first_row
    info.columns = _letters(header, first_col)
    if header.beside is not None:
        info.beside = column_letters(header.beside + first_col)
    context = context_from_file_name(file)
    context.update(context_from_sheet_name(sheet))
    context.update(context_from_rows(head[: header.row]))
    if kabkota and "kabkota" not in context:
        context["kabkota"] = kabkota
    if "tps" not in context and "tps" not in header.columns and _BARE_NUMBER.match(sheet):
        context["tps"] = sheet.strip()  # a sheet per TPS named by its number ("3", "05")
    if "tps" not in context and "tps" not in header.columns and (tps := tps_from_file_name(file)):
        context["tps"] = tps  # one TPS's form, the TPS only in the file's name
    if badan := badan_of_sheet(sheet, head[: header.row], "tps" in header.columns or "tps" in context):
        context["badan"] = badan
    info.kecamatan, info.kelurahan = context.get("kecamatan"), context.get("kelurahan")
    if "nik" not in header.columns:
        info.note = "kolom NIK tidak ditemukan"
        return plan
    if voter_list(sheet, head[: header.row], header.columns):
        info.note = ("daftar pemilih (DPT), bukan daftar petugas; NIK petugas tidak dicocokkan "
                     "dengan daftar ini")
        return plan
    if replacement_list(head[header.row]):
        info.note = ("rekap penggantian antar waktu (PAW: nama/NIK lama dan pengganti), bukan "
                     "daftar petugas; petugas dan penggantinya dibaca dari daftar petugas")
        return plan
    start = 0  # position in values of the current block's header
    while True:
        data_start = start + header.data_start
        body = grid.tail(data_start)
        keep, titled, split = _select_rows(body, header, info, context, data_start + first_row)
        excel_rows = (keep + data_start + first_row).tolist()
        plan.pieces.append(Piece(body.take(keep.tolist()), excel_rows,
                                 {kind: column[keep].tolist() for kind, column in titled.items()},
                                 header, sheet,
                                 _struck_rows(struck, excel_rows, header, first_row, first_col),
                                 info.file))
        if split is None:
            break
        context = {**context, **{k: v[split] for k, v in titled.items() if v[split] is not None}}
        start = data_start + split
        header = find_header(grid.rows(start, start + 3)) or header
        info.blocks.append((start + first_row, _letters(header, first_col)))
    plan.header = header
    return plan


def _deep_header(grid: Grid) -> tuple[list[Sequence[object]], Header | None]:
    """(head rows, header) of a sheet whose header is below the first SCAN_ROWS rows (a cover
    letter typed above the lampiran): rows up to DEEP_SCAN_ROWS are searched, only when the
    first SCAN_ROWS hold no header (a sheet with a header there is read as before)."""
    start = SCAN_ROWS - _DEEP_OVERLAP
    head = grid.rows(0, DEEP_SCAN_ROWS + HEAD_ROWS - SCAN_ROWS)
    found = find_header(head[start:], limit=DEEP_SCAN_ROWS - start)
    if found is None:
        return head, None
    return head, Header(row=found.row + start, data_start=found.data_start + start,
                        columns=found.columns, beside=found.beside)


_DEEP_OVERLAP = 3  # rows above SCAN_ROWS searched again (a header band straddling the limit)


def frame_plans(plans: Sequence[SheetPlan], reference_year: int) -> pd.DataFrame:
    """Canonical columns of every planned sheet, in sheet order, one pass per run of pieces
    that share a column layout (Arrow pieces are concatenated first), also across files: a
    folder of small files (one per TPS) costs a few passes, not ~30 pandas objects a file."""
    groups: list[list[Piece]] = []
    for piece in (p for plan in plans for p in plan.pieces):
        last = groups[-1][-1] if groups else None
        if (last is not None and isinstance(piece.table, ArrowGrid)
                and isinstance(last.table, ArrowGrid) and last.header.columns == piece.header.columns):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    frames = []
    for group in groups:
        piece = group[0] if len(group) == 1 else _joined(group)
        files = {p.file for p in group}
        frames.append(_frame(piece.table, piece.size, piece.excel_rows, piece.titled, piece.header,
                             reference_year, piece.sheet if len(group) == 1 else
                             [p.sheet for p in group for _ in range(p.size)],
                             piece.file if len(files) == 1 else
                             [p.file for p in group for _ in range(p.size)], piece.struck))
    frames = [f for f in frames if len(f)]
    if not frames:
        return encode_frame(_empty_frame())
    frame = frames[0] if len(frames) == 1 else concat_frames(frames)
    # the low-cardinality text columns as Categoricals (roster/coded.py): a file's frame is
    # ~3x smaller, in the pool's pickles and in the merged roster
    return encode_frame(_without_copies(_per_sheet_kecamatan(frame, plans), plans))


def _without_copies(frame: pd.DataFrame, plans: Sequence[SheetPlan]) -> pd.DataFrame:
    """A sheet whose rows repeat an earlier sheet's names and NIKs one for one (a copy made
    with Move or Copy, "KEC A (2)"; a print sheet of formulas on the roster) is read once: its
    rows are dropped and the sheet gets a note. Only sheets of one file and of equal row counts
    are compared (a folder's files may be framed together; two files alike are two files)."""
    sizes = Counter((plan.info.file, plan.info.rows) for plan in plans if plan.info.rows)
    if all(count == 1 for count in sizes.values()):
        return frame
    niks, names = objects(frame["nik"]), objects(frame["nama"])
    seen: dict[tuple[object, ...], str] = {}
    keep = np.ones(len(frame), dtype=bool)
    stop = 0
    for plan in plans:
        start, stop = stop, stop + plan.info.rows
        if stop == start or sizes[(plan.info.file, stop - start)] < 2:
            continue
        key = (plan.info.file, *niks[start:stop], *names[start:stop])
        if key in seen:
            keep[start:stop] = False
            plan.info.note = (f"salinan sheet '{seen[key]}' (nama dan NIK sama baris demi baris); "
                              "petugasnya dibaca sekali dari sheet itu")
            plan.info.rows = 0
        else:
            seen[key] = plan.info.sheet
    return frame if keep.all() else frame[keep].reset_index(drop=True)


def _joined(group: list[Piece]) -> Piece:
    """Pieces of one column layout as one: Arrow columns and number flags concatenated."""
    header = group[0].header
    typed = [header.columns[k] for k in ("nik", "tanggal_lahir", "ttl", *ID_COLUMNS)
             if k in header.columns]
    table = concat_grids([p.table for p in group], typed)  # type: ignore[misc]
    return Piece(table, [r for p in group for r in p.excel_rows],
                 {kind: [v for p in group for v in p.titled[kind]] for kind in _CONTEXT_KINDS},
                 header, group[0].sheet, [s for p in group for s in p.struck], group[0].file)


def _per_sheet_kecamatan(frame: pd.DataFrame, plans: Sequence[SheetPlan]) -> pd.DataFrame:
    """_sheet_name_kecamatan on each sheet's rows, and each sheet's row count."""
    at = 0
    blank = {name: frame[name].isna().to_numpy() for name, _ in _ONCE_FIELDS}
    for plan in plans:
        size = sum(p.size for p in plan.pieces)
        plan.info.rows = size
        span = slice(at, at + size)
        at += size
        if not size or plan.header is None:
            continue
        once = _written_once_somewhere(blank, plan.pieces, span.start)
        if not once and not _may_be_named_by_sheet(plan.header, blank, span):
            continue
        rows = frame.iloc[span]
        named = _written_once(rows, plan.pieces) if once else rows
        named = _sheet_name_kecamatan(named, plan.info.sheet, plan.header, plan.info)
        named = _sheet_name_kelurahan(named, plan.info.sheet, plan.header, plan.info)
        if named is not rows:
            frame = frame.copy() if span.start == 0 and size == len(frame) else frame
            for column in ("kecamatan", "kelurahan", "tps", "tps_no", "tps_key"):
                frame[column] = frame[column].astype("string")
                frame.iloc[span, frame.columns.get_loc(column)] = named[column].to_numpy()
    return frame


_ONCE_FIELDS = (("kecamatan", 1), ("kelurahan", 2), ("tps", 3))  # field, its TPS-key part


def _may_be_named_by_sheet(header: Header, blank: dict[str, np.ndarray], rows: slice) -> bool:
    """Whether _sheet_name_kecamatan or _sheet_name_kelurahan could name these rows (from the
    frame's blank masks): most sheets name their places, and skip their pandas work."""
    if "kelurahan" in header.columns:
        return bool(blank["kecamatan"][rows].all())
    return bool(blank["kelurahan"][rows].all() and not blank["kecamatan"][rows].any())


def _written_once_somewhere(blank: dict[str, np.ndarray], pieces: Sequence[Piece],
                            at: int) -> bool:
    """Whether _written_once would fill anything in these pieces (from the frame's blank
    masks, starting at row `at`): most sheets have none, and skip its per-piece pandas work."""
    for piece in pieces:
        for name, _ in _ONCE_FIELDS:
            if name in piece.header.columns and _written_once_block(blank[name][at:at + piece.size]):
                return True
        at += piece.size
    return False


def _written_once_block(blank: np.ndarray) -> bool:
    """A block (a piece's rows) whose first cell is filled and at least half are blank."""
    return len(blank) >= 3 and not blank[0] and 2 * int(blank.sum()) >= len(blank)


def _written_once(frame: pd.DataFrame, pieces: Sequence[Piece]) -> pd.DataFrame:
    """A placement cell written once for the rows below it (unmerged, as a merged cell looks):
    in a block whose first row names the TPS, desa or kecamatan and where at least half the
    rows leave it blank, each blank takes the value above. A column filled in most rows keeps
    its blanks (field.missing reports them)."""
    at = 0
    original = frame
    for piece in pieces:
        for name, part in _ONCE_FIELDS:
            if name not in piece.header.columns:
                continue
            values = frame[name].iloc[at:at + piece.size]
            if not _written_once_block(values.isna().to_numpy()):
                continue
            if frame is original:
                frame = frame.copy()
            filled = values.ffill()
            rows = slice(at, at + piece.size)
            frame.iloc[rows, frame.columns.get_loc(name)] = filled.to_numpy()
            if name == "tps":
                numbers = _strings(map_unique(filled, parse_tps).tolist())
                frame.iloc[rows, frame.columns.get_loc("tps_no")] = numbers.to_numpy()
                keys = numbers.fillna("?")
            else:
                keys = key_series(filled.reset_index(drop=True), name)
            frame["tps_key"] = frame["tps_key"].astype("string")
            frame.iloc[rows, frame.columns.get_loc("tps_key")] = _key_with(
                frame["tps_key"].iloc[rows], part, keys.to_numpy()).to_numpy()
        at += piece.size
    return frame


def _sheet_name_kecamatan(frame: pd.DataFrame, sheet: str, header: Header,
                          info: SheetInfo) -> pd.DataFrame:
    """A sheet named after a place without prefix ("Kota Mukomuko", "Ipuh") whose rows carry
    their desa in a column but no kecamatan anywhere: the sheet name is the kecamatan.
    Not when the name is generic ("Sheet1", "Data", "Rekap") or is the sheet's only desa; a
    sheet of several desa is a kecamatan's even when one desa shares its name (kecamatan
    Pondok Suguh holds desa Pondok Suguh)."""
    if (not len(frame) or "kelurahan" not in header.columns or frame["kecamatan"].notna().any()
            or _GENERIC_SHEET.match(sheet_place_name(sheet)) or context_from_sheet_name(sheet)):
        return frame
    desa = set(key_series(frame["kelurahan"], "kelurahan").dropna()) - {""}
    if place_key(sheet_place_name(sheet), "kelurahan") in desa and len(desa) == 1:
        return frame
    return _named_by_sheet(frame, sheet, "kecamatan", 1, info)


def _named_by_sheet(frame: pd.DataFrame, sheet: str, field: str, part: int,
                    info: SheetInfo) -> pd.DataFrame:
    """The sheet's place name as every row's `field` (part `part` of the TPS key) and the
    sheet's."""
    frame = frame.copy()
    name = sheet_place_name(sheet)
    frame[field] = pd.Series(name, index=frame.index, dtype="string")
    frame["tps_key"] = _key_with(frame["tps_key"], part, place_key(name, field))
    setattr(info, field, name)
    return frame


def _key_with(keys: pd.Series, part: int, value: object) -> pd.Series:
    """TPS keys (kabkota|kecamatan|kelurahan|tps) with one part replaced (by one value or one
    per row); the others, such as a regency that is the file's path, are kept as they were."""
    parts = keys.astype("string").str.split("|", n=3, expand=True)
    parts[part] = value
    return parts[0].str.cat([parts[1], parts[2], parts[3]], sep="|").astype("string")


def _sheet_name_kelurahan(frame: pd.DataFrame, sheet: str, header: Header,
                          info: SheetInfo) -> pd.DataFrame:
    """A sheet per desa/kelurahan named without prefix ("8 Ilir", "Kuto Batu") whose kecamatan
    is known (a title or a column) but whose desa is named nowhere: the sheet name is the desa.
    Not when the name is generic or is the kecamatan itself."""
    if (not len(frame) or "kelurahan" in header.columns or frame["kelurahan"].notna().any()
            or not frame["kecamatan"].notna().all() or _GENERIC_SHEET.match(sheet_place_name(sheet))
            or context_from_sheet_name(sheet)):
        return frame
    if place_key(sheet_place_name(sheet), "kecamatan") in set(key_series(frame["kecamatan"], "kecamatan")):
        return frame
    return _named_by_sheet(frame, sheet, "kelurahan", 2, info)


def _struck_rows(struck: Struck, excel_rows: list[int], header: Header, first_row: int,
                 first_col: int) -> list[bool]:
    """Per kept row: is its name or NIK cell struck through."""
    if not struck:
        return [False] * len(excel_rows)
    cols = {header.columns[k] + first_col - 1 for k in ("nama", "nik") if k in header.columns}
    return [bool(cols & struck.get(r - 1, frozenset())) if first_row == 1 else False
            for r in excel_rows]


def _select_rows(body: Grid, header: Header, info: SheetInfo, context: dict[str, str],
                 offset: int) -> tuple[np.ndarray, dict[str, np.ndarray], int | None]:
    """Positions of data rows in body, the places named by title rows at every row, and where a
    block with its own (different) header starts, if one does.

    Rows with a name or a NIK are data unless they look like a title, a repeated header, a
    column-number row, a JUMLAH row or a signature line; only those are classified one by one.
    JUMLAH rows between teams are subtotals; the footer starts at the first JUMLAH or signature
    row after the last NIK, and a name found below it is kept as a row.skipped note.
    """
    n = body.height
    names = text_series(body.column(header.columns.get("nama")))
    niks = text_series(body.column(header.columns.get("nik")))
    nik_like = (_digit_count(niks) >= 8) & ~_matches(niks, _SIGNER_NUMBER)
    empty = (names.isna() & niks.isna()).to_numpy(bool)
    look = empty.copy()
    for index in np.flatnonzero(~nik_like & ~empty):
        look[index] = _suspicious(body.row(index), _plain(names.iat[index]), _plain(niks.iat[index]))
    last_nik = int(np.flatnonzero(nik_like)[-1]) if nik_like.any() else -1
    mapped = [i for k, i in header.columns.items() if k not in _IGNORED_FIELDS]
    is_data = np.ones(n, dtype=bool)
    titled = {kind: np.full(n, context.get(kind), dtype=object) for kind in _CONTEXT_KINDS}
    footer = n
    notes = False
    split = None
    for index in np.flatnonzero(look):
        row = body.row(index)
        reason = _slow_reason(row, bool(nik_like[index]))
        if reason is None and empty[index]:
            filled = sum(1 for i in mapped if i < len(row) and row[i] not in (None, ""))
            reason = None if filled >= 2 else "baris tanpa nama dan NIK"
        if reason is None:
            continue
        is_data[index] = False
        if reason in _FOOTER_REASONS and index > last_nik:
            footer = int(index)
            notes = reason == _NOTES  # the lines below a notes heading are notes, not names
            info.skipped.append((footer + offset, reason))
            break
        if reason == _REPEATED_HEADER and _new_block(row, header):
            split = int(index)
            is_data[split:] = False
            break
        if reason == _SECTION:  # KPPS or Linmas rows follow, until the next section or place
            section = _title_text([t for t in (text_of(c) for c in row) if t])
            body_name = section_badan(section)
            titled["badan"][index:] = "Linmas" if body_name == "Linmas" else None
            titled["cadangan"][index:] = RESERVE if RESERVE_WORD.search(section) else None
        if reason == _TITLE:
            first = _title_text([t for t in (text_of(c) for c in row) if t])
            named = [(k, v) for k, v in title_contexts(first) if k in titled]
            if named:
                titled["badan"][index:] = context.get("badan")  # a new place starts a team
                titled["cadangan"][index:] = None
                outer = min(_TITLE_KINDS.index(k) for k, _ in named)
                for inner in _TITLE_KINDS[outer + 1:]:
                    titled[inner][index:] = None  # a new kecamatan starts without a desa
                for kind, value in named:  # "TPS 003 KELURAHAN X": the TPS and its kelurahan
                    titled[kind][index:] = value
            kind = named[0][0] if named else ""
            reason = f"judul {kind or 'bagian'}"
        if reason != "baris kosong":
            info.skipped.append((int(index) + offset, reason))
    if footer < n:
        is_data[footer + 1:] = False
        for index in range(footer + 1, n):
            row = body.row(index)
            if any(text_of(c) for c in row):
                if _header_like(row):  # the JUMLAH was a subtotal: a block follows
                    return np.flatnonzero(is_data[:index]), titled, index
                if _slow_reason(row, False) == "baris JUMLAH":  # a grand total below a subtotal
                    info.skipped.append((index + offset, "baris JUMLAH"))
                    continue
                info.skipped.append((index + offset, "bagian bawah (JUMLAH/tanda tangan)"))
                if (name := _plain(names.iat[index])) is not None and not notes:
                    info.named_skips.append((index + offset, name))
    return np.flatnonzero(is_data), titled, split


def _plain(value: object) -> str | None:
    """A Series element as str or None (pd.NA has no truth value)."""
    return None if value is None or value is pd.NA else str(value)


def _strings(values: list[Any]) -> pd.Series:
    return pd.Series(values, dtype="string")


def id_column(values: Column) -> tuple[pd.Series, pd.Series]:
    """(raw text, stored-as-number flag) of an identity-number column (KK, BPJS, NPWP).

    A text-only column stays in Arrow (scientific text such as '3.27E+15' is flagged); a column
    with number cells goes through nik_cell once per distinct value.
    """
    if is_arrow(values) or set(map(type, values)) <= {str, type(None)}:  # type: ignore[arg-type]
        text = text_series(values)
        return text, _number_flags(values, text)
    pairs = _memo(values, nik_cell)
    return (_strings([p[0] for p in pairs]),
            pd.Series([p[1] for p in pairs], dtype="bool"))


def _note_badan(keterangan: pd.Series) -> pd.Series:
    """The badan a Keterangan names ("Linmas"), NA elsewhere; one look per distinct note."""
    if not keterangan.notna().any():
        return pd.Series(pd.NA, index=keterangan.index, dtype="string")
    return _strings(map_unique(keterangan, badan_in_note).tolist())


def _frame(table: Grid, n: int, excel_rows: list[int], titled: dict[str, list[str | None]],
           header: Header, reference_year: int, sheet: str | list[str],
           file: str | list[str], struck: list[bool]) -> pd.DataFrame:
    if not n:
        return _empty_frame()
    columns = header.columns

    def text(name: str) -> pd.Series:
        return text_series(table.column(columns.get(name)))

    if isinstance(table, ArrowGrid):  # the number flags of every typed column in one scan
        table.prefetch([columns.get(k) for k in ("nik", "tanggal_lahir", "ttl", *ID_COLUMNS)])
    nik_text, nik_numeric = id_column(table.column(columns.get("nik"), typed=True))
    sex_raw, sex = _sex_columns(table, n, columns)
    place, dob_raw = _dob_columns(table, n, columns)
    jabatan = text("jabatan")
    roles = map_unique(jabatan, parse_role).tolist()
    tps_cells = text("tps")
    tps = tps_cells.fillna(_strings(map_unique(jabatan, tps_in_text).tolist())).fillna(
        _titled(titled, "tps"))

    def placement(kind: str) -> pd.Series:
        """The desa/kecamatan column, else what the TPS cell names ("TPS 001 Desa Sukajadi"),
        else the title's."""
        cells = text(kind)
        if cells.isna().any() and tps_cells.notna().any():
            cells = cells.fillna(_strings(map_unique(tps_cells, lambda v: _place_in(v, kind)).tolist()))
        return cells.fillna(_titled(titled, kind))

    role_badan = pd.Series([r[1] for r in roles], dtype="string")
    keterangan = text("keterangan")
    dob_text, dob = _dates(dob_raw, reference_year)
    frame = pd.DataFrame({
        "_file": constant(file, n) if isinstance(file, str) else encode(_strings(file)),
        "_sheet": constant(sheet, n) if isinstance(sheet, str) else encode(_strings(sheet)),
        "_row": pd.Series(excel_rows, dtype="int64"),
        "nama": text("nama"),
        "nik": nik_text,
        "nik_numeric": nik_numeric,
        "jenis_kelamin": encode(sex_raw),
        "sex": encode(_strings(sex)),
        "tempat_lahir": encode(text_series(place)),
        "tanggal_lahir": encode(dob_text),
        "dob": dob,
        "jabatan": encode(jabatan),
        "peran": encode(_strings([r[0] for r in roles])),
        "badan": encode(text("badan").fillna(role_badan).fillna(_note_badan(keterangan))
                        .fillna(_titled_badan(titled, jabatan)).fillna("KPPS")),
        "tps": tps,
        "tps_no": _strings(map_unique(tps, parse_tps).tolist()),
        "kelurahan": placement("kelurahan"),
        "kecamatan": placement("kecamatan"),
        "kabkota": text("kabkota").fillna(_titled(titled, "kabkota")),
        "no_hp": text("no_hp"),
        "status_jkn": encode(text("status_jkn")),
        "alamat": encode(text("alamat")),
        "kecamatan_domisili": encode(text("kecamatan_domisili")),
        "kelurahan_domisili": encode(text("kelurahan_domisili")),
        "keterangan": keterangan,
        **{name: encode(text(name)) for name in HEALTH_COLUMNS},
    })
    del sex_raw, sex, place, dob_text, dob, roles, role_badan
    for name in ID_COLUMNS:
        numbers, frame[f"{name}_numeric"] = id_column(table.column(columns.get(name), typed=True))
        frame[name] = encode(numbers)
    status = text("status")
    reasons = map_unique(keterangan, parse_activity)
    if "status" in columns:  # the standing first, then a leaver noted in the Keterangan
        reasons = map_unique(status, parse_activity).fillna(reasons)
    if RESERVE in titled["cadangan"] or jabatan.str.contains("cadangan", case=False, regex=False).any():
        reasons = reasons.fillna(map_unique(jabatan, reserve_role)).fillna(
            _titled(titled, "cadangan").astype(object))  # a reserve's jabatan, a reserve list
    del jabatan
    reasons = reasons.where(~pd.Series(struck, dtype=bool), STRUCK_REASON)
    frame["keterangan"] = encode(keterangan)
    frame["status"] = encode(status)
    frame["aktif"] = reasons.isna().astype(bool)
    frame["alasan_nonaktif"] = encode(reasons.astype("string"))
    if isinstance(sheet, str) and isinstance(file, str):
        place: str | pd.Series = f"{Path(file).stem}/{sheet}" if file else sheet
        regency: str | pd.Series = f"berkas {file}"
        stem: object = Path(file).stem if file else pd.NA
    else:  # pieces of several sheets or files framed together
        sheets = [sheet] * n if isinstance(sheet, str) else sheet
        files = [file] * n if isinstance(file, str) else file
        stems = {f: Path(f).stem for f in set(files) if f}
        place = _strings([f"{stems[f]}/{s}" if f else s for f, s in zip(files, sheets, strict=True)])
        regency = _strings([f"berkas {f}" for f in files])
        stem = _strings([stems.get(f) for f in files])
    # TPS numbers restart in every desa, kecamatan and regency: without a regency anywhere,
    # the file stands for it (two regencies' files never share a TPS).
    frame["tps_key"] = encode(tps_key(frame["kabkota"].fillna(regency), frame["kecamatan"],
                                      frame["kelurahan"].fillna(place), frame["tps_no"]))
    frame["kabkota"] = frame["kabkota"].fillna(stem)
    return frame[list(CANONICAL_COLUMNS)]


def _place_in(value: object, kind: str) -> str | None:
    """The place of a kind a TPS cell names after its TPS number, as a title's ("TPS 01 / Kel.
    x" -> "X"); nothing from a cell without a TPS word (an address pasted into the column)."""
    if not isinstance(value, str) or not value:
        return None
    found = dict((k, v) for k, v, _ in reversed(contexts_in_text(value)))
    return found.get(kind) if "tps" in found else None


def _dates(raw: Column, reference_year: int) -> tuple[pd.Series, pd.Series]:
    """(date text as shown, parsed date) of a date column.

    Arrow date cells ('YYYY-MM-DD HH:MM:SS' from fastexcel) are parsed and shown in one
    vectorised pass, as python-calamine's datetime would be; serial numbers and text dates go
    through parse_date once per distinct value.
    """
    if isinstance(raw, Cells) and raw.numeric is not None and raw.numeric.any():
        text = raw.text
        cells = raw.numeric & _date_like(text) & ~np.asarray(
            pc.fill_null(pc.match_substring(text, "."), False))
        if cells.any():
            rest = Cells(pc.if_else(pa.array(cells), pa.scalar(None, pa.string()), text), raw.numeric)
            if rest.text.null_count == len(rest.text):  # every cell a date cell
                shown = pd.Series(pd.arrays.ArrowStringArray(rest.text))
                dates = pd.Series(np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]"))
            else:
                shown, dates = _dates(rest, reference_year)
            day = pc.utf8_slice_codeunits(text, 0, 10)
            midnight = pc.fill_null(pc.ends_with(text, " 00:00:00"), False)
            iso = pc.if_else(pc.or_(midnight, pc.equal(pc.utf8_length(text), 10)), day,
                             pc.replace_substring(text, " ", "T", max_replacements=1))
            mask = pa.array(cells)
            parsed = pc.strptime(pc.if_else(mask, day, pa.scalar(None, pa.string())),
                                 format="%Y-%m-%d", unit="s", error_is_null=True)
            year = pc.year(parsed)
            parsed = pc.if_else(pc.and_(pc.greater_equal(year, 1900), pc.less_equal(year, 2100)),
                                parsed, pa.scalar(None, parsed.type))
            shown = shown.where(~pd.Series(cells), pd.Series(pd.arrays.ArrowStringArray(
                pc.if_else(mask, iso, pa.scalar(None, pa.string())))))
            dates = dates.where(~pd.Series(cells), pd.Series(parsed.to_numpy(zero_copy_only=False)))
            return shown.astype("string"), dates
    text = _strings(_memo(raw, text_of))
    month_first = month_first_column(text.dropna().unique().tolist())
    dates = _memo(raw, lambda v: parse_date(v, reference_year, month_first))
    return text, pd.to_datetime(pd.Series(dates, dtype="object"), errors="coerce")


_ABOVE_TPS = frozenset({"PPS", "PPK", "Sekretariat PPS", "Sekretariat PPK"})


def _titled_badan(titled: dict[str, list[str | None]], jabatan: pd.Series) -> pd.Series:
    """The badan the titles give each row; a PPS/PPK title yields to a jabatan naming KPPS
    ("LAMPIRAN KEPUTUSAN PPS" over "Ketua KPPS TPS 01": the PPS's KPPS)."""
    badan = _titled(titled, "badan")
    if _ABOVE_TPS.isdisjoint(titled["badan"]):
        return badan
    kpps = jabatan.str.contains(r"(?i)\bkpps\b", regex=True).fillna(False).astype(bool).to_numpy()
    return badan.where(~kpps)


def _titled(titled: dict[str, list[str | None]], kind: str) -> pd.Series:
    """A title context per row; one value for the whole block is built without a Python list."""
    values = titled[kind]
    if values and values[0] == values[-1] and len(set(values)) == 1:
        return pd.Series(pd.arrays.ArrowStringArray(pa.repeat(pa.scalar(values[0], pa.string()),
                                                              len(values))))
    return pd.Series(values, dtype="string")


def _matches(text: pd.Series, pattern: str) -> np.ndarray:
    """Cells matching a regex (False for empty), in one Arrow pass."""
    return np.asarray(pc.fill_null(pc.match_substring_regex(arrow_text(text), pattern), False))


def _digit_count(text: pd.Series) -> np.ndarray:
    """Digits in each cell (0 for empty), in one Arrow pass."""
    arr = arrow_text(text)
    digits = pc.utf8_length(pc.replace_substring_regex(arr, pattern=r"[^0-9]+", replacement=""))
    return np.asarray(pc.fill_null(digits, 0)).astype(np.int64)
