"""Low-cardinality text columns of Roster.df as pandas Categoricals: one code per row."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kpps_xl.roster.grid import arrow_text
from kpps_xl.roster.model import ID_COLUMNS

# Columns whose values repeat down many rows (one file, sheet, place, TPS, role or date per
# row), or that are empty in most rosters (the identity numbers of the health columns: one
# byte a row instead of eight): stored as Categoricals with *sorted* string categories, so
# sorting, groupby and comparisons with a scalar give what the plain strings gave. nama, nik
# and no_hp (one per person, and the text the NIK, name and phone rules work on) stay in
# Arrow strings.
CODED_COLUMNS = (
    "_file", "_sheet", "jenis_kelamin", "sex", "tempat_lahir", "tanggal_lahir", "jabatan",
    "peran", "badan", "tps", "tps_no", "kelurahan", "kecamatan", "kabkota", "tps_key",
    "status_jkn", "alamat", "kecamatan_domisili", "kelurahan_domisili", "keterangan",
    "status", "alasan_nonaktif", "skrining", "surat_sehat", *ID_COLUMNS,
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
    if arr.null_count == len(arr):  # an empty column (most health and ID columns)
        return pd.Series(pd.Categorical.from_codes(np.full(len(arr), -1, dtype=np.int8),
                                                   dtype=_no_categories(), validate=False),
                         index=series.index, name=series.name)
    encoded = pc.dictionary_encode(arr)
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order) + 1, dtype=np.int32)  # rank of each dictionary entry; NA -> -1
    rank[order] = np.arange(len(order), dtype=np.int32)
    rank[-1] = -1
    codes = rank[np.asarray(pc.fill_null(encoded.indices, len(order)))]
    categories = encoded.dictionary.take(pa.array(order)).cast(pa.large_string())
    return _categorical(codes, categories, series.index, series.name)


@lru_cache(maxsize=1)
def _no_categories() -> pd.CategoricalDtype:
    """The dtype of an empty coded column (immutable, so shared)."""
    return pd.CategoricalDtype(pd.Index(pd.arrays.ArrowStringArray(pa.array([], pa.large_string()))))


def constant(value: str, n: int) -> pd.Series:
    """n rows of one text value, coded (a file's path or a sheet's name down every row)."""
    return _categorical(np.zeros(n, dtype=np.int8), pa.array([value], type=pa.large_string()))


def encode_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The CODED_COLUMNS of a Roster frame as Categoricals (the frame's other columns shared)."""
    coded = {name: encode(frame[name]) for name in CODED_COLUMNS
             if name in frame.columns and not is_coded(frame[name])}
    if not coded:
        return frame
    return frame.assign(**coded)


def _categorical(codes: np.ndarray, categories: pa.Array, index: pd.Index | None = None,
                 name: object = None) -> pd.Series:
    dtype = pd.CategoricalDtype(pd.Index(pd.arrays.ArrowStringArray(categories)))
    # the codes are built in range by construction: pandas' O(n) check of them is skipped
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype, validate=False), index=index,
                     name=name)


def unite(parts: Sequence[pd.Series]) -> pd.Series:
    """Coded columns end to end: the sorted union of their categories, codes mapped in Arrow
    and numpy (what union_categoricals(sort_categories=True) gives, without Python objects).

    Each part's codes are mapped through its own slice of the union (a country is 514 files:
    the parts are read as Categoricals, with no accessor or Series per part)."""
    arrays = [p.array for p in parts]  # the Categoricals: codes and categories, no accessor
    sources = [c.categories.array.__arrow_array__() for c in arrays]
    chunks = [chunk.cast(pa.large_string()) for source in sources for chunk in source.chunks]
    encoded = pc.dictionary_encode(pa.chunked_array(chunks, type=pa.large_string()).combine_chunks())
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    new_code = rank[encoded.indices.to_numpy()] if len(order) else np.empty(0, dtype=np.int32)
    codes = np.empty(sum(len(c) for c in arrays), dtype=np.int32)
    at = start = 0
    for part in arrays:
        size = len(part.categories)
        where = np.append(new_code[start:start + size], np.int32(-1))
        codes[at:at + len(part)] = where[part.codes]  # own code -1 (NA) takes the appended -1
        at += len(part)
        start += size
    return _categorical(codes, encoded.dictionary.take(pa.array(order)), name=parts[0].name)


def concat_column(parts: Sequence[pd.Series]) -> pd.Series:
    """One column of several Roster frames, end to end: coded columns are united (never object
    dtype); other dtypes go through pd.concat."""
    if parts and all(is_coded(p) and isinstance(p.cat.categories.dtype, pd.StringDtype)
                     for p in parts):
        return unite(parts)
    if any(is_coded(p) for p in parts):  # a frame built elsewhere with plain strings
        parts = [p.astype(p.cat.categories.dtype) if is_coded(p) else p for p in parts]
    return pd.concat(list(parts), ignore_index=True)


def concat_frames(frames: list[pd.DataFrame], consume: bool = False) -> pd.DataFrame:
    """Roster frames end to end, column by column (row order kept, index 0..n-1).

    consume: the caller gives the frames up (load_roster's parts): each column of the parts is
    let go as soon as the merged one is built, so the rows are held about once, not twice.
    """
    names = list(frames[0].columns)
    for frame in frames[1:]:
        names += [c for c in frame.columns if c not in names]
    sizes = [len(frame) for frame in frames]
    columns = [{name: frame[name] for name in frame.columns} for frame in frames]
    if consume:
        frames.clear()
    out: dict[str, pd.Series] = {}
    for name in names:
        parts = [(own.pop(name) if consume else own[name]) if name in own else
                 pd.Series(pd.NA, index=range(size), dtype=object)
                 for own, size in zip(columns, sizes, strict=True)]
        out[name] = concat_column(parts)
        del parts
    return pd.DataFrame(out, copy=False)


def objects(series: pd.Series) -> list[object]:
    """A column's values as Python objects (str for a coded or text cell), None for missing."""
    return series.astype(object).where(series.notna(), None).tolist()


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
