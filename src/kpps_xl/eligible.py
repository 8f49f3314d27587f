"""The one gate before budget, letters and exports: check first, then keep only eligible people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kpps_xl.catalogue import CATALOGUE
from kpps_xl.errors import KppsError
from kpps_xl.findings import Finding, Report
from kpps_xl.roster.coded import is_coded
from kpps_xl.roster.model import Roster
from kpps_xl.roster.values import nik_digits_series
from kpps_xl.rules.shared import few_collections
from kpps_xl.settings import Settings

if TYPE_CHECKING:
    from kpps_xl.budget.model import Budget

# Error codes about a TPS team rather than one person: they never exclude a person.
TEAM_PREFIX = "tps."
DUPLICATE = "dup.nik"
INACTIVE_REASON = "Tidak aktif (PAW/mengundurkan diri)"
DUPLICATE_REASON = "NIK ganda: sudah dihitung sekali"
CLI_HINT = ("jalankan 'kpps-xl check' untuk rinciannya, perbaiki daftar, lalu ulangi; atau "
            "tambahkan --abaikan-galat (atau abaikan_galat = true di [pemeriksaan] pada "
            "kpps-xl.toml) untuk melanjutkan tanpa orang yang datanya bergalat")

EXCEL_HINT = ("klik Periksa Data untuk rinciannya, perbaiki daftar, lalu ulangi; atau isi "
              "abaikan_galat = true di [pemeriksaan] pada kpps-xl.toml untuk melanjutkan tanpa "
              "orang yang datanya bergalat")

Key = tuple[str, str, int]  # (file, sheet, Excel row)


class RosterHasErrors(KppsError):
    """The roster still has errors and the user did not ask to go on (exit code 1)."""

    def __init__(self, message: str, report: Report) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class Exclusion:
    """One roster row left out of counts and lists, with every reason (Indonesian)."""

    file: str
    sheet: str
    row: int
    nama: str
    nik: str
    jabatan: str
    tps: str
    reasons: tuple[str, ...]
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Eligible:
    """The people budget, letters and exports may use, and who was left out and why."""

    roster: Roster
    report: Report
    excluded: tuple[Exclusion, ...] = ()
    inactive: int = 0  # rows left out only because they are not active (PAW)
    notes: tuple[str, ...] = field(default=())

    @property
    def count_excluded(self) -> int:
        """Rows left out for errors or as extra copies of a NIK (inactive rows not included)."""
        return len(self.excluded) - self.inactive


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _key(file: object, sheet: object, row: object) -> Key:
    return (_text(file), _text(sheet), int(row))


def person_errors(findings: Iterable[Finding]) -> dict[Key, list[Finding]]:
    """Error findings about one person's row (team-level tps.* findings excluded), by row."""
    out: dict[Key, list[Finding]] = {}
    for f in findings:
        if f.severity != "error" or f.row is None or f.code.startswith(TEAM_PREFIX):
            continue
        out.setdefault(_key(f.file, f.sheet, f.row), []).append(f)
    return out


