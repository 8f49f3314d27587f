"""NIK rules: missing, format, number-stored, region, encoded birth date, sex and area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from stdnum import numdb
from stdnum.id import nik as stdnik

from kpps_xl.findings import Finding, mask_nik
from kpps_xl.roster.coded import plain
from kpps_xl.roster.model import Roster
from kpps_xl.roster.values import nik_digits, nik_digits_series
from kpps_xl.rules.base import clean, flagged, make
from kpps_xl.rules.shared import shared
from kpps_xl.settings import Settings


@lru_cache(maxsize=4096)
def region_known(prefix: str) -> bool:
    """True when python-stdnum's Kemendagri table knows the province+regency code."""
    parts = numdb.get("id/loc").info(prefix)
    return len(parts) == 2 and all(props for _, props in parts)


def nik_day(digits: str) -> int | None:
    """Day of birth from digits 7-8 of a 16-digit NIK: 01-31 (men) or 41-71 (women, minus 40).

    None for any other value: python-stdnum takes the day modulo 40, so it would read 81 as 1.
    """
    if len(digits) != 16 or not digits.isdigit():
        return None
    raw = int(digits[6:8])
    if 1 <= raw <= 31:
        return raw
    if 41 <= raw <= 71:
        return raw - 40
    return None


def nik_birthdate(nik: str, reference: dt.date) -> dt.date | None:
    """Birth date encoded in a 16-digit NIK (women +40), century by the reference year."""
    digits = nik_digits(nik)
    day = nik_day(digits)
    if day is None:
        return None
    month, yy = int(digits[8:10]), int(digits[10:12])
    year = 1900 + yy if yy > reference.year % 100 else 2000 + yy
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nik_sex(nik: str) -> str | None:
    """'P' when the NIK day is 41-71, 'L' for 01-31, None for any other day digits."""
    digits = nik_digits(nik)
    if nik_day(digits) is None:
        return None
    return "P" if int(digits[6:8]) > 40 else "L"


def nik_problem(value: object, numeric: bool = False) -> tuple[str, str] | None:
    """(code, Indonesian message) of the first structural NIK problem, None when it is valid."""
    text = (clean(value) or "").strip()
    if not text:
        return "nik.missing", "NIK kosong."
    shown = mask_nik(text)
    if numeric and (len(nik_digits(text)) >= 15 or "e" in text.lower()):
        return ("nik.precision_lost", f"NIK {shown} tersimpan sebagai angka: Excel hanya menyimpan "
                "15 digit sehingga digit terakhir hilang. Ketik ulang dari KTP-el sebagai teks.")
    digits = nik_digits(text)
    if not digits.isdigit() or len(digits) != 16:
        count = sum(ch.isdigit() for ch in digits)
        detail = f"hanya {count} digit" if digits.isdigit() and count < 16 else (
            f"{count} digit" if digits.isdigit() else "berisi karakter selain angka")
        return "nik.format", f"NIK {shown} {detail}; NIK harus tepat 16 digit."
    if digits[12:] == "0000":
        return "nik.format", f"NIK {shown} bernomor urut 0000, yang tidak pernah diterbitkan."
    if nik_day(digits) is None:
        return ("nik.birthdate", f"NIK {shown}: digit 7-8 ({digits[6:8]}) bukan tanggal lahir; "
                "laki-laki 01-31, perempuan 41-71 (tanggal + 40).")
    try:
        stdnik.get_birth_date(digits)
    except Exception:
        return ("nik.birthdate", f"NIK {shown}: digit 7-12 ({digits[6:12]}) bukan tanggal lahir "
                "yang mungkin.")
    if not region_known(digits[:4]):
        return ("nik.region", f"NIK {shown}: kode wilayah {digits[:4]} tidak dikenal dalam tabel "
                "wilayah Kemendagri.")
    return None


def nik_digits_of(roster: Roster) -> pd.Series:
    """nik_digits_series of Roster.df["nik"], once per check run (four rules need it)."""
    return shared(roster, "nik_digits", lambda: nik_digits_series(roster.df["nik"]))


_MONTH_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_SAFE = "0000000101000000"  # stands in for a NIK that is not 16 digits (day 01, month 01)


