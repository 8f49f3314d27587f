"""Health and coverage rules: screening, health certificate, BPJS card / KPJ and KK numbers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pandas as pd

from kpps_xl.findings import Finding, mask_nik
from kpps_xl.health.status import certificates, id_absent, id_digits, screening_states
from kpps_xl.roster.model import Roster, active_mask
from kpps_xl.roster.values import nik_digits
from kpps_xl.rules.ages import effective_ages
from kpps_xl.rules.base import flagged, make
from kpps_xl.rules.nik import nik_digits_of
from kpps_xl.rules.shared import has_field, shared
from kpps_xl.settings import Settings

# field -> (finding code, label in messages, required digits)
ID_RULES = {
    "no_bpjs_kes": ("bpjs.kes_format", "Nomor kartu BPJS Kesehatan", 13),
    "no_kpj": ("bpjs.tk_format", "Nomor KPJ BPJS Ketenagakerjaan", 11),
    "no_kk": ("kk.format", "No. KK", 16),
}


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def _flag(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name].fillna(False).astype(bool)
    return pd.Series(False, index=frame.index)


def _slim(frame: pd.DataFrame, *fields: str) -> pd.DataFrame:
    """Only the columns a finding needs (provenance first, as rules.base.where expects)."""
    return frame[["_file", "_sheet", "_row", "tps_no", *(f for f in fields if f in frame)]]


def screenings(roster: Roster) -> pd.Series:
    """screening_states of the skrining column, once per run (rules and follow-up)."""
    return shared(roster, "screenings",
                  lambda: screening_states(_column(roster.df, "skrining")))


def not_screened(state: pd.Series) -> pd.Series:
    """Per row of screening states: no screening on record (empty, belum or unrecognised).

    The states are screening_state values (a Screening word or None, never NaN)."""
    return (state.isna() | state.isin(["belum", "tidak_dikenal"])).astype(bool)


def _leveled(findings: Iterator[Finding], settings: Settings, code: str) -> Iterator[Finding]:
    """Findings of one code at the run's severity; nothing when the rule is switched off."""
    level = settings.level(code)
    if level is None:
        return
    for finding in findings:
        yield finding if finding.severity == level else replace(finding, severity=level)


def _not_screened_message(raw: object, state: str | None) -> str:
    if state is None:
        return "Hasil skrining riwayat kesehatan kosong: petugas belum tercatat mengikuti skrining."
    if state == "belum":
        return f"Skrining riwayat kesehatan belum dilakukan ('{raw}')."
    return (f"Hasil skrining '{raw}' tidak dikenali; tulis berisiko, tidak berisiko, sudah, "
            "atau belum.")


def _not_screened(roster: Roster, state: pd.Series, where: pd.Series) -> Iterator[Finding]:
    frame = roster.df
    mask = where & not_screened(state)
    for row, value in zip(flagged(_slim(frame, "skrining"), mask), state[mask].tolist(),
                          strict=True):
        yield make(roster, row, "health.not_screened", _not_screened_message(row.skrining, value),
                   "skrining", row.skrining)


def _at_risk(roster: Roster, settings: Settings, state: pd.Series, where: pd.Series
             ) -> Iterator[Finding]:
    frame = roster.df
    mask = where & (state == "berisiko").astype(bool)
    years = effective_ages(roster, settings)
    limit = settings.age_max_preferred
    for row, age in zip(flagged(_slim(frame, "skrining"), mask), years[mask].tolist(),
                        strict=True):
        message = "Hasil skrining riwayat kesehatan berisiko: perlu pemeriksaan lanjutan di FKTP."
        if limit and not pd.isna(age) and age > limit:
            message = (f"Hasil skrining riwayat kesehatan berisiko dan usia {age} tahun pada "
                       f"{settings.reference_date:%d-%m-%Y} (di atas {limit} tahun yang "
                       "diutamakan): utamakan pemeriksaan lanjutan di FKTP.")
        yield make(roster, row, "health.at_risk", message, "skrining", row.skrining)


