"""The fast .xlsx reader: fastexcel parses each sheet once into Arrow text columns.

What fastexcel does not give is read from the sheet XML in C-level byte searches: the merged
ranges (collected by the limit scan) and, for the few columns that need it (NIK, identity
numbers, dates), which cells were stored as numbers.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache, partial
from pathlib import Path

import fastexcel
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kpps_xl.errors import InputError
from kpps_xl.memory import release_freed_memory
from kpps_xl.parts import part_pieces
from kpps_xl.roster.grid import ArrowGrid, NumericProvider
from kpps_xl.roster.limits import (
    MAX_CELL_CHARS,
    XML_CHUNK,
    Extent,
    check_merges,
    column_letters,
    column_number,
    long_cell_error,
    parse_ref,
)
from kpps_xl.roster.readers import calamine_error, reason

Ranges = list[tuple[tuple[int, int], tuple[int, int]]]
# A cell holding a number or a date: no t= of a text, boolean or error type, and not
# self-closing (an empty styled cell).
_NUMERIC_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"(?![^>]*?\bt="(?:s|str|inlineStr|b|e)")'
                           rb'(?![^>]*/>)')
_BOOLEAN_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\bt="b"')
THREAD_CHUNK = 1 << 20  # XML inflated at a time by the number scan that runs beside fastexcel


def read_xlsx_grids(path: Path, extents: dict[str, tuple[str, Extent]], spare_core: bool = True
                    ) -> Iterator[tuple[str, ArrowGrid]]:
    """(sheet name, its cells as Arrow columns from A1) for every worksheet, in workbook order.

    spare_core: scan every column's number cells in a thread while fastexcel parses (the scan
    costs nothing when a core is idle); otherwise (files read in parallel processes) only the
    columns that need it are scanned, after the header is known.
    """
    try:
        reader = fastexcel.read_excel(str(path))
        names = reader.sheet_names
    except BaseException as exc:  # fastexcel/calamine errors, or a Rust panic
        if not calamine_error(exc):
            raise
        raise InputError(f"Berkas {path.name} rusak atau bukan lembar kerja yang dapat dibaca "
                         f"({type(exc).__name__}).") from None
    # fastexcel releases the GIL while it parses: the number-cell scan of the same sheet runs
    # meanwhile in a thread (on the other core).
    book: zipfile.ZipFile | None = None
    with ThreadPoolExecutor(max_workers=1) as scanner:
        for name in names:
            part, extent = extents.get(name, ("", Extent()))
            kept = extent.kept
            flags = (scanner.submit(numeric_cells, kept or partial(_part_pieces, path, part))
                     if part and spare_core else None)
            try:
                columns = _load(reader, name)
            except BaseException as exc:
                if not calamine_error(exc):
                    raise
                raise InputError(f"Sheet '{name}' di {path.name} tidak dapat dibaca "
                                 f"({reason(exc)}).") from None
            check_lengths(columns, path.name, name)
            ranges = merge_ranges(extent.merges)
            check_merges(ranges, path.name, name)
            if flags:
                numeric, booleans = flags.result()
                provider: NumericProvider | None = partial(_known, numeric)
            elif kept is not None:  # the limit scan kept the XML: no second inflate
                booleans = boolean_cells(kept) if extent.booleans else {}
                provider = partial(numeric_flags, kept)
            else:
                book = book or zipfile.ZipFile(path)  # one per file, for the sheets' later scans
                booleans = boolean_cells(part_pieces(book, part, XML_CHUNK)) if (
                    part and extent.booleans) else {}
                provider = partial(numeric_flags, partial(part_pieces, book, part, XML_CHUNK)
                                   ) if part else None
            columns = _boolean_text(columns, booleans)
            yield name, ArrowGrid(fill_merged_columns(columns, ranges), provider)


def _boolean_text(columns: list[pa.Array], booleans: dict[int, np.ndarray]) -> list[pa.Array]:
    """Boolean cells as python-calamine shows them ('True'/'False'; fastexcel: 'true')."""
    out = list(columns)
    for index, flags in booleans.items():
        if index < len(out):
            mask = np.zeros(len(out[index]), dtype=bool)
            mask[:min(len(flags), len(mask))] = flags[:len(mask)]
            out[index] = pc.if_else(pa.array(mask), pc.utf8_capitalize(out[index]), out[index])
    return out


def _known(flags: dict[int, np.ndarray], wanted: Sequence[int]) -> dict[int, np.ndarray]:
    """The flags of the wanted columns; a column without number cells has none flagged."""
    return {index: flags.get(index, np.zeros(0, dtype=bool)) for index in wanted}


def _load(reader: fastexcel.ExcelReader, name: str) -> list[pa.Array]:
    """Every column from A as Arrow strings, every row from row 1 (empty ones as nulls)."""
    sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
    batch = sheet.to_arrow()
    infos = sheet.selected_columns
    del sheet  # frees calamine's cell range before the columns are used
    if batch.num_rows * batch.num_columns >= TRIM_CELLS:
        release_freed_memory()
    if not batch.num_columns:
        return []
    height = batch.num_rows
    width = max(info.absolute_index for info in infos) + 1
    columns: list[pa.Array] = [pa.nulls(height, pa.string())] * width
    for info, column in zip(infos, batch.columns, strict=True):
        columns[info.absolute_index] = column if column.type == pa.string() else column.cast(
            pa.string())
    return columns


# A sheet this big gives calamine's freed cell range back to the system. Smaller ones keep it
# for the next sheet: trimming after each of a country's 7,300 small sheets only made the next
# one fault its pages in again (6x the page faults, twice the system time, same peak).
TRIM_CELLS = 1 << 21


def check_lengths(columns: Sequence[pa.Array], file: str, sheet: str,
                  max_chars: int = MAX_CELL_CHARS) -> None:
    """Refuse a sheet with a text cell longer than Excel allows (one vectorised pass a column)."""
    for index, column in enumerate(columns):
        if _text_bytes(column) <= max_chars:  # no cell has more characters than bytes
            continue
        lengths = pc.utf8_length(column)
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > max_chars:
            row = int(np.flatnonzero(np.asarray(pc.fill_null(pc.greater(lengths, max_chars),
                                                              False)))[0])
            raise long_cell_error(file, sheet, row, index, int(lengths[row].as_py()), max_chars)


def _text_bytes(column: pa.Array) -> float:
    """Bytes of a string column's text (of its whole buffer, when the column is a slice);
    infinite for any other column."""
    if column.type != pa.string() or not isinstance(column, pa.Array):
        return float("inf")
    data = column.buffers()[2]
    return data.size if data is not None else 0


def merge_ranges(refs: Sequence[str]) -> Ranges:
    """'B2:D3' -> ((1, 1), (2, 3)), 0-based corners as python-calamine gives them."""
    out: Ranges = []
    for ref in refs:
        first, _, last = ref.partition(":")
        top_left, bottom_right = parse_ref(first), parse_ref(last or first)
        if top_left and bottom_right:
            out.append(((top_left[0] - 1, top_left[1] - 1),
                        (bottom_right[0] - 1, bottom_right[1] - 1)))
    return out


def fill_merged_columns(columns: list[pa.Array], ranges: Ranges) -> list[pa.Array]:
    """Each merged area's top-left value in every cell of the area (clipped to the sheet).

    Per column, one take per source column: rows of a merge read the top row of the merge's
    first column, everything else reads itself.
    """
    height = len(columns[0]) if columns else 0
    width = len(columns)
    spans: dict[int, list[tuple[int, int, int]]] = {}
    for (top, left), (bottom, right) in ranges:
        bottom, right = min(bottom, height - 1), min(right, width - 1)
        if top < 0 or left < 0 or top > bottom or left > right:
            continue
        if columns[left][top].as_py() in ("", None):
            continue
        for index in range(left, right + 1):
            spans.setdefault(index, []).append((top, bottom, left))
    out = list(columns)
    for index, found in spans.items():
        source_col = np.full(height, index)
        source_row = np.arange(height)
        for top, bottom, left in found:
            source_col[top:bottom + 1] = left
            source_row[top:bottom + 1] = top
        rows = pa.array(source_row)
        result = columns[index]
        for source in np.unique(source_col).tolist():
            mask = pa.array(source_col == source)
            result = pc.if_else(mask, columns[source].take(rows), result)
        out[index] = result
    return out


Pieces = Sequence[bytes] | Callable[[], Iterable[bytes]]  # kept pieces, or how to inflate them


def _pieces(source: Pieces) -> Iterable[bytes]:
    return source() if callable(source) else source


def _part_pieces(path: Path, part: str) -> Iterator[bytes]:
    """A part's pieces through its own zip handle, for the scan in another thread while
    fastexcel parses: small pieces, so the scan adds little to fastexcel's own peak."""
    with zipfile.ZipFile(path) as zf:
        yield from part_pieces(zf, part, THREAD_CHUNK)


