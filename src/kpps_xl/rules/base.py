"""Helpers shared by rule modules: turning flagged DataFrame rows into Findings."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kpps_xl.catalogue import CATALOGUE
from kpps_xl.findings import Finding, Ref, new_finding
from kpps_xl.roster.model import Roster


def clean(value: Any) -> str | None:
    """pandas NA/NaN -> None; everything else as text."""
    if value.__class__ is str:
        return value
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def where(row: Any) -> tuple[str | None, str, int]:
    """(file, sheet, Excel row) of an itertuples row (_file, _sheet, _row become _0, _1, _2)."""
    return (row._0 or None), row._1, int(row._2)


def ref_of(row: Any) -> Ref:
    """A Ref pointing at a roster row (a namedtuple from DataFrame.itertuples)."""
    file, sheet, excel_row = where(row)
    return Ref(sheet=sheet, row=excel_row, file=file)


def _letter(roster: Roster, file: str | None, sheet: str, field: str, row: int) -> str | None:
    """roster.column_letter without the block search for sheets of one block (most)."""
    info = roster.sheet_info(file, sheet)
    if info is None:
        return None
    return (info.letters_at(row) if info.blocks else info.columns).get(field)


def make(
    roster: Roster,
    row: Any,
    code: str,
    message: str,
    field: str | None,
    value: Any = None,
    related: tuple[Ref, ...] = (),
    column: str | None = "auto",
) -> Finding:
    """Finding for one roster row; the column letter comes from the sheet's header map."""
    file, sheet, excel_row = (row._0 or None), row._1, int(row._2)
    if column == "auto":
        letter = _letter(roster, file, sheet, field, excel_row) if field else None
    else:
        letter = column
    return new_finding(code, CATALOGUE[code].severity, message, sheet, excel_row, letter, field,
                       clean(value), clean(row.tps_no), related, file)


def text_values(column: pd.Series, missing: Any) -> list[Any]:
    """A text column as Python str (`missing` for NA), converted in C; a run of equal cells
    (one file, sheet or TPS down many rows) shares one str object, which keeps millions of
    findings or follow-up records small."""
    if isinstance(column.dtype, pd.CategoricalDtype):  # a coded column: one str per category
        categories = column.cat.categories.to_numpy(dtype=object, na_value=missing)
        return np.append(categories, np.array([missing], dtype=object))[
            column.cat.codes.to_numpy()].tolist()
    if not (isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"
            and len(column) > 1):
        return column.to_numpy(dtype=object, na_value=missing).tolist()
    text = pa.array(column)
    change = pc.not_equal(text[1:], text[:-1]).fill_null(True).to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(np.concatenate([[True], change]))
    values = column.iloc[starts].to_numpy(dtype=object, na_value=missing)
    return np.repeat(values, np.diff(np.append(starts, len(column)))).tolist()


def _values(column: pd.Series) -> list[Any]:
    """A column as the Python values Series iteration gives (str/NA, bool, int, Timestamp...),
    converted in C where the dtype allows (text columns are Arrow: per-cell iteration is slow)."""
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype):
        return text_values(column, dtype.na_value)
    if isinstance(dtype, pd.CategoricalDtype) and isinstance(dtype.categories.dtype, pd.StringDtype):
        return text_values(column, dtype.categories.dtype.na_value)
    if isinstance(dtype, np.dtype) and dtype.kind in "biufcO":
        return column.to_numpy().tolist()
    return list(column)


def records(frame: pd.DataFrame) -> Iterator[Any]:
    """frame.itertuples(index=False, name="R"), the same namedtuples built column by column."""
    row_type = namedtuple("R", [str(c) for c in frame.columns], rename=True)  # type: ignore[misc]
    return map(row_type._make, zip(*(_values(frame.iloc[:, k])
                                      for k in range(frame.shape[1])), strict=True))


def flagged(frame: pd.DataFrame, mask: pd.Series) -> Iterator[Any]:
    """Rows of frame where mask is true, as namedtuples (see where())."""
    return records(frame[mask.fillna(False).astype(bool)])
