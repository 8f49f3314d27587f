"""Age rules on the reference date (voting day): dob.invalid, age.under_min, age.over_preferred."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd

from kpps_xl.findings import Finding
from kpps_xl.roster.model import Roster
from kpps_xl.rules.base import flagged, make
from kpps_xl.rules.nik import nik_birthdate
from kpps_xl.rules.shared import has_field, shared
from kpps_xl.settings import Settings


def age_on(dob: dt.date, reference: dt.date) -> int:
    """Whole years completed on the reference date (birthday reached counts)."""
    return reference.year - dob.year - ((reference.month, reference.day) < (dob.month, dob.day))


def ages(dob: pd.Series, reference: dt.date) -> pd.Series:
    """Vectorised age_on over a datetime64 Series (NaT stays NA)."""
    before = (dob.dt.month > reference.month) | (
        (dob.dt.month == reference.month) & (dob.dt.day > reference.day))
    return (reference.year - dob.dt.year - before.astype("Int64")).astype("Int64")


def effective_dob(roster: Roster, settings: Settings, has_column: pd.Series | None = None) -> pd.Series:
    """Column date of birth; the NIK's date only where the sheet has no date column at all."""
    frame = roster.df
    dob = frame["dob"].copy()
    if has_column is None:
        has_column = has_field(roster, "tanggal_lahir")
    missing = dob.isna() & ~has_column
    if missing.any():
        ref = settings.reference_date
        dob[missing] = pd.to_datetime(
            frame.loc[missing, "nik"].map(lambda n: nik_birthdate(str(n), ref) if isinstance(
                n, str) else None), errors="coerce")
    return dob


def effective_ages(roster: Roster, settings: Settings) -> pd.Series:
    """ages(effective_dob(...)) on the reference date, once per run (health rules, follow-up)."""
    ref = settings.reference_date
    return shared(roster, f"effective_ages:{ref.isoformat()}",
                  lambda: ages(effective_dob(roster, settings), ref))


def check_ages(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """dob.invalid for unreadable dates; age limits on the reference date."""
    frame = roster.df
    ref = settings.reference_date
    has_column = has_field(roster, "tanggal_lahir")
    future = frame["dob"] > pd.Timestamp(ref)
    for row in flagged(frame, (frame["dob"].isna() & has_column) | future):
        raw = row.tanggal_lahir
        message = ("Tanggal lahir kosong." if pd.isna(raw) else
                   f"Tanggal lahir '{raw}' setelah tanggal acuan {ref:%d-%m-%Y}." if not pd.isna(
                       row.dob) else f"Tanggal lahir '{raw}' tidak terbaca atau tidak mungkin.")
        yield make(roster, row, "dob.invalid", message, "tanggal_lahir", raw)
    dob = effective_dob(roster, settings, has_column).mask(future)
    age = ages(dob, ref)
    when = f"{ref:%d-%m-%Y}"
    for row, years in _rows_with(frame, age, age < settings.age_min):
        yield make(roster, row, "age.under_min",
                   f"Usia {years} tahun pada {when}, di bawah batas minimal {settings.age_min} "
                   "tahun.", "tanggal_lahir", row.tanggal_lahir)
    limit = settings.age_max_preferred
    if limit:
        for row, years in _rows_with(frame, age, age > limit):
            yield make(roster, row, "age.over_preferred",
                       f"Usia {years} tahun pada {when}, di atas {limit} tahun yang diutamakan.",
                       "tanggal_lahir", row.tanggal_lahir)


def _rows_with(frame: pd.DataFrame, age: pd.Series, mask: pd.Series):
    mask = mask.fillna(False).astype(bool)
    return zip(flagged(frame, mask), age[mask].tolist(), strict=True)