def numeric_flags(source: Pieces, wanted: Sequence[int]) -> dict[int, np.ndarray]:
    """Number flags of the wanted columns only.

    Each piece is searched once per wanted column: a search whose literal prefix holds the
    column letters skips every other cell fast.
    """
    letters = [column_letters(i + 1).encode("ascii") for i in wanted]
    numbers: Found = {}
    for chunk in _pieces(source):  # inflated at most once, searched once per wanted column
        _collect(chunk, _NUMERIC_CELL, numbers, letters)
    return _known(_flags(numbers), wanted)


def boolean_cells(source: Pieces) -> dict[int, np.ndarray]:
    """Boolean cells of every column (a workbook with t="b" cells only)."""
    booleans: Found = {}
    for chunk in _pieces(source):
        if b't="b"' in chunk:
            _collect(chunk, _BOOLEAN_CELL, booleans)
    return _flags(booleans)


def numeric_cells(source: Pieces) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """(number or date cells, boolean cells): column index -> flags per sheet row (0-based)."""
    numbers: Found = {}
    booleans: Found = {}
    for chunk in _pieces(source):
        _collect(chunk, _NUMERIC_CELL, numbers)
        if b't="b"' in chunk:
            _collect(chunk, _BOOLEAN_CELL, booleans)
    return _flags(numbers), _flags(booleans)