def nik_numbers(digits: pd.Series, ok: pd.Series) -> np.ndarray:
    """16-digit NIKs as int64 where ok, _SAFE elsewhere (Arrow's parser; Python's for any
    other digits the \\d pattern accepted, e.g. Arabic-Indic)."""
    safe = digits.where(ok, _SAFE)
    try:
        return pc.cast(pa.array(safe), pa.int64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return np.array([int(text) for text in safe.tolist()], dtype=np.int64)


def _numbers(digits: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """(16 digits, nik_numbers) of NIK digits."""
    ok = digits.str.fullmatch(r"\d{16}").fillna(False).astype(bool)
    return ok, nik_numbers(digits, ok)


def nik_numbers_of(roster: Roster) -> tuple[pd.Series, np.ndarray]:
    """(16 digits, nik_numbers) of the roster's NIK digits, once per check run."""
    return shared(roster, "nik_numbers", lambda: _numbers(nik_digits_of(roster)))


def _parts(digits: pd.Series, numbers: tuple[pd.Series, np.ndarray] | None = None
           ) -> pd.DataFrame:
    """Day (women -40), month and two-digit year encoded in 16-digit NIKs (NA elsewhere).

    `day_ok` is false for day digits outside 01-31 / 41-71 (see nik_day) and for a day the
    month does not have (29 February only in years divisible by four, as python-stdnum reads).
    Digits i..j of a NIK are read from its number (n // 10**(16-j) % 10**(j-i)): no text slicing.
    """
    ok, number = numbers if numbers is not None else _numbers(digits)
    index = digits.index
    # two-digit parts as int8, serial and region as int16: the parts are kept for the whole
    # run (5.7 M rows: 0.2 GB less than int64)
    raw = pd.Series((number // 10**8 % 100).astype(np.int8), index=index)
    month = pd.Series((number // 10**6 % 100).astype(np.int8), index=index)
    yy = pd.Series((number // 10**4 % 100).astype(np.int8), index=index)
    female = raw > 40
    day = raw.where(~female, raw - 40)
    in_range = raw.between(1, 31) | raw.between(41, 71)
    longest = pd.Series(_MONTH_DAYS[month.clip(0, 12).to_numpy()], index=index)
    longest = longest.where((month != 2) | (yy % 4 == 0), 28)
    day_ok = in_range & month.between(1, 12) & (day <= longest)
    return pd.DataFrame({"ok": ok, "day": day, "female": female, "month": month, "yy": yy,
                         "day_ok": day_ok, "serial": (number % 10**4).astype(np.int16),
                         "region": (number // 10**12).astype(np.int16)}, index=index)


def _suspect(frame: pd.DataFrame, digits: pd.Series, parts: pd.DataFrame) -> pd.Series:
    """Rows whose NIK may have a structural problem (nik_problem decides and words it)."""
    ok = parts["ok"].to_numpy(dtype=bool)
    region = parts["region"].to_numpy()
    codes, uniques = pd.factorize(region[ok])
    known = np.zeros(len(region), dtype=bool)
    known[ok] = np.array([region_known(f"{p:04d}") for p in uniques.tolist()] + [False],
                         dtype=bool)[codes]
    return (~parts["ok"] | frame["nik_numeric"] | ~parts["day_ok"]
            | (parts["serial"] == 0) | ~pd.Series(known, index=frame.index))


def _checked(roster: Roster) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """(digits, parts, suspect) of the roster's NIKs, once per check run."""
    def compute() -> tuple[pd.Series, pd.DataFrame, pd.Series]:
        digits = nik_digits_of(roster)
        parts = _parts(digits, nik_numbers_of(roster))
        return digits, parts, _suspect(roster.df, digits, parts)

    return shared(roster, "nik_checked", compute)


def structure(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """nik.missing / format / precision_lost / region / birthdate, one per row at most."""
    frame = roster.df
    for row in flagged(frame, _checked(roster)[2]):
        problem = nik_problem(row.nik, bool(row.nik_numeric))
        if problem:
            yield make(roster, row, problem[0], problem[1], "nik", row.nik)


def consistency(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """nik.dob_mismatch, nik.sex_mismatch and nik.outside_area on structurally valid NIKs."""
    frame = roster.df
    digits, parts, suspect = _checked(roster)
    valid = parts["ok"] & ~frame["nik_numeric"] & ~suspect
    dob = frame["dob"]
    dob_off = dob.notna() & ((dob.dt.day != parts["day"]) | (dob.dt.month != parts["month"])
                             | (dob.dt.year % 100 != parts["yy"]))
    sex_by_nik = parts["female"].map({True: "P", False: "L"})
    sex_off = frame["sex"].notna() & (plain(frame["sex"]) != sex_by_nik)
    region = settings.region_code
    area_off = ~digits.str.startswith(region) if region else pd.Series(False, index=frame.index)
    ref = settings.reference_date
    for row, d_off, s_off, a_off in zip(
            flagged(frame, valid & (dob_off | sex_off | area_off)),
            *(m[valid & (dob_off | sex_off | area_off)].fillna(False).tolist()
              for m in (dob_off, sex_off, area_off)), strict=True):
        if nik_problem(row.nik):
            continue
        digits_one = nik_digits(row.nik)
        shown = mask_nik(digits_one)
        if d_off:
            encoded = nik_birthdate(digits_one, ref)
            when = f"{encoded:%d-%m-%y}" if encoded else digits_one[6:12]
            yield make(roster, row, "nik.dob_mismatch",
                       f"Tanggal lahir {row.dob:%d-%m-%Y} berbeda dengan tanggal di NIK {shown} "
                       f"({when}); usia dihitung dari kolom tanggal lahir.",
                       "tanggal_lahir", row.tanggal_lahir)
        if s_off:
            yield make(roster, row, "nik.sex_mismatch",
                       f"Jenis kelamin {row.sex} berbeda dengan NIK {shown} "
                       f"(menurut NIK: {nik_sex(digits_one)}).",
                       "jenis_kelamin", row.jenis_kelamin)
        if a_off:
            yield make(roster, row, "nik.outside_area",
                       f"NIK {shown} terdaftar di wilayah {digits_one[:4]}, bukan {region}; "
                       "pastikan domisili petugas.", "nik", row.nik)
