"""The one place-key normaliser: how kecamatan, kelurahan/desa, kab/kota and TPS are compared."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kpps_xl.roster.grid import arrow_text
from kpps_xl.roster.values import arabic, parse_tps

# Words that only say what kind of place follows ("Kel. Tebing Kandang", "Desa/Kel: X").
_AREA_PREFIX = re.compile(
    r"^(?:(?:kelurahan|kel|desa|ds|kecamatan|kec)(?=[\s./:\-]|$)[\s./:\-]*)+")
# A kab/kota prefix is part of the name (Kabupaten Bekasi and Kota Bekasi are two regencies):
# it is spelled one way, never dropped.
_REGENCY_PREFIX = re.compile(
    r"^(?:(?P<kab>kabupaten|kab)|(?P<kota>kotamadya|kota administrasi|kodya|kota))"
    r"(?=[\s./:\-]|$)[\s./:\-]*")
_APOSTROPHES = re.compile(r"['’‘`]")
_NON_WORD = re.compile(r"[\W_]+")
PLACE_KINDS = ("kabkota", "kecamatan", "kelurahan")


_arabic = arabic


def _words(text: str) -> str:
    """Casefolded words joined by one space (punctuation and inner whitespace collapsed);
    Roman numerals as digits ("Ilir Timur II" and "ILIR TIMUR 2" are one kecamatan)."""
    words = _NON_WORD.sub(" ", _APOSTROPHES.sub("", text.casefold())).split()
    return " ".join(_arabic(word) for word in words)


@lru_cache(maxsize=65536)
def place_key(value: str | None, kind: str = "kelurahan") -> str:
    """Comparison key of a place name: 'Kel.  TEBING-Kandang' and 'tebing kandang' are one.

    kind is "kelurahan" or "kecamatan" (the Kel./Desa/Kec. prefix is dropped when a name
    remains) or "kabkota" (Kab./Kabupaten -> 'kab', Kota/Kotamadya -> 'kota', kept). The key
    holds no '|' and no punctuation; '' for an empty value.
    """
    if value is None:
        return ""
    text = str(value).casefold().strip()
    if kind == "kabkota":
        match = _REGENCY_PREFIX.match(text)
        if match and text[match.end():].strip():
            prefix = "kab" if match.group("kab") else "kota"
            return f"{prefix} {_words(text[match.end():])}"
        return _words(text)
    stripped = _AREA_PREFIX.sub("", text)
    return _words(stripped) or _words(text)


def tps_number(value: object) -> str | None:
    """TPS number as three digits: 1, '01', 'TPS 1', 'TPS.001' -> '001'; None when absent."""
    return parse_tps(value)


def key_series(values: pd.Series, kind: str) -> pd.Series:
    """place_key over a Series, once per distinct value (NA -> '')."""
    return _map_distinct(values, lambda v: place_key(v, kind))


def _map_distinct(values: pd.Series, func: Callable[[object], str]) -> pd.Series:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = pa.array([func(str(u)) for u in uniques] + [func(None)], type=pa.string())
    codes = np.where(codes < 0, len(uniques), codes)
    return pd.Series(pd.arrays.ArrowStringArray(mapped.take(pa.array(codes))), index=values.index)


def tps_key(kabkota: pd.Series, kecamatan: pd.Series, kelurahan: pd.Series,
            tps_no: pd.Series) -> pd.Series:
    """'kabkota|kecamatan|kelurahan|tps' of normalised keys ('?' for an unknown TPS number)."""
    parts = [arrow_text(key_series(kabkota, "kabkota")), arrow_text(key_series(kecamatan, "kecamatan")),
             arrow_text(key_series(kelurahan, "kelurahan")),
             pc.fill_null(arrow_text(tps_no.astype("string")), "?")]
    joined = pc.binary_join_element_wise(*(p.cast(pa.large_string()) for p in parts),
                                         pa.scalar("|", pa.large_string()))
    return pd.Series(pd.arrays.ArrowStringArray(joined), index=kabkota.index)