Found = dict[bytes, list[np.ndarray]]  # column letters -> row numbers found, piece by piece


def _row_numbers(rows: Sequence[bytes]) -> np.ndarray:
    return np.fromiter(map(int, rows), dtype=np.int32, count=len(rows))  # Excel: < 2**31


def _collect(chunk: bytes, cell: re.Pattern[bytes], rows: Found,
             columns: Iterable[bytes] | None = None) -> None:
    """A piece's matching cells as an array of row numbers per column: one search per column
    with its letters in the literal prefix, for the given columns or else for those that hold
    any (one search returning only their letters). A scan of a million rows in a thread so
    holds a few bytes a cell, not a Python object per cell, when fastexcel's own peak comes."""
    if columns is None:
        columns = set(_cell_pattern(cell.pattern, None).findall(chunk))
    for letters in columns:
        if found := _cell_pattern(cell.pattern, letters).findall(chunk):
            rows.setdefault(letters, []).append(_row_numbers(found))


@lru_cache(maxsize=256)
def _cell_pattern(cell: bytes, letters: bytes | None) -> re.Pattern[bytes]:
    """A cell pattern '<c r="([A-Z]{1,3})(\\d+)"...' capturing only its column letters
    (letters None), or, for one column, only its row numbers."""
    if letters is None:
        return re.compile(cell.replace(rb"(\d+)", rb"\d+", 1))
    return re.compile(cell.replace(rb"([A-Z]{1,3})", letters, 1))


def _flags(rows: Found) -> dict[int, np.ndarray]:
    out = {}
    for letters, pieces in rows.items():
        numbers = np.concatenate(pieces)
        flags = np.zeros(int(numbers.max()), dtype=bool)
        flags[numbers - 1] = True
        out[column_number(letters.decode("ascii")) - 1] = flags
    return out
