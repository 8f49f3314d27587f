"""Roster: the normalised table of officers plus where every row came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas is imported after the first sheet is parsed (roster.read_file)
    import pandas as pd

# Canonical DataFrame columns of Roster.df (all present, possibly empty/None):
#   _file, _sheet, _row (Excel row, 1-based)            provenance
#   nama, nik (raw text, digits not cleaned), nik_numeric (bool: cell was a number)
#   jenis_kelamin (raw), sex ("L" | "P" | None)
#   tempat_lahir, tanggal_lahir (raw text), dob (datetime64, NaT when unreadable)
#   jabatan (raw), peran ("ketua" | "anggota" | "sekretaris" | "pelaksana" | None)
#   badan ("KPPS", "Linmas", "PPK", "PPS", "Pantarlih", "PTPS", ...; default "KPPS")
#   tps (raw), tps_no ("004" or None), kelurahan, kecamatan, kabkota (placement, as typed)
#   tps_key ("kab mukomuko|ipuh|pasar ipuh|004": normalised keys, roster/places.py)
#   no_hp, status_jkn, alamat, kecamatan_domisili, kelurahan_domisili (where the person lives)
#   keterangan (raw), status (raw: a STATUS column beside a Keterangan one), aktif (bool),
#   alasan_nonaktif (why not counted: PAW, struck through, ...)
#   skrining, surat_sehat (raw text); no_bpjs_kes, no_kpj, npwp, no_kk (raw text) each with a
#   *_numeric flag (bool: the cell was a number, leading zeros / 16th digit may be gone)
HEALTH_COLUMNS = ("skrining", "surat_sehat")
ID_COLUMNS = ("no_bpjs_kes", "no_kpj", "npwp", "no_kk")
CANONICAL_COLUMNS = (
    "_file", "_sheet", "_row", "nama", "nik", "nik_numeric", "jenis_kelamin", "sex",
    "tempat_lahir", "tanggal_lahir", "dob", "jabatan", "peran", "badan", "tps", "tps_no",
    "kelurahan", "kecamatan", "kabkota", "tps_key", "no_hp", "status_jkn", "alamat",
    "kecamatan_domisili", "kelurahan_domisili", "keterangan", "status", "aktif",
    "alasan_nonaktif",
    *HEALTH_COLUMNS, *(name for column in ID_COLUMNS for name in (column, f"{column}_numeric")),
)


def active_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of serving officers: the one filter teams, budget, letters and exports count with.

    A replaced, resigned or struck-through officer (aktif False) stays in Roster.df (reported
    as row.inactive) but is never counted. A frame without the column counts every row.
    """
    if "aktif" not in frame.columns:
        return frame
    return frame[active_mask(frame)]


def active_mask(frame: pd.DataFrame) -> pd.Series:
    """Per row: is this a serving officer (active_rows as a boolean mask)."""
    import pandas as pd

    if "aktif" not in frame.columns:
        return pd.Series(True, index=frame.index)
    return frame["aktif"].fillna(True).astype(bool)


@dataclass
class SheetInfo:
    """How one worksheet was read: header row, field -> column letter, skipped rows."""

    file: str
    sheet: str
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    named_skips: list[tuple[int, str]] = field(default_factory=list)  # (row, name) below JUMLAH
    kecamatan: str | None = None
    kelurahan: str | None = None
    note: str | None = None
    blocks: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # later pasted blocks
    beside: str | None = None  # column letter where a second roster beside this one starts
    unvalued: tuple[int, tuple[str, ...]] = (0, ())  # formula cells without a stored value
    errors: tuple[int, tuple[str, ...]] = (0, ())  # cells showing an Excel error ("C4 (#N/A)")

    def letters_at(self, row: int | None) -> dict[str, str]:
        """Field -> column letter for an Excel row (a block pasted below with its own header)."""
        columns = self.columns
        for start, letters in self.blocks:
            if row is not None and row >= start:
                columns = letters
        return columns

    @property
    def is_roster(self) -> bool:
        return self.header_row is not None


@dataclass
class Roster:
    """Normalised officers (one DataFrame row per person) with provenance."""

    df: pd.DataFrame
    sheets: list[SheetInfo] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    _index: dict[tuple[str, str], SheetInfo] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _indexed: int = field(default=-1, init=False, repr=False, compare=False)

    def sheet_info(self, file: str | None, sheet: str | None) -> SheetInfo | None:
        """The SheetInfo of one (file, sheet) pair (indexed: rules ask once per finding)."""
        if self._indexed != len(self.sheets):
            self._index = {}
            for info in self.sheets:
                self._index.setdefault((info.file, info.sheet), info)
            self._indexed = len(self.sheets)
        return self._index.get((file or "", sheet))  # type: ignore[arg-type]

    def has_field(self, field_name: str) -> pd.Series:
        """Per row: does the row's sheet have a column for this field (one pass, any sheet count)."""
        import pandas as pd

        frame = self.df
        if frame.empty:
            return pd.Series(False, index=frame.index, dtype=bool)
        file_codes, files = pd.factorize(frame["_file"].fillna(""))
        sheet_codes, sheets = pd.factorize(frame["_sheet"].fillna(""))
        pairs, codes = np.unique(file_codes.astype(np.int64) * len(sheets) + sheet_codes,
                                 return_inverse=True)
        present = np.array([
            (info := self.sheet_info(files[p // len(sheets)], sheets[p % len(sheets)])) is not None
            and field_name in info.columns for p in pairs.tolist()], dtype=bool)
        out = pd.Series(present[codes.reshape(-1)], index=frame.index)
        for info in self.sheets:  # a block pasted below with its own header and columns
            if not info.blocks:
                continue
            rows = frame["_row"][(frame["_file"].fillna("") == info.file)
                                 & (frame["_sheet"] == info.sheet)]
            out[rows.index] = [field_name in info.letters_at(int(r)) for r in rows.tolist()]
        return out

    def column_letter(self, file: str | None, sheet: str | None, field_name: str,
                      row: int | None = None) -> str | None:
        """Excel column letter of a field in a given sheet (at a row), None when it lacks it."""
        info = self.sheet_info(file, sheet)
        return info.letters_at(row).get(field_name) if info else None

    def active(self) -> pd.DataFrame:
        """Roster.df rows that are counted (see active_rows)."""
        return active_rows(self.df)

    def __len__(self) -> int:
        return len(self.df)
