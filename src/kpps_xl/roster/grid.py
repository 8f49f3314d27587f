"""A sheet's cells behind one interface: Python rows (CSV, .xls, Excel payloads) or Arrow columns."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:  # pandas is imported after the first sheet is parsed (roster.read_file)
    import pandas as pd

# A provider of exact "stored as a number" flags for some sheet columns (0-based), each a bool
# array over the sheet's rows from row 1; columns it cannot tell are left out.
NumericProvider = Callable[[Sequence[int]], dict[int, np.ndarray]]
DATETIME_TEXT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?$")


@dataclass(frozen=True)
class Cells:
    """One Arrow column with, where known, which cells were stored as numbers (dates included)."""

    text: pa.Array
    numeric: np.ndarray | None = None


Column = Sequence[object] | pa.Array | Cells


class ListGrid:
    """Rows of Python cell values (what python-calamine, the csv module or Excel give)."""

    def __init__(self, rows: Sequence[Sequence[object]]) -> None:
        self._rows = rows
        self._table: list[Sequence[object]] | None = None

    @property
    def height(self) -> int:
        return len(self._rows)

    def row(self, index: int) -> Sequence[object]:
        return self._rows[index]

    def rows(self, start: int = 0, stop: int | None = None) -> list[Sequence[object]]:
        return list(self._rows[start:stop])

    def tail(self, start: int) -> ListGrid:
        return ListGrid(self._rows[start:])

    def _columns(self) -> list[Sequence[object]]:
        if self._table is None:
            self._table = _transpose(self._rows)
        return self._table

    def column(self, index: int | None, typed: bool = False) -> Column:
        """One column's cells ('' counts as empty downstream); None-filled when absent."""
        table = self._columns()
        if index is None or index >= len(table):
            return [None] * self.height
        return table[index]

    def take(self, keep: list[int]) -> ListGrid:
        """Only the kept rows, as a grid whose columns are already built."""
        out = ListGrid(_RowsOf(len(keep)))
        out._table = _take(self._columns(), keep)
        return out


class _RowsOf(Sequence):
    """Placeholder rows of a taken ListGrid: only its length and columns are used."""

    def __init__(self, length: int) -> None:
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):  # noqa: ANN001, ANN204
        raise IndexError("rows of a taken grid are not kept")


def _transpose(rows: Sequence[Sequence[object]]) -> list[Sequence[object]]:
    """Rows -> columns in one C-level pass (ragged CSV rows are padded first)."""
    if not rows:
        return []
    width = max(map(len, rows))
    if min(map(len, rows)) != width:
        rows = [list(r) + [None] * (width - len(r)) for r in rows]
    return list(zip(*rows, strict=True))


def _take(table: list[Sequence[object]], keep: list[int]) -> list[Sequence[object]]:
    if not keep:
        return [() for _ in table]
    pick = itemgetter(*keep)
    return [pick(col) if len(keep) > 1 else (pick(col),) for col in table]


@dataclass
class ArrowGrid:
    """Columns of Arrow strings from A (fastexcel), rows from sheet row 1 (or a slice of them).

    Number and date cells arrive as text; where a caller needs to know which cells were stored
    as numbers (NIK, ID numbers, dates) it asks `column(j, typed=True)` and the provider reads
    the exact flags (for .xlsx from the sheet XML).
    """

    columns: list[pa.Array]
    numeric: NumericProvider | None = None
    rows_at: np.ndarray | None = None  # sheet row positions (0-based) of this grid's rows
    _flags: dict[int, np.ndarray | None] = field(default_factory=dict)

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def row(self, index: int) -> list[object]:
        return [col[index].as_py() for col in self.columns]

    def rows(self, start: int = 0, stop: int | None = None) -> list[list[object]]:
        stop = self.height if stop is None else min(stop, self.height)
        if start >= stop:
            return []
        columns = [col.slice(start, stop - start).to_pylist() for col in self.columns]
        return [list(r) for r in zip(*columns, strict=True)]

    def text_cells(self, stop: int, numberish: str) -> np.ndarray:
        """Per row of the first `stop` rows: how many cells hold text that is not numberish."""
        height = min(stop, self.height)
        heads = [head for col in self.columns
                 if (head := col.slice(0, height)).null_count < len(head)]
        if not heads or not height:
            return np.zeros(height, dtype=np.int64)
        cells = pa.concat_arrays([h if h.type == pa.string() else h.cast(pa.string())
                                  for h in heads])  # one search for every column's first rows
        text = pc.and_(pc.is_valid(cells), pc.invert(pc.match_substring_regex(cells, numberish)))
        flags = np.asarray(pc.fill_null(text, False), dtype=np.int64)
        return flags.reshape(len(heads), height).sum(axis=0)

    def _positions(self) -> np.ndarray:
        return self.rows_at if self.rows_at is not None else np.arange(self.height)

    def tail(self, start: int) -> ArrowGrid:
        return ArrowGrid([col.slice(start) for col in self.columns], self.numeric,
                         self._positions()[start:], self._flags)

    def take(self, keep: list[int]) -> ArrowGrid:
        positions = self._positions()[np.asarray(keep, dtype=np.int64)]
        if keep and keep[-1] - keep[0] + 1 == len(keep):  # one run of rows: zero-copy slices
            columns = [col.slice(keep[0], len(keep)) for col in self.columns]
        else:
            index = pa.array(keep, type=pa.int64())
            columns = [col.take(index) for col in self.columns]
        return ArrowGrid(columns, self.numeric, positions, self._flags)

    def prefetch(self, indexes: Sequence[int | None]) -> None:
        """Read the number flags of these columns in one pass (the provider scans once)."""
        wanted = [i for i in indexes if i is not None and i not in self._flags]
        if not wanted or self.numeric is None:
            self._flags.update({i: None for i in wanted})
            return
        found = self.numeric(wanted)
        self._flags.update({i: found.get(i) for i in wanted})

    def column(self, index: int | None, typed: bool = False) -> Column:
        if index is None or index >= len(self.columns):
            return pa.nulls(self.height, pa.string())
        text = self.columns[index]
        if not typed:
            return text
        self.prefetch([index])
        flags = self._flags.get(index)
        if flags is None:
            return Cells(text)
        positions = self._positions()
        inside = positions < len(flags)
        numeric = np.zeros(len(positions), dtype=bool)
        numeric[inside] = flags[positions[inside]]
        return Cells(text, numeric)


