"""Plain-Python bodies of the KPPS.* worksheet functions (scalar or 2-D list in, same out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kpps_xl.roster.values import nik_cell, parse_date
from kpps_xl.settings import Settings

NOT_A_DATE = "Tanggal tidak terbaca"
UNKNOWN_SCHEME = "Skema tidak dikenal (BPU, PPU atau JKN)"
BAD_NUMBER = "Honor/bulan harus angka"


def elementwise(func: Callable[[Any], Any], value: Any) -> Any:
    """Apply func to a scalar, or to every cell of a (1-D or 2-D) list, keeping the shape."""
    if isinstance(value, list | tuple):
        return [elementwise(func, v) for v in value]
    return func(value)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _reference(value: Any, settings: Settings) -> dt.date | None:
    if _empty(value):
        return settings.reference_date
    return parse_date(value, settings.reference_date.year)


def usia(tanggal_lahir: Any, tanggal_acuan: Any, settings: Settings) -> Any:
    """Age in full years on the reference date ("" for empty cells)."""
    from kpps_xl.rules.ages import age_on

    reference = _reference(tanggal_acuan, settings)
    if reference is None:
        return NOT_A_DATE

    def one(value: Any) -> Any:
        if _empty(value):
            return ""
        dob = parse_date(value, reference.year)
        return NOT_A_DATE if dob is None or dob > reference else age_on(dob, reference)

    return elementwise(one, tanggal_lahir)


def _nik_value(value: Any) -> tuple[str | None, bool]:
    return nik_cell(value)


def cek_nik(nik: Any) -> Any:
    """"OK" or the Indonesian reason why a NIK is wrong."""
    from kpps_xl.rules.nik import nik_problem

    def one(value: Any) -> str:
        text, numeric = _nik_value(value)
        problem = nik_problem(text, numeric=numeric)
        return "OK" if problem is None else problem[1]

    return elementwise(one, nik)


def nik_tgl_lahir(nik: Any, settings: Settings) -> Any:
    """Birth date encoded in a NIK (women: day + 40), "" when it cannot be read."""
    from kpps_xl.rules.nik import nik_birthdate

    def one(value: Any) -> Any:
        text, numeric = _nik_value(value)
        if text is None or numeric:
            return ""
        return nik_birthdate(text, settings.reference_date) or ""

    return elementwise(one, nik)


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(round(value))
    try:
        return int(str(value).replace(".", "").replace(",", "").strip())
    except ValueError:
        return None


def iuran(skema: Any, honor: Any, bulan: Any, settings: Settings) -> Any:
    """Premium for one person: the budget engine's scheme premium x months (integer rupiah)."""
    from kpps_xl.budget import budget_config

    schemes = budget_config(settings).schemes
    scheme = schemes.get(str(skema or "").strip().upper())
    if scheme is None:
        return UNKNOWN_SCHEME
    months = 1 if _empty(bulan) else _whole_number(bulan)

    def one(value: Any) -> Any:
        amount = 0 if _empty(value) else _whole_number(value)
        if amount is None or months is None:
            return BAD_NUMBER
        return scheme.premium(scheme.base_for(amount)) * months

    return elementwise(one, honor)