def error_summary(report: Report) -> str:
    """How many errors of which kind, one line per code (the check's summary, Indonesian)."""
    counts = Counter(f.code for f in report.findings if f.severity == "error")
    parts = [f"- {CATALOGUE[code].title} ({code}): {n}"
             for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join([f"Daftar petugas masih berisi {report.errors} galat ({report.rows} baris "
                      f"diperiksa):", *parts])


def refusal(report: Report, hint: str = CLI_HINT) -> str:
    """The message budget and letters stop with when the roster has errors."""
    return f"{error_summary(report)}\nAnggaran dan surat tidak dibuat: {hint}."


def _active(df: pd.DataFrame) -> np.ndarray:
    """False where the reader's `aktif` column says the row is inactive (PAW, struck through)."""
    if "aktif" not in df.columns:
        return np.ones(len(df), dtype=bool)
    column = df["aktif"]
    if column.dtype == bool:
        return column.to_numpy()
    return column.astype(object).ne(False).to_numpy(dtype=bool)


def _reason_of_inactive(why: object) -> str:
    why = _text(why)
    return f"Tidak aktif ({why})" if why else INACTIVE_REASON


def _column(df: pd.DataFrame, name: str, positions: np.ndarray) -> list[object]:
    """One column's values at the positions (None when the roster lacks the column)."""
    if name not in df.columns:
        return [None] * len(positions)
    column = df[name].iloc[positions]
    if isinstance(column.dtype, pd.StringDtype):
        return column.to_numpy(dtype=object, na_value=column.dtype.na_value).tolist()
    return column.tolist()


def _stripped_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """pd.factorize of the column's text stripped ('' for NA); a coded column is stripped
    once per category, not decoded to a string per row (a national roster's file paths)."""
    if not is_coded(column):
        return pd.factorize(column.astype("string").fillna("").str.strip())
    names = pd.Series(column.cat.categories).astype("string").str.strip()
    name_codes, names = pd.factorize(pd.concat([names, pd.Series([""], dtype="string")],
                                               ignore_index=True))
    return name_codes[column.cat.codes.to_numpy()], names  # code -1 (NA) takes the last: ''


def _sheet_rows(df: pd.DataFrame) -> tuple[np.ndarray, dict[tuple[str, str], int]]:
    """Per row a code of its (file, sheet) as the exclusion keys spell them, and the codes."""
    file_codes, file_names = _stripped_codes(df["_file"])
    sheet_codes, sheet_names = _stripped_codes(df["_sheet"])
    width = max(len(sheet_names), 1)
    codes = file_codes.astype(np.int64) * width + sheet_codes
    names_f, names_s = file_names.tolist(), sheet_names.tolist()
    index = {(str(names_f[c // width]), str(names_s[c % width])): int(c)
             for c in np.unique(codes).tolist()}
    return codes, index


def _error_rows(df: pd.DataFrame, keys: Iterable[Key]) -> np.ndarray:
    """True for the rows whose (file, sheet, row) is in keys: one hash lookup per row."""
    keys = list(keys)
    hit = np.zeros(len(df), dtype=bool)
    if not keys:
        return hit
    codes, index = _sheet_rows(df)
    rows = pd.to_numeric(df["_row"], errors="coerce").to_numpy(dtype=np.float64)
    known = ~np.isnan(rows) & (rows >= 0) & (rows == np.floor(rows))
    span = int(np.nanmax(rows)) + 2 if known.any() else 1
    wanted = [index[(file, sheet)] * span + row for file, sheet, row in keys
              if (file, sheet) in index and 0 <= row < span]
    if not wanted:
        return hit
    row_key = codes[known] * span + rows[known].astype(np.int64)
    hit[np.flatnonzero(known)] = np.isin(row_key, np.array(wanted, dtype=np.int64))
    return hit


def _clean_niks(nik: pd.Series) -> np.ndarray:
    """nik_digits_series, cleaning only the cells that are not already 16 digits (most are)."""
    text = nik.astype("string").fillna("")
    messy = ~text.str.fullmatch(r"\d{16}").fillna(False).to_numpy(dtype=bool)
    out = text.to_numpy(dtype=object)
    if messy.any():
        out[messy] = nik_digits_series(text[messy]).to_numpy(dtype=object)
    return out


def select_eligible(roster: Roster, report: Report) -> Eligible:
    """Keep active rows without person-level errors, each NIK once (first copy in file order).

    A row whose only error is dup.nik keeps its first copy (the NIK is counted once); every
    other copy is left out, naming the sheet and row of the copy that was kept. Grouped work
    only: the per-row Python loop runs over the excluded rows alone.
    """
    with few_collections():
        return _select_eligible(roster, report)


def _select_eligible(roster: Roster, report: Report) -> Eligible:
    df = roster.df
    errors = {k: [f for f in v if f.code != DUPLICATE]
              for k, v in person_errors(report.findings).items()}
    errors = {k: v for k, v in errors.items() if v}
    active = _active(df)
    has_error = _error_rows(df, errors)
    candidate = active & ~has_error
    digits = _clean_niks(df["nik"])
    cand_idx = np.flatnonzero(candidate)
    cand_digits = pd.Series(digits[cand_idx], dtype=object)
    repeat = cand_idx[(cand_digits.duplicated(keep="first") & (cand_digits != "")).to_numpy()]
    keep = candidate.copy()
    keep[repeat] = False
    kept_idx = np.flatnonzero(keep)
    firsts = pd.Series(kept_idx, index=digits[kept_idx])
    first_of = firsts[firsts.index.isin(set(digits[repeat]))].to_dict()
    excluded: list[Exclusion] = []
    inactive = 0
    left_out = np.flatnonzero(~keep)
    columns = {name: _column(df, name, left_out) for name in (
        "_file", "_sheet", "_row", "nama", "nik", "jabatan", "tps_no", "tps", "alasan_nonaktif")}
    repeats = [pos for pos in left_out.tolist() if active[pos] and not has_error[pos]]
    firsts = [first_of[digits[pos]] for pos in repeats]
    first_sheet = dict(zip(repeats, _column(df, "_sheet", np.array(firsts, dtype=np.int64)),
                           strict=True))
    first_row = dict(zip(repeats, _column(df, "_row", np.array(firsts, dtype=np.int64)),
                         strict=True))
    for i, pos in enumerate(left_out.tolist()):
        file, sheet, excel_row = columns["_file"][i], columns["_sheet"][i], columns["_row"][i]
        if not active[pos]:
            reasons, codes = [_reason_of_inactive(columns["alasan_nonaktif"][i])], ["row.inactive"]
            inactive += 1
        elif has_error[pos]:
            own = errors[_key(file, sheet, excel_row)]
            reasons, codes = [f.message for f in own], [f.code for f in own]
        else:
            reasons = [f"{DUPLICATE_REASON} (lembar {_text(first_sheet[pos])} baris "
                       f"{first_row[pos]})"]
            codes = [DUPLICATE]
        excluded.append(Exclusion(
            file=_text(file), sheet=_text(sheet), row=int(excel_row), nama=_text(columns["nama"][i]),
            nik=_text(columns["nik"][i]), jabatan=_text(columns["jabatan"][i]),
            tps=_text(columns["tps_no"][i]) or _text(columns["tps"][i]),
            reasons=tuple(dict.fromkeys(reasons)), codes=tuple(dict.fromkeys(codes))))
    kept = Roster(df=df[keep].copy(), sheets=roster.sheets, files=roster.files)
    return Eligible(roster=kept, report=report, excluded=tuple(excluded), inactive=inactive,
                    notes=exclusion_notes(excluded))


def reason_counts(excluded: Iterable[Exclusion]) -> dict[str, int]:
    """People left out per reason (catalogue title), most frequent first."""
    counts: Counter[str] = Counter()
    for item in excluded:
        for code in item.codes:
            if code == DUPLICATE:
                counts["NIK ganda (salinan kedua dan seterusnya)"] += 1
            elif code == "row.inactive":
                counts["tidak aktif (PAW/mengundurkan diri)"] += 1
            else:
                counts[CATALOGUE[code].title] += 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def exclusion_text(excluded: Iterable[Exclusion]) -> str:
    """"7 orang ... : NIK kosong 1, ..." for letters, workbook notes and messages ("" if none)."""
    items = list(excluded)
    if not items:
        return ""
    reasons = ", ".join(f"{why} {n}" for why, n in reason_counts(items).items())
    return (f"{len(items)} orang dalam daftar petugas tidak diikutsertakan (tidak dihitung dan "
            f"tidak dicantumkan): {reasons}.")


def exclusion_notes(excluded: Iterable[Exclusion]) -> tuple[str, ...]:
    """Budget notes describing the exclusions (empty when nobody was left out)."""
    text = exclusion_text(excluded)
    return (text,) if text else ()


def eligible_people(roster: Roster, settings: Settings, *, go_on: bool | None = None,
                    report: Report | None = None, hint: str = CLI_HINT) -> Eligible:
    """Check the roster (unless a report is given) and return the eligible people.

    With error findings and neither go_on nor the setting `abaikan_galat`, raise
    RosterHasErrors carrying the check's summary. Budget, letters, the Excel buttons and the
    BPJS exports all go through here, so they agree on who is counted.
    """
    if report is None:
        from kpps_xl.validate import validate

        report = validate(roster, settings)
    proceed = settings.ignore_errors if go_on is None else go_on
    if report.errors and not proceed:
        raise RosterHasErrors(refusal(report, hint), report)
    return select_eligible(roster, report)


def budget_of(eligible: Eligible | None, settings: Settings) -> Budget:
    """compute_budget over the eligible people (None: counts from settings alone), with the
    exclusions as the first notes."""
    from dataclasses import replace

    from kpps_xl.budget.compute import compute_budget

    if eligible is None:
        return compute_budget(None, settings)
    budget = compute_budget(eligible.roster, settings)
    return replace(budget, notes=eligible.notes + budget.notes)