def typed_value(text: str, numeric: bool) -> object:
    """The Python value python-calamine gives for a cell fastexcel gave as text.

    A number cell comes back as float, a date cell as datetime; text stays text.
    """
    if not numeric:
        return text
    match = DATETIME_TEXT.match(text)
    if match:
        parts = [int(p) for p in match.groups()[:6] if p is not None]
        try:
            return dt.datetime(*parts)  # type: ignore[arg-type]
        except ValueError:
            return text
    try:
        return float(text)
    except ValueError:
        return text


def arrow_text(series: pd.Series) -> pa.Array:
    """The Arrow strings behind a text Series (zero-copy when it is Arrow-backed already)."""
    import pandas as pd

    if isinstance(series.array, pd.arrays.ArrowStringArray):
        return series.array.__arrow_array__()
    return pa.array(series.array, type=pa.string())


def is_arrow(values: object) -> bool:
    return isinstance(values, pa.Array | Cells)


def text_array(values: pa.Array | Cells) -> pa.Array:
    return values.text if isinstance(values, Cells) else values


def memo_arrow(values: pa.Array | Cells, func: Callable[[object], Any]) -> list[Any]:
    """func once per distinct cell (typed like python-calamine's), broadcast to every row."""
    text = text_array(values)
    encoded = pc.dictionary_encode(text)
    dictionary = encoded.dictionary.to_pylist()
    codes = pc.fill_null(encoded.indices, len(dictionary)).to_numpy().astype(np.int64)
    numeric = values.numeric if isinstance(values, Cells) else None
    if numeric is not None and numeric.any():
        codes = codes * 2 + numeric.astype(np.int64)
        uniques, inverse = np.unique(codes, return_inverse=True)
        mapped = [func(typed_value(dictionary[u // 2], bool(u % 2))) if u // 2 < len(dictionary)
                  else func(None) for u in uniques.tolist()]
        table = np.empty(len(mapped), dtype=object)
        table[:] = mapped
        return table[inverse].tolist()
    table = np.empty(len(dictionary) + 1, dtype=object)
    table[:] = [func(v) for v in dictionary] + [func(None)]
    return table[codes].tolist()


def concat_grids(grids: Sequence[ArrowGrid], typed: Sequence[int]) -> ArrowGrid:
    """Grids (of several sheets) stacked into one, with the number flags of the typed columns."""
    width = max(len(g.columns) for g in grids)
    columns = [pa.concat_arrays([g.columns[j] if j < len(g.columns) else pa.nulls(g.height, pa.string())
                                 for g in grids]) for j in range(width)]
    flags: dict[int, np.ndarray | None] = {}
    for index in typed:
        parts = []
        for grid in grids:
            cells = grid.column(index, typed=True)
            known = isinstance(cells, Cells) and cells.numeric is not None
            parts.append(cells.numeric if known else np.zeros(grid.height, dtype=bool))  # type: ignore[union-attr]
        flags[index] = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    return ArrowGrid(columns, None, None, flags)
