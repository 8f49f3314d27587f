"""Wordings clerks type in the health columns: screening result, health certificate, id numbers."""

from __future__ import annotations

import re
from typing import Literal

import pandas as pd

from kpps_xl.roster.values import map_unique, nik_digits_series

Screening = Literal["berisiko", "tidak_berisiko", "sudah", "belum", "tidak_dikenal"]

_WORDS = re.compile(r"[^\W\d_]+")
_NEGATIONS = frozenset({"tidak", "tdk", "tak", "non", "bukan", "no", "not", "gak", "nggak",
                        "negatif", "tanpa", "false"})  # FALSE: an unticked checkbox
_NOT_YET = frozenset({"belum", "blm", "blum", "belom", "pending", "proses", "menunggu"})
_RISK = frozenset({"berisiko", "beresiko", "berisko", "risiko", "resiko", "risk", "rawan",
                   "risti"})  # risti: risiko tinggi
_LOW = frozenset({"rendah", "low", "aman", "normal", "sehat", "baik", "negatif"})
_HIGH = frozenset({"tinggi", "high", "positif", "tms", "gagal"})
# Signs of risk written instead of the word: the conditions the screening scores, a complaint,
# a referral. Negated ("Tidak ada keluhan", "Tanpa komorbid") they mean no risk.
_CONCERNS = frozenset({"hipertensi", "diabetes", "dm", "jantung", "ginjal", "stroke",
                       "kolesterol", "komorbid", "komorbiditas", "penyakit", "keluhan", "asma",
                       "tbc", "kanker", "obesitas", "rujuk", "dirujuk", "rujukan", "lanjutan",
                       "lanjut"})  # "Perlu tindak lanjut"
_PASSED = frozenset({"lolos", "lulus", "memenuhi", "ms", "layak"})
_HISTORY = frozenset({"riwayat", "gejala"})
_DONE = frozenset({"sudah", "sdh", "selesai", "ya", "y", "yes", "done", "ok", "lengkap",
                   "terisi", "mengisi", "diisi", "v", "x", "true"})
_TICKS = frozenset({"√", "✓", "✔", "1"})
# Words that undo a good result ("Kurang sehat", "Kurang baik"): at risk.
_WEAKER = frozenset({"kurang"})
# A certificate cell saying there is none yet: "Nihil", "Menyusul", "N"/"T" (no / tidak).
_NO_CERTIFICATE = frozenset({"kosong", "tidakada", "nihil", "menyusul", "n", "t"})
_EMPTY = frozenset({"-", "--", "—", "–", "0", "?"})


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.casefold())


def screening_state(value: object) -> Screening | None:
    """What a 'hasil skrining' cell says; None for an empty cell.

    'Berisiko', 'Risiko tinggi', 'Ya, berisiko', a condition ('Hipertensi', 'DM', 'Ada riwayat
    penyakit'), a referral ('Perlu pemeriksaan lanjutan', 'Dirujuk'), 'Tidak lolos', 'TMS',
    'Tidak sehat', 'Kurang sehat', 'Risti', 'Perlu tindak lanjut' -> berisiko; 'Tidak
    berisiko', 'Non risiko', 'Risiko rendah', 'Normal', 'Aman',
    'Tidak ada riwayat', 'Tidak ada keluhan', 'Lolos', 'MS' -> tidak_berisiko; 'Sudah',
    'Selesai', '√' -> sudah (done, result not written); 'Belum', 'Blm mengisi', '-', 'Tidak' ->
    belum; any other text -> tidak_dikenal. "belum" wins over every other word ("belum,
    berisiko?" is not done).
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    if not text:
        return None
    if text in _EMPTY:
        return "belum"
    words = _words(text)
    if any(w in _NOT_YET for w in words):
        return "belum"
    return _result_of(words) or _done_of(text, words)


def _result_of(words: list[str]) -> Screening | None:
    """berisiko / tidak_berisiko when the words state a result, else None."""
    negated = any(w in _NEGATIONS or (w.startswith("non") and len(w) > 3) for w in words)
    if any(w in _RISK or w.endswith(("risiko", "resiko")) for w in words):
        return "tidak_berisiko" if negated or any(w in _LOW for w in words) else "berisiko"
    if any(w in _HIGH or w in _CONCERNS for w in words):
        return "tidak_berisiko" if negated else "berisiko"
    if any(w in _LOW or w in _PASSED for w in words):
        denied = any((w in _NEGATIONS and w != "negatif") or w in _WEAKER for w in words)
        return "berisiko" if denied else "tidak_berisiko"
    if negated and any(w in _HISTORY for w in words):
        return "tidak_berisiko"
    return None


def _done_of(text: str, words: list[str]) -> Screening:
    """belum / sudah / tidak_dikenal for a cell that states no result."""
    if any(w in _NEGATIONS or (w.startswith("non") and len(w) > 3) for w in words):
        return "belum"
    if text in _TICKS or any(w in _DONE for w in words):
        return "sudah"
    return "tidak_dikenal"


def certificate_present(value: object) -> bool:
    """True when a 'surat keterangan sehat' cell says there is one.

    'Ada', 'Ya', 'Sudah', '√', a letter number or a date -> True; empty, '-', 'Tidak', 'Tidak
    ada', 'Belum', 'Kosong', 'Nihil', 'Menyusul', 'N', 'T' -> False.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return False
    text = str(value).strip()
    if not text or text in _EMPTY:
        return False
    words = _words(text)
    return not any(w in _NEGATIONS or w in _NOT_YET or w in _NO_CERTIFICATE for w in words)


def screening_states(series: pd.Series) -> pd.Series:
    """screening_state over a column, once per distinct value (object Series, None for empty)."""
    return map_unique(series, screening_state)


def certificates(series: pd.Series) -> pd.Series:
    """certificate_present over a column, once per distinct value (bool Series)."""
    return map_unique(series, certificate_present).astype(bool)


def id_digits(series: pd.Series) -> pd.Series:
    """An id-number column without spaces, dots, dashes and quotes ('' for empty)."""
    return nik_digits_series(series)


def id_absent(series: pd.Series) -> pd.Series:
    """True where an id-number cell is empty or a placeholder ('-', '0': the person has none)."""
    text = series.astype("string").str.strip()
    return (text.isna() | text.isin(list(_EMPTY)) | (text == "")).fillna(True).astype(bool)
