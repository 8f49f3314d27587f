"""Duplicate rules across sheets and files: dup.nik and dup.person (every occurrence)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from kpps_xl.findings import Finding, mask_nik
from kpps_xl.roster.model import Roster
from kpps_xl.roster.values import nik_digits, nik_digits_series
from kpps_xl.rules.base import make, ref_of, where
from kpps_xl.settings import Settings

# Honorifics and degrees, matched as whole words after dots became spaces ("S.Pd" -> "s pd").
_TITLES = (
    r"\b(?:hj|hajjah|haji|h|drs|dra|dr|ir|prof|kh|ust|ustadz"
    r"|s (?:pd i|pd|pdi|ag|e|h i|h|hi|kom|t|sos|ip|si|km|ked|kep|farm|psi|ak|hut|pt|tp|ars)"
    r"|m (?:pd i|pd|pdi|m|h|si|kes|ag|t)|a md(?: kep| keb)?|spd|spdi|skom|ssos|mpd|amd|bsc)\b"
)
_NAME_STEPS = ((r",.*$", ""), (r"[.'\"`’]", " "), (_TITLES, " "), (r"\s+", " "))


def normalise_names(names: pd.Series) -> pd.Series:
    """Vectorised: case, titles and degrees removed: 'Hj. Siti Aminah, S.Pd' -> 'siti aminah'."""
    out = names.astype("string").str.lower()
    for pattern, repl in _NAME_STEPS:
        out = out.str.replace(pattern, repl, regex=True)
    return out.str.strip().fillna("")


def _groups(frame: pd.DataFrame, key: pd.Series, eligible: pd.Series) -> Iterator[list[Any]]:
    """Rows (namedtuples) sharing a key, in sheet order; pandas groupby is avoided (slow per group)."""
    mask = (eligible & key.duplicated(keep=False)).fillna(False).astype(bool)
    groups: dict[str, list[Any]] = {}
    for group_key, row in zip(key[mask].tolist(), frame[mask].itertuples(index=False, name="R"),
                              strict=True):
        groups.setdefault(group_key, []).append(row)
    yield from groups.values()


def _place(row) -> str:
    file, sheet, excel_row = where(row)
    return f"sheet {sheet} baris {excel_row}"


def dup_nik(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """Same NIK (as text) more than once; NIKs stored as numbers are excluded (already broken)."""
    frame = roster.df
    digits = nik_digits_series(frame["nik"])
    eligible = (digits.str.len() >= 8) & ~frame["nik_numeric"]
    for rows in _groups(frame, digits, eligible):
        for row in rows:
            others = [r for r in rows if r is not row]
            places = "; ".join(_place(r) for r in others[:3])
            yield make(roster, row, "dup.nik",
                       f"NIK {mask_nik(row.nik)} juga tercantum di {places}.", "nik", row.nik,
                       related=tuple(ref_of(r) for r in others))


def dup_person(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """Same normalised name and date of birth under different NIKs: every occurrence."""
    frame = roster.df
    names = normalise_names(frame["nama"])
    key = names + "|" + frame["dob"].dt.strftime("%Y-%m-%d").fillna("")
    eligible = (names != "") & frame["dob"].notna()
    for rows in _groups(frame, key, eligible):
        if len({nik_digits(r.nik) for r in rows}) < 2:
            continue
        for row in rows:
            others = [r for r in rows if r is not row]
            yield make(roster, row, "dup.person",
                       f"{row.nama} dengan tanggal lahir yang sama juga tercantum di "
                       f"{_place(others[0])} dengan NIK lain ({mask_nik(others[0].nik)}).",
                       "nama", row.nama, related=tuple(ref_of(r) for r in others))
