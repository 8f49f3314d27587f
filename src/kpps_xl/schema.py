"""Pandera schema for cell-level checks (sex values, phone numbers, required fields)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kpps_xl.roster.values import parse_sex

if TYPE_CHECKING:
    import pandera.pandas as pa

PHONE = r"^(?:\+?62|0)?8\d{7,11}$"

# pandera check name -> finding code
CHECK_CODES = {"sex_recognised": "sex.invalid", "phone_plausible": "phone.format",
               "not_nullable": "field.missing"}


def phone_digits(series: pd.Series) -> pd.Series:
    """Phone text without spaces, dashes, dots and brackets.

    Only cells holding something besides digits and '+' go through the replacement (`\\s`
    is Unicode-aware, so it runs in Python's re, cell by cell); the rest are already clean."""
    plain = series.str.fullmatch(r"[0-9+]*").fillna(True).astype(bool)
    if plain.all():
        return series
    return series.where(plain, series[~plain].str.replace(r"[\s\-.()/']", "", regex=True))


# A phone cell as clerks type it: two numbers ("0812... / 0813...", "..., ...", "... atau ...")
# and labels ("WA: 0812...", "0812... (WA)", "HP. 0812..."); one plausible number is enough.
_PHONE_PARTS = re.compile(r"[/,;&\n]|\b(?:atau|dan|or)\b", re.IGNORECASE)
_PHONE_LABEL = re.compile(r"\b(?:wa|hp|telp|tlp|telepon|whatsapp|no)\b\.?\s*:?", re.IGNORECASE)


def _some_number_plausible(text: object) -> bool:
    if not isinstance(text, str):
        return False
    parts = (re.sub(r"[\s\-.()]", "", _PHONE_LABEL.sub(" ", part)) for part in _PHONE_PARTS.split(text))
    return any(re.fullmatch(PHONE, part) for part in parts)


def phone_plausible(series: pd.Series) -> pd.Series:
    """A plausible Indonesian number (phone_digits matches PHONE), or a cell whose numbers, split
    at / , ; and atau, with their WA/HP labels dropped, hold one (once per distinct value)."""
    found = phone_digits(series).str.fullmatch(PHONE).fillna(False).astype(bool)
    odd = (~found & series.notna()).to_numpy()
    if odd.any():
        codes, uniques = pd.factorize(series[odd])
        plausible = np.array([_some_number_plausible(u) for u in uniques], dtype=bool)
        found[odd] = plausible[codes]
    return found


def sex_recognised(series: pd.Series) -> pd.Series:
    """map_unique(series, parse_sex).notna(), as one lookup per row in numpy."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    known = np.array([pd.notna(parse_sex(u)) for u in uniques] + [pd.notna(parse_sex(None))],
                     dtype=bool)
    return pd.Series(known[codes], index=series.index)


def cell_schema(required: tuple[str, ...]) -> pa.DataFrameSchema:
    """Schema over Roster.df: sex recognisable, phone plausible, required fields present."""
    import pandera.pandas as pa  # noqa: PLC0415  (see failures)

    sex_check = pa.Check(sex_recognised, element_wise=False, name="sex_recognised")
    phone_check = pa.Check(phone_plausible, element_wise=False, name="phone_plausible")
    # No dtype on the other columns: the reader stores most as Categoricals (roster/coded.py),
    # and a dtype failure never made a finding (it has no row).
    columns = {
        "jenis_kelamin": pa.Column(None, sex_check, nullable=True),
        "no_hp": pa.Column("string", phone_check, nullable=True),
    }
    for name in required:
        if name in ("nik", "tanggal_lahir"):
            continue  # nik.missing / dob.invalid report these
        columns[name] = pa.Column("string" if name in ("nama", "no_hp") else None, nullable=False)
    return pa.DataFrameSchema(columns, strict=False, coerce=False)


def failures(frame: pd.DataFrame, required: tuple[str, ...]) -> pd.DataFrame:
    """Failure cases as (index, column, code); empty when every cell passes.

    pandera is imported here, when the rules run, not with the module: a big sheet is parsed
    before it, without pandera's ~17 MB resident under the parser's peak.
    """
    import pandera.pandas as pa  # noqa: PLC0415

    schema = cell_schema(tuple(r for r in required if r in frame.columns))
    # only the checked columns, validated in place: pandera's default deep-copies its input
    # (the whole roster: ~0.5 GB at a million rows); a column selection shares the data
    checked = frame[[c for c in schema.columns if c in frame.columns]]
    try:
        schema.validate(checked, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()]
        codes = cases["check"].map(lambda c: CHECK_CODES.get(str(c).split("(")[0]))
        out = pd.DataFrame({"index": cases["index"].astype("int64"), "column": cases["column"],
                            "code": codes})
        return out[out["code"].notna()].drop_duplicates()
    return pd.DataFrame({"index": pd.Series(dtype="int64"), "column": pd.Series(dtype="object"),
                         "code": pd.Series(dtype="object")})