def check_screening(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """health.not_screened (belum / empty / unknown) and health.at_risk (berisiko)."""
    frame = roster.df
    if frame.empty:
        return
    where = has_field(roster, "skrining") & active_mask(frame)
    if not where.any():
        return
    state = screenings(roster)
    yield from _leveled(_not_screened(roster, state, where), settings, "health.not_screened")
    yield from _leveled(_at_risk(roster, settings, state, where), settings, "health.at_risk")


def _no_certificate(roster: Roster, where: pd.Series) -> Iterator[Finding]:
    frame = roster.df
    raw = _column(frame, "surat_sehat")
    for row in flagged(_slim(frame, "surat_sehat"), where & ~certificates(raw)):
        shown = row.surat_sehat
        message = ("Surat keterangan sehat tidak tercatat (sel kosong)." if pd.isna(shown)
                   else f"Surat keterangan sehat tidak ada ('{shown}').")
        yield make(roster, row, "health.no_certificate", message, "surat_sehat", shown)


def check_certificate(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """health.no_certificate where the sheet has a surat keterangan sehat column."""
    frame = roster.df
    if frame.empty:
        return
    where = has_field(roster, "surat_sehat") & active_mask(frame)
    if where.any():
        yield from _leveled(_no_certificate(roster, where), settings, "health.no_certificate")


def id_problem(text: object, numeric: bool, label: str, size: int, nik: object = None
               ) -> str | None:
    """Indonesian message of what is wrong with one id number, None when it is fine."""
    digits = nik_digits(text)
    shown = mask_nik(digits) if digits.isdigit() else str(text)
    if numeric:
        if size >= 16 and len(digits) >= 15:
            return (f"{label} {shown} tersimpan sebagai angka: Excel hanya menyimpan 15 digit, "
                    "digit ke-16 hilang. Ketik ulang dari dokumen aslinya sebagai teks.")
        return (f"{label} {shown} tersimpan sebagai angka: angka 0 di depan bisa hilang. "
                "Format sel sebagai Teks lalu salin ulang dari kartunya.")
    if not digits.isdigit():
        return f"{label} '{text}' berisi karakter selain angka; harus {size} digit."
    if len(digits) != size:
        return f"{label} {shown} berisi {len(digits)} digit; harus tepat {size} digit."
    if size == 16 and digits == nik_digits(nik):
        return (f"{label} sama dengan NIK orang ini ({shown}): kemungkinan NIK tersalin ke kolom "
                "KK. Salin No. KK dari Kartu Keluarga.")
    return None


def _suspects(roster: Roster, field: str, size: int) -> pd.Series:
    """Rows whose id number may be wrong (id_problem decides and words it)."""
    frame = roster.df
    digits = id_digits(_column(frame, field))
    suspect = _flag(frame, f"{field}_numeric") | ~digits.str.fullmatch(rf"\d{{{size}}}").fillna(
        False).astype(bool)
    if size == 16:
        suspect |= (digits == nik_digits_of(roster)).fillna(False).astype(bool)
    return suspect


def _id_findings(roster: Roster, field: str, where: pd.Series) -> Iterator[Finding]:
    frame = roster.df
    code, label, size = ID_RULES[field]
    mask = where & ~id_absent(_column(frame, field)) & _suspects(roster, field, size)
    for row in flagged(_slim(frame, "nik", field, f"{field}_numeric"), mask):
        raw = getattr(row, field)
        message = id_problem(raw, bool(getattr(row, f"{field}_numeric")), label, size, row.nik)
        if message:
            yield make(roster, row, code, message, field, raw)


def check_numbers(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """bpjs.kes_format (13 digits), bpjs.tk_format (11), kk.format (16, not the NIK)."""
    frame = roster.df
    if frame.empty:
        return
    active = active_mask(frame)
    for field, (code, _label, _size) in ID_RULES.items():
        where = has_field(roster, field) & active
        if where.any():
            yield from _leveled(_id_findings(roster, field, where), settings, code)
