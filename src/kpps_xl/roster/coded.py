"""Low-cardinality text columns of Roster.df as pandas Categoricals: one code per row."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kpps_xl.roster.grid import arrow_text

# Columns whose values repeat down many rows (one file, sheet, place, TPS, role or date per
# row): stored as Categoricals with *sorted* string categories, so sorting, groupby and
# comparisons with a scalar give what the plain strings gave. Per-person text (nama, nik,
# no_hp, alamat, the identity numbers) stays in Arrow strings.
CODED_COLUMNS = (
    "_file", "_sheet", "jenis_kelamin", "sex", "tempat_lahir", "tanggal_lahir", "jabatan",
    "peran", "badan", "tps", "tps_no", "kelurahan", "kecamatan", "kabkota", "tps_key",
    "status_jkn", "kecamatan_domisili", "kelurahan_domisili", "keterangan", "alasan_nonaktif",
    "skrining", "surat_sehat",
)


def is_coded(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.CategoricalDtype)


def encode(series: pd.Series) -> pd.Series:
    """A text Series as a Categorical of its distinct values (sorted, string dtype), NA kept."""
    if is_coded(series):
        return series
    arr = arrow_text(series)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    encoded = pc.dictionary_encode(arr)
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    codes = np.full(len(arr), -1, dtype=np.int32)
    if len(rank):
        indices = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.intp)
        valid = indices >= 0
        codes[valid] = rank[indices[valid]]
    categories = pd.Index(pd.arrays.ArrowStringArray(
        encoded.dictionary.take(pa.array(order)).cast(pa.large_string())))
    return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories)),
                     index=series.index, name=series.name)


def encode_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The CODED_COLUMNS of a Roster frame as Categoricals (the frame's other columns shared)."""
    coded = {name: encode(frame[name]) for name in CODED_COLUMNS
             if name in frame.columns and not is_coded(frame[name])}
    if not coded:
        return frame
    return frame.assign(**coded)


def concat_column(parts: Sequence[pd.Series]) -> pd.Series:
    """One column of several Roster frames, end to end: Categoricals are united (sorted union
    of the categories, never object dtype); other dtypes go through pd.concat."""
    if parts and all(is_coded(p) for p in parts):
        united = pd.api.types.union_categoricals(list(parts), sort_categories=True,
                                                 ignore_order=True)
        return pd.Series(united, name=parts[0].name)
    if any(is_coded(p) for p in parts):  # a frame built elsewhere with plain strings
        parts = [p.astype(p.cat.categories.dtype) if is_coded(p) else p for p in parts]
    return pd.concat(list(parts), ignore_index=True)


def concat_frames(frames: list[pd.DataFrame], consume: bool = False) -> pd.DataFrame:
    """Roster frames end to end, column by column (row order kept, index 0..n-1).

    consume: the frames belong to the caller's caller and are emptied column by column as the
    result is built, so the rows are held about once, not twice, at the end of a large read.
    """
    columns = list(frames[0].columns)
    for frame in frames[1:]:
        columns += [c for c in frame.columns if c not in columns]
    out: dict[str, pd.Series] = {}
    for name in columns:
        parts = []
        for frame in frames:
            if name in frame.columns:
                part = frame.pop(name) if consume else frame[name]
            else:
                part = pd.Series(pd.NA, index=range(len(frame)), dtype=object)
            parts.append(part.reset_index(drop=True))
        out[name] = concat_column(parts)
        del parts
    return pd.DataFrame(out, copy=False)


def plain(series: pd.Series) -> pd.Series:
    """A coded column decoded to its strings (for element-wise work with another Series,
    which Categoricals of different categories refuse); any other Series as it is."""
    return series.astype(series.cat.categories.dtype) if is_coded(series) else series


def fill_text(series: pd.Series, value: str | pd.Series) -> pd.Series:
    """series.fillna(value) for a text column, coded or not (a Categorical refuses a fill value
    outside its categories: the value becomes a category first; a Series fill decodes)."""
    if not is_coded(series):
        return series.fillna(value)
    if isinstance(value, pd.Series):
        return plain(series).fillna(plain(value))
    if value not in series.cat.categories and series.hasnans:
        series = series.cat.add_categories([value])
    return series.fillna(value)
