"""Cell-level rules through the pandera schema: field.missing, sex.invalid, phone.format."""

from __future__ import annotations

from collections.abc import Iterator

from kpps_xl.findings import Finding
from kpps_xl.roster.model import Roster
from kpps_xl.rules.base import make, records, where
from kpps_xl.schema import failures
from kpps_xl.settings import Settings

_LABELS = {"nama": "Nama", "tps": "TPS", "jabatan": "Jabatan", "kelurahan": "Kelurahan/Desa",
           "kecamatan": "Kecamatan", "no_hp": "Nomor HP", "tempat_lahir": "Tempat lahir",
           "alamat": "Alamat", "jenis_kelamin": "Jenis kelamin", "status_jkn": "Status JKN"}


def _message(code: str, column: str, value: object) -> str:
    if code == "field.missing":
        return f"Kolom {_LABELS.get(column, column)} wajib diisi."
    if code == "sex.invalid":
        return f"Jenis kelamin '{value}' tidak dikenali; tulis L atau P."
    return f"Nomor HP '{value}' bukan nomor Indonesia yang wajar (mis. 081234567890)."


def _present(roster: Roster, field: str, file: str | None, sheet: str) -> bool:
    info = roster.sheet_info(file, sheet)
    return info is not None and field in info.columns or field in ("kelurahan", "kecamatan")


def _linmas(row: object) -> bool:
    badan = getattr(row, "badan", None)
    return isinstance(badan, str) and badan.casefold() == "linmas"


# Bodies that serve a desa or a kecamatan, not a TPS: no TPS is asked of them.
_ABOVE_TPS = frozenset({"pps", "ppk", "sekretariat pps", "sekretariat ppk"})


def _above_tps(row: object) -> bool:
    badan = getattr(row, "badan", None)
    return isinstance(badan, str) and " ".join(badan.casefold().split()) in _ABOVE_TPS


def check_cells(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """Findings for every failing cell; a required column absent from a sheet is reported once."""
    frame = roster.df
    cases = failures(frame, settings.required_fields)
    reported_absent: set[tuple[str | None, str, str]] = set()
    rows = records(frame.loc[cases["index"].tolist()])
    for case, row in zip(cases.itertuples(index=False), rows, strict=True):
        column = str(case.column)
        file, sheet, _ = where(row)
        value = getattr(row, column, None)
        if case.code == "field.missing" and column == "jabatan" and _linmas(row):
            continue  # a Linmas officer has no KPPS jabatan (no ketua among them)
        if case.code == "field.missing" and column == "tps" and _above_tps(row):
            continue  # a PPS/PPK member serves the desa/kecamatan
        if case.code == "field.missing" and not _present(roster, column, file, sheet):
            if (file, sheet, column) in reported_absent:
                continue
            reported_absent.add((file, sheet, column))
            yield make(roster, row, "field.missing",
                       f"Kolom {_LABELS.get(column, column)} tidak ada di sheet {sheet}.",
                       column, None, column=None)
            continue
        yield make(roster, row, case.code, _message(case.code, column, value), column, value)
